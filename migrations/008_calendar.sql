-- Working-day calendars loaded after release (calendar.load): the State Council's notice for a
-- year that shared/calendar/cn-workdays.json lacks (published each November or December), or a
-- later change to a year it has (the 2020 Spring Festival extension came by a notice of its own).
-- Append-only like the rest of the ledger: loading a year again adds a row, the newest row of a
-- year is in force, and the earlier ones stay as the record of what was in force when.
CREATE TABLE calendar_years (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  holidays TEXT NOT NULL,   -- JSON array of YYYY-MM-DD: days off (放假)
  workdays TEXT NOT NULL,   -- JSON array of YYYY-MM-DD: weekend days made working days (调休上班)
  source TEXT NOT NULL,     -- the notice, as the supervisor named it
  loaded_by TEXT NOT NULL,
  loaded_at TEXT NOT NULL
);

CREATE INDEX calendar_years_by_year ON calendar_years (year, id);
