// Cash by note at the counter. `NotesLine`: the notes the terminal proposes to pay the customer,
// made from what is in the till (cash.proposePayout never proposes a note the till does not
// have), shown under the amounts; a till that cannot make the amount says so in place.
// `NotesEntry`: the optional step where the teller records the notes received and paid, counted
// by denomination with the day close's NoteGrid. A blank side is the Terminal's default (the
// customer's cash as the largest notes; the payout as proposed); the Terminal checks the totals
// (NOTES_INVALID) and that the till has the notes paid (NOTES_UNAVAILABLE).
import type { RefObject } from 'react';
import type { ApiError, Output } from '../api';
import { notesOf, totalOf, touched, type NotesTyped, type Typed } from '../noteCounts';
import { money, type MoneyText } from '../format';
import { Bi, useI18n } from '../i18n/i18n';
import { dec } from '../../shared/money/money';
import { ErrorView } from './ErrorView';
import { NoteGrid } from './NoteGrid';
// The note tables' look (the back office's stylesheet; one copy in the bundle).
import '../styles/backoffice.css';

export type Payout = Output<'cash.proposePayout'>;
export type PayoutLoad = { state: 'loading'; prev?: Payout | undefined } | { state: 'ok'; value: Payout } | { state: 'error'; error: ApiError };

/** Notes as people read them: "100 × 3, 20 × 1" (largest first, as the Terminal lists them). */
export function notesText(notes: readonly { denomination: string; count: number }[]): string {
  return notes
    .filter((n) => n.count > 0)
    .map((n) => `${n.denomination} × ${n.count}`)
    .join(', ');
}

/** 付出券别 Notes to pay: 100 × 3, 20 × 1 — or why the till cannot make it. */
export function NotesLine({ load, stale }: { load: PayoutLoad; stale: boolean }) {
  const { t } = useI18n();
  const shown = load.state === 'ok' ? load.value : load.state === 'loading' ? load.prev : undefined;
  return (
    <div className={`notes-line ${stale || load.state === 'loading' ? 'stale-notes' : ''}`} data-testid="notes-proposal" data-state={load.state}>
      <Bi k="notes.toPay" className="notes-label" />
      {load.state === 'error' ? (
        <ErrorView error={load.error} testId="notes-proposal-error" />
      ) : shown ? (
        <span className="notes-mix num" data-testid="notes-proposal-mix">
          <span className="notes-code">{shown.currency}</span> {notesText(shown.notes)}
        </span>
      ) : (
        <span className="muted small">{t('notes.proposing')}</span>
      )}
    </div>
  );
}

export { NO_NOTES, notesForCommit, type NotesTyped } from '../noteCounts';

export function NotesEntry(props: {
  /** What the customer hands over (customerPays) and what the counter pays (customerReceives). */
  received: MoneyText;
  paid: MoneyText;
  value: NotesTyped;
  onChange(v: NotesTyped): void;
  /** Enter on the last count of the notes paid. */
  onDone(): void;
  boxRef: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useI18n();
  const { value, received, paid } = props;
  const focusFirst = (side: 'received' | 'paid') => {
    const el = props.boxRef.current?.querySelector<HTMLInputElement>(`[data-testid="note-grid-${side}"] input[data-count]`);
    el?.focus();
    el?.select();
  };
  const side = (which: 'received' | 'paid', target: MoneyText) => {
    const typed = value[which];
    return (
      <div className="notes-side" data-testid={`notes-${which}`}>
        <h4>{t(which === 'received' ? 'notes.received' : 'notes.paid', { amount: money(target) })}</h4>
        <SideCheck typed={typed} target={target} blankKey={which === 'received' ? 'notes.receivedBlank' : 'notes.paidBlank'} testId={`notes-${which}-check`} />
        <NoteGrid
          place={which}
          currencies={[target.currency]}
          sheet={{ [target.currency]: typed }}
          onChange={(sheet) => props.onChange({ ...value, [which]: sheet[target.currency] ?? {} })}
          onLast={() => (which === 'received' ? focusFirst('paid') : props.onDone())}
        />
      </div>
    );
  };
  return (
    <div className="notes-entry" ref={props.boxRef} data-step="notes" data-testid="notes-entry">
      <h3>{t('notes.title')}</h3>
      <div className="notes-sides">
        {side('received', received)}
        {side('paid', paid)}
      </div>
      <div className="muted small">{t('notes.keys')}</div>
    </div>
  );
}

/** Blank (the Terminal's default), matching, or off by how much: before the Terminal is asked. */
function SideCheck({ typed, target, blankKey, testId }: { typed: Typed; target: MoneyText; blankKey: 'notes.receivedBlank' | 'notes.paidBlank'; testId: string }) {
  const { t } = useI18n();
  if (!touched(typed) || notesOf(typed).length === 0) return <div className="muted small" data-testid={testId} data-state="blank">{t(blankKey)}</div>;
  const total = totalOf(typed);
  let matches = false;
  try {
    matches = total.eq(dec(target.amount));
  } catch {
    matches = false;
  }
  return matches ? (
    <div className="notes-check ok small" data-testid={testId} data-state="matches">
      ✓ {t('notes.matches')}
    </div>
  ) : (
    <div className="notes-check off small" data-testid={testId} data-state="differs">
      {t('notes.differs', { total: money({ currency: target.currency, amount: total.toFixed() }), amount: money(target) })}
    </div>
  );
}
