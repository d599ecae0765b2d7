// Reference data mastered at the hub and published to the counters (issue 16 item 4;
// ../shared/design/hub.md "Down: reference data"). Each change is a row of hub_changes under a
// hub-wide version, for one outlet or every outlet; a terminal pulls the changes after the version
// it holds (changesSince) and applies them in one transaction through the counter's own writers.
// What HQ sends is checked here as the counter checks it (shared/rates.ts, the calendar's and the
// conversion table's rules), so a change the hub takes is one every counter can apply.
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { checkYearCalendar } from '../shared/calendar/workdays';
import { parseConversionCsv } from '../shared/money/conversionTable';
import { checkNextPolicy, POLICY_V1, policyParamsSchema, type Policy } from '../shared/policy';
import { RMB } from '../shared/money/currencies';
import { fromMinor } from '../shared/money/money';
import { checkBoardRate } from '../shared/rates';
import { parseList, type ListFormat } from '../shared/screening/import';
import type { HubEvent } from '../shared/sync/events';
import { MAX_CHANGES, referenceChange, type ReferenceChange, type ReferenceKind } from '../shared/sync/reference';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';

/** Taken by every writer of hub_changes for its transaction: versions commit in the order they are taken. */
const CHANGES_LOCK = 16016003;

type Body<K extends ReferenceKind> = Extract<ReferenceChange, { kind: K }>['body'];

/**
 * The writers' lock, held to the end of the caller's transaction (taken again in it, it is held
 * once). An identity value is taken when a row is inserted but seen when its transaction commits:
 * two writers at once could commit 8 before 7, and a terminal that pulled 8 would never see 7. One
 * writer at a time (changes are rare: HQ's hand) keeps the versions in commit order.
 */
export async function takeChangesLock(tx: Transaction<HubDB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${CHANGES_LOCK})`.execute(tx);
}

/** One change published, inside the caller's transaction. */
export async function publish<K extends ReferenceKind>(tx: Transaction<HubDB>, c: { kind: K; outletCode: string | null; body: Body<K>; by: string; at: Date }): Promise<string> {
  await takeChangesLock(tx);
  const row = await tx.insertInto('hub_changes').values({ kind: c.kind, outlet_code: c.outletCode, body: JSON.stringify(c.body), made_by: c.by, made_at: c.at })
    .returning('version').executeTakeFirstOrThrow();
  return String(row.version);
}

async function publishOne<K extends ReferenceKind>(db: HubDatabase, c: { kind: K; outletCode: string | null; body: Body<K>; by: string; at: Date }): Promise<{ version: string }> {
  return { version: await db.transaction().execute((tx) => publish(tx, c)) };
}

export async function setRate(db: HubDatabase, input: { outletCode?: string | undefined; currency: string; buyPer100: string; sellPer100: string; fee: string }, by: string, now: () => Date): Promise<{ version: string; id: string }> {
  const rate = checkBoardRate(input);
  const at = now();
  const id = randomUUID();
  const { version } = await publishOne(db, {
    kind: 'rate', outletCode: input.outletCode ?? null, by, at,
    body: { id, currency: rate.currency, buyPer100: rate.buyPer100, sellPer100: rate.sellPer100, feeMinor: String(rate.feeMinor), effectiveAt: at.toISOString(), setBy: by },
  });
  return { version, id };
}

export async function loadCalendar(db: HubDatabase, input: { year: number; holidays: string[]; workdays: string[]; source: string }, by: string, now: () => Date): Promise<{ version: string }> {
  const y = checkYearCalendar({ year: input.year, holidays: input.holidays, workdays: input.workdays });
  return publishOne(db, { kind: 'calendar', outletCode: null, by, at: now(), body: { year: y.year, holidays: y.holidays, workdays: y.workdays, source: input.source, loadedBy: by } });
}

export async function importConversionTable(db: HubDatabase, input: { month: string; csv: string }, by: string, now: () => Date): Promise<{ version: string; currencies: number }> {
  const rows = parseConversionCsv(input.csv);
  const { version } = await publishOne(db, {
    kind: 'conversionTable', outletCode: null, by, at: now(),
    body: { month: input.month, rates: [...rows].map(([currency, usdPerUnit]) => ({ currency, usdPerUnit })), importedBy: by },
  });
  return { version, currencies: rows.size };
}

/**
 * A watch list's next version for every counter (第五十四条; issue 19 item 1): checked here with the
 * counter's own parser (a file the hub takes is one every counter can import), then published with
 * the file itself. The counters screen against it from their next pull; a counter offline screens
 * against the version it holds.
 */
export async function importWatchList(db: HubDatabase, input: { listId: string; name: string; format: ListFormat; content: string }, by: string, now: () => Date): Promise<{ version: string; entries: number; sha256: string }> {
  const parsed = parseList(input.format, input.content);
  const { version } = await publishOne(db, { kind: 'watchList', outletCode: null, by, at: now(), body: { ...input, importedBy: by } });
  return { version, entries: parsed.entries.length, sha256: parsed.sha256 };
}

/** A change's body as the database gives it back: an object, or its JSON text (PGlite). */
export function changeBody<T = Record<string, unknown>>(body: unknown): T {
  return (typeof body === 'string' ? JSON.parse(body) : body) as T;
}

/** The policy versions HQ published, the built-in first: the rules' parameters on a date are policyFor's of these. */
export async function publishedPolicies(db: HubDatabase | Transaction<HubDB>): Promise<Policy[]> {
  const rows = await db.selectFrom('hub_changes').select('body').where('kind', '=', 'policy').orderBy('version').execute();
  return [POLICY_V1, ...rows.map((r) => {
    const b = changeBody<{ version: number; effectiveDate: string; source: string; params: unknown }>(r.body);
    return { version: b.version, effectiveDate: b.effectiveDate, source: b.source, params: policyParamsSchema.parse(b.params) };
  })];
}

/** A later policy version for every counter: the next after the last the hub published (1 is built in everywhere). */
export async function loadPolicy(db: HubDatabase, input: { version: number; effectiveDate: string; source: string; params: unknown }, by: string, now: () => Date): Promise<{ version: string; policy: number }> {
  const at = now();
  const version = await db.transaction().execute(async (tx) => {
    // Under the changes' lock: two versions published at once would both be "the next".
    await sql`SELECT pg_advisory_xact_lock(${CHANGES_LOCK})`.execute(tx);
    const last = await tx.selectFrom('hub_changes').select(['body']).where('kind', '=', 'policy').orderBy('version', 'desc').limit(1).executeTakeFirst();
    const lastBody = last ? changeBody<{ version: number; effectiveDate: string }>(last.body) : { version: POLICY_V1.version, effectiveDate: POLICY_V1.effectiveDate };
    const policy = checkNextPolicy(input, lastBody);
    return publish(tx, { kind: 'policy', outletCode: null, by, at, body: { version: policy.version, effectiveDate: policy.effectiveDate, source: policy.source, params: policy.params } });
  });
  return { version, policy: input.version };
}

/** How recent a rate set at a counter must be to go to the outlet's other counters (older ones are history). */
export const OUTLET_RATE_HOURS = 24;

/**
 * Rates a supervisor set at one counter, published to the outlet's other counters (one board per
 * outlet, ../shared/design/hub.md "Rates"), inside ingest's transaction: the same id, so the counter
 * that set it takes nothing new and every counter's board shows one row. A rate the hub published
 * itself comes back as an event too: it is not published again. Only recent rates go (within
 * OUTLET_RATE_HOURS of the hub's clock): a ledger's history sent on its first enrolment is not
 * spread to the other counters' boards.
 */
export async function publishCounterRates(tx: Transaction<HubDB>, terminalId: string, events: readonly HubEvent[], at: Date): Promise<number> {
  const rates = events.filter((e) => e.action === 'rate.set');
  // Most batches hold no rate: the terminal's outlet is read only for one that does.
  if (rates.length === 0) return 0;
  const { outlet_code: outletCode } = await tx.selectFrom('hub_terminals').select('outlet_code').where('id', '=', terminalId).executeTakeFirstOrThrow();
  let published = 0;
  for (const e of rates) {
    for (const r of e.rows?.rates ?? []) {
      const effectiveAt = r.effective_at ?? '';
      if (!(Date.parse(effectiveAt) >= at.getTime() - OUTLET_RATE_HOURS * 3_600_000)) continue;
      const known = await tx.selectFrom('hub_changes').select('version').where('kind', '=', 'rate').where(sql<string>`body->>'id'`, '=', r.id ?? '').executeTakeFirst();
      if (known) continue;
      let rate;
      try {
        rate = checkBoardRate({ currency: r.currency ?? '', buyPer100: r.buy_per_100 ?? '', sellPer100: r.sell_per_100 ?? '', fee: fromMinor(BigInt(r.fee_minor ?? '0'), RMB).toString() });
      } catch {
        continue; // not a rate this version can read: it stays on the counter that set it
      }
      await publish(tx, {
        kind: 'rate', outletCode, by: r.set_by ?? e.actor, at,
        body: { id: r.id!, currency: rate.currency, buyPer100: rate.buyPer100, sellPer100: rate.sellPer100, feeMinor: String(rate.feeMinor), effectiveAt, setBy: r.set_by ?? e.actor },
      });
      published++;
    }
  }
  return published;
}

/** The changes for an outlet's counters after `since`, in order, at most MAX_CHANGES; and the latest version there is. */
export async function changesSince(db: HubDatabase, outletCode: string, since: bigint): Promise<{ changes: ReferenceChange[]; latest: string }> {
  // The latest first: every version at or below it has committed (publish), so nothing below it can
  // appear after this answer, and the terminal may take it as the version it holds.
  const top = await db.selectFrom('hub_changes').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  const latest = top?.v === null || top?.v === undefined ? 0n : BigInt(top.v);
  const rows = await db.selectFrom('hub_changes').select(['version', 'kind', 'body', 'made_at'])
    .where('version', '>', since).where('version', '<=', latest).where((eb) => eb.or([eb('outlet_code', 'is', null), eb('outlet_code', '=', outletCode)]))
    .orderBy('version').limit(MAX_CHANGES).execute();
  // A watch list carries its file (up to 8 MB): an answer ends at the first one, so an answer stays
  // bounded by one list and MAX_CHANGES small changes, and the rest comes with the next pull.
  const list = rows.findIndex((r) => r.kind === 'watchList');
  const taken = list >= 0 ? rows.slice(0, list + 1) : rows;
  const changes = taken.map((r) => referenceChange.parse({ version: String(r.version), kind: r.kind, at: new Date(r.made_at).toISOString(), body: changeBody<unknown>(r.body) }));
  // A full or cut answer stops at its last change (more to come); otherwise the terminal holds everything up to the latest.
  const more = rows.length === MAX_CHANGES || taken.length < rows.length;
  return { changes, latest: String(more ? taken.at(-1)!.version : latest > since ? latest : since) };
}
