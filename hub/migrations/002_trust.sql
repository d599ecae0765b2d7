-- Enrolment and trust (issue 16 item 2): a terminal's public key, set once by a one-time code;
-- revoking it works at once; the nonces seen recently, so that a request is not taken twice.
ALTER TABLE hub_terminals ADD COLUMN public_key TEXT;
ALTER TABLE hub_terminals ADD COLUMN enrolled_at TIMESTAMPTZ;
ALTER TABLE hub_terminals ADD COLUMN revoked_at TIMESTAMPTZ;

CREATE TABLE hub_enrolment_codes (
  -- SHA-256 of the code: the code itself is shown once, to HQ, and never stored.
  code_hash TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL CHECK (length(terminal_id) BETWEEN 1 AND 64),
  outlet_code TEXT NOT NULL CHECK (length(outlet_code) BETWEEN 1 AND 64),
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ
);

CREATE TABLE hub_nonces (
  terminal_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  seen_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (terminal_id, nonce)
);
CREATE INDEX hub_nonces_by_time ON hub_nonces (seen_at);
