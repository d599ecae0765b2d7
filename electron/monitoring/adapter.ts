// The one interface to SAFE's monitoring system (个人外汇业务监测系统). The trade flow, the sync
// loop and the day close depend only on this; the interface-mode HTTP client implements it.
import type { Entry, QuotaData, RecordData, RecordsData } from './protocol';

/**
 * How a call failed, which decides what happens next:
 * - permanent: the monitoring system answered and refused (bad data, over quota, watch list
 *   without notice): a person must act; retrying the same thing will not help;
 * - transient: nothing was done (no connection, busy, end-of-day processing): retry later;
 * - unknown: the request may have been carried out (a timeout after sending, a dropped or garbled
 *   answer): ask the monitoring system before doing it again.
 */
export class MonitoringError extends Error {
  constructor(
    readonly kind: 'permanent' | 'transient' | 'unknown',
    message: string,
    readonly code?: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'MonitoringError';
  }
}

export interface PersonRef {
  idType: string;
  idNumber: string;
  country: string;
}

export interface CancelRequest {
  refNo: string;
  tradeType: 'JH' | 'GH';
  reason: '01' | '02' | '03' | '04' | '05' | '06';
  remark?: string;
}

export interface MonitoringAdapter {
  /** A person's standing for one trade type: quota used and left, cash today, status. */
  quota(person: PersonRef, tradeType: 'JH' | 'GH'): Promise<QuotaData>;
  /** Real-time entry (实时录入), before the trade commits. "Already recorded" resolves too. */
  register(entry: Entry): Promise<{ refNo: string }>;
  /** Back-fill (补录) within the window. "Already recorded" resolves too. */
  backfill(entry: Entry): Promise<{ refNo: string }>;
  /** Withdraws a recorded entry. Already cancelled resolves. */
  cancel(request: CancelRequest): Promise<void>;
  /** The record entered with the terminal's serial (trade id), if any. */
  findBySerial(serial: string): Promise<RecordData | undefined>;
  /** Every record of a business date, all pages. */
  recordsOn(date: string): Promise<RecordData[]>;
  /**
   * The notice operation (告知): records at SAFE that a listed person (02 pre-watch, 03 watch list)
   * was shown the notice. Used when a supervisor resolves a back-fill refused for want of it
   * (resolve.ts). Optional: a stand-in that has no such operation cannot resolve that way.
   */
  notice?(person: PersonRef, status: '02' | '03'): Promise<void>;
  /** The record with a reference number, if SAFE holds one (a page-mode entry is checked by it). */
  findByRef?(refNo: string): Promise<RecordData | undefined>;
}

export type { RecordsData };
