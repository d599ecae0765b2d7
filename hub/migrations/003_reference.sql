-- Reference data mastered at the hub (issue 16 item 4; ../shared/design/hub.md "Down: reference
-- data") and the people who sign in to it (item 2): HQ's people and the counters' staff, each with
-- a scrypt hash in the counter's format (shared/passwords.ts), a count of wrong passwords and a
-- lock, as at the counter (MAX_FAILED_SIGN_INS in shared/api/roles.ts).
CREATE TABLE hub_people (
  id TEXT PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,32}$'),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role TEXT NOT NULL CHECK (role IN ('teller', 'supervisor', 'manager', 'reporterA', 'reporterB', 'hqManager', 'hqReporter', 'auditor')),
  -- The outlet whose counters the person works at; NULL: every outlet.
  outlet_code TEXT CHECK (outlet_code IS NULL OR length(outlet_code) BETWEEN 1 AND 64),
  password_hash TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_at TIMESTAMPTZ,
  disabled_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL,
  created_by TEXT NOT NULL
);

-- A person's session at the hub: the token's SHA-256 (the token itself is given once), ended by
-- signing out, by 15 minutes without a call (IDLE_SIGN_OUT_MS), or by a lock.
CREATE TABLE hub_sessions (
  token_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES hub_people (id),
  created_at TIMESTAMPTZ NOT NULL,
  last_used_at TIMESTAMPTZ NOT NULL,
  ended_at TIMESTAMPTZ
);
CREATE INDEX hub_sessions_by_person ON hub_sessions (person_id) WHERE ended_at IS NULL;

-- Every change to reference data, append-only, under a hub-wide version: what the terminals pull
-- (shared/sync/reference.ts). Versions are taken one writer at a time (hub/reference.ts holds a
-- transaction lock while it writes), so they commit in order and a terminal that pulled up to v has
-- seen every change at or below v.
CREATE TABLE hub_changes (
  version BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('person', 'rate', 'calendar', 'conversionTable')),
  -- The outlet whose counters take it; NULL: every outlet.
  outlet_code TEXT,
  body JSONB NOT NULL,
  made_by TEXT NOT NULL,
  made_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX hub_changes_by_outlet ON hub_changes (outlet_code, version);

CREATE FUNCTION hub_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hub_changes is append-only: a change is corrected by a later one';
END $$;
CREATE TRIGGER hub_changes_append_only BEFORE UPDATE OR DELETE ON hub_changes
  FOR EACH ROW EXECUTE FUNCTION hub_changes_append_only();
