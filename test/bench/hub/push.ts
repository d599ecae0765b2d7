// The hub bench's timed runs (steps 2 and 3 of ../hub.ts): the simulated terminals' batches pushed
// into an engine as the hub's server ingests them, from several pushers at once (a terminal never
// with two batches in flight), with the CPU this process, the server and the rest of the machine
// took meanwhile; and the personStanding look-ups after. Kept apart so that the main run, the
// warm-up and the re-runs all time a push the same way.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { HubDatabase } from '../../../hub/db/open';
import { ingest, registerTerminal } from '../../../hub/ingest';
import * as lookups from '../../../hub/lookups';
import { customerOf, prng } from '../common';
import { DAY, int, ms, now, say, TICK } from './common';
import type { Engine } from './database';
import { eventsIn, type Population, type Sim } from './terminals';

/** The whole machine's CPU so far (/proc/stat), in seconds: busy (every process) and idle. */
function machineCpu(): { busy: number; idle: number } | undefined {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq (steal: another machine's; guest time is inside user)
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0] = f;
    return { busy: (user + nice + system + irq + softirq) / TICK, idle: (idle + iowait) / TICK };
  } catch {
    return undefined;
  }
}

export interface PushRun {
  events: number;
  batches: number;
  seconds: number;
  latencies: number[];
  /** Events ingested in each whole second of the run. */
  perSecond: number[];
  nodeCpu: number;
  serverCpu: number | undefined;
  /** The whole machine meanwhile: every process's CPU, and idle, in seconds. */
  machine: { busy: number; idle: number } | undefined;
}

export type Ingest = (db: HubDatabase, terminalId: string, body: Buffer, now: () => Date) => Promise<{ held: string; stored: number }>;

export async function push(e: Engine, sims: Sim[], concurrency: number, progress: boolean, ingestFn: Ingest = ingest): Promise<PushRun> {
  const idle = sims.filter((s) => s.bodies.length > 0).map((s) => ({ s, next: 0 }));
  const total = eventsIn(sims);
  const latencies: number[] = [];
  const done: [number, number][] = [];
  let events = 0;
  const cpu0 = process.cpuUsage();
  const server0 = e.serverCpu();
  const machine0 = machineCpu();
  const t0 = performance.now();
  let shown = t0;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const pusher = async () => {
    for (;;) {
      // No terminal idle: wait for one in flight to come back, unless none is (the end).
      while (idle.length === 0) {
        if (inFlight === 0) return;
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      const slot = idle.shift()!;
      inFlight++;
      const { s } = slot;
      const i = slot.next++;
      const b0 = performance.now();
      // The request's body, as the server hands it to the inbox (hub/server.ts), which parses it.
      const r = await ingestFn(e.db, s.id, s.bodies[i]!, now);
      const b1 = performance.now();
      latencies.push(b1 - b0);
      if (r.stored !== s.counts[i] || r.held !== s.lastSeqs[i]) throw new Error(`${s.id} batch ${i + 1}: the hub answered ${JSON.stringify(r)}, expected ${s.counts[i]} stored, held ${s.lastSeqs[i]}`);
      events += r.stored;
      done.push([b1 - t0, r.stored]);
      inFlight--;
      if (slot.next < s.bodies.length) idle.push(slot);
      for (const wake of waiting.splice(0)) wake();
      if (progress && b1 - shown > 5_000) {
        shown = b1;
        say(`  ${e.name}: ${int(events)} of ${int(total)} events, ${int(events / ((b1 - t0) / 1000))} a second so far`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, pusher));
  const seconds = ms(t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = e.serverCpu();
  const machine1 = machineCpu();
  const perSecond = Array.from({ length: Math.floor(seconds) }, () => 0);
  for (const [at, n] of done) {
    const s = Math.floor(at / 1000);
    if (s < perSecond.length) perSecond[s]! += n;
  }
  return {
    events, batches: latencies.length, seconds, latencies, perSecond,
    nodeCpu: (cpu.user + cpu.system) / 1e6, serverCpu: server0 !== undefined && server1 !== undefined ? server1 - server0 : undefined,
    machine: machine0 && machine1 ? { busy: machine1.busy - machine0.busy, idle: machine1.idle - machine0.idle } : undefined,
  };
}

export async function register(db: HubDatabase, sims: Sim[]): Promise<void> {
  for (const s of sims) await registerTerminal(db, { id: s.id, outletCode: s.outletCode }, now);
}

/** How many rows a table holds (as text: a bigint). */
export async function countRows(db: HubDatabase, table: 'hub_events' | 'hub_trades'): Promise<string> {
  return (await db.selectFrom(table).select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow()).n;
}

// ---- the standing look-up ----

type Standing = (db: HubDatabase, q: { idType: string; idNumber: string; country: string; date: string; exceptTerminal: string }) => Promise<{ trades: unknown[] }>;

/** hub/lookups.ts personStanding, where hub/ has it yet. */
export function personStanding(): Standing | undefined {
  const fn = (lookups as Record<string, unknown>).personStanding;
  return typeof fn === 'function' ? (fn as Standing) : undefined;
}

export async function standing(db: HubDatabase, pop: Population, n: number, seed: number): Promise<{ samples: number[]; found: number } | undefined> {
  const fn = personStanding();
  if (fn === undefined || n === 0) return undefined;
  const rand = prng(seed);
  const people = [...pop.seen].filter(([, at]) => at.size >= 2);
  if (people.length === 0) return undefined;
  const ask = () => {
    const [idx, at] = people[Math.floor(rand() * people.length)]!;
    const c = customerOf(idx);
    const terminals = [...at];
    return { idType: c.idType, idNumber: c.idNumber, country: c.country, date: DAY, exceptTerminal: terminals[Math.floor(rand() * terminals.length)]! };
  };
  for (let i = 0; i < 100; i++) await fn(db, ask());
  const samples: number[] = [];
  let found = 0;
  for (let i = 0; i < n; i++) {
    const q = ask();
    const t0 = performance.now();
    const r = await fn(db, q);
    samples.push(ms(t0));
    found += r.trades.length;
  }
  return { samples, found };
}
