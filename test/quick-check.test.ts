// The ledger's quick_check at start (README "Backups and recovery"): a small ledger is checked
// before the terminal starts; a large one on a worker thread while the counter works (here any
// ledger, with quickCheckSyncMaxBytes: 0). Damage found there refuses every write from then on with
// LEDGER_DAMAGED, as damage found at start does, and stops the loops that write in the background.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MonitoringError, type MonitoringAdapter } from '../electron/monitoring/adapter';
import { quickCheckInBackground, type BackgroundCheckResult } from '../electron/ledger/db';
import { createTerminal, type Terminal, type TerminalConfig } from '../electron/terminal/terminal';
import { staffed, TEST_SCRYPT_N } from './helpers/people';
import { ALICE, OUTLET, RecordingMonitoring, TEST_KEY, ok, openHarness, openRaw, refused, stockOutlet, tempDir, trade } from './helpers/terminal';

const ROOT = new URL('..', import.meta.url);
const CUSTOMER = { idType: '01', idNumber: '11010519491231002X', name: '欧阳明月' };

let started: Terminal[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const t of started) t.close();
  started = [];
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A ledger with stock and three trades (their back-fills still queued), closed. */
async function workedLedger(): Promise<string> {
  const dir = tempDir('quick-check-');
  dirs.push(dir);
  const h = openHarness({ dir });
  await stockOutlet(h.terminal);
  for (const amount of ['100', '200', '300']) ok(await trade(h.terminal, { customer: CUSTOMER, direction: 'settlement', currency: 'USD', amount }));
  h.terminal.close();
  return dir;
}

/** Garbage in the middle of the first page of `name`'s b-tree: its authentication tag fails. */
function damage(dir: string, name: string): void {
  const path = join(dir, 'ledger.sqlite');
  const db = openRaw(path, { readonly: true });
  const page = Number(db.prepare('select min(pageno) from dbstat where name = ?').pluck().get(name));
  const size = Number(db.pragma('page_size', { simple: true }));
  db.close();
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (page - 1) * size + 512);
  } finally {
    closeSync(fd);
  }
}

/** The Terminal on `dir`'s ledger as the test harness builds it, with the people signed in. */
function start(dir: string, over: Partial<TerminalConfig> = {}): { terminal: Terminal; logs: string[] } {
  const logs: string[] = [];
  const raw = createTerminal({
    databasePath: join(dir, 'ledger.sqlite'),
    databaseKey: TEST_KEY,
    outlet: OUTLET,
    clock: () => new Date('2026-03-10T03:00:00Z'),
    monitoring: new RecordingMonitoring(),
    sync: { autoStart: false },
    log: (m) => logs.push(m),
    idleSignOutMs: 100 * 365 * 86_400_000,
    scryptN: TEST_SCRYPT_N,
    ...over,
  });
  const terminal = staffed(raw);
  started.push(terminal);
  return { terminal, logs };
}

async function integrity(t: Terminal): Promise<string> {
  return ok(await t.call('session.info', {})).integrity;
}

async function settled(t: Terminal): Promise<string> {
  await vi.waitFor(async () => expect(await integrity(t)).not.toBe('checking'), { timeout: 10_000, interval: 20 });
  return integrity(t);
}

describe('a large ledger: quick_check on a worker thread, the counter working meanwhile', () => {
  it('a damaged one starts at once, answers and takes business while checked, then refuses every write with LEDGER_DAMAGED', async () => {
    const dir = await workedLedger();
    damage(dir, 'attempts_by_time'); // an index nothing below reads or writes
    const { terminal: t, logs } = start(dir, { quickCheckSyncMaxBytes: 0 });

    // At once: queries, and business (the check has not reported yet: it reports between calls).
    expect(await integrity(t)).toBe('checking');
    expect(ok(await t.call('trades.list', { date: '2026-03-10' }))).toHaveLength(3);
    ok(await t.call('rates.set', { currency: 'USD', buyPer100: '711.00', sellPer100: '721.00', setBy: 'sup1' }));

    expect(await settled(t)).toBe('damaged');
    const e = refused(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }), 'LEDGER_DAMAGED');
    expect(e.message.en).toContain(`npm run restore -- --data ${dir}`);
    expect(e.message.zh).toContain('账本已损坏');
    refused(await t.call('cash.fund', { currency: 'USD', amount: '100', note: 'top-up', actor: 'sup1' }), 'LEDGER_DAMAGED');
    refused(await t.call('queue.syncNow', {}), 'LEDGER_DAMAGED');
    // Queries still answer, the rate set before the check reported among them.
    expect(ok(await t.call('trades.list', { date: '2026-03-10' }))).toHaveLength(3);
    expect(ok(await t.call('rates.board', {})).find((r) => r.currency === 'USD')?.buyPer100).toBe('711');
    expect(logs.some((m) => m.includes('the ledger is damaged') && m.includes('background quick_check'))).toBe(true);
  });

  it('a sound one ends ok, and trades made while it was checked are in it', async () => {
    const dir = await workedLedger();
    const { terminal: t, logs } = start(dir, { quickCheckSyncMaxBytes: 0 });
    expect(await integrity(t)).toBe('checking');
    expect(ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' })).receiptNo).toBe(4);
    expect(await settled(t)).toBe('ok');
    // ALICE's fifth trade of the day: the teller confirms the real-time-count prompt (第三十二条(一)).
    expect(ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '60' }, { acknowledge: ['realtimeCountReached'] })).receiptNo).toBe(5);
    expect(logs).toEqual([]);
  });

  it('damage found stops the sync loop, which writes to the ledger', async () => {
    const dir = await workedLedger();
    damage(dir, 'attempts_by_time');
    let tries = 0;
    class Unreachable extends RecordingMonitoring {
      override async backfill(): Promise<never> {
        tries++;
        throw new MonitoringError('transient', 'connection refused');
      }
    }
    const failing: MonitoringAdapter = new Unreachable();
    // A round every few milliseconds, each trying the three queued back-fills again (no backoff).
    const { terminal: t } = start(dir, { quickCheckSyncMaxBytes: 0, monitoring: failing, sync: { intervalMs: 2, backoffBaseMs: 0 } });
    expect(await settled(t)).toBe('damaged');
    await new Promise((r) => setTimeout(r, 50)); // a round under way ends
    const after = tries;
    await new Promise((r) => setTimeout(r, 300));
    expect(tries).toBe(after);
  });

  it('closed while checking: the check is ended and reports nothing', async () => {
    const dir = await workedLedger();
    damage(dir, 'attempts_by_time');
    const { terminal: t, logs } = start(dir, { quickCheckSyncMaxBytes: 0 });
    t.close();
    started = [];
    await new Promise((r) => setTimeout(r, 500));
    expect(logs).toEqual([]);
    // Closed with nothing written after the start, it opens again (and is found damaged at start).
    const again = start(dir);
    expect(await integrity(again.terminal)).toBe('damaged');
  });

  it('a check that cannot run says so, and says nothing about the ledger', async () => {
    const dir = tempDir('quick-check-');
    dirs.push(dir);
    const result = await new Promise<BackgroundCheckResult>((resolve) => quickCheckInBackground(join(dir, 'none.sqlite'), TEST_KEY, undefined, resolve));
    expect(result).toMatchObject({ failed: expect.stringMatching(/unable to open|SQLITE_CANTOPEN|does not exist/i) });
  });
});

describe('a small ledger (up to 32 MB): checked before the terminal starts', () => {
  it('damaged: it starts damaged, no write taken', async () => {
    const dir = await workedLedger();
    damage(dir, 'attempts_by_time');
    const { terminal: t } = start(dir);
    expect(await integrity(t)).toBe('damaged');
    refused(await t.call('rates.set', { currency: 'USD', buyPer100: '711.00', sellPer100: '721.00', setBy: 'sup1' }), 'LEDGER_DAMAGED');
  });

  it('sound: ok from the first call', async () => {
    const { terminal: t } = start(await workedLedger());
    expect(await integrity(t)).toBe('ok');
  });
});

describe('the worker in every build', () => {
  it('is plain JavaScript that imports nothing but Node (no TypeScript loader under tsx, vitest or Electron)', () => {
    const worker = readFileSync(new URL('electron/ledger/quickCheckWorker.mjs', ROOT), 'utf8');
    const imports = [...worker.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((i) => i!.startsWith('node:'))).toBe(true);
    expect(worker).not.toMatch(/\bimport\(|require\(['"]/);
  });

  it('is put beside main.mjs by the bundle and kept out of app.asar by the installer', () => {
    expect(readFileSync(new URL('build/bundle.mjs', ROOT), 'utf8')).toContain("copyFileSync('electron/ledger/quickCheckWorker.mjs', 'dist/electron/quickCheckWorker.mjs')");
    expect(readFileSync(new URL('build/electron-builder.yml', ROOT), 'utf8')).toMatch(/asarUnpack:\n\s+- dist\/electron\/quickCheckWorker\.mjs/);
  });
});
