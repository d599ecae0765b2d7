// The quote as the customer agrees to it: both amounts, the notes to pay, rate, fee, USD
// equivalent, the day after the trade, the reporting path; then a refusal, or the prompts to
// confirm, the supervisor who approves, and the optional notes step.
import type { QuoteView } from '../../shared/api';
import { ErrorView } from '../components/ErrorView';
import { NotesEntry, NotesLine } from '../components/NotesLine';
import { SupervisorFields } from '../components/SupervisorFields';
import { money, rate, time, usd } from '../format';
import { Bi, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { CounterRefs, Dispatch } from './useCounter';
import { currentQuote, locked as lockedOf, needsSupervisor, payoutView, type CounterState } from './state';

export const PATH_WORDS: Record<QuoteView['reportingPath'], { word: MessageKey; note: MessageKey }> = {
  realtime: { word: 'reportingPath.realtime', note: 'reportingPath.realtimeNote' },
  backfill: { word: 'reportingPath.backfill', note: 'reportingPath.backfillNote' },
  exempt: { word: 'reportingPath.exempt', note: 'reportingPath.exemptNote' },
};

export function QuoteBody({ state, dispatch, refs, shown }: { state: CounterState; dispatch: Dispatch; refs: CounterRefs; shown: QuoteView }) {
  const { t } = useI18n();
  const q = currentQuote(state);
  const locked = lockedOf(state);
  const payout = payoutView(state);
  const pageMode = state.phase === 'pageMode';
  return (
    <div className={`quote-body ${q ? '' : 'stale-quote'}`} data-testid="quote-body">
      <div className="figures">
        <div className="figure">
          <span className="figure-label">{t('quote.customerPays')}</span>
          <span className="figure-value mono" data-testid="quote-pays">
            {money(shown.customerPays)}
          </span>
        </div>
        <div className="figure">
          <span className="figure-label">{t('quote.customerReceives')}</span>
          <span className="figure-value mono" data-testid="quote-receives">
            {money(shown.customerReceives)}
          </span>
        </div>
      </div>
      {payout && <NotesLine load={payout} stale={!q} />}
      <dl className="quote-facts">
        <dt>{t(shown.rate.side === 'buy' ? 'cashBuyRate' : 'cashSellRate')}</dt>
        <dd className="mono" data-testid="quote-rate">
          CNY {rate(shown.rate.per100)} / 100 {shown.currency}
        </dd>
        <dt>{t('fee')}</dt>
        <dd className="mono" data-testid="quote-fee">
          {money(shown.fee)}
        </dd>
        <dt>{t('usdEquivalent')}</dt>
        <dd className="mono" data-testid="quote-usd">
          USD {shown.usdEquivalentShown}
        </dd>
        <dt>{t('quote.dayAfter')}</dt>
        <dd className="mono">
          USD {usd(shown.day.usdAfter)} / {usd(shown.day.limit)}
        </dd>
        {/* 第二十九条: which sources the day's figure counted, and offline which it could not (issue 17 item 2). */}
        <dt>{t('quote.counted')}</dt>
        <dd data-testid="quote-sources" data-hub={shown.institution.hub} data-safe={shown.monitoring.online ? 'online' : 'offline'}>
          {[
            t('quote.countedHere'),
            ...(shown.institution.hub === 'online'
              ? [t('quote.countedOthers', { usd: usd(shown.institution.otherCountersUsd), n: shown.institution.otherCountersTrades })]
              : shown.institution.hub === 'offline' ? [t('quote.countedOthersOffline')] : []),
            t(shown.monitoring.online ? 'quote.countedSafe' : 'quote.countedSafeOffline'),
          ].join(' · ')}
        </dd>
      </dl>
      <div className={`path path-${shown.reportingPath}`} data-testid="quote-path" data-path={shown.reportingPath}>
        <span className="path-mark" aria-hidden="true">
          {shown.reportingPath === 'realtime' ? '●' : shown.reportingPath === 'backfill' ? '◆' : '○'}
        </span>
        <Bi k={PATH_WORDS[shown.reportingPath].word} className="path-word" />
        <div className="path-note">{t(PATH_WORDS[shown.reportingPath].note)}</div>
      </div>
      {shown.refusal ? (
        <div className="refusal" data-testid="quote-refusal" data-code={shown.refusal.code}>
          <ErrorView error={shown.refusal} big />
          {q && state.phase === 'entry' && (
            <p className="refusal-how" data-testid="quote-refusal-how">
              <Bi k="quote.recordRefusalHow" />
            </p>
          )}
        </div>
      ) : (
        shown.prompts.length > 0 && (
          <ul className="prompts" aria-label={t('quote.prompts')}>
            {shown.prompts.map((p) => (
              <li key={p.code} className={`prompt prompt-${p.level}`} data-testid={`quote-prompt-${p.code}`}>
                <label>
                  <input
                    type="checkbox"
                    ref={(el) => {
                      if (el) refs.prompts.current.set(p.code, el);
                      else refs.prompts.current.delete(p.code);
                    }}
                    checked={state.acks.includes(p.code)}
                    disabled={locked}
                    data-testid={`quote-prompt-ack-${p.code}`}
                    onChange={(e) => dispatch({ type: 'ack', code: p.code, checked: e.target.checked })}
                    onKeyDown={(e) => {
                      if (e.key !== 'Enter') return;
                      e.preventDefault();
                      dispatch({ type: 'ackEnter', code: p.code });
                    }}
                  />
                  <span>
                    <span lang="zh-CN">{p.message.zh}</span>
                    <span lang="en" className="bi-en">
                      {p.message.en}
                    </span>
                    <span className="prompt-do">{t(p.level === 'supervisor' ? 'quote.promptSupervisor' : 'quote.promptConfirm')}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )
      )}
      {needsSupervisor(q) && !pageMode && (
        <SupervisorFields
          value={state.supervisor}
          onChange={(value) => dispatch({ type: 'supervisor', value })}
          onEnter={() => dispatch({ type: 'supervisorEnter' })}
          testId="quote-supervisor"
          idRef={refs.supervisor}
          passwordRef={refs.supervisorPassword}
          disabled={locked}
        />
      )}
      {state.notesOpen && !shown.refusal && !pageMode && (
        <NotesEntry
          received={shown.customerPays}
          paid={shown.customerReceives}
          value={state.notes}
          onChange={(value) => dispatch({ type: 'notes', value })}
          onDone={() => dispatch({ type: 'notesDone' })}
          boxRef={refs.notesBox}
        />
      )}
      <div className="quote-validity muted">{t('quote.validUntil', { time: time(shown.expiresAt) })}</div>
    </div>
  );
}
