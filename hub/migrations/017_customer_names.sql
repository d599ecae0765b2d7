-- A customer's record shared between counters (issue 17; ../shared/design/hub.md "Rules that cross
-- counters"): the name the customer gave at a counter, kept with their trades in the index, so the
-- next counter they come to finds them by the keyed hash of their document (hub/lookups.ts
-- customerName) and the teller does not type the name again. Trades indexed before carry none.
ALTER TABLE hub_trades ADD COLUMN customer_name TEXT;
