// The terminal's events for the hub (issue 16, "Up: events"): its audit entries in order, each with
// the ledger rows its change wrote. A day of trading read back as events holds every trade, posting
// and note movement exactly once, in a gapless sequence whose chain the hub can check from the
// events alone (shared/sync/chain.ts, the same hash as electron/ledger/audit.ts).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain, eventHash } from '../shared/sync/chain';
import { EVENT_TABLES, hubEvent, readHubEvent, type HubEvent } from '../shared/sync/events';
import { asciiJson } from '../shared/sync/protocol';
import { entryHash } from '../electron/ledger/audit';
import { eventsSince, MAX_EVENTS } from '../electron/ledger/events';
import { ALICE, BOB_PASSPORT, ok, openHarness, stockOutlet, TEST_KEY, tempDir, trade, type Harness } from './helpers/terminal';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { openLedger } from '../electron/ledger/db';
import { bundleNotes } from '../electron/ledger/notes';
import { bundlesOf, replayPage, replayStart } from '../electron/ledger/replay';

const DAY = '2026-03-10';
let h: Harness;
let events: HubEvent[];

/** The rows of one table across the events, as they travel. */
const carried = (table: 'trades' | 'postings' | 'note_bundles' | 'voids' | 'attempts' | 'people') => events.flatMap((e) => e.rows?.[table] ?? []);
/** A table as it travels (integers as decimal strings), for comparing with what the events carry. */
function tableAsTravelling(sql: string): Record<string, string | null>[] {
  return (h.raw.ledger.prepare(sql).safeIntegers(true).all() as Record<string, unknown>[])
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
}

beforeAll(async () => {
  h = openHarness({ start: `${DAY}T02:00:00Z` });
  await stockOutlet(h.terminal);
  ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
  const bought = ok(await trade(h.terminal, { customer: ALICE, direction: 'purchase', currency: 'EUR', amount: '50' }));
  ok(await h.terminal.call('trades.void', { tradeId: bought.id, reason: '客户改变主意 customer changed their mind', supervisorId: 'sup1' }));
  const over = await trade(h.terminal, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '6000' });
  expect(!over.ok && over.error.code).toBe('DAILY_LIMIT_EXCEEDED');
  const prep = ok(await h.terminal.call('dayClose.prepare', { date: DAY }));
  ok(await h.terminal.call('dayClose.close', { date: DAY, counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })), actor: 'teller1' }));
  events = [];
  for (let after = 0n; ; ) {
    const batch = eventsSince(h.raw.ledger, after, 7);
    if (batch.length === 0) break;
    events.push(...batch);
    after = BigInt(batch[batch.length - 1]!.seq);
  }
});
afterAll(() => h.close());

describe('the events of a day of trading', () => {
  it('are the audit trail in order: one per entry, numbered 1, 2, 3 … with no gap, each fitting the hub\'s schema', () => {
    const entries = Number(h.raw.ledger.prepare('select count(*) from audit_log').pluck().get() as bigint | number);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: entries }, (_, i) => String(i + 1)));
    for (const e of events) expect(hubEvent.safeParse(e).success, e.seq).toBe(true);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['trade.commit', 'trade.void', 'trade.attempt', 'reserves.float_in', 'dayClose.close']));
  });

  it('carry every trade, void, attempt, posting and note movement of the ledger exactly once, as the ledger holds it', () => {
    expect(carried('trades')).toEqual(tableAsTravelling('select * from trades order by receipt_no'));
    expect(carried('voids')).toEqual(tableAsTravelling('select * from voids order by created_at'));
    expect(carried('attempts')).toEqual(tableAsTravelling('select * from attempts order by created_at'));
    const byId = (rows: Record<string, string | null>[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));
    expect(byId(carried('postings'))).toEqual(tableAsTravelling('select * from postings order by id'));
    // Notes (issue 21, migration 028): a row per transaction, place, currency and direction, by its key.
    const byKey = (rows: Record<string, string | null>[]) => [...rows].sort((a, b) => `${a.business_date}|${a.txn_id}|${a.location}|${a.currency}|${a.sign}`.localeCompare(`${b.business_date}|${b.txn_id}|${b.location}|${b.currency}|${b.sign}`));
    expect(carried('note_bundles').length).toBeGreaterThan(0);
    expect(byKey(carried('note_bundles'))).toEqual(byKey(tableAsTravelling('select * from note_bundles')));
    // A trade's event carries its postings, which balance per currency (double entry).
    const commit = events.find((e) => e.action === 'trade.commit')!;
    const sums = new Map<string, bigint>();
    for (const p of commit.rows!.postings!) sums.set(p.currency!, (sums.get(p.currency!) ?? 0n) + BigInt(p.amount_minor!));
    expect([...sums.values()].every((v) => v === 0n)).toBe(true);
  });

  it('never carry a password hash, and no integer as a JSON number', () => {
    expect(carried('people').length).toBeGreaterThan(0);
    for (const p of carried('people')) expect(Object.keys(p)).not.toContain('password_hash');
    expect(JSON.stringify(events)).not.toMatch(/password_hash/);
    for (const e of events) for (const rows of Object.values(e.rows ?? {})) for (const r of rows) for (const v of Object.values(r)) expect(typeof v === 'string' || v === null).toBe(true);
  });

  it('chain: the hub verifies it from the events alone, batch after batch, and sees a gap, a changed entry and a broken link', () => {
    expect(checkChain(undefined, events)).toEqual({ ok: true, last: { seq: events.at(-1)!.seq, hash: events.at(-1)!.hash } });
    const first = events.slice(0, 10);
    const rest = events.slice(10);
    const held = checkChain(undefined, first);
    expect(held.ok && checkChain(held.last, rest).ok).toBe(true);
    expect(checkChain(undefined, [...events.slice(0, 4), ...events.slice(5)])).toEqual({ ok: false, seq: events[5]!.seq, problem: 'gap' });
    const changed = events.map((e, i) => (i === 6 ? { ...e, detail: e.detail.replace('}', ',"x":1}') } : e));
    expect(checkChain(undefined, changed)).toEqual({ ok: false, seq: events[6]!.seq, problem: 'hash' });
    const relinked = events.map((e, i) => (i === 6 ? { ...e, prevHash: '0'.repeat(64) } : e));
    expect(checkChain(undefined, relinked)).toEqual({ ok: false, seq: events[6]!.seq, problem: 'link' });
    expect(checkChain(undefined, events.slice(1))).toEqual({ ok: false, seq: events[1]!.seq, problem: 'gap' });
  });

  it('are read in batches of at most MAX_EVENTS, after a sequence number', () => {
    expect(eventsSince(h.raw.ledger, 5n, 3).map((e) => e.seq)).toEqual(['6', '7', '8']);
    expect(eventsSince(h.raw.ledger, BigInt(events.length), 10)).toEqual([]);
    expect(() => eventsSince(h.raw.ledger, 0n, MAX_EVENTS + 1)).toThrow(/limit/);
  });
});

describe('the hash', () => {
  it('the hub\'s (pure, @noble/hashes) and the terminal\'s (node:crypto) agree on any entry', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 62n }), text, text, text, text, text, text, fc.stringMatching(/^[0-9a-f]{64}$/), (id, at, actor, action, entity, entityId, detail, prev) => {
        const stored = { id, at, actor, action, entity, entity_id: entityId, detail };
        expect(eventHash(prev, { seq: String(id), at, actor, action, entity, entityId, detail })).toBe(entryHash(prev, stored));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
    );
  });
});

describe('a terminal\'s request body (asciiJson)', () => {
  it('is ASCII and the same JSON value as JSON.stringify gives, whatever the text (Chinese, emoji, half a surrogate pair, controls)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), (value, name, odd) => {
        const x = { value, name, odd };
        const text = asciiJson(x);
        expect(Buffer.from(text, 'utf8').every((b) => b < 0x80)).toBe(true);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(x)));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) },
    );
    expect(asciiJson({ name: '张三' })).toBe('{"name":"\\u5f20\\u4e09"}');
  });
});

describe('the hub\'s plain check of an event (readHubEvent, hub/ingest.ts)', () => {
  const text = fc.string({ maxLength: 12 });
  const row = fc.dictionary(fc.string({ maxLength: 6 }), fc.option(text, { nil: null }), { maxKeys: 4 });
  const valid = fc.record({
    seq: fc.bigInt({ min: 1n, max: 10n ** 19n - 1n }).map(String),
    at: text, actor: text, action: text, entity: text, entityId: text, detail: text,
    prevHash: fc.option(text, { nil: null }), hash: fc.option(text, { nil: null }),
    rows: fc.dictionary(fc.constantFrom(...EVENT_TABLES), fc.array(row, { maxLength: 3 }), { maxKeys: 3 }),
  }, { requiredKeys: ['seq', 'at', 'actor', 'action', 'entity', 'entityId', 'detail', 'prevHash', 'hash'] });
  /** One thing wrong, or nothing: a field replaced by any JSON value or left out, a key added, a row's value or a table changed. */
  const mutated = fc.tuple(valid, fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 8 }), fc.integer({ min: 0, max: 5 })).map(([e, n, value, key, how]) => {
    const x: Record<string, unknown> = JSON.parse(JSON.stringify(e));
    const keys = Object.keys(x);
    const field = keys[n % keys.length]!;
    const rows = x.rows as Record<string, Record<string, unknown>[]> | undefined;
    const list = rows ? Object.values(rows).find((l) => l.length > 0) : undefined;
    if (how === 1) x[field] = value;
    if (how === 2) delete x[field];
    if (how === 3) x[key] = value;
    if (how === 4 && list) list[0]![key] = value;
    if (how === 5 && rows) rows[key] = [];
    return x;
  });

  it('accepts and refuses exactly what the schema (hubEvent) does, and returns the event as it came', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, fc.jsonValue({ maxDepth: 3 })), (x) => {
        const value = JSON.parse(JSON.stringify(x)) as unknown; // what the hub's JSON.parse hands it
        const plain = readHubEvent(value);
        const zod = hubEvent.safeParse(value);
        expect(plain.ok, plain.ok ? 'accepted' : plain.problem).toBe(zod.success);
        if (plain.ok) expect(plain.event).toEqual(zod.data);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 2_000) },
    );
  });

  it('accepts every event of the day, and names the field that is wrong', () => {
    for (const e of events) expect(readHubEvent(JSON.parse(JSON.stringify(e))).ok, e.seq).toBe(true);
    const first = JSON.parse(JSON.stringify(events.find((e) => e.rows?.postings)!)) as Record<string, unknown> & { rows: { postings: Record<string, unknown>[] } };
    expect(readHubEvent({ ...first, seq: 1 })).toEqual({ ok: false, problem: 'seq: not a sequence number' });
    expect(readHubEvent({ ...first, seq: '007' })).toEqual({ ok: false, problem: 'seq: not a sequence number' });
    expect(readHubEvent({ ...first, extra: 1 })).toEqual({ ok: false, problem: 'extra: not a field of an event' });
    expect(readHubEvent({ ...first, hash: undefined })).toEqual({ ok: false, problem: 'hash: not text or null' });
    expect(readHubEvent({ ...first, rows: { ...first.rows, ledger: [] } })).toEqual({ ok: false, problem: 'rows.ledger: not a table an event carries' });
    first.rows.postings[0]!.amount_minor = 100;
    expect(readHubEvent(first)).toEqual({ ok: false, problem: 'rows.postings.0.amount_minor: not text or null' });
  });
});

// ---- issue 21 (notes kept with the trade, migration 028) ----
describe('notes in the events: a row per transaction, place, currency and direction; a counter before 028 sent a row per denomination', () => {
  /** An event as a counter before 028 made it: its notes a note_movements row per denomination, the count signed. */
  function asBefore028(e: HubEvent, ids: { next: bigint }): HubEvent {
    const bundles = e.rows?.note_bundles;
    if (!bundles) return e;
    const { note_bundles: _gone, ...rest } = e.rows!;
    const movements = bundles.flatMap((b) => [...bundleNotes(b.notes!)].map(([d, n]) => ({
      id: String(ids.next++), txn_id: b.txn_id!, location: b.location!, currency: b.currency!, denomination_minor: String(d),
      count: String(BigInt(b.sign!) * n), business_date: b.business_date!, created_at: b.created_at!,
    })));
    return { ...e, rows: { ...rest, note_movements: movements } };
  }
  const tableOf = (db: import('better-sqlite3').Database, sql: string) => (db.prepare(sql).safeIntegers(true).all() as Record<string, unknown>[])
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));

  it('bundlesOf groups the old rows by transaction, place, currency and direction, adding up a denomination', () => {
    const at = { business_date: '2026-03-10', created_at: '2026-03-10T02:00:00.000Z' };
    expect(bundlesOf([
      { id: '1', txn_id: 'T1', location: 'till', currency: 'USD', denomination_minor: '10000', count: '2', ...at },
      { id: '2', txn_id: 'T1', location: 'till', currency: 'USD', denomination_minor: '5000', count: '1', ...at },
      { id: '3', txn_id: 'T1', location: 'till', currency: 'CNY', denomination_minor: '10000', count: '-7', ...at },
      { id: '4', txn_id: 'T1', location: 'till', currency: 'USD', denomination_minor: '10000', count: '1', ...at },
      { id: '5', txn_id: 'T1', location: 'till', currency: 'USD', denomination_minor: '1', count: '-300', ...at },
    ])).toEqual([
      { ...at, txn_id: 'T1', location: 'till', currency: 'USD', sign: '1', notes: '{"10000":3,"5000":1}' },
      { ...at, txn_id: 'T1', location: 'till', currency: 'CNY', sign: '-1', notes: '{"10000":7}' },
      { ...at, txn_id: 'T1', location: 'till', currency: 'USD', sign: '-1', notes: '{"1":300}' },
    ]);
  });

  it('a counter rebuilt from a day of events sent before 028 holds the same notes and note stock as the counter that sent them', () => {
    const ids = { next: 1n };
    const old = events.map((e) => asBefore028(e, ids));
    expect(old.some((e) => e.rows?.note_movements?.length)).toBe(true);
    // What the hub took from such a counter passes its schema as it did.
    for (const e of old) expect(readHubEvent(JSON.parse(JSON.stringify(e))).ok, e.seq).toBe(true);
    const dir = tempDir('notes-before-028-');
    const db = openLedger(join(dir, 'ledger.sqlite'), TEST_KEY);
    try {
      let state = replayStart(db);
      // Pages of 7: a day close's variance notes come with its movement and again with the close.
      for (let i = 0; i < old.length; i += 7) state = replayPage(db, old.slice(i, i + 7), state);
      const bundles = 'select * from note_bundles order by business_date, txn_id, location, currency, sign';
      expect(tableOf(db, bundles)).toEqual(tableOf(h.raw.ledger, bundles));
      const stock = 'select * from note_stock where count <> 0 order by location, currency, denomination_minor';
      expect(tableOf(db, stock)).toEqual(tableOf(h.raw.ledger, stock));
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
