// The hub bench's databases (step 2 of ../hub.ts): a real PostgreSQL, either a throw-away database
// on the server HUB_BENCH_DATABASE_URL or HUB_DATABASE_URL names, or a throw-away cluster this run
// starts (as .ci/postgres.sh does, but with fsync on) and stops; and the embedded PGlite in a
// temporary data folder. Kept apart so that making, measuring (the server's CPU) and removing
// them is in one place, and the timed parts see only an Engine.
import { onServer } from '../../helpers/hub';
import { execFileSync } from 'node:child_process';
import { chownSync, chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openPGliteHub, openPostgresHub, type HubDatabase } from '../../../hub/db/open';
import { now, say, TICK, type Options } from './common';

export interface Engine {
  name: 'PostgreSQL' | 'PGlite';
  db: HubDatabase;
  /** What it is (version, settings). */
  about: string;
  /** CPU seconds of the server's processes so far (a cluster this run started), else undefined. */
  serverCpu(): number | undefined;
  /** pg_stat_statements, where this run could enable it. */
  statements: boolean;
  /** A connection of its own to the bench database (PostgreSQL), for the profile's raw statements. */
  url: string | undefined;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

const PG_BIN = (() => {
  try {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`)).sort((a, b) => Number(a) - Number(b));
    return versions.length ? `/usr/lib/postgresql/${versions.at(-1)}/bin` : undefined;
  } catch {
    return undefined;
  }
})();

/** initdb and the server refuse to run as root: as root they run as the package's `postgres` user (.ci/postgres.sh). */
function asPostgres(cmd: string, args: string[]): string {
  const root = process.getuid?.() === 0;
  return execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Cluster {
  url: string;
  dir: string;
  stop(): void;
  cpu(): number;
}

/** A throw-away cluster: initdb in a temporary folder, the server on a free loopback port, stopped and removed after. */
async function startCluster(pgOptions: string[]): Promise<Cluster> {
  if (!PG_BIN) throw new Error('no /usr/lib/postgresql/*/bin (apt-get install postgresql), and neither HUB_BENCH_DATABASE_URL nor HUB_DATABASE_URL is set');
  const dir = mkdtempSync(join(os.tmpdir(), 'hub-bench-pg-'));
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      try {
        asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-m', 'fast', 'stop']);
      } catch {
        // already stopped
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres(`${PG_BIN}/initdb`, ['-D', data, '-A', 'trust', '-U', 'hub', '-E', 'UTF8', '--no-locale']);
    const settings = ['listen_addresses=127.0.0.1', 'shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track_planning=on', ...pgOptions].map((s) => `-c ${s}`).join(' ');
    asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} ${settings}`, 'start']);
    started = true;
  } catch (e) {
    stop();
    throw e;
  }
  // Stopped however the run ends (an error, ^C).
  process.once('exit', stop);
  process.once('SIGINT', () => process.exit(130));
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url: `postgres://hub@127.0.0.1:${port}/postgres`,
    dir,
    stop,
    // The server's CPU: its live processes, and those it has reaped (the postmaster's cutime/cstime).
    cpu() {
      let ticks = 0;
      for (const p of readdirSync('/proc')) {
        if (!/^\d+$/.test(p)) continue;
        let stat: string;
        try {
          stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        } catch {
          continue;
        }
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const pid = Number(p);
        if (pid !== postmaster && Number(f[1]) !== postmaster) continue;
        ticks += Number(f[11]) + Number(f[12]) + (pid === postmaster ? Number(f[13]) + Number(f[14]) : 0);
      }
      return ticks / TICK;
    },
  };
}

export async function openPostgres(o: Options): Promise<Engine> {
  const given = process.env.HUB_BENCH_DATABASE_URL ?? process.env.HUB_DATABASE_URL;
  const cluster = given ? undefined : await startCluster(o.pgOptions);
  if (cluster) say(`postgres: a throw-away cluster on ${new URL(cluster.url).host} (${cluster.dir})`);
  const server = given ?? cluster!.url;
  // A database of its own on that server, dropped after: never the hub's own.
  const name = `hub_bench_${process.pid}`;
  try {
    await onServer(server, (c) => c.query(`CREATE DATABASE ${name}`));
  } catch (e) {
    cluster?.stop();
    throw e;
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openPostgresHub({ url: url.toString(), now });
  let statements = false;
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(db);
    await sql`SELECT pg_stat_statements_reset()`.execute(db);
    statements = true;
  } catch {
    // Not loaded on that server: the profile gives the client's times only.
  }
  const setting = async (n: string) => (await sql<{ v: string }>`SELECT current_setting(${n}) AS v`.execute(db)).rows[0]?.v ?? '?';
  const version = await setting('server_version');
  const about = `PostgreSQL ${version} (${cluster ? 'a throw-away cluster on this machine, started by the bench' : `the server of ${given!.startsWith('postgres') ? 'HUB_(BENCH_)DATABASE_URL' : 'the URL'}`}); fsync=${await setting('fsync')}, synchronous_commit=${await setting('synchronous_commit')}, shared_buffers=${await setting('shared_buffers')}; pool: openPostgresHub's (max 4)`;
  return {
    name: 'PostgreSQL', db, about, statements, url: url.toString(),
    serverCpu: () => cluster?.cpu(),
    async close() {
      await db.destroy();
      try {
        await onServer(server, (c) => c.query(`DROP DATABASE IF EXISTS ${name}`));
      } finally {
        cluster?.stop();
      }
    },
  };
}

export async function openPGlite(): Promise<Engine> {
  const dir = mkdtempSync(join(os.tmpdir(), 'hub-bench-pglite-'));
  const db = await openPGliteHub({ dataDir: join(dir, 'hub-data'), now });
  return {
    name: 'PGlite', db, about: 'PGlite (embedded, WebAssembly, in this process: `npm run hub`\'s default), a data folder on disk', statements: false, url: undefined,
    serverCpu: () => undefined,
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
