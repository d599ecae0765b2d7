-- Notes moved between counters and outlets of the institution (issue 17 item 4;
-- ../shared/design/hub.md "Cash between counters and outlets"): two movements linked by one id,
-- made by the sender. Out: the notes leave the sender's till or safe into `in_transit` (cash sent,
-- not yet known to be received). In: the receiver counts them into its till or safe against
-- `interoffice` (往来: what the institution's other counters owe this one, or it them). When the
-- sender hears from the hub that they were received, its `in_transit` is cleared against
-- `interoffice`. Across the institution `interoffice` sums to zero, and each counter's `in_transit`
-- is what it sent that is not yet received. Written by electron/ledger/transfers.ts.
--
-- SQLite cannot change a CHECK in place, so accounts and account_balances are rebuilt as in 004
-- (the migration runs with foreign keys off and checks them afterwards: electron/ledger/migrate.ts).

DROP TRIGGER postings_keep_balance;

CREATE TABLE accounts_new (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('cash', 'safe', 'travellers_cheques', 'reserve_account', 'exchange', 'fee_income',
    'capital', 'basic', 'rebalancing', 'variance', 'in_transit', 'interoffice')),
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
  -- Cash in the till, in the safe, in a reserve account and in transit is never negative.
  CHECK (kind NOT IN ('cash', 'safe', 'reserve_account', 'travellers_cheques', 'in_transit') OR balance_minor >= 0)
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

-- One row per transfer, at both ends: written by the sender when it sends; at the receiver from
-- the hub's change that tells it (a row the receiver did not write), then its count; at the sender
-- the count comes back from the hub the same way. A row's sending side never changes; its
-- receiving side is written once; its clearing once.
CREATE TABLE cash_transfers (
  id TEXT PRIMARY KEY,
  from_terminal TEXT NOT NULL,
  from_outlet TEXT NOT NULL,
  from_place TEXT NOT NULL CHECK (from_place IN ('till', 'safe')),
  to_terminal TEXT NOT NULL CHECK (to_terminal <> from_terminal),
  to_outlet TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  -- The notes sent, as the sender counted them: JSON [["10000", "3"], …] (denomination in minor units, count).
  notes TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  sent_by TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  sent_date TEXT NOT NULL,
  -- The receiver's count (NULL until counted): where it went, what was counted, who approved a difference.
  received_place TEXT CHECK (received_place IN ('till', 'safe')),
  received_minor INTEGER CHECK (received_minor >= 0),
  received_notes TEXT,
  received_by TEXT,
  received_at TEXT,
  received_date TEXT,
  supervisor_id TEXT,
  -- At the sender: when its in_transit was cleared, having heard of the count from the hub.
  cleared_at TEXT,
  CHECK ((received_at IS NULL) = (received_minor IS NULL) AND (received_at IS NULL) = (received_by IS NULL)
    AND (received_at IS NULL) = (received_place IS NULL) AND (received_at IS NULL) = (received_notes IS NULL)
    AND (received_at IS NULL) = (received_date IS NULL)),
  CHECK (cleared_at IS NULL OR received_at IS NOT NULL)
);
CREATE INDEX cash_transfers_open ON cash_transfers (received_at, sent_at);

CREATE TRIGGER cash_transfers_sent_fixed BEFORE UPDATE OF id, from_terminal, from_outlet, from_place, to_terminal, to_outlet,
  currency, amount_minor, notes, note, sent_by, sent_at, sent_date ON cash_transfers
BEGIN
  SELECT RAISE(ABORT, 'a transfer as sent never changes');
END;
CREATE TRIGGER cash_transfers_received_once BEFORE UPDATE OF received_place, received_minor, received_notes, received_by,
  received_at, received_date, supervisor_id ON cash_transfers
  WHEN OLD.received_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a transfer is received once');
END;
CREATE TRIGGER cash_transfers_cleared_once BEFORE UPDATE OF cleared_at ON cash_transfers
  WHEN OLD.cleared_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a transfer is cleared once');
END;
CREATE TRIGGER cash_transfers_never_deleted BEFORE DELETE ON cash_transfers
BEGIN
  SELECT RAISE(ABORT, 'cash_transfers is never deleted');
END;
