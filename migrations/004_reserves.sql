-- Reserves (备付金, 第三十八–四十六条), cash by note, and the day close (日终, 第三十二条(五)).
--
-- The account kinds grow: the till (cash) and the safe are both cash on hand (库存现钞); reserve
-- bank accounts (备付金账户) are one account each; `basic` is the institution's basic account
-- (基本户, outside the reserves); `rebalancing` is what the outlet owes or is owed by the same legal
-- entity for same-currency rebalancing (拆入/借出); `variance` holds the day close's over and short.
-- SQLite cannot change a CHECK in place, so accounts and account_balances are rebuilt (the
-- migration runs with foreign keys off and checks them afterwards: electron/ledger/migrate.ts).

DROP TRIGGER postings_keep_balance;

CREATE TABLE accounts_new (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('cash', 'safe', 'travellers_cheques', 'reserve_account', 'exchange', 'fee_income',
    'capital', 'basic', 'rebalancing', 'variance')),
  currency TEXT NOT NULL
);
INSERT INTO accounts_new (id, kind, currency) SELECT id, kind, currency FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;

CREATE TABLE account_balances_new (
  account_id TEXT PRIMARY KEY REFERENCES accounts (id),
  kind TEXT NOT NULL,
  currency TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  -- Cash in the till, in the safe and in a reserve account is never negative.
  CHECK (kind NOT IN ('cash', 'safe', 'reserve_account', 'travellers_cheques') OR balance_minor >= 0)
);
INSERT INTO account_balances_new SELECT account_id, kind, currency, balance_minor FROM account_balances;
DROP TABLE account_balances;
ALTER TABLE account_balances_new RENAME TO account_balances;

CREATE TRIGGER postings_keep_balance AFTER INSERT ON postings
BEGIN
  INSERT INTO account_balances (account_id, kind, currency, balance_minor)
    SELECT a.id, a.kind, a.currency, 0 FROM accounts a WHERE a.id = NEW.account_id
    ON CONFLICT (account_id) DO NOTHING;
  UPDATE account_balances SET balance_minor = balance_minor + NEW.amount_minor WHERE account_id = NEW.account_id;
END;

-- 第四十二条: reserve accounts at no more than 3 same-city banks; each FX account has its RMB pair
-- at the same bank.
CREATE TABLE reserve_banks (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE reserve_accounts (
  id TEXT PRIMARY KEY,
  bank_id TEXT NOT NULL REFERENCES reserve_banks (id),
  currency TEXT NOT NULL,
  account_no TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (bank_id, currency)
);

-- The institution's basic account (基本户): one, outside the reserves.
CREATE TABLE basic_account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  bank_name TEXT NOT NULL,
  account_no TEXT NOT NULL,
  set_at TEXT NOT NULL,
  set_by TEXT NOT NULL
);

-- The electronic reserve ledger (备付金交易电子台账, 第四十六条): one row per movement with its
-- fields. `in_*` is what came into a place (存入/转入/调入), `out_*` what left one (提取/转出/调出);
-- a place is 'till', 'safe', a reserve account id, 'basic', or 'counterparty'.
CREATE TABLE reserve_movements (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('cash_deposit', 'cash_withdrawal', 'transfer_in', 'transfer_out', 'account_transfer',
    'rebalance', 'float_in', 'variance', 'till_safe')),
  channel TEXT CHECK (channel IN ('internal', 'other_institution', 'bank')),
  counterparty TEXT,
  place TEXT,
  same_city INTEGER CHECK (same_city IN (0, 1)),
  method TEXT NOT NULL CHECK (method IN ('cash', 'transfer')),
  account_no TEXT,
  in_place TEXT,
  in_currency TEXT,
  in_minor INTEGER CHECK (in_minor IS NULL OR in_minor > 0),
  out_place TEXT,
  out_currency TEXT,
  out_minor INTEGER CHECK (out_minor IS NULL OR out_minor > 0),
  rate_per_100 TEXT,
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  supervisor_id TEXT,
  business_date TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX reserve_movements_by_date ON reserve_movements (business_date);
CREATE INDEX reserve_movements_by_kind ON reserve_movements (kind, business_date);

-- The money the institution put in before reserves existed here (cash.fund) is the float received
-- from the institution itself (系统内调入, 第四十五条(一)).
INSERT INTO reserve_movements (id, kind, channel, counterparty, method, in_place, in_currency, in_minor, note, actor,
  business_date, created_at)
  SELECT id, 'float_in', 'internal', '本机构', 'cash', 'till', currency, amount_minor, note, actor, business_date, created_at
  FROM movements;

-- Cash by note: every change of the notes in the till or the safe, by denomination (in minor
-- units). note_stock is kept from it by the database, like account_balances from postings.
CREATE TABLE note_movements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  txn_id TEXT NOT NULL,
  location TEXT NOT NULL CHECK (location IN ('till', 'safe')),
  currency TEXT NOT NULL,
  denomination_minor INTEGER NOT NULL CHECK (denomination_minor > 0),
  count INTEGER NOT NULL CHECK (count <> 0),
  business_date TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX note_movements_by_txn ON note_movements (txn_id);
-- The day close reads the notes as they were at the end of a day: what moved after it.
CREATE INDEX note_movements_by_date ON note_movements (business_date);

CREATE TABLE note_stock (
  location TEXT NOT NULL,
  currency TEXT NOT NULL,
  denomination_minor INTEGER NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (location, currency, denomination_minor)
);

CREATE TRIGGER note_movements_keep_stock AFTER INSERT ON note_movements
BEGIN
  INSERT INTO note_stock (location, currency, denomination_minor, count)
    VALUES (NEW.location, NEW.currency, NEW.denomination_minor, 0)
    ON CONFLICT (location, currency, denomination_minor) DO NOTHING;
  UPDATE note_stock SET count = count + NEW.count
    WHERE location = NEW.location AND currency = NEW.currency AND denomination_minor = NEW.denomination_minor;
END;

-- Cash already in the till before notes were tracked: one "unsorted" lot in minor units, until the
-- first count sorts it (a variance of note mix only, never of value).
INSERT INTO note_movements (txn_id, location, currency, denomination_minor, count, business_date, created_at)
  SELECT 'migration-004', 'till', currency, 1, balance_minor, '0000-00-00', '0000-00-00T00:00:00.000Z'
  FROM account_balances WHERE kind = 'cash' AND balance_minor > 0;

-- The day close (日终). Closing locks the business date: nothing is dated to it afterwards.
CREATE TABLE day_closes (
  business_date TEXT PRIMARY KEY,
  closed_at TEXT NOT NULL,
  closed_by TEXT NOT NULL,
  supervisor_id TEXT,
  variance_reason TEXT,
  -- What the close saw and decided, as JSON: counts, differences, reconciliation, back-fills, audit.
  summary TEXT NOT NULL
);

-- Closing balances of every account at the end of a closed day (what reports start from).
CREATE TABLE day_balances (
  business_date TEXT NOT NULL,
  account_id TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  PRIMARY KEY (business_date, account_id)
);

-- The foreign-currency stock's average cost at the end of a closed day (the books' profit).
CREATE TABLE day_costs (
  business_date TEXT NOT NULL,
  currency TEXT NOT NULL,
  stock_minor INTEGER NOT NULL,
  cost_minor INTEGER NOT NULL,
  PRIMARY KEY (business_date, currency)
);

-- A teller handing the till to another: the second teller's blind count and what differed.
CREATE TABLE handovers (
  id TEXT PRIMARY KEY,
  business_date TEXT NOT NULL,
  from_teller TEXT NOT NULL,
  to_teller TEXT NOT NULL,
  counted TEXT NOT NULL,
  differences TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TRIGGER reserve_banks_append_only_d BEFORE DELETE ON reserve_banks BEGIN SELECT RAISE(ABORT, 'reserve banks are append-only'); END;
CREATE TRIGGER reserve_accounts_append_only_u BEFORE UPDATE ON reserve_accounts BEGIN SELECT RAISE(ABORT, 'reserve accounts are append-only'); END;
CREATE TRIGGER reserve_accounts_append_only_d BEFORE DELETE ON reserve_accounts BEGIN SELECT RAISE(ABORT, 'reserve accounts are append-only'); END;
CREATE TRIGGER reserve_movements_append_only_u BEFORE UPDATE ON reserve_movements BEGIN SELECT RAISE(ABORT, 'reserve movements are append-only'); END;
CREATE TRIGGER reserve_movements_append_only_d BEFORE DELETE ON reserve_movements BEGIN SELECT RAISE(ABORT, 'reserve movements are append-only'); END;
CREATE TRIGGER note_movements_append_only_u BEFORE UPDATE ON note_movements BEGIN SELECT RAISE(ABORT, 'note movements are append-only'); END;
CREATE TRIGGER note_movements_append_only_d BEFORE DELETE ON note_movements BEGIN SELECT RAISE(ABORT, 'note movements are append-only'); END;
CREATE TRIGGER day_closes_append_only_u BEFORE UPDATE ON day_closes BEGIN SELECT RAISE(ABORT, 'day closes are append-only'); END;
CREATE TRIGGER day_closes_append_only_d BEFORE DELETE ON day_closes BEGIN SELECT RAISE(ABORT, 'day closes are append-only'); END;
CREATE TRIGGER day_balances_append_only_u BEFORE UPDATE ON day_balances BEGIN SELECT RAISE(ABORT, 'day balances are append-only'); END;
CREATE TRIGGER day_balances_append_only_d BEFORE DELETE ON day_balances BEGIN SELECT RAISE(ABORT, 'day balances are append-only'); END;
CREATE TRIGGER day_costs_append_only_u BEFORE UPDATE ON day_costs BEGIN SELECT RAISE(ABORT, 'day costs are append-only'); END;
CREATE TRIGGER day_costs_append_only_d BEFORE DELETE ON day_costs BEGIN SELECT RAISE(ABORT, 'day costs are append-only'); END;
CREATE TRIGGER handovers_append_only_u BEFORE UPDATE ON handovers BEGIN SELECT RAISE(ABORT, 'handovers are append-only'); END;
CREATE TRIGGER handovers_append_only_d BEFORE DELETE ON handovers BEGIN SELECT RAISE(ABORT, 'handovers are append-only'); END;

-- The day close lists the day's receipts that never printed: a trade's print jobs by trade.
CREATE INDEX print_jobs_by_trade ON print_jobs (trade_id);

-- Postings no longer carry only trades, voids and cash.fund: every reserve movement and the day
-- close's over/short post too. txn_kind keeps its CHECK ('movement' covers them all).
