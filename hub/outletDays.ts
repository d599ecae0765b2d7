// The day, per counter and per outlet (issue 17 item 5). Each counter closes its till as before (its
// day close, an event: recordCounterDays notes it, inside ingest's transaction). The outlet's close
// is a supervisor's at any counter of the outlet, online: the counter asks what the hub holds of the
// outlet's day (outletDay: which counters closed, which of SAFE's serials are the institution's
// trades), reconciles SAFE's records once for the outlet, and sends the close (closeOutletDay),
// which the hub takes only when every counter of the outlet closed that date or is excused with a
// reason. The close goes down to every counter of the outlet as a reference change of kind
// 'outletDay', which locks the date there (electron/ledger/outletDays.ts).
import { sql, type Transaction } from 'kysely';
import { Refusal } from '../shared/errors';
import type { HubEvent } from '../shared/sync/events';
import { outletDayChange, type OutletCloseRequest, type OutletDayAnswer, type OutletDayChange } from '../shared/sync/reference';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';
import { publish } from './reference';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The counters' day closes among a terminal's new events, inside ingest's transaction. */
export async function recordCounterDays(tx: Transaction<HubDB>, terminalId: string, events: readonly HubEvent[]): Promise<void> {
  const closes = events.filter((e) => e.action === 'dayClose.close' && DATE.test(e.entityId));
  for (const e of closes) {
    await tx.insertInto('hub_counter_days').values({ terminal_id: terminalId, business_date: e.entityId, closed_at: e.at, closed_by: e.actor })
      .onConflict((oc) => oc.columns(['terminal_id', 'business_date']).doNothing()).execute();
  }
}

async function countersOf(db: HubDatabase | Transaction<HubDB>, outletCode: string, date: string) {
  const rows = await db.selectFrom('hub_terminals as t')
    .leftJoin('hub_counter_days as d', (j) => j.onRef('d.terminal_id', '=', 't.id').on('d.business_date', '=', date))
    .select(['t.id', 't.name', sql<boolean>`t.revoked_at IS NOT NULL`.as('revoked'), 'd.closed_at', 'd.closed_by'])
    .where('t.outlet_code', '=', outletCode).orderBy('t.id').execute();
  return rows.map((r) => ({ terminalId: r.id, name: r.name, revoked: r.revoked, closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null, closedBy: r.closed_by ?? null }));
}

async function closedDay(db: HubDatabase | Transaction<HubDB>, outletCode: string, date: string): Promise<OutletDayChange | null> {
  const r = await db.selectFrom('hub_outlet_days').select(['closed_at', 'closed_by', 'supervisor_id', 'terminal_id', 'excused'])
    .where('outlet_code', '=', outletCode).where('business_date', '=', date).executeTakeFirst();
  if (!r) return null;
  return outletDayChange.parse({
    date, closedBy: r.closed_by, closedAt: new Date(r.closed_at).toISOString(), supervisorId: r.supervisor_id, terminalId: r.terminal_id,
    excused: typeof r.excused === 'string' ? JSON.parse(r.excused) : r.excused,
  });
}

/** What the hub holds of an outlet's day, for the counter about to close it. */
export async function outletDay(db: HubDatabase, outletCode: string, input: { date: string; serials: readonly string[] }): Promise<OutletDayAnswer> {
  const known = input.serials.length === 0 ? [] : await db.selectFrom('hub_trades').select(['trade_id', 'terminal_id'])
    .where('trade_id', 'in', [...new Set(input.serials)]).where('business_date', '=', input.date).execute();
  return {
    counters: await countersOf(db, outletCode, input.date),
    known: known.map((k) => ({ serial: k.trade_id, terminalId: k.terminal_id })),
    closed: await closedDay(db, outletCode, input.date),
  };
}

/**
 * The outlet's day closed, if every counter of it (but those revoked) closed the date or is excused,
 * and published to its counters; refused, with nothing written, otherwise.
 */
export async function closeOutletDay(db: HubDatabase, terminal: { id: string; outlet: string }, input: OutletCloseRequest, now: () => Date): Promise<{ version: string; day: OutletDayChange }> {
  return db.transaction().execute(async (tx) => {
    // The outlet's row, locked: two counters closing the outlet at once are taken one after the other.
    await tx.selectFrom('hub_outlets').select('code').where('code', '=', terminal.outlet).forUpdate().executeTakeFirstOrThrow();
    const held = await closedDay(tx, terminal.outlet, input.date);
    if (held) throw new Refusal('OUTLET_DAY_CLOSED', { date: input.date, by: held.closedBy, at: held.closedAt });
    const counters = await countersOf(tx, terminal.outlet, input.date);
    const excused = new Map(input.excused.map((x) => [x.terminalId, x.reason.trim()]));
    for (const id of excused.keys()) {
      const c = counters.find((x) => x.terminalId === id);
      if (!c) throw new Refusal('INVALID_INPUT', { field: 'excused', problemZh: `${id} 不是本网点的柜台`, problemEn: `${id} is not a counter of this outlet` });
      if (id === terminal.id) throw new Refusal('INVALID_INPUT', { field: 'excused', problemZh: '做网点日终的柜台不能免于日终', problemEn: 'the counter closing the outlet cannot be excused' });
    }
    const open = counters.filter((c) => !c.revoked && c.closedAt === null && !excused.has(c.terminalId));
    if (open.length > 0) throw new Refusal('OUTLET_COUNTERS_OPEN', { date: input.date, counters: open.map((c) => `${c.name} (${c.terminalId})`).join(', ') });
    const at = now();
    const day: OutletDayChange = {
      date: input.date, closedBy: input.closedBy, closedAt: at.toISOString(), supervisorId: input.supervisorId, terminalId: terminal.id,
      excused: [...excused].filter(([id]) => counters.find((c) => c.terminalId === id)?.closedAt === null).map(([terminalId, reason]) => ({ terminalId, reason })),
    };
    await tx.insertInto('hub_outlet_days').values({
      outlet_code: terminal.outlet, business_date: input.date, closed_at: at, closed_by: input.closedBy, supervisor_id: input.supervisorId,
      terminal_id: terminal.id, excused: JSON.stringify(day.excused), reconciliation: JSON.stringify(input.reconciliation),
    }).execute();
    const version = await publish(tx, { kind: 'outletDay', outletCode: terminal.outlet, body: day, by: input.closedBy, at });
    return { version, day };
  });
}
