-- The events partitioned by month (issue 16 "Performance": 3 M trades a day institution-wide; a
-- month's partition is archived or dropped whole, and a query for a month reads one), and what the
-- counters look up online (item 5), kept beside them at ingest (hub/lookups.ts).
--
-- The month is the event's own (the first 7 characters of the terminal's ISO time), so an event
-- sent again lands in the same partition and ON CONFLICT (terminal_id, seq, month) DO NOTHING
-- keeps it once. Partitions are made as months arrive (hub/ingest.ts); the rows held are moved in.
ALTER TABLE hub_events RENAME TO hub_events_002;
ALTER TABLE hub_events_002 RENAME CONSTRAINT hub_events_pkey TO hub_events_002_pkey;

CREATE TABLE hub_events (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  seq BIGINT NOT NULL CHECK (seq > 0),
  month DATE NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT,
  hash TEXT,
  rows JSONB,
  received_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (terminal_id, seq, month)
) PARTITION BY RANGE (month);

DO $$
DECLARE m DATE;
BEGIN
  FOR m IN SELECT DISTINCT (substring(at FROM 1 FOR 7) || '-01')::date FROM hub_events_002 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF hub_events FOR VALUES FROM (%L) TO (%L)',
      'hub_events_' || to_char(m, 'YYYY_MM'), m, (m + INTERVAL '1 month')::date);
  END LOOP;
END $$;

INSERT INTO hub_events (terminal_id, seq, month, at, actor, action, entity, entity_id, detail, prev_hash, hash, rows, received_at)
  SELECT terminal_id, seq, (substring(at FROM 1 FOR 7) || '-01')::date, at, actor, action, entity, entity_id, detail, prev_hash, hash, rows, received_at
  FROM hub_events_002;
DROP TABLE hub_events_002;

-- The institution's key for matching customers across counters: a keyed hash of ID type, number
-- and country (../shared/design/hub.md "Rules that cross counters"). Made here, never sent out.
CREATE TABLE hub_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  customer_key TEXT NOT NULL
);
INSERT INTO hub_settings (id, customer_key)
  VALUES (1, encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')), 'hex'));

-- Every trade the terminals pushed, as the look-ups need it: no name, no ID number (the customer
-- by the keyed hash), voided when its void arrives. Written at ingest from 004 on (the hub had no
-- users before this release, so nothing held earlier needs indexing).
CREATE TABLE hub_trades (
  terminal_id TEXT NOT NULL REFERENCES hub_terminals (id),
  trade_id TEXT NOT NULL,
  receipt_no BIGINT NOT NULL,
  business_date DATE NOT NULL,
  customer_key TEXT NOT NULL,
  -- The counter's own key of the person (the receipt rule compares it, 第三十一条).
  person_key TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('settlement', 'purchase')),
  kind TEXT NOT NULL CHECK (kind IN ('settlement', 'purchase', 'reconversion')),
  usd TEXT NOT NULL,
  rmb_minor BIGINT NOT NULL,
  fee_minor BIGINT NOT NULL,
  original_receipt_no BIGINT,
  voided BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (terminal_id, trade_id)
);
CREATE INDEX hub_trades_by_customer_day ON hub_trades (customer_key, business_date);
CREATE INDEX hub_trades_by_receipt ON hub_trades (receipt_no);
CREATE INDEX hub_trades_by_original ON hub_trades (original_receipt_no) WHERE original_receipt_no IS NOT NULL;
