// Passwords (issue #7): hashed with scrypt (memory-hard: guessing costs memory as well as time), a
// random salt per person, the parameters stored with the hash; a comparison is constant-time. A
// password never reaches the audit log, the ledger or a log line.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { checkPasswordRule, SCRYPT_KEY_LENGTH, SCRYPT_N, SCRYPT_P, SCRYPT_R, SCRYPT_SALT_LENGTH, decodePasswordHash, encodePasswordHash, scryptMaxmem } from '../../../shared/passwords';

export const DEFAULT_SCRYPT_N = SCRYPT_N;

function options(N: number, r: number, p: number): ScryptOptions {
  return { N, r, p, maxmem: scryptMaxmem(N, r) };
}

function encode(N: number, salt: Buffer, key: Buffer): string {
  return encodePasswordHash({ N, r: SCRYPT_R, p: SCRYPT_P, salt: salt.toString('base64url'), key: key.toString('base64url') });
}

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, SCRYPT_KEY_LENGTH, options(N, r, p), (e, key) => (e ? reject(e) : resolve(key))));
}

/** A new hash of a password, with a fresh random salt. */
export async function hashPassword(password: string, N = DEFAULT_SCRYPT_N): Promise<string> {
  const salt = randomBytes(SCRYPT_SALT_LENGTH);
  return encode(N, salt, await scryptAsync(password, salt, N, SCRYPT_R, SCRYPT_P));
}

/** The same, blocking: for seeding test people without an await. */
export function hashPasswordSync(password: string, N = DEFAULT_SCRYPT_N): string {
  const salt = randomBytes(SCRYPT_SALT_LENGTH);
  return encode(N, salt, scryptSync(password.normalize('NFC'), salt, SCRYPT_KEY_LENGTH, options(N, SCRYPT_R, SCRYPT_P)));
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
  const s = decodePasswordHash(stored ?? decoy);
  if (!s) return false;
  const expected = Buffer.from(s.key, 'base64url');
  const key = await scryptAsync(password, Buffer.from(s.salt, 'base64url'), s.N, s.r, s.p);
  return key.length === expected.length && timingSafeEqual(key, expected) && stored !== undefined;
}

export { checkPasswordRule };
