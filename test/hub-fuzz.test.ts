// Hostile bodies to every route of the hub (issue 16 "Bad input"): fast-check sends malformed JSON,
// wrong types, unknown fields, huge and deep values, to each route as an unsigned caller, as an
// enrolled terminal signing what it sends, and as HQ's manager signed in. Every answer is JSON with
// a stable code and both messages — never INTERNAL_ERROR, never a stack trace — and a refused
// request writes nothing: the hub's tables are as they were.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_HEADERS, signedText } from '../shared/sync/protocol';
import type { HubDatabase } from '../hub/db/open';
import { registerTerminal } from '../hub/ingest';
import { createPerson } from '../hub/people';
import { startHubServer } from '../hub/server';
import { HUB_ENGINES } from './helpers/hub';
import { TEST_SCRYPT_N } from './helpers/people';

const RUNS = Math.max(10, Number(process.env.PROPERTY_RUNS ?? 40));
const NOW = new Date('2026-03-10T02:00:00.000Z');
const now = () => NOW;
const ROUTES = [
  '/v1/enrol', '/v1/events', '/v1/changes', '/v1/history', '/v1/standing', '/v1/customer', '/v1/receipt', '/v1/counter',
  '/v1/outlet-day', '/v1/outlet-day/close', '/v1/reserves/claim', '/v1/reserves/release', '/v1/reserves/hold', '/v1/reserves/hold-release',
  '/v1/limit/hold', '/v1/limit/release', '/v1/receipt/hold', '/v1/receipt/release', '/v1/sign-in', '/v1/sign-out',
  '/v1/people', '/v1/people/list', '/v1/people/lock', '/v1/people/unlock', '/v1/people/disable',
  '/v1/rates', '/v1/calendar', '/v1/conversion-rates', '/v1/watch-lists', '/v1/policies', '/v1/outlets', '/v1/outlets/list', '/v1/terminals/enrol-code', '/v1/terminals/revoke',
  '/v1/receipt-books/issue', '/v1/receipt-books/return', '/v1/receipt-books/list', '/v1/transfers/list',
  '/v1/reserve-accounts', '/v1/basic-account', '/v1/reserve-accounts/list', '/v1/live', '/v1/anchors', '/v1/rates/push', '/v1/rates/list', '/v1/reference/list', '/v1/inspection/search', '/v1/inspection/export',
  '/v1/reports', '/v1/reports/export',
] as const;
const TABLES = [
  'hub_outlets', 'hub_terminals', 'hub_events', 'hub_heads', 'hub_people', 'hub_changes', 'hub_trades', 'hub_enrolment_codes',
  'hub_receipt_books', 'hub_receipt_holds', 'hub_limit_holds', 'hub_cash_transfers', 'hub_counter_days', 'hub_outlet_days',
  'hub_reserve_claims', 'hub_reserve_holds', 'hub_reserve_accounts', 'hub_basic_account', 'hub_inspections',
  'hub_flow_days', 'hub_movement_days', 'hub_flow_months', 'hub_movement_months', 'hub_balance_days', 'hub_balance_months', 'hub_balances', 'hub_day_costs', 'hub_rate_history', 'hub_counter_transfers',
] as const;

let hub: { db: HubDatabase; close(): Promise<void> };
let server: Awaited<ReturnType<typeof startHubServer>>;
let token = '';
const key = generateKeyPairSync('ed25519');

async function tables(): Promise<string> {
  const counts: string[] = [];
  for (const t of TABLES) counts.push(`${t}=${(await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(t)}`.execute(hub.db)).rows[0]!.n}`);
  return counts.join(' ');
}

beforeAll(async () => {
  hub = await HUB_ENGINES[0]!.open(now);
  server = await startHubServer({ db: hub.db, now, host: '127.0.0.1', port: 0, log: () => {}, scryptN: TEST_SCRYPT_N });
  await createPerson(hub.db, { id: 'HQ1', name: '总部经理', role: 'hqManager', password: 'hq-manager-pass' }, 'test', now, { scryptN: TEST_SCRYPT_N });
  await registerTerminal(hub.db, { id: 'F1', outletCode: 'OUT-F' }, now);
  const publicKey = key.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  await hub.db.updateTable('hub_terminals').set({ public_key: publicKey, enrolled_at: NOW }).where('id', '=', 'F1').execute();
  const res = await fetch(`${server.url}/v1/sign-in`, { method: 'POST', body: JSON.stringify({ id: 'HQ1', password: 'hq-manager-pass' }) });
  token = ((await res.json()) as { value: { token: string } }).value.token;
}, 120_000);
afterAll(async () => {
  await server.close();
  await hub.close();
});

/** Hostile JSON values: wrong types, unknown keys, huge and deep, and near-valid ones. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { maxDepth: 3, withCrossShrink: true },
    fc.constantFrom(null, true, 0, -1, 1e308, '', '0', 'null', '__proto__', '2026-13-01', 'CNY', '9'.repeat(400), '\u202e', 'x'.repeat(70_000)),
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('id', 'password', 'since', 'events', 'currency', 'buyPer100', 'sellPer100', 'outletCode', 'year', 'holidays', 'month', 'csv', 'version', 'params', 'receiptNo', 'idType', 'idNumber', 'country', 'date', 'code', 'terminalId', 'publicKey', 'minutes', 'kind', 'limit', 'movementId', 'accountId', 'minor', 'ownMinor', 'bankName', 'accountNo', '__proto__', 'constructor', 'extra'), tie('any'), { maxKeys: 6 }),
  ),
})).any;

const body = fc.oneof(
  value.map((v) => JSON.stringify(v) ?? ''),
  fc.constantFrom('', '{', '{"a":', 'NaN', '\uFEFF{}', '[' .repeat(5000), '{"a":1}{"b":2}', `{"id":"${'x'.repeat(100)}"}`),
  fc.string({ maxLength: 50 }),
);

function signedHeaders(path: string, text: string): Record<string, string> {
  const time = String(NOW.getTime());
  const nonce = randomBytes(18).toString('base64url');
  const signature = sign(null, Buffer.from(signedText({ method: 'POST', path, time, nonce, bodySha256: createHash('sha256').update(text).digest('hex') })), key.privateKey).toString('base64');
  return { [HUB_HEADERS.terminal]: 'F1', [HUB_HEADERS.time]: time, [HUB_HEADERS.nonce]: nonce, [HUB_HEADERS.signature]: signature };
}

describe('hostile bodies to every route of the hub', () => {
  it('the routes sent to are every route the hub answers (hub/server.ts)', () => {
    const served = [...readFileSync(join(__dirname, '..', 'hub', 'server.ts'), 'utf8').matchAll(/'POST (\/v1\/[a-z/-]+)'/g)].map((m) => m[1]);
    expect([...ROUTES].sort()).toEqual([...new Set(served)].sort());
  });

  it.each(['unsigned', 'signed by an enrolled terminal', 'HQ\'s manager signed in'] as const)(`as %s: a code and both messages, never an internal error; refused requests write nothing (${RUNS} runs a route)`, async (who) => {
    let answered = 0;
    for (const path of ROUTES) {
      await fc.assert(fc.asyncProperty(body, async (text) => {
        const headers = who === 'unsigned' ? {} : who === 'HQ\'s manager signed in' ? { authorization: `Bearer ${token}` } : signedHeaders(path, text);
        const before = await tables();
        const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
        const answer = (await res.json()) as { ok: boolean; error?: { code: string; message: { zh: string; en: string } } };
        expect(res.status, `${path} ${text.slice(0, 80)}`).toBeLessThan(500);
        if (answer.ok) {
          answered++;
          return;
        }
        expect(answer.error!.code).toMatch(/^[A-Z_]+$/);
        expect(answer.error!.message.zh.length * answer.error!.message.en.length).toBeGreaterThan(0);
        expect(JSON.stringify(answer)).not.toMatch(/at .*\.ts:\d+/);
        // A wrong password is counted (the lock-out's point); anything else refused writes nothing.
        if (path !== '/v1/sign-in') expect(await tables(), `${path} ${answer.error!.code}`).toBe(before);
      }), { numRuns: RUNS });
    }
    // Some were answered (a sign-out, a list, an empty pull): the fuzz reached past the door.
    if (who !== 'unsigned') expect(answered).toBeGreaterThan(0);
  }, 600_000);
});
