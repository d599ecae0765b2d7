// 附表3 (第五十一条): headquarters' consolidation of its outlets' 附表2 for one month. Every flow is
// summed row by row (amounts as exact decimal sums in 万美元, counts as integer sums), and so are
// the opening (6) and closing (7) balances and the exchange-rate adjustment (8). Sums are linear, so
// the identity (7) = (6) + Σdiff(1..5) + (8) holds for the consolidation whenever it holds for each
// outlet. Pure: the files and their signatures are checked by electron/reports/outletExport.ts.
import { z } from 'zod';
import { Refusal } from '../errors';
import { Decimal } from '../money/money';
import { FORM2_FLOW_ROWS, type Form2, type Form2Flow, type Form2FlowRow, type OutletHeader } from './types';

// ---- the shape of a Form2 on the wire (an export file carries one) ----

/** An amount in 万美元: digits, an optional fraction, no exponent. */
const amount = z.string().max(40).regex(/^\d{1,20}(\.\d{1,20})?$/, 'a decimal amount');
const signedAmount = z.string().max(41).regex(/^-?\d{1,20}(\.\d{1,20})?$/, 'a decimal amount');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');

export const outletHeaderSchema = z.strictObject({
  institutionName: z.string().max(200),
  outletCode: z.string().min(1).max(64),
  outletName: z.string().max(200),
});

export const form2FlowSchema = z.strictObject({
  buyAmount: amount,
  buyCount: count,
  sellAmount: amount,
  sellCount: count,
  diff: signedAmount,
});

export const form2Schema = z.strictObject({
  form: z.enum(['form2', 'form3']),
  outlet: outletHeaderSchema,
  month,
  conversionMonth: month,
  dueDate: z.iso.date(),
  // Optional on the wire: a file exported before provisional due dates existed has neither, and
  // its due date was final (the export was refused without the calendar then).
  dueDateProvisional: z.boolean().optional(),
  dueDateMissingYear: z.number().int().min(2000).max(2100).optional(),
  flows: z.strictObject(Object.fromEntries(FORM2_FLOW_ROWS.map((r) => [r, form2FlowSchema])) as Record<Form2FlowRow, typeof form2FlowSchema>),
  opening: signedAmount,
  closing: signedAmount,
  adjustment: signedAmount,
  outlets: z.array(outletHeaderSchema).max(10_000).optional(),
});

// ---- consolidation ----

/** The number of decimals written: the most any part uses, so "1.50" + "2.50" is "4.00", not "4". */
function scaleOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function sum(values: readonly string[], scale: number): string {
  const total = values.reduce((acc, v) => acc.plus(new Decimal(v)), new Decimal(0));
  // Decimal's precision (60 digits) holds any sum of these exactly; toFixed never rounds here
  // because `scale` is at least every part's number of decimals.
  const text = total.toFixed(scale);
  return text === `-${(0).toFixed(scale)}` ? text.slice(1) : text;
}

function amountsOf(f: Form2): string[] {
  return [f.opening, f.closing, f.adjustment, ...FORM2_FLOW_ROWS.flatMap((r) => [f.flows[r].buyAmount, f.flows[r].sellAmount, f.flows[r].diff])];
}

export interface ConsolidateOptions {
  /** What to call each part in a refusal (its file name); the outlet code when not given. */
  labels?: readonly string[];
}

/**
 * The due date of 附表3 (第五十一条(三)): every part has the same month, so the same due date unless
 * an outlet's calendar differed: then the earliest, which no outlet's calendar lets pass. A part
 * whose date is provisional (its outlet lacked a year's holiday notice) counts only when no part
 * has a final one; the consolidation is provisional then, naming the year missing.
 */
function consolidatedDue(parts: readonly Form2[]): Pick<Form2, 'dueDate' | 'dueDateProvisional' | 'dueDateMissingYear'> {
  const finals = parts.filter((p) => !p.dueDateProvisional);
  const pool = finals.length > 0 ? finals : parts;
  const earliest = [...pool].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))[0]!;
  if (finals.length > 0) return { dueDate: earliest.dueDate, dueDateProvisional: false };
  return {
    dueDate: earliest.dueDate,
    dueDateProvisional: true,
    ...(earliest.dueDateMissingYear !== undefined ? { dueDateMissingYear: earliest.dueDateMissingYear } : {}),
  };
}

/**
 * Consolidates one month's 附表2 of several outlets into 附表3. Refuses an empty list, parts of
 * different months or conversion tables, outlets of another institution, and an outlet twice.
 */
export function consolidate(parts: readonly Form2[], options: ConsolidateOptions = {}): Form2 {
  const first = parts[0];
  if (!first) throw new Refusal('EXPORT_NONE');
  const label = (i: number) => options.labels?.[i] ?? parts[i]!.outlet.outletCode;
  const seen = new Map<string, number>();
  parts.forEach((p, i) => {
    const outlet = p.outlet.outletCode;
    if (p.form !== 'form2') {
      throw new Refusal('EXPORT_MALFORMED', { file: label(i), problemZh: '不是网点的附表2', problemEn: 'it is not an outlet\'s Form 2' });
    }
    if (p.month !== first.month) throw new Refusal('EXPORT_MONTH_MISMATCH', { file: label(i), outlet, month: p.month, expected: first.month });
    if (p.conversionMonth !== first.conversionMonth) {
      throw new Refusal('EXPORT_CONVERSION_MISMATCH', { file: label(i), outlet, conversionMonth: p.conversionMonth, expected: first.conversionMonth });
    }
    if (p.outlet.institutionName !== first.outlet.institutionName) {
      throw new Refusal('EXPORT_INSTITUTION_MISMATCH', { file: label(i), outlet, institution: p.outlet.institutionName, expected: first.outlet.institutionName });
    }
    const earlier = seen.get(outlet);
    if (earlier !== undefined) throw new Refusal('EXPORT_DUPLICATE_OUTLET', { outlet, file: label(earlier), other: label(i) });
    seen.set(outlet, i);
  });

  const scale = Math.max(...parts.flatMap((p) => amountsOf(p).map(scaleOf)));
  const flow = (row: Form2FlowRow): Form2Flow => {
    const rows = parts.map((p) => p.flows[row]);
    return {
      buyAmount: sum(rows.map((r) => r.buyAmount), scale),
      buyCount: rows.reduce((n, r) => n + r.buyCount, 0),
      sellAmount: sum(rows.map((r) => r.sellAmount), scale),
      sellCount: rows.reduce((n, r) => n + r.sellCount, 0),
      diff: sum(rows.map((r) => r.diff), scale),
    };
  };
  const flows = Object.fromEntries(FORM2_FLOW_ROWS.map((r) => [r, flow(r)])) as Record<Form2FlowRow, Form2Flow>;
  const outlets: OutletHeader[] = parts.map((p) => ({ ...p.outlet })).sort((a, b) => (a.outletCode < b.outletCode ? -1 : a.outletCode > b.outletCode ? 1 : 0));

  return {
    form: 'form3',
    // The institution as a whole (types.ts: outletCode '*').
    outlet: { institutionName: first.outlet.institutionName, outletCode: '*', outletName: first.outlet.institutionName },
    month: first.month,
    conversionMonth: first.conversionMonth,
    ...consolidatedDue(parts),
    flows,
    opening: sum(parts.map((p) => p.opening), scale),
    closing: sum(parts.map((p) => p.closing), scale),
    adjustment: sum(parts.map((p) => p.adjustment), scale),
    outlets,
  };
}
