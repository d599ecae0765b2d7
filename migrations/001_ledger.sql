-- The ledger: outlet settings, customers, the rate board, USD conversion rates, double-entry
-- accounts and postings, trades with their gapless receipt numbers, voids, attempts, the outbox
-- and print jobs, and the audit trail. Money is INTEGER minor units (*_minor); rates and USD
-- equivalents are exact decimal TEXT; instants are UTC ISO-8601 (*_at); business dates are the
-- China calendar day (*_date). A released migration is never edited: add a new one.

CREATE TABLE outlet (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  institution_code TEXT NOT NULL,
  institution_name TEXT NOT NULL,
  outlet_code TEXT NOT NULL,
  outlet_name TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  border_port INTEGER NOT NULL CHECK (border_port IN (0, 1)),
  printer_profile TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE policy_versions (
  version INTEGER PRIMARY KEY,
  effective_date TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  params TEXT NOT NULL,
  loaded_at TEXT NOT NULL
);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  person_key TEXT NOT NULL UNIQUE,
  id_type TEXT NOT NULL,
  id_number TEXT NOT NULL,
  country TEXT NOT NULL,
  supplementary_id TEXT,
  name TEXT NOT NULL,
  residency TEXT NOT NULL CHECK (residency IN ('domestic', 'foreign')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The rate board's history: a new row for every change; the current rate is the newest one.
CREATE TABLE rates (
  id TEXT PRIMARY KEY,
  currency TEXT NOT NULL,
  buy_per_100 TEXT NOT NULL,
  sell_per_100 TEXT NOT NULL,
  fee_minor INTEGER NOT NULL CHECK (fee_minor >= 0),
  effective_at TEXT NOT NULL,
  set_by TEXT NOT NULL
);
CREATE INDEX rates_by_currency ON rates (currency, effective_at);

-- SAFE's monthly table of USD per unit of each currency (美元折算率).
CREATE TABLE usd_conversion_rates (
  month TEXT NOT NULL,
  currency TEXT NOT NULL,
  usd_per_unit TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  PRIMARY KEY (month, currency)
);

-- Double entry per currency. Balances are sums of postings; account_balances is kept by the
-- database itself from the postings (a trigger), so a balance is read without summing ten years.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('cash', 'travellers_cheques', 'exchange', 'fee_income', 'capital')),
  currency TEXT NOT NULL
);

CREATE TABLE account_balances (
  account_id TEXT PRIMARY KEY REFERENCES accounts (id),
  kind TEXT NOT NULL,
  currency TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  -- Cash on hand is never negative: the database refuses a posting that would make it so.
  CHECK (kind <> 'cash' OR balance_minor >= 0)
);

CREATE TABLE postings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  txn_id TEXT NOT NULL,
  txn_kind TEXT NOT NULL CHECK (txn_kind IN ('trade', 'void', 'movement')),
  account_id TEXT NOT NULL REFERENCES accounts (id),
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  business_date TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX postings_by_txn ON postings (txn_id);
CREATE INDEX postings_by_account ON postings (account_id, business_date);

CREATE TRIGGER postings_keep_balance AFTER INSERT ON postings
BEGIN
  INSERT INTO account_balances (account_id, kind, currency, balance_minor)
    SELECT a.id, a.kind, a.currency, 0 FROM accounts a WHERE a.id = NEW.account_id
    ON CONFLICT (account_id) DO NOTHING;
  UPDATE account_balances SET balance_minor = balance_minor + NEW.amount_minor WHERE account_id = NEW.account_id;
END;

-- Movements of cash that are not trades (第四十条(一): the institution's own money put in).
CREATE TABLE movements (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('capital_in')),
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  business_date TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE trades (
  id TEXT PRIMARY KEY,
  -- 第三十五条: numbered without gaps, never reused.
  receipt_no INTEGER NOT NULL UNIQUE CHECK (receipt_no > 0),
  outlet_code TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  business_date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  person_key TEXT NOT NULL,
  id_type TEXT NOT NULL,
  id_number TEXT NOT NULL,
  country TEXT NOT NULL,
  supplementary_id TEXT,
  customer_name TEXT NOT NULL,
  residency TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('settlement', 'purchase')),
  kind TEXT NOT NULL CHECK (kind IN ('settlement', 'purchase', 'reconversion')),
  trade_type TEXT NOT NULL CHECK (trade_type IN ('JH', 'GH')),
  currency TEXT NOT NULL,
  foreign_minor INTEGER NOT NULL CHECK (foreign_minor > 0),
  rmb_minor INTEGER NOT NULL CHECK (rmb_minor > 0),
  fee_minor INTEGER NOT NULL CHECK (fee_minor >= 0),
  rate_id TEXT NOT NULL REFERENCES rates (id),
  rate_per_100 TEXT NOT NULL,
  usd_equivalent TEXT NOT NULL,
  usd_per_unit TEXT NOT NULL,
  usd_rate_month TEXT NOT NULL,
  payment_in TEXT NOT NULL CHECK (payment_in IN ('cash', 'travellersCheque')),
  payment_out TEXT NOT NULL CHECK (payment_out = 'cash'),
  reporting_path TEXT NOT NULL CHECK (reporting_path IN ('realtime', 'backfill', 'exempt')),
  -- Real-time entries: 42 interface mode, 41 page-mode fallback; NULL until entered otherwise.
  channel TEXT CHECK (channel IN ('41', '42')),
  ref_no TEXT,
  fund_attribute TEXT NOT NULL,
  notice_given INTEGER NOT NULL DEFAULT 0 CHECK (notice_given IN (0, 1)),
  original_receipt_no INTEGER,
  policy_version INTEGER NOT NULL REFERENCES policy_versions (version),
  prompts TEXT NOT NULL,
  teller_id TEXT NOT NULL,
  supervisor_id TEXT
);
CREATE INDEX trades_by_person_date ON trades (person_key, business_date);
CREATE INDEX trades_by_date ON trades (business_date);
CREATE INDEX trades_by_original_receipt ON trades (original_receipt_no) WHERE original_receipt_no IS NOT NULL;

-- A voided trade keeps its receipt number (剪角保存, 第三十五条); its postings are reversed.
CREATE TABLE voids (
  id TEXT PRIMARY KEY,
  trade_id TEXT NOT NULL UNIQUE REFERENCES trades (id),
  receipt_no INTEGER NOT NULL UNIQUE,
  reason TEXT NOT NULL,
  teller_id TEXT NOT NULL,
  supervisor_id TEXT NOT NULL,
  business_date TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Trades refused by a counter rule: anti-money-laundering practice and the structuring prompts.
CREATE TABLE attempts (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  person_key TEXT NOT NULL,
  id_type TEXT NOT NULL,
  id_number TEXT NOT NULL,
  country TEXT NOT NULL,
  customer_name TEXT NOT NULL,
  direction TEXT NOT NULL,
  kind TEXT NOT NULL,
  currency TEXT NOT NULL,
  foreign_minor INTEGER NOT NULL,
  rmb_minor INTEGER NOT NULL,
  usd_equivalent TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  reason_zh TEXT NOT NULL,
  reason_en TEXT NOT NULL,
  policy_version INTEGER NOT NULL,
  teller_id TEXT NOT NULL
);
CREATE INDEX attempts_by_person_date ON attempts (person_key, business_date);
CREATE INDEX attempts_by_time ON attempts (created_at);

-- What must reach the monitoring system. Rows change state as they are delivered, never vanish.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  trade_id TEXT NOT NULL REFERENCES trades (id),
  kind TEXT NOT NULL CHECK (kind IN ('realtime', 'backfill', 'cancel')),
  payload TEXT NOT NULL,
  deadline_at TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'needs_attention', 'not_needed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  ref_no TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox (state, deadline_at);
CREATE INDEX outbox_by_trade ON outbox (trade_id);

CREATE TABLE print_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  trade_id TEXT NOT NULL REFERENCES trades (id),
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'reprint')),
  copy_no INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('pending', 'printing', 'done', 'failed')),
  error TEXT,
  requested_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX print_jobs_pending ON print_jobs (state);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  detail TEXT NOT NULL
);

-- Append-only: the database itself refuses to change or remove these rows.
CREATE TRIGGER trades_append_only_u BEFORE UPDATE ON trades BEGIN SELECT RAISE(ABORT, 'trades are append-only'); END;
CREATE TRIGGER trades_append_only_d BEFORE DELETE ON trades BEGIN SELECT RAISE(ABORT, 'trades are append-only'); END;
CREATE TRIGGER postings_append_only_u BEFORE UPDATE ON postings BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
CREATE TRIGGER postings_append_only_d BEFORE DELETE ON postings BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
CREATE TRIGGER voids_append_only_u BEFORE UPDATE ON voids BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
CREATE TRIGGER voids_append_only_d BEFORE DELETE ON voids BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
CREATE TRIGGER attempts_append_only_u BEFORE UPDATE ON attempts BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;
CREATE TRIGGER attempts_append_only_d BEFORE DELETE ON attempts BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;
CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER rates_append_only_u BEFORE UPDATE ON rates BEGIN SELECT RAISE(ABORT, 'rates are append-only'); END;
CREATE TRIGGER rates_append_only_d BEFORE DELETE ON rates BEGIN SELECT RAISE(ABORT, 'rates are append-only'); END;
CREATE TRIGGER usd_rates_append_only_u BEFORE UPDATE ON usd_conversion_rates BEGIN SELECT RAISE(ABORT, 'conversion rates are append-only'); END;
CREATE TRIGGER usd_rates_append_only_d BEFORE DELETE ON usd_conversion_rates BEGIN SELECT RAISE(ABORT, 'conversion rates are append-only'); END;
CREATE TRIGGER policy_append_only_u BEFORE UPDATE ON policy_versions BEGIN SELECT RAISE(ABORT, 'policy versions are append-only'); END;
CREATE TRIGGER policy_append_only_d BEFORE DELETE ON policy_versions BEGIN SELECT RAISE(ABORT, 'policy versions are append-only'); END;
CREATE TRIGGER movements_append_only_u BEFORE UPDATE ON movements BEGIN SELECT RAISE(ABORT, 'movements are append-only'); END;
CREATE TRIGGER movements_append_only_d BEFORE DELETE ON movements BEGIN SELECT RAISE(ABORT, 'movements are append-only'); END;
-- Balances move only through postings; queue rows and print jobs change state but never vanish,
-- and what a queue row says never changes.
CREATE TRIGGER balances_only_by_postings_d BEFORE DELETE ON account_balances BEGIN SELECT RAISE(ABORT, 'balances are kept by postings'); END;
CREATE TRIGGER outbox_keep_d BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'outbox rows are never deleted'); END;
CREATE TRIGGER outbox_keep_payload BEFORE UPDATE OF trade_id, kind, payload, created_at ON outbox BEGIN SELECT RAISE(ABORT, 'an outbox row''s content never changes'); END;
CREATE TRIGGER print_jobs_keep_d BEFORE DELETE ON print_jobs BEGIN SELECT RAISE(ABORT, 'print jobs are never deleted'); END;
