// Notes sent to another counter of the institution and counted in from one (issue 17 item 4;
// ../shared/design/hub.md "Cash between counters and outlets"). Two movements linked by one id:
// out of this counter's till or safe into transit (cash.transferSend), in at the receiver when
// counted (cash.transferReceive). The hub tells each end of the other's step (hubSync/apply.ts);
// until the count, both ends and the hub show the notes in transit. The ledger's side is
// electron/ledger/transfers.ts.
import { Refusal } from '../../../shared/errors';
import { formatAmount, fromMinor } from '../../../shared/money/money';
import { notesTotal, type Notes } from '../../../shared/money/denominations';
import { businessDate } from '../../../shared/time';
import { checkAvailable, checkTotal, parseNotes } from '../../ledger/notes';
import type { CashTransferTable } from '../../ledger/schema';
import { all, q } from '../../ledger/sql';
import { findTransfer, notesOfText, receiveTransfer, sendTransfer } from '../../ledger/transfers';
import { costOfStock } from '../../reports/books';
import type { Call, HandlerInput, Services } from '../services';
import { assertDayOpen } from '../dayLock';
import { assertSafeKeptHere } from '../outlet/safe';
import { hubCounterName, readHubOutlet } from '../settings';
import { amountOf } from '../reserves/movements';

/** How long a send waits for the hub to say who a counter of another outlet is. */
const COUNTER_LOOKUP_MS = 3_000;

function notesView(currency: string, notes: Notes) {
  return [...notes].sort((a, b) => (a[0] > b[0] ? -1 : 1)).map(([d, n]) => ({ denomination: fromMinor(d, currency).toString(), count: Number(n) }));
}

/** A transfer as either end shows it; `hub`, the outlet as the hub published it (read once for a list). */
export function transferView(ctx: Services, t: CashTransferTable, hub = readHubOutlet(ctx.db)) {
  const self = ctx.outlet().terminal_id;
  const out = t.from_terminal === self;
  const received = t.received_at === null ? null : {
    place: t.received_place!, amount: fromMinor(t.received_minor!, t.currency).toString(), notes: notesView(t.currency, notesOfText(t.received_notes!)),
    by: t.received_by!, at: t.received_at, difference: fromMinor(t.received_minor! - t.amount_minor, t.currency).toString(), supervisorId: t.supervisor_id,
  };
  return {
    id: t.id, direction: out ? 'out' as const : 'in' as const,
    fromCounter: t.from_terminal, fromOutlet: t.from_outlet, fromPlace: t.from_place, toCounter: t.to_terminal, toOutlet: t.to_outlet,
    peerName: hubCounterName(hub, out ? t.to_terminal : t.from_terminal) ?? null,
    currency: t.currency, amount: fromMinor(t.amount_minor, t.currency).toString(), notes: notesView(t.currency, notesOfText(t.notes)), note: t.note,
    sentBy: t.sent_by, sentAt: t.sent_at,
    // At the sender, received once the hub told it (and its transit was cleared).
    state: (out ? t.cleared_at !== null : t.received_at !== null) ? 'received' as const : 'inTransit' as const,
    received,
  };
}

/** Where the notes go: a counter of this outlet (from the outlet the hub published), or of another (asked of the hub). */
async function destination(ctx: Services, toCounter: string): Promise<{ terminal: string; outlet: string }> {
  const self = ctx.outlet();
  if (toCounter === self.terminal_id) {
    throw new Refusal('TRANSFER_COUNTER_UNKNOWN', { counter: toCounter, whyZh: '就是本柜台', whyEn: 'is this counter' });
  }
  // A counter of this outlet is known here, offline too (the outlet the hub last published).
  const hub = readHubOutlet(ctx.db);
  const here = hub?.counters.find((c) => c.terminalId === toCounter);
  if (here) {
    if (here.revoked) throw new Refusal('TRANSFER_COUNTER_UNKNOWN', { counter: toCounter, whyZh: '已停用', whyEn: 'is revoked' });
    return { terminal: toCounter, outlet: self.outlet_code };
  }
  // A standalone terminal has no other counter: its till and safe are moved by reserves.move.
  if (!ctx.hub) throw new Refusal('TRANSFER_NO_HUB', {});
  const answer = await ctx.hub.counter(toCounter, COUNTER_LOOKUP_MS);
  if (answer === undefined) throw new Refusal('TRANSFER_HUB_OFFLINE', { counter: toCounter });
  if ('refused' in answer) throw new Refusal('TRANSFER_COUNTER_UNKNOWN', { counter: toCounter, whyZh: '未在机构中心登记', whyEn: 'is not registered at the hub' });
  if (answer.revoked) throw new Refusal('TRANSFER_COUNTER_UNKNOWN', { counter: toCounter, whyZh: '已停用', whyEn: 'is revoked' });
  return { terminal: answer.terminalId, outlet: answer.outletCode };
}

export async function transferSend(ctx: Services, input: HandlerInput<'cash.transferSend'>) {
  const minor = amountOf(input.amount, input.currency);
  // Counted by note, and the notes must make the amount typed: a mistyped figure is refused, not changed.
  const notes = parseNotes(input.currency, input.notes)!;
  checkTotal(input.currency, notes, minor);
  const to = await destination(ctx, input.toCounter);
  const id = ctx.newId();
  const at = ctx.now().toISOString();
  const date = businessDate(ctx.now());
  const self = ctx.outlet();
  ctx.db.transaction(() => {
    assertDayOpen(ctx.db, date);
    checkAvailable(ctx.db, input.from, input.currency, notes);
    sendTransfer(ctx.db, {
      id, fromTerminal: self.terminal_id, fromOutlet: self.outlet_code, fromPlace: input.from, toTerminal: to.terminal, toOutlet: to.outlet,
      currency: input.currency, minor, notes, note: input.note.trim(), by: input.actor, at, date,
      // Read in the write's transaction: the stock and its cost as they stand when the notes leave.
      costMinor: costOfStock(ctx.db, input.currency, date, minor),
    });
  }).immediate();
  return transferView(ctx, findTransfer(ctx.db, id)!);
}

export function transferReceive(ctx: Services, input: HandlerInput<'cash.transferReceive'>, call: Call) {
  const self = ctx.outlet().terminal_id;
  const date = businessDate(ctx.now());
  const at = ctx.now().toISOString();
  call.act(() => {
    const t = findTransfer(ctx.db, input.id);
    if (!t || t.to_terminal !== self) throw new Refusal('TRANSFER_NOT_FOUND', { id: input.id });
    if (t.received_at !== null) throw new Refusal('TRANSFER_ALREADY_RECEIVED', { id: t.id, at: t.received_at, by: t.received_by! });
    assertDayOpen(ctx.db, date);
    if (input.to === 'safe') assertSafeKeptHere(ctx.db);
    const counted = parseNotes(t.currency, input.notes)!;
    const minor = notesTotal(counted);
    let supervisorId: string | null = null;
    if (minor !== t.amount_minor) {
      // An over or short on arrival is this counter's, like the day close's: a reason and a
      // supervisor who is not the counter (the dispatcher checked and uses the approval here).
      if (!input.varianceReason?.trim() || call.approver === undefined) {
        const f = (m: bigint) => `${t.currency} ${formatAmount(fromMinor(m, t.currency), t.currency)}`;
        throw new Refusal('TRANSFER_COUNT_DIFFERS', { sent: f(t.amount_minor), counted: f(minor) });
      }
      supervisorId = call.approver;
    }
    receiveTransfer(ctx.db, t, { id: t.id, place: input.to, notes: counted, minor, by: input.actor, at, date, supervisorId });
  });
  return transferView(ctx, findTransfer(ctx.db, input.id)!);
}

export function transfers(ctx: Services, input: HandlerInput<'cash.transfers'>) {
  const self = ctx.outlet().terminal_id;
  // In transit: at the receiver, not yet counted; at the sender, not yet known counted.
  const open = all(ctx.db, q.selectFrom('cash_transfers').selectAll()
    .where((eb) => eb.or([eb.and([eb('to_terminal', '=', self), eb('received_at', 'is', null)]), eb.and([eb('from_terminal', '=', self), eb('cleared_at', 'is', null)])]))
    .orderBy('sent_at').orderBy('id'));
  const done = input.all
    ? all(ctx.db, q.selectFrom('cash_transfers').selectAll()
      .where((eb) => eb.or([eb.and([eb('to_terminal', '=', self), eb('received_at', 'is not', null)]), eb.and([eb('from_terminal', '=', self), eb('cleared_at', 'is not', null)])]))
      .orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(200))
    : [];
  const hub = readHubOutlet(ctx.db);
  return [...open, ...done].map((t) => transferView(ctx, t, hub));
}
