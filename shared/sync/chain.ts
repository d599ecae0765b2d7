// A terminal's audit chain checked from its events alone (the hub's side of 005_audit_chain.sql):
// each entry's hash is SHA-256 over the same encoding electron/ledger/audit.ts writes, and each one
// links to the hash before it. Pure (@noble/hashes: SHA-256 in plain JavaScript, audited, no Node),
// so the hub runs it on what arrives and the terminal's tests prove both encodings agree.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { auditEncoding, type HubEvent } from './events';

/** SHA-256 of a text's UTF-8 bytes, as lowercase hex. */
export type Sha256Hex = (text: string) => string;

/** In plain JavaScript; the hub passes node:crypto's, four times faster, for the same answer. */
const plainSha256: Sha256Hex = (text) => bytesToHex(sha256(utf8ToBytes(text)));

/** An entry's hash, SHA-256 (hex) of its encoding after the previous entry's hash. */
export function eventHash(prevHash: string, e: Parameters<typeof auditEncoding>[1], hash: Sha256Hex = plainSha256): string {
  return hash(auditEncoding(prevHash, e));
}

export type ChainCheck =
  | { ok: true; last: { seq: string; hash: string | null } | undefined }
  | { ok: false; seq: string; problem: 'gap' | 'link' | 'hash' };

/**
 * Events in order after `after` (the last one held, or undefined for the first batch): each the
 * next number, linked to the one before, its hash what its fields give. Entries from before the
 * chain (no hash) pass unlinked, as audit.verify passes them.
 */
export function checkChain(after: { seq: string; hash: string | null } | undefined, events: readonly HubEvent[], hash: Sha256Hex = plainSha256): ChainCheck {
  let last = after;
  for (const e of events) {
    if (last !== undefined && BigInt(e.seq) !== BigInt(last.seq) + 1n) return { ok: false, seq: e.seq, problem: 'gap' };
    if (last === undefined && e.seq !== '1') return { ok: false, seq: e.seq, problem: 'gap' };
    if (e.hash !== null) {
      if (e.prevHash === null || (last?.hash != null && e.prevHash !== last.hash)) return { ok: false, seq: e.seq, problem: 'link' };
      if (eventHash(e.prevHash, e, hash) !== e.hash) return { ok: false, seq: e.seq, problem: 'hash' };
    }
    last = { seq: e.seq, hash: e.hash };
  }
  return { ok: true, last };
}
