// The ledger's invariants, read straight from the SQLite file with SQL (not through the Terminal),
// so a bug in the Terminal cannot hide itself. Returns the list of violations: empty when sound.
import type BetterSqlite3 from 'better-sqlite3';
import { Decimal, dec } from '../../shared/money/money';
import { POLICY_V1 } from '../../shared/policy';
import { HUB_RECEIPT_BASE } from '../../shared/receipts';
import { PRINTED_ON_PAPER } from '../../electron/ledger/printJobs';

type Db = BetterSqlite3.Database;

interface TradeRow {
  id: string;
  receipt_no: bigint;
  person_key: string;
  business_date: string;
  usd_equivalent: string;
  reporting_path: string;
  /** The void's id: ULIDs from one monotonic source, so they order with trade ids. */
  void_id: string | null;
}

export function ledgerViolations(db: Db, policy = POLICY_V1.params): string[] {
  const v: string[] = [];
  const rows = <T>(sql: string) => db.prepare(sql).safeIntegers(true).all() as T[];

  // Each ledger transaction's postings sum to zero in each currency.
  for (const r of rows<{ txn_id: string; currency: string; s: bigint }>(
    'select txn_id, currency, sum(amount_minor) s from postings group by txn_id, currency having s <> 0',
  )) v.push(`postings of ${r.txn_id} sum to ${r.s} in ${r.currency}`);

  // Every trade has postings; every balance is the sum of its postings; cash is never negative.
  for (const r of rows<{ id: string }>('select t.id from trades t where not exists (select 1 from postings p where p.txn_id = t.id)')) {
    v.push(`trade ${r.id} has no postings`);
  }
  const sums = new Map(rows<{ account_id: string; s: bigint }>('select account_id, sum(amount_minor) s from postings group by account_id').map((r) => [r.account_id, r.s]));
  const balances = rows<{ account_id: string; kind: string; balance_minor: bigint }>('select account_id, kind, balance_minor from account_balances');
  for (const b of balances) {
    if ((sums.get(b.account_id) ?? 0n) !== b.balance_minor) v.push(`balance of ${b.account_id} is ${b.balance_minor}, postings sum to ${sums.get(b.account_id)}`);
    if (b.kind === 'cash' && b.balance_minor < 0n) v.push(`cash ${b.account_id} is negative: ${b.balance_minor}`);
  }
  for (const [account] of sums) if (!balances.some((b) => b.account_id === account)) v.push(`account ${account} has postings but no balance`);

  // Receipt numbers run without a gap within each book (第三十五条(三)), each a trade (standing or
  // void): the counter's own book 1..n, and each book from the hub from its first; never in another
  // counter's book (shared/receipts.ts).
  const numbers = rows<{ receipt_no: bigint }>('select receipt_no from trades order by receipt_no').map((r) => r.receipt_no);
  const books = rows<{ code: string; terminal_id: string; first_no: bigint; last_no: bigint }>('select code, terminal_id, first_no, last_no from receipt_books order by first_no');
  const terminal = rows<{ terminal_id: string }>('select terminal_id from outlet')[0]?.terminal_id;
  // The counter's own books: 1, 2, 3 …, and after each restore from a backup a new one from its first.
  const starts = [1n, ...rows<{ next_own: bigint }>('select next_own from receipt_restarts order by id').map((r) => r.next_own)];
  const own = numbers.filter((n) => n <= BigInt(HUB_RECEIPT_BASE));
  starts.forEach((start, k) => {
    const end = starts[k + 1];
    const inBook = own.filter((n) => n >= start && (end === undefined || n < end));
    inBook.forEach((n, i) => {
      if (n !== start + BigInt(i)) v.push(`receipt number at place ${i + 1} of the counter's own book ${k + 1} is ${n}`);
    });
  });
  for (const b of books) {
    const inBook = numbers.filter((n) => n >= b.first_no && n <= b.last_no);
    if (b.terminal_id !== terminal && inBook.length > 0) v.push(`receipts ${inBook.join(', ')} numbered in book ${b.code} of counter ${b.terminal_id}`);
    inBook.forEach((n, i) => {
      if (n !== b.first_no + BigInt(i)) v.push(`receipt number at place ${i + 1} of book ${b.code} is ${n}`);
    });
  }
  for (const n of numbers) {
    if (n > BigInt(HUB_RECEIPT_BASE) && !books.some((b) => n >= b.first_no && n <= b.last_no)) v.push(`receipt ${n} is in no book`);
  }
  for (const r of rows<{ receipt_no: bigint }>('select v.receipt_no from voids v left join trades t on t.id = v.trade_id where t.receipt_no is null or t.receipt_no <> v.receipt_no')) {
    v.push(`void of receipt ${r.receipt_no} does not match its trade`);
  }

  // Every trade has its print job, and its outbox row unless exempt.
  for (const r of rows<{ id: string }>("select id from trades t where not exists (select 1 from print_jobs j where j.trade_id = t.id and j.kind = 'receipt')")) {
    v.push(`trade ${r.id} has no print job`);
  }
  // The spool takes jobs in id order (migration 030: what is left to print is found after the
  // newest job it took): no job is pending before one it took, a paper receipt's job aside.
  for (const r of db.prepare("select id from print_jobs where state = 'pending' and id < (select max(id) from print_jobs where state <> 'pending' and (error is null or error <> ?))")
    .safeIntegers(true).all(PRINTED_ON_PAPER) as { id: bigint }[]) v.push(`print job ${r.id} is still pending after a later one was taken`);
  for (const r of rows<{ id: string }>("select id from trades t where reporting_path <> 'exempt' and not exists (select 1 from outbox o where o.trade_id = t.id and o.kind in ('realtime', 'backfill'))")) {
    v.push(`reportable trade ${r.id} has no outbox row`);
  }
  for (const r of rows<{ id: string }>("select id from trades where reporting_path = 'realtime' and ref_no is null")) {
    v.push(`real-time trade ${r.id} has no reference number`);
  }

  // Cash by note: the notes in the till and in the safe are worth exactly the balance of that
  // place's cash account, and no note count is negative (004_reserves.sql). Read from the bundles
  // (migration 028: a row per transaction, place, currency and direction, the denominations a JSON
  // object), each denomination by json_each, not from note_stock that their trigger keeps.
  const NOTES = 'select b.location, b.currency, cast(j.key as integer) denomination_minor, b.sign * j.value count from note_bundles b, json_each(b.notes) j';
  const noteValue = new Map(rows<{ k: string; v: bigint }>(
    `select (case location when 'till' then 'cash:' else 'safe:' end) || currency k, sum(denomination_minor * count) v from (${NOTES}) group by location, currency`,
  ).map((r) => [r.k, r.v]));
  for (const b of balances.filter((x) => x.kind === 'cash' || x.kind === 'safe')) {
    if ((noteValue.get(b.account_id) ?? 0n) !== b.balance_minor) v.push(`notes in ${b.account_id} are worth ${noteValue.get(b.account_id) ?? 0n}, the account holds ${b.balance_minor}`);
  }
  for (const r of rows<{ location: string; currency: string; denomination_minor: bigint; n: bigint }>(
    `select location, currency, denomination_minor, sum(count) n from (${NOTES}) group by location, currency, denomination_minor having n < 0`,
  )) v.push(`${r.location} holds ${r.n} notes of ${r.denomination_minor} ${r.currency}`);
  // note_stock, kept by the bundles' trigger (028), is exactly their sum, denomination by denomination.
  for (const r of rows<{ location: string; currency: string; d: bigint; stock: bigint | null; moved: bigint | null }>(
    `select location, currency, d, sum(stock) stock, sum(moved) moved from (
       select location, currency, denomination_minor d, count stock, 0 moved from note_stock
       union all select location, currency, denomination_minor d, 0 stock, count moved from (${NOTES}))
     group by location, currency, d having sum(stock) <> sum(moved)`,
  )) v.push(`note_stock holds ${r.stock} notes of ${r.d} ${r.currency} in the ${r.location}, the bundles say ${r.moved}`);
  // A reserve account is the institution's at a counter of a hub (migration 020): this counter's
  // share of it may be below zero (another counter paid in what it took out); the hub held the
  // money against the whole. At a standalone terminal it is the whole, never below zero.
  const hubCounter = rows<{ n: bigint }>('select count(*) n from hub_reference')[0]!.n > 0n;
  for (const r of rows<{ account_id: string; balance_minor: bigint }>(`select account_id, balance_minor from account_balances where kind in ('safe', 'travellers_cheques'${hubCounter ? '' : ", 'reserve_account'"}) and balance_minor < 0`)) {
    v.push(`${r.account_id} is negative: ${r.balance_minor}`);
  }

  // Notes between counters (016_cash_transfers.sql): what is in transit is exactly what this
  // counter sent and has not heard was counted; interoffice is what it sent and heard was counted,
  // less what it counted in from others (at what they sent: a difference is its over/short).
  const transitOf = new Map(rows<{ currency: string; s: bigint }>(
    "select currency, sum(amount_minor) s from cash_transfers where from_terminal = (select terminal_id from outlet) and cleared_at is null group by currency",
  ).map((r) => [r.currency, r.s]));
  const officeOf = new Map(rows<{ currency: string; s: bigint }>(
    'select currency, sum(case when from_terminal = (select terminal_id from outlet) then (case when cleared_at is not null then amount_minor else 0 end) ' +
    'else (case when received_at is not null then -amount_minor else 0 end) end) s from cash_transfers group by currency',
  ).map((r) => [r.currency, r.s]));
  const balanceOf = (kind: string, currency: string) => balances.find((b) => b.kind === kind && b.account_id === `${kind}:${currency}`)?.balance_minor ?? 0n;
  for (const c of new Set([...transitOf.keys(), ...officeOf.keys(), ...balances.filter((b) => b.kind === 'in_transit' || b.kind === 'interoffice').map((b) => b.account_id.split(':')[1]!)])) {
    if (balanceOf('in_transit', c) !== (transitOf.get(c) ?? 0n)) v.push(`in_transit:${c} is ${balanceOf('in_transit', c)}, transfers not known counted sum to ${transitOf.get(c) ?? 0n}`);
    if (balanceOf('interoffice', c) !== (officeOf.get(c) ?? 0n)) v.push(`interoffice:${c} is ${balanceOf('interoffice', c)}, transfers counted sum to ${officeOf.get(c) ?? 0n}`);
  }
  for (const r of rows<{ id: string }>('select id from cash_transfers where cleared_at is not null and received_at is null')) v.push(`transfer ${r.id} cleared but not counted`);

  // 第二十九条 and 第三十二条(一), checked in commit order on the standing trades of each person-day.
  const trades = rows<TradeRow>(
    'select t.id, t.receipt_no, t.person_key, t.business_date, t.usd_equivalent, t.reporting_path, v.id void_id ' +
      'from trades t left join voids v on v.trade_id = t.id order by t.receipt_no',
  );
  const byDay = new Map<string, TradeRow[]>();
  for (const t of trades) {
    const key = `${t.person_key}|${t.business_date}`;
    byDay.set(key, [...(byDay.get(key) ?? []), t]);
  }
  const limit = dec(policy.dailyLimitUsd);
  for (const [key, list] of byDay) {
    const total = list.filter((t) => t.void_id === null).reduce((s, t) => s.plus(dec(t.usd_equivalent)), new Decimal(0));
    if (total.gt(limit)) v.push(`${key} totals ${total.toString()} USD, over the daily limit`);
    list.forEach((t, i) => {
      const standingBefore = list.slice(0, i).filter((p) => p.void_id === null || p.void_id > t.id).length;
      const mustBeRealtime = dec(t.usd_equivalent).gt(dec(policy.realtimeSingleUsd)) || standingBefore >= policy.realtimeAfterTrades;
      if (mustBeRealtime && t.reporting_path !== 'realtime') {
        v.push(`receipt ${t.receipt_no} (${t.usd_equivalent} USD, ${standingBefore} trades before) is ${t.reporting_path}, must be real-time`);
      }
    });
  }
  return v;
}

export function integrityCheck(db: Db): string {
  return String(db.pragma('integrity_check', { simple: true }));
}
