// The hub's reference data and look-ups, in one process over real HTTP (issue 16 items 2, 4, 5):
// HQ's people sign in to the hub with the counter's rules; what HQ sends is refused for the
// counter's reasons and nothing is published; an outlet's counters pull only what is theirs, in
// order, in pages, applied once; a change a counter cannot take is kept as it was and said; a
// reconversion against a receipt issued at another counter is allowed with the hub and refused
// without it (第三十一条); a hub that does not answer leaves the counter deciding offline, and
// the quote says so. The two-process version of the main path is test/hub-terminals.test.ts.
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_SIGN_INS } from '../shared/api/roles';
import { POLICY_V1 } from '../shared/policy';
import { MAX_CHANGES } from '../shared/sync/reference';
import { createEnrolmentCode } from '../hub/trust';
import { findReceipt } from '../hub/lookups';
import { createPerson } from '../hub/people';
import { changesSince, setRate } from '../hub/reference';
import { startHubServer } from '../hub/server';
import { HUB_ENGINES, hubPost, registerOutlet, startTestHub } from './helpers/hub';
import { TEST_SCRYPT_N } from './helpers/people';
import { ALICE, RecordingMonitoring, ok, openHarness, refused, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';
import { MonitoringError, type MonitoringAdapter } from '../electron/monitoring/adapter';
import { receiptOf } from '../electron/printer/receipt';
import { applyReferenceChanges } from '../electron/terminal/hubSync/apply';

const START = '2026-03-10T02:00:00Z';
let clockOf: Harness;
let hub: Awaited<ReturnType<typeof startTestHub>>;
let server: Awaited<ReturnType<typeof startHubServer>>;
const now = () => clockOf.clock.now();
const open: Harness[] = [];
const JOHN = { idType: '04', idNumber: 'P1234567', country: 'GBR', name: 'JOHN DOE' };
/** On HQ's watch list (the hub is shared by the tests below: nobody else here is on it). */
const VIKTOR = { idType: '04', idNumber: 'K7654321', country: 'DEU', name: 'VIKTOR LISTMANN' };

const api = (path: string, body: unknown, token?: string) => hubPost(server.url, path, body, token);

async function signIn(id: string, password: string): Promise<string> {
  const r = await api('/v1/sign-in', { id, password });
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return r.value.token as string;
}

async function changesCount(): Promise<number> {
  return Number((await hub.db.selectFrom('hub_changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** A counter of `outlet` enrolled at the hub, its loop run by hand. */
async function counter(terminalId: string, outletCode: string, url = server.url, monitoring?: MonitoringAdapter): Promise<Harness> {
  await registerOutlet(hub.db, outletCode, now);
  const { code } = await createEnrolmentCode(hub.db, { terminalId, outletCode }, 'hq1', now);
  // On the hub's time (the signature window is 5 minutes).
  const h = openHarness({ start: now().toISOString(), outlet: { terminalId, outletCode }, hub: { url, enrolmentCode: code, autoStart: false }, ...(monitoring ? { monitoring } : {}) });
  open.push(h);
  await h.raw.hub!.runOnce();
  expect(h.raw.hub!.state(), JSON.stringify(h.raw.hub!.state().problem)).toMatchObject({ enrolled: true, problem: undefined });
  return h;
}

/** A monitoring system that refuses every real-time entry (a document it does not accept). */
class RefusingMonitoring extends RecordingMonitoring {
  override async register(): Promise<{ refNo: string }> {
    throw new MonitoringError('permanent', '证件信息有误 / the document was refused', '2002');
  }
}

/** A link to the hub over real HTTP that can be made to fail: one path (answered 502), or everything. */
async function relay(target: string): Promise<{ url: string; fail(path: string): void; close(): Promise<void> }> {
  let failing: string | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failing === 'all' || failing === req.url) {
        res.writeHead(502).end('bad gateway');
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length')) as Record<string, string>;
      void fetch(`${target}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }).then(async (r) => {
        res.writeHead(r.status, { 'content-type': 'application/json' }).end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fail: (path) => {
      failing = path;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe.each(HUB_ENGINES.filter((e) => e.missing === undefined))('on $name', (engine) => {
  beforeAll(async () => {
    clockOf = openHarness({ start: START });
    hub = await startTestHub(engine, now);
    server = hub.server;
  }, 120_000);
  afterAll(async () => {
    for (const h of open.splice(0)) h.close();
    await hub.close();
    clockOf.close();
  });

  describe('HQ at the hub: people sign in with the counter\'s rules; what they send is checked as the counter checks it', () => {
    it('no session, an unknown ID, a wrong password five times (locked), a role that may not, a session idle 15 minutes: refused, nothing published', async () => {
      const before = await changesCount();
      expect(await api('/v1/rates', { currency: 'USD', buyPer100: '710', sellPer100: '720' })).toMatchObject({ status: 401, ok: false, error: { code: 'NOT_SIGNED_IN' } });
      expect(await api('/v1/sign-in', { id: 'NOBODY', password: 'whatever-pass' })).toMatchObject({ status: 401, error: { code: 'SIGN_IN_FAILED' } });
      await createPerson(hub.db, { id: 'HQ9', name: '试错', role: 'hqManager', password: 'right-password' }, 'test', now, { scryptN: TEST_SCRYPT_N });
      for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) expect((await api('/v1/sign-in', { id: 'HQ9', password: 'wrong-password' })).error?.code).toBe('SIGN_IN_FAILED');
      expect((await api('/v1/sign-in', { id: 'HQ9', password: 'wrong-password' })).error?.code, 'the fifth wrong password locks').toBe('ACCOUNT_LOCKED');
      expect((await api('/v1/sign-in', { id: 'HQ9', password: 'right-password' })).error?.code, 'and the right one no longer opens').toBe('ACCOUNT_LOCKED');
      const auditor = await signIn('AUD1', 'auditor-pass-1');
      expect(await api('/v1/rates', { currency: 'USD', buyPer100: '710', sellPer100: '720' }, auditor)).toMatchObject({ status: 403, error: { code: 'ROLE_NOT_ALLOWED' } });
      expect((await api('/v1/people/list', {}, auditor)).value.map((p: { id: string }) => p.id)).toEqual(['AUD1', 'HQ1', 'HQ9']);
      const hq = await signIn('HQ1', 'hq-manager-pass');
      clockOf.clock.advance(16 * 60_000);
      expect((await api('/v1/people/list', {}, hq)).error?.code).toBe('SESSION_EXPIRED');
      expect((await api('/v1/people/list', {}, hq)).error?.code, 'ended for good').toBe('NOT_SIGNED_IN');
      expect(await changesCount()).toBe(before);
    });

    it('a rate, a calendar, a conversion table or a person the counter would refuse is refused with the counter\'s code, and nothing is published', async () => {
      const hq = await signIn('HQ1', 'hq-manager-pass');
      const before = await changesCount();
      const cases: [string, unknown, string][] = [
        ['/v1/rates', { currency: 'USD', buyPer100: '720', sellPer100: '710' }, 'RATE_INVALID'],
        ['/v1/rates', { currency: 'USD', buyPer100: '7.1e2', sellPer100: '720' }, 'RATE_INVALID'],
        ['/v1/rates', { currency: 'CNY', buyPer100: '100', sellPer100: '100' }, 'CURRENCY_NOT_FOREIGN'],
        ['/v1/rates', { currency: 'USD', buyPer100: '710', sellPer100: '720', extra: 1 }, 'INVALID_INPUT'],
        ['/v1/calendar', { year: 2027, holidays: ['2027-02-11'], workdays: [] }, 'CALENDAR_INVALID'],
        ['/v1/conversion-rates', { month: '2026-04', csv: 'EUR,one\n' }, 'CONVERSION_TABLE_INVALID'],
        ['/v1/conversion-rates', { month: '2026-13', csv: 'EUR,1.2\n' }, 'INVALID_INPUT'],
        ['/v1/people', { id: 'T77', name: '柜员', role: 'teller', password: 'short' }, 'PASSWORD_TOO_SHORT'],
        ['/v1/people', { id: 'hq1', name: '重复', role: 'teller', password: 'long-enough-pass' }, 'PERSON_EXISTS'],
        ['/v1/people/lock', { id: 'NOBODY' }, 'PERSON_NOT_KNOWN'],
      ];
      for (const [path, body, code] of cases) {
        const r = await api(path, body, hq);
        expect(r.error?.code, `${path} ${JSON.stringify(body)}`).toBe(code);
        expect(r.error!.message.zh.length).toBeGreaterThan(0);
        expect(r.error!.message.en.length).toBeGreaterThan(0);
      }
      expect((await api('/v1/rates', 'not json', hq)).error?.code).toBe('INVALID_INPUT');
      expect(await changesCount()).toBe(before);
    });
  });

  describe('HQ registers outlets and their counters, and enrols and revokes counters, through the API', () => {
    it('an outlet registered first, then its counters with their codes; the register lists them; a counter belongs to one outlet; a counter set up for another outlet is not enrolled', async () => {
      const hq = await signIn('HQ1', 'hq-manager-pass');
      const auditor = await signIn('AUD1', 'auditor-pass-1');
      expect((await api('/v1/terminals/enrol-code', { terminalId: 'G1', outletCode: 'OUT-G' }, hq)).error?.code).toBe('HUB_OUTLET_UNKNOWN');
      expect((await api('/v1/outlets', { code: 'OUT-G', name: '浦东机场T2网点', cityCode: '310100', address: '上海市浦东新区' }, auditor)).error?.code).toBe('ROLE_NOT_ALLOWED');
      expect((await api('/v1/outlets', { code: 'OUT-G', name: '浦东机场T2网点', cityCode: '3101', address: '' }, hq)).error?.code).toBe('INVALID_INPUT');
      expect((await api('/v1/outlets', { code: 'OUT-G', name: '浦东机场T2网点', cityCode: '310100', address: '上海市浦东新区' }, hq)).value)
        .toEqual({ code: 'OUT-G', name: '浦东机场T2网点', cityCode: '310100', address: '上海市浦东新区', safeCounter: null, counters: [] });
      const made = await api('/v1/terminals/enrol-code', { terminalId: 'G1', outletCode: 'OUT-G', name: '1号柜台' }, hq);
      expect(made.value).toMatchObject({ terminalId: 'G1', outletCode: 'OUT-G' });
      // Renamed, the same outlet: its counters stay.
      expect((await api('/v1/outlets', { code: 'OUT-G', name: '浦东机场T2到达网点', cityCode: '310100' }, hq)).value)
        .toMatchObject({ name: '浦东机场T2到达网点', address: '', counters: [{ terminalId: 'G1', name: '1号柜台', enrolledAt: null, revokedAt: null, held: '0' }] });
      // Its safe kept at G1 (hub migration 019); saved again without saying, the keeper stays.
      expect((await api('/v1/outlets', { code: 'OUT-G', name: '浦东机场T2到达网点', cityCode: '310100', safeCounter: 'G1' }, hq)).value).toMatchObject({ safeCounter: 'G1' });
      expect((await api('/v1/outlets', { code: 'OUT-G', name: '浦东机场T2到达网点', cityCode: '310100' }, hq)).value).toMatchObject({ safeCounter: 'G1' });
      expect((await api('/v1/outlets', { code: 'OUT-H', name: '虹桥网点', cityCode: '310100' }, hq)).ok).toBe(true);
      const elsewhere = await api('/v1/terminals/enrol-code', { terminalId: 'G1', outletCode: 'OUT-H' }, hq);
      expect([elsewhere.error?.code, elsewhere.error?.message.en]).toEqual(['HUB_COUNTER_ELSEWHERE', 'Terminal G1 is registered at outlet OUT-G. A terminal belongs to one outlet: register the new outlet\'s counter under a new terminal id.']);
      // A PC set up as another outlet than the one HQ registered its counter at: not enrolled, and it says why.
      const wrong = openHarness({ start: now().toISOString(), outlet: { terminalId: 'G1', outletCode: 'OUT-H' }, hub: { url: server.url, enrolmentCode: made.value.code, autoStart: false } });
      open.push(wrong);
      await wrong.raw.hub!.runOnce();
      expect(wrong.raw.hub!.state()).toMatchObject({ enrolled: false, problem: { code: 'HUB_OUTLET_MISMATCH' } });
      expect(ok(await wrong.terminal.call('session.info', {})).hub!.problem?.message.zh).toBe('本终端设置为网点 OUT-H，总部把它登记在网点 OUT-G，未完成登记。请改正 terminal.json 的网点代码，或请总部为正确的网点登记柜台并给出新登记码。');
      // Any HQ role reads the register.
      const listed = await api('/v1/outlets/list', {}, auditor);
      expect(listed.value.filter((o: { code: string }) => o.code.startsWith('OUT-G') || o.code === 'OUT-H').map((o: { code: string; counters: { terminalId: string }[] }) => [o.code, o.counters.map((c) => c.terminalId)]))
        .toEqual([['OUT-G', ['G1']], ['OUT-H', []]]);
    }, 120_000);

    it('a code HQ makes enrols its counter once; a counter HQ revokes is refused at its next round, at once', async () => {
      const hq = await signIn('HQ1', 'hq-manager-pass');
      const auditor = await signIn('AUD1', 'auditor-pass-1');
      expect((await api('/v1/outlets', { code: 'OUT-E', name: '东站网点', cityCode: '110100' }, hq)).ok).toBe(true);
      expect((await api('/v1/terminals/enrol-code', { terminalId: 'E1', outletCode: 'OUT-E' }, auditor)).error?.code).toBe('ROLE_NOT_ALLOWED');
      expect((await api('/v1/terminals/enrol-code', { terminalId: 'E 1', outletCode: 'OUT-E' }, hq)).error?.code).toBe('INVALID_INPUT');
      const made = await api('/v1/terminals/enrol-code', { terminalId: 'E1', outletCode: 'OUT-E' }, hq);
      expect(made.value).toMatchObject({ terminalId: 'E1', outletCode: 'OUT-E', code: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/) });
      const e = openHarness({ start: now().toISOString(), outlet: { terminalId: 'E1', outletCode: 'OUT-E' }, hub: { url: server.url, enrolmentCode: made.value.code, autoStart: false } });
      open.push(e);
      await e.raw.hub!.runOnce();
      expect(e.raw.hub!.state()).toMatchObject({ enrolled: true, problem: undefined });
      expect((await api('/v1/terminals/revoke', { terminalId: 'E1' }, hq)).value).toEqual({ terminalId: 'E1', revoked: true });
      await e.raw.hub!.runOnce();
      expect(e.raw.hub!.state().problem?.code).toBe('HUB_TERMINAL_REVOKED');
      // The counter trades on; the status bar says the hub refuses it.
      await stockOutlet(e.terminal);
      ok(await trade(e.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
      expect(ok(await e.terminal.call('session.info', {})).hub!.problem?.code).toBe('HUB_TERMINAL_REVOKED');
    }, 120_000);
  });

  describe('outlets and counters mastered at the hub reach their counters (issue 16 item 4)', () => {
    it('the outlet\'s name, city, address and counters as HQ keeps them: on the screens and the receipt, kept over terminal.json\'s at a restart, another outlet\'s never', async () => {
      const hq = await signIn('HQ1', 'hq-manager-pass');
      expect((await api('/v1/outlets', { code: 'OUT-N', name: '南站网点', cityCode: '110100', address: '北京市丰台区' }, hq)).ok).toBe(true);
      const code1 = (await api('/v1/terminals/enrol-code', { terminalId: 'N1', outletCode: 'OUT-N', name: '1号柜台' }, hq)).value.code as string;
      const code2 = (await api('/v1/terminals/enrol-code', { terminalId: 'N2', outletCode: 'OUT-N', name: '2号柜台' }, hq)).value.code as string;
      // terminal.json still says the outlet's old name.
      const setup = { terminalId: 'N1', outletCode: 'OUT-N', outletName: '旧名称网点' };
      const dir = tempDir('hub-outlet-');
      let n1 = openHarness({ start: now().toISOString(), dir, outlet: setup, hub: { url: server.url, enrolmentCode: code1, autoStart: false } });
      const n2 = openHarness({ start: now().toISOString(), outlet: { terminalId: 'N2', outletCode: 'OUT-N' }, hub: { url: server.url, enrolmentCode: code2, autoStart: false } });
      open.push(n2);
      try {
        expect(ok(await n1.terminal.call('session.info', {}))).toMatchObject({ outletName: '旧名称网点', terminalId: 'N1' });
        expect(ok(await n1.terminal.call('session.info', {})).counterName, 'not enrolled yet: no name from the hub').toBeUndefined();
        await n1.raw.hub!.runOnce();
        expect(ok(await n1.terminal.call('session.info', {}))).toMatchObject({ outletName: '南站网点', counterName: '1号柜台' });
        expect(ok(await n1.terminal.call('outlet.get', {})).hub).toMatchObject({
          cityCode: '110100', address: '北京市丰台区', counterName: '1号柜台',
          counters: [{ terminalId: 'N1', name: '1号柜台', revoked: false }, { terminalId: 'N2', name: '2号柜台', revoked: false }],
        });
        // HQ renames the outlet, registers a third counter and revokes the second: one pull brings it all.
        expect((await api('/v1/outlets', { code: 'OUT-N', name: '北京南站网点', cityCode: '110106', address: '北京市丰台区永外大街' }, hq)).ok).toBe(true);
        expect((await api('/v1/terminals/enrol-code', { terminalId: 'N3', outletCode: 'OUT-N', name: '3号柜台' }, hq)).ok).toBe(true);
        await n2.raw.hub!.runOnce();
        expect((await api('/v1/terminals/revoke', { terminalId: 'N2' }, hq)).value).toEqual({ terminalId: 'N2', revoked: true });
        // Saved again as it is: nothing new published.
        const published = await changesCount();
        expect((await api('/v1/outlets', { code: 'OUT-N', name: '北京南站网点', cityCode: '110106', address: '北京市丰台区永外大街' }, hq)).ok).toBe(true);
        expect(await changesCount()).toBe(published);
        await n1.raw.hub!.runOnce();
        const view = ok(await n1.terminal.call('outlet.get', {}));
        expect([view.outletName, view.hub?.cityCode, view.hub?.address]).toEqual(['北京南站网点', '110106', '北京市丰台区永外大街']);
        expect(view.hub?.counters).toEqual([{ terminalId: 'N1', name: '1号柜台', revoked: false }, { terminalId: 'N2', name: '2号柜台', revoked: true }, { terminalId: 'N3', name: '3号柜台', revoked: false }]);
        // The receipt names the outlet as HQ named it (第三十五条: the institution and the outlet on every part).
        await stockOutlet(n1.terminal);
        const t = ok(await trade(n1.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
        const outletLine = receiptOf(t, { teller: 'teller1', training: false }).customer.find((b) => b.kind === 'field' && b.key === 'outlet');
        expect(outletLine).toMatchObject({ value: '北京南站网点 (OUT-N)' });
        // A restart reads terminal.json again: the hub's name stands, not the old one.
        n1.close();
        n1 = openHarness({ start: now().toISOString(), dir, outlet: setup, hub: { url: server.url, autoStart: false } });
        expect(ok(await n1.terminal.call('session.info', {}))).toMatchObject({ outletName: '北京南站网点', counterName: '1号柜台' });
        expect(ok(await n1.terminal.call('trades.get', { tradeId: t.id })).outletName).toBe('北京南站网点');
        // Another outlet's change (the hub sends only this one's) is kept as it was and said in the trail.
        const h = n1.raw.ledger;
        const applied = applyReferenceChanges(h, [{ version: '999999', kind: 'outlet', at: now().toISOString(), body: { code: 'OUT-X', name: '别家网点', cityCode: null, address: '', counters: [] } }], '999999', now().toISOString());
        expect(applied.skipped).toEqual([{ version: '999999', kind: 'outlet', code: 'HUB_OUTLET_MISMATCH' }]);
        expect(ok(await n1.terminal.call('outlet.get', {})).outletName).toBe('北京南站网点');
      } finally {
        n1.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });

  describe('down: an outlet\'s counters pull what is theirs, in order, in pages, applied once', () => {
    it('a rate for another outlet is not pulled; more than a page of changes arrives whole over rounds; an answer applied twice changes nothing', async () => {
      const hq = await signIn('HQ1', 'hq-manager-pass');
      const a = await counter('A1', 'OUT-A');
      const b = await counter('B1', 'OUT-B');
      expect(ok(await a.terminal.call('rates.board', {}))).toEqual([]);
      expect((await api('/v1/rates', { outletCode: 'OUT-B', currency: 'EUR', buyPer100: '770', sellPer100: '790' }, hq)).ok).toBe(true);
      // More than a page: HQ's hand many times over (a currency's rate changed all day).
      for (let i = 0; i < MAX_CHANGES + 20; i++) await setRate(hub.db, { outletCode: 'OUT-A', currency: 'USD', buyPer100: String(700 + (i % 10)), sellPer100: '720', fee: '0' }, 'HQ1', now);
      await a.raw.hub!.runOnce();
      await b.raw.hub!.runOnce();
      const usd = ok(await a.terminal.call('rates.history', { currency: 'USD', limit: 1000 }));
      expect(usd).toHaveLength(MAX_CHANGES + 20);
      expect(ok(await a.terminal.call('rates.board', {})).map((r) => r.currency), 'OUT-B\'s EUR rate is not on OUT-A\'s board').toEqual(['USD']);
      // All set in one instant of the hub's clock: the board shows the last HQ set, not the one of the largest (random) id.
      expect(ok(await a.terminal.call('rates.board', {}))[0]!.buyPer100).toBe(String(700 + ((MAX_CHANGES + 19) % 10)));
      expect(ok(await b.terminal.call('rates.board', {})).map((r) => [r.currency, r.buyPer100, r.setBy])).toEqual([['EUR', '770', 'HQ1']]);
      const info = ok(await a.terminal.call('session.info', {})).hub!;
      expect(info.referenceVersion).toBe(String(await changesCount()));
      // The same round again: nothing applied twice.
      const rates = a.terminal.ledger.prepare('select count(*) from rates').pluck().get();
      const audits = a.terminal.ledger.prepare('select count(*) from audit_log').pluck().get();
      await a.raw.hub!.runOnce();
      expect(a.terminal.ledger.prepare('select count(*) from rates').pluck().get()).toBe(rates);
      expect(a.terminal.ledger.prepare('select count(*) from audit_log').pluck().get()).toBe(audits);
    }, 120_000);

    it('a conversion table for a month the counter imported itself is kept as it was, said in the trail, and later changes still arrive', async () => {
      const hq = await signIn('HQ1', 'hq-manager-pass');
      const c = await counter('C1', 'OUT-C');
      ok(await c.terminal.call('conversionRates.import', { month: '2026-05', csv: 'EUR,1.10\n', importedBy: 'sup1' }));
      expect((await api('/v1/conversion-rates', { month: '2026-05', csv: 'EUR,1.25\n' }, hq)).ok).toBe(true);
      expect((await api('/v1/rates', { outletCode: 'OUT-C', currency: 'USD', buyPer100: '711', sellPer100: '721' }, hq)).ok).toBe(true);
      await c.raw.hub!.runOnce();
      expect(ok(await c.terminal.call('conversionRates.get', { month: '2026-05' })).rates).toEqual([{ currency: 'EUR', usdPerUnit: '1.1' }]);
      expect(ok(await c.terminal.call('rates.board', {})).map((r) => r.buyPer100)).toEqual(['711']);
      const pulled = c.terminal.ledger.prepare("select detail from audit_log where action = 'hub.pulled' order by id desc limit 1").pluck().get() as string;
      expect(JSON.parse(pulled).skipped).toEqual([expect.objectContaining({ kind: 'conversionTable', code: 'CONVERSION_TABLE_EXISTS' })]);
    }, 120_000);
  });

  describe('watch lists from HQ (第五十四条; issue 19 item 1)', () => {
    it('第五十四条: a list HQ imports reaches every counter, which screens against it (a listed customer stopped); a file the counters could not read is refused at the hub, nothing published; a list ends a pull\'s answer', async () => {
      const hq = await signIn('HQ1', 'hq-manager-pass');
      const before = await changesCount();
      const bad = await api('/v1/watch-lists', { listId: 'hq-list', name: 'HQ list', format: 'csv', content: 'who,what\nx,y\n' }, hq);
      expect(bad.error?.code).toBe('SCREENING_LIST_INVALID');
      expect(await changesCount()).toBe(before);

      const c = await counter('Z1', 'OUT-Z');
      await stockOutlet(c.terminal);
      const csv = 'name,aliases,date_of_birth,nationality,document_number,reference\nVIKTOR LISTMANN,,,Germany,K7654321,HQ-001\n';
      const made = await api('/v1/watch-lists', { listId: 'hq-list', name: 'HQ list', format: 'csv', content: csv }, hq);
      expect(made.ok, JSON.stringify(made.error)).toBe(true);
      expect(made.value).toMatchObject({ entries: 1 });
      // A rate after the list: the hub's answer ends at the list (one file an answer), the counter asks again in the same round.
      expect((await api('/v1/rates', { outletCode: 'OUT-Z', currency: 'USD', buyPer100: '712', sellPer100: '722' }, hq)).ok).toBe(true);
      const first = await changesSince(hub.db, 'OUT-Z', BigInt(ok(await c.terminal.call('session.info', {})).hub?.referenceVersion ?? '0'));
      expect(first.changes.map((x) => x.kind)).toEqual(['watchList']);
      await c.raw.hub!.runOnce();
      const lists = ok(await c.terminal.call('screening.lists', {}));
      expect(lists).toEqual([expect.objectContaining({ listId: 'hq-list', version: 1, entryCount: 1, source: 'hub', active: true })]);
      const usd = async () => ok(await c.terminal.call('rates.board', {})).find((r) => r.currency === 'USD')?.buyPer100;
      expect(await usd()).toBe('712');
      // Viktor, on HQ's list by his passport number, is stopped at the quote.
      refused(await trade(c.terminal, { customer: VIKTOR, direction: 'settlement', currency: 'USD', amount: '100' }), 'SCREENING_HIT');
      // The next round imports nothing twice.
      await c.raw.hub!.runOnce();
      expect(ok(await c.terminal.call('screening.lists', {})).length).toBe(1);
    }, 120_000);
  });

  describe('one board per outlet', () => {
    it('a rate a supervisor sets at one counter reaches the outlet\'s other counters, once, and not another outlet\'s', async () => {
      const s1 = await counter('S1', 'OUT-S');
      const s2 = await counter('S2', 'OUT-S');
      const other = await counter('X1', 'OUT-X');
      const set = ok(await s1.terminal.call('rates.set', { currency: 'JPY', buyPer100: '4.7100', sellPer100: '4.9100', setBy: 'sup1' }));
      await s1.raw.hub!.runOnce();
      await s2.raw.hub!.runOnce();
      await other.raw.hub!.runOnce();
      expect(ok(await s2.terminal.call('rates.board', {})).map((r) => [r.id, r.currency, r.buyPer100, r.setBy])).toEqual([[set.id, 'JPY', '4.71', 'sup1']]);
      expect(ok(await other.terminal.call('rates.board', {}))).toEqual([]);
      // The counter that set it takes nothing new: one row, its own.
      const rows = () => s1.terminal.ledger.prepare('select count(*) from rates').pluck().get();
      const before = rows();
      await s1.raw.hub!.runOnce();
      expect(rows()).toBe(before);
      // And counter 2 applying it is an event too, which the hub does not publish again.
      const published = () => hub.db.selectFrom('hub_changes').select('version').where('kind', '=', 'rate').where('outlet_code', '=', 'OUT-S').execute();
      expect(await published()).toHaveLength(1);
      await s2.raw.hub!.runOnce();
      await s2.raw.hub!.runOnce();
      expect(await published()).toHaveLength(1);
    }, 120_000);
  });

  describe('a push the hub refuses', () => {
    it('the counter still takes HQ\'s people and rates, and says why its events are not taken', async () => {
      const hq = await signIn('HQ1', 'hq-manager-pass');
      const k = await counter('K1', 'OUT-K');
      // The anchor the hub holds no longer matches the counter's trail (as after a ledger swapped on the PC).
      await hub.db.updateTable('hub_heads').set({ hash: 'f'.repeat(64) }).where('terminal_id', '=', 'K1').execute();
      await stockOutlet(k.terminal);
      expect((await api('/v1/rates', { outletCode: 'OUT-K', currency: 'GBP', buyPer100: '895', sellPer100: '925' }, hq)).ok).toBe(true);
      await k.raw.hub!.runOnce();
      expect(ok(await k.terminal.call('session.info', {})).hub!.problem?.code).toBe('HUB_CHAIN_BROKEN');
      expect(ok(await k.terminal.call('rates.board', {})).find((r) => r.currency === 'GBP')).toMatchObject({ buyPer100: '895', setBy: 'HQ1' });
    }, 120_000);
  });

  describe('policy versions published to every counter (rules.md)', () => {
    it('version 2 reaches the counter and is in force from its date; a version out of order is refused at the hub, nothing published', async () => {
      const hq = await signIn('HQ1', 'hq-manager-pass');
      const before = await changesCount();
      const params = { ...POLICY_V1.params, dailyLimitUsd: '4000' };
      expect((await api('/v1/policies', { version: 3, effectiveDate: '2026-04-01', source: '汇发〔2026〕9号', params }, hq)).error?.code).toBe('INVALID_INPUT');
      expect((await api('/v1/policies', { version: 2, effectiveDate: '2026-04-01', source: '汇发〔2026〕9号', params: { dailyLimitUsd: 'lots' } }, hq)).error?.code).toBe('INVALID_INPUT');
      expect(await changesCount()).toBe(before);
      expect((await api('/v1/policies', { version: 2, effectiveDate: '2026-04-01', source: '汇发〔2026〕9号', params }, hq)).ok).toBe(true);
      expect((await api('/v1/policies', { version: 2, effectiveDate: '2026-05-01', source: 'again', params }, hq)).error?.code, 'the next is 3 now').toBe('INVALID_INPUT');
      const p = await counter('P1', 'OUT-P');
      await stockOutlet(p.terminal);
      expect(ok(await p.terminal.call('policies.list', {})).map((x) => [x.version, x.effectiveDate, x.params.dailyLimitUsd])).toEqual([[1, POLICY_V1.effectiveDate, POLICY_V1.params.dailyLimitUsd], [2, '2026-04-01', '4000']]);
      // Today (March) the 5,000 limit is in force: 4,500 is quoted without a refusal.
      const q = ok(await p.terminal.call('trades.quote', { customer: { ...ALICE, name: '' }, direction: 'settlement', currency: 'USD', amount: '4500', side: 'foreign', tellerId: 'teller1' } as never));
      expect(q.refusal).toBeUndefined();
      expect(q.policyVersion).toBe(1);
    }, 120_000);
  });

  describe('the look-ups a quote makes (第二十九条, 第三十一条)', () => {
    it('a reconversion against a receipt issued at another counter: allowed when the hub finds it, refused when the counter must decide alone', async () => {
      const t1 = await counter('R1', 'OUT-R');
      const t2 = await counter('R2', 'OUT-R');
      await stockOutlet(t1.terminal);
      await stockOutlet(t2.terminal);
      // John settles 2,000 USD at counter 1 (a receipt of its first book): about 14,200 RMB he may change back.
      const settled = ok(await trade(t1.terminal, { customer: JOHN, direction: 'settlement', currency: 'USD', amount: '2000' }));
      expect(settled.receiptText).toMatch(/^B\d{4}-\d{6}$/);
      const receiptNo = settled.receiptNo;
      await t1.raw.hub!.runOnce();
      // At counter 2, 1,500 USD back against that receipt (over 1,000 USD, so the receipt is needed).
      const back = { customer: JOHN, direction: 'purchase' as const, currency: 'USD', amount: '1500', reconversion: true, originalReceiptNo: receiptNo };
      const made = ok(await trade(t2.terminal, back));
      expect(t2.terminal.ledger.prepare('select kind, original_receipt_no from trades where id = ?').get(made.id)).toEqual({ kind: 'reconversion', original_receipt_no: BigInt(receiptNo) });
      // What is left on the receipt: 14,200 received, 10,800 changed back at counter 2 — counted whether
      // or not counter 2 has pushed it yet, and never twice once it has.
      const more = { ...back, amount: '1000', side: 'foreign', tellerId: 'teller1', customer: { ...JOHN } } as never;
      for (const pushed of [false, true]) {
        if (pushed) await t2.raw.hub!.runOnce();
        const again = ok(await t2.terminal.call('trades.quote', more));
        expect(again.refusal?.code, `pushed: ${pushed}`).toBe('RECONVERSION_EXCEEDS_RECEIPT');
        expect(again.refusal?.message.en, `pushed: ${pushed}`).toContain('CNY 3,400.00');
      }
      // Another customer presenting receipt 1 at counter 2: the hub answers only the presenting
      // customer's receipts, so counter 2 learns nothing of John's and refuses as for no receipt.
      const mary = { idType: '04', idNumber: 'M7654321', country: 'IRL', name: 'MARY ROE' };
      const hers = ok(await t2.terminal.call('trades.quote', { ...back, amount: '100', side: 'foreign', tellerId: 'teller1', customer: mary } as never));
      expect(hers.institution).toMatchObject({ hub: 'online' });
      expect(hers.refusal?.code).toBe('RECONVERSION_RECEIPT_INVALID');
      expect(await findReceipt(hub.db, { receiptNo, ...mary, exceptTerminal: 'R2', at: now() })).toEqual([]);
      // Asked from a third counter: John's receipt of that number (one in the institution: receipt
      // books), with what counter 2 changed back against it (the asking counter adds its own).
      const johns = await findReceipt(hub.db, { receiptNo, ...JOHN, exceptTerminal: 'R9', at: now() });
      expect(johns.map((r) => [r.terminalId, r.direction, r.rmbReceivedMinor, r.rmbReconvertedMinor])).toEqual([['R1', 'settlement', '1420000', '1080000']]);
      // The hub's trade index holds no ID number: the customer is a keyed hash.
      const index = await sql<{ row: string }>`SELECT row_to_json(t)::text AS row FROM hub_trades t WHERE terminal_id IN ('R1', 'R2')`.execute(hub.db);
      expect(index.rows).toHaveLength(2);
      for (const r of index.rows) expect(r.row).not.toContain(JOHN.idNumber);
      // A counter with no hub has no such receipt: refused, with the article.
      const alone = openHarness({ start: now().toISOString(), outlet: { terminalId: 'R3', outletCode: 'OUT-R' } });
      open.push(alone);
      await stockOutlet(alone.terminal);
      const q = ok(await alone.terminal.call('trades.quote', { ...back, side: 'foreign', tellerId: 'teller1', customer: { ...JOHN } } as never));
      expect(q.institution).toEqual({ hub: 'none' });
      expect(q.refusal?.code).toBe('RECONVERSION_RECEIPT_INVALID');
      expect(q.refusal?.message.en).toContain('issued no receipt with this number');
    }, 120_000);

    it('a person\'s trades at the other counters count for the fifth-trade rule (第三十二条(一)) and the structuring prompt (第三十七条)', async () => {
      const KIM = { idType: '04', idNumber: 'K3141592', country: 'KOR', name: 'KIM MINJI' };
      const u1 = await counter('U1', 'OUT-U');
      const u2 = await counter('U2', 'OUT-U');
      for (const h of [u1, u2]) await stockOutlet(h.terminal);
      const quote = async (h: Harness, amount: string) => ok(await h.terminal.call('trades.quote', { customer: { ...KIM }, direction: 'settlement', currency: 'USD', amount, side: 'foreign', tellerId: 'teller1' } as never));
      // 950 USD at counter 1, just under 1,000: at counter 2, 960 more is prompted as possible structuring.
      ok(await trade(u1.terminal, { customer: KIM, direction: 'settlement', currency: 'USD', amount: '950' }));
      expect((await quote(u2, '960')).prompts.map((p) => p.code), 'before counter 1 pushed: counter 2 cannot know').not.toContain('justBelowThreshold');
      const lookUp = (doc: object) => u2.terminal.call('customers.lookup', doc as never);
      expect(ok(await lookUp({ idType: KIM.idType, idNumber: KIM.idNumber, country: KIM.country })).known, 'new here, and the hub has not heard of her yet').toBe(false);
      await u1.raw.hub!.runOnce();
      // Counter 2 finds her by the name she gave at counter 1; nobody else's name for another document.
      expect(ok(await lookUp({ idType: KIM.idType, idNumber: KIM.idNumber, country: KIM.country }))).toMatchObject({ known: true, name: 'KIM MINJI' });
      expect(ok(await lookUp({ idType: KIM.idType, idNumber: 'K3141593', country: KIM.country })).known).toBe(false);
      expect((await quote(u2, '960')).prompts.map((p) => p.code)).toContain('justBelowThreshold');
      // Four more small ones at counter 1: her sixth of the day, at counter 2, goes in real time.
      for (let i = 0; i < 4; i++) ok(await trade(u1.terminal, { customer: KIM, direction: 'settlement', currency: 'USD', amount: '100' }, { acknowledge: i === 3 ? ['realtimeCountReached'] : [] }));
      await u1.raw.hub!.runOnce();
      const sixth = await quote(u2, '100');
      expect(sixth.reportingPath).toBe('realtime');
      expect(sixth.prompts.find((p) => p.code === 'realtimeCountReached')?.message.en).toContain('trade number 6 today');
    }, 120_000);

    it('what is left on a receipt is held by the counter changing it back: two counters cannot spend it twice, even before either pushes (第三十一条)', async () => {
      // Counters reach the hub through a relay that can fail the hold alone (a link lost between
      // the look-up and the hold).
      const link = await relay(server.url);
      const via = link.url;
      // A customer of her own (the daily limit counts every trade of the person today: 第二十九条).
      const JANE = { idType: '04', idNumber: 'J5550123', country: 'CAN', name: 'JANE ROE' };
      try {
        const issuer = await counter('Q1', 'OUT-Q');
        const q2 = await counter('Q2', 'OUT-Q', via);
        const q3 = await counter('Q3', 'OUT-Q', via);
        for (const h of [issuer, q2, q3]) await stockOutlet(h.terminal);
        const settled = ok(await trade(issuer.terminal, { customer: JANE, direction: 'settlement', currency: 'USD', amount: '2000' }));
        await issuer.raw.hub!.runOnce();
        // 1,500 USD back (10,800 RMB of the 14,200) quoted at both counters: each sees it all left.
        const back = { customer: JANE, direction: 'purchase' as const, currency: 'USD', amount: '1500', reconversion: true, originalReceiptNo: settled.receiptNo };
        const quote = async (h: Harness, amount = '1500') => ok(await h.terminal.call('trades.quote', { ...back, amount, side: 'foreign', tellerId: 'teller1', customer: { ...JANE } } as never));
        const [at2, at3] = [await quote(q2), await quote(q3)];
        expect([at2.refusal, at3.refusal]).toEqual([undefined, undefined]);
        // Counter 2 commits first: held at the hub, made. Counter 3's commit, before counter 2 has
        // pushed anything, is refused with what is left, and recorded as an attempt.
        const commit = (h: Harness, q: typeof at2, amount = '1500') => h.terminal.call('trades.commit', { ...back, amount, side: 'foreign', tellerId: 'teller1', customer: { ...JANE }, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code) } as never);
        ok(await commit(q2, at2));
        const attemptsBefore = q3.terminal.ledger.prepare('select count(*) from attempts').pluck().get();
        const twice = refused(await commit(q3, at3), 'RECONVERSION_EXCEEDS_RECEIPT');
        expect(twice.message.en).toContain('CNY 3,400.00');
        expect(twice.message.en).toContain(settled.receiptText);
        expect(q3.terminal.ledger.prepare('select count(*) from attempts').pluck().get()).toBe(BigInt(attemptsBefore as bigint) + 1n);
        expect(q3.terminal.ledger.prepare("select count(*) from trades where kind = 'reconversion'").pluck().get()).toBe(0n);
        // Its next quote already counts counter 2's hold; 400 USD (2,880 RMB) fits and is made.
        expect((await quote(q3, '1000')).refusal?.message.en).toContain('CNY 3,400.00');
        ok(await commit(q3, await quote(q3, '400'), '400'));
        // Counter 2's trade arrives: its hold ends and the trade counts instead, once.
        await q2.raw.hub!.runOnce();
        expect(await hub.db.selectFrom('hub_receipt_holds').select('terminal_id').where('receipt_no', '=', BigInt(settled.receiptNo)).execute()).toEqual([{ terminal_id: 'Q3' }]);
        expect((await quote(q3, '100')).refusal?.message.en).toContain('CNY 520.00');
        // The look-up answers and the hold is lost on the way: a receipt of another counter cannot
        // be held, so nothing is done and nothing written.
        link.fail('/v1/receipt/hold');
        const lost = await quote(q3, '50');
        expect(lost.refusal).toBeUndefined();
        const before = q3.terminal.ledger.prepare('select (select count(*) from trades) + (select count(*) from attempts)').pluck().get();
        const unconfirmed = refused(await commit(q3, lost, '50'), 'RECEIPT_HOLD_UNCONFIRMED');
        expect(unconfirmed.message.en).toContain(`Original receipt ${settled.receiptText} was issued at another counter and the hub did not confirm in time`);
        expect(q3.terminal.ledger.prepare('select (select count(*) from trades) + (select count(*) from attempts)').pluck().get()).toBe(before);
      } finally {
        await link.close();
      }
    }, 120_000);

    it('a receipt of this counter is changed back here without the hub only while its trade never reached the hub; once it may be there another counter may have used part of it: refused offline, checked online (第三十一条)', async () => {
      const link = await relay(server.url);
      const MAY = { idType: '04', idNumber: 'M7770001', country: 'AUS', name: 'MAY LEE' };
      try {
        const issuer = await counter('Y1', 'OUT-Y', link.url);
        const other = await counter('Y2', 'OUT-Y');
        for (const h of [issuer, other]) await stockOutlet(h.terminal);
        const settled = ok(await trade(issuer.terminal, { customer: MAY, direction: 'settlement', currency: 'USD', amount: '2000' }));
        const back = (amount: string) => ({ customer: { ...MAY }, direction: 'purchase' as const, currency: 'USD', amount, reconversion: true, originalReceiptNo: settled.receiptNo });
        const reconverted = (h: Harness) => h.terminal.ledger.prepare("select count(*) from trades where kind = 'reconversion'").pluck().get();
        // Not pushed yet, and the hub out of reach: no other counter can have found it; decided here.
        link.fail('all');
        ok(await trade(issuer.terminal, back('100')));
        // Pushed; counter 2 changes 1,500 USD (10,800 RMB) back against it through the hub.
        link.fail('none');
        await issuer.raw.hub!.runOnce();
        ok(await trade(other.terminal, back('1500')));
        // The hub out of reach again: the issuer cannot know what counter 2 did. Refused, nothing written.
        link.fail('all');
        const before = [reconverted(issuer), issuer.terminal.ledger.prepare('select count(*) from attempts').pluck().get()];
        const offline = refused(await trade(issuer.terminal, back('400')), 'RECEIPT_HUB_NEEDED');
        expect(offline.message.en).toContain(`Original receipt ${settled.receiptText} was issued at this counter and has reached the hub`);
        expect([reconverted(issuer), issuer.terminal.ledger.prepare('select count(*) from attempts').pluck().get()]).toEqual(before);
        // With the hub: 14,200 RMB less 720 here and 10,800 there leaves 2,680; 400 USD (2,880) is refused, 300 (2,160) made.
        link.fail('none');
        const over = refused(await trade(issuer.terminal, back('400')), 'RECONVERSION_EXCEEDS_RECEIPT');
        expect(over.message.en).toContain('CNY 2,680.00');
        ok(await trade(issuer.terminal, back('300')));
      } finally {
        await link.close();
      }
    }, 120_000);

    it('one customer served at two counters at once: the day held at the hub, the second commit over the limit refused before either pushes (第二十九条)', async () => {
      const LEE = { idType: '04', idNumber: 'M1414213', country: 'SGP', name: 'MEI LING' };
      const link = await relay(server.url);
      const l1 = await counter('L1', 'OUT-L');
      const l2 = await counter('L2', 'OUT-L', link.url);
      for (const h of [l1, l2]) await stockOutlet(h.terminal);
      const req = { customer: LEE, direction: 'settlement' as const, currency: 'USD', amount: '3000', side: 'foreign' as const, tellerId: 'teller1' };
      const quote = async (h: Harness, amount = '3000') => ok(await h.terminal.call('trades.quote', { ...req, amount, customer: { ...LEE } } as never));
      const commit = (h: Harness, q: Awaited<ReturnType<typeof quote>>, amount = '3000') => h.terminal.call('trades.commit', { ...req, amount, customer: { ...LEE }, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code), supervisorId: 'sup1' } as never);
      // Both quote 3,000 USD at the same moment: each sees the whole 5,000 left.
      const [at1, at2] = [await quote(l1), await quote(l2)];
      expect([at1.refusal, at2.refusal]).toEqual([undefined, undefined]);
      ok(await commit(l1, at1));
      const attempts = () => l2.terminal.ledger.prepare('select count(*) from attempts').pluck().get() as bigint;
      const before = attempts();
      const over = refused(await commit(l2, at2), 'DAILY_LIMIT_EXCEEDED');
      expect(over.message.en).toContain('has 2,000.00 USD left today');
      expect(attempts()).toBe(before + 1n);
      expect(l2.terminal.ledger.prepare('select count(*) from trades').pluck().get()).toBe(0n);
      // What is left fits, at either counter; the held day ends when its trade arrives.
      ok(await commit(l2, await quote(l2, '2000'), '2000'));
      const held = () => hub.db.selectFrom('hub_limit_holds').select('terminal_id').where('terminal_id', 'in', ['L1', 'L2']).orderBy('terminal_id').execute();
      expect((await held()).map((h) => h.terminal_id)).toEqual(['L1', 'L2']);
      await l1.raw.hub!.runOnce();
      await l2.raw.hub!.runOnce();
      expect(await held()).toEqual([]);
      expect((await quote(l1, '1')).refusal?.code).toBe('DAILY_LIMIT_EXCEEDED');
      // The hub answers the look-up and the hold is lost on the way: nothing is done, nothing written.
      const TAN = { ...LEE, idNumber: 'T1732050', name: 'TAN HUI' };
      const tanQuote = ok(await l2.terminal.call('trades.quote', { ...req, amount: '100', customer: { ...TAN } } as never));
      expect(tanQuote.institution.hub).toBe('online');
      link.fail('/v1/limit/hold');
      const rows = () => l2.terminal.ledger.prepare('select (select count(*) from trades) + (select count(*) from attempts)').pluck().get();
      const before2 = rows();
      const lost = refused(await l2.terminal.call('trades.commit', { ...req, amount: '100', customer: { ...TAN }, quoteToken: tanQuote.quoteToken, acknowledgedPrompts: tanQuote.prompts.map((p) => p.code) } as never), 'LIMIT_HOLD_UNCONFIRMED');
      expect(lost.message.en).toContain('Quote again');
      expect(rows()).toBe(before2);
      await link.close();
    }, 120_000);

    it('a day held for a commit that does not happen is given back: SAFE refuses the entry at one counter, the other counter still has the whole day (第二十九条)', async () => {
      const NG = { idType: '04', idNumber: 'N2236067', country: 'SGP', name: 'NG WEI' };
      const m1 = await counter('M1', 'OUT-M', server.url, new RefusingMonitoring());
      const m2 = await counter('M2', 'OUT-M');
      for (const h of [m1, m2]) await stockOutlet(h.terminal);
      const req = { customer: NG, direction: 'settlement' as const, currency: 'USD', side: 'foreign' as const, tellerId: 'teller1' };
      const sell = async (h: Harness, amount: string) => {
        const q = ok(await h.terminal.call('trades.quote', { ...req, amount, customer: { ...NG } } as never));
        return h.terminal.call('trades.commit', { ...req, amount, customer: { ...NG }, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code), supervisorId: 'sup1' } as never);
      };
      // M1 holds the customer's day for 4,000 USD, then SAFE refuses the real-time entry: no trade.
      refused(await sell(m1, '4000'), 'MONITORING_REFUSED');
      expect(m1.terminal.ledger.prepare('select count(*) from trades').pluck().get()).toBe(0n);
      const hold = await hub.db.selectFrom('hub_limit_holds').select(['settlement_usd', 'purchase_usd']).where('terminal_id', '=', 'M1').execute();
      expect(hold, 'the hold says M1\'s day without the trade that did not happen').toEqual([{ settlement_usd: '0', purchase_usd: '0' }]);
      // At M2 the customer still has the whole day.
      expect(ok(await sell(m2, '4500')).usdEquivalent).toBe('4500');

      // 第三十一条 too: a reconversion at M1 against M2's receipt holds what it changes back, SAFE
      // refuses the entry, and the hold is given back: M2 changes the whole receipt back.
      const ROE = { idType: '04', idNumber: 'R3316625', country: 'CAN', name: 'RICHARD ROE' };
      const settled = ok(await trade(m2.terminal, { customer: ROE, direction: 'settlement', currency: 'USD', amount: '1000' }));
      await m2.raw.hub!.runOnce();
      const back = { customer: ROE, direction: 'purchase' as const, currency: 'USD', reconversion: true, originalReceiptNo: settled.receiptNo, side: 'foreign' as const, tellerId: 'teller1' };
      const change = async (h: Harness, amount: string) => {
        const q = ok(await h.terminal.call('trades.quote', { ...back, amount, customer: { ...ROE } } as never));
        return h.terminal.call('trades.commit', { ...back, amount, customer: { ...ROE }, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code), supervisorId: 'sup1' } as never);
      };
      refused(await change(m1, '600'), 'MONITORING_REFUSED');
      expect(await hub.db.selectFrom('hub_receipt_holds').select('terminal_id').where('receipt_no', '=', BigInt(settled.receiptNo)).execute(), 'nothing held for a reconversion that did not happen').toEqual([]);
      // 980 USD back at M2 is 7,056 RMB of the 7,100 received: allowed only with M1's hold given back.
      expect(ok(await change(m2, '980')).kind).toBe('reconversion');
    }, 120_000);

    it('a quote made with the hub and committed without it (or the other way round) is stale, and says it is the hub', async () => {
      const LEE = { idType: '04', idNumber: 'L2718281', country: 'SGP', name: 'LEE WEI' };
      const link = await relay(server.url);
      try {
        const w1 = await counter('W1', 'OUT-W');
        const w2 = await counter('W2', 'OUT-W', link.url);
        for (const h of [w1, w2]) await stockOutlet(h.terminal);
        ok(await trade(w1.terminal, { customer: LEE, direction: 'settlement', currency: 'USD', amount: '300' }));
        await w1.raw.hub!.runOnce();
        const request = { customer: { ...LEE }, direction: 'settlement', currency: 'USD', amount: '200', side: 'foreign', tellerId: 'teller1' } as never;
        const q = ok(await w2.terminal.call('trades.quote', request));
        expect(q.institution).toEqual({ hub: 'online', otherCountersUsd: '300', otherCountersTrades: 1 });
        link.fail('all');
        const stale = refused(await w2.terminal.call('trades.commit', { ...(request as object), quoteToken: q.quoteToken } as never), 'QUOTE_STALE');
        expect(stale.message.en).toContain('the hub did not answer: the customer\'s trades at the other counters could not be counted');
        // Quoted again without the hub: made on this counter's figures.
        const again = ok(await w2.terminal.call('trades.quote', request));
        expect(again.institution).toEqual({ hub: 'offline' });
        ok(await w2.terminal.call('trades.commit', { ...(request as object), quoteToken: again.quoteToken } as never));
      } finally {
        await link.close();
      }
    }, 120_000);

    it('a hub that stops answering: the counter decides on its own and SAFE\'s figures, says the hub was not heard, and keeps trading', async () => {
      const second = await startHubServer({ db: hub.db, now, host: '127.0.0.1', port: 0, log: () => {} });
      const h = await counter('D1', 'OUT-D', second.url);
      await stockOutlet(h.terminal);
      const request = { customer: { ...ALICE, name: '' }, direction: 'settlement', currency: 'USD', amount: '100', side: 'foreign', tellerId: 'teller1' } as never;
      expect(ok(await h.terminal.call('trades.quote', request)).institution).toEqual({ hub: 'online', otherCountersUsd: '0', otherCountersTrades: 0 });
      const pulledAt = ok(await h.terminal.call('session.info', {})).hub!.referencePulledAt;
      expect(pulledAt).toBe(h.clock.now().toISOString());
      await second.close();
      clockOf.clock.advance(60_000);
      const q = ok(await h.terminal.call('trades.quote', request));
      expect(q.institution).toEqual({ hub: 'offline' });
      expect(q.refusal).toBeUndefined();
      ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
      await h.raw.hub!.runOnce();
      // The status says why, and how old the reference data is.
      expect(ok(await h.terminal.call('session.info', {})).hub).toMatchObject({ enrolled: true, problem: { code: 'HUB_UNREACHABLE' }, referencePulledAt: pulledAt });
    }, 120_000);
  });
});
