// Real-time entries with no trade behind them (issue 13 item 1): the entry is made at SAFE before
// the ledger commit, so a kill or a failed commit in between used to leave a record at SAFE the
// terminal did not have, counted against the customer's quota until someone noticed. Now an
// intent is written before the entry (migration 010), and one left without its trade is cancelled
// at SAFE (reason 06, remark 系统记账失败) or found never to have arrived (monitoring/intents.ts).
// Against the simulator as its own process, on a real ledger file.
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../electron/ledger/auditChain';
import { MonitoringError, type CancelRequest, type MonitoringAdapter, type PersonRef } from '../electron/monitoring/adapter';
import { InterfaceModeClient } from '../electron/monitoring/httpClient';
import type { Entry, RecordData, RecordsData } from '../electron/monitoring/protocol';
import { createTerminal, type Terminal } from '../electron/terminal/terminal';
import { ledgerViolations } from './helpers/invariants';
import { resident, startSimulator, type Simulator } from './helpers/simulator';
import { OUTLET, TEST_KEY, TEST_SCRYPT_N, TestClock, ok, openHarness, refused, staffed, stockOutlet, tempDir, unreachableMonitoring, type Harness } from './helpers/terminal';

const T0 = '2026-03-10T02:00:00.000Z';
const MINUTE = 60_000;

let sim: Simulator;
const open: { close(): void }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ now: T0, fixture: { persons: [], conversionRates: { '2026-03': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' } } } });
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  // Newest first: a terminal is closed before its folder is removed.
  for (const t of open.splice(0).reverse()) t.close();
});

function client(): MonitoringAdapter {
  return new InterfaceModeClient({ baseUrl: sim.url, connectTimeoutMs: 500, responseTimeoutMs: 2_000 });
}

/**
 * The simulator's client, with the cancels it was asked for kept, and a register that can be
 * held back (`gate`) or never answered once SAFE has the entry (`hang`: the terminal dies waiting).
 */
class Watched implements MonitoringAdapter {
  cancels: CancelRequest[] = [];
  registered: Entry[] = [];
  hang = false;
  gate: Promise<void> | undefined;
  /** Called as the register starts, before it is sent. */
  onRegister: (() => void) | undefined;
  /** A register answered with no answer at all, never reaching SAFE. */
  noAnswer = false;
  constructor(private readonly inner: MonitoringAdapter = client()) {}
  quota(p: PersonRef, t: 'JH' | 'GH') {
    return this.inner.quota(p, t);
  }
  async register(entry: Entry) {
    this.onRegister?.();
    if (this.gate) await this.gate;
    if (this.noAnswer) throw new MonitoringError('unknown', 'response timeout (test)');
    const answer = await this.inner.register(entry);
    this.registered.push(entry);
    if (this.hang) return new Promise<never>(() => undefined);
    return answer;
  }
  backfill(entry: Entry) {
    return this.inner.backfill(entry);
  }
  async cancel(request: CancelRequest) {
    this.cancels.push(request);
    return this.inner.cancel(request);
  }
  findBySerial(serial: string) {
    return this.inner.findBySerial(serial);
  }
  recordsOn(date: string) {
    return this.inner.recordsOn(date);
  }
}

/** A person of their own per test: SAFE's quota figures start from nothing. */
let nextPerson = 100;
function realtimeRequest() {
  const p = resident(nextPerson++);
  return { customer: { ...p, name: `客户${nextPerson}` }, direction: 'settlement' as const, currency: 'USD', amount: '1000', side: 'foreign' as const, tellerId: 'teller1' };
}

async function quoted(h: Harness, request: ReturnType<typeof realtimeRequest>) {
  const q = ok(await h.terminal.call('trades.quote', request));
  expect(q.reportingPath).toBe('realtime');
  return { ...request, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code) };
}

async function safeRecord(serial: string): Promise<RecordData | undefined> {
  const answer = await sim.api<RecordsData>('records', { serial });
  return answer.data?.records.find((r) => r.serial === serial);
}

async function usedUsd(request: ReturnType<typeof realtimeRequest>): Promise<string> {
  const answer = await sim.api<{ usedUsd: string }>('quota', { idType: request.customer.idType, idNumber: request.customer.idNumber, country: request.customer.country, tradeType: 'JH' });
  return answer.data!.usedUsd;
}

function intents(t: Pick<Terminal, 'ledger'>) {
  return t.ledger.prepare('select trade_id, state, ref_no from realtime_intents order by id').all() as { trade_id: string; state: string; ref_no: string | null }[];
}

function harness(monitoring: MonitoringAdapter, dir?: string): Harness {
  const h = openHarness({ start: T0, monitoring, ...(dir ? { dir } : {}) });
  open.push(h);
  return h;
}

function sound(h: Harness): void {
  expect(ledgerViolations(h.terminal.ledger)).toEqual([]);
  expect(verifyAuditChain(h.terminal.ledger).firstBroken).toBeUndefined();
}

describe('a real-time entry whose trade was never committed is withdrawn at SAFE (第三十二条(五))', () => {
  it('killed between the entry and the ledger commit: the next start cancels it with reason 06, and SAFE counts nothing against the customer', async () => {
    const dir = tempDir('intents-kill-');
    open.push({ close: () => rmSync(dir, { recursive: true, force: true }) });
    const first = new Watched();
    first.hang = true;
    const h1 = openHarness({ start: T0, monitoring: first, dir });
    await stockOutlet(h1.terminal);
    const request = realtimeRequest();
    const commit = await quoted(h1, request);
    // Never answered: SAFE holds the entry, and the terminal dies before its ledger commit.
    void h1.terminal.call('trades.commit', commit);
    await expect.poll(() => first.registered.length).toBe(1);
    const serial = first.registered[0]!.serial;
    h1.close();

    const record = await safeRecord(serial);
    expect(record?.status).toBe('recorded');
    expect(await usedUsd(request)).toBe('1000');

    // The next life: its sync loop starts with a round, which finds the intent without its trade.
    const second = new Watched();
    const clock = new TestClock(new Date(T0));
    const t = staffed(createTerminal({
      databasePath: `${dir}/ledger.sqlite`, databaseKey: TEST_KEY, outlet: OUTLET, clock: clock.now, monitoring: second,
      sync: { intervalMs: 3_600_000 }, log: () => undefined, scryptN: TEST_SCRYPT_N, idleSignOutMs: 86_400_000,
    }));
    open.push(t);
    await expect.poll(() => intents(t)).toEqual([{ trade_id: serial, state: 'cancelling', ref_no: null }]);
    expect(t.ledger.prepare('select count(*) from trades where id = ?').pluck().get(serial)).toBe(0n);
    // Not yet looked up: its entry might still have been on its way. Not missing either: it is
    // being withdrawn.
    let rec = ok(await t.call('monitoring.reconcile', { date: '2026-03-10' }));
    expect(rec.missingOnTerminal).toEqual([]);
    expect(rec.voidedStillRecorded).toEqual([{ tradeId: serial, refNo: record!.refNo, currency: 'USD', monitoringAmount: '1000' }]);
    expect(ok(await t.call('queue.status', {})).pending).toBe(1);

    clock.advance(2 * MINUTE);
    ok(await t.call('queue.syncNow', {}));
    expect(second.cancels).toEqual([{ refNo: record!.refNo, tradeType: 'JH', reason: '06', remark: '系统记账失败' }]);
    expect((await safeRecord(serial))?.status).toBe('cancelled');
    expect(await usedUsd(request)).toBe('0');
    expect(intents(t)).toEqual([{ trade_id: serial, state: 'cancelled', ref_no: record!.refNo }]);
    rec = ok(await t.call('monitoring.reconcile', { date: '2026-03-10' }));
    expect(rec.missingOnTerminal).toEqual([]);
    expect(rec.voidedStillRecorded).toEqual([]);
    expect(ok(await t.call('queue.status', {})).pending).toBe(0);
    expect(ledgerViolations(t.ledger)).toEqual([]);
    expect(verifyAuditChain(t.ledger).firstBroken).toBeUndefined();
    expect(t.ledger.prepare("select action from audit_log where entity = 'realtime_intent' order by id").pluck().all())
      .toEqual(['monitoring.intent_abandoned', 'monitoring.intent_cancelled']);
  });

  it('a ledger commit that fails after the entry: the entry is cancelled by its reference number, and the same quote cannot enter it again', async () => {
    const a = new Watched();
    const h = harness(a);
    await stockOutlet(h.terminal);
    const request = realtimeRequest();
    const commit = await quoted(h, request);
    h.terminal.ledger.exec("CREATE TEMP TRIGGER fail_trade BEFORE INSERT ON trades BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END");
    refused(await h.terminal.call('trades.commit', commit), 'INTERNAL_ERROR');
    h.terminal.ledger.exec('DROP TRIGGER fail_trade');
    const serial = a.registered[0]!.serial;
    const record = (await safeRecord(serial))!;
    expect(record.status).toBe('recorded');
    expect(intents(h.terminal)).toEqual([{ trade_id: serial, state: 'cancelling', ref_no: record.refNo }]);

    // The same quote again, through the interface: SAFE would answer with the entry being withdrawn.
    refused(await h.terminal.call('trades.commit', commit), 'QUOTE_STALE');
    expect(a.registered).toHaveLength(1);

    // No waiting: SAFE answered, nothing of it is still on its way.
    ok(await h.terminal.call('queue.syncNow', {}));
    expect(a.cancels).toEqual([{ refNo: record.refNo, tradeType: 'JH', reason: '06', remark: '系统记账失败' }]);
    expect((await safeRecord(serial))?.status).toBe('cancelled');
    expect(await usedUsd(request)).toBe('0');

    // Quoted again, the trade goes through once.
    const t = ok(await h.terminal.call('trades.commit', await quoted(h, request)));
    expect(t.id).not.toBe(serial);
    expect(await usedUsd(request)).toBe('1000');
    expect(intents(h.terminal).map((i) => i.state)).toEqual(['cancelled', 'committed']);
    expect(ok(await h.terminal.call('queue.status', {})).pending).toBe(0);
    sound(h);
  });

  it('no answer, and SAFE never had it: recorded as not at SAFE once the entry can no longer arrive; the page-mode fallback goes ahead meanwhile', async () => {
    const a = new Watched();
    a.noAnswer = true;
    const h = harness(a);
    await stockOutlet(h.terminal);
    const request = realtimeRequest();
    const commit = await quoted(h, request);
    refused(await h.terminal.call('trades.commit', commit), 'REALTIME_ENTRY_REQUIRED');
    const [intent] = intents(h.terminal);
    expect(intent).toMatchObject({ state: 'cancelling', ref_no: null });
    // The counter's next step: the teller enters it on SAFE's page, a supervisor confirms.
    const t = ok(await h.terminal.call('trades.commit', { ...commit, pageModeRefNo: 'JH202603100000009999', supervisorId: 'sup1' }));
    expect(t.id).toBe(intent!.trade_id);
    expect(t.channel).toBe('41');

    ok(await h.terminal.call('queue.syncNow', {}));
    expect(intents(h.terminal)[0]!.state).toBe('cancelling');
    h.clock.advance(2 * MINUTE);
    ok(await h.terminal.call('queue.syncNow', {}));
    expect(intents(h.terminal)).toEqual([{ trade_id: t.id, state: 'not_at_safe', ref_no: null }]);
    expect(a.cancels).toEqual([]);
    expect(ok(await h.terminal.call('queue.status', {})).pending).toBe(0);
    sound(h);
  });

  it('SAFE not reached at all (nothing was done there): nothing to cancel, nothing pending, and the same quote may be tried again', async () => {
    const h = harness(unreachableMonitoring());
    await stockOutlet(h.terminal);
    const commit = await quoted(h, realtimeRequest());
    refused(await h.terminal.call('trades.commit', commit), 'REALTIME_ENTRY_REQUIRED');
    refused(await h.terminal.call('trades.commit', commit), 'REALTIME_ENTRY_REQUIRED');
    expect(intents(h.terminal).map((i) => i.state)).toEqual(['not_at_safe', 'not_at_safe']);
    expect(ok(await h.terminal.call('queue.status', {})).pending).toBe(0);
    sound(h);
  });

  it('the sync loop leaves alone the intent of a commit still waiting for its entry', async () => {
    const a = new Watched();
    let release!: () => void;
    a.gate = new Promise((resolve) => (release = resolve));
    let sending!: () => void;
    const registering = new Promise<void>((resolve) => (sending = resolve));
    a.onRegister = sending;
    const h = harness(a);
    await stockOutlet(h.terminal);
    const commit = h.terminal.call('trades.commit', await quoted(h, realtimeRequest()));
    await registering;
    h.clock.advance(10 * MINUTE);
    ok(await h.terminal.call('queue.syncNow', { ignoreBackoff: true }));
    expect(intents(h.terminal).map((i) => i.state)).toEqual(['open']);
    release();
    const t = ok(await commit);
    expect(intents(h.terminal)).toEqual([{ trade_id: t.id, state: 'committed', ref_no: t.refNo }]);
    ok(await h.terminal.call('queue.syncNow', {}));
    expect(a.cancels).toEqual([]);
    expect((await safeRecord(t.id))?.status).toBe('recorded');
    sound(h);
  });
});

describe('the trade id is made with the quote: a commit is idempotent on it', () => {
  it('a commit sent twice is one trade, entered at SAFE once; the token is no good for another customer', async () => {
    const a = new Watched();
    const h = harness(a);
    await stockOutlet(h.terminal);
    const request = realtimeRequest();
    const commit = await quoted(h, request);
    const t1 = ok(await h.terminal.call('trades.commit', commit));
    const t2 = ok(await h.terminal.call('trades.commit', commit));
    expect(t2).toEqual(t1);
    expect(h.terminal.ledger.prepare('select count(*) from trades').pluck().get()).toBe(1n);
    expect(a.registered.map((e) => e.serial)).toEqual([t1.id]);
    expect((await sim.stats()).bySerial[t1.id]).toBe(1);
    const other = resident(nextPerson++);
    const e = refused(await h.terminal.call('trades.commit', { ...commit, customer: { ...other, name: '别人' } }), 'INVALID_INPUT');
    expect(e.message.en).toMatch(/quoteToken/);
    sound(h);
  });
});

describe('migration 010: real-time intents are never deleted, never rewritten, and only move forward', () => {
  it('refuses a delete, a changed entry, a step back, a second live intent for a serial and a changed reference number', async () => {
    const h = harness(new Watched());
    await stockOutlet(h.terminal);
    const t = ok(await h.terminal.call('trades.commit', await quoted(h, realtimeRequest())));
    const db = h.terminal.ledger;
    expect(intents(h.terminal)).toEqual([{ trade_id: t.id, state: 'committed', ref_no: t.refNo }]);
    expect(() => db.exec('delete from realtime_intents')).toThrow(/never deleted/);
    expect(() => db.exec(`update realtime_intents set payload = '{}'`)).toThrow(/never changes/);
    expect(() => db.exec(`update realtime_intents set state = 'open'`)).toThrow(/only moves forward/);
    expect(() => db.exec(`update realtime_intents set state = 'cancelled'`)).toThrow(/only moves forward/);
    const insert = (tradeId: string, state: string) => db.prepare(
      "insert into realtime_intents (trade_id, serial, trade_type, payload, business_date, teller_id, created_at, state, updated_at) values (?, ?, 'JH', '{}', '2026-03-10', 'teller1', ?, ?, ?)",
    ).run(tradeId, tradeId, T0, state, T0);
    expect(() => insert(t.id, 'open')).toThrow(/UNIQUE constraint failed/);
    expect(() => db.prepare("insert into realtime_intents (trade_id, serial, trade_type, payload, business_date, teller_id, created_at, state, updated_at) values ('a', 'b', 'JH', '{}', '2026-03-10', 't', 'x', 'open', 'x')").run()).toThrow(/CHECK constraint failed/);

    // A fresh one goes open → cancelling → cancelled, and stays there.
    insert('X1', 'open');
    const set = (sql: string) => db.prepare(`update realtime_intents set ${sql} where trade_id = 'X1'`).run();
    set("state = 'cancelling'");
    set("attempts = 1, last_error = 'busy'");
    set("ref_no = 'JH202603100000000001'");
    expect(() => set("ref_no = 'JH202603100000000002'")).toThrow(/only moves forward/);
    set("state = 'cancelled'");
    expect(() => set("state = 'not_at_safe'")).toThrow(/only moves forward/);
    expect(() => set("last_error = 'x'")).toThrow(/only moves forward/);
    // Found never to have arrived, a serial may be entered again.
    insert('X2', 'not_at_safe');
    insert('X2', 'open');
    expect(() => insert('X2', 'open')).toThrow(/UNIQUE constraint failed/);
  });
});
