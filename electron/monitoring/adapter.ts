// The one interface to SAFE's monitoring system (个人外汇业务监测系统). The interface-mode HTTP
// client and the simulator come with the monitoring issue; the trade flow depends only on this.
import type { MonitoringEntry } from './entry';

export class MonitoringError extends Error {
  /** permanent: a person must act (bad data, over quota); transient: retry later; unknown: ask first. */
  constructor(readonly kind: 'permanent' | 'transient' | 'unknown', message: string, readonly code?: string) {
    super(message);
    this.name = 'MonitoringError';
  }
}

export interface MonitoringAdapter {
  /** Real-time entry (实时录入), before the trade commits. Resolves with the reference number. */
  register(entry: MonitoringEntry): Promise<{ refNo: string }>;
}
