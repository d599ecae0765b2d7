-- When each counter last reached the hub (issue 18 item 2, the live view: online, or since when
-- not): set by every signed request the hub accepts (hub/trust.ts), at most every 30 seconds a
-- counter, so a pull every few seconds costs no write. NULL: not since this migration.
ALTER TABLE hub_terminals ADD COLUMN last_seen_at TIMESTAMPTZ;
