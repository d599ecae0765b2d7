// The clock mark (clock.ts, 007) goes into the ledger with a trade when it is due: in the trade's
// own transaction, never in a transaction (and fsync) of its own after it (issue #8: at a busy
// outlet's pace that was every second trade's second fsync).
import { afterEach, expect, it } from 'vitest';
import { PERSIST_EVERY_MS } from '../electron/terminal/clock/guard';
import { ALICE, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';

let h: Harness | undefined;
afterEach(() => h?.close());

/** Every write of clock_mark from now on, and whether it ran inside a transaction. */
function watchMarkWrites(harness: Harness): boolean[] {
  const db = harness.terminal.ledger;
  const writes: boolean[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const stmt = prepare(source);
    if (!/insert into clock_mark/i.test(source)) return stmt;
    const run = stmt.run.bind(stmt);
    stmt.run = ((...args: unknown[]) => {
      writes.push(db.inTransaction);
      return run(...(args as []));
    }) as typeof stmt.run;
    return stmt;
  }) as typeof db.prepare;
  return writes;
}

const markOf = (harness: Harness) => harness.terminal.ledger.prepare('select last_at from clock_mark').pluck().get();

it('a trade writes the mark, when due, inside its own transaction and nowhere else', async () => {
  h = openHarness({ start: '2026-03-10T02:00:00Z' });
  await stockOutlet(h.terminal);
  const writes = watchMarkWrites(h);
  // Due: more than PERSIST_EVERY_MS since the mark was last written.
  h.clock.advance(PERSIST_EVERY_MS + 5_000);
  const first = ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
  expect(markOf(h)).toBe(first.createdAt);
  expect(writes).toEqual([true]);
  // Not due yet: nothing written, in the trade or after it.
  h.clock.advance(PERSIST_EVERY_MS / 3);
  ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
  expect(writes).toEqual([true]);
  expect(markOf(h)).toBe(first.createdAt);
  // Due again.
  h.clock.advance(PERSIST_EVERY_MS);
  const third = ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
  expect(writes).toEqual([true, true]);
  expect(markOf(h)).toBe(third.createdAt);
});

it('a refused trade records its attempt and the mark in one transaction too', async () => {
  h = openHarness({ start: '2026-03-10T02:00:00Z' });
  await stockOutlet(h.terminal);
  const writes = watchMarkWrites(h);
  h.clock.advance(PERSIST_EVERY_MS + 5_000);
  // Over the daily limit of 第二十九条: refused, with the attempt kept.
  const r = await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '60000' });
  expect(r.ok).toBe(false);
  expect(h.terminal.ledger.prepare('select count(*) from attempts').pluck().get()).toBe(1n);
  expect(writes).toEqual([true]);
  expect(markOf(h)).toBe(h.clock.now().toISOString());
});
