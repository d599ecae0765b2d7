// Receipt books issued by the hub (第三十五条(三): 连续编号, 同本水单不得跳号使用, 登记领用; issue 17
// items 1 and 6), on both engines, over real HTTP with counters that push and pull as they do: a
// counter's first pull brings it a book to number in and the next, and its reserve book; it is kept a book ahead; HQ
// issues a book by hand and reads the register (who holds which range, used to where); a book is
// taken back only from a counter out of service, its unused range recorded; a new PC enrolled in
// place of a revoked one takes new books, so no number is ever issued twice in the institution.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_RECEIPT_BASE, parsePrintedReceiptNo } from '../shared/receipts';
import { issueBookNow, listBooks, registerText } from '../hub/receiptBooks';
import { startHubServer } from '../hub/server';
import { HUB_ENGINES, hubPost, registerOutlet, startTestHub } from './helpers/hub';
import { OUTLET, TEST_KEY, ok, openHarness, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';
import { createHubLink } from '../electron/hubClient/link';
import { restoreFromHub } from '../electron/ledger/hubRestore';
import { loadMigrations } from '../electron/ledger/migrate';
import { historyAnswer } from '../shared/sync/protocol';

const START = '2026-03-10T02:00:00Z';
let clockOf: Harness;
let hub: Awaited<ReturnType<typeof startTestHub>>;
let server: Awaited<ReturnType<typeof startHubServer>>;
const now = () => clockOf.clock.now();
const open: Harness[] = [];

const api = (path: string, body: unknown, token?: string) => hubPost(server.url, path, body, token);
let hq = '';

let customers = 0;
async function sell(h: Harness): Promise<string> {
  const customer = { idType: '04', idNumber: `P${2_000_000 + ++customers}`, country: 'USA', name: 'BOB SMITH' };
  return ok(await trade(h.terminal, { customer, direction: 'settlement', currency: 'USD', amount: '10' })).receiptText;
}

/** A counter of OUT-R with its code made by HQ (named), not enrolled until its first round. */
async function newCounter(terminalId: string, dir?: string): Promise<Harness> {
  const made = await api('/v1/terminals/enrol-code', { terminalId, outletCode: 'OUT-R', name: `${terminalId}号柜台` }, hq);
  expect(made.ok, JSON.stringify(made.error)).toBe(true);
  const h = openHarness({ start: now().toISOString(), ...(dir ? { dir } : {}), outlet: { terminalId, outletCode: 'OUT-R' }, hub: { url: server.url, enrolmentCode: made.value.code, autoStart: false } });
  open.push(h);
  await stockOutlet(h.terminal);
  return h;
}

describe.each(HUB_ENGINES.filter((e) => e.missing === undefined))('on $name', (engine) => {
  beforeAll(async () => {
    clockOf = openHarness({ start: START });
    hub = await startTestHub(engine, now);
    server = hub.server;
    await registerOutlet(hub.db, 'OUT-R', now);
    hq = (await api('/v1/sign-in', { id: 'HQ1', password: 'hq-manager-pass' })).value.token as string;
  }, 120_000);
  afterAll(async () => {
    for (const h of open.splice(0)) h.close();
    await hub.close();
    clockOf.close();
  });

  it('a counter\'s first round brings it a book and the next, and a reserve; it stays a book ahead; the register says who holds what, used to where', async () => {
    const r1 = await newCounter('1');
    // HQ gives the counter a small book by hand before its first round (a quiet counter).
    const small = await api('/v1/receipt-books/issue', { terminalId: '1', size: 3 }, hq);
    expect(small.value).toMatchObject({ code: 'B0001', terminalId: '1', firstNo: HUB_RECEIPT_BASE + 1, lastNo: HUB_RECEIPT_BASE + 3, issuedBy: 'HQ1', returnedAt: null });
    await r1.raw.hub!.runOnce();
    // It held one book it had not started: no other yet, but its reserve book (10,000 numbers).
    expect((await listBooks(hub.db)).map((b) => [b.code, b.reserve])).toEqual([['B0001', false], ['B0002', true]]);
    const numbers = [await sell(r1)];
    await r1.raw.hub!.runOnce();
    // It started B0001: the next is issued (the default size), and reaches it in the same round.
    expect((await listBooks(hub.db)).map((b) => [b.code, b.first, b.last])).toEqual([
      ['B0001', 'B0001-000001', 'B0001-000003'], ['B0002', 'B0002-000004', 'B0002-010003'], ['B0003', 'B0003-010004', 'B0003-011003'],
    ]);
    // Its numbers run on in its books, never in the reserve while another has a number left.
    for (let i = 0; i < 3; i++) numbers.push(await sell(r1));
    expect(numbers).toEqual(['B0001-000001', 'B0001-000002', 'B0001-000003', 'B0003-010004']);
    await r1.raw.hub!.runOnce();
    const register = await api('/v1/receipt-books/list', { outletCode: 'OUT-R' }, (await api('/v1/sign-in', { id: 'AUD1', password: 'auditor-pass-1' })).value.token);
    expect(register.value.map((b: any) => [b.code, b.terminalId, b.counterName, b.usedTo, b.issuedBy, b.returnedAt, b.reserve])).toEqual([
      ['B0001', '1', '1号柜台', 'B0001-000003', 'HQ1', null, false], ['B0002', '1', '1号柜台', null, 'hub', null, true],
      ['B0003', '1', '1号柜台', 'B0003-010004', 'hub', null, false], ['B0004', '1', '1号柜台', null, 'hub', null, false],
    ]);
    expect(registerText(register.value, now())).toContain('B0003 | OUT-R | 1号柜台 (1) | B0003-010004 | B0003-011003');
    expect(registerText(register.value, now())).toContain('B0002 备用 reserve | OUT-R');
    // An auditor reads the register but issues nothing; a counter the hub does not know gets nothing.
    const auditor = (await api('/v1/sign-in', { id: 'AUD1', password: 'auditor-pass-1' })).value.token;
    expect((await api('/v1/receipt-books/issue', { terminalId: '1' }, auditor)).error?.code).toBe('ROLE_NOT_ALLOWED');
    expect((await api('/v1/receipt-books/issue', { terminalId: 'NOPE' }, hq)).error?.code).toBe('HUB_TERMINAL_UNKNOWN');
    expect((await api('/v1/receipt-books/issue', { terminalId: '1', size: 0 }, hq)).error?.code).toBe('INVALID_INPUT');
    expect((await listBooks(hub.db)).length).toBe(4);
  }, 120_000);

  it('two counters number in their own books: no number twice in the institution', async () => {
    const a = await newCounter('2');
    const b = await newCounter('3');
    const seen: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const h of [a, b]) {
        await h.raw.hub!.runOnce();
        seen.push(await sell(h), await sell(h));
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Each counter's numbers run on without a gap in its first book.
    const numbersOf = (h: Harness) => (h.raw.ledger.prepare('SELECT receipt_no FROM trades ORDER BY receipt_no').pluck().all() as bigint[]).map(Number);
    for (const h of [a, b]) {
      const n = numbersOf(h);
      expect(n.every((x) => x > HUB_RECEIPT_BASE)).toBe(true);
      expect(n).toEqual(n.map((_, i) => n[0]! + i));
    }
    const all = [...numbersOf(a), ...numbersOf(b)];
    expect(new Set(all).size).toBe(all.length);
    // The queue, the day's back-fill list and the day close name each receipt as it is printed.
    const printed = seen.filter((n) => n.startsWith(seen.at(-1)!.split('-')[0]!));
    const queue = ok(await b.terminal.call('queue.list', {})).map((r) => r.receiptText);
    expect(queue.length).toBeGreaterThan(0);
    for (const r of queue) expect(r).toMatch(/^B\d{4}-\d{6}$/);
    expect(queue).toEqual(expect.arrayContaining(printed));
    const backfills = ok(await b.terminal.call('monitoring.backfillList', { date: '2026-03-10' })).map((l) => l.receiptText);
    expect(backfills.sort()).toEqual(queue.sort());
    const close = ok(await b.terminal.call('dayClose.prepare', { date: '2026-03-10' }));
    expect(close.backfills.map((x) => x.receiptText).sort()).toEqual(queue.sort());
  }, 120_000);

  it('a book is taken back only from a counter out of service; a new PC in place of a revoked one numbers in new books, never in the old', async () => {
    const dir = tempDir('hub-books-old-pc-');
    const old = await newCounter('4', dir);
    await old.raw.hub!.runOnce();
    const before = [await sell(old), await sell(old)];
    await old.raw.hub!.runOnce();
    const held = (await listBooks(hub.db)).filter((b) => b.terminalId === '4');
    expect(held.map((b) => [b.usedTo, b.reserve])).toEqual([[before[1], false], [null, false], [null, true]]);
    const first = held[0]!.code;
    // In service: the PC may have used numbers offline that the hub does not hold yet.
    const inUse = await api('/v1/receipt-books/return', { code: first }, hq);
    expect([inUse.error?.code, inUse.error?.message.en]).toEqual(['HUB_BOOK_IN_USE', `Receipt book ${first} is held by terminal 4, which is in service: it may have used numbers of it offline. Revoke the terminal first (a PC replaced, a counter closed), then take the book back.`]);
    expect((await api('/v1/receipt-books/return', { code: 'B9999' }, hq)).error?.code).toBe('HUB_BOOK_UNKNOWN');
    // The PC dies after a trade the hub never heard of.
    const lost = await sell(old);
    old.close();
    open.splice(open.indexOf(old), 1);
    expect((await api('/v1/terminals/revoke', { terminalId: '4' }, hq)).value).toEqual({ terminalId: '4', revoked: true });
    const returned = await api('/v1/receipt-books/return', { code: first }, hq);
    // Unused from the number after the last the hub holds (the lost trade's number is among them).
    expect(returned.value).toMatchObject({ code: first, returnedAt: expect.any(String), unusedFrom: parsePrintedReceiptNo(before[1]!)! + 1 });
    expect(parsePrintedReceiptNo(lost)).toBe(parsePrintedReceiptNo(before[1]!)! + 1);
    expect((await api('/v1/receipt-books/return', { code: first }, hq)).error?.code).toBe('HUB_BOOK_RETURNED');
    // A new PC for counter 4: enrolled with a new code (its other book taken back at enrolment),
    // restored from the hub (npm run restore -- --from-hub), new books at its first pull.
    const freshDir = tempDir('hub-books-new-pc-');
    const code = (await api('/v1/terminals/enrol-code', { terminalId: '4', outletCode: 'OUT-R' }, hq)).value.code as string;
    const link = createHubLink({ url: server.url, dataDir: freshDir, terminalId: '4', outletCode: 'OUT-R', now });
    await link.enrol(code);
    await restoreFromHub({
      dataDir: freshDir, key: TEST_KEY, migrations: loadMigrations(), terminalId: '4', outlet: { institutionCode: OUTLET.institutionCode, outletCode: 'OUT-R' },
      history: async (after) => historyAnswer.parse(await link.post('/v1/history', { after }, true)), now, by: 'tech1',
    });
    const fresh = openHarness({ start: now().toISOString(), dir: freshDir, outlet: { terminalId: '4', outletCode: 'OUT-R' }, hub: { url: server.url, autoStart: false } });
    open.push(fresh);
    await fresh.raw.hub!.runOnce();
    expect(fresh.raw.hub!.state().problem).toBeUndefined();
    const after = [await sell(fresh), await sell(fresh)];
    for (const n of after) expect([...before, lost]).not.toContain(n);
    const books = (await listBooks(hub.db)).filter((b) => b.terminalId === '4');
    expect(books.slice(0, 3).map((b) => [b.code, b.returnedAt !== null, b.returnedBy])).toEqual([[first, true, 'HQ1'], [held[1]!.code, true, 'enrolment'], [held[2]!.code, true, 'enrolment']]);
    // The register says the first book was used to the number the hub held, the rest unused: the
    // paper receipt the dead PC printed after its last push is the one to enter by hand.
    expect(books[0]!.unused).toBe(`${lost} … ${held[0]!.last}`);
    expect(books.filter((b) => b.returnedAt === null).map((b) => b.reserve)).toEqual([false, false, true]);
    rmSync(dir, { recursive: true, force: true });
    fresh.close();
    open.splice(open.indexOf(fresh), 1);
    rmSync(freshDir, { recursive: true, force: true });
  }, 120_000);
});
