// The answers of the contract, checked on real answers: every method called on a real ledger (the
// usual outlet, real trades) answers something its output schema (shared/api)
// accepts, strictly: a field that is not in the contract, a JSON number for an amount or a bigint
// fails. And customers.lookup shows the person's standing in the monitoring system (status and
// annual quota left, 个人外汇管理办法实施细则 第二条), or says it is unknown, never an error.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outputs, type MethodName, type Outputs } from '../shared/api';
import type { CancelRequest, MonitoringAdapter, PersonRef } from '../electron/monitoring/adapter';
import type { Entry, QuotaData } from '../electron/monitoring/protocol';
import type { Terminal } from '../electron/terminal/terminal';
import { ALICE, BOB_PASSPORT, RecordingMonitoring, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';

type Covered = keyof Outputs & MethodName;

/** The answer parses with its method's schema, as it is and as it travels (JSON: a bigint cannot). */
function conforms<M extends Covered>(method: M, value: unknown): Outputs[M] {
  const schema = outputs[method];
  const parsed = schema.parse(value) as Outputs[M];
  schema.parse(JSON.parse(JSON.stringify(value)));
  called.add(method);
  return parsed;
}

const called = new Set<MethodName>();
let h: Harness;

beforeAll(async () => {
  h = openHarness();
  await stockOutlet(h.terminal);
});
afterAll(() => h.close());

describe('every answer fits its output schema, strictly', () => {
  it('the session, the outlet, the policy, the rates', async () => {
    const t = h.terminal;
    const info = conforms('session.info', ok(await t.call('session.info', {})));
    expect(info.businessDate).toBe('2026-03-10');
    conforms('outlet.get', ok(await t.call('outlet.get', {})));
    const policies = conforms('policies.list', ok(await t.call('policies.list', {})));
    expect(policies[0]!.params.annualQuotaUsd).toBe('50000');
    const board = conforms('rates.board', ok(await t.call('rates.board', {})));
    expect(board.map((r) => r.currency)).toEqual(['EUR', 'HKD', 'JPY', 'USD']);
    conforms('rates.history', ok(await t.call('rates.history', { currency: 'USD' })));
    conforms('rates.set', ok(await t.call('rates.set', { currency: 'HKD', buyPer100: '90.50', sellPer100: '92.50', fee: '1', setBy: 'sup1' })));
    const conv = conforms('conversionRates.get', ok(await t.call('conversionRates.get', { month: '2026-03' })));
    expect(conv.rates).toContainEqual({ currency: 'JPY', usdPerUnit: '0.0068' });
    conforms('conversionRates.import', ok(await t.call('conversionRates.import', { month: '2026-04', csv: 'EUR,1.25\n', importedBy: 'sup1' })));
    conforms('cash.onHand', ok(await t.call('cash.onHand', {})));
    conforms('cash.fund', ok(await t.call('cash.fund', { currency: 'USD', amount: '100', note: '补充 top-up', actor: 'mgr1' })));
  });

  it('a customer, a quote, trades (real-time, back-fill, void, reprint) and the day', async () => {
    const t = h.terminal;
    const before = conforms('customers.lookup', ok(await t.call('customers.lookup', { idType: ALICE.idType, idNumber: ALICE.idNumber })));
    expect([before.known, before.today.count]).toEqual([false, 0]);
    const quote = conforms('trades.quote', ok(await t.call('trades.quote', {
      customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100', side: 'foreign', tellerId: 'teller1',
    })));
    expect(quote.rmb).toEqual({ currency: 'CNY', amount: '710' });
    const small = conforms('trades.commit', ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' })));
    const large = conforms('trades.commit', ok(await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'EUR', amount: '800' })));
    expect([small.reportingPath, large.reportingPath, large.channel]).toEqual(['backfill', 'realtime', '42']);
    const voided = conforms('trades.void', ok(await t.call('trades.void', { tradeId: large.id, reason: '客户反悔 changed mind', tellerId: 'teller1', supervisorId: 'sup1' })));
    expect(voided.void?.supervisorId).toBe('sup1');
    expect(conforms('trades.get', ok(await t.call('trades.get', { receiptNo: large.receiptNo }))).status).toBe('void');
    expect(conforms('trades.list', ok(await t.call('trades.list', {}))).map((x) => x.receiptNo)).toEqual([large.receiptNo, small.receiptNo]);
    const day = conforms('trades.personDay', ok(await t.call('trades.personDay', { idType: ALICE.idType, idNumber: ALICE.idNumber })));
    expect([day.count, day.usdTotal, day.remaining.settlement]).toEqual([1, '100', '4900']);
    const after = conforms('customers.lookup', ok(await t.call('customers.lookup', { idType: ALICE.idType, idNumber: ALICE.idNumber })));
    expect([after.known, after.name, after.today.count]).toEqual([true, '张三', 1]);
    conforms('trades.reprint', ok(await t.call('trades.reprint', { receiptNo: small.receiptNo, tellerId: 'teller1' })));
    const preview = conforms('trades.preview', ok(await t.call('trades.preview', { receiptNo: small.receiptNo })));
    expect(preview.lines.customer.join('\n')).toContain(String(small.receiptNo));
  });

  it('the printer, the queue and the monitoring system', async () => {
    const t = h.terminal;
    const printer = conforms('printer.status', ok(await t.call('printer.status', {})));
    expect(printer).toEqual({ configured: false, failedJobs: [] });
    expect(conforms('printer.jobs', ok(await t.call('printer.jobs', {}))).length).toBeGreaterThan(0);
    conforms('printer.printPending', ok(await t.call('printer.printPending', {})));
    const status = conforms('queue.status', ok(await t.call('queue.status', {})));
    expect(status.pending).toBe(2); // the back-fill and the cancel of the voided real-time trade
    conforms('queue.list', ok(await t.call('queue.list', {})));
    expect(conforms('queue.syncNow', ok(await t.call('queue.syncNow', {})))).toEqual({ delivered: 2, retrying: 0, needsAttention: 0 });
    const list = conforms('monitoring.backfillList', ok(await t.call('monitoring.backfillList', { date: '2026-03-10' })));
    expect(list.map((l) => [l.state, l.refNo !== undefined])).toEqual([['delivered', true]]);
    conforms('monitoring.reconcile', ok(await t.call('monitoring.reconcile', { date: '2026-03-10' })));
    // As if the monitoring system had refused a row and a person had since fixed the cause.
    const id = Number(t.ledger.prepare("select id from outbox where kind = 'backfill'").pluck().get());
    t.ledger.prepare("update outbox set state = 'needs_attention' where id = ?").run(id);
    expect(conforms('queue.retry', ok(await t.call('queue.retry', { id, supervisorId: 'sup1' }))).state).toBe('pending');
  });

  it('a later policy version', async () => {
    const [current] = ok(await h.terminal.call('policies.list', {}));
    conforms('policies.load', ok(await h.terminal.call('policies.load', {
      version: 2, effectiveDate: '2027-01-01', source: 'test', params: { ...current!.params, quoteValiditySeconds: 120 }, loadedBy: 'mgr1',
    })));
  });

  it('checked the answer of every method of the teller terminal before reserves and the day close', () => {
    // Methods added since (reserves, cash by note, day close, reports, calendar, ...) are checked
    // by their own tests; GET /api/contract checks that each has an output schema.
    const FIRST_METHODS = [
      'session.info', 'outlet.get', 'policies.list', 'policies.load', 'rates.set', 'rates.board', 'rates.history',
      'conversionRates.import', 'conversionRates.get', 'customers.lookup', 'trades.quote', 'trades.commit', 'trades.void',
      'trades.get', 'trades.list', 'trades.personDay', 'trades.reprint', 'trades.preview', 'printer.status', 'printer.jobs',
      'printer.printPending', 'cash.onHand', 'cash.fund', 'queue.status', 'queue.list', 'queue.retry', 'queue.syncNow',
      'monitoring.backfillList', 'monitoring.reconcile',
    ] as const satisfies readonly Covered[];
    expect(FIRST_METHODS.filter((m) => !called.has(m))).toEqual([]);
  });

  it('refuses what is not the contract: an unknown field, a JSON number for an amount, a bigint', async () => {
    const trades = ok(await h.terminal.call('trades.list', {}));
    const one = trades[0]!;
    expect(outputs['trades.get'].safeParse(one).success).toBe(true);
    expect(outputs['trades.get'].safeParse({ ...one, secret: 'x' }).success).toBe(false);
    expect(outputs['trades.get'].safeParse({ ...one, usdEquivalent: 100 }).success).toBe(false);
    expect(outputs['trades.get'].safeParse({ ...one, rmb: { currency: 'CNY', amount: '1e3' } }).success).toBe(false);
    expect(outputs['trades.get'].safeParse({ ...one, receiptNo: BigInt(one.receiptNo) }).success).toBe(false);
    expect(outputs['rates.board'].safeParse([{ ...ok(await h.terminal.call('rates.board', {}))[0]!, extra: true }]).success).toBe(false);
  });
});

// ---- customers.lookup and the monitoring system ----

/** Answers the quota query like the monitoring system does, per trade type; records the rest. */
class AnsweringMonitoring implements MonitoringAdapter {
  asked: string[] = [];
  private readonly inner = new RecordingMonitoring();
  constructor(private readonly answers: Record<'JH' | 'GH', Partial<QuotaData>>, private readonly delayMs = 0) {}
  async quota(_person: PersonRef, tradeType: 'JH' | 'GH'): Promise<QuotaData> {
    this.asked.push(tradeType);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs).unref());
    return { tradeType, usedUsd: '0', leftUsd: '50000', cashTodayUsd: '0', personType: 'domestic', status: '01', noticeGiven: '0', ...this.answers[tradeType] };
  }
  register = (entry: Entry) => this.inner.register(entry);
  backfill = (entry: Entry) => this.inner.backfill(entry);
  cancel = (request: CancelRequest) => this.inner.cancel(request);
  findBySerial = (serial: string) => this.inner.findBySerial(serial);
  recordsOn = () => this.inner.recordsOn();
}

const lookupOf = async (t: Terminal) => conforms('customers.lookup', ok(await t.call('customers.lookup', { idType: ALICE.idType, idNumber: ALICE.idNumber })));

describe('customers.lookup: the standing in the monitoring system', () => {
  let other: Harness | undefined;
  afterEach(() => {
    other?.close();
    other = undefined;
  });

  it('个人外汇管理办法实施细则 第二条: shows the status and the annual quota left for settlement and for purchase', async () => {
    const monitoring = new AnsweringMonitoring({
      JH: { usedUsd: '12000.5', leftUsd: '37999.5', cashTodayUsd: '300', status: '02' },
      GH: { usedUsd: '49800', leftUsd: '200', cashTodayUsd: '300', status: '02' },
    });
    other = openHarness({ monitoring });
    const found = await lookupOf(other.terminal);
    expect(found.monitoring).toEqual({
      online: true, status: 'prewatch', cashTodayUsd: '300', annualQuotaUsd: '50000',
      settlement: { quotaUsedUsd: '12000.5', quotaLeftUsd: '37999.5' },
      purchase: { quotaUsedUsd: '49800', quotaLeftUsd: '200' },
    });
    expect(monitoring.asked.sort()).toEqual(['GH', 'JH']);
  });

  it('a person on the watch list for one trade type is shown as on the watch list', async () => {
    other = openHarness({ monitoring: new AnsweringMonitoring({ JH: { status: '01' }, GH: { status: '03' } }) });
    const found = await lookupOf(other.terminal);
    expect(found.monitoring.online && found.monitoring.status).toBe('watch');
  });

  it('an invalid ID is refused before the monitoring system is asked', async () => {
    const monitoring = new AnsweringMonitoring({ JH: {}, GH: {} });
    other = openHarness({ monitoring });
    const r = await other.terminal.call('customers.lookup', { idType: '01', idNumber: '110105194912310021' });
    expect(r.ok).toBe(false);
    expect(monitoring.asked).toEqual([]);
  });

  it('offline (the system refuses the connection): the standing is unknown, the lookup still answers', async () => {
    other = openHarness(); // RecordingMonitoring: the quota query always fails
    const found = await lookupOf(other.terminal);
    expect(found.monitoring).toEqual({ online: false, reason: 'noAnswer' });
    expect(found.today.count).toBe(0);
  });

  it('no monitoring system configured: says so', async () => {
    other = openHarness({ monitoring: null });
    expect((await lookupOf(other.terminal)).monitoring).toEqual({ online: false, reason: 'notConfigured' });
  });

  it('a system too slow to answer within the quote timeout (1.5 s): unknown, and the lookup does not wait for it', async () => {
    other = openHarness({ monitoring: new AnsweringMonitoring({ JH: {}, GH: {} }, 30_000) });
    const started = Date.now();
    expect((await lookupOf(other.terminal)).monitoring).toEqual({ online: false, reason: 'noAnswer' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
