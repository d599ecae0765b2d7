// Browser mode over real HTTP: every method is POST /api/<method> with a bearer token; a missing
// token, an invalid body or an unknown method gets a clear error and writes nothing; the contract
// is published; `serve` starts as its own process, in training mode, and a trade can be made.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { methods, outputs } from '../shared/api';
import { createHttpHandler } from '../electron/transport/http';
import { TRAINING_PEOPLE } from '../shared/api';
import { ALICE, openHarness, stockOutlet, tempDir, type Harness } from './helpers/terminal';

const TOKEN = 'test-token-0123456789';
let h: Harness;
let server: http.Server;
let base: string;
let staticDir: string;

beforeAll(async () => {
  h = openHarness();
  await stockOutlet(h.terminal);
  staticDir = tempDir('static-');
  writeFileSync(join(staticDir, 'index.html'), '<html><head><title>x</title></head><body></body></html>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  // With a trailing separator, as serve.ts passes it.
  server = http.createServer(createHttpHandler(h.terminal, { token: TOKEN, staticDir: `${staticDir}/` }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  h.close();
});

async function post(method: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { ok: boolean; value?: any; error?: { code: string; message: { zh: string; en: string } } } };
}

/** As post, on a connection of its own (no keep-alive pool). */
function postAlone(method: string, body: unknown): Promise<{ status: number; json: { ok: boolean; error?: { code: string; message: { zh: string; en: string } } } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/api/${method}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function counts(): number[] {
  return ['trades', 'postings', 'outbox', 'print_jobs', 'attempts', 'customers', 'audit_log', 'rates'].map((t) => Number(h.terminal.ledger.prepare(`select count(*) from ${t}`).pluck().get()));
}

const QUOTE = { customer: { ...ALICE }, direction: 'settlement', currency: 'USD', amount: '100', side: 'foreign', tellerId: 'teller1' };

describe('browser mode: POST /api/<method>', () => {
  it('makes a trade: quote, then commit with the quote token', async () => {
    const q = await post('trades.quote', QUOTE);
    expect(q.status).toBe(200);
    expect(q.json.value.rmb).toEqual({ currency: 'CNY', amount: '710' });
    const c = await post('trades.commit', { ...QUOTE, quoteToken: q.json.value.quoteToken });
    expect(c.status).toBe(200);
    expect(c.json.value.receiptNo).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['a token without Bearer', { authorization: TOKEN }],
  ])('refuses %s with UNAUTHORIZED and writes nothing', async (_name, headers) => {
    const before = counts();
    const r = await post('rates.set', { currency: 'USD', buyPer100: '1', sellPer100: '2', setBy: 'x' }, headers);
    expect(r.status).toBe(401);
    expect(r.json.error?.code).toBe('UNAUTHORIZED');
    expect(r.json.error?.message.zh).toContain('令牌');
    expect(counts()).toEqual(before);
  });

  it.each([
    ['not JSON', '{"currency": ', 400],
    ['a wrong type', { currency: 5 }, 422],
    ['an unknown field', { currency: 'USD', buyPer100: '700', sellPer100: '710', setBy: 'x', extra: 1 }, 422],
    ['a JSON number for a rate', { currency: 'USD', buyPer100: 700, sellPer100: 710, setBy: 'x' }, 422],
  ])('refuses a body that is %s with INVALID_INPUT and writes nothing', async (_name, body, status) => {
    const before = counts();
    const r = await post('rates.set', body);
    expect(r.status).toBe(status);
    expect(r.json.ok).toBe(false);
    expect(r.json.error?.code).toBe('INVALID_INPUT');
    expect(r.json.error?.message.en).toMatch(/Invalid input/);
    expect(counts()).toEqual(before);
  });

  it('第五十四条: takes a watch list the size of the UN consolidated list (3 MB), and refuses a body past its limit with 413, nothing written', async () => {
    const rows = Array.from({ length: 27_000 }, (_, i) => `Person Number${i} Of The Long Test List,Alias${i} Someone;Other${i} Name,1970-01-${String(1 + (i % 28)).padStart(2, '0')},Ruritania,DOC${100000 + i},BIG-${i}`);
    const content = ['name,aliases,date_of_birth,nationality,document_number,reference', ...rows].join('\n');
    expect(content.length).toBeGreaterThan(3_000_000);
    const list = await post('screening.import', { listId: 'big', name: '大名单 big list', format: 'csv', content, actor: 'sup1' });
    expect(list.status).toBe(200);
    expect(list.json.value.entryCount).toBe(27_000);
    const before = counts();
    // On a connection of its own: fetch's pool may hand it one the server is closing as idle, and
    // 62 MB sent into a closing socket is reset before the answer can be read.
    const huge = await postAlone('screening.import', { listId: 'huge', name: 'too big', format: 'csv', content: 'x'.repeat(62 * 1024 * 1024), actor: 'sup1' });
    expect(huge.status).toBe(413);
    expect(huge.json.error?.message.en).toContain('is larger than 58 MB');
    expect(counts()).toEqual(before);
  }, 120_000);

  it('refuses an unknown method with UNKNOWN_METHOD (404) and writes nothing', async () => {
    const before = counts();
    for (const m of ['trades.delete', '__proto__', 'constructor', '..%2Fetc']) {
      const r = await post(m, {});
      expect(r.status).toBe(404);
      expect(r.json.error?.code).toBe('UNKNOWN_METHOD');
    }
    expect(counts()).toEqual(before);
  });

  it('refuses GET on a method', async () => {
    const res = await fetch(`${base}/api/rates.board`);
    expect(res.status).toBe(405);
  });

  it('publishes the contract: every method with its input JSON schema', async () => {
    const doc = (await (await fetch(`${base}/api/contract`)).json()) as { methods: { name: string; input: { type?: string; properties?: Record<string, unknown> } }[] };
    expect(doc.methods.map((m) => m.name).sort()).toEqual(Object.keys(methods).sort());
    const commit = doc.methods.find((m) => m.name === 'trades.commit')!;
    expect(Object.keys(commit.input.properties ?? {})).toEqual(expect.arrayContaining(['quoteToken', 'amount', 'customer']));
  });

  it('publishes every method\'s output JSON schema too, amounts as strings, and every output schema converts without loss', async () => {
    type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; required?: string[]; additionalProperties?: boolean };
    const doc = (await (await fetch(`${base}/api/contract`)).json()) as { methods: { name: string; output?: Schema }[] };
    const missing = doc.methods.filter((m) => m.output === undefined).map((m) => m.name);
    expect(missing, 'methods without an output schema in shared/api').toEqual([]);
    for (const name of Object.keys(methods)) {
      // Strict conversion throws on anything JSON cannot carry (bigint, Date, transforms).
      expect(() => z.toJSONSchema((outputs as Record<string, z.ZodType>)[name]!, { io: 'output' }), name).not.toThrow();
    }
    const out = (name: string) => doc.methods.find((m) => m.name === name)!.output!;
    const commit = out('trades.commit');
    expect(commit.additionalProperties).toBe(false);
    expect(commit.required).toEqual(expect.arrayContaining(['id', 'receiptNo', 'usdEquivalent', 'rmb']));
    expect(commit.properties!.receiptNo!.type).toBe('integer');
    expect(commit.properties!.usdEquivalent!.type).toBe('string');
    expect(commit.properties!.rmb!.properties!.amount!.type).toBe('string');
    expect(out('rates.board').type).toBe('array');
    expect(out('rates.board').items!.properties!.buyPer100!.type).toBe('string');
    expect(Object.keys(out('customers.lookup').properties!)).toEqual(expect.arrayContaining(['today', 'monitoring']));
  });

  it('serves the renderer with the token in index.html and a CSP, and nothing outside its folder', async () => {
    const index = await fetch(`${base}/`);
    expect(await index.text()).toContain(`<meta name="terminal-token" content="${TOKEN}">`);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${base}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${base}/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });
});

describe('npm run serve', () => {
  it('starts in training mode on 127.0.0.1, prints the ready line, and makes a trade with no configuration', async () => {
    const data = tempDir('serve-');
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../electron/serve.ts', import.meta.url)), '--port', '0', '--data', data, '--clock', '2026-03-10T02:00:00Z'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TERMINAL_TOKEN: TOKEN },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 30_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /^ready (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      let session = '';
      const call = async (method: string, body: unknown) =>
        (await (await fetch(`${url}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'x-session': session }, body: JSON.stringify(body) })).json()) as { ok: boolean; value: any };
      expect((await call('session.info', {})).value.training).toBe(true);
      // Training mode's practice teller (shared/api TRAINING_PEOPLE), signed in over HTTP.
      const teller = TRAINING_PEOPLE.find((p) => p.role === 'teller')!;
      expect((await call('trades.quote', QUOTE)).value).toBeUndefined();
      session = (await call('auth.signIn', { userId: teller.id, password: teller.password })).value.session;
      const request = { ...QUOTE, tellerId: teller.id };
      const q = await call('trades.quote', request);
      expect(q.ok).toBe(true);
      const c = await call('trades.commit', { ...request, quoteToken: q.value.quoteToken });
      expect(c.ok).toBe(true);
      expect(c.value.receiptNo).toBe(1);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
