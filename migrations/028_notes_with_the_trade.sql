-- Notes kept with the trade (issue 21, "≤ 15 pages per trade"): a transaction's notes in one place
-- and one currency are one row, its denominations a column, where note_movements held a row per
-- denomination (~10 a trade, in a table and two indexes: 5.4 WAL pages of every trade's commit).
-- The rows are keyed by business date first, WITHOUT ROWID: the table is its one b-tree, a trade
-- appends to its last leaf, the day close reads what moved after a date by its first column, and
-- a transaction's notes are found by its date and id (the trade, void, movement or transfer that
-- wrote them holds its date). Cash by note stays exact (第四十五条 reserves, the day close's
-- count): note_stock is kept from these rows by the trigger below, as it was from the old rows.
--
--   notes: a JSON object, denomination in minor units (as text, the JSON key) → count (a positive
--          JSON integer), e.g. {"10000":3,"5000":1}: USD 100 ×3 and USD 50 ×1.
--   sign:  1 the notes came into the place, -1 they left it. A transaction moving notes both in
--          and out of one place and currency (the day close's count correcting the mix) has two rows.
CREATE TABLE note_bundles (
  business_date TEXT NOT NULL,
  txn_id TEXT NOT NULL,
  location TEXT NOT NULL CHECK (location IN ('till', 'safe')),
  currency TEXT NOT NULL,
  sign INTEGER NOT NULL CHECK (sign IN (1, -1)),
  notes TEXT NOT NULL CHECK (json_valid(notes) AND json_type(notes) = 'object' AND notes <> '{}'),
  created_at TEXT NOT NULL,
  PRIMARY KEY (business_date, txn_id, location, currency, sign)
) WITHOUT ROWID;

-- Every denomination a positive integer in minor units written as such, every count a positive
-- integer: what the old table's CHECKs said of each row.
CREATE TRIGGER note_bundles_valid BEFORE INSERT ON note_bundles
WHEN EXISTS (SELECT 1 FROM json_each(NEW.notes) j
  WHERE j.type <> 'integer' OR j.value <= 0 OR CAST(j.key AS INTEGER) <= 0 OR CAST(CAST(j.key AS INTEGER) AS TEXT) <> j.key)
BEGIN
  SELECT RAISE(ABORT, 'note bundle: each denomination a positive integer in minor units, each count a positive integer');
END;

-- The old rows, grouped: one row per transaction, date, place, currency and direction, the counts
-- of a denomination added up. note_stock already holds their sum, so this is copied before the
-- trigger that keeps the stock exists.
INSERT INTO note_bundles (business_date, txn_id, location, currency, sign, notes, created_at)
  SELECT business_date, txn_id, location, currency, sign, json_group_object(CAST(denomination_minor AS TEXT), n), min(created_at)
  FROM (
    SELECT business_date, txn_id, location, currency, CASE WHEN count > 0 THEN 1 ELSE -1 END AS sign, denomination_minor,
      sum(abs(count)) AS n, min(created_at) AS created_at
    FROM note_movements
    GROUP BY business_date, txn_id, location, currency, sign, denomination_minor
    ORDER BY business_date, txn_id, location, currency, sign, denomination_minor DESC
  )
  GROUP BY business_date, txn_id, location, currency, sign;

-- note_stock from the bundles: each denomination's count moved by the row's sign (never below
-- zero: note_stock's CHECK refuses notes that are not there).
CREATE TRIGGER note_bundles_keep_stock AFTER INSERT ON note_bundles
BEGIN
  INSERT INTO note_stock (location, currency, denomination_minor, count)
    SELECT NEW.location, NEW.currency, CAST(j.key AS INTEGER), 0 FROM json_each(NEW.notes) j WHERE true
    ON CONFLICT (location, currency, denomination_minor) DO NOTHING;
  UPDATE note_stock SET count = count + NEW.sign * (SELECT j.value FROM json_each(NEW.notes) j WHERE CAST(j.key AS INTEGER) = note_stock.denomination_minor)
    WHERE location = NEW.location AND currency = NEW.currency
      AND denomination_minor IN (SELECT CAST(j.key AS INTEGER) FROM json_each(NEW.notes) j);
END;

CREATE TRIGGER note_bundles_append_only_u BEFORE UPDATE ON note_bundles BEGIN SELECT RAISE(ABORT, 'note bundles are append-only'); END;
CREATE TRIGGER note_bundles_append_only_d BEFORE DELETE ON note_bundles BEGIN SELECT RAISE(ABORT, 'note bundles are append-only'); END;

-- The old table goes (its rows are above, grouped); its append-only triggers first, so that
-- nothing reads as a deletion of history.
DROP TRIGGER note_movements_append_only_u;
DROP TRIGGER note_movements_append_only_d;
DROP TRIGGER note_movements_keep_stock;
DROP TABLE note_movements;
