// The ledger's WAL checkpoints on a worker thread (electron/ledger/checkpoints.ts, issue 21): a
// second connection of its own copies the WAL's pages back into the file while the main thread's
// connection goes on committing trades, whose COMMITs then never run a checkpoint
// (wal_autocheckpoint = 0 there).
//
// Plain JavaScript that imports nothing of the project, like quickCheckWorker.mjs: it runs as it is
// under tsx and vitest and, copied next to dist/electron/main.mjs by build/bundle.mjs, in the
// desktop app. Everything it needs comes in workerData:
//   path, keyHex, cipher, algorithm, sqliteModule, nativeBinding   as for quickCheckWorker.mjs;
//   shared      a SharedArrayBuffer: the state word and the figures the main thread reads (below);
//   pollMs      how often it looks for new commits (PRAGMA data_version: a read of the WAL index);
//   idleMs      no commit for this long: checkpoint;
//   busyMs      commits going on: checkpoint at least this often;
//   catchUps    quick checkpoints after one that commits overtook (below);
//   backstopFrames, escalateWaitMs   the escalation (below);
//   truncateBytes   a WAL file larger than this, the ledger idle and checkpointed: truncated.
//
// PASSIVE checkpoints never wait for anyone and never block the writer. A checkpoint copies the
// frames committed when it starts; the writer restarts the WAL from its beginning (overwriting
// rather than growing the file) at its next transaction only if by then every frame is copied. A
// commit landing during the checkpoint leaves a few frames over: quick follow-ups (catchUps) copy
// them, and one of them lands in a pause of the counter. A writer that never pauses (a loop of
// back-to-back commits) would grow the WAL for ever: once the WAL file grows past backstopFrames
// (checked at every poll), with no reader holding old frames, the checkpoint is FULL, tried again and
// again for up to escalateWaitMs until it takes the writer lock between two transactions; it holds
// it while it copies the few frames the passive ones left (the writer waits that long, a few ms,
// only then). A reader holding an old snapshot (a long query) keeps
// the frames after it in the WAL whoever checkpoints: nothing is escalated for it.
//
// State word (shared[0]): 0 starting, 1 opening, 2 running, 3 closed (its connection closed, or
// never opened), 4 cancelled (the main thread closed the ledger before the worker opened it).
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { path, keyHex, cipher, algorithm, sqliteModule, nativeBinding, shared, pollMs, idleMs, busyMs, catchUps, backstopFrames, escalateWaitMs, truncateBytes, finishMs, finishPassives } = workerData;
// The layout is checkpoints.ts's SLOT.
const STATE = 0, BEAT = 1, RUNS = 2, LOG = 3, BACKFILLED = 4, ESCALATIONS = 5, TRUNCATES = 6, COMPLETE = 7;
const STARTING = 0, OPENING = 1, RUNNING = 2, CLOSED = 3;
const st = new Int32Array(shared);

let db;
let timer;

function closeAndExit() {
  clearInterval(timer);
  try {
    db?.close();
  } finally {
    Atomics.store(st, STATE, CLOSED);
    Atomics.notify(st, STATE);
    parentPort.close();
  }
}

function open(BetterSqlite3) {
  const conn = new BetterSqlite3(path, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    if (conn.pragma(`cipher = '${cipher}'`).length === 0) throw new Error('this SQLite build cannot decrypt the ledger (not SQLite3 Multiple Ciphers)');
    if (algorithm) conn.pragma(`algorithm = '${algorithm}'`);
    conn.pragma(`key = "x'${keyHex}'"`);
    // A wrong key fails here, before anything else.
    conn.prepare('select count(*) from sqlite_schema').get();
    // The checkpoint's syncs as the writer's: the file is synced before the WAL may be reused.
    conn.pragma('synchronous = FULL');
    // Never waits on a lock: PASSIVE needs none, FULL (the escalation) is retried by run() itself.
    conn.pragma('busy_timeout = 0');
    conn.pragma('temp_store = MEMORY');
    conn.pragma('wal_autocheckpoint = 0');
    return conn;
  } catch (e) {
    conn.close();
    throw e;
  }
}

function walBytes() {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}

function run() {
  const dataVersion = db.prepare('pragma data_version').pluck();
  let seen = dataVersion.get();
  let lastChange = performance.now();
  let lastCheckpoint = lastChange;
  // What the writer committed before this connection opened is checkpointed at the first idle.
  let dirty = true;
  let catchUpsLeft = 0;
  let escalate = false;
  let pinnedAtLast = false;
  let walSize = walBytes();
  const backstopBytes = 32 + backstopFrames * (24 + Number(db.pragma('page_size', { simple: true })));

  const checkpoint = (mode) => {
    const before = dataVersion.get();
    const [r] = db.pragma(`wal_checkpoint(${mode})`);
    const after = dataVersion.get();
    lastCheckpoint = performance.now();
    Atomics.add(st, RUNS, 1);
    Atomics.store(st, LOG, r.log);
    Atomics.store(st, BACKFILLED, r.checkpointed);
    const pinned = r.checkpointed < r.log;
    pinnedAtLast = pinned;
    // Every frame copied and nothing committed meanwhile (FULL: it held the writer lock): the
    // writer's next transaction restarts the WAL.
    const complete = !pinned && (mode === 'FULL' ? r.busy === 0 : before === after);
    if (complete) Atomics.add(st, COMPLETE, 1);
    dirty = !complete;
    seen = after;
    // Past the backstop with no reader holding it: the writer never pauses long enough.
    escalate = !pinned && !complete && r.log >= backstopFrames;
    return complete;
  };

  timer = setInterval(() => {
    try {
      Atomics.add(st, BEAT, 1);
      const now = performance.now();
      const v = dataVersion.get();
      if (v !== seen) {
        seen = v;
        lastChange = now;
        dirty = true;
      }
      if (!dirty) {
        if (now - lastChange >= idleMs && truncateBytes > 0 && walBytes() > truncateBytes) {
          // Idle and copied: a WAL file grown large (a long reader held it) is given back. TRUNCATE
          // takes the writer lock without waiting (busy_timeout 0) and fails if anyone is there.
          const [r] = db.pragma('wal_checkpoint(TRUNCATE)');
          if (r.busy === 0) Atomics.add(st, TRUNCATES, 1);
        }
        return;
      }
      // The WAL file growing past the backstop: frames are being appended at its end, none reused
      // (a file grown large once and reused from its start does not grow). Checked at every poll.
      const size = walBytes();
      const pastBackstop = size > walSize && size >= backstopBytes;
      walSize = size;
      const due = now - lastChange >= idleMs || now - lastCheckpoint >= busyMs || catchUpsLeft > 0 || pastBackstop || escalate;
      if (!due) return;
      if (!escalate) {
        catchUpsLeft = catchUpsLeft > 0 ? catchUpsLeft - 1 : catchUps;
        if (checkpoint('PASSIVE')) catchUpsLeft = 0;
        // Overtaken by a commit, no reader in the way: the few frames left are copied under the
        // writer lock, taken between two transactions (finishMs at most), so the WAL is reused.
        else if (finishMs > 0 && !pinnedAtLast) {
          // First a few more passive rounds, each copying only what was committed during the one
          // before (a long first round can leave hundreds of frames): the FULL then holds the
          // writer lock for the copy of a trade or two and a sync, not for all of that.
          for (let i = 0; i < finishPassives && dirty && !pinnedAtLast; i++) checkpoint('PASSIVE');
          const until = performance.now() + finishMs;
          while (dirty && !pinnedAtLast && !checkpoint('FULL') && performance.now() < until);
          if (!dirty) catchUpsLeft = 0;
        }
      }
      if (escalate) {
        // FULL tries the writer lock once (busy_timeout 0) and falls back to a passive copy when
        // the writer holds it; tried again at once until it lands between two transactions or
        // escalateWaitMs is up. SQLite's own busy wait sleeps 1, 2, 5 … ms between tries and so
        // rarely meets a writer whose pauses last microseconds.
        Atomics.add(st, ESCALATIONS, 1);
        const until = performance.now() + escalateWaitMs;
        while (!checkpoint('FULL') && escalate && performance.now() < until);
      }
    } catch (e) {
      // A failed checkpoint loses nothing (the pages stay in the WAL); the next poll tries again.
      // The main thread hears of it (and counts on its beat to know this thread still runs).
      parentPort.postMessage({ error: String(e?.message ?? e) });
    }
  }, pollMs);
}

parentPort.on('message', (m) => {
  if (m === 'close') closeAndExit();
});

if (Atomics.compareExchange(st, STATE, STARTING, OPENING) !== STARTING) {
  // Cancelled before it began: nothing opened.
  closeAndExit();
} else {
  try {
    const BetterSqlite3 = createRequire(import.meta.url)(sqliteModule);
    db = open(BetterSqlite3);
    Atomics.store(st, STATE, RUNNING);
    parentPort.postMessage({ ready: true });
    run();
  } catch (e) {
    parentPort.postMessage({ failed: String(e?.message ?? e) });
    closeAndExit();
  }
}
