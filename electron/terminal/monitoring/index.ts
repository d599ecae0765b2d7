// The monitoring system's day (第三十二条): the back-fill list of a date, and the reconciliation of
// the terminal's trades against SAFE's records for it.
import { Refusal } from '../../../shared/errors';
import { MonitoringError } from '../../monitoring/adapter';
import { backfillList, reconcile } from '../../monitoring/reconcile';
import type { HandlersOf } from '../services';

export const monitoringHandlers = {
  'monitoring.backfillList': (ctx, input) => backfillList(ctx.db, input.date),
  'monitoring.reconcile': (ctx, input) => {
    if (!ctx.monitoring) throw new Refusal('REALTIME_ENTRY_REQUIRED');
    return reconcile(ctx.db, ctx.monitoring, input.date).catch((e: unknown) => {
      if (e instanceof MonitoringError) throw new Refusal('MONITORING_REFUSED', { reason: e.message });
      throw e;
    });
  },
} satisfies HandlersOf<'monitoring'>;
