// Rate boards from HQ (issue 18 item 3): a rate pushed to several outlets at once, with a
// plausibility check against each outlet's board as it stands; the boards' history per outlet; and
// the reference data HQ loaded (policy versions, calendars, conversion tables), for the registers.
// Each rate is checked as a counter checks one typed there (shared/rates.ts) and published as one
// change per outlet, all in one transaction or none.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Refusal } from '../shared/errors';
import { dec, Decimal } from '../shared/money/money';
import { checkBoardRate } from '../shared/rates';
import type { RateLine, ReferenceLine } from '../shared/sync/live';
import type { HubDatabase } from './db/open';
import { changeBody, publish } from './reference';

/** A new mid rate further than this from an outlet's board (percent) is asked again (RATE_IMPLAUSIBLE). */
export const PLAUSIBLE_PERCENT = 5;

const midOf = (buy: string, sell: string) => dec(buy).plus(dec(sell)).dividedBy(2);

function lineOf(r: { version: string | bigint; outlet_code: string | null; body: unknown; made_at: Date | string }): RateLine {
  const b = changeBody(r.body);
  return {
    version: String(r.version), outletCode: r.outlet_code, currency: String(b.currency), buyPer100: String(b.buyPer100), sellPer100: String(b.sellPer100),
    feeMinor: String(b.feeMinor), setBy: String(b.setBy), at: new Date(r.made_at).toISOString(),
  };
}

/** An outlet's board history (its own rates and every outlet's), newest first; or every rate HQ and the counters published. */
export async function rateHistory(db: HubDatabase, input: { outletCode?: string | undefined; currency?: string | undefined; limit: number }): Promise<RateLine[]> {
  let q = db.selectFrom('hub_changes').select(['version', 'outlet_code', 'body', 'made_at']).where('kind', '=', 'rate');
  if (input.outletCode !== undefined) q = q.where((eb) => eb.or([eb('outlet_code', '=', input.outletCode!), eb('outlet_code', 'is', null)]));
  if (input.currency !== undefined) q = q.where(sql<string>`body->>'currency'`, '=', input.currency.toUpperCase());
  return (await q.orderBy('version', 'desc').limit(input.limit).execute()).map(lineOf);
}

/**
 * One rate for several outlets at once. Each outlet's board as it stands (its latest rate of the
 * currency, its own or every outlet's) is compared: a new mid more than PLAUSIBLE_PERCENT away is
 * refused (RATE_IMPLAUSIBLE, naming each) unless `confirm` says the market moved. Then one change
 * per outlet, in one transaction.
 */
export async function pushRates(db: HubDatabase, input: { outletCodes: string[]; currency: string; buyPer100: string; sellPer100: string; fee: string; confirm: boolean }, by: string, now: () => Date): Promise<{ outlets: { outletCode: string; version: string; previousMid: string | null }[] }> {
  const rate = checkBoardRate(input);
  const codes = [...new Set(input.outletCodes)];
  return db.transaction().execute(async (tx) => {
    const known = new Set((await tx.selectFrom('hub_outlets').select('code').where('code', 'in', codes).execute()).map((o) => o.code));
    const unknown = codes.find((c) => !known.has(c));
    if (unknown !== undefined) throw new Refusal('HUB_OUTLET_UNKNOWN', { outlet: unknown });
    const newMid = midOf(rate.buyPer100, rate.sellPer100);
    const previous = new Map<string, Decimal | null>();
    const far: string[] = [];
    for (const code of codes) {
      const last = await tx.selectFrom('hub_changes').select(['body']).where('kind', '=', 'rate').where(sql<string>`body->>'currency'`, '=', rate.currency)
        .where((eb) => eb.or([eb('outlet_code', '=', code), eb('outlet_code', 'is', null)])).orderBy('version', 'desc').limit(1).executeTakeFirst();
      const mid = last ? midOf(String(changeBody(last.body).buyPer100), String(changeBody(last.body).sellPer100)) : null;
      previous.set(code, mid);
      if (mid !== null && newMid.minus(mid).abs().dividedBy(mid).times(100).gt(PLAUSIBLE_PERCENT)) {
        far.push(`${code} ${mid.toFixed(4)} → ${newMid.toFixed(4)} (${newMid.minus(mid).dividedBy(mid).times(100).toFixed(1)}%)`);
      }
    }
    if (far.length > 0 && !input.confirm) throw new Refusal('RATE_IMPLAUSIBLE', { currency: rate.currency, limit: String(PLAUSIBLE_PERCENT), outlets: far.join('; ') });
    const at = now();
    const out: { outletCode: string; version: string; previousMid: string | null }[] = [];
    for (const code of codes) {
      const version = await publish(tx, {
        kind: 'rate', outletCode: code, by, at,
        body: { id: randomUUID(), currency: rate.currency, buyPer100: rate.buyPer100, sellPer100: rate.sellPer100, feeMinor: String(rate.feeMinor), effectiveAt: at.toISOString(), setBy: by },
      });
      out.push({ outletCode: code, version, previousMid: previous.get(code)?.toString() ?? null });
    }
    return { outlets: out };
  });
}

/** The policy versions, calendars, conversion tables or watch lists HQ loaded, newest first. */
export async function referenceHistory(db: HubDatabase, input: { kind: 'policy' | 'calendar' | 'conversionTable' | 'watchList' }): Promise<ReferenceLine[]> {
  if (input.kind === 'watchList') {
    // A list's file is megabytes (第五十四条: the UN list): only its names are read, never its content.
    const lists = await db.selectFrom('hub_changes')
      .select(['version', 'made_by', 'made_at', sql<string>`body->>'listId'`.as('list_id'), sql<string>`body->>'name'`.as('name'), sql<string>`body->>'format'`.as('format')])
      .where('kind', '=', 'watchList').orderBy('version', 'desc').limit(500).execute();
    return lists.map((r) => ({ version: String(r.version), at: new Date(r.made_at).toISOString(), by: r.made_by, what: `${r.list_id} (${r.format})`, source: r.name }));
  }
  const rows = await db.selectFrom('hub_changes').select(['version', 'body', 'made_by', 'made_at']).where('kind', '=', input.kind).orderBy('version', 'desc').limit(500).execute();
  return rows.map((r) => {
    const b = changeBody(r.body);
    const what = input.kind === 'policy' ? `v${String(b.version)} ${String(b.effectiveDate)}`
      : input.kind === 'calendar' ? `${String(b.year)}: ${(b.holidays as unknown[]).length} / ${(b.workdays as unknown[]).length}`
        : `${String(b.month)}: ${(b.rates as unknown[]).length}`;
    return { version: String(r.version), at: new Date(r.made_at).toISOString(), by: r.made_by, what, source: String(b.source ?? '') };
  });
}
