-- The day's archive (issue 19 item 7; 第三十二条(二), 第三十五条(三), 第四十九条): one PDF per closed
-- business day holding the institution copy (特许机构联) of every receipt of the day and the day's
-- back-fill list (补录清单), written after the day close commits. Thermal paper fades within
-- months; the regulation asks for the records to be kept at least 3 years (rules.md
-- recordRetentionYears). The PDF is kept here, in the ledger, as a BLOB: encrypted with the ledger
-- (better-sqlite3-multiple-ciphers) and carried by every backup of it, never a loose file.
--
-- sha256 and size are of the PDF as stored; content_sha256 is of the text the PDF was drawn from
-- (re-rendered from the ledger by archive.verify, because the PDF's bytes carry a creation time);
-- retain_until is the first day it could ever be let go (business date + the retention years).
-- The terminal never deletes an archive and never changes one: a second making of a day is refused
-- by the key, an update or a delete by the triggers.
CREATE TABLE day_archives (
  business_date TEXT PRIMARY KEY REFERENCES day_closes (business_date),
  made_at TEXT NOT NULL,
  made_by TEXT NOT NULL,
  pdf BLOB NOT NULL,
  size INTEGER NOT NULL CHECK (size > 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
  receipts INTEGER NOT NULL CHECK (receipts >= 0),
  backfills INTEGER NOT NULL CHECK (backfills >= 0),
  retain_until TEXT NOT NULL CHECK (retain_until > business_date)
);

CREATE TRIGGER day_archives_fixed BEFORE UPDATE ON day_archives
BEGIN
  SELECT RAISE(ABORT, 'day_archives: an archive never changes');
END;

CREATE TRIGGER day_archives_kept BEFORE DELETE ON day_archives
BEGIN
  SELECT RAISE(ABORT, 'day_archives: never deleted (kept at least 3 years, 第四十九条)');
END;
