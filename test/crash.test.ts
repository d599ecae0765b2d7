// The crash test: a child process commits trades in a loop and is killed with SIGKILL at random
// moments, 50 times, on one ledger file. After each kill the file passes PRAGMA integrity_check
// and every ledger invariant, no receipt number is missing, and every trade or void the child had
// been told was committed is in the file (synchronous=FULL: an answered commit is durable).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { integrityCheck, ledgerViolations } from './helpers/invariants';
import { openRaw, tempDir } from './helpers/terminal';

const CHILD = fileURLToPath(new URL('./crash/committer.ts', import.meta.url));
/** The children's clock runs on from this instant (10:00 in China), whatever the machine's date. */
const CLOCK_BASE = '2026-03-10T02:00:00.000Z';
const CLOCK_START = Date.now();
const KILLS = 50;

interface Run {
  committed: number[];
  voided: number[];
  stderr: string;
}

function runAndKill(databasePath: string, delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, databasePath, CLOCK_BASE, String(CLOCK_START)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Run = { committed: [], voided: [], stderr: '' };
    let buffer = '';
    let armed = false;
    const giveUp = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [kind, n] = line.split(' ');
        (kind === 'C' ? run.committed : run.voided).push(Number(n));
      }
      // Kill at a random moment once the child is committing.
      if (!armed && run.committed.length > 0) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(giveUp);
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (${code}): ${run.stderr}`));
      else resolve(run);
    });
  });
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs mid-commit with an intact, gapless, balanced ledger`, async () => {
    const databasePath = join(tempDir('crash-'), 'ledger.sqlite');
    const everCommitted = new Set<number>();
    const everVoided = new Set<number>();
    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      const run = await runAndKill(databasePath, Math.floor(Math.random() * 250));
      kills++;
      run.committed.forEach((n) => everCommitted.add(n));
      run.voided.forEach((n) => everVoided.add(n));

      const db = openRaw(databasePath);
      try {
        expect(integrityCheck(db)).toBe('ok');
        expect(ledgerViolations(db)).toEqual([]);
        const receipts = new Set((db.prepare('select receipt_no from trades').pluck().all() as number[]).map(Number));
        const voids = new Set((db.prepare('select receipt_no from voids').pluck().all() as number[]).map(Number));
        for (const n of everCommitted) expect(receipts.has(n), `receipt ${n} was answered but is missing`).toBe(true);
        for (const n of everVoided) expect(voids.has(n), `void of ${n} was answered but is missing`).toBe(true);
      } finally {
        db.close();
      }
    }
    expect(kills).toBe(KILLS);
    expect(everCommitted.size).toBeGreaterThan(KILLS);
  }, 600_000);
});
