// The synthetic ledger of a busy outlet, written straight into the schema with bulk INSERTs
// (committing 2.7 million trades through the Terminal at ~2 ms each would take 1.5 hours).
//
// It writes what the Terminal writes for each trade (trades.ts: tradeRow, tradePostings, the
// outbox row, the print job, the audit entry; customers on first sight; voids with their
// reversing postings and cancels; refused attempts; the daily rate board and the monthly USD
// conversion table), with the same formats: amounts as INTEGER minor units, rates and USD
// equivalents as exact decimal TEXT (computed here in integers, checked against shared/pricing.ts
// on a sample), receipt numbers 1..n without a gap in time order. Customers come back: regulars,
// walk-ins, and walk-ins returning within a month (foreigners changing their RMB back, some with
// their original receipt).
//
// And what the reserves and the day close write (reserves.ts, dayClose.ts): a reserve account per
// currency at one bank and the basic account; the float from the institution when the till would
// run short; the cash-in-transit van twice a week (deposits of what the till holds beyond its
// float, withdrawals of what it lacks), the bank's rebalancing on Wednesdays, the monthly transfer
// from the basic account; the till's notes with every transaction, as live trading writes them,
// and made a usable mix at each day's end (see cashNotes, tillNotesAtEnd); and every day closed
// at 23:00 but the last two (the eve of "now", made the busiest day, and "now"): its summary with the audit chain's head, every account's closing balance and the FX
// stock's average cost (replayCosts' rules, replayed here day by day). verify.ts checks all of it
// against the Terminal's own code on a small build.
//
// Speed: the big tables' secondary indexes and the balance trigger are dropped while the rows go
// in (journal off, one connection) and recreated from their own SQL afterwards, so the schema
// ends exactly as the migrations made it; balances are the sums kept here. Not the indexes whose
// keys arrive in random order (by person): CREATE INDEX packs its pages full, so every later
// insert would split one, where a ledger that grew trade by trade has room in most pages (each
// commit would write ~4 pages of that index instead of ~1). The caller builds into a temporary
// file and renames it when complete.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { chainCursor, chainStart } from '../../electron/ledger/audit';
import { openLedger } from '../../electron/ledger/db';
import { TEST_KEY } from '../helpers/key';
import { loadMigrations, schemaVersion } from '../../electron/ledger/migrate';
import type { Database } from '../../electron/ledger/sql';
import { monitoringEntry } from '../../electron/monitoring/entry';
import { ensureBasePolicy, initOutlet } from '../../electron/terminal/settings';
import { failure } from '../../shared/errors';
import { Decimal, dec, formatUsd, fromMinor, toMinor } from '../../shared/money/money';
import { denominationsMinor, proposePayout, type Notes } from '../../shared/money/denominations';
import { bundleText } from '../../electron/ledger/notes';
import { price, usdEquivalent } from '../../shared/pricing';
import { POLICY_V1 } from '../../shared/policy';
import { addDays } from '../../shared/time';
import {
  CURRENCY_SPECS,
  GENERATOR_VERSION,
  HEAVY_CUSTOMER_IDX,
  HEAVY_TRADES,
  LAST_DAY_CUTOFF_HOUR,
  OUTLET,
  customerOf,
  homeCurrency,
  personKeyOf,
  prng,
  type BuildParams,
  type CurrencySpec,
  type Marker,
  type SyntheticCustomer,
} from './common';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHINA = 8 * HOUR;
/** USD equivalents are kept as integers of 1e-10 USD: minor units (≤ 2 decimals) × 8-decimal rates. */
const USD_SCALE = 10;
const USD_UNIT = 10 ** USD_SCALE;
const P = POLICY_V1.params;
const DAILY_LIMIT = Number(P.dailyLimitUsd) * USD_UNIT;
const NEAR_LIMIT = Number(P.prompts.nearDailyLimitUsd) * USD_UNIT;
const REALTIME_SINGLE = Number(P.realtimeSingleUsd) * USD_UNIT;
const RECONVERSION_FREE = Number(P.reconversionReceiptUsd) * USD_UNIT;
const ANNUAL_QUOTA = Number(P.annualQuotaUsd) * USD_UNIT;
const REGULARS = 40_000;
/** The last days are left open (not closed): the eve of "now" (the busiest day) and "now". */
export const OPEN_DAYS = 2;
/** The outlet's reserve bank (第四十二条: up to three same-city banks; this outlet has one). */
const RESERVE_BANK = '中国银行北京首都机场支行';
const BASIC_BANK = '中国工商银行北京顺义支行';
const BASIC_ACCOUNT_NO = '0200001109000012345';
const TELLERS = [['teller1', 'teller2'], ['teller3', 'teller4']] as const;

export interface BuildOptions {
  path: string;
  params: BuildParams;
  onProgress?: (p: { day: string; trades: number; expected: number; phase: string }) => void;
  /** Check every n-th trade against shared/pricing.ts and monitoringEntry (0: never). */
  checkEvery?: number;
}

// ---- exact decimal text from integers (the form decimal.js prints: no trailing zeros) ----

export function decimalText(n: number, scale: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`decimalText: ${n} is not a safe non-negative integer`);
  if (scale === 0) return String(n);
  const s = String(n).padStart(scale + 1, '0');
  const whole = s.slice(0, -scale);
  const frac = s.slice(-scale).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID at `ms` with a random part from the build's PRNG (ids sort by time, as the Terminal's do). */
function ulidAt(ms: number, rand: () => number): string {
  let t = ms;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = B32[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  let r = '';
  for (let i = 0; i < 16; i++) r += B32[(rand() * 32) | 0]!;
  return time + r;
}

const iso = (ms: number) => new Date(ms).toISOString();
const chinaMidnight = (date: string) => Date.parse(`${date}T00:00:00Z`) - CHINA;
const detailJson = (v: unknown) => JSON.stringify(v);

/**
 * A till's notes for an amount, as an outlet keeps them: up to 1,024 of each smaller note while at
 * least half the amount is left for the largest (floatNotes' rule, with a power of two so that
 * 50s never leave an amount 20s cannot make), the rest as the counter would pay it.
 */
/**
 * Notes worth at most `amountMinor`, the largest first, from `stock` when given (what a till holds)
 * or from an unlimited supply (what a customer hands over).
 */
export function largestFirst(currency: string, amountMinor: bigint, stock: Notes | undefined): Notes {
  const notes: Notes = new Map();
  let left = amountMinor;
  for (const d of [...denominationsMinor(currency)].sort((a, b) => (a > b ? -1 : 1))) {
    let n = left / d;
    if (stock) n = n < (stock.get(d) ?? 0n) ? n : (stock.get(d) ?? 0n);
    if (n > 0n) {
      notes.set(d, n);
      left -= n * d;
    }
  }
  return notes;
}

export function usableNotes(currency: string, amountMinor: bigint): Notes | undefined {
  const denoms = denominationsMinor(currency);
  const notes: Notes = new Map();
  let left = amountMinor;
  for (const d of [...denoms].reverse().slice(0, -1)) {
    let n = 1024n;
    while (n > 0n && (left - n * d) * 2n < amountMinor) n /= 2n;
    if (n > 0n) {
      notes.set(d, n);
      left -= n * d;
    }
  }
  const rest = proposePayout(currency, left, new Map(denoms.map((d) => [d, left / d + 1n])));
  if (!rest) return undefined;
  for (const [d, n] of rest) notes.set(d, (notes.get(d) ?? 0n) + n);
  return notes;
}

// ---- batched multi-row INSERTs ----

class Batch {
  private buf: unknown[] = [];
  private rows = 0;
  private readonly multi;
  private readonly single;
  count = 0;
  constructor(db: Database, table: string, private readonly cols: readonly string[], private readonly per: number) {
    const one = `(${cols.map(() => '?').join(',')})`;
    this.multi = db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${Array(per).fill(one).join(',')}`);
    this.single = db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${one}`);
  }
  add(row: readonly unknown[]): void {
    if (row.length !== this.cols.length) throw new Error(`row of ${row.length} values for ${this.cols.length} columns`);
    for (const v of row) this.buf.push(v);
    this.count++;
    if (++this.rows === this.per) {
      this.multi.run(this.buf);
      this.buf = [];
      this.rows = 0;
    }
  }
  flush(): void {
    const n = this.cols.length;
    for (let i = 0; i < this.rows; i++) this.single.run(this.buf.slice(i * n, (i + 1) * n));
    this.buf = [];
    this.rows = 0;
  }
}

// ---- the outlet's world ----

interface Board {
  spec: CurrencySpec;
  /** CNY per 100 units, as a float only to walk the market; what is stored is the integer below. */
  mid: number;
  rateId: string;
  /** Rates × 10^4 (the board quotes at most 4 decimals). */
  buy: number;
  sell: number;
  buyText: string;
  sellText: string;
  /** USD per unit × 10^8 for the month, and its text. */
  usdPerUnit: number;
  usdPerUnitText: string;
}

/** A posting as tradePostings (trades.ts) makes it: account kind, currency, amount in minor units (and the account's id when several share a kind and currency: a reserve account per bank). */
type Leg = [kind: string, currency: string, amountMinor: number, account?: string];

interface DayPerson {
  usd: number;
  standing: number;
  reconverted: number;
}

interface Receipt {
  receiptNo: number;
  date: string;
  /** RMB the customer received (rmb − fee) and what was changed back since, in fen. */
  received: number;
  reconverted: number;
  voided: boolean;
}

interface TradeRec {
  id: string;
  receiptNo: number;
  ms: number;
  at: string;
  date: string;
  idx: number;
  currency: string;
  tradeType: 'JH' | 'GH';
  direction: 'settlement' | 'purchase';
  kind: string;
  path: 'realtime' | 'backfill';
  refNo: string | null;
  usdUnits: number;
  postings: Leg[];
  teller: string;
  outbox: OutboxRec;
  originalReceipt: Receipt | undefined;
  rmbPaid: number;
  voided: boolean;
  foreignMinor: number;
  rmb: number;
}

/** An event of the average-cost replay (books.ts), in the order replayCosts reads them. */
interface CostEvent {
  ms: number;
  /** Trades come before movements at the same instant (replayCosts reads the trades first). */
  order: 0 | 1;
  kind: string;
  seq: number;
  currency: string;
  /** Foreign minor units in (+) or out (−). */
  foreign: bigint;
  /** RMB fen paid or received; undefined: valued at the day's mid rate. */
  rmb: bigint | undefined;
}

interface OutboxRec {
  id: number;
  tradeId: string;
  kind: 'realtime' | 'backfill' | 'cancel';
  payload: string;
  createdMs: number;
  deadline: string | null;
  state: 'pending' | 'delivered' | 'not_needed';
  attempts: number;
  nextAttempt: string | null;
  lastError: string | null;
  refNo: string | null;
  updatedMs: number;
}

/** The daily volume: weekdays, the holidays (Spring Festival, Golden Week), summer, some noise. */
function dayWeights(first: string, days: number, rand: () => number): number[] {
  const weekday = [1.06, 0.95, 0.9, 0.92, 0.97, 1.08, 1.12]; // Sun … Sat
  const w: number[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    const [, m, d] = date.split('-').map(Number) as [number, number, number];
    let f = weekday[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
    if (m === 10 && d <= 7) f *= 1.7;
    else if (m === 2 && d <= 14) f *= 1.45;
    else if (m === 7 || m === 8) f *= 1.15;
    else if (m === 1 && d >= 20) f *= 1.2;
    f *= 1 + (rand() - 0.5) * 0.16;
    w.push(f);
  }
  return w;
}

/** Trade times of a day, in ms after China midnight: opening hours 08:00–22:00, busiest mid-afternoon. */
function tradeTimes(n: number, rand: () => number): number[] {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = rand() < 0.45 ? rand() : (rand() + rand() + rand()) / 3;
    t.push(8 * HOUR + Math.floor(u * 14 * HOUR));
  }
  return t.sort((a, b) => a - b);
}

function lognormal(rand: () => number, median: number, sigma: number): number {
  const u1 = Math.max(rand(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rand());
  return median * Math.exp(sigma * z);
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function weighted(rand: () => number): CurrencySpec {
  const total = CURRENCY_SPECS.reduce((s, c) => s + c.weight, 0);
  let x = rand() * total;
  for (const c of CURRENCY_SPECS) if ((x -= c.weight) < 0) return c;
  return CURRENCY_SPECS[0]!;
}

/** RMB (fen) for `foreignMinor` at a rate ×10^4: half-up to the fen, as shared/pricing.ts. */
function rmbFen(foreignMinor: number, rate: number, spec: CurrencySpec): number {
  const den = 10 ** (spec.minorUnits + 4);
  const num = foreignMinor * rate;
  if (!Number.isSafeInteger(2 * num + den)) throw new Error('rmbFen overflow');
  return Math.floor((2 * num + den) / (2 * den));
}

/** USD equivalent in 1e-10 USD: foreign minor units × USD per unit (×10^8). */
function usdUnitsOf(foreignMinor: number, board: Board): number {
  const u = foreignMinor * board.usdPerUnit * 10 ** (2 - board.spec.minorUnits);
  if (!Number.isSafeInteger(u)) throw new Error('usd overflow');
  return u;
}

export function buildLedger(opts: BuildOptions): Omit<Marker, 'buildSeconds' | 'builtAt'> {
  const { params } = opts;
  const rand = prng(params.seed);
  const idRand = prng(params.seed ^ 0x51ed270b);
  const lastDay = params.endDate;
  const days = Math.round(params.years * 365.25);
  const firstDay = addDays(lastDay, -(days - 1));
  const weights = dayWeights(firstDay, days, rand);
  const mean = weights.reduce((s, w) => s + w, 0) / days;
  const counts = weights.map((w) => Math.max(1, Math.round((params.perDay * w) / mean)));
  // Every day is closed as the outlet closes it, but the last two: the eve of "now" and "now"
  // itself. The eve is made the busiest day of the ledger, so that the day close the benchmark
  // times is the busiest day's, run when a teller runs it (the next morning, with the audit chain
  // verified from the last close's head), not a day years back re-opened.
  const openFrom = Math.max(0, days - OPEN_DAYS);
  if (days >= 2) counts[days - 2] = Math.ceil(Math.max(...counts) * 1.06);
  const expected = counts.reduce((s, c) => s + c, 0);

  const db = openLedger(opts.path, TEST_KEY, loadMigrations());
  const startAt = iso(chinaMidnight(firstDay) + 7 * HOUR);
  ensureBasePolicy(db, startAt);
  initOutlet(db, OUTLET, startAt);
  const auditChain = chainCursor(db);

  // Bulk mode: no journal, no fsync, a big cache, one connection; foreign keys are ours to keep.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -1000000');
  db.pragma('temp_store = MEMORY');
  db.pragma('locking_mode = EXCLUSIVE');
  const bigTables = ['trades', 'postings', 'outbox', 'print_jobs', 'audit_log', 'attempts', 'voids', 'customers'];
  const growing = ['trades_by_person_date', 'attempts_by_person_date'];
  const indexes = (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${bigTables.map(() => '?').join(',')}) ORDER BY name`)
    .all(...bigTables) as { name: string; sql: string }[]).filter((i) => !growing.includes(i.name));
  const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'postings_keep_balance'").pluck().get() as string;
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  db.exec('DROP TRIGGER postings_keep_balance');

  const B = {
    trades: new Batch(db, 'trades', ['id', 'receipt_no', 'outlet_code', 'terminal_id', 'business_date', 'created_at', 'customer_id', 'person_key', 'id_type', 'id_number', 'country', 'supplementary_id', 'customer_name', 'residency', 'direction', 'kind', 'trade_type', 'currency', 'foreign_minor', 'rmb_minor', 'fee_minor', 'rate_id', 'rate_per_100', 'usd_equivalent', 'usd_per_unit', 'usd_rate_month', 'payment_in', 'payment_out', 'reporting_path', 'channel', 'ref_no', 'fund_attribute', 'notice_given', 'original_receipt_no', 'policy_version', 'prompts', 'teller_id', 'supervisor_id'], 40),
    postings: new Batch(db, 'postings', ['txn_id', 'txn_kind', 'account_id', 'currency', 'amount_minor', 'business_date', 'created_at'], 200),
    outbox: new Batch(db, 'outbox', ['id', 'trade_id', 'kind', 'payload', 'deadline_at', 'state', 'attempts', 'next_attempt_at', 'last_error', 'ref_no', 'created_at', 'updated_at'], 100),
    print: new Batch(db, 'print_jobs', ['trade_id', 'kind', 'copy_no', 'state', 'error', 'requested_by', 'created_at', 'updated_at'], 150),
    audit: new Batch(db, 'audit_log', ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash'], 200),
    customers: new Batch(db, 'customers', ['id', 'person_key', 'id_type', 'id_number', 'country', 'supplementary_id', 'name', 'residency', 'created_at', 'updated_at'], 100),
    voids: new Batch(db, 'voids', ['id', 'trade_id', 'receipt_no', 'reason', 'teller_id', 'supervisor_id', 'business_date', 'created_at'], 100),
    attempts: new Batch(db, 'attempts', ['id', 'created_at', 'business_date', 'person_key', 'id_type', 'id_number', 'country', 'customer_name', 'direction', 'kind', 'currency', 'foreign_minor', 'rmb_minor', 'usd_equivalent', 'reason_code', 'reason_zh', 'reason_en', 'policy_version', 'teller_id'], 50),
    reserve: new Batch(db, 'reserve_movements', ['id', 'kind', 'channel', 'counterparty', 'place', 'same_city', 'method', 'account_no', 'in_place', 'in_currency', 'in_minor', 'out_place', 'out_currency', 'out_minor', 'rate_per_100', 'note', 'actor', 'supervisor_id', 'business_date', 'created_at'], 40),
    // Notes kept with the trade (issue 21, migration 028): a row per transaction, place, currency and direction.
    notes: new Batch(db, 'note_bundles', ['business_date', 'txn_id', 'location', 'currency', 'sign', 'notes', 'created_at'], 100),
    closes: new Batch(db, 'day_closes', ['business_date', 'closed_at', 'closed_by', 'supervisor_id', 'variance_reason', 'summary'], 1),
    dayBalances: new Batch(db, 'day_balances', ['business_date', 'account_id', 'balance_minor'], 200),
    dayCosts: new Batch(db, 'day_costs', ['business_date', 'currency', 'stock_minor', 'cost_minor'], 50),
    rates: new Batch(db, 'rates', ['id', 'currency', 'buy_per_100', 'sell_per_100', 'fee_minor', 'effective_at', 'set_by'], 50),
    usdRates: new Batch(db, 'usd_conversion_rates', ['month', 'currency', 'usd_per_unit', 'imported_at', 'imported_by'], 50),
    accounts: new Batch(db, 'accounts', ['id', 'kind', 'currency'], 1),
  };

  // ---- state ----
  const boards = new Map<string, Board>(CURRENCY_SPECS.map((spec) => [spec.code, { spec, mid: spec.mid, rateId: '', buy: 0, sell: 0, buyText: '', sellText: '', usdPerUnit: 0, usdPerUnitText: '' }]));
  const balances = new Map<string, { kind: string; currency: string; minor: bigint }>();
  /** The notes in the till per currency, as the note bundles (note_stock) hold them, trade by trade. */
  const tillNotes = new Map<string, Notes>();
  const customerIds = new Map<number, string>();
  const receipts = new Map<number, Receipt>();
  const annual = new Map<number, number>();
  let annualYear = '';
  let walkins = REGULARS;
  const walkinsAtDay: number[] = [];
  let receiptNo = 0;
  let outboxId = 0;
  let refSeq = 0;
  let postingCount = 0;
  let voidCount = 0;
  let attemptCount = 0;
  let movementCount = 0;
  let costSeq = 0;
  let closedDays = 0;
  const perDayActual = new Map<string, number>();
  const heavy = customerOf(HEAVY_CUSTOMER_IDX);
  const checkEvery = opts.checkEvery ?? 997;

  // Day-local buffers, written in time order at the end of each day.
  let dayPostings: { ms: number; row: unknown[] }[] = [];
  /** The day's audit entries; `beforeChained` sees the chain's head just before its entry (the day close keeps it). */
  let dayAudit: { ms: number; row: unknown[]; beforeChained?: (head: { id: number; hash: string }) => void }[] = [];
  let dayOutbox: OutboxRec[] = [];
  /** What moves the FX stock's average cost (books.ts replayCosts): the day's trades and movements. */
  let dayCostEvents: CostEvent[] = [];

  function audit(ms: number, actor: string, action: string, entity: string, entityId: string, detail: unknown, beforeChained?: (head: { id: number; hash: string }) => void): void {
    dayAudit.push({ ms, row: [iso(ms), actor, action, entity, entityId, detailJson(detail ?? {})], ...(beforeChained ? { beforeChained } : {}) });
  }

  function account(kind: string, currency: string, id = `${kind}:${currency}`): string {
    if (!balances.has(id)) {
      balances.set(id, { kind, currency, minor: 0n });
      B.accounts.add([id, kind, currency]);
    }
    return id;
  }

  function post(txnId: string, txnKind: string, date: string, ms: number, postings: readonly Leg[]): void {
    const at = iso(ms);
    for (const [kind, currency, amount, explicit] of postings) {
      if (amount === 0) continue;
      const id = account(kind, currency, explicit);
      balances.get(id)!.minor += BigInt(amount);
      dayPostings.push({ ms, row: [txnId, txnKind, id, currency, amount, date, at] });
      postingCount++;
      if (kind === 'cash') cashNotes(txnId, date, at, currency, BigInt(amount));
    }
  }

  /**
   * The notes of a transaction's cash leg, as live trading writes them (issue 21: "a synthetic
   * ledger whose note movements are as many as live trading writes"): one bundle per transaction,
   * currency and direction (migration 028). Notes in: the amount in the largest notes that fit.
   * Notes out: the counter's proposal from the till's notes (proposePayout), or as much as the
   * largest notes there make when it cannot make the amount exactly. Written in the order the
   * transactions are made, so that note_stock never goes below zero; the value the notes miss
   * (cents, a payout the mix could not make) is made good at the day's end (tillNotesAtEnd).
   */
  function cashNotes(txnId: string, date: string, at: string, currency: string, amount: bigint): void {
    const stock = tillNotes.get(currency) ?? tillNotes.set(currency, new Map()).get(currency)!;
    const sign = amount > 0n ? 1n : -1n;
    const minor = amount > 0n ? amount : -amount;
    const notes = sign > 0n ? largestFirst(currency, minor, undefined) : (proposePayout(currency, minor, stock) ?? largestFirst(currency, minor, stock));
    if (notes.size === 0) return;
    for (const [d, n] of notes) {
      const v = (stock.get(d) ?? 0n) + sign * n;
      if (v === 0n) stock.delete(d); else stock.set(d, v);
    }
    B.notes.add([date, txnId, 'till', currency, sign, bundleText(notes), at]);
  }

  const cash = (currency: string) => balances.get(`cash:${currency}`)?.minor ?? 0n;
  const minorUnitsOf = (currency: string) => (currency === 'CNY' ? 2 : boards.get(currency)!.spec.minorUnits);

  // ---- reserves (reserves.ts): one bank with a reserve account per currency, the basic account ----

  const setupAt = chinaMidnight(firstDay) + 7 * HOUR + 40 * 60_000;
  const reserveAccounts = new Map<string, { id: string; accountNo: string; key: string }>();
  {
    const at = iso(setupAt);
    db.prepare('INSERT INTO basic_account (id, bank_name, account_no, set_at, set_by) VALUES (1, ?, ?, ?, ?)').run(BASIC_BANK, BASIC_ACCOUNT_NO, at, 'mgr1');
    audit(setupAt, 'mgr1', 'reserves.setBasicAccount', 'basic_account', '1', { bankName: BASIC_BANK, accountNo: BASIC_ACCOUNT_NO, actor: 'mgr1' });
    const bankId = ulidAt(setupAt, idRand);
    db.prepare('INSERT INTO reserve_banks (id, name, created_at, created_by) VALUES (?, ?, ?, ?)').run(bankId, RESERVE_BANK, at, 'mgr1');
    // 第四十二条(二): the RMB account first, each FX account paired with it at the same bank.
    for (const [n, currency] of ['CNY', ...CURRENCY_SPECS.map((c) => c.code)].entries()) {
      const id = ulidAt(setupAt, idRand);
      const accountNo = `3374${String(5801 + n).padStart(14, '0')}`;
      db.prepare('INSERT INTO reserve_accounts (id, bank_id, currency, account_no, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(id, bankId, currency, accountNo, at, 'mgr1');
      audit(setupAt, 'mgr1', 'reserves.openAccount', 'reserve_account', id, { bankName: RESERVE_BANK, currency, accountNo, actor: 'mgr1' });
      reserveAccounts.set(currency, { id, accountNo, key: `reserve_account:${id}` });
    }
  }
  const reserveBalance = (currency: string) => balances.get(reserveAccounts.get(currency)!.key)?.minor ?? 0n;

  type Place = { place: string; currency: string; minor: number };
  /**
   * One reserve movement as applyMovement (reserves.ts) writes it: the reserve-ledger row, its
   * postings (the other side of each leg first, then out, then in) and the audit entry. The notes
   * that move in or out of the till are in the day's note movements (see the end of each day).
   */
  function movement(m: {
    ms: number; date: string; kind: string; channel?: string; counterparty?: string; method: 'cash' | 'transfer'; accountNo?: string;
    in?: Place; out?: Place; counter?: Leg[]; rate?: string; note: string; actor?: string;
  }): string {
    const id = ulidAt(m.ms, idRand);
    const actor = m.actor ?? 'mgr1';
    const leg = (p: Place, sign: number): Leg => {
      if (p.place === 'till') return ['cash', p.currency, sign * p.minor];
      const a = [...reserveAccounts.values()].find((x) => x.id === p.place)!;
      return ['reserve_account', p.currency, sign * p.minor, a.key];
    };
    const legs: Leg[] = [...(m.counter ?? [])];
    if (m.out) legs.push(leg(m.out, -1));
    if (m.in) legs.push(leg(m.in, 1));
    post(id, 'movement', m.date, m.ms, legs);
    B.reserve.add([
      id, m.kind, m.channel ?? null, m.counterparty ?? null, null, null, m.method, m.accountNo ?? null,
      m.in?.place ?? null, m.in?.currency ?? null, m.in?.minor ?? null, m.out?.place ?? null, m.out?.currency ?? null, m.out?.minor ?? null,
      m.rate ?? null, m.note, actor, null, m.date, iso(m.ms),
    ]);
    const side = (p: Place | undefined) => (p ? { place: p.place, currency: p.currency, minor: String(p.minor) } : null);
    audit(m.ms, actor, `reserves.${m.kind}`, 'reserve_movement', id, { in: side(m.in), out: side(m.out), channel: m.channel ?? null });
    // replayCosts: a float or a rebalancing moves the FX stock; deposits and withdrawals do not.
    if (m.kind === 'float_in' || m.kind === 'rebalance') {
      const rmbIn = m.in?.currency === 'CNY' ? m.in.minor : undefined;
      const rmbOut = m.out?.currency === 'CNY' ? m.out.minor : undefined;
      if (m.in && m.in.currency !== 'CNY') dayCostEvents.push({ ms: m.ms, order: 1, kind: m.kind, seq: costSeq++, currency: m.in.currency, foreign: BigInt(m.in.minor), rmb: rmbOut === undefined ? undefined : BigInt(rmbOut) });
      if (m.out && m.out.currency !== 'CNY') dayCostEvents.push({ ms: m.ms, order: 1, kind: m.kind, seq: costSeq++, currency: m.out.currency, foreign: -BigInt(m.out.minor), rmb: rmbIn === undefined ? undefined : BigInt(rmbIn) });
    }
    movementCount++;
    return id;
  }

  /** 第四十五条(一): the float the institution hands the outlet (cash.fund: 系统内调入), before cash would run out. */
  function fund(currency: string, minor: number, ms: number, date: string, note: string): void {
    movement({ ms, date, kind: 'float_in', channel: 'internal', counterparty: '本机构', method: 'cash', in: { place: 'till', currency, minor }, counter: [['capital', currency, -minor]], note });
  }

  /**
   * The cash-in-transit van comes on Mondays and Thursdays before opening: what the till holds
   * beyond its float goes to the reserve account (存钞), what it lacks comes from it (提钞).
   * On Wednesdays the bank rebalances (第四十五条(三), 与开户银行调剂): a currency piling up in its
   * reserve account is sold for RMB, one running short is bought. Once a month RMB comes in from
   * the basic account (第四十四条: 转入, at most once a month).
   */
  function reserveWork(date: string, midnight: number, firstOfMonth: boolean): void {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    let ms = midnight + 7 * HOUR + 52 * 60_000;
    const next = () => (ms += 20_000);
    const cny = reserveAccounts.get('CNY')!;
    if (firstOfMonth) {
      const minor = 50_000_000; // 500,000.00 CNY
      movement({
        ms: next(), date, kind: 'transfer_in', method: 'transfer', accountNo: cny.accountNo, counterparty: `基本户 ${BASIC_BANK} ${BASIC_ACCOUNT_NO}`,
        in: { place: cny.id, currency: 'CNY', minor }, counter: [['basic', 'CNY', -minor]], note: '基本户转入备付金 monthly transfer in',
      });
    }
    if (weekday === 1 || weekday === 4) {
      for (const currency of ['CNY', ...CURRENCY_SPECS.map((c) => c.code)]) {
        const a = reserveAccounts.get(currency)!;
        const unit = currency === 'CNY' ? 10_000n : BigInt(boards.get(currency)!.spec.noteMinor); // RMB in 100-yuan notes
        const target = BigInt(topUpFor(currency));
        const till = cash(currency);
        if (till > (target * 3n) / 2n) {
          const minor = Number(((till - target) / unit) * unit);
          if (minor > 0) movement({ ms: next(), date, kind: 'cash_deposit', method: 'cash', accountNo: a.accountNo, out: { place: 'till', currency, minor }, in: { place: a.id, currency, minor }, note: '存钞 cash to the reserve account' });
        } else if (till < (target * 4n) / 5n) {
          const want = target - till;
          const have = reserveBalance(currency);
          const minor = Number((((want < have ? want : have)) / unit) * unit);
          if (minor > 0) movement({ ms: next(), date, kind: 'cash_withdrawal', method: 'cash', accountNo: a.accountNo, out: { place: a.id, currency, minor }, in: { place: 'till', currency, minor }, note: '提钞 cash from the reserve account' });
        }
      }
    }
    if (weekday === 3) {
      for (const spec of CURRENCY_SPECS) {
        const b = boards.get(spec.code)!;
        const a = reserveAccounts.get(spec.code)!;
        const target = BigInt(topUpFor(spec.code));
        const held = reserveBalance(spec.code);
        const unit = BigInt(spec.noteMinor);
        if (held > 2n * target) {
          // Sell the surplus to the bank at about the board's buy rate.
          const minor = Number(((held - target) / unit) * unit);
          const rmb = rmbFen(minor, b.buy, spec);
          movement({
            ms: next(), date, kind: 'rebalance', channel: 'bank', counterparty: RESERVE_BANK, method: 'transfer', accountNo: `${cny.accountNo} / ${a.accountNo}`, rate: b.buyText,
            in: { place: cny.id, currency: 'CNY', minor: rmb }, out: { place: a.id, currency: spec.code, minor },
            counter: [['exchange', 'CNY', -rmb], ['exchange', spec.code, minor]], note: `与开户银行调剂 sell ${spec.code} to the bank`,
          });
        } else if (held < target / 2n && cash(spec.code) < target) {
          const minor = Number(((target - held) / unit) * unit);
          const rmb = rmbFen(minor, b.sell, spec);
          if (minor > 0 && BigInt(rmb) <= reserveBalance('CNY')) {
            movement({
              ms: next(), date, kind: 'rebalance', channel: 'bank', counterparty: RESERVE_BANK, method: 'transfer', accountNo: `${a.accountNo} / ${cny.accountNo}`, rate: b.sellText,
              in: { place: a.id, currency: spec.code, minor }, out: { place: cny.id, currency: 'CNY', minor: rmb },
              counter: [['exchange', spec.code, -minor], ['exchange', 'CNY', rmb]], note: `与开户银行调剂 buy ${spec.code} from the bank`,
            });
          }
        }
      }
    }
  }

  function topUpFor(currency: string): number {
    if (currency === 'CNY') return 300_000_000; // 3,000,000.00 CNY
    const b = boards.get(currency)!;
    // About 150,000 USD of notes.
    const notes = Math.ceil((150_000 * USD_UNIT) / usdUnitsOf(b.spec.noteMinor, b));
    return notes * b.spec.noteMinor;
  }

  /** Cash must cover every payout (the CHECK on account_balances); top the till up first if not. */
  function ensureCash(postings: readonly Leg[], ms: number, date: string): void {
    for (const [kind, currency, amount] of postings) {
      if (kind !== 'cash' || amount >= 0) continue;
      while (cash(currency) + BigInt(amount) < 0n) fund(currency, Math.max(topUpFor(currency), -amount), ms - 1000, date, '补充备付金 till top-up');
    }
  }

  function setRates(ms: number): void {
    for (const b of boards.values()) {
      b.mid *= 1 + (rand() - 0.5) * 0.006;
      const scale = 10 ** b.spec.rateDecimals;
      const step = 10 ** (4 - b.spec.rateDecimals);
      b.buy = Math.round(b.mid * 0.994 * scale) * step;
      b.sell = Math.round(b.mid * 1.006 * scale) * step;
      b.buyText = decimalText(b.buy, 4);
      b.sellText = decimalText(b.sell, 4);
      b.rateId = ulidAt(ms, idRand);
      const row = { id: b.rateId, currency: b.spec.code, buy_per_100: b.buyText, sell_per_100: b.sellText, fee_minor: String(b.spec.feeFen), effective_at: iso(ms), set_by: 'sup1' };
      B.rates.add([row.id, row.currency, row.buy_per_100, row.sell_per_100, b.spec.feeFen, row.effective_at, row.set_by]);
      audit(ms, 'sup1', 'rate.set', 'rate', b.rateId, row);
    }
  }

  function importConversion(month: string, ms: number): void {
    const usd = boards.get('USD')!.mid;
    const table: Record<string, string> = {};
    for (const b of boards.values()) {
      b.usdPerUnit = b.spec.code === 'USD' ? 100_000_000 : Math.round((b.mid / usd) * 1e8);
      b.usdPerUnitText = decimalText(b.usdPerUnit, 8);
      if (b.spec.code === 'USD') continue;
      B.usdRates.add([month, b.spec.code, b.usdPerUnitText, iso(ms), 'sup1']);
      table[b.spec.code] = b.usdPerUnitText;
    }
    audit(ms, 'sup1', 'conversionRates.import', 'usd_conversion_rates', month, table);
  }

  function customerId(idx: number, c: SyntheticCustomer, ms: number, teller: string): string {
    let id = customerIds.get(idx);
    if (id) return id;
    id = ulidAt(ms, idRand);
    customerIds.set(idx, id);
    const at = iso(ms);
    B.customers.add([id, personKeyOf(c), c.idType, c.idNumber, c.country, c.supplementaryId ?? null, c.name, c.residency, at, at]);
    audit(ms, teller, 'customer.create', 'customer', id, undefined);
    return id;
  }

  function newOutbox(o: Omit<OutboxRec, 'id'>): OutboxRec {
    const rec = { id: 0, ...o };
    dayOutbox.push(rec);
    return rec;
  }

  // ---- the end of a day: the till's notes, the FX stock's cost, the day close ----

  /** The audit chain's last entry, and the head the last day close kept. */
  let head: { id: number; hash: string } | undefined;
  let closedHead: { id: number } | undefined;
  const chainFirstId = Number(chainStart(db)!.firstId);
  /** The FX stock and its cost in fen per currency (books.ts CostState), as of the last closed day. */
  const costs = new Map<string, { stock: bigint; cost: bigint }>();

  /**
   * Cash by note: each transaction's notes as it is made (cashNotes), and at the end of each day a
   * bundle of the denominations that changed (out, then in) brings the till's notes to a usable
   * mix worth exactly the till's balance (usableNotes: some of every smaller note, the rest in the
   * largest). So the
   * notes are worth the cash account at every day's end (the ledger invariant), the day close
   * expects them, and the counter can pay from them.
   */
  function tillNotesAtEnd(date: string, at: string): Map<string, Notes> {
    const out = new Map<string, Notes>();
    for (const b of balances.values()) {
      if (b.kind !== 'cash') continue;
      const now = usableNotes(b.currency, b.minor);
      if (!now) throw new Error(`the till's ${b.currency} ${b.minor} cannot be made of notes`);
      const before = tillNotes.get(b.currency) ?? new Map<bigint, bigint>();
      const less: Notes = new Map();
      const more: Notes = new Map();
      for (const den of [...new Set([...before.keys(), ...now.keys()])]) {
        const delta = (now.get(den) ?? 0n) - (before.get(den) ?? 0n);
        if (delta < 0n) less.set(den, -delta);
        if (delta > 0n) more.set(den, delta);
      }
      // Out before in: a denomination is only in one of them; the stock never goes below zero.
      if (less.size > 0) B.notes.add([date, `synthetic-day:${date}`, 'till', b.currency, -1n, bundleText(less), at]);
      if (more.size > 0) B.notes.add([date, `synthetic-day:${date}`, 'till', b.currency, 1n, bundleText(more), at]);
      out.set(b.currency, new Map(now));
    }
    return out;
  }

  /** replayCosts (books.ts) over one day, from the last closed day's state: the same events, order and rounding. */
  function replayDay(dayTrades: readonly TradeRec[]): void {
    const events: CostEvent[] = [];
    for (const t of dayTrades) {
      if (t.voided) continue;
      events.push({ ms: t.ms, order: 0, kind: '', seq: t.receiptNo, currency: t.currency, foreign: BigInt(t.direction === 'settlement' ? t.foreignMinor : -t.foreignMinor), rmb: BigInt(t.rmb) });
    }
    events.push(...dayCostEvents);
    events.sort((a, b) => a.ms - b.ms || a.order - b.order || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || a.seq - b.seq);
    for (const e of events) {
      const s = costs.get(e.currency) ?? costs.set(e.currency, { stock: 0n, cost: 0n }).get(e.currency)!;
      if (e.foreign > 0n) {
        // In at what was paid, or (a float) at the board's mid rate of the day.
        const b = boards.get(e.currency)!;
        const mid = new Decimal(b.buyText).plus(b.sellText).dividedBy(200);
        s.cost += e.rmb ?? toMinor(fromMinor(e.foreign, e.currency).times(mid).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), 'CNY');
        s.stock += e.foreign;
      } else {
        const q = -e.foreign;
        const taken = q < s.stock ? q : s.stock;
        const cost = s.stock > 0n ? (2n * s.cost * taken + s.stock) / (2n * s.stock) : 0n;
        s.stock -= q;
        s.cost -= cost;
        if (s.stock <= 0n) {
          s.stock = s.stock < 0n ? s.stock : 0n;
          if (s.stock === 0n) s.cost = 0n;
        }
      }
    }
  }

  /**
   * The day close as dayClose.close writes it, at 23:00: the count agreed with the books, nothing
   * to reconcile, every account's closing balance and the FX stock's cost kept, the summary with
   * the audit chain's head at the close, and the close's own audit entry.
   */
  function closeDay(date: string, closeMs: number, dayTrades: readonly TradeRec[]): void {
    const at = iso(closeMs);
    for (const [id, b] of balances) B.dayBalances.add([date, id, b.minor]);
    for (const [currency, s] of costs) if (currency !== 'CNY') B.dayCosts.add([date, currency, s.stock, s.cost]);
    const differences = [...tillNotes].filter(([, n]) => n.size > 0).sort(([a], [b]) => `till${a}`.localeCompare(`till${b}`)).map(([currency, notes]) => {
      const total = fromMinor([...notes].reduce((t, [den, n]) => t + den * n, 0n), currency).toString();
      return {
        location: 'till', currency, expected: total, counted: total, difference: '0', mixDiffers: false,
        notes: [...notes.keys()].sort((x, y) => (x > y ? -1 : 1)).map((den) => ({ denomination: fromMinor(den, currency).toString(), expected: Number(notes.get(den)), counted: Number(notes.get(den)) })),
      };
    });
    const backfills = dayTrades
      .filter((t) => t.path === 'backfill' && !t.voided && (t.outbox.state !== 'delivered' || t.outbox.updatedMs > closeMs))
      .map((t) => ({ receiptNo: t.receiptNo, deadlineAt: t.outbox.deadline, state: 'pending', overdue: t.outbox.deadline !== null && Date.parse(t.outbox.deadline) < closeMs }));
    const numbers = dayTrades.map((t) => t.receiptNo);
    const closer = 'teller3';
    audit(closeMs, closer, 'dayClose.close', 'day', date, { differences: [], supervisorId: null }, (h) => {
      const summary = {
        differences,
        reconciliation: [],
        reconciliationChecked: true,
        reconciliationError: null,
        backfills,
        receipts: { first: numbers.length ? Math.min(...numbers) : null, last: numbers.length ? Math.max(...numbers) : null, gaps: [] },
        trades: dayTrades.length,
        voids: dayTrades.filter((t) => t.voided).length,
        audit: { ok: true, entries: closedHead ? h.id - closedHead.id : h.id - chainFirstId + 1, firstBroken: null },
        auditHead: h,
      };
      closedHead = h;
      B.closes.add([date, at, closer, null, null, JSON.stringify(summary)]);
    });
    closedDays++;
  }

  // ---- one day ----
  let tradesDone = 0;
  let lastProgress = 0;
  let month = '';
  const tx = { begin: db.prepare('BEGIN'), commit: db.prepare('COMMIT') };
  tx.begin.run();

  for (let d = 0; d < days; d++) {
    const date = addDays(firstDay, d);
    const midnight = chinaMidnight(date);
    const isLast = date === lastDay;
    const cutoff = isLast ? midnight + LAST_DAY_CUTOFF_HOUR * HOUR : midnight + DAY;
    walkinsAtDay.push(walkins);
    if (date.slice(0, 4) !== annualYear) {
      annualYear = date.slice(0, 4);
      annual.clear();
    }
    const newMonth = date.slice(0, 7) !== month;
    if (newMonth) {
      month = date.slice(0, 7);
      importConversion(month, midnight + 7 * HOUR + 30 * 60_000);
    }
    if (d === 0) for (const c of ['CNY', ...boards.keys()]) fund(c, topUpFor(c), midnight + 7 * HOUR + 45 * 60_000, date, '开业备付金 opening reserves');
    setRates(midnight + 7 * HOUR + 50 * 60_000);
    reserveWork(date, midnight, newMonth && d > 0);
    if (d % 30 === 0) for (const [idx, r] of receipts) if (r.date < addDays(date, -120)) receipts.delete(idx);

    const outage = rand() < 0.04 ? (() => {
      const start = midnight + 9 * HOUR + Math.floor(rand() * 10 * HOUR);
      return { start, end: start + HOUR + Math.floor(rand() * 2 * HOUR) };
    })() : undefined;
    const offline = (ms: number) => outage !== undefined && ms >= outage.start && ms < outage.end;

    const people = new Map<number, DayPerson>();
    const dayTrades: TradeRec[] = [];
    const voidQueue: { ms: number; trade: TradeRec }[] = [];
    let times = tradeTimes(counts[d]!, rand).map((t) => ({ ms: midnight + t, heavy: false }));
    if (isLast) {
      for (let i = 0; i < HEAVY_TRADES; i++) times.push({ ms: midnight + 8 * HOUR + 5 * 60_000 + Math.floor((i * (LAST_DAY_CUTOFF_HOUR - 8.2) * HOUR) / HEAVY_TRADES), heavy: true });
      times = times.filter((t) => t.ms < cutoff).sort((a, b) => a.ms - b.ms);
    }

    const processVoids = (until: number) => {
      voidQueue.sort((a, b) => a.ms - b.ms);
      while (voidQueue.length > 0 && voidQueue[0]!.ms <= until) doVoid(voidQueue.shift()!);
    };

    function doVoid({ ms, trade }: { ms: number; trade: TradeRec }): void {
      const reversal = trade.postings.map(([k, c, m]): Leg => [k, c, -m]);
      // A void that cash cannot cover is refused at the counter: it simply does not happen here.
      for (const [kind, currency, amount] of reversal) if (kind === 'cash' && amount < 0 && cash(currency) + BigInt(amount) < 0n) return;
      const id = ulidAt(ms, idRand);
      const at = iso(ms);
      B.voids.add([id, trade.id, trade.receiptNo, '客户取消 customer changed their mind', trade.teller, 'sup1', date, at]);
      post(id, 'void', date, ms, reversal);
      trade.voided = true;
      voidCount++;
      const p = people.get(trade.idx);
      if (p) {
        p.usd -= trade.usdUnits;
        p.standing--;
        if (trade.kind === 'reconversion') p.reconverted -= trade.usdUnits;
      }
      if (trade.originalReceipt) trade.originalReceipt.reconverted -= trade.rmbPaid;
      if (trade.direction === 'settlement') {
        const r = receipts.get(trade.idx);
        if (r && r.receiptNo === trade.receiptNo) r.voided = true;
      }
      const o = trade.outbox;
      if (o.state === 'delivered' && o.updatedMs <= ms && o.refNo) {
        const deliveredMs = ms + 2000 + Math.floor(rand() * 4000);
        const done = deliveredMs < cutoff;
        newOutbox({
          tradeId: trade.id, kind: 'cancel',
          payload: JSON.stringify({ serial: trade.id, refNo: o.refNo, tradeType: trade.tradeType, reason: '05' }),
          createdMs: ms, deadline: iso(ms + DAY), state: done ? 'delivered' : 'pending', attempts: done ? 1 : 0,
          nextAttempt: at, lastError: null, refNo: done ? o.refNo : null, updatedMs: done ? deliveredMs : ms,
        });
      } else if (o.kind === 'backfill') {
        o.state = 'not_needed';
        o.lastError = `voided before delivery: receipt ${trade.receiptNo}`;
        o.updatedMs = ms;
        o.attempts = 0;
        o.refNo = null;
        o.nextAttempt = iso(o.createdMs);
      }
      audit(ms, trade.teller, 'trade.void', 'trade', trade.id, { receiptNo: String(trade.receiptNo), reason: '客户取消 customer changed their mind', supervisorId: 'sup1' });
    }

    for (const slot of times) {
      processVoids(slot.ms);
      const ms = slot.ms;
      const at = iso(ms);
      const hourOfDay = (ms - midnight) / HOUR;
      const teller = pick(rand, TELLERS[hourOfDay < 15 ? 0 : 1]);

      // Who comes, which way, in what currency, for how much.
      let idx: number;
      let direction: 'settlement' | 'purchase';
      let c: SyntheticCustomer;
      if (slot.heavy) {
        idx = HEAVY_CUSTOMER_IDX;
        c = heavy;
        direction = 'settlement';
      } else {
        const r = rand();
        let returning = false;
        if (r < 0.4) idx = Math.floor(REGULARS * rand() ** 2);
        else if (r < 0.55 && d > 0) {
          const from = walkinsAtDay[Math.max(0, d - 30)]!;
          idx = from + Math.floor(rand() * Math.max(1, walkins - from));
          returning = true;
        } else idx = walkins++;
        c = customerOf(idx);
        const foreign = c.residency === 'foreign';
        const settle = idx < REGULARS ? 0.5 : returning ? (foreign ? 0.25 : 0.7) : foreign ? 0.85 : 0.3;
        direction = rand() < settle ? 'settlement' : 'purchase';
      }
      const home = homeCurrency(c);
      const spec = slot.heavy ? CURRENCY_SPECS[0]! : home && rand() < 0.8 ? CURRENCY_SPECS.find((s) => s.code === home)! : weighted(rand);
      const board = boards.get(spec.code)!;
      const kind = direction === 'settlement' ? 'settlement' : c.residency === 'domestic' ? 'purchase' : 'reconversion';
      const tc = direction === 'settlement' && (spec.code === 'USD' || spec.code === 'EUR') && rand() < 0.005;
      const unitMinor = tc ? 1 : spec.noteMinor;
      const person = people.get(idx) ?? { usd: 0, standing: 0, reconverted: 0 };
      const perUnitUsd = usdUnitsOf(unitMinor, board);

      const targetUsd = slot.heavy ? 100 : Math.min(4800, Math.max(15, lognormal(rand, 300, 0.85)));
      let units = Math.max(1, Math.round((targetUsd * USD_UNIT) / perUnitUsd));
      // 第二十九条: what is left of the person's day; a refused attempt now and then.
      const left = DAILY_LIMIT - person.usd;
      if (units * perUnitUsd > left) {
        if (rand() < 0.3) {
          const foreignMinor = units * unitMinor;
          const rate = direction === 'settlement' ? board.buy : board.sell;
          const usdText = decimalText(usdUnitsOf(foreignMinor, board), USD_SCALE);
          const f = failure('DAILY_LIMIT_EXCEEDED', { limit: formatUsd(dec(P.dailyLimitUsd)), remaining: formatUsd(Decimal.max(dec(P.dailyLimitUsd).minus(dec(decimalText(person.usd, USD_SCALE))), 0)) });
          const id = ulidAt(ms, idRand);
          B.attempts.add([id, at, date, personKeyOf(c), c.idType, c.idNumber, c.country, c.name, direction, kind, spec.code, foreignMinor, rmbFen(foreignMinor, rate, spec), usdText, f.code, f.message.zh, f.message.en, 1, teller]);
          audit(ms, teller, 'trade.attempt', 'attempt', id, { code: f.code, usd: usdText });
          attemptCount++;
        }
        units = Math.floor(left / perUnitUsd);
        if (units < 1) continue;
      }
      // 第三十一条: a foreign individual's reconversion over 1,000 USD for the day needs the original receipt.
      let original: Receipt | undefined;
      if (kind === 'reconversion') {
        const r = receipts.get(idx);
        const freeUnits = Math.floor((RECONVERSION_FREE - person.reconverted) / perUnitUsd);
        if (units > freeUnits) {
          if (r && !r.voided && r.received - r.reconverted > 0 && rand() < 0.7) {
            original = r;
            // What the customer pays (rmb + fee) may not exceed what is left on the receipt.
            const maxFen = r.received - r.reconverted - spec.feeFen;
            while (units > 0 && rmbFen(units * unitMinor, board.sell, spec) > maxFen) units = Math.floor(units * 0.8);
          } else units = freeUnits;
        }
        if (units < 1) continue;
      }
      const foreignMinor = units * unitMinor;
      const usdUnits = foreignMinor === 0 ? 0 : usdUnitsOf(foreignMinor, board);
      // The annual quota (checked by the monitoring system): a customer over it goes elsewhere.
      if (kind !== 'reconversion') {
        const key = idx * 2 + (direction === 'settlement' ? 0 : 1);
        const used = annual.get(key) ?? 0;
        if (used + usdUnits > ANNUAL_QUOTA) continue;
        annual.set(key, used + usdUnits);
      }
      const rate = direction === 'settlement' ? board.buy : board.sell;
      const rateText = direction === 'settlement' ? board.buyText : board.sellText;
      const rmb = rmbFen(foreignMinor, rate, spec);
      const fee = spec.feeFen;
      if (direction === 'settlement' && rmb <= fee) continue;

      const tradesBefore = person.standing;
      const path: 'realtime' | 'backfill' = usdUnits > REALTIME_SINGLE || tradesBefore >= P.realtimeAfterTrades ? 'realtime' : 'backfill';
      const prompts: string[] = [];
      const usedAfter = person.usd + usdUnits;
      if (usedAfter >= NEAR_LIMIT && usedAfter <= DAILY_LIMIT) prompts.push('nearDailyLimit');
      if (tradesBefore + 1 >= P.realtimeAfterTrades) prompts.push('realtimeCountReached');

      const fx = spec.code;
      const postings: Leg[] = direction === 'settlement'
        ? [[tc ? 'travellers_cheques' : 'cash', fx, foreignMinor], ['exchange', fx, -foreignMinor], ['exchange', 'CNY', rmb], ['cash', 'CNY', -(rmb - fee)], ['fee_income', 'CNY', -fee]]
        : [['exchange', fx, foreignMinor], ['cash', fx, -foreignMinor], ['cash', 'CNY', rmb + fee], ['exchange', 'CNY', -rmb], ['fee_income', 'CNY', -fee]];
      ensureCash(postings, ms, date);

      const id = ulidAt(ms, idRand);
      const custId = customerId(idx, c, ms, teller);
      receiptNo++;
      const tradeType = direction === 'settlement' ? 'JH' : 'GH';
      const pageMode = path === 'realtime' && offline(ms);
      const refNo = path === 'realtime' ? `${tradeType}${date.replaceAll('-', '')}${String(++refSeq).padStart(10, '0')}` : null;
      const usdText = decimalText(usdUnits, USD_SCALE);
      const fundAttribute = kind === 'settlement' ? '122' : kind === 'purchase' ? '3222' : '3224';
      const foreignText = decimalText(foreignMinor, spec.minorUnits);
      B.trades.add([
        id, receiptNo, OUTLET.outletCode, OUTLET.terminalId, date, at, custId, personKeyOf(c), c.idType, c.idNumber, c.country, c.supplementaryId ?? null,
        c.name, c.residency, direction, kind, tradeType, fx, foreignMinor, rmb, fee, board.rateId, rateText, usdText, board.usdPerUnitText, month,
        tc ? 'travellersCheque' : 'cash', 'cash', path, path === 'realtime' ? (pageMode ? '41' : '42') : null, refNo, fundAttribute, 0,
        original ? original.receiptNo : null, 1, JSON.stringify(prompts), teller, pageMode ? 'sup1' : null,
      ]);
      post(id, 'trade', date, ms, postings);

      // The entry as monitoringEntry (entry.ts) makes it, keys in the same order.
      const entry = {
        serial: id, tradeType, usesQuota: kind === 'reconversion' ? 'N' : 'Y', businessType: kind === 'reconversion' ? '02' : '01',
        idType: c.idType, idNumber: c.idNumber, country: c.country, ...(c.supplementaryId ? { supplementaryId: c.supplementaryId } : {}),
        name: c.name, fundAttribute, currency: fx, amount: foreignText,
        split: { cash: tc ? '0' : foreignText, remittance: '0', account: '0', travellersCheque: tc ? foreignText : '0' },
        noticeGiven: false, tradeTime: at,
        ...(path === 'backfill' ? { backfill: { reason: '02', remark: '特许兑换补录' } } : {}),
      };
      let outbox: OutboxRec;
      if (path === 'realtime') {
        outbox = newOutbox({ tradeId: id, kind: 'realtime', payload: JSON.stringify(entry), createdMs: ms, deadline: null, state: 'delivered', attempts: 0, nextAttempt: null, lastError: null, refNo, updatedMs: ms });
      } else {
        // The sync loop sends it within seconds; during an outage, when the line is back.
        const deliveredMs = offline(ms) ? outage!.end + 1000 + Math.floor(rand() * 60_000) : ms + 1000 + Math.floor(rand() * 5000);
        const done = deliveredMs < cutoff;
        const tries = offline(ms) ? 2 + Math.floor(rand() * 6) : 1;
        outbox = newOutbox({
          tradeId: id, kind: 'backfill', payload: JSON.stringify(entry), createdMs: ms, deadline: iso(ms + P.backfillWindowHours * HOUR),
          state: done ? 'delivered' : 'pending', attempts: done ? tries : 0, nextAttempt: done && tries > 1 ? iso(deliveredMs - 500) : at, lastError: null,
          refNo: done ? `${tradeType}${date.replaceAll('-', '')}${String(++refSeq).padStart(10, '0')}` : null, updatedMs: done ? deliveredMs : ms,
        });
      }
      B.print.add([id, 'receipt', 0, 'done', null, teller, at, iso(ms + 2500)]);
      audit(ms, teller, 'trade.commit', 'trade', id, { receiptNo: String(receiptNo), usd: usdText, path });

      const rec: TradeRec = {
        id, receiptNo, ms, at, date, idx, currency: fx, tradeType, direction, kind, path, refNo, usdUnits, postings, teller, outbox,
        originalReceipt: original, rmbPaid: rmb + fee, voided: false, foreignMinor, rmb,
      };
      dayTrades.push(rec);
      person.usd += usdUnits;
      person.standing++;
      if (kind === 'reconversion') person.reconverted += usdUnits;
      people.set(idx, person);
      if (original) original.reconverted += rmb + fee;
      if (direction === 'settlement' && c.residency === 'foreign') receipts.set(idx, { receiptNo, date, received: rmb - fee, reconverted: 0, voided: false });
      // A trade now and then is voided the same day (剪角保存), a few minutes later.
      if (!slot.heavy && !original && rand() < 0.007) {
        const voidMs = ms + 60_000 + Math.floor(rand() * 20 * 60_000);
        if (voidMs < cutoff) voidQueue.push({ ms: voidMs, trade: rec });
      }

      if (checkEvery > 0 && receiptNo % checkEvery === 0) {
        const priced = price({ direction, currency: fx, amount: fromMinor(BigInt(foreignMinor), fx), side: 'foreign', paymentIn: tc ? 'travellersCheque' : 'cash', ratePer100: dec(rateText), fee: fromMinor(BigInt(fee), 'CNY') });
        const usd = usdEquivalent(priced.foreign, dec(board.usdPerUnitText));
        if (priced.rmb.times(100).toString() !== String(rmb) || usd.toString() !== usdText) {
          throw new Error(`synthetic pricing differs from shared/pricing.ts at receipt ${receiptNo}: ${priced.rmb.toString()} / ${usd.toString()} vs ${rmb} fen / ${usdText}`);
        }
        const expectedEntry = JSON.stringify(monitoringEntry({
          id, trade_type: tradeType, kind: kind as 'settlement', id_type: c.idType, id_number: c.idNumber, country: c.country, supplementary_id: c.supplementaryId ?? null,
          customer_name: c.name, fund_attribute: fundAttribute, currency: fx, foreign_minor: BigInt(foreignMinor), payment_in: tc ? 'travellersCheque' : 'cash', notice_given: 0n, created_at: at,
        }, path));
        if (expectedEntry !== JSON.stringify(entry)) throw new Error(`synthetic entry differs from monitoringEntry: ${expectedEntry} vs ${JSON.stringify(entry)}`);
      }
    }
    processVoids(cutoff - 1);
    perDayActual.set(date, dayTrades.length);
    tradesDone += dayTrades.length;

    // Write the day in time order: outbox ids follow their rows' creation, as the Terminal's do.
    dayOutbox.sort((a, b) => a.createdMs - b.createdMs);
    for (const o of dayOutbox) {
      o.id = ++outboxId;
      B.outbox.add([o.id, o.tradeId, o.kind, o.payload, o.deadline, o.state, o.attempts, o.nextAttempt, o.lastError, o.refNo, iso(o.createdMs), iso(o.updatedMs)]);
      if (o.state === 'delivered' && o.kind !== 'realtime') {
        audit(o.updatedMs, 'sync', 'monitoring.delivered', 'outbox', String(o.id), { kind: o.kind, tradeId: o.tradeId, refNo: o.refNo });
      }
    }
    dayPostings.sort((a, b) => a.ms - b.ms);
    for (const p of dayPostings) B.postings.add(p.row);

    const closing = d < openFrom;
    const closeMs = midnight + 23 * HOUR;
    // The till's notes at the end of the day: see tillNotesAtEnd.
    const notesAt = iso(closing ? closeMs - 60_000 : cutoff - 1);
    for (const [currency, notes] of tillNotesAtEnd(date, notesAt)) tillNotes.set(currency, notes);
    if (closing) {
      replayDay(dayTrades);
      closeDay(date, closeMs, dayTrades);
    }
    dayCostEvents = [];

    dayAudit.sort((a, b) => a.ms - b.ms);
    // Chained in time order, as the Terminal would have written them (migrations/005_audit_chain.sql).
    for (const a of dayAudit) {
      const [at, actor, action, entity, entity_id, detail] = a.row as string[];
      if (a.beforeChained) a.beforeChained(head!);
      const e = auditChain.next({ at: at!, actor: actor!, action: action!, entity: entity!, entity_id: entity_id!, detail: detail! });
      B.audit.add([e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.detail, e.prev_hash, e.hash]);
      head = { id: Number(e.id), hash: e.hash };
    }
    dayPostings = [];
    dayAudit = [];
    dayOutbox = [];

    if (d % 20 === 19 || isLast) {
      for (const b of Object.values(B)) b.flush();
      tx.commit.run();
      tx.begin.run();
    }
    const now = Date.now();
    if (opts.onProgress && (now - lastProgress > 1000 || isLast)) {
      lastProgress = now;
      opts.onProgress({ day: date, trades: tradesDone, expected, phase: 'trades' });
    }
  }
  for (const b of Object.values(B)) b.flush();

  // Balances as the trigger would have kept them, then the indexes and the trigger, from their own SQL.
  const bal = db.prepare('INSERT INTO account_balances (account_id, kind, currency, balance_minor) VALUES (?, ?, ?, ?)');
  for (const [id, b] of balances) bal.run(id, b.kind, b.currency, b.minor);
  tx.commit.run();
  for (const [n, i] of indexes.entries()) {
    opts.onProgress?.({ day: lastDay, trades: tradesDone, expected, phase: `index ${n + 1}/${indexes.length} ${i.name}` });
    db.exec(i.sql);
  }
  db.exec(trigger);

  const busiestDay = [...perDayActual].reduce((a, b) => (b[1] > a[1] ? b : a));
  const perMonth = new Map<string, number>();
  for (const [date, n] of perDayActual) perMonth.set(date.slice(0, 7), (perMonth.get(date.slice(0, 7)) ?? 0) + n);
  const busiestMonth = [...perMonth].reduce((a, b) => (b[1] > a[1] ? b : a));
  const version = schemaVersion(db);

  db.pragma('locking_mode = NORMAL');
  db.pragma('journal_mode = WAL');
  db.close();
  const fd = openSync(opts.path, 'r+');
  fsyncSync(fd);
  closeSync(fd);

  return {
    complete: true,
    generatorVersion: GENERATOR_VERSION,
    params,
    trades: receiptNo,
    postings: postingCount,
    customers: customerIds.size,
    voids: voidCount,
    attempts: attemptCount,
    movements: movementCount,
    closedDays,
    openDays: Array.from({ length: days - openFrom }, (_, i) => addDays(firstDay, openFrom + i)),
    firstDay,
    lastDay,
    busiestDay: { date: busiestDay[0], trades: busiestDay[1] },
    busiestMonth: { month: busiestMonth[0], trades: busiestMonth[1] },
    heavyCustomer: heavy,
    heavyTrades: HEAVY_TRADES,
    schemaVersion: version,
  };
}
