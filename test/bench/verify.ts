// Checks a synthetic ledger as the tests check the Terminal's: the ledger invariants
// (test/helpers/invariants.ts), SQLite's integrity and foreign-key checks, and a schema identical
// to the one the migrations make; and what the day close would have written for each closed day:
// its closing balances (day_balances) against the postings, its FX stock and cost (day_costs)
// against replayCosts (books.ts) from the day before, the audit head its summary kept against the
// chain, and the whole chain. Slow on the full ledger (it reads every row); meant for small builds
// when the generator changes:
//   node --import tsx test/bench/build.ts --years 0.2 --per-day 300 --dir .bench/small
//   node --import tsx test/bench/verify.ts .bench/small/<ledger>.sqlite
import { rmSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { openLedger } from '../../electron/ledger/db';
import { verifyAuditChain } from '../../electron/ledger/auditChain';
import type { Database } from '../../electron/ledger/sql';
import { replayCosts } from '../../electron/reports/books';
import { TEST_KEY, openRaw } from '../helpers/key';
import { integrityCheck, ledgerViolations } from '../helpers/invariants';

const schemaOf = (db: BetterSqlite3.Database) =>
  (db.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all() as { type: string; name: string; sql: string }[])
    .map((r) => `${r.type} ${r.name}: ${r.sql}`);

/** What the synthetic day closes wrote, checked against the ledger they summarise. */
export function closeViolations(db: Database): string[] {
  const problems: string[] = [];
  const closes = db.prepare('select business_date, summary from day_closes order by business_date').all() as { business_date: string; summary: string }[];
  // Closing balances: each day's are the day before's plus the day's postings, from nothing.
  const daySums = new Map<string, Map<string, bigint>>();
  for (const r of db.prepare('select business_date d, account_id a, sum(amount_minor) s from postings group by business_date, account_id').iterate() as IterableIterator<{ d: string; a: string; s: bigint }>) {
    (daySums.get(r.d) ?? daySums.set(r.d, new Map()).get(r.d)!).set(r.a, r.s);
  }
  const kept = new Map<string, Map<string, bigint>>();
  for (const r of db.prepare('select business_date d, account_id a, balance_minor b from day_balances').iterate() as IterableIterator<{ d: string; a: string; b: bigint }>) {
    (kept.get(r.d) ?? kept.set(r.d, new Map()).get(r.d)!).set(r.a, r.b);
  }
  const running = new Map<string, bigint>();
  const dates = [...new Set([...daySums.keys(), ...closes.map((c) => c.business_date)])].sort();
  const closed = new Set(closes.map((c) => c.business_date));
  for (const d of dates) {
    for (const [a, s] of daySums.get(d) ?? []) running.set(a, (running.get(a) ?? 0n) + s);
    if (!closed.has(d)) continue;
    const k = kept.get(d) ?? new Map<string, bigint>();
    for (const [a, b] of running) if (k.get(a) !== b) problems.push(`day_balances ${d} ${a}: ${k.get(a)} kept, postings sum to ${b}`);
    for (const a of k.keys()) if (!running.has(a)) problems.push(`day_balances ${d} ${a}: an account without postings`);
  }
  for (const d of kept.keys()) if (!closed.has(d)) problems.push(`day_balances for ${d}, a day not closed`);
  // The FX stock's cost: each closed day as replayCosts makes it from the closed day before.
  for (const { business_date: d } of closes) {
    const replay = replayCosts(db, d).states;
    const rows = db.prepare('select currency, stock_minor, cost_minor from day_costs where business_date = ?').all(d) as { currency: string; stock_minor: bigint; cost_minor: bigint }[];
    const want = [...replay].filter(([c]) => c !== 'CNY').map(([c, s]) => `${c} ${s.stock} ${s.cost}`).sort();
    const have = rows.map((r) => `${r.currency} ${r.stock_minor} ${r.cost_minor}`).sort();
    if (JSON.stringify(want) !== JSON.stringify(have)) problems.push(`day_costs ${d}: kept ${have.join(', ')}; replayCosts makes ${want.join(', ')}`);
  }
  // The head each close kept is an entry of the chain, with that hash, just before the close's own entry.
  const entry = db.prepare('select id, hash from audit_log where id = ?');
  const closeEntry = db.prepare("select id from audit_log where action = 'dayClose.close' and entity_id = ?").pluck();
  for (const c of closes) {
    const s = JSON.parse(c.summary) as { auditHead: { id: number; hash: string } };
    const e = entry.get(BigInt(s.auditHead.id)) as { id: bigint; hash: string } | undefined;
    if (e?.hash !== s.auditHead.hash) problems.push(`day close ${c.business_date}: its audit head ${s.auditHead.id} is not in the chain`);
    if (closeEntry.get(c.business_date) !== BigInt(s.auditHead.id) + 1n) problems.push(`day close ${c.business_date}: its audit entry does not follow its head`);
  }
  const chain = verifyAuditChain(db);
  if (!chain.ok) problems.push(`audit chain: ${JSON.stringify(chain.firstBroken)}`);
  const last = closes.at(-1);
  if (last) {
    const from = verifyAuditChain(db, { from: (JSON.parse(last.summary) as { auditHead: { id: number; hash: string } }).auditHead });
    if (!from.ok) problems.push(`audit chain from the last close's head: ${JSON.stringify(from.firstBroken)}`);
  }
  return problems;
}

function main(path: string): void {
  // A fresh ledger beside it (an encrypted ledger cannot be in memory) for the schema the migrations make.
  const freshPath = `${path}.schema-${process.pid}`;
  const fresh = openLedger(freshPath, TEST_KEY);
  const expected = schemaOf(fresh);
  fresh.close();
  for (const s of ['', '-wal', '-shm']) rmSync(freshPath + s, { force: true });

  const db = openRaw(path, { readonly: true });
  db.defaultSafeIntegers(true);
  const problems: string[] = [];
  const actual = schemaOf(db);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    problems.push(`schema differs from the migrations':\n  ${actual.filter((s) => !expected.includes(s)).join('\n  ')}\n  missing: ${expected.filter((s) => !actual.includes(s)).join('\n  ')}`);
  }
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') problems.push('not in WAL mode');
  const integrity = integrityCheck(db);
  if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length > 0) problems.push(`foreign_key_check: ${fk.length} rows, e.g. ${JSON.stringify(fk.slice(0, 3), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  problems.push(...ledgerViolations(db).slice(0, 50));
  problems.push(...closeViolations(db).slice(0, 50));
  const tables = ['trades', 'postings', 'customers', 'voids', 'attempts', 'reserve_movements', 'note_bundles', 'day_closes', 'day_balances', 'day_costs', 'outbox', 'print_jobs', 'audit_log', 'rates'];
  const counts = Object.fromEntries(tables.map((t) => [t, Number(db.prepare(`select count(*) from ${t}`).pluck().get())]));
  db.close();
  process.stdout.write(`${JSON.stringify(counts)}\n`);
  if (problems.length > 0) {
    process.stdout.write(`${problems.length} problem(s):\n${problems.join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('ledger ok\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [path] = process.argv.slice(2);
  if (!path) throw new Error('usage: verify <ledger.sqlite>');
  main(path);
}
