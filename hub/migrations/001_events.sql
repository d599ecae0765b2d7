-- The hub's first tables (issue 16, ../shared/design/hub.md "Up: events"): each terminal's events,
-- exactly once, and the head of its audit chain as last verified (the anchor outside the PC).
CREATE TABLE hub_terminals (
  -- The terminal's id (terminal.json outlet.terminalId), unique in the institution.
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  outlet_code TEXT NOT NULL CHECK (length(outlet_code) BETWEEN 1 AND 64),
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE hub_events (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  -- The terminal's sequence: its audit entry's id, gapless.
  seq BIGINT NOT NULL CHECK (seq > 0),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  -- The entry's detail exactly as the terminal stored and hashed it.
  detail TEXT NOT NULL,
  prev_hash TEXT,
  hash TEXT,
  -- The ledger rows the change wrote, by table (shared/sync/events.ts).
  rows JSONB,
  received_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (terminal_id, seq)
);

CREATE TABLE hub_heads (
  terminal_id TEXT PRIMARY KEY REFERENCES hub_terminals (id),
  -- The highest contiguous sequence held, and its entry's hash.
  seq BIGINT NOT NULL CHECK (seq >= 0),
  hash TEXT,
  updated_at TIMESTAMPTZ NOT NULL
);
