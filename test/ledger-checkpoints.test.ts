// WAL checkpoints (electron/ledger/db.ts): never inside a commit while the WAL is below the
// backstop, soon after the ledger goes idle, and in the commit that takes the WAL past the
// backstop when the ledger is never idle, so the WAL cannot grow without bound. What is
// checkpointed is in the ledger file itself: a copy of the file alone shows it.
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_CHECKPOINT_CHANGES, IDLE_CHECKPOINT_MS, WAL_BACKSTOP_PAGES, openLedger } from '../electron/ledger/db';
import type { Database } from '../electron/ledger/sql';
import { TEST_KEY, openRaw, tempDir } from './helpers/terminal';

// ~10 pages of 4 KiB a row: 200 rows are past SQLite's default checkpoint (1,000 pages).
const ROW = 'x'.repeat(40_000);

let open: Database | undefined;
afterEach(() => open?.close());

function scratchLedger(): { db: Database; path: string } {
  const path = join(tempDir('checkpoint-'), 'ledger.sqlite');
  const db = (open = openLedger(path, TEST_KEY, []));
  db.exec('create table t (id integer primary key, v text not null)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { db, path };
}

/** Rows in a copy of the ledger file alone, without its WAL: what checkpoints have put there. */
function rowsInFile(path: string): number {
  const copy = `${path}.copy-${Math.random().toString(36).slice(2)}`;
  copyFileSync(path, copy);
  const db = openRaw(copy);
  try {
    return Number(db.prepare('select count(*) from t').pluck().get());
  } finally {
    db.close();
  }
}

function commitRows(db: Database, n: number): void {
  const insert = db.prepare('insert into t (v) values (?)');
  for (let i = 0; i < n; i++) db.transaction(() => insert.run(ROW)).immediate();
}

describe('WAL checkpoints', () => {
  it('no commit checkpoints (200 commits, ~2,000 pages); the idle ledger is checkpointed within two idle intervals', async () => {
    const { db, path } = scratchLedger();
    commitRows(db, 200);
    expect(rowsInFile(path)).toBe(0);
    const deadline = Date.now() + 5 * IDLE_CHECKPOINT_MS;
    while (rowsInFile(path) < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(rowsInFile(path)).toBe(200);
  });

  it(`a ledger that is never idle checkpoints at ${WAL_BACKSTOP_PAGES.toLocaleString('en')} pages: the WAL stays below that`, () => {
    const { db, path } = scratchLedger();
    // ~15,000 pages in 1,500 commits, with no turn of the event loop for the idle timer.
    commitRows(db, 1_500);
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const walBytes = statSync(`${path}-wal`).size;
    // The WAL's header, then frames of a 24-byte header and a page; a commit is ~11 frames.
    expect(walBytes).toBeLessThanOrEqual(32 + (WAL_BACKSTOP_PAGES + 20) * (24 + pageSize));
    expect(rowsInFile(path)).toBeGreaterThan(0);
  });

  // ---- issue 21 (checkpoints off the commit path) ----
  it(`a busy ledger (a write every few ms, never idle for ${IDLE_CHECKPOINT_MS} ms) is checkpointed between writes once ${BUSY_CHECKPOINT_CHANGES.toLocaleString('en')} rows are written, long before the backstop`, async () => {
    const { db, path } = scratchLedger();
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const walPages = () => Math.max(0, (statSync(`${path}-wal`).size - 32) / (24 + pageSize));
    // One row (~11 pages) a commit, 20 ms apart, and 9 small rows beside it: the busy threshold is
    // passed after ~200 commits; the timer's turns between them checkpoint there, writes going on.
    const small = db.prepare("insert into t (v) values ('x')");
    const deadline = Date.now() + 20 * IDLE_CHECKPOINT_MS;
    let commits = 0;
    while (rowsInFile(path) === 0 && Date.now() < deadline) {
      commitRows(db, 1);
      db.transaction(() => {
        for (let i = 0; i < 9; i++) small.run();
      }).immediate();
      commits++;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(rowsInFile(path)).toBeGreaterThan(0);
    // Checkpointed while busy, past the threshold and well before the backstop's 10,000 pages.
    expect(commits * 10).toBeGreaterThanOrEqual(BUSY_CHECKPOINT_CHANGES);
    expect(walPages()).toBeLessThan(WAL_BACKSTOP_PAGES / 2);
  });
});
