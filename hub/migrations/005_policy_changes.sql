-- Policy versions published from the hub (issue 16 item 4: "policy versions" are reference data):
-- a later version of the rules' parameters (rules.md), the same at every counter. Every counter
-- has version 1 built in; the hub publishes 2, 3, … in order (hub/reference.ts loadPolicy).
ALTER TABLE hub_changes DROP CONSTRAINT hub_changes_kind_check;
ALTER TABLE hub_changes ADD CONSTRAINT hub_changes_kind_check CHECK (kind IN ('person', 'rate', 'calendar', 'conversionTable', 'policy'));
