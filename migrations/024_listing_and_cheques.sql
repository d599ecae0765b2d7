-- Issue 19 items 3 and 8.
--
-- (3) Listing a currency (第三十四条: 在挂牌前不少于10个工作日向所在地外汇局报告). Each row records that
-- a currency may be on the board: the date the institution filed it with SAFE (报备日期) and the first
-- business date it may be quoted (the 10th working day after the filing, computed by the terminal
-- from China's working-day calendar when recorded). A currency already on the board when this
-- migration runs was listed before the terminal kept filings: it is recorded as grandfathered, with
-- no filing date and no first date. Append-only: a corrected filing date is a new row, the newest
-- row of a currency in force (electron/terminal/rates/listings.ts, the one writer).
CREATE TABLE currency_listings (
  id TEXT PRIMARY KEY,
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency <> 'CNY'),
  filed_on TEXT CHECK (filed_on IS NULL OR filed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  first_allowed TEXT CHECK (first_allowed IS NULL OR first_allowed GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  grandfathered INTEGER NOT NULL CHECK (grandfathered IN (0, 1)),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  -- A filing has both dates, after one another; a grandfathered currency has neither.
  CHECK ((grandfathered = 1 AND filed_on IS NULL AND first_allowed IS NULL)
    OR (grandfathered = 0 AND filed_on IS NOT NULL AND first_allowed IS NOT NULL AND first_allowed > filed_on))
);
CREATE INDEX currency_listings_by_currency ON currency_listings (currency, recorded_at);
CREATE TRIGGER currency_listings_append_only_u BEFORE UPDATE ON currency_listings BEGIN SELECT RAISE(ABORT, 'currency listings are append-only'); END;
CREATE TRIGGER currency_listings_append_only_d BEFORE DELETE ON currency_listings BEGIN SELECT RAISE(ABORT, 'currency listings are append-only'); END;

INSERT INTO currency_listings (id, currency, filed_on, first_allowed, grandfathered, recorded_by, recorded_at)
  SELECT 'grandfathered-' || currency, currency, NULL, NULL, 1, 'migration-024', min(effective_at)
  FROM rates GROUP BY currency;

-- (8) Traveller's cheques sent to the bank (第三十条: taken for settlement; the institution cashes
-- them through its account bank): a reserve movement of its own kind, out of the cheques held into a
-- reserve account of the same currency. SQLite changes a CHECK by rebuilding the table.
CREATE TABLE reserve_movements_024 (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('cash_deposit', 'cash_withdrawal', 'transfer_in', 'transfer_out', 'account_transfer',
    'rebalance', 'float_in', 'variance', 'till_safe', 'cheques_to_bank')),
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
INSERT INTO reserve_movements_024 SELECT id, kind, channel, counterparty, place, same_city, method, account_no, in_place,
  in_currency, in_minor, out_place, out_currency, out_minor, rate_per_100, note, actor, supervisor_id, business_date, created_at
  FROM reserve_movements;
DROP TABLE reserve_movements;
ALTER TABLE reserve_movements_024 RENAME TO reserve_movements;
CREATE INDEX reserve_movements_by_date ON reserve_movements (business_date);
CREATE INDEX reserve_movements_by_kind ON reserve_movements (kind, business_date);
CREATE TRIGGER reserve_movements_append_only_u BEFORE UPDATE ON reserve_movements BEGIN SELECT RAISE(ABORT, 'reserve movements are append-only'); END;
CREATE TRIGGER reserve_movements_append_only_d BEFORE DELETE ON reserve_movements BEGIN SELECT RAISE(ABORT, 'reserve movements are append-only'); END;
