// What the Terminal answers for the methods the screens use. The contract (shared/contract.ts)
// holds the inputs and the trade views; the other answers are written down here as the handlers of
// electron/terminal/terminal.ts return them (the renderer may not import electron/).
import type { PersonDay, QuoteView, TradeView } from '../shared/contract';
import type { Message } from '../shared/errors';

export interface SessionInfo {
  training: boolean;
  businessDate: string;
  now: string;
  institutionName: string;
  outletCode: string;
  outletName: string;
  terminalId: string;
  currencies: { code: string; zh: string; en: string; minorUnits: number; smallestNote: string }[];
  idTypes: { code: string; zh: string; en: string; residency: 'domestic' | 'foreign' }[];
}

export interface CustomerLookup {
  idType: string;
  idNumber: string;
  country: string;
  supplementaryId?: string;
  birthDate?: string;
  residency: 'domestic' | 'foreign';
  idTypeName: Message;
  known: boolean;
  name?: string;
  today: PersonDay;
}

export interface RateView {
  id: string;
  currency: string;
  buyPer100: string;
  sellPer100: string;
  fee: string;
  effectiveAt: string;
  setBy: string;
  stale: boolean;
}

export type OutboxState = 'pending' | 'delivered' | 'needs_attention' | 'not_needed';

export interface QueueRow {
  id: number;
  tradeId: string;
  receiptNo: number;
  kind: 'realtime' | 'backfill' | 'cancel';
  state: OutboxState;
  attempts: number;
  deadlineAt?: string;
  nextAttemptAt?: string;
  refNo?: string;
  reason?: string;
}

export interface QueueStatus {
  monitoring: { configured: boolean; online: boolean | undefined; lastContactAt?: string; lastError?: string };
  pending: number;
  nearestDeadline?: string;
  needsAttention: QueueRow[];
  alerts: QueueRow[];
}

export interface SyncResult {
  delivered: number;
  retrying: number;
  needsAttention: number;
}

export type PrinterState = 'ready' | 'paperNearEnd' | 'paperOut' | 'coverOpen' | 'error' | 'noAnswer';

export interface PrintJobView {
  id: number;
  tradeId: string;
  receiptNo: number;
  kind: 'receipt' | 'reprint';
  copyNo: number;
  state: 'pending' | 'printing' | 'done' | 'failed';
  error?: string;
  requestedBy: string;
  createdAt: string;
}

export interface PrinterStatus {
  configured: boolean;
  state?: PrinterState;
  failedJobs: PrintJobView[];
}

/** The answers of the methods the screens call. */
export interface Outputs {
  'session.info': SessionInfo;
  'customers.lookup': CustomerLookup;
  'rates.set': RateView;
  'rates.board': RateView[];
  'rates.history': RateView[];
  'trades.quote': QuoteView;
  'trades.commit': TradeView;
  'trades.void': TradeView;
  'trades.get': TradeView;
  'trades.list': TradeView[];
  'trades.personDay': PersonDay;
  'trades.reprint': PrintJobView;
  'printer.status': PrinterStatus;
  'printer.jobs': PrintJobView[];
  'printer.printPending': { printed: number; failed: number };
  'queue.status': QueueStatus;
  'queue.list': QueueRow[];
  'queue.retry': QueueRow;
  'queue.syncNow': SyncResult;
  'cash.onHand': { currency: string; amount: string }[];
}
