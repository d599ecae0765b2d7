-- The ID document's expiry date (第三十一条: the customer's VALID ID; issue 19 item 5), as the
-- counter took it: 'YYYY-MM-DD' (valid through that day, inclusive) or '长期' (a resident ID card
-- without an end date). With the customer (the last document seen, like the name) and with each
-- trade (the document as it was that day: the trade is never changed). NULL: a customer or trade
-- from before this migration, or entered without it (a paper receipt after a restore).
ALTER TABLE customers ADD COLUMN id_expiry TEXT CHECK (id_expiry IS NULL OR id_expiry = '长期' OR id_expiry GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
ALTER TABLE trades ADD COLUMN id_expiry TEXT CHECK (id_expiry IS NULL OR id_expiry = '长期' OR id_expiry GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
