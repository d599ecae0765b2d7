-- Watch-list screening (第五十四条, the institution's anti-money-laundering duty; issue 19 item 1):
-- the lists imported (the UN Security Council's consolidated list, any list as CSV), their
-- entries, the hits a customer's screening found and a supervisor's decision on each.
--
-- A list version: one file imported, never changed. The active version of a list is its latest
-- (the highest version of that list_id): importing a new one replaces the old without an update.
CREATE TABLE screening_lists (
  id TEXT PRIMARY KEY,
  list_id TEXT NOT NULL CHECK (length(list_id) BETWEEN 1 AND 40),
  version INTEGER NOT NULL CHECK (version >= 1),
  name TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('un-xml', 'csv')),
  generated TEXT,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('terminal', 'hub')),
  entry_count INTEGER NOT NULL CHECK (entry_count >= 1),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  UNIQUE (list_id, version)
);

-- One person on a list version: names and numbers as the file gave them (JSON arrays of strings).
CREATE TABLE screening_entries (
  list_version TEXT NOT NULL REFERENCES screening_lists (id),
  seq INTEGER NOT NULL,
  reference TEXT NOT NULL,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL,
  dates_of_birth TEXT NOT NULL,
  nationalities TEXT NOT NULL,
  documents TEXT NOT NULL,
  PRIMARY KEY (list_version, seq)
);

-- A hit: the customer (person_key) met an entry of a list version at the quote, with its score.
-- One per customer, entry and version: quoting again does not add another.
CREATE TABLE screening_hits (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  person_key TEXT NOT NULL,
  customer_name TEXT NOT NULL,
  list_version TEXT NOT NULL REFERENCES screening_lists (id),
  reference TEXT NOT NULL,
  entry_name TEXT NOT NULL,
  matched TEXT NOT NULL,
  matched_on TEXT NOT NULL CHECK (matched_on IN ('document', 'name')),
  score TEXT NOT NULL,
  threshold INTEGER NOT NULL,
  teller_id TEXT NOT NULL,
  UNIQUE (person_key, list_version, reference)
);

-- A supervisor's decision on a hit, once: a false positive (with the reason), or a refusal, which
-- is a suspicious-transaction report pending until the AML officer records it filed (reported_at).
CREATE TABLE screening_decisions (
  hit_id TEXT PRIMARY KEY REFERENCES screening_hits (id),
  decision TEXT NOT NULL CHECK (decision IN ('falsePositive', 'refuse')),
  reason TEXT NOT NULL CHECK (length(reason) >= 1),
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL
);

CREATE TRIGGER screening_lists_fixed BEFORE UPDATE ON screening_lists
BEGIN
  SELECT RAISE(ABORT, 'a list version never changes');
END;
CREATE TRIGGER screening_lists_kept BEFORE DELETE ON screening_lists
BEGIN
  SELECT RAISE(ABORT, 'a list version is never deleted');
END;
CREATE TRIGGER screening_entries_fixed BEFORE UPDATE ON screening_entries
BEGIN
  SELECT RAISE(ABORT, 'a list entry never changes');
END;
CREATE TRIGGER screening_entries_kept BEFORE DELETE ON screening_entries
BEGIN
  SELECT RAISE(ABORT, 'a list entry is never deleted');
END;
CREATE TRIGGER screening_hits_fixed BEFORE UPDATE ON screening_hits
BEGIN
  SELECT RAISE(ABORT, 'a screening hit never changes');
END;
CREATE TRIGGER screening_hits_kept BEFORE DELETE ON screening_hits
BEGIN
  SELECT RAISE(ABORT, 'a screening hit is never deleted');
END;
CREATE TRIGGER screening_decisions_fixed BEFORE UPDATE ON screening_decisions
BEGIN
  SELECT RAISE(ABORT, 'a screening decision never changes');
END;
CREATE TRIGGER screening_decisions_kept BEFORE DELETE ON screening_decisions
BEGIN
  SELECT RAISE(ABORT, 'a screening decision is never deleted');
END;
