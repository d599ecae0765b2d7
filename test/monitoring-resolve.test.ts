// Offline trades SAFE later refuses (issue 14 item 10). Offline, a small trade is made without the
// monitoring system's word on the person (第三十二条(二)); when it comes back the back-fill is
// refused for good: a person on the watch list without the notice (2002) or over the annual quota
// (2001, 第三条). Sending the same entry again is refused again; a supervisor resolves the row
// (queue.resolve, 第三十二条(五)): the notice given and recorded at SAFE, then the entry sent with
// the notice flag; or the page-mode reference; or the trade reversed with the customer. The
// Terminal talks over HTTP to the simulator running as its own process, both on one clock.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InterfaceModeClient } from '../electron/monitoring/httpClient';
import { REF_NO, type Entry, type QuotaData } from '../electron/monitoring/protocol';
import { outputs } from '../shared/api';
import { snapshot, expectUnchanged } from './helpers/ledgerSnapshot';
import { ok, openHarness, refused, stockOutlet, trade, type Harness } from './helpers/terminal';
import { resident, startSimulator, type Simulator } from './helpers/simulator';

const T0 = '2026-03-10T01:00:00.000Z';
const BACK = '2026-03-10T03:00:00.000Z';
const DAY = '2026-03-10';
const FIXTURE = { conversionRates: { '2026-03': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' } }, persons: [] };

let sim: Simulator;
let h: Harness | undefined;

beforeAll(async () => {
  sim = await startSimulator({ fixture: FIXTURE, now: T0 });
});
afterAll(async () => {
  await sim.stop();
});
afterEach(async () => {
  h?.close();
  h = undefined;
  await sim.down(T0); // no longer down
});

const person = (n: number) => ({ idType: '01', idNumber: resident(n).idNumber, name: `客户${n}` });

/** A terminal talking to the simulator, both clocks at T0, and the system down until BACK. */
async function offline(): Promise<Harness> {
  await sim.clock(T0);
  h = openHarness({ start: T0, monitoring: new InterfaceModeClient({ baseUrl: sim.url, connectTimeoutMs: 500, responseTimeoutMs: 800 }) });
  await stockOutlet(h.terminal);
  await sim.down(BACK);
  return h;
}

async function back(hh: Harness): Promise<void> {
  hh.clock.set(BACK);
  await sim.clock(BACK);
}

async function drain(hh: Harness) {
  return ok(await hh.terminal.call('queue.syncNow', {}));
}

function outbox(hh: Harness, tradeId: string) {
  return hh.terminal.ledger.prepare('select id, kind, state, ref_no, last_error, payload, deadline_at from outbox where trade_id = ? order by id').all(tradeId) as {
    id: bigint; kind: string; state: string; ref_no: string | null; last_error: string | null; payload: string; deadline_at: string;
  }[];
}

/** A 300 USD settlement made offline for person `n`, refused for good once the system is back. */
async function refusedBackfill(hh: Harness, n: number, code: '2001' | '2002') {
  const t = ok(await trade(hh.terminal, { customer: person(n), direction: 'settlement', currency: 'USD', amount: '300' }));
  expect(t.reportingPath).toBe('backfill');
  await back(hh);
  expect(await drain(hh)).toEqual({ delivered: 0, retrying: 0, needsAttention: 1 });
  const status = ok(await hh.terminal.call('queue.status', {}));
  expect(status.needsAttention.map((r) => [r.tradeId, r.refusalCode])).toEqual([[t.id, code]]);
  return { trade: t, row: status.needsAttention[0]! };
}

const resolutionRows = (hh: Harness) => Number(hh.terminal.ledger.prepare('select count(*) from outbox_resolutions').pluck().get());

describe('a back-fill refused for want of the notice (2002): the supervisor gives it', () => {
  it('queue.retry alone is refused again; a teller cannot resolve; the notice is recorded at SAFE once and the entry goes with the notice flag', async () => {
    const hh = await offline();
    const watched = resident(960);
    await sim.person({ ...watched, status: '03', listing: { date: '2026-01-05', expiry: '2027-01-05', reasonCode: '01' }, noticeGiven: '0' });
    const { trade: t, row } = await refusedBackfill(hh, 960, '2002');
    expect(row.reason).toContain('2002');

    // Unchanged: sending the same data again is refused again.
    expect(ok(await hh.terminal.call('queue.retry', { id: row.id, supervisorId: 'sup1' })).state).toBe('pending');
    expect(await drain(hh)).toEqual({ delivered: 0, retrying: 0, needsAttention: 1 });
    expect(outbox(hh, t.id).map((r) => r.state)).toEqual(['needs_attention']);

    // A teller alone: refused before SAFE is asked anything, and nothing written.
    const before = snapshot(hh.terminal.ledger);
    const statsBefore = await sim.stats();
    const teller = hh.session('teller1');
    refused(await hh.raw.call('queue.resolve', { id: row.id, resolution: { kind: 'noticeGiven' } }, teller), 'SUPERVISOR_REQUIRED');
    // A supervisorId alone proves nothing.
    refused(await hh.raw.call('queue.resolve', { id: row.id, resolution: { kind: 'noticeGiven' }, supervisorId: 'sup1' }, teller), 'SUPERVISOR_REQUIRED');
    expectUnchanged(before, snapshot(hh.terminal.ledger), 'queue.resolve by a teller');
    expect((await sim.stats()).notices).toBe(statsBefore.notices);
    expect((await sim.stats()).requests).toBe(statsBefore.requests);

    // The teller, with the supervisor's approval in place.
    const r = outputs['queue.resolve'].parse(ok(await hh.terminal.call('queue.resolve', { id: row.id, resolution: { kind: 'noticeGiven' }, supervisorId: 'sup1' })));
    expect(r).toMatchObject({ kind: 'noticeGiven', tradeId: t.id, receiptNo: t.receiptNo, personStatus: '03', supervisorId: 'sup1', actor: 'teller1', businessDate: DAY });
    expect(r.refusal).toContain('2002');
    // Sent at once, with the notice flag, as a new row; the refused one is no longer to be sent.
    expect(r.row.state).toBe('delivered');
    expect(r.row.refNo).toMatch(REF_NO);
    const rows = outbox(hh, t.id);
    expect(rows.map((x) => [x.kind, x.state])).toEqual([['backfill', 'not_needed'], ['backfill', 'delivered']]);
    expect(Number(rows[1]!.id)).toBe(r.row.id);
    expect((JSON.parse(rows[0]!.payload) as Entry).noticeGiven).toBe(false);
    expect((JSON.parse(rows[1]!.payload) as Entry).noticeGiven).toBe(true);
    // 第三十二条(二): the window still runs from the trade.
    expect(rows[1]!.deadline_at).toBe(rows[0]!.deadline_at);
    expect(rows[0]!.last_error).toContain(`row ${r.row.id}`);

    // At SAFE: the notice recorded once, the trade entered once.
    const stats = await sim.stats();
    expect(stats.notices - statsBefore.notices).toBe(1);
    expect(stats.bySerial[t.id]).toBe(1);
    expect((await sim.api<QuotaData>('quota', { ...watched, tradeType: 'JH' })).data!.noticeGiven).toBe('1');

    // The row has left "needs attention"; the trade has its reference number.
    expect(ok(await hh.terminal.call('queue.status', {})).needsAttention).toEqual([]);
    expect(ok(await hh.terminal.call('trades.get', { tradeId: t.id })).refNo).toBe(r.row.refNo);
    // The day's reconciliation and back-fill list see the trade once, by its current row.
    const rec = ok(await hh.terminal.call('monitoring.reconcile', { date: DAY }));
    expect([rec.matched, rec.missingOnMonitoring, rec.pendingDelivery, rec.missingOnTerminal]).toEqual([1, [], [], []]);
    expect(ok(await hh.terminal.call('monitoring.backfillList', { date: DAY })).map((l) => [l.receiptNo, l.state, l.refNo])).toEqual([[t.receiptNo, 'delivered', r.row.refNo]]);

    // The approval bound to this row and this way out was used, and the audit records who did what.
    expect(hh.terminal.ledger.prepare("select subject, requester_id, approver_id from approval_uses where action = 'queue.resolve'").all())
      .toEqual([{ subject: `outbox:${row.id}:noticeGiven`, requester_id: 'teller1', approver_id: 'sup1' }]);
    const audited = hh.terminal.ledger.prepare("select actor, entity_id, detail from audit_log where action = 'monitoring.resolve'").all() as { actor: string; entity_id: string; detail: string }[];
    expect(audited.map((a) => [a.actor, a.entity_id])).toEqual([['teller1', String(row.id)]]);
    expect(JSON.parse(audited[0]!.detail)).toMatchObject({ kind: 'noticeGiven', supervisorId: 'sup1', personStatus: '03', resentAs: String(r.row.id) });

    // Resolved once: the refused row cannot be resolved again.
    refused(await hh.terminal.call('queue.resolve', { id: row.id, resolution: { kind: 'noticeGiven' }, supervisorId: 'sup1' }), 'QUEUE_RESOLUTION_NOT_APPLICABLE');
    expect((await sim.stats()).notices - statsBefore.notices).toBe(1);
  });
});

describe('a back-fill refused over the annual quota (2001): the supervisor records what was done', () => {
  it('entered on SAFE\'s page: the reference number is checked against SAFE\'s record, the row is delivered, and the day close lists the resolution', async () => {
    const hh = await offline();
    const over = resident(961);
    await sim.person({ ...over, usedUsd: { JH: '49800' } });
    const { trade: t, row } = await refusedBackfill(hh, 961, '2001');
    const sup = hh.session('sup1');

    // The notice is not the answer to a quota refusal.
    refused(await hh.raw.call('queue.resolve', { id: row.id, resolution: { kind: 'noticeGiven' } }, sup), 'QUEUE_RESOLUTION_NOT_APPLICABLE');
    // The supervisor enters it on SAFE's page (channel 41), which answers its reference number.
    const pageEntry: Entry = {
      serial: 'PAGE-961', tradeType: 'JH', usesQuota: 'Y', businessType: '01', ...over, name: '客户961', fundAttribute: '122',
      currency: 'USD', amount: '300', split: { cash: '300', remittance: '0', account: '0', travellersCheque: '0' }, noticeGiven: false,
      tradeTime: t.createdAt, backfill: { reason: '02', remark: '特许兑换补录' },
    };
    const { refNo } = await sim.record(pageEntry, '41');
    const other = await sim.record({ ...pageEntry, serial: 'PAGE-961-other', amount: '30', split: { cash: '30', remittance: '0', account: '0', travellersCheque: '0' } }, '41');
    const before = snapshot(hh.terminal.ledger);
    refused(await hh.raw.call('queue.resolve', { id: row.id, resolution: { kind: 'pageMode', refNo: 'JH-123' } }, sup), 'REF_NO_INVALID');
    refused(await hh.raw.call('queue.resolve', { id: row.id, resolution: { kind: 'pageMode', refNo: refNo.replace(/^JH/, 'GH') } }, sup), 'REF_NO_INVALID');
    refused(await hh.raw.call('queue.resolve', { id: row.id, resolution: { kind: 'pageMode', refNo: 'JH202603109999999999' } }, sup), 'QUEUE_REF_NO_NOT_FOUND');
    const wrong = refused(await hh.raw.call('queue.resolve', { id: row.id, resolution: { kind: 'pageMode', refNo: other.refNo } }, sup), 'QUEUE_REF_NO_MISMATCH');
    expect(wrong.message.en).toContain('amount USD 30');
    expectUnchanged(before, snapshot(hh.terminal.ledger), 'refused page-mode resolutions');

    // The supervisor, signed in, on their own authority.
    const r = outputs['queue.resolve'].parse(ok(await hh.raw.call('queue.resolve', { id: row.id, resolution: { kind: 'pageMode', refNo } }, sup)));
    expect(r).toMatchObject({ kind: 'pageMode', refNo, supervisorId: 'sup1', actor: 'sup1', row: { id: row.id, state: 'delivered', refNo } });
    expect(r.refusal).toContain('2001');
    expect(outbox(hh, t.id).map((x) => [x.state, x.ref_no])).toEqual([['delivered', refNo]]);
    expect(ok(await hh.terminal.call('queue.status', {})).needsAttention).toEqual([]);
    expect(ok(await hh.terminal.call('trades.get', { tradeId: t.id })).refNo).toBe(refNo);
    // A reference number answers for one trade only.
    expect(resolutionRows(hh)).toBe(1);

    // The day close: the resolution listed; SAFE's page-mode record matches the trade by its reference.
    const prep = ok(await hh.terminal.call('dayClose.prepare', { date: DAY }));
    expect(prep.resolutions).toEqual([expect.objectContaining({ receiptNo: t.receiptNo, tradeDate: DAY, kind: 'pageMode', refNo, supervisorId: 'sup1', resolvedOn: DAY })]);
    expect(prep.reconciliation.checked).toBe(true);
    expect(prep.reconciliation.items.filter((i) => i.key.endsWith(`:${t.receiptNo}`) || i.key.endsWith(`:${refNo}`))).toEqual([]);
    expect(prep.backfills).toEqual([]);
    const closed = ok(await hh.terminal.call('dayClose.close', {
      date: DAY, actor: 'teller1',
      counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })),
      resolutions: prep.reconciliation.items.map((i) => ({ key: i.key, resolution: '已核实 checked' })),
    }));
    expect(closed.resolutions.map((x) => [x.receiptNo, x.kind, x.refNo])).toEqual([[t.receiptNo, 'pageMode', refNo]]);
    expect(ok(await hh.terminal.call('dayClose.get', { date: DAY })).resolutions).toEqual(closed.resolutions);
  });

  it('the customer contacted and the trade reversed: the note is kept, the row is no longer to be sent, and the day close says so', async () => {
    const hh = await offline();
    await sim.person({ ...resident(962), usedUsd: { JH: '49900' } });
    const { trade: t, row } = await refusedBackfill(hh, 962, '2001');
    const note = '已电话联系客户，客户退回人民币、取回外币 customer returned the RMB for the dollars';
    refused(await hh.terminal.call('queue.resolve', { id: row.id, resolution: { kind: 'reversed', note: '   ' }, supervisorId: 'sup1' }), 'INVALID_INPUT');
    const r = ok(await hh.terminal.call('queue.resolve', { id: row.id, resolution: { kind: 'reversed', note }, supervisorId: 'sup1' }));
    expect(r).toMatchObject({ kind: 'reversed', note, row: { id: row.id, state: 'not_needed' } });
    expect(r.row.reason).toContain(note);
    expect(ok(await hh.terminal.call('queue.status', {})).needsAttention).toEqual([]);
    expect((await sim.stats()).bySerial[t.id]).toBeUndefined();
    // Reversed is final: neither sent again nor resolved again.
    refused(await hh.terminal.call('queue.retry', { id: row.id, supervisorId: 'sup1' }), 'QUEUE_ROW_NOT_RETRYABLE');
    refused(await hh.terminal.call('queue.resolve', { id: row.id, resolution: { kind: 'pageMode', refNo: 'JH202603100000000001' }, supervisorId: 'sup1' }), 'QUEUE_RESOLUTION_NOT_APPLICABLE');

    // SAFE never held it: the reconciliation still lists it, with the resolution beside it.
    const prep = ok(await hh.terminal.call('dayClose.prepare', { date: DAY }));
    const item = prep.reconciliation.items.find((i) => i.key === `missingOnMonitoring:${t.receiptNo}`);
    expect(item?.detail).toContain('已处理 resolved');
    expect(item?.detail).toContain(note);
    expect(prep.resolutions.map((x) => [x.receiptNo, x.kind, x.note])).toEqual([[t.receiptNo, 'reversed', note]]);
    expect(prep.backfills).toEqual([]);
  });
});
