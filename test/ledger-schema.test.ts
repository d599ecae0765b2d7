// The database itself guards the ledger: append-only tables refuse UPDATE and DELETE in raw SQL,
// the migration runner applies numbered files and refuses a database newer than the app, and the
// invariant checker used by the property and crash tests does see a broken ledger.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Refusal } from '../shared/errors';
import { openLedger } from '../electron/ledger/db';
import { loadMigrations, migrate, schemaVersion } from '../electron/ledger/migrate';
import { createTerminal } from '../electron/terminal/terminal';
import { ledgerViolations } from './helpers/invariants';
import { ledgerBalanceProblems } from '../electron/ledger/backupCheck';
import { ALICE, OUTLET, TEST_KEY, ok, openHarness, openRaw, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

async function ledgerWithAVoidedTrade(): Promise<Harness> {
  h = openHarness();
  await stockOutlet(h.terminal);
  const first = ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
  ok(await trade(h.terminal, { customer: ALICE, direction: 'purchase', currency: 'EUR', amount: '50' }));
  ok(await h.terminal.call('trades.void', { tradeId: first.id, reason: '录错 keyed wrong', tellerId: 'teller1', supervisorId: 'sup1' }));
  return h;
}

describe('append-only tables (第三十五条: receipts and records are kept, never altered)', () => {
  const TABLES = ['trades', 'postings', 'voids', 'attempts', 'audit_log', 'rates', 'usd_conversion_rates', 'policy_versions', 'reserve_movements', 'note_bundles'];

  it.each(TABLES)('%s refuses UPDATE and DELETE issued in raw SQL', async (table) => {
    const { terminal } = await ledgerWithAVoidedTrade();
    const db = terminal.ledger;
    if (table === 'attempts') {
      // A refused trade leaves an attempt row to try to change.
      const r = await trade(terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '6000' });
      expect(r.ok).toBe(false);
    }
    const before = db.prepare(`select count(*) from ${table}`).pluck().get();
    expect(Number(before)).toBeGreaterThan(0);
    const column = (db.prepare(`select name from pragma_table_info('${table}') limit 1 offset 1`).pluck().get() as string);
    expect(() => db.exec(`update ${table} set ${column} = ${column}`)).toThrow(/append-only/);
    expect(() => db.exec(`delete from ${table}`)).toThrow(/append-only/);
    expect(db.prepare(`select count(*) from ${table}`).pluck().get()).toBe(before);
  });

  it('outbox rows and print jobs can change state but are never deleted, and a queue row\'s content never changes', async () => {
    const { terminal } = await ledgerWithAVoidedTrade();
    const db = terminal.ledger;
    expect(() => db.exec('delete from outbox')).toThrow(/never deleted/);
    expect(() => db.exec('delete from print_jobs')).toThrow(/never deleted/);
    expect(() => db.exec(`update outbox set payload = '{}'`)).toThrow(/never changes/);
    expect(() => db.exec(`update outbox set state = 'delivered'`)).not.toThrow();
  });

  it('cash on hand can never go negative, even by a raw posting', async () => {
    const { terminal } = await ledgerWithAVoidedTrade();
    expect(() => terminal.ledger.exec(
      "insert into postings (txn_id, txn_kind, account_id, currency, amount_minor, business_date, created_at) " +
        "values ('x', 'movement', 'cash:USD', 'USD', -999999999999, '2026-03-10', '2026-03-10T02:00:00Z')",
    )).toThrow(/CHECK constraint failed/);
  });
});

describe('the invariant checker sees a broken ledger', () => {
  it('reports postings that do not balance, a balance that disagrees, and a gap in receipt numbers', async () => {
    const { terminal } = await ledgerWithAVoidedTrade();
    const db = terminal.ledger;
    expect(ledgerViolations(db)).toEqual([]);
    // An unbalanced posting (the balance trigger keeps account_balances in step, so the sum check is what sees it).
    db.exec("insert into postings (txn_id, txn_kind, account_id, currency, amount_minor, business_date, created_at) values ('bad', 'movement', 'cash:USD', 'USD', 5, '2026-03-10', 'x')");
    // A balance changed behind the postings' back.
    db.exec("update account_balances set balance_minor = balance_minor + 1 where account_id = 'cash:EUR'");
    // A trade with a skipped receipt number: a copy of receipt 2 as receipt 4.
    db.exec("insert into trades select id || 'x', 4, outlet_code, terminal_id, business_date, created_at, customer_id, person_key, id_type, id_number, country, supplementary_id, customer_name, residency, direction, kind, trade_type, currency, foreign_minor, rmb_minor, fee_minor, rate_id, rate_per_100, usd_equivalent, usd_per_unit, usd_rate_month, payment_in, payment_out, reporting_path, channel, ref_no, fund_attribute, notice_given, original_receipt_no, policy_version, prompts, teller_id, supervisor_id, id_expiry from trades where receipt_no = 2");
    const v = ledgerViolations(db).join('\n');
    expect(v).toMatch(/postings of bad sum to 5 in USD/);
    expect(v).toMatch(/balance of cash:EUR/);
    expect(v).toMatch(/receipt number at place 3 of the counter's own book 1 is 4/);
    expect(v).toMatch(/has no postings/);
  });
});

describe('the backup check (backupCheck.ts) sees the same broken ledger, in one pass over the postings', () => {
  it('a transaction is summed wherever its rows lie: two legs with another transaction between balance; one leg alone does not', async () => {
    const { terminal } = await ledgerWithAVoidedTrade();
    const db = terminal.ledger;
    expect(ledgerBalanceProblems(db)).toEqual([]);
    const leg = db.prepare("insert into postings (txn_id, txn_kind, account_id, currency, amount_minor, business_date, created_at) values (?, 'movement', ?, ?, ?, '2026-03-10', 'x')");
    leg.run('split', 'cash:USD', 'USD', 7);
    leg.run('bad', 'cash:USD', 'USD', 5);
    leg.run('split', 'cash:EUR', 'EUR', 3);
    leg.run('split', 'capital:USD', 'USD', -7);
    leg.run('split', 'capital:EUR', 'EUR', -3);
    expect(ledgerBalanceProblems(db)).toEqual(['postings of bad sum to 5 in USD']);
    // A balance changed behind the postings' back is seen too.
    db.exec("update account_balances set balance_minor = balance_minor + 1 where account_id = 'cash:EUR'");
    expect(ledgerBalanceProblems(db)).toEqual(['postings of bad sum to 5 in USD', expect.stringMatching(/^balance of cash:EUR is \d+, its postings sum to \d+$/)]);
  });
});

describe('migrations (PRAGMA user_version)', () => {
  it('brings a new database to the latest version, and reopening changes nothing', () => {
    const dir = tempDir();
    const path = join(dir, 'ledger.sqlite');
    const latest = loadMigrations().length;
    openLedger(path, TEST_KEY).close();
    const db = openLedger(path, TEST_KEY);
    expect(schemaVersion(db)).toBe(latest);
    expect(db.prepare("select count(*) from sqlite_master where type = 'table' and name = 'trades'").pluck().get()).toBe(1n);
    db.close();
  });

  it('refuses a database newer than the app, in both languages, and leaves it untouched', () => {
    const path = join(tempDir(), 'ledger.sqlite');
    const raw = openRaw(path);
    raw.pragma('user_version = 99');
    raw.close();
    try {
      createTerminal({ databasePath: path, databaseKey: TEST_KEY, outlet: OUTLET, clock: () => new Date('2026-03-10T02:00:00Z') });
      expect.unreachable('a newer database must be refused');
    } catch (e) {
      expect(e).toBeInstanceOf(Refusal);
      const r = e as Refusal;
      expect(r.code).toBe('DATABASE_NEWER');
      expect(r.failure.message.zh).toContain('99');
      expect(r.failure.message.en).toContain('Install the latest version');
    }
    const after = openRaw(path);
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    expect(after.prepare("select count(*) from sqlite_master where type = 'table'").pluck().get()).toBe(0);
    after.close();
  });

  it('applies each migration in its own transaction: a failing one leaves the database at the version before', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', '001_one.sql'), 'create table a (x integer);');
    writeFileSync(join(dir, 'm', '002_two.sql'), 'create table b (x integer); insert into nowhere values (1);');
    const db = new BetterSqlite3(join(dir, 'x.sqlite'));
    expect(() => migrate(db, loadMigrations(join(dir, 'm')))).toThrow(/no such table: nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all()).toEqual(['a']);
    db.close();
  });

  it('refuses migration files numbered with a gap', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_one.sql'), 'select 1;');
    writeFileSync(join(dir, '003_three.sql'), 'select 1;');
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });

  it('refuses to open a ledger of another outlet', () => {
    h = openHarness();
    const path = h.path;
    h.terminal.close();
    try {
      createTerminal({ databasePath: path, databaseKey: TEST_KEY, outlet: { ...OUTLET, outletCode: 'SHA-PVG-02' }, clock: () => new Date('2026-03-10T02:00:00Z') });
      expect.unreachable('another outlet\'s ledger must be refused');
    } catch (e) {
      expect((e as Refusal).code).toBe('OUTLET_MISMATCH');
    }
    h = openHarness({ dir: h.dir }); // reopen for the afterEach close
  });
});

describe('migration 011: resolutions of refused back-fills (outbox_resolutions)', () => {
  it('keeps each resolution as written: append-only, a reference number only for page mode and for one trade, a resend only with the notice', async () => {
    h = openHarness();
    await stockOutlet(h.terminal);
    const db = h.terminal.ledger;
    const t = ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    db.prepare("update outbox set state = 'needs_attention', last_error = 'backfill: 2001 over the annual quota' where trade_id = ?").run(t.id);
    const outboxId = Number(db.prepare('select id from outbox where trade_id = ?').pluck().get(t.id));
    ok(await h.terminal.call('queue.resolve', { id: outboxId, resolution: { kind: 'reversed', note: '客户退回 returned' }, supervisorId: 'sup1' }));
    expect(db.prepare('select kind, note, ref_no, supervisor_id from outbox_resolutions').all()).toEqual([{ kind: 'reversed', note: '客户退回 returned', ref_no: null, supervisor_id: 'sup1' }]);
    expect(() => db.exec("update outbox_resolutions set note = 'changed'")).toThrow(/append-only/);
    expect(() => db.exec('delete from outbox_resolutions')).toThrow(/append-only/);
    const insert = (kind: string, refNo: string | null, note: string | null, status: string | null, resent: number | null) => db.prepare(
      `insert into outbox_resolutions (outbox_id, trade_id, kind, refusal, ref_no, note, person_status, resent_outbox_id, supervisor_id, actor, business_date, created_at)
       values (?, ?, ?, 'backfill: 2001', ?, ?, ?, ?, 'sup1', 'sup1', '2026-03-10', '2026-03-10T03:00:00Z')`,
    ).run(outboxId, t.id, kind, refNo, note, status, resent);
    expect(() => insert('pageMode', null, null, null, null)).toThrow(/CHECK constraint failed/);
    expect(() => insert('reversed', 'JH202603100000000001', 'n', null, null)).toThrow(/CHECK constraint failed/);
    expect(() => insert('reversed', null, null, null, null)).toThrow(/CHECK constraint failed/);
    expect(() => insert('noticeGiven', null, null, '03', null)).toThrow(/CHECK constraint failed/);
    expect(() => insert('noticeGiven', null, null, '04', outboxId)).toThrow(/CHECK constraint failed/);
    expect(() => insert('forgiven', null, null, null, null)).toThrow(/CHECK constraint failed/);
    insert('pageMode', 'JH202603100000000001', null, null, null);
    expect(() => insert('pageMode', 'JH202603100000000001', null, null, null)).toThrow(/UNIQUE constraint failed/);
    insert('noticeGiven', null, null, '03', outboxId);
    expect(Number(db.prepare('select count(*) from outbox_resolutions').pluck().get())).toBe(3);
  });
});
