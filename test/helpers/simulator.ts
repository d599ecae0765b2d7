// The monitoring-system simulator as the tests meet it: its own process (as in training mode),
// spoken to over HTTP. startSimulator spawns electron/monitoring/simulator/main.ts, waits for its
// ready line and hands back the control endpoints as methods. No vitest import: child processes
// of the tests may use it too.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mod11_2CheckCharacter } from '../../shared/id/idDocument';
import { PATHS, type Entry, type Envelope, type Operation } from '../../electron/monitoring/protocol';
import type { FaultMode } from '../../electron/monitoring/simulator/faults';

export type { FaultMode };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../../electron/monitoring/simulator/main.ts', import.meta.url));
const READY_TIMEOUT_MS = 20_000;

/** The instant the tests' entries are dated by default (a Tuesday, 10:00 in China). */
export const SIM_NOW = '2026-03-10T02:00:00.000Z';

/** Rates for March and April 2026, USD per unit. */
export const RATES = {
  '2026-03': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' },
  '2026-04': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' },
} as const;

export interface PersonSetting {
  idType: string;
  idNumber: string;
  country: string;
  status?: '01' | '02' | '03';
  usedUsd?: { JH?: string; GH?: string };
  cashTodayUsd?: string;
  listing?: { date: string; expiry: string; reasonCode: string } | null;
  noticeGiven?: '0' | '1';
  name?: string;
}

export interface SimulatorStats {
  /** Every record, cancelled ones included. */
  records: number;
  cancelled: number;
  /** How many records carry each serial: 1 means entered exactly once. */
  bySerial: Record<string, number>;
  /** /api requests received since the process started, faulted ones included. */
  requests: number;
  /** Notices recorded through the notice operation. */
  notices: number;
}

export interface Simulator {
  url: string;
  dataDir: string;
  /** Freezes the simulator's clock at `now`; null goes back to real time. */
  clock(now: string | null): Promise<void>;
  fault(mode: FaultMode, count?: number): Promise<void>;
  /** Every /api request is refused until the simulator's clock reaches `until`. */
  down(until: string): Promise<void>;
  person(p: PersonSetting): Promise<void>;
  /** A record made elsewhere (page mode by default), bypassing the checks. */
  record(entry: Entry, channel?: '41' | '42'): Promise<{ refNo: string }>;
  stats(): Promise<SimulatorStats>;
  /** One field of a stored record altered behind the terminal's back (storeSchema.ts ALTERABLE). */
  alter(refNo: string, field: string, value: string): Promise<void>;
  /** One operation of protocol.ts, the envelope as answered. Rejects if the connection fails. */
  api<T = unknown>(op: Operation, body: unknown, init?: { signal?: AbortSignal }): Promise<Envelope<T>>;
  /** SIGTERM, and waits for the process to end; rejects unless it exits with code 0. */
  stop(): Promise<void>;
  /** SIGKILL, and waits for the process to end. */
  kill(): Promise<void>;
}

export interface StartOptions {
  fixture?: object;
  /** Keep records here (and find earlier ones); a fresh temp folder, removed at stop, otherwise. */
  dataDir?: string;
  now?: string;
  /** The clock starts at this instant and runs (beside a terminal whose clock runs from it too). */
  from?: string;
}

/** Simulators still running: killed when this process exits, so a failed test leaves no orphan. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startSimulator(opts: StartOptions = {}): Promise<Simulator> {
  const own = mkdtempSync(join(tmpdir(), 'simulator-'));
  const dataDir = opts.dataDir ?? join(own, 'data');
  const args = ['--import', 'tsx', MAIN, '--port', '0', '--data', dataDir];
  if (opts.fixture) {
    const file = join(own, 'fixture.json');
    writeFileSync(file, JSON.stringify(opts.fixture));
    args.push('--fixture', file);
  }
  if (opts.now) args.push('--now', opts.now);
  if (opts.from) args.push('--from', opts.from);

  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  let url: string;
  try {
    url = await ready(child);
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    rmSync(own, { recursive: true, force: true });
    throw e;
  }

  const control = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator ${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const end = async (signal: NodeJS.Signals) => {
    const running = child.exitCode === null && child.signalCode === null;
    if (running) child.kill(signal);
    const how = await exited;
    rmSync(own, { recursive: true, force: true });
    // SIGTERM must close it cleanly: anything but exit code 0 is a failure of the simulator.
    if (running && signal === 'SIGTERM' && how.code !== 0) throw new Error(`simulator did not exit cleanly on SIGTERM (${how.code ?? how.signal})`);
  };

  return {
    url,
    dataDir,
    clock: async (now) => void (await control('/control/clock', { now })),
    fault: async (mode, count) => void (await control('/control/fault', count === undefined ? { mode } : { mode, count })),
    down: async (until) => void (await control('/control/down', { until })),
    person: async (p) => void (await control('/control/person', p)),
    record: (entry, channel) => control('/control/record', channel === undefined ? { entry } : { entry, channel }),
    stats: () => control('/control/stats'),
    alter: async (refNo, field, value) => {
      await control('/control/alter', { refNo, field, value });
    },
    api: async <T>(op: Operation, body: unknown, init?: { signal?: AbortSignal }) => {
      const res = await fetch(`${url}${PATHS[op]}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        ...(init?.signal ? { signal: init.signal } : {}),
      });
      return (await res.json()) as Envelope<T>;
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}

/** Resolves with the URL of the `ready` line; rejects with stderr on exit or after 20 s. */
function ready(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(new Error(`simulator not ready after ${READY_TIMEOUT_MS} ms: ${stderr}`)), READY_TIMEOUT_MS);
    const fail = (e: Error) => {
      clearTimeout(timer);
      reject(e);
    };
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const line = /^ready (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
      if (line) {
        clearTimeout(timer);
        resolve(line[1]!);
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`simulator ended (${code ?? signal}) before it was ready: ${stderr}`)));
  });
}

let serials = 0;

/**
 * A valid entry (settlement of 100 USD cash by a resident, dated SIM_NOW), with overrides. The
 * split follows an overridden amount as all cash unless the split is overridden too; a purchase
 * (GH) gets the fund attribute that fits its person (3222 private travel, 3224 a foreign
 * individual's reconversion: shared/codeLists.ts) unless one is given.
 */
export function entry(overrides: Partial<Entry> = {}): Entry {
  const amount = overrides.amount ?? '100';
  serials += 1;
  return {
    serial: `S-${process.pid}-${serials}-${Math.random().toString(36).slice(2, 8)}`,
    tradeType: 'JH',
    usesQuota: 'Y',
    businessType: '01',
    idType: '01',
    idNumber: '110105196001011239',
    country: 'CHN',
    name: '张三',
    fundAttribute: overrides.tradeType !== 'GH' ? '122' : ['01', '05', '09'].includes(overrides.idType ?? '01') ? '3222' : '3224',
    currency: 'USD',
    amount,
    split: { cash: amount, remittance: '0', account: '0', travellersCheque: '0' },
    noticeGiven: false,
    tradeTime: SIM_NOW,
    ...overrides,
  };
}

/**
 * A resident (ID type 01, a valid check character) of number `n` (0–999): a distinct person per
 * number, so quotas do not mix between tests.
 */
export function resident(n: number): { idType: string; idNumber: string; country: string } {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new Error(`resident(${n}): 0–999`);
  const first17 = `11010519800101${String(n).padStart(3, '0')}`;
  return { idType: '01', idNumber: first17 + mod11_2CheckCharacter(first17), country: 'CHN' };
}
