// 附表2 特许业务月报表 (第五十一条(三)): the month's foreign currency bought and sold, in 10,000 USD
// (万美元) with counts; customers split domestic/foreign and real-time / back-filled / not entered;
// rebalancing by channel; opening and closing FX reserves and the exchange-rate adjustment. Composed
// from the gathered inputs (inputs.ts): by a counter for itself, by the hub for an outlet or for the
// outlets of a city (注1: 本表由特许机构汇总同城各网点情况填制).
//
// Conversion (注3): with the USD conversion table published in the month before the filing date.
// The form is filed in the first five working days of the next month, so that is the table of the
// report month itself. Opening reserves (6) are valued as last month's report valued its closing
// (last month's table), closing reserves (7) with this month's: the difference the table makes is
// the exchange-rate adjustment (8) (注7), which also takes up the rounding of the shown figures, so
// (7) = (6) + Σ差额(1..5) + (8) holds exactly on the figures as printed.
import { form2DueDateOrProvisional, type WorkCalendar } from '../calendar/workdays';
import { Refusal } from '../errors';
import { RMB } from '../money/currencies';
import { Decimal, fromMinor } from '../money/money';
import { addDays } from '../time';
import type { MovementLeg, Reserves, TradeFlow } from './inputs';
import { FORM2_FLOW_ROWS, type Form2, type Form2Flow, type Form2FlowRow, type OutletHeader } from './types';

/** Shown figures: 万美元 to four decimal places (one US dollar), rounded half-up. */
export const FORM2_DECIMALS = 4;

function wan(usd: Decimal): Decimal {
  return usd.dividedBy(10_000).toDecimalPlaces(FORM2_DECIMALS, Decimal.ROUND_HALF_UP);
}

export function previousMonth(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
}

export interface Form2Inputs {
  flows: readonly TradeFlow[];
  legs: readonly MovementLeg[];
  /** FX reserves at the end of the month before, and at the end of the month. */
  opening: Reserves;
  closing: Reserves;
  /** USD per unit of a currency under a month's conversion table; refuses CONVERSION_RATE_MISSING. */
  usdPerUnit: (currency: string, month: string) => Decimal;
  /** Whether a month's conversion table is loaded (the opening is valued with last month's when it is). */
  hasTable: (month: string) => boolean;
  calendar?: WorkCalendar | undefined;
}

export function composeForm2(outlet: OutletHeader, month: string, inputs: Form2Inputs): Form2 {
  const usd = (currency: string, minor: bigint, m = month): Decimal => fromMinor(minor, currency).times(inputs.usdPerUnit(currency, m));
  // Exact USD sums per cell, rounded once per cell.
  const exact = new Map<Form2FlowRow, { buy: Decimal; buyCount: number; sell: Decimal; sellCount: number }>();
  const cell = (row: Form2FlowRow) => exact.get(row) ?? exact.set(row, { buy: new Decimal(0), buyCount: 0, sell: new Decimal(0), sellCount: 0 }).get(row)!;
  const count = (row: Form2FlowRow, bought: boolean, amount: Decimal, n: number) => {
    const c = cell(row);
    if (bought) {
      c.buy = c.buy.plus(amount);
      c.buyCount += n;
    } else {
      c.sell = c.sell.plus(amount);
      c.sellCount += n;
    }
  };
  for (const f of inputs.flows) {
    const row = `${f.residency}${f.entry[0]!.toUpperCase()}${f.entry.slice(1)}` as Form2FlowRow;
    // 注5: 买入/卖出 is the foreign currency the outlet bought or sold.
    count(row, f.direction === 'settlement', usd(f.currency, f.foreignMinor), f.count);
  }
  // 注2: RMB lent or borrowed within the institution is not counted; only foreign currency is.
  for (const leg of inputs.legs) {
    if (leg.currency === RMB || leg.channel === 'transfer') continue;
    const row: Form2FlowRow = leg.channel === 'internal' ? 'internal' : leg.channel === 'other_institution' ? 'otherInstitution' : 'bank';
    // 注6: 调入 with the bought, 调出 with the sold.
    count(row, leg.way === 'in', usd(leg.currency, leg.minor), leg.count);
  }
  const flows = {} as Record<Form2FlowRow, Form2Flow>;
  const shown = (row: Form2FlowRow) => {
    const c = exact.get(row);
    return { buy: wan(c?.buy ?? new Decimal(0)), buyCount: c?.buyCount ?? 0, sell: wan(c?.sell ?? new Decimal(0)), sellCount: c?.sellCount ?? 0 };
  };
  const put = (row: Form2FlowRow, v: { buy: Decimal; buyCount: number; sell: Decimal; sellCount: number }) => {
    flows[row] = { buyAmount: v.buy.toFixed(FORM2_DECIMALS), buyCount: v.buyCount, sellAmount: v.sell.toFixed(FORM2_DECIMALS), sellCount: v.sellCount, diff: v.buy.minus(v.sell).toFixed(FORM2_DECIMALS) };
    return v;
  };
  // Sub-rows as rounded; totals as sums of the shown sub-rows, so the form adds up as printed.
  const sum = (rows: Form2FlowRow[]) => rows.map((r) => put(r, shown(r))).reduce((a, b) => ({
    buy: a.buy.plus(b.buy), buyCount: a.buyCount + b.buyCount, sell: a.sell.plus(b.sell), sellCount: a.sellCount + b.sellCount,
  }));
  const domestic = put('domestic', sum(['domesticRealtime', 'domesticBackfill', 'domesticNotEntered']));
  const foreign = put('foreign', sum(['foreignRealtime', 'foreignBackfill', 'foreignNotEntered']));
  const customers = put('customers', { buy: domestic.buy.plus(foreign.buy), buyCount: domestic.buyCount + foreign.buyCount, sell: domestic.sell.plus(foreign.sell), sellCount: domestic.sellCount + foreign.sellCount });
  let diffs = customers.buy.minus(customers.sell);
  for (const row of ['internal', 'otherInstitution', 'bank', 'otherApproved'] as const) {
    // (5) 经批准的其他备付金调剂方式: the terminal offers only the three channels of 第四十五条.
    const v = put(row, shown(row));
    diffs = diffs.plus(v.buy.minus(v.sell));
  }
  // (6) and (7): FX reserves (cash on hand and reserve accounts), opening as last month valued them.
  const prior = previousMonth(month);
  const openingMonth = inputs.hasTable(prior) ? prior : month;
  const value = (reserves: Reserves, m: string): Decimal => {
    let total = new Decimal(0);
    for (const [currency, r] of reserves) {
      if (currency === RMB || r.cash + r.accounts === 0n) continue;
      total = total.plus(usd(currency, r.cash + r.accounts, m));
    }
    return wan(total);
  };
  const opening = value(inputs.opening, openingMonth);
  const closing = value(inputs.closing, month);
  const adjustment = closing.minus(opening).minus(diffs);
  // 注8: (7) = (6) + 差额(1) + 差额(2) + 差额(3) + 差额(4) + 差额(5) + (8), exactly.
  if (!closing.eq(opening.plus(diffs).plus(adjustment))) throw new Refusal('REPORT_IDENTITY_BROKEN', { form: '附表2', identity: '(7)=(6)+Σ差额(1..5)+(8)' });
  for (const r of FORM2_FLOW_ROWS) if (!flows[r]) throw new Error(`row ${r} missing`);
  // 第五十一条(三): due by the 5th working day of the next month. A missing holiday notice never
  // blocks the report: the date is then counted from weekends alone and marked provisional.
  const due = form2DueDateOrProvisional(month, inputs.calendar);
  return {
    form: 'form2',
    outlet,
    month,
    conversionMonth: month,
    dueDate: due.date,
    dueDateProvisional: due.provisional,
    ...(due.missingYear !== undefined ? { dueDateMissingYear: due.missingYear } : {}),
    flows,
    opening: opening.toFixed(FORM2_DECIMALS),
    closing: closing.toFixed(FORM2_DECIMALS),
    adjustment: adjustment.toFixed(FORM2_DECIMALS),
  };
}
