// The ledger's cipher (issue 21): AEGIS-256, authenticated like the ChaCha20-Poly1305 of earlier
// releases at about the cost of no encryption. A ledger written under ChaCha20 is rewritten under
// AEGIS at its first open with its key, its records kept (like a plaintext ledger's encryption,
// test/at-rest.test.ts); a backup made under ChaCha20 still reads. Real SQLite files throughout.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CIPHER, CIPHER_ALGORITHM, keyHex, unlock } from '../electron/ledger/key';
import { integrityCheck, ledgerViolations } from './helpers/invariants';
import { ALICE, BOB_PASSPORT, TEST_KEY, ok, openHarness, openRaw, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/** Opens `path` with one cipher only (no fallback): whether that cipher and the key read it. */
function readsWith(path: string, cipher: 'aegis' | 'chacha20'): boolean {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    db.pragma(`cipher = '${cipher}'`);
    if (cipher === 'aegis') db.pragma(`algorithm = '${CIPHER_ALGORITHM}'`);
    db.pragma(`key = "x'${keyHex(TEST_KEY)}'"`);
    db.pragma('user_version', { simple: true });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') return false;
    throw e;
  } finally {
    db.close();
  }
}

/** `path` rewritten under ChaCha20 with the same key: the ledger as a terminal of the release before left it. */
function underChaCha20(path: string): void {
  const db = openRaw(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.pragma("cipher = 'chacha20'");
  db.pragma(`rekey = "x'${keyHex(TEST_KEY)}'"`);
  db.close();
}

/** What a teller and a supervisor see of the ledger: cash on hand, the day's trades and receipts. */
async function seen(t: Harness['terminal']) {
  const onHand = ok(await t.call('cash.onHand', {}));
  const day = ok(await t.call('dayClose.prepare', { date: '2026-03-10' })) as { trades: number; receipts: { first: number; last: number } };
  return { onHand, trades: day.trades, receipts: day.receipts };
}

describe('the ledger under AEGIS (issue 21)', () => {
  it(`a new ledger is written under ${CIPHER} (${CIPHER_ALGORITHM}), and ChaCha20 alone does not read it`, async () => {
    h = openHarness();
    await stockOutlet(h.terminal);
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    h.terminal.close();
    expect(readsWith(h.path, 'aegis')).toBe(true);
    expect(readsWith(h.path, 'chacha20')).toBe(false);
  });

  it('第四十三条: a populated ChaCha20 ledger is rewritten under AEGIS at its first open; cash, trades and receipt numbers are as before, the books balance, and the next trade takes the next number', async () => {
    const dir = tempDir('cipher-');
    h = openHarness({ dir });
    await stockOutlet(h.terminal);
    const receipts: number[] = [];
    for (const [customer, direction, amount] of [[ALICE, 'settlement', '100'], [BOB_PASSPORT, 'purchase', '50'], [ALICE, 'purchase', '20'], [BOB_PASSPORT, 'settlement', '300']] as const) {
      receipts.push(Number(ok(await trade(h.terminal, { customer, direction, currency: 'USD', amount })).receiptNo));
    }
    const before = await seen(h.terminal);
    h.terminal.close();
    underChaCha20(join(dir, 'ledger.sqlite'));
    expect(readsWith(join(dir, 'ledger.sqlite'), 'chacha20')).toBe(true);
    expect(readsWith(join(dir, 'ledger.sqlite'), 'aegis')).toBe(false);
    // A backup made by that release: a copy of the ChaCha20 file.
    const oldBackup = join(tempDir('cipher-backup-'), 'ledger-backup.sqlite');
    copyFileSync(join(dir, 'ledger.sqlite'), oldBackup);

    // The release with AEGIS opens it with the same key.
    h = openHarness({ dir });
    expect(readsWith(h.path, 'aegis')).toBe(true);
    expect(readsWith(h.path, 'chacha20')).toBe(false);
    expect(await seen(h.terminal)).toEqual(before);
    const next = ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '10' }));
    expect(Number(next.receiptNo)).toBe(Math.max(...receipts) + 1);
    h.terminal.close();

    // Reopened again: still AEGIS, intact, the invariants of the books hold; no ID number in the clear.
    const db = openRaw(join(dir, 'ledger.sqlite'), { readonly: true });
    try {
      expect(integrityCheck(db)).toBe('ok');
      expect(ledgerViolations(db)).toEqual([]);
      expect(db.prepare('select count(*) from trades').pluck().get()).toBe(5);
    } finally {
      db.close();
    }
    expect(readFileSync(join(dir, 'ledger.sqlite')).includes(Buffer.from(ALICE.idNumber, 'latin1'))).toBe(false);

    // The old backup still reads (unlock falls back to ChaCha20), and is not rewritten by reading it.
    const b = new BetterSqlite3(oldBackup, { readonly: true });
    try {
      expect(unlock(b, TEST_KEY, oldBackup)).toBe('chacha20');
      expect(b.prepare('select count(*) from trades').pluck().get()).toBe(4);
    } finally {
      b.close();
    }
    expect(readsWith(oldBackup, 'chacha20')).toBe(true);
  });

  it('a wrong key is still refused with LEDGER_KEY_WRONG, under either cipher', () => {
    h = openHarness();
    h.terminal.close();
    const wrong = Buffer.alloc(32, 1);
    for (const path of [h.path]) {
      const db = new BetterSqlite3(path, { readonly: true });
      try {
        expect(() => unlock(db, wrong, path)).toThrow(expect.objectContaining({ code: 'LEDGER_KEY_WRONG' }));
      } finally {
        db.close();
      }
    }
  });
});
