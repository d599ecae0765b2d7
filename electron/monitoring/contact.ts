// Whether the monitoring system is reachable, as the status bar shows it: every answer (even a
// refusal) is contact; a failure to get one means offline. Kept by wrapping the adapter, so every
// caller (quote, commit, sync loop, day close) updates it without thinking about it.
import { MonitoringError, type MonitoringAdapter } from './adapter';

export interface ContactState {
  online: boolean | undefined;
  lastContactAt: string | undefined;
  lastError: string | undefined;
}

export function trackContact(adapter: MonitoringAdapter, state: ContactState, now: () => Date): MonitoringAdapter {
  const track = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    try {
      const result = await fn(...args);
      state.online = true;
      state.lastContactAt = now().toISOString();
      state.lastError = undefined;
      return result;
    } catch (e) {
      const answered = e instanceof MonitoringError && e.kind === 'permanent';
      state.online = answered;
      if (answered) state.lastContactAt = now().toISOString();
      state.lastError = e instanceof Error ? e.message : String(e);
      throw e;
    }
  };
  return {
    quota: track(adapter.quota.bind(adapter)),
    register: track(adapter.register.bind(adapter)),
    backfill: track(adapter.backfill.bind(adapter)),
    cancel: track(adapter.cancel.bind(adapter)),
    findBySerial: track(adapter.findBySerial.bind(adapter)),
    recordsOn: track(adapter.recordsOn.bind(adapter)),
    ...(adapter.notice ? { notice: track(adapter.notice.bind(adapter)) } : {}),
    ...(adapter.findByRef ? { findByRef: track(adapter.findByRef.bind(adapter)) } : {}),
  };
}
