-- The outlet as the hub masters it (issue 16 item 4: outlets and counters are reference data),
-- as last pulled: its name, city and address, and the outlet's counters (this one among them, with
-- the name HQ gave it). terminal.json names the outlet by its code and is read at every start; once
-- the hub has spoken, its name is the outlet's name on screens and receipts and a restart does not
-- put terminal.json's back (electron/terminal/settings.ts, the one writer). A terminal with no hub,
-- or not enrolled yet, has no row. The code never changes: a counter belongs to one outlet.
CREATE TABLE hub_outlet (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  outlet_code TEXT NOT NULL CHECK (length(outlet_code) BETWEEN 1 AND 64),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The 6-digit administrative division code (行政区划代码); null until HQ says it.
  city_code TEXT CHECK (city_code IS NULL OR (length(city_code) = 6 AND city_code NOT GLOB '*[^0-9]*')),
  address TEXT NOT NULL CHECK (length(address) <= 300),
  -- JSON: [{"terminalId", "name", "revoked"}], the outlet's counters by id.
  counters TEXT NOT NULL CHECK (json_valid(counters) AND json_type(counters) = 'array'),
  -- The hub-wide version of the change it came in: a later one replaces it, never an earlier one.
  version INTEGER NOT NULL CHECK (version > 0),
  applied_at TEXT NOT NULL
);

CREATE TRIGGER hub_outlet_forward BEFORE UPDATE ON hub_outlet
WHEN NEW.version <= OLD.version OR NEW.outlet_code IS NOT OLD.outlet_code
BEGIN
  SELECT RAISE(ABORT, 'hub_outlet: only a later version of the same outlet replaces it');
END;

CREATE TRIGGER hub_outlet_kept BEFORE DELETE ON hub_outlet
BEGIN
  SELECT RAISE(ABORT, 'hub_outlet: never deleted');
END;
