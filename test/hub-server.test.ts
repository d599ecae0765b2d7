// A terminal and the hub over real HTTP (issue 16 items 2 and 3): enrolled once with HQ's one-time
// code and a key it made, the terminal pushes its day's events, signed, and the hub holds each once
// (a round run again sends nothing twice); an unsigned, wrongly signed, stale, replayed or revoked
// request is refused with its code and nothing stored; a code works once, for its terminal, in time.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_HEADERS, signedText } from '../shared/sync/protocol';
import { createHubPusher } from '../electron/hubClient/push';
import type { HubDatabase } from '../hub/db/open';
import { startHubServer } from '../hub/server';
import { terminalState } from '../hub/ingest';
import { createEnrolmentCode, revokeTerminal } from '../hub/trust';
import { HUB_ENGINES, registerOutlet } from './helpers/hub';
import { ALICE, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';

const engine = HUB_ENGINES[0]!;
let h: Harness;
let hub: { db: HubDatabase; close(): Promise<void> };
let server: Awaited<ReturnType<typeof startHubServer>>;
const now = () => h.clock.now();
const TERMINAL = 'T1'; // test/helpers/terminal.ts OUTLET.terminalId
const OUTLET_CODE = 'PEK-T3-01'; // and its OUTLET.outletCode

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: { ok: boolean; value?: unknown; error?: { code: string; message: { zh: string; en: string } } } }> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as never };
}

beforeAll(async () => {
  h = openHarness({ start: '2026-03-10T02:00:00Z' });
  hub = await engine.open(() => h.clock.now());
  server = await startHubServer({ db: hub.db, now, host: '127.0.0.1', port: 0, log: () => {} });
}, 120_000);
afterAll(async () => {
  await server.close();
  await hub.close();
  h.close();
});

describe('a terminal and the hub over HTTP', () => {
  it('the health check answers', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(await res.json()).toEqual({ ok: true, at: '2026-03-10T02:00:00.000Z' });
  });

  it('enrols with its one-time code, then pushes its day\'s events, each held once', async () => {
    expect(OUTLET_ID()).toBe(TERMINAL);
    await stockOutlet(h.terminal);
    for (const amount of ['100', '250']) ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount }));
    // The terminal's push loop as createTerminal makes it from terminal.json's hub section, run a round at a time.
    await registerOutlet(hub.db, OUTLET_CODE, now);
    const { code } = await createEnrolmentCode(hub.db, { terminalId: TERMINAL, outletCode: OUTLET_CODE }, 'hq1', now);
    const pusher = createHubPusher({ db: h.raw.ledger, dataDir: h.dir, terminalId: TERMINAL, outletCode: OUTLET_CODE, now, setup: { url: server.url, enrolmentCode: code, batch: 7 }, log: () => {} });
    const first = await pusher.runOnce();
    const entries = String(h.raw.ledger.prepare('select count(*) from audit_log').pluck().get());
    expect(first).toMatchObject({ enrolled: true, held: entries, problem: undefined });
    expect(await terminalState(hub.db, TERMINAL)).toMatchObject({ held: entries, events: entries });
    // A round run again sends nothing twice; a new trade is pushed by the next round.
    expect((await pusher.runOnce()).held).toBe(entries);
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }));
    const after = String(h.raw.ledger.prepare('select count(*) from audit_log').pluck().get());
    expect((await pusher.runOnce()).held).toBe(after);
    expect((await terminalState(hub.db, TERMINAL))?.events).toBe(after);
    // The code was used: a second enrolment with it is refused.
    const again = await post('/v1/enrol', { code, terminalId: TERMINAL, publicKey: generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64') });
    expect([again.status, again.json.error?.code]).toEqual([403, 'HUB_ENROLMENT_CODE_INVALID']);
  });

  it('refuses, storing nothing: unsigned, signed by another key, stale, replayed; a code for another terminal or out of time; a revoked terminal at once', async () => {
    const before = await terminalState(hub.db, TERMINAL);
    const body = JSON.stringify({ events: [] });
    const signedBy = (key: ReturnType<typeof generateKeyPairSync>['privateKey'], time = now().getTime(), text = body, nonce = randomBytes(18).toString('base64url')) => ({
      [HUB_HEADERS.terminal]: TERMINAL, [HUB_HEADERS.time]: String(time), [HUB_HEADERS.nonce]: nonce,
      [HUB_HEADERS.signature]: sign(null, Buffer.from(signedText({ method: 'POST', path: '/v1/events', time: String(time), nonce, bodySha256: createHash('sha256').update(text).digest('hex') })), key).toString('base64'),
    });
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const unsigned = await post('/v1/events', body);
    expect([unsigned.status, unsigned.json.error?.code]).toEqual([401, 'HUB_SIGNATURE_INVALID']);
    const forged = await post('/v1/events', body, signedBy(stranger));
    expect([forged.status, forged.json.error?.code]).toEqual([401, 'HUB_SIGNATURE_INVALID']);
    // The terminal's own key (kept in its data folder), but the request is an hour old; then one sent twice.
    const { createPrivateKey } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const own = createPrivateKey(readFileSync(`${h.dir}/hub-key.pem`, 'utf8'));
    const stale = await post('/v1/events', body, signedBy(own, now().getTime() - 3_600_000));
    expect([stale.status, stale.json.error?.code]).toEqual([401, 'HUB_SIGNATURE_INVALID']);
    const once = signedBy(own);
    expect((await post('/v1/events', body, once)).json.ok).toBe(true);
    const replayed = await post('/v1/events', body, once);
    expect([replayed.status, replayed.json.error?.code]).toEqual([409, 'HUB_REPLAYED']);
    // Signed for another body: refused; a body that is not JSON, signed: refused as a malformed batch.
    const swapped = await post('/v1/events', '{"events":[]} ', signedBy(own));
    expect([swapped.status, swapped.json.error?.code]).toEqual([401, 'HUB_SIGNATURE_INVALID']);
    const notJson = await post('/v1/events', '{', signedBy(own, now().getTime(), '{'));
    expect([notJson.status, notJson.json.error?.code]).toEqual([400, 'HUB_BATCH_INVALID']);
    // Codes: for another terminal; out of time.
    const { code } = await createEnrolmentCode(hub.db, { terminalId: 'T02', outletCode: OUTLET_CODE, minutes: 1 }, 'hq1', now);
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect((await post('/v1/enrol', { code, terminalId: 'T03', publicKey })).json.error?.code).toBe('HUB_ENROLMENT_CODE_INVALID');
    h.clock.advance(2 * 60_000);
    expect((await post('/v1/enrol', { code, terminalId: 'T02', publicKey })).json.error?.code).toBe('HUB_ENROLMENT_CODE_INVALID');
    expect(await terminalState(hub.db, TERMINAL)).toEqual(before);
    // Revoked: the very next request is refused, and the terminal says so.
    expect(await revokeTerminal(hub.db, TERMINAL, 'hq1', now)).toBe(true);
    const revoked = await post('/v1/events', body, signedBy(own));
    expect([revoked.status, revoked.json.error?.code]).toEqual([403, 'HUB_TERMINAL_REVOKED']);
    expect(await terminalState(hub.db, TERMINAL)).toEqual(before);
  });
});

function OUTLET_ID(): string {
  return String(h.raw.ledger.prepare('select terminal_id from outlet').pluck().get());
}
