// The audit trail as a hash chain (issue #7 item 3; migrations/005_audit_chain.sql,
// electron/ledger/audit.ts, auditChain.ts): every change of state at the counter leaves a chained
// entry, and audit.verify passes. Then the ledger file is opened directly, the append-only
// triggers dropped, and one entry changed by one byte, removed or swapped with another: the check
// names exactly that entry, with why. A fast-check property does the same for random days at the
// counter and a random one-byte edit of a random entry.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { audit, entryHash, type ChainedFields } from '../electron/ledger/audit';
import { auditChainCheck, verifyAuditChain } from '../electron/ledger/auditChain';
import { openLedger } from '../electron/ledger/db';
import { loadMigrations } from '../electron/ledger/migrate';
import { MonitoringError } from '../electron/monitoring/adapter';
import type { Entry } from '../electron/monitoring/protocol';
import { TcpPrinter } from '../electron/printer/transport';
import { startVirtualPrinter } from '../electron/printer/virtualPrinter';
import { createTerminal, type Terminal } from '../electron/terminal/terminal';
import { outputs } from '../shared/api';
import { POLICY_V1 } from '../shared/policy';
import { resident } from './helpers/simulator';
import { ALICE, BOB_PASSPORT, OUTLET, ok, openRaw as openKeyed, RecordingMonitoring, refused, staffed, stockOutlet, tempDir, TEST_KEY, TEST_SCRYPT_N, TestClock, trade } from './helpers/terminal';
import type { AuditAction } from '../electron/ledger/auditActions';

type Db = BetterSqlite3.Database;

/** Back-fills the monitoring system refuses for good, as many as asked (then it takes them). */
class RefusingMonitoring extends RecordingMonitoring {
  refuseBackfills = 0;
  override async backfill(entry: Entry): Promise<{ refNo: string }> {
    if (this.refuseBackfills > 0) {
      this.refuseBackfills--;
      throw new MonitoringError('permanent', 'field 12 rejected (test)');
    }
    return super.backfill(entry);
  }
}

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

interface Counter {
  t: Terminal;
  path: string;
  clock: TestClock;
  monitoring: RefusingMonitoring;
  /** Closes the Terminal (the ledger file stays). */
  close(): void;
}

/** A Terminal on a real file, with the virtual printer over TCP; printing and sync run when asked. */
async function counter(): Promise<Counter> {
  const vp = await startVirtualPrinter();
  closers.push(() => vp.close());
  const dir = tempDir('audit-');
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'ledger.sqlite');
  const clock = new TestClock(new Date('2026-03-10T02:00:00Z'));
  const monitoring = new RefusingMonitoring();
  const raw = createTerminal({
    databasePath: path,
    databaseKey: TEST_KEY,
    outlet: OUTLET,
    clock: clock.now,
    monitoring,
    sync: { autoStart: false },
    printer: {
      transport: new TcpPrinter({ host: '127.0.0.1', port: vp.port, connectTimeoutMs: 500, writeTimeoutMs: 1_000, idleTimeoutMs: 1_000 }),
      profile: { columns: 48, qr: false, cashDrawer: false, onNoAnswer: 'block' },
      autoStart: false,
    },
    log: () => {},
    idleSignOutMs: 100 * 365 * 86_400_000,
    scryptN: TEST_SCRYPT_N,
  });
  // Signed in as the people the calls name (test/helpers/terminal.ts).
  const t = staffed(raw);
  let open = true;
  const close = () => {
    if (open) t.close();
    open = false;
  };
  closers.push(close);
  return { t, path, clock, monitoring, close };
}

/** The ledger file opened directly, as someone with the file and its key (and no Terminal) would. */
function openRaw(path: string): Db {
  const db = openKeyed(path);
  db.defaultSafeIntegers(true);
  closers.push(() => db.open && db.close());
  return db;
}

/** Lifts the append-only triggers, as a tamperer with the file can. */
function dropAuditTriggers(db: Db): void {
  for (const name of ['audit_append_only_u', 'audit_append_only_d', 'audit_log_chained']) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
}

interface Row {
  id: bigint;
  at: string;
  action: string;
}

const chained = (db: Db) => db.prepare('SELECT id, at, action FROM audit_log WHERE hash IS NOT NULL ORDER BY id').all() as Row[];

const FIELDS = ['at', 'actor', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash'] as const;
type Field = (typeof FIELDS)[number];

/** Flips one bit of one byte of a stored field (the byte of the UTF-8 text, as on disk). */
function flipByte(db: Db, id: bigint, field: Field, index: number): void {
  const bytes = Buffer.from(db.prepare(`SELECT CAST(${field} AS BLOB) FROM audit_log WHERE id = ?`).pluck().get(id) as Buffer);
  const i = index % bytes.length;
  bytes[i] = bytes[i]! ^ 0x01;
  db.prepare(`UPDATE audit_log SET ${field} = CAST(? AS TEXT) WHERE id = ?`).run(bytes, id);
}

/** A day at the counter touching every kind of change of state the Terminal has so far. */
async function busyDay(c: Counter): Promise<void> {
  const { t } = c;
  await stockOutlet(t);
  ok(await t.call('policies.load', { version: 2, effectiveDate: '2026-06-01', source: '测试 test', params: POLICY_V1.params, loadedBy: 'mgr1' }));
  const small = ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
  ok(await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '2000' }));
  const voided = ok(await trade(t, { customer: { ...resident(7), name: '李四' }, direction: 'settlement', currency: 'EUR', amount: '100' }));
  ok(await t.call('trades.void', { tradeId: voided.id, reason: '客户取消 customer changed their mind', tellerId: 'teller1', supervisorId: 'sup1' }));
  refused(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '5001' }), 'DAILY_LIMIT_EXCEEDED');
  ok(await t.call('trades.reprint', { receiptNo: small.receiptNo, tellerId: 'teller1' }));
  ok(await t.call('printer.printPending', {}));
  c.monitoring.refuseBackfills = 1;
  ok(await t.call('queue.syncNow', {}));
  const stuck = ok(await t.call('queue.list', { state: 'needs_attention' }));
  expect(stuck).toHaveLength(1);
  ok(await t.call('queue.retry', { id: stuck[0]!.id, supervisorId: 'sup1' }));
  ok(await t.call('queue.syncNow', {}));
}

describe('the audit chain', () => {
  it('chains an entry for every change of state, and verifies', async () => {
    const c = await counter();
    await busyDay(c);
    const db = c.t.ledger;
    const actions = new Set(db.prepare('SELECT action FROM audit_log').pluck().all() as string[]);
    for (const action of [
      'policy.load', 'outlet.init', 'person.create', 'auth.signIn', 'rate.set', 'conversionRates.import', 'reserves.float_in', 'customer.create', 'trade.commit', 'trade.void',
      'trade.attempt', 'receipt.reprint', 'receipt.printed', 'monitoring.delivered', 'monitoring.needs_attention', 'monitoring.retry',
    ]) expect(actions, action).toContain(action);

    // Each entry names the one before it; ids run without a gap from the chain's start.
    const rows = db.prepare('SELECT id, prev_hash, hash FROM audit_log ORDER BY id').all() as { id: bigint; prev_hash: string; hash: string }[];
    const start = db.prepare('SELECT first_id, genesis FROM audit_chain').get() as { first_id: bigint; genesis: string };
    expect(start.first_id).toBe(1n);
    expect(rows[0]!.prev_hash).toBe(start.genesis);
    rows.forEach((r, i) => {
      expect(r.id).toBe(BigInt(i + 1));
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(r.prev_hash).toBe(rows[i - 1]!.hash);
    });

    const verified = outputs['audit.verify'].parse(ok(await c.t.call('audit.verify', {})));
    expect(verified).toEqual({ ok: true, entries: rows.length, unchained: 0, head: { id: rows.length, hash: rows.at(-1)!.hash } });
    // A later check can start from a head the day close printed.
    expect(verifyAuditChain(db, { from: { id: 5, hash: rows[4]!.hash } })).toMatchObject({ ok: true, entries: rows.length - 5 });
    expect(verifyAuditChain(db, { from: { id: 5, hash: rows[5]!.hash } })).toMatchObject({ ok: false, firstBroken: { id: 5, reason: 'hash mismatch' } });
  });

  it.each(FIELDS)('names the entry whose %s was changed by one byte', async (field) => {
    const c = await counter();
    await busyDay(c);
    c.close();
    const db = openRaw(c.path);
    const rows = chained(db);
    const target = rows[Math.floor(rows.length / 2)]!;
    dropAuditTriggers(db);
    flipByte(db, target.id, field, 3);
    const result = verifyAuditChain(db);
    const reason = field === 'prev_hash' ? 'prev link broken' : 'hash mismatch';
    // `at` and `action` are named as they now read (an edited one shows edited).
    const now = db.prepare('SELECT at, action FROM audit_log WHERE id = ?').get(target.id) as { at: string; action: string };
    expect(result).toMatchObject({ ok: false, entries: Number(target.id) - 1, firstBroken: { id: Number(target.id), at: now.at, action: now.action, reason } });
    expect(result.head?.id).toBe(Number(target.id) - 1);
  });

  it('names a gap where an entry was removed, also at the end', async () => {
    const c = await counter();
    await busyDay(c);
    c.close();
    const db = openRaw(c.path);
    const rows = chained(db);
    dropAuditTriggers(db);
    const last = rows.at(-1)!.id;
    db.prepare('DELETE FROM audit_log WHERE id = ?').run(last);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBroken: { id: Number(last), reason: 'missing entry (gap in ids)', missing: { fromId: Number(last), toId: Number(last) } } });
    expect(verifyAuditChain(db).firstBroken).not.toHaveProperty('action');

    db.prepare('DELETE FROM audit_log WHERE id IN (?, ?)').run(10n, 11n);
    const after = rows.find((r) => r.id === 12n)!;
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false, entries: 9, head: { id: 9 },
      firstBroken: { id: 12, at: after.at, action: after.action, reason: 'missing entry (gap in ids)', missing: { fromId: 10, toId: 11 } },
    });
  });

  it('detects two entries swapped, and entries renumbered over a removal', async () => {
    const c = await counter();
    await busyDay(c);
    c.close();
    const db = openRaw(c.path);
    dropAuditTriggers(db);
    const cols = ['at', 'actor', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash'];
    const get = db.prepare(`SELECT ${cols.join(', ')} FROM audit_log WHERE id = ?`).raw();
    const set = db.prepare(`UPDATE audit_log SET ${cols.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`);
    const swap = db.transaction((a: bigint, b: bigint) => {
      const ra = get.get(a) as unknown[];
      const rb = get.get(b) as unknown[];
      set.run(...rb, a);
      set.run(...ra, b);
    });
    expect(chained(db).length).toBeGreaterThan(25);
    swap(8n, 12n);
    const swapped = db.prepare('SELECT at, action FROM audit_log WHERE id = 8').get() as { at: string; action: string };
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, entries: 7, firstBroken: { id: 8, at: swapped.at, action: swapped.action, reason: 'prev link broken' } });
    swap(8n, 12n);
    expect(verifyAuditChain(db).ok).toBe(true);
    // Two neighbours swapped, hashes and all.
    swap(20n, 21n);
    expect(verifyAuditChain(db).firstBroken).toMatchObject({ id: 20, reason: 'prev link broken' });
    swap(20n, 21n);
    // An entry removed and the ones after it renumbered to close the gap.
    db.prepare('DELETE FROM audit_log WHERE id = 25').run();
    db.prepare('UPDATE audit_log SET id = id - 1 WHERE id > 25').run();
    db.prepare("UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'audit_log'").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, entries: 24, firstBroken: { id: 25, reason: 'prev link broken' } });
  });

  it('refuses an entry written around audit(), and audit() outside a transaction', async () => {
    const c = await counter();
    const db = c.t.ledger;
    expect(() => db.prepare("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES ('2026-03-10T02:00:00.000Z', 'x', 'y', 'z', '1', '{}')").run())
      .toThrow(/written through audit\(\)/);
    expect(() => audit(db, { at: '2026-03-10T02:00:00.000Z', actor: 'x', action: 'test' as AuditAction, entity: 'test', entityId: '1' })).toThrow(/inside the transaction/);
    expect(() => db.prepare('UPDATE audit_chain SET genesis = genesis').run()).toThrow(/never changes/);
    expect(() => db.prepare('DELETE FROM audit_chain').run()).toThrow(/never changes/);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('starts the chain after the entries a ledger had before migration 005', () => {
    const dir = tempDir('audit-old-');
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'ledger.sqlite');
    const migrations = loadMigrations();
    const before = migrations.filter((m) => m.version < 5);
    const old = openLedger(path, TEST_KEY, before);
    const insert = old.prepare("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES ('2026-01-05T02:00:00.000Z', 'sup1', 'rate.set', 'rate', ?, '{}')");
    for (let i = 0; i < 3; i++) insert.run(`R${i}`);
    old.close();

    const db = openLedger(path, TEST_KEY, migrations);
    closers.push(() => db.close());
    const start = db.prepare('SELECT first_id, genesis FROM audit_chain').get() as { first_id: bigint; genesis: string };
    expect(start.first_id).toBe(4n);
    expect(start.genesis).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 0, unchained: 3 });
    db.transaction(() => {
      audit(db, { at: '2026-03-10T02:00:00.000Z', actor: 'sup1', action: 'rate.set', entity: 'rate', entityId: 'R3', detail: { n: 1n } });
      audit(db, { at: '2026-03-10T02:00:01.000Z', actor: 'sup1', action: 'rate.set', entity: 'rate', entityId: 'R4' });
    })();
    const rows = db.prepare('SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log WHERE id >= 4 ORDER BY id').all() as (ChainedFields & { prev_hash: string; hash: string })[];
    expect(rows.map((r) => r.id)).toEqual([4n, 5n]);
    expect(rows[0]!.prev_hash).toBe(start.genesis);
    expect(rows[0]!.detail).toBe('{"n":"1"}');
    expect(rows[1]!.hash).toBe(entryHash(rows[0]!.hash, rows[1]!));
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2, unchained: 3, head: { id: 5 } });
    // The entries before the chain are outside it: changing one is not the chain's to see, but
    // a chained entry that loses its hash is.
    db.exec('DROP TRIGGER audit_append_only_u');
    db.exec("UPDATE audit_log SET actor = 'someone' WHERE id = 2");
    expect(verifyAuditChain(db).ok).toBe(true);
    db.exec('UPDATE audit_log SET hash = NULL, prev_hash = NULL WHERE id = 4');
    expect(verifyAuditChain(db).firstBroken).toMatchObject({ id: 4, reason: 'prev link broken' });
  });

  it('lists entries for the supervisor by business date and action, newest first', async () => {
    const c = await counter();
    await stockOutlet(c.t);
    c.clock.set('2026-03-10T17:00:00Z'); // 01:00 on the 11th in China
    ok(await c.t.call('rates.set', { currency: 'USD', buyPer100: '711.00', sellPer100: '721.00', setBy: 'sup2' }));
    ok(await c.t.call('cash.fund', { currency: 'CNY', amount: '1000', note: 'top-up', actor: 'mgr1' }));

    const day11 = outputs['audit.list'].parse(ok(await c.t.call('audit.list', { from: '2026-03-11', to: '2026-03-11' })));
    expect(day11.map((e) => e.action)).toEqual(['reserves.float_in', 'rate.set']);
    expect(day11[1]).toMatchObject({ actor: 'sup2', entity: 'rate', chained: true, detail: { currency: 'USD', set_by: 'sup2' } });
    const day10Rates = ok(await c.t.call('audit.list', { to: '2026-03-10', action: 'rate.set' }));
    expect(day10Rates.map((e) => e.detail)).toMatchObject([{ currency: 'HKD' }, { currency: 'JPY' }, { currency: 'EUR' }, { currency: 'USD' }]);
    expect(ok(await c.t.call('audit.list', { limit: 2 })).map((e) => e.action)).toEqual(['reserves.float_in', 'rate.set']);
    refused(await c.t.call('audit.list', { from: '2026-02-30' }), 'INVALID_INPUT');
  });

  // ---- issue 21 (the day close lets SAFE's record pages come in while the chain is checked): in slices ----
  it('checked a slice at a time, the chain gives what one pass gives, whatever the slice and wherever it breaks (property); entries written between slices are checked too', async () => {
    const c = await counter();
    await busyDay(c);
    c.close();
    const db = openRaw(c.path);
    const rows = chained(db);
    expect(rows.length).toBeGreaterThan(25);
    const sliced = (limit: number, from?: { id: number; hash: string }) => {
      const check = auditChainCheck(db, from ? { from } : {});
      steps = 1;
      while (!check.step(limit)) steps++;
      return check.result();
    };
    let steps = 0;
    const whole = verifyAuditChain(db);
    expect(whole).toMatchObject({ ok: true, entries: rows.length });
    // One entry a slice: a step for each, and one that finds no more.
    expect(sliced(1)).toEqual(whole);
    expect(steps).toBe(rows.length + 1);
    expect(sliced(rows.length + 1)).toEqual(whole);
    expect(steps).toBe(1);
    const mid = rows[Math.floor(rows.length / 2)]!;
    const midHead = { id: Number(mid.id), hash: db.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(mid.id) as string };
    expect(sliced(3, midHead)).toEqual(verifyAuditChain(db, { from: midHead }));
    dropAuditTriggers(db);
    type Damage = { kind: 'flip'; pick: number; field: Field; index: number } | { kind: 'remove'; pick: number } | { kind: 'removeLast' };
    const damage: fc.Arbitrary<Damage> = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), pick: fc.nat(), field: fc.constantFrom(...FIELDS), index: fc.nat() }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.constant({ kind: 'removeLast' as const }),
    );
    fc.assert(
      fc.property(damage, fc.integer({ min: 1, max: rows.length + 2 }), (d, limit) => {
        db.exec('BEGIN');
        try {
          if (d.kind === 'flip') flipByte(db, rows[d.pick % rows.length]!.id, d.field, d.index);
          else db.prepare('DELETE FROM audit_log WHERE id = ?').run(d.kind === 'remove' ? rows[d.pick % rows.length]!.id : rows.at(-1)!.id);
          const one = verifyAuditChain(db);
          expect(one.ok).toBe(false);
          expect(sliced(limit)).toEqual(one);
        } finally {
          db.exec('ROLLBACK');
        }
      }),
      { numRuns: 200 },
    );
    // Entries written while the check runs (a trade between two slices) are checked like the others.
    const check = auditChainCheck(db);
    expect(check.step(5)).toBe(false);
    db.transaction(() => audit(db, { at: '2026-03-10T09:00:00.000Z', actor: 'sup1', action: 'rate.set', entity: 'rate', entityId: 'R9' }))();
    while (!check.step(5));
    const newest = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: bigint; hash: string };
    expect(check.result()).toMatchObject({ ok: true, entries: rows.length + 1, head: { id: Number(newest.id), hash: newest.hash } });
    expect(() => auditChainCheck(db).step(0)).toThrow(/a slice of 0 entries/);
  });

  it('names the one entry changed by a random byte after any day at the counter (property)', async () => {
    type Op = { kind: 'trade'; n: number; amount: number; direction: 'settlement' | 'purchase' } | { kind: 'void' } | { kind: 'rate'; buy: number } | { kind: 'fund'; amount: number } | { kind: 'reprint' } | { kind: 'print' } | { kind: 'sync' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('trade' as const), n: fc.integer({ min: 0, max: 30 }), amount: fc.integer({ min: 1, max: 900 }), direction: fc.constantFrom('settlement' as const, 'purchase' as const) }),
      fc.constant({ kind: 'void' as const }),
      fc.record({ kind: fc.constant('rate' as const), buy: fc.integer({ min: 700, max: 715 }) }),
      fc.record({ kind: fc.constant('fund' as const), amount: fc.integer({ min: 1, max: 10_000 }) }),
      fc.constant({ kind: 'reprint' as const }),
      fc.constant({ kind: 'print' as const }),
      fc.constant({ kind: 'sync' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), fc.nat(), fc.constantFrom(...FIELDS), fc.nat(), async (ops, pick, field, index) => {
        const c = await counter();
        try {
          await stockOutlet(c.t);
          const committed: string[] = [];
          for (const o of ops) {
            c.clock.advance(61_000);
            if (o.kind === 'trade') {
              const r = await trade(c.t, { customer: { ...resident(o.n), name: `客户${o.n}` }, direction: o.direction, currency: 'USD', amount: String(o.amount) });
              if (r.ok) committed.push(r.value.id);
            } else if (o.kind === 'void' && committed.length > 0) {
              ok(await c.t.call('trades.void', { tradeId: committed.pop()!, reason: 'test', tellerId: 'teller1', supervisorId: 'sup1' }));
            } else if (o.kind === 'rate') {
              ok(await c.t.call('rates.set', { currency: 'USD', buyPer100: String(o.buy), sellPer100: '720', setBy: 'sup1' }));
            } else if (o.kind === 'fund') {
              ok(await c.t.call('cash.fund', { currency: 'USD', amount: String(o.amount), note: 'top-up', actor: 'mgr1' }));
            } else if (o.kind === 'reprint' && committed.length > 0) {
              ok(await c.t.call('trades.reprint', { tradeId: committed.at(-1)!, tellerId: 'teller1', supervisorId: 'sup1' }));
            } else if (o.kind === 'print') {
              ok(await c.t.call('printer.printPending', {}));
            } else if (o.kind === 'sync') {
              ok(await c.t.call('queue.syncNow', {}));
            }
          }
          c.close();
          const db = openRaw(c.path);
          expect(verifyAuditChain(db).ok).toBe(true);
          const rows = chained(db);
          const target = rows[pick % rows.length]!;
          dropAuditTriggers(db);
          flipByte(db, target.id, field, index);
          const result = verifyAuditChain(db);
          expect(result.ok).toBe(false);
          expect(result.firstBroken).toMatchObject({ id: Number(target.id), reason: field === 'prev_hash' ? 'prev link broken' : 'hash mismatch' });
          db.close();
        } finally {
          for (const close of closers.splice(0).reverse()) await close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
