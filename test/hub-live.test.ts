// The institution live (issue 18 item 2; hub/live.ts), on both engines, over real HTTP with counters
// that push and pull as they do: every outlet and counter, online or since when not, the events the
// hub holds, the day closed, receipt numbers left, notes in transit, and what is wrong at each as a
// sentence with what to do; read by any HQ role, no one else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubServer } from '../hub/server';
import { BOOKS_LOW, type AnchorsAnswer, type LiveAnswer, type LiveCounter } from '../shared/sync/live';
import { eventsSince } from '../electron/ledger/events';
import { ingest } from '../hub/ingest';
import { HUB_ENGINES, hubPost, registerOutlet, startTestHub } from './helpers/hub';
import { expectedCounts } from './helpers/validInputs';
import { ALICE, BOB_PASSPORT, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';
import { sql } from 'kysely';

const START = '2026-03-10T02:00:00Z';
let clockOf: Harness;
let hub: Awaited<ReturnType<typeof startTestHub>>;
let server: Awaited<ReturnType<typeof startHubServer>>;
const now = () => clockOf.clock.now();
const open: Harness[] = [];
const api = (path: string, body: unknown, token?: string) => hubPost(server.url, path, body, token);

describe.each(HUB_ENGINES.filter((e) => e.missing === undefined))('on $name', (engine) => {
  let hq = '';
  const counters: Record<'A' | 'B', Harness> = {} as never;
  const live = async (token = hq): Promise<LiveAnswer> => {
    const r = await api('/v1/live', {}, token);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return r.value as LiveAnswer;
  };
  const counter = (l: LiveAnswer, id: string): LiveCounter => l.outlets.flatMap((o) => o.counters).find((c) => c.terminalId === id)!;

  beforeAll(async () => {
    clockOf = openHarness({ start: START });
    hub = await startTestHub(engine, now);
    server = hub.server;
    await registerOutlet(hub.db, 'OUT-L', now);
    await registerOutlet(hub.db, 'OUT-M', now);
    hq = (await api('/v1/sign-in', { id: 'HQ1', password: 'hq-manager-pass' })).value.token as string;
    for (const id of ['A', 'B'] as const) {
      const made = await api('/v1/terminals/enrol-code', { terminalId: id, outletCode: 'OUT-L', name: `${id}号柜台` }, hq);
      const h = openHarness({ start: START, outlet: { terminalId: id, outletCode: 'OUT-L' }, hub: { url: server.url, enrolmentCode: made.value.code, autoStart: false } });
      open.push(h);
      counters[id] = h;
      await stockOutlet(h.terminal);
      await h.raw.hub!.runOnce();
    }
    // A counter registered at the other outlet whose PC never came.
    expect((await api('/v1/terminals/enrol-code', { terminalId: 'M1', outletCode: 'OUT-M', name: '新柜台' }, hq)).ok).toBe(true);
  }, 180_000);
  afterAll(async () => {
    for (const h of open.splice(0)) h.close();
    await hub.close();
    clockOf.close();
  });

  it('every outlet and counter: online, the events held, receipt numbers left; a counter never enrolled said so with what to do', async () => {
    const { A } = counters;
    ok(await trade(A.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    await A.raw.hub!.runOnce();
    const l = await live();
    expect(l.date).toBe('2026-03-10');
    expect(l.outlets.map((o) => [o.code, o.counters.map((c) => c.terminalId)])).toEqual([['OUT-L', ['A', 'B']], ['OUT-M', ['M1']]]);
    const a = counter(l, 'A');
    expect(a).toMatchObject({ name: 'A号柜台', online: true, closed: false, revokedAt: null, problems: [] });
    // What the hub holds of A is what A says it has sent.
    expect(a.held).toBe(A.raw.hub!.state().held);
    // Its books (1,000 numbers each) less the one receipt, and its reserve book whole.
    expect(a.reserveLeft).toBe(10_000);
    expect(a.receiptsLeft).toBeGreaterThan(BOOKS_LOW);
    expect(a.receiptsLeft % 1_000).toBe(999);
    expect(counter(l, 'B').receiptsLeft % 1_000, 'B has used none').toBe(0);
    const m1 = counter(l, 'M1');
    expect([m1.online, m1.enrolledAt, m1.problems.map((p) => p.kind)]).toEqual([false, null, ['notEnrolled']]);
    expect(m1.problems[0]!.zh).toContain('terminal.json');
    expect(m1.problems[0]!.en).toContain('enrolment code');
  }, 60_000);

  it('a counter not heard from for minutes is offline, said with how long and what to do; heard again, online', async () => {
    const { A, B } = counters;
    clockOf.clock.advance(5 * 60_000);
    for (const h of [A, B]) h.clock.advance(5 * 60_000);
    await A.raw.hub!.runOnce();
    const l = await live();
    expect(counter(l, 'A').online).toBe(true);
    const b = counter(l, 'B');
    expect([b.online, b.problems.map((p) => p.kind)]).toEqual([false, ['offline']]);
    expect(b.problems[0]!.zh).toContain('5 分钟未联系中心');
    expect(b.problems[0]!.en).toContain('No contact for 5 min');
    await B.raw.hub!.runOnce();
    expect(counter(await live(), 'B').problems).toEqual([]);
  }, 60_000);

  it('the day closed at a counter, and notes in transit, at both ends', async () => {
    const { A, B } = counters;
    const sent = ok(await A.terminal.call('cash.transferSend', { toCounter: 'B', from: 'till', currency: 'USD', amount: '100', notes: [{ denomination: '100', count: 1 }], note: '', actor: 'teller1' }));
    expect(sent.state).toBe('inTransit');
    const prep = ok(await B.terminal.call('dayClose.prepare', { date: '2026-03-10' }));
    ok(await B.terminal.call('dayClose.close', {
      date: '2026-03-10', counts: await expectedCounts(B, '2026-03-10'), resolutions: prep.reconciliation.items.map((i) => ({ key: i.key, resolution: 'checked' })), actor: 'teller1',
    }));
    for (const h of [A, B]) await h.raw.hub!.runOnce();
    const l = await live();
    expect([counter(l, 'A').inTransit, counter(l, 'B').inTransit]).toEqual([1, 1]);
    expect([counter(l, 'A').closed, counter(l, 'B').closed]).toEqual([false, true]);
  }, 60_000);

  it('a counter whose chain does not verify is flagged, with what to do, until a push of it is stored; the anchors say every head as received (issue 18 item 6)', async () => {
    const { A } = counters;
    ok(await trade(A.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    const held = A.raw.hub!.state().held!;
    const fresh = eventsSince(A.raw.ledger, BigInt(held), 100);
    // The same entries with one changed after it was hashed: refused, nothing stored, flagged.
    const altered = fresh.map((e, i) => (i === 0 ? { ...e, detail: e.detail.replace(/\d/, (d) => String((Number(d) + 1) % 10)) } : e));
    await expect(ingest(hub.db, 'A', Buffer.from(JSON.stringify(altered)), now)).rejects.toMatchObject({ code: 'HUB_CHAIN_BROKEN' });
    const flagged = counter(await live(), 'A');
    expect(flagged.held).toBe(held);
    expect(flagged.chainProblem).toMatchObject({ code: 'HUB_CHAIN_BROKEN', seq: fresh[0]!.seq });
    expect(flagged.problems.map((p) => p.kind)).toContain('chainBroken');
    expect(flagged.problems.find((p) => p.kind === 'chainBroken')!.zh).toContain(`记录链校验失败（第 ${fresh[0]!.seq} 条`);
    const auditor = (await api('/v1/sign-in', { id: 'AUD1', password: 'auditor-pass-1' })).value.token as string;
    const anchors = (await api('/v1/anchors', {}, auditor)).value as AnchorsAnswer;
    const a = anchors.anchors.find((x) => x.terminalId === 'A')!;
    expect(a).toMatchObject({ outletCode: 'OUT-L', seq: held, chainProblem: { code: 'HUB_CHAIN_BROKEN' } });
    expect(a.hash).toBe(A.raw.ledger.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(BigInt(held)));
    // The counter's own push, as its ledger holds the entries: stored, the flag gone.
    await A.raw.hub!.runOnce();
    const right = counter(await live(), 'A');
    expect([right.chainProblem, right.problems.map((p) => p.kind)]).toEqual([null, []]);
    expect(right.headHash).toBe(A.raw.ledger.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get());
  }, 60_000);

  it('a rate pushed to several outlets at once, checked against each board: far from one refused naming it, nothing published; confirmed, on every board; each outlet\'s history (issue 18 item 3)', async () => {
    const { A } = counters;
    const auditor = (await api('/v1/sign-in', { id: 'AUD1', password: 'auditor-pass-1' })).value.token as string;
    const history = async (outletCode: string, token = hq) => (await api('/v1/rates/list', { outletCode, currency: 'USD' }, token)).value as { version: string; outletCode: string | null; buyPer100: string; sellPer100: string; setBy: string }[];
    const before = (await history('OUT-L')).length;
    // OUT-L's board says 710/720 (set at counter A); 780/790 is 9.8 % away. OUT-M has no board yet.
    const far = await api('/v1/rates/push', { outletCodes: ['OUT-L', 'OUT-M'], currency: 'USD', buyPer100: '780', sellPer100: '790' }, hq);
    expect(far.error?.code).toBe('RATE_IMPLAUSIBLE');
    expect(far.error?.message.en).toContain('OUT-L 715.0000 → 785.0000 (9.8%)');
    expect(far.error?.message.en).not.toContain('OUT-M');
    expect(await history('OUT-L')).toHaveLength(before);
    expect((await api('/v1/rates/push', { outletCodes: ['OUT-L', 'OUT-X'], currency: 'USD', buyPer100: '712', sellPer100: '722' }, hq)).error?.code).toBe('HUB_OUTLET_UNKNOWN');
    expect((await api('/v1/rates/push', { outletCodes: ['OUT-L'], currency: 'USD', buyPer100: '722', sellPer100: '712' }, hq)).error?.code).toBe('RATE_INVALID');
    const notAllowed = (await api('/v1/rates/push', { outletCodes: ['OUT-L'], currency: 'USD', buyPer100: '712', sellPer100: '722' }, auditor)).error;
    expect(notAllowed?.code).toBe('ROLE_NOT_ALLOWED');
    // Said in words, not as the hub's role and route (issue 20 item 3); these stay in the details.
    expect(notAllowed?.message.zh).toBe('您的角色（总部审计）不能办理此项操作（下发牌价）。请由有权限的人员办理。');
    expect(notAllowed?.message.en).toContain('Your role (HQ auditor) may not do this (pushing rates to the outlets)');
    expect(notAllowed?.details).toMatchObject({ role: 'auditor', method: '/v1/rates/push' });
    expect(await history('OUT-L')).toHaveLength(before);
    // Close to the board: pushed to both, one change each; counter A shows it at its next pull.
    const pushed = await api('/v1/rates/push', { outletCodes: ['OUT-L', 'OUT-M'], currency: 'USD', buyPer100: '712', sellPer100: '722' }, hq);
    expect(pushed.value.outlets.map((o: { outletCode: string; previousMid: string | null }) => [o.outletCode, o.previousMid])).toEqual([['OUT-L', '715'], ['OUT-M', null]]);
    await A.raw.hub!.runOnce();
    expect(ok(await A.terminal.call('rates.board', {})).find((r) => r.currency === 'USD')).toMatchObject({ buyPer100: '712', sellPer100: '722', setBy: 'HQ1' });
    // The market moved: confirmed, pushed all the same.
    expect((await api('/v1/rates/push', { outletCodes: ['OUT-L'], currency: 'USD', buyPer100: '780', sellPer100: '790', confirm: true }, hq)).ok).toBe(true);
    // Each outlet's history, newest first (an auditor reads it): its own pushes; not another outlet's.
    const l = await history('OUT-L', auditor);
    expect(l.slice(0, 2).map((r) => [r.outletCode, r.buyPer100, r.sellPer100, r.setBy])).toEqual([['OUT-L', '780', '790', 'HQ1'], ['OUT-L', '712', '722', 'HQ1']]);
    expect((await history('OUT-M')).map((r) => [r.outletCode, r.buyPer100])).toEqual([['OUT-M', '712']]);
    // The reference data HQ loaded, listed: a calendar year.
    expect((await api('/v1/calendar', { year: 2027, holidays: ['2027-01-01'], workdays: [], source: '国务院办公厅通知' }, hq)).ok).toBe(true);
    const calendars = (await api('/v1/reference/list', { kind: 'calendar' }, auditor)).value as { what: string; by: string; source: string }[];
    expect(calendars.map((c) => [c.what, c.by, c.source])).toEqual([['2027: 1 / 0', 'HQ1', '国务院办公厅通知']]);
  }, 60_000);

  it('the inspection search across outlets: by period, counter, receipt and customer (HQ\'s manager and the auditor, not a reporter), exported as CSV, every search and export recorded with the ID masked (第四十九条)', async () => {
    const { A } = counters;
    const made = ok(await trade(A.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '120' }));
    const bob = ok(await trade(A.terminal, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '50' }));
    await A.raw.hub!.runOnce();
    const auditor = (await api('/v1/sign-in', { id: 'AUD1', password: 'auditor-pass-1' })).value.token as string;
    expect((await api('/v1/people', { id: 'REP1', name: '报表员', role: 'hqReporter', password: 'reporter-pass-1' }, hq)).ok).toBe(true);
    const reporter = (await api('/v1/sign-in', { id: 'REP1', password: 'reporter-pass-1' })).value.token as string;
    const day = '2026-03-10';
    const search = async (q: Record<string, unknown>, token = auditor) => api('/v1/inspection/search', { from: day, to: day, ...q }, token);
    const all = (await search({})).value.rows as { terminalId: string; receipt: string; usd: string; customerName: string | null }[];
    expect(all.map((r) => r.receipt)).toContain(made.receiptText);
    expect(all.map((r) => r.receipt)).toContain(bob.receiptText);
    expect(all.every((r) => r.terminalId === 'A')).toBe(true);
    expect(((await search({ outletCode: 'OUT-M' })).value.rows as unknown[])).toEqual([]);
    expect(((await search({ receiptNo: made.receiptNo })).value.rows as { receipt: string; usd: string }[]).map((r) => [r.receipt, r.usd])).toEqual([[made.receiptText, made.usdEquivalent]]);
    expect(((await search({ minUsd: '100', maxUsd: '120' })).value.rows as { usd: string }[]).every((r) => Number(r.usd) >= 100 && Number(r.usd) <= 120)).toBe(true);
    // By the customer's document: theirs only, never Bob's.
    const alice = { idType: '01', idNumber: ALICE.idNumber, country: 'CHN' };
    const hers = (await search(alice)).value.rows as { receipt: string; customerName: string }[];
    expect(hers.map((r) => r.receipt)).toContain(made.receiptText);
    expect(hers.map((r) => r.receipt)).not.toContain(bob.receiptText);
    expect(hers.every((r) => r.customerName === ALICE.name)).toBe(true);
    expect((await search(alice, hq)).ok).toBe(true);
    expect((await search(alice, reporter)).error?.code).toBe('ROLE_NOT_ALLOWED');
    expect((await search(alice, reporter)).error?.message.en).toMatch(/^Your role \(HQ reporter\) may not do this \(a search by customer\)/);
    expect((await search({}, reporter)).ok, 'a reporter searches, not by customer').toBe(true);
    // A mistyped period: refused, nothing recorded.
    const recorded = async () => hub.db.selectFrom('hub_inspections').select(['person_id', 'role', 'query', 'customer_key', 'results', 'export']).orderBy('id').execute();
    const before = (await recorded()).length;
    expect((await search({ from: '2026-03-11' })).error?.code).toBe('INVALID_INPUT');
    expect((await search({ from: '2025-03-01' })).error?.message.en).toContain('more than 366 days');
    expect((await search({ idNumber: ALICE.idNumber })).error?.code).toBe('INVALID_INPUT');
    expect(await recorded()).toHaveLength(before);
    // The export: CSV with a BOM, a line a trade, recorded as an export.
    const exported = (await api('/v1/inspection/export', { from: day, to: day, ...alice }, auditor)).value as { filename: string; csv: string; rows: number };
    expect(exported.csv.startsWith('\uFEFFbusinessDate,outletCode,terminalId,receipt,')).toBe(true);
    expect(exported.csv.trim().split('\r\n')).toHaveLength(exported.rows + 1);
    expect(exported.csv).toContain(made.receiptText);
    const log = await recorded();
    expect(log).toHaveLength(before + 1);
    const last = log.at(-1)!;
    expect([last.person_id, last.role, last.export, last.results]).toEqual(['AUD1', 'auditor', 'csv', exported.rows]);
    const asked = (typeof last.query === 'string' ? JSON.parse(last.query) : last.query) as { idNumber: string };
    expect(asked.idNumber).not.toBe(ALICE.idNumber);
    expect(asked.idNumber.endsWith(ALICE.idNumber.slice(-4))).toBe(true);
    expect(last.customer_key).toMatch(/^[0-9a-f]{64}$/);
    const searches = log.filter((r) => r.export === null);
    expect(searches.map((r) => r.person_id)).toEqual(expect.arrayContaining(['AUD1', 'HQ1', 'REP1']));
    // Kept for good.
    await expect(sql`UPDATE hub_inspections SET results = 0`.execute(hub.db)).rejects.toThrow(/append-only/);
  }, 60_000);

  it('an auditor reads it too; no session, refused', async () => {
    const auditor = (await api('/v1/sign-in', { id: 'AUD1', password: 'auditor-pass-1' })).value.token as string;
    expect((await live(auditor)).outlets).toHaveLength(2);
    const refused = await api('/v1/live', {});
    expect([refused.ok, refused.error?.code]).toEqual([false, 'NOT_SIGNED_IN']);
  }, 60_000);
  it('events a counter made that the hub has not received yet, as the counter said at its last pull; none once it caught up', async () => {
    const made = await api('/v1/terminals/enrol-code', { terminalId: 'C', outletCode: 'OUT-L', name: 'C号柜台' }, hq);
    // A counter that sends one event a request: twenty a round.
    const c = openHarness({ start: START, outlet: { terminalId: 'C', outletCode: 'OUT-L' }, hub: { url: server.url, enrolmentCode: made.value.code, autoStart: false, batch: 1 } });
    open.push(c);
    c.clock.set(now().toISOString());
    await stockOutlet(c.terminal);
    expect(counter(await live(), 'C').notReceived, 'not said before its first pull').toBeNull();
    await c.raw.hub!.runOnce();
    const head = Number(c.raw.ledger.prepare('SELECT max(id) FROM audit_log').pluck().get());
    const first = counter(await live(), 'C');
    expect(first.held).toBe('20');
    // Its head when it pulled (what the pull then brought it — people, rates, books — it wrote after).
    expect(first.notReceived).toBeGreaterThan(0);
    expect(first.notReceived).toBeLessThanOrEqual(head - 20);
    for (let i = 0; i < 5 && counter(await live(), 'C').notReceived !== 0; i++) await c.raw.hub!.runOnce();
    expect(counter(await live(), 'C').notReceived).toBe(0);
  }, 60_000);

  it('each counter\'s back-fills not yet at SAFE, those past 24 hours said with what to do (第三十二条(二)), and its till and safe by currency as its own books say', async () => {
    const { A } = counters;
    ok(await trade(A.terminal, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'EUR', amount: '50' }));
    await A.raw.hub!.runOnce();
    const pending = Number((A.raw.ledger.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'backfill' AND state <> 'delivered'").get() as { n: bigint }).n);
    expect(pending, 'the test counter\'s monitoring never answers the quota: its trades are back-filled').toBeGreaterThan(0);
    let a = counter(await live(), 'A');
    expect(a.backfill).toEqual({ waiting: pending, late: 0 });
    // Its till and safe as its own trial balance has them, per currency.
    const tb = ok(await A.terminal.call('reports.trialBalance', { date: '2026-03-10' }));
    const own = (account: string) => tb.rows.find((r) => r.account === account)?.balance ?? '0';
    for (const p of a.positions) expect([p.currency, p.till, p.safe]).toEqual([p.currency, own(`cash:${p.currency}`), own(`safe:${p.currency}`)]);
    expect(a.positions.map((p) => p.currency)).toEqual(['CNY', 'EUR', 'HKD', 'JPY', 'USD']);
    // A day later they are late: said, with what to do.
    clockOf.clock.advance(25 * 3_600_000);
    // (HQ's session ended meanwhile: signed in again.)
    hq = (await api('/v1/sign-in', { id: 'HQ1', password: 'hq-manager-pass' })).value.token as string;
    a = counter(await live(), 'A');
    expect(a.backfill).toEqual({ waiting: pending, late: pending });
    const late = a.problems.find((p) => p.kind === 'backfillLate')!;
    expect(late.zh).toContain(`${pending} 笔事后补录已超过 24 小时`);
    expect(late.en).toContain('check the counter\'s link to the monitoring system');
    // Delivered at the counter, pushed: none waiting.
    A.clock.advance(25 * 3_600_000);
    ok(await A.terminal.call('queue.syncNow', {}));
    await A.raw.hub!.runOnce();
    expect(counter(await live(), 'A').backfill).toEqual({ waiting: 0, late: 0 });
  }, 60_000);
});
