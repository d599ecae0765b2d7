-- What is left on an original receipt is reserved by the counter using it (第三十一条; issue 17
-- item 2; ../shared/design/hub.md "Rules that cross counters"): a counter about to commit a
-- reconversion against a receipt holds the RMB it changes back at the hub first, so two counters
-- cannot spend the same receipt twice before either's trade reaches the hub. A hold ends when that
-- counter's reconversion arrives (it counts as a trade from then on: hub/lookups.ts) or expires
-- (a commit that did not happen). One per receipt, customer and counter: a counter's next hold on
-- the receipt replaces its last.
CREATE TABLE hub_receipt_holds (
  receipt_no BIGINT NOT NULL,
  customer_key TEXT NOT NULL,
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  rmb_minor BIGINT NOT NULL CHECK (rmb_minor > 0),
  held_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (receipt_no, customer_key, terminal_id)
);
