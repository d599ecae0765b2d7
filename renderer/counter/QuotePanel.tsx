// The Quote region: waiting for the customer or the amount, the quote (QuoteBody), a refusal of
// the commit, and the confirm row (or page-mode entry); after the commit, the done panel.
import { ErrorView } from '../components/ErrorView';
import { Bi, useI18n } from '../i18n/i18n';
import { DonePanel } from './DonePanel';
import { PageModePanel } from './PageModePanel';
import { QuoteBody } from './QuoteBody';
import type { CounterRefs, Dispatch } from './useCounter';
import { amountShown, currentQuote, found, pageModeAhead, quoteError as quoteErrorOf, shownQuote, type CounterState } from './state';

export function QuotePanel({ state, dispatch, refs, onNewTrade }: { state: CounterState; dispatch: Dispatch; refs: CounterRefs; onNewTrade(): void }) {
  const { t } = useI18n();
  const { phase } = state;
  const q = currentQuote(state);
  const shown = shownQuote(state);
  const quoteError = quoteErrorOf(state);
  return (
    <section
      className="region quote"
      aria-labelledby="quote-h"
      data-testid="quote-panel"
      data-step={phase === 'pageMode' ? 'page' : 'quote'}
      aria-busy={state.quote.state === 'loading'}
    >
      <h2 id="quote-h">{t('quote')}</h2>
      {phase === 'done' && state.outcome ? (
        <DonePanel outcome={state.outcome} printJob={state.printJob} newTradeRef={refs.newTrade} onNewTrade={onNewTrade} />
      ) : (
        <>
          {!shown && !quoteError && (
            <p className="muted" data-testid="quote-waiting">
              {/* A closed day asks for no ID (第三十二条(五)): the quote says why nothing is quoted. */}
              {state.dayClosed !== undefined ? t('dayClosed.mark') : amountShown(state) && found(state) ? <Bi k="quote.amountInvalid" /> : t(found(state) ? 'quote.waitingForAmount' : 'quote.waitingForCustomer')}
            </p>
          )}
          {quoteError && <ErrorView error={quoteError} testId="quote-error" big />}
          {shown && <QuoteBody state={state} dispatch={dispatch} refs={refs} shown={shown} />}
          {state.commitError && phase !== 'pageMode' && <ErrorView error={state.commitError} testId="commit-error" big />}
          {phase === 'pageMode' && q ? (
            <PageModePanel
              quote={q}
              error={state.commitError}
              offline={pageModeAhead(state)}
              value={state.pageMode}
              dispatch={dispatch}
              refNoRef={refs.pageRefNo}
              supervisorRef={refs.pageSupervisor}
            />
          ) : (
            <ConfirmRow state={state} dispatch={dispatch} refs={refs} />
          )}
        </>
      )}
    </section>
  );
}

/** The confirm button (Enter), or for a refused quote "Record the refusal"; the notes step one Tab away. */
function ConfirmRow({ state, dispatch, refs }: { state: CounterState; dispatch: Dispatch; refs: CounterRefs }) {
  const q = currentQuote(state);
  const shown = shownQuote(state);
  const committing = state.phase === 'committing';
  // Issue 20 item 1: offline, a real-time trade goes by page mode, and the button says so before Enter.
  const page = pageModeAhead(state);
  return (
    <div className="confirm-row">
      {q?.refusal || (!q && shown?.refusal) ? (
        // A refused quote: recording the attempt is its own button, reached by Tab from the
        // amount (or a click). The cursor is never put here by Enter.
        <button
          type="button"
          className="confirm record-refusal"
          disabled={!q || committing}
          data-testid="record-refusal"
          onClick={() => dispatch({ type: 'commit', recordRefusal: true })}
        >
          {committing ? <Bi k="confirm.committing" /> : <Bi k="confirm.recordRefusal" />}
          <kbd className="hint">Tab → Enter</kbd>
        </button>
      ) : (
        <button
          ref={refs.confirm}
          type="button"
          className="confirm"
          disabled={!q || committing}
          data-testid="confirm-button"
          data-page-mode={page}
          onClick={() => dispatch({ type: 'commit', recordRefusal: false })}
        >
          {committing ? (
            <Bi k={q?.reportingPath === 'realtime' ? 'confirm.enteringRealtime' : 'confirm.committing'} />
          ) : page ? (
            <Bi k="confirm.pageModeAhead" />
          ) : (q ?? shown)?.reportingPath === 'realtime' ? (
            <Bi k="confirm.realtimeAndPrint" />
          ) : (
            <Bi k="confirm.commitAndPrint" />
          )}
          <kbd className="hint">Enter</kbd>
        </button>
      )}
      {shown && !shown.refusal && (
        // The optional notes step, one Tab from the confirm button: never in the way of Enter.
        <button
          type="button"
          className="notes-toggle"
          aria-expanded={state.notesOpen}
          disabled={!q || committing}
          data-testid="notes-toggle"
          onClick={() => dispatch({ type: 'openNotes' })}
        >
          <Bi k="notes.step" /> <kbd className="hint">Tab</kbd>
        </button>
      )}
    </div>
  );
}
