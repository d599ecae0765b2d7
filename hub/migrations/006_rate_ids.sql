-- A rate set at a counter is published to the outlet's other counters under its own id (issue 16,
-- hub/reference.ts publishCounterRates); the hub looks the id up among the rates it has published,
-- so that one it published itself, or published already, is not published again.
CREATE INDEX hub_changes_rate_id ON hub_changes ((body->>'id')) WHERE kind = 'rate';
