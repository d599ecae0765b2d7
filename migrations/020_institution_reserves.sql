-- The reserve accounts are the institution's (备付金, 第三十八–四十六条; issue 17 item 5). At a
-- counter of a hub, an account's balance here is this counter's movements through it: another
-- counter may have paid in what this one takes out, so it can go below zero here. The account as a
-- whole never does: money leaving it is held at the hub first against the institution's balance
-- (hub/reserveAccounts.ts), and refused offline. A standalone terminal still checks its own balance
-- before every movement out (terminal/reserves/movements.ts applyMovement); the CHECK keeps cash
-- in the till, the safe, traveller's cheques and notes in transit from going below zero as before.
--
-- SQLite cannot change a CHECK in place, so account_balances is rebuilt as in 016 (the migration
-- runs with foreign keys off and checks them afterwards: electron/ledger/migrate.ts).

DROP TRIGGER postings_keep_balance;

CREATE TABLE account_balances_new (
  account_id TEXT PRIMARY KEY REFERENCES accounts (id),
  kind TEXT NOT NULL,
  currency TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  -- Cash in the till, in the safe and in transit, and traveller's cheques, are never negative.
  CHECK (kind NOT IN ('cash', 'safe', 'travellers_cheques', 'in_transit') OR balance_minor >= 0)
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

-- Dropped with the table by 004's rebuild (and so missing since): balances move only through postings.
CREATE TRIGGER balances_only_by_postings_d BEFORE DELETE ON account_balances BEGIN SELECT RAISE(ABORT, 'balances are kept by postings'); END;
