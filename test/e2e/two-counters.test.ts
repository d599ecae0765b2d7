// Two counters of one outlet, each in its own browser page against its own terminal process, both
// enrolled at the institution's hub (issue 17): the board a supervisor sets at one counter is the
// other's within seconds (item 3); a customer's trade at one counts in the other's quote, which
// says it counted the other counters (第二十九条, item 2), and the other finds them by name; each counter prints numbers of its own
// receipt book, never the other's (第三十五条(三), item 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startVirtualPrinter, type VirtualPrinter } from '../../electron/printer/virtualPrinter';
import { businessDate, clockFrom } from '../../shared/time';
import { HUB_ENGINES, hubPost, registerOutlet, startTestHub } from '../helpers/hub';
import { resident, startSimulator, type Simulator } from '../helpers/simulator';
import { E2E_NOW, Keyboard, OUTLET, POLL, ensureRendererBuilt, focused, launchBrowser, typeTrade, readers, requireChromium, screenshot, signIn, startServer, stockOutlet, type Browsing, type Server } from './helpers';

const ALICE = resident(201);
/** The hub runs on the counters' clock (E2E_NOW, running on), so their signatures are in time. */
const now = clockFrom(E2E_NOW);

let sim: Simulator;
let hub: Awaited<ReturnType<typeof startTestHub>>;
const printers: VirtualPrinter[] = [];
const servers: Server[] = [];
let b: Browsing;
let pages: Page[] = [];
/** HQ's manager, signed in at the hub. */
let hq = '';

beforeAll(async () => {
  requireChromium();
  await ensureRendererBuilt();
  const month = businessDate(now()).slice(0, 7);
  sim = await startSimulator({ from: E2E_NOW, fixture: { conversionRates: { [month]: { EUR: '1.0800', JPY: '0.0066', HKD: '0.1282', GBP: '1.2600' } } } });
  hub = await startTestHub(HUB_ENGINES[0]!, now);
  await registerOutlet(hub.db, OUTLET.outletCode, now);
  hq = (await hubPost(hub.url, '/v1/sign-in', { id: 'HQ1', password: 'hq-manager-pass' })).value.token as string;
  for (const terminalId of ['T1', 'T2']) {
    const made = await hubPost(hub.url, '/v1/terminals/enrol-code', { terminalId, outletCode: OUTLET.outletCode, name: `${terminalId.slice(1)}号柜台` }, hq);
    if (!made.ok) throw new Error(`enrol-code ${terminalId}: ${made.error?.code}`);
    const vp = await startVirtualPrinter();
    printers.push(vp);
    servers.push(await startServer({ printerPort: vp.port, monitoringUrl: sim.url, terminalId, hub: { url: hub.url, enrolmentCode: made.value.code as string } }));
  }
  // The board is set at counter 1 only; the conversion table and the till at each.
  await stockOutlet(servers[0]!);
  await stockOutlet(servers[1]!, []);
  b = await launchBrowser();
  pages = [b.page, await b.context.newPage()];
  for (const [i, page] of pages.entries()) await signIn(page, servers[i]!.url, 'T001');
}, 180_000);

afterAll(async () => {
  await b?.close();
  for (const s of servers) await s.stop();
  await hub?.close();
  await sim?.stop();
  for (const vp of printers) await vp.close();
});

/** A trade typed at one counter's page, up to its quote. */
async function enterTrade(page: Page, t: Parameters<typeof typeTrade>[2]): Promise<Keyboard> {
  const kb = new Keyboard(page);
  await typeTrade(page, kb, t);
  return kb;
}

describe('two counters of one outlet, each in its own page', () => {
  it('both connected to the hub; the board set at counter 1 is counter 2\'s; a trade at one counts at the other; each numbers in its own book', async () => {
    const [one, two] = pages as [Page, Page];
    for (const page of pages) await expect.poll(() => readers(() => page).attr('status-hub', 'data-state'), { ...POLL, timeout: 30_000 }).toBe('online');

    // Counter 1: a customer changes USD 300.
    let kb = await enterTrade(one, { idNumber: ALICE.idNumber, name: '李小华', currency: 'USD', amount: '300' });
    await expect.poll(() => focused(one), POLL).toBe('confirm-button');
    expect(await readers(() => one).text('quote-rate')).toContain('709.50');
    await kb.press('Enter');
    await one.getByTestId('done-panel').waitFor();
    const first = await readers(() => one).text('done-receipt-no');
    expect(first).toMatch(/^B\d{4}-\d{6}$/);

    // Counter 2, seconds later: the same board (pulled from the hub), and the customer's trade at
    // counter 1 in the day's figure, the quote saying it counted the other counters.
    await expect.poll(async () => (await servers[0]!.ok('session.info', {})).hub?.eventsBehind, { ...POLL, timeout: 30_000 }).toBe(0);
    // A customer new to this counter, known at counter 1: the hub gives the name, the teller types none.
    kb = await enterTrade(two, { idNumber: ALICE.idNumber, currency: 'USD', amount: '200' });
    expect(await two.getByTestId('customer-name').inputValue()).toBe('李小华');
    expect(await readers(() => two).attr('customer-found', 'data-known')).toBe('true');
    await expect.poll(() => focused(two), POLL).toBe('confirm-button');
    expect(await readers(() => two).text('quote-rate')).toContain('709.50');
    expect(await readers(() => two).attr('quote-sources', 'data-hub')).toBe('online');
    expect(await readers(() => two).text('quote-sources')).toBe('本柜台 · 其他柜台 USD 300.00（1 笔） · 外汇局');
    // The customer's day beside it says whose it is: this counter's, and the other counters' as the quote counted them.
    expect(await readers(() => two).text('customer-day')).toContain('本柜台今日已兑换 0 笔');
    expect(await readers(() => two).text('customer-other-counters')).toBe('其他柜台今日 1 笔，折合 USD 300.00');
    expect(await readers(() => two).text('customer-remaining')).toBe('USD 4,500.00');
    await screenshot(two, 'e2e-two-counters-quote');
    await kb.press('Enter');
    await two.getByTestId('done-panel').waitFor();
    const second = await readers(() => two).text('done-receipt-no');
    expect(second).toMatch(/^B\d{4}-\d{6}$/);
    // Each counter's own book: never a number of the other's.
    expect(second!.slice(0, 5)).not.toBe(first!.slice(0, 5));
    for (const [i, s] of servers.entries()) {
      const trades = await s.ok('trades.list', { date: businessDate(now()) });
      expect(trades.map((t) => t.receiptText)).toEqual([[first], [second]][i]);
    }
    await screenshot(one, 'e2e-two-counters-one');
  }, 120_000);
});

describe('notes from one counter to the other (issue 17 item 4)', () => {
  it('sent at counter 1, in transit at both pages, counted in at counter 2 (a short count refused first), received at counter 1', async () => {
    const [one, two] = pages as [Page, Page];
    await one.goto(`${servers[0]!.url}/#/transfers`);
    await one.getByTestId('transfers-screen').waitFor();
    await one.getByTestId('transfer-to').fill('T2');
    await one.getByTestId('transfer-currency').selectOption('USD');
    await one.getByTestId('transfer-amount').fill('200');
    await one.getByTestId('count-sent-USD-100').fill('2');
    await one.getByTestId('transfer-note').fill('午间补款');
    await one.getByTestId('transfer-send-submit').click();
    const outbound = one.locator('[data-direction="out"][data-state="inTransit"]');
    await expect.poll(() => outbound.count(), POLL).toBe(1);
    expect(await outbound.innerText()).toContain('2号柜台');
    expect(await outbound.innerText()).toContain('USD 200.00');

    // Counter 2 sees it within seconds, once the hub has it.
    await two.goto(`${servers[1]!.url}/#/transfers`);
    const inbound = two.locator('[data-direction="in"][data-state="inTransit"]');
    await expect.poll(() => inbound.count(), { ...POLL, timeout: 30_000 }).toBe(1);
    expect(await inbound.innerText()).toContain('1号柜台');
    expect(await inbound.innerText()).toContain('午间补款');
    await inbound.getByRole('button').click();
    await two.getByTestId('transfer-count').waitFor();
    // One note short: refused, nothing counted in; the reason and supervisor fields appear.
    await two.getByTestId('count-counted-USD-100').fill('1');
    await two.getByTestId('transfer-count-submit').click();
    await expect.poll(() => readers(() => two).attr('transfer-count-error', 'data-code'), POLL).toBe('TRANSFER_COUNT_DIFFERS');
    expect(await readers(() => two).text('transfer-count-error')).toContain('调出 USD 200.00，清点 USD 100.00');
    await two.getByTestId('transfer-count-supervisor').waitFor();
    await screenshot(two, 'e2e-transfer-count-differs');
    // Counted again, right: into the safe.
    await two.getByTestId('count-counted-USD-100').fill('2');
    await two.getByTestId('transfer-count-place').selectOption('safe');
    await two.getByTestId('transfer-count-submit').click();
    await expect.poll(() => inbound.count(), POLL).toBe(0);
    const safe = (await servers[1]!.ok('cash.notes', {})).find((n) => n.location === 'safe' && n.currency === 'USD');
    expect(safe?.notes).toEqual([{ denomination: '100', count: 2 }]);

    // Counter 1 hears of the count from the hub: no longer in transit; received, by whom.
    await expect.poll(() => outbound.count(), { ...POLL, timeout: 30_000 }).toBe(0);
    await one.getByTestId('transfers-all').check();
    const done = one.locator('[data-direction="out"][data-state="received"]');
    await expect.poll(() => done.count(), POLL).toBe(1);
    expect(await done.innerText()).toContain('已入库（T001');
    await screenshot(one, 'e2e-transfer-received');
  }, 120_000);
});

describe('the institution\'s reserve accounts (issue 17 item 5)', () => {
  it('registered by HQ, shown at both counters; cash paid in at counter 1 is taken out at counter 2; more than the institution\'s account holds is refused there', async () => {
    const [one, two] = pages as [Page, Page];
    const made = await hubPost(hub.url, '/v1/reserve-accounts', { bankName: '中国银行北京首都机场支行', currency: 'CNY', accountNo: '3388-0001' }, hq);
    expect(made.ok, JSON.stringify(made.error)).toBe(true);
    const account = made.value.id as string;
    for (const s of servers) await expect.poll(async () => (await s.ok('reserves.accounts', {})).accounts.map((a) => a.id), { ...POLL, timeout: 30_000 }).toEqual([account]);
    // The manager at counter 1 is told the accounts are HQ's, not shown forms that would be refused.
    await signIn(one, servers[0]!.url, 'M001');
    await one.goto(`${servers[0]!.url}/#/reserves`);
    await one.getByTestId('reserves-screen').waitFor();
    expect(await readers(() => one).text('reserves-at-hq')).toContain('由总部在机构中心登记');
    expect(await one.getByTestId('open-bank').count()).toBe(0);
    await one.getByTestId('move-kind-cash_deposit').click();
    await one.getByTestId('move-currency').selectOption('CNY');
    await one.getByTestId('move-place').selectOption('till');
    await one.getByTestId('move-account').selectOption(account);
    await one.getByTestId('move-amount').fill('1000');
    await one.getByTestId('move-submit').click();
    await expect.poll(() => readers(() => one).text(`reserves-balance-${account}`), POLL).toBe('1,000.00');
    await expect.poll(async () => (await servers[0]!.ok('session.info', {})).hub?.eventsBehind, { ...POLL, timeout: 30_000 }).toBe(0);

    // At counter 2, a supervisor takes out 600 of it: this counter's net is below zero, the account is not.
    await signIn(two, servers[1]!.url, 'S001');
    await two.goto(`${servers[1]!.url}/#/reserves`);
    await two.getByTestId('reserves-screen').waitFor();
    const withdraw = async (amount: string) => {
      await two.getByTestId('move-kind-cash_withdrawal').click();
      await two.getByTestId('move-currency').selectOption('CNY');
      await two.getByTestId('move-account').selectOption(account);
      await two.getByTestId('move-place').selectOption('till');
      await two.getByTestId('move-amount').fill(amount);
      await two.getByTestId('move-submit').click();
    };
    await withdraw('600');
    await expect.poll(() => readers(() => two).text(`reserves-balance-${account}`), POLL).toBe('-600.00');
    expect(await two.getByTestId('reserves-accounts').innerText()).toContain('本柜台存取净额');
    await withdraw('400.01');
    await expect.poll(() => readers(() => two).attr('move-error', 'data-code'), POLL).toBe('RESERVE_INSUFFICIENT');
    expect(await readers(() => two).text('move-error')).toContain('余额只有 400');
    expect(await readers(() => two).text(`reserves-balance-${account}`)).toBe('-600.00');
    await screenshot(two, 'e2e-reserves-institution');
  }, 120_000);
});

describe('the outlet\'s close over its two counters (issue 17 item 5)', () => {
  it('each counter closes its till; a supervisor at counter 1 closes the outlet on the closed day\'s screen; counter 2 shows the outlet closed', async () => {
    const [one, two] = pages as [Page, Page];
    const date = businessDate(now());
    for (const s of servers) {
      const prep = await s.ok('dayClose.prepare', { date });
      // At an outlet of two counters, a counter's close leaves the other's records at SAFE alone.
      expect(prep.reconciliation.items.filter((i) => i.kind === 'missingOnTerminal')).toEqual([]);
      await s.ok('dayClose.close', {
        date, counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })),
        resolutions: prep.reconciliation.items.map((i) => ({ key: i.key, resolution: '已核实 checked' })), actor: 'S001',
      });
    }
    for (const s of servers) await expect.poll(async () => (await s.ok('session.info', {})).hub?.eventsBehind, { ...POLL, timeout: 30_000 }).toBe(0);
    await signIn(one, servers[0]!.url, 'S001');
    await one.goto(`${servers[0]!.url}/#/dayclose?date=${date}`);
    const panel = one.getByTestId('outlet-close');
    await panel.waitFor();
    await expect.poll(() => one.locator('[data-testid^="outlet-counter-"][data-closed="true"]').count(), POLL).toBe(2);
    await one.getByTestId('outlet-close-submit').click();
    await expect.poll(() => readers(() => one).attr('outlet-close', 'data-closed'), POLL).toBe('true');
    expect(await readers(() => one).text('outlet-close-done')).toContain('S001');
    await screenshot(one, 'e2e-outlet-closed');
    // Counter 2 hears of it at its next pull: the date locked there too, and its screen says so.
    await expect.poll(async () => (await servers[1]!.api('dayClose.outletStatus', { date })).ok, POLL).toBe(true);
    await two.goto(`${servers[1]!.url}/#/dayclose?date=${date}`);
    await expect.poll(() => readers(() => two).attr('outlet-close', 'data-closed'), { ...POLL, timeout: 30_000 }).toBe('true');
    const late = await servers[1]!.api('cash.transferSend', { toCounter: 'T1', from: 'safe', currency: 'USD', amount: '100', notes: [{ denomination: '100', count: 1 }], actor: 'S001' });
    expect(late.ok ? 'ok' : late.error.code).toBe('DAY_CLOSED');
  }, 120_000);
});
