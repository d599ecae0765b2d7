// Where an ingest's time goes (step 4 of ../hub.ts), on fresh terminals, one batch at a time: the
// pieces of an ingest timed on their own, each SQL statement as the client waits for it and as the
// server spends it, this process's CPU by module (the inspector's profiler), and one batch's insert
// made other ways. Kept apart because it is a diagnosis, not the throughput the bench reports, and
// it reaches into pg's client and the inspector in ways nothing else here does.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { ingest } from '../../../hub/ingest';
import { checkChain } from '../../../shared/sync/chain';
import { hubEvent, type HubEvent } from '../../../shared/sync/events';
import { BENCH_DIR, percentile } from '../common';
import { ms, now, round, say, sorted } from './common';
import type { Engine } from './database';
import { register } from './push';
import { checkedByHand, customerKey, EVENT_COLUMNS, EVENT_FIELDS, eventRecord } from './sketch';
import { chainHash, type Made, type Sim } from './terminals';

export interface StatementTime {
  calls: number;
  clientMs: number;
  serverMs: number | undefined;
}

export interface Profile {
  batches: number;
  events: number;
  ingestMs: number;
  /** Per batch, in ms: the pieces measured on their own. */
  parts: Record<string, number>;
  statements: Map<string, StatementTime>;
  /** Median and least time of each way, in ms. */
  alternatives: Record<string, { p50: number; min: number }>;
  cpuByModule: [string, number][] | undefined;
}

function statementKind(text: string): string {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (s.startsWith('begin')) return 'begin';
  if (s.startsWith('commit')) return 'commit';
  if (s.includes('pg_advisory_xact_lock') || s.startsWith('create table')) return 'partition made';
  if (s.includes('from "hub_heads"')) return 'head locked (select … for update)';
  if (s.startsWith('select') && s.includes('from "hub_events"')) return 'events held read (fork check)';
  if (s.startsWith('insert into "hub_events"')) return 'insert hub_events';
  if (s.includes('from "hub_settings"')) return 'institution key read';
  if (s.includes('from "hub_terminals"')) return 'terminal\'s outlet read';
  if (s.includes('from "hub_changes"') || s.startsWith('insert into "hub_changes"')) return 'counter rates published';
  if (s.startsWith('insert into "hub_trades"')) return 'insert hub_trades';
  if (s.startsWith('update "hub_trades"')) return 'update hub_trades (voids)';
  if (s.startsWith('update "hub_heads"')) return 'update hub_heads';
  return s.slice(0, 40);
}

/** Every statement pg sends, timed as its caller waits for it (installed for the profile only). */
function timeStatements(into: Map<string, StatementTime>): () => void {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const first = a[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
    const t0 = performance.now();
    const r = original.apply(this, a);
    if (r instanceof Promise) {
      r.then(() => {
        const k = statementKind(text);
        const st = into.get(k) ?? { calls: 0, clientMs: 0, serverMs: undefined };
        st.calls++;
        st.clientMs += ms(t0);
        into.set(k, st);
      }, () => {});
    }
    return r;
  };
  return () => {
    proto.query = original;
  };
}

/** The median time of fn over the batches, in ms. */
function perBatch<T>(items: readonly T[], fn: (x: T) => void, rounds = 3): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const x of items) {
      const t0 = performance.now();
      fn(x);
      times.push(ms(t0));
    }
  }
  return percentile(sorted(times), 50);
}

/**
 * The profile's self time by where the code lives: a package, a folder of this repository, Node's
 * own modules; a native function (JSON, Buffer, a socket write) counts for the code that called it.
 */
function summariseCpu(profile: { nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[]; samples?: number[]; timeDeltas?: number[] }): [string, number][] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const root = process.cwd();
  const place = (url: string) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1]!;
    if (url.includes(root)) return url.slice(url.indexOf(root) + root.length + 1).split('/').slice(0, 2).join('/');
    return url.startsWith('node:') ? 'node' : url;
  };
  // Native code and Node's own modules count for the first caller outside them (a Buffer's
  // byteLength for pg-protocol, a JSON.parse for whoever parsed).
  const outside = (url: string) => url !== '' && !url.startsWith('node:');
  const kindOf = (id: number): string => {
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) if (byId.get(up)!.callFrame.url === 'node:inspector') return '(the profiler itself)';
    const n = byId.get(id)!;
    if (outside(n.callFrame.url)) return place(n.callFrame.url);
    if (n.callFrame.url === '' && n.callFrame.functionName.startsWith('(')) return n.callFrame.functionName;
    for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
      const u = byId.get(up)!;
      if (outside(u.callFrame.url)) return place(u.callFrame.url);
    }
    return n.callFrame.url === '' ? `(native ${n.callFrame.functionName})` : 'node (its own: sockets, timers)';
  };
  const totals = new Map<string, number>();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    const k = kindOf(samples[i]!);
    totals.set(k, (totals.get(k) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  }
  return [...totals].filter(([k]) => k !== '(idle)' && k !== '(the profiler itself)').sort((a, b) => b[1] - a[1]);
}

export async function profileIngest(e: Engine, made: Made, writeProfile: boolean): Promise<Profile> {
  const sims = made.sims;
  await register(e.db, sims);
  const bodies = sims.flatMap((s) => s.bodies);
  const parsed = bodies.map((b) => JSON.parse(b.toString('utf8')) as HubEvent[]);
  const parts: Record<string, number> = {};
  // The pieces of an ingest on their own, on these batches (no database).
  parts['JSON.parse of the body'] = perBatch(bodies, (b) => {
    JSON.parse(b.toString('utf8'));
  });
  parts['zod: hubEvent.safeParse of each event'] = perBatch(parsed, (b) => {
    for (const x of b) hubEvent.safeParse(x);
  });
  parts['the same checks written out by hand (no zod)'] = perBatch(parsed, (b) => {
    for (const x of b) if (!checkedByHand(x)) throw new Error('the hand-written check refused an event zod takes');
  });
  parts['chain: checkChain (@noble/hashes SHA-256)'] = perBatch(parsed, (b) => {
    const after = b[0]!.seq === '1' ? undefined : { seq: String(BigInt(b[0]!.seq) - 1n), hash: b[0]!.prevHash };
    if (!checkChain(after, b).ok) throw new Error('the profile\'s chain does not check');
  });
  parts['the same hashes by node:crypto'] = perBatch(parsed, (b) => {
    for (const x of b) chainHash(x.prevHash!, x);
  });
  parts['JSON.stringify of the rows'] = perBatch(parsed, (b) => {
    for (const x of b) if (x.rows) JSON.stringify(x.rows);
  });
  const at = now();
  const valuesOf = (id: string, b: HubEvent[], withRows = true) => b.map((x) => ({
    terminal_id: id, seq: BigInt(x.seq), month: `${x.at.slice(0, 7)}-01`, at: x.at, actor: x.actor, action: x.action, entity: x.entity, entity_id: x.entityId,
    detail: x.detail, prev_hash: x.prevHash, hash: x.hash, rows: withRows && x.rows !== undefined ? JSON.stringify(x.rows) : null, received_at: at,
  }));
  const insertOf = (id: string, b: HubEvent[], withRows = true) => e.db.insertInto('hub_events').values(valuesOf(id, b, withRows)).onConflict((oc) => oc.columns(['terminal_id', 'seq', 'month']).doNothing());
  parts['Kysely: build + compile the hub_events insert'] = perBatch(parsed, (b) => insertOf('x', b).compile());
  const hmacKey = createHash('sha256').update('k').digest();
  parts['HMAC of each trade\'s customer (lookups.ts)'] = perBatch(parsed, (b) => {
    for (const x of b) for (const t of x.rows?.trades ?? []) customerKey(hmacKey, t);
  });

  // The real ingest, one batch at a time (each terminal's in order), every statement timed.
  const statements = new Map<string, StatementTime>();
  if (e.statements) await sql`SELECT pg_stat_statements_reset()`.execute(e.db);
  const session = writeProfile || e.name === 'PostgreSQL' ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    // Coarse unless the profile is asked for: the sampling costs the ingest it watches.
    await session.post('Profiler.setSamplingInterval', { interval: writeProfile ? 100 : 1000 });
    await session.post('Profiler.start');
  }
  const restore = e.name === 'PostgreSQL' ? timeStatements(statements) : () => {};
  const times: number[] = [];
  let events = 0;
  try {
    const order: [Sim, number][] = [];
    for (let i = 0; i < Math.max(...sims.map((s) => s.bodies.length)); i++) for (const s of sims) if (i < s.bodies.length) order.push([s, i]);
    for (const [s, i] of order) {
      const t0 = performance.now();
      const r = await ingest(e.db, s.id, s.bodies[i]!, now);
      times.push(ms(t0));
      events += r.stored;
    }
  } finally {
    restore();
  }
  let cpuByModule: [string, number][] | undefined;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    cpuByModule = summariseCpu(profile);
    if (writeProfile) {
      mkdirSync(BENCH_DIR, { recursive: true });
      writeFileSync(join(BENCH_DIR, 'hub-ingest.cpuprofile'), JSON.stringify(profile));
      say(`CPU profile of the profiled batches: ${join(BENCH_DIR, 'hub-ingest.cpuprofile')}`);
    }
  }
  if (e.statements) {
    const rows = (await sql<{ query: string; calls: string; total: number }>`SELECT query, calls::text AS calls, total_exec_time + total_plan_time AS total FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(e.db)).rows;
    for (const r of rows) {
      const st = statements.get(statementKind(r.query));
      if (st) st.serverMs = (st.serverMs ?? 0) + r.total;
    }
  }

  // The same batches' hub_events insert made other ways, each in a transaction rolled back (the
  // terminal registered, nothing held), timed as the client waits for it.
  const alternatives: Record<string, { p50: number; min: number }> = {};
  if (e.url) {
    const client = new pg.Client({ connectionString: e.url });
    await client.connect();
    try {
      // Each try under a terminal of its own, made in the transaction: a key inserted and rolled
      // back leaves a dead index entry that the next insert of that key would have to check.
      let tries = 0;
      const types = ['text', 'bigint', 'date', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb', 'timestamptz'];
      const unnest = `INSERT INTO hub_events (${EVENT_COLUMNS.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) ON CONFLICT (terminal_id, seq, month) DO NOTHING`;
      // The batch as one parameter (JSON text), taken apart by the server.
      const recordset = (table: string, rowsType: string) => `INSERT INTO ${table} (${EVENT_COLUMNS.join(', ')})
        SELECT $1, ${EVENT_FIELDS}, $3
        FROM json_to_recordset($2::json) AS ${eventRecord(rowsType)}
        ON CONFLICT (terminal_id, seq, month) DO NOTHING`;
      const values = async (b: HubEvent[], scratch: string, withRows = true) => {
        const c = insertOf(scratch, b, withRows).compile();
        await client.query(c.sql, c.parameters as unknown[]);
      };
      // Plain tables shaped like a month's partition (its columns and key), rows of each type,
      // with the foreign key to hub_terminals as hub_events has it, and one without.
      const plainTables = [['jsonb_fk', 'jsonb', true], ['jsonb', 'jsonb', false], ['json_fk', 'json', true], ['text_fk', 'text', true]] as const;
      for (const [name, type, fk] of plainTables) {
        await client.query(`CREATE TABLE bench_${name} (LIKE hub_events INCLUDING DEFAULTS)`);
        await client.query(`ALTER TABLE bench_${name} ALTER COLUMN rows TYPE ${type}, ADD PRIMARY KEY (terminal_id, seq, month)${fk ? ', ADD FOREIGN KEY (terminal_id) REFERENCES hub_terminals (id)' : ''}`);
      }
      const onPlain = async (name: string, b: HubEvent[], scratch: string) => {
        const c = insertOf(scratch, b).compile();
        await client.query(c.sql.replace('insert into "hub_events"', `insert into "bench_${name}"`), c.parameters as unknown[]);
      };
      const ways: [string, (b: HubEvent[], scratch: string) => Promise<void>][] = [
        ['hub_events: VALUES, as ingest (Kysely: build, compile, send, run)', (b, scratch) => values(b, scratch)],
        ['hub_events: VALUES, without the rows (NULL)', (b, scratch) => values(b, scratch, false)],
        ['hub_events: VALUES, rows compressed by lz4 (not pglz)', async (b, scratch) => {
          await client.query("SET LOCAL default_toast_compression = 'lz4'");
          await values(b, scratch);
        }],
        ['hub_events: unnest() of 13 arrays (no Kysely)', async (b, scratch) => {
          const v = valuesOf(scratch, b);
          await client.query(unnest, EVENT_COLUMNS.map((c) => v.map((r) => (typeof r[c] === 'bigint' ? String(r[c]) : r[c]))));
        }],
        ['hub_events: json_to_recordset() of the batch, one parameter', async (b, scratch) => {
          await client.query(recordset('hub_events', 'jsonb'), [scratch, JSON.stringify(b), at]);
        }],
        ['plain table, FK: VALUES, rows JSONB', (b, scratch) => onPlain('jsonb_fk', b, scratch)],
        ['plain table, no FK: VALUES, rows JSONB', (b, scratch) => onPlain('jsonb', b, scratch)],
        ['plain table, FK: VALUES, rows JSON', (b, scratch) => onPlain('json_fk', b, scratch)],
        ['plain table, FK: VALUES, rows TEXT', (b, scratch) => onPlain('text_fk', b, scratch)],
        ['plain table, FK: json_to_recordset(), rows JSON', async (b, scratch) => {
          await client.query(recordset('bench_json_fk', 'json'), [scratch, JSON.stringify(b), at]);
        }],
      ];
      // Interleaved (each batch every way in turn), so that a drift of the machine is in all of them; the first round warms.
      const times = new Map<string, number[]>(ways.map(([label]) => [label, []]));
      for (let r = 0; r < 3; r++) {
        for (const b of parsed) {
          for (const [label, run] of ways) {
            await client.query('BEGIN');
            const scratch = `bench-scratch-${++tries}`;
            await client.query("INSERT INTO hub_outlets (code, name, created_at, updated_at) VALUES ('110000000', 'scratch', now(), now()) ON CONFLICT DO NOTHING");
            await client.query('INSERT INTO hub_terminals (id, outlet_code, name, created_at) VALUES ($1, $2, $1, now())', [scratch, '110000000']);
            const t0 = performance.now();
            await run(b, scratch);
            if (r > 0) times.get(label)!.push(ms(t0));
            await client.query('ROLLBACK');
          }
        }
      }
      for (const [label, t] of times) alternatives[label] = { p50: round(percentile(sorted(t), 50), 2), min: round(Math.min(...t), 2) };
      for (const [name] of plainTables) await client.query(`DROP TABLE bench_${name}`);
    } finally {
      await client.end();
    }
  }
  return { batches: times.length, events, ingestMs: percentile(sorted(times), 50), parts, statements, alternatives, cpuByModule };
}
