// The ledger's tables as Kysely sees them. INTEGER columns are read as bigint (better-sqlite3's
// safe integers), so money in minor units never passes through a float.
//
// Long on purpose (issue 15): one interface per table, and DB at the end naming them all. It is
// the one place to look a table's columns up, and test/schema-types.test.ts reads this one file
// against the tables the migrations create.
import type { Generated } from 'kysely';

export interface OutletTable {
  id: bigint;
  institution_code: string;
  institution_name: string;
  outlet_code: string;
  outlet_name: string;
  terminal_id: string;
  border_port: bigint;
  printer_profile: string;
  updated_at: string;
}

export interface PolicyVersionTable {
  version: bigint;
  effective_date: string;
  source: string;
  params: string;
  loaded_at: string;
}

export interface CustomerTable {
  id: string;
  person_key: string;
  id_type: string;
  id_number: string;
  country: string;
  supplementary_id: string | null;
  name: string;
  residency: 'domestic' | 'foreign';
  created_at: string;
  updated_at: string;
  /** 025: the document's expiry, 'YYYY-MM-DD' or '长期' (第三十一条); NULL before 025 or not given. */
  id_expiry: string | null;
}

export interface RateTable {
  id: string;
  currency: string;
  buy_per_100: string;
  sell_per_100: string;
  fee_minor: bigint;
  effective_at: string;
  set_by: string;
}

/** A currency allowed on the board (第三十四条, migration 024): its filing with SAFE, or grandfathered. */
export interface CurrencyListingTable {
  id: string;
  currency: string;
  filed_on: string | null;
  first_allowed: string | null;
  grandfathered: bigint;
  recorded_by: string;
  recorded_at: string;
}

export interface UsdConversionRateTable {
  month: string;
  currency: string;
  usd_per_unit: string;
  imported_at: string;
  imported_by: string;
}

/** 004_reserves.sql: till (cash) and safe are cash on hand; reserve_account is one bank account each. */
export type AccountKind =
  | 'cash' | 'safe' | 'travellers_cheques' | 'reserve_account' | 'exchange' | 'fee_income'
  | 'capital' | 'basic' | 'rebalancing' | 'variance'
  // 016_cash_transfers.sql: notes sent and not known received; what the institution's other counters owe (往来).
  | 'in_transit' | 'interoffice';

export interface AccountTable {
  id: string;
  kind: AccountKind;
  currency: string;
}

export interface AccountBalanceTable {
  account_id: string;
  kind: AccountKind;
  currency: string;
  balance_minor: bigint;
}

export interface PostingTable {
  id: Generated<bigint>;
  txn_id: string;
  txn_kind: 'trade' | 'void' | 'movement';
  account_id: string;
  currency: string;
  amount_minor: bigint;
  business_date: string;
  created_at: string;
}

export interface MovementTable {
  id: string;
  kind: 'capital_in';
  currency: string;
  amount_minor: bigint;
  note: string;
  actor: string;
  business_date: string;
  created_at: string;
}

export interface TradeTable {
  id: string;
  receipt_no: bigint;
  outlet_code: string;
  terminal_id: string;
  business_date: string;
  created_at: string;
  customer_id: string;
  person_key: string;
  id_type: string;
  id_number: string;
  country: string;
  supplementary_id: string | null;
  customer_name: string;
  /** 025: the document's expiry as taken for this trade (第三十一条); NULL before 025 or not given. */
  id_expiry: string | null;
  residency: 'domestic' | 'foreign';
  direction: 'settlement' | 'purchase';
  kind: 'settlement' | 'purchase' | 'reconversion';
  trade_type: 'JH' | 'GH';
  currency: string;
  foreign_minor: bigint;
  rmb_minor: bigint;
  fee_minor: bigint;
  rate_id: string;
  rate_per_100: string;
  usd_equivalent: string;
  usd_per_unit: string;
  usd_rate_month: string;
  payment_in: 'cash' | 'travellersCheque';
  payment_out: 'cash';
  reporting_path: 'realtime' | 'backfill' | 'exempt';
  channel: '41' | '42' | null;
  ref_no: string | null;
  fund_attribute: string;
  notice_given: bigint;
  original_receipt_no: bigint | null;
  policy_version: bigint;
  prompts: string;
  teller_id: string;
  supervisor_id: string | null;
}

export interface VoidTable {
  id: string;
  trade_id: string;
  receipt_no: bigint;
  reason: string;
  teller_id: string;
  supervisor_id: string;
  business_date: string;
  created_at: string;
}

/** A refund on a later day (migration 023; issue 19 item 2): the refund trade and the original it reverses. */
export interface RefundTable {
  id: string;
  trade_id: string;
  original_trade_id: string;
  original_receipt_no: bigint;
  reason: string;
  teller_id: string;
  supervisor_id: string;
  business_date: string;
  created_at: string;
}

export interface AttemptTable {
  id: string;
  created_at: string;
  business_date: string;
  person_key: string;
  id_type: string;
  id_number: string;
  country: string;
  customer_name: string;
  direction: string;
  kind: string;
  currency: string;
  foreign_minor: bigint;
  rmb_minor: bigint;
  usd_equivalent: string;
  reason_code: string;
  reason_zh: string;
  reason_en: string;
  policy_version: bigint;
  teller_id: string;
}

export type OutboxState = 'pending' | 'delivered' | 'needs_attention' | 'not_needed';

export interface OutboxTable {
  id: Generated<bigint>;
  trade_id: string;
  kind: 'realtime' | 'backfill' | 'cancel';
  payload: string;
  deadline_at: string | null;
  state: OutboxState;
  attempts: Generated<bigint>;
  next_attempt_at: string | null;
  last_error: string | null;
  ref_no: string | null;
  created_at: string;
  updated_at: string;
}

export interface PrintJobTable {
  id: Generated<bigint>;
  trade_id: string;
  kind: 'receipt' | 'reprint';
  copy_no: Generated<bigint>;
  state: 'pending' | 'printing' | 'done' | 'failed';
  error: string | null;
  requested_by: string;
  created_at: string;
  updated_at: string;
}

export interface AuditTable {
  id: Generated<bigint>;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  detail: string;
  /** The hash chain (005_audit_chain.sql): NULL only on entries written before the chain. */
  prev_hash: string | null;
  hash: string | null;
}

/** Where the audit chain starts (one row): entries from first_id on are chained from genesis. */
export interface AuditChainTable {
  id: bigint;
  first_id: bigint;
  genesis: string;
  started_at: string;
}

export interface ReserveBankTable {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
}

export interface ReserveAccountTable {
  id: string;
  bank_id: string;
  currency: string;
  account_no: string;
  created_at: string;
  created_by: string;
}

export interface BasicAccountTable {
  id: bigint;
  bank_name: string;
  account_no: string;
  set_at: string;
  set_by: string;
}

export type ReserveMovementKind =
  | 'cash_deposit' | 'cash_withdrawal' | 'transfer_in' | 'transfer_out' | 'account_transfer'
  | 'rebalance' | 'float_in' | 'variance' | 'till_safe'
  // 第三十条: traveller's cheques taken for settlement, sent to the account bank (migration 024).
  | 'cheques_to_bank';
export type RebalanceChannel = 'internal' | 'other_institution' | 'bank';

export interface ReserveMovementTable {
  id: string;
  kind: ReserveMovementKind;
  channel: RebalanceChannel | null;
  counterparty: string | null;
  place: string | null;
  same_city: bigint | null;
  method: 'cash' | 'transfer';
  account_no: string | null;
  in_place: string | null;
  in_currency: string | null;
  in_minor: bigint | null;
  out_place: string | null;
  out_currency: string | null;
  out_minor: bigint | null;
  rate_per_100: string | null;
  note: string;
  actor: string;
  supervisor_id: string | null;
  business_date: string;
  created_at: string;
}

/**
 * A transaction's notes in one place and currency (migration 028, issue 21): `notes` is a JSON object,
 * denomination in minor units → count, e.g. {"10000":3}; `sign` 1 in, -1 out. Read it through
 * json_each in SQL (electron/ledger/notes.ts): counts stay bigint, never a JS number.
 */
export interface NoteBundleTable {
  business_date: string;
  txn_id: string;
  location: 'till' | 'safe';
  currency: string;
  sign: bigint;
  notes: string;
  created_at: string;
}

export interface NoteStockTable {
  location: 'till' | 'safe';
  currency: string;
  denomination_minor: bigint;
  count: bigint;
}

export interface DayCloseTable {
  business_date: string;
  closed_at: string;
  closed_by: string;
  supervisor_id: string | null;
  variance_reason: string | null;
  summary: string;
}

export interface DayBalanceTable {
  business_date: string;
  account_id: string;
  balance_minor: bigint;
}

export interface DayCostTable {
  business_date: string;
  currency: string;
  stock_minor: bigint;
  cost_minor: bigint;
}

export interface HandoverTable {
  id: string;
  business_date: string;
  from_teller: string;
  to_teller: string;
  counted: string;
  differences: string;
  created_at: string;
}

/** 008_calendar.sql: a year's working-day calendar loaded by calendar.load; the newest row of a year is in force. */
export interface CalendarYearTable {
  id: Generated<bigint>;
  year: bigint;
  holidays: string;
  workdays: string;
  source: string;
  loaded_by: string;
  loaded_at: string;
}

/** 006_people.sql: who uses the terminal, with the scrypt hash of their password and their lock state. */
export interface PersonTable {
  id: string;
  name: string;
  role: 'teller' | 'supervisor' | 'manager' | 'reporterA' | 'reporterB';
  password_hash: string;
  password_set_at: string;
  created_at: string;
  created_by: string;
  disabled_at: string | null;
  disabled_by: string | null;
  failed_attempts: bigint;
  locked_at: string | null;
}

/** 006_people.sql: an approval used, once, in the transaction of the action it approved. */
export interface ApprovalUseTable {
  approval_id: string;
  action: string;
  subject: string;
  requester_id: string;
  approver_id: string;
  approved_at: string;
  used_at: string;
}

/** 010_realtime_intents.sql: a real-time entry about to be made, and what became of it (monitoring/intents.ts). */
export type IntentState = 'open' | 'committed' | 'cancelling' | 'cancelled' | 'not_at_safe';

export interface RealtimeIntentTable {
  id: Generated<bigint>;
  trade_id: string;
  serial: string;
  trade_type: 'JH' | 'GH';
  payload: string;
  business_date: string;
  teller_id: string;
  created_at: string;
  state: IntentState;
  ref_no: string | null;
  attempts: Generated<bigint>;
  next_attempt_at: string | null;
  last_error: string | null;
  updated_at: string;
}

/** 012_hub_reference.sql: the hub-wide version of reference data applied, and when last pulled (terminal/hubSync/apply.ts). */
export interface HubReferenceTable {
  id: bigint;
  version: bigint;
  pulled_at: string;
}

/** 013_hub_outlet.sql: the outlet as the hub masters it, as last pulled (terminal/settings.ts). */
export interface HubOutletTable {
  id: bigint;
  outlet_code: string;
  name: string;
  city_code: string | null;
  address: string;
  /** JSON: [{ terminalId, name, revoked }]. */
  counters: string;
  version: bigint;
  applied_at: string;
  /** 019_outlet_safe.sql: the counter that keeps the outlet's safe (null: not named). */
  safe_terminal: string | null;
}

/** 014_receipt_books.sql: the outlet's receipt books from the hub (ledger/receipts.ts). */
export interface ReceiptBookTable {
  code: string;
  terminal_id: string;
  first_no: bigint;
  last_no: bigint;
  issued_by: string;
  issued_at: string;
  returned_at: string | null;
  unused_from: bigint | null;
  version: bigint;
  /** 018_reserve_books.sql: 1, the counter's reserve book (numbered in when no other has a number left). */
  reserve: bigint;
}

/** 015_receipt_restarts.sql: a restore's new own book, and the hub book it closed (ledger/receipts.ts). */
export interface ReceiptRestartTable {
  id: Generated<bigint>;
  at: string;
  actor: string;
  last_own: bigint;
  next_own: bigint;
  hub_book: string | null;
  hub_last: bigint | null;
}

/** 011_outbox_resolutions.sql: a supervisor's way out for a back-fill SAFE refused for good (monitoring/resolve.ts). */
export interface OutboxResolutionTable {
  id: Generated<bigint>;
  outbox_id: bigint;
  trade_id: string;
  kind: 'noticeGiven' | 'pageMode' | 'reversed';
  refusal: string;
  ref_no: string | null;
  note: string | null;
  person_status: '01' | '02' | '03' | null;
  resent_outbox_id: bigint | null;
  supervisor_id: string;
  actor: string;
  business_date: string;
  created_at: string;
}

/** 016_cash_transfers.sql: notes between counters and outlets, one row at both ends. */
export interface CashTransferTable {
  id: string;
  from_terminal: string;
  from_outlet: string;
  from_place: 'till' | 'safe';
  to_terminal: string;
  to_outlet: string;
  currency: string;
  amount_minor: bigint;
  /** JSON [["10000","3"], …]: denomination in minor units, count. */
  notes: string;
  note: string;
  sent_by: string;
  sent_at: string;
  sent_date: string;
  received_place: 'till' | 'safe' | null;
  received_minor: bigint | null;
  received_notes: string | null;
  received_by: string | null;
  received_at: string | null;
  received_date: string | null;
  supervisor_id: string | null;
  cleared_at: string | null;
  /** 021_transfer_cost.sql: the sender's average cost of the notes when sent, in fen (null: RMB, or sent before). */
  cost_minor: bigint | null;
}

/** 017_outlet_days.sql: the outlet's day closed over its counters, from the hub (terminal/dayClose/outletClose.ts). */
export interface OutletDayTable {
  business_date: string;
  closed_at: string;
  closed_by: string;
  supervisor_id: string | null;
  terminal_id: string;
  /** JSON [{terminalId, reason}]. */
  excused: string;
  version: bigint;
  applied_at: string;
}

// ---- watch-list screening (第五十四条, issue 19 item 1) ----
/** 022_screening.sql: a list version imported (terminal/screening/lists.ts). */
export interface ScreeningListTable {
  id: string;
  list_id: string;
  version: bigint;
  name: string;
  format: 'un-xml' | 'csv';
  generated: string | null;
  imported_at: string;
  imported_by: string;
  source: 'terminal' | 'hub';
  entry_count: bigint;
  sha256: string;
}

/** 022_screening.sql: one person on a list version; the arrays as JSON. */
export interface ScreeningEntryTable {
  list_version: string;
  seq: bigint;
  reference: string;
  name: string;
  aliases: string;
  dates_of_birth: string;
  nationalities: string;
  documents: string;
}

/** 022_screening.sql: a customer met a list entry at the quote (terminal/screening/hits.ts). */
export interface ScreeningHitTable {
  id: string;
  created_at: string;
  business_date: string;
  person_key: string;
  customer_name: string;
  list_version: string;
  reference: string;
  entry_name: string;
  matched: string;
  matched_on: 'document' | 'name';
  score: string;
  threshold: bigint;
  teller_id: string;
}

/** 022_screening.sql: a supervisor's decision on a hit. */
export interface ScreeningDecisionTable {
  hit_id: string;
  decision: 'falsePositive' | 'refuse';
  reason: string;
  decided_by: string;
  decided_at: string;
}

// ---- issue 19 item 7 (inspection and retention): migration 026 ----
/** One closed day's archive: the receipts' institution copies and the back-fill list as one PDF (第四十九条). */
export interface DayArchiveTable {
  business_date: string;
  made_at: string;
  made_by: string;
  pdf: Buffer;
  size: bigint;
  sha256: string;
  content_sha256: string;
  receipts: bigint;
  backfills: bigint;
  retain_until: string;
}

export interface DB {
  people: PersonTable;
  approval_uses: ApprovalUseTable;
  calendar_years: CalendarYearTable;
  reserve_banks: ReserveBankTable;
  reserve_accounts: ReserveAccountTable;
  basic_account: BasicAccountTable;
  reserve_movements: ReserveMovementTable;
  note_bundles: NoteBundleTable;
  note_stock: NoteStockTable;
  day_closes: DayCloseTable;
  day_balances: DayBalanceTable;
  day_costs: DayCostTable;
  handovers: HandoverTable;
  outlet: OutletTable;
  policy_versions: PolicyVersionTable;
  customers: CustomerTable;
  rates: RateTable;
  currency_listings: CurrencyListingTable;
  usd_conversion_rates: UsdConversionRateTable;
  accounts: AccountTable;
  account_balances: AccountBalanceTable;
  postings: PostingTable;
  movements: MovementTable;
  trades: TradeTable;
  voids: VoidTable;
  // issue 19 item 2 (refund on another day)
  refunds: RefundTable;
  attempts: AttemptTable;
  outbox: OutboxTable;
  print_jobs: PrintJobTable;
  audit_log: AuditTable;
  audit_chain: AuditChainTable;
  realtime_intents: RealtimeIntentTable;
  outbox_resolutions: OutboxResolutionTable;
  hub_reference: HubReferenceTable;
  hub_outlet: HubOutletTable;
  receipt_books: ReceiptBookTable;
  receipt_restarts: ReceiptRestartTable;
  cash_transfers: CashTransferTable;
  outlet_days: OutletDayTable;
  // watch-list screening (第五十四条)
  screening_lists: ScreeningListTable;
  screening_entries: ScreeningEntryTable;
  screening_hits: ScreeningHitTable;
  screening_decisions: ScreeningDecisionTable;
  // inspection and retention (第四十九条)
  day_archives: DayArchiveTable;
}
