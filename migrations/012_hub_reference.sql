-- The institution's reference data as last pulled from the hub (issue 16, ../shared/design/hub.md
-- "Down: reference data"): the hub-wide version this terminal has applied, and when it last heard
-- from the hub. One row, written by electron/terminal/hubSync/apply.ts in the transaction that
-- applies the changes (people, rates, calendars, conversion tables, each through its own writer),
-- so a change is applied once: the next pull asks for what came after. Offline, the counter keeps
-- what it has and says how old it is (pulled_at). A terminal with no hub has no row.
CREATE TABLE hub_reference (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL CHECK (version >= 0),
  pulled_at TEXT NOT NULL
);

-- The version only moves forward: a change applied is never applied again.
CREATE TRIGGER hub_reference_forward BEFORE UPDATE OF version ON hub_reference
WHEN NEW.version < OLD.version
BEGIN
  SELECT RAISE(ABORT, 'hub_reference: the version only moves forward');
END;
