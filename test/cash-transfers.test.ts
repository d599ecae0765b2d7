// Notes between counters and outlets (issue 17 item 4; ../shared/design/hub.md "Cash between
// counters and outlets"), on both engines, over real HTTP with counters that push and pull as they
// do: two linked movements, out of the sender's till into transit and in at the receiver when
// counted; in transit at both ends and at the hub until counted; the sender clears its transit
// when the hub tells it of the count; a count that differs needs a supervisor; the institution's
// interoffice sums to zero; every refusal writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubServer } from '../hub/server';
import { listTransfers } from '../hub/transfers';
import { listOutlets } from '../hub/outlets';
import { replayCosts } from '../electron/reports/books';
import { HUB_ENGINES, hubPost, registerOutlet, startTestHub } from './helpers/hub';
import { ledgerViolations } from './helpers/invariants';
import { ALICE, ok, openHarness, refusedWithoutWrites, stockOutlet, trade, type Harness } from './helpers/terminal';
import { businessDate } from '../shared/time';

const START = '2026-03-10T02:00:00Z';
let clockOf: Harness;
let hub: Awaited<ReturnType<typeof startTestHub>>;
let server: Awaited<ReturnType<typeof startHubServer>>;
const now = () => clockOf.clock.now();
const open: Harness[] = [];
const api = (path: string, body: unknown, token?: string) => hubPost(server.url, path, body, token);
let hq = '';

async function newCounter(terminalId: string, outletCode: string): Promise<Harness> {
  const made = await api('/v1/terminals/enrol-code', { terminalId, outletCode, name: `${terminalId}号柜台` }, hq);
  expect(made.ok, JSON.stringify(made.error)).toBe(true);
  const h = openHarness({ start: now().toISOString(), outlet: { terminalId, outletCode }, hub: { url: server.url, enrolmentCode: made.value.code, autoStart: false } });
  open.push(h);
  await stockOutlet(h.terminal);
  await h.raw.hub!.runOnce();
  return h;
}

const till = async (h: Harness, currency: string) => ok(await h.terminal.call('cash.notes', {})).find((n) => n.location === 'till' && n.currency === currency);
const safe = async (h: Harness, currency: string) => ok(await h.terminal.call('cash.notes', {})).find((n) => n.location === 'safe' && n.currency === currency);
const balance = (h: Harness, account: string) => (h.raw.ledger.prepare('SELECT balance_minor FROM account_balances WHERE account_id = ?').pluck().get(account) as bigint | undefined) ?? 0n;
const sync = async (...hs: Harness[]) => {
  for (const h of hs) await h.raw.hub!.runOnce();
};

describe.each(HUB_ENGINES.filter((e) => e.missing === undefined))('on $name', (engine) => {
  let a: Harness;
  let b: Harness;
  let c: Harness;
  beforeAll(async () => {
    clockOf = openHarness({ start: START });
    hub = await startTestHub(engine, now);
    server = hub.server;
    await registerOutlet(hub.db, 'OUT-T', now);
    await registerOutlet(hub.db, 'OUT-U', now);
    hq = (await api('/v1/sign-in', { id: 'HQ1', password: 'hq-manager-pass' })).value.token as string;
    a = await newCounter('A', 'OUT-T');
    b = await newCounter('B', 'OUT-T');
    c = await newCounter('C', 'OUT-U');
    // A pulls again: it learns of B, registered after its first round.
    await sync(a, b, c);
  }, 180_000);
  afterAll(async () => {
    for (const h of open.splice(0)) h.close();
    await hub.close();
    clockOf.close();
  });

  it('notes to another counter of the outlet: out of the till into transit, in transit at both ends and at the hub, counted into the receiver\'s safe, cleared at the sender', async () => {
    const before = await till(a, 'USD');
    const sent = ok(await a.terminal.call('cash.transferSend', { toCounter: 'B', from: 'till', currency: 'USD', amount: '1000', notes: [{ denomination: '100', count: 10 }], note: '补充 2 号柜台', actor: 'teller1' }));
    expect(sent).toMatchObject({ direction: 'out', fromCounter: 'A', toCounter: 'B', toOutlet: 'OUT-T', peerName: 'B号柜台', currency: 'USD', amount: '1000', state: 'inTransit', received: null, sentBy: 'teller1' });
    expect(sent.notes).toEqual([{ denomination: '100', count: 10 }]);
    // The sender's till is 1,000 less, by note; the notes are in transit on its books.
    const after = await till(a, 'USD');
    expect(Number(before!.total) - Number(after!.total)).toBe(1000);
    expect(after!.notes.find((n) => n.denomination === '100')!.count).toBe(before!.notes.find((n) => n.denomination === '100')!.count - 10);
    expect(balance(a, 'in_transit:USD')).toBe(100_000n);
    // Before any sync the receiver knows nothing of it.
    expect(ok(await b.terminal.call('cash.transfers', {}))).toEqual([]);
    await sync(a);
    const atHub = await listTransfers(hub.db, { outletCode: 'OUT-T', inTransitOnly: true });
    expect(atHub.map((t) => [t.id, t.fromCounterName, t.toCounterName, t.amountMinor, t.received])).toEqual([[sent.id, 'A号柜台', 'B号柜台', '100000', null]]);
    // HQ reads the same over HTTP; an auditor too.
    const auditor = (await api('/v1/sign-in', { id: 'AUD1', password: 'auditor-pass-1' })).value.token;
    expect((await api('/v1/transfers/list', { outletCode: 'OUT-T' }, auditor)).value.map((t: { id: string }) => t.id)).toEqual([sent.id]);
    await sync(b);
    const incoming = ok(await b.terminal.call('cash.transfers', {}));
    expect(incoming).toHaveLength(1);
    expect(incoming[0]).toMatchObject({ id: sent.id, direction: 'in', fromCounter: 'A', peerName: 'A号柜台', amount: '1000', state: 'inTransit', note: '补充 2 号柜台' });

    // Counted short, with no supervisor: refused, nothing written; counted at the sender: not its to count.
    const short = await refusedWithoutWrites(b, () => b.terminal.call('cash.transferReceive', { id: sent.id, to: 'safe', notes: [{ denomination: '100', count: 9 }], actor: 'teller1' }), 'TRANSFER_COUNT_DIFFERS');
    expect(short.message.zh).toContain('USD 900.00');
    expect(short.message.en).toContain('USD 1,000.00 sent');
    await refusedWithoutWrites(a, () => a.terminal.call('cash.transferReceive', { id: sent.id, to: 'till', notes: [{ denomination: '100', count: 10 }], actor: 'teller1' }), 'TRANSFER_NOT_FOUND');

    const safeBefore = Number((await safe(b, 'USD'))?.total ?? '0');
    const got = ok(await b.terminal.call('cash.transferReceive', { id: sent.id, to: 'safe', notes: [{ denomination: '100', count: 10 }], actor: 'teller2' }));
    expect(got).toMatchObject({ state: 'received', received: { place: 'safe', amount: '1000', by: 'teller2', difference: '0', supervisorId: null } });
    expect(Number((await safe(b, 'USD'))!.total) - safeBefore).toBe(1000);
    expect(balance(b, 'interoffice:USD')).toBe(-100_000n);
    const again = await refusedWithoutWrites(b, () => b.terminal.call('cash.transferReceive', { id: sent.id, to: 'safe', notes: [{ denomination: '100', count: 10 }], actor: 'teller1' }), 'TRANSFER_ALREADY_RECEIVED');
    expect(again.message.en).toContain('teller2');

    // Still in transit at the sender until the hub tells it of the count.
    expect(ok(await a.terminal.call('cash.transfers', {}))[0]!.state).toBe('inTransit');
    await sync(b);
    expect(await listTransfers(hub.db, { outletCode: 'OUT-T', inTransitOnly: true })).toEqual([]);
    await sync(a);
    expect(ok(await a.terminal.call('cash.transfers', {}))).toEqual([]);
    const done = ok(await a.terminal.call('cash.transfers', { all: true }));
    expect(done[0]).toMatchObject({ id: sent.id, state: 'received', received: { place: 'safe', by: 'teller2', amount: '1000' } });
    expect(balance(a, 'in_transit:USD')).toBe(0n);
    // One set of books: what A is owed and what B owes cancel out.
    expect(balance(a, 'interoffice:USD') + balance(b, 'interoffice:USD')).toBe(0n);
    for (const h of [a, b]) expect(ledgerViolations(h.raw.ledger)).toEqual([]);
    // The profit report's costed stock is the cash on the books at both ends: the sender's went out
    // at its cost (no spread), the receiver's came in (reports/books.ts).
    const notesOnHand = (h: Harness) => balance(h, 'cash:USD') + balance(h, 'safe:USD');
    for (const h of [a, b]) expect(replayCosts(h.raw.ledger, '2026-03-10').states.get('USD')?.stock, `stock costed at ${h === a ? 'A' : 'B'}`).toBe(notesOnHand(h));
    expect(notesOnHand(b) - notesOnHand(a)).toBe(200_000n);
    expect(ok(await a.terminal.call('reports.profit', { from: '2026-03-10', to: '2026-03-10' })).rows.find((r) => r.currency === 'USD')?.spread).toBe('0');
  }, 120_000);

  it('notes to a counter of another outlet, asked of the hub; counted short with a supervisor\'s approval, the short the receiver\'s', async () => {
    const sent = ok(await a.terminal.call('cash.transferSend', { toCounter: 'C', from: 'till', currency: 'EUR', amount: '500', notes: [{ denomination: '50', count: 10 }], actor: 'teller1' }));
    expect(sent).toMatchObject({ toCounter: 'C', toOutlet: 'OUT-U', peerName: null });
    await sync(a, c);
    // Both outlets see it at the hub while in transit.
    expect((await listTransfers(hub.db, { outletCode: 'OUT-U', inTransitOnly: true })).map((t) => t.id)).toEqual([sent.id]);
    expect((await listTransfers(hub.db, { outletCode: 'OUT-T', inTransitOnly: true })).map((t) => t.id)).toEqual([sent.id]);
    const got = ok(await c.terminal.call('cash.transferReceive', {
      id: sent.id, to: 'till', notes: [{ denomination: '50', count: 9 }], varianceReason: '封包少一张，已报告', actor: 'teller1', supervisorId: 'sup1',
    }));
    expect(got.received).toMatchObject({ amount: '450', difference: '-50', supervisorId: 'sup1' });
    expect(balance(c, 'variance:EUR')).toBe(5_000n);
    await sync(c, a);
    expect(balance(a, 'in_transit:EUR')).toBe(0n);
    // The sender's books say what it sent; the short is the receiver's.
    expect(balance(a, 'interoffice:EUR') + balance(c, 'interoffice:EUR')).toBe(0n);
    for (const h of [a, c]) expect(ledgerViolations(h.raw.ledger)).toEqual([]);
  }, 120_000);

  it('refuses, writing nothing: to itself, to a counter no one registered, notes that do not make the amount, notes the till does not hold; with no hub at all', async () => {
    const send = (h: Harness, input: Record<string, unknown>) => h.terminal.call('cash.transferSend', { toCounter: 'B', from: 'till', currency: 'USD', amount: '100', notes: [{ denomination: '100', count: 1 }], actor: 'teller1', ...input } as never);
    const self = await refusedWithoutWrites(a, () => send(a, { toCounter: 'A' }), 'TRANSFER_COUNTER_UNKNOWN');
    expect(self.message.en).toContain('is this counter');
    const nobody = await refusedWithoutWrites(a, () => send(a, { toCounter: 'NOPE' }), 'TRANSFER_COUNTER_UNKNOWN');
    expect(nobody.message.zh).toContain('未在机构中心登记');
    // A figure typed wrong is refused, never changed to what the notes make.
    const typo = await refusedWithoutWrites(a, () => send(a, { amount: '1000' }), 'NOTES_INVALID');
    expect(typo.message.en).toContain('USD 100.00');
    await refusedWithoutWrites(a, () => send(a, { from: 'safe', notes: [{ denomination: '100', count: 1 }] }), 'NOTES_UNAVAILABLE');
    const standalone = openHarness({ start: now().toISOString() });
    open.push(standalone);
    await stockOutlet(standalone.terminal);
    const f = await refusedWithoutWrites(standalone, () => send(standalone, {}), 'TRANSFER_NO_HUB');
    expect(f.message.zh).toContain('尾箱↔保险柜');
  }, 120_000);

  it('another outlet\'s counter cannot be checked with the hub down: refused, nothing sent; this outlet\'s counters still can be', async () => {
    const down = openHarness({ start: now().toISOString(), outlet: { terminalId: 'A', outletCode: 'OUT-T' }, hub: { url: 'http://127.0.0.1:9', enrolmentCode: 'X', autoStart: false } });
    open.push(down);
    // A PC whose link is enrolled but unreachable is what "offline" means; this one never enrolled,
    // so it is asked as offline too: the hub cannot say who C is.
    await stockOutlet(down.terminal);
    await refusedWithoutWrites(down, () => down.terminal.call('cash.transferSend', { toCounter: 'C', from: 'till', currency: 'USD', amount: '100', notes: [{ denomination: '100', count: 1 }], actor: 'teller1' }), 'TRANSFER_HUB_OFFLINE');
  }, 60_000);

  it('the outlet\'s safe kept at one counter, named at the hub: notes into another counter\'s safe are refused, out of it allowed; sent to the keeper, counted into its safe', async () => {
    const move = (h: Harness, from: string, to: string) => h.terminal.call('reserves.move', { kind: 'till_safe', currency: 'USD', amount: '100', from, to, notes: [{ denomination: '100', count: 1 }], actor: 'sup1' } as never);
    // Before the safe is named, A keeps a safe of its own, as a counter alone does.
    ok(await move(a, 'till', 'safe'));
    ok(await move(a, 'till', 'safe'));
    // HQ names B the keeper of OUT-T's safe; only a counter of the outlet can be.
    const outlet = (await listOutlets(hub.db, 'OUT-T'))[0]!;
    const save = (safeCounter: string | null) => api('/v1/outlets', { code: 'OUT-T', name: outlet.name, cityCode: outlet.cityCode, address: outlet.address, safeCounter }, hq);
    expect((await save('C')).error?.code).toBe('HUB_COUNTER_ELSEWHERE');
    expect((await save('NOPE')).error?.code).toBe('HUB_TERMINAL_UNKNOWN');
    expect((await save('B')).value).toMatchObject({ code: 'OUT-T', safeCounter: 'B' });
    await sync(a, b, c);
    expect(ok(await a.terminal.call('outlet.get', {})).hub?.safeCounter).toBe('B');
    // At A: into its safe, refused with where the safe is; out of it, allowed (it empties what it kept).
    const refused = await refusedWithoutWrites(a, () => move(a, 'till', 'safe'), 'SAFE_AT_OTHER_COUNTER');
    expect(refused.message.zh).toContain('B号柜台');
    expect(refused.message.en).toContain('cash transfer');
    ok(await move(a, 'safe', 'till'));
    // At B, the keeper: its safe as before.
    ok(await move(b, 'till', 'safe'));
    // Notes from B to A are counted into A's till, not a safe A does not keep.
    const sent = ok(await b.terminal.call('cash.transferSend', { toCounter: 'A', from: 'safe', currency: 'USD', amount: '100', notes: [{ denomination: '100', count: 1 }], actor: 'teller1' }));
    await sync(b, a);
    await refusedWithoutWrites(a, () => a.terminal.call('cash.transferReceive', { id: sent.id, to: 'safe', notes: [{ denomination: '100', count: 1 }], actor: 'teller1' }), 'SAFE_AT_OTHER_COUNTER');
    expect(ok(await a.terminal.call('cash.transferReceive', { id: sent.id, to: 'till', notes: [{ denomination: '100', count: 1 }], actor: 'teller1' })).state).toBe('received');
    // Another outlet's counters are not touched: C keeps its own safe.
    ok(await move(c, 'till', 'safe'));
    expect(ok(await c.terminal.call('outlet.get', {})).hub?.safeCounter).toBeNull();
    for (const h of [a, b, c]) expect(ledgerViolations(h.raw.ledger)).toEqual([]);
  }, 120_000);

  it('the notes take the sender\'s cost with them: the receiver\'s stock costs what they cost the sender, not the board\'s mid (ledger migration 021)', async () => {
    const day = businessDate(now());
    // A buys 3,000 USD from a customer at 7.10, below the mid (7.15): its average cost is below the mid.
    ok(await trade(a.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '3000' }));
    const atA = replayCosts(a.raw.ledger, day).states.get('USD')!;
    const sendersCost = (atA.cost * 100_000n * 2n + atA.stock) / (2n * atA.stock); // 1,000 USD at A's average cost, half up
    expect(sendersCost, 'below the mid\'s 7,150.00').toBeLessThan(715_000n);
    const sent = ok(await a.terminal.call('cash.transferSend', { toCounter: 'B', from: 'till', currency: 'USD', amount: '1000', notes: [{ denomination: '100', count: 10 }], note: '', actor: 'teller1' }));
    const cost = (h: Harness) => h.raw.ledger.prepare('SELECT cost_minor FROM cash_transfers WHERE id = ?').pluck().get(sent.id);
    expect(cost(a)).toBe(sendersCost);
    await sync(a, b);
    expect(cost(b), 'the receiver holds the sender\'s cost').toBe(sendersCost);
    const before = replayCosts(b.raw.ledger, day).states.get('USD')!;
    ok(await b.terminal.call('cash.transferReceive', { id: sent.id, to: 'till', notes: [{ denomination: '100', count: 10 }], actor: 'teller2' }));
    const after = replayCosts(b.raw.ledger, day).states.get('USD')!;
    expect([after.stock - before.stock, after.cost - before.cost]).toEqual([100_000n, sendersCost]);
    // RMB has no cost to carry.
    const rmb = ok(await a.terminal.call('cash.transferSend', { toCounter: 'B', from: 'till', currency: 'CNY', amount: '100', notes: [{ denomination: '100', count: 1 }], note: '', actor: 'teller1' }));
    expect(a.raw.ledger.prepare('SELECT cost_minor FROM cash_transfers WHERE id = ?').pluck().get(rmb.id)).toBeNull();
    await sync(a, b, a);
    for (const h of [a, b]) expect(ledgerViolations(h.raw.ledger)).toEqual([]);
  }, 120_000);
});
