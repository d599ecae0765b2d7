// The queries behind the daily limit and the risk prompts (trades.ts: standingTrades,
// personHistory, outletRecent, originalReceipt), the day close (reconcile.ts: backfillList and the
// day's trades for the reconciliation; cash on hand; each till's postings of the day), the queue
// screen and the sync loop use indexes: EXPLAIN QUERY PLAN of each never shows a full scan of trades (or of
// postings). A ledger of millions of trades makes any such scan take seconds (test/bench).
//
// The SQL is not copied here: every statement the Terminal prepares while it works through a day
// (quotes, commits, a reconversion against its original receipt, a void, the person's day, the
// back-fill list, the reconciliation, the queue, the sync loop) is recorded as better-sqlite3
// prepares it, and each one's plan is read. Without ANALYZE (the ledger never runs it), SQLite
// plans from the schema alone, so a small ledger shows the plans a large one gets.
// `DUMP_PLANS=1 npx vitest run test/query-plans.test.ts` prints every statement with its plan.
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all } from '../electron/ledger/sql';
import { ALICE, BOB_PASSPORT, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';
import { tillDayQuery } from './bench/dayClose';
import { resident } from './helpers/simulator';

let h: Harness;
const statements = new Set<string>();

/** The plan of a statement, one line per step ("SEARCH trades USING INDEX …"). */
function plan(db: BetterSqlite3.Database, sql: string): string[] {
  // Kysely writes every value as a `?` parameter; a plan does not depend on the values.
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

const fullScan = (table: string) => new RegExp(`\\bSCAN ${table}\\b`);

/** The recorded statements whose SQL contains every fragment: exactly one, or the test is out of date. */
function recorded(...fragments: string[]): string {
  const found = [...statements].filter((s) => fragments.every((f) => s.includes(f)));
  expect(found, `one statement with ${fragments.join(' … ')}`).toHaveLength(1);
  return found[0]!;
}

beforeAll(async () => {
  h = openHarness();
  const db = h.terminal.ledger;
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    statements.add(source);
    return prepare(source);
  }) as typeof db.prepare;

  const t = h.terminal;
  await stockOutlet(t);
  // Small trades (back-fill), a sixth trade of the day (real-time), a void.
  for (let i = 0; i < 6; i++) ok(await trade(t, { customer: ALICE, direction: i % 2 ? 'purchase' : 'settlement', currency: 'USD', amount: '100' }));
  const voidable = ok(await trade(t, { customer: { ...resident(1), name: '李四' }, direction: 'settlement', currency: 'EUR', amount: '100' }));
  // Just below 500 USD: the only kind of trade whose prompts read the person's history and the
  // outlet's last 30 minutes (第三十七条).
  ok(await trade(t, { customer: { ...resident(2), name: '王五' }, direction: 'settlement', currency: 'USD', amount: '480' }));
  ok(await t.call('trades.void', { tradeId: voidable.id, reason: 'test', tellerId: 'teller1', supervisorId: 'sup1' }));
  // A foreigner changes 2,000 USD into RMB, then 1,200 USD back against that receipt (第三十一条).
  const settled = ok(await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '2000' }));
  ok(await trade(t, { customer: BOB_PASSPORT, direction: 'purchase', currency: 'USD', amount: '1200', originalReceiptNo: settled.receiptNo }));
  ok(await t.call('trades.personDay', { idType: ALICE.idType, idNumber: ALICE.idNumber }));
  ok(await t.call('customers.lookup', { idType: BOB_PASSPORT.idType, idNumber: BOB_PASSPORT.idNumber, country: BOB_PASSPORT.country }));
  ok(await t.call('trades.get', { receiptNo: 1 }));
  // The day close, as far as it exists: cash on hand, the back-fill list, the reconciliation.
  const today = '2026-03-10';
  ok(await t.call('cash.onHand', {}));
  ok(await t.call('monitoring.backfillList', { date: today }));
  ok(await t.call('monitoring.reconcile', { date: today }));
  all(db, tillDayQuery('CNY', today));
  // The sync loop, the queue screen, the rate board, the print jobs.
  ok(await t.call('queue.syncNow', {}));
  ok(await t.call('queue.status', {}));
  ok(await t.call('queue.list', {}));
  ok(await t.call('queue.list', { state: 'delivered' }));
  ok(await t.call('rates.board', {}));
  ok(await t.call('printer.jobs', {}));
});

afterAll(() => h?.close());

describe('query plans on the ledger', () => {
  it('records the statements of a day at the counter', () => {
    if (process.env.DUMP_PLANS) for (const st of statements) if (/^\s*(select|update)/i.test(st)) console.log(`${st}\n   ${plan(h.terminal.ledger, st).join('\n   ')}`);
    expect(statements.size).toBeGreaterThan(30);
  });

  it('the daily limit and the prompts search trades by person and date, and by time', () => {
    const db = h.terminal.ledger;
    // standingTrades: the person's standing trades today (第二十九条).
    const standing = plan(db, recorded('from "trades" left join "voids"', '"trades"."person_key" = ?', '"trades"."business_date" = ?', '"voids"."id" is null'));
    expect(standing.join('\n')).toContain('SEARCH trades USING INDEX trades_by_person_date (person_key=? AND business_date=?)');
    // personHistory: the person's trades and attempts over the look-back days.
    const history = plan(db, recorded('select "usd_equivalent", "created_at", "teller_id" from "trades"', '"person_key" = ?', '"business_date" >= ?'));
    expect(history.join('\n')).toContain('SEARCH trades USING INDEX trades_by_person_date (person_key=? AND business_date>?)');
    // outletRecent: everyone's trades of the last 30 minutes, by time (migration 002).
    const recent = plan(db, recorded('select "person_key", "usd_equivalent", "created_at", "teller_id" from "trades"', '"created_at" >= ?'));
    expect(recent.join('\n')).toMatch(/SEARCH trades USING (COVERING )?INDEX trades_by_time \(created_at>\?\)/);
    // originalReceipt: the receipt by its number, and what was changed back against it.
    const receipt = plan(db, recorded('"voids"."id" as "void_id"', '"trades"."receipt_no" = ?'));
    expect(receipt.join('\n')).toMatch(/SEARCH trades USING INDEX sqlite_autoindex_trades_\d \(receipt_no=\?\)/);
    const reconverted = plan(db, recorded('"trades"."original_receipt_no" = ?'));
    expect(reconverted.join('\n')).toContain('SEARCH trades USING INDEX trades_by_original_receipt (original_receipt_no=?)');
    for (const p of [standing, history, recent, receipt, reconverted]) expect(p.filter((l) => fullScan('trades').test(l))).toEqual([]);
  });

  it('the day close searches the day: its trades, its back-fills, its till postings', () => {
    const db = h.terminal.ledger;
    // backfillList and reconcile: the day's trades with their voids and outbox rows.
    const day = plan(db, recorded('from "trades" left join "voids"', 'left join "outbox"', '"trades"."business_date" = ?'));
    expect(day.join('\n')).toContain('SEARCH trades USING INDEX trades_by_date (business_date=?)');
    expect(day.join('\n')).toContain('SEARCH outbox USING INDEX outbox_by_trade (trade_id=?)');
    const till = plan(db, tillDayQuery('CNY', '2026-03-10').compile().sql);
    expect(till.join('\n')).toContain('SEARCH postings USING INDEX postings_by_account (account_id=? AND business_date=?)');
  });

  it('the queue screen\'s list of one state reads a page of it by (state, id), with no sort; no other statement uses that index (migration 003)', () => {
    const db = h.terminal.ledger;
    const listSql = recorded('where "outbox"."state" = ? and outbox.id > 0 order by "outbox"."id" desc limit ?');
    const list = plan(db, listSql);
    expect(list.join('\n')).toMatch(/SEARCH outbox USING INDEX outbox_by_state \(state=\? AND id>\?\)/);
    expect(list.join('\n')).not.toContain('TEMP B-TREE');
    expect(list.filter((l) => fullScan('trades').test(l))).toEqual([]);
    // A trade's outbox rows are found by trade, whatever else the lookup says (a plain index on
    // state took these, and each commit walked every delivered row).
    const byState = [...statements].filter((s) => /^\s*(select|update|delete|with)\b/i.test(s) && plan(db, s).some((l) => l.includes('outbox_by_state')));
    expect(byState).toEqual([listSql]);
    const byTrade = [...statements].filter((s) => /^\s*(select|update)\b/i.test(s) && s.includes('from "outbox" where "trade_id" = ?'));
    expect(byTrade.length).toBeGreaterThan(0);
    for (const s of byTrade) expect(plan(db, s).join('\n'), s).toContain('SEARCH outbox USING INDEX outbox_by_trade (trade_id=?)');
  });

  it('no statement the Terminal prepared scans the trades or the postings', () => {
    const db = h.terminal.ledger;
    const scans = [...statements]
      .filter((s) => /^\s*(select|update|delete|with)\b/i.test(s))
      .flatMap((s) => plan(db, s).filter((l) => fullScan('trades').test(l) || fullScan('postings').test(l)).map((l) => `${l}   ← ${s}`));
    expect(scans).toEqual([]);
  });
});
