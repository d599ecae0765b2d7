-- The reserves are the institution's (备付金, 第三十八–四十六条; issue 17 item 5), their accounts too:
--   - HQ registers the institution's reserve accounts and its basic account here (hub/reserves.ts),
--     at no more than the policy's number of same-city banks for the institution (第四十二条(一)),
--     an FX account with its RMB account at the same bank (第四十二条(二)); they are published to
--     every counter under the hub's ids.
--   - Each movement indexed says which account it went into or out of (in_place, out_place: the
--     account's id, or till / safe / basic / counterparty), so an account's balance is the sum of
--     every counter's movements through it. Those indexed before are filled from their events.
--   - Money about to leave an account at a counter is held here first (hub_reserve_holds) against
--     that balance; a hold ends when its movement arrives, when the counter gives it back, or after
--     a day (a counter that died between the hold and the write).
CREATE TABLE hub_basic_account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  bank_name TEXT NOT NULL CHECK (bank_name <> ''),
  account_no TEXT NOT NULL CHECK (account_no <> ''),
  set_by TEXT NOT NULL,
  set_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE hub_reserve_accounts (
  id TEXT PRIMARY KEY,
  bank_name TEXT NOT NULL CHECK (bank_name <> ''),
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  account_no TEXT NOT NULL UNIQUE CHECK (account_no <> ''),
  opened_by TEXT NOT NULL,
  opened_at TIMESTAMPTZ NOT NULL,
  -- One account of a currency at a bank.
  UNIQUE (bank_name, currency)
);

ALTER TABLE hub_reserve_movements ADD COLUMN in_place TEXT;
ALTER TABLE hub_reserve_movements ADD COLUMN out_place TEXT;
UPDATE hub_reserve_movements m SET in_place = r->>'in_place', out_place = r->>'out_place'
  FROM hub_events e, json_array_elements(e.rows->'reserve_movements') r
  WHERE e.terminal_id = m.terminal_id AND e.entity = 'reserve_movement' AND e.entity_id = m.id AND r->>'id' = m.id;
CREATE INDEX hub_reserve_movements_in ON hub_reserve_movements (in_place) WHERE in_place IS NOT NULL;
CREATE INDEX hub_reserve_movements_out ON hub_reserve_movements (out_place) WHERE out_place IS NOT NULL;

CREATE TABLE hub_reserve_holds (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  movement_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  minor BIGINT NOT NULL CHECK (minor > 0),
  held_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (terminal_id, movement_id)
);
CREATE INDEX hub_reserve_holds_by_account ON hub_reserve_holds (account_id, expires_at);

-- The accounts go down to every counter as reference changes.
ALTER TABLE hub_changes DROP CONSTRAINT hub_changes_kind_check;
ALTER TABLE hub_changes ADD CONSTRAINT hub_changes_kind_check CHECK (kind IN ('person', 'rate', 'calendar', 'conversionTable', 'policy', 'outlet', 'receiptBook', 'transfer', 'outletDay', 'reserveAccount', 'basicAccount'));
