-- The institution's reports from the hub (issue 18 item 4; 第五十一条 附表1–3, the books): kept as
-- per-day aggregates as events arrive (hub/reportDays.ts, inside ingest's transaction), so a month's
-- 附表3 for 500 outlets sums a few hundred thousand rows instead of ninety million trades. The forms
-- are composed from them by the same pure functions a counter uses for its own (shared/reports/).
--
-- The trade index keeps what a report reads of a trade: a void, or a back-fill reaching SAFE, moves
-- the trade's figures between the day's cells, and needs them.
ALTER TABLE hub_trades
  ADD COLUMN currency TEXT,
  ADD COLUMN residency TEXT CHECK (residency IN ('domestic', 'foreign')),
  ADD COLUMN foreign_minor BIGINT,
  ADD COLUMN reporting_path TEXT,
  -- Entered in SAFE's system: real time, or a back-fill delivered (附表2: 实时 / 事后补录 / 未录入).
  ADD COLUMN entered BOOLEAN NOT NULL DEFAULT FALSE,
  -- When it was made (the counter's time): a back-fill is due within 24 hours of it (第三十二条(二)).
  ADD COLUMN created_at TEXT;
-- The back-fills not yet at SAFE, per counter, for the live view.
CREATE INDEX hub_trades_backfill_waiting ON hub_trades (terminal_id) WHERE reporting_path = 'backfill' AND NOT entered AND NOT voided;

-- Customer trades per counter, day and cell of the forms: the figures of the trades that stand.
-- No CHECK on the sums: a void or a delivery arrives as a negative delta upserted onto its cell,
-- and PostgreSQL checks a row as proposed for insertion before it finds the conflict (the sums
-- standing never go below zero: test/hub-reports.test.ts compares them with the counters').
CREATE TABLE hub_flow_days (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  business_date DATE NOT NULL,
  residency TEXT NOT NULL CHECK (residency IN ('domestic', 'foreign')),
  direction TEXT NOT NULL CHECK (direction IN ('settlement', 'purchase')),
  entry TEXT NOT NULL CHECK (entry IN ('realtime', 'backfill', 'notEntered')),
  currency TEXT NOT NULL,
  foreign_minor BIGINT NOT NULL,
  -- RMB that changed hands: paid out for a settlement (rmb − fee), taken in for a purchase (rmb + fee).
  rmb_cash_minor BIGINT NOT NULL,
  fee_minor BIGINT NOT NULL,
  trades BIGINT NOT NULL,
  PRIMARY KEY (business_date, terminal_id, residency, direction, entry, currency)
);

-- Reserve movements that bring money into the reserves or take it out, per counter, day, channel
-- (internal, other_institution, bank; transfer: RMB with the basic account), currency and way.
CREATE TABLE hub_movement_days (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  business_date DATE NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('internal', 'other_institution', 'bank', 'transfer')),
  currency TEXT NOT NULL,
  way TEXT NOT NULL CHECK (way IN ('in', 'out')),
  minor BIGINT NOT NULL,
  movements BIGINT NOT NULL,
  PRIMARY KEY (business_date, terminal_id, channel, currency, way)
);

-- The same by month (the forms of a month read these: 附表3 for 500 outlets is 500 × 4 counters'
-- few dozen rows, not a month of days).
CREATE TABLE hub_flow_months (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  month DATE NOT NULL,
  residency TEXT NOT NULL CHECK (residency IN ('domestic', 'foreign')),
  direction TEXT NOT NULL CHECK (direction IN ('settlement', 'purchase')),
  entry TEXT NOT NULL CHECK (entry IN ('realtime', 'backfill', 'notEntered')),
  currency TEXT NOT NULL,
  foreign_minor BIGINT NOT NULL,
  rmb_cash_minor BIGINT NOT NULL,
  fee_minor BIGINT NOT NULL,
  trades BIGINT NOT NULL,
  PRIMARY KEY (month, terminal_id, residency, direction, entry, currency)
);
CREATE TABLE hub_movement_months (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  month DATE NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('internal', 'other_institution', 'bank', 'transfer')),
  currency TEXT NOT NULL,
  way TEXT NOT NULL CHECK (way IN ('in', 'out')),
  minor BIGINT NOT NULL,
  movements BIGINT NOT NULL,
  PRIMARY KEY (month, terminal_id, channel, currency, way)
);

-- What each account of each counter moved by, per day and per month (a balance at a date is the
-- months before plus the days of its month: a few rows per account, however long the history).
CREATE TABLE hub_balance_days (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  business_date DATE NOT NULL,
  account_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  delta_minor BIGINT NOT NULL,
  PRIMARY KEY (business_date, terminal_id, account_id)
);
CREATE TABLE hub_balance_months (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  month DATE NOT NULL,
  account_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  delta_minor BIGINT NOT NULL,
  PRIMARY KEY (month, terminal_id, account_id)
);

-- Every account's balance now, per counter (the live view's till and safe by currency).
CREATE TABLE hub_balances (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  account_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  balance_minor BIGINT NOT NULL,
  PRIMARY KEY (terminal_id, account_id)
);

-- Profit per currency (hub/profit.ts replays each counter's stock at average cost, as the counter
-- does): the stock and cost each day close kept, the board's rates the counter had (in the order it
-- stored them: a later one of the same instant is the newer), and notes between counters as they
-- left the sender and were counted in at the receiver.
CREATE TABLE hub_day_costs (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  business_date DATE NOT NULL,
  currency TEXT NOT NULL,
  stock_minor BIGINT NOT NULL,
  cost_minor BIGINT NOT NULL,
  PRIMARY KEY (terminal_id, business_date, currency)
);
CREATE TABLE hub_rate_history (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  seq BIGINT NOT NULL,
  id TEXT NOT NULL,
  currency TEXT NOT NULL,
  buy_per_100 TEXT NOT NULL,
  sell_per_100 TEXT NOT NULL,
  effective_at TEXT NOT NULL,
  PRIMARY KEY (terminal_id, id)
);
CREATE INDEX hub_rate_history_by_currency ON hub_rate_history (terminal_id, currency, effective_at);
CREATE TABLE hub_counter_transfers (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  id TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('sent', 'received')),
  at TEXT NOT NULL,
  business_date DATE NOT NULL,
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  received_minor BIGINT,
  cost_minor BIGINT,
  PRIMARY KEY (terminal_id, id, side)
);

-- Reserve movements of a day close (长短款) are indexed from now on with the others (hub/reserves.ts).
-- Their channel is kept for the reports; the movements held already have theirs in their events.
ALTER TABLE hub_reserve_movements ADD COLUMN channel TEXT, ADD COLUMN created_at TEXT;

-- What the hub held before this migration, aggregated once from its events.
UPDATE hub_trades h SET currency = x.t->>'currency', residency = x.t->>'residency', foreign_minor = (x.t->>'foreign_minor')::bigint, reporting_path = x.t->>'reporting_path',
  created_at = x.t->>'created_at'
FROM (SELECT e.terminal_id, json_array_elements(e.rows->'trades') AS t FROM hub_events e WHERE e.action IN ('trade.commit', 'trade.paperEntry')) x
WHERE h.terminal_id = x.terminal_id AND h.trade_id = x.t->>'id';

UPDATE hub_trades h SET entered = TRUE WHERE h.reporting_path = 'realtime';
UPDATE hub_trades h SET entered = TRUE
FROM (SELECT DISTINCT e.terminal_id, o->>'trade_id' AS trade_id FROM hub_events e, json_array_elements(e.rows->'outbox') o
      WHERE o->>'kind' = 'backfill' AND o->>'state' = 'delivered') d
WHERE h.terminal_id = d.terminal_id AND h.trade_id = d.trade_id AND h.reporting_path = 'backfill';

INSERT INTO hub_flow_days (terminal_id, business_date, residency, direction, entry, currency, foreign_minor, rmb_cash_minor, fee_minor, trades)
SELECT terminal_id, business_date, residency, direction,
       CASE WHEN reporting_path = 'realtime' THEN 'realtime' WHEN reporting_path = 'backfill' AND entered THEN 'backfill' ELSE 'notEntered' END,
       currency, sum(foreign_minor), sum(CASE WHEN direction = 'settlement' THEN rmb_minor - fee_minor ELSE rmb_minor + fee_minor END), sum(fee_minor), count(*)
FROM hub_trades WHERE NOT voided AND currency IS NOT NULL AND residency IS NOT NULL AND foreign_minor IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO hub_reserve_movements (terminal_id, id, kind, business_date, in_currency, in_minor, out_currency, out_minor, in_place, out_place)
SELECT e.terminal_id, m->>'id', m->>'kind', (m->>'business_date')::date, m->>'in_currency', (m->>'in_minor')::bigint, m->>'out_currency', (m->>'out_minor')::bigint, m->>'in_place', m->>'out_place'
FROM hub_events e, json_array_elements(e.rows->'reserve_movements') m
WHERE e.action = 'dayClose.close' AND m->>'kind' = 'variance'
ON CONFLICT (terminal_id, id) DO NOTHING;

UPDATE hub_reserve_movements r SET channel = x.m->>'channel', created_at = x.m->>'created_at'
FROM (SELECT e.terminal_id, json_array_elements(e.rows->'reserve_movements') AS m FROM hub_events e) x
WHERE r.terminal_id = x.terminal_id AND r.id = x.m->>'id';

INSERT INTO hub_movement_days (terminal_id, business_date, channel, currency, way, minor, movements)
SELECT terminal_id, business_date, channel, currency, way, sum(minor), count(*) FROM (
  SELECT terminal_id, business_date, CASE WHEN kind IN ('transfer_in', 'transfer_out') THEN 'transfer' ELSE coalesce(channel, 'internal') END AS channel,
         in_currency AS currency, 'in' AS way, in_minor AS minor
  FROM hub_reserve_movements WHERE kind IN ('rebalance', 'float_in', 'variance', 'transfer_in', 'transfer_out') AND in_currency IS NOT NULL AND in_minor IS NOT NULL
  UNION ALL
  SELECT terminal_id, business_date, CASE WHEN kind IN ('transfer_in', 'transfer_out') THEN 'transfer' ELSE coalesce(channel, 'internal') END,
         out_currency, 'out', out_minor
  FROM hub_reserve_movements WHERE kind IN ('rebalance', 'float_in', 'variance', 'transfer_in', 'transfer_out') AND out_currency IS NOT NULL AND out_minor IS NOT NULL
) legs GROUP BY 1, 2, 3, 4, 5;

INSERT INTO hub_flow_months (terminal_id, month, residency, direction, entry, currency, foreign_minor, rmb_cash_minor, fee_minor, trades)
SELECT terminal_id, date_trunc('month', business_date)::date, residency, direction, entry, currency, sum(foreign_minor), sum(rmb_cash_minor), sum(fee_minor), sum(trades)
FROM hub_flow_days GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO hub_movement_months (terminal_id, month, channel, currency, way, minor, movements)
SELECT terminal_id, date_trunc('month', business_date)::date, channel, currency, way, sum(minor), sum(movements)
FROM hub_movement_days GROUP BY 1, 2, 3, 4, 5;

INSERT INTO hub_day_costs (terminal_id, business_date, currency, stock_minor, cost_minor)
SELECT e.terminal_id, (c->>'business_date')::date, c->>'currency', (c->>'stock_minor')::bigint, (c->>'cost_minor')::bigint
FROM hub_events e, json_array_elements(e.rows->'day_costs') c WHERE e.action = 'dayClose.close'
ON CONFLICT DO NOTHING;

INSERT INTO hub_rate_history (terminal_id, seq, id, currency, buy_per_100, sell_per_100, effective_at)
SELECT e.terminal_id, e.seq, r->>'id', r->>'currency', r->>'buy_per_100', r->>'sell_per_100', r->>'effective_at'
FROM hub_events e, json_array_elements(e.rows->'rates') r WHERE e.action = 'rate.set'
ON CONFLICT DO NOTHING;

INSERT INTO hub_counter_transfers (terminal_id, id, side, at, business_date, currency, amount_minor, received_minor, cost_minor)
SELECT e.terminal_id, t->>'id', 'sent', t->>'sent_at', (t->>'sent_date')::date, t->>'currency', (t->>'amount_minor')::bigint, NULL, NULL
FROM hub_events e, json_array_elements(e.rows->'cash_transfers') t WHERE t->>'from_terminal' = e.terminal_id AND t->>'sent_date' IS NOT NULL
ON CONFLICT DO NOTHING;
INSERT INTO hub_counter_transfers (terminal_id, id, side, at, business_date, currency, amount_minor, received_minor, cost_minor)
SELECT e.terminal_id, t->>'id', 'received', t->>'received_at', (t->>'received_date')::date, t->>'currency', (t->>'amount_minor')::bigint, (t->>'received_minor')::bigint, (t->>'cost_minor')::bigint
FROM hub_events e, json_array_elements(e.rows->'cash_transfers') t
WHERE t->>'to_terminal' = e.terminal_id AND t->>'received_date' IS NOT NULL AND t->>'received_minor' IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO hub_balance_days (terminal_id, business_date, account_id, currency, delta_minor)
SELECT e.terminal_id, (p->>'business_date')::date, p->>'account_id', min(p->>'currency'), sum((p->>'amount_minor')::bigint)
FROM hub_events e, json_array_elements(e.rows->'postings') p
GROUP BY 1, 2, 3;

INSERT INTO hub_balance_months (terminal_id, month, account_id, currency, delta_minor)
SELECT terminal_id, date_trunc('month', business_date)::date, account_id, min(currency), sum(delta_minor)
FROM hub_balance_days GROUP BY 1, 2, 3;

INSERT INTO hub_balances (terminal_id, account_id, currency, balance_minor)
SELECT terminal_id, account_id, min(currency), sum(delta_minor) FROM hub_balance_days GROUP BY 1, 2;

-- The institution's name as the reports print it (npm run hub -- institution --name …).
ALTER TABLE hub_settings ADD COLUMN institution_name TEXT NOT NULL DEFAULT '' CHECK (length(institution_name) <= 200);

-- A counter's own last entry as it said at its last pull (the live view: events it made that the
-- hub has not received yet).
ALTER TABLE hub_terminals ADD COLUMN reported_seq BIGINT CHECK (reported_seq >= 0);
