// Paper receipts printed after a backup, entered under their own numbers once the ledger is restored
// (issue 17 item 6; 第三十五条(三) 连续编号, 同本水单不得跳号; 第三十二条(二) back-fill, reason 01
// emergency plan). A real ledger file backed up, traded on, and restored into a fresh folder: the
// paper receipts go in, in number order, as the trades they were; SAFE gets the one it never had,
// once, and is sent nothing for the ones it holds; no number is issued twice.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreLedger } from '../electron/ledger/backup';
import { loadMigrations } from '../electron/ledger/migrate';
import { PRINTED_ON_PAPER } from '../electron/ledger/printJobs';
import { integrityCheck, ledgerViolations } from './helpers/invariants';
import { ALICE, BOB_PASSPORT, OUTLET, RecordingMonitoring, TEST_KEY, ok, openHarness, refusedWithoutWrites, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';
import type { Outputs } from '../shared/api';

const CUSTOMER = { idType: '01', idNumber: '110101199003074514', name: '欧阳明月' };
type Trade = Outputs['trades.commit'];

let open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0).reverse()) h.close();
});

/**
 * An outlet that trades, is backed up, then prints three more receipts on paper before its PC dies:
 * 4 (50 USD, its back-fill delivered to SAFE), 5 (80 USD, never delivered) and 6 (600 USD, entered
 * in real time). The ledger is restored from the backup into a fresh folder.
 */
async function restoredAfterPaper(opts: { borderPort?: boolean } = {}) {
  const safe = new RecordingMonitoring();
  const backups = join(tempDir('paper-backups-'), 'backups');
  const old = openHarness({ monitoring: safe, backup: { dir: backups, keep: 5 }, ...opts });
  open.push(old);
  await stockOutlet(old.terminal);
  for (const amount of ['100', '200', '300']) ok(await trade(old.terminal, { customer: CUSTOMER, direction: 'settlement', currency: 'USD', amount }));
  const b = ok(await old.terminal.call('backup.create', { actor: 'sup1' }));
  const paper: Trade[] = [];
  old.clock.advance(600_000);
  paper.push(ok(await trade(old.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' })));
  ok(await old.terminal.call('queue.syncNow', {}));
  old.clock.advance(600_000);
  paper.push(ok(await trade(old.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '80' })));
  old.clock.advance(600_000);
  paper.push(ok(await trade(old.terminal, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '600' })));
  const sentBefore = safe.entries.map((e) => e.serial);
  old.terminal.close();
  open.splice(open.indexOf(old), 1);

  const dir = tempDir('paper-restored-');
  restoreLedger({
    dataDir: dir, from: join(backups, b.file), key: TEST_KEY, outlet: { institutionCode: OUTLET.institutionCode, outletCode: OUTLET.outletCode },
    migrations: loadMigrations(), now: new Date('2026-03-10T03:00:00Z'), by: 'mgr1',
  });
  const h = openHarness({ dir, start: '2026-03-10T03:30:00Z', monitoring: safe, ...opts });
  open.push(h);
  return { h, safe, paper, sentBefore };
}

/** What a teller types from paper receipt `t`: its customer, figures, number and time. */
function fromPaper(t: Trade, customer: { idType: string; idNumber: string; country?: string; name: string }, extra: Record<string, unknown> = {}) {
  return {
    customer, direction: t.direction, currency: t.currency, foreign: t.foreign.amount, ratePer100: t.ratePer100, rmb: t.rmb.amount, fee: t.fee.amount,
    receiptNo: t.receiptNo, tradedAt: t.createdAt, remark: '恢复备份后补录，存根随恢复记录保存 entered after the restore', actor: 'teller1', supervisorId: 'sup1', ...extra,
  };
}

describe('paper receipts entered under their own numbers after a restore (第三十五条(三))', () => {
  it('in number order, as the trades they were: SAFE holds 4 and 6 already and gets 5 once, as a back-fill with reason 01; nothing printed; no number twice', async () => {
    const { h, safe, paper, sentBefore } = await restoredAfterPaper();
    const [p4, p5, p6] = paper as [Trade, Trade, Trade];
    expect([p4.receiptNo, p5.receiptNo, p6.receiptNo]).toEqual([4, 5, 6]);
    const ref4 = (await safe.findBySerial(p4.id))!.refNo;
    const call = (input: Record<string, unknown>) => h.terminal.call('trades.enterPaper', input as never);
    // What the screen offers: the range the restore closed, and the number to enter next.
    expect(ok(await h.terminal.call('trades.paperRanges', {}))).toEqual([{ from: 4, to: 200_000, fromText: '4', toText: '200000', next: 4, nextText: '4', closedAt: '2026-03-10T03:00:00.000Z' }]);

    // Refused, writing nothing: a number the restore did not close, one out of order, a time
    // before the receipt ahead of it, figures that do not add up, a real-time trade without SAFE's number.
    const closed = await refusedWithoutWrites(h, () => call(fromPaper(p4, ALICE, { receiptNo: 2 })), 'PAPER_RECEIPT_NOT_CLOSED');
    expect(closed.message.en).toContain('4–200000');
    const order = await refusedWithoutWrites(h, () => call(fromPaper(p5, ALICE)), 'PAPER_RECEIPT_OUT_OF_ORDER');
    expect(order.message.zh).toContain('下一张应为 4');
    await refusedWithoutWrites(h, () => call(fromPaper(p4, ALICE, { tradedAt: '2026-03-10T01:59:00Z' })), 'PAPER_RECEIPT_TIME');
    await refusedWithoutWrites(h, () => call(fromPaper(p4, ALICE, { tradedAt: '2026-03-10T03:10:00Z' })), 'PAPER_RECEIPT_TIME');
    const figures = await refusedWithoutWrites(h, () => call(fromPaper(p4, ALICE, { rmb: '355.01' })), 'PAPER_RECEIPT_FIGURES');
    expect(figures.message.en).toContain('CNY 355.00');
    // A receipt the rules would not have allowed (6,000 USD: over the day's limit, 第二十九条): not an
    // attempt (nobody is at the counter), refused with the rule's words, nothing written.
    const over = await refusedWithoutWrites(h, () => call(fromPaper(p4, ALICE, { foreign: '6000', rmb: '42600.00' })), 'PAPER_RECEIPT_NOT_ALLOWED');
    expect(over.message.en).toMatch(/^Paper receipt 4 could not have been made on what the ledger holds: .*5,000/);
    await refusedWithoutWrites(h, () => call(fromPaper(p4, ALICE, { supervisorId: 'teller1' })), 'APPROVER_IS_REQUESTER');

    // 4: SAFE holds its back-fill; its reference number is given and nothing is sent.
    const e4 = ok(await call(fromPaper(p4, ALICE, { safeRefNo: ref4 })));
    expect([e4.receiptNo, e4.receiptText, e4.createdAt, e4.businessDate, e4.rmb.amount, e4.reportingPath]).toEqual([4, '4', p4.createdAt, '2026-03-10', '355', 'backfill']);
    // 5: never delivered: a back-fill, reason 01, at the paper's time.
    const e5 = ok(await call(fromPaper(p5, ALICE)));
    expect(e5.receiptNo).toBe(5);
    // 6 had to be entered in real time: SAFE's reference number is needed.
    await refusedWithoutWrites(h, () => call(fromPaper(p6, BOB_PASSPORT)), 'PAPER_RECEIPT_REF_REQUIRED');
    const e6 = ok(await call(fromPaper(p6, BOB_PASSPORT, { safeRefNo: p6.refNo })));
    expect([e6.reportingPath, e6.refNo, e6.usdEquivalent]).toEqual(['realtime', p6.refNo, '600']);
    // Entered once: the same number again is out of order.
    await refusedWithoutWrites(h, () => call(fromPaper(p6, BOB_PASSPORT, { safeRefNo: p6.refNo })), 'PAPER_RECEIPT_OUT_OF_ORDER');

    expect(ok(await h.terminal.call('trades.paperRanges', {})).map((r) => r.nextText)).toEqual(['7']);
    ok(await h.terminal.call('queue.syncNow', {}));
    expect(ok(await h.terminal.call('queue.status', {})).pending).toBe(0);
    const sent = safe.entries.slice(sentBefore.length);
    expect(sent.map((e) => [e.serial, e.tradeTime, e.amount, e.backfill?.reason])).toEqual([[e5.id, p5.createdAt, '80', '01']]);
    expect(sent[0]!.backfill!.remark).toContain('5');

    // Nothing printed: each has its receipt job, done on paper before the restore.
    const jobs = h.terminal.ledger.prepare('select trade_id, state, error from print_jobs where trade_id in (?, ?, ?)').all(e4.id, e5.id, e6.id) as { state: string; error: string }[];
    expect(jobs.map((j) => [j.state, j.error])).toEqual(Array(3).fill(['done', PRINTED_ON_PAPER]));
    // The trail says who entered each, from paper.
    expect(h.terminal.ledger.prepare("select count(*) from audit_log where action = 'trade.paperEntry'").pluck().get()).toBe(3n);

    // The day's trades are 1 to 6, gapless; the counter goes on in its new book; the ledger is sound.
    const next = ok(await trade(h.terminal, { customer: CUSTOMER, direction: 'settlement', currency: 'USD', amount: '40' }));
    expect(next.receiptNo).toBe(200_001);
    expect(ok(await h.terminal.call('trades.list', { date: '2026-03-10' })).map((t) => t.receiptNo).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 200_001]);
    expect(integrityCheck(h.terminal.ledger)).toBe('ok');
    expect(ledgerViolations(h.terminal.ledger)).toEqual([]);
    // Receipt 7 can still be entered, were there a paper receipt 7: its range stays closed to the counter's own numbering.
    expect(ok(await call(fromPaper({ ...p5, receiptNo: 7, createdAt: '2026-03-10T02:40:00.000Z' }, ALICE))).receiptNo).toBe(7);
    expect(ledgerViolations(h.terminal.ledger)).toEqual([]);
  });

  it('a trade exempt from reporting (border port, 100 USD or less) is entered with no report, and refuses a reference number', async () => {
    const { h, safe, paper, sentBefore } = await restoredAfterPaper({ borderPort: true });
    const p4 = paper[0]!;
    expect(p4.reportingPath).toBe('exempt');
    const call = (input: Record<string, unknown>) => h.terminal.call('trades.enterPaper', input as never);
    await refusedWithoutWrites(h, () => call(fromPaper(p4, ALICE, { safeRefNo: 'JH202603100000000001' })), 'PAPER_RECEIPT_REF_NOT_NEEDED');
    const e4 = ok(await call(fromPaper(p4, ALICE)));
    expect(e4.reportingPath).toBe('exempt');
    expect(h.terminal.ledger.prepare('select count(*) from outbox where trade_id = ?').pluck().get(e4.id)).toBe(0n);
    ok(await h.terminal.call('queue.syncNow', {}));
    expect(safe.entries.length).toBe(sentBefore.length);
    expect(ledgerViolations(h.terminal.ledger)).toEqual([]);
  });
});
