// The outlet's day over its counters (issue 17 item 5; 第三十二条(五)). At an outlet of several
// counters each counter closes its own till (close.ts: its count, its over/short, its own trades
// against SAFE); the outlet's close, a supervisor's at any of them, online, then:
//   - needs every counter of the outlet closed for the date, or excused with a reason (the hub
//     checks it again as it takes the close, under the outlet's lock);
//   - reconciles SAFE's records of the date once for the outlet: a record that is no trade of this
//     counter and none the hub holds of the institution's counters is listed, and each needs a
//     resolution, as at a counter's close;
//   - locks the outlet's date at every counter (outlet_days, migration 017, from the hub's change;
//     this counter stores it at once).
// This file is the only writer of outlet_days.
import { Refusal } from '../../../shared/errors';
import type { OutletDayChange } from '../../../shared/sync/reference';
import { audit } from '../../ledger/audit';
import { changed } from '../../ledger/held';
import { all, first, q, run, type Database } from '../../ledger/sql';
import { MonitoringError } from '../../monitoring/adapter';
import type { HandlerInput, Services } from '../services';
import { isDayClosed } from '../dayLock';
import { readHubOutlet } from '../settings';

/** How long the outlet's close waits on the hub for each of its two calls. */
const HUB_WAIT_MS = 10_000;

/** The outlet's day as the hub sent it, kept here (once: the close made here and the pull that brings it back are one). */
export function storeOutletDay(db: Database, day: OutletDayChange, version: string, at: string): boolean {
  if (first(db, q.selectFrom('outlet_days').select('business_date').where('business_date', '=', day.date))) return false;
  changed(db, 'outlet_days'); // the closed days held in memory (dayLock.ts): the next trade of the date is refused
  run(db, q.insertInto('outlet_days').values({
    business_date: day.date, closed_at: day.closedAt, closed_by: day.closedBy, supervisor_id: day.supervisorId, terminal_id: day.terminalId,
    excused: JSON.stringify(day.excused), version: BigInt(version), applied_at: at,
  }));
  audit(db, { at, actor: day.closedBy, action: 'dayClose.outletClosed', entity: 'day', entityId: day.date, detail: { at: day.terminalId, excused: day.excused } });
  return true;
}

function heldDay(db: Database, date: string) {
  const r = first(db, q.selectFrom('outlet_days').selectAll().where('business_date', '=', date));
  return r ? { closedBy: r.closed_by, closedAt: r.closed_at, supervisorId: r.supervisor_id, terminalId: r.terminal_id, excused: JSON.parse(r.excused) as { terminalId: string; reason: string }[] } : null;
}

/** SAFE's records of the date that are no trade of this counter, nor any the hub holds: what the outlet's close must resolve. */
async function gather(ctx: Services, date: string) {
  if (!ctx.hub) throw new Refusal('OUTLET_CLOSE_NO_HUB', {});
  let records: { serial: string; refNo: string; currency: string; amount: string }[] = [];
  let checked = false;
  let error: string | null = null;
  if (ctx.monitoring) {
    try {
      const here = new Set(all(ctx.db, q.selectFrom('trades').select('id').where('business_date', '=', date)).map((t) => t.id));
      records = (await ctx.monitoring.recordsOn(date)).filter((r) => r.status === 'recorded' && !here.has(r.serial));
      checked = true;
    } catch (e) {
      if (!(e instanceof MonitoringError)) throw e;
      error = e.message;
    }
  } else error = 'no monitoring system configured';
  const answer = await ctx.hub.outletDay({ date, serials: records.map((r) => r.serial) }, HUB_WAIT_MS);
  if (!answer) throw new Refusal('OUTLET_CLOSE_HUB_OFFLINE', {});
  const known = new Set(answer.known.map((k) => k.serial));
  const self = ctx.outlet().terminal_id;
  const items = records.filter((r) => !known.has(r.serial)).map((r) => ({
    key: `outletRecord:${r.refNo}`,
    detail: `监测系统有记录而本网点各柜台均无交易：ref ${r.refNo} ${r.currency} ${r.amount} / recorded in the monitoring system, no trade at any counter of the outlet`,
  }));
  return {
    counters: answer.counters.map((c) => ({ ...c, self: c.terminalId === self })),
    closed: answer.closed && { closedBy: answer.closed.closedBy, closedAt: answer.closed.closedAt, supervisorId: answer.closed.supervisorId, terminalId: answer.closed.terminalId, excused: answer.closed.excused },
    reconciliation: { checked, error, records: records.length, items },
  };
}

export async function outletStatus(ctx: Services, input: HandlerInput<'dayClose.outletStatus'>) {
  const g = await gather(ctx, input.date);
  return { date: input.date, counters: g.counters, closed: g.closed ?? heldDay(ctx.db, input.date), reconciliation: g.reconciliation };
}

export async function outletClose(ctx: Services, input: HandlerInput<'dayClose.outletClose'>) {
  const date = input.date;
  if (!ctx.hub) throw new Refusal('OUTLET_CLOSE_NO_HUB', {});
  const held = heldDay(ctx.db, date);
  if (held) throw new Refusal('OUTLET_DAY_CLOSED', { date, by: held.closedBy, at: held.closedAt });
  // The counter closing the outlet has closed its own till first.
  if (!isDayClosed(ctx.db, date)) throw new Refusal('OUTLET_COUNTER_NOT_CLOSED', { date });
  const g = await gather(ctx, date);
  if (g.closed) throw new Refusal('OUTLET_DAY_CLOSED', { date, by: g.closed.closedBy, at: g.closed.closedAt });
  // Asked here first for a clear answer; the hub asks again under the outlet's lock.
  const excused = new Map(input.excused.map((x) => [x.terminalId, x.reason.trim()]));
  const open = g.counters.filter((c) => !c.revoked && c.closedAt === null && !c.self && !excused.get(c.terminalId));
  if (open.length > 0) throw new Refusal('OUTLET_COUNTERS_OPEN', { date, counters: open.map((c) => `${c.name} (${c.terminalId})`).join(', ') });
  const resolutions = new Map(input.resolutions.map((r) => [r.key, r.resolution.trim()]));
  const unresolved = g.reconciliation.items.filter((i) => !resolutions.get(i.key));
  if (unresolved.length > 0) throw new Refusal('DAY_CLOSE_RECONCILIATION_OPEN', { count: String(unresolved.length) });
  const answer = await ctx.hub!.closeOutletDay({
    date, closedBy: input.actor, supervisorId: null,
    excused: [...excused].filter(([, reason]) => reason).map(([terminalId, reason]) => ({ terminalId, reason })),
    reconciliation: { ...g.reconciliation, items: g.reconciliation.items.map((i) => ({ ...i, resolution: resolutions.get(i.key)! })) },
  }, HUB_WAIT_MS);
  if (answer === undefined) throw new Refusal('OUTLET_CLOSE_HUB_OFFLINE', {});
  if ('refused' in answer) throw new Refusal(answer.refused.code, answer.refused.details ?? {});
  const at = ctx.now().toISOString();
  ctx.db.transaction(() => storeOutletDay(ctx.db, answer.day, answer.version, at)).immediate();
  return { date, counters: g.counters, closed: heldDay(ctx.db, date), reconciliation: g.reconciliation };
}

/** Whether this counter is one of several of a hub outlet: its own close then leaves SAFE's other records to the outlet's. */
export function outletWide(db: Database): boolean {
  return (readHubOutlet(db)?.counters.filter((c) => !c.revoked).length ?? 0) > 1;
}
