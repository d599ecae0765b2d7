// WAL checkpoints off the commit path (issue 21). A checkpoint copies the WAL's pages back into the
// ledger file; SQLite's default runs one inside the COMMIT that takes the WAL past 1,000 pages, and
// before this change a 10,000-page backstop still did (33–37 ms inside a trade's COMMIT, the
// bench's p99.9). Now the writer's connection never checkpoints (wal_autocheckpoint = 0): a worker
// thread (checkpointWorker.mjs) with a connection of its own runs PASSIVE checkpoints, which never
// block the writer, when the counter is idle and every BUSY_CHECKPOINT_MS while it is busy. The
// worker watches the ledger itself (PRAGMA data_version): the main thread need not turn its event
// loop for it (a loop of awaited calls never runs a timer).
//
// The bound. The WAL is reused from its start once a checkpoint has copied every frame, so it stays
// the size of what is committed between two checkpoints, unless:
//   - the writer never pauses long enough for a checkpoint to catch up: once the WAL file grows past
//     WAL_BACKSTOP_PAGES the worker escalates to a FULL checkpoint, which takes the writer lock
//     between two transactions (trying for ESCALATE_WAIT_MS at most) and copies the few frames
//     left; the writer then waits a few ms, once, where it used to run the whole 10,000-page
//     checkpoint in its COMMIT;
//   - a reader holds an old snapshot (the background quick_check, the day close's VACUUM INTO): no
//     checkpoint, by anyone, may copy past it; the WAL grows while that reader lasts and is reused
//     after. Not escalated (FULL would block the writer for nothing). Once idle and copied, a WAL
//     file grown past WAL_TRUNCATE_BYTES is truncated;
//   - the worker stops (it fails, is stalled for WORKER_STALL_MS, or never starts): the main thread
//     takes over as before issue 21, wal_autocheckpoint back at the backstop and PASSIVE
//     checkpoints between calls (checkpointWhenIdle). Nothing is lost: a checkpoint only copies
//     committed pages, and a failed one leaves them in the WAL; trading goes on.
//
// The worker never opens the -shm file itself (only SQLite does, through its connection): a
// descriptor of our own on it would drop SQLite's POSIX locks when closed (docs/performance.md).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CIPHER, CIPHER_ALGORITHM, keyHex } from './key';
import type { Database } from './sql';

/** No write for this long and the WAL is checkpointed (PASSIVE: it never waits for anyone). */
export const IDLE_CHECKPOINT_MS = 1_000;

/**
 * While the counter is busy the worker checkpoints at least this often: at ~1,500 trades a day a
 * checkpoint copies a handful of trades; at the bench's pace (tens of trades a second) ~1,000 pages.
 */
export const BUSY_CHECKPOINT_MS = 500;

/** How often the worker looks for new commits (PRAGMA data_version reads the WAL index only). */
export const CHECKPOINT_POLL_MS = 50;

/**
 * After a checkpoint that a commit overtook (the WAL cannot be reused until every frame is copied),
 * up to this many quick follow-ups, one a poll: each copies only what was committed since.
 */
export const CHECKPOINT_CATCH_UPS = 4;

/**
 * The backstop. With the worker: past this many frames in the WAL (~40 MB of 4 KiB pages, ~300
 * trades) the worker's checkpoint escalates to FULL. Without it (fallback): the writer's own
 * wal_autocheckpoint, SQLite checkpointing in the commit that takes the WAL past it, as before.
 */
export const WAL_BACKSTOP_PAGES = 10_000;

/**
 * How long the escalated (FULL) checkpoint keeps trying for the writer lock between two transactions
 * (tried again at once, not after SQLite's busy sleeps of 1, 2, 5 … ms, which a writer pausing for
 * microseconds between commits would nearly always outlast).
 */
export const ESCALATE_WAIT_MS = 100;

/**
 * A busy checkpoint overtaken by a commit is finished by a FULL one (the few frames left, under the
 * writer lock taken between two transactions, tried for this long at most): the WAL is then reused
 * rather than grown to the backstop. The writer may wait ~1 ms for it, once a busy interval.
 */
export const FINISH_WITH_FULL_MS = 20;

/**
 * Before that FULL, up to this many more PASSIVE rounds: each copies what was committed during the
 * round before, without the writer lock, so the FULL is left a trade or two to copy.
 */
export const FINISH_PASSIVES = 2;

/** An idle, fully copied WAL file larger than this is truncated by the worker (after a long reader). */
export const WAL_TRUNCATE_BYTES = 64 * 1024 * 1024;

/** A worker whose poll has not run for this long is taken as stuck: the main thread takes over. */
export const WORKER_STALL_MS = 60_000;

/** At close, how long the main thread waits for the worker to close its connection. */
export const CLOSE_WAIT_MS = 5_000;

/**
 * Fallback only (no worker): past this many rows written since the last checkpoint (~20 a trade),
 * the main thread's timer checkpoints even while the counter is busy, between two calls.
 */
export const BUSY_CHECKPOINT_CHANGES = 2_000;

/** The shared words (checkpointWorker.mjs reads the same layout). */
const SLOT = { state: 0, beat: 1, runs: 2, log: 3, backfilled: 4, escalations: 5, truncates: 6, complete: 7 } as const;
const STATE = { starting: 0, opening: 1, running: 2, closed: 3, cancelled: 4 } as const;

/** What a test or the bench can see of a ledger's checkpoints. */
export interface CheckpointState {
  /** 'worker': off the commit path; 'main': the fallback (the writer's backstop and idle timer). */
  mode: 'worker' | 'main';
  /** Why the main thread took over. */
  fallbackReason?: string;
  /** The worker's own word: 'closed' (or 'cancelled', closed before it opened) once it has ended. */
  worker: keyof typeof STATE;
  /** The worker's checkpoints so far, the escalated ones, the complete ones, the truncations. */
  runs: number;
  escalations: number;
  complete: number;
  truncates: number;
  /** Frames in the WAL and frames copied, at the worker's last checkpoint. */
  log: number;
  backfilled: number;
}

interface Controller {
  state(): CheckpointState;
  /** Tests: the worker dies as a crash would end it. */
  killWorker(): Promise<void>;
}

const controllers = new WeakMap<Database, Controller>();

export function checkpointState(db: Database): CheckpointState | undefined {
  return controllers.get(db)?.state();
}

/** Tests: ends the ledger's checkpoint worker abruptly (as a crash would); the main thread takes over. */
export function killCheckpointWorker(db: Database): Promise<void> {
  return controllers.get(db)?.killWorker() ?? Promise.resolve();
}

/**
 * A worker thread's entry file: beside this file under tsx and vitest, beside dist/electron/main.mjs
 * in the bundle (build/bundle.mjs copies it there). The installer keeps it out of app.asar
 * (build/electron-builder.yml asarUnpack), so the worker's entry is a plain file on disk.
 */
export function workerFile(name: string): string {
  const file = fileURLToPath(new URL(`./${name}`, import.meta.url));
  const unpacked = file.replace(/\.asar([\\/])/, '.asar.unpacked$1');
  return unpacked !== file && existsSync(unpacked) ? unpacked : file;
}

export const CHECKPOINT_WORKER_FILE = 'checkpointWorker.mjs';

/**
 * Starts the ledger's checkpoints: on the worker, else (it cannot start) on the main thread. The
 * connection's close() ends them first: the worker closes its connection (the main thread waits for
 * it, CLOSE_WAIT_MS at most), so the writer's close is the last one and folds the WAL in as before.
 */
export function startCheckpoints(db: Database, opts: { path: string; key: Buffer; nativeBinding?: string | undefined; log?: ((message: string) => void) | undefined }): void {
  const shared = new SharedArrayBuffer(8 * Int32Array.BYTES_PER_ELEMENT);
  const words = new Int32Array(shared);
  let mode: 'worker' | 'main' = 'worker';
  let fallbackReason: string | undefined;
  let stopMain: (() => void) | undefined;
  let worker: Worker | undefined;
  let closing = false;

  const toMain = (reason: string) => {
    if (mode === 'main' || closing) return;
    mode = 'main';
    fallbackReason = reason;
    clearInterval(supervisor);
    if (worker) void worker.terminate();
    if (!db.open) return;
    opts.log?.(`ledger: the checkpoint worker stopped (${reason}); checkpoints run on the main thread`);
    db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    stopMain = checkpointWhenIdle(db, IDLE_CHECKPOINT_MS);
  };

  try {
    worker = new Worker(workerFile(CHECKPOINT_WORKER_FILE), {
      workerData: {
        path: opts.path, keyHex: keyHex(opts.key), cipher: CIPHER, algorithm: CIPHER_ALGORITHM, nativeBinding: opts.nativeBinding ?? null,
        sqliteModule: createRequire(import.meta.url).resolve('better-sqlite3'),
        shared, pollMs: CHECKPOINT_POLL_MS, idleMs: IDLE_CHECKPOINT_MS, busyMs: BUSY_CHECKPOINT_MS, catchUps: CHECKPOINT_CATCH_UPS,
        backstopFrames: WAL_BACKSTOP_PAGES, escalateWaitMs: ESCALATE_WAIT_MS, truncateBytes: WAL_TRUNCATE_BYTES, finishMs: FINISH_WITH_FULL_MS, finishPassives: FINISH_PASSIVES,
      },
      // Plain JavaScript, without the parent's loaders (vitest's, tsx's).
      execArgv: [],
      // It keeps almost nothing: small heaps (the thread itself is ~14 MB of resident memory).
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
  } catch {
    worker = undefined;
  }
  // Supervision runs when the event loop turns: a dead or stuck worker hands back to the main thread.
  let lastBeat = -1;
  let beatSeenAt = Date.now();
  const supervisor = setInterval(() => {
    if (!db.open) return clearInterval(supervisor);
    if (Atomics.load(words, SLOT.state) !== STATE.running) return;
    const beat = Atomics.load(words, SLOT.beat);
    if (beat !== lastBeat) {
      lastBeat = beat;
      beatSeenAt = Date.now();
    } else if (Date.now() - beatSeenAt > WORKER_STALL_MS) {
      toMain(`no checkpoint poll for ${WORKER_STALL_MS} ms`);
    }
  }, IDLE_CHECKPOINT_MS);
  supervisor.unref();

  if (worker) {
    // The writer's commits never checkpoint from here on; the worker does.
    db.pragma('wal_autocheckpoint = 0');
    worker.unref();
    worker.on('message', (m: { failed?: string; error?: string }) => {
      if (m.failed !== undefined) toMain(`it could not open the ledger: ${m.failed}`);
    });
    worker.on('error', (e) => toMain(e.message));
    worker.on('exit', (code) => {
      // The thread is gone, and its connection with it (better-sqlite3 closes a thread's at its end).
      Atomics.store(words, SLOT.state, STATE.closed);
      toMain(`exit code ${code}`);
    });
  } else {
    toMain('it could not start');
  }

  const stopWorker = () => {
    closing = true;
    clearInterval(supervisor);
    stopMain?.();
    if (!worker || mode !== 'worker') return;
    // Not opened yet: cancelled, nothing to wait for.
    if (Atomics.compareExchange(words, SLOT.state, STATE.starting, STATE.cancelled) !== STATE.starting) {
      worker.postMessage('close');
      const deadline = Date.now() + CLOSE_WAIT_MS;
      let canBlock = true;
      for (let s = Atomics.load(words, SLOT.state); s !== STATE.closed && Date.now() < deadline; s = Atomics.load(words, SLOT.state)) {
        if (!canBlock) continue;
        try {
          Atomics.wait(words, SLOT.state, s, deadline - Date.now());
        } catch {
          // A thread that may not block (Chromium forbids it on some; Electron's main process may
          // be one): the loop watches the word instead, the worker's close taking a ms or so.
          canBlock = false;
        }
      }
    }
    void worker.terminate();
  };

  const closeConnection = db.close.bind(db);
  // Every caller closes the ledger with close() (the Terminal, restores, tests): the worker ends first.
  db.close = function close() {
    if (db.open) stopWorker();
    return closeConnection();
  };

  controllers.set(db, {
    state: () => ({
      mode,
      ...(fallbackReason !== undefined ? { fallbackReason } : {}),
      worker: (Object.keys(STATE) as (keyof typeof STATE)[]).find((k) => STATE[k] === Atomics.load(words, SLOT.state)) ?? 'starting',
      runs: Atomics.load(words, SLOT.runs),
      escalations: Atomics.load(words, SLOT.escalations),
      complete: Atomics.load(words, SLOT.complete),
      truncates: Atomics.load(words, SLOT.truncates),
      log: Atomics.load(words, SLOT.log),
      backfilled: Atomics.load(words, SLOT.backfilled),
    }),
    async killWorker() {
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker!.once('exit', () => resolve()));
      await worker.terminate();
      await exited.catch(() => undefined);
      // The 'exit' listener above has run (listeners in order): the main thread has taken over.
    },
  });
}

/**
 * The fallback: a timer that checkpoints the WAL once the connection has written nothing for a whole
 * interval, or once BUSY_CHECKPOINT_CHANGES rows have been written since the last checkpoint. A write
 * is seen as a change of total_changes(). Every transaction here is synchronous, so a tick never
 * lands inside one. The timer never holds the process open. Returns what stops it.
 */
export function checkpointWhenIdle(db: Database, idleMs: number): () => void {
  const changes = db.prepare('select total_changes()').pluck();
  let seen = changes.get();
  /** total_changes() at the last checkpoint. */
  let checkpointedAt = seen;
  // What migrations or an earlier run's WAL left is checkpointed at the first idle tick too.
  let written = true;
  const timer = setInterval(() => {
    if (!db.open) {
      clearInterval(timer);
      return;
    }
    try {
      const now = changes.get();
      if (now !== seen) {
        seen = now;
        written = true;
        // Busy, but much written since the last checkpoint: checkpointed now, between calls (issue 21).
        if (Number(now) - Number(checkpointedAt) < BUSY_CHECKPOINT_CHANGES) return;
      }
      if (!written || db.inTransaction) return;
      db.pragma('wal_checkpoint(PASSIVE)');
      written = false;
      checkpointedAt = now;
    } catch {
      // A failed checkpoint loses nothing (the pages stay in the WAL): the next idle tick tries
      // again, and a timer must never throw into the process.
    }
  }, idleMs);
  timer.unref();
  return () => clearInterval(timer);
}
