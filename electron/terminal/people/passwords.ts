// Passwords (issue #7): hashed with scrypt (memory-hard: guessing costs memory as well as time), a
// random salt per person, the parameters stored with the hash; a comparison is constant-time. A
// password never reaches the audit log, the ledger or a log line.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MIN_PASSWORD_LENGTH } from '../../../shared/api';
import { Refusal } from '../../../shared/errors';

/** scrypt's cost: N = 2^15, r = 8, p = 1 takes 32 MiB and ~50–100 ms a hash on a counter PC. */
export const DEFAULT_SCRYPT_N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function options(N: number, r: number, p: number): ScryptOptions {
  // Node refuses more than 32 MiB unless asked: 128·N·r bytes, with room to spare.
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
}

function encode(N: number, salt: Buffer, key: Buffer): string {
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options(N, r, p), (e, key) => (e ? reject(e) : resolve(key))));
}

/** A new hash of a password, with a fresh random salt. */
export async function hashPassword(password: string, N = DEFAULT_SCRYPT_N): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  return encode(N, salt, await scryptAsync(password, salt, N, R, P));
}

/** The same, blocking: for seeding test people without an await. */
export function hashPasswordSync(password: string, N = DEFAULT_SCRYPT_N): string {
  const salt = randomBytes(SALT_LENGTH);
  return encode(N, salt, scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, options(N, R, P)));
}

interface Stored {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function decode(stored: string): Stored | undefined {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!m) return undefined;
  return { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), salt: Buffer.from(m[4]!, 'base64url'), key: Buffer.from(m[5]!, 'base64url') };
}

// Compared against when the ID is unknown, so an unknown ID takes as long as a wrong password.
const decoys = new Map<number, string>();

/**
 * Whether `password` is the one `stored` was made from (constant-time comparison). With no stored
 * hash (an unknown ID) a decoy of cost `decoyN` is computed all the same, and the answer is no.
 */
export async function verifyPassword(password: string, stored: string | undefined, decoyN = DEFAULT_SCRYPT_N): Promise<boolean> {
  let decoy = decoys.get(decoyN);
  if (!decoy) decoys.set(decoyN, (decoy = hashPasswordSync(randomBytes(12).toString('hex'), decoyN)));
  const s = decode(stored ?? decoy);
  if (!s) return false;
  const key = await scryptAsync(password, s.salt, s.N, s.r, s.p);
  return key.length === s.key.length && timingSafeEqual(key, s.key) && stored !== undefined;
}

export function checkPasswordRule(password: string, id: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new Refusal('PASSWORD_TOO_SHORT', { min: String(MIN_PASSWORD_LENGTH) });
  if (password.trim().toLowerCase() === id.toLowerCase()) throw new Refusal('PASSWORD_TOO_SHORT', { min: String(MIN_PASSWORD_LENGTH) });
}
