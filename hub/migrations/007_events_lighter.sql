-- The inbox's insert made lighter (issue 16 "Performance"; npm run bench -- --hub: the server's
-- CPU per event was the limit):
--   - the rows an event carries are kept as the JSON text the terminal sent (json, not jsonb): the
--     hub stores and hands them back, and nothing queries into them (the look-ups read hub_trades);
--     parsing 1.3 KB into jsonb for every event cost a fifth of the insert;
--   - no foreign key from each event to its terminal: the inbox locks the terminal's head row
--     (hub_heads references hub_terminals) before it inserts, which proves the terminal exists
--     once per batch instead of once per event.
-- (004 made the table again while 001's, renamed, still held the constraint's first name.)
DO $$
DECLARE c TEXT;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'hub_events'::regclass AND contype = 'f' LOOP
    EXECUTE format('ALTER TABLE hub_events DROP CONSTRAINT %I', c);
  END LOOP;
END $$;
ALTER TABLE hub_events ALTER COLUMN rows TYPE json USING rows::json;
