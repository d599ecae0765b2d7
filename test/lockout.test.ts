// Lock-out and sessions (issue 13 item 5), through the raw Terminal: a lock takes effect at once
// (sessions end, unused approvals are void), wrong passwords in the approval dialog throttle the
// person asking instead of locking the supervisor, and sign-in does not tell which IDs exist.
import { afterEach, describe, expect, it } from 'vitest';
import { APPROVAL_THROTTLE_MS, MAX_FAILED_APPROVALS, MAX_FAILED_SIGN_INS, approvalSubject } from '../shared/api';
import { ALICE, ok, openHarness, passwordOf, refused, refusedWithoutWrites, stockOutlet, trade, type Harness } from './helpers/terminal';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

async function stocked(): Promise<Harness> {
  h = openHarness();
  await stockOutlet(h.terminal);
  return h;
}


const signIn = async (h: Harness, userId: string, password = passwordOf(userId)) => h.raw.call('auth.signIn', { userId, password });
/** Locks a person by wrong sign-ins (what each answers is the last describe's business). */
async function lockBySignIn(h: Harness, id: string): Promise<void> {
  for (let i = 1; i <= MAX_FAILED_SIGN_INS; i++) expect((await signIn(h, id, `wrong-${i}-password`)).ok).toBe(false);
  expect(h.raw.ledger.prepare('select locked_at is not null from people where id = ?').pluck().get(id)).toBe(1n);
}
const approveVoid = (h: Harness, session: string, receiptNo: number, supervisor: string, password = passwordOf(supervisor)) =>
  h.raw.call('auth.approve', { userId: supervisor, password, action: 'trades.void', subject: approvalSubject('trades.void', { receiptNo }) }, session);
const receipt = async (h: Harness, amount = '100') => ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount })).receiptNo;
const standing = (h: Harness, receiptNo: number) => h.raw.ledger.prepare('select count(*) from voids where receipt_no = ?').pluck().get(receiptNo) === 0n;

describe('a lock takes effect at once', () => {
  it('five wrong passwords end the person\'s open sessions: a locked teller cannot commit through an earlier session', async () => {
    const h = await stocked();
    const earlier = ok(await signIn(h, 'teller1')).session;
    const request = { customer: ALICE, direction: 'settlement' as const, currency: 'USD', amount: '100', side: 'foreign' as const };
    const q = ok(await h.raw.call('trades.quote', request, earlier));
    await lockBySignIn(h, 'teller1');
    await refusedWithoutWrites(h, () => h.raw.call('trades.commit', { ...request, quoteToken: q.quoteToken, acknowledgedPrompts: q.prompts.map((p) => p.code) }, earlier), 'NOT_SIGNED_IN');
    await refusedWithoutWrites(h, () => h.raw.call('trades.list', {}, earlier), 'NOT_SIGNED_IN');
    // Unlocked by a manager, the person signs in again; the session from before the lock stays ended.
    ok(await h.raw.call('people.unlock', { id: 'teller1' }, h.session('mgr1')));
    refused(await h.raw.call('trades.list', {}, earlier), 'NOT_SIGNED_IN');
    ok(await h.raw.call('trades.list', {}, ok(await signIn(h, 'teller1')).session));
  });

  it('a lock voids the unused approvals the person gave: a locked supervisor\'s approval voids nothing, even after an unlock', async () => {
    const h = await stocked();
    const receiptNo = await receipt(h);
    const teller = h.session('teller1');
    const a = ok(await approveVoid(h, teller, receiptNo, 'sup1')).approval;
    await lockBySignIn(h, 'sup1');
    const input = { receiptNo, reason: '客户取消 customer cancelled', approval: a };
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', input, teller), 'APPROVAL_INVALID');
    ok(await h.raw.call('people.unlock', { id: 'sup1' }, h.session('mgr1')));
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', input, teller), 'APPROVAL_INVALID');
    expect(standing(h, receiptNo)).toBe(true);
    // A new approval, given after the unlock, is good.
    const b = ok(await approveVoid(h, teller, receiptNo, 'sup1')).approval;
    expect(ok(await h.raw.call('trades.void', { ...input, approval: b }, teller)).void?.supervisorId).toBe('sup1');
  });

  it('a lock voids the unused approvals the person asked for: after an unlock and a new sign-in, the old one is refused', async () => {
    const h = await stocked();
    const receiptNo = await receipt(h);
    const before = ok(await signIn(h, 'teller2')).session;
    const a = ok(await approveVoid(h, before, receiptNo, 'sup2')).approval;
    await lockBySignIn(h, 'teller2');
    ok(await h.raw.call('people.unlock', { id: 'teller2' }, h.session('mgr1')));
    const after = ok(await signIn(h, 'teller2')).session;
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', { receiptNo, reason: 'r', approval: a }, after), 'APPROVAL_INVALID');
    expect(standing(h, receiptNo)).toBe(true);
  });

  it('a lock by wrong old passwords (people.setPassword) ends the sessions and voids the approvals given too', async () => {
    const h = await stocked();
    const receiptNo = await receipt(h);
    const teller = h.session('teller1');
    const a = ok(await approveVoid(h, teller, receiptNo, 'sup1')).approval;
    const sup = ok(await signIn(h, 'sup1')).session;
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) refused(await h.raw.call('people.setPassword', { password: 'a-new-password', oldPassword: `not-it-${i}` }, sup), 'SIGN_IN_FAILED');
    refused(await h.raw.call('people.setPassword', { password: 'a-new-password', oldPassword: 'not-it-5' }, sup), 'ACCOUNT_LOCKED');
    refused(await h.raw.call('auth.whoami', {}, sup), 'NOT_SIGNED_IN');
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', { receiptNo, reason: 'r', approval: a }, teller), 'APPROVAL_INVALID');
  });

  it('a manager disabling a supervisor ends their sessions and voids the approvals they gave', async () => {
    const h = await stocked();
    const receiptNo = await receipt(h);
    const teller = h.session('teller1');
    const a = ok(await approveVoid(h, teller, receiptNo, 'sup2')).approval;
    const sup = ok(await signIn(h, 'sup2')).session;
    ok(await h.raw.call('people.disable', { id: 'sup2' }, h.session('mgr1')));
    refused(await h.raw.call('auth.whoami', {}, sup), 'NOT_SIGNED_IN');
    await refusedWithoutWrites(h, () => h.raw.call('trades.void', { receiptNo, reason: 'r', approval: a }, teller), 'APPROVAL_INVALID');
    expect(standing(h, receiptNo)).toBe(true);
  });
});

describe('wrong passwords in the approval dialog throttle the person asking, and never lock the supervisor', () => {
  it(`${MAX_FAILED_APPROVALS} wrong in ${APPROVAL_THROTTLE_MS / 60_000} minutes: that requester is refused (APPROVAL_THROTTLED), the supervisor still signs in`, async () => {
    const h = await stocked();
    const receiptNo = await receipt(h);
    const teller = h.session('teller1');
    for (let i = 1; i < MAX_FAILED_APPROVALS; i++) refused(await approveVoid(h, teller, receiptNo, 'sup1', `guess-${i}`), 'SIGN_IN_FAILED');
    const f = refused(await approveVoid(h, teller, receiptNo, 'sup1', 'guess-5'), 'APPROVAL_THROTTLED');
    expect(f.message.en).toContain(`${APPROVAL_THROTTLE_MS / 60_000} minutes`);
    expect(f.message.zh).toContain('主管本人的登录不受影响');
    // The supervisor: no wrong password counted, not locked, signs in.
    expect(h.raw.ledger.prepare('select failed_attempts, locked_at from people where id = ?').get('sup1')).toEqual({ failed_attempts: 0n, locked_at: null });
    ok(await signIn(h, 'sup1'));
    // The requester: refused before any password is checked, even the right one, writing nothing;
    // from another session of the same person too.
    await refusedWithoutWrites(h, () => approveVoid(h, teller, receiptNo, 'sup1'), 'APPROVAL_THROTTLED');
    const again = ok(await signIn(h, 'teller1')).session;
    await refusedWithoutWrites(h, () => approveVoid(h, again, receiptNo, 'sup2'), 'APPROVAL_THROTTLED');
    // Another requester is not held up.
    ok(await approveVoid(h, h.session('teller2'), receiptNo, 'sup1'));
    // The cool-down runs on the injected clock, from the oldest of the wrong ones.
    h.clock.advance(APPROVAL_THROTTLE_MS - 1);
    refused(await approveVoid(h, teller, receiptNo, 'sup1'), 'APPROVAL_THROTTLED');
    h.clock.advance(1);
    const a = ok(await approveVoid(h, teller, receiptNo, 'sup1')).approval;
    expect(ok(await h.raw.call('trades.void', { receiptNo, reason: 'r', approval: a }, teller)).void?.supervisorId).toBe('sup1');
    // The audit log: each wrong approval against the requester, and the throttle.
    const entries = h.raw.ledger.prepare("select action, actor, entity_id from audit_log where action like 'auth.approve.%' order by id").all();
    expect(entries).toEqual([
      ...Array.from({ length: MAX_FAILED_APPROVALS }, () => ({ action: 'auth.approve.failed', actor: 'teller1', entity_id: 'sup1' })),
      { action: 'auth.approve.throttled', actor: 'system', entity_id: 'teller1' },
    ]);
  });

  it('unknown approver IDs count the same: a teller cannot probe for IDs or passwords beyond the throttle', async () => {
    const h = await stocked();
    const receiptNo = await receipt(h);
    const teller = h.session('teller2');
    const unknown = refused(await approveVoid(h, teller, receiptNo, 'nobody1', 'guess-1'), 'SIGN_IN_FAILED');
    const wrong = refused(await approveVoid(h, teller, receiptNo, 'sup2', 'guess-2'), 'SIGN_IN_FAILED');
    expect(wrong).toEqual(unknown);
    for (let i = 3; i < MAX_FAILED_APPROVALS; i++) refused(await approveVoid(h, teller, receiptNo, `nobody${i}`, 'guess'), 'SIGN_IN_FAILED');
    refused(await approveVoid(h, teller, receiptNo, 'nobody5', 'guess'), 'APPROVAL_THROTTLED');
    expect(h.raw.ledger.prepare('select failed_attempts from people where id = ?').pluck().get('sup2')).toBe(0n);
  });
});

describe('sign-in does not tell which IDs exist', () => {
  it('a wrong password answers the same for an unknown, a locked and a disabled ID; the right one hears of the lock', async () => {
    const h = await stocked();
    const unknown = refused(await signIn(h, 'nobody', 'whatever-1'), 'SIGN_IN_FAILED');
    // The fifth wrong password, the one that locks, answers as the unknown ID does.
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) refused(await signIn(h, 'teller2', `wrong-${i}-password`), 'SIGN_IN_FAILED');
    expect(refused(await signIn(h, 'teller2', 'wrong-5-password'), 'SIGN_IN_FAILED')).toEqual(unknown);
    expect(refused(await signIn(h, 'teller2', 'wrong-6-password'), 'SIGN_IN_FAILED')).toEqual(unknown);
    ok(await h.raw.call('people.disable', { id: 'teller1' }, h.session('mgr1')));
    expect(refused(await signIn(h, 'teller1', 'wrong-password'), 'SIGN_IN_FAILED')).toEqual(unknown);
    // Only the right password is told why it may not go on.
    expect(refused(await signIn(h, 'teller2'), 'ACCOUNT_LOCKED').message.en).toContain('teller2');
    refused(await signIn(h, 'teller1'), 'ACCOUNT_DISABLED');
  });

  it('the approval dialog answers the same way: a locked supervisor\'s ID is told apart only with the right password', async () => {
    const h = await stocked();
    const receiptNo = await receipt(h);
    await lockBySignIn(h, 'sup2');
    const teller = h.session('teller1');
    const unknown = refused(await approveVoid(h, teller, receiptNo, 'nobody', 'guess-1'), 'SIGN_IN_FAILED');
    expect(refused(await approveVoid(h, teller, receiptNo, 'sup2', 'guess-2'), 'SIGN_IN_FAILED')).toEqual(unknown);
    refused(await approveVoid(h, teller, receiptNo, 'sup2'), 'ACCOUNT_LOCKED');
  });
});

describe('staff ids are not given away', () => {
  it('a teller setting someone else\'s password is refused alike whether the id exists or not', async () => {
    const h = await stocked();
    const teller = h.session('teller1');
    const known = refused(await h.raw.call('people.setPassword', { id: 'sup1', password: 'another-long-one' }, teller), 'ROLE_NOT_ALLOWED');
    const unknown = refused(await h.raw.call('people.setPassword', { id: 'nobody9', password: 'another-long-one' }, teller), 'ROLE_NOT_ALLOWED');
    expect(unknown).toEqual(known);
  });
});
