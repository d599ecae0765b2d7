// Notes between counters and outlets (issue 17 item 4; ../shared/design/hub.md "Cash between
// counters and outlets"). A transfer is two movements linked by the sender's id: out of the
// sender's till or safe into transit, and in at the receiver when counted. The hub hears of each
// from the counters' events (ingest, in the same transaction) and tells the counter that must act:
// the receiver, of the sending (it counts against it); the sender, of the count (it clears what it
// had in transit). Each is a reference change of kind 'transfer' for that counter's outlet. Until
// counted, a transfer is in transit, and HQ sees it so (listTransfers).
import { sql, type Transaction } from 'kysely';
import { Refusal } from '../shared/errors';
import type { EventRow, HubEvent } from '../shared/sync/events';
import { transferChange, type CounterAnswer, type TransferChange, type TransferView } from '../shared/sync/reference';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';
import { changeBody, publish } from './reference';

/** The transfer as a counter's row carried it (ledger/transfers.ts writes it), or undefined if it is not one this version reads. */
function fromRow(r: EventRow): TransferChange | undefined {
  const notes = (text: string | null | undefined): unknown => {
    try {
      return JSON.parse(text ?? '');
    } catch {
      return undefined;
    }
  };
  const parsed = transferChange.safeParse({
    id: r.id, fromTerminal: r.from_terminal, fromOutlet: r.from_outlet, fromPlace: r.from_place, toTerminal: r.to_terminal, toOutlet: r.to_outlet,
    currency: r.currency, amountMinor: r.amount_minor, notes: notes(r.notes), note: r.note ?? '', sentBy: r.sent_by, sentAt: r.sent_at, sentDate: r.sent_date,
    ...(r.cost_minor !== undefined && r.cost_minor !== null ? { costMinor: r.cost_minor } : {}),
    received: r.received_at
      ? { place: r.received_place, minor: r.received_minor, notes: notes(r.received_notes), by: r.received_by, at: r.received_at, date: r.received_date, supervisorId: r.supervisor_id ?? null }
      : null,
  });
  return parsed.success ? parsed.data : undefined;
}

/**
 * The transfers among a terminal's new events, recorded and told on, inside ingest's transaction.
 * A sending counts only from its sender, a count only from its receiver; the outlets are the hub's
 * (the counters' registrations), not what a row says. A row this version cannot read, or naming a
 * counter the hub does not know, is left in the event and not told on: the sender checked its
 * receiver before sending (electron/terminal/cash/transfers.ts), so this is a ledger written by hand.
 */
export async function indexTransfers(tx: Transaction<HubDB>, terminalId: string, events: readonly HubEvent[], at: Date): Promise<number> {
  const ours = events.filter((e) => e.action === 'cash.transferSend' || e.action === 'cash.transferReceive');
  // Most batches hold none.
  if (ours.length === 0) return 0;
  let told = 0;
  for (const e of ours) {
    const row = e.rows?.cash_transfers?.[0];
    const t = row ? fromRow(row) : undefined;
    if (!t) continue;
    if (e.action === 'cash.transferSend') {
      if (t.fromTerminal !== terminalId) continue;
      const ends = await tx.selectFrom('hub_terminals').select(['id', 'outlet_code']).where('id', 'in', [t.fromTerminal, t.toTerminal]).execute();
      const from = ends.find((x) => x.id === t.fromTerminal);
      const to = ends.find((x) => x.id === t.toTerminal);
      if (!from || !to) continue;
      const body: TransferChange = { ...t, fromOutlet: from.outlet_code, toOutlet: to.outlet_code, received: null };
      const inserted = await tx.insertInto('hub_cash_transfers').values({
        id: t.id, from_terminal: t.fromTerminal, from_outlet: from.outlet_code, to_terminal: t.toTerminal, to_outlet: to.outlet_code,
        currency: t.currency, amount_minor: BigInt(t.amountMinor), body: JSON.stringify(body), sent_at: t.sentAt, received_at: null, received_minor: null,
      }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
      await publish(tx, { kind: 'transfer', outletCode: to.outlet_code, body, by: t.sentBy, at });
      told++;
    } else {
      if (t.toTerminal !== terminalId || !t.received) continue;
      const held = await tx.selectFrom('hub_cash_transfers').select(['body', 'from_outlet', 'received_at', 'to_terminal']).where('id', '=', t.id).forUpdate().executeTakeFirst();
      if (!held || held.received_at !== null || held.to_terminal !== terminalId) continue;
      const sent = transferChange.parse(changeBody<unknown>(held.body));
      const body: TransferChange = { ...sent, received: t.received };
      await tx.updateTable('hub_cash_transfers').set({ body: JSON.stringify(body), received_at: t.received.at, received_minor: BigInt(t.received.minor) }).where('id', '=', t.id).execute();
      await publish(tx, { kind: 'transfer', outletCode: held.from_outlet, body, by: t.received.by, at });
      told++;
    }
  }
  return told;
}

/** The transfers of an outlet (sent from it or to it), or of every outlet: those in transit, or all; the oldest first. */
export async function listTransfers(db: HubDatabase, input: { outletCode?: string | undefined; inTransitOnly: boolean }): Promise<TransferView[]> {
  let query = db.selectFrom('hub_cash_transfers as t')
    .innerJoin('hub_terminals as f', 'f.id', 't.from_terminal').innerJoin('hub_terminals as r', 'r.id', 't.to_terminal')
    .select(['t.body', 'f.name as from_name', 'r.name as to_name']).orderBy('t.sent_at').orderBy('t.id').limit(10_000);
  if (input.inTransitOnly) query = query.where('t.received_at', 'is', null);
  const code = input.outletCode;
  if (code !== undefined) query = query.where((eb) => eb.or([eb('t.from_outlet', '=', code), eb('t.to_outlet', '=', code)]));
  const rows = await query.execute();
  return rows.map((r) => ({ ...transferChange.parse(changeBody<unknown>(r.body)), fromCounterName: r.from_name, toCounterName: r.to_name }));
}

/** A counter of any outlet, by its id, for a counter about to send it notes. */
export async function findCounter(db: HubDatabase, terminalId: string): Promise<CounterAnswer> {
  const r = await db.selectFrom('hub_terminals as t').innerJoin('hub_outlets as o', 'o.code', 't.outlet_code')
    .select(['t.id', 't.name', 't.outlet_code', 'o.name as outlet_name', sql<boolean>`t.revoked_at IS NOT NULL`.as('revoked')])
    .where('t.id', '=', terminalId).executeTakeFirst();
  if (!r) throw new Refusal('HUB_TERMINAL_UNKNOWN', { terminal: terminalId });
  return { terminalId: r.id, outletCode: r.outlet_code, outletName: r.outlet_name, name: r.name, revoked: r.revoked };
}
