// Real-time entry (第三十二条(一)) with the rule for unknown outcomes: a timeout or a lost answer
// does not mean "not recorded". Before trying again the terminal asks the monitoring system
// whether its serial (the trade id) was recorded, so a trade is never entered twice.
import { MonitoringError, type MonitoringAdapter } from './adapter';
import type { Entry } from './protocol';

const TRIES = 2;

/**
 * Throws the last failure, but an `unknown` one if any try was: a try that may have been recorded
 * is not made certain by a later one that was not (the caller then has the entry looked up and
 * cancelled, intents.ts, where after a transient failure alone there is nothing to cancel).
 */
export async function registerOnce(adapter: MonitoringAdapter, entry: Entry): Promise<{ refNo: string }> {
  let last: MonitoringError | undefined;
  let unknown: MonitoringError | undefined;
  for (let attempt = 0; attempt < TRIES; attempt++) {
    try {
      return await adapter.register(entry);
    } catch (e) {
      if (!(e instanceof MonitoringError) || e.kind === 'permanent') throw e;
      last = e;
      if (e.kind === 'unknown') {
        unknown = e;
        const found = await adapter.findBySerial(entry.serial).catch(() => undefined);
        if (found) return { refNo: found.refNo };
      }
    }
  }
  throw unknown ?? last!;
}
