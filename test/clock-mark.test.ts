// The clock mark (clock/guard.ts, 007) and the trade's commit: a trade writes no clock_mark row,
// its own audit entry (trade.commit, trade.attempt), written in its transaction with the clock's
// time, is the mark (issue 21: one b-tree fewer on the busiest commit; issue 8 before it: no
// transaction and fsync of its own). What a restart after a crash finds is read here by a guard
// made afresh on the same ledger, as the next start makes it, without the close that writes the mark.
import { afterEach, expect, it } from 'vitest';
import { Refusal } from '../shared/errors';
import { PERSIST_EVERY_MS, STAMP_WINDOW, createClockGuard } from '../electron/terminal/clock/guard';
import { audit } from '../electron/ledger/audit';
import type { AuditAction } from '../electron/ledger/auditActions';
import { ALICE, ok, openHarness, refused, stockOutlet, trade, type Harness } from './helpers/terminal';

let h: Harness | undefined;
afterEach(() => h?.close());

/** Every write of clock_mark from now on. */
function watchMarkWrites(harness: Harness): string[] {
  const db = harness.terminal.ledger;
  const writes: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const stmt = prepare(source);
    if (!/insert into clock_mark/i.test(source)) return stmt;
    const run = stmt.run.bind(stmt);
    stmt.run = ((...args: unknown[]) => {
      writes.push(String(args[0]));
      return run(...(args as []));
    }) as typeof stmt.run;
    return stmt;
  }) as typeof db.prepare;
  return writes;
}

const markOf = (harness: Harness) => harness.terminal.ledger.prepare('select last_at from clock_mark').pluck().get();

/** What the next start would refuse at `at`, with this ledger as it is now (a crash: no close). */
function afterCrashAt(harness: Harness, at: string): Refusal | undefined {
  const guard = createClockGuard(harness.terminal.ledger, () => new Date(at), false);
  try {
    guard.check();
    return undefined;
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
}

it('a trade writes no clock mark, and the next start after a crash finds its time in the trade itself', async () => {
  h = openHarness({ start: '2026-03-10T02:00:00Z' });
  await stockOutlet(h.terminal);
  const before = markOf(h);
  const writes = watchMarkWrites(h);
  let last = { createdAt: '' };
  for (let i = 0; i < 3; i++) {
    // Each trade more than PERSIST_EVERY_MS after the last: a mark was due every time.
    h.clock.advance(PERSIST_EVERY_MS + 5_000);
    last = ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
  }
  expect(writes).toEqual([]);
  expect(markOf(h)).toBe(before);
  expect(h.terminal.ledger.prepare("select at from audit_log where action = 'trade.commit' order by id desc limit 1").pluck().get()).toBe(last.createdAt);

  // The PC restarts 3 minutes behind the last trade: refused, naming the trade's time (China time).
  const e = afterCrashAt(h, new Date(Date.parse(last.createdAt) - 3 * 60_000).toISOString());
  expect(e?.code).toBe('CLOCK_BEHIND');
  expect(e?.failure.message.en).toContain(new Date(Date.parse(last.createdAt) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19));
  // Within the tolerance of the trade's time it passes.
  expect(afterCrashAt(h, new Date(Date.parse(last.createdAt) - 60_000).toISOString())).toBeUndefined();
});

it('a refused trade: its attempt is the mark', async () => {
  h = openHarness({ start: '2026-03-10T02:00:00Z' });
  await stockOutlet(h.terminal);
  const writes = watchMarkWrites(h);
  h.clock.advance(PERSIST_EVERY_MS + 5_000);
  // Over the daily limit of 第二十九条: refused, with the attempt kept.
  refused(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '60000' }), 'DAILY_LIMIT_EXCEEDED');
  expect(h.terminal.ledger.prepare('select count(*) from attempts').pluck().get()).toBe(1n);
  expect(writes).toEqual([]);
  expect(afterCrashAt(h, '2026-03-10T01:57:00Z')?.code).toBe('CLOCK_BEHIND');
});

it('other writes still write the mark when due, outside any trade', async () => {
  h = openHarness({ start: '2026-03-10T02:00:00Z' });
  await stockOutlet(h.terminal);
  const writes = watchMarkWrites(h);
  h.clock.advance(PERSIST_EVERY_MS + 5_000);
  ok(await h.terminal.call('cash.fund', { currency: 'USD', amount: '100', note: 'top-up', actor: 'sup1' }));
  expect(writes).toEqual([h.clock.now().toISOString()]);
  // Not due again yet.
  h.clock.advance(PERSIST_EVERY_MS / 3);
  ok(await h.terminal.call('cash.fund', { currency: 'USD', amount: '100', note: 'top-up', actor: 'sup1' }));
  expect(writes).toHaveLength(1);
});

it('after a supervisor set the mark back, the trades before the confirmation no longer count at the next start', async () => {
  h = openHarness({ start: '2026-03-10T06:00:00Z' });
  await stockOutlet(h.terminal);
  h.clock.set('2026-03-10T07:00:00Z');
  ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
  h.clock.set('2026-03-10T06:50:00Z');
  refused(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }), 'CLOCK_BEHIND');
  ok(await h.terminal.call('clock.confirm', { supervisorId: 'sup1' }));
  // The newest trade (07:00) is older by id than the confirmation (06:50): 06:51 passes.
  expect(afterCrashAt(h, '2026-03-10T06:51:00Z')).toBeUndefined();
  expect(afterCrashAt(h, '2026-03-10T06:47:00Z')?.code).toBe('CLOCK_BEHIND');
  // A trade after the confirmation is the mark again.
  h.clock.set('2026-03-10T06:55:00Z');
  ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
  expect(afterCrashAt(h, '2026-03-10T06:52:00Z')?.code).toBe('CLOCK_BEHIND');
});

it(`a trade further back than the last ${STAMP_WINDOW} audit entries counts through clock_mark only`, async () => {
  h = openHarness({ start: '2026-03-10T02:00:00Z' });
  await stockOutlet(h.terminal);
  h.clock.advance(5 * 60_000);
  const t = ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
  const db = h.terminal.ledger;
  // Entries at an earlier time, written below the API, push the trade out of the window.
  db.transaction(() => {
    for (let i = 0; i < STAMP_WINDOW; i++) audit(db, { at: '2026-03-10T01:00:00.000Z', actor: 'mgr1', action: 'test.entry' as AuditAction, entity: 'test', entityId: String(i) });
  }).immediate();
  expect(markOf(h)! < t.createdAt).toBe(true);
  // One minute behind clock_mark (02:00, written at the start), five behind the trade (02:05).
  expect(afterCrashAt(h, '2026-03-10T01:59:00Z')).toBeUndefined();
});
