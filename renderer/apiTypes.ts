// The answers the screens read live in the contract (shared/contract.ts), beside the inputs, so
// the Terminal and the renderer cannot drift apart (terminal.ts checks its handlers against them).
export type {
  CustomerLookup, OutboxState, Outputs, PrinterState, PrinterStatus, PrintJobView, QueueRow, QueueStatus, RateView, SessionInfo, SyncResult,
} from '../shared/contract';
