// The Trade region: the direction (F2), the currency (F3; three letters of a known one move on by
// themselves, or a click on the small rate board), the amount and its side, and for a foreign
// individual's purchase the reconversion question and the original receipt.
import type { RateView } from '../apiTypes';
import type { ApiError } from '../apiError';
import { ErrorView } from '../components/ErrorView';
import { rate } from '../format';
import { both, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { describeTyped, type AmountTextProblem } from '../../shared/input';
import { fundAttributesOffered, TO_CONFIRM } from '../../shared/codeLists';
import { useApp } from '../session';
import { onArrowsOrEnter, onEnter } from './keys';
import type { CounterRefs, Dispatch } from './useCounter';
import { amountShown as amountShownOf, currencyCode, currencyKnown as currencyKnownOf, found as foundOf, locked as lockedOf, shownQuote, type CounterState } from './state';

/** How the counter words what is wrong with a typed amount (shared/input.ts). */
const AMOUNT_PROBLEM_WORDS: Record<AmountTextProblem['kind'], MessageKey> = {
  chars: 'trade.amountChars',
  points: 'trade.amountPoints',
  pointFirst: 'trade.amountPointPlace',
  pointLast: 'trade.amountPointPlace',
};

export function AmountPanel({ state, dispatch, refs, boardRates }: { state: CounterState; dispatch: Dispatch; refs: CounterRefs; boardRates: RateView[] }) {
  const { t, pick } = useI18n();
  const { trade } = state;
  const locked = lockedOf(state);
  const found = foundOf(state);
  const currency = currencyCode(state);
  const currencyKnown = currencyKnownOf(state);
  const info = useApp().info;
  const currencies = info?.currencies ?? [];
  // 第三十二条(三) (issue 19 item 6): the codes of this trade's kind and the customer's class, from
  // the one list (shared/codeLists.ts); the outlet's settlement codes from its policy.
  const offered = found ? fundAttributesOffered(found.residency, trade.direction, info?.settlementFundAttributes) : undefined;
  const fundAttribute = offered?.options.some((a) => a.code === trade.fundAttribute) ? trade.fundAttribute : offered?.defaultCode;
  const fundChosen = offered?.options.find((a) => a.code === fundAttribute);
  // An amount that is not a plain decimal: kept as typed, refused here, never quoted.
  const amountShown = amountShownOf(state);
  const amountError: ApiError | undefined = amountShown
    ? { code: 'AMOUNT_INVALID', message: both(AMOUNT_PROBLEM_WORDS[amountShown.kind], amountShown.kind === 'chars' ? { chars: describeTyped(amountShown.chars) } : {}) }
    : undefined;
  const foreignPurchase = found?.residency === 'foreign' && trade.direction === 'purchase';
  const currencyName = currencies.find((c) => c.code === currency);

  return (
    <section className="region trade" aria-labelledby="trade-h">
      <h2 id="trade-h">{t('trade')}</h2>
      <div className="direction" role="group" aria-label={t('trade.direction')}>
        {(['settlement', 'purchase'] as const).map((d) => (
          <button
            key={d}
            type="button"
            tabIndex={-1}
            disabled={locked}
            className={trade.direction === d ? 'on' : ''}
            aria-pressed={trade.direction === d}
            data-testid={`trade-direction-${d}`}
            onClick={() => dispatch({ type: 'direction', value: d })}
          >
            <span className="dir-word">{t(d)}</span>
            <span className="dir-note">{t(d === 'settlement' ? 'trade.settlementNote' : 'trade.purchaseNote')}</span>
          </button>
        ))}
        <kbd className="hint">F2</kbd>
      </div>
      {/* One row for what the customer hands over and the fund attribute: at 1366×768 the amount's error must stay above the F-key bar. */}
      <div className="trade-extras">
      {trade.direction === 'settlement' && (
        // 第三十条: what the customer hands over for a settlement, cash or traveller's cheques.
        <div className="direction payment" role="group" aria-label={t('trade.paymentIn')}>
          {(['cash', 'travellersCheque'] as const).map((m) => (
            <button
              key={m}
              type="button"
              tabIndex={-1}
              disabled={locked}
              className={(trade.paymentIn ?? 'cash') === m ? 'on' : ''}
              aria-pressed={(trade.paymentIn ?? 'cash') === m}
              data-testid={`trade-payment-${m}`}
              onClick={() => dispatch({ type: 'paymentIn', value: m })}
            >
              <span className="dir-word">{t(m === 'cash' ? 'trade.paymentCash' : 'trade.paymentCheques')}</span>
            </button>
          ))}
          <kbd className="hint">Alt+T</kbd>
        </div>
      )}
      {offered && (
        <label className="field fund" data-testid="trade-fund-attribute-field">
          <span>{t('trade.fundAttribute')}</span>
          <select
            ref={refs.fundAttribute}
            value={fundAttribute}
            disabled={locked}
            tabIndex={-1}
            data-testid="trade-fund-attribute"
            data-kind={offered.kind}
            onChange={(e) => dispatch({ type: 'fundAttribute', value: e.target.value })}
          >
            {offered.options.map((a) => (
              <option key={a.code} value={a.code}>
                {a.code} {pick(a)}
              </option>
            ))}
          </select>
          {fundChosen?.toConfirm && (
            <em className="muted" data-testid="trade-fund-attribute-confirm">
              {fundChosen.code}（{TO_CONFIRM.zh} {TO_CONFIRM.en}）
            </em>
          )}
        </label>
      )}
      </div>
      <label className="field" data-step="currency">
        <span>
          {t('trade.currency')} <kbd className="hint">F3</kbd> <kbd className="hint" data-testid="trade-currency-keys">{t('trade.currencyKeys')}</kbd>
        </span>
        <input
          ref={refs.currency}
          type="text"
          className="big-input mono"
          value={trade.currency}
          disabled={locked}
          maxLength={3}
          autoComplete="off"
          spellCheck={false}
          data-testid="trade-currency"
          aria-invalid={trade.currency.length === 3 && !currencyKnown}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => dispatch({ type: 'currency', value: e.target.value })}
          onKeyDown={(e) => {
            // Issue 20 item 4: the small rate board by keys. ↓ / ↑ step through it (Enter takes the
            // currency shown); a digit picks its currency and moves on to the amount, as a click does.
            const picked = /^[1-9]$/.test(e.key) && !e.altKey && !e.ctrlKey && !e.metaKey ? boardRates[Number(e.key) - 1] : undefined;
            if (picked) {
              e.preventDefault();
              dispatch({ type: 'currencyPicked', code: picked.currency });
              return;
            }
            onArrowsOrEnter(dispatch, (by) => ({ type: 'currencyStep', by, codes: boardRates.map((r) => r.currency) }), { type: 'currencyEnter' })(e);
          }}
        />
        <span className="currency-name" data-testid="trade-currency-name">
          {currencyKnown && currencyName ? pick(currencyName) : trade.currency.length === 3 ? t('trade.currencyUnknown') : ''}
        </span>
      </label>
      <div className="board-mini" aria-label={t('rateBoard')}>
        {boardRates.map((r, i) => (
          <button
            key={r.currency}
            type="button"
            tabIndex={-1}
            disabled={locked}
            className={`${r.currency === currency ? 'on' : ''} ${r.stale ? 'stale' : ''}`}
            data-testid={`trade-pick-${r.currency}`}
            onClick={() => dispatch({ type: 'currencyPicked', code: r.currency })}
          >
            <span className="mono">
              {i < 9 && <kbd className="pick-key" data-testid={`trade-pick-key-${r.currency}`}>{i + 1}</kbd>}
              {r.currency}
            </span>
            <span className="mono small">
              {rate(r.buyPer100)} / {rate(r.sellPer100)}
            </span>
            {r.stale && <span className="stale-word">{t('rates.stale')}</span>}
          </button>
        ))}
      </div>
      <label className="field" data-step="amount">
        <span>{t(trade.side === 'foreign' ? 'trade.amountForeign' : 'trade.amountRmb', { currency: currencyKnown ? currency : t('trade.foreignCurrency') })}</span>
        <div className="amount-row">
          <span className="amount-code mono">{trade.side === 'foreign' ? (currencyKnown ? currency : '···') : 'CNY'}</span>
          <input
            ref={refs.amount}
            type="text"
            inputMode="decimal"
            className="big-input mono amount"
            value={trade.amount}
            disabled={locked}
            autoComplete="off"
            spellCheck={false}
            data-testid="trade-amount"
            aria-invalid={!!amountShown}
            aria-describedby={amountError ? 'trade-amount-error' : undefined}
            // Kept as typed (no maxLength either: a paste is never cut short); only full-width
            // digits and point, the same keys with an input method on, are shown as ASCII.
            onChange={(e) => dispatch({ type: 'amount', value: e.target.value })}
            onBlur={() => dispatch({ type: 'amountLeft' })}
            // Issue 20 item 4: ↓ / ↑ switch the amount between the foreign currency and RMB.
            onKeyDown={onArrowsOrEnter(dispatch, () => ({ type: 'switchSide' }), { type: 'amountEnter' })}
          />
        </div>
      </label>
      {amountError && (
        <div id="trade-amount-error" className="field-error">
          <ErrorView error={amountError} testId="trade-amount-error" />
        </div>
      )}
      <div className="side" role="group" aria-label={t('trade.side')}>
        {(['foreign', 'rmb'] as const).map((s) => (
          <button
            key={s}
            type="button"
            tabIndex={-1}
            disabled={locked}
            className={trade.side === s ? 'on' : ''}
            aria-pressed={trade.side === s}
            data-testid={`trade-side-${s}`}
            onClick={() => dispatch({ type: 'side', value: s })}
          >
            {t(s === 'foreign' ? 'trade.sideForeign' : 'trade.sideRmb')}
          </button>
        ))}
        <kbd className="hint" data-testid="trade-side-key">{t('trade.sideKey')}</kbd>
      </div>
      {foreignPurchase && (
        // 第二十九条: a foreign individual buys foreign currency only by changing back RMB from an
        // earlier exchange. Asked in so many words; "no" is refused by the Terminal (an attempt).
        <div className="field" data-step="amount" role="group" aria-label={t('trade.reconversionQuestion')} data-testid="trade-reconversion">
          <span>{t('trade.reconversionQuestion')}</span>
          <div className="side">
            {([true, false] as const).map((yes) => (
              <button
                key={String(yes)}
                type="button"
                className={trade.reconversion === yes ? 'on' : ''}
                aria-pressed={trade.reconversion === yes}
                disabled={locked}
                data-testid={`trade-reconversion-${yes ? 'yes' : 'no'}`}
                onClick={() => dispatch({ type: 'reconversion', value: yes })}
              >
                {t(yes ? 'trade.reconversionYes' : 'trade.reconversionNo')}
              </button>
            ))}
          </div>
        </div>
      )}
      {(shownQuote(state)?.kind === 'reconversion' || foreignPurchase) && (
        <label className="field" data-step="amount">
          <span>{t('trade.originalReceiptNo')}</span>
          <input
            ref={refs.originalReceipt}
            type="text"
            className="mono"
            placeholder="B0007-000123"
            value={trade.originalReceiptNo}
            disabled={locked}
            data-testid="trade-original-receipt"
            onChange={(e) => dispatch({ type: 'originalReceipt', value: e.target.value })}
            onKeyDown={onEnter(dispatch, { type: 'amountEnter' })}
          />
        </label>
      )}
    </section>
  );
}
