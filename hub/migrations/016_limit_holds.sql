-- The daily limit across counters, held (第二十九条; issue 17 items 2 and the busy day's check): a
-- counter about to commit a trade holds the customer's day at the hub first, with its own whole day
-- for them including this trade, so two counters serving one customer at once cannot both take the
-- day over the limit before either's trade reaches the hub (hub/limitHolds.ts). One hold per
-- customer, day and counter, replaced by the counter's next; it ends when the trade it was made for
-- arrives (the trades count from then on) or expires (a commit that did not happen).
CREATE TABLE hub_limit_holds (
  customer_key TEXT NOT NULL,
  business_date DATE NOT NULL,
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  trade_id TEXT NOT NULL,
  -- The counter's day for the customer with this trade, USD per direction (exact decimal text).
  settlement_usd TEXT NOT NULL,
  purchase_usd TEXT NOT NULL,
  held_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (customer_key, business_date, terminal_id)
);
CREATE INDEX hub_limit_holds_by_trade ON hub_limit_holds (terminal_id, trade_id);
