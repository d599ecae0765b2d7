-- People who use the terminal, their roles and their sign-in state, and the record of every
-- supervisor's approval that was used (issue #7).
--
-- A password is never stored: only its scrypt hash, with the salt and the parameters it was made
-- with (`scrypt$N$r$p$salt$hash`, base64url), so the cost can be raised later without losing
-- anyone. A person is disabled, never deleted: their ID is on trades, voids, rates and the audit
-- log. Staff IDs are compared without case (T01 and t01 are one person).
CREATE TABLE people (
  id TEXT NOT NULL PRIMARY KEY COLLATE NOCASE CHECK (length(id) BETWEEN 1 AND 32),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('teller', 'supervisor', 'manager', 'reporterA', 'reporterB')),
  password_hash TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  password_set_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  disabled_at TEXT,
  disabled_by TEXT,
  -- Wrong passwords in a row (sign-in, an approval, a change of one's own password); five lock.
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_at TEXT
);

CREATE TRIGGER people_never_deleted BEFORE DELETE ON people
BEGIN
  SELECT RAISE(ABORT, 'people are disabled, never deleted');
END;

CREATE TRIGGER people_identity_fixed BEFORE UPDATE OF id, role, created_at, created_by ON people
BEGIN
  SELECT RAISE(ABORT, 'a person''s id, role and creation never change');
END;

CREATE TRIGGER people_disabled_stays BEFORE UPDATE OF disabled_at ON people
  WHEN OLD.disabled_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a disabled person stays disabled');
END;

-- An approval (auth.approve) lives in the Terminal's memory for two minutes; the row here is
-- written in the same transaction as the action it approved, once: the primary key refuses a
-- second use. What the action wrote (trades.supervisor_id, voids.supervisor_id, the audit entry)
-- names the approver too.
CREATE TABLE approval_uses (
  approval_id TEXT NOT NULL PRIMARY KEY,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  requester_id TEXT NOT NULL REFERENCES people (id),
  approver_id TEXT NOT NULL REFERENCES people (id),
  approved_at TEXT NOT NULL,
  used_at TEXT NOT NULL,
  CHECK (approver_id <> requester_id COLLATE NOCASE)
);

CREATE TRIGGER approval_uses_no_update BEFORE UPDATE ON approval_uses
BEGIN
  SELECT RAISE(ABORT, 'approval_uses is append-only');
END;

CREATE TRIGGER approval_uses_no_delete BEFORE DELETE ON approval_uses
BEGIN
  SELECT RAISE(ABORT, 'approval_uses is append-only');
END;
