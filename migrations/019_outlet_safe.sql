-- The counter that keeps the outlet's safe, as the hub published it with the outlet (hub migration
-- 019; NULL: not named, this counter's safe is its own as before). At the outlet's other counters the
-- safe is refused (terminal/cash/outletSafe.ts): their notes go to the safe as transfers.
ALTER TABLE hub_outlet ADD COLUMN safe_terminal TEXT CHECK (safe_terminal IS NULL OR length(safe_terminal) BETWEEN 1 AND 64);
