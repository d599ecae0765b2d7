-- What the notes a counter sends to another cost the sender (issue 17 item 4; reports/books.ts): the
-- sender's average cost of that currency's stock when it sent them, in fen (NULL: RMB, which has no
-- cost, or a transfer sent before this migration or by a counter without it). It goes with the
-- transfer to the receiver (the hub's change carries it), whose stock takes the notes at that cost,
-- not at the board's mid: the institution's cost of its stock does not change by moving notes, and
-- an unrealised gain the sender carried is not lost on the way. Part of the transfer as sent: never
-- changed.
ALTER TABLE cash_transfers ADD COLUMN cost_minor INTEGER CHECK (cost_minor IS NULL OR cost_minor >= 0);

DROP TRIGGER cash_transfers_sent_fixed;
CREATE TRIGGER cash_transfers_sent_fixed BEFORE UPDATE OF id, from_terminal, from_outlet, from_place, to_terminal, to_outlet,
  currency, amount_minor, notes, note, sent_by, sent_at, sent_date, cost_minor ON cash_transfers
BEGIN
  SELECT RAISE(ABORT, 'a transfer as sent never changes');
END;
