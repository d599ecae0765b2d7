// Kysely builds and type-checks the queries; better-sqlite3 runs them synchronously. Kysely's own
// executor is asynchronous, and an await inside better-sqlite3's transaction would break it (one
// connection), so queries are compiled here and run on the same connection as the transaction.
import type BetterSqlite3 from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type InferResult,
} from 'kysely';
import type { DB } from './schema';

export type Database = BetterSqlite3.Database;

/** The query builder: it never connects to anything; `compile()` gives SQL and parameters. */
export const q = new Kysely<DB>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

// Prepared statements are reused per connection: the trade commit runs the same dozen queries.
const cache = new WeakMap<Database, Map<string, BetterSqlite3.Statement>>();

function prepare(db: Database, sql: string): BetterSqlite3.Statement {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  let stmt = perDb.get(sql);
  if (!stmt) perDb.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely types its results through Compilable<any>
type AnyQuery = Compilable<any>;
type Row<Q extends AnyQuery> = InferResult<Q> extends (infer R)[] ? R : never;

export function all<Q extends AnyQuery>(db: Database, query: Q): Row<Q>[] {
  const c = query.compile();
  return prepare(db, c.sql).all(...(c.parameters as unknown[])) as Row<Q>[];
}

export function first<Q extends AnyQuery>(db: Database, query: Q): Row<Q> | undefined {
  const c = query.compile();
  return prepare(db, c.sql).get(...(c.parameters as unknown[])) as Row<Q> | undefined;
}

export function run(db: Database, query: Compilable<unknown>): BetterSqlite3.RunResult {
  const c = query.compile();
  return prepare(db, c.sql).run(...(c.parameters as unknown[]));
}
