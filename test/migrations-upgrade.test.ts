// Every migration upgrades a ledger in use (issue 15; Signal Desktop's practice of a test per
// migration). For each migration N from 002 on: a ledger is built at version N-1 the way an outlet's
// grew, one migration after another with rows written at each version (trades with their postings,
// a void, an attempt, queue rows, print jobs, audit entries, and each later table's rows), then
// migration N is applied to it, and what a user would notice is checked:
//   - every row kept, with the same values, in every table that was there (sqlite_sequence too);
//   - the ledger sound: integrity_check ok, no broken foreign key, balances still the sums of their
//     postings, every transaction's postings balancing, the audit chain verifying (from 005 on);
//   - user_version N, and a schema identical, object by object, to a new ledger's at version N
//     (schemaCheck.ts: the upgraded ledger starts, it is not taken for a tampered one);
//   - what migration N adds there and working: its tables, columns, indexes (the query they serve
//     uses them) and triggers and CHECKs (a bad row or a change refused), and the rows it writes
//     itself from what the ledger held (004's float and unsorted notes, 005's chain start, 007's mark).
// The ledger is an encrypted file (test/helpers/key.ts), opened as db.ts opens one: WAL, foreign
// keys on, integers read as bigint.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { reversalOf } from '../electron/ledger/accounts';
import { audit } from '../electron/ledger/audit';
import { POSTINGS_FROM } from '../electron/ledger/events';
import { PRINTED_ON_PAPER } from '../electron/ledger/printJobs';
import { lastTakenJob, SPOOL_QUERIES } from '../electron/terminal/printer/spool';
import { verifyAuditChain } from '../electron/ledger/auditChain';
import { loadMigrations, migrate, schemaVersion } from '../electron/ledger/migrate';
import { schemaDrift } from '../electron/ledger/schemaCheck';
import { openRaw } from './helpers/key';
import { tempDir } from './helpers/terminal';
import { AUDIT_BY_ACTION_CONDITION, type AuditAction } from '../electron/ledger/auditActions';

type Db = BetterSqlite3.Database;
type Row = Record<string, unknown>;

const MIGRATIONS = loadMigrations();
const LATEST = MIGRATIONS.length;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

// ---- the ledger at a version ----

/** A new encrypted ledger file, opened as db.ts opens one (without migrating it). */
function newLedger(): Db {
  const dir = tempDir('migrations-upgrade-');
  const db = openRaw(join(dir, 'ledger.sqlite'));
  cleanups.push(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  db.defaultSafeIntegers(true);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Migrations 1..version, as a terminal of that release would have applied them. */
function migrateTo(db: Db, version: number): void {
  migrate(db, MIGRATIONS.slice(0, version));
  expect(schemaVersion(db)).toBe(version);
}

/** A ledger that lived through versions 1..version, with rows written at each one. */
function ledgerAt(version: number): Db {
  const db = newLedger();
  for (let v = 1; v <= version; v++) {
    migrateTo(db, v);
    SEED[v]?.(db);
  }
  return db;
}

function insert(db: Db, table: string, row: Row): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(row));
}

/** A ledger transaction's postings (accounts made as needed), summing to zero in each currency as accounts.ts posts them. */
function post(db: Db, txn: { id: string; kind: 'trade' | 'void' | 'movement'; date: string; at: string }, legs: [account: string, kind: string, currency: string, minor: number][]): void {
  for (const [account, kind, currency, minor] of legs) {
    db.prepare('INSERT INTO accounts (id, kind, currency) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING').run(account, kind, currency);
    insert(db, 'postings', { txn_id: txn.id, txn_kind: txn.kind, account_id: account, currency, amount_minor: minor, business_date: txn.date, created_at: txn.at });
  }
}

/** An audit entry as the release with the chain (005 on) writes it: through audit(), in a transaction. */
function chained(db: Db, at: string, action: string, entityId: string, detail: unknown = {}): void {
  db.transaction(() => audit(db, { at, actor: 'sup1', action: action as AuditAction, entity: action.split('.')[0]!, entityId, detail }))();
}

const TRADE_DEFAULTS = {
  outlet_code: 'SHA-PVG-01', terminal_id: 'T01', business_date: '2026-03-09', customer_id: 'C1',
  person_key: 'resident:110101199003078515', id_type: '01', id_number: '110101199003078515', country: 'CHN',
  supplementary_id: null, customer_name: '张三', residency: 'domestic', currency: 'USD', fee_minor: 0, rate_id: 'R1',
  usd_per_unit: '1', usd_rate_month: '2026-03', payment_in: 'cash', payment_out: 'cash', channel: null, ref_no: null,
  notice_given: 0, original_receipt_no: null, policy_version: 1, prompts: '[]', teller_id: 'T01', supervisor_id: null,
};

/** Rows written while the ledger was at each version (only tables that version has). */
const SEED: Record<number, (db: Db) => void> = {
  1: (db) => {
    insert(db, 'outlet', { id: 1, institution_code: '91310000MA1K000001', institution_name: '示例外币兑换有限公司', outlet_code: 'SHA-PVG-01', outlet_name: '浦东机场T2', terminal_id: 'T01', border_port: 1, printer_profile: '{"width":48}', updated_at: '2026-03-09T01:00:00.000Z' });
    insert(db, 'policy_versions', { version: 1, effective_date: '2026-01-01', source: '汇发〔2026〕1号', params: '{"dailyUsd":"5000"}', loaded_at: '2026-03-09T01:00:00.000Z' });
    insert(db, 'customers', { id: 'C1', person_key: TRADE_DEFAULTS.person_key, id_type: '01', id_number: '110101199003078515', country: 'CHN', supplementary_id: null, name: '张三', residency: 'domestic', created_at: '2026-03-09T02:00:00.000Z', updated_at: '2026-03-09T02:00:00.000Z' });
    insert(db, 'customers', { id: 'C2', person_key: 'foreign:USA:P1234567', id_type: '14', id_number: 'P1234567', country: 'USA', supplementary_id: 'V-998', name: 'JOHN SMITH', residency: 'foreign', created_at: '2026-03-09T02:10:00.000Z', updated_at: '2026-03-09T02:10:00.000Z' });
    insert(db, 'rates', { id: 'R1', currency: 'USD', buy_per_100: '709.50', sell_per_100: '714.50', fee_minor: 0, effective_at: '2026-03-09T01:00:00.000Z', set_by: 'sup1' });
    insert(db, 'usd_conversion_rates', { month: '2026-03', currency: 'USD', usd_per_unit: '1', imported_at: '2026-03-01T00:00:00.000Z', imported_by: 'mgr1' });
    // The institution's RMB float (cash.fund before 004), then a settlement, and a purchase voided.
    const m1 = { id: 'M1', date: '2026-03-09', at: '2026-03-09T01:30:00.000Z' };
    insert(db, 'movements', { id: 'M1', kind: 'capital_in', currency: 'CNY', amount_minor: 100_000_000, note: '开业备用金 opening float', actor: 'mgr1', business_date: m1.date, created_at: m1.at });
    post(db, { ...m1, kind: 'movement' }, [['cash:CNY', 'cash', 'CNY', 100_000_000], ['capital:CNY', 'capital', 'CNY', -100_000_000]]);
    const t1 = { id: 'T1', date: '2026-03-09', at: '2026-03-09T02:05:00.000Z' };
    insert(db, 'trades', { ...TRADE_DEFAULTS, id: 'T1', receipt_no: 1, created_at: t1.at, direction: 'settlement', kind: 'settlement', trade_type: 'JH', foreign_minor: 10_000, rmb_minor: 70_950, rate_per_100: '709.50', usd_equivalent: '100.00', reporting_path: 'realtime', channel: '42', ref_no: 'JH2026030900000001', fund_attribute: '321' });
    post(db, { ...t1, kind: 'trade' }, [['cash:USD', 'cash', 'USD', 10_000], ['exchange:USD', 'exchange', 'USD', -10_000], ['exchange:CNY', 'exchange', 'CNY', 70_950], ['cash:CNY', 'cash', 'CNY', -70_950]]);
    const t2 = { id: 'T2', date: '2026-03-09', at: '2026-03-09T02:15:00.000Z' };
    insert(db, 'trades', { ...TRADE_DEFAULTS, id: 'T2', receipt_no: 2, created_at: t2.at, customer_id: 'C2', person_key: 'foreign:USA:P1234567', id_type: '14', id_number: 'P1234567', country: 'USA', supplementary_id: 'V-998', customer_name: 'JOHN SMITH', residency: 'foreign', direction: 'purchase', kind: 'reconversion', trade_type: 'GH', foreign_minor: 5_000, rmb_minor: 35_725, fee_minor: 500, rate_per_100: '714.50', usd_equivalent: '50.00', reporting_path: 'backfill', fund_attribute: '322', notice_given: 1, original_receipt_no: 1, supervisor_id: 'sup1' });
    const t2Legs: [string, string, string, number][] = [['cash:CNY', 'cash', 'CNY', 36_225], ['exchange:CNY', 'exchange', 'CNY', -35_725], ['fee_income:CNY', 'fee_income', 'CNY', -500], ['exchange:USD', 'exchange', 'USD', 5_000], ['cash:USD', 'cash', 'USD', -5_000]];
    post(db, { ...t2, kind: 'trade' }, t2Legs);
    const v1 = { id: 'V1', date: '2026-03-09', at: '2026-03-09T02:20:00.000Z' };
    insert(db, 'voids', { id: 'V1', trade_id: 'T2', receipt_no: 2, reason: '录错 keyed wrong', teller_id: 'T01', supervisor_id: 'sup1', business_date: v1.date, created_at: v1.at });
    post(db, { ...v1, kind: 'void' }, t2Legs.map(([a, k, c, m]) => [a, k, c, -m]));
    insert(db, 'attempts', { id: 'A1', created_at: '2026-03-09T02:30:00.000Z', business_date: '2026-03-09', person_key: TRADE_DEFAULTS.person_key, id_type: '01', id_number: '110101199003078515', country: 'CHN', customer_name: '张三', direction: 'settlement', kind: 'settlement', currency: 'USD', foreign_minor: 600_000, rmb_minor: 4_257_000, usd_equivalent: '6000.00', reason_code: 'DAILY_LIMIT', reason_zh: '超过当日限额', reason_en: 'over the daily limit', policy_version: 1, teller_id: 'T01' });
    insert(db, 'outbox', { trade_id: 'T1', kind: 'realtime', payload: '{"serial":"T1"}', deadline_at: null, state: 'delivered', attempts: 1, next_attempt_at: null, last_error: null, ref_no: 'JH2026030900000001', created_at: t1.at, updated_at: '2026-03-09T02:05:01.000Z' });
    insert(db, 'outbox', { trade_id: 'T2', kind: 'backfill', payload: '{"serial":"T2"}', deadline_at: '2026-03-10T16:00:00.000Z', state: 'pending', attempts: 2, next_attempt_at: '2026-03-09T03:00:00.000Z', last_error: 'offline', ref_no: null, created_at: t2.at, updated_at: '2026-03-09T02:40:00.000Z' });
    insert(db, 'outbox', { trade_id: 'T2', kind: 'cancel', payload: '{"serial":"T2","reason":"01"}', deadline_at: null, state: 'pending', attempts: 0, next_attempt_at: null, last_error: null, ref_no: null, created_at: v1.at, updated_at: v1.at });
    insert(db, 'print_jobs', { trade_id: 'T1', kind: 'receipt', copy_no: 0, state: 'done', error: null, requested_by: 'T01', created_at: t1.at, updated_at: t1.at });
    insert(db, 'print_jobs', { trade_id: 'T2', kind: 'receipt', copy_no: 0, state: 'failed', error: '缺纸 paper out', requested_by: 'T01', created_at: t2.at, updated_at: t2.at });
    insert(db, 'print_jobs', { trade_id: 'T1', kind: 'reprint', copy_no: 1, state: 'pending', error: null, requested_by: 'sup1', created_at: '2026-03-09T02:50:00.000Z', updated_at: '2026-03-09T02:50:00.000Z' });
    // Before 005 entries were plain rows.
    for (const [at, action, id] of [[m1.at, 'cash.fund', 'M1'], [t1.at, 'trade.commit', 'T1'], [v1.at, 'trade.void', 'V1']] as const) {
      insert(db, 'audit_log', { at, actor: 'sup1', action, entity: action.split('.')[0], entity_id: id, detail: `{"id":"${id}"}` });
    }
  },
  4: (db) => {
    const at = '2026-03-10T01:00:00.000Z';
    insert(db, 'reserve_banks', { id: 'B1', name: '工商银行浦东支行', created_at: at, created_by: 'mgr1' });
    insert(db, 'reserve_accounts', { id: 'RA-CNY', bank_id: 'B1', currency: 'CNY', account_no: '1001-0001-CNY', created_at: at, created_by: 'mgr1' });
    insert(db, 'basic_account', { id: 1, bank_name: '建设银行', account_no: '3100-0001', set_at: at, set_by: 'mgr1' });
    // The unsorted USD lot 004 made is counted into notes, then one 50-dollar note goes to the safe.
    const count = { txn_id: 'COUNT1', location: 'till', currency: 'USD', business_date: '2026-03-10', created_at: '2026-03-10T01:05:00.000Z' };
    insert(db, 'note_movements', { ...count, denomination_minor: 1, count: -10_000 });
    insert(db, 'note_movements', { ...count, denomination_minor: 5_000, count: 2 });
    const rm1 = { id: 'RM1', date: '2026-03-10', at: '2026-03-10T01:10:00.000Z' };
    insert(db, 'reserve_movements', { id: 'RM1', kind: 'till_safe', channel: null, counterparty: null, place: null, same_city: null, method: 'cash', account_no: null, in_place: 'safe', in_currency: 'USD', in_minor: 5_000, out_place: 'till', out_currency: 'USD', out_minor: 5_000, rate_per_100: null, note: '入库 to the safe', actor: 'sup1', supervisor_id: null, business_date: rm1.date, created_at: rm1.at });
    post(db, { ...rm1, kind: 'movement' }, [['cash:USD', 'cash', 'USD', -5_000], ['safe:USD', 'safe', 'USD', 5_000]]);
    insert(db, 'note_movements', { txn_id: 'RM1', location: 'till', currency: 'USD', denomination_minor: 5_000, count: -1, business_date: rm1.date, created_at: rm1.at });
    insert(db, 'note_movements', { txn_id: 'RM1', location: 'safe', currency: 'USD', denomination_minor: 5_000, count: 1, business_date: rm1.date, created_at: rm1.at });
    const rm2 = { id: 'RM2', date: '2026-03-10', at: '2026-03-10T01:20:00.000Z' };
    insert(db, 'reserve_movements', { id: 'RM2', kind: 'cash_deposit', channel: 'bank', counterparty: '工商银行浦东支行', place: '上海', same_city: 1, method: 'cash', account_no: '1001-0001-CNY', in_place: 'RA-CNY', in_currency: 'CNY', in_minor: 1_000_000, out_place: 'till', out_currency: 'CNY', out_minor: 1_000_000, rate_per_100: '100', note: '存入备付金', actor: 'sup1', supervisor_id: 'mgr1', business_date: rm2.date, created_at: rm2.at });
    post(db, { ...rm2, kind: 'movement' }, [['cash:CNY', 'cash', 'CNY', -1_000_000], ['RA-CNY', 'reserve_account', 'CNY', 1_000_000]]);
    insert(db, 'day_closes', { business_date: '2026-03-09', closed_at: '2026-03-10T00:30:00.000Z', closed_by: 'sup1', supervisor_id: 'mgr1', variance_reason: null, summary: '{"trades":2,"voids":1}' });
    insert(db, 'day_balances', { business_date: '2026-03-09', account_id: 'cash:USD', balance_minor: 10_000 });
    insert(db, 'day_balances', { business_date: '2026-03-09', account_id: 'cash:CNY', balance_minor: 99_929_050 });
    insert(db, 'day_costs', { business_date: '2026-03-09', currency: 'USD', stock_minor: 10_000, cost_minor: 70_950 });
    insert(db, 'handovers', { id: 'H1', business_date: '2026-03-10', from_teller: 'T01', to_teller: 'T02', counted: '{"USD":{"5000":1}}', differences: '[]', created_at: '2026-03-10T04:00:00.000Z' });
  },
  5: (db) => {
    chained(db, '2026-03-10T05:00:00.000Z', 'reserves.till_safe', 'RM1', { amount: 5_000n });
    chained(db, '2026-03-10T05:01:00.000Z', 'dayClose.close', '2026-03-09');
  },
  6: (db) => {
    const at = '2026-03-11T01:00:00.000Z';
    const hash = 'scrypt$16384$8$1$c2FsdA$aGFzaA';
    insert(db, 'people', { id: 'sup1', name: '李主管', role: 'supervisor', password_hash: hash, password_set_at: at, created_at: at, created_by: 'setup', disabled_at: null, disabled_by: null, failed_attempts: 0, locked_at: null });
    insert(db, 'people', { id: 'T01', name: '王柜员', role: 'teller', password_hash: hash, password_set_at: at, created_at: at, created_by: 'sup1', disabled_at: null, disabled_by: null, failed_attempts: 5, locked_at: '2026-03-11T02:00:00.000Z' });
    insert(db, 'people', { id: 'T02', name: '赵柜员', role: 'teller', password_hash: hash, password_set_at: at, created_at: at, created_by: 'sup1', disabled_at: '2026-03-11T02:30:00.000Z', disabled_by: 'sup1', failed_attempts: 0, locked_at: null });
    insert(db, 'approval_uses', { approval_id: 'AP1', action: 'people.unlock', subject: 'T01', requester_id: 'T01', approver_id: 'sup1', approved_at: '2026-03-11T02:40:00.000Z', used_at: '2026-03-11T02:40:05.000Z' });
    chained(db, '2026-03-11T03:00:00.000Z', 'people.unlock', 'T01');
  },
  7: (db) => {
    // A supervisor's confirmation set the mark (clock.ts confirm).
    db.prepare('UPDATE clock_mark SET last_at = ?, confirmed_by = ?, confirmed_at = ? WHERE id = 1').run('2026-03-11T04:00:00.000Z', 'sup1', '2026-03-11T04:00:00.000Z');
    chained(db, '2026-03-11T04:00:00.000Z', 'clock.confirm', 'clock_mark');
  },
  8: (db) => {
    insert(db, 'calendar_years', { year: 2027, holidays: '["2027-01-01"]', workdays: '[]', source: '国办发明电〔2026〕1号', loaded_by: 'mgr1', loaded_at: '2026-03-12T01:00:00.000Z' });
    chained(db, '2026-03-12T01:00:00.000Z', 'calendar.load', '2027');
  },
  10: (db) => {
    const base = { business_date: '2026-03-13', teller_id: 'T01', payload: '{"serial":"T1"}', created_at: '2026-03-13T02:00:00.000Z', updated_at: '2026-03-13T02:00:01.000Z' };
    insert(db, 'realtime_intents', { ...base, trade_id: 'T1', serial: 'T1', trade_type: 'JH', state: 'committed', ref_no: 'JH2026030900000001', attempts: 0, next_attempt_at: null, last_error: null });
    insert(db, 'realtime_intents', { ...base, trade_id: 'T9', serial: 'T9', trade_type: 'GH', payload: '{"serial":"T9"}', state: 'cancelling', ref_no: null, attempts: 2, next_attempt_at: '2026-03-13T02:05:00.000Z', last_error: 'timeout' });
    chained(db, '2026-03-13T02:00:02.000Z', 'intent.cancel', 'T9');
  },
  11: (db) => {
    // The pending back-fill of T2 (outbox row 2), reversed with the customer.
    insert(db, 'outbox_resolutions', { outbox_id: 2, trade_id: 'T2', kind: 'reversed', refusal: 'backfill: 2001 over the annual quota', ref_no: null, note: '已退还客户 returned to the customer', person_status: null, resent_outbox_id: null, supervisor_id: 'sup1', actor: 'sup1', business_date: '2026-03-14', created_at: '2026-03-14T02:00:00.000Z' });
    chained(db, '2026-03-14T02:00:01.000Z', 'monitoring.resolve', '2');
  },
  12: (db) => {
    // The first pull from the hub.
    insert(db, 'hub_reference', { id: 1, version: 41, pulled_at: '2026-03-15T01:00:00.000Z' });
    chained(db, '2026-03-15T01:00:00.000Z', 'hub.pulled', '41');
  },
  13: (db) => {
    insert(db, 'hub_outlet', { id: 1, outlet_code: 'SHA-PVG-01', name: '浦东机场T2网点', city_code: '310115', address: '', counters: '[{"terminalId":"T01","name":"1号柜台","revoked":false}]', version: 42, applied_at: '2026-03-15T02:00:00.000Z' });
    chained(db, '2026-03-15T02:00:00.000Z', 'outlet.update', 'SHA-PVG-01');
  },
  14: (db) => {
    insert(db, 'receipt_books', { code: 'B0001', terminal_id: 'T01', first_no: 1_000_000_001, last_no: 1_000_001_000, issued_by: 'hub', issued_at: '2026-03-16T01:00:00.000Z', returned_at: null, unused_from: null, version: 50 });
    chained(db, '2026-03-16T01:00:00.000Z', 'receiptBook.received', 'B0001');
  },
  15: (db) => {
    insert(db, 'receipt_restarts', { at: '2026-03-17T01:00:00.000Z', actor: 'mgr1', last_own: 2, next_own: 200_001, hub_book: 'B0001', hub_last: 1_000_000_010 });
    chained(db, '2026-03-17T01:00:00.000Z', 'ledger.restore', 'R1');
  },
  16: (db) => {
    post(db, { id: 'X1', kind: 'movement', date: '2026-03-18', at: '2026-03-18T01:00:00.000Z' }, [['cash:USD', 'cash', 'USD', -1_000], ['in_transit:USD', 'in_transit', 'USD', 1_000]]);
    insert(db, 'cash_transfers', { id: 'X1', from_terminal: 'T01', from_outlet: 'SHA-PVG-01', from_place: 'till', to_terminal: 'T02', to_outlet: 'SHA-PVG-01', currency: 'USD', amount_minor: 1_000, notes: '[["1000","1"]]', note: '', sent_by: 'teller1', sent_at: '2026-03-18T01:00:00.000Z', sent_date: '2026-03-18' });
    chained(db, '2026-03-18T01:00:00.000Z', 'cash.transferSend', 'X1');
  },
  17: (db) => {
    insert(db, 'outlet_days', { business_date: '2026-03-18', closed_at: '2026-03-18T14:00:00.000Z', closed_by: 'sup1', supervisor_id: null, terminal_id: 'T02', excused: '[]', version: 60, applied_at: '2026-03-18T14:00:05.000Z' });
    chained(db, '2026-03-18T14:00:05.000Z', 'dayClose.outletClosed', '2026-03-18');
  },
  19: (db) => {
    db.prepare("UPDATE hub_outlet SET safe_terminal = 'T02', version = 90").run();
  },
  // issue 19 item 2 (refund on another day): T1 of 2026-03-09 refunded on 2026-03-20 as T3, the
  // till first given the dollars back (a float in) so the refund's reversal has them to take.
  23: (db) => {
    post(db, { id: 'F23', kind: 'movement', date: '2026-03-20', at: '2026-03-20T01:00:00.000Z' }, [['cash:USD', 'cash', 'USD', 10_000], ['capital:USD', 'capital', 'USD', -10_000]]);
    const r = { id: 'T3', date: '2026-03-20', at: '2026-03-20T02:00:00.000Z' };
    insert(db, 'trades', { ...TRADE_DEFAULTS, id: 'T3', receipt_no: 200_001, business_date: r.date, created_at: r.at, direction: 'purchase', kind: 'purchase', trade_type: 'GH', foreign_minor: 10_000, rmb_minor: 70_950, rate_per_100: '709.50', usd_equivalent: '100.00', reporting_path: 'exempt', fund_attribute: '321', original_receipt_no: 1, teller_id: 'teller1', supervisor_id: 'sup1' });
    post(db, { ...r, kind: 'trade' }, [['cash:USD', 'cash', 'USD', -10_000], ['exchange:USD', 'exchange', 'USD', 10_000], ['exchange:CNY', 'exchange', 'CNY', -70_950], ['cash:CNY', 'cash', 'CNY', 70_950]]);
    insert(db, 'refunds', { id: 'RF1', trade_id: 'T3', original_trade_id: 'T1', original_receipt_no: 1, reason: '客户退回 customer returned', teller_id: 'teller1', supervisor_id: 'sup1', business_date: r.date, created_at: r.at });
    chained(db, r.at, 'trade.refund', 'T3');
  },
  // ---- issue 19 item 5 (identity): 025 id_expiry ----
  25: (db) => {
    db.prepare("UPDATE customers SET id_expiry = '2031-05-31' WHERE id = 'C2'").run();
  },
  18: (db) => {
    insert(db, 'receipt_books', { code: 'B0002', terminal_id: 'T01', first_no: 1_000_001_001, last_no: 1_000_011_000, issued_by: 'hub', issued_at: '2026-03-19T01:00:00.000Z', returned_at: null, unused_from: null, version: 80, reserve: 1 });
    chained(db, '2026-03-19T01:00:00.000Z', 'receiptBook.received', 'B0002');
  },
  // ---- watch-list screening (第五十四条, 022): a list, an entry, a hit and its decision ----
  22: (db) => {
    insert(db, 'screening_lists', SCREENING_LIST);
    insert(db, 'screening_entries', { list_version: 'L1', seq: 1, reference: 'QDi.901', name: 'ABDUL RAHMAN YASIN', aliases: '[]', dates_of_birth: '["1971"]', nationalities: '["Yemen"]', documents: '["00428155"]' });
    chained(db, '2026-03-21T01:00:00.000Z', 'screening.import', 'L1');
    insert(db, 'screening_hits', { id: 'H1', created_at: '2026-03-21T02:00:00.000Z', business_date: '2026-03-21', person_key: '04:00428155:YEM', customer_name: 'ABDUL RAHMAN', list_version: 'L1', reference: 'QDi.901', entry_name: 'ABDUL RAHMAN YASIN', matched: '00428155', matched_on: 'document', score: '100', threshold: 85, teller_id: 'teller1' });
    chained(db, '2026-03-21T02:00:00.000Z', 'screening.hit', 'H1');
    insert(db, 'screening_decisions', { hit_id: 'H1', decision: 'refuse', reason: '护照号一致', decided_by: 'sup1', decided_at: '2026-03-21T02:10:00.000Z' });
    chained(db, '2026-03-21T02:10:00.000Z', 'screening.examine', 'H1');
  },
  // ---- issue 19 items 3 and 8: a currency's filing (第三十四条) ----
  24: (db) => {
    insert(db, 'currency_listings', { id: 'L1', currency: 'GBP', filed_on: '2026-03-20', first_allowed: '2026-04-03', grandfathered: 0, recorded_by: 'sup1', recorded_at: '2026-03-20T01:00:00.000Z' });
    chained(db, '2026-03-20T01:00:00.000Z', 'rates.listCurrency', 'L1');
  },
  // ---- issue 19 item 7 (inspection and retention): 026 day_archives ----
  26: (db) => {
    insert(db, 'day_archives', { business_date: '2026-03-09', made_at: '2026-03-10T00:30:05.000Z', made_by: 'sup1', pdf: Buffer.from('%PDF-1.3\n%%EOF\n'), size: 15, sha256: 'a'.repeat(64), content_sha256: 'b'.repeat(64), receipts: 2, backfills: 1, retain_until: '2029-03-09' });
    chained(db, '2026-03-10T00:30:05.000Z', 'archive.made', '2026-03-09');
  },
  // ---- issue 21 (fewer pages per trade): 027 changes indexes only; rows written at 027 go through the new ones ----
  27: (db) => {
    post(db, { id: 'F27', kind: 'movement', date: '2026-03-22', at: '2026-03-22T01:00:00.000Z' }, [['cash:USD', 'cash', 'USD', 500], ['capital:USD', 'capital', 'USD', -500]]);
    // Its notes as a counter before 028 wrote them: a row per denomination (USD 2 ×2, USD 1 ×1).
    for (const [denomination_minor, count] of [[200, 2], [100, 1]] as const) {
      insert(db, 'note_movements', { txn_id: 'F27', location: 'till', currency: 'USD', denomination_minor, count, business_date: '2026-03-22', created_at: '2026-03-22T01:00:00.000Z' });
    }
    chained(db, '2026-03-22T01:00:00.000Z', 'rate.set', 'R1');
  },
  // ---- issue 21 (notes kept with the trade): 028 note_bundles, a trade's notes as one row per place, currency and direction ----
  28: (db) => {
    // A trade of 2026-03-23: USD 150 in (100 ×1, 50 ×1) to the till.
    const t = { id: 'N28', date: '2026-03-23', at: '2026-03-23T01:00:00.000Z' };
    post(db, { ...t, kind: 'movement' }, [['cash:USD', 'cash', 'USD', 15_000], ['capital:USD', 'capital', 'USD', -15_000]]);
    insert(db, 'note_bundles', { business_date: t.date, txn_id: t.id, location: 'till', currency: 'USD', sign: 1, notes: '{"10000":1,"5000":1}', created_at: t.at });
    chained(db, t.at, 'cash.fund', t.id);
  },
  // ---- issue 21 (postings by transaction): 029 one index by date and transaction; rows written at 029 go through it ----
  29: (db) => {
    post(db, { id: 'P29', kind: 'movement', date: '2026-03-24', at: '2026-03-24T01:00:00.000Z' }, [['cash:USD', 'cash', 'USD', 2_500], ['capital:USD', 'capital', 'USD', -2_500]]);
    chained(db, '2026-03-24T01:00:00.000Z', 'rate.set', 'R1');
  },
  // ---- issue 21 (print jobs in order): 030 no index on print jobs' state; a job queued at 030 is found after the last one taken ----
  30: (db) => {
    insert(db, 'print_jobs', { trade_id: 'T2', kind: 'reprint', copy_no: 1, state: 'pending', error: null, requested_by: 'sup1', created_at: '2026-03-25T01:00:00.000Z', updated_at: '2026-03-25T01:00:00.000Z' });
    chained(db, '2026-03-25T01:00:00.000Z', 'receipt.reprint', 'T2');
  },
};

const SCREENING_LIST = { id: 'L1', list_id: 'un-sc', version: 1, name: 'UN SC', format: 'un-xml', generated: '2026-03-20', imported_at: '2026-03-21T01:00:00.000Z', imported_by: 'sup1', source: 'terminal', entry_count: 1, sha256: 'a'.repeat(64) };

// ---- what the user would notice ----

/** The tables of the ledger (sqlite_sequence too: AUTOINCREMENT's counters are the ledger's). */
const tablesOf = (db: Db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
const columnsOf = (db: Db, table: string) => db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[];
const objectsOf = (db: Db, type: string, table: string) => db.prepare('SELECT name FROM sqlite_master WHERE type = ? AND tbl_name = ? ORDER BY name').pluck().all(type, table) as string[];

/** A table's rows, by primary key (a rebuilt table's rowids may differ), the given columns only. */
function rowsOf(db: Db, table: string, columns: string[]): Row[] {
  const pk = (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(table) as string[]);
  const order = pk.length > 0 ? pk.join(', ') : 'rowid';
  return db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY ${order}`).all() as Row[];
}

interface Snapshot {
  tables: Map<string, { columns: string[]; rows: Row[] }>;
}

function snapshot(db: Db): Snapshot {
  const tables = new Map<string, { columns: string[]; rows: Row[] }>();
  for (const t of tablesOf(db)) {
    const columns = columnsOf(db, t);
    tables.set(t, { columns, rows: rowsOf(db, t, columns) });
  }
  return { tables };
}

/** EXPLAIN QUERY PLAN, one line per step. */
const plan = (db: Db, sql: string, ...params: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

/** A statement refused, and nothing of it left: the table's rows as before. */
function refuses(db: Db, table: string, sql: string, message: RegExp, ...params: unknown[]): void {
  const before = rowsOf(db, table, columnsOf(db, table));
  expect(() => db.prepare(sql).run(...params), sql).toThrow(message);
  expect(rowsOf(db, table, columnsOf(db, table)), `${table} after the refused ${sql}`).toEqual(before);
}

/** Checks that hold after every migration on the populated ledger. */
/**
 * Tables a migration replaces by another holding the same facts in another shape: their rows are
 * checked by that migration's own test, against the new table. (issue 21: 028 note bundles)
 */
const REPLACED: Record<number, Record<string, string>> = { 28: { note_movements: 'note_bundles' } };

function expectSoundUpgrade(db: Db, version: number, before: Snapshot): void {
  expect(schemaVersion(db)).toBe(version);
  const replaced = REPLACED[version] ?? {};
  // Every row kept, with the same values (a column a migration added is checked by its own test).
  for (const [table, { columns, rows }] of before.tables) {
    if (Object.hasOwn(replaced, table)) {
      expect(tablesOf(db), `table ${table} replaced by ${replaced[table]}`).not.toContain(table);
      continue;
    }
    expect(tablesOf(db), `table ${table} is still there`).toContain(table);
    const after = rowsOf(db, table, columns);
    if (table === 'sqlite_sequence') {
      // A migration that writes rows into a new AUTOINCREMENT table adds its counter (004); a
      // replaced table's counter goes with it (028).
      const counters = new Set(rows.map((r) => r.name).filter((n) => !Object.hasOwn(replaced, n as string)));
      expect(after.filter((r) => counters.has(r.name)), 'the AUTOINCREMENT counters').toEqual(rows.filter((r) => counters.has(r.name)));
    } else expect(after, `rows of ${table}`).toEqual(rows);
  }
  expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(db.pragma('foreign_keys', { simple: true }), 'foreign keys back on after the migration').toBe(1n);
  // The schema is the one a new ledger gets at this version: schemaCheck.ts would not start it damaged.
  expect(schemaDrift(db, MIGRATIONS.slice(0, version))).toBeUndefined();
  // The books: each balance is the sum of its account's postings, each transaction balances.
  expect(db.prepare(`SELECT b.account_id, b.balance_minor FROM account_balances b
    WHERE b.balance_minor IS NOT (SELECT sum(p.amount_minor) FROM postings p WHERE p.account_id = b.account_id)`).all()).toEqual([]);
  expect(db.prepare('SELECT count(*) FROM accounts WHERE id NOT IN (SELECT account_id FROM account_balances)').pluck().get()).toBe(0n);
  expect(db.prepare('SELECT txn_id, currency, sum(amount_minor) AS s FROM postings GROUP BY txn_id, currency HAVING s <> 0').all()).toEqual([]);
  if (version >= 5) expect(verifyAuditChain(db)).toMatchObject({ ok: true, unchained: 3 });
}

/**
 * Builds the ledger at N-1, applies N, runs the checks every upgrade must pass, and returns the
 * ledger with what it held before, for the migration's own checks.
 */
function upgradeTo(version: number): { db: Db; before: Snapshot } {
  const db = ledgerAt(version - 1);
  const before = snapshot(db);
  // The data is representative only if every table holds something.
  const empty = [...before.tables].filter(([, t]) => t.rows.length === 0).map(([name]) => name);
  expect(empty, `tables left empty at version ${version - 1}`).toEqual([]);
  migrateTo(db, version);
  expectSoundUpgrade(db, version, before);
  return { db, before };
}

const rowsBefore = (before: Snapshot, table: string) => before.tables.get(table)!.rows;

describe('each migration upgrades a ledger in use: its rows kept, what it adds there and working', () => {
  it('covers every migration from 002 to the latest', () => {
    // A new migration needs its own test here.
    expect(LATEST).toBe(30);
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
  });

  it('002 trades_by_time: the outlet\'s recent trades are found by time', () => {
    const { db } = upgradeTo(2);
    expect(objectsOf(db, 'index', 'trades')).toContain('trades_by_time');
    const recent = 'SELECT id FROM trades WHERE created_at >= ? ORDER BY created_at';
    expect(plan(db, recent, '2026-03-09T02:10:00.000Z')).toMatch(/SEARCH trades USING (COVERING )?INDEX trades_by_time/);
    expect(db.prepare(recent).pluck().all('2026-03-09T02:10:00.000Z')).toEqual(['T2']);
    refuses(db, 'trades', "UPDATE trades SET rmb_minor = 1 WHERE id = 'T1'", /append-only/);
  });

  it('003 outbox_by_state: the queue screen reads one state\'s page by id', () => {
    const { db } = upgradeTo(3);
    expect(objectsOf(db, 'index', 'outbox')).toContain('outbox_by_state');
    const page = 'SELECT id, kind FROM outbox WHERE state = ? AND id > 0 ORDER BY id DESC LIMIT ?';
    expect(plan(db, page, 'pending', 50)).toMatch(/SEARCH outbox USING INDEX outbox_by_state/);
    expect(plan(db, page, 'pending', 50)).not.toMatch(/TEMP B-TREE/);
    expect(db.prepare(page).all('pending', 50)).toEqual([{ id: 3n, kind: 'cancel' }, { id: 2n, kind: 'backfill' }]);
    refuses(db, 'outbox', "UPDATE outbox SET payload = '{}' WHERE id = 1", /never changes/);
    refuses(db, 'outbox', 'DELETE FROM outbox WHERE id = 3', /never deleted/);
  });

  it('004 reserves: accounts and balances rebuilt with the new kinds and kept; the float and the till\'s cash carried into the new tables', () => {
    const { db, before } = upgradeTo(4);
    // The float put in by cash.fund becomes a float from the institution itself (第四十五条(一)).
    expect(db.prepare('SELECT id, kind, channel, counterparty, method, in_place, in_currency, in_minor, out_minor, note, actor, business_date, created_at FROM reserve_movements').all()).toEqual([
      { id: 'M1', kind: 'float_in', channel: 'internal', counterparty: '本机构', method: 'cash', in_place: 'till', in_currency: 'CNY', in_minor: 100_000_000n, out_minor: null, note: '开业备用金 opening float', actor: 'mgr1', business_date: '2026-03-09', created_at: '2026-03-09T01:30:00.000Z' },
    ]);
    // The cash in the till, unsorted: one lot per currency worth its balance, so the note stock adds up.
    const cash = rowsBefore(before, 'account_balances').filter((b) => b.kind === 'cash' && (b.balance_minor as bigint) > 0n);
    expect(cash.map((b) => b.account_id)).toEqual(['cash:CNY', 'cash:USD']);
    expect(db.prepare("SELECT txn_id, location, currency, denomination_minor, count FROM note_movements ORDER BY currency").all())
      .toEqual(cash.map((b) => ({ txn_id: 'migration-004', location: 'till', currency: b.currency, denomination_minor: 1n, count: b.balance_minor })));
    expect(db.prepare('SELECT location, currency, denomination_minor, count FROM note_stock ORDER BY currency').all())
      .toEqual(cash.map((b) => ({ location: 'till', currency: b.currency, denomination_minor: 1n, count: b.balance_minor })));
    // The new kinds are accepted, others still refused, and the balance trigger (dropped and made
    // again) keeps the new kinds' balances; the safe and a reserve account never go below zero.
    refuses(db, 'accounts', "INSERT INTO accounts (id, kind, currency) VALUES ('x:USD', 'wallet', 'USD')", /CHECK constraint failed/);
    post(db, { id: 'TS1', kind: 'movement', date: '2026-03-10', at: '2026-03-10T01:00:00.000Z' }, [['cash:USD', 'cash', 'USD', -3_000], ['safe:USD', 'safe', 'USD', 3_000]]);
    expect(db.prepare("SELECT account_id, kind, balance_minor FROM account_balances WHERE currency = 'USD' AND kind IN ('cash', 'safe') ORDER BY account_id").all())
      .toEqual([{ account_id: 'cash:USD', kind: 'cash', balance_minor: 7_000n }, { account_id: 'safe:USD', kind: 'safe', balance_minor: 3_000n }]);
    refuses(db, 'postings', "INSERT INTO postings (txn_id, txn_kind, account_id, currency, amount_minor, business_date, created_at) VALUES ('TS2', 'movement', 'safe:USD', 'USD', -3001, '2026-03-10', '2026-03-10T01:01:00.000Z')", /CHECK constraint failed/);
    refuses(db, 'postings', "INSERT INTO postings (txn_id, txn_kind, account_id, currency, amount_minor, business_date, created_at) VALUES ('TS3', 'movement', 'cash:USD', 'USD', -7001, '2026-03-10', '2026-03-10T01:01:00.000Z')", /CHECK constraint failed/);
    // Notes: the stock follows the movements and is never negative; the new records are append-only.
    refuses(db, 'note_movements', "INSERT INTO note_movements (txn_id, location, currency, denomination_minor, count, business_date, created_at) VALUES ('N1', 'safe', 'USD', 10000, -1, '2026-03-10', '2026-03-10T01:02:00.000Z')", /CHECK constraint failed/);
    refuses(db, 'reserve_movements', "UPDATE reserve_movements SET in_minor = 1 WHERE id = 'M1'", /append-only/);
    refuses(db, 'note_movements', 'DELETE FROM note_movements', /append-only/);
    insert(db, 'day_closes', { business_date: '2026-03-09', closed_at: '2026-03-10T00:30:00.000Z', closed_by: 'sup1', supervisor_id: null, variance_reason: null, summary: '{}' });
    refuses(db, 'day_closes', "UPDATE day_closes SET summary = '{\"changed\":1}'", /append-only/);
    // The day close's list of unprinted receipts looks print jobs up by trade.
    expect(plan(db, 'SELECT state FROM print_jobs WHERE trade_id = ?', 'T2')).toMatch(/USING INDEX print_jobs_by_trade/);
  });

  it('005 audit chain: entries before it kept unchained, the chain starting after them, unchained entries refused', () => {
    const { db, before } = upgradeTo(5);
    expect(db.prepare('SELECT id, prev_hash, hash FROM audit_log ORDER BY id').all()).toEqual([1n, 2n, 3n].map((id) => ({ id, prev_hash: null, hash: null })));
    const start = db.prepare('SELECT id, first_id, genesis, started_at FROM audit_chain').all() as { first_id: bigint; genesis: string; started_at: string }[];
    expect(start).toHaveLength(1);
    const lastBefore = rowsBefore(before, 'audit_log').at(-1)!.id as bigint;
    expect(start[0]).toMatchObject({ id: 1n, first_id: lastBefore + 1n, genesis: expect.stringMatching(/^[0-9a-f]{64}$/), started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 0, unchained: 3 });
    // The next entry chains from the genesis; a row written around audit() is refused.
    chained(db, '2026-03-10T05:00:00.000Z', 'reserves.till_safe', 'RM1');
    expect(db.prepare('SELECT id, prev_hash FROM audit_log WHERE hash IS NOT NULL').all()).toEqual([{ id: 4n, prev_hash: start[0]!.genesis }]);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, entries: 1, unchained: 3, head: { id: 4 } });
    refuses(db, 'audit_log', "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES ('2026-03-10T05:01:00.000Z', 'x', 'y', 'z', '1', '{}')", /written through audit\(\)/);
    refuses(db, 'audit_chain', "UPDATE audit_chain SET genesis = lower(hex(randomblob(32)))", /never changes/);
    refuses(db, 'audit_chain', 'DELETE FROM audit_chain', /never changes/);
    refuses(db, 'audit_log', "UPDATE audit_log SET actor = 'someone' WHERE id = 2", /append-only/);
    // The supervisor's audit screen reads a day by time, and one action by action and time.
    expect(plan(db, 'SELECT id FROM audit_log WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC', 'a', 'b')).toMatch(/USING (COVERING )?INDEX audit_log_by_time/);
    expect(plan(db, 'SELECT id FROM audit_log WHERE action = ? AND at >= ? ORDER BY at DESC, id DESC', 'a', 'b')).toMatch(/USING (COVERING )?INDEX audit_log_by_action/);
  });

  it('006 people: people and approvals recorded, with their rules, on a ledger that had neither', () => {
    const { db } = upgradeTo(6);
    const hash = 'scrypt$16384$8$1$c2FsdA$aGFzaA';
    const person = (id: string, role: string, passwordHash = hash) => db.prepare(
      "INSERT INTO people (id, name, role, password_hash, password_set_at, created_at, created_by) VALUES (?, 'n', ?, ?, '2026-03-11T01:00:00.000Z', '2026-03-11T01:00:00.000Z', 'setup')",
    ).run(id, role, passwordHash);
    person('sup1', 'supervisor');
    person('T01', 'teller');
    expect(db.prepare('SELECT id, role, failed_attempts, disabled_at, locked_at FROM people ORDER BY id').all()).toEqual([
      { id: 'sup1', role: 'supervisor', failed_attempts: 0n, disabled_at: null, locked_at: null },
      { id: 'T01', role: 'teller', failed_attempts: 0n, disabled_at: null, locked_at: null },
    ]);
    expect(() => person('SUP1', 'teller'), 'ids compared without case').toThrow(/UNIQUE constraint failed/);
    expect(() => person('x1', 'admin')).toThrow(/CHECK constraint failed/);
    expect(() => person('x2', 'teller', 'plaintext')).toThrow(/CHECK constraint failed/);
    expect(() => person('', 'teller')).toThrow(/CHECK constraint failed/);
    refuses(db, 'people', "DELETE FROM people WHERE id = 'T01'", /never deleted/);
    refuses(db, 'people', "UPDATE people SET role = 'manager' WHERE id = 'T01'", /never change/);
    db.prepare("UPDATE people SET disabled_at = '2026-03-11T02:00:00.000Z', disabled_by = 'sup1' WHERE id = 'T01'").run();
    refuses(db, 'people', "UPDATE people SET disabled_at = NULL WHERE id = 'T01'", /stays disabled/);
    const approval = (id: string, requester: string, approver: string) => db.prepare(
      "INSERT INTO approval_uses (approval_id, action, subject, requester_id, approver_id, approved_at, used_at) VALUES (?, 'trades.void', 'T2', ?, ?, '2026-03-11T02:40:00.000Z', '2026-03-11T02:40:05.000Z')",
    ).run(id, requester, approver);
    approval('AP1', 't01', 'SUP1');
    expect(() => approval('AP1', 'T01', 'sup1'), 'an approval used twice').toThrow(/UNIQUE constraint failed/);
    expect(() => approval('AP2', 'sup1', 'Sup1'), 'approving one\'s own request').toThrow(/CHECK constraint failed/);
    expect(() => approval('AP3', 'nobody', 'sup1')).toThrow(/FOREIGN KEY constraint failed/);
    refuses(db, 'approval_uses', "UPDATE approval_uses SET subject = 'T1'", /append-only/);
    refuses(db, 'approval_uses', 'DELETE FROM approval_uses', /append-only/);
  });

  it('007 clock mark: starts at the latest time the ledger holds', () => {
    const { db, before } = upgradeTo(7);
    const trades = rowsBefore(before, 'trades').map((t) => t.created_at as string);
    const lastAudit = rowsBefore(before, 'audit_log').at(-1)!.at as string;
    const latest = [...trades, lastAudit].sort().at(-1);
    // The audit log's last entry (people.unlock, on the 11th) is later than the last trade.
    expect(latest).toBe('2026-03-11T03:00:00.000Z');
    expect(db.prepare('SELECT id, last_at, confirmed_by, confirmed_at FROM clock_mark').all()).toEqual([{ id: 1n, last_at: latest, confirmed_by: null, confirmed_at: null }]);
    refuses(db, 'clock_mark', "INSERT INTO clock_mark (id, last_at) VALUES (2, '2026-03-11T03:00:00.000Z')", /CHECK constraint failed/);
    refuses(db, 'clock_mark', 'INSERT INTO clock_mark (id, last_at) VALUES (1, NULL) ON CONFLICT (id) DO UPDATE SET last_at = excluded.last_at', /NOT NULL constraint failed/);
  });

  it('008 calendar years: a year\'s calendar loaded after release, the newest row of a year in force', () => {
    const { db } = upgradeTo(8);
    const load = (year: number | null, holidays: string | null, source: string) => db.prepare(
      "INSERT INTO calendar_years (year, holidays, workdays, source, loaded_by, loaded_at) VALUES (?, ?, '[]', ?, 'mgr1', '2026-03-12T01:00:00.000Z')",
    ).run(year, holidays, source);
    load(2027, '["2027-01-01"]', 'first notice');
    load(2027, '["2027-01-01","2027-02-05"]', 'second notice');
    refuses(db, 'calendar_years', "INSERT INTO calendar_years (year, holidays, workdays, source, loaded_by, loaded_at) VALUES (2028, NULL, '[]', 's', 'mgr1', 'x')", /NOT NULL constraint failed/);
    const inForce = 'SELECT holidays, source FROM calendar_years WHERE year = ? ORDER BY id DESC LIMIT 1';
    expect(db.prepare(inForce).get(2027)).toEqual({ holidays: '["2027-01-01","2027-02-05"]', source: 'second notice' });
    expect(plan(db, inForce, 2027)).toMatch(/SEARCH calendar_years USING INDEX calendar_years_by_year/);
    expect(plan(db, inForce, 2027)).not.toMatch(/TEMP B-TREE/);
  });

  it('009 voids_by_date: the day close counts the day\'s voids by date', () => {
    const { db } = upgradeTo(9);
    const count = 'SELECT count(*) FROM voids WHERE business_date = ?';
    expect(plan(db, count, '2026-03-09')).toMatch(/SEARCH voids USING COVERING INDEX voids_by_date/);
    expect(db.prepare(count).pluck().get('2026-03-09')).toBe(1n);
    expect(db.prepare(count).pluck().get('2026-03-10')).toBe(0n);
    refuses(db, 'voids', "DELETE FROM voids WHERE id = 'V1'", /append-only/);
  });

  it('010 real-time intents: recorded beside the trades, moving only forward, never deleted', () => {
    const { db } = upgradeTo(10);
    const intent = (tradeId: string, serial: string, state = 'open') => db.prepare(
      "INSERT INTO realtime_intents (trade_id, serial, trade_type, payload, business_date, teller_id, created_at, state, updated_at) VALUES (?, ?, 'JH', '{}', '2026-03-13', 'T01', '2026-03-13T02:00:00.000Z', ?, '2026-03-13T02:00:00.000Z')",
    ).run(tradeId, serial, state);
    intent('T1', 'T1');
    expect(db.prepare('SELECT id, trade_id, state, attempts, ref_no FROM realtime_intents').all()).toEqual([{ id: 1n, trade_id: 'T1', state: 'open', attempts: 0n, ref_no: null }]);
    refuses(db, 'realtime_intents', "INSERT INTO realtime_intents (trade_id, serial, trade_type, payload, business_date, teller_id, created_at, state, updated_at) VALUES ('T3', 'T4', 'JH', '{}', 'd', 'T01', 'x', 'open', 'x')", /CHECK constraint failed/);
    expect(() => intent('T1', 'T1'), 'a second live intent for one serial').toThrow(/UNIQUE constraint failed/);
    db.prepare("UPDATE realtime_intents SET state = 'committed', ref_no = 'JH2026031300000001' WHERE id = 1").run();
    refuses(db, 'realtime_intents', "UPDATE realtime_intents SET state = 'open' WHERE id = 1", /only moves forward/);
    refuses(db, 'realtime_intents', "UPDATE realtime_intents SET payload = '{\"x\":1}' WHERE id = 1", /never changes/);
    refuses(db, 'realtime_intents', 'DELETE FROM realtime_intents', /never deleted/);
    expect(plan(db, "SELECT id FROM realtime_intents WHERE state = 'open' ORDER BY id")).toMatch(/USING (COVERING )?INDEX realtime_intents_open/);
    expect(plan(db, "SELECT id FROM realtime_intents WHERE state = 'cancelling' ORDER BY id")).toMatch(/USING (COVERING )?INDEX realtime_intents_cancelling/);
  });

  it('011 outbox resolutions: a supervisor\'s resolution of a refused back-fill, tied to its queue row and trade', () => {
    const { db } = upgradeTo(11);
    const resolve = (outboxId: number, tradeId: string, kind: string, refNo: string | null, note: string | null, status: string | null, resent: number | null) => db.prepare(
      `INSERT INTO outbox_resolutions (outbox_id, trade_id, kind, refusal, ref_no, note, person_status, resent_outbox_id, supervisor_id, actor, business_date, created_at)
       VALUES (?, ?, ?, 'backfill: 2001 over the annual quota', ?, ?, ?, ?, 'sup1', 'sup1', '2026-03-14', '2026-03-14T02:00:00.000Z')`,
    ).run(outboxId, tradeId, kind, refNo, note, status, resent);
    // The pending back-fill of T2 (outbox row 2), resolved in page mode.
    resolve(2, 'T2', 'pageMode', 'JH2026031400000009', null, null, null);
    expect(db.prepare('SELECT id, outbox_id, trade_id, kind, ref_no FROM outbox_resolutions').all()).toEqual([{ id: 1n, outbox_id: 2n, trade_id: 'T2', kind: 'pageMode', ref_no: 'JH2026031400000009' }]);
    expect(() => resolve(2, 'T2', 'pageMode', 'JH2026031400000009', null, null, null), 'one reference number for two resolutions').toThrow(/UNIQUE constraint failed/);
    expect(() => resolve(2, 'T2', 'pageMode', null, null, null, null)).toThrow(/CHECK constraint failed/);
    expect(() => resolve(2, 'T2', 'reversed', null, null, null, null)).toThrow(/CHECK constraint failed/);
    expect(() => resolve(2, 'T2', 'noticeGiven', null, null, '03', null)).toThrow(/CHECK constraint failed/);
    expect(() => resolve(2, 'T2', 'forgiven', null, 'n', null, null)).toThrow(/CHECK constraint failed/);
    expect(() => resolve(99, 'T2', 'reversed', null, 'n', null, null), 'a queue row the ledger does not have').toThrow(/FOREIGN KEY constraint failed/);
    expect(() => resolve(2, 'T9', 'reversed', null, 'n', null, null), 'a trade the ledger does not have').toThrow(/FOREIGN KEY constraint failed/);
    resolve(2, 'T2', 'noticeGiven', null, null, '03', 3);
    expect(db.prepare('SELECT count(*) FROM outbox_resolutions').pluck().get()).toBe(2n);
    refuses(db, 'outbox_resolutions', "UPDATE outbox_resolutions SET supervisor_id = 'x'", /append-only/);
    refuses(db, 'outbox_resolutions', 'DELETE FROM outbox_resolutions', /append-only/);
    // The day close lists the day's resolutions by date; reconcile finds a row's by row.
    expect(plan(db, 'SELECT id FROM outbox_resolutions WHERE business_date = ?', 'd')).toMatch(/USING (COVERING )?INDEX outbox_resolutions_by_date/);
    expect(plan(db, 'SELECT id FROM outbox_resolutions WHERE outbox_id = ?', 1)).toMatch(/USING (COVERING )?INDEX outbox_resolutions_by_row/);
  });

  it('012 hub reference: the version of the hub\'s reference data applied, one row, only moving forward', () => {
    const { db } = upgradeTo(12);
    const set = (version: number, at: string) => db.prepare('INSERT INTO hub_reference (id, version, pulled_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version, pulled_at = excluded.pulled_at').run(version, at);
    set(7, '2026-03-14T02:00:00.000Z');
    set(9, '2026-03-14T02:05:00.000Z');
    expect(db.prepare('SELECT id, version, pulled_at FROM hub_reference').all()).toEqual([{ id: 1n, version: 9n, pulled_at: '2026-03-14T02:05:00.000Z' }]);
    expect(() => set(8, '2026-03-14T02:06:00.000Z'), 'a version applied is never applied again').toThrow(/only moves forward/);
    expect(() => db.prepare("INSERT INTO hub_reference (id, version, pulled_at) VALUES (2, 1, 'x')").run(), 'one row').toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE hub_reference SET version = -1 WHERE id = 1").run()).toThrow(/only moves forward|CHECK constraint failed/);
    expect(db.prepare('SELECT version FROM hub_reference').pluck().get()).toBe(9n);
  });

  it('013 hub outlet: the outlet as the hub masters it, one row, replaced only by a later version of the same outlet, never deleted', () => {
    const { db } = upgradeTo(13);
    expect(db.prepare('SELECT count(*) FROM hub_outlet').pluck().get(), 'nothing until the hub publishes the outlet').toBe(0n);
    const counters = JSON.stringify([{ terminalId: 'T01', name: '1号柜台', revoked: false }]);
    const put = (version: number, code = 'SHA-PVG-01', name = '浦东机场T2网点', city: string | null = '310115', list = counters) => db.prepare(`INSERT INTO hub_outlet (id, outlet_code, name, city_code, address, counters, version, applied_at) VALUES (1, ?, ?, ?, '上海市浦东新区', ?, ?, '2026-03-15T02:00:00.000Z')
      ON CONFLICT (id) DO UPDATE SET outlet_code = excluded.outlet_code, name = excluded.name, city_code = excluded.city_code, counters = excluded.counters, version = excluded.version`).run(code, name, city, list, version);
    put(42);
    put(45, 'SHA-PVG-01', '浦东机场T2到达网点');
    expect(db.prepare('SELECT outlet_code, name, city_code, version FROM hub_outlet').all()).toEqual([{ outlet_code: 'SHA-PVG-01', name: '浦东机场T2到达网点', city_code: '310115', version: 45n }]);
    expect(() => put(44), 'an earlier version').toThrow(/only a later version of the same outlet/);
    expect(() => put(45), 'the same version again').toThrow(/only a later version of the same outlet/);
    expect(() => put(46, 'SHA-PVG-02'), 'another outlet').toThrow(/only a later version of the same outlet/);
    expect(() => put(46, 'SHA-PVG-01', '浦东', '3101'), 'a city code not of six digits').toThrow(/CHECK constraint failed/);
    expect(() => put(46, 'SHA-PVG-01', '浦东', null, '{"T01":1}'), 'counters not a list').toThrow(/CHECK constraint failed/);
    expect(() => put(46, 'SHA-PVG-01', ''), 'no name').toThrow(/CHECK constraint failed/);
    refuses(db, 'hub_outlet', "INSERT INTO hub_outlet (id, outlet_code, name, city_code, address, counters, version, applied_at) VALUES (2, 'X', 'X', NULL, '', '[]', 50, 'x')", /CHECK constraint failed/);
    refuses(db, 'hub_outlet', 'DELETE FROM hub_outlet', /never deleted/);
    put(46, 'SHA-PVG-01', '浦东机场T2网点', null, '[]');
    expect(db.prepare('SELECT name, city_code, counters, version FROM hub_outlet').all()).toEqual([{ name: '浦东机场T2网点', city_code: null, counters: '[]', version: 46n }]);
  });

  it('014 receipt books: the outlet\'s books from the hub, above the counter\'s own numbers; a range never changed, a return recorded once, never deleted', () => {
    const { db } = upgradeTo(14);
    expect(db.prepare('SELECT count(*) FROM receipt_books').pluck().get(), 'a ledger that numbered alone holds no book').toBe(0n);
    const book = (code: string, first: number, last: number, version: number, terminal = 'T01') => db.prepare('INSERT INTO receipt_books (code, terminal_id, first_no, last_no, issued_by, issued_at, returned_at, unused_from, version) VALUES (?, ?, ?, ?, \'hub\', \'2026-03-16T01:00:00.000Z\', NULL, NULL, ?)').run(code, terminal, first, last, version);
    book('B0001', 1_000_000_001, 1_000_001_000, 50);
    book('B0002', 1_000_001_001, 1_000_002_000, 51, 'T02');
    expect(() => book('B0003', 1_000_000_000, 1_000_000_500, 52), 'a number of the counters\' own space').toThrow(/CHECK constraint failed/);
    expect(() => book('B0003', 1_000_003_000, 1_000_002_999, 52), 'last before first').toThrow(/CHECK constraint failed/);
    expect(() => book('7', 1_000_003_001, 1_000_004_000, 52), 'a code not of the hub\'s form').toThrow(/CHECK constraint failed/);
    refuses(db, 'receipt_books', 'UPDATE receipt_books SET last_no = last_no + 1 WHERE code = \'B0001\'', /range never changes/);
    refuses(db, 'receipt_books', 'UPDATE receipt_books SET terminal_id = \'T09\' WHERE code = \'B0001\'', /range never changes/);
    refuses(db, 'receipt_books', 'UPDATE receipt_books SET returned_at = \'x\', unused_from = NULL, version = 60 WHERE code = \'B0001\'', /CHECK constraint failed/);
    const giveBack = (version: number) => db.prepare('UPDATE receipt_books SET returned_at = \'2026-03-17T01:00:00.000Z\', unused_from = 1000000101, version = ? WHERE code = \'B0001\'').run(version);
    expect(() => giveBack(50), 'not a later version').toThrow(/range never changes/);
    giveBack(60);
    expect(() => giveBack(61), 'returned once').toThrow(/range never changes/);
    refuses(db, 'receipt_books', 'DELETE FROM receipt_books', /never deleted/);
    expect(db.prepare('SELECT code, terminal_id, returned_at, unused_from, version FROM receipt_books ORDER BY code').all()).toEqual([
      { code: 'B0001', terminal_id: 'T01', returned_at: '2026-03-17T01:00:00.000Z', unused_from: 1_000_000_101n, version: 60n },
      { code: 'B0002', terminal_id: 'T02', returned_at: null, unused_from: null, version: 51n },
    ]);
    // The counter finds its books in order, and the book of a number by its range.
    expect(plan(db, 'SELECT first_no, last_no FROM receipt_books WHERE terminal_id = ? AND returned_at IS NULL ORDER BY first_no', 'T01')).toMatch(/USING INDEX receipt_books_by_terminal/);
    expect(plan(db, 'SELECT code FROM receipt_books WHERE first_no <= ? ORDER BY first_no DESC LIMIT 1', 1_000_000_500)).toMatch(/USING (COVERING )?INDEX receipt_books_by_range/);
  });

  it('015 receipt restarts: a restore\'s new own book and the hub book it closed, kept for good', () => {
    const { db } = upgradeTo(15);
    expect(db.prepare('SELECT count(*) FROM receipt_restarts').pluck().get(), 'a ledger never restored has none').toBe(0n);
    const restart = (lastOwn: number, nextOwn: number, book: string | null, hubLast: number | null) => db.prepare('INSERT INTO receipt_restarts (at, actor, last_own, next_own, hub_book, hub_last) VALUES (\'2026-03-17T01:00:00.000Z\', \'mgr1\', ?, ?, ?, ?)').run(lastOwn, nextOwn, book, hubLast);
    restart(2, 200_001, 'B0001', 1_000_000_010);
    expect(() => restart(200_005, 200_005, null, null), 'the new book after the last').toThrow(/CHECK constraint failed/);
    expect(() => restart(5, 1_000_000_001, null, null), 'inside the hub\'s space').toThrow(/CHECK constraint failed/);
    expect(() => restart(5, 300_001, 'B0001', null), 'a book without its last number').toThrow(/CHECK constraint failed/);
    refuses(db, 'receipt_restarts', 'UPDATE receipt_restarts SET next_own = 3', /append-only/);
    refuses(db, 'receipt_restarts', 'DELETE FROM receipt_restarts', /append-only/);
    expect(db.prepare('SELECT last_own, next_own, hub_book, hub_last FROM receipt_restarts').all()).toEqual([{ last_own: 2n, next_own: 200_001n, hub_book: 'B0001', hub_last: 1_000_000_010n }]);
  });

  it('016 cash transfers: accounts and balances rebuilt with in_transit and interoffice, kept; a transfer as sent never changes, counted once, cleared once, never deleted', () => {
    const { db, before } = upgradeTo(16);
    expect(db.prepare('SELECT count(*) FROM cash_transfers').pluck().get(), 'a ledger before it sent nothing').toBe(0n);
    // Every account and balance carried as it was (expectSoundUpgrade compared them).
    expect(db.prepare('SELECT count(*) FROM account_balances').pluck().get()).toBe(BigInt(rowsBefore(before, 'account_balances').length));
    refuses(db, 'accounts', "INSERT INTO accounts (id, kind, currency) VALUES ('x:USD', 'wallet', 'USD')", /CHECK constraint failed/);
    // The new kinds post, the balance trigger keeps them, and nothing in transit goes below zero.
    post(db, { id: 'X1', kind: 'movement', date: '2026-03-18', at: '2026-03-18T01:00:00.000Z' }, [['cash:USD', 'cash', 'USD', -1_000], ['in_transit:USD', 'in_transit', 'USD', 1_000]]);
    expect(db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'in_transit:USD'").pluck().get()).toBe(1_000n);
    refuses(db, 'postings', "INSERT INTO postings (txn_id, txn_kind, account_id, currency, amount_minor, business_date, created_at) VALUES ('X2', 'movement', 'in_transit:USD', 'USD', -1001, '2026-03-18', '2026-03-18T01:01:00.000Z')", /CHECK constraint failed/);
    post(db, { id: 'X3', kind: 'movement', date: '2026-03-18', at: '2026-03-18T01:02:00.000Z' }, [['in_transit:USD', 'in_transit', 'USD', -1_000], ['interoffice:USD', 'interoffice', 'USD', 1_000]]);
    const sent = { id: 'X1', from_terminal: 'T01', from_outlet: 'SHA-PVG-01', from_place: 'till', to_terminal: 'T02', to_outlet: 'SHA-PVG-01', currency: 'USD', amount_minor: 1_000, notes: '[["1000","1"]]', note: '', sent_by: 'teller1', sent_at: '2026-03-18T01:00:00.000Z', sent_date: '2026-03-18' };
    insert(db, 'cash_transfers', sent);
    expect(() => insert(db, 'cash_transfers', { ...sent, id: 'X9', to_terminal: 'T01' }), 'to itself').toThrow(/CHECK constraint failed/);
    refuses(db, 'cash_transfers', "UPDATE cash_transfers SET amount_minor = 2000", /as sent never changes/);
    refuses(db, 'cash_transfers', "UPDATE cash_transfers SET cleared_at = '2026-03-18T02:00:00.000Z'", /CHECK constraint failed/);
    const count = "UPDATE cash_transfers SET received_place = 'safe', received_minor = 1000, received_notes = '[]', received_by = 'teller2', received_at = '2026-03-18T01:30:00.000Z', received_date = '2026-03-18'";
    db.prepare(count).run();
    refuses(db, 'cash_transfers', count, /received once/);
    db.prepare("UPDATE cash_transfers SET cleared_at = '2026-03-18T02:00:00.000Z'").run();
    refuses(db, 'cash_transfers', "UPDATE cash_transfers SET cleared_at = '2026-03-18T03:00:00.000Z'", /cleared once/);
    refuses(db, 'cash_transfers', 'DELETE FROM cash_transfers', /never deleted/);
  });

  it('017 outlet days: the outlet\'s day closed over its counters, from the hub, kept for good', () => {
    const { db } = upgradeTo(17);
    expect(db.prepare('SELECT count(*) FROM outlet_days').pluck().get(), 'a counter before it knew no outlet close').toBe(0n);
    const day = { business_date: '2026-03-18', closed_at: '2026-03-18T14:00:00.000Z', closed_by: 'sup1', supervisor_id: null, terminal_id: 'T02', excused: '[{"terminalId":"T03","reason":"未营业"}]', version: 70, applied_at: '2026-03-18T14:00:05.000Z' };
    insert(db, 'outlet_days', day);
    expect(() => insert(db, 'outlet_days', { ...day, closed_by: 'sup2' }), 'one close a date').toThrow(/UNIQUE constraint failed/);
    expect(() => insert(db, 'outlet_days', { ...day, business_date: '2026-03-19', version: 0 }), 'a version from the hub').toThrow(/CHECK constraint failed/);
    refuses(db, 'outlet_days', "UPDATE outlet_days SET closed_by = 'x'", /append-only/);
    refuses(db, 'outlet_days', 'DELETE FROM outlet_days', /append-only/);
    // The cash transfer of 016 is carried as it was.
    expect(db.prepare('SELECT id, amount_minor FROM cash_transfers').all()).toEqual([{ id: 'X1', amount_minor: 1_000n }]);
  });

  it('018 reserve books: the books held are no reserve; a reserve book is kept like any book, its range and its flag never changed', () => {
    const { db } = upgradeTo(18);
    expect(db.prepare('SELECT code, reserve FROM receipt_books').all(), 'a book from before is a regular one').toEqual([{ code: 'B0001', reserve: 0n }]);
    insert(db, 'receipt_books', { code: 'B0002', terminal_id: 'T01', first_no: 1_000_001_001, last_no: 1_000_011_000, issued_by: 'hub', issued_at: '2026-03-19T01:00:00.000Z', returned_at: null, unused_from: null, version: 80, reserve: 1 });
    expect(() => insert(db, 'receipt_books', { code: 'B0003', terminal_id: 'T01', first_no: 1_000_011_001, last_no: 1_000_012_000, issued_by: 'hub', issued_at: '2026-03-19T01:00:00.000Z', returned_at: null, unused_from: null, version: 81, reserve: 2 })).toThrow(/CHECK constraint failed/);
    refuses(db, 'receipt_books', 'UPDATE receipt_books SET last_no = last_no + 1 WHERE code = \'B0002\'', /never changes/);
    refuses(db, 'receipt_books', 'UPDATE receipt_books SET reserve = 0, version = 90 WHERE code = \'B0002\'', /never changes/);
    refuses(db, 'receipt_books', 'DELETE FROM receipt_books', /never deleted/);
    // The outlet's close of 017 is carried as it was.
    expect(db.prepare('SELECT business_date FROM outlet_days').pluck().all()).toEqual(['2026-03-18']);
  });

  it('019 the outlet\'s safe: the outlet held names no keeper until the hub says; a keeper is a counter id, published again with the outlet', () => {
    const { db } = upgradeTo(19);
    expect(db.prepare('SELECT outlet_code, safe_terminal FROM hub_outlet').all(), 'the outlet as it was, no keeper named').toEqual([{ outlet_code: 'SHA-PVG-01', safe_terminal: null }]);
    db.prepare("UPDATE hub_outlet SET safe_terminal = 'T02', version = 60").run();
    expect(db.prepare('SELECT safe_terminal FROM hub_outlet').pluck().get()).toBe('T02');
    refuses(db, 'hub_outlet', "UPDATE hub_outlet SET safe_terminal = '', version = 61", /CHECK constraint failed/);
    refuses(db, 'hub_outlet', "UPDATE hub_outlet SET safe_terminal = 'T03', version = 59", /only a later version/);
    // The reserve book of 018 is carried as it was.
    expect(db.prepare('SELECT code, reserve FROM receipt_books ORDER BY code').all()).toEqual([{ code: 'B0001', reserve: 0n }, { code: 'B0002', reserve: 1n }]);
  });

  it('020 institution reserves: balances rebuilt and kept; a reserve account may go below zero at a counter (its share of the institution\'s), cash never; a balance is never deleted', () => {
    const { db, before } = upgradeTo(20);
    // Every balance carried as it was (expectSoundUpgrade compared them), the reserve account's too.
    expect(db.prepare('SELECT count(*) FROM account_balances').pluck().get()).toBe(BigInt(rowsBefore(before, 'account_balances').length));
    expect(db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'RA-CNY'").pluck().get()).toBe(1_000_000n);
    // Another counter paid in what this one takes out: this counter's share goes below zero.
    post(db, { id: 'W1', kind: 'movement', date: '2026-03-20', at: '2026-03-20T01:00:00.000Z' }, [['RA-CNY', 'reserve_account', 'CNY', -1_500_000], ['cash:CNY', 'cash', 'CNY', 1_500_000]]);
    expect(db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'RA-CNY'").pluck().get()).toBe(-500_000n);
    // The till, the safe and notes in transit still never go below zero.
    const cash = BigInt(db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'cash:CNY'").pluck().get() as bigint);
    refuses(db, 'postings', `INSERT INTO postings (txn_id, txn_kind, account_id, currency, amount_minor, business_date, created_at) VALUES ('W2', 'movement', 'cash:CNY', 'CNY', ${-(cash + 1n)}, '2026-03-20', '2026-03-20T01:01:00.000Z')`, /CHECK constraint failed/);
    refuses(db, 'account_balances', "DELETE FROM account_balances WHERE account_id = 'RA-CNY'", /kept by postings/);
    // The outlet's safe keeper of 019 is carried as it was.
    expect(db.prepare('SELECT safe_terminal FROM hub_outlet').pluck().get()).toBe('T02');
  });

  it('021 transfer cost: a transfer sent before carries no cost; one sent after carries the sender\'s, never changed, never below zero', () => {
    const { db } = upgradeTo(21);
    expect(db.prepare('SELECT id, cost_minor FROM cash_transfers').all(), 'sent before: no cost (valued at the mid when counted in)').toEqual([{ id: 'X1', cost_minor: null }]);
    refuses(db, 'cash_transfers', "UPDATE cash_transfers SET cost_minor = 710", /as sent never changes/);
    const sent = { id: 'X2', from_terminal: 'T01', from_outlet: 'SHA-PVG-01', from_place: 'till', to_terminal: 'T02', to_outlet: 'SHA-PVG-01', currency: 'USD', amount_minor: 10_000, notes: '[["10000","1"]]', note: '', sent_by: 'teller1', sent_at: '2026-03-20T01:00:00.000Z', sent_date: '2026-03-20' };
    expect(() => insert(db, 'cash_transfers', { ...sent, cost_minor: -1 })).toThrow(/CHECK constraint failed/);
    insert(db, 'cash_transfers', { ...sent, cost_minor: 71_000 });
    expect(db.prepare("SELECT cost_minor FROM cash_transfers WHERE id = 'X2'").pluck().get()).toBe(71_000n);
    refuses(db, 'cash_transfers', "UPDATE cash_transfers SET cost_minor = 72000 WHERE id = 'X2'", /as sent never changes/);
    // A reserve account's share below zero (020) is still allowed.
    post(db, { id: 'W1', kind: 'movement', date: '2026-03-20', at: '2026-03-20T01:00:00.000Z' }, [['RA-CNY', 'reserve_account', 'CNY', -1_500_000], ['cash:CNY', 'cash', 'CNY', 1_500_000]]);
  });

  // ---- watch-list screening (第五十四条) ----
  it('022 screening: lists, entries, hits and decisions are added empty; a version is one per list and number, and none of them is ever changed or deleted', () => {
    const { db } = upgradeTo(22);
    for (const t of ['screening_lists', 'screening_entries', 'screening_hits', 'screening_decisions']) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0n);
    insert(db, 'screening_lists', SCREENING_LIST);
    expect(() => insert(db, 'screening_lists', { ...SCREENING_LIST, id: 'L2' }), 'the same version twice').toThrow(/UNIQUE constraint failed/);
    expect(() => insert(db, 'screening_lists', { ...SCREENING_LIST, id: 'L3', version: 2, format: 'pdf' })).toThrow(/CHECK constraint failed/);
    insert(db, 'screening_entries', { list_version: 'L1', seq: 1, reference: 'QDi.901', name: 'X', aliases: '[]', dates_of_birth: '[]', nationalities: '[]', documents: '[]' });
    const hit = { id: 'H1', created_at: '2026-03-21T02:00:00.000Z', business_date: '2026-03-21', person_key: 'k', customer_name: 'X', list_version: 'L1', reference: 'QDi.901', entry_name: 'X', matched: 'X', matched_on: 'name', score: '90', threshold: 85, teller_id: 'teller1' };
    insert(db, 'screening_hits', hit);
    expect(() => insert(db, 'screening_hits', { ...hit, id: 'H2' }), 'one hit per customer, entry and version').toThrow(/UNIQUE constraint failed/);
    expect(() => insert(db, 'screening_decisions', { hit_id: 'H1', decision: 'maybe', reason: 'x', decided_by: 'sup1', decided_at: '2026-03-21T02:10:00.000Z' })).toThrow(/CHECK constraint failed/);
    insert(db, 'screening_decisions', { hit_id: 'H1', decision: 'falsePositive', reason: '非同一人', decided_by: 'sup1', decided_at: '2026-03-21T02:10:00.000Z' });
    refuses(db, 'screening_lists', "UPDATE screening_lists SET entry_count = 2", /never changes/);
    refuses(db, 'screening_entries', 'DELETE FROM screening_entries', /never deleted/);
    refuses(db, 'screening_hits', "UPDATE screening_hits SET score = '10'", /never changes/);
    refuses(db, 'screening_decisions', "UPDATE screening_decisions SET decision = 'refuse'", /never changes/);
    refuses(db, 'screening_decisions', 'DELETE FROM screening_decisions', /never deleted/);
  });

  // ---- issue 19 item 2 (refund on another day) ----
  it('023 refunds: a refund ties its trade to the original, once per original; never changed or deleted', () => {
    const { db } = upgradeTo(23);
    expect(tablesOf(db)).toContain('refunds');
    expect(db.prepare('SELECT count(*) FROM refunds').pluck().get(), 'a ledger before it refunded nothing').toBe(0n);
    insert(db, 'trades', { ...TRADE_DEFAULTS, id: 'T9', receipt_no: 200_009, business_date: '2026-03-20', created_at: '2026-03-20T02:00:00.000Z', direction: 'purchase', kind: 'purchase', trade_type: 'GH', foreign_minor: 100, rmb_minor: 710, rate_per_100: '709.50', usd_equivalent: '1.00', reporting_path: 'exempt', fund_attribute: '321', original_receipt_no: 1 });
    const row = { id: 'RF1', trade_id: 'T9', original_trade_id: 'T1', original_receipt_no: 1, reason: '客户退回 returned', teller_id: 'teller1', supervisor_id: 'sup1', business_date: '2026-03-20', created_at: '2026-03-20T02:00:00.000Z' };
    expect(() => insert(db, 'refunds', { ...row, original_trade_id: 'T9' }), 'a trade refunding itself').toThrow(/CHECK constraint failed/);
    expect(() => insert(db, 'refunds', { ...row, supervisor_id: 'teller1' }), 'four eyes').toThrow(/CHECK constraint failed/);
    expect(() => insert(db, 'refunds', { ...row, original_trade_id: 'NOPE' }), 'an original that is no trade').toThrow(/FOREIGN KEY constraint failed/);
    insert(db, 'refunds', row);
    expect(() => insert(db, 'refunds', { ...row, id: 'RF2' }), 'the same original refunded twice').toThrow(/UNIQUE constraint failed/);
    refuses(db, 'refunds', "UPDATE refunds SET reason = 'x'", /append-only/);
    refuses(db, 'refunds', 'DELETE FROM refunds', /append-only/);
  });
  // ---- end of issue 19 item 2 ----

  // ---- issue 19 items 3 and 8 (branch i19-listing-tc) ----
  it('024 listing and cheques: the board\'s currencies grandfathered (第三十四条), a filing recorded with both dates, never changed; the reserve movements rebuilt, kept, taking cheques_to_bank (第三十条)', () => {
    const { db, before } = upgradeTo(24);
    const currencies = [...new Set(rowsBefore(before, 'rates').map((r) => r.currency as string))].sort();
    expect(currencies.length).toBeGreaterThan(0);
    expect(db.prepare('SELECT currency, filed_on, first_allowed, grandfathered, recorded_by FROM currency_listings ORDER BY currency').all())
      .toEqual(currencies.map((currency) => ({ currency, filed_on: null, first_allowed: null, grandfathered: 1n, recorded_by: 'migration-024' })));
    insert(db, 'currency_listings', { id: 'L1', currency: 'GBP', filed_on: '2026-03-20', first_allowed: '2026-04-03', grandfathered: 0, recorded_by: 'sup1', recorded_at: '2026-03-20T01:00:00.000Z' });
    // A filing has both dates, the first after the filing; a grandfathered row neither.
    expect(() => insert(db, 'currency_listings', { id: 'L2', currency: 'GBP', filed_on: '2026-03-20', first_allowed: null, grandfathered: 0, recorded_by: 'sup1', recorded_at: 'x' })).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, 'currency_listings', { id: 'L3', currency: 'GBP', filed_on: '2026-03-20', first_allowed: '2026-03-20', grandfathered: 0, recorded_by: 'sup1', recorded_at: 'x' })).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, 'currency_listings', { id: 'L4', currency: 'CNY', filed_on: null, first_allowed: null, grandfathered: 1, recorded_by: 'sup1', recorded_at: 'x' })).toThrow(/CHECK constraint failed/);
    refuses(db, 'currency_listings', "UPDATE currency_listings SET first_allowed = '2026-03-21' WHERE id = 'L1'", /append-only/);
    refuses(db, 'currency_listings', "DELETE FROM currency_listings WHERE id = 'L1'", /append-only/);
    // The reserve movements as they were (expectSoundUpgrade compared them), their indexes and guards back.
    expect(objectsOf(db, 'index', 'reserve_movements')).toEqual(expect.arrayContaining(['reserve_movements_by_date', 'reserve_movements_by_kind']));
    refuses(db, 'reserve_movements', "DELETE FROM reserve_movements WHERE id = 'RM1'", /append-only/);
    insert(db, 'reserve_movements', { id: 'TC1', kind: 'cheques_to_bank', channel: 'bank', counterparty: '工商银行浦东支行', place: null, same_city: null, method: 'transfer', account_no: '1001-0001-USD', in_place: 'RA-USD', in_currency: 'USD', in_minor: 50_000, out_place: 'travellers_cheques', out_currency: 'USD', out_minor: 50_000, rate_per_100: null, note: '旅行支票送存', actor: 'sup1', supervisor_id: null, business_date: '2026-03-20', created_at: '2026-03-20T02:00:00.000Z' });
    expect(() => insert(db, 'reserve_movements', { id: 'TC2', kind: 'cheques_elsewhere', channel: null, counterparty: null, place: null, same_city: null, method: 'cash', account_no: null, in_place: null, in_currency: null, in_minor: null, out_place: null, out_currency: null, out_minor: null, rate_per_100: null, note: '', actor: 'sup1', supervisor_id: null, business_date: '2026-03-20', created_at: 'x' })).toThrow(/CHECK constraint failed/);
  });

  // ---- issue 19 item 5 (identity) ----
  it('025 id expiry (第三十一条): customers and trades from before carry none; a new trade carries its document\'s date or 长期, nothing else; trades stay append-only', () => {
    const { db, before } = upgradeTo(25);
    expect(db.prepare('SELECT id, id_expiry FROM customers ORDER BY id').all()).toEqual(rowsBefore(before, 'customers').map((c) => ({ id: c.id, id_expiry: null })));
    expect(db.prepare('SELECT count(*) FROM trades WHERE id_expiry IS NOT NULL').pluck().get()).toBe(0n);
    const t = db.prepare("SELECT * FROM trades WHERE id = 'T2'").get() as Row;
    insert(db, 'trades', { ...t, id: 'T9', receipt_no: 9_999, id_expiry: '2031-05-31' });
    insert(db, 'trades', { ...t, id: 'T10', receipt_no: 10_000, id_expiry: '长期' });
    expect(db.prepare("SELECT id_expiry FROM trades WHERE id IN ('T9', 'T10') ORDER BY receipt_no").pluck().all()).toEqual(['2031-05-31', '长期']);
    expect(() => insert(db, 'trades', { ...t, id: 'T11', receipt_no: 10_001, id_expiry: '31/05/2031' })).toThrow(/CHECK constraint failed/);
    refuses(db, 'trades', "UPDATE trades SET id_expiry = '2040-01-01' WHERE id = 'T9'", /append-only/);
    db.prepare("UPDATE customers SET id_expiry = '2031-05-31' WHERE id = 'C2'").run();
    expect(() => db.prepare("UPDATE customers SET id_expiry = 'never' WHERE id = 'C2'").run()).toThrow(/CHECK constraint failed/);
  });

  // ---- issue 19 item 7 (inspection and retention) ----
  it('026 day archives (第四十九条): none before; a closed day\'s archive is kept as it was made, one per day, never changed, never deleted', () => {
    const { db } = upgradeTo(26);
    expect(db.prepare('SELECT count(*) FROM day_archives').pluck().get()).toBe(0n);
    const row = { business_date: '2026-03-09', made_at: '2026-03-10T00:30:05.000Z', made_by: 'sup1', pdf: Buffer.from('%PDF-1.3\n%%EOF\n'), size: 15, sha256: 'a'.repeat(64), content_sha256: 'b'.repeat(64), receipts: 2, backfills: 1, retain_until: '2029-03-09' };
    // Only a closed day has an archive; its hashes are SHA-256 in hex; it is kept past its day.
    expect(() => insert(db, 'day_archives', { ...row, business_date: '2026-03-30' })).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => insert(db, 'day_archives', { ...row, sha256: 'abc' })).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, 'day_archives', { ...row, retain_until: '2026-03-09' })).toThrow(/CHECK constraint failed/);
    insert(db, 'day_archives', row);
    expect(Buffer.from(db.prepare('SELECT pdf FROM day_archives').pluck().get() as Buffer).toString()).toBe('%PDF-1.3\n%%EOF\n');
    expect(() => insert(db, 'day_archives', row)).toThrow(/UNIQUE constraint failed/);
    refuses(db, 'day_archives', "UPDATE day_archives SET pdf = x'00'", /never changes/);
    refuses(db, 'day_archives', 'DELETE FROM day_archives', /never deleted/);
  });

  // ---- issue 21 (fewer pages per trade) ----
  it('027 fewer pages per trade: the same trades, postings, trail and queue found through fewer indexes (trades by date and time, postings by date and account, the trail by action without the every-trade actions)', () => {
    const { db } = upgradeTo(27);
    expect(objectsOf(db, 'index', 'trades')).not.toContain('trades_by_time');
    expect(objectsOf(db, 'index', 'outbox')).not.toContain('outbox_pending');
    expect(objectsOf(db, 'index', 'postings')).toEqual(['postings_by_date', 'postings_by_txn']);
    // The outlet's last minutes (第三十七条 linked people): the day's trades from a time, by one index.
    const recent = 'SELECT id FROM trades WHERE business_date IN (?, ?) AND created_at >= ? ORDER BY id';
    expect(plan(db, recent, '2026-03-09', '2026-03-10', '2026-03-09T02:10:00.000Z')).toMatch(/SEARCH trades USING (COVERING )?INDEX trades_by_date \(business_date=\? AND created_at>\?\)/);
    expect(db.prepare(recent).pluck().all('2026-03-09', '2026-03-10', '2026-03-09T02:10:00.000Z')).toEqual(['T2']);
    // Balances since the last closed day: every account's postings of the span, by date (cash:USD moved after 2026-03-09).
    const since = 'SELECT account_id, sum(amount_minor) AS s FROM postings WHERE business_date > ? GROUP BY account_id';
    expect(plan(db, since, '2026-03-09')).toMatch(/SEARCH postings USING INDEX postings_by_date \(business_date>\?\)/);
    const all = db.prepare('SELECT sum(amount_minor) FROM postings WHERE account_id = ?').pluck().get('cash:USD') as bigint;
    const upTo = db.prepare('SELECT sum(amount_minor) FROM postings WHERE account_id = ? AND business_date <= ?').pluck().get('cash:USD', '2026-03-09') as bigint;
    expect((db.prepare(since).all('2026-03-09') as { account_id: string; s: bigint }[]).find((r) => r.account_id === 'cash:USD')?.s).toBe(all - upTo);
    // The trail by a rarer action (the day's archive) by the partial index; an every-trade action by time.
    const archived = `SELECT entity_id FROM audit_log WHERE action = ? AND entity_id = ? AND ${AUDIT_BY_ACTION_CONDITION} ORDER BY id DESC LIMIT 1`;
    expect(plan(db, archived, 'archive.made', '2026-03-09')).toMatch(/SEARCH audit_log USING INDEX audit_log_by_action \(action=\?\)/);
    expect(db.prepare(archived).pluck().get('archive.made', '2026-03-09')).toBe('2026-03-09');
    expect(plan(db, 'SELECT id FROM audit_log WHERE action = ? ORDER BY at DESC, id DESC LIMIT 10', 'trade.commit')).toMatch(/audit_log_by_time/);
    // The rows to send, by the one index on state left (its condition said).
    const pending = "SELECT trade_id FROM outbox WHERE state = 'pending' AND outbox.id > 0 ORDER BY deadline_at, id";
    expect(plan(db, pending)).toMatch(/SEARCH outbox USING INDEX outbox_by_state \(state=\?/);
    const rows = db.prepare(pending).pluck().all();
    expect(rows).toContain('T2');
    expect(rows).toEqual(db.prepare("SELECT trade_id FROM outbox NOT INDEXED WHERE state = 'pending' ORDER BY deadline_at, id").pluck().all());
  });

  // ---- issue 21 (notes kept with the trade) ----
  it('028 notes kept with the trade: the note movements grouped into one row per transaction, place, currency and direction, the stock unchanged and kept by the new rows', () => {
    const { db, before } = upgradeTo(28);
    expect(tablesOf(db)).not.toContain('note_movements');
    // Every note movement is in a bundle: the counts per transaction, place, currency and denomination the same.
    const sums = (list: { txn_id: unknown; location: unknown; currency: unknown; d: unknown; n: bigint }[]) => {
      const m = new Map<string, bigint>();
      for (const r of list) {
        const k = `${String(r.txn_id)}|${String(r.location)}|${String(r.currency)}|${String(r.d)}`;
        m.set(k, (m.get(k) ?? 0n) + r.n);
      }
      return [...m].filter(([, n]) => n !== 0n).sort();
    };
    const old = rowsBefore(before, 'note_movements').map((r) => ({ txn_id: r.txn_id, location: r.location, currency: r.currency, d: r.denomination_minor, n: r.count as bigint }));
    const BUNDLED = 'SELECT b.txn_id, b.location, b.currency, CAST(j.key AS INTEGER) d, b.sign * j.value n FROM note_bundles b, json_each(b.notes) j';
    expect(sums(db.prepare(BUNDLED).all() as { txn_id: string; location: string; currency: string; d: bigint; n: bigint }[])).toEqual(sums(old));
    // The count that sorted the unsorted lot (out of denomination 1, into 50-dollar notes) is two rows; a transfer to the safe one per place.
    expect(db.prepare("SELECT business_date, txn_id, location, currency, sign, notes, created_at FROM note_bundles WHERE txn_id IN ('COUNT1', 'RM1', 'F27') ORDER BY txn_id, location DESC, sign DESC").all()).toEqual([
      { business_date: '2026-03-10', txn_id: 'COUNT1', location: 'till', currency: 'USD', sign: 1n, notes: '{"5000":2}', created_at: '2026-03-10T01:05:00.000Z' },
      { business_date: '2026-03-10', txn_id: 'COUNT1', location: 'till', currency: 'USD', sign: -1n, notes: '{"1":10000}', created_at: '2026-03-10T01:05:00.000Z' },
      { business_date: '2026-03-22', txn_id: 'F27', location: 'till', currency: 'USD', sign: 1n, notes: '{"200":2,"100":1}', created_at: '2026-03-22T01:00:00.000Z' },
      { business_date: '2026-03-10', txn_id: 'RM1', location: 'till', currency: 'USD', sign: -1n, notes: '{"5000":1}', created_at: '2026-03-10T01:10:00.000Z' },
      { business_date: '2026-03-10', txn_id: 'RM1', location: 'safe', currency: 'USD', sign: 1n, notes: '{"5000":1}', created_at: '2026-03-10T01:10:00.000Z' },
    ]);
    expect(db.prepare('SELECT count(*) FROM note_bundles').pluck().get()).toBeLessThan(BigInt(old.length));
    // A new bundle moves the stock: USD 100 ×2 and 50 ×1 into the till, then 50 ×1 out.
    const stock = () => db.prepare("SELECT denomination_minor, count FROM note_stock WHERE location = 'till' AND currency = 'USD' AND count > 0 ORDER BY denomination_minor DESC").all();
    const held = stock();
    insert(db, 'note_bundles', { business_date: '2026-03-23', txn_id: 'N1', location: 'till', currency: 'USD', sign: 1, notes: '{"10000":2,"5000":1}', created_at: '2026-03-23T01:00:00.000Z' });
    insert(db, 'note_bundles', { business_date: '2026-03-23', txn_id: 'N1', location: 'till', currency: 'USD', sign: -1, notes: '{"5000":1}', created_at: '2026-03-23T01:00:00.000Z' });
    const count = (list: unknown[], d: bigint) => (list as { denomination_minor: bigint; count: bigint }[]).find((r) => r.denomination_minor === d)?.count ?? 0n;
    expect(count(stock(), 10_000n)).toBe(count(held, 10_000n) + 2n);
    expect(count(stock(), 5_000n)).toBe(count(held, 5_000n));
    // Notes that are not there, a bundle that is not one, a second row for the same key, a change: refused.
    refuses(db, 'note_bundles', "INSERT INTO note_bundles (business_date, txn_id, location, currency, sign, notes, created_at) VALUES ('2026-03-23', 'N2', 'safe', 'USD', -1, '{\"10000\":1}', '2026-03-23T01:00:00.000Z')", /CHECK constraint failed/);
    for (const bad of ['{"5000":-1}', '{"5000":1.5}', '{"0":1}', '{"05000":1}', '{"5000":"1"}', '{}', '[1]', 'not json']) {
      refuses(db, 'note_bundles', `INSERT INTO note_bundles (business_date, txn_id, location, currency, sign, notes, created_at) VALUES ('2026-03-23', 'N3', 'till', 'USD', 1, ?, '2026-03-23T01:00:00.000Z')`, /CHECK constraint failed|note bundle|malformed JSON/, bad);
    }
    expect(() => insert(db, 'note_bundles', { business_date: '2026-03-23', txn_id: 'N1', location: 'till', currency: 'USD', sign: 1, notes: '{"10000":1}', created_at: '2026-03-23T01:00:00.000Z' })).toThrow(/UNIQUE constraint failed|PRIMARY KEY/);
    refuses(db, 'note_bundles', "UPDATE note_bundles SET notes = '{\"10000\":9}' WHERE txn_id = 'N1'", /append-only/);
    refuses(db, 'note_bundles', 'DELETE FROM note_bundles', /append-only/);
    // The day close's notes moved after a day, and a transaction's notes, by the table's key.
    expect(plan(db, 'SELECT location, currency, sign, notes FROM note_bundles WHERE business_date > ?', '2026-03-22')).toMatch(/SEARCH note_bundles USING PRIMARY KEY \(business_date>\?\)/);
    expect(plan(db, 'SELECT notes FROM note_bundles WHERE business_date = ? AND txn_id = ?', '2026-03-10', 'RM1')).toMatch(/SEARCH note_bundles USING PRIMARY KEY \(business_date=\? AND txn_id=\?\)/);
  });

  // ---- issue 21 (postings by transaction) ----
  it('029 postings by date and transaction: one index where there were two; a trade\'s postings found by its date and id, a span of days by date, the reversal of a void the same', () => {
    const { db, before } = upgradeTo(29);
    expect(objectsOf(db, 'index', 'postings')).toEqual(['postings_by_date']);
    expect(db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all('postings_by_date')).toEqual(['business_date', 'txn_id']);
    // Every transaction's postings, found by its date and id, are the ones it had before.
    const old = rowsBefore(before, 'postings');
    const txns = new Map(old.map((r) => [String(r.txn_id), String(r.business_date)]));
    expect(txns.size).toBeGreaterThan(5);
    const byKey = 'SELECT id FROM postings WHERE business_date = ? AND txn_id = ? ORDER BY id';
    expect(plan(db, byKey, '2026-03-23', 'N28')).toMatch(/SEARCH postings USING (COVERING )?INDEX postings_by_date \(business_date=\? AND txn_id=\?\)/);
    for (const [txn, date] of txns) {
      expect(db.prepare(byKey).pluck().all(date, txn), txn).toEqual(old.filter((r) => r.txn_id === txn).map((r) => r.id));
    }
    // Each transaction's postings carry one date (what finding them by date and id relies on).
    expect(db.prepare('SELECT txn_id FROM postings GROUP BY txn_id HAVING count(DISTINCT business_date) > 1').all()).toEqual([]);
    // The reversal a void or refund posts (accounts.ts): the trade's legs negated.
    expect(reversalOf(db, { id: 'N28', businessDate: '2026-03-23' })).toEqual([
      { kind: 'cash', currency: 'USD', amountMinor: -15_000n, account: 'cash:USD' },
      { kind: 'capital', currency: 'USD', amountMinor: 15_000n, account: 'capital:USD' },
    ]);
    expect(() => reversalOf(db, { id: 'N28', businessDate: '2026-03-22' })).toThrow(/no postings of N28 on 2026-03-22/);
    // A span of days (balancesAt, the day close) by the index's first column; a transfer's clearing from its day on.
    expect(plan(db, 'SELECT account_id, sum(amount_minor) AS s FROM postings WHERE business_date > ? GROUP BY account_id', '2026-03-09')).toMatch(/SEARCH postings USING INDEX postings_by_date \(business_date>\?\)/);
    expect(plan(db, POSTINGS_FROM.sql, '2026-03-23', 'N28')).toMatch(/SEARCH postings USING INDEX postings_by_date \(business_date>\?\)/);
    expect(POSTINGS_FROM.all(db, { from: '2026-03-20', txn: 'N28' }).map((r) => r.id)).toEqual(old.filter((r) => r.txn_id === 'N28').map((r) => r.id));
    // A posting written now goes through the new index.
    post(db, { id: 'P30', kind: 'movement', date: '2026-03-25', at: '2026-03-25T01:00:00.000Z' }, [['cash:USD', 'cash', 'USD', 100], ['capital:USD', 'capital', 'USD', -100]]);
    expect(db.prepare(byKey).pluck().all('2026-03-25', 'P30')).toHaveLength(2);
  });

  // ---- issue 21 (print jobs in order) ----
  it('030 print jobs without an index on state: the spool finds the jobs left after the newest one it took, past a paper receipt\'s job', () => {
    const { db } = upgradeTo(30);
    expect(objectsOf(db, 'index', 'print_jobs')).toEqual(['print_jobs_by_trade']);
    // What the ledger held: T1's receipt done, T2's failed (both taken by the spool), T1's copy pending.
    const left = () => SPOOL_QUERIES.jobsFrom.all(db, { from: lastTakenJob(db) + 1n, state: 'pending' }).map((j) => j.id);
    expect(lastTakenJob(db)).toBe(2n);
    expect(left()).toEqual([3n]);
    // A paper receipt's job (written done, never the spool's) after the pending copy does not hide it.
    insert(db, 'print_jobs', { trade_id: 'T2', kind: 'receipt', copy_no: 0, state: 'done', error: PRINTED_ON_PAPER, requested_by: 'T01', created_at: '2026-03-25T02:00:00.000Z', updated_at: '2026-03-25T02:00:00.000Z' });
    expect(lastTakenJob(db)).toBe(2n);
    expect(left()).toEqual([3n]);
    // The spool's two reads: the newest job it took, backwards from the newest row (a page: it
    // stops at that job); then the jobs after it, by id.
    expect(plan(db, SPOOL_QUERIES.lastTaken.sql, 'pending', PRINTED_ON_PAPER, 1)).toBe('SCAN print_jobs');
    expect(SPOOL_QUERIES.lastTaken.sql).toMatch(/order by "id" desc limit \?$/);
    expect(plan(db, SPOOL_QUERIES.jobsFrom.sql, 3, 'pending')).toMatch(/^SEARCH print_jobs USING INTEGER PRIMARY KEY \(rowid>\?\)$/);
    // A job queued now comes after them; once the spool has taken it, it is the newest taken and nothing is left.
    insert(db, 'print_jobs', { trade_id: 'T1', kind: 'reprint', copy_no: 2, state: 'pending', error: null, requested_by: 'sup1', created_at: '2026-03-25T03:00:00.000Z', updated_at: '2026-03-25T03:00:00.000Z' });
    expect(left()).toEqual([3n, 5n]);
    db.prepare("UPDATE print_jobs SET state = 'done' WHERE id = 3").run();
    db.prepare("UPDATE print_jobs SET state = 'failed', error = '缺纸 paper out' WHERE id = 5").run();
    expect(lastTakenJob(db)).toBe(5n);
    expect(left()).toEqual([]);
  });
});
