-- The outlet's safe (issue 17 item 4: each counter has its till; the outlet has a safe): the counter
-- that keeps it, named by HQ (POST /v1/outlets, npm run hub -- add-outlet … --safe T1) and published with
-- the outlet. The other counters of the outlet keep no safe of their own: they send notes to it and
-- take them back as transfers, counted at the other end. NULL: not named (a counter alone at its
-- outlet, or an outlet set up before: each counter's safe as before).
ALTER TABLE hub_outlets ADD COLUMN safe_terminal TEXT;
