// The outlet's signed export of its month (附表2), and headquarters' check of such files before
// consolidating them into 附表3 (shared/reports/consolidate.ts).
//
// Each terminal signs with its own Ed25519 key, made on first use and kept in a file beside the
// ledger (outlet-signing.key, PKCS8 PEM, mode 0600) rather than in the ledger: whoever can rewrite
// the database must not also be able to re-sign what it reports. Headquarters keeps the outlets'
// public keys (`trusted`) and refuses a file that was changed after signing, one signed by a key it
// does not know for that outlet, and anything that is not an export.
//
// The file is one JSON document in a canonical form: keys sorted, two-space indentation, a final
// newline. The signature covers the canonical encoding of every field but `signature`, and the file
// must be byte for byte the canonical encoding of what it says, so no byte of it can change
// unnoticed, not even a space (test/form3.test.ts flips every byte).
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { loadOrCreateEd25519Pem } from '../keyFile';
import { Refusal } from '../../shared/errors';
import { consolidate, form2Schema } from '../../shared/reports/consolidate';
import type { Form2 } from '../../shared/reports/types';

export const EXPORT_FORMAT = 'teller-terminal/form2-export';
export const EXPORT_VERSION = 1;
export const SIGNING_KEY_FILE = 'outlet-signing.key';

export interface OutletKey {
  privateKey: KeyObject;
  /** The raw 32-byte Ed25519 public key, base64url (43 characters): what headquarters registers. */
  publicKey: string;
}

export interface TrustedKey {
  outletCode: string;
  publicKey: string;
}

export interface ExportFile {
  /** The file's name, for messages. */
  name: string;
  content: Uint8Array | string;
}

// ---- keys ----

function publicKeyText(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return jwk.x!;
}

/** An outlet key from a PKCS8 PEM (the key file's text, or one passed in the configuration). */
export function signingKeyFromPem(pem: string, where = 'configuration'): OutletKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Refusal('EXPORT_KEY_INVALID', { path: where });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Refusal('EXPORT_KEY_INVALID', { path: where });
  return { privateKey, publicKey: publicKeyText(privateKey) };
}

/** The terminal's signing key in `<dataDir>/outlet-signing.key`, made there on first use (../keyFile.ts). */
export function loadOrCreateSigningKey(dataDir: string): OutletKey {
  const path = join(dataDir, SIGNING_KEY_FILE);
  let pem: string;
  try {
    pem = loadOrCreateEd25519Pem(path);
  } catch {
    throw new Refusal('EXPORT_KEY_INVALID', { path });
  }
  return signingKeyFromPem(pem, path);
}

// ---- the canonical encoding ----

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** The canonical text of a JSON value: keys sorted, two-space indentation, a final newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

const signedFields = (doc: Omit<ExportDocument, 'signature'>) => ({
  format: doc.format, version: doc.version, outlet: doc.outlet, month: doc.month, form2: doc.form2, publicKey: doc.publicKey,
  ...(doc.auditHead ? { auditHead: doc.auditHead } : {}),
});

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

const exportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  outlet: z.string().min(1).max(64),
  month: z.string(),
  form2: form2Schema,
  publicKey: base64url.length(43),
  /**
   * The outlet's audit chain head as its last day close verified and printed it (id and hash):
   * headquarters keeps it, so a later rewrite of the outlet's chain does not verify from it.
   * Absent in files from terminals before it, and from an outlet that has not closed a day.
   */
  auditHead: z.strictObject({ id: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  signature: base64url.length(86),
});

export type ExportDocument = z.output<typeof exportSchema>;

// ---- export (the outlet) ----

/** The outlet's export of its 附表2: a signed JSON document, as the bytes to write to a file. */
export function exportForm2(form2: Form2, key: OutletKey, auditHead?: { id: number; hash: string }): Buffer {
  // Never sign what headquarters would refuse to read.
  const parsed = form2Schema.safeParse(form2);
  if (!parsed.success || form2.form !== 'form2') throw new Error(`not an outlet's Form 2: ${parsed.error?.issues[0]?.message ?? form2.form}`);
  const body = { format: EXPORT_FORMAT, version: EXPORT_VERSION, outlet: form2.outlet.outletCode, month: form2.month, form2: parsed.data, publicKey: key.publicKey, ...(auditHead ? { auditHead } : {}) } as const;
  const signature = sign(null, Buffer.from(canonicalJson(body), 'utf8'), key.privateKey).toString('base64url');
  return Buffer.from(canonicalJson({ ...body, signature }), 'utf8');
}

// ---- reading (headquarters) ----

function malformed(file: string, zh: string, en: string): Refusal {
  return new Refusal('EXPORT_MALFORMED', { file, problemZh: zh, problemEn: en });
}

/**
 * Reads one export file: checks its form, its signature, and that its key is trusted for its
 * outlet, and returns the outlet's 附表2.
 */
export function readExport(file: ExportFile, trusted: readonly TrustedKey[]): Form2 {
  const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformed(file.name, '不是 UTF-8 文本', 'it is not UTF-8 text');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformed(file.name, '不是有效的 JSON', 'it is not valid JSON');
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || '(document)';
    throw malformed(file.name, `字段 ${where} 有误`, `field ${where} is wrong (${issue.message})`);
  }
  const doc = parsed.data;
  if (doc.outlet !== doc.form2.outlet.outletCode || doc.month !== doc.form2.month || doc.form2.form !== 'form2') {
    throw malformed(file.name, '文件头与报表内容不一致', 'its header does not match the report inside');
  }
  const outlet = doc.outlet;
  const invalid = () => new Refusal('EXPORT_SIGNATURE_INVALID', { file: file.name, outlet });
  // Any byte outside the canonical form (a space, a newline, another escape) is a change too.
  if (!bytes.equals(Buffer.from(canonicalJson(doc), 'utf8'))) throw invalid();
  const signature = Buffer.from(doc.signature, 'base64url');
  const publicKeyRaw = Buffer.from(doc.publicKey, 'base64url');
  // base64url has spare bits in its last character: only the one spelling of each value counts.
  if (signature.toString('base64url') !== doc.signature || publicKeyRaw.toString('base64url') !== doc.publicKey) throw invalid();
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: doc.publicKey }, format: 'jwk' });
  } catch {
    throw invalid();
  }
  if (!verify(null, Buffer.from(canonicalJson(signedFields(doc)), 'utf8'), publicKey, signature)) throw invalid();
  if (!trusted.some((t) => t.outletCode === outlet && t.publicKey === doc.publicKey)) {
    throw new Refusal('EXPORT_SIGNER_UNKNOWN', { file: file.name, outlet });
  }
  // A file from before provisional due dates: its date was final.
  return { ...doc.form2, dueDateProvisional: doc.form2.dueDateProvisional ?? false };
}

/** Headquarters' 附表3 from its outlets' export files: each file checked, then consolidated. */
export function consolidateExports(files: readonly ExportFile[], trusted: readonly TrustedKey[]): Form2 {
  const parts = files.map((f) => readExport(f, trusted));
  return consolidate(parts, { labels: files.map((f) => f.name) });
}

/** The trusted keys from headquarters' JSON file: [{ "outletCode": …, "publicKey": … }, …]. */
export function parseTrustedKeys(text: string, name = 'trusted keys'): TrustedKey[] {
  const schema = z.array(z.strictObject({ outletCode: z.string().min(1).max(64), publicKey: base64url.length(43) })).max(10_000);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformed(name, '不是有效的 JSON', 'it is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw malformed(name, '须为 [{outletCode, publicKey}] 列表', 'it must be a list of {outletCode, publicKey}');
  return parsed.data;
}
