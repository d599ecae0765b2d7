// The institution's reports from the hub (issue 18 item 4; 第五十一条): 附表1 for an outlet or the
// institution, 附表2 for an outlet or a city (注1: the institution's outlets there together), 附表3 for
// the institution, the trial balance and profit per currency (profit.ts) for an outlet or the
// institution, and the reserve ledger (台账, 第四十六条) of an outlet — composed by the counter's own
// functions (shared/reports/) over the hub's per-day aggregates (reportInputs.ts), so an outlet's
// report here is its counters' own
// (test/hub-reports.test.ts compares them), and exported as XLSX and PDF laid out as the counter's.
//
// 附表2 of a city and 附表3 add the outlets' 附表2 row by row (shared/reports/consolidate.ts), as HQ
// did from the outlets' signed files: the institution's figures are the sum of what each outlet's
// own report shows, and an outlet that cannot reach the hub can still be filed from its signed file.
import { Refusal } from '../shared/errors';
import { consolidate } from '../shared/reports/consolidate';
import { checkMonth, checkPeriod, composeForm1 } from '../shared/reports/form1';
import { composeForm2, previousMonth } from '../shared/reports/form2';
import { monthDays, type Reserves } from '../shared/reports/inputs';
import { inReserveLedger, reserveLedgerLine } from '../shared/reports/reserveLedger';
import { form1Sheet, form2Sheet, profitSheet, reserveLedgerSheet, trialBalanceSheet, type ReportSheet } from '../shared/reports/sheet';
import { composeTrialBalance } from '../shared/reports/trialBalance';
import type { Form1, Form2, OutletHeader, ProfitReport, Report, ReserveLedger, TrialBalance } from '../shared/reports/types';
import type { HubReportExportRequest, HubReportFile, HubReportRequest } from '../shared/sync/reports';
import { addDays } from '../shared/time';
import type { HubDatabase } from './db/open';
import { hubProfit } from './profit';
import { conversionTables, EVERY_OUTLET, gatherBalances, gatherFlows, gatherLegs, gatherMonthReserves, gatherReserves, hubCalendar, type Scope } from './reportInputs';

async function institutionName(db: HubDatabase): Promise<string> {
  return (await db.selectFrom('hub_settings').select('institution_name').where('id', '=', 1).executeTakeFirst())?.institution_name ?? '';
}

/** The outlets of a scope with their headers, in code order; refused when there is none. */
async function outletsOf(db: HubDatabase, scope: Scope, name: string): Promise<OutletHeader[]> {
  let q = db.selectFrom('hub_outlets').select(['code', 'name']).orderBy('code');
  if ('outletCode' in scope) q = q.where('code', '=', scope.outletCode);
  if ('cityCode' in scope) q = q.where('city_code', '=', scope.cityCode);
  const rows = await q.execute();
  if (rows.length === 0) {
    if ('outletCode' in scope) throw new Refusal('HUB_OUTLET_UNKNOWN', { outlet: scope.outletCode });
    if ('cityCode' in scope) throw new Refusal('INVALID_INPUT', { field: 'cityCode', problemZh: `没有登记在 ${scope.cityCode} 的网点`, problemEn: `no outlet is registered in ${scope.cityCode}` });
  }
  return rows.map((r) => ({ institutionName: name, outletCode: r.code, outletName: r.name }));
}

/** The header of a report over the scope: the outlet's, or the institution as a whole (outletCode '*', as 附表3). */
async function headerOf(db: HubDatabase, scope: Scope): Promise<OutletHeader> {
  const name = await institutionName(db);
  if ('outletCode' in scope) return (await outletsOf(db, scope, name))[0]!;
  return { institutionName: name, outletCode: EVERY_OUTLET, outletName: name };
}

const scopeOf = (outletCode: string | undefined): Scope => (outletCode !== undefined ? { outletCode } : { institution: true });
/** The rows gathered for an outlet (or for the whole scope), none when it had none. */
const listOf = <T>(map: Map<string, T[]>, key = EVERY_OUTLET): T[] => map.get(key) ?? [];
const noReserves: Reserves = new Map();

export async function hubForm1(db: HubDatabase, scope: Scope, from: string, to: string): Promise<Form1> {
  checkPeriod(from, to);
  const header = await headerOf(db, scope);
  return composeForm1(header, from, to, {
    opening: (await gatherReserves(db, scope, addDays(from, -1), false)).get(EVERY_OUTLET) ?? noReserves,
    closing: (await gatherReserves(db, scope, to, false)).get(EVERY_OUTLET) ?? noReserves,
    flows: listOf(await gatherFlows(db, scope, from, to, false)),
    legs: listOf(await gatherLegs(db, scope, from, to, false)),
  });
}

/** Each outlet's 附表2 of a month over the scope, in outlet code order: four grouped queries whatever the number of outlets. */
export async function outletForms2(db: HubDatabase, scope: Scope, month: string): Promise<Form2[]> {
  checkMonth(month);
  const outlets = await outletsOf(db, scope, await institutionName(db));
  const { from, to } = monthDays(month);
  const [flows, legs, { opening, closing }, tables, calendar] = await Promise.all([
    gatherFlows(db, scope, from, to, true), gatherLegs(db, scope, from, to, true), gatherMonthReserves(db, scope, month, true),
    conversionTables(db, [previousMonth(month), month]), hubCalendar(db),
  ]);
  return outlets.map((o) => composeForm2(o, month, {
    flows: listOf(flows, o.outletCode), legs: listOf(legs, o.outletCode),
    opening: opening.get(o.outletCode) ?? noReserves, closing: closing.get(o.outletCode) ?? noReserves,
    usdPerUnit: tables.usdPerUnit, hasTable: tables.hasTable, calendar,
  }));
}

/** 附表2 of an outlet, or of a city: its outlets' added row by row (注1), headed by the city. */
export async function hubForm2(db: HubDatabase, input: { outletCode?: string | undefined; cityCode?: string | undefined; month: string }): Promise<Form2> {
  if (input.outletCode !== undefined) return (await outletForms2(db, { outletCode: input.outletCode }, input.month))[0]!;
  if (input.cityCode === undefined) throw new Refusal('INVALID_INPUT', { field: 'outletCode', problemZh: '附表2 须指定网点或城市（行政区划代码）', problemEn: 'Form 2 needs an outlet or a city (its division code)' });
  const parts = await outletForms2(db, { cityCode: input.cityCode }, input.month);
  const city = consolidate(parts);
  const name = parts[0]!.outlet.institutionName;
  return { ...city, form: 'form2', outlet: { institutionName: name, outletCode: input.cityCode, outletName: `${name}（${input.cityCode} 同城网点汇总）` } };
}

/** 附表3: every outlet's 附表2 added row by row, as from the outlets' signed files. */
export async function hubForm3(db: HubDatabase, month: string): Promise<Form2> {
  const parts = await outletForms2(db, { institution: true }, month);
  if (parts.length === 0) throw new Refusal('EXPORT_NONE');
  return consolidate(parts);
}

export async function hubTrialBalance(db: HubDatabase, scope: Scope, date: string): Promise<TrialBalance> {
  checkPeriod(date, date);
  return composeTrialBalance(await headerOf(db, scope), date, listOf(await gatherBalances(db, scope, date, false)));
}

/** The reserve ledger of an outlet: its counters' movements of the month, in order, from their events. */
export async function hubReserveLedger(db: HubDatabase, outletCode: string, month: string): Promise<ReserveLedger> {
  checkMonth(month);
  const header = await headerOf(db, { outletCode });
  const { from, to } = monthDays(month);
  // The movements' events: a movement is audited when made, so in its business day's month or the
  // next (a day that closes after midnight); the day close's over/short with the close.
  const rows = await db.selectFrom('hub_events as e').innerJoin('hub_terminals as t', 't.id', 'e.terminal_id')
    .select(['e.rows', 'e.terminal_id']).where('t.outlet_code', '=', outletCode)
    .where('e.month', '>=', `${previousMonth(month)}-01`).where('e.month', '<=', `${addDays(to, 1).slice(0, 7)}-01`)
    .where((eb) => eb.or([eb('e.action', 'like', 'reserves.%'), eb('e.action', '=', 'dayClose.close')])).execute();
  const seen = new Set<string>();
  const movements = rows.flatMap((r) => {
    const body = (typeof r.rows === 'string' ? JSON.parse(r.rows) : r.rows) as { reserve_movements?: Record<string, string | null>[] } | null;
    return (body?.reserve_movements ?? []).map((m) => ({ m, terminal: r.terminal_id }));
  }).filter(({ m, terminal }) => {
    const key = `${terminal}|${m.id ?? ''}`;
    if (seen.has(key) || !m.business_date || m.business_date < from || m.business_date > to || !inReserveLedger(m.kind ?? '')) return false;
    seen.add(key);
    return true;
  });
  // In the order they were made at the outlet's counters (their times, then their ids), as a counter orders its own.
  movements.sort((a, b) => {
    const [x, y] = [a.m.created_at ?? '', b.m.created_at ?? ''];
    return x !== y ? (x < y ? -1 : 1) : (a.m.id ?? '') < (b.m.id ?? '') ? -1 : (a.m.id ?? '') > (b.m.id ?? '') ? 1 : 0;
  });
  const big = (v: string | null | undefined) => (v === null || v === undefined ? null : BigInt(v));
  const lines = movements.map(({ m }) => reserveLedgerLine({
    id: m.id ?? '', kind: m.kind ?? '', channel: m.channel ?? null, counterparty: m.counterparty ?? null, place: m.place ?? null,
    sameCity: m.same_city === null || m.same_city === undefined ? null : m.same_city !== '0', method: m.method === 'transfer' ? 'transfer' : 'cash',
    accountNo: m.account_no ?? null, inCurrency: m.in_currency ?? null, inMinor: big(m.in_minor), outCurrency: m.out_currency ?? null, outMinor: big(m.out_minor),
    ratePer100: m.rate_per_100 ?? null, actor: m.actor ?? '', businessDate: m.business_date!, createdAt: m.created_at ?? '',
  }));
  return { form: 'reserveLedger', outlet: header, month, lines };
}

function need(value: string | undefined, field: string): string {
  if (value === undefined) throw new Refusal('REPORT_PERIOD_INVALID', { problemZh: `缺少 ${field}`, problemEn: `${field} is missing` });
  return value;
}

/** Profit per currency over an outlet's counters or every counter (hub/profit.ts). */
export async function hubProfitReport(db: HubDatabase, scope: Scope, from: string, to: string): Promise<ProfitReport> {
  checkPeriod(from, to);
  const header = await headerOf(db, scope);
  let q = db.selectFrom('hub_terminals').select('id').orderBy('id');
  if ('outletCode' in scope) q = q.where('outlet_code', '=', scope.outletCode);
  return hubProfit(db, header, (await q.execute()).map((t) => t.id), from, to);
}

/** A report HQ asked for, as the console shows it. */
export async function hubReport(db: HubDatabase, input: HubReportRequest): Promise<Report> {
  const scope = scopeOf(input.outletCode);
  switch (input.report) {
    case 'form1': return hubForm1(db, scope, need(input.from, 'from'), need(input.to, 'to'));
    case 'form2': return hubForm2(db, { outletCode: input.outletCode, cityCode: input.cityCode, month: need(input.month, 'month') });
    case 'form3': return hubForm3(db, need(input.month, 'month'));
    case 'trialBalance': return hubTrialBalance(db, scope, need(input.date, 'date'));
    case 'profit': return hubProfitReport(db, scope, need(input.from, 'from'), need(input.to, 'to'));
    case 'reserveLedger': {
      if (input.outletCode === undefined) throw new Refusal('INVALID_INPUT', { field: 'outletCode', problemZh: '台账按网点查看：请指定网点', problemEn: 'the reserve ledger is per outlet: name the outlet' });
      return hubReserveLedger(db, input.outletCode, need(input.month, 'month'));
    }
  }
}

function sheetOf(report: Report): { sheet: ReportSheet; name: string } {
  const o = report.outlet.outletCode === EVERY_OUTLET ? 'institution' : report.outlet.outletCode;
  switch (report.form) {
    case 'form1': return { sheet: form1Sheet(report), name: `附表1-${o}-${report.from}_${report.to}` };
    case 'form2': return { sheet: form2Sheet(report), name: `附表2-${o}-${report.month}` };
    case 'form3': return { sheet: form2Sheet(report), name: `附表3-${report.month}` };
    case 'trialBalance': return { sheet: trialBalanceSheet(report), name: `试算平衡表-${o}-${report.asOf}` };
    case 'reserveLedger': return { sheet: reserveLedgerSheet(report), name: `备付金台账-${o}-${report.month}` };
    case 'profit': return { sheet: profitSheet(report), name: `损益-${o}-${report.from}_${report.to}` };
  }
}

/** A report as XLSX or PDF, laid out as the counter's (sheets/). */
export async function exportHubReport(db: HubDatabase, input: HubReportExportRequest): Promise<HubReportFile> {
  const { sheet, name } = sheetOf(await hubReport(db, input));
  // exceljs and pdfkit are loaded when a report is exported, not at every start of the hub.
  const bytes = input.format === 'xlsx' ? await (await import('../sheets/xlsx')).toXlsx(sheet) : await (await import('../sheets/pdf')).toPdf(sheet);
  return {
    fileName: `${name}.${input.format}`,
    mimeType: input.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
    base64: Buffer.from(bytes).toString('base64'),
  };
}
