// The hub's database: PostgreSQL through Kysely. With no URL, an embedded PGlite in a data folder
// (or in memory, for tests); numbered migrations (hub/migrations/NNN_name.sql) applied at start, in
// one transaction each, and a database that a newer hub has migrated is refused, not touched.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite';
import type { HubDB } from './schema';

export type HubDatabase = Kysely<HubDB>;

/** PostgreSQL's type ids of BIGINT and DATE. */
const INT8_OID = 20;
const DATE_OID = 1082;

export interface HubMigration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

export function loadHubMigrations(dir = MIGRATIONS_DIR): HubMigration[] {
  const list = readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort().map((f) => ({
    version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(join(dir, f), 'utf8'),
  }));
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`hub migrations: ${m.version} where ${i + 1} was expected`);
  });
  return list;
}

/** A database migrated by a newer hub than this one: refused (its tables may mean more than this hub knows). */
export class HubDatabaseNewerError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(`the hub database is at migration ${found}; this hub knows ${known}: run the newer hub`);
  }
}

export async function migrateHub(db: HubDatabase, migrations: readonly HubMigration[], now: () => Date): Promise<number> {
  await sql`CREATE TABLE IF NOT EXISTS hub_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)`.execute(db);
  const row = await db.selectFrom('hub_migrations').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  const at = Number(row?.v ?? 0);
  const known = migrations.length;
  if (at > known) throw new HubDatabaseNewerError(at, known);
  for (const m of migrations.slice(at)) {
    await db.transaction().execute(async (tx) => {
      await sql.raw(m.sql).execute(tx);
      await tx.insertInto('hub_migrations').values({ version: m.version, applied_at: now() }).execute();
    });
  }
  return known;
}

/**
 * A PostgreSQL server named by a URL (postgres://user@host:port/database). BIGINT columns are read
 * as bigint (the pg driver's default is a string) and DATE columns as their text (YYYY-MM-DD: a
 * business date is a day, not an instant at the PC's midnight), as the embedded database is told
 * to, so both engines answer alike.
 */
export async function openPostgresHub(opts: { url: string; now: () => Date; migrations?: HubMigration[] }): Promise<HubDatabase> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === pg.types.builtins.INT8 ? (v: string) => BigInt(v) : oid === pg.types.builtins.DATE ? (v: string) => v : pg.types.getTypeParser(oid, format)),
  };
  return migrated(new Kysely<HubDB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: opts.url, max: 4, types }) }) }), opts);
}

/** The embedded database: a data folder, or memory when none is given (tests). */
export async function openPGliteHub(opts: { dataDir?: string; now: () => Date; migrations?: HubMigration[] }): Promise<HubDatabase> {
  // BIGINT as bigint always (PGlite's own reading gives a number below 2^53, so that fen would be
  // summed as floats), DATE as its text: as the pg driver is told to, above.
  const parsers = { [INT8_OID]: (v: string) => BigInt(v), [DATE_OID]: (v: string) => v };
  const pg = opts.dataDir ? await PGlite.create(opts.dataDir, { parsers }) : await PGlite.create({ parsers });
  return migrated(new Kysely<HubDB>({ dialect: new PGliteDialect(pg) }), opts);
}

/** The database migrated, or closed and the reason thrown (a newer database is not touched). */
async function migrated(db: HubDatabase, opts: { now: () => Date; migrations?: HubMigration[] | undefined }): Promise<HubDatabase> {
  try {
    await migrateHub(db, opts.migrations ?? loadHubMigrations(), opts.now);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return db;
}
