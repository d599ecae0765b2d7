-- Outlets and their counters mastered at the hub (issue 16 item 4, ../shared/design/hub.md): HQ
-- registers an outlet (code, name, city, address), then each of its counters, and gets a counter's
-- one-time enrolment code (hub/outlets.ts). A counter is a terminal (hub_terminals), registered
-- before it enrols and belonging to one outlet for good: a code names a registered counter, and
-- the terminal checks at enrolment that the hub's outlet is the one it is set up for.
CREATE TABLE hub_outlets (
  code TEXT PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9._-]{1,64}$'),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The city's 6-digit administrative division code (行政区划代码): 附表2 adds an institution's
  -- outlets of one city (注1). Null for an outlet known before this migration, until HQ says it.
  city_code TEXT CHECK (city_code ~ '^[0-9]{6}$'),
  address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 300),
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

-- The outlets terminals and codes already name, known by their code alone until HQ names them.
INSERT INTO hub_outlets (code, name, city_code, address, created_at, updated_at)
  SELECT outlet_code, outlet_code, NULL, '', min(created_at), min(created_at)
  FROM (SELECT outlet_code, created_at FROM hub_terminals UNION ALL SELECT outlet_code, created_at FROM hub_enrolment_codes) known
  GROUP BY outlet_code;

-- A counter's name as HQ registered it (e.g. "2号柜台"); a terminal known before, by its id.
ALTER TABLE hub_terminals ADD COLUMN name TEXT;
UPDATE hub_terminals SET name = id;
ALTER TABLE hub_terminals ALTER COLUMN name SET NOT NULL;
ALTER TABLE hub_terminals ADD CONSTRAINT hub_terminals_name CHECK (length(name) BETWEEN 1 AND 200);
ALTER TABLE hub_terminals ADD CONSTRAINT hub_terminals_outlet FOREIGN KEY (outlet_code) REFERENCES hub_outlets (code);
ALTER TABLE hub_enrolment_codes ADD CONSTRAINT hub_enrolment_codes_outlet FOREIGN KEY (outlet_code) REFERENCES hub_outlets (code);
