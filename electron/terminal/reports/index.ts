// The reports' methods (第五十一条): 附表1, 附表2, the books, the exports, 附表3's consolidation.
import type { HandlersOf } from '../services';
import { consolidate, exportReport, form1, form2, outletExport, profitReport, trialBalanceReport } from './reports';

export const reportsHandlers = {
  'reports.form1': form1,
  'reports.form2': form2,
  'reports.trialBalance': trialBalanceReport,
  'reports.profit': profitReport,
  'reports.export': exportReport,
  'reports.outletExport': outletExport,
  'reports.consolidate': (_ctx, input) => consolidate(input),
} satisfies HandlersOf<'reports'>;
