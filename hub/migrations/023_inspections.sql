-- The inspection search (issue 18 item 5; 第四十九条: the institution answers SAFE's inspection with
-- its records): every search of the journal across outlets, and every export, recorded with who,
-- when, in what role, what was asked and how many trades it gave. A customer's ID number is kept
-- masked (its last four characters); the keyed hash it was matched by is kept whole, so an auditor
-- can tell which customer was looked at without the hub keeping the number in clear. Append-only.
CREATE TABLE hub_inspections (
  id BIGSERIAL PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  person_id TEXT NOT NULL,
  role TEXT NOT NULL,
  query JSONB NOT NULL,
  customer_key TEXT,
  results INTEGER NOT NULL CHECK (results >= 0),
  export TEXT CHECK (export IN ('csv'))
);
CREATE INDEX hub_inspections_by_time ON hub_inspections (at);
CREATE FUNCTION hub_inspections_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hub_inspections is append-only: an inspection searched stays recorded';
END $$;
CREATE TRIGGER hub_inspections_append_only BEFORE UPDATE OR DELETE ON hub_inspections
  FOR EACH ROW EXECUTE FUNCTION hub_inspections_append_only();
-- The search by outlet, date and amount reads the trade index by date.
CREATE INDEX hub_trades_by_date ON hub_trades (business_date, terminal_id);
