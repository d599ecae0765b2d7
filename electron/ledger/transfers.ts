// Notes between counters and outlets (issue 17 item 4; ../shared/design/hub.md "Cash between
// counters and outlets"; migration 016): two movements linked by the sender's id, and the only
// writer of cash_transfers.
//   - sent: the notes leave the sender's till or safe into in_transit, with the row (sendTransfer);
//   - told: the receiver learns of it from the hub and holds the row, nothing posted (fromHub);
//   - counted: the receiver counts the notes into its till or safe against interoffice (往来),
//     a difference against variance (长短款) with a supervisor's approval (receiveTransfer);
//   - cleared: the sender learns of the count from the hub and moves what it had in transit to
//     interoffice (fromHub).
// Each step is one ledger transaction with its audit entry (and so an event for the hub). Across
// the institution interoffice sums to zero once both ends have booked; a counter's in_transit is
// what it sent that it does not yet know was counted.
import type { Notes } from '../../shared/money/denominations';
import type { TransferChange } from '../../shared/sync/reference';
import { addDays, businessDate } from '../../shared/time';
import { post } from './accounts';
import { audit } from './audit';
import { moveNotes, type CashPlace } from './notes';
import type { CashTransferTable } from './schema';
import { first, q, run, type Database } from './sql';

/** Notes as the row keeps them: [["10000","3"], …], the largest first. */
export function notesText(notes: Notes): string {
  return JSON.stringify([...notes].filter(([, n]) => n !== 0n).sort((a, b) => (a[0] > b[0] ? -1 : 1)).map(([d, n]) => [String(d), String(n)]));
}
export function notesOfText(text: string): Notes {
  return new Map((JSON.parse(text) as [string, string][]).map(([d, n]) => [BigInt(d), BigInt(n)]));
}

const postingKind = (place: CashPlace) => (place === 'till' ? 'cash' as const : 'safe' as const);

export function findTransfer(db: Database, id: string): CashTransferTable | undefined {
  return first(db, q.selectFrom('cash_transfers').selectAll().where('id', '=', id));
}

export interface Sending {
  id: string;
  fromTerminal: string;
  fromOutlet: string;
  fromPlace: CashPlace;
  toTerminal: string;
  toOutlet: string;
  currency: string;
  minor: bigint;
  notes: Notes;
  note: string;
  by: string;
  at: string;
  date: string;
  /** What the notes cost this counter (its stock's average cost now), in fen; null for RMB. */
  costMinor: bigint | null;
}

/** The notes out of the sender's place into transit, with the row: inside the caller's transaction. */
export function sendTransfer(db: Database, s: Sending): void {
  run(db, q.insertInto('cash_transfers').values({
    id: s.id, from_terminal: s.fromTerminal, from_outlet: s.fromOutlet, from_place: s.fromPlace, to_terminal: s.toTerminal, to_outlet: s.toOutlet,
    currency: s.currency, amount_minor: s.minor, notes: notesText(s.notes), note: s.note, sent_by: s.by, sent_at: s.at, sent_date: s.date,
    received_place: null, received_minor: null, received_notes: null, received_by: null, received_at: null, received_date: null, supervisor_id: null, cleared_at: null,
    cost_minor: s.costMinor,
  }));
  const txn = { id: s.id, businessDate: s.date, at: s.at };
  post(db, { ...txn, kind: 'movement' }, [
    { kind: postingKind(s.fromPlace), currency: s.currency, amountMinor: -s.minor },
    { kind: 'in_transit', currency: s.currency, amountMinor: s.minor },
  ]);
  moveNotes(db, txn, s.fromPlace, s.currency, s.notes, -1n);
  audit(db, { at: s.at, actor: s.by, action: 'cash.transferSend', entity: 'cash_transfer', entityId: s.id, detail: { to: s.toTerminal, currency: s.currency, amountMinor: String(s.minor) } });
}

export interface Counting {
  id: string;
  place: CashPlace;
  notes: Notes;
  minor: bigint;
  by: string;
  at: string;
  date: string;
  supervisorId: string | null;
}

/** The ledger transaction of a count at the receiver (the sending is the transfer's own id). */
export const countTxnId = (id: string) => `${id}:in`;
export const clearTxnId = (id: string) => `${id}:clear`;

/**
 * The notes counted into the receiver's place, inside the caller's transaction (which checked the
 * transfer is this counter's and not yet counted, and the approval of any difference).
 */
export function receiveTransfer(db: Database, t: CashTransferTable, c: Counting): void {
  run(db, q.updateTable('cash_transfers').set({
    received_place: c.place, received_minor: c.minor, received_notes: notesText(c.notes), received_by: c.by, received_at: c.at, received_date: c.date, supervisor_id: c.supervisorId,
  }).where('id', '=', t.id).where('received_at', 'is', null));
  const txn = { id: countTxnId(t.id), businessDate: c.date, at: c.at };
  // Over or short against what was sent: the receiver's 长短款, approved by the supervisor named.
  post(db, { ...txn, kind: 'movement' }, [
    { kind: postingKind(c.place), currency: t.currency, amountMinor: c.minor },
    { kind: 'interoffice', currency: t.currency, amountMinor: -t.amount_minor },
    { kind: 'variance', currency: t.currency, amountMinor: t.amount_minor - c.minor },
  ]);
  moveNotes(db, txn, c.place, t.currency, c.notes, 1n);
  audit(db, {
    at: c.at, actor: c.by, action: 'cash.transferReceive', entity: 'cash_transfer', entityId: t.id,
    detail: { from: t.from_terminal, currency: t.currency, sentMinor: String(t.amount_minor), countedMinor: String(c.minor), supervisorId: c.supervisorId },
  });
}

/**
 * A transfer as the hub tells it, applied inside the pull's transaction (hubSync/apply.ts): to this
 * counter, a new row to count against; from this counter and counted at the other end, what it had
 * in transit cleared. Anything else (a transfer between two other counters of the outlet, or told
 * again) changes nothing. Returns what it did.
 */
export function transferFromHub(db: Database, self: string, body: TransferChange, at: string): 'incoming' | 'cleared' | 'none' {
  const held = findTransfer(db, body.id);
  if (body.toTerminal === self && !held) {
    run(db, q.insertInto('cash_transfers').values({
      id: body.id, from_terminal: body.fromTerminal, from_outlet: body.fromOutlet, from_place: body.fromPlace, to_terminal: body.toTerminal, to_outlet: body.toOutlet,
      currency: body.currency, amount_minor: BigInt(body.amountMinor), notes: JSON.stringify(body.notes), note: body.note, sent_by: body.sentBy, sent_at: body.sentAt, sent_date: body.sentDate,
      received_place: null, received_minor: null, received_notes: null, received_by: null, received_at: null, received_date: null, supervisor_id: null, cleared_at: null,
      // The sender's cost comes with the notes (021): the receiver's stock takes them at it.
      cost_minor: body.costMinor !== undefined && body.costMinor !== null ? BigInt(body.costMinor) : null,
    }));
    audit(db, { at, actor: 'hub', action: 'cash.transferIncoming', entity: 'cash_transfer', entityId: body.id, detail: { from: body.fromTerminal, currency: body.currency, amountMinor: body.amountMinor } });
    return 'incoming';
  }
  if (body.fromTerminal === self && held && held.from_terminal === self && body.received && held.cleared_at === null) {
    const r = body.received;
    if (held.received_at === null) {
      run(db, q.updateTable('cash_transfers').set({
        received_place: r.place, received_minor: BigInt(r.minor), received_notes: JSON.stringify(r.notes), received_by: r.by, received_at: r.at, received_date: r.date, supervisor_id: r.supervisorId,
      }).where('id', '=', held.id));
    }
    run(db, q.updateTable('cash_transfers').set({ cleared_at: at }).where('id', '=', held.id));
    // Cleared at what it sent (a difference is the receiver's), on the day it heard, or the first
    // day after its last close: a closed day takes nothing more (terminal/dayLock.ts).
    const lastClosed = [
      first(db, q.selectFrom('day_closes').select('business_date').orderBy('business_date', 'desc').limit(1))?.business_date,
      first(db, q.selectFrom('outlet_days').select('business_date').orderBy('business_date', 'desc').limit(1))?.business_date,
    ].filter((d): d is string => d !== undefined).sort().at(-1);
    const today = businessDate(new Date(at));
    const date = lastClosed !== undefined && lastClosed >= today ? addDays(lastClosed, 1) : today;
    post(db, { id: clearTxnId(held.id), kind: 'movement', businessDate: date, at }, [
      { kind: 'in_transit', currency: held.currency, amountMinor: -held.amount_minor },
      { kind: 'interoffice', currency: held.currency, amountMinor: held.amount_minor },
    ]);
    audit(db, { at, actor: 'hub', action: 'cash.transferCleared', entity: 'cash_transfer', entityId: held.id, detail: { to: held.to_terminal, countedMinor: r.minor, by: r.by } });
    return 'cleared';
  }
  return 'none';
}
