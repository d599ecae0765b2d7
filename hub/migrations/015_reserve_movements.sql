-- Reserves are the institution's (备付金, 第三十八–四十六条; issue 17 item 5): the hub indexes every
-- counter's reserve movements as their events arrive (hub/reserves.ts), and checks the monthly limit
-- on transfers between the basic account and the reserve accounts (第四十四条: 每月限各办理一次) for
-- the whole institution: a counter about to make one claims it here first, so two counters cannot
-- both make this month's. A claim ends when that counter's movement arrives, or after an hour (a
-- movement that was not made).
CREATE TABLE hub_reserve_movements (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  business_date DATE NOT NULL,
  in_currency TEXT,
  in_minor BIGINT,
  out_currency TEXT,
  out_minor BIGINT,
  PRIMARY KEY (terminal_id, id)
);
CREATE INDEX hub_reserve_movements_by_kind ON hub_reserve_movements (kind, business_date);

CREATE TABLE hub_reserve_claims (
  kind TEXT NOT NULL CHECK (kind IN ('transfer_in', 'transfer_out')),
  month TEXT NOT NULL CHECK (month ~ '^\d{4}-\d{2}$'),
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  claimed_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (kind, month, terminal_id)
);
