-- The audit trail becomes a hash chain, so that a changed, removed, inserted or reordered entry
-- shows. Each entry written from now on carries prev_hash, the hash of the entry before it, and
-- hash, SHA-256 over a canonical encoding of prev_hash, its own id and every field of it
-- (electron/ledger/audit.ts); electron/ledger/auditChain.ts recomputes the chain and names the
-- first entry that does not fit.
--
-- Entries written before this migration stay as they are, "before the chain". SQL cannot compute
-- SHA-256, and hashing those rows later in code (at the next open) would only vouch for whatever
-- they say by then: nobody can vouch for them any more than for the unchained table they were
-- in. audit_chain records the boundary instead: `first_id`, the id the first chained entry gets
-- (the next id AUTOINCREMENT would give), and `genesis`, the prev_hash of that first entry, a
-- random value per ledger (so one ledger's chain cannot be passed off as another's). Every entry
-- from `first_id` on must be chained; entries below it are listed but not verified.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

CREATE TABLE audit_chain (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  first_id INTEGER NOT NULL CHECK (first_id > 0),
  genesis TEXT NOT NULL CHECK (length(genesis) = 64),
  started_at TEXT NOT NULL
);

INSERT INTO audit_chain (id, first_id, genesis, started_at)
VALUES (
  1,
  max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0), coalesce((SELECT max(id) FROM audit_log), 0)) + 1,
  lower(hex(randomblob(32))),
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
);

CREATE TRIGGER audit_chain_fixed_u BEFORE UPDATE ON audit_chain BEGIN SELECT RAISE(ABORT, 'the audit chain''s start never changes'); END;
CREATE TRIGGER audit_chain_fixed_d BEFORE DELETE ON audit_chain BEGIN SELECT RAISE(ABORT, 'the audit chain''s start never changes'); END;

-- An entry that is not chained cannot be written: every writer goes through audit().
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit entries are written through audit(), which chains them'); END;

-- The supervisor's audit screen (audit.list): a day or a range of days, newest first, optionally
-- one action. Each index ends in the rowid, so `ORDER BY at DESC, id DESC` reads the index in
-- order and stops at the page. No index on hash: nothing looks an entry up by its hash, and the
-- hash covers the id, so two entries cannot share one anyway.
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_action ON audit_log (action, at);
