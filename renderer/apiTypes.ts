// The answers the screens read live in the contract (shared/api), beside the inputs, so
// the Terminal and the renderer cannot drift apart (electron/terminal/handlers.ts checks its handlers against them).
export type {
  CustomerLookup, OutboxState, Outputs, PrinterState, PrinterStatus, PrintJobView, QueueRow, QueueStatus, RateView, SessionInfo, SyncResult,
} from '../shared/api';

// Reserves, cash by note, the day close and the reports (shared/api/reserves.ts, dayClose.ts, reports.ts).
import type { Outputs as O } from '../shared/api';
export type ReservesView = O['reserves.accounts'];
export type ReserveAccountView = ReservesView['accounts'][number];
export type ReserveLedgerView = O['reserves.ledger'];
export type NoteStock = O['cash.notes'];
export type HandoverView = O['cash.handover'];
/** Notes between counters, as either end holds them (shared/api/cash.ts). */
export type TransferView = O['cash.transfers'][number];
export type OutletInfo = O['outlet.get'];
/** Expected against counted for one place and currency, value and note mix. */
export type CountDifference = HandoverView['differences'][number];
export type DayClosePreparation = O['dayClose.prepare'];
export type DayCloseView = O['dayClose.close'];
export type DayCloseListRow = O['dayClose.list'][number];
export type Form1View = O['reports.form1'];
export type Form2View = O['reports.form2'];
export type TrialBalanceView = O['reports.trialBalance'];
export type ProfitView = O['reports.profit'];
export type ExportFile = O['reports.export'];
