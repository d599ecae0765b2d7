-- A counter whose chain does not verify is flagged (issue 18 item 6, audit anchors): the hub
-- refused its push because an entry does not match its hash or link to the one before
-- (HUB_CHAIN_BROKEN), or differs from the entry the hub already holds under its number
-- (HUB_EVENTS_FORK). Kept until a later push of that counter is stored (its ledger put right, or
-- restored from the hub), for the live view and the anchors.
ALTER TABLE hub_terminals ADD COLUMN chain_problem TEXT CHECK (chain_problem IN ('HUB_CHAIN_BROKEN', 'HUB_EVENTS_FORK'));
ALTER TABLE hub_terminals ADD COLUMN chain_problem_seq BIGINT;
ALTER TABLE hub_terminals ADD COLUMN chain_problem_at TIMESTAMPTZ;
