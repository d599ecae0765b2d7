// Real-time entry (第三十二条(一)) with the rule for unknown outcomes: a timeout or a lost answer
// does not mean "not recorded". Before trying again the terminal asks the monitoring system
// whether its serial (the trade id) was recorded, so a trade is never entered twice.
import { MonitoringError, type MonitoringAdapter } from './adapter';
import type { Entry } from './protocol';

const TRIES = 2;

export async function registerOnce(adapter: MonitoringAdapter, entry: Entry): Promise<{ refNo: string }> {
  let last: MonitoringError | undefined;
  for (let attempt = 0; attempt < TRIES; attempt++) {
    try {
      return await adapter.register(entry);
    } catch (e) {
      if (!(e instanceof MonitoringError) || e.kind === 'permanent') throw e;
      last = e;
      if (e.kind === 'unknown') {
        const found = await adapter.findBySerial(entry.serial).catch(() => undefined);
        if (found) return { refNo: found.refNo };
      }
    }
  }
  throw last!;
}
