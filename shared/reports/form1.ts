// 附表1 特许机构备付金监管报表 (第五十一条(二)): per currency (RMB, then each foreign currency),
// opening reserves, customer buys and sells split domestic/foreign, each rebalancing channel, RMB
// transfers with the basic account, closing reserves — in each currency's legal unit. Every
// identity printed under the form is checked exactly before the report is shown. Composed from the
// gathered inputs (inputs.ts) by a counter for itself and by the hub for an outlet or the institution.
import { Refusal } from '../errors';
import { RMB } from '../money/currencies';
import { fromMinor } from '../money/money';
import { isIsoDate } from '../time';
import type { MovementLeg, Reserves, TradeFlow } from './inputs';
import { FORM1_ROWS, type Form1, type Form1Row, type OutletHeader } from './types';

export function checkPeriod(from: string, to: string): void {
  const inRange = (d: string) => isIsoDate(d) && d >= '2000-01-01' && d <= '2100-12-31';
  if (!inRange(from) || !inRange(to)) throw new Refusal('REPORT_PERIOD_INVALID', { problemZh: '日期须为 2000–2100 年间的 YYYY-MM-DD', problemEn: 'dates must be YYYY-MM-DD between 2000 and 2100' });
  if (from > to) throw new Refusal('REPORT_PERIOD_INVALID', { problemZh: `起始日 ${from} 晚于截止日 ${to}`, problemEn: `${from} is after ${to}` });
}

/** A month YYYY-MM between 2000 and 2100, or the refusal. */
export function checkMonth(month: string): string {
  if (!/^(20\d\d|2100)-(0[1-9]|1[0-2])$/.test(month)) throw new Refusal('REPORT_PERIOD_INVALID', { problemZh: '月份须为 2000–2100 年间的 YYYY-MM', problemEn: 'the month must be YYYY-MM between 2000 and 2100' });
  return month;
}

type Cells = Record<Form1Row, bigint>;

function emptyCells(): Cells {
  return Object.fromEntries(FORM1_ROWS.map((r) => [r, 0n])) as Cells;
}

/** The identities under 附表1 (注8), exactly. */
export const FORM1_IDENTITIES: [string, (c: Record<Form1Row, bigint>) => boolean][] = [
  ['(1)+(2)=(3)', (c) => c.r1 + c.r2 === c.r3],
  ['(4)+(7)=(10)', (c) => c.r4 + c.r7 === c.r10],
  ['(5)+(8)=(11)', (c) => c.r5 + c.r8 === c.r11],
  ['(6)+(9)=(12)', (c) => c.r6 + c.r9 === c.r12],
  ['(17)+(18)=(19)', (c) => c.r17 + c.r18 === c.r19],
  ['(3)+(12)+(13)+(14)+(15)+(16)=(19)', (c) => c.r3 + c.r12 + c.r13 + c.r14 + c.r15 + c.r16 === c.r19],
];

export interface Form1Inputs {
  /** Reserves at the end of the day before `from`, and at the end of `to`. */
  opening: Reserves;
  closing: Reserves;
  flows: readonly TradeFlow[];
  legs: readonly MovementLeg[];
}

export function composeForm1(outlet: OutletHeader, from: string, to: string, inputs: Form1Inputs): Form1 {
  checkPeriod(from, to);
  const cells = new Map<string, Cells>();
  const col = (c: string): Cells => cells.get(c) ?? cells.set(c, emptyCells()).get(c)!;
  for (const [c, r] of inputs.opening) {
    const x = col(c);
    x.r1 = r.cash;
    x.r2 = r.accounts;
  }
  for (const [c, r] of inputs.closing) {
    const x = col(c);
    x.r17 = r.cash;
    x.r18 = r.accounts;
  }
  // 注4: 买入/卖出 is the currency the outlet bought or sold in a customer trade.
  for (const f of inputs.flows) {
    const domestic = f.residency === 'domestic';
    const fx = col(f.currency);
    const rmb = col(RMB);
    if (f.direction === 'settlement') {
      if (domestic) fx.r4 += f.foreignMinor; else fx.r7 += f.foreignMinor;
      if (domestic) rmb.r5 += f.rmbCashMinor; else rmb.r8 += f.rmbCashMinor;
    } else {
      if (domestic) fx.r5 += f.foreignMinor; else fx.r8 += f.foreignMinor;
      if (domestic) rmb.r4 += f.rmbCashMinor; else rmb.r7 += f.rmbCashMinor;
    }
  }
  // 注5, 注6: 调入/调出 by channel; 转入/转出 RMB with the basic account.
  for (const leg of inputs.legs) {
    const x = col(leg.currency);
    const row = leg.channel === 'internal' ? 'r13' : leg.channel === 'other_institution' ? 'r14' : leg.channel === 'bank' ? 'r15' : 'r16';
    x[`${row}${leg.way}` as Form1Row] += leg.minor;
  }
  const columns = [...cells.keys()]
    .filter((c) => Object.values(cells.get(c)!).some((v) => v !== 0n))
    .sort((a, b) => (a === RMB ? -1 : b === RMB ? 1 : a.localeCompare(b)));
  if (!columns.includes(RMB)) columns.unshift(RMB);
  return {
    form: 'form1',
    outlet,
    from,
    to,
    columns: columns.map((currency) => {
      const x = col(currency);
      x.r3 = x.r1 + x.r2;
      x.r6 = x.r4 - x.r5;
      x.r9 = x.r7 - x.r8;
      x.r10 = x.r4 + x.r7;
      x.r11 = x.r5 + x.r8;
      x.r12 = x.r10 - x.r11;
      x.r13 = x.r13in - x.r13out;
      x.r14 = x.r14in - x.r14out;
      x.r15 = x.r15in - x.r15out;
      x.r16 = x.r16in - x.r16out;
      x.r19 = x.r17 + x.r18;
      for (const [name, holds] of FORM1_IDENTITIES) {
        if (!holds(x)) throw new Refusal('REPORT_IDENTITY_BROKEN', { form: `附表1 ${currency}`, identity: name });
      }
      const foreign = currency !== RMB;
      const out = Object.fromEntries(FORM1_ROWS.map((r) => [
        r,
        // The form prints '/' for transfers with the basic account in a foreign currency (RMB only, 注6).
        foreign && r.startsWith('r16') ? null : fromMinor(x[r], currency).toString(),
      ])) as Record<Form1Row, string | null>;
      return { currency, cells: out };
    }),
  };
}
