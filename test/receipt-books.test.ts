// Receipt books at the counter (第三十五条(三): 水单应连续编号, 同本水单不得跳号使用; issue 17 item 1):
// the books the hub issues reach the counter as reference changes (applied as a pull applies them)
// and the counter numbers in its own, one after another, gaplessly, printing each number with its
// book; another counter's book, a book returned and the counter's own sequence are kept apart; a
// number is never issued twice. The hub's side (issuing, topping up, the register, returns, a PC
// replaced) is test/hub-receipt-books.test.ts.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { HUB_RECEIPT_BASE, parsePrintedReceiptNo, printedReceiptNo } from '../shared/receipts';
import type { ReceiptBookChange, ReferenceChange } from '../shared/sync/reference';
import { applyReferenceChanges } from '../electron/terminal/hubSync/apply';
import { receiptOf } from '../electron/printer/receipt';
import { ledgerViolations } from './helpers/invariants';
import { OUTLET, ok, openHarness, refused, refusedWithoutWrites, stockOutlet, tempDir, TEST_KEY, trade, type Harness } from './helpers/terminal';
import { restoreLedger } from '../electron/ledger/backup';
import { loadMigrations } from '../electron/ledger/migrate';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});

let version = 100;
function book(code: string, first: number, size: number, terminalId = 'T1', returned?: { at: string; unusedFrom: number }): ReceiptBookChange {
  return {
    code, terminalId, firstNo: HUB_RECEIPT_BASE + first, lastNo: HUB_RECEIPT_BASE + first + size - 1, issuedBy: 'HQ1', issuedAt: '2026-03-10T01:00:00.000Z',
    returnedAt: returned?.at ?? null, unusedFrom: returned === undefined ? null : HUB_RECEIPT_BASE + returned.unusedFrom,
  };
}
/** Books as a pull brings them: each its own version, in order. */
function pull(h: Harness, ...books: ReceiptBookChange[]): void {
  const changes: ReferenceChange[] = books.map((body) => ({ version: String(++version), kind: 'receiptBook', at: h.clock.now().toISOString(), body }));
  const applied = applyReferenceChanges(h.raw.ledger, changes, String(version), h.clock.now().toISOString());
  expect(applied.skipped).toEqual([]);
}

let customers = 0;
async function sell(h: Harness): Promise<{ receiptNo: number; receiptText: string; printed: string; customer: { idType: string; idNumber: string; country: string; name: string }; at: string }> {
  // A customer each (five trades of one customer a day go real-time, with a prompt: 第三十二条).
  const customer = { idType: '04', idNumber: `P${1_000_000 + ++customers}`, country: 'USA', name: 'BOB SMITH' };
  const t = ok(await trade(h.terminal, { customer, direction: 'settlement', currency: 'USD', amount: '10' }));
  const line = receiptOf(t, { teller: 'teller1', training: false }).customer.find((b) => b.kind === 'field' && b.key === 'receiptNo');
  return { receiptNo: t.receiptNo, receiptText: t.receiptText, printed: line?.kind === 'field' ? line.value : '', customer, at: t.createdAt };
}

async function counter(): Promise<Harness> {
  const h = openHarness();
  open.push(h);
  await stockOutlet(h.terminal);
  return h;
}

describe('numbering in receipt books (第三十五条(三))', () => {
  it('a counter with no book numbers 1, 2, 3 in its own book, printed plain', async () => {
    const h = await counter();
    expect([(await sell(h)).printed, (await sell(h)).printed, (await sell(h)).receiptNo]).toEqual(['1', '2', 3]);
  });

  it('its own book first; then each hub book of its own, gaplessly, one after the other; another counter\'s never; its own book again when every book is used up', async () => {
    const h = await counter();
    await sell(h);
    await sell(h);
    // Two books for this counter, one for the outlet's other counter between them.
    pull(h, book('B0001', 1, 3), book('B0002', 4, 2, 'T2'), book('B0003', 6, 2));
    const sold = [];
    for (let i = 0; i < 6; i++) sold.push(await sell(h));
    expect(sold.map((s) => s.printed)).toEqual(['B0001-000001', 'B0001-000002', 'B0001-000003', 'B0003-000006', 'B0003-000007', '3']);
    expect(sold.map((s) => s.receiptText)).toEqual(sold.map((s) => s.printed));
    expect(sold.map((s) => s.receiptNo)).toEqual([1, 2, 3, 6, 7].map((n) => HUB_RECEIPT_BASE + n).concat([3]));
    // Read back as the screens read it.
    expect(ok(await h.terminal.call('trades.get', { receiptNo: HUB_RECEIPT_BASE + 6 })).receiptText).toBe('B0003-000006');
    // A book that arrives later is numbered in from its first.
    pull(h, book('B0004', 8, 5));
    expect((await sell(h)).printed).toBe('B0004-000008');
  });

  it('the reserve book only when every other book is used up, from where it was left; its own book only when the reserve is used up too', async () => {
    const h = await counter();
    // A book, the reserve, and (later) the next book, whose numbers lie above the reserve's.
    pull(h, book('B0001', 1, 2), { ...book('B0002', 3, 3), reserve: true });
    const sold = [];
    for (let i = 0; i < 3; i++) sold.push((await sell(h)).printed);
    expect(sold, 'offline past its books: the reserve, not its own plain numbers').toEqual(['B0001-000001', 'B0001-000002', 'B0002-000003']);
    pull(h, book('B0003', 6, 1));
    for (let i = 0; i < 4; i++) sold.push((await sell(h)).printed);
    expect(sold.slice(3), 'back to the new book; then the reserve from where it was left; then its own book').toEqual(['B0003-000006', 'B0002-000004', 'B0002-000005', '1']);
    expect(ledgerViolations(h.raw.ledger)).toEqual([]);
  });

  it('a book returned while in use is numbered in no more: the next book from its first', async () => {
    const h = await counter();
    pull(h, book('B0001', 1, 10), book('B0002', 11, 10));
    expect((await sell(h)).printed).toBe('B0001-000001');
    pull(h, book('B0001', 1, 10, 'T1', { at: '2026-03-10T03:00:00.000Z', unusedFrom: 2 }));
    expect((await sell(h)).printed).toBe('B0002-000011');
    const trail = h.raw.ledger.prepare("SELECT action, entity_id FROM audit_log WHERE action LIKE 'receiptBook.%' ORDER BY id").all();
    expect(trail, 'the counter\'s books taken and given back, in its trail').toEqual([
      { action: 'receiptBook.received', entity_id: 'B0001' }, { action: 'receiptBook.received', entity_id: 'B0002' }, { action: 'receiptBook.returned', entity_id: 'B0001' },
    ]);
  });

  it('the ledger\'s invariant sees a number out of its book, or in another counter\'s', async () => {
    const h = await counter();
    pull(h, book('B0001', 1, 3), book('B0002', 4, 3, 'T2'));
    await sell(h);
    expect(ledgerViolations(h.raw.ledger)).toEqual([]);
    // Written by hand past the rules (the triggers allow an insert): a gap in B0001, and a number of T2's book.
    const cols = (h.raw.ledger.prepare('SELECT name FROM pragma_table_info(\'trades\')').pluck().all() as string[]);
    const copy = (no: number, id: string) => h.raw.ledger.prepare(`INSERT INTO trades (${cols.join(', ')}) SELECT ${cols.map((c) => (c === 'id' ? '?' : c === 'receipt_no' ? '?' : c)).join(', ')} FROM trades LIMIT 1`).run(id, no);
    copy(HUB_RECEIPT_BASE + 3, 'GAP');
    copy(HUB_RECEIPT_BASE + 5, 'ELSEWHERE');
    const found = ledgerViolations(h.raw.ledger);
    expect(found).toContain(`receipt number at place 2 of book B0001 is ${HUB_RECEIPT_BASE + 3}`);
    expect(found).toContain(`receipts ${HUB_RECEIPT_BASE + 5} numbered in book B0002 of counter T2`);
  });

  it('a book whose range the hub changed is kept as it was, and said in the trail', async () => {
    const h = await counter();
    pull(h, book('B0001', 1, 10));
    const changed = { version: String(++version), kind: 'receiptBook' as const, at: h.clock.now().toISOString(), body: book('B0001', 1, 20) };
    const applied = applyReferenceChanges(h.raw.ledger, [changed], String(version), h.clock.now().toISOString());
    expect(applied.skipped).toEqual([{ version: changed.version, kind: 'receiptBook', code: 'SQLITE_CONSTRAINT_TRIGGER' }]);
    expect(h.raw.ledger.prepare('SELECT last_no FROM receipt_books').pluck().get()).toBe(BigInt(HUB_RECEIPT_BASE + 10));
  });

  it('property: whatever books arrive and whenever, numbers are never issued twice and run without a gap within each book', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 4 }), mine: fc.boolean(), tradesBefore: fc.integer({ min: 0, max: 3 }), returnIt: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        async (plan) => {
          const h = await counter();
          let next = 1;
          let code = 0;
          const issued: ReceiptBookChange[] = [];
          for (const step of plan) {
            for (let i = 0; i < step.tradesBefore; i++) await sell(h);
            const b = book(`B${String(++code).padStart(4, '0')}`, next, step.size, step.mine ? 'T1' : 'T2');
            next += step.size;
            pull(h, b);
            issued.push(b);
            if (step.returnIt && step.mine) {
              await sell(h);
              pull(h, { ...b, returnedAt: '2026-03-10T04:00:00.000Z', unusedFrom: b.lastNo + 1 });
            }
          }
          for (let i = 0; i < 3; i++) await sell(h);
          const numbers = (h.raw.ledger.prepare('SELECT receipt_no FROM trades ORDER BY created_at, receipt_no').pluck().all() as bigint[]).map(Number);
          expect(new Set(numbers).size, 'no number twice').toBe(numbers.length);
          // Each book's numbers: a run from its first, without a gap; the counter's own: 1, 2, 3 …
          const own = numbers.filter((n) => n <= HUB_RECEIPT_BASE);
          expect(own).toEqual(own.map((_, i) => i + 1));
          for (const b of issued) {
            const used = numbers.filter((n) => n >= b.firstNo && n <= b.lastNo);
            if (b.terminalId !== 'T1') expect(used, `another counter's book ${b.code}`).toEqual([]);
            expect(used).toEqual(used.map((_, i) => b.firstNo + i));
          }
          // And the ledger's own invariants, the books' among them.
          expect(ledgerViolations(h.raw.ledger)).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);
});

describe('a receipt of another counter, typed at this one (TRADE_AT_OTHER_COUNTER)', () => {
  it('is said as another counter\'s, naming it when this counter holds its book, by look-up, void and refund alike; nothing written; this counter\'s own unused number is still not found', async () => {
    const h = await counter();
    pull(h, book('B0001', 1, 3), book('B0002', 4, 2, 'T2'));
    const mine = await sell(h);
    expect(mine.printed).toBe('B0001-000001');
    const t2 = HUB_RECEIPT_BASE + 4;
    const byCall = {
      get: () => h.terminal.call('trades.get', { receiptNo: t2 }),
      void: () => h.terminal.call('trades.void', { receiptNo: t2, reason: '录错 keyed wrong', tellerId: 'teller1', supervisorId: 'sup1' }),
      refund: () => h.terminal.call('trades.refund', { receiptNo: t2, customer: { idType: mine.customer.idType, idNumber: mine.customer.idNumber, country: mine.customer.country }, reason: '退回 returned', tellerId: 'teller1', supervisorId: 'sup1' }),
    };
    for (const [method, call] of Object.entries(byCall)) {
      const f = await refusedWithoutWrites(h, call, 'TRADE_AT_OTHER_COUNTER');
      expect(f.message.zh, method).toBe('水单 B0002-000004 不是本柜台开出的（水单本 B0002 属于柜台 T2），本柜台的账本中没有这笔交易。请核对水单号；如无误，请到开出这张水单的柜台查询、作废、退款或补打。');
      expect(f.message.en, method).toBe("Receipt B0002-000004 was not issued at this counter (book B0002 is counter T2's), so this counter's ledger has no such trade. Check the number; if it is right, look it up, void, refund or reprint it at the counter that issued it.");
    }
    // A number of the institution's space in no book this counter holds (another outlet's counter).
    const elsewhere = await refusedWithoutWrites(h, () => h.terminal.call('trades.get', { receiptNo: HUB_RECEIPT_BASE + 500 }), 'TRADE_AT_OTHER_COUNTER');
    expect(elsewhere.message.en).toContain('Receipt H-000500 was not issued at this counter (it is in no receipt book this counter holds)');
    // This counter's own book: a number not used yet is no trade, as is a plain number never issued.
    const unused = await refusedWithoutWrites(h, () => h.terminal.call('trades.get', { receiptNo: HUB_RECEIPT_BASE + 2 }), 'TRADE_NOT_FOUND');
    expect(unused.message.en).toBe('Trade B0001-000002 was not found. Check the receipt number.');
    await refusedWithoutWrites(h, () => h.terminal.call('trades.get', { receiptNo: 77 }), 'TRADE_NOT_FOUND');
    // A terminal with no hub holds no book: such a number is simply not found there.
    const alone = await counter();
    await refusedWithoutWrites(alone, () => alone.terminal.call('trades.get', { receiptNo: t2 }), 'TRADE_NOT_FOUND');
    // Its own trade is found as before.
    expect(ok(await h.terminal.call('trades.get', { receiptNo: mine.receiptNo })).receiptText).toBe('B0001-000001');
  });
});

describe('a ledger restored from a backup (issue 17 item 6)', () => {
  it('leaves the hub book the backup was numbering in, and the own book too: no number printed after the backup again', async () => {
    const backups = join(tempDir('books-backups-'), 'backups');
    const h = openHarness({ backup: { dir: backups, keep: 5 } });
    open.push(h);
    await stockOutlet(h.terminal);
    await sell(h);
    pull(h, book('B0001', 1, 10), book('B0002', 11, 10));
    await sell(h);
    const b = ok(await h.terminal.call('backup.create', { actor: 'sup1' }));
    // Printed after the backup: B0001-000002 and -000003.
    const paper = [await sell(h), await sell(h)];
    expect(paper.map((p) => p.printed)).toEqual(['B0001-000002', 'B0001-000003']);
    h.terminal.close();
    open.splice(open.indexOf(h), 1);
    const r = restoreLedger({ dataDir: h.dir, from: join(backups, b.file), key: TEST_KEY, outlet: { institutionCode: OUTLET.institutionCode, outletCode: OUTLET.outletCode }, migrations: loadMigrations(), now: h.clock.now(), by: 'mgr1' });
    expect(r.numbering).toEqual({ lastReceiptNo: '1', nextReceiptNo: '200001', closedBook: 'B0001' });
    const again = openHarness({ dir: h.dir, start: h.clock.now().toISOString() });
    open.push(again);
    expect((await sell(again)).printed, 'the next book, from its first').toBe('B0002-000011');
    expect(ledgerViolations(again.raw.ledger)).toEqual([]);
    // The paper receipts go in under their own numbers, in the closed book, in order (trades.enterPaper).
    const enter = (p: (typeof paper)[number], receiptNo = p.receiptNo) => again.terminal.call('trades.enterPaper', {
      customer: p.customer, direction: 'settlement', currency: 'USD', foreign: '10', ratePer100: '710', rmb: '71', fee: '0',
      receiptNo, tradedAt: p.at, remark: 'paper after the backup', actor: 'teller1', supervisorId: 'sup1',
    });
    expect(refused(await enter(paper[1]!), 'PAPER_RECEIPT_OUT_OF_ORDER').message.en).toContain('the next is B0001-000002');
    expect(refused(await enter(paper[0]!, HUB_RECEIPT_BASE + 11), 'PAPER_RECEIPT_NOT_CLOSED').message.en).toContain('(B0001-000002–B0001-000010)');
    expect([ok(await enter(paper[0]!)).receiptText, ok(await enter(paper[1]!)).receiptText]).toEqual(['B0001-000002', 'B0001-000003']);
    expect((await sell(again)).printed, 'the counter numbers on in its own book, never in the closed one').toBe('B0002-000012');
    expect(ledgerViolations(again.raw.ledger)).toEqual([]);
    again.close();
    open.splice(open.indexOf(again), 1);
    rmSync(h.dir, { recursive: true, force: true });
  });
});

describe('receipt numbers as printed and as typed', () => {
  it('a hub book\'s number prints with its book and reads back; the counter\'s own prints plain; anything else is not a receipt number', () => {
    const b = { code: 'B0007', firstNo: HUB_RECEIPT_BASE + 7_001, lastNo: HUB_RECEIPT_BASE + 8_000 };
    expect(printedReceiptNo(HUB_RECEIPT_BASE + 7_123, b)).toBe('B0007-007123');
    expect(printedReceiptNo(123, undefined)).toBe('123');
    expect(printedReceiptNo(HUB_RECEIPT_BASE + 9_000, b), 'a number outside the book named').toBe('H-009000');
    expect(parsePrintedReceiptNo('B0007-007123')).toBe(HUB_RECEIPT_BASE + 7_123);
    expect(parsePrintedReceiptNo(' b0007-7123 ')).toBe(HUB_RECEIPT_BASE + 7_123);
    expect(parsePrintedReceiptNo('123')).toBe(123);
    for (const bad of ['', '0', '0123', 'No.12', 'B7-000123', 'B0007-', 'B0007-0', '-5', '1e3', '12.5', 'B0007_000123']) expect(parsePrintedReceiptNo(bad), bad).toBeUndefined();
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 9_999 }), (n, k) => {
      const book = { code: `B${String(k).padStart(4, '0')}`, firstNo: HUB_RECEIPT_BASE + n, lastNo: HUB_RECEIPT_BASE + n + 999 };
      expect(parsePrintedReceiptNo(printedReceiptNo(HUB_RECEIPT_BASE + n, book))).toBe(HUB_RECEIPT_BASE + n);
    }));
  });
});
