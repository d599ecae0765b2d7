// What every part of the hub's ingest benchmark (../hub.ts) shares: its options (parsed from the
// command line), the day the simulated terminals trade on, the clock the hub is given, and the
// small helpers for progress, timing and numbers. Kept apart so that the other files of this folder
// import these from one place instead of each keeping its own (not ../common.ts: the ledger bench's).
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

export const DAY = '2026-03-10';
export const TARGET_EVENTS_PER_S = 20_000;

export const say = (line: string) => process.stderr.write(`${line}\n`);
export const ms = (t0: number) => performance.now() - t0;
export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
export const int = (x: number) => Math.round(x).toLocaleString('en');
export const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
/**
 * The hub's clock: the real time, on purpose. Only `received_at` follows it (when the bench ran);
 * every business date and partition comes from the events' own times, made on a test clock.
 */
export const now = () => new Date();

/** The kernel's clock ticks a second: /proc counts CPU time in them. */
export const TICK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface Options {
  json: boolean;
  terminals: number;
  events: number;
  pgliteEvents: number;
  batch: number;
  concurrency: number;
  engines: ('PostgreSQL' | 'PGlite')[];
  standing: number;
  /** Trades of earlier days added before the look-ups (PostgreSQL): history.ts. */
  historyTrades: number;
  rerunEvents: number;
  rerunRounds: number;
  pgOptions: string[];
  profile: boolean;
}

export function options(argv: string[]): Options {
  const { values: a } = parseArgs({
    args: argv.filter((x) => x !== '--hub'),
    options: {
      json: { type: 'boolean', default: false },
      terminals: { type: 'string', default: '50' },
      events: { type: 'string', default: '400000' },
      'pglite-events': { type: 'string', default: '50000' },
      batch: { type: 'string', default: '500' },
      concurrency: { type: 'string', default: '8' },
      engine: { type: 'string', default: 'both' },
      standing: { type: 'string', default: '2000' },
      'history-trades': { type: 'string', default: '0' },
      'rerun-events': { type: 'string', default: '50000' },
      'rerun-rounds': { type: 'string', default: '0' },
      'pg-option': { type: 'string', multiple: true, default: [] },
      profile: { type: 'boolean', default: false },
    },
  });
  const n = (name: string, v: string, min: number, max: number) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`--${name}: ${v} (an integer ${min}…${max})`);
    return x;
  };
  const engine = a.engine;
  if (!['postgres', 'pglite', 'both'].includes(engine)) throw new Error(`--engine: ${engine} (postgres, pglite or both)`);
  for (const o of a['pg-option']) if (!/^[a-z_.]+=[^\s'"]+$/.test(o)) throw new Error(`--pg-option: ${o} (name=value)`);
  return {
    json: a.json,
    terminals: n('terminals', a.terminals, 1, 10_000),
    events: n('events', a.events, 1_000, 50_000_000),
    pgliteEvents: n('pglite-events', a['pglite-events'], 1_000, 50_000_000),
    batch: n('batch', a.batch, 1, 1_000),
    concurrency: n('concurrency', a.concurrency, 1, 256),
    engines: engine === 'both' ? ['PostgreSQL', 'PGlite'] : engine === 'postgres' ? ['PostgreSQL'] : ['PGlite'],
    standing: n('standing', a.standing, 0, 1_000_000),
    historyTrades: n('history-trades', a['history-trades'], 0, 100_000_000),
    rerunEvents: n('rerun-events', a['rerun-events'], 0, 50_000_000),
    rerunRounds: n('rerun-rounds', a['rerun-rounds'], 0, 100),
    pgOptions: a['pg-option'],
    profile: a.profile,
  };
}
