// After the commit: the receipt number, the printing, and what comes next (Enter or F1: a new
// trade). A refusal recorded as an attempt says so.
import { useEffect, useState, type ReactNode, type RefObject } from 'react';
import type { TradeView } from '../../shared/api';
import { call } from '../api';
import type { PrintJobView } from '../apiTypes';
import { ErrorView } from '../components/ErrorView';
import { dateTime, money } from '../format';
import { Bi, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { PATH_WORDS } from './QuoteBody';
import type { Outcome } from './state';
import { TrainingReceipt } from './TrainingReceipt';
import { useApp } from '../session';

const PRINT_WORDS: Record<PrintJobView['state'] | 'pending', MessageKey> = {
  pending: 'print.pending',
  printing: 'print.printing',
  done: 'print.done',
  failed: 'print.failed',
};

export function DonePanel(props: { outcome: Outcome; printJob: PrintJobView | 'waiting' | undefined; newTradeRef: RefObject<HTMLButtonElement | null>; onNewTrade(): void }) {
  const { outcome } = props;
  const button = (
    <button ref={props.newTradeRef} type="button" className="confirm next" data-testid="new-trade" onClick={props.onNewTrade}>
      <Bi k="action.newTrade" /> <kbd className="hint">Enter / F1</kbd>
    </button>
  );
  if (outcome.kind === 'refused') {
    return (
      <div className="done refused" data-testid="done-panel" data-outcome="refused">
        <ErrorView error={outcome.error} testId="done-refusal" big />
        <p>
          <Bi k="quote.refusalRecorded" />
        </p>
        {button}
      </div>
    );
  }
  return <TradeDone trade={outcome.trade} printJob={props.printJob} button={button} />;
}

function TradeDone({ trade: tr, printJob, button }: { trade: TradeView; printJob: PrintJobView | 'waiting' | undefined; button: ReactNode }) {
  const { t } = useI18n();
  const { info } = useApp();
  const deadline = useBackfillDeadline(tr);
  const state = printJob === 'waiting' || printJob === undefined ? 'pending' : printJob.state;
  return (
    <div className="done" data-testid="done-panel" data-outcome="trade">
      <div className="done-title">
        <Bi k="done.title" />
      </div>
      <div className="receipt-no">
        <span>{t('receipt.number')}</span>
        <span className="mono big" data-testid="done-receipt-no">
          {tr.receiptText}
        </span>
      </div>
      <div className="figures">
        <div className="figure">
          <span className="figure-label">{t('quote.customerPays')}</span>
          <span className="figure-value mono">{money(tr.customerPays)}</span>
        </div>
        <div className="figure">
          <span className="figure-label">{t('quote.customerReceives')}</span>
          <span className="figure-value mono">{money(tr.customerReceives)}</span>
        </div>
      </div>
      <div className={`path path-${tr.reportingPath}`} data-testid="done-path" data-path={tr.reportingPath}>
        <Bi k={PATH_WORDS[tr.reportingPath].word} className="path-word" />
        <div className="path-note">
          {tr.reportingPath === 'realtime' && tr.refNo ? t('done.refNo', { refNo: tr.refNo }) : tr.reportingPath === 'backfill' ? t('done.queued', { time: deadline ? dateTime(deadline) : '…' }) : t(PATH_WORDS[tr.reportingPath].note)}
        </div>
      </div>
      <div className={`print-state print-${state}`} data-testid="print-state" data-state={state} role="status">
        <Bi k={PRINT_WORDS[state]} />
        {state === 'failed' && printJob !== 'waiting' && printJob?.error && <div className="small">{printJob.error}</div>}
      </div>
      {/* issue 20 item 8: in training the virtual printer's receipt is shown here. */}
      {info?.training && <TrainingReceipt trade={tr} />}
      {button}
    </div>
  );
}

/** The back-fill deadline of a trade, as the reporting queue holds it. */
function useBackfillDeadline(tr: TradeView): string | undefined {
  const [deadline, setDeadline] = useState<string>();
  useEffect(() => {
    if (tr.reportingPath !== 'backfill') return;
    let alive = true;
    void call('queue.list', { limit: 200 }).then((r) => {
      if (!alive || !r.ok) return;
      setDeadline(r.value.find((row) => row.tradeId === tr.id && row.kind === 'backfill')?.deadlineAt);
    });
    return () => {
      alive = false;
    };
  }, [tr]);
  return deadline;
}
