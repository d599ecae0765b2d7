// Brings a kept synthetic ledger up to today's code, once, in its own process (bench.ts runs it as
// a child, like the build, so the memory a whole-file rewrite takes is not the benchmark's):
// a WAL left beside it goes into the file, a ledger built before encryption is encrypted, one
// under ChaCha20 is moved to AEGIS (issue 21), and a
// migration added since the build is applied (the marker records the new schema version).
//   node --import tsx test/bench/upgrade.ts [--years 5] [--per-day 1500] [--end 2026-03-10] [--seed N] [--dir .bench]
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { openLedger } from '../../electron/ledger/db';
import { CIPHER, encryptPlaintextLedger, isPlaintextSqlite, unlock } from '../../electron/ledger/key';
import { loadMigrations, schemaVersion } from '../../electron/ledger/migrate';
import { TEST_KEY, openRaw } from '../helpers/key';
import { paramsFromArgs } from './build';
import { BENCH_DIR, ledgerPaths, readMarker, type BuildParams } from './common';

/** What upgrade() would do to the kept ledger of these parameters (nothing: an empty list). */
export function upgradesDue(params: BuildParams, dir = BENCH_DIR): string[] {
  const marker = readMarker(params, dir);
  if (!marker) return [];
  const { db } = ledgerPaths(params, dir);
  const due: string[] = [];
  // An empty WAL is what any open leaves beside a WAL-mode file (the schema check's, read-only).
  if (existsSync(`${db}-wal`) && statSync(`${db}-wal`).size > 0) due.push('checkpoint its WAL');
  if (isPlaintextSqlite(db)) due.push('encrypt it');
  else if (legacyCipher(db)) due.push(`move it to ${CIPHER}`);
  if (marker.schemaVersion < loadMigrations().length) due.push(`migrate it from schema ${marker.schemaVersion} to ${loadMigrations().length}`);
  return due;
}

/** A kept ledger under an earlier release's cipher (ChaCha20): openLedger moves it to AEGIS (issue 21). */
function legacyCipher(path: string): boolean {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return unlock(db, TEST_KEY, path) !== CIPHER;
  } finally {
    db.close();
  }
}

export function upgrade(params: BuildParams, dir = BENCH_DIR, say: (line: string) => void = () => {}): void {
  const marker = readMarker(params, dir);
  if (!marker) throw new Error('no complete synthetic ledger for these parameters');
  const paths = ledgerPaths(params, dir);
  // A WAL left by something that opened the kept ledger goes into the file before it is copied.
  if (existsSync(`${paths.db}-wal`)) {
    const db = isPlaintextSqlite(paths.db) ? new BetterSqlite3(paths.db) : openRaw(paths.db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  // A ledger built before the ledger was encrypted is encrypted in place, once.
  if (isPlaintextSqlite(paths.db)) {
    say('encrypting the kept ledger (once)');
    const t0 = performance.now();
    encryptPlaintextLedger(() => new BetterSqlite3(paths.db), TEST_KEY);
    say(`encrypted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // A ledger under ChaCha20 is rewritten under AEGIS by its first openLedger (below, or here).
  const latest = loadMigrations().length;
  if (marker.schemaVersion >= latest && legacyCipher(paths.db)) {
    say(`moving the kept ledger to ${CIPHER} (once)`);
    const t0 = performance.now();
    openLedger(paths.db, TEST_KEY).close();
    say(`rewritten in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // A migration added since the build is applied once to the kept ledger.
  if (marker.schemaVersion < latest) {
    say(`migrating the kept ledger from schema ${marker.schemaVersion} to ${latest} (once)`);
    const t0 = performance.now();
    const db = openLedger(paths.db, TEST_KEY);
    marker.schemaVersion = schemaVersion(db);
    db.close();
    writeFileSync(`${paths.marker}.tmp`, `${JSON.stringify(marker, null, 2)}\n`);
    renameSync(`${paths.marker}.tmp`, paths.marker);
    say(`migrated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const { values } = parseArgs({ options: { years: { type: 'string' }, 'per-day': { type: 'string' }, end: { type: 'string' }, seed: { type: 'string' }, dir: { type: 'string' } } });
  upgrade(paramsFromArgs(values), values.dir ?? BENCH_DIR, (line) => process.stderr.write(`${line}  [upgrade rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB]\n`));
}
