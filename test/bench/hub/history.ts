// Issue 16's look-up target is "a person's standing today in ≤ 10 ms p99 with 100 M events stored".
// The look-up (hub/lookups.ts personStanding) reads hub_trades alone, by (customer key, business
// date), never hub_events: what it meets at 100 M events is their trades, about 25 M at this bench's
// mix (a quarter of events are trades). `--history-trades N` adds N trades of earlier days before
// the look-ups are timed, written by the server itself (generate_series, a million a statement):
// other customers (keys shaped as the institution's HMACs are: 64 hex characters), four trades
// each on average, over 1,000 business days before the bench's day, at the bench's terminals. The
// 130 GB the events themselves would take are not written (this machine's disk); the events are
// partitioned by month (migration 004) and the look-up never reads them.
import { sql } from 'kysely';
import type { HubDatabase } from '../../../hub/db/open';
import { DAY, int, say } from './common';

const CHUNK = 1_000_000;

export async function addHistory(db: HubDatabase, terminals: readonly string[], n: number): Promise<{ seconds: number }> {
  const t0 = performance.now();
  const customers = Math.max(1, Math.floor(n / 4));
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    await sql`
      INSERT INTO hub_trades (terminal_id, trade_id, receipt_no, business_date, customer_key, direction, kind, usd, rmb_minor, fee_minor, original_receipt_no)
      SELECT (${sql.val(terminals)}::text[])[1 + i % ${terminals.length}], 'H' || i, i, ${DAY}::date - (1 + i % 1000)::int,
        md5('c' || (i % ${customers})) || md5('k' || (i % ${customers})),
        CASE WHEN i % 3 = 0 THEN 'purchase' ELSE 'settlement' END, CASE WHEN i % 3 = 0 THEN 'purchase' ELSE 'settlement' END,
        (100 + i % 4900)::text, (710 * (100 + i % 4900))::bigint * 100, 0, NULL
      FROM generate_series(${from}::bigint, ${to}::bigint) AS i`.execute(db);
    say(`  history: ${int(to)} of ${int(n)} trades of earlier days`);
  }
  await sql`ANALYZE hub_trades`.execute(db);
  return { seconds: (performance.now() - t0) / 1000 };
}
