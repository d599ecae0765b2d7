// In-memory monitoring adapters for the core tests (no vitest import: the crash child uses them).
import { MonitoringError, type CancelRequest, type MonitoringAdapter } from '../../electron/monitoring/adapter';
import type { Entry, QuotaData, RecordData } from '../../electron/monitoring/protocol';

/**
 * An in-memory stand-in for the monitoring system, for the core tests: it records real-time
 * entries and back-fills with a reference number, and never answers the quota query (so quotes
 * are made offline, from the terminal's own figures). The monitoring tests use the real
 * simulator process instead (test/helpers/simulator.ts).
 */
export class RecordingMonitoring implements MonitoringAdapter {
  entries: Entry[] = [];
  cancels: CancelRequest[] = [];
  private refs = new Map<string, string>();
  async quota(): Promise<QuotaData> {
    throw new MonitoringError('transient', 'quota is not simulated here');
  }
  async register(entry: Entry): Promise<{ refNo: string }> {
    return this.enter(entry);
  }
  async backfill(entry: Entry): Promise<{ refNo: string }> {
    return this.enter(entry);
  }
  async cancel(request: CancelRequest): Promise<void> {
    this.cancels.push(request);
  }
  async findBySerial(serial: string): Promise<RecordData | undefined> {
    return this.refs.has(serial) ? ({ serial, refNo: this.refs.get(serial)! } as RecordData) : undefined;
  }
  async recordsOn(): Promise<RecordData[]> {
    return [];
  }
  private enter(entry: Entry): { refNo: string } {
    if (!this.refs.has(entry.serial)) {
      this.entries.push(entry);
      this.refs.set(entry.serial, `${entry.tradeType}20260310${String(this.entries.length).padStart(10, '0')}`);
    }
    return { refNo: this.refs.get(entry.serial)! };
  }
}

/** The in-memory system, down while `down` is set: a trade then is back-filled, delivered when it is up again. */
export class SwitchableMonitoring extends RecordingMonitoring {
  down = false;
  override async register(entry: Entry): Promise<{ refNo: string }> {
    if (this.down) throw new MonitoringError('transient', 'connection refused');
    return super.register(entry);
  }
  override async backfill(entry: Entry): Promise<{ refNo: string }> {
    if (this.down) throw new MonitoringError('transient', 'connection refused');
    return super.backfill(entry);
  }
}

/** A monitoring system that cannot be reached. */
export function unreachableMonitoring(): MonitoringAdapter {
  const down = async (): Promise<never> => {
    throw new MonitoringError('transient', 'connection refused');
  };
  return { quota: down, register: down, backfill: down, cancel: down, findBySerial: down, recordsOn: down };
}
