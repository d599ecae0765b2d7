// Reports through the Terminal as a supervisor exports them: XLSX read back with exceljs, PDF
// rendered with pdftoppm, and 附表3 consolidated from two outlets' signed exports.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB_PASSPORT, OUTLET, ok, openHarness, refused, stockOutlet, trade, type Harness } from './helpers/terminal';

const open: Harness[] = [];
afterEach(() => open.splice(0).forEach((h) => h.close()));

async function busyDay(outletCode = OUTLET.outletCode): Promise<Harness> {
  const h = openHarness({ outlet: { outletCode } });
  open.push(h);
  await stockOutlet(h.terminal);
  ok(await trade(h.terminal, { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '300' }));
  ok(await trade(h.terminal, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'EUR', amount: '200' }));
  return h;
}

describe('exports', () => {
  it('exports 附表1 as XLSX that reads back to the numbers on screen', async () => {
    const h = await busyDay();
    const form = ok(await h.terminal.call('reports.form1', { from: '2026-03-10', to: '2026-03-10' }));
    const file = ok(await h.terminal.call('reports.export', { report: 'form1', format: 'xlsx', from: '2026-03-10', to: '2026-03-10' }));
    expect(file.fileName).toBe('附表1-PEK-T3-01-2026-03-10_2026-03-10.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as never);
    const ws = wb.worksheets[0]!;
    const values: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => values.push(String(cell.value))));
    expect(values.join('|')).toContain('特许机构备付金监管报表');
    // Every amount of the RMB and USD columns is in the sheet, exactly.
    for (const currency of ['CNY', 'USD']) {
      const cells = form.columns.find((c) => c.currency === currency)!.cells;
      for (const v of [cells.r5, cells.r17, cells.r19]) expect(values.some((x) => Number(x) === Number(v)), `${currency} ${v}`).toBe(true);
    }
  });

  it('exports 附表2 as a PDF that renders to a page with ink on it', async () => {
    const h = await busyDay();
    const file = ok(await h.terminal.call('reports.export', { report: 'form2', format: 'pdf', month: '2026-03' }));
    const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
    writeFileSync(join(dir, 'f.pdf'), Buffer.from(file.base64, 'base64'));
    execFileSync('pdftoppm', ['-r', '40', '-png', join(dir, 'f.pdf'), join(dir, 'page')]);
    const page = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.png'))!)));
    let dark = 0;
    for (let i = 0; i < page.data.length; i += 4) if (page.data[i]! < 128) dark++;
    expect(dark / (page.width * page.height)).toBeGreaterThan(0.005);
    expect(execFileSync('pdftotext', [join(dir, 'f.pdf'), '-']).toString()).toContain('特许业务月报表');
  });

  it('refuses an export without its period', async () => {
    const h = await busyDay();
    refused(await h.terminal.call('reports.export', { report: 'form2', format: 'xlsx' }), 'REPORT_PERIOD_INVALID');
  });
});

describe('附表3 from the outlets\' signed exports', () => {
  it('consolidates two outlets, and refuses an export altered by one byte', async () => {
    const a = await busyDay('PEK-T3-01');
    const b = await busyDay('PEK-T2-02');
    const fa = ok(await a.terminal.call('reports.outletExport', { month: '2026-03' }));
    const fb = ok(await b.terminal.call('reports.outletExport', { month: '2026-03' }));
    const key = (content: string) => (JSON.parse(content) as { publicKey: string }).publicKey;
    const trusted = [{ outletCode: 'PEK-T3-01', publicKey: key(fa.content) }, { outletCode: 'PEK-T2-02', publicKey: key(fb.content) }];
    const f2 = ok(await a.terminal.call('reports.form2', { month: '2026-03' }));
    const form3 = ok(await a.terminal.call('reports.consolidate', { files: [{ name: fa.fileName, content: fa.content }, { name: fb.fileName, content: fb.content }], trusted }));
    expect(form3.form).toBe('form3');
    expect(form3.flows.customers!.buyCount).toBe(2 * f2.flows.customers!.buyCount);
    expect(form3.outlets?.map((o) => o.outletCode).sort()).toEqual(['PEK-T2-02', 'PEK-T3-01']);
    // One byte changed: a digit of an amount.
    const from = fb.content.indexOf('"buyAmount"');
    const at = from + fb.content.slice(from).search(/\d/);
    const altered = fb.content.slice(0, at) + (fb.content[at] === '1' ? '2' : '1') + fb.content.slice(at + 1);
    const e = refused(await a.terminal.call('reports.consolidate', { files: [{ name: fa.fileName, content: fa.content }, { name: fb.fileName, content: altered }], trusted }), 'EXPORT_SIGNATURE_INVALID');
    expect(e.message.zh).toContain(fb.fileName);
  });
});
