// The queries behind the daily limit and the risk prompts (trades.ts: standingTrades,
// personHistory, outletRecent, originalReceipt), the day close (dayClose.ts prepare and close: the
// day's trades for the back-fill list and the reconciliation, the receipts, the notes expected, the
// audit chain from the last close's head; the closing balances and the FX stock's cost), the
// reports (附表1, 附表2, the trial balance, profit: balancesAt from the last closed day, the period's
// flows, replayCosts), the queue screen and the sync loop use indexes: EXPLAIN QUERY PLAN of each
// never shows a full scan of trades, postings, note or reserve movements, the outbox or the audit
// log. A ledger of millions of trades makes any such scan take seconds (test/bench).
//
// The SQL is not copied here: every statement the Terminal prepares while it works through a day
// (quotes, commits, a reconversion against its original receipt, a void, the person's day, reserve
// movements, the back-fill list, the reconciliation, two day closes, the reports over them, the
// queue, the sync loop) is recorded as better-sqlite3 prepares it, and each one's plan is read. Without ANALYZE (the ledger never runs it), SQLite
// plans from the schema alone, so a small ledger shows the plans a large one gets.
// `DUMP_PLANS=1 npx vitest run test/query-plans.test.ts` prints every statement with its plan.
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB_PASSPORT, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';
import { resident } from './helpers/simulator';
import { AUDIT_BY_ACTION_CONDITION } from '../electron/ledger/auditActions';
import { RATE_QUERIES } from '../electron/terminal/rates/board';
import { eventsSince, POSTINGS_FROM } from '../electron/ledger/events';

let h: Harness;
const statements = new Set<string>();
/** The statements of the hub's events (ledger/events.ts) read after the day. */
const eventStatements = new Set<string>();
/** The ledger's own prepare: the plans the test reads are not recorded as the Terminal's statements. */
let unrecorded: BetterSqlite3.Database['prepare'];

/** The plan of a statement, one line per step ("SEARCH trades USING INDEX …"). */
function plan(_db: BetterSqlite3.Database, sql: string): string[] {
  // Kysely writes every value as a `?` parameter; a plan does not depend on the values.
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  return (unrecorded(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
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
  unrecorded = prepare;
  db.prepare = ((source: string) => {
    statements.add(source);
    return prepare(source);
  }) as typeof db.prepare;

  const t = h.terminal;
  await stockOutlet(t);
  // Small trades (back-fill), a sixth trade of the day (real-time), a void.
  // ALICE's fifth and sixth trades of the day are prompted (第三十二条(一)): the teller confirms.
  for (let i = 0; i < 6; i++) ok(await trade(t, { customer: ALICE, direction: i % 2 ? 'purchase' : 'settlement', currency: 'USD', amount: '100' }, i >= 4 ? { acknowledge: ['realtimeCountReached'] } : {}));
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
  // Reserves: the accounts, a deposit, a withdrawal, the monthly transfer, a rebalancing with the bank.
  const today = '2026-03-10';
  ok(await t.call('reserves.setBasicAccount', { bankName: '工商银行首都机场支行', accountNo: '0200001109000000001', actor: 'mgr1' }));
  const cny = ok(await t.call('reserves.openAccount', { bankName: '中国银行首都机场支行', currency: 'CNY', accountNo: '3400000000001', actor: 'mgr1' })).id;
  const usd = ok(await t.call('reserves.openAccount', { bankName: '中国银行首都机场支行', currency: 'USD', accountNo: '3400000000002', actor: 'mgr1' })).id;
  ok(await t.call('reserves.move', { kind: 'cash_deposit', currency: 'USD', amount: '5000', from: 'till', accountId: usd, actor: 'sup1' }));
  ok(await t.call('reserves.move', { kind: 'transfer_in', amount: '100000', accountId: cny, actor: 'sup1' }));
  ok(await t.call('reserves.move', { kind: 'cash_withdrawal', currency: 'CNY', amount: '1000', accountId: cny, to: 'till', actor: 'sup1' }));
  ok(await t.call('reserves.move', {
    kind: 'rebalance', channel: 'bank', counterparty: '中国银行首都机场支行', method: 'transfer',
    in: { currency: 'CNY', amount: '7100', place: cny }, out: { currency: 'USD', amount: '1000', place: usd }, ratePer100: '710', actor: 'sup1',
  }));
  ok(await t.call('reserves.accounts', {}));
  ok(await t.call('reserves.ledger', { month: '2026-03' }));
  // The day close (日终): cash on hand, the back-fill list, the reconciliation, what the close
  // expects and checks, the close itself (closing balances, the FX stock's cost), a second day's
  // close that starts from the first's, and the reports of 第五十一条 and the books over both.
  ok(await t.call('cash.onHand', {}));
  ok(await t.call('monitoring.backfillList', { date: today }));
  ok(await t.call('monitoring.reconcile', { date: today }));
  // A teller who counted right and resolved what the reconciliation found.
  const agreed = async (date: string) => {
    const prep = ok(await t.call('dayClose.prepare', { date }));
    return {
      date, actor: 'teller1',
      counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })),
      resolutions: prep.reconciliation.items.map((i) => ({ key: i.key, resolution: '已核实 checked' })),
    };
  };
  ok(await t.call('dayClose.close', await agreed(today)));
  h.clock.set('2026-03-11T02:00:00Z');
  ok(await t.call('rates.set', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00', setBy: 'sup1' }));
  ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
  ok(await t.call('dayClose.close', await agreed('2026-03-11')));
  h.clock.set('2026-03-12T02:00:00Z');
  ok(await t.call('rates.set', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00', setBy: 'sup1' }));
  ok(await trade(t, { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '100' }));
  ok(await t.call('dayClose.get', { date: today }));
  ok(await t.call('dayClose.list', { limit: 10 }));
  ok(await t.call('reports.form1', { from: '2026-03-01', to: '2026-03-31' }));
  ok(await t.call('reports.form1', { from: '2026-03-11', to: '2026-03-12' }));
  ok(await t.call('reports.form2', { month: '2026-03' }));
  ok(await t.call('reports.trialBalance', { date: '2026-03-11' }));
  ok(await t.call('reports.trialBalance', { date: '2026-03-12' }));
  ok(await t.call('reports.profit', { from: '2026-03-11', to: '2026-03-12' }));
  // The sync loop, the queue screen, the rate board, the print jobs.
  ok(await t.call('queue.syncNow', {}));
  ok(await t.call('queue.status', {}));
  ok(await t.call('queue.list', {}));
  ok(await t.call('queue.list', { state: 'delivered' }));
  ok(await t.call('rates.board', {}));
  ok(await t.call('printer.jobs', {}));
  // ---- issue 19 item 7 (inspection, 第四十九条): the journal searched across dates, the archive listed and verified ----
  ok(await t.call('journal.search', { from: '2026-03-01', to: '2026-03-31', currency: 'USD', path: 'backfill', limit: 2 }));
  ok(await t.call('journal.search', { from: '2026-03-01', to: '2026-03-31', limit: 2, after: { businessDate: '2026-03-11', receiptNo: 12 } }));
  ok(await t.call('journal.search', { from: '2021-01-01', to: '2026-03-31', idType: ALICE.idType, idNumber: ALICE.idNumber }));
  ok(await t.call('journal.search', { from: '2021-01-01', to: '2026-03-31', idType: BOB_PASSPORT.idType, idNumber: BOB_PASSPORT.idNumber, country: 'USA' }));
  ok(await t.call('journal.search', { from: '2021-01-01', to: '2026-03-31', receiptNo: 1 }));
  ok(await t.call('archive.list', {}));
  ok(await t.call('archive.verify', {}));
  ok(await t.call('archive.make', {}));
  // ---- issue 21 (fewer pages per trade): the supervisor's audit filter by a rare action and by an every-trade one ----
  ok(await t.call('audit.list', { action: 'rate.set', limit: 10 }));
  ok(await t.call('audit.list', { action: 'trade.commit', limit: 10 }));
  // The hub's events of all of it (ledger/events.ts): each change's rows found by their keys,
  // recorded apart (the day's statements above are each found by a fragment of their own).
  db.prepare = ((source: string) => {
    eventStatements.add(source);
    return prepare(source);
  }) as typeof db.prepare;
  expect(eventsSince(t.ledger, 0n).length).toBeGreaterThan(50);
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
    // outletRecent: everyone's trades of the last 30 minutes, by the window's dates then time
    // (migration 027 merged trades_by_time into trades_by_date).
    const recent = plan(db, recorded('select "person_key", "usd_equivalent", "created_at", "teller_id" from "trades"', '"created_at" >= ?'));
    expect(recent.join('\n')).toMatch(/SEARCH trades USING (COVERING )?INDEX trades_by_date \(business_date=\? AND created_at>\?\)/);
    // originalReceipt: the receipt by its number, and what was changed back against it.
    const receipt = plan(db, recorded('"voids"."id" as "void_id"', '"trades"."receipt_no" = ?'));
    expect(receipt.join('\n')).toMatch(/SEARCH trades USING INDEX sqlite_autoindex_trades_\d \(receipt_no=\?\)/);
    const reconverted = plan(db, recorded('"trades"."original_receipt_no" = ?'));
    expect(reconverted.join('\n')).toContain('SEARCH trades USING INDEX trades_by_original_receipt (original_receipt_no=?)');
    for (const p of [standing, history, recent, receipt, reconverted]) expect(p.filter((l) => fullScan('trades').test(l))).toEqual([]);
  });

  it('the day close searches the day: its trades, back-fills, receipts and notes, and the audit chain from the last close on', () => {
    const db = h.terminal.ledger;
    // backfillList and reconcile: the day's trades with their voids and outbox rows.
    const day = plan(db, recorded('from "trades" left join "voids"', 'left join "outbox"', '"trades"."business_date" = ?'));
    expect(day.join('\n')).toContain('SEARCH trades USING INDEX trades_by_date (business_date=?)');
    expect(day.join('\n')).toContain('SEARCH outbox USING INDEX outbox_by_trade (trade_id=?)');
    // The receipts of the day (第三十五条): the first and last numbers, and how many.
    const receipts = plan(db, recorded('min(receipt_no)', 'from "trades" where "business_date" = ?'));
    expect(receipts.join('\n')).toContain('SEARCH trades USING INDEX trades_by_date (business_date=?)');
    // expectedNotes: today's stock less what moved after the day, by date: the bundles' key (028).
    const notes = plan(db, recorded('from "note_bundles" where "business_date" > ?'));
    expect(notes.join('\n')).toContain('SEARCH note_bundles USING PRIMARY KEY (business_date>?)');
    // A transaction's notes (a void's reversal, the hub's event, a movement's view): by its date and id.
    const ofTxn = plan(db, recorded('from "note_bundles" where "business_date" = ? and "txn_id" = ?'));
    expect(ofTxn.join('\n')).toContain('SEARCH note_bundles USING PRIMARY KEY (business_date=? AND txn_id=?)');
    // lastHead and verifyAuditChain: the last close before the day, then the chain from its head on, by id.
    const head = plan(db, recorded('select "summary" from "day_closes" where "business_date" < ?'));
    expect(head.join('\n')).toMatch(/SEARCH day_closes USING (COVERING )?INDEX sqlite_autoindex_day_closes_1 \(business_date<\?\)/);
    const chain = plan(db, recorded('FROM audit_log WHERE id >= ? ORDER BY id'));
    expect(chain).toEqual(['SEARCH audit_log USING INTEGER PRIMARY KEY (rowid>?)']);
    // earlierOpenDay: the first day with business after the last close.
    const earlierTrades = plan(db, recorded('select "business_date" from "trades" where "business_date" > ? and "business_date" < ?'));
    expect(earlierTrades.join('\n')).toContain('SEARCH trades USING COVERING INDEX trades_by_date (business_date>? AND business_date<?)');
    const earlierMoves = plan(db, recorded('select "business_date" from "reserve_movements" where "business_date" > ? and "business_date" < ?'));
    expect(earlierMoves.join('\n')).toContain('SEARCH reserve_movements USING COVERING INDEX reserve_movements_by_date (business_date>? AND business_date<?)');
  });

  it('closing and the reports start from the last closed day: its balances and costs, then the period by date and each account by account', () => {
    const db = h.terminal.ledger;
    // balancesAt: the closed day's balances, then each account's postings since (both forms).
    expect(plan(db, recorded('from "day_balances" where "business_date" = ?')).join('\n')).toContain('SEARCH day_balances USING INDEX sqlite_autoindex_day_balances_1 (business_date=?)');
    const sums = [...statements].filter((x) => x.startsWith('select "account_id", sum(amount_minor) as "total" from "postings"'));
    expect(sums).toHaveLength(2);
    // Every account's postings of the span in one pass by date (migration 027: the index a trade
    // writes one leaf of, not one per account).
    for (const x of sums) expect(plan(db, x).join('\n'), x).toMatch(/SEARCH postings USING INDEX postings_by_date \(business_date>\?/);
    // replayCosts: the closed day's FX stock and cost, the period's standing trades and the movements that move the stock.
    expect(plan(db, recorded('from "day_costs" where "business_date" = ?')).join('\n')).toContain('SEARCH day_costs USING INDEX sqlite_autoindex_day_costs_1 (business_date=?)');
    const replay = plan(db, recorded('"t"."foreign_minor", "t"."rmb_minor" from "trades" as "t"'));
    expect(replay.join('\n')).toContain('SEARCH t USING INDEX trades_by_date (business_date>? AND business_date<?)');
    const moves = plan(db, recorded('select * from "reserve_movements" where "business_date" > ? and "business_date" <= ? and "kind" in'));
    expect(moves.join('\n')).toContain('SEARCH reserve_movements USING INDEX reserve_movements_by_kind (kind=? AND business_date>? AND business_date<?)');
    expect(plan(db, recorded('select "buy_per_100", "sell_per_100" from "rates"')).join('\n')).toContain('SEARCH rates USING INDEX rates_by_currency (currency=? AND effective_at<?)');
    // 附表1 and 附表2: the period's trades with their delivered back-fills, and its reserve movements by kind.
    const flows = plan(db, recorded('sum(foreign_minor) AS foreign_minor', 'FROM trades t'));
    expect(flows.join('\n')).toContain('SEARCH t USING INDEX trades_by_date (business_date>? AND business_date<?)');
    // Each trade's back-fill looked up once (it was three times: 250 of 320 ms on the bench month).
    expect(flows.filter((l) => l.includes('SEARCH o USING INDEX outbox_by_trade (trade_id=?)'))).toHaveLength(1);
    const legs = plan(db, recorded('select "kind", "channel", "in_place"'));
    expect(legs.join('\n')).toContain('SEARCH reserve_movements USING INDEX reserve_movements_by_kind (kind=? AND business_date>? AND business_date<?)');
    // The books' fee income over the period; the reserve ledger's month.
    expect(plan(db, recorded('sum(t.fee_minor * (case when exists (select 1 from refunds r where r.trade_id = t.id) then -1 else 1 end)) as "fee"')).join('\n')).toContain('SEARCH t USING INDEX trades_by_date (business_date>? AND business_date<?)');
    expect(plan(db, recorded('from "reserve_movements" where "business_date" >= ? and "business_date" <= ? and "kind" != ?')).join('\n')).toContain('SEARCH reserve_movements USING INDEX reserve_movements_by_date (business_date>? AND business_date<?)');
  });

  // ---- issue 19 item 7 (inspection, 第四十九条) ----
  it('the journal\'s search reads a period by date, a customer by the customers\' key and their trades by person, a receipt by its number', () => {
    const db = h.terminal.ledger;
    const byDate = plan(db, recorded('from "trades" where "business_date" >= ? and "business_date" <= ? and "currency" = ?'));
    expect(byDate.join('\n')).toContain('SEARCH trades USING INDEX trades_by_date (business_date>? AND business_date<?)');
    const paged = plan(db, recorded('from "trades" where "business_date" >= ? and "business_date" <= ? and "business_date" <= ? and ("business_date" < ? or "receipt_no" < ?)'));
    expect(paged.join('\n')).toContain('SEARCH trades USING INDEX trades_by_date (business_date>? AND business_date<?)');
    const keys = plan(db, recorded('select "person_key" from "customers" where "person_key" >= ? and "person_key" < ?'));
    expect(keys.join('\n')).toMatch(/SEARCH customers USING COVERING INDEX sqlite_autoindex_customers_\d \(person_key>\? AND person_key<\?\)/);
    const byPerson = plan(db, recorded('from "trades" where "person_key" in (?)'));
    expect(byPerson.join('\n')).toContain('SEARCH trades USING INDEX trades_by_person_date (person_key=? AND business_date>? AND business_date<?)');
    const byReceipt = plan(db, recorded('from "trades" where "receipt_no" = ? and "business_date" >= ?'));
    expect(byReceipt.join('\n')).toMatch(/SEARCH trades USING INDEX sqlite_autoindex_trades_\d \(receipt_no=\?\)/);
    for (const p of [byDate, paged, keys, byPerson, byReceipt]) expect(p.filter((l) => fullScan('trades').test(l) || fullScan('customers').test(l))).toEqual([]);
    // The archive's audit entry, by action and day.
    expect(plan(db, recorded('from "audit_log" where "action" = ? and "entity_id" = ?')).join('\n')).toContain('SEARCH audit_log USING INDEX audit_log_by_action (action=?)');
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
    // Since migration 027 (no index on (state, deadline_at)) the queue's status and the sync loop's
    // rows to send read one state through it too; every statement on it names one state.
    const byState = [...statements].filter((s) => /^\s*(select|update|delete|with)\b/i.test(s) && plan(db, s).some((l) => l.includes('outbox_by_state')));
    expect(byState).toContain(listSql);
    for (const s of byState) expect(s, s).toMatch(/"(outbox"\.")?state" = \?.*outbox\.id > 0/s);
    const byTrade = [...statements].filter((s) => /^\s*(select|update)\b/i.test(s) && s.includes('from "outbox" where "trade_id" = ?'));
    expect(byTrade.length).toBeGreaterThan(0);
    for (const s of byTrade) expect(plan(db, s).join('\n'), s).toContain('SEARCH outbox USING INDEX outbox_by_trade (trade_id=?)');
  });

  it('no statement the Terminal prepared scans a table that grows with the business (a page of the newest rows aside)', () => {
    const db = h.terminal.ledger;
    // Every table that gains rows with trades, movements or days. What stays small (the accounts
    // and their balances, the note stock, the banks, the calendar, sqlite_sequence) may be scanned.
    // Not yet: rates (the board's list of currencies reads their index through: eight rows a day).
    // See README "Performance".
    const growing = ['trades', 'voids', 'postings', 'note_bundles', 'reserve_movements', 'outbox', 'audit_log', 'attempts', 'customers',
      'print_jobs', 'day_closes', 'day_balances', 'day_costs', 'handovers', 'day_archives'];
    // A list of the newest rows (the queue, the print jobs, the closed days) reads backwards in
    // rowid or index order and stops at its LIMIT: a page, not the table.
    // The supervisor's audit filter by an every-trade action reads the newest entries by time and
    // stops at its LIMIT: such entries are found at once (migration 027).
    const newestPage = (s: string, p: string[]) => /order by ("\w+"\.)?"(id|business_date|at)" desc(, "id" desc)? limit \?$/.test(s.trim()) && !p.some((l) => l.includes('TEMP B-TREE'));
    const scans = [...statements]
      .filter((s) => /^\s*(select|update|delete|with)\b/i.test(s))
      .flatMap((s) => {
        const p = plan(db, s);
        if (newestPage(s, p)) return [];
        return p.filter((l) => growing.some((t) => fullScan(t).test(l))).map((l) => `${l}   ← ${s}`);
      });
    expect(scans).toEqual([]);
    // The statements of the day close and the reports are among those checked.
    for (const f of ['from "day_balances"', 'from "day_costs"', 'from "note_bundles" where "business_date" > ?', 'sum(foreign_minor) AS foreign_minor', 'FROM audit_log WHERE id >= ?']) {
      expect([...statements].some((s) => s.includes(f)), f).toBe(true);
    }
  });

  // ---- issue 21 (fewer pages per trade, migration 029) ----
  it('a transaction\'s postings are found by its date and id: the void\'s reversal, the hub\'s events, a transfer\'s clearing from its day on', () => {
    const db = h.terminal.ledger;
    const byTxn = [...statements, ...eventStatements].filter((s) => /from "postings".*"txn_id" = \?/.test(s));
    // The reversal (accounts.ts) and the events' reads of a trade, a void, a movement.
    expect(byTxn).toHaveLength(2);
    for (const s of byTxn) expect(plan(db, s).join('\n'), s).toMatch(/SEARCH postings USING INDEX postings_by_date \(business_date=\? AND txn_id=\?\)/);
    expect(byTxn.some((s) => s.includes('inner join "accounts"'))).toBe(true);
    // A transfer's clearing (not in this day's work): its postings from the day it was heard of.
    expect(plan(db, POSTINGS_FROM.sql).join('\n')).toMatch(/SEARCH postings USING INDEX postings_by_date \(business_date>\?\)/);
  });

  // ---- issue 21 (fewer pages per trade, migration 027) ----
  it('the trail by action leaves out the counter\'s every-trade actions: a rarer one by action, an every-trade one newest first by time; the index\'s condition is the code\'s', () => {
    const db = h.terminal.ledger;
    const indexSql = db.prepare("select sql from sqlite_master where name = 'audit_log_by_action'").pluck().get() as string;
    expect(indexSql.replace(/\s+/g, ' ')).toContain(`WHERE ${AUDIT_BY_ACTION_CONDITION}`);
    const byAction = [...statements].filter((s) => /from "audit_log" where/.test(s) && s.includes('"action" = ?') && s.includes(AUDIT_BY_ACTION_CONDITION));
    expect(byAction.length).toBeGreaterThanOrEqual(2); // the archive's entry, the audit filter
    for (const s of byAction) expect(plan(db, s).join('\n'), s).toMatch(/SEARCH audit_log USING INDEX audit_log_by_action \(action=\?/);
    const everyTrade = recorded('from "audit_log" where "action" = ? order by "at" desc');
    expect(plan(db, everyTrade).join('\n')).toMatch(/SCAN audit_log USING INDEX audit_log_by_time/);
    // The trade's own event is found by its time (receiptEventSeq).
    for (const s of [...statements].filter((x) => x.includes('from "audit_log" where "at" = ?'))) expect(plan(db, s).join('\n'), s).toMatch(/SEARCH audit_log USING INDEX audit_log_by_time \(at=\?\)/);
  });

  // ---- issue 21 (no query built twice): the reads held in memory (electron/ledger/held.ts) ----
  it('the board\'s newest rate, the USD table, the closed days and the filings are each one indexed search, no sort', () => {
    const db = h.terminal.ledger;
    // The newest rate of a currency (held; its rowid breaks a tie of two rates of one instant):
    // the index's last entry for the currency, read backwards, no temporary b-tree for the ORDER BY.
    const newest = plan(db, recorded('select * from "rates" where "currency" = ? order by "effective_at" desc, rowid desc limit ?'));
    expect(newest.join('\n')).toContain('SEARCH rates USING INDEX rates_by_currency (currency=?)');
    expect(newest).toEqual(plan(db, RATE_QUERIES.newest.sql));
    // The rate in force at an earlier time (a clock set back, a paper receipt's time): not read on this day.
    const inForce = plan(db, RATE_QUERIES.inForce.sql);
    expect(inForce.join('\n')).toContain('SEARCH rates USING INDEX rates_by_currency (currency=? AND effective_at<?)');
    for (const p of [newest, inForce]) expect(p.filter((l) => l.includes('TEMP B-TREE'))).toEqual([]);
    expect(plan(db, recorded('from "usd_conversion_rates" where "month" = ? and "currency" = ?')).join('\n')).toMatch(/SEARCH usd_conversion_rates USING INDEX sqlite_autoindex_usd_conversion_rates_1 \(month=\? AND currency=\?\)/);
    expect(plan(db, recorded('select "business_date" from "day_closes" where "business_date" = ?')).join('\n')).toMatch(/SEARCH day_closes USING (COVERING )?INDEX sqlite_autoindex_day_closes_1 \(business_date=\?\)/);
    expect(plan(db, recorded('select "business_date" from "outlet_days" where "business_date" = ?')).join('\n')).toMatch(/SEARCH outlet_days USING (COVERING )?INDEX sqlite_autoindex_outlet_days_1 \(business_date=\?\)/);
    expect(plan(db, recorded('select * from "currency_listings" where "currency" = ?')).join('\n')).toMatch(/SEARCH currency_listings USING INDEX \w+ \(currency=\?\)/);
  });

  it('a trade writes no index on outbox state and deadline, nor on trades by time alone, nor postings by account or by transaction alone, nor print jobs by state', () => {
    const names = h.terminal.ledger.prepare("select name from sqlite_master where type = 'index'").pluck().all() as string[];
    expect(names).not.toContain('outbox_pending');
    expect(names).not.toContain('print_jobs_pending');
    expect(names).not.toContain('trades_by_time');
    expect(names).not.toContain('postings_by_account');
    expect(names).not.toContain('postings_by_txn');
    expect(names).toEqual(expect.arrayContaining(['trades_by_date', 'postings_by_date', 'audit_log_by_action', 'outbox_by_state']));
  });
});
