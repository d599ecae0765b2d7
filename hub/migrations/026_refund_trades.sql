-- A refund on a later day (issue 19 item 2) is a trade at its counter: an opposite trade of today at
-- the original's amounts, which moves the counter's stock of the currency. hub_trades leaves it out
-- (it is no trade of the customer's day, 第二十九条, nor of SAFE's: docs/compliance-refund.md), so HQ's
-- profit, which replays each counter's stock as the counter does (会计核算, hub/profit.ts), reads the
-- refunds' own rows here. A refund voided the same day stands no more.
CREATE TABLE hub_refund_trades (
  terminal_id TEXT NOT NULL,
  trade_id TEXT NOT NULL,
  receipt_no BIGINT NOT NULL,
  business_date DATE NOT NULL,
  created_at TEXT NOT NULL,
  currency TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('settlement', 'purchase')),
  foreign_minor BIGINT NOT NULL,
  rmb_minor BIGINT NOT NULL,
  voided BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (terminal_id, trade_id)
);
CREATE INDEX hub_refund_trades_by_date ON hub_refund_trades (terminal_id, business_date);

-- The refunds the hub held before this migration, from their events (as the inbox indexes them).
INSERT INTO hub_refund_trades (terminal_id, trade_id, receipt_no, business_date, created_at, currency, direction, foreign_minor, rmb_minor)
SELECT x.terminal_id, x.t->>'id', (x.t->>'receipt_no')::bigint, (x.t->>'business_date')::date, x.t->>'created_at', x.t->>'currency', x.t->>'direction',
       (x.t->>'foreign_minor')::bigint, (x.t->>'rmb_minor')::bigint
FROM (SELECT e.terminal_id, json_array_elements(e.rows->'trades') AS t FROM hub_events e WHERE e.action = 'trade.refund') x
WHERE x.t->>'created_at' IS NOT NULL AND x.t->>'currency' IS NOT NULL AND x.t->>'direction' IN ('settlement', 'purchase')
  AND x.t->>'foreign_minor' ~ '^-?[0-9]+$' AND x.t->>'rmb_minor' ~ '^-?[0-9]+$' AND x.t->>'receipt_no' ~ '^[0-9]+$'
ON CONFLICT DO NOTHING;
UPDATE hub_refund_trades r SET voided = TRUE
FROM hub_events e WHERE e.action = 'trade.void' AND e.terminal_id = r.terminal_id AND e.entity_id = r.trade_id;
