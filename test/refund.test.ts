// A refund on a later day (issue 19 item 2; docs/compliance-refund.md): the Terminal with its
// interface-mode client talking over HTTP to the simulator in its own process, both on one clock.
// Yesterday's purchase is refunded today as a new opposite trade with its own receipt; SAFE's
// record of the original is cancelled (the annual quota given back); the refund counts neither
// against the day's limit (第二十九条) nor at SAFE; the month's 附表2 nets out.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InterfaceModeClient } from '../electron/monitoring/httpClient';
import type { QuotaData, RecordsData } from '../electron/monitoring/protocol';
import { ok, openHarness, refusedWithoutWrites, stockOutlet, trade, type Harness } from './helpers/terminal';
import { resident, startSimulator, type Simulator } from './helpers/simulator';

const DAY1 = '2026-03-16T02:00:00.000Z';
const DAY2 = '2026-03-17T03:00:00.000Z';
const FIXTURE = { conversionRates: { '2026-03': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' }, '2026-04': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' } } };

let sim: Simulator;
let h: Harness | undefined;

beforeAll(async () => {
  sim = await startSimulator({ fixture: FIXTURE, now: DAY1 });
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  h?.close();
  h = undefined;
});

const person = (n: number) => ({ idType: '01', idNumber: resident(n).idNumber, name: `客户${n}` });
const idOf = (n: number) => ({ idType: '01', idNumber: resident(n).idNumber });

async function open(start: string): Promise<Harness> {
  await sim.clock(start);
  h = openHarness({ start, monitoring: new InterfaceModeClient({ baseUrl: sim.url, connectTimeoutMs: 500, responseTimeoutMs: 800 }) });
  await stockOutlet(h.terminal);
  return h;
}

/** Both clocks to `iso`, and the board set again there (a board older than a day is stale). */
async function dayOf(hh: Harness, iso: string): Promise<void> {
  hh.clock.set(iso);
  await sim.clock(iso);
  for (const [currency, buyPer100, sellPer100] of [['USD', '710.00', '720.00'], ['EUR', '770.00', '790.00']] as const) {
    ok(await hh.terminal.call('rates.set', { currency, buyPer100, sellPer100, setBy: 'sup1' }));
  }
}

async function drain(hh: Harness): Promise<number> {
  let delivered = 0;
  for (let i = 0; i < 20; i++) {
    const r = ok(await hh.terminal.call('queue.syncNow', {}));
    delivered += r.delivered;
    if (r.delivered + r.retrying + r.needsAttention === 0) break;
  }
  return delivered;
}

async function cash(hh: Harness): Promise<Record<string, string>> {
  return Object.fromEntries(ok(await hh.terminal.call('cash.onHand', {})).map((m) => [m.currency, m.amount]));
}

async function quotaUsed(n: number, tradeType: 'JH' | 'GH'): Promise<string> {
  const q = await sim.api<QuotaData>('quota', { ...idOf(n), country: 'CHN', tradeType });
  return q.data!.usedUsd;
}

describe('issue 19 item 2: a refund on a later day', () => {
  it('第二十九条/第三十二条: yesterday\'s purchase refunded today: the cash back by currency, a receipt of its own, SAFE\'s record cancelled, the quota given back, the day\'s limit untouched', async () => {
    const hh = await open(DAY1);
    // Day 1: a resident buys USD 3,000 (real-time entry: over USD 500).
    const original = ok(await trade(hh.terminal, { customer: person(401), direction: 'purchase', currency: 'USD', amount: '3000' }));
    expect(original.reportingPath).toBe('realtime');
    expect(await quotaUsed(401, 'GH')).toBe('3000');

    // Day 2: the customer comes back with the receipt and the same ID card.
    await dayOf(hh, DAY2);
    const before = await cash(hh);
    const simBefore = await sim.stats();
    const refund = ok(await hh.terminal.call('trades.refund', {
      receiptNo: original.receiptNo, customer: idOf(401), reason: '行程取消 trip cancelled', tellerId: 'teller1', supervisorId: 'sup1',
    }));
    // A trade of today, opposite in direction, its own next receipt number, naming the original.
    expect(refund.businessDate).toBe('2026-03-17');
    expect(refund.direction).toBe('settlement');
    expect(refund.receiptNo).toBe(original.receiptNo + 1);
    expect(refund.refund).toMatchObject({ originalReceiptNo: original.receiptNo, originalTradeId: original.id, originalDate: '2026-03-16' });
    expect(refund.reportingPath).toBe('exempt');
    expect(refund.supervisorId).toBe('sup1');
    // At the original's rate: the customer gets back exactly what they paid, and hands back the dollars.
    expect(refund.ratePer100).toBe(original.ratePer100);
    expect(refund.customerReceives).toEqual(original.customerPays);
    expect(refund.customerPays).toEqual(original.customerReceives);
    const after = await cash(hh);
    expect(Number(after.USD) - Number(before.USD)).toBe(3000);
    expect(Number(before.CNY) - Number(after.CNY)).toBeCloseTo(Number(original.customerPays.amount), 2);
    // The original names its refund; the day's list shows both receipts.
    expect(ok(await hh.terminal.call('trades.get', { receiptNo: original.receiptNo })).refundedBy).toMatchObject({ receiptNo: refund.receiptNo, businessDate: '2026-03-17' });

    // The refund's receipt says what it is and which receipt it undoes (第三十五条).
    const paper = ok(await hh.terminal.call('trades.preview', { receiptNo: refund.receiptNo })).lines.customer.join('\n');
    expect(paper).toContain('退款 REFUND');
    expect(paper).toContain(`${original.receiptText} (2026-03-16)`);

    // SAFE: the original's record cancelled through the outbox; the refund itself never entered.
    expect(await drain(hh)).toBe(1);
    const records = await sim.api<RecordsData>('records', { serial: original.id });
    expect(records.data!.records.map((r) => r.status)).toEqual(['cancelled']);
    const simAfter = await sim.stats();
    expect(simAfter.records).toBe(simBefore.records);
    expect(simAfter.bySerial[refund.id]).toBeUndefined();
    // The customer's annual quota is given back (quota query), and JH's is not used by the refund.
    expect(await quotaUsed(401, 'GH')).toBe('0');
    expect(await quotaUsed(401, 'JH')).toBe('0');

    // 第二十九条: the refund does not count in the day: the whole USD 5,000 is still there today.
    const day = ok(await hh.terminal.call('trades.personDay', idOf(401)));
    expect(day.usdTotal).toBe('0');
    expect(day.remaining.purchase).toBe('5000');
    const quote = ok(await hh.terminal.call('trades.quote', { customer: person(401), direction: 'purchase', currency: 'USD', amount: '5000', side: 'foreign', tellerId: 'teller1' }));
    expect(quote.refusal).toBeUndefined();
    const full = ok(await trade(hh.terminal, { customer: person(401), direction: 'purchase', currency: 'USD', amount: '5000' }, { acknowledge: quote.prompts.map((p) => p.code), supervisorId: 'sup1' }));
    expect(full.receiptNo).toBe(refund.receiptNo + 1);
  });

  it('第三十二条: the month\'s 附表2 nets a purchase and its refund out; the reconciliation of either day lists nothing', async () => {
    const hh = await open(DAY1);
    const form0 = ok(await hh.terminal.call('reports.form2', { month: '2026-03' }));
    const original = ok(await trade(hh.terminal, { customer: person(402), direction: 'purchase', currency: 'USD', amount: '300' }));
    await drain(hh);
    const form1 = ok(await hh.terminal.call('reports.form2', { month: '2026-03' }));
    expect(form1.flows.domestic.sellCount).toBe(form0.flows.domestic.sellCount + 1);
    await dayOf(hh, DAY2);
    ok(await hh.terminal.call('trades.refund', { receiptNo: original.receiptNo, customer: idOf(402), reason: '退回 returned', tellerId: 'teller1', supervisorId: 'sup1' }));
    await drain(hh);
    const form2 = ok(await hh.terminal.call('reports.form2', { month: '2026-03' }));
    expect(form2.flows.domestic).toEqual(form0.flows.domestic);
    expect(form2.flows.customers).toEqual(form0.flows.customers);
    // The reconciliation: day 1's record cancelled at SAFE, its trade refunded here: not missing.
    const rec2 = ok(await hh.terminal.call('monitoring.reconcile', { date: '2026-03-17' }));
    // (SAFE's records of other tests' counters are not this terminal's: missingOnTerminal is theirs.)
    expect([...rec2.missingOnMonitoring, ...rec2.pendingDelivery, ...rec2.differentAmount, ...rec2.differentFields, ...rec2.voidedStillRecorded]).toEqual([]);
    const rec1 = ok(await hh.terminal.call('monitoring.reconcile', { date: '2026-03-16' }));
    // Day 1's trade, refunded, is cancelled at SAFE as it should be: nothing to look at.
    expect([...rec1.missingOnMonitoring, ...rec1.pendingDelivery, ...rec1.differentAmount, ...rec1.differentFields, ...rec1.voidedStillRecorded]).toEqual([]);
  });

  it('第三十二条: offline, the refund is made at once and the cancel of the original\'s record waits in the outbox until SAFE answers', async () => {
    const hh = await open(DAY1);
    const original = ok(await trade(hh.terminal, { customer: person(407), direction: 'purchase', currency: 'USD', amount: '1000' }));
    expect(await quotaUsed(407, 'GH')).toBe('1000');
    await dayOf(hh, DAY2);
    // SAFE unreachable for the next hour.
    await sim.down('2026-03-17T04:00:00.000Z');
    const refund = ok(await hh.terminal.call('trades.refund', { receiptNo: original.receiptNo, customer: idOf(407), reason: '退回 returned', tellerId: 'teller1', supervisorId: 'sup1' }));
    expect(refund.receiptNo).toBe(original.receiptNo + 1);
    const first = ok(await hh.terminal.call('queue.syncNow', {}));
    expect(first.delivered).toBe(0);
    expect(ok(await hh.terminal.call('queue.status', {})).pending).toBeGreaterThan(0);
    // Back online: the cancel goes out, the quota comes back.
    await sim.down('2026-03-17T00:00:00.000Z');
    hh.clock.set('2026-03-17T04:30:00.000Z');
    await sim.clock('2026-03-17T04:30:00.000Z');
    expect(await drain(hh)).toBe(1);
    expect(await quotaUsed(407, 'GH')).toBe('0');
  });

  it('refuses a receipt not found, of today, of another customer, voided, already refunded, a refund of a refund, one past the window, and without a supervisor; nothing written', async () => {
    const hh = await open(DAY1);
    const kept = ok(await trade(hh.terminal, { customer: person(403), direction: 'purchase', currency: 'USD', amount: '100' }));
    const voided = ok(await trade(hh.terminal, { customer: person(404), direction: 'settlement', currency: 'USD', amount: '100' }));
    ok(await hh.terminal.call('trades.void', { receiptNo: voided.receiptNo, reason: '录错 keyed wrong', tellerId: 'teller1', supervisorId: 'sup1' }));
    const input = (receiptNo: number, n = 403) => ({ receiptNo, customer: idOf(n), reason: '退回 returned', tellerId: 'teller1', supervisorId: 'sup1' });
    // Today's trade is voided, not refunded.
    const same = await refusedWithoutWrites(hh, () => hh.terminal.call('trades.refund', input(kept.receiptNo)), 'REFUND_SAME_DAY');
    expect(same.message.en).toContain('void it');

    await dayOf(hh, DAY2);
    await refusedWithoutWrites(hh, () => hh.terminal.call('trades.refund', input(9999)), 'TRADE_NOT_FOUND');
    // 第三十一条: the customer must show the same ID.
    await refusedWithoutWrites(hh, () => hh.terminal.call('trades.refund', input(kept.receiptNo, 499)), 'REFUND_CUSTOMER_MISMATCH');
    await refusedWithoutWrites(hh, () => hh.terminal.call('trades.refund', input(voided.receiptNo, 404)), 'TRADE_ALREADY_VOIDED');
    // Four eyes: the teller alone cannot refund.
    await refusedWithoutWrites(hh, () => hh.terminal.call('trades.refund', { receiptNo: kept.receiptNo, customer: idOf(403), reason: '退回', tellerId: 'teller1' }), 'SUPERVISOR_REQUIRED');
    const refund = ok(await hh.terminal.call('trades.refund', input(kept.receiptNo)));
    const again = await refusedWithoutWrites(hh, () => hh.terminal.call('trades.refund', input(kept.receiptNo)), 'REFUND_ALREADY_REFUNDED');
    expect(again.message.en).toContain(refund.receiptText);

    // The refund itself is not refunded, on a later day either.
    await dayOf(hh, '2026-03-18T03:00:00.000Z');
    await refusedWithoutWrites(hh, () => hh.terminal.call('trades.refund', input(refund.receiptNo)), 'REFUND_OF_REFUND');

    // The policy's window (30 days): a trade of 03-18 may come back until 04-17, not on 04-18.
    const late1 = ok(await trade(hh.terminal, { customer: person(405), direction: 'purchase', currency: 'USD', amount: '100' }));
    const late2 = ok(await trade(hh.terminal, { customer: person(406), direction: 'purchase', currency: 'USD', amount: '100' }));
    await dayOf(hh, '2026-04-17T03:00:00.000Z');
    ok(await hh.terminal.call('trades.refund', input(late1.receiptNo, 405)));
    await dayOf(hh, '2026-04-18T03:00:00.000Z');
    const old = await refusedWithoutWrites(hh, () => hh.terminal.call('trades.refund', input(late2.receiptNo, 406)), 'REFUND_TOO_OLD');
    expect(old.message.en).toContain('2026-04-17');
  });
});
