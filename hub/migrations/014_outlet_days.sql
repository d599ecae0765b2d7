-- The day, per counter and per outlet (issue 17 item 5; ../shared/design/hub.md): each counter
-- closes its till (its own day close, an event the hub records here as it arrives), and the outlet's
-- close (a supervisor, at any of its counters) needs every counter of the outlet closed or excused,
-- reconciles the outlet's records at SAFE once, and locks the outlet's date at every counter (a
-- reference change of kind 'outletDay'). hub/outletDays.ts writes both tables.
CREATE TABLE hub_counter_days (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  business_date DATE NOT NULL,
  closed_at TIMESTAMPTZ NOT NULL,
  closed_by TEXT NOT NULL,
  PRIMARY KEY (terminal_id, business_date)
);

CREATE TABLE hub_outlet_days (
  outlet_code TEXT NOT NULL REFERENCES hub_outlets (code),
  business_date DATE NOT NULL,
  closed_at TIMESTAMPTZ NOT NULL,
  closed_by TEXT NOT NULL,
  supervisor_id TEXT,
  -- The counter it was closed at, the counters excused (with why), and the reconciliation with SAFE.
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  excused JSONB NOT NULL,
  reconciliation JSONB NOT NULL,
  PRIMARY KEY (outlet_code, business_date)
);

CREATE FUNCTION hub_days_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%: a day closed stays closed', TG_TABLE_NAME;
END $$;
CREATE TRIGGER hub_counter_days_kept BEFORE UPDATE OR DELETE ON hub_counter_days FOR EACH ROW EXECUTE FUNCTION hub_days_kept();
CREATE TRIGGER hub_outlet_days_kept BEFORE UPDATE OR DELETE ON hub_outlet_days FOR EACH ROW EXECUTE FUNCTION hub_days_kept();

ALTER TABLE hub_changes DROP CONSTRAINT hub_changes_kind_check;
ALTER TABLE hub_changes ADD CONSTRAINT hub_changes_kind_check CHECK (kind IN ('person', 'rate', 'calendar', 'conversionTable', 'policy', 'outlet', 'receiptBook', 'transfer', 'outletDay'));
