// The institution's reports from the hub (issue 18 item 4): what HQ's console asks and what the hub
// answers. The reports are the counter's own types (shared/reports/types.ts), composed by the same
// functions over the hub's per-day aggregates (hub/reports.ts).
import { z } from 'zod';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');

export const HUB_REPORTS = ['form1', 'form2', 'form3', 'trialBalance', 'profit', 'reserveLedger'] as const;
export type HubReportKind = (typeof HUB_REPORTS)[number];

export const hubReportRequest = z.strictObject({
  report: z.enum(HUB_REPORTS),
  /** One outlet; absent: the institution (附表1, the trial balance, profit). */
  outletCode: z.string().min(1).max(64).optional(),
  /** 附表2 of a city: the institution's outlets there together (注1), by 行政区划代码. */
  cityCode: z.string().regex(/^\d{6}$/, 'six digits (行政区划代码)').optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  month: isoMonth.optional(),
  date: isoDay.optional(),
});
export type HubReportRequest = z.infer<typeof hubReportRequest>;

export const hubReportExportRequest = hubReportRequest.extend({ format: z.enum(['xlsx', 'pdf']) });
export type HubReportExportRequest = z.infer<typeof hubReportExportRequest>;

export interface HubReportFile {
  fileName: string;
  mimeType: string;
  base64: string;
}
