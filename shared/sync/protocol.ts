// The terminal ⇄ hub protocol (issue 16): what each request carries and how it is signed. Pure:
// the hub checks, the terminal makes, both from this one definition.
//
// A terminal is enrolled once with a one-time code and a public key it made (Ed25519); from then
// on every request carries its id, the time, a random nonce and its signature over
// `SIGNED_LINES` (method, path, time, nonce, SHA-256 of the body). The hub refuses a request not
// signed by the key it enrolled, one older or newer than SIGNATURE_WINDOW_MS, a nonce it has seen,
// and a revoked terminal's.
import { z } from 'zod';
import { hubEvent } from './events';

export const HUB_HEADERS = { terminal: 'x-hub-terminal', time: 'x-hub-time', nonce: 'x-hub-nonce', signature: 'x-hub-signature' } as const;

/** How far a request's time may be from the hub's clock. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

/** What is signed: one line each, in this order. */
export function signedText(r: { method: string; path: string; time: string; nonce: string; bodySha256: string }): string {
  return [r.method.toUpperCase(), r.path, r.time, r.nonce, r.bodySha256].join('\n');
}

const terminalId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ -');

export const enrolRequest = z.strictObject({
  /** The one-time code HQ gave for this counter. */
  code: z.string().min(1).max(64),
  terminalId,
  /** The terminal's public key: Ed25519, SPKI DER, base64. */
  publicKey: z.string().min(1).max(200),
});
export const enrolAnswer = z.strictObject({ terminalId: z.string(), outletCode: z.string(), held: z.string() });

/**
 * A request's body as a terminal sends it: JSON with every character beyond ASCII written as a
 * \uXXXX escape — the same JSON value, in bytes that are their own text. The hub reads an ASCII
 * body as one-byte text (hub/ingest.ts), where decoding UTF-8 that holds Chinese names into a
 * two-byte string and parsing it cost the hub's inbox a fifth of its throughput (npm run bench --
 * --hub). Surrogate pairs are escaped unit by unit, as JSON allows.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A push's body: the list of events, in order (the hub takes the earlier `{"events": [...]}` too). */
export const pushRequest = z.array(hubEvent).max(1_000);
/**
 * The earlier envelope, as the hub reads it: each event is checked once, by the inbox
 * (hub/ingest.ts, by `hubEvent`'s rules: readHubEvent), which says which event is wrong.
 */
export const pushEnvelope = z.strictObject({ events: z.array(z.unknown()).max(1_000) });
export const pushAnswer = z.strictObject({ held: z.string(), stored: z.number().int().min(0) });

export type EnrolRequest = z.infer<typeof enrolRequest>;
export type PushAnswer = z.infer<typeof pushAnswer>;

/**
 * A counter's history from the hub (issue 17 item 6): the events the hub holds of the terminal
 * that signs the request, after `after`, in order, at most `limit`; and the highest it holds. A new
 * PC enrolled in place of a dead one rebuilds the counter's ledger from them
 * (electron/ledger/replay.ts), so its sequence, its receipts and its reports to SAFE go on.
 */
export const HISTORY_MAX = 1_000;
export const historyRequest = z.strictObject({
  after: z.string().regex(/^(0|[1-9]\d{0,18})$/),
  limit: z.number().int().min(1).max(HISTORY_MAX).optional(),
});
export const historyAnswer = z.strictObject({ held: z.string(), events: z.array(hubEvent).max(HISTORY_MAX) });
export type HistoryAnswer = z.infer<typeof historyAnswer>;
