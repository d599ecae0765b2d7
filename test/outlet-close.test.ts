// The day, per counter and per outlet, and the reserves as the institution's (issue 17 item 5;
// 第三十二条(五), 第四十四条), on both engines, over real
// HTTP with counters that push and pull as they do, and one monitoring system for the outlet: each
// counter closes its till, its reconciliation leaving SAFE's records of the other counters alone;
// the outlet's close (a supervisor's, at any counter) needs every counter closed or excused with a
// reason, reconciles once what SAFE holds and no counter does, and locks the date at every counter,
// an excused one too; this month's transfer with the basic account is the institution's, claimed at
// the hub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordData } from '../electron/monitoring/protocol';
import { outputs } from '../shared/api';
import { startHubServer } from '../hub/server';
import { HUB_ENGINES, hubLink, hubPost, registerOutlet, startTestHub } from './helpers/hub';
import { ledgerViolations } from './helpers/invariants';
import { closeOnce, expectedCounts } from './helpers/validInputs';
import { ok, openHarness, refused, refusedWithoutWrites, RecordingMonitoring, stockOutlet, trade, type Harness } from './helpers/terminal';

const START = '2026-03-10T02:00:00Z';
const DAY = '2026-03-10';

/** One monitoring system for the outlet's counters: what each entered, as recorded, and a record no counter made. */
class OutletSafe extends RecordingMonitoring {
  orphans: RecordData[] = [];
  override async recordsOn(): Promise<RecordData[]> {
    const entered = await Promise.all(this.entries.map(async (e) => ({ ...(await this.findBySerial(e.serial))!, currency: e.currency, amount: e.amount, status: 'recorded' as const })));
    return [...entered, ...this.orphans] as RecordData[];
  }
}

let clockOf: Harness;
let hub: Awaited<ReturnType<typeof startTestHub>>;
let server: Awaited<ReturnType<typeof startHubServer>>;
const now = () => clockOf.clock.now();
const open: Harness[] = [];
const api = (path: string, body: unknown, token?: string) => hubPost(server.url, path, body, token);

describe.each(HUB_ENGINES.filter((e) => e.missing === undefined))('on $name', (engine) => {
  const safe = new OutletSafe();
  const counters: Record<'A' | 'B' | 'C', Harness> = {} as never;
  /** B reaches the hub through a link the tests can cut. */
  let linkB: Awaited<ReturnType<typeof hubLink>>;
  let hq = '';
  const sync = async (...ids: ('A' | 'B' | 'C')[]) => {
    for (const id of ids) await counters[id].raw.hub!.runOnce();
  };
  beforeAll(async () => {
    clockOf = openHarness({ start: START });
    hub = await startTestHub(engine, now);
    server = hub.server;
    await registerOutlet(hub.db, 'OUT-D', now);
    hq = (await api('/v1/sign-in', { id: 'HQ1', password: 'hq-manager-pass' })).value.token as string;
    linkB = await hubLink(server.url);
    for (const id of ['A', 'B', 'C'] as const) {
      const made = await api('/v1/terminals/enrol-code', { terminalId: id, outletCode: 'OUT-D', name: `${id}号柜台` }, hq);
      const h = openHarness({ start: START, monitoring: safe, outlet: { terminalId: id, outletCode: 'OUT-D' }, hub: { url: id === 'B' ? linkB.url : server.url, enrolmentCode: made.value.code, autoStart: false } });
      open.push(h);
      counters[id] = h;
      await stockOutlet(h.terminal);
      await h.raw.hub!.runOnce();
    }
    await sync('A', 'B', 'C');
  }, 180_000);
  afterAll(async () => {
    for (const h of open.splice(0)) h.close();
    await linkB.close();
    await hub.close();
    clockOf.close();
  });

  /** The institution's accounts as HQ registered them, by account number. */
  const accounts: Record<string, string> = {};
  const BANK1 = '工商银行首都机场支行';

  it('reserves are the institution\'s: HQ registers the accounts at the hub for the whole institution (第四十二条), every counter has them and registers none itself', async () => {
    const { A, B } = counters;
    // A manager at a counter registers nothing: each counter would open its own three banks.
    const refused = await refusedWithoutWrites(A, () => A.terminal.call('reserves.openAccount', { bankName: BANK1, currency: 'CNY', accountNo: '0200001109000000100', actor: 'mgr1' }), 'RESERVES_SET_AT_HQ');
    expect(refused.message.zh).toContain('总部');
    await refusedWithoutWrites(B, () => B.terminal.call('reserves.setBasicAccount', { bankName: BANK1, accountNo: '0200001109000000001', actor: 'mgr1' }), 'RESERVES_SET_AT_HQ');
    expect((await api('/v1/basic-account', { bankName: BANK1, accountNo: '0200001109000000001' }, hq)).ok).toBe(true);
    // 第四十二条(二): the FX account needs its RMB account at the same bank first.
    expect((await api('/v1/reserve-accounts', { bankName: BANK1, currency: 'USD', accountNo: '0200001109000000200' }, hq)).error?.code).toBe('RESERVE_RMB_PAIR_MISSING');
    for (const [bankName, currency, accountNo] of [[BANK1, 'CNY', '0200001109000000100'], [BANK1, 'USD', '0200001109000000200'], ['中国银行首都机场支行', 'CNY', '3400001'], ['建设银行顺义支行', 'CNY', '1100001']] as const) {
      const made = await api('/v1/reserve-accounts', { bankName, currency, accountNo }, hq);
      expect(made.ok, JSON.stringify(made.error)).toBe(true);
      accounts[accountNo] = made.value.id;
    }
    // 第四十二条(一): three banks for the institution, not three for each counter.
    const fourth = await api('/v1/reserve-accounts', { bankName: '农业银行', currency: 'CNY', accountNo: '9900001' }, hq);
    expect([fourth.error?.code, fourth.error?.message.en]).toEqual(['RESERVE_BANKS_MAX', expect.stringContaining('no more than 3 banks')]);
    expect((await api('/v1/reserve-accounts', { bankName: BANK1, currency: 'CNY', accountNo: '0200001109000000999' }, hq)).error?.code).toBe('RESERVE_ACCOUNT_EXISTS');
    await sync('A', 'B', 'C');
    for (const h of [A, B, counters.C]) {
      const held = ok(await h.terminal.call('reserves.accounts', {}));
      expect(held.basicAccount).toEqual({ bankName: BANK1, accountNo: '0200001109000000001' });
      const byNo = (x: string[], y: string[]) => x[1]!.localeCompare(y[1]!);
      expect(held.accounts.map((a: { id: string; accountNo: string; balance: string }) => [a.id, a.accountNo, a.balance]).sort(byNo)).toEqual(
        Object.entries(accounts).map(([no, id]) => [id, no, '0']).sort(byNo));
      expect(ledgerViolations(h.raw.ledger)).toEqual([]);
    }
  }, 120_000);

  it('this month\'s transfer with the basic account is the institution\'s: claimed at the hub, a second counter\'s refused (第四十四条)', async () => {
    const account = accounts['0200001109000000100']!;
    const transfer = (id: 'A' | 'B', kind: 'transfer_in' | 'transfer_out', amount = '10000') => counters[id].terminal.call('reserves.move', { kind, amount, accountId: account, actor: 'sup1' });
    ok(await transfer('A', 'transfer_in'));
    const { B } = counters;
    // A has not pushed it yet: its claim at the hub holds the month.
    const claimed = await refusedWithoutWrites(B, () => transfer('B', 'transfer_in'), 'TRANSFER_ONCE_A_MONTH');
    expect(claimed.message.en).toContain('(A …)');
    await sync('A');
    const moved = await refusedWithoutWrites(B, () => transfer('B', 'transfer_in'), 'TRANSFER_ONCE_A_MONTH');
    expect(moved.message.en).toContain(`${DAY} (A)`);
    // A transfer out of more than the institution's account holds (A's 10,000) is refused at the
    // hub, and gives its claim back at once: it does not hold A off for the claim's hour.
    const short = await refusedWithoutWrites(B, () => transfer('B', 'transfer_out', '10000.01'), 'RESERVE_INSUFFICIENT');
    expect(short.message.en).toMatch(/0200001109000000100.*institution.* holds only 10000 in CNY, not enough for 10000\.01/);
    expect(await hub.db.selectFrom('hub_reserve_claims').select('terminal_id').execute()).toEqual([]);
    expect(await hub.db.selectFrom('hub_reserve_holds').select('terminal_id').execute()).toEqual([]);
    // The other way is this month's own, at A.
    ok(await transfer('A', 'transfer_out', '4000'));
    await sync('A', 'B');
    const atHub = await hub.db.selectFrom('hub_reserve_movements').select(['terminal_id', 'kind']).where('kind', 'in', ['transfer_in', 'transfer_out']).orderBy('kind').execute();
    expect(atHub).toEqual([{ terminal_id: 'A', kind: 'transfer_in' }, { terminal_id: 'A', kind: 'transfer_out' }]);
    expect(await hub.db.selectFrom('hub_reserve_claims').select('terminal_id').execute(), 'each claim ended by its movement').toEqual([]);
    expect(await hub.db.selectFrom('hub_reserve_holds').select('terminal_id').execute(), 'the hold ended by its movement').toEqual([]);
  }, 120_000);

  it('an account\'s money is the institution\'s: paid in at one counter, taken out at another; held at the hub so two counters cannot take the same money; refused offline (第三十八条)', async () => {
    const { A, B } = counters;
    const account = accounts['3400001']!;
    const deposit = (h: Harness, amount: string) => h.terminal.call('reserves.move', { kind: 'cash_deposit', from: 'till', currency: 'CNY', amount, accountId: account, actor: 'sup1' });
    const withdraw = (h: Harness, amount: string) => h.terminal.call('reserves.move', { kind: 'cash_withdrawal', to: 'till', currency: 'CNY', amount, accountId: account, actor: 'sup1' });
    ok(await deposit(A, '50000'));
    // B cannot take out what the hub does not know was paid in: A has not pushed it.
    const unknown = await refusedWithoutWrites(B, () => withdraw(B, '30000'), 'RESERVE_INSUFFICIENT');
    expect(unknown.message.en).toContain('holds only 0 in CNY, not enough for 30000');
    await sync('A');
    ok(await withdraw(B, '30000'));
    // B's share of the account is below zero; the account is not.
    expect(ok(await B.terminal.call('reserves.accounts', {})).accounts.find((a: { id: string }) => a.id === account)?.balance).toBe('-30000');
    expect(ledgerViolations(B.raw.ledger)).toEqual([]);
    // B has not pushed its withdrawal: the hub holds its 30,000, so A can take only the 20,000 left.
    const held = await refusedWithoutWrites(A, () => withdraw(A, '20000.01'), 'RESERVE_INSUFFICIENT');
    expect(held.message.en).toContain('holds only 20000 in CNY');
    ok(await withdraw(A, '20000'));
    await sync('A', 'B');
    expect(await hub.db.selectFrom('hub_reserve_holds').select('movement_id').execute(), 'each hold ended by its movement').toEqual([]);
    const listed = await api('/v1/reserve-accounts/list', {}, hq);
    const row = listed.value.accounts.find((a: { id: string }) => a.id === account);
    expect([row.balanceMinor, row.heldMinor, row.counters]).toEqual(['0', '0', [{ terminalId: 'A', netMinor: '3000000' }, { terminalId: 'B', netMinor: '-3000000' }]]);
    expect(listed.value.basicAccount).toEqual({ bankName: BANK1, accountNo: '0200001109000000001', setBy: 'HQ1' });

    // Offline, nothing leaves an account (the institution's balance cannot be known); paying in still can.
    ok(await deposit(B, '1000'));
    linkB.cut(true);
    try {
      await refusedWithoutWrites(B, () => withdraw(B, '500'), 'RESERVE_BALANCE_OFFLINE');
      await refusedWithoutWrites(B, () => B.terminal.call('reserves.move', { kind: 'transfer_out', amount: '500', accountId: accounts['0200001109000000100']!, actor: 'sup1' }), 'RESERVE_HUB_OFFLINE');
      ok(await deposit(B, '1000'));
    } finally {
      linkB.cut(false);
    }
    await sync('B');
    ok(await withdraw(B, '2000'));
    await sync('B');
    for (const h of [A, B]) expect(ledgerViolations(h.raw.ledger)).toEqual([]);
  }, 120_000);

  it('each counter closes its till; its reconciliation leaves the other counters\' records at SAFE to the outlet\'s close', async () => {
    const { A, B } = counters;
    ok(await trade(A.terminal, { customer: { idType: '04', idNumber: 'P3000001', country: 'USA', name: 'AMY LEE' }, direction: 'settlement', currency: 'USD', amount: '100' }));
    ok(await trade(B.terminal, { customer: { idType: '04', idNumber: 'P3000002', country: 'USA', name: 'BEN LIU' }, direction: 'settlement', currency: 'USD', amount: '200' }));
    for (const h of [A, B]) ok(await h.terminal.call('queue.syncNow', {}));
    expect((await safe.recordsOn()).length).toBe(2);
    // A's close sees B's trade at SAFE, and does not list it as missing here: it is the outlet's to reconcile.
    const prep = ok(await A.terminal.call('dayClose.prepare', { date: DAY }));
    expect(prep.reconciliation.checked).toBe(true);
    expect(prep.reconciliation.items.filter((i) => i.kind === 'missingOnTerminal')).toEqual([]);
    ok(await A.terminal.call('dayClose.close', { date: DAY, counts: await expectedCounts(A, DAY), actor: 'teller1' }));
    await sync('A', 'B');
  }, 120_000);

  it('the outlet\'s close needs every counter closed or excused with a reason; reconciles once what SAFE holds and no counter does; locks the date at every counter', async () => {
    const { A, B, C } = counters;
    const close = (input: Record<string, unknown>) => A.terminal.call('dayClose.outletClose', { date: DAY, actor: 'sup1', ...input } as never);
    // A teller may not close the outlet; a counter that has not closed its own till may not either.
    refused(await A.terminal.call('dayClose.outletClose', { date: DAY, actor: 'teller1' }), 'ROLE_NOT_ALLOWED');
    await refusedWithoutWrites(C, () => C.terminal.call('dayClose.outletClose', { date: DAY, actor: 'sup1' }), 'OUTLET_COUNTER_NOT_CLOSED');

    const status = ok(await A.terminal.call('dayClose.outletStatus', { date: DAY }));
    expect(status.counters.map((c) => [c.terminalId, c.name, c.closedAt !== null, c.self])).toEqual([['A', 'A号柜台', true, true], ['B', 'B号柜台', false, false], ['C', 'C号柜台', false, false]]);
    expect(status.closed).toBeNull();
    // SAFE holds A's and B's entries: B's is the hub's, so nothing is left to reconcile.
    expect(status.reconciliation).toMatchObject({ checked: true, records: 1, items: [] });

    const both = await refusedWithoutWrites(A, () => close({}), 'OUTLET_COUNTERS_OPEN');
    expect(both.message.zh).toContain('B号柜台 (B), C号柜台 (C)');
    ok(await B.terminal.call('dayClose.close', { date: DAY, counts: await expectedCounts(B, DAY), actor: 'teller1' }));
    // B has closed, but the hub has not heard yet: still open there, and so here.
    const stillB = await refusedWithoutWrites(A, () => close({ excused: [{ terminalId: 'C', reason: '柜台未营业 not opened today' }] }), 'OUTLET_COUNTERS_OPEN');
    expect(stillB.message.en).toContain('B号柜台 (B)');
    await sync('B');
    // An excuse without a reason excuses nobody.
    const noReason = await refusedWithoutWrites(A, () => close({ excused: [{ terminalId: 'C', reason: ' ' }] }), 'OUTLET_COUNTERS_OPEN');
    expect(noReason.message.en).toContain('C号柜台 (C)');

    // A record at SAFE that no counter of the outlet made: listed once, and needs its resolution.
    safe.orphans.push({ refNo: 'JH202603100000009999', serial: 'NOT-OURS-1', currency: 'USD', amount: '50', status: 'recorded' } as RecordData);
    const withOrphan = ok(await A.terminal.call('dayClose.outletStatus', { date: DAY }));
    expect(withOrphan.reconciliation.items).toEqual([{ key: 'outletRecord:JH202603100000009999', detail: expect.stringContaining('ref JH202603100000009999 USD 50') }]);
    const excused = [{ terminalId: 'C', reason: '柜台未营业 not opened today' }];
    await refusedWithoutWrites(A, () => close({ excused }), 'DAY_CLOSE_RECONCILIATION_OPEN');

    const closed = ok(await close({ excused, resolutions: [{ key: 'outletRecord:JH202603100000009999', resolution: '经核实为总部测试录入，已申请撤销 entered by HQ as a test; cancellation asked' }] }));
    expect(closed.closed).toMatchObject({ closedBy: 'sup1', terminalId: 'A', excused });
    await refusedWithoutWrites(A, () => close({ excused }), 'OUTLET_DAY_CLOSED');
    // The answers as they travel fit the contract, the hub's view of a closed day too (at B, closed elsewhere).
    await sync('B');
    for (const answer of [withOrphan, closed, ok(await B.terminal.call('dayClose.outletStatus', { date: DAY }))]) {
      expect(outputs['dayClose.outletStatus'].safeParse(JSON.parse(JSON.stringify(answer))).error).toBeUndefined();
    }
    // The hub holds it, with its reconciliation; every counter's date is locked once it pulls, C's
    // (excused, its till never closed) too; C may not close the outlet again.
    const held = await hub.db.selectFrom('hub_outlet_days').select(['outlet_code', 'closed_by', 'terminal_id', 'reconciliation']).execute();
    expect(held.map((r) => [r.outlet_code, r.closed_by, r.terminal_id])).toEqual([['OUT-D', 'sup1', 'A']]);
    expect(JSON.stringify(held[0]!.reconciliation)).toContain('已申请撤销');
    await sync('A', 'B', 'C');
    const late = await refusedWithoutWrites(C, () => trade(C.terminal, { customer: { idType: '04', idNumber: 'P3000003', country: 'USA', name: 'CAL WU' }, direction: 'settlement', currency: 'USD', amount: '10' }), 'DAY_CLOSED');
    expect(late.message.en).toContain(DAY);
    await refusedWithoutWrites(C, () => C.terminal.call('cash.transferSend', { toCounter: 'A', from: 'till', currency: 'USD', amount: '100', notes: [{ denomination: '100', count: 1 }], actor: 'teller1' }), 'DAY_CLOSED');
    await refusedWithoutWrites(C, () => C.terminal.call('dayClose.outletClose', { date: DAY, actor: 'sup1' }), 'OUTLET_DAY_CLOSED');
    for (const h of [A, B, C]) {
      expect(h.raw.ledger.prepare('SELECT business_date, closed_by, terminal_id FROM outlet_days').all()).toEqual([{ business_date: DAY, closed_by: 'sup1', terminal_id: 'A' }]);
      expect(ledgerViolations(h.raw.ledger)).toEqual([]);
    }
    // The next day trades as ever.
    clockOf.clock.set('2026-03-11T02:00:00Z');
    C.clock.set('2026-03-11T02:00:00Z');
    ok(await trade(C.terminal, { customer: { idType: '04', idNumber: 'P3000003', country: 'USA', name: 'CAL WU' }, direction: 'settlement', currency: 'USD', amount: '10' }));
  }, 120_000);

  it('with the hub out of reach the outlet cannot be closed: refused, nothing written; the counter\'s own close still can be', async () => {
    const cut = openHarness({ start: START, outlet: { terminalId: 'A', outletCode: 'OUT-D' }, hub: { url: 'http://127.0.0.1:9', enrolmentCode: 'X', autoStart: false } });
    open.push(cut);
    await stockOutlet(cut.terminal);
    await closeOnce(cut);
    await refusedWithoutWrites(cut, () => cut.terminal.call('dayClose.outletClose', { date: '2026-03-09', actor: 'sup1' }), 'OUTLET_CLOSE_HUB_OFFLINE');
  }, 60_000);

  it('a standalone terminal has no outlet close: its own close is the outlet\'s', async () => {
    const alone = openHarness({ start: START });
    open.push(alone);
    await stockOutlet(alone.terminal);
    await closeOnce(alone);
    await refusedWithoutWrites(alone, () => alone.terminal.call('dayClose.outletClose', { date: '2026-03-09', actor: 'sup1' }), 'OUTLET_CLOSE_NO_HUB');
  }, 60_000);
});
