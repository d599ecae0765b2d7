// The ledger's key: 32 random bytes that encrypt the whole database file, its WAL and its backups
// (SQLite3 Multiple Ciphers, cipher AEGIS-256, before issue 21 ChaCha20-Poly1305: README "Personal
// data at rest", docs/security.md). The key is
// never in the database. Where it lives:
//   - the desktop app: sealed by Electron's safeStorage (DPAPI on Windows, the keyring on Linux)
//     in `ledger.key.sealed` in the data folder (sealedKeyStore; electron/main.ts passes safeStorage);
//   - browser mode and tests: `ledger.key` in the data folder, mode 0600 (fileKeyStore);
//   - anywhere: the environment variable TERMINAL_DB_KEY (64 hex characters), which wins. It is how
//     the manager's escrowed key is used on a replacement PC; once it has opened the ledger it is
//     kept in the store (adopt), so it is needed only once.
// A lost key cannot be recovered: the outlet restores a backup and uses the escrowed key.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Refusal } from '../../shared/errors';
import type { Database } from './sql';

export const KEY_BYTES = 32;
export const KEY_ENV = 'TERMINAL_DB_KEY';
export const KEY_FILE = 'ledger.key';
export const SEALED_KEY_FILE = 'ledger.key.sealed';

/**
 * Pinned, not left to the library's default: a later default must never make the outlet's
 * existing files and backups unreadable. AEGIS-256 (issue 21): authenticated like ChaCha20-Poly1305,
 * each page with its own nonce and tag, at about the cost of no encryption on a CPU with AES
 * instructions (a 38-page commit 0.25 ms against 0.66 ms with ChaCha20, docs/performance.md). On a
 * CPU without them the library's AEGIS runs a software AES (chosen at run time): the same file,
 * readable and written alike, only slower (docs/security.md).
 */
export const CIPHER = 'aegis';
/** The AEGIS variant, pinned too (the library's default today). */
export const CIPHER_ALGORITHM = 'aegis-256';
/**
 * Ciphers of earlier releases, still opened: a ledger under one is rewritten under CIPHER at its
 * first open (openLedger: reencryptLegacyLedger); a backup under one is read as it is.
 */
export const LEGACY_CIPHERS = ['chacha20'] as const;
export type LedgerCipher = typeof CIPHER | (typeof LEGACY_CIPHERS)[number];

/** The pragmas that select a cipher on a connection, before its key (the worker applies them too). */
export function cipherPragmas(cipher: LedgerCipher): string[] {
  return cipher === CIPHER ? [`cipher = '${CIPHER}'`, `algorithm = '${CIPHER_ALGORITHM}'`] : [`cipher = '${cipher}'`];
}

/** The first 16 bytes of every plaintext SQLite file (https://sqlite.org/fileformat.html). */
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** 64 hex characters; spaces and dashes (as a key is written down in groups) are ignored. */
export function parseKey(text: string, source: string): Buffer {
  const hex = text.replace(/[\s-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Refusal('LEDGER_KEY_INVALID', { source });
  return Buffer.from(hex, 'hex');
}

export function keyHex(key: Buffer): string {
  return key.toString('hex');
}

/** Says which key a PC holds without showing it (to check a sealed envelope against a terminal). */
export function keyFingerprint(key: Buffer): string {
  const h = createHash('sha256').update('teller-terminal ledger key').update(key).digest('hex');
  return `${h.slice(0, 4)}-${h.slice(4, 8)}`;
}

/** The key in groups of 8, as the manager copies it onto paper for the sealed envelope. */
export function keyForPaper(key: Buffer): string {
  return keyHex(key).match(/.{8}/g)!.join(' ');
}

/** What `npm run key -- export` (and the desktop app's --export-key) shows the manager. */
export function escrowText(key: Buffer, dataDir: string): string {
  return [
    `账本密钥 Ledger key of ${dataDir}`,
    `指纹 fingerprint ${keyFingerprint(key)}`,
    '',
    `  ${keyForPaper(key)}`,
    '',
    '请抄写或打印后装入密封信封，离线保管（不要存放在本机）。更换电脑时：TERMINAL_DB_KEY=<密钥> npm run restore …',
    'Copy or print it, seal it in an envelope and keep it offline (never on this PC). On a replacement PC: TERMINAL_DB_KEY=<key> npm run restore …',
  ].join('\n');
}

export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

// ---- where the key is kept ----

export interface KeyStore {
  /** Where, for messages (never the key). */
  readonly where: string;
  read(): Buffer | undefined;
  write(key: Buffer): void;
}

/** Written to a temporary name and renamed, so a crash never leaves half a key. */
function writeAtomically(path: string, data: string | Buffer): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp`);
  writeFileSync(tmp, data, { mode: 0o600 });
  chmodSync(tmp, 0o600); // the umask may have taken bits off; on Windows only read-only is honoured
  renameSync(tmp, path);
}

/** Keeps a replaced key beside the new one: the ledger it opened may still be needed. */
function keepReplaced(path: string, at: Date): void {
  if (existsSync(path)) renameSync(path, `${path}.replaced-${stamp(at)}`);
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** `ledger.key`: the key as hex text, readable by the terminal's user only (0600). */
export function fileKeyStore(path: string, now: () => Date = () => new Date()): KeyStore {
  return {
    where: path,
    read: () => (existsSync(path) ? parseKey(readFileSync(path, 'utf8'), path) : undefined),
    write: (key) => {
      keepReplaced(path, now());
      writeAtomically(path, `${keyHex(key)}\n`);
    },
  };
}

/** What electron/main.ts passes: Electron's safeStorage (types checked against electron's there). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** `ledger.key.sealed`: the key encrypted by the operating system for this user (safeStorage). */
export function sealedKeyStore(path: string, safe: SafeStorageLike, now: () => Date = () => new Date()): KeyStore {
  return {
    where: path,
    read: () => {
      if (!existsSync(path)) return undefined;
      let text: string;
      try {
        text = safe.decryptString(readFileSync(path));
      } catch {
        // Sealed for another OS account, or the keyring was reset: for this PC the key is gone.
        throw new Refusal('LEDGER_KEY_MISSING', { file: join(dirname(path), 'ledger.sqlite'), where: `${path}: cannot be unsealed by this account` });
      }
      return parseKey(text, path);
    },
    write: (key) => {
      keepReplaced(path, now());
      writeAtomically(path, safe.encryptString(keyHex(key)));
    },
  };
}

/**
 * The desktop app's store: sealed by safeStorage where the OS can seal (Windows always; Linux with
 * a keyring). Without one, the plain key file (0600) as in browser mode, rather than no terminal.
 */
export function desktopKeyStore(dataDir: string, safe: SafeStorageLike): KeyStore {
  const sealed = join(dataDir, SEALED_KEY_FILE);
  if (existsSync(sealed) || safe.isEncryptionAvailable()) return sealedKeyStore(sealed, safe);
  return fileKeyStore(join(dataDir, KEY_FILE));
}

export interface ResolvedKey {
  key: Buffer;
  source: 'env' | 'store' | 'new';
  /**
   * Call once the key has opened the ledger: a key from TERMINAL_DB_KEY that the store does not
   * hold yet is kept there (the one it replaces is kept beside it, renamed).
   */
  adopt(): void;
}

/**
 * The key for `databasePath`: TERMINAL_DB_KEY, else the store's, else a new one, but only for a
 * ledger that does not exist yet. A new key for an existing ledger would not open it; saying the
 * key is missing is the useful answer.
 */
export function resolveDatabaseKey(opts: { store: KeyStore; databasePath: string; env?: NodeJS.ProcessEnv }): ResolvedKey {
  const fromEnv = opts.env?.[KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const key = parseKey(fromEnv, KEY_ENV);
    // A store that cannot be read (sealed for another account) is what the escrowed key replaces.
    let stored: Buffer | undefined;
    try {
      stored = opts.store.read();
    } catch {
      stored = undefined;
    }
    return { key, source: 'env', adopt: () => (stored?.equals(key) ? undefined : opts.store.write(key)) };
  }
  const stored = opts.store.read();
  if (stored) return { key: stored, source: 'store', adopt: () => {} };
  if (existsSync(opts.databasePath)) {
    throw new Refusal('LEDGER_KEY_MISSING', { file: opts.databasePath, where: `${KEY_ENV} / ${opts.store.where}` });
  }
  const key = newKey();
  opts.store.write(key);
  return { key, source: 'new', adopt: () => {} };
}

// ---- applying the key to a connection ----

/**
 * The first statements on a new connection: the cipher, then the key (as raw hex `x'…'`: the
 * 32 bytes are the key itself, with no passphrase derivation), then a read of the header to prove
 * the key is right. Nothing else may touch the file before this.
 */
export function unlock(db: Database, key: Buffer, file: string): LedgerCipher {
  if (key.length !== KEY_BYTES) throw new Error(`a ledger key is ${KEY_BYTES} bytes, got ${key.length}`);
  // The current cipher first, then an earlier release's (a ledger not opened since, an old backup):
  // the same connection takes another cipher and the key again after a refused read.
  for (const c of [CIPHER, ...LEGACY_CIPHERS] as LedgerCipher[]) {
    const [select, ...params] = cipherPragmas(c);
    // A plain SQLite build ignores the cipher pragmas without a word, and would write the ledger in
    // clear: a stale native binary (an old .electron-native/) must stop the terminal instead.
    const cipher = db.pragma(select!) as Record<string, unknown>[];
    if (cipher.length === 0) throw new Error('this SQLite build cannot encrypt (not SQLite3 Multiple Ciphers): rebuild better-sqlite3 (npm ci; for the desktop app delete .electron-native/)');
    for (const p of params) db.pragma(p);
    db.pragma(`key = "x'${keyHex(key)}'"`);
    try {
      // Reads page 1: with a wrong key (or a plaintext file, or a damaged first page, or another
      // cipher) it does not decrypt and SQLite answers "file is not a database".
      db.pragma('user_version', { simple: true });
      return c;
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_NOTADB') throw e;
    }
  }
  throw new Refusal('LEDGER_KEY_WRONG', { file, dataDir: dirname(file) });
}

/**
 * A ledger under an earlier release's cipher (LEGACY_CIPHERS), on the connection `unlock` opened it
 * with, rewritten under CIPHER with the same key (issue 21): like the plaintext ledger's encryption
 * below, its WAL folded in first (rekey works on a rollback-journal database only), then every page
 * rewritten in one transaction. The caller sets WAL mode again after.
 */
export function reencryptLegacyLedger(db: Database, key: Buffer): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  for (const p of cipherPragmas(CIPHER)) db.pragma(p);
  db.pragma(`rekey = "x'${keyHex(key)}'"`);
}

/** A plaintext SQLite file (a ledger written before encryption came). */
export function isPlaintextSqlite(path: string): boolean {
  if (!existsSync(path)) return false;
  const head = Buffer.alloc(PLAINTEXT_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAINTEXT_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * A ledger written before encryption is encrypted in place on its first open with a key:
 * its WAL is folded in first (rekey works on a rollback-journal database only), then every page is
 * rewritten encrypted in one transaction, so a crash leaves it either plaintext or encrypted.
 */
export function encryptPlaintextLedger(open: () => Database, key: Buffer): void {
  const db = open();
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    for (const p of cipherPragmas(CIPHER)) db.pragma(p);
    db.pragma(`rekey = "x'${keyHex(key)}'"`);
  } finally {
    db.close();
  }
}
