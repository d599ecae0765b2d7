// The hub's two engines for its tests (issue 16): the embedded PGlite, always, and a real
// PostgreSQL server when HUB_TEST_DATABASE_URL names one (.ci/run starts a throw-away cluster:
// .ci/postgres.sh). Each hub a test opens on the server gets a database of its own, dropped after.
import { createServer as createHttp } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { openPGliteHub, openPostgresHub, type HubDatabase, type HubMigration } from '../../hub/db/open';
import { saveOutlet } from '../../hub/outlets';
import { createPerson } from '../../hub/people';
import { startHubServer } from '../../hub/server';
import { TEST_SCRYPT_N } from './people';

export interface HubEngine {
  name: 'PGlite' | 'PostgreSQL';
  /** Why not, when this engine cannot run here. */
  missing: string | undefined;
  open(now: () => Date, migrations?: HubMigration[]): Promise<{ db: HubDatabase; close(): Promise<void> }>;
}

const SERVER_URL = process.env.HUB_TEST_DATABASE_URL;
let made = 0;

/** One query session on a PostgreSQL server (to make or drop a database), closed after. */
export async function onServer<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const HUB_ENGINES: readonly HubEngine[] = [
  {
    name: 'PGlite',
    missing: undefined,
    async open(now, migrations) {
      const db = await openPGliteHub({ now, ...(migrations ? { migrations } : {}) });
      return { db, close: () => db.destroy() };
    },
  },
  {
    name: 'PostgreSQL',
    missing: SERVER_URL ? undefined : 'HUB_TEST_DATABASE_URL is not set (.ci/run sets it: .ci/postgres.sh)',
    async open(now, migrations) {
      const name = `hub_test_${process.pid}_${++made}`;
      await onServer(SERVER_URL!, (c) => c.query(`CREATE DATABASE ${name}`));
      const url = new URL(SERVER_URL!);
      url.pathname = `/${name}`;
      const db = await openPostgresHub({ url: url.toString(), now, ...(migrations ? { migrations } : {}) });
      return {
        db,
        async close() {
          await db.destroy();
          await onServer(SERVER_URL!, (c) => c.query(`DROP DATABASE IF EXISTS ${name}`));
        },
      };
    },
  },
];

/** An outlet registered at the hub as HQ registers one (hub/outlets.ts), so its counters can be given codes. */
export async function registerOutlet(db: HubDatabase, code: string, now: () => Date): Promise<void> {
  await saveOutlet(db, { code, name: `网点 ${code}`, cityCode: '110100', address: '' }, 'hq1', now);
}

/** The hub API's answer as HQ's console reads it (the value is the route's own shape). */
export type HubAnswer = { ok: boolean; value?: any; error?: { code: string; message: { zh: string; en: string }; details?: Record<string, string> } };

/** A POST to the hub's API as HQ's console sends it: JSON (a string as it is), a bearer token when given. */
export async function hubPost(base: string, path: string, body: unknown, token?: string): Promise<{ status: number } & HubAnswer> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, ...((await res.json()) as HubAnswer) };
}

/**
 * A hub on `engine` over real HTTP (loopback), with HQ's manager HQ1 ('hq-manager-pass') and an
 * auditor AUD1 ('auditor-pass-1'), as the tests of the hub's API and its counters use it.
 */
export async function startTestHub(engine: HubEngine, now: () => Date): Promise<{ db: HubDatabase; url: string; server: Awaited<ReturnType<typeof startHubServer>>; close(): Promise<void> }> {
  const hub = await engine.open(now);
  const server = await startHubServer({ db: hub.db, now, host: '127.0.0.1', port: 0, log: () => {}, scryptN: TEST_SCRYPT_N });
  await createPerson(hub.db, { id: 'HQ1', name: '总部经理', role: 'hqManager', password: 'hq-manager-pass' }, 'test', now, { scryptN: TEST_SCRYPT_N });
  await createPerson(hub.db, { id: 'AUD1', name: '稽核', role: 'auditor', password: 'auditor-pass-1' }, 'test', now, { scryptN: TEST_SCRYPT_N });
  return {
    db: hub.db, url: server.url, server,
    async close() {
      await server.close();
      await hub.close();
    },
  };
}

/**
 * A counter's link to the hub, a real HTTP server in between: forwards every request to `hubUrl`,
 * or, while cut, answers none (the socket closed, as a link that went down).
 */
export async function hubLink(hubUrl: string): Promise<{ url: string; cut(on: boolean): void; close(): Promise<void> }> {
  let cut = false;
  const server = createHttp((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (cut) return void req.socket.destroy();
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length')) as Record<string, string>;
      fetch(`${hubUrl}${req.url}`, { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined })
        .then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(Buffer.from(await r.arrayBuffer())))
        .catch(() => req.socket.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: (on) => void (cut = on),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * For a migration's test on a hub that held rows before it: `from`'s events copied into `to` (an
 * older schema), their month partitions made there first; how many.
 */
export async function copyHubEvents(from: HubDatabase, to: HubDatabase): Promise<number> {
  for (const { m } of (await sql<{ m: string }>`SELECT DISTINCT to_char(month, 'YYYY_MM') AS m FROM hub_events`.execute(from)).rows) {
    const [y, mm] = m.split('_').map(Number) as [number, number];
    const next = mm === 12 ? `${y + 1}-01-01` : `${y}-${String(mm + 1).padStart(2, '0')}-01`;
    await sql.raw(`CREATE TABLE hub_events_${m} PARTITION OF hub_events FOR VALUES FROM ('${m.replace('_', '-')}-01') TO ('${next}')`).execute(to);
  }
  return copyHubRows(from, to, 'hub_events', 'terminal_id, seq, month, at, actor, action, entity, entity_id, detail, prev_hash, hash, rows, received_at');
}

/** Copies the rows of `table` (these columns, those `where` picks) from one hub to another; how many. */
export async function copyHubRows(from: HubDatabase, to: HubDatabase, table: string, columns: string, where = 'TRUE'): Promise<number> {
  const rows = (await sql<Record<string, unknown>>`SELECT ${sql.raw(columns)} FROM ${sql.table(table)} WHERE ${sql.raw(where)}`.execute(from)).rows;
  for (const r of rows) {
    await sql`INSERT INTO ${sql.table(table)} (${sql.raw(columns)}) VALUES (${sql.join(Object.values(r).map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v)))})`.execute(to);
  }
  return rows.length;
}
