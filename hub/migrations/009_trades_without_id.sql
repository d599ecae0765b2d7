-- The hub's trade index keeps no ID number (issue 16; ../shared/design/hub.md "Rules that cross
-- counters"): the counter's person key (ID type, number and country in clear) was kept beside the
-- keyed hash so that an original receipt could be matched to its customer at the counter, and so
-- the hub told any counter typing a receipt number whose it was. A receipt look-up now names the
-- customer presenting it and the hub matches by the keyed hash (hub/lookups.ts findReceipt), as
-- the standing look-up always did: the column goes.
ALTER TABLE hub_trades DROP COLUMN person_key;
