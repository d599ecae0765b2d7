// Personal data at rest (issue #7 item 4): the ledger file and its WAL, copied off the PC, hold no
// ID number and no name without the terminal's key; a wrong or missing key is refused with a code
// and a message that says what to do; the key lives outside the database; lookups by ID keep their
// indexes (whole-file encryption, not field encryption). README "Personal data at rest".
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Refusal } from '../shared/errors';
import { openLedger } from '../electron/ledger/db';
import {
  KEY_ENV, fileKeyStore, isPlaintextSqlite, keyFingerprint, keyHex, newKey, parseKey, resolveDatabaseKey, sealedKeyStore, type SafeStorageLike,
} from '../electron/ledger/key';
import { loadMigrations, migrate } from '../electron/ledger/migrate';
import { createTerminal } from '../electron/terminal/terminal';
import { integrityCheck, ledgerViolations } from './helpers/invariants';
import { OUTLET, ok, openHarness, openRaw, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A customer whose ID number and name appear nowhere else in a ledger. */
const CUSTOMER = { idType: '01', idNumber: '11010519491231002X', name: '欧阳明月' };

/** Every way the ID number and the name could sit in a file: ASCII, UTF-8, UTF-16 (both orders). */
function needles(): { what: string; bytes: Buffer }[] {
  return [
    { what: 'ID number (ASCII)', bytes: Buffer.from(CUSTOMER.idNumber, 'latin1') },
    { what: 'ID number (UTF-16LE)', bytes: Buffer.from(CUSTOMER.idNumber, 'utf16le') },
    { what: 'ID number (UTF-16BE)', bytes: Buffer.from(CUSTOMER.idNumber, 'utf16le').swap16() },
    { what: 'name (UTF-8)', bytes: Buffer.from(CUSTOMER.name, 'utf8') },
    { what: 'name (UTF-16LE)', bytes: Buffer.from(CUSTOMER.name, 'utf16le') },
  ];
}

function found(file: string): string[] {
  const bytes = readFileSync(file);
  return needles().filter((n) => bytes.includes(n.bytes)).map((n) => n.what);
}

/** A plaintext copy of an encrypted ledger (PRAGMA rekey to no key): what a reader without encryption would see. */
function decryptedCopy(path: string, to: string): string {
  copyFileSync(path, to);
  const db = openRaw(to);
  db.pragma('journal_mode = DELETE');
  db.pragma("rekey = ''");
  db.close();
  return to;
}

async function tradesFor(h: Harness): Promise<void> {
  await stockOutlet(h.terminal);
  for (const amount of ['100', '200', '300']) {
    ok(await trade(h.terminal, { customer: CUSTOMER, direction: 'settlement', currency: 'USD', amount }));
  }
}

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

describe('the ledger file and its WAL hold no personal data without the key', () => {
  it('neither the ledger nor its WAL, while open and after close, contains the ID number or the name', async () => {
    h = openHarness();
    await tradesFor(h);
    const ledger = h.path;
    const wal = `${h.path}-wal`;
    // While the terminal runs, the latest trades are in the WAL: it must be there to be searched.
    expect(statSync(wal).size).toBeGreaterThan(0);
    const copyOpen = join(h.dir, 'copy-while-open.sqlite');
    copyFileSync(ledger, copyOpen);
    const walCopy = readFileSync(wal);
    expect(found(ledger)).toEqual([]);
    expect(found(wal)).toEqual([]);

    h.terminal.close();
    expect(found(ledger)).toEqual([]);
    if (existsSync(wal)) expect(found(wal)).toEqual([]);
    writeFileSync(join(h.dir, 'wal-copy'), walCopy);
    expect(found(join(h.dir, 'wal-copy'))).toEqual([]);

    // The same search does find them once the file is decrypted with the key: the data is there
    // and the search would see it (this test can fail).
    const plain = decryptedCopy(ledger, join(h.dir, 'decrypted.sqlite'));
    expect(found(plain)).toEqual(expect.arrayContaining(['ID number (ASCII)', 'name (UTF-8)']));
    h = openHarness({ dir: h.dir });
  });

  it('the file is not SQLite without the key: no header, and a plain connection cannot read it', async () => {
    h = openHarness();
    await tradesFor(h);
    h.terminal.close();
    expect(isPlaintextSqlite(h.path)).toBe(false);
    const plain = new BetterSqlite3(h.path);
    try {
      expect(() => plain.prepare('select count(*) from customers').get()).toThrow(/not a database/);
    } finally {
      plain.close();
    }
    h = openHarness({ dir: h.dir });
  });
});

describe('a wrong or missing key is refused, saying what to do', () => {
  function opening(key: Buffer, path: string): Refusal {
    try {
      createTerminal({ databasePath: path, databaseKey: key, outlet: OUTLET, clock: () => new Date('2026-03-10T02:00:00Z'), log: () => {} }).close();
    } catch (e) {
      expect(e).toBeInstanceOf(Refusal);
      return e as Refusal;
    }
    throw new Error('expected a refusal');
  }

  it('another key: LEDGER_KEY_WRONG, in Chinese and English, naming TERMINAL_DB_KEY and the restore', async () => {
    h = openHarness();
    await tradesFor(h);
    const { path } = h;
    h.terminal.close();
    const r = opening(newKey(), path);
    expect(r.code).toBe('LEDGER_KEY_WRONG');
    expect(r.failure.message.zh).toContain('TERMINAL_DB_KEY');
    expect(r.failure.message.zh).toContain('npm run restore');
    expect(r.failure.message.en).toContain('TERMINAL_DB_KEY');
    expect(r.failure.message.en).toContain(path);
    // The right key still opens it: nothing was written by the refused open.
    h = openHarness({ dir: h.dir });
    expect(ok(await h.terminal.call('trades.list', { date: '2026-03-10' }))).toHaveLength(3);
  });

  it('no key at all: a plain connection, or openLedger with no key bytes, cannot read the ledger', async () => {
    h = openHarness();
    await tradesFor(h);
    const { path } = h;
    h.terminal.close();
    expect(() => openLedger(path, Buffer.alloc(0))).toThrow(/32 bytes/);
    const r = opening(Buffer.alloc(32), path); // all zeros is a key too, just not this one
    expect(r.code).toBe('LEDGER_KEY_WRONG');
    h = openHarness({ dir: h.dir });
  });

  it('an existing ledger with no key on the PC: LEDGER_KEY_MISSING, and no new key is made for it', () => {
    const dir = tempDir();
    const databasePath = join(dir, 'ledger.sqlite');
    const db = openLedger(databasePath, newKey());
    db.close();
    const store = fileKeyStore(join(dir, 'ledger.key'));
    try {
      resolveDatabaseKey({ store, databasePath, env: {} });
      expect.unreachable('a missing key must be refused');
    } catch (e) {
      expect((e as Refusal).code).toBe('LEDGER_KEY_MISSING');
      expect((e as Refusal).failure.message.en).toContain('TERMINAL_DB_KEY');
    }
    expect(existsSync(join(dir, 'ledger.key'))).toBe(false);
  });
});

describe('where the key lives (never in the database)', () => {
  it('first start: 32 random bytes in <data dir>/ledger.key, mode 0600; later starts read it', () => {
    const dir = tempDir();
    const databasePath = join(dir, 'ledger.sqlite');
    const store = fileKeyStore(join(dir, 'ledger.key'));
    const first = resolveDatabaseKey({ store, databasePath, env: {} });
    expect(first.source).toBe('new');
    expect(first.key).toHaveLength(32);
    expect(readFileSync(join(dir, 'ledger.key'), 'utf8').trim()).toBe(keyHex(first.key));
    if (process.platform !== 'win32') expect(statSync(join(dir, 'ledger.key')).mode & 0o777).toBe(0o600);
    openLedger(databasePath, first.key).close();
    const again = resolveDatabaseKey({ store, databasePath, env: {} });
    expect(again.source).toBe('store');
    expect(again.key.equals(first.key)).toBe(true);
    // Not in the ledger: the file never holds the key's bytes or its hex.
    const bytes = readFileSync(databasePath);
    expect(bytes.includes(first.key)).toBe(false);
    expect(bytes.includes(Buffer.from(keyHex(first.key)))).toBe(false);
  });

  it('TERMINAL_DB_KEY wins, and once it has opened the ledger it is kept (the old key beside it)', () => {
    const dir = tempDir();
    const databasePath = join(dir, 'ledger.sqlite');
    const store = fileKeyStore(join(dir, 'ledger.key'));
    const own = resolveDatabaseKey({ store, databasePath, env: {} }).key;
    const escrowed = newKey();
    const grouped = keyHex(escrowed).match(/.{8}/g)!.join(' ').toUpperCase(); // as copied from paper
    const r = resolveDatabaseKey({ store, databasePath, env: { [KEY_ENV]: grouped } });
    expect(r.source).toBe('env');
    expect(r.key.equals(escrowed)).toBe(true);
    expect(store.read()!.equals(own)).toBe(true); // not before it has opened the ledger
    r.adopt();
    expect(store.read()!.equals(escrowed)).toBe(true);
    const kept = readFileSync(join(dir, 'ledger.key'), 'utf8');
    expect(kept.trim()).toBe(keyHex(escrowed));
    expect(readdirSync(dir).filter((f) => f.startsWith('ledger.key.replaced-'))).toHaveLength(1);
  });

  it('a malformed TERMINAL_DB_KEY is refused with LEDGER_KEY_INVALID', () => {
    expect(() => parseKey('abc', KEY_ENV)).toThrow(Refusal);
    try {
      parseKey('zz'.repeat(32), KEY_ENV);
    } catch (e) {
      expect((e as Refusal).code).toBe('LEDGER_KEY_INVALID');
      expect((e as Refusal).failure.message.zh).toContain('64');
    }
  });

  it('the desktop app: the key sealed by safeStorage, the file holding only the sealed bytes', () => {
    const dir = tempDir();
    // A stand-in for Electron's safeStorage: a reversible transform, so the file is not the hex.
    const safe: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString: (s) => Buffer.from(`sealed:${Buffer.from(s).toString('base64')}`),
      decryptString: (b) => Buffer.from(b.toString().replace(/^sealed:/, ''), 'base64').toString(),
    };
    const store = sealedKeyStore(join(dir, 'ledger.key.sealed'), safe);
    const r = resolveDatabaseKey({ store, databasePath: join(dir, 'ledger.sqlite'), env: {} });
    const onDisk = readFileSync(join(dir, 'ledger.key.sealed'));
    expect(onDisk.toString()).toMatch(/^sealed:/);
    expect(onDisk.includes(Buffer.from(keyHex(r.key)))).toBe(false);
    expect(store.read()!.equals(r.key)).toBe(true);
  });

  it('npm run key -- export prints the key for the sealed envelope; fingerprint tells which key a PC has', () => {
    const dir = tempDir();
    const store = fileKeyStore(join(dir, 'ledger.key'));
    const { key } = resolveDatabaseKey({ store, databasePath: join(dir, 'ledger.sqlite'), env: {} });
    const run = (...args: string[]) => {
      const env = { ...process.env };
      delete env[KEY_ENV];
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/keyTool.ts'), ...args, '--data', dir], { cwd: ROOT, encoding: 'utf8', env });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const text = run('export');
    expect(text).toContain(keyHex(key).match(/.{8}/g)!.join(' '));
    expect(text).toContain(keyFingerprint(key));
    expect(text).toContain('TERMINAL_DB_KEY');
    expect(run('export', '--plain').trim()).toBe(keyHex(key));
    expect(run('fingerprint').trim()).toBe(keyFingerprint(key));
  });
});

describe('whole-file encryption keeps the ledger as it was', () => {
  it('lookups by ID use the same indexes as on a plaintext ledger (EXPLAIN QUERY PLAN)', async () => {
    h = openHarness();
    await tradesFor(h);
    const queries = [
      'select name from customers where person_key = ?',
      'select * from trades where person_key = ? and business_date = ?',
      'select * from attempts where person_key = ? and business_date = ?',
    ];
    const plan = (db: BetterSqlite3.Database, sql: string) =>
      (db.prepare(`explain query plan ${sql}`).all(...sql.split('?').slice(1).map(() => 'x')) as { detail: string }[]).map((r) => r.detail);
    const plaintext = new BetterSqlite3(':memory:');
    migrate(plaintext, loadMigrations());
    for (const sql of queries) {
      const encrypted = plan(h.terminal.ledger, sql);
      expect(encrypted.join('; ')).toMatch(/SEARCH .* USING (INDEX|COVERING INDEX|PRIMARY KEY)/);
      expect(encrypted).toEqual(plan(plaintext, sql));
    }
    plaintext.close();
  });

  it('a ledger written before encryption is encrypted at its first open with a key, its records kept', async () => {
    h = openHarness();
    await tradesFor(h);
    h.terminal.close();
    // The same ledger as a plaintext file, as a terminal before this change left it.
    const dir = tempDir();
    decryptedCopy(h.path, join(dir, 'ledger.sqlite'));
    expect(isPlaintextSqlite(join(dir, 'ledger.sqlite'))).toBe(true);
    expect(found(join(dir, 'ledger.sqlite')).length).toBeGreaterThan(0);
    h.close();
    h = openHarness({ dir });
    expect(isPlaintextSqlite(h.path)).toBe(false);
    expect(found(h.path)).toEqual([]);
    expect(ok(await h.terminal.call('customers.lookup', { idType: CUSTOMER.idType, idNumber: CUSTOMER.idNumber })).name).toBe(CUSTOMER.name);
    const db = openRaw(h.path, { readonly: true });
    try {
      expect(integrityCheck(db)).toBe('ok');
      expect(ledgerViolations(db)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
