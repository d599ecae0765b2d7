// WAL checkpoints (electron/ledger/checkpoints.ts, issue 21): never inside a commit. The writer's
// connection has wal_autocheckpoint = 0; a worker thread's connection copies the WAL into the file
// when the ledger is idle and while it is busy, so the WAL is reused from its start and stays small;
// past the backstop a writer that never pauses is made to wait a moment; a worker that dies hands
// back to the main thread, and nothing is lost. What is checkpointed is in the ledger file itself:
// a copy of the file alone shows it.
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IDLE_CHECKPOINT_MS, WAL_BACKSTOP_PAGES, checkpointState, killCheckpointWorker, openLedger, quickCheck } from '../electron/ledger/db';
import type { Database } from '../electron/ledger/sql';
import { TEST_KEY, openRaw, tempDir } from './helpers/terminal';

// ~10 pages of 4 KiB a row: 200 rows are past SQLite's default checkpoint (1,000 pages).
const ROW = 'x'.repeat(40_000);

const opened: Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function scratchLedger(): { db: Database; path: string } {
  const path = join(tempDir('checkpoint-'), 'ledger.sqlite');
  const db = openLedger(path, TEST_KEY, []);
  opened.push(db);
  db.exec('create table t (id integer primary key, v text not null)');
  return { db, path };
}

/**
 * Rows in a copy of the ledger file alone, without its WAL: what checkpoints have put there. The
 * worker may be writing pages into the file while it is copied (a copy taken so is torn: that is why
 * backups use VACUUM INTO): copied again until the copy reads.
 */
function rowsInFile(path: string): number {
  for (let attempt = 0; ; attempt++) {
    const copy = `${path}.copy-${Math.random().toString(36).slice(2)}`;
    copyFileSync(path, copy);
    try {
      const db = openRaw(copy);
      try {
        const hasTable = Number(db.prepare("select count(*) from sqlite_schema where name = 't'").pluck().get()) > 0;
        return hasTable ? Number(db.prepare('select count(*) from t').pluck().get()) : 0;
      } finally {
        db.close();
      }
    } catch (e) {
      if (attempt >= 50) throw e;
    } finally {
      rmSync(copy, { force: true });
    }
  }
}

function commitRows(db: Database, n: number): void {
  const insert = db.prepare('insert into t (v) values (?)');
  for (let i = 0; i < n; i++) db.transaction(() => insert.run(ROW)).immediate();
}

/** The WAL file's size in frames (its header, then frames of a 24-byte header and a page). */
function walFrames(path: string, pageSize = 4096): number {
  return existsSync(`${path}-wal`) ? Math.max(0, (statSync(`${path}-wal`).size - 32) / (24 + pageSize)) : 0;
}

/**
 * The WAL header's checkpoint sequence (bytes 12–15, big-endian): one more each time a writer
 * starts the WAL again from its beginning after a complete checkpoint. The -wal file carries no
 * lock of SQLite's, so a descriptor of the test's own on it is harmless (never the -shm: see
 * docs/performance.md).
 */
function walResets(path: string): number {
  const fd = openSync(`${path}-wal`, 'r');
  try {
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, 12);
    return b.readUInt32BE(0);
  } finally {
    closeSync(fd);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what() && Date.now() < deadline) await sleep(50);
}

describe('WAL checkpoints off the commit path (issue 21)', () => {
  it("the writer's commits never checkpoint (wal_autocheckpoint 0): 200 commits (~2,000 pages) are put in the file by the worker", async () => {
    const { db, path } = scratchLedger();
    expect(Number(db.pragma('wal_autocheckpoint', { simple: true }))).toBe(0);
    commitRows(db, 200);
    await until(() => rowsInFile(path) === 200, 10 * IDLE_CHECKPOINT_MS);
    expect(rowsInFile(path)).toBe(200);
    const s = checkpointState(db)!;
    expect(s.mode).toBe('worker');
    expect(s.runs).toBeGreaterThan(0);
    // Still off the commit path after the worker's checkpoints.
    expect(Number(db.pragma('wal_autocheckpoint', { simple: true }))).toBe(0);
  });

  it('a ledger written every 20 ms, never idle for a second, is checkpointed by the worker while it is written: the WAL is reused from its start and stays small', async () => {
    const { db, path } = scratchLedger();
    const small = db.prepare("insert into t (v) values ('x')");
    const resets0 = walResets(path);
    let commits = 0;
    let largestWal = 0;
    let inFileWhileBusy = 0;
    const end = Date.now() + 6_000;
    while (Date.now() < end) {
      // ~11 pages a commit, as a trade writes ~30.
      commitRows(db, 1);
      db.transaction(() => {
        for (let i = 0; i < 9; i++) small.run();
      }).immediate();
      commits++;
      largestWal = Math.max(largestWal, walFrames(path));
      if (commits % 25 === 0) inFileWhileBusy = rowsInFile(path);
      await sleep(20);
    }
    // Well over 2,000 pages were written; the writer's connection never checkpointed them.
    expect(commits * 11).toBeGreaterThan(2_000);
    expect(Number(db.pragma('wal_autocheckpoint', { simple: true }))).toBe(0);
    // Checkpointed while busy (the file had rows before the writing stopped) …
    expect(inFileWhileBusy).toBeGreaterThan(0);
    // … and the WAL started again from its beginning, again and again: it never held the whole run.
    expect(walResets(path) - resets0).toBeGreaterThan(3);
    expect(largestWal).toBeLessThan((commits * 11) / 2);
    expect(checkpointState(db)!.escalations).toBe(0);
  });

  it(`a writer that never pauses (back-to-back commits, no turn of the event loop) is held to about ${WAL_BACKSTOP_PAGES.toLocaleString('en')} pages of WAL`, () => {
    const { db, path } = scratchLedger();
    // ~55,000 pages in 5,000 commits: without a bound the WAL would hold them all.
    commitRows(db, 5_000);
    // The worker took the writer lock between two commits, to finish a busy checkpoint (a FULL of
    // what its passive rounds left) or, past the backstop, escalated: either reset the WAL, which
    // no passive checkpoint can do against a writer that never pauses. The WAL went past the
    // backstop by at most what the writer appends while the worker notices and gets the lock:
    // 11,500–13,300 pages on a quiet machine, up to 20,941 in a full CI run on a loaded one (the
    // worker thread starved of CPU, and its checkpoint holding the checkpoint lock meanwhile). The
    // bound asserted is the escalation's, with that margin: far below the ~55,000 pages unbounded.
    const state = checkpointState(db)!;
    expect(state.mode).toBe('worker');
    expect(state.escalations + state.complete).toBeGreaterThan(0);
    expect(walFrames(path)).toBeLessThan(WAL_BACKSTOP_PAGES * 3);
    expect(rowsInFile(path)).toBeGreaterThan(0);
  });

  it('a reader holding an old snapshot keeps the WAL (no checkpoint may pass it), without escalation; once it ends, the WAL goes into the file', async () => {
    const { db, path } = scratchLedger();
    commitRows(db, 1);
    const reader = openRaw(path);
    opened.push(reader);
    reader.exec('begin');
    reader.prepare('select count(*) from t').get();
    commitRows(db, 150);
    await sleep(3 * IDLE_CHECKPOINT_MS);
    // Only what the reader's snapshot holds (nothing of the 150) can be in the file.
    expect(rowsInFile(path)).toBeLessThanOrEqual(1);
    expect(checkpointState(db)!.escalations).toBe(0);
    reader.exec('commit');
    await until(() => rowsInFile(path) === 151, 10 * IDLE_CHECKPOINT_MS);
    expect(rowsInFile(path)).toBe(151);
  });

  it('the worker dies: the main thread takes over (its own backstop and idle checkpoints), the counter keeps writing, nothing is lost or damaged', async () => {
    const { db, path } = scratchLedger();
    commitRows(db, 50);
    await killCheckpointWorker(db);
    const s = checkpointState(db)!;
    expect(s.mode).toBe('main');
    expect(s.worker).toBe('closed');
    expect(Number(db.pragma('wal_autocheckpoint', { simple: true }))).toBe(WAL_BACKSTOP_PAGES);
    commitRows(db, 50);
    expect(Number(db.prepare('select count(*) from t').pluck().get())).toBe(100);
    await until(() => rowsInFile(path) === 100, 10 * IDLE_CHECKPOINT_MS);
    expect(rowsInFile(path)).toBe(100);
    expect(quickCheck(db)).toBeUndefined();
  });

  it('closing the ledger ends the worker first: its connection closed, the WAL folded into the file and removed, for many ledgers opened and closed', async () => {
    const states = [];
    for (let i = 0; i < 12; i++) {
      const { db, path } = scratchLedger();
      commitRows(db, 3);
      // Some closed at once (the worker still starting), some once it runs.
      if (i % 2) await until(() => checkpointState(db)!.worker === 'running', 5_000);
      db.close();
      states.push(checkpointState(db)!.worker);
      expect(existsSync(`${path}-wal`)).toBe(false);
      expect(rowsInFile(path)).toBe(3);
    }
    // Closed, or cancelled before it opened anything: no thread left holding the ledger.
    expect(states.every((s) => s === 'closed' || s === 'cancelled')).toBe(true);
  });
});

describe('the checkpoint worker in every build', () => {
  const ROOT = new URL('../', import.meta.url);
  it('is plain JavaScript that imports nothing but Node (no TypeScript loader under tsx, vitest or Electron)', () => {
    const worker = readFileSync(new URL('electron/ledger/checkpointWorker.mjs', ROOT), 'utf8');
    const imports = [...worker.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((i) => i!.startsWith('node:'))).toBe(true);
    expect(worker).not.toMatch(/\bimport\(|require\(['"]/);
  });

  it('is put beside main.mjs by the bundle and kept out of app.asar by the installer', () => {
    expect(readFileSync(new URL('build/bundle.mjs', ROOT), 'utf8')).toContain("copyFileSync('electron/ledger/checkpointWorker.mjs', 'dist/electron/checkpointWorker.mjs')");
    expect(readFileSync(new URL('build/electron-builder.yml', ROOT), 'utf8')).toMatch(/asarUnpack:\n(\s+- .*\n)*\s+- dist\/electron\/checkpointWorker\.mjs/);
  });
});
