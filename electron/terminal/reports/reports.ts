// The reports of 第五十一条 and the books, computed from the ledger for a chosen period, each
// checked against its own identities before it is shown (electron/reports/), and exported as XLSX
// and PDF laid out like the form (shared/reports/sheet.ts).
import { seesCustomers } from '../../../shared/api';
import { Refusal } from '../../../shared/errors';
import { maskCustomers } from '../../../shared/masking';
import type { OutletHeader, Report } from '../../../shared/reports/types';
import { form1Sheet, form2Sheet, profitSheet, reserveLedgerSheet, trialBalanceSheet, type ReportSheet } from '../../../shared/reports/sheet';
import { computeForm1 } from '../../reports/form1';
import { computeForm2 } from '../../reports/form2';
import { profit, trialBalance } from '../../reports/books';
import { consolidateExports, exportForm2, loadOrCreateSigningKey } from '../../reports/outletExport';
import { first, q } from '../../ledger/sql';
import type { Call, Services } from '../services';
import { terminalCalendar } from '../calendar/calendars';
import { reserveLedger } from '../reserves/ledger';

function header(ctx: Services): OutletHeader {
  const o = ctx.outlet();
  return { institutionName: o.institution_name, outletCode: o.outlet_code, outletName: o.outlet_name };
}

function checkMonth(month: string): string {
  if (!/^(20\d\d|2100)-(0[1-9]|1[0-2])$/.test(month)) throw new Refusal('REPORT_PERIOD_INVALID', { problemZh: '月份须为 2000–2100 年间的 YYYY-MM', problemEn: 'the month must be YYYY-MM between 2000 and 2100' });
  return month;
}

export const form1 = (ctx: Services, input: { from: string; to: string }) => computeForm1(ctx.db, header(ctx), input.from, input.to);
export const form2 = (ctx: Services, input: { month: string }) => computeForm2(ctx.db, header(ctx), checkMonth(input.month), terminalCalendar(ctx.db));
export const trialBalanceReport = (ctx: Services, input: { date: string }) => trialBalance(ctx.db, header(ctx), input.date);
export const profitReport = (ctx: Services, input: { from: string; to: string }) => profit(ctx.db, header(ctx), input.from, input.to);
export const reserveLedgerReport = (ctx: Services, input: { month: string }) => reserveLedger(ctx, { month: checkMonth(input.month) });

type ExportInput = { report: 'form1' | 'form2' | 'trialBalance' | 'profit' | 'reserveLedger'; format: 'xlsx' | 'pdf'; from?: string | undefined; to?: string | undefined; month?: string | undefined; date?: string | undefined };

function need(value: string | undefined, field: string): string {
  if (!value) throw new Refusal('REPORT_PERIOD_INVALID', { problemZh: `缺少 ${field}`, problemEn: `${field} is missing` });
  return value;
}

function sheetOf(ctx: Services, input: ExportInput, call: Call): { sheet: ReportSheet; name: string } {
  let report: Report;
  switch (input.report) {
    case 'form1': report = form1(ctx, { from: need(input.from, 'from'), to: need(input.to, 'to') }); break;
    case 'form2': report = form2(ctx, { month: need(input.month, 'month') }); break;
    case 'trialBalance': report = trialBalanceReport(ctx, { date: need(input.date, 'date') }); break;
    case 'profit': report = profitReport(ctx, { from: need(input.from, 'from'), to: need(input.to, 'to') }); break;
    case 'reserveLedger': report = reserveLedgerReport(ctx, { month: need(input.month, 'month') }); break;
  }
  // The file leaves the terminal as bytes the Terminal cannot mask afterwards: masked before the
  // layout, for a caller who may not see customers (shared/masking.ts; the forms are totals today).
  if (!seesCustomers(call.caller?.role)) report = maskCustomers(report);
  const o = ctx.outlet().outlet_code;
  switch (report.form) {
    case 'form1': return { sheet: form1Sheet(report), name: `附表1-${o}-${report.from}_${report.to}` };
    case 'form2': return { sheet: form2Sheet(report), name: `附表2-${o}-${report.month}` };
    case 'trialBalance': return { sheet: trialBalanceSheet(report), name: `试算平衡表-${o}-${report.asOf}` };
    case 'profit': return { sheet: profitSheet(report), name: `损益-${o}-${report.from}_${report.to}` };
    case 'reserveLedger': return { sheet: reserveLedgerSheet(report), name: `备付金台账-${o}-${report.month}` };
    // 附表3 is consolidated from the outlets' signed exports (reports.consolidate), never made from one ledger.
    case 'form3': throw new Error('附表3 is not exported from one ledger');
  }
}

export async function exportReport(ctx: Services, input: ExportInput, call: Call) {
  const { sheet, name } = sheetOf(ctx, input, call);
  // exceljs and pdfkit are loaded when a report is exported, not at every start of the terminal.
  const bytes = input.format === 'xlsx'
    ? await (await import('../../../sheets/xlsx')).toXlsx(sheet)
    : await (await import('../../../sheets/pdf')).toPdf(sheet);
  return {
    fileName: `${name}.${input.format}`,
    mimeType: input.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
    base64: Buffer.from(bytes).toString('base64'),
  };
}

/** The audit chain's head as the last day close verified (and printed) it. */
function lastCloseAuditHead(db: Services['db']): { id: number; hash: string } | undefined {
  const row = first(db, q.selectFrom('day_closes').select('summary').orderBy('business_date', 'desc').limit(1));
  return row ? ((JSON.parse(row.summary) as { auditHead?: { id: number; hash: string } | null }).auditHead ?? undefined) : undefined;
}

/** This outlet's 附表2 for headquarters, signed with the outlet's key (附表3). */
export function outletExport(ctx: Services, input: { month: string }) {
  const report = form2(ctx, input);
  const key = loadOrCreateSigningKey(ctx.dataDir);
  const head = lastCloseAuditHead(ctx.db);
  return { fileName: `附表2-${ctx.outlet().outlet_code}-${report.month}.json`, content: exportForm2(report, key, head).toString('utf8') };
}

/** 附表3 from the outlets' signed exports; a file altered by one byte is refused. */
export function consolidate(input: { files: { name: string; content: string }[]; trusted: { outletCode: string; publicKey: string }[] }) {
  return consolidateExports(input.files, input.trusted);
}
