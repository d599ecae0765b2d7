// The hub's two engines for its tests (issue 16): the embedded PGlite, always, and a real
// PostgreSQL server when HUB_TEST_DATABASE_URL names one (.ci/run starts a throw-away cluster:
// .ci/postgres.sh). Each hub a test opens on the server gets a database of its own, dropped after.
import pg from 'pg';
import { openPGliteHub, openPostgresHub, type HubDatabase, type HubMigration } from '../../hub/db/open';
import { saveOutlet } from '../../hub/outlets';

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
