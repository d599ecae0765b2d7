-- Outlets and their counters go down to the counters as reference data (issue 16 item 4:
-- "outlets and counters" are mastered at the hub, each change under a hub-wide version). A change
-- of kind 'outlet' holds the whole outlet as it stands (name, city, address, its counters by id and
-- name, revoked or not), for that outlet's counters only: the newest one a counter holds is the
-- outlet (hub/outlets.ts publishOutlet; the terminal keeps it in hub_outlet, its migration 013).
ALTER TABLE hub_changes DROP CONSTRAINT hub_changes_kind_check;
ALTER TABLE hub_changes ADD CONSTRAINT hub_changes_kind_check CHECK (kind IN ('person', 'rate', 'calendar', 'conversionTable', 'policy', 'outlet'));

-- The outlets registered before this migration, published once each as they stand, so a counter
-- that pulls next learns its outlet without HQ saving it again.
INSERT INTO hub_changes (kind, outlet_code, body, made_by, made_at)
  SELECT 'outlet', o.code,
    jsonb_build_object('code', o.code, 'name', o.name, 'cityCode', o.city_code, 'address', o.address,
      'counters', coalesce((SELECT jsonb_agg(jsonb_build_object('terminalId', t.id, 'name', t.name, 'revoked', t.revoked_at IS NOT NULL) ORDER BY t.id)
                            FROM hub_terminals t WHERE t.outlet_code = o.code), '[]'::jsonb)),
    'hub', o.updated_at
  FROM hub_outlets o ORDER BY o.code;
