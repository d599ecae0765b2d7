-- Watch lists (第五十四条; issue 19 item 1): HQ imports a sanctions or watch list once and every
-- counter screens against it. A list version is a reference change of its own kind, carrying the
-- file as HQ gave it, so each counter imports it through the same parser and keeps the same sha256.
ALTER TABLE hub_changes DROP CONSTRAINT hub_changes_kind_check;
ALTER TABLE hub_changes ADD CONSTRAINT hub_changes_kind_check CHECK (kind IN ('person', 'rate', 'calendar', 'conversionTable', 'policy', 'outlet', 'receiptBook', 'transfer', 'outletDay', 'reserveAccount', 'basicAccount', 'watchList'));
