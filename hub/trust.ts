// Enrolment and trust (issue 16 item 2; ../shared/design/hub.md "Trust"): HQ makes a one-time code
// per counter; the terminal sends it once with a public key it made (Ed25519); from then on every
// request is signed by that key (shared/sync/protocol.ts). The hub refuses an unsigned or wrongly
// signed request, one outside the time window, a nonce seen before (a replay) and a revoked
// terminal's — before anything is read or written for it.
import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { Refusal } from '../shared/errors';
import { enrolRequest, HUB_HEADERS, SIGNATURE_WINDOW_MS, signedText } from '../shared/sync/protocol';
import type { HubDatabase } from './db/open';
import { startHead } from './ingest';
import { publishOutlet, registerCounter } from './outlets';
import { returnBooksOf } from './receiptBooks';

/** How long an enrolment code may wait (HQ reads it to the counter on the phone, or prints it). */
export const ENROLMENT_CODE_MINUTES = 30;
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** Codes are read aloud and typed: no 0/O, 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function newCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`;
}

/** A one-time code for one counter of a registered outlet (the counter registered if new: outlets.ts). */
export async function createEnrolmentCode(db: HubDatabase, t: { terminalId: string; outletCode: string; name?: string | undefined; minutes?: number | undefined }, by: string, now: () => Date): Promise<{ code: string; expiresAt: Date }> {
  const code = newCode();
  const at = now();
  const expiresAt = new Date(at.getTime() + (t.minutes ?? ENROLMENT_CODE_MINUTES) * 60_000);
  await db.transaction().execute(async (tx) => {
    await registerCounter(tx, t, by, at);
    await tx.insertInto('hub_enrolment_codes').values({ code_hash: sha256(code), terminal_id: t.terminalId, outlet_code: t.outletCode, created_at: at, expires_at: expiresAt, used_at: null }).execute();
  });
  return { code, expiresAt };
}

function ed25519(publicKey: string): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return key;
  } catch {
    throw new Refusal('HUB_BATCH_INVALID', { problem: 'the public key is not an Ed25519 key (SPKI DER, base64)' });
  }
}

/**
 * The code used once, for the terminal it was made for: its key is set, and its sequence starts.
 * Sent again with the same key before it expires (the answer was lost), the same answer again.
 */
export async function enrol(db: HubDatabase, body: unknown, now: () => Date): Promise<{ terminalId: string; outletCode: string; held: string }> {
  const parsed = enrolRequest.safeParse(body);
  if (!parsed.success) throw new Refusal('HUB_BATCH_INVALID', { problem: `enrolment: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}` });
  const r = parsed.data;
  ed25519(r.publicKey);
  const at = now();
  return db.transaction().execute(async (tx) => {
    const code = await tx.selectFrom('hub_enrolment_codes').selectAll().where('code_hash', '=', sha256(r.code.trim().toUpperCase())).forUpdate().executeTakeFirst();
    if (!code || new Date(code.expires_at) <= at || code.terminal_id !== r.terminalId) throw new Refusal('HUB_ENROLMENT_CODE_INVALID');
    if (code.used_at !== null) {
      // Used already: by this very key, the answer was lost on the way (the link, the counter
      // killed before it wrote it down): the same answer again. Only the holder of the key the
      // code enrolled can use what the answer says (a public key is no secret: the answer gives
      // nothing a signed request needs); any other key is refused.
      const held = await tx.selectFrom('hub_terminals').innerJoin('hub_heads', 'hub_heads.terminal_id', 'hub_terminals.id')
        .select(['hub_terminals.public_key', 'hub_terminals.revoked_at', 'hub_terminals.outlet_code', 'hub_heads.seq'])
        .where('hub_terminals.id', '=', r.terminalId).executeTakeFirst();
      if (!held || held.public_key !== r.publicKey || held.revoked_at !== null) throw new Refusal('HUB_ENROLMENT_CODE_INVALID');
      return { terminalId: r.terminalId, outletCode: held.outlet_code, held: String(held.seq) };
    }
    await tx.updateTable('hub_enrolment_codes').set({ used_at: at }).where('code_hash', '=', code.code_hash).execute();
    // A revoked counter enrolled again (a new PC, a new key) is a counter of its outlet again.
    const before = await tx.selectFrom('hub_terminals').select(['revoked_at', 'public_key']).where('id', '=', r.terminalId).forUpdate().executeTakeFirst();
    await tx.insertInto('hub_terminals').values({ id: r.terminalId, outlet_code: code.outlet_code, name: r.terminalId, created_at: at, public_key: r.publicKey, enrolled_at: at, revoked_at: null })
      .onConflict((oc) => oc.column('id').doUpdateSet({ public_key: r.publicKey, enrolled_at: at, revoked_at: null, outlet_code: code.outlet_code })).execute();
    await startHead(tx, r.terminalId, at);
    if (before !== undefined && before.revoked_at !== null) await publishOutlet(tx, code.outlet_code, r.terminalId, at);
    // A new key for a counter already enrolled is a new PC in its place (revoked first or not): the
    // old PC's books are taken back, their unused ranges recorded, and the new one gets new books at
    // its first pull: never a number the old PC may have printed and not yet sent (第三十五条(三)).
    if (before !== undefined && before.public_key !== null && before.public_key !== r.publicKey) await returnBooksOf(tx, r.terminalId, 'enrolment', at);
    const head = await tx.selectFrom('hub_heads').select('seq').where('terminal_id', '=', r.terminalId).executeTakeFirstOrThrow();
    return { terminalId: r.terminalId, outletCode: code.outlet_code, held: String(head.seq) };
  });
}

/** Revoked: the hub takes nothing more from it, from the next request on. */
export async function revokeTerminal(db: HubDatabase, terminalId: string, by: string, now: () => Date): Promise<boolean> {
  const at = now();
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('hub_terminals').set({ revoked_at: at }).where('id', '=', terminalId).where('revoked_at', 'is', null)
      .returning('outlet_code').executeTakeFirst();
    if (!r) return false;
    // The outlet's other counters learn it with their next pull.
    await publishOutlet(tx, r.outlet_code, by, at);
    return true;
  });
}

/** The request's signature, time and nonce checked, and the nonce kept: the terminal that sent it, and its outlet. */
/** How finely the hub keeps when a counter was last seen. */
export const LAST_SEEN_STEP_MS = 30_000;

export async function verifySigned(db: HubDatabase, req: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: Buffer }, now: () => Date): Promise<{ id: string; outlet: string }> {
  const header = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : undefined;
  };
  const terminalId = header(HUB_HEADERS.terminal);
  const time = header(HUB_HEADERS.time);
  const nonce = header(HUB_HEADERS.nonce);
  const signature = header(HUB_HEADERS.signature);
  if (!terminalId || !time || !nonce || !signature) throw new Refusal('HUB_SIGNATURE_INVALID', { problem: 'unsigned' });
  if (!/^\d{1,15}$/.test(time) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || terminalId.length > 64) throw new Refusal('HUB_SIGNATURE_INVALID', { problem: 'malformed signature headers' });
  const at = now();
  if (Math.abs(at.getTime() - Number(time)) > SIGNATURE_WINDOW_MS) throw new Refusal('HUB_SIGNATURE_INVALID', { problem: 'the request\'s time is more than 5 minutes from the hub\'s' });
  const t = await db.selectFrom('hub_terminals').select(['public_key', 'revoked_at', 'outlet_code']).where('id', '=', terminalId).executeTakeFirst();
  if (!t || t.public_key === null) throw new Refusal('HUB_TERMINAL_UNKNOWN', { terminal: terminalId });
  if (t.revoked_at !== null) throw new Refusal('HUB_TERMINAL_REVOKED', { terminal: terminalId });
  const text = signedText({ method: req.method, path: req.path, time, nonce, bodySha256: sha256(req.body) });
  let good = false;
  try {
    good = verify(null, Buffer.from(text, 'utf8'), ed25519(t.public_key), Buffer.from(signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) throw new Refusal('HUB_SIGNATURE_INVALID', { problem: 'the signature does not verify' });
  // A nonce is taken once; those older than the window cannot come back (the time check refuses them).
  await db.deleteFrom('hub_nonces').where('seen_at', '<', new Date(at.getTime() - 2 * SIGNATURE_WINDOW_MS)).execute();
  const kept = await db.insertInto('hub_nonces').values({ terminal_id: terminalId, nonce, seen_at: at }).onConflict((oc) => oc.columns(['terminal_id', 'nonce']).doNothing()).executeTakeFirst();
  if ((kept.numInsertedOrUpdatedRows ?? 0n) === 0n) throw new Refusal('HUB_REPLAYED');
  // Seen (the live view): written at most every LAST_SEEN_STEP_MS, so a pull every few seconds costs no write.
  await db.updateTable('hub_terminals').set({ last_seen_at: at }).where('id', '=', terminalId)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', new Date(at.getTime() - LAST_SEEN_STEP_MS))])).execute();
  return { id: terminalId, outlet: t.outlet_code };
}

/** A counter's own last entry, as it said at a pull (the live view's events not yet received). */
export async function noteCounterHead(db: HubDatabase, terminalId: string, head: string): Promise<void> {
  await db.updateTable('hub_terminals').set({ reported_seq: BigInt(head) }).where('id', '=', terminalId)
    .where((eb) => eb.or([eb('reported_seq', 'is', null), eb('reported_seq', '<>', BigInt(head))])).execute();
}
