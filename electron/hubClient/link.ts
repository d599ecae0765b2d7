// The terminal's link to the hub (issue 16; split from push.ts for issue 17 item 6, whose restore
// enrols and reads the counter's history before any ledger is open): requests signed with the
// counter's key (shared/sync/protocol.ts), and the enrolment with HQ's one-time code. The key pair
// is made once and kept in the data folder, readable by this user only; `hub.json` there says the
// counter is enrolled.
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failure, type Failure } from '../../shared/errors';
import { asciiJson, enrolAnswer, HUB_HEADERS, signedText } from '../../shared/sync/protocol';
import { loadOrCreateEd25519Pem } from '../keyFile';

const KEY_FILE = 'hub-key.pem';
export const ENROLMENT_FILE = 'hub.json';

/** The hub said no: its failure (a stable code, the message in Chinese and English). */
export class HubRefused extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message.en);
  }
}

export interface HubLink {
  /** The answer's value; HubRefused with the hub's failure; the link's own error (offline). */
  post(path: string, body: unknown, signed: boolean, timeoutMs?: number): Promise<unknown>;
  /** Enrolled with HQ's code (hub.json written): the highest sequence the hub holds of this counter. */
  enrol(code: string | undefined): Promise<{ held: string }>;
  enrolled(): boolean;
  lastContactAt(): string | undefined;
}

export function createHubLink(opts: { url: string; dataDir: string; terminalId: string; outletCode: string; now: () => Date }): HubLink {
  const base = opts.url.replace(/\/+$/, '');
  const enrolmentPath = join(opts.dataDir, ENROLMENT_FILE);
  let enrolled = existsSync(enrolmentPath);
  let lastContactAt: string | undefined;
  let key: KeyObject | undefined;
  const keyOf = (): KeyObject => (key ??= createPrivateKey(loadOrCreateEd25519Pem(join(opts.dataDir, KEY_FILE))));

  async function post(path: string, body: unknown, signed: boolean, timeoutMs = 30_000): Promise<unknown> {
    const text = asciiJson(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signed) {
      const time = String(opts.now().getTime());
      const nonce = randomBytes(18).toString('base64url');
      const bodySha256 = createHash('sha256').update(text).digest('hex');
      const signature = sign(null, Buffer.from(signedText({ method: 'POST', path, time, nonce, bodySha256 }), 'utf8'), keyOf()).toString('base64');
      Object.assign(headers, { [HUB_HEADERS.terminal]: opts.terminalId, [HUB_HEADERS.time]: time, [HUB_HEADERS.nonce]: nonce, [HUB_HEADERS.signature]: signature });
    }
    const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: text, signal: AbortSignal.timeout(timeoutMs) });
    const answer = (await res.json()) as { ok: boolean; value?: unknown; error?: Failure };
    lastContactAt = opts.now().toISOString();
    if (!answer.ok) throw new HubRefused(answer.error!);
    return answer.value;
  }

  async function enrol(rawCode: string | undefined): Promise<{ held: string }> {
    const code = rawCode?.trim();
    if (!code) throw new HubRefused({ code: 'HUB_ENROLMENT_CODE_INVALID', message: { zh: '尚未登记：terminal.json 的 hub.enrolmentCode 须填写总部给的登记码。', en: 'Not enrolled yet: put the code HQ gave in terminal.json hub.enrolmentCode.' } });
    const publicKey = createPublicKey(keyOf()).export({ format: 'der', type: 'spki' }).toString('base64');
    const value = enrolAnswer.parse(await post('/v1/enrol', { code, terminalId: opts.terminalId, publicKey }, false));
    // The outlet HQ registered this counter at must be the one it is set up for: its receipts,
    // cash and reports are that outlet's. Not enrolled otherwise. The code is spent on this key:
    // with terminal.json put right, the same code enrols it at a later round while it is valid;
    // a counter HQ registered at the wrong outlet gets a new terminal id and code from HQ.
    if (value.outletCode !== opts.outletCode) throw new HubRefused(failure('HUB_OUTLET_MISMATCH', { configured: opts.outletCode, registered: value.outletCode }));
    const tmp = `${enrolmentPath}.tmp`;
    writeFileSync(tmp, JSON.stringify({ terminalId: value.terminalId, outletCode: value.outletCode, url: base, enrolledAt: opts.now().toISOString() }), { mode: 0o600 });
    renameSync(tmp, enrolmentPath);
    enrolled = true;
    return { held: value.held };
  }

  return { post, enrol, enrolled: () => enrolled, lastContactAt: () => lastContactAt };
}
