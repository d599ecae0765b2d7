// Builds the synthetic ledger (synth.ts) into a temporary file in .bench/, renames it into place
// when complete and writes the marker that says so; an interrupted build leaves only a temporary
// file, which the next build removes. Run by bench.ts as a child process (so the build's memory is
// not the benchmark's), or by hand:
//   node --import tsx test/bench/build.ts [--years 5] [--per-day 1500] [--end 2026-03-10] [--seed N]
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR, DEFAULT_PARAMS, ledgerPaths, type BuildParams, type Marker } from './common';
import { buildLedger } from './synth';

export function paramsFromArgs(values: { years?: string | undefined; 'per-day'?: string | undefined; end?: string | undefined; seed?: string | undefined }): BuildParams {
  const p: BuildParams = {
    years: values.years !== undefined ? Number(values.years) : DEFAULT_PARAMS.years,
    perDay: values['per-day'] !== undefined ? Number(values['per-day']) : DEFAULT_PARAMS.perDay,
    endDate: values.end ?? DEFAULT_PARAMS.endDate,
    seed: values.seed !== undefined ? Number(values.seed) : DEFAULT_PARAMS.seed,
  };
  if (!(p.years > 0 && p.years <= 20)) throw new Error(`--years: ${values.years} (0 < years ≤ 20)`);
  if (!(Number.isInteger(p.perDay) && p.perDay > 0 && p.perDay <= 20_000)) throw new Error(`--per-day: ${values['per-day']}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.endDate)) throw new Error(`--end: ${p.endDate}`);
  if (!Number.isInteger(p.seed)) throw new Error(`--seed: ${values.seed}`);
  return p;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function build(params: BuildParams, dir = BENCH_DIR, log: (line: string, final?: boolean) => void = () => {}): Marker {
  mkdirSync(dir, { recursive: true });
  const paths = ledgerPaths(params, dir);
  // Whatever an earlier (interrupted) build left, and ledgers of these parameters made by an
  // earlier version of the generator: the marker first, so a half file is never trusted.
  rmSync(paths.marker, { force: true });
  const stale = basename(paths.db).replace(/-v\d+\.sqlite$/, '-v');
  for (const f of readdirSync(dir)) {
    if (f.startsWith(basename(paths.db)) || (f.startsWith(stale) && /^-v\d+\.(json|sqlite)/.test(f.slice(stale.length - 2)))) rmSync(join(dir, f), { force: true });
  }
  const tmp = `${paths.db}.tmp-${process.pid}`;
  const started = performance.now();
  const info = buildLedger({
    path: tmp,
    params,
    onProgress: ({ day, trades, expected, phase }) => {
      const s = (performance.now() - started) / 1000;
      const pct = Math.min(100, (100 * trades) / expected);
      const eta = phase === 'trades' && trades > 0 ? `, ~${Math.round((s * (expected - trades)) / trades)} s left` : '';
      log(`building ledger: ${phase === 'trades' ? day : phase} ${trades.toLocaleString('en')} / ~${expected.toLocaleString('en')} trades (${pct.toFixed(0)} %), ${s.toFixed(0)} s${eta}`);
    },
  });
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(tmp + suffix, { force: true });
  renameSync(tmp, paths.db);
  fsyncDir(dirname(paths.db));
  const marker: Marker = { ...info, buildSeconds: Math.round((performance.now() - started) / 100) / 10, builtAt: new Date().toISOString() }; // wall clock: when the ledger was built, for the marker
  writeFileSync(`${paths.marker}.tmp`, `${JSON.stringify(marker, null, 2)}\n`);
  renameSync(`${paths.marker}.tmp`, paths.marker);
  fsyncDir(dirname(paths.marker));
  log(`built ${paths.db}: ${marker.trades.toLocaleString('en')} trades in ${marker.buildSeconds} s`, true);
  return marker;
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const { values } = parseArgs({ options: { years: { type: 'string' }, 'per-day': { type: 'string' }, end: { type: 'string' }, seed: { type: 'string' }, dir: { type: 'string' } } });
  const tty = process.stderr.isTTY;
  let last = 0;
  build(paramsFromArgs(values), values.dir ?? BENCH_DIR, (line, final) => {
    const now = Date.now();
    if (tty) process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    else if (final || now - last > 10_000) {
      last = now;
      process.stderr.write(`${line}\n`);
    }
  });
}
