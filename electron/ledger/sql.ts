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

// ---- issue 21 (no query built twice): a query compiled once ----

/** A named parameter's place in a query built once; its value is given at each call. */
class Slot {
  constructor(readonly name: string) {}
}

export interface Compiled<P, R> {
  /** The SQL, compiled once (the query-plan test and the bench read it). */
  readonly sql: string;
  all(db: Database, params: P): R[];
  first(db: Database, params: P): R | undefined;
  run(db: Database, params: P): BetterSqlite3.RunResult;
}

/**
 * A query built by Kysely and compiled once, the first time it runs; each connection prepares its
 * statement once and keeps it. `build` receives placeholders for the named parameters `P` (typed as
 * their values, so Kysely types the query as if they were values); a value fixed in the query (a
 * `limit(1)`, a kind) stays a constant parameter. A placeholder is a value only: not an array (an
 * `in` list's length is part of the SQL) and not used to choose what is built. Usage:
 *
 *   const byId = compiled<{ id: string }>()((p) => q.selectFrom('people').selectAll().where('id', '=', p.id));
 *   byId.first(db, { id });
 *
 * The trade path's lookups run dozens of times per trade: Kysely's building and compiling them at
 * every call cost ~0.5 ms a trade (issue 21's measurement).
 */
export function compiled<P extends Record<string, unknown> = Record<string, never>>() {
  return <Q extends AnyQuery>(build: (p: P) => Q): Compiled<P, Row<Q>> => {
    let text: string | undefined;
    let slots: readonly unknown[] = [];
    const statements = new WeakMap<Database, BetterSqlite3.Statement>();
    const compile = (): string => {
      if (text === undefined) {
        const placeholders = new Proxy({}, { get: (_, name) => new Slot(String(name)) }) as P;
        const c = build(placeholders).compile();
        slots = c.parameters;
        text = c.sql;
      }
      return text;
    };
    const statement = (db: Database, params: P): [BetterSqlite3.Statement, unknown[]] => {
      let stmt = statements.get(db);
      if (!stmt) statements.set(db, (stmt = db.prepare(compile())));
      return [stmt, slots.map((s) => (s instanceof Slot ? params[s.name] : s))];
    };
    return {
      get sql() {
        return compile();
      },
      all: (db, params) => {
        const [s, args] = statement(db, params);
        return s.all(...args) as Row<Q>[];
      },
      first: (db, params) => {
        const [s, args] = statement(db, params);
        return s.get(...args) as Row<Q> | undefined;
      },
      run: (db, params) => {
        const [s, args] = statement(db, params);
        return s.run(...args);
      },
    };
  };
}
