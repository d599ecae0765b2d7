// Issue 21 (no query built twice): what the trade path reads at every call and that rarely
// changes, held in memory per ledger connection: the board's latest rate per currency (第三十四条),
// the month's USD conversion table (the USD equivalent 第二十九条's daily limit counts in), the
// closed days (日终: nothing dated to them), the currencies' filings, the active watch lists
// (第五十四条), the staff member behind a session. Each table's one writer
// (test/layers.test.ts OWNERS) calls `changed` in the same function that writes it, so a change
// made here, by the hub's pull or by a restore, is read at the next call.
//
// A value read inside a transaction is answered but not kept: the transaction may write the table
// after (cleared then) and still roll back, or hold what it wrote before (not yet committed), and a
// kept value would outlive a rollback. Outside a transaction what is read is committed.
import type { Database } from './sql';

export type HeldTable = 'rates' | 'usd_conversion_rates' | 'day_closes' | 'outlet_days' | 'currency_listings' | 'people' | 'screening_lists';

const held = new WeakMap<Database, Map<HeldTable, Map<string, unknown>>>();

/** The value `read` gives for `key` of `table`, read once and kept until the table changes. */
export function heldRead<T>(db: Database, table: HeldTable, key: string, read: () => T): T {
  const tables = held.get(db);
  const values = tables?.get(table);
  if (values?.has(key)) return values.get(key) as T;
  const value = read();
  if (!db.inTransaction) {
    if (!tables) held.set(db, new Map([[table, new Map([[key, value]])]]));
    else if (!values) tables.set(table, new Map([[key, value]]));
    else values.set(key, value);
  }
  return value;
}

/** The table was written on this connection (or is about to be): what was held of it is read again. */
export function changed(db: Database, table: HeldTable): void {
  held.get(db)?.delete(table);
}

/** Everything held of this connection forgotten: a test that wrote a table behind its writer's back. */
export function forgetHeld(db: Database): void {
  held.delete(db);
}
