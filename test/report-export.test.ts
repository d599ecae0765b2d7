// Report export (第五十一条 附表1–3, the books, the 台账 of 第四十六条): each report laid out like the
// form, written to XLSX and PDF. What a person would notice: the XLSX opened again shows the same
// amounts (exactly, compared as decimals) at the cells the form puts them, with the form's merged
// cells; the PDF renders to a page with ink on it and its text has the title and the amounts; with
// no Chinese font the PDF is refused with a code that says what to install.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPdf } from '../sheets/pdf';
import { exactNumber, toXlsx } from '../sheets/xlsx';
import { findCjkFonts, postscriptNames, type CjkFonts } from '../sheets/fonts';
import { Refusal } from '../shared/errors';
import { Decimal } from '../shared/money/money';
import {
  cellAt,
  cellText,
  form1Sheet,
  form2Sheet,
  formatSheetAmount,
  placeCells,
  profitSheet,
  reserveLedgerSheet,
  trialBalanceSheet,
  type ReportSheet,
} from '../shared/reports/sheet';
import {
  FORM1_ROWS,
  FORM2_FLOW_ROWS,
  type Form1,
  type Form1Row,
  type Form2,
  type Form2Flow,
  type ProfitReport,
  type ReserveLedger,
  type TrialBalance,
} from '../shared/reports/types';

// ---- fixtures, by hand, satisfying the forms' identities ----

const outlet = { institutionName: '环球通兑换有限公司', outletCode: 'BJ001', outletName: '首都机场T3网点' };
type Column = Record<Form1Row, string | null>;
// prettier-ignore
const cny: Column = { r1: '200000', r2: '1000000', r3: '1200000', r4: '56300.5', r5: '87456.78', r6: '-31156.28', r7: '38000', r8: '21000', r9: '17000', r10: '94300.5', r11: '108456.78', r12: '-14156.28', r13in: '0', r13out: '50000', r13: '-50000', r14in: '20000', r14out: '0', r14: '20000', r15in: '100000', r15out: '0', r15: '100000', r16in: '0', r16out: '30000', r16: '-30000', r17: '185843.72', r18: '1040000', r19: '1225843.72' };
// prettier-ignore
const usd: Column = { r1: '50000', r2: '120000', r3: '170000', r4: '12345', r5: '8000', r6: '4345', r7: '3000', r8: '5500', r9: '-2500', r10: '15345', r11: '13500', r12: '1845', r13in: '10000', r13out: '0', r13: '10000', r14in: '0', r14out: '0', r14: '0', r15in: '0', r15out: '20000', r15: '-20000', r16in: null, r16out: null, r16: null, r17: '41845', r18: '120000', r19: '161845' };
// prettier-ignore
const jpy: Column = { r1: '3000000', r2: '0', r3: '3000000', r4: '450000', r5: '1200000', r6: '-750000', r7: '0', r8: '0', r9: '0', r10: '450000', r11: '1200000', r12: '-750000', r13in: '1000000', r13out: '0', r13: '1000000', r14in: '0', r14out: '0', r14: '0', r15in: '0', r15out: '0', r15: '0', r16in: null, r16out: null, r16: null, r17: '3250000', r18: '0', r19: '3250000' };

const form1: Form1 = {
  form: 'form1',
  outlet,
  from: '2025-03-01',
  to: '2025-03-31',
  columns: [
    { currency: 'CNY', cells: cny },
    { currency: 'USD', cells: usd },
    { currency: 'JPY', cells: jpy },
  ],
};

const flow = (buyAmount: string, buyCount: number, sellAmount: string, sellCount: number): Form2Flow => ({
  buyAmount,
  buyCount,
  sellAmount,
  sellCount,
  diff: new Decimal(buyAmount).minus(sellAmount).toString(),
});
// 万美元; the opening balance carries more digits than a double holds (a converted amount).
const form2: Form2 = {
  form: 'form2',
  outlet,
  month: '2025-03',
  conversionMonth: '2025-02',
  dueDate: '2025-04-08',
  dueDateProvisional: false,
  flows: {
    customers: flow('3.4512', 120, '2.1', 98),
    domestic: flow('2.4512', 80, '1.6', 70),
    domesticRealtime: flow('2.4', 78, '1.6', 70),
    domesticBackfill: flow('0.0512', 2, '0', 0),
    domesticNotEntered: flow('0', 0, '0', 0),
    foreign: flow('1', 40, '0.5', 28),
    foreignRealtime: flow('1', 40, '0.5', 28),
    foreignBackfill: flow('0', 0, '0', 0),
    foreignNotEntered: flow('0', 0, '0', 0),
    internal: flow('1', 1, '0', 0),
    otherInstitution: flow('0', 0, '0', 0),
    bank: flow('0', 0, '2', 1),
    otherApproved: flow('0', 0, '0', 0),
  },
  opening: '10.123456789012345678',
  closing: '10.474656789012345677',
  adjustment: '-0.000000000000000001',
};

const ledger: ReserveLedger = {
  form: 'reserveLedger',
  outlet,
  month: '2025-03',
  lines: Array.from({ length: 45 }, (_, i) => ({
    at: `2025-03-${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i).padStart(2, '0')}:00`,
    businessDate: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    nature: i % 3 === 0 ? '调剂（调入）' : i % 3 === 1 ? '存钞' : '转出',
    counterparty: i % 3 === 0 ? '中国银行股份有限公司北京首都机场支行' : null,
    place: i % 3 === 0 ? '北京（同城）' : null,
    account: i % 3 === 1 ? '1100 2233 4455 6677 889' : null,
    method: i % 2 ? 'cash' : 'transfer',
    inCurrency: 'USD',
    inAmount: '12000.5',
    outCurrency: i % 3 === 0 ? 'CNY' : null,
    outAmount: i % 3 === 0 ? '85000.12' : null,
    rate: i % 3 === 0 ? '7.083340' : null,
    actor: '张三',
    reference: `RL-${String(i + 1).padStart(3, '0')}`,
  })),
};

const trialBalance: TrialBalance = {
  form: 'trialBalance',
  outlet,
  asOf: '2025-03-31',
  rows: [
    { account: 'cash:till:CNY', kind: '库存现钞', currency: 'CNY', debit: '1000', credit: '200', balance: '800' },
    { account: 'equity:CNY', kind: '权益', currency: 'CNY', debit: '200', credit: '1000', balance: '-800' },
    { account: 'cash:till:JPY', kind: '库存现钞', currency: 'JPY', debit: '50000', credit: '0', balance: '50000' },
    { account: 'equity:JPY', kind: '权益', currency: 'JPY', debit: '0', credit: '50000', balance: '-50000' },
  ],
};

const profit: ProfitReport = {
  form: 'profit',
  outlet,
  from: '2025-03-01',
  to: '2025-03-31',
  rows: [{ currency: 'USD', feeIncome: '120', spread: '3456.78', revaluation: '-12.3', total: '3564.48' }],
  total: { currency: 'CNY', feeIncome: '120', spread: '3456.78', revaluation: '-12.3', total: '3564.48' },
};

// ---- helpers ----

async function readXlsx(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

/** Every cell's text as a person reads it, by address. */
function findCell(ws: ExcelJS.Worksheet, text: string): ExcelJS.Cell {
  let hit: ExcelJS.Cell | undefined;
  ws.eachRow((row) =>
    row.eachCell((c) => {
      if (!hit && c.master === c && c.value === text) hit = c;
    }),
  );
  if (!hit) throw new Error(`no cell says ${text}`);
  return hit;
}

/** The exact decimal a cell holds: a number cell's value, or a text cell's digits. */
function decimalOf(c: ExcelJS.Cell): Decimal {
  if (typeof c.value === 'number') return new Decimal(String(c.value));
  if (typeof c.value === 'string') return new Decimal(c.value.replace(/,/g, ''));
  throw new Error(`${c.address} holds ${JSON.stringify(c.value)}, not an amount`);
}

let dir: string;
let fonts: CjkFonts;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-export-'));
  // CI installs fonts-noto-cjk (.ci/run); a machine without a CJK font fails here, saying so.
  fonts = findCjkFonts();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfPages(pdf: Buffer, name: string): { text: string; pages: PNG[] } {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '50', '-png', file, join(dir, name)]);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pngs = readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort();
  return { text, pages: pngs.map((p) => PNG.sync.read(readFileSync(join(dir, p)))) };
}

function darkFraction(png: PNG): number {
  let dark = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 3 * 160) dark++;
  return dark / (png.width * png.height);
}

// ---- layout ----

describe('report layout (the forms of 第五十一条 and the 台账 of 第四十六条)', () => {
  it('every sheet fills its grid exactly: merges never overlap or leave holes', () => {
    for (const sheet of [form1Sheet(form1), form2Sheet(form2), form2Sheet({ ...form2, form: 'form3' }), trialBalanceSheet(trialBalance), profitSheet(profit), reserveLedgerSheet(ledger), reserveLedgerSheet({ ...ledger, lines: [] })]) {
      expect(() => placeCells(sheet), sheet.id).not.toThrow();
    }
  });

  it('附表1 has the form\'s rows in the form\'s order, RMB first, "/" for foreign currencies in (16)', () => {
    const sheet = form1Sheet(form1);
    expect(sheet.title).toBe('特许机构备付金监管报表');
    expect(sheet.unit).toBe('单位：法定货币单位');
    expect(sheet.body.map((r) => r.key)).toEqual([...FORM1_ROWS]);
    const items = placeCells(sheet).filter((p) => !p.header && p.col + p.colSpan === 3).map((p) => cellText(p.cell));
    expect(items).toEqual([
      '库存现钞 (1)', '账户 (2)', '合计 (3)', '买入 (4)', '卖出 (5)', '差额 (6)', '买入 (7)', '卖出 (8)', '差额 (9)',
      '买入 (10)', '卖出 (11)', '差额 (12)', '调入', '调出', '差额 (13)', '调入', '调出', '差额 (14)',
      '调入', '调出', '差额 (15)', '转入', '转出', '差额 (16)', '库存现钞 (17)', '账户 (18)', '合计 (19)',
    ]); // prettier-ignore
    const groups = placeCells(sheet).filter((p) => !p.header && p.col === 0).map((p) => [cellText(p.cell), p.rowSpan]);
    expect(groups).toEqual([['期初备付金余额', 3], ['与顾客交易', 9], ['系统内调剂', 3], ['与其他特许机构间调剂', 3], ['与开户银行调剂', 3], ['备付金转入转出', 3], ['期末备付金余额', 3]]);
    expect(sheet.columns.map((c) => c.key).slice(3)).toEqual(['CNY', 'USD', 'JPY']);
    expect(cellAt(sheet, 'r16', 'USD')?.cell.kind).toBe('slash');
    expect(cellAt(sheet, 'r16', 'CNY')?.cell).toMatchObject({ kind: 'amount', value: '-30000' });
    expect(cellAt(sheet, 'r19', 'CNY')?.bold).toBe(true);
    expect(cellAt(sheet, 'r4', 'CNY')?.bold).toBe(false);
    expect(sheet.footer.join(' ')).toMatch(/填报人.*负责人.*联系电话.*填报日期/);
    expect(sheet.footer).toContain('公章：');
  });

  it('附表2 and 附表3 have the form\'s items; 附表3 carries the 全国性经营机构 title', () => {
    const two = form2Sheet(form2);
    const three = form2Sheet({ ...form2, form: 'form3', outlet: { ...outlet, outletCode: '*' }, outlets: [outlet] });
    expect(two.title).toBe('特许业务月报表');
    expect(three.title).toBe('全国性经营机构全系统业务及备付金月报表');
    expect(three.id).toBe('form3');
    expect(two.unit).toBe('单位：万美元');
    expect(two.body.map((r) => r.key)).toEqual([...FORM2_FLOW_ROWS, 'opening', 'closing', 'adjustment']);
    expect(two.body.map((r) => cellText(r.cells[0]!))).toEqual([
      '一、与客户买卖外币（1）', '境内个人', '其中：实时登录系统', '事后补录系统', '未录入系统',
      '境外个人', '其中：实时登录系统办理', '事后补录系统办理', '未录入系统',
      '二、系统内备付金调剂（2）', '三、与其他特许机构间备付金调剂（3）', '四、与开户银行间备付金调剂（4）',
      '五、经批准的其他备付金调剂方式（5）', '六、月初外币备付金余额（6）', '七、月末外币备付金余额（7）', '八、汇率调整（8）',
    ]); // prettier-ignore
    expect(cellAt(two, 'closing', 'diff')?.cell).toMatchObject({ kind: 'amount', value: form2.closing });
    expect(two.subtitle.join(' ')).toContain('2025年03月');
    expect(three.subtitle.join(' ')).toContain('汇总网点');
    expect(two.subtitle.join(' ')).toContain('报送截止日：2025-04-08');
    expect(two.subtitle.join(' ')).not.toContain('待定');
  });

  it('附表2 with a provisional due date (第五十一条(三), the next year\'s holiday notice not loaded) says so, in Chinese', () => {
    const provisional = form2Sheet({ ...form2, month: '2026-12', dueDate: '2027-01-07', dueDateProvisional: true, dueDateMissingYear: 2027 });
    expect(provisional.subtitle.join(' ')).toContain('报送截止日：2027-01-07（截止日待定：未导入 2027 年节假日安排）');
  });

  it('amounts are shown exactly: grouped, padded, never rounded (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4 }), (units, scale, min) => {
        const value = new Decimal(units.toString()).dividedBy(new Decimal(10).pow(scale)).toFixed(scale);
        const shown = formatSheetAmount(value, min);
        expect(new Decimal(shown.replace(/,/g, '')).eq(value)).toBe(true);
        expect(shown.split('.')[1]?.length ?? 0).toBe(Math.max(scale, min));
        const n = exactNumber(value);
        if (n !== null) expect(new Decimal(String(n)).eq(value)).toBe(true);
        else expect(new Decimal(value).sd()).toBeGreaterThan(15);
      }),
    );
    expect(exactNumber('1225843.72')).toBe(1225843.72);
    expect(exactNumber('0.1')).toBe(0.1);
    expect(exactNumber('12345678901234567.89')).toBeNull();
    expect(formatSheetAmount('7.083340', 0)).toBe('7.083340');
  });
});

// ---- XLSX ----

describe('XLSX export', () => {
  it('附表1 reads back with the same amounts at the form\'s cells and the form\'s merges', async () => {
    const ws = await readXlsx(await toXlsx(form1Sheet(form1)));
    expect(ws.getCell('A1').value).toBe('特许机构备付金监管报表');

    // The cell right of 买入 (4), in the column headed 人民币, holds (4) in RMB.
    const buy4 = findCell(ws, '买入 (4)');
    const rmbHeader = findCell(ws, '人民币');
    const rmbCell = ws.getCell(Number(buy4.row), Number(rmbHeader.col));
    expect(Number(rmbHeader.col)).toBe(Number(buy4.col) + 1);
    expect(typeof rmbCell.value).toBe('number');
    expect(decimalOf(rmbCell).eq(cny.r4!)).toBe(true);
    expect(rmbCell.numFmt).toBe('#,##0.00');

    // Header: 项目 over three label columns and two rows; 外币 over the foreign columns.
    const item = findCell(ws, '项目');
    expect(ws.getCell(Number(item.row) + 1, Number(item.col) + 2).master.address).toBe(item.address);
    const foreign = findCell(ws, '外币');
    expect(ws.getCell(Number(foreign.row), Number(foreign.col) + 1).master.address).toBe(foreign.address);
    expect(ws.getCell(Number(foreign.row) + 1, Number(foreign.col)).value).toBe('美元 USD');
    expect(ws.getCell(Number(foreign.row) + 1, Number(foreign.col) + 1).value).toBe('日元 JPY');
    // 与顾客交易 spans nine rows, 境内个人 three, beside 买入 (4).
    const customers = findCell(ws, '与顾客交易');
    expect(customers.row).toBe(buy4.row);
    expect(ws.getCell(Number(customers.row) + 8, Number(customers.col)).master.address).toBe(customers.address);
    expect(ws.getCell(Number(customers.row) + 9, Number(customers.col)).master.address).not.toBe(customers.address);
    expect(ws.getCell(Number(buy4.row), Number(buy4.col) - 1).value).toBe('境内个人');

    // Every amount of every currency, compared as decimals; '/' where the form prints one.
    const firstBody = Number(item.row) + 2;
    form1.columns.forEach((column, ci) => {
      FORM1_ROWS.forEach((key, ri) => {
        const cell = ws.getCell(firstBody + ri, Number(rmbHeader.col) + ci);
        const want = column.cells[key];
        if (want === null) expect(cell.value, `${column.currency} ${key}`).toBe('/');
        else expect(decimalOf(cell).eq(want), `${column.currency} ${key}: ${String(cell.value)} vs ${want}`).toBe(true);
      });
    });
    expect(ws.getCell(firstBody + FORM1_ROWS.indexOf('r19'), Number(rmbHeader.col)).font.bold).toBe(true);
    expect(ws.getCell(firstBody + FORM1_ROWS.indexOf('r17'), Number(rmbHeader.col)).font.bold).toBeFalsy();
    expect(ws.getCell(firstBody, Number(rmbHeader.col) + 2).numFmt).toBe('#,##0'); // JPY has no decimals
    expect(rmbCell.border.left?.style).toBe('thin');
    let footer = '';
    ws.eachRow((row) => row.eachCell((c) => (footer += c.master === c && typeof c.value === 'string' ? c.value : '')));
    expect(footer).toContain('填报人');
    expect(footer).toContain('公章');
  });

  it('附表2 keeps counts as whole numbers and writes an amount no double holds as exact text', async () => {
    const ws = await readXlsx(await toXlsx(form2Sheet(form2)));
    const domestic = findCell(ws, '境内个人');
    const c = Number(domestic.col);
    const r = Number(domestic.row);
    expect(decimalOf(ws.getCell(r, c + 1)).eq(form2.flows.domestic.buyAmount)).toBe(true);
    expect(ws.getCell(r, c + 2).value).toBe(80);
    expect(decimalOf(ws.getCell(r, c + 3)).eq(form2.flows.domestic.sellAmount)).toBe(true);
    expect(ws.getCell(r, c + 4).value).toBe(70);
    expect(decimalOf(ws.getCell(r, c + 5)).eq(form2.flows.domestic.diff)).toBe(true);
    // (6) and (7) have 20 significant digits: text, digit for digit, not a rounded double.
    const opening = ws.getCell(Number(findCell(ws, '六、月初外币备付金余额（6）').row), c + 5);
    expect(opening.value).toBe('10.123456789012345678');
    const closing = ws.getCell(Number(findCell(ws, '七、月末外币备付金余额（7）').row), c + 5);
    expect(decimalOf(closing).eq(form2.closing)).toBe(true);
    // The identity (7) = (6) + Σ差额(1..5) + (8) holds on the values read back.
    const diffs = ['一、与客户买卖外币（1）', '二、系统内备付金调剂（2）', '三、与其他特许机构间备付金调剂（3）', '四、与开户银行间备付金调剂（4）', '五、经批准的其他备付金调剂方式（5）'].map((l) =>
      decimalOf(ws.getCell(Number(findCell(ws, l).row), c + 5)),
    );
    const adjustment = decimalOf(ws.getCell(Number(findCell(ws, '八、汇率调整（8）').row), c + 5));
    expect(diffs.reduce((s, d) => s.plus(d), decimalOf(opening)).plus(adjustment).eq(decimalOf(closing))).toBe(true);
  });

  it('any 附表1 amounts read back exactly (property)', async () => {
    const amountArb = fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }).map((m) => new Decimal(m.toString()).dividedBy(100).toString());
    await fc.assert(
      fc.asyncProperty(fc.array(amountArb, { minLength: FORM1_ROWS.length, maxLength: FORM1_ROWS.length }), async (values) => {
        const cells = Object.fromEntries(FORM1_ROWS.map((k, i) => [k, values[i]!])) as Column;
        const ws = await readXlsx(await toXlsx(form1Sheet({ ...form1, columns: [{ currency: 'CNY', cells }] })));
        const item = findCell(ws, '项目');
        FORM1_ROWS.forEach((key, ri) => {
          expect(decimalOf(ws.getCell(Number(item.row) + 1 + ri, 4)).eq(cells[key]!)).toBe(true);
        });
      }),
      { numRuns: 12 },
    );
  });

  it('the other reports export too (台账 with its two-level header, books with totals)', async () => {
    const ws = await readXlsx(await toXlsx(reserveLedgerSheet(ledger)));
    expect(ws.getCell('A1').value).toBe('备付金交易电子台账');
    const inHeader = findCell(ws, '存入、转入或调入');
    expect(ws.getCell(Number(inHeader.row), Number(inHeader.col) + 1).master.address).toBe(inHeader.address);
    const last = findCell(ws, 'RL-045');
    const rateCol = Number(findCell(ws, '汇率').col);
    const first = findCell(ws, 'RL-001');
    expect(decimalOf(ws.getCell(Number(first.row), rateCol)).eq('7.08334')).toBe(true);
    expect(ws.getCell(Number(first.row), rateCol).numFmt).toBe('#,##0.000000');
    expect(Number(last.row) - Number(first.row)).toBe(44);
    expect(ws.pageSetup.orientation).toBe('landscape');

    const tb = await readXlsx(await toXlsx(trialBalanceSheet(trialBalance)));
    const total = findCell(tb, '人民币 CNY 合计');
    expect(decimalOf(tb.getCell(Number(total.row), 4)).eq('1200')).toBe(true);
    expect(decimalOf(tb.getCell(Number(total.row), 5)).eq('1200')).toBe(true);
    const pl = await readXlsx(await toXlsx(profitSheet(profit)));
    expect(decimalOf(pl.getCell(Number(findCell(pl, '合计').row) + 1, 5)).eq('3564.48')).toBe(true);
  });
});

// ---- PDF ----

describe('PDF export', () => {
  it('finds a CJK font face by its PostScript name inside a collection', () => {
    expect(fonts.regular.path).toBeTruthy();
    if (fonts.regular.path.endsWith('.ttc')) {
      expect(postscriptNames(readFileSync(fonts.regular.path))).toContain(fonts.regular.postscriptName);
    }
  });

  it('附表1 renders to one inked A4 page whose text has the title, labels and amounts', async () => {
    const { text, pages } = pdfPages(await toPdf(form1Sheet(form1), { fonts }), 'form1');
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.height).toBeGreaterThan(page.width); // portrait
    expect(Math.abs(page.width / page.height - 595.28 / 841.89)).toBeLessThan(0.01);
    const ink = darkFraction(page);
    expect(ink).toBeGreaterThan(0.01); // a grid, a title and numbers, not a blank page
    expect(ink).toBeLessThan(0.3); // not a black box either
    expect(text).toContain('特许机构备付金监管报表');
    for (const s of ['期初备付金余额', '买入 (4)', '与顾客交易', '1,225,843.72', '-31,156.28', '3,250,000', '161,845.00', '填报人', '公章']) expect(text).toContain(s);
  });

  // issue 20 item 7: the paper 附表1 is one sheet (第五十一条); with many currencies the form went
  // landscape over two pages and shrank 与其他特许机构间调剂 below its neighbours.
  it('第五十一条: 附表1 with ten currencies stays on one page, 与其他特许机构间调剂 as large as 系统内调剂', async () => {
    const many = ['CNY', 'USD', 'EUR', 'JPY', 'HKD', 'GBP', 'AUD', 'CAD', 'CHF', 'KRW'].map((currency) => ({ currency, cells: usd }));
    const file = join(dir, 'form1-ten.pdf');
    writeFileSync(file, await toPdf(form1Sheet({ ...form1, columns: many }), { fonts }));
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Pages:\s+1$/m);
    const words = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    const perChar = (label: string): number => {
      const m = new RegExp(`xMin="([\\d.]+)" yMin="[\\d.]+" xMax="([\\d.]+)" yMax="[\\d.]+">${label}<`).exec(words);
      expect(m, label).not.toBeNull();
      return (Number(m![2]) - Number(m![1])) / label.length;
    };
    // One line, each character as wide as in the five-character label beside it.
    expect(perChar('与其他特许机构间调剂')).toBeCloseTo(perChar('系统内调剂'), 1);
  });

  it('the 台账 goes landscape over several pages, every line once, the header repeated', async () => {
    const { text, pages } = pdfPages(await toPdf(reserveLedgerSheet(ledger), { fonts }), 'ledger');
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) {
      expect(p.width).toBeGreaterThan(p.height);
      expect(darkFraction(p)).toBeGreaterThan(0.005);
    }
    for (let i = 1; i <= 45; i++) expect(text.match(new RegExp(`RL-${String(i).padStart(3, '0')}\\b`, 'g')), `line ${i}`).toHaveLength(1);
    expect(text.match(/交易性质/g)).toHaveLength(pages.length);
    expect(text).toMatch(new RegExp(`第\\s*1\\s*页\\s*共\\s*${pages.length}\\s*页`));
  });

  it('附表2, 附表3 and the books render with their amounts', async () => {
    const sheets: ReportSheet[] = [form2Sheet(form2), form2Sheet({ ...form2, form: 'form3' }), trialBalanceSheet(trialBalance), profitSheet(profit)];
    const want = [['特许业务月报表', '10.123456789012345678', '-2.0000'], ['全国性经营机构全系统业务及备付金月报表'], ['试算平衡表', '50,000'], ['兑换业务损益表', '3,564.48', '合计']];
    for (const [i, sheet] of sheets.entries()) {
      // The last without a bold face (as with simhei.ttf): bold is then drawn by stroking.
      const faces = i === sheets.length - 1 ? { regular: fonts.regular, bold: null } : fonts;
      const { text, pages } = pdfPages(await toPdf(sheet, { fonts: faces }), sheet.id);
      expect(darkFraction(pages[0]!)).toBeGreaterThan(0.005);
      for (const s of want[i]!) expect(text, sheet.id).toContain(s);
    }
  });

  it('with no Chinese font the PDF is refused with REPORT_FONT_MISSING saying what to install', async () => {
    const none = { env: {}, exists: () => false };
    const refusal = await toPdf(form1Sheet(form1), { ...none, platform: 'linux' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Refusal);
    expect((refusal as Refusal).code).toBe('REPORT_FONT_MISSING');
    expect((refusal as Refusal).failure.message.zh).toContain('fonts-noto-cjk');
    expect((refusal as Refusal).failure.message.zh).toContain('NotoSansCJK-Regular.ttc');
    const windows = (() => {
      try {
        findCjkFonts({ ...none, platform: 'win32' });
      } catch (e) {
        return e as Refusal;
      }
      return undefined;
    })();
    expect(windows?.failure.message.en).toMatch(/msyh\.ttc.*simhei\.ttf/);
    // An override that is not a font is refused for what it is.
    const notFont = join(dir, 'not-a-font.ttf');
    writeFileSync(notFont, 'hello');
    expect(() => findCjkFonts({ fontPath: notFont })).toThrow(/REPORT_FONT_UNUSABLE/);
    expect(() => findCjkFonts({ env: { TELLER_REPORT_FONT: join(dir, 'missing.ttc') } })).toThrow(/REPORT_FONT_MISSING/);
  });
});
