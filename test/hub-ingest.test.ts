// The hub's inbox (issue 16, "Up: events, exactly once") on both its engines, the embedded PGlite
// and a real PostgreSQL server (test/helpers/hub.ts): a real terminal's day of trading, read as
// events, stored once however often a batch is sent; a gap, a fork, a changed entry or a broken
// link refused whole with its code and nothing stored; the head kept is the last entry's hash; and
// a database migrated by a newer hub is refused.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../shared/errors';
import { eventHash } from '../shared/sync/chain';
import type { HubEvent } from '../shared/sync/events';
import { asciiJson } from '../shared/sync/protocol';
import { eventsSince } from '../electron/ledger/events';
import { HubDatabaseNewerError, loadHubMigrations, migrateHub, openPGliteHub, type HubDatabase } from '../hub/db/open';
import { HUB_ENGINES } from './helpers/hub';
import { holdReserve } from '../hub/reserveAccounts';
import { ingest, MAX_BATCH, registerTerminal, terminalState } from '../hub/ingest';
import { changesSince } from '../hub/reference';
import { ALICE, ok, openHarness, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';

const NOW = () => new Date('2026-03-10T08:00:00.000Z');
/** A push's body as a terminal sends it (electron/hubClient/push.ts) and the inbox takes it. */
const pushBody = (events: unknown) => Buffer.from(JSON.stringify(events), 'utf8');
let h: Harness;
let events: HubEvent[];
const T = 'T-01';

beforeAll(async () => {
  h = openHarness({ start: '2026-03-10T02:00:00Z' });
  await stockOutlet(h.terminal);
  for (const amount of ['100', '200', '300']) ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount }));
  events = eventsSince(h.raw.ledger, 0n);
}, 120_000);
afterAll(() => h.close());

describe.each(HUB_ENGINES)('on $name', (engine) => {
  let hub: HubDatabase;
  let closeHub: () => Promise<void>;

  async function refusedWithNothingStored(batch: unknown, code: string, terminal = T): Promise<Refusal> {
    const before = await terminalState(hub, terminal);
    const e = await ingest(hub, terminal, Buffer.isBuffer(batch) ? batch : pushBody(batch), NOW).then(() => undefined, (x: unknown) => x);
    expect(e, `expected ${code}`).toBeInstanceOf(Refusal);
    expect((e as Refusal).code).toBe(code);
    expect((e as Refusal).failure.message.zh.length).toBeGreaterThan(0);
    expect(await terminalState(hub, terminal)).toEqual(before);
    return e as Refusal;
  }

  beforeAll(async () => {
    if (engine.missing) return;
    ({ db: hub, close: closeHub } = await engine.open(NOW));
    await registerTerminal(hub, { id: T, outletCode: '110000001' }, NOW);
  }, 120_000);
  afterAll(async () => {
    if (!engine.missing) await closeHub();
  });

  describe.skipIf(engine.missing !== undefined)('the hub takes a terminal\'s events exactly once', () => {
    it('stores a batch, and a batch sent again (overlapping or whole) stores nothing twice; the answer is the highest contiguous sequence', async () => {
      expect(events.length).toBeGreaterThan(20);
      const first = await ingest(hub, T, pushBody(events.slice(0, 10)), NOW);
      expect(first).toEqual({ held: '10', stored: 10 });
      // The answer to the first was lost: the terminal sends 6..20 (5 it sent, 10 new).
      expect(await ingest(hub, T, pushBody(events.slice(5, 20)), NOW)).toEqual({ held: '20', stored: 10 });
      expect(await ingest(hub, T, pushBody(events.slice(0, 20)), NOW)).toEqual({ held: '20', stored: 0 });
      expect(await ingest(hub, T, pushBody(events.slice(20)), NOW)).toEqual({ held: String(events.length), stored: events.length - 20 });
      expect(await ingest(hub, T, pushBody([]), NOW)).toEqual({ held: String(events.length), stored: 0 });
      const state = await terminalState(hub, T);
      expect(state).toEqual({ held: String(events.length), hash: events.at(-1)!.hash, events: String(events.length) });
      // What the hub holds of a trade is what the terminal holds.
      const commit = events.find((e) => e.action === 'trade.commit')!;
      const stored = await hub.selectFrom('hub_events').select(['rows', 'detail']).where('terminal_id', '=', T).where('seq', '=', BigInt(commit.seq)).executeTakeFirstOrThrow();
      expect(stored.rows).toEqual(commit.rows);
      expect(stored.detail).toBe(commit.detail);
    });

    it('indexes the trades for the look-ups; a trade row not as a ledger writes it (rows are outside the hash) is stored with its event, not indexed', async () => {
      await registerTerminal(hub, { id: 'T-03', outletCode: '110000001' }, NOW);
      const trades = events.filter((e) => e.action === 'trade.commit');
      expect(trades).toHaveLength(3);
      const bent = events.map((e) => (e === trades[1] ? { ...e, rows: { ...e.rows, trades: [{ ...e.rows!.trades![0]!, id_number: null, business_date: '2026-02-30' }] } } : e));
      expect(await ingest(hub, 'T-03', pushBody(bent), NOW)).toEqual({ held: String(events.length), stored: events.length });
      const indexed = await hub.selectFrom('hub_trades').select(['receipt_no', 'usd']).where('terminal_id', '=', 'T-03').orderBy('receipt_no').execute();
      expect(indexed.map((r) => [String(r.receipt_no), r.usd])).toEqual([['1', '100'], ['3', '300']]);
    });

    it('refuses, storing nothing: a gap, a fork, a changed entry, a broken link, an unknown terminal, a malformed or oversized batch', async () => {
      const held = events.length;
      // Fresh events the terminal has not made yet: its next entries, chained on.
      const more = eventsSince(h.raw.ledger, 0n).slice(0, 3);
      expect((await refusedWithNothingStored(more.map((e, i) => ({ ...e, seq: String(held + 2 + i) })), 'HUB_EVENTS_GAP')).failure.details).toMatchObject({ held: String(held), next: String(held + 1) });
      const forked = events.slice(held - 3).map((e, i) => (i === 1 ? { ...e, detail: e.detail.replace('}', ',"x":1}') } : e));
      await refusedWithNothingStored(forked, 'HUB_EVENTS_FORK');
      // A new terminal whose first entry was altered after it was hashed; then one whose link is broken.
      await registerTerminal(hub, { id: 'T-02', outletCode: '110000001' }, NOW);
      await refusedWithNothingStored(events.slice(0, 5).map((e, i) => (i === 3 ? { ...e, actor: 'someone else' } : e)), 'HUB_CHAIN_BROKEN', 'T-02');
      await refusedWithNothingStored(events.slice(0, 5).map((e, i) => (i === 3 ? { ...e, prevHash: 'f'.repeat(64) } : e)), 'HUB_CHAIN_BROKEN', 'T-02');
      await refusedWithNothingStored(events.slice(1, 5), 'HUB_EVENTS_GAP', 'T-02');
      expect(await ingest(hub, 'T-02', pushBody(events.slice(0, 5)), NOW)).toEqual({ held: '5', stored: 5 });
      await refusedWithNothingStored(events.slice(0, 2), 'HUB_TERMINAL_UNKNOWN', 'T-99');
      await refusedWithNothingStored({ batch: events }, 'HUB_BATCH_INVALID');
      await refusedWithNothingStored([{ ...events[0], seq: 1 }], 'HUB_BATCH_INVALID');
      await refusedWithNothingStored([events[3], events[5]], 'HUB_BATCH_INVALID');
      await refusedWithNothingStored(Array.from({ length: MAX_BATCH + 1 }, () => events[0]), 'HUB_BATCH_INVALID');
      await refusedWithNothingStored(Buffer.from('{"events": [', 'utf8'), 'HUB_BATCH_INVALID');
      await refusedWithNothingStored(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'HUB_BATCH_INVALID');
      await refusedWithNothingStored(Buffer.from(JSON.stringify({ events: events.slice(0, 2), more: 1 }), 'utf8'), 'HUB_BATCH_INVALID');
      await refusedWithNothingStored(Buffer.from(JSON.stringify({ events: 'none' }), 'utf8'), 'HUB_BATCH_INVALID');
    });

    it('stores the events from the very bytes the terminal signed: text the database cannot hold is refused, not stored or failed on; the earlier envelope {"events": [...]} is taken too, and in it a key given twice counts once, its last, as JSON.parse reads it', async () => {
      // A NUL and half a surrogate pair are JSON (\u0000, \ud800) and JavaScript text, but not
      // PostgreSQL text: the chain is made valid around them, so only the database can object.
      for (const [i, odd] of ['\u0000', '\ud800'].entries()) {
        const terminal = `T-1${i}`;
        await registerTerminal(hub, { id: terminal, outletCode: '110000001' }, NOW);
        const third = { ...events[2]!, detail: `{"note":"${odd}"}` };
        const rehashed = { ...third, hash: eventHash(third.prevHash!, third) };
        const refusal = await refusedWithNothingStored([events[0], events[1], rehashed], 'HUB_BATCH_INVALID', terminal);
        expect(refusal.failure.details).toMatchObject({ problem: expect.stringMatching(/cannot store/) });
        expect(await ingest(hub, terminal, pushBody(events.slice(0, 3)), NOW)).toEqual({ held: '3', stored: 3 });
      }
      // As a terminal sends it (asciiJson: Chinese as \u escapes), the same values are stored.
      await registerTerminal(hub, { id: 'T-13', outletCode: '110000001' }, NOW);
      expect(await ingest(hub, 'T-13', Buffer.from(asciiJson(events), 'latin1'), NOW)).toEqual({ held: String(events.length), stored: events.length });
      const asSent = async (t: string) => (await hub.selectFrom('hub_events').select(['seq', 'actor', 'detail', 'rows', 'hash']).where('terminal_id', '=', t).orderBy('seq').execute()).map((r) => ({ ...r, seq: String(r.seq) }));
      expect(JSON.stringify(events)).toContain('张三');
      expect(await asSent('T-13')).toEqual(await asSent(T));
      await registerTerminal(hub, { id: 'T-12', outletCode: '110000001' }, NOW);
      const twice = Buffer.from(`{"events": ${JSON.stringify([{ ...events[0], actor: 'not this' }])}, "events": ${JSON.stringify(events.slice(0, 4))}}`, 'utf8');
      expect(await ingest(hub, 'T-12', twice, NOW)).toEqual({ held: '4', stored: 4 });
      const held = await hub.selectFrom('hub_events').select(['seq', 'actor', 'hash']).where('terminal_id', '=', 'T-12').orderBy('seq').execute();
      expect(held.map((r) => [String(r.seq), r.actor, r.hash])).toEqual(events.slice(0, 4).map((e) => [e.seq, e.actor, e.hash]));
    });
  });

  it.skipIf(engine.missing !== undefined)('a database a newer hub migrated is refused, not touched', async () => {
    const { db, close } = await engine.open(NOW);
    try {
      await expect(migrateHub(db, loadHubMigrations().slice(0, 0), NOW)).rejects.toBeInstanceOf(HubDatabaseNewerError);
      expect(await db.selectFrom('hub_migrations').select('version').orderBy('version').execute()).toEqual(loadHubMigrations().map((m) => ({ version: m.version })));
    } finally {
      await close();
    }
  }, 120_000);
});

describe('the hub\'s migrations, each on a populated database (as the ledger\'s are)', () => {
  it('002 trust, 003 reference, 004 events by month, 008 outlets, 009 no ID number in the trade index, 010 outlets published, 011 receipt books, 012 receipt holds, 013 cash transfers, 014 outlet days, 015 reserve movements, 016 limit holds, 017 customer names, 018 reserve books, 019 outlet safe, 020 institution reserves, 021 last seen, 022 chain flags, 023 inspections, 024 report days: terminals and their events kept, moved into monthly partitions; each outlet a terminal names registered by its code and published to its counters; the new tables empty until used', async () => {
    const dir = tempDir('hub-');
    const v1 = await openPGliteHub({ dataDir: dir, now: NOW, migrations: loadHubMigrations().slice(0, 1) });
    // The first hub's terminal and head, as its inbox made them (before outlets were registered: 008).
    await sql`INSERT INTO hub_terminals (id, outlet_code, created_at) VALUES (${T}, '110000001', ${NOW()})`.execute(v1);
    await sql`INSERT INTO hub_heads (terminal_id, seq, hash, updated_at) VALUES (${T}, 0, NULL, ${NOW()})`.execute(v1);
    // What the first hub stored: five events, one table.
    for (const e of events.slice(0, 5)) {
      await sql`INSERT INTO hub_events (terminal_id, seq, at, actor, action, entity, entity_id, detail, prev_hash, hash, rows, received_at)
        VALUES (${T}, ${BigInt(e.seq)}, ${e.at}, ${e.actor}, ${e.action}, ${e.entity}, ${e.entityId}, ${e.detail}, ${e.prevHash}, ${e.hash}, ${e.rows === undefined ? null : JSON.stringify(e.rows)}, ${NOW()})`.execute(v1);
    }
    await sql`UPDATE hub_heads SET seq = 5, hash = ${events[4]!.hash} WHERE terminal_id = ${T}`.execute(v1);
    await v1.destroy();
    const v4 = await openPGliteHub({ dataDir: dir, now: NOW });
    // 002: the terminal kept, not enrolled.
    expect(await v4.selectFrom('hub_terminals').select(['id', 'public_key', 'enrolled_at', 'revoked_at']).execute()).toEqual([{ id: T, public_key: null, enrolled_at: null, revoked_at: null }]);
    // 008: the outlet the terminal names, known by its code until HQ names it; the counter by its id.
    expect(await v4.selectFrom('hub_outlets').select(['code', 'name', 'city_code', 'address']).execute()).toEqual([{ code: '110000001', name: '110000001', city_code: null, address: '' }]);
    expect(await v4.selectFrom('hub_terminals').select(['id', 'name', 'outlet_code']).execute()).toEqual([{ id: T, name: T, outlet_code: '110000001' }]);
    // 004: every event kept, the same, in its month's partition.
    expect(await terminalState(v4, T)).toEqual({ held: '5', hash: events[4]!.hash, events: '5' });
    const where = await sql<{ seq: string; part: string }>`SELECT seq::text AS seq, tableoid::regclass::text AS part FROM hub_events ORDER BY seq`.execute(v4);
    expect(where.rows).toEqual(events.slice(0, 5).map((e) => ({ seq: e.seq, part: `hub_events_${e.at.slice(0, 4)}_${e.at.slice(5, 7)}` })));
    expect(new Set(where.rows.map((r) => r.part)).size, 'the day of trading set up in one month and traded in another').toBe(2);
    const kept = await v4.selectFrom('hub_events').select(['seq', 'hash', 'detail', 'month']).orderBy('seq').execute();
    expect(kept.map((r) => [String(r.seq), r.hash, r.detail, r.month])).toEqual(events.slice(0, 5).map((e) => [e.seq, e.hash, e.detail, `${e.at.slice(0, 7)}-01`]));
    // 003: nobody yet; 004: the institution's key made, 64 hex characters.
    expect(await v4.selectFrom('hub_people').select('id').execute()).toEqual([]);
    // 010: the outlet published once to its counters as it stands (its counter by id, not revoked).
    expect((await v4.selectFrom('hub_changes').select(['version', 'kind', 'outlet_code', 'body', 'made_by']).execute()).map((r) => ({ ...r, version: String(r.version) }))).toEqual([
      { version: '1', kind: 'outlet', outlet_code: '110000001', made_by: 'hub', body: { code: '110000001', name: '110000001', cityCode: null, address: '', counters: [{ terminalId: T, name: T, revoked: false }] } },
    ]);
    expect((await changesSince(v4, '110000001', 0n)).changes.map((c) => c.kind), 'a change the counters can read').toEqual(['outlet']);
    // 011 and 012: no receipt book issued and no receipt held until a counter pulls or asks.
    expect(await v4.selectFrom('hub_receipt_books').select('code').execute()).toEqual([]);
    expect(await v4.selectFrom('hub_receipt_holds').select('receipt_no').execute()).toEqual([]);
    // 013: no notes in transit until a counter sends some; a 'transfer' change is one hub_changes takes.
    expect(await v4.selectFrom('hub_cash_transfers').select('id').execute()).toEqual([]);
    const change = (kind: string) => v4.transaction().execute(async (tx) => {
      await sql`INSERT INTO hub_changes (kind, outlet_code, body, made_by, made_at) VALUES (${kind}, '110000001', '{}', 'hub', ${NOW()})`.execute(tx);
      throw new Error('rolled back'); // hub_changes is append-only: the probe leaves nothing
    });
    await expect(change('transfer')).rejects.toThrow('rolled back');
    // 014: no counter's or outlet's day closed until one closes; an 'outletDay' change is one hub_changes takes.
    expect(await v4.selectFrom('hub_counter_days').select('terminal_id').execute()).toEqual([]);
    expect(await v4.selectFrom('hub_outlet_days').select('outlet_code').execute()).toEqual([]);
    await expect(change('outletDay')).rejects.toThrow('rolled back');
    // 015: the five events held are no reserve movement; no claim on any month yet.
    expect(await v4.selectFrom('hub_reserve_movements').select('id').execute()).toEqual([]);
    expect(await v4.selectFrom('hub_reserve_claims').select('month').execute()).toEqual([]);
    // 016: no customer's day held until a counter commits online.
    expect(await v4.selectFrom('hub_limit_holds').select('trade_id').execute()).toEqual([]);
    await expect(change('wallet')).rejects.toThrow(/hub_changes_kind_check/);
    expect((await v4.selectFrom('hub_settings').select('customer_key').executeTakeFirstOrThrow()).customer_key).toMatch(/^[0-9a-f]{64}$/);
    // 009: the trade index keeps no person key (ID number in clear), only the keyed hash.
    const columns = await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'hub_trades'`.execute(v4);
    expect(columns.rows.map((r) => r.name)).toContain('customer_key');
    expect(columns.rows.map((r) => r.name)).not.toContain('person_key');
    // 017: the trade index keeps the name the customer gave (none for trades indexed before).
    expect(columns.rows.map((r) => r.name)).toContain('customer_name');
    // 018: a book is the counter's reserve or not; none issued yet.
    const bookColumns = await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'hub_receipt_books'`.execute(v4);
    expect(bookColumns.rows.map((r) => r.name)).toContain('reserve');
    // 019: an outlet names the counter that keeps its safe; none named until HQ says.
    expect((await v4.selectFrom('hub_outlets').select('safe_terminal').execute()).every((o) => o.safe_terminal === null)).toBe(true);
    // 020: no account registered, no money held, until HQ registers and a counter takes out.
    expect(await v4.selectFrom('hub_reserve_accounts').select('id').execute()).toEqual([]);
    expect(await v4.selectFrom('hub_basic_account').select('id').execute()).toEqual([]);
    expect(await v4.selectFrom('hub_reserve_holds').select('movement_id').execute()).toEqual([]);
    await expect(change('reserveAccount')).rejects.toThrow('rolled back');
    await expect(change('basicAccount')).rejects.toThrow('rolled back');
    // 021: a counter from before has not been seen since (the live view says when it next is).
    expect(await v4.selectFrom('hub_terminals').select(['id', 'last_seen_at']).execute()).toEqual([{ id: T, last_seen_at: null }]);
    // 022: a counter from before is not flagged; a flag is one of the two refusals of a chain.
    expect(await v4.selectFrom('hub_terminals').select(['chain_problem', 'chain_problem_seq']).execute()).toEqual([{ chain_problem: null, chain_problem_seq: null }]);
    await expect(v4.transaction().execute(async (tx) => {
      await sql`UPDATE hub_terminals SET chain_problem = 'HUB_SOMETHING'`.execute(tx);
    })).rejects.toThrow(/chain_problem_check/);
    // 023: no inspection searched yet.
    expect(await v4.selectFrom('hub_inspections').select('id').execute()).toEqual([]);
    // 024: the reports' days summed from the events held (these are v3's: no trade was indexed then,
    // so none is in them; test/hub-reports.test.ts migrates a hub that held trades); no name yet.
    expect(await v4.selectFrom('hub_flow_days').select('terminal_id').execute()).toEqual([]);
    expect((await v4.selectFrom('hub_settings').select('institution_name').executeTakeFirstOrThrow()).institution_name).toBe('');
    // And the inbox goes on from where it was, into the partition.
    expect(await ingest(v4, T, pushBody(events.slice(5, 8)), NOW)).toEqual({ held: '8', stored: 3 });
    expect((await terminalState(v4, T))?.events).toBe('8');
    await v4.destroy();
  }, 120_000);
});

describe('020 institution reserves, on a hub holding reserve movements', () => {
  it('each movement indexed before says the account it went into and came out of, from its event; an account\'s balance is then every counter\'s movements through it', async () => {
    const dir = tempDir('hub-');
    const v19 = await openPGliteHub({ dataDir: dir, now: NOW, migrations: loadHubMigrations().slice(0, 19) });
    await registerTerminal(v19, { id: T, outletCode: '110000001' }, NOW);
    await sql.raw(`CREATE TABLE IF NOT EXISTS hub_events_2026_03 PARTITION OF hub_events FOR VALUES FROM ('2026-03-01') TO ('2026-04-01')`).execute(v19);
    // Two movements as 015's hub indexed them (no places), and the events that carried them.
    const moves = [
      { id: 'M1', kind: 'cash_deposit', business_date: '2026-03-09', in_place: 'ACC-1', in_currency: 'CNY', in_minor: '5000000', out_place: 'till', out_currency: 'CNY', out_minor: '5000000' },
      { id: 'M2', kind: 'cash_withdrawal', business_date: '2026-03-09', in_place: 'till', in_currency: 'CNY', in_minor: '1200000', out_place: 'ACC-1', out_currency: 'CNY', out_minor: '1200000' },
    ];
    for (const [i, m] of moves.entries()) {
      await sql`INSERT INTO hub_events (terminal_id, seq, month, at, actor, action, entity, entity_id, detail, prev_hash, hash, rows, received_at)
        VALUES (${T}, ${BigInt(i + 1)}, '2026-03-01', ${'2026-03-09T02:00:00.000Z'}, 'sup1', ${`reserves.${m.kind}`}, 'reserve_movement', ${m.id}, '{}', NULL, ${`h${i}`}, ${JSON.stringify({ reserve_movements: [m] })}, ${NOW()})`.execute(v19);
      await sql`INSERT INTO hub_reserve_movements (terminal_id, id, kind, business_date, in_currency, in_minor, out_currency, out_minor)
        VALUES (${T}, ${m.id}, ${m.kind}, ${m.business_date}, ${m.in_currency}, ${BigInt(m.in_minor)}, ${m.out_currency}, ${BigInt(m.out_minor)})`.execute(v19);
    }
    await v19.destroy();
    const v20 = await openPGliteHub({ dataDir: dir, now: NOW });
    try {
      expect(await v20.selectFrom('hub_reserve_movements').select(['id', 'in_place', 'out_place']).orderBy('id').execute()).toEqual([
        { id: 'M1', in_place: 'ACC-1', out_place: 'till' }, { id: 'M2', in_place: 'till', out_place: 'ACC-1' },
      ]);
      // Another counter may take out what this one paid in, less what it already took: 38,000.
      await registerTerminal(v20, { id: 'T-2', outletCode: '110000001' }, NOW);
      const hold = (minor: string) => holdReserve(v20, 'T-2', { movementId: `W${minor}`, accountId: 'ACC-1', currency: 'CNY', minor, ownMinor: '0' }, NOW);
      await expect(hold('3800001')).rejects.toMatchObject({ code: 'RESERVE_INSUFFICIENT' });
      expect(await hold('3800000')).toMatchObject({ held: true });
    } finally {
      await v20.destroy();
    }
  }, 120_000);
});

describe('the embedded hub database', () => {
  it('keeps its data in a folder, is migrated once, and a database a newer hub migrated is refused', async () => {
    const dir = tempDir('hub-');
    const db = await openPGliteHub({ dataDir: dir, now: NOW });
    await registerTerminal(db, { id: T, outletCode: '110000001' }, NOW);
    await db.destroy();
    const again = await openPGliteHub({ dataDir: dir, now: NOW });
    expect(await again.selectFrom('hub_migrations').select('version').orderBy('version').execute()).toEqual(loadHubMigrations().map((m) => ({ version: m.version })));
    expect((await terminalState(again, T))?.held).toBe('0');
    await again.destroy();
    const older = loadHubMigrations().slice(0, 0);
    await expect(openPGliteHub({ dataDir: dir, now: NOW, migrations: older })).rejects.toBeInstanceOf(HubDatabaseNewerError);
  }, 120_000);
});
