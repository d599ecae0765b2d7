-- Notes between counters and outlets (issue 17 item 4; ../shared/design/hub.md "Cash between
-- counters and outlets"): what the hub heard of each transfer, from the sender's event (sent) and
-- the receiver's (counted). Until counted it is in transit, and HQ sees it so (hub/transfers.ts).
-- Each change goes down to the outlet that must act on it as a reference change of kind 'transfer'.
CREATE TABLE hub_cash_transfers (
  id TEXT PRIMARY KEY,
  from_terminal TEXT NOT NULL REFERENCES hub_terminals (id),
  from_outlet TEXT NOT NULL REFERENCES hub_outlets (code),
  to_terminal TEXT NOT NULL REFERENCES hub_terminals (id),
  to_outlet TEXT NOT NULL REFERENCES hub_outlets (code),
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  -- The transfer as the counters hold it (shared/sync/reference.ts transferChange), sent and counted.
  body JSONB NOT NULL,
  sent_at TIMESTAMPTZ NOT NULL,
  received_at TIMESTAMPTZ,
  received_minor BIGINT
);
CREATE INDEX hub_cash_transfers_in_transit ON hub_cash_transfers (sent_at) WHERE received_at IS NULL;

-- What was sent never changes; the count is recorded once.
CREATE FUNCTION hub_cash_transfers_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'hub_cash_transfers: a transfer is never deleted'; END IF;
  IF NEW.id <> OLD.id OR NEW.from_terminal <> OLD.from_terminal OR NEW.to_terminal <> OLD.to_terminal OR NEW.amount_minor <> OLD.amount_minor
     OR NEW.currency <> OLD.currency OR NEW.sent_at <> OLD.sent_at OR OLD.received_at IS NOT NULL THEN
    RAISE EXCEPTION 'hub_cash_transfers: only the count is recorded, once';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER hub_cash_transfers_kept BEFORE UPDATE OR DELETE ON hub_cash_transfers
  FOR EACH ROW EXECUTE FUNCTION hub_cash_transfers_kept();

ALTER TABLE hub_changes DROP CONSTRAINT hub_changes_kind_check;
ALTER TABLE hub_changes ADD CONSTRAINT hub_changes_kind_check CHECK (kind IN ('person', 'rate', 'calendar', 'conversionTable', 'policy', 'outlet', 'receiptBook', 'transfer'));
