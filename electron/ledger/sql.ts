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
  type Insertable,
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

// ---- issue 21 (no query built twice): the trade path's INSERTs ----

const insertSql = new Map<string, string>();

/**
 * INSERT of `rows` (one or many: one statement) into `table`: the SQL is made once per table,
 * columns and number of rows and kept, not built and compiled by Kysely at every call (a trade
 * writes ~20 rows: its postings, notes, outbox row, print job and audit entry). Every row has the
 * same columns, in the same order; the columns and the values are typed by the schema as Kysely's
 * `insertInto(table).values(rows)` types them. `orIgnore`: ON CONFLICT DO NOTHING.
 */
export function insertRows<T extends keyof DB & string>(db: Database, table: T, rows: readonly Insertable<DB[T]>[], orIgnore = false): BetterSqlite3.RunResult {
  if (rows.length === 0) throw new Error(`insertRows(${table}): no rows`);
  // A column given as undefined is left out, as Kysely leaves it out (its default applies).
  const defined = (r: object) => Object.entries(r).filter(([, v]) => v !== undefined).map(([k]) => k);
  const columns = defined(rows[0]!);
  const key = `${table}|${rows.length}|${orIgnore ? 1 : 0}|${columns.join(',')}`;
  let text = insertSql.get(key);
  if (text === undefined) {
    const one = `(${columns.map(() => '?').join(', ')})`;
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from(rows, () => one).join(', ')}${orIgnore ? ' on conflict do nothing' : ''}`;
    insertSql.set(key, text);
  }
  const values: unknown[] = [];
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    const keys = defined(r);
    if (keys.length !== columns.length || keys.some((k, i) => k !== columns[i])) throw new Error(`insertRows(${table}): every row needs the columns ${columns.join(', ')}`);
    for (const c of columns) values.push(r[c]);
  }
  return prepare(db, text).run(...values);
}
