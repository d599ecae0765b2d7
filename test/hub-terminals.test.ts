// Two counters of one outlet and the institution's hub, each a real process (issue 16 "Tests"):
// `npm run hub` on its embedded database, and two terminals in browser mode (`npm run serve`), each
// with its own encrypted SQLite ledger, its own SAFE simulator (so SAFE's figures do not cross: what
// one counter knows of the other comes from the hub alone) and `terminal.json` naming the hub and
// its one-time enrolment code. HQ works through the hub's API. What a user would notice:
//   - people and a rate made at HQ reach both counters; the teller signs in at either with the
//     password HQ set;
//   - a customer's trade at one counter counts at the other (第二十九条: one daily limit per person
//     at the institution), and the quote says the hub was asked;
//   - a person HQ locks is signed out at both counters;
//   - every trade of both counters is at the hub once, each terminal's sequence contiguous, its
//     chain verified, nothing lost at the counters.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain } from '../shared/sync/chain';
import type { HubEvent } from '../shared/sync/events';
import { openPGliteHub } from '../hub/db/open';
import { startVirtualPrinter, type VirtualPrinter } from '../electron/printer/virtualPrinter';
import { startSimulator, type Simulator } from './helpers/simulator';
import { ALICE, tempDir } from './helpers/terminal';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLOCK = '2026-03-10T02:00:00Z';
const TOKEN = 'hub-terminals-token-0123456789';
const OUTLET = { institutionCode: 'INST001', institutionName: '环球通兑换有限公司', outletCode: 'PEK-T3-01', outletName: '首都机场T3网点', borderPort: false };
const PASSWORD = { M01: 'manager-pass-01', T01: 'teller-pass-001' };

const children: ChildProcess[] = [];
const simulators: Simulator[] = [];
const printers: VirtualPrinter[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of simulators) await s.stop();
  for (const p of printers) await p.close();
});

/** A child process, and the first stdout line matching `ready`: its match. */
async function start(args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push(child);
  let out = '';
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s: ${out}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, match, output: () => out };
}

/** A hub CLI command run to its end (the embedded database is one process's: the hub is not running). */
async function hubCommand(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, out).toBe(0);
  return out;
}

type Answer = { ok: boolean; value?: any; error?: { code: string; message: { zh: string; en: string } } };

class Counter {
  session = '';
  constructor(readonly id: string, readonly url: string) {}
  async call(method: string, body: unknown): Promise<Answer> {
    const res = await fetch(`${this.url}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'x-session': this.session }, body: JSON.stringify(body) });
    return (await res.json()) as Answer;
  }
  async ok(method: string, body: unknown): Promise<any> {
    const r = await this.call(method, body);
    expect(r.ok, `${this.id} ${method}: ${JSON.stringify(r.error)}`).toBe(true);
    return r.value;
  }
  async signIn(id: keyof typeof PASSWORD): Promise<void> {
    this.session = (await this.ok('auth.signIn', { userId: id, password: PASSWORD[id] })).session as string;
  }
}

/** Polls until `check` holds (a background loop's round), or fails with what it last saw. */
async function until<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms / 1000} s; last ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}

let hubData: string;
let hubUrl: string;
let hubChild: ChildProcess;
let hq = '';
const counters: Counter[] = [];
const ledgers: string[] = [];
const outputs: (() => string)[] = [];
/** The receipt numbers of the two trades, as the counters gave them. */
const receiptNos: string[] = [];

async function hubApi(path: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${hubUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${hq}` }, body: JSON.stringify(body) });
  return (await res.json()) as Answer;
}

beforeAll(async () => {
  hubData = tempDir('hub-data-');
  // HQ's first manager, and a code for each counter, made while the hub is stopped.
  await hubCommand(['add-person', '--data', hubData, '--id', 'HQ1', '--name', '总部经理', '--role', 'hqManager'], { HUB_PASSWORD: 'hq-manager-pass' });
  await hubCommand(['add-outlet', '--data', hubData, '--outlet', OUTLET.outletCode, '--name', OUTLET.outletName, '--city', '110100']);
  const codes: string[] = [];
  for (const id of ['C1', 'C2']) {
    const out = await hubCommand(['enrol-code', '--data', hubData, '--terminal', id, '--outlet', OUTLET.outletCode, '--name', `${id.slice(1)}号柜台`]);
    codes.push(/: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(out)![1]!);
  }
  const hub = await start(['hub/main.ts', '--data', hubData, '--port', '0', '--clock', CLOCK], /hub: listening on (http:\/\/127\.0\.0\.1:\d+)/);
  hubChild = hub.child;
  hubUrl = hub.match[1]!;
  for (const [i, id] of ['C1', 'C2'].entries()) {
    const sim = await startSimulator({ from: CLOCK });
    simulators.push(sim);
    // Each counter's receipt printer: a live counter does not start without one (第三十五条).
    const printer = await startVirtualPrinter();
    printers.push(printer);
    const data = tempDir(`counter-${id}-`);
    ledgers.push(data);
    writeFileSync(join(data, 'terminal.json'), JSON.stringify({
      outlet: { ...OUTLET, terminalId: id }, monitoring: { url: sim.url }, hub: { url: hubUrl, enrolmentCode: codes[i], intervalSeconds: 0.5 },
      printer: { host: '127.0.0.1', port: printer.port },
    }));
    const serve = await start(['electron/serve.ts', '--port', '0', '--data', data, '--clock', CLOCK], /^ready (http:\/\/127\.0\.0\.1:\d+)$/m, { TERMINAL_TOKEN: TOKEN });
    counters.push(new Counter(id, serve.match[1]!));
    outputs.push(serve.output);
  }
}, 180_000);

describe('two counters of one outlet and the hub, each a process', () => {
  it('people and rates made at HQ reach both counters; a customer\'s trade at one counts at the other; a lock at HQ signs the person out at both', async () => {
    const signIn = await fetch(`${hubUrl}/v1/sign-in`, { method: 'POST', body: JSON.stringify({ id: 'HQ1', password: 'hq-manager-pass' }) });
    hq = ((await signIn.json()) as Answer).value.token as string;
    for (const [id, name, role] of [['M01', '网点经理', 'manager'], ['T01', '柜员甲', 'teller']] as const) {
      const made = await hubApi('/v1/people', { id, name, role, outletCode: OUTLET.outletCode, password: PASSWORD[id] });
      expect(made.ok, JSON.stringify(made.error)).toBe(true);
    }
    expect((await hubApi('/v1/rates', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00' })).ok).toBe(true);
    const table = await hubApi('/v1/conversion-rates', { month: '2026-03', csv: 'EUR,1.25\n' });
    expect(table.ok).toBe(true);
    // The last of HQ's changes: a counter that holds it holds them all (versions commit in order).
    const lastVersion = Number(table.value.version);

    // Both counters enrolled, and showing the hub's board.
    for (const c of counters) {
      const board = await until(`${c.id}'s board`, () => c.call('rates.board', {}), (r) => r.ok && r.value.length === 1);
      expect(board.value.map((r: any) => [r.currency, r.buyPer100, r.sellPer100, r.setBy])).toEqual([['USD', '710', '720', 'HQ1']]);
      // The outlet as registered and as each of its two counters joined it, two people, a rate and
      // a conversion table, each a version; among them the counters' receipt books, issued at their
      // first pulls (how many, and so the table's version, depends on timing). Waiting for a count
      // of versions raced those books; the table's own version is the one to wait for.
      const all = await until(`${c.id} pulled HQ's changes`, () => c.ok('session.info', {}), (i) => Number(i.hub.referenceVersion) >= lastVersion);
      expect([all.outletName, all.counterName]).toEqual([OUTLET.outletName, `${c.id.slice(1)}号柜台`]);
      const info = all.hub;
      expect(info).toMatchObject({ enrolled: true });
      expect(Date.parse(info.referencePulledAt)).toBeGreaterThanOrEqual(Date.parse(CLOCK));
      // The outlet's manager, made at HQ, signs in here and funds the till.
      await c.signIn('M01');
      expect((await c.ok('conversionRates.get', { month: '2026-03' })).rates).toEqual([{ currency: 'EUR', usdPerUnit: '1.25' }]);
      for (const [currency, amount] of [['CNY', '200000'], ['USD', '20000']] as const) await c.ok('cash.fund', { currency, amount, note: '备付金 reserves' });
      await c.signIn('T01');
    }

    // Alice changes 3,000 USD at counter 1. Counter 2's own SAFE knows nothing of it; the hub does.
    const [c1, c2] = counters as [Counter, Counter];
    const request = { customer: { ...ALICE }, direction: 'settlement', currency: 'USD', amount: '3000', side: 'foreign' };
    const q1 = await c1.ok('trades.quote', request);
    expect(q1.institution).toEqual({ hub: 'online', otherCountersUsd: '0', otherCountersTrades: 0 });
    const t1 = await c1.ok('trades.commit', { ...request, quoteToken: q1.quoteToken, customer: { ...ALICE } });
    // Numbered in the first of the receipt books the hub gave counter 1 (第三十五条(三)).
    expect(t1.receiptText).toMatch(/^B\d{4}-\d{6}$/);
    await until('counter 1 pushed its trade', () => c1.ok('session.info', {}), (i) => i.hub.eventsBehind === 0);
    const q2 = await c2.ok('trades.quote', { ...request, amount: '2500' });
    expect(q2.institution).toEqual({ hub: 'online', otherCountersUsd: '3000', otherCountersTrades: 1 });
    expect(q2.day.usdBefore).toBe('3000');
    expect(q2.refusal?.code, '第二十九条: 3,000 at counter 1 and 2,500 here is over the day\'s 5,000').toBe('DAILY_LIMIT_EXCEEDED');
    // 2,000 fits, close to the limit the institution's figure reaches (the prompt says so), and is made.
    const q3 = await c2.ok('trades.quote', { ...request, amount: '2000' });
    expect(q3.refusal).toBeUndefined();
    expect(q3.prompts.map((p: { code: string }) => p.code)).toContain('nearDailyLimit');
    const made = await c2.ok('trades.commit', { ...request, amount: '2000', quoteToken: q3.quoteToken, acknowledgedPrompts: q3.prompts.map((p: { code: string }) => p.code) });
    expect(made.receiptText).toMatch(/^B\d{4}-\d{6}$/);
    expect(made.receiptNo, 'another counter\'s book: not the same number').not.toBe(t1.receiptNo);
    receiptNos.push(String(t1.receiptNo), String(made.receiptNo));

    // HQ locks the teller: signed out at both counters at their next pull.
    expect((await hubApi('/v1/people/lock', { id: 'T01' })).value).toMatchObject({ id: 'T01', locked: true });
    for (const c of counters) {
      const refused = await until(`${c.id} signs T01 out`, () => c.call('auth.whoami', {}), (r) => !r.ok);
      expect(refused.error!.code).toBe('NOT_SIGNED_IN');
      const again = await c.call('auth.signIn', { userId: 'T01', password: PASSWORD.T01 });
      expect(again.error?.code).toBe('ACCOUNT_LOCKED');
    }
  }, 240_000);

  it('every event of both counters is at the hub once, each sequence contiguous and its chain verified; nothing lost at the counters', async () => {
    const behind = async () => Promise.all(counters.map(async (c) => (await c.ok('session.info', {})).hub.eventsBehind as number));
    await until('both counters caught up', behind, (b) => b.every((n) => n === 0));
    const held = await Promise.all(counters.map(async (c) => (await c.ok('session.info', {})).hub));
    hubChild.kill('SIGTERM');
    await new Promise((r) => hubChild.once('exit', r));
    const hub = await openPGliteHub({ dataDir: hubData, now: () => new Date(CLOCK) });
    try {
      for (const [i, c] of counters.entries()) {
        const rows = await hub.selectFrom('hub_events').selectAll().where('terminal_id', '=', c.id).orderBy('seq').execute();
        expect(rows.map((r) => Number(r.seq)), `${c.id}: 1, 2, 3, … once each`).toEqual(rows.map((_, k) => k + 1));
        const events: HubEvent[] = rows.map((r) => ({ seq: String(r.seq), at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, detail: r.detail, prevHash: r.prev_hash, hash: r.hash }));
        expect(checkChain(undefined, events)).toEqual({ ok: true, last: { seq: String(rows.length), hash: rows.at(-1)!.hash } });
        const head = await hub.selectFrom('hub_heads').select(['seq', 'hash']).where('terminal_id', '=', c.id).executeTakeFirstOrThrow();
        expect(String(head.seq)).toBe(String(rows.length));
        expect(head.hash).toBe(rows.at(-1)!.hash);
        // Nothing of the counter's trail missing: the counter said it was 0 behind at this length.
        expect(held[i]!.eventsBehind).toBe(0);
      }
      const trades = await sql<{ terminal_id: string; receipt_no: string; usd: string }>`SELECT terminal_id, receipt_no::text, usd FROM hub_trades ORDER BY terminal_id`.execute(hub);
      expect(trades.rows.map((t) => [t.terminal_id, t.receipt_no, t.usd])).toEqual([['C1', receiptNos[0], '3000'], ['C2', receiptNos[1], '2000']]);
    } finally {
      await hub.destroy();
    }
  }, 180_000);
});

describe('npm run hub, mistyped', () => {
  it('a --port that is no port is said as such, before any database is opened or made', () => {
    const data = join(tempDir('hub-port-'), 'hub-data');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'hub/main.ts', '--data', data, '--port', '80a'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('hub: --port: not a port (0–65535): 80a');
    expect(existsSync(data)).toBe(false);
  });
});
