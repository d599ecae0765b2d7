// The terminal is killed (SIGKILL) in the middle of syncing, 20 times at random moments, and
// restarted: at the end every trade is recorded in the monitoring system exactly once, and the
// terminal knows each one's reference number.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mod11_2CheckCharacter } from '../shared/id/idDocument';
import { REF_NO } from '../electron/monitoring/protocol';
import { ok, openHarness, openRaw, stockOutlet, trade } from './helpers/terminal';
import { startSimulator, type Simulator } from './helpers/simulator';

const CHILD = fileURLToPath(new URL('./crash/syncer.ts', import.meta.url));
const NOW = '2026-03-10T08:00:00.000Z';
const TRADES = 400;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ now: NOW });
});
afterAll(async () => {
  await sim.stop();
});

/** How long a child may take to answer its first back-fills, however loaded the machine is. */
const LIFE_DEADLINE_MS = 120_000;

/**
 * Runs the syncer until it is killed: after `answers` answers from the monitoring system (then a
 * random 0–60 ms more), or once `isDone()` holds.
 */
function runSyncer(databasePath: string, kill: { answers: number } | 'whenDone', isDone: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, databasePath, sim.url, NOW], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let out = '';
    let armed = false;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (armed || !out.includes('ready\n')) return;
      if (kill === 'whenDone') {
        armed = true;
        const poll = setInterval(() => {
          if (isDone()) {
            clearInterval(poll);
            child.kill('SIGKILL');
          }
        }, 50);
      } else if (out.split('answered\n').length - 1 >= kill.answers) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 60));
      }
    });
    const giveUp = setTimeout(() => child.kill('SIGKILL'), LIFE_DEADLINE_MS);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(giveUp);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`syncer ended by itself: ${stderr}`));
    });
  });
}

describe('crash safety of the sync loop', () => {
  it(`every trade is recorded exactly once after 20 SIGKILLs mid-sync`, async () => {
    // The trades are made by a terminal without a monitoring system configured, then it closes.
    const h = openHarness({ start: NOW, monitoring: null });
    await stockOutlet(h.terminal);
    const ids: string[] = [];
    for (let i = 0; i < TRADES; i++) {
      const first17 = `110105${1960 + (i % 40)}0${1 + (i % 9)}1${i % 10}${String(i).padStart(3, '0')}`;
      ids.push(ok(await trade(h.terminal, { customer: { idType: '01', idNumber: first17 + mod11_2CheckCharacter(first17), name: `客户${i}` }, direction: 'settlement', currency: 'USD', amount: '25' })).id);
    }
    const path = h.path;
    h.terminal.close();
    const db = () => {
      const d = openRaw(path, { readonly: true });
      try {
        return d.prepare("select count(*) from outbox where state = 'delivered'").pluck().get() as number;
      } finally {
        d.close();
      }
    };
    const deliveredAfterKill: number[] = [];
    for (let i = 0; i < 20 && db() < TRADES; i++) {
      // Killed after 0–3 answers: before the first row went out, or in the middle of a batch.
      await runSyncer(path, { answers: Math.floor(Math.random() * 4) }, () => false);
      deliveredAfterKill.push(db());
    }
    // The kills landed while rows were still going out: the count grew over several kills.
    expect(deliveredAfterKill.filter((n) => n > 0 && n < TRADES).length, deliveredAfterKill.join(',')).toBeGreaterThanOrEqual(5);
    await runSyncer(path, 'whenDone', () => db() === TRADES);

    const stats = await sim.stats();
    for (const id of ids) expect(stats.bySerial[id], id).toBe(1);
    const reopened = openHarness({ start: NOW, monitoring: null, dir: h.dir });
    const refs = reopened.terminal.ledger.prepare("select trade_id, ref_no from outbox where kind = 'backfill'").all() as { trade_id: string; ref_no: string }[];
    reopened.close();
    expect(refs).toHaveLength(TRADES);
    for (const r of refs) expect(r.ref_no).toMatch(REF_NO);
    expect(new Set(refs.map((r) => r.ref_no)).size).toBe(TRADES);
  }, 20 * LIFE_DEADLINE_MS);
});
