// The cipher's cost per commit (issue 21): commits of 1 and of N pages, WAL, synchronous=FULL, on
// three files side by side (no encryption, ChaCha20-Poly1305, AEGIS-256), interleaved commit by
// commit so that the machine's load falls on all three alike. Not a test: figures on stderr, one
// JSON object on stdout.
//   npx tsx test/bench/cipher.ts [--pages 30] [--commits 2000] [--dir /tmp]
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { CIPHER_ALGORITHM, keyHex } from '../../electron/ledger/key';
import { TEST_KEY } from '../helpers/key';
import { percentile } from './common';

const { values } = parseArgs({ options: { pages: { type: 'string' }, commits: { type: 'string' }, dir: { type: 'string' } } });
const PAGES = Number(values.pages ?? 30);
const COMMITS = Number(values.commits ?? 2000);
const dir = values.dir ?? tmpdir();

type Kind = 'plain' | 'chacha20' | 'aegis';
const KINDS: Kind[] = ['plain', 'chacha20', 'aegis'];

function open(kind: Kind): { db: BetterSqlite3.Database; path: string } {
  const path = join(dir, `cipher-${kind}-${process.pid}.sqlite`);
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
  const db = new BetterSqlite3(path);
  if (kind !== 'plain') {
    db.pragma(`cipher = '${kind}'`);
    if (kind === 'aegis') db.pragma(`algorithm = '${CIPHER_ALGORITHM}'`);
    db.pragma(`key = "x'${keyHex(TEST_KEY)}'"`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // One row per page (a 3,000-byte value in 4 KiB pages): a commit that updates N rows writes N pages.
  db.exec('create table t (id integer primary key, v blob not null)');
  const fill = db.prepare('insert into t (id, v) values (?, randomblob(3000))');
  db.transaction(() => {
    for (let i = 1; i <= 4 * PAGES; i++) fill.run(i);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { db, path };
}

const files = KINDS.map((k) => ({ kind: k, ...open(k) }));
const one = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
const many = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
for (let i = 0; i < COMMITS; i++) {
  for (const f of files) {
    const touch = f.db.prepare('update t set v = randomblob(3000) where id = ?');
    const t0 = performance.now();
    touch.run(1 + (i % (4 * PAGES)));
    one.get(f.kind)!.push(performance.now() - t0);
    const t1 = performance.now();
    f.db.transaction(() => {
      for (let p = 0; p < PAGES; p++) touch.run(1 + ((i + p) % (4 * PAGES)));
    })();
    many.get(f.kind)!.push(performance.now() - t1);
    if (i % 500 === 499) f.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
const p = (xs: number[], q: number) => percentile([...xs].sort((a, b) => a - b), q);
const result: Record<string, number> = {};
for (const k of KINDS) {
  result[`${k}_1page_p50_ms`] = Math.round(p(one.get(k)!, 50) * 1000) / 1000;
  result[`${k}_${PAGES}pages_p50_ms`] = Math.round(p(many.get(k)!, 50) * 1000) / 1000;
  result[`${k}_${PAGES}pages_p99_ms`] = Math.round(p(many.get(k)!, 99) * 1000) / 1000;
  process.stderr.write(`${k.padEnd(9)} 1 page p50 ${p(one.get(k)!, 50).toFixed(3)} ms; ${PAGES} pages p50 ${p(many.get(k)!, 50).toFixed(3)} ms, p99 ${p(many.get(k)!, 99).toFixed(3)} ms\n`);
}
for (const f of files) {
  f.db.close();
  for (const s of ['', '-wal', '-shm']) rmSync(f.path + s, { force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
