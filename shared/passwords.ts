// How a password's scrypt hash is written (issue #7; issue 16): `scrypt$N$r$p$salt$key`, salt and
// key in base64url. One format for the counter (electron/terminal/people/passwords.ts) and the hub
// (hub/people.ts), which masters people and sends their hashes down: a counter signs a person in
// offline with the hash the hub made. Pure: each side runs scrypt with its own platform's crypto.
import { MIN_PASSWORD_LENGTH } from './api/roles';
import { Refusal } from './errors';

/** scrypt's cost: N = 2^15, r = 8, p = 1 takes 32 MiB and ~50–100 ms a hash on a counter PC. */
export const SCRYPT_N = 2 ** 15;
export const SCRYPT_R = 8;
export const SCRYPT_P = 1;
export const SCRYPT_KEY_LENGTH = 32;
export const SCRYPT_SALT_LENGTH = 16;

export interface StoredHash {
  N: number;
  r: number;
  p: number;
  /** base64url */
  salt: string;
  key: string;
}

export function encodePasswordHash(h: StoredHash): string {
  return `scrypt$${h.N}$${h.r}$${h.p}$${h.salt}$${h.key}`;
}

export function decodePasswordHash(stored: string): StoredHash | undefined {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!m) return undefined;
  return { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), salt: m[4]!, key: m[5]! };
}

/** The memory scrypt needs (Node refuses more than 32 MiB unless asked: 128·N·r bytes), with room to spare. */
export function scryptMaxmem(N: number, r: number): number {
  return 256 * N * r + 1024 * 1024;
}

/** The password rule (PASSWORD_TOO_SHORT names it): long enough, and not the person's ID. */
export function checkPasswordRule(password: string, id: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new Refusal('PASSWORD_TOO_SHORT', { min: String(MIN_PASSWORD_LENGTH) });
  if (password.trim().toLowerCase() === id.toLowerCase()) throw new Refusal('PASSWORD_TOO_SHORT', { min: String(MIN_PASSWORD_LENGTH) });
}
