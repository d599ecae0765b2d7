// Inspection and retention (issue 19 item 7; 第三十二条(二), 第三十五条(三), 第四十九条): the journal
// searched across dates on a real ledger file by each criterion, a search by customer audited,
// the result exported as CSV and XLSX and read back with exact amounts, and each closed day's
// institution receipt copies and back-fill list archived as one PDF in the ledger: made at the
// close, listed, verified, taken out (audited), a changed row found, never deleted, and a day the
// close left without one (a crash between the commit and the archive) made afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, journalCsv } from '../shared/reports/journal';
import { ALICE, BOB_PASSPORT, ok, openHarness, refused, refusedWithoutWrites, stockOutlet, trade, type Harness } from './helpers/terminal';
import { resident } from './helpers/simulator';

let h: Harness;
const receipts: Record<string, number[]> = {};
const LI = { ...resident(1), name: '李四' };

async function closeDay(date: string): Promise<void> {
  const t = h.terminal;
  const prep = ok(await t.call('dayClose.prepare', { date }));
  ok(await t.call('dayClose.close', {
    date, actor: 'teller1',
    counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })),
    resolutions: prep.reconciliation.items.map((i) => ({ key: i.key, resolution: '已核实 checked' })),
  }));
}

const auditRows = (action: string) => h.raw.ledger.prepare('SELECT actor, at, entity_id, detail FROM audit_log WHERE action = ? ORDER BY id').all(action) as { actor: string; at: string; entity_id: string; detail: string }[];

beforeAll(async () => {
  // No monitoring system: a trade above 500 USD is entered on SAFE's page (page mode, channel 41).
  h = openHarness({ monitoring: null });
  const t = h.terminal;
  await stockOutlet(t);
  // 2026-03-10: a back-fill (100 USD), a page-mode real-time trade (2,000 USD), a EUR back-fill.
  const d1 = [
    ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' })),
    ok(await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '2000' }, { pageModeRefNo: 'PAGE000001', supervisorId: 'sup1', acknowledge: [] })),
    ok(await trade(t, { customer: LI, direction: 'settlement', currency: 'EUR', amount: '100' })),
  ];
  receipts['2026-03-10'] = d1.map((x) => x.receiptNo);
  await closeDay('2026-03-10');
  // 2026-03-11: ALICE again (purchase), a HKD trade.
  h.clock.set('2026-03-11T02:00:00Z');
  ok(await t.call('rates.set', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00', setBy: 'sup1' }));
  ok(await t.call('rates.set', { currency: 'HKD', buyPer100: '90.50', sellPer100: '92.50', setBy: 'sup1' }));
  const d2 = [
    ok(await trade(t, { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '100' })),
    ok(await trade(t, { customer: LI, direction: 'settlement', currency: 'HKD', amount: '1000' })),
  ];
  receipts['2026-03-11'] = d2.map((x) => x.receiptNo);
  await closeDay('2026-03-11');
  h.clock.set('2026-03-12T02:00:00Z');
}, 60_000);

afterAll(() => h?.close());

describe('第四十九条 / 第三十二条(二): the journal searched across dates', () => {
  it('by date range, newest first, in bounded pages continued after a cursor', async () => {
    const t = h.terminal;
    const all = ok(await t.call('journal.search', { from: '2026-03-01', to: '2026-03-31' }, h.session('sup1')));
    expect(all.trades.map((x) => x.receiptNo)).toEqual([...receipts['2026-03-11']!, ...receipts['2026-03-10']!].sort((a, b) => b - a));
    expect(all.next).toBeUndefined();
    const p1 = ok(await t.call('journal.search', { from: '2026-03-01', to: '2026-03-31', limit: 2 }, h.session('sup1')));
    expect(p1.trades).toHaveLength(2);
    expect(p1.next).toBeDefined();
    const p2 = ok(await t.call('journal.search', { from: '2026-03-01', to: '2026-03-31', limit: 2, after: p1.next! }, h.session('sup1')));
    const p3 = ok(await t.call('journal.search', { from: '2026-03-01', to: '2026-03-31', limit: 2, after: p2.next! }, h.session('sup1')));
    expect([...p1.trades, ...p2.trades, ...p3.trades].map((x) => x.receiptNo)).toEqual(all.trades.map((x) => x.receiptNo));
    expect(p3.next).toBeUndefined();
    const one = ok(await t.call('journal.search', { from: '2026-03-11', to: '2026-03-11' }, h.session('sup1')));
    expect(one.trades.map((x) => x.receiptNo).sort()).toEqual(receipts['2026-03-11']);
  });

  it('by receipt number, currency, RMB amount range and reporting path (real-time, page mode, back-fill)', async () => {
    const s = (input: Record<string, unknown>) => h.terminal.call('journal.search', { from: '2026-03-01', to: '2026-03-31', ...input } as never, h.session('sup1'));
    const bob = receipts['2026-03-10']![1]!;
    expect(ok(await s({ receiptNo: bob })).trades.map((x) => [x.receiptNo, x.customer.name, x.foreign.amount])).toEqual([[bob, 'BOB SMITH', '2000']]);
    expect(ok(await s({ currency: 'EUR' })).trades.map((x) => x.receiptNo)).toEqual([receipts['2026-03-10']![2]]);
    expect(ok(await s({ currency: 'hkd' })).trades.map((x) => x.receiptNo)).toEqual([receipts['2026-03-11']![1]]);
    // 2,000 USD at 710 = 14,200.00 RMB; 100 USD = 710.00; 100 EUR = 770.00; 1,000 HKD = 905.00; ALICE's purchase 720.00.
    expect(ok(await s({ rmbMin: '900', rmbMax: '14200.00' })).trades.map((x) => x.rmb.amount).sort()).toEqual(['14200', '905']);
    expect(ok(await s({ rmbMin: '710.00', rmbMax: '720' })).trades.map((x) => x.rmb.amount).sort()).toEqual(['710', '720']);
    const page = ok(await s({ path: 'pageMode' })).trades;
    expect(page.map((x) => [x.receiptNo, x.channel, x.refNo])).toEqual([[bob, '41', 'PAGE000001']]);
    expect(ok(await s({ path: 'realtime' })).trades.map((x) => x.receiptNo)).toEqual([bob]);
    expect(ok(await s({ path: 'interface' })).trades).toEqual([]);
    expect(ok(await s({ path: 'backfill' })).trades).toHaveLength(4);
    expect(ok(await s({ path: 'exempt' })).trades).toEqual([]);
  });

  it('by customer: ID across dates and years (the customers\' key), or name; each such search audited — who, for whom, when', async () => {
    const before = auditRows('journal.searchCustomer').length;
    const byId = ok(await h.terminal.call('journal.search', { from: '2021-04-01', to: '2026-03-31', idType: ALICE.idType, idNumber: ALICE.idNumber }, h.session('sup1')));
    expect(byId.trades.map((x) => [x.businessDate, x.direction])).toEqual([['2026-03-11', 'purchase'], ['2026-03-10', 'settlement']]);
    const byName = ok(await h.terminal.call('journal.search', { from: '2026-03-01', to: '2026-03-31', name: '李' }, h.session('sup2')));
    expect(byName.trades.map((x) => x.currency).sort()).toEqual(['EUR', 'HKD']);
    // A search naming no customer is not audited.
    ok(await h.terminal.call('journal.search', { from: '2026-03-01', to: '2026-03-31', currency: 'USD' }, h.session('sup1')));
    const entries = auditRows('journal.searchCustomer').slice(before);
    expect(entries.map((e) => [e.actor, e.at, e.entity_id])).toEqual([['sup1', '2026-03-12T02:00:00.000Z', '2021-04-01..2026-03-31'], ['sup2', '2026-03-12T02:00:00.000Z', '2026-03-01..2026-03-31']]);
    expect(JSON.parse(entries[0]!.detail)).toMatchObject({ idType: '01', idNumber: ALICE.idNumber, found: 2, role: 'supervisor' });
    expect(JSON.parse(entries[1]!.detail)).toMatchObject({ customerName: '李', found: 2 });
  });

  it('a reporter finds the trades with customers masked (shared/masking.ts), and the search is audited too', async () => {
    const r = ok(await h.terminal.call('journal.search', { from: '2026-03-01', to: '2026-03-31', idType: ALICE.idType, idNumber: ALICE.idNumber }, h.session('statA')));
    expect(r.trades.map((x) => [x.customer.name, x.customer.idNumber])).toEqual([['张**', '****002X'], ['张**', '****002X']]);
    expect(auditRows('journal.searchCustomer').at(-1)!.actor).toBe('statA');
    refused(await h.terminal.call('journal.search', { from: '2026-03-01', to: '2026-03-31' }, h.session('teller1')), 'ROLE_NOT_ALLOWED');
  });

  it('a period over 366 days without a receipt or a customer\'s ID is refused (a 5-year ledger is never scanned), writing nothing', async () => {
    const e = await refusedWithoutWrites(h, () => h.terminal.call('journal.search', { from: '2021-01-01', to: '2026-03-31', currency: 'USD' }, h.session('sup1')), 'JOURNAL_RANGE_TOO_WIDE');
    expect(e.message.en).toContain('more than 366');
    refused(await h.terminal.call('journal.search', { from: '2026-03-31', to: '2026-03-01' }, h.session('sup1')), 'INVALID_INPUT');
    expect(ok(await h.terminal.call('journal.search', { from: '2021-01-01', to: '2026-03-31', receiptNo: receipts['2026-03-10']![0]! }, h.session('sup1'))).trades).toHaveLength(1);
  });
});

describe('第四十九条: the search exported as CSV and XLSX', () => {
  it('CSV: UTF-8 with a BOM, RFC 4180, CRLF, amounts as exact decimal strings; the export audited', async () => {
    const file = ok(await h.terminal.call('journal.export', { from: '2026-03-01', to: '2026-03-31', format: 'csv' }, h.session('sup1')));
    expect(file.fileName).toBe('交易流水-PEK-T3-01-2026-03-01_2026-03-31.csv');
    const bytes = Buffer.from(file.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1).map((l) => l.split(','));
    expect(lines).toHaveLength(6);
    expect(lines[0]![10]).toBe('外币金额 Foreign amount');
    const bob = lines.find((l) => l[2] === String(receipts['2026-03-10']![1]))!;
    expect([bob[7], bob[9], bob[10], bob[11], bob[12], bob[15], bob[16], bob[17]]).toEqual(['BOB SMITH', 'USD', '2000.00', '14200.00', '0.00', '实时 real-time', '41 页面 page mode', 'PAGE000001']);
    const hkd = lines.find((l) => l[9] === 'HKD')!;
    expect([hkd[10], hkd[11]]).toEqual(['1000.00', '905.00']);
    expect(auditRows('journal.export').at(-1)).toMatchObject({ actor: 'sup1' });
    expect(JSON.parse(auditRows('journal.export').at(-1)!.detail)).toMatchObject({ format: 'csv', found: 5 });
  });

  it('RFC 4180 quoting: a comma, a quote or a line break is quoted, a quote doubled', () => {
    expect([csvField('a,b'), csvField('say "hi"'), csvField('two\nlines'), csvField('plain')]).toEqual(['"a,b"', '"say ""hi"""', '"two\nlines"', 'plain']);
    expect(journalCsv([])).toMatch(/^\uFEFF营业日 Business date,/);
  });

  it('XLSX read back with exceljs: the same rows, amounts exact', async () => {
    const file = ok(await h.terminal.call('journal.export', { from: '2026-03-01', to: '2026-03-31', format: 'xlsx' }, h.session('sup1')));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(6);
    // The header bold and frozen above the rows, as the inspector scrolls.
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const rows = Array.from({ length: 5 }, (_, i) => ws.getRow(i + 2));
    const bob = rows.find((r) => r.getCell(3).value === String(receipts['2026-03-10']![1]))!;
    expect([bob.getCell(11).value, bob.getCell(12).value, bob.getCell(11).numFmt]).toEqual([2000, 14200, '0.00']);
    const hkd = rows.find((r) => r.getCell(10).value === 'HKD')!;
    expect(hkd.getCell(12).value).toBe(905);
  });

  it('a reporter\'s export masks the customers', async () => {
    const file = ok(await h.terminal.call('journal.export', { from: '2026-03-01', to: '2026-03-31', format: 'csv' }, h.session('statB')));
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text).not.toContain('BOB SMITH');
    expect(text).not.toContain(ALICE.idNumber);
    expect(text).toContain('****002X');
  });
});

const pdftotext = '/usr/bin/pdftotext';

describe('第三十五条(三) / 第四十九条: each closed day archived as one PDF in the encrypted ledger, kept at least 3 years', () => {
  it('made at the close with the day\'s receipts and back-fill list; listed with size, hash and retention', async () => {
    const list = ok(await h.terminal.call('archive.list', {}, h.session('sup1')));
    expect(list.map((a) => [a.businessDate, a.state, a.receipts, a.backfills, a.retainUntil])).toEqual([
      ['2026-03-11', 'made', 2, 2, '2029-03-11'],
      ['2026-03-10', 'made', 3, 2, '2029-03-10'],
    ]);
    const row = h.raw.ledger.prepare("SELECT pdf, size, sha256 FROM day_archives WHERE business_date = '2026-03-10'").get() as { pdf: Buffer; size: bigint; sha256: string };
    expect(list[1]!.size).toBe(row.pdf.length);
    expect(list[1]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRows('archive.made').map((e) => e.entity_id)).toEqual(['2026-03-10', '2026-03-11']);
  });

  it.skipIf(!existsSync(pdftotext))('the PDF (archive.get, audited) holds every receipt\'s institution copy and the back-fill list', async () => {
    const file = ok(await h.terminal.call('archive.get', { date: '2026-03-10' }, h.session('sup1')));
    const path = join(h.dir, file.fileName);
    writeFileSync(path, Buffer.from(file.base64, 'base64'));
    const text = execFileSync(pdftotext, ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('补录清单');
    expect(text).toContain('特许机构联');
    for (const n of receipts['2026-03-10']!) expect(text).toContain(`Receipt ${n}`);
    expect(text).toContain('BOB SMITH');
    expect(text).toContain('PAGE000001');
    expect(text).not.toContain(`Receipt ${receipts['2026-03-11']![0]}`);
    expect(auditRows('archive.get').at(-1)).toMatchObject({ actor: 'sup1', entity_id: '2026-03-10' });
    refused(await h.terminal.call('archive.get', { date: '2026-03-10' }, h.session('statA')), 'ROLE_NOT_ALLOWED');
    refused(await h.terminal.call('archive.get', { date: '2026-03-12' }, h.session('sup1')), 'ARCHIVE_DAY_NOT_CLOSED');
  });

  it('verified: hash, size, the audit entry of its making, a PDF, the ledger\'s trades of the day', async () => {
    const checks = ok(await h.terminal.call('archive.verify', {}, h.session('statA')));
    expect(checks.map((c) => [c.businessDate, c.ok])).toEqual([['2026-03-11', true], ['2026-03-10', true]]);
    expect(checks[0]!.checks.map((c) => c.name)).toEqual(['sha256', 'size', 'auditEntry', 'pdf', 'content']);
  });

  it('never deleted nor changed by the terminal: the ledger refuses both', () => {
    expect(() => h.raw.ledger.prepare("DELETE FROM day_archives WHERE business_date = '2026-03-10'").run()).toThrow(/never deleted/);
    expect(() => h.raw.ledger.prepare("UPDATE day_archives SET retain_until = '2026-03-11' WHERE business_date = '2026-03-10'").run()).toThrow(/never changes/);
    expect(() => h.raw.ledger.prepare("INSERT INTO day_archives SELECT * FROM day_archives WHERE business_date = '2026-03-10'").run()).toThrow(/UNIQUE/);
  });

  it('a row changed behind the terminal\'s back (the trigger dropped, the PDF and even its hash replaced) is found by verify', async () => {
    const db = h.raw.ledger;
    db.exec('DROP TRIGGER day_archives_fixed');
    try {
      const original = db.prepare("SELECT pdf, sha256, size FROM day_archives WHERE business_date = '2026-03-11'").get() as { pdf: Buffer; sha256: string; size: bigint };
      const forged = Buffer.from(original.pdf.toString('latin1').replace('%%EOF', '%%EOF\n% forged'), 'latin1');
      db.prepare("UPDATE day_archives SET pdf = ? WHERE business_date = '2026-03-11'").run(forged);
      let day = ok(await h.terminal.call('archive.verify', { from: '2026-03-11', to: '2026-03-11' }, h.session('sup1')))[0]!;
      expect(day.ok).toBe(false);
      expect(day.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['sha256', 'size', 'auditEntry']);
      // The hash and size changed to match: the audit trail still holds the hash it was made with.
      const { createHash } = await import('node:crypto');
      db.prepare("UPDATE day_archives SET sha256 = ?, size = ? WHERE business_date = '2026-03-11'").run(createHash('sha256').update(forged).digest('hex'), forged.length);
      day = ok(await h.terminal.call('archive.verify', { from: '2026-03-11', to: '2026-03-11' }, h.session('sup1')))[0]!;
      expect(day.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['auditEntry']);
      db.prepare("UPDATE day_archives SET pdf = ?, sha256 = ?, size = ? WHERE business_date = '2026-03-11'").run(original.pdf, original.sha256, original.size);
      expect(ok(await h.terminal.call('archive.verify', { from: '2026-03-11', to: '2026-03-11' }, h.session('sup1')))[0]!.ok).toBe(true);
    } finally {
      db.exec("CREATE TRIGGER day_archives_fixed BEFORE UPDATE ON day_archives BEGIN SELECT RAISE(ABORT, 'day_archives: an archive never changes'); END");
    }
  });

  it('a day closed without its archive (the close committed, the archive not made: no font, or a crash) is listed missing, refused by get, and made on demand after a restart', async () => {
    const dir = h.dir;
    const t = h.terminal;
    ok(await trade(t, { customer: LI, direction: 'settlement', currency: 'USD', amount: '50' }));
    // The archive step fails after the close's commit (no usable CJK font), as a crash there would leave it.
    const saved = process.env.TELLER_REPORT_FONT;
    process.env.TELLER_REPORT_FONT = '/nonexistent/font.ttf';
    try {
      await closeDay('2026-03-12');
    } finally {
      if (saved === undefined) delete process.env.TELLER_REPORT_FONT;
      else process.env.TELLER_REPORT_FONT = saved;
    }
    expect(ok(await t.call('archive.list', { limit: 1 }, h.session('sup1')))).toEqual([{ businessDate: '2026-03-12', state: 'missing' }]);
    refused(await t.call('archive.get', { date: '2026-03-12' }, h.session('sup1')), 'ARCHIVE_NOT_FOUND');
    // The terminal starts again on the same ledger file: still missing, then made on demand.
    const clock = h.clock.current.toISOString();
    h.terminal.close();
    h = openHarness({ dir, start: clock, monitoring: null });
    expect(ok(await h.terminal.call('archive.list', { limit: 1 }, h.session('sup1')))[0]!.state).toBe('missing');
    const made = ok(await h.terminal.call('archive.make', {}, h.session('sup1')));
    expect(made.map((a) => [a.businessDate, a.state, a.receipts])).toEqual([['2026-03-12', 'made', 1]]);
    expect(ok(await h.terminal.call('archive.verify', {}, h.session('sup1'))).map((c) => c.ok)).toEqual([true, true, true]);
    expect(ok(await h.terminal.call('archive.make', {}, h.session('sup1')))).toEqual([]);
  });
});
