// The ledger's schema against what the migrations make (issue 13 item 7). The append-only rules
// and the audit chain's guards are triggers: someone with the file who drops one (or an index, or
// adds a table) and writes what the trigger would have refused is not caught by integrity_check.
// At start the schema is compared, object by object, with a fresh in-memory database migrated by
// the same migrations; any difference starts the terminal damaged (queries only), like a damaged
// file, and says what differs.
import BetterSqlite3 from 'better-sqlite3';
import { migrate, type Migration } from './migrate';
import type { Database } from './sql';

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";

/** The same statement however it was spaced. */
const normal = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').trim();

const expectedByMigrations = new WeakMap<Migration[], Map<string, SchemaObject>>();

function expected(migrations: Migration[], nativeBinding: string | undefined): Map<string, SchemaObject> {
  const known = expectedByMigrations.get(migrations);
  if (known) return known;
  const mem = new BetterSqlite3(':memory:', nativeBinding ? { nativeBinding } : {}) as unknown as Database;
  try {
    migrate(mem, migrations);
    const objects = new Map((mem.prepare(SCHEMA).all() as SchemaObject[]).map((o) => [`${o.type} ${o.name}`, o]));
    expectedByMigrations.set(migrations, objects);
    return objects;
  } finally {
    mem.close();
  }
}

/** What differs between the ledger's schema and the migrations' (the first few), or undefined. */
export function schemaDrift(db: Database, migrations: Migration[], nativeBinding?: string): string | undefined {
  const want = expected(migrations, nativeBinding);
  const have = new Map((db.prepare(SCHEMA).all() as SchemaObject[]).map((o) => [`${o.type} ${o.name}`, o]));
  const problems: string[] = [];
  for (const [key, o] of want) {
    const found = have.get(key);
    if (!found) problems.push(`${key} is missing`);
    else if (normal(found.sql) !== normal(o.sql)) problems.push(`${key} differs`);
  }
  for (const key of have.keys()) if (!want.has(key)) problems.push(`${key} is not made by any migration`);
  if (problems.length === 0) return undefined;
  return `schema not as the migrations make it: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (${problems.length} differences)` : ''}`;
}
