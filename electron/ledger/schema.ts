// The ledger's tables as Kysely sees them. INTEGER columns are read as bigint (better-sqlite3's
// safe integers), so money in minor units never passes through a float.
import type { Generated } from 'kysely';

export interface OutletTable {
  id: number;
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

export interface UsdConversionRateTable {
  month: string;
  currency: string;
  usd_per_unit: string;
  imported_at: string;
  imported_by: string;
}

export type AccountKind = 'cash' | 'travellers_cheques' | 'exchange' | 'fee_income' | 'capital';

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
}

export interface DB {
  outlet: OutletTable;
  policy_versions: PolicyVersionTable;
  customers: CustomerTable;
  rates: RateTable;
  usd_conversion_rates: UsdConversionRateTable;
  accounts: AccountTable;
  account_balances: AccountBalanceTable;
  postings: PostingTable;
  movements: MovementTable;
  trades: TradeTable;
  voids: VoidTable;
  attempts: AttemptTable;
  outbox: OutboxTable;
  print_jobs: PrintJobTable;
  audit_log: AuditTable;
}
