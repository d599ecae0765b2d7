// The Customer region: the ID (type, issuing country, number, supplementary ID), the lookup's
// answer, the name, and what the ledger and the monitoring system know of the customer.
import { ErrorView } from '../components/ErrorView';
import { both, Bi, useI18n } from '../i18n/i18n';
import { describeChars } from '../../shared/printable';
import type { ApiError } from '../apiError';
import { useApp } from '../session';
import { CustomerFacts } from './CustomerFacts';
import { onArrowsOrEnter, onEnter } from './keys';
import type { CounterRefs, Dispatch } from './useCounter';
import {
  found as foundOf, idErrorShown, listed as listedOf, locked as lockedOf, nameBad as nameBadOf, NEEDS_COUNTRY, NEEDS_EXPIRY, NEEDS_SUPPLEMENTARY, orderIdTypes, scanning, shownQuote, type CounterState,
} from './state';

const DEFAULT_ID_TYPES = [{ code: '01', zh: '居民身份证', en: 'resident ID card' }];

export function IdPanel({ state, dispatch, refs }: { state: CounterState; dispatch: Dispatch; refs: CounterRefs }) {
  const { t, pick } = useI18n();
  const { info } = useApp();
  const form = state.customer;
  const found = foundOf(state);
  // Issue 20 item 5: said once the number is complete or Enter was pressed, never while typing.
  const lookupError = idErrorShown(state);
  const nameBad = nameBadOf(state);
  const locked = lockedOf(state);
  const listed = listedOf(state);
  // A name the receipt printer cannot print: said at the field, as it is typed (the Terminal
  // refuses it at commit: NAME_NOT_PRINTABLE).
  const nameError: ApiError | undefined =
    nameBad.length > 0 ? { code: 'NAME_NOT_PRINTABLE', message: both('customer.nameNotPrintable', { chars: describeChars(nameBad) }) } : undefined;
  const idType = info?.idTypes.find((x) => x.code === form.idType);

  return (
    <section className="region customer" aria-labelledby="customer-h" data-step="id">
      <h2 id="customer-h">{t('customer')}</h2>
      {state.dayClosed !== undefined && <DayClosed date={state.dayClosed} refused={!!state.dayClosedRefused} />}
      <label className="field">
        <span>
          {t('customer.idType')} <kbd className="hint" data-testid="customer-idtype-key">{t('customer.idTypeKey')}</kbd>
        </span>
        <select
          ref={refs.idType}
          value={form.idType}
          disabled={locked}
          data-testid="customer-idtype"
          onChange={(e) => dispatch({ type: 'idType', value: e.target.value })}
          onKeyDown={onEnter(dispatch, { type: 'idTypeEnter' })}
        >
          {orderIdTypes(info?.idTypes ?? DEFAULT_ID_TYPES).map((x) => (
            <option key={x.code} value={x.code}>
              {x.code} {pick(x)}
            </option>
          ))}
        </select>
      </label>
      {NEEDS_COUNTRY.has(form.idType) && (
        <label className="field">
          <span>{t('customer.country')}</span>
          <input
            ref={refs.country}
            type="text"
            value={form.country}
            disabled={locked}
            maxLength={3}
            autoComplete="off"
            spellCheck={false}
            placeholder="USA"
            data-testid="customer-country"
            onChange={(e) => dispatch({ type: 'country', value: e.target.value })}
            onKeyDown={onEnter(dispatch, { type: 'countryEnter' })}
          />
        </label>
      )}
      <label className="field">
        <span>{t('customer.idNumber')}</span>
        <input
          ref={refs.idNumber}
          type="text"
          className="big-input mono"
          value={form.idNumber}
          disabled={locked}
          autoComplete="off"
          spellCheck={false}
          // An MRZ line is 44 characters (issue 19): the scanner's lines must not be cut short.
          maxLength={100}
          data-testid="customer-idnumber"
          data-scanning={scanning(form)}
          aria-invalid={!!lookupError}
          onChange={(e) => dispatch({ type: 'idNumber', value: e.target.value, today: info?.businessDate ?? '' })}
          // Issue 20 item 4: ↓ / ↑ in the number choose the ID type (ID_TYPE_ORDER), without leaving it.
          onKeyDown={onArrowsOrEnter(dispatch, (by) => ({ type: 'idTypeStep', by }), { type: 'customerEnter', today: info?.businessDate ?? '' })}
        />
      </label>
      {scanning(form) && <div className="muted" data-testid="mrz-scanning">{t('customer.mrzScanning', { lines: String(form.mrz.split('\n').length - 1) })}</div>}
      {state.mrzNotice?.state === 'filled' && (
        <div className="found" data-testid="mrz-notice" data-state="filled" role="status">
          <span className="check" aria-hidden="true">✓</span> {t('customer.mrzFilled', { format: state.mrzNotice.fill.format, birthDate: state.mrzNotice.fill.birthDate })}
        </div>
      )}
      {state.mrzNotice?.state === 'refused' && (
        <div data-testid="mrz-notice" data-state="refused" role="alert">
          <ErrorView error={state.mrzNotice.error} testId="mrz-error" />
        </div>
      )}
      <label className="field">
        <span>
          {t('customer.idExpiry')} {NEEDS_EXPIRY.has(form.idType) ? '' : <em className="muted">{t('customer.idExpiryLongTerm')}</em>}
        </span>
        <input
          ref={refs.idExpiry}
          type="text"
          className="mono"
          value={form.idExpiry}
          disabled={locked}
          autoComplete="off"
          spellCheck={false}
          maxLength={20}
          placeholder={NEEDS_EXPIRY.has(form.idType) ? 'YYYY-MM-DD' : 'YYYY-MM-DD / 长期'}
          data-testid="customer-idexpiry"
          aria-required={NEEDS_EXPIRY.has(form.idType)}
          onChange={(e) => dispatch({ type: 'idExpiry', value: e.target.value })}
          onKeyDown={onEnter(dispatch, { type: 'idExpiryEnter' })}
        />
      </label>
      {NEEDS_SUPPLEMENTARY.has(form.idType) && (
        <label className="field">
          <span>{t('customer.supplementaryId')}</span>
          <input
            ref={refs.supplementary}
            type="text"
            value={form.supplementaryId}
            disabled={locked}
            autoComplete="off"
            spellCheck={false}
            data-testid="customer-supplementary"
            onChange={(e) => dispatch({ type: 'supplementary', value: e.target.value })}
            onKeyDown={onEnter(dispatch, { type: 'customerEnter' })}
          />
        </label>
      )}
      <div className="lookup-state" aria-live="polite">
        {lookupError && <ErrorView error={lookupError} testId="customer-error" />}
        {state.lookup.state === 'loading' && !found && <span className="muted">{t('customer.checking')}</span>}
        {found && (
          <div className="found" data-testid="customer-found" data-known={found.known}>
            <span className="check" aria-hidden="true">✓</span> {pick(found.idTypeName)} · {found.idNumber} · {found.country}
            {found.birthDate && <span className="muted"> · {t('customer.birthDate')} {found.birthDate}</span>}
            {form.idExpiry.trim() && <span className="muted" data-testid="customer-found-expiry"> · {t('customer.idExpiry')} {form.idExpiry.trim()}</span>}
          </div>
        )}
      </div>
      <label className="field" data-step="name">
        <span>
          {t('customer.name')} {found && !found.known && <em className="new-customer">{t('customer.new')}</em>}
        </span>
        <input
          ref={refs.name}
          type="text"
          className="big-input"
          value={form.name}
          disabled={locked}
          autoComplete="off"
          maxLength={100}
          data-testid="customer-name"
          aria-invalid={nameBad.length > 0}
          aria-describedby={nameError ? 'customer-name-error' : undefined}
          onChange={(e) => dispatch({ type: 'name', value: e.target.value })}
          onKeyDown={onEnter(dispatch, { type: 'nameEnter' })}
        />
      </label>
      {nameError && (
        <div id="customer-name-error" className="field-error">
          <ErrorView error={nameError} testId="customer-name-error" />
        </div>
      )}
      {found && <CustomerFacts found={found} idType={idType} direction={state.trade.direction} quote={shownQuote(state)} />}
      {listed && (
        <div className={`watch-banner ${listed}`} role="alert" data-testid="watch-banner" data-status={listed}>
          <Bi k={listed === 'watch' ? 'watchList.banner' : 'preWatch.banner'} />
        </div>
      )}
    </section>
  );
}

// ---- issue 20 item 1 (counter state): the closed day ----
/**
 * The business day is closed (日终): said at the top of the customer region before anything is
 * typed, and, at the first key of a trade, why nothing is taken and what to do (第三十二条(五): a
 * closed day takes nothing more; the next business day begins at midnight, China time).
 */
function DayClosed({ date, refused }: { date: string; refused: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <div className="day-closed-mark" role="status" data-testid="counter-day-closed" data-date={date}>
        <strong>{t('dayClosed.mark')}</strong> · {t('status.businessDate')} {date}
      </div>
      {refused && <ErrorView error={{ code: 'DAY_CLOSED', message: both('dayClosed.refused', { date }) }} testId="counter-day-closed-refusal" big />}
    </>
  );
}
