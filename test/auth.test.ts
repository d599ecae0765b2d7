// People, roles, sessions and a supervisor's approval in place (issue #7), through the raw
// Terminal (h.raw): every call carries the session auth.signIn gave, or none.
import { join } from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS, APPROVALS, IDLE_SIGN_OUT_MS, MAX_FAILED_SIGN_INS, approvalSubject } from '../shared/api';
import { methods, type MethodName } from '../shared/api';
import { createTerminal, type Terminal } from '../electron/terminal/terminal';
import { createHttpHandler } from '../electron/transport/http';
import { TEST_KEY } from './helpers/key';
import { ALICE, OUTLET, ok, openHarness, passwordOf, PEOPLE, RecordingMonitoring, refused, refusedWithoutWrites, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';

let h: Harness | undefined;
const closers: (() => unknown)[] = [];
afterEach(async () => {
  h?.close();
  h = undefined;
  for (const c of closers.splice(0).reverse()) await c();
});

async function stocked(opts: Parameters<typeof openHarness>[0] = {}): Promise<Harness> {
  h = openHarness(opts);
  await stockOutlet(h.terminal);
  return h;
}


const signIn = async (t: Terminal, userId: string, password = passwordOf(userId)) => ok(await t.call('auth.signIn', { userId, password })).session;
const approve = async (t: Terminal, session: string, action: keyof typeof APPROVALS, input: unknown, supervisor = 'sup1') =>
  t.call('auth.approve', { userId: supervisor, password: passwordOf(supervisor), action, subject: approvalSubject(action, input) }, session);

/** A committed trade by teller1, through the harness. */
async function tradeNo(h: Harness, amount = '100'): Promise<number> {
  return ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount })).receiptNo;
}

describe('roles (in each method spec, shared/api), enforced by the Terminal', () => {
  it('every method of the contract has an entry, and the public ones are exactly these', () => {
    expect(Object.keys(ACCESS).sort()).toEqual(Object.keys(methods).sort());
    const open = Object.entries(ACCESS).filter(([, a]) => a === 'public').map(([m]) => m).sort();
    expect(open).toEqual(['auth.signIn', 'auth.signOut', 'people.bootstrap', 'rates.board', 'session.info']);
  });

  it('no session: NOT_SIGNED_IN for every method that is not public, whatever the input, and nothing written', async () => {
    const h = await stocked();
    for (const method of Object.keys(ACCESS) as MethodName[]) {
      if (ACCESS[method] === 'public') continue;
      await refusedWithoutWrites(h, () => h.raw.callUnknown(method, {}), 'NOT_SIGNED_IN');
      await refusedWithoutWrites(h, () => h.raw.callUnknown(method, {}, 'not-a-session'), 'NOT_SIGNED_IN');
    }
    // The customer rate board and the sign-in screen need none.
    expect(ok(await h.raw.call('rates.board', {})).length).toBe(4);
    expect(ok(await h.raw.call('session.info', {})).firstRun).toBe(false);
  });

  it('a teller calling a supervisor-only method is refused (ROLE_NOT_ALLOWED) and nothing is written', async () => {
    const h = await stocked();
    const teller = h.session('teller1');
    const f = await refusedWithoutWrites(h, () => h.raw.call('rates.set', { currency: 'USD', buyPer100: '700', sellPer100: '720' }, teller), 'ROLE_NOT_ALLOWED');
    // In words (issue 20 item 3): the role and the operation, the internal names in details only.
    expect(f.message.en).toContain('setting a rate');
    expect(f.message.zh).toContain('柜员');
    expect((f as { details?: Record<string, string> }).details).toMatchObject({ method: 'rates.set', role: 'teller' });
    await refusedWithoutWrites(h, () => h.raw.call('people.create', { id: 'x1', name: 'x', role: 'manager', password: 'long-enough' }, teller), 'ROLE_NOT_ALLOWED');
    await refusedWithoutWrites(h, () => h.raw.call('cash.fund', { currency: 'USD', amount: '1', note: 'n' }, teller), 'ROLE_NOT_ALLOWED');
    // A supervisor may set the rate.
    expect(ok(await h.raw.call('rates.set', { currency: 'USD', buyPer100: '700', sellPer100: '720' }, h.session('sup1'))).setBy).toBe('sup1');
  });

  it('the reporters (统计报表 A角/B角, 第五十一条(一)) read reference data and reports, and nothing about customers', async () => {
    const h = await stocked();
    for (const id of ['statA', 'statB']) {
      const s = h.session(id);
      ok(await h.raw.call('outlet.get', {}, s));
      ok(await h.raw.call('monitoring.backfillList', { date: '2026-03-10' }, s));
      await refusedWithoutWrites(h, () => h.raw.call('trades.list', {}, s), 'ROLE_NOT_ALLOWED');
      await refusedWithoutWrites(h, () => h.raw.call('customers.lookup', { idType: '01', idNumber: ALICE.idNumber }, s), 'ROLE_NOT_ALLOWED');
      await refusedWithoutWrites(h, () => h.raw.call('trades.quote', { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '1', side: 'foreign' }, s), 'ROLE_NOT_ALLOWED');
    }
    // Every report method is open to them, and no method that writes a trade.
    for (const [method, roles] of Object.entries(ACCESS)) {
      if (method.startsWith('reports.')) expect(roles, method).toContain('reporterA');
      if (method.startsWith('trades.') || method.startsWith('customers.')) expect(roles, method).not.toContain('reporterB');
    }
  });

  it('the actor is the session\'s person: filled in when absent, refused when it names someone else (ACTOR_MISMATCH)', async () => {
    const h = await stocked();
    const teller = h.session('teller1');
    const request = { customer: ALICE, direction: 'settlement' as const, currency: 'USD', amount: '100', side: 'foreign' as const };
    await refusedWithoutWrites(h, () => h.raw.call('trades.quote', { ...request, tellerId: 'teller2' }, teller), 'ACTOR_MISMATCH');
    const q = ok(await h.raw.call('trades.quote', request, teller));
    await refusedWithoutWrites(h, () => h.raw.call('trades.commit', { ...request, tellerId: 'teller2', quoteToken: q.quoteToken }, teller), 'ACTOR_MISMATCH');
    const t = ok(await h.raw.call('trades.commit', { ...request, quoteToken: q.quoteToken }, teller));
    expect(t.tellerId).toBe('teller1');
    expect(h.raw.ledger.prepare('select teller_id from trades where id = ?').pluck().get(t.id)).toBe('teller1');
    await refusedWithoutWrites(h, () => h.raw.call('rates.set', { currency: 'EUR', buyPer100: '770', sellPer100: '790', setBy: 'sup2' }, h.session('sup1')), 'ACTOR_MISMATCH');
  });

  it('one actor field, `actor`, and its earlier names (tellerId, setBy, importedBy, loadedBy) mean the same on the wire (issue 15)', async () => {
    const h = await stocked();
    const teller = h.session('teller1');
    const sup = h.session('sup1');
    const request = { customer: ALICE, direction: 'settlement' as const, currency: 'USD', amount: '100', side: 'foreign' as const };
    // The same person under either name is accepted; someone else under either name is refused.
    ok(await h.raw.call('trades.quote', { ...request, actor: 'teller1' }, teller));
    ok(await h.raw.call('trades.quote', { ...request, tellerId: 'TELLER1' }, teller));
    await refusedWithoutWrites(h, () => h.raw.call('trades.quote', { ...request, actor: 'teller2' }, teller), 'ACTOR_MISMATCH');
    const set = ok(await h.raw.call('rates.set', { currency: 'EUR', buyPer100: '771', sellPer100: '791', actor: 'sup1' }, sup));
    expect(set.setBy).toBe('sup1');
    // Two names at once are not an actor: the schema refuses the one it does not know.
    const both = await h.raw.call('rates.set', { currency: 'EUR', buyPer100: '771', sellPer100: '791', actor: 'sup1', setBy: 'sup1' }, sup);
    expect(!both.ok && [both.error.code, both.error.message.en]).toEqual(['INVALID_INPUT', expect.stringContaining('setBy')]);
    // A method whose spec names no actor knows neither name.
    const none = await h.raw.call('rates.board', { actor: 'sup1' } as never, sup);
    expect(!none.ok && none.error.code).toBe('INVALID_INPUT');
  });
});

describe('a supervisor\'s approval in place', () => {
  it('a void: approved by the supervisor\'s ID and password, used once, and the void records the approver', async () => {
    const h = await stocked();
    const receiptNo = await tradeNo(h);
    const teller = h.session('teller1');
    const input = { receiptNo, reason: '客户取消 customer cancelled' };
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', input, teller), 'SUPERVISOR_REQUIRED');
    // A supervisorId alone proves nothing.
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', { ...input, supervisorId: 'sup1' }, teller), 'SUPERVISOR_REQUIRED');
    const a = ok(await approve(h.raw, teller, 'trades.void', input));
    expect(a.approver).toEqual({ id: 'sup1', name: PEOPLE.find((p) => p.id === 'sup1')!.name, role: 'supervisor' });
    expect(a.subject).toBe(`receipt:${receiptNo}`);
    const voided = ok(await h.raw.call('trades.void', { ...input, approval: a.approval }, teller));
    expect(voided.void).toMatchObject({ supervisorId: 'sup1', tellerId: 'teller1' });
    expect(h.raw.ledger.prepare('select supervisor_id from voids where receipt_no = ?').pluck().get(receiptNo)).toBe('sup1');
    expect(h.raw.ledger.prepare('select action, subject, requester_id, approver_id from approval_uses').all()).toEqual([
      { action: 'trades.void', subject: `receipt:${receiptNo}`, requester_id: 'teller1', approver_id: 'sup1' },
    ]);
  });

  it('an approval for the void of receipt 1 does not void receipt 2 (APPROVAL_MISMATCH), nor approve another action', async () => {
    const h = await stocked();
    const first = await tradeNo(h);
    const second = await tradeNo(h, '200');
    const teller = h.session('teller1');
    const a = ok(await approve(h.raw, teller, 'trades.void', { receiptNo: first })).approval;
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', { receiptNo: second, reason: 'r', approval: a }, teller), 'APPROVAL_MISMATCH');
    await refusedWithoutWrites(h, () => h.raw.call('trades.reprint', { receiptNo: first, approval: a }, teller), 'APPROVAL_MISMATCH');
    // Nor for another teller's request, nor naming another supervisor than the one who approved.
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', { receiptNo: first, reason: 'r', approval: a }, h.session('teller2')), 'APPROVAL_MISMATCH');
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', { receiptNo: first, reason: 'r', approval: a, supervisorId: 'sup2' }, teller), 'APPROVAL_MISMATCH');
    // It still voids receipt 1.
    expect(ok(await h.raw.call('trades.void', { receiptNo: first, reason: 'r', approval: a }, teller)).status).toBe('void');
  });

  it('an approval replayed for a second action is refused (APPROVAL_USED), writing nothing', async () => {
    const h = await stocked();
    const receiptNo = await tradeNo(h);
    const teller = h.session('teller1');
    ok(await h.raw.call('trades.reprint', { receiptNo }, teller)); // the first copy needs nobody
    await refusedWithoutWrites(h, () => h.raw.call('trades.reprint', { receiptNo }, teller), 'SUPERVISOR_REQUIRED');
    const a = ok(await approve(h.raw, teller, 'trades.reprint', { receiptNo })).approval;
    expect(ok(await h.raw.call('trades.reprint', { receiptNo, approval: a }, teller)).copyNo).toBe(2);
    await refusedWithoutWrites(h, () => h.raw.call('trades.reprint', { receiptNo, approval: a }, teller), 'APPROVAL_USED');
    const audit = h.raw.ledger.prepare("select detail from audit_log where action = 'receipt.reprint' order by id desc limit 1").pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ supervisorId: 'sup1' });
  });

  it('an approval is used only with its action: a void refused (another business day) leaves none used', async () => {
    const h = await stocked();
    const receiptNo = await tradeNo(h);
    const teller = h.session('teller1');
    const input = { receiptNo, reason: 'r' };
    const a = ok(await approve(h.raw, teller, 'trades.void', input)).approval;
    h.clock.advance(86_400_000); // another business day: VOID_NOT_SAME_DAY
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', { ...input, approval: a }, teller), 'APPROVAL_EXPIRED');
    const b = ok(await approve(h.raw, teller, 'trades.void', input)).approval;
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', { ...input, approval: b }, teller), 'VOID_NOT_SAME_DAY');
    expect(h.raw.ledger.prepare('select count(*) from approval_uses').pluck().get()).toBe(0n);
  });

  it('an approval is good for 2 minutes (APPROVAL_EXPIRED), and only on this terminal (APPROVAL_INVALID)', async () => {
    const h = await stocked();
    const receiptNo = await tradeNo(h);
    const teller = h.session('teller1');
    const a = ok(await approve(h.raw, teller, 'trades.reprint', { receiptNo }));
    expect(Date.parse(a.expiresAt) - h.clock.now().getTime()).toBe(120_000);
    h.clock.advance(120_001);
    await refusedWithoutWrites(h, () => h.raw.call('trades.reprint', { receiptNo, approval: a.approval }, teller), 'APPROVAL_EXPIRED');
    await refusedWithoutWrites(h, () => h.raw.call('trades.reprint', { receiptNo, approval: 'made-up-token' }, teller), 'APPROVAL_INVALID');
  });

  it('a supervisor approving their own request is refused (APPROVER_IS_REQUESTER), and a teller cannot approve (APPROVER_NOT_SUPERVISOR)', async () => {
    const h = await stocked();
    const receiptNo = await tradeNo(h);
    const sup = h.session('sup1');
    const input = { receiptNo, reason: 'r' };
    await refusedWithoutWrites(h, () => approve(h.raw, sup, 'trades.void', input, 'sup1'), 'APPROVER_IS_REQUESTER');
    await refusedWithoutWrites(h, () => approve(h.raw, sup, 'trades.void', input, 'SUP1'), 'APPROVER_IS_REQUESTER');
    await refusedWithoutWrites(h, () => approve(h.raw, h.session('teller1'), 'trades.void', input, 'teller2'), 'APPROVER_NOT_SUPERVISOR');
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', input, sup), 'SUPERVISOR_REQUIRED');
    // Another supervisor approves the supervisor's void.
    const a = ok(await approve(h.raw, sup, 'trades.void', input, 'sup2')).approval;
    expect(ok(await h.raw.call('trades.void', { ...input, approval: a }, sup)).void?.supervisorId).toBe('sup2');
  });

  it('a supervisor-level prompt: the approval is bound to the quote, and the trade records the approver', async () => {
    const h = await stocked();
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '480' }));
    const teller = h.session('teller1');
    const request = { customer: ALICE, direction: 'settlement' as const, currency: 'USD', amount: '490', side: 'foreign' as const };
    const q = ok(await h.raw.call('trades.quote', request, teller));
    expect(q.prompts.some((p) => p.level === 'supervisor')).toBe(true);
    const commit = { ...request, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code) };
    await refusedWithoutWrites(h, () => h.raw.call('trades.commit', commit, teller), 'SUPERVISOR_REQUIRED');
    // An approval of another quote (the same request quoted again a second later) does not fit this one.
    h.clock.advance(1_000);
    const other = ok(await h.raw.call('trades.quote', request, teller));
    const wrong = ok(await approve(h.raw, teller, 'trades.commit', { quoteToken: other.quoteToken })).approval;
    await refusedWithoutWrites(h, () => h.raw.call('trades.commit', { ...commit, approval: wrong }, teller), 'APPROVAL_MISMATCH');
    const a = ok(await approve(h.raw, teller, 'trades.commit', commit)).approval;
    const t = ok(await h.raw.call('trades.commit', { ...commit, approval: a }, teller));
    expect(t.supervisorId).toBe('sup1');
    expect(h.raw.ledger.prepare('select approver_id from approval_uses where action = ?').pluck().get('trades.commit')).toBe('sup1');
  });

  it('an approval good when a real-time trade starts stays good however long the entry takes (SAFE holds the entry)', async () => {
    const clockRef: { h?: Harness } = {};
    class SlowMonitoring extends RecordingMonitoring {
      override async register(entry: Parameters<RecordingMonitoring['register']>[0]) {
        clockRef.h!.clock.advance(3 * 60_000);
        return super.register(entry);
      }
    }
    const h = await stocked({ monitoring: new SlowMonitoring() });
    clockRef.h = h;
    const teller = h.session('teller1');
    const request = { customer: ALICE, direction: 'settlement' as const, currency: 'USD', amount: '600', side: 'foreign' as const };
    const q = ok(await h.raw.call('trades.quote', request, teller));
    expect(q.reportingPath).toBe('realtime');
    const commit = { ...request, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code) };
    const a = ok(await approve(h.raw, teller, 'trades.commit', commit)).approval;
    const t = ok(await h.raw.call('trades.commit', { ...commit, approval: a }, teller));
    expect(t).toMatchObject({ channel: '42', supervisorId: 'sup1' });
  });

  it('page mode (第三十六条(二)): the supervisor approves the entry made on SAFE\'s page', async () => {
    const h = await stocked({ monitoring: null });
    const teller = h.session('teller1');
    const request = { customer: ALICE, direction: 'settlement' as const, currency: 'USD', amount: '600', side: 'foreign' as const };
    const q = ok(await h.raw.call('trades.quote', request, teller));
    const commit = { ...request, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code), pageModeRefNo: 'PAGE123456' };
    await refusedWithoutWrites(h, () => h.raw.call('trades.commit', commit, teller), 'SUPERVISOR_REQUIRED');
    const a = ok(await approve(h.raw, teller, 'trades.commit', commit)).approval;
    const t = ok(await h.raw.call('trades.commit', { ...commit, approval: a }, teller));
    expect(t).toMatchObject({ channel: '41', refNo: 'PAGE123456', supervisorId: 'sup1' });
  });

  it('a queue retry: a teller needs an approval; a supervisor signed in decides alone', async () => {
    const h = await stocked();
    const receiptNo = await tradeNo(h);
    const id = Number(h.raw.ledger.prepare('select outbox.id from outbox join trades on trades.id = outbox.trade_id where receipt_no = ?').pluck().get(receiptNo));
    const stuck = () => h.raw.ledger.prepare("update outbox set state = 'needs_attention' where id = ?").run(id);
    stuck();
    const teller = h.session('teller1');
    await refusedWithoutWrites(h, () => h.raw.call('queue.retry', { id }, teller), 'SUPERVISOR_REQUIRED');
    const a = ok(await approve(h.raw, teller, 'queue.retry', { id })).approval;
    expect(ok(await h.raw.call('queue.retry', { id, approval: a }, teller)).state).toBe('pending');
    stuck();
    expect(ok(await h.raw.call('queue.retry', { id }, h.session('sup1'))).state).toBe('pending');
    const retries = h.raw.ledger.prepare("select actor from audit_log where action = 'monitoring.retry' order by id").pluck().all();
    expect(retries).toEqual(['sup1', 'sup1']);
  });

  it('consumeApproval refuses to run outside the action\'s transaction (a bug, not a refusal)', async () => {
    const { consumeApproval } = await import('../electron/terminal/auth/sessions');
    const h = await stocked();
    const deps = { db: h.raw.ledger, now: h.clock.now, auth: { approval: () => undefined } };
    expect(() => consumeApproval(deps, 'any-token', { action: 'trades.void', subject: 'receipt:1', requester: 'teller1' })).toThrow(/transaction/);
  });
});

describe('sign-in', () => {
  it('answers the session, the person and when it signs out; whoami; sign-out ends it', async () => {
    const h = openHarness({ idleSignOutMs: IDLE_SIGN_OUT_MS });
    const r = ok(await h.raw.call('auth.signIn', { userId: 'teller1', password: passwordOf('teller1') }));
    expect(r.person).toEqual({ id: 'teller1', name: '柜员一 Teller one', role: 'teller' });
    expect(Date.parse(r.expiresAt) - h.clock.now().getTime()).toBe(15 * 60_000);
    expect(ok(await h.raw.call('auth.whoami', {}, r.session)).person.id).toBe('teller1');
    // Staff IDs ignore case; the session is the person's own ID.
    expect(ok(await h.raw.call('auth.signIn', { userId: 'TELLER1', password: passwordOf('teller1') })).person.id).toBe('teller1');
    expect(ok(await h.raw.call('auth.signOut', {}, r.session)).signedOut).toBe(true);
    refused(await h.raw.call('auth.whoami', {}, r.session), 'NOT_SIGNED_IN');
    const audit = h.raw.ledger.prepare("select action, actor from audit_log where entity = 'person' and action like 'auth.%' order by id").all();
    expect(audit.slice(-3)).toEqual([{ action: 'auth.signIn', actor: 'teller1' }, { action: 'auth.signIn', actor: 'teller1' }, { action: 'auth.signOut', actor: 'teller1' }]);
    h.close();
  });

  it('a wrong password or an unknown ID: the same answer (SIGN_IN_FAILED), audited, no session', async () => {
    h = openHarness();
    const unknown = refused(await h.raw.call('auth.signIn', { userId: 'nobody', password: 'whatever-1' }), 'SIGN_IN_FAILED');
    const wrong = refused(await h.raw.call('auth.signIn', { userId: 'teller1', password: 'wrong-password' }), 'SIGN_IN_FAILED');
    expect(wrong.message).toEqual(unknown.message);
    const actions = h.raw.ledger.prepare("select action, entity_id from audit_log where action like 'auth.signIn.%' order by id").all();
    expect(actions).toEqual([{ action: 'auth.signIn.refused', entity_id: 'nobody' }, { action: 'auth.signIn.failed', entity_id: 'teller1' }]);
  });

  it('five wrong passwords in a row lock the person; the sixth, right, is told of the lock; a manager unlocks', async () => {
    h = openHarness();
    const t = h.raw;
    // The fifth answers as the four before it: only the right password hears of the lock (test/lockout.test.ts).
    for (let i = 1; i <= MAX_FAILED_SIGN_INS; i++) refused(await t.call('auth.signIn', { userId: 'teller2', password: `wrong-${i}-password` }), 'SIGN_IN_FAILED');
    const locked = refused(await t.call('auth.signIn', { userId: 'teller2', password: passwordOf('teller2') }), 'ACCOUNT_LOCKED');
    expect(locked.message.zh).toContain('经理');
    expect(h.raw.ledger.prepare('select locked_at is not null, failed_attempts from people where id = ?').raw().get('teller2')).toEqual([1n, 5n]);
    // A teller cannot unlock; a manager can.
    refused(await t.call('people.unlock', { id: 'teller2' }, h.session('teller1')), 'ROLE_NOT_ALLOWED');
    ok(await t.call('people.unlock', { id: 'teller2' }, h.session('mgr1')));
    ok(await t.call('auth.signIn', { userId: 'teller2', password: passwordOf('teller2') }));
    const audit = t.ledger.prepare("select action, actor from audit_log where entity_id = 'teller2' and action like 'person.%' order by id").all();
    expect(audit).toEqual([{ action: 'person.create', actor: 'test' }, { action: 'person.lock', actor: 'system' }, { action: 'person.unlock', actor: 'mgr1' }]);
  });

  it('a right password starts the count again; wrong supervisor passwords at approvals do not count (test/lockout.test.ts)', async () => {
    h = await stocked();
    const t = h.raw;
    for (let i = 0; i < 4; i++) refused(await t.call('auth.signIn', { userId: 'sup1', password: 'not-it-at-all' }), 'SIGN_IN_FAILED');
    ok(await t.call('auth.signIn', { userId: 'sup1', password: passwordOf('sup1') }));
    expect(t.ledger.prepare('select failed_attempts from people where id = ?').pluck().get('sup1')).toBe(0n);
    const receiptNo = await tradeNo(h);
    const teller = h.session('teller1');
    for (let i = 0; i < 4; i++) {
      refused(await t.call('auth.approve', { userId: 'sup1', password: 'guess', action: 'trades.void', subject: `receipt:${receiptNo}` }, teller), 'SIGN_IN_FAILED');
    }
    expect(t.ledger.prepare('select failed_attempts from people where id = ?').pluck().get('sup1')).toBe(0n);
    ok(await approve(t, teller, 'trades.void', { receiptNo }));
  });

  it('signs out after 15 minutes without a call; the status bar\'s polls do not keep it alive', async () => {
    h = openHarness({ idleSignOutMs: IDLE_SIGN_OUT_MS });
    const t = h.raw;
    const s = await signIn(t, 'teller1');
    h.clock.advance(14 * 60_000);
    ok(await t.call('trades.list', {}, s)); // a person's call: 15 more minutes from now
    for (let i = 0; i < 3; i++) {
      h.clock.advance(5 * 60_000);
      ok(await t.call('queue.status', {}, s)); // a poll: needs the session, does not extend it
    }
    h.clock.advance(60_001);
    const f = await refusedWithoutWrites(h, () => t.call('trades.list', {}, s), 'SESSION_EXPIRED');
    expect(f.message.en).toContain('15 minutes');
    refused(await t.call('queue.status', {}, s), 'SESSION_EXPIRED');
    // Signing in again gives a new session.
    ok(await t.call('trades.list', {}, await signIn(t, 'teller1')));
  });

  it('a disabled person is signed out at once and cannot sign in; people are never deleted', async () => {
    h = openHarness();
    const t = h.raw;
    const s = await signIn(t, 'teller2');
    refused(await t.call('people.disable', { id: 'mgr1' }, h.session('mgr1')), 'CANNOT_DISABLE_SELF');
    ok(await t.call('people.disable', { id: 'teller2' }, h.session('mgr1')));
    refused(await t.call('trades.list', {}, s), 'NOT_SIGNED_IN');
    refused(await t.call('auth.signIn', { userId: 'teller2', password: passwordOf('teller2') }), 'ACCOUNT_DISABLED');
    expect(() => t.ledger.exec("delete from people where id = 'teller2'")).toThrow(/never deleted/);
    expect(ok(await t.call('people.list', {}, h.session('mgr1'))).find((p) => p.id === 'teller2')?.disabledAt).toBeDefined();
  });
});

describe('people and passwords', () => {
  function bare(): { t: Terminal; path: string } {
    const dir = tempDir();
    const path = join(dir, 'ledger.sqlite');
    const t = createTerminal({ databasePath: path, databaseKey: TEST_KEY, outlet: OUTLET, clock: () => new Date('2026-03-10T02:00:00Z'), log: () => {} });
    closers.push(() => t.close());
    return { t, path };
  }

  it('first run: session.info says so, people.bootstrap makes the first manager without a session, once', async () => {
    const { t } = bare();
    expect(ok(await t.call('session.info', {})).firstRun).toBe(true);
    refused(await t.call('auth.signIn', { userId: 'boss', password: 'first-manager' }), 'SIGN_IN_FAILED');
    refused(await t.call('people.bootstrap', { id: 'boss', name: '王经理', password: 'short' }), 'PASSWORD_TOO_SHORT');
    expect(ok(await t.call('people.bootstrap', { id: 'boss', name: '王经理', password: 'first-manager' }))).toEqual({ id: 'boss', name: '王经理', role: 'manager' });
    expect(ok(await t.call('session.info', {})).firstRun).toBe(false);
    refused(await t.call('people.bootstrap', { id: 'boss2', name: '李经理', password: 'second-manager' }), 'PEOPLE_EXIST');
    const s = await signIn(t, 'boss', 'first-manager');
    ok(await t.call('people.create', { id: 'T01', name: '张柜员', role: 'teller', password: 'teller-pass' }, s));
    refused(await t.call('people.create', { id: 't01', name: '又一个', role: 'teller', password: 'teller-pass' }, s), 'PERSON_EXISTS');
    expect(ok(await t.call('people.list', {}, s)).map((p) => [p.id, p.role, p.createdBy])).toEqual([['boss', 'manager', 'boss'], ['T01', 'teller', 'boss']]);
  });

  it('passwords are not stored in clear: scrypt N=2^15, r=8, p=1, a salt of its own, nothing in the audit log', async () => {
    const { t } = bare();
    ok(await t.call('people.bootstrap', { id: 'boss', name: '王经理', password: 'first-manager' }));
    const s = await signIn(t, 'boss', 'first-manager');
    ok(await t.call('people.create', { id: 'T01', name: '张柜员', role: 'teller', password: 'same-password' }, s));
    ok(await t.call('people.create', { id: 'T02', name: '李柜员', role: 'teller', password: 'same-password' }, s));
    const rows = t.ledger.prepare('select * from people').all() as Record<string, unknown>[];
    for (const row of rows) {
      const text = JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
      for (const pw of ['first-manager', 'same-password']) expect(text).not.toContain(pw);
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    }
    // The same password, two people: two salts, two hashes.
    const [a, b] = rows.filter((r) => String(r.id).startsWith('T')).map((r) => String(r.password_hash));
    expect(a).not.toBe(b);
    const audit = (t.ledger.prepare('select detail from audit_log').pluck().all() as string[]).join('\n');
    expect(audit).not.toContain('same-password');
    expect(audit).not.toContain('first-manager');
  });

  it('a person changes their own password with the old one; a manager sets anyone\'s', async () => {
    h = openHarness();
    const t = h.raw;
    const teller = h.session('teller1');
    refused(await t.call('people.setPassword', { password: 'a-new-password' }, teller), 'OLD_PASSWORD_REQUIRED');
    refused(await t.call('people.setPassword', { password: 'a-new-password', oldPassword: 'not-the-old-one' }, teller), 'SIGN_IN_FAILED');
    refused(await t.call('people.setPassword', { id: 'teller2', password: 'a-new-password' }, teller), 'ROLE_NOT_ALLOWED');
    refused(await t.call('people.setPassword', { password: 'short', oldPassword: passwordOf('teller1') }, teller), 'PASSWORD_TOO_SHORT');
    ok(await t.call('people.setPassword', { password: 'a-new-password', oldPassword: passwordOf('teller1') }, teller));
    refused(await t.call('auth.signIn', { userId: 'teller1', password: passwordOf('teller1') }), 'SIGN_IN_FAILED');
    ok(await t.call('auth.signIn', { userId: 'teller1', password: 'a-new-password' }));
    ok(await t.call('people.setPassword', { id: 'teller1', password: 'reset-by-manager' }, h.session('mgr1')));
    ok(await t.call('auth.signIn', { userId: 'teller1', password: 'reset-by-manager' }));
    const audit = t.ledger.prepare("select actor, detail from audit_log where action = 'person.setPassword' order by id").all();
    expect(audit).toEqual([{ actor: 'teller1', detail: '{"own":true}' }, { actor: 'mgr1', detail: '{"own":false}' }]);
  });
});

describe('transports', () => {
  it('HTTP: the session travels in X-Session beside the bearer token', async () => {
    const h = await stocked();
    const server = http.createServer(createHttpHandler(h.raw, { token: 'tok', staticDir: tempDir() }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const post = async (method: string, body: unknown, session?: string) => {
      const res = await fetch(`${base}/${method}`, { method: 'POST', headers: { authorization: 'Bearer tok', ...(session ? { 'x-session': session } : {}) }, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as { ok: boolean; value?: any; error?: { code: string } } };
    };
    expect((await post('trades.list', {})).status).toBe(401);
    expect((await post('trades.list', {})).json.error?.code).toBe('NOT_SIGNED_IN');
    const s = (await post('auth.signIn', { userId: 'teller1', password: passwordOf('teller1') })).json.value.session as string;
    expect((await post('trades.list', {}, s)).status).toBe(200);
    expect((await post('rates.set', { currency: 'USD', buyPer100: '1', sellPer100: '2' }, s)).status).toBe(403);
    expect((await post('rates.board', {})).status).toBe(200);
  });
});

describe('the test harness (test/helpers/people.ts)', () => {
  it('acts as the input\'s actor and turns a supervisorId into an approval by that supervisor', async () => {
    const h = await stocked();
    const receiptNo = await tradeNo(h);
    const v = ok(await h.terminal.call('trades.void', { receiptNo, reason: 'r', tellerId: 'teller2', supervisorId: 'sup2' }));
    expect(v.void).toMatchObject({ tellerId: 'teller2', supervisorId: 'sup2' });
    expect(h.raw.ledger.prepare('select requester_id, approver_id from approval_uses').get()).toEqual({ requester_id: 'teller2', approver_id: 'sup2' });
  });

  it('answers a refused approval as it is, and does not make the call', async () => {
    const h = await stocked();
    const receiptNo = await tradeNo(h);
    refused(await h.terminal.call('trades.void', { receiptNo, reason: 'r', tellerId: 'teller1', supervisorId: 'teller2' }), 'APPROVER_NOT_SUPERVISOR');
    refused(await h.terminal.call('trades.void', { receiptNo, reason: 'r', tellerId: 'teller1', supervisorId: 'teller1' }), 'APPROVER_IS_REQUESTER');
    refused(await h.terminal.call('trades.void', { receiptNo, reason: 'r', tellerId: 'sup1', supervisorId: 'sup1' }), 'APPROVER_IS_REQUESTER');
    expect(ok(await h.terminal.call('trades.get', { receiptNo })).status).toBe('committed');
  });

  it('leaves an expired session expired until the test signs the person in again', async () => {
    const h = await stocked({ idleSignOutMs: IDLE_SIGN_OUT_MS });
    h.clock.advance(IDLE_SIGN_OUT_MS + 1);
    refused(await h.terminal.call('trades.list', {}), 'SESSION_EXPIRED');
    refused(await h.terminal.call('trades.list', {}), 'SESSION_EXPIRED');
    const before = h.session('teller1');
    const s = h.terminal.signInAgain('teller1');
    expect(s).not.toBe(before);
    expect(h.terminal.session('teller1')).toBe(s);
    ok(await h.terminal.call('trades.list', {}));
    // Only the person signed in again: the others' sessions stay expired.
    refused(await h.terminal.call('rates.set', { currency: 'USD', buyPer100: '711.00', sellPer100: '721.00', setBy: 'sup1' }), 'SESSION_EXPIRED');
    expect(() => h.terminal.signInAgain('nobody')).toThrow(/no test person/);
  });
});
