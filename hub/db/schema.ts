// The hub's tables as Kysely sees them, one interface per table of hub/migrations/*.sql.
import type { ColumnType, Generated } from 'kysely';
import type { HubPersonRole, ReferenceKind } from '../../shared/sync/reference';

type Instant = ColumnType<Date, Date | string, Date | string>;

export interface HubTerminalTable {
  id: string;
  outlet_code: string;
  created_at: Instant;
  /** 002_trust.sql: the Ed25519 key it enrolled (SPKI DER, base64), when, and when revoked. */
  public_key: string | null;
  enrolled_at: Instant | null;
  revoked_at: Instant | null;
  /** 008_outlets.sql: the counter's name as HQ registered it. */
  name: string;
  /** 021_last_seen.sql: its last signed request the hub accepted (to 30 s). */
  last_seen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** 022_chain_flags.sql: its last push refused because its chain does not verify, from which entry, when (null: none since its last stored push). */
  chain_problem: ColumnType<'HUB_CHAIN_BROKEN' | 'HUB_EVENTS_FORK' | null, 'HUB_CHAIN_BROKEN' | 'HUB_EVENTS_FORK' | null | undefined, 'HUB_CHAIN_BROKEN' | 'HUB_EVENTS_FORK' | null>;
  chain_problem_seq: ColumnType<bigint | null, bigint | null | undefined, bigint | null>;
  chain_problem_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** 024_report_days.sql: its own last entry as it said at its last pull (null: not said). */
  reported_seq: ColumnType<bigint | null, bigint | null | undefined, bigint | null>;
}

/** 008_outlets.sql: an outlet HQ registered. */
export interface HubOutletTable {
  code: string;
  name: string;
  city_code: string | null;
  address: string;
  created_at: Instant;
  updated_at: Instant;
  /** 019_outlet_safe.sql: the counter that keeps the outlet's safe (null: not named). */
  safe_terminal: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface HubEnrolmentCodeTable {
  code_hash: string;
  terminal_id: string;
  outlet_code: string;
  created_at: Instant;
  expires_at: Instant;
  used_at: Instant | null;
}

export interface HubNonceTable {
  terminal_id: string;
  nonce: string;
  seen_at: Instant;
}

export interface HubEventTable {
  terminal_id: string;
  seq: bigint;
  /** 004: the partition, the first day of the event's own month (eventMonth in hub/ingest.ts). */
  month: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  detail: string;
  prev_hash: string | null;
  hash: string | null;
  rows: ColumnType<unknown, string | null, string | null>;
  received_at: Instant;
}

export interface HubHeadTable {
  terminal_id: string;
  seq: bigint;
  hash: string | null;
  updated_at: Instant;
}

export interface HubMigrationTable {
  version: number;
  applied_at: Instant;
}

/** 003_reference.sql (005: policy changes too) */
export interface HubPersonTable {
  id: string;
  name: string;
  role: HubPersonRole;
  outlet_code: string | null;
  password_hash: string;
  failed_attempts: number;
  locked_at: Instant | null;
  disabled_at: Instant | null;
  created_at: Instant;
  created_by: string;
}

export interface HubSessionTable {
  token_hash: string;
  person_id: string;
  created_at: Instant;
  last_used_at: Instant;
  ended_at: Instant | null;
}

export interface HubChangeTable {
  version: Generated<bigint>;
  kind: ReferenceKind;
  outlet_code: string | null;
  body: ColumnType<unknown, string, never>;
  made_by: string;
  made_at: Instant;
}

/** 004_events_by_month.sql */
export interface HubSettingsTable {
  id: number;
  customer_key: string;
  /** 024_report_days.sql: the institution's name as the reports print it. */
  institution_name: ColumnType<string, string | undefined, string>;
}

/** 026_refund_trades.sql: the trades that refund an earlier day's, for HQ's profit (they move the counter's stock). */
export interface HubRefundTradeTable {
  terminal_id: string;
  trade_id: string;
  receipt_no: bigint;
  business_date: string;
  created_at: string;
  currency: string;
  direction: 'settlement' | 'purchase';
  foreign_minor: bigint;
  rmb_minor: bigint;
  voided: Generated<boolean>;
}

export interface HubTradeTable {
  terminal_id: string;
  trade_id: string;
  receipt_no: bigint;
  business_date: string;
  customer_key: string;
  direction: 'settlement' | 'purchase';
  kind: 'settlement' | 'purchase' | 'reconversion';
  usd: string;
  rmb_minor: bigint;
  fee_minor: bigint;
  original_receipt_no: bigint | null;
  voided: Generated<boolean>;
  /** 017_customer_names.sql: the name the customer gave (null: indexed before). */
  customer_name: string | null;
  /** 024_report_days.sql: what the reports read of the trade (null: a row the migration could not read). */
  currency: ColumnType<string | null, string | null | undefined, never>;
  residency: ColumnType<'domestic' | 'foreign' | null, 'domestic' | 'foreign' | null | undefined, never>;
  foreign_minor: ColumnType<bigint | null, bigint | null | undefined, never>;
  reporting_path: ColumnType<string | null, string | null | undefined, never>;
  /** Entered in SAFE's system: real time, or a back-fill delivered. */
  entered: ColumnType<boolean, boolean | undefined, boolean>;
  /** When the counter made it (ISO). */
  created_at: ColumnType<string | null, string | null | undefined, never>;
}

/** 011_receipt_books.sql: the 登记领用 register of receipt books (hub/receiptBooks.ts). */
export interface HubReceiptBookTable {
  book_no: bigint;
  code: string;
  outlet_code: string;
  terminal_id: string;
  first_no: ColumnType<bigint, bigint | number, never>;
  last_no: ColumnType<bigint, bigint | number, never>;
  issued_by: string;
  issued_at: Instant;
  returned_at: Instant | null;
  returned_by: string | null;
  unused_from: ColumnType<bigint | null, bigint | number | null, bigint | number>;
  /** 018_reserve_books.sql: the counter's reserve, numbered in when no other book has a number left. */
  reserve: ColumnType<boolean, boolean | undefined, never>;
}

/** 012_receipt_holds.sql: RMB of an original receipt held by a counter about to change it back (hub/lookups.ts). */
export interface HubReceiptHoldTable {
  receipt_no: bigint;
  customer_key: string;
  terminal_id: string;
  rmb_minor: bigint;
  held_at: Instant;
  expires_at: Instant;
}

/** 013_cash_transfers.sql: notes between counters, as sent and as counted (hub/transfers.ts). */
export interface HubCashTransferTable {
  id: string;
  from_terminal: string;
  from_outlet: string;
  to_terminal: string;
  to_outlet: string;
  currency: string;
  amount_minor: ColumnType<bigint, bigint | number, never>;
  body: ColumnType<unknown, string, string>;
  sent_at: Instant;
  received_at: Instant | null;
  received_minor: ColumnType<bigint | null, bigint | number | null, bigint | number>;
}

/** 014_outlet_days.sql: a counter's day closed, as its event said (hub/outletDays.ts). */
export interface HubCounterDayTable {
  terminal_id: string;
  business_date: ColumnType<string, string, never>;
  closed_at: Instant;
  closed_by: string;
}

/** 014_outlet_days.sql: the outlet's day closed, over its counters (hub/outletDays.ts). */
export interface HubOutletDayTable {
  outlet_code: string;
  business_date: ColumnType<string, string, never>;
  closed_at: Instant;
  closed_by: string;
  supervisor_id: string | null;
  terminal_id: string;
  excused: ColumnType<unknown, string, never>;
  reconciliation: ColumnType<unknown, string, never>;
}

/** 015_reserve_movements.sql: every counter's reserve movements, indexed (hub/reserves.ts). */
export interface HubReserveMovementTable {
  terminal_id: string;
  id: string;
  kind: string;
  business_date: ColumnType<string, string, never>;
  in_currency: string | null;
  in_minor: ColumnType<bigint | null, bigint | null, never>;
  out_currency: string | null;
  out_minor: ColumnType<bigint | null, bigint | null, never>;
  /** 020_institution_reserves.sql: the account (its id) or place it went into, and came out of. */
  in_place: ColumnType<string | null, string | null | undefined, never>;
  out_place: ColumnType<string | null, string | null | undefined, never>;
  /** 024_report_days.sql: the rebalancing channel (第四十五条), as the counter recorded it, and when it was made. */
  channel: ColumnType<string | null, string | null | undefined, never>;
  created_at: ColumnType<string | null, string | null | undefined, never>;
}

/** 024_report_days.sql: the reports' per-day aggregates (hub/reportDays.ts writes all four). */
export interface HubFlowDayTable {
  terminal_id: string;
  business_date: ColumnType<string, string, never>;
  residency: 'domestic' | 'foreign';
  direction: 'settlement' | 'purchase';
  entry: 'realtime' | 'backfill' | 'notEntered';
  currency: string;
  foreign_minor: bigint;
  rmb_cash_minor: bigint;
  fee_minor: bigint;
  trades: bigint;
}
export interface HubMovementDayTable {
  terminal_id: string;
  business_date: ColumnType<string, string, never>;
  channel: 'internal' | 'other_institution' | 'bank' | 'transfer';
  currency: string;
  way: 'in' | 'out';
  minor: bigint;
  movements: bigint;
}
/** The same by month (the first day of the month). */
export type HubFlowMonthTable = Omit<HubFlowDayTable, 'business_date'> & { month: ColumnType<string, string, never> };
export type HubMovementMonthTable = Omit<HubMovementDayTable, 'business_date'> & { month: ColumnType<string, string, never> };
export interface HubBalanceDayTable {
  terminal_id: string;
  business_date: ColumnType<string, string, never>;
  account_id: string;
  currency: string;
  delta_minor: bigint;
}
/** 024_report_days.sql: what hub/profit.ts replays (hub/reportDays.ts writes them). */
export interface HubDayCostTable {
  terminal_id: string;
  business_date: ColumnType<string, string, never>;
  currency: string;
  stock_minor: bigint;
  cost_minor: bigint;
}
export interface HubRateHistoryTable {
  terminal_id: string;
  seq: bigint;
  id: string;
  currency: string;
  buy_per_100: string;
  sell_per_100: string;
  effective_at: string;
}
export interface HubCounterTransferTable {
  terminal_id: string;
  id: string;
  side: 'sent' | 'received';
  at: string;
  business_date: ColumnType<string, string, never>;
  currency: string;
  amount_minor: bigint;
  received_minor: bigint | null;
  cost_minor: bigint | null;
}
export interface HubBalanceTable {
  terminal_id: string;
  account_id: string;
  currency: string;
  balance_minor: bigint;
}
export interface HubBalanceMonthTable {
  terminal_id: string;
  month: ColumnType<string, string, never>;
  account_id: string;
  currency: string;
  delta_minor: bigint;
}

/** 023_inspections.sql: every search of the journal and every export (hub/inspection.ts). */
export interface HubInspectionTable {
  id: Generated<bigint>;
  at: Instant;
  person_id: string;
  role: string;
  query: ColumnType<unknown, string, never>;
  customer_key: string | null;
  results: number;
  export: 'csv' | null;
}

/** 020_institution_reserves.sql: the institution's basic account, registered by HQ. */
export interface HubBasicAccountTable {
  id: ColumnType<number, number, never>;
  bank_name: string;
  account_no: string;
  set_by: string;
  set_at: Instant;
}

/** 020_institution_reserves.sql: the institution's reserve accounts, registered by HQ. */
export interface HubReserveAccountTable {
  id: string;
  bank_name: string;
  currency: string;
  account_no: string;
  opened_by: string;
  opened_at: Instant;
}

/** 020_institution_reserves.sql: money held for a movement out of a reserve account not arrived yet. */
export interface HubReserveHoldTable {
  terminal_id: string;
  movement_id: string;
  account_id: string;
  minor: bigint;
  held_at: Instant;
  expires_at: Instant;
}

/** 015_reserve_movements.sql: a counter's claim on this month's transfer (第四十四条). */
export interface HubReserveClaimTable {
  kind: 'transfer_in' | 'transfer_out';
  month: string;
  terminal_id: string;
  claimed_at: Instant;
  expires_at: Instant;
}

/** 016_limit_holds.sql: a counter's day for a customer, held while its trade is on the way (hub/limitHolds.ts). */
export interface HubLimitHoldTable {
  customer_key: string;
  business_date: ColumnType<string, string, never>;
  terminal_id: string;
  trade_id: string;
  settlement_usd: string;
  purchase_usd: string;
  held_at: Instant;
  expires_at: Instant;
}

export interface HubDB {
  hub_terminals: HubTerminalTable;
  hub_outlets: HubOutletTable;
  hub_events: HubEventTable;
  hub_heads: HubHeadTable;
  hub_migrations: HubMigrationTable;
  hub_enrolment_codes: HubEnrolmentCodeTable;
  hub_nonces: HubNonceTable;
  hub_people: HubPersonTable;
  hub_sessions: HubSessionTable;
  hub_changes: HubChangeTable;
  hub_settings: HubSettingsTable;
  hub_trades: HubTradeTable;
  hub_refund_trades: HubRefundTradeTable;
  hub_receipt_books: HubReceiptBookTable;
  hub_receipt_holds: HubReceiptHoldTable;
  hub_cash_transfers: HubCashTransferTable;
  hub_counter_days: HubCounterDayTable;
  hub_outlet_days: HubOutletDayTable;
  hub_reserve_movements: HubReserveMovementTable;
  hub_reserve_claims: HubReserveClaimTable;
  hub_basic_account: HubBasicAccountTable;
  hub_reserve_accounts: HubReserveAccountTable;
  hub_reserve_holds: HubReserveHoldTable;
  hub_inspections: HubInspectionTable;
  hub_limit_holds: HubLimitHoldTable;
  hub_flow_days: HubFlowDayTable;
  hub_movement_days: HubMovementDayTable;
  hub_flow_months: HubFlowMonthTable;
  hub_movement_months: HubMovementMonthTable;
  hub_balance_days: HubBalanceDayTable;
  hub_balance_months: HubBalanceMonthTable;
  hub_balances: HubBalanceTable;
  hub_day_costs: HubDayCostTable;
  hub_rate_history: HubRateHistoryTable;
  hub_counter_transfers: HubCounterTransferTable;
}
