// The counter end to end, as a teller uses it: Debian's Chromium drives the built renderer against
// browser mode's server (its own process), which prints to the virtual printer and reports to the
// monitoring-system simulator. Every test saves a screenshot under test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../electron/printer/decoder';
import { startVirtualPrinter, type VirtualPrinter } from '../../electron/printer/virtualPrinter';
import { businessDate, clockFrom } from '../../shared/time';
import { resident, startSimulator, type Simulator } from '../helpers/simulator';
import { E2E_NOW, Keyboard, ensureRendererBuilt, focused, launchBrowser, passwordOf, requireChromium, screenshot, signIn, startServer, stockOutlet, type Browsing, type Server, POLL, readers } from './helpers';

const ALICE = resident(101);
const WATCHED = resident(102);
const CAROL = resident(103);
const DAVE = resident(104);
const ERIN = resident(105);

let vp: VirtualPrinter;
let sim: Simulator;
let server: Server;
let b: Browsing;
/** The time the server and the simulator both run on (from E2E_NOW, whatever the machine's date). */
const now = clockFrom(E2E_NOW);

const { text, attr } = readers(() => b.page);
const poll = POLL;

beforeAll(async () => {
  requireChromium();
  await ensureRendererBuilt();
  vp = await startVirtualPrinter();
  const month = businessDate(now()).slice(0, 7);
  sim = await startSimulator({
    from: E2E_NOW,
    fixture: {
      persons: [{ ...WATCHED, name: '王五', status: '03', listing: { date: '2026-01-05', expiry: '2099-01-05', reasonCode: '01' } }],
      conversionRates: { [month]: { EUR: '1.0800', JPY: '0.0066', HKD: '0.1282', GBP: '1.2600' } },
    },
  });
  server = await startServer({ printerPort: vp.port, monitoringUrl: sim.url });
  await stockOutlet(server);
  b = await launchBrowser();
  await signIn(b.page, server.url, 'T001');
}, 120_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
  await sim?.stop();
  await vp?.close();
});

/** Types a customer's ID (and the name, if the counter asks for it), then currency and amount. */
async function enterTrade(kb: Keyboard, t: { idNumber: string; name?: string; currency: string; amount: string }): Promise<void> {
  await b.page.getByTestId('customer-idnumber').waitFor({ state: 'visible' });
  await expect.poll(() => focused(b.page), poll).toBe('customer-idnumber');
  await kb.type(t.idNumber);
  await kb.press('Enter');
  if (t.name !== undefined) {
    await expect.poll(() => focused(b.page), poll).toBe('customer-name');
    await kb.type(t.name);
    await kb.press('Enter');
  }
  await expect.poll(() => focused(b.page), poll).toBe('trade-currency');
  await kb.type(t.currency);
  // Three letters of a known currency move on by themselves.
  await expect.poll(() => focused(b.page), poll).toBe('trade-amount');
  await kb.type(t.amount);
  await kb.press('Enter');
}

describe('the counter, end to end', () => {
  it('a full trade from the ID to the printed receipt; a returning customer in three keys beyond the data', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await enterTrade(kb, { idNumber: ALICE.idNumber, name: '李小华', currency: 'USD', amount: '300' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    expect(await text('quote-pays')).toBe('USD 300.00');
    expect(await text('quote-receives')).toBe('CNY 2,128.50');
    expect(await text('quote-rate')).toContain('709.50');
    expect(await attr('quote-path', 'data-path')).toBe('backfill');
    expect(await text('confirm-button')).toContain('确认并打印两联 Commit and print 2 copies');
    await kb.press('Enter');

    await page.getByTestId('done-panel').waitFor();
    const receiptNo = Number(await text('done-receipt-no'));
    expect(receiptNo).toBeGreaterThan(0);
    await expect.poll(() => attr('print-state', 'data-state'), poll).toBe('done');
    // The virtual printer received both parts, with the number and the name.
    const printed = vp.jobs().map((j) => decode(j)).find((d) => d.parts.some((p) => p.join('\n').includes('李小华')));
    expect(printed).toBeDefined();
    expect(printed!.parts.length).toBe(2);
    for (const part of printed!.parts) {
      expect(part.join('\n')).toContain(String(receiptNo));
      expect(part.join('\n')).toContain('李小华');
    }
    await screenshot(page, 'e2e-full-trade');

    // The same customer again: Enter (new trade), ID, Enter, currency, amount, Enter, Enter.
    kb.controlKeys = 0;
    await expect.poll(() => focused(page), poll).toBe('new-trade');
    await kb.press('Enter');
    await enterTrade(kb, { idNumber: ALICE.idNumber, currency: 'USD', amount: '200' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    expect(await page.getByTestId('customer-name').inputValue()).toBe('李小华');
    expect(await text('customer-usd-total')).toBe('USD 300.00');
    expect(await attr('customer-quota', 'data-online')).toBe('true');
    await screenshot(page, 'counter');
    await kb.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    await expect.poll(() => attr('print-state', 'data-state'), poll).toBe('done');
    expect(kb.controlKeys).toBe(4); // one to start the trade, three to do it
    expect(kb.controlKeys).toBeLessThanOrEqual(10);
    const day = await server.ok('trades.personDay', ALICE);
    expect(day.count).toBe(2);
    expect(day.usdTotal).toBe('500');

    // F4 reprints the last receipt; the second copy needs a supervisor, who approves in a dialog
    // with their ID and password.
    const last = Number(await text('done-receipt-no'));
    await kb.press('F4');
    await expect.poll(() => text('notice'), poll).toContain(`水单 ${last} 已送打印（重打第 1 次）`);
    await kb.press('F4');
    await page.getByTestId('supervisor-dialog').waitFor();
    expect(await attr('supervisor-dialog', 'data-testid')).toBe('supervisor-dialog');
    await expect.poll(() => focused(page), poll).toBe('supervisor-id');
    await kb.type('S001');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('supervisor-id-password');
    expect(await page.getByTestId('supervisor-id-password').getAttribute('type')).toBe('password');
    await kb.type('wrong-password');
    await kb.press('Enter');
    await expect.poll(() => attr('supervisor-error', 'data-code'), poll).toBe('SIGN_IN_FAILED');
    await page.getByTestId('supervisor-id-password').fill(passwordOf('S001'));
    await kb.press('Enter');
    await page.getByTestId('supervisor-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => text('notice'), poll).toContain('重打第 2 次');
    expect(await focused(page)).toBe('new-trade');
    const reprints = (await server.ok('printer.jobs', {})).filter((j) => j.receiptNo === last && j.kind === 'reprint');
    expect(reprints.map((j) => j.copyNo).sort()).toEqual([1, 2]);
  });

  it('a trade over the daily limit shows the rule in both languages and writes nothing but the attempt', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    const tradesBefore = await server.ok('trades.list', {});
    const jobsBefore = await server.ok('printer.jobs', {});
    const cashBefore = await server.ok('cash.onHand', {});

    await kb.press('F1');
    await enterTrade(kb, { idNumber: ALICE.idNumber, currency: 'USD', amount: '4600' });
    await expect.poll(() => attr('quote-refusal', 'data-code'), poll).toBe('DAILY_LIMIT_EXCEEDED');
    const refusal = await text('quote-refusal');
    expect(refusal).toContain('第二十九条');
    expect(refusal).toContain('4,500.00');
    expect(refusal).toContain('Reduce the amount or come back tomorrow');
    expect(await text('record-refusal')).toContain('记录拒绝 Record the refusal');
    // Quoting wrote nothing.
    expect((await server.ok('trades.personDay', ALICE)).attempts).toBe(0);
    await screenshot(page, 'e2e-daily-limit');

    // The cursor is back on the amount (Enter records nothing); recording is Tab, then Enter.
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    await kb.press('Tab');
    await expect.poll(() => focused(page), poll).toBe('record-refusal');
    await kb.press('Enter');
    await expect.poll(() => attr('done-panel', 'data-outcome'), poll).toBe('refused');
    const day = await server.ok('trades.personDay', ALICE);
    expect(day.count).toBe(2);
    expect(day.attempts).toBe(1);
    expect((await server.ok('trades.list', {})).length).toBe(tradesBefore.length);
    expect((await server.ok('printer.jobs', {})).length).toBe(jobsBefore.length);
    expect(await server.ok('cash.onHand', {})).toEqual(cashBefore);
  });

  it('a watch-listed customer: the banner, the prompt confirmed with Enter, then the trade', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await kb.press('F1');
    await enterTrade(kb, { idNumber: WATCHED.idNumber, name: '王五', currency: 'USD', amount: '100' });
    await expect.poll(() => attr('watch-banner', 'data-status'), poll).toBe('watch');
    await expect.poll(() => focused(page), poll).toBe('quote-prompt-ack-watchStatus');
    await screenshot(page, 'e2e-watch-list');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await kb.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    const receiptNo = Number(await text('done-receipt-no'));
    const trade = await server.ok('trades.get', { receiptNo });
    expect(trade.prompts).toContain('watchStatus');
  });

  it('cash by note: a purchase shows the notes proposed from the till; the notes received, recorded in the notes step, reach the till', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    const stock = async (currency: string, denomination: string) =>
      (await server.ok('cash.notes', {})).find((s) => s.location === 'till' && s.currency === currency)?.notes.find((n) => n.denomination === denomination)?.count ?? 0;
    const before = { cny100: await stock('CNY', '100'), cny50: await stock('CNY', '50'), usd100: await stock('USD', '100') };

    await kb.press('F1');
    await kb.press('F2');
    await expect.poll(() => attr('trade-direction-purchase', 'aria-pressed'), poll).toBe('true');
    await enterTrade(kb, { idNumber: ERIN.idNumber, name: '赵敏', currency: 'USD', amount: '370' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    expect(await text('quote-receives')).toBe('USD 370.00');
    expect(await text('quote-pays')).toBe('CNY 2,658.45');
    // The proposal under the amounts is the till's: the same as the Terminal proposes, made only
    // of notes the till holds.
    const proposed = await server.ok('cash.proposePayout', { currency: 'USD', amount: '370', location: 'till' });
    const mix = proposed.notes.map((n) => `${n.denomination} × ${n.count}`).join(', ');
    expect(mix).toContain('100 × 3');
    await expect.poll(() => attr('notes-proposal', 'data-state'), poll).toBe('ok');
    expect(await text('notes-proposal')).toContain('付出券别');
    expect(await text('notes-proposal')).toContain('Notes to pay');
    expect(await text('notes-proposal-mix')).toBe(`USD ${mix}`);

    // The notes step is one Tab away. The customer pays CNY 2,658.45 with 24 notes of 100 and
    // 5 of 50 (not the largest notes the default would record); first only the hundreds.
    await kb.press('Tab');
    expect(await focused(page)).toBe('notes-toggle');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('count-received-CNY-100');
    await kb.type('24');
    await expect.poll(() => attr('notes-received-check', 'data-state'), poll).toBe('differs');
    await kb.press('Escape');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await kb.press('Enter');
    // The Terminal refuses notes that do not add up; nothing is written and the step says where.
    await expect.poll(() => attr('commit-error', 'data-code'), poll).toBe('NOTES_INVALID');
    expect(await text('commit-error')).toContain('CNY 2,658.45');
    await expect.poll(() => focused(page), poll).toBe('count-received-CNY-100');
    expect(await stock('CNY', '100')).toBe(before.cny100);

    // The rest, down the column with Enter: 50 × 5, 5 × 1, 1 × 3, 0.1 × 4, 0.05 × 1.
    const rest: [string, string][] = [['50', '5'], ['20', ''], ['10', ''], ['5', '1'], ['1', '3'], ['0.5', ''], ['0.1', '4'], ['0.05', '1']];
    for (const [d, n] of rest) {
      await kb.press('Enter');
      await expect.poll(() => focused(page), poll).toBe(`count-received-CNY-${d}`);
      if (n) await kb.type(n);
    }
    await expect.poll(() => attr('notes-received-check', 'data-state'), poll).toBe('matches');
    expect(await attr('notes-paid-check', 'data-state')).toBe('blank');
    await screenshot(page, 'e2e-notes-step');
    await kb.press('Escape');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await kb.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    await expect.poll(() => attr('print-state', 'data-state'), poll).toBe('done');

    // The till holds the notes as recorded, and paid the proposal.
    expect(await stock('CNY', '100')).toBe(before.cny100 + 24);
    expect(await stock('CNY', '50')).toBe(before.cny50 + 5);
    expect(await stock('USD', '100')).toBe(before.usd100 - 3);
  });

  it('a void needs a supervisor who is not the teller, approving with their ID and password', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    const [first] = (await server.ok('trades.list', { search: ALICE.idNumber })).slice(-1);
    await kb.press('F8');
    await page.getByTestId('trades-screen').waitFor();
    await page.getByTestId('trades-search').fill(String(first!.receiptNo));
    // A number finds the receipt and any ID containing it: choose the row, then F5.
    await page.getByTestId(`trade-row-${first!.receiptNo}`).click();
    await expect.poll(() => page.getByTestId(`trade-row-${first!.receiptNo}`).getAttribute('class'), poll).toContain('selected');
    await page.getByTestId('trades-search').focus();
    await kb.press('F5');
    await page.getByTestId('void-dialog').waitFor();
    await expect.poll(() => focused(page), poll).toBe('void-reason');
    await kb.type('客户改变主意 customer changed their mind');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('void-supervisor');
    await kb.type('T001');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('void-supervisor-password');
    await kb.type(passwordOf('T001'));
    await kb.press('Enter');
    await expect.poll(() => attr('void-error', 'data-code'), poll).toBe('APPROVER_IS_REQUESTER');
    await page.getByTestId('void-supervisor').fill('S001');
    await page.getByTestId('void-supervisor-password').fill(passwordOf('S001'));
    await page.getByTestId('void-supervisor-password').focus();
    await kb.press('Enter');
    await page.getByTestId('void-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => attr(`trade-row-${first!.receiptNo}`, 'data-status'), poll).toBe('void');
    // Focus came back to the screen, not to nowhere.
    expect(await focused(page)).toBe('trades-search');
    const voided = await server.ok('trades.get', { receiptNo: first!.receiptNo });
    expect(voided.status).toBe('void');
    expect(voided.void?.supervisorId).toBe('S001');
    await screenshot(page, 'e2e-void');
  });

  it('the customer rate board shows a rate set in the editor (by a supervisor), and follows a change', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    // A teller may not set the board: F7 shows it to read, without the form it would be refused on
    // (issue 20 item 2).
    await kb.press('F7');
    await page.getByTestId('rates-screen').waitFor();
    await page.getByTestId('rates-table').waitFor();
    expect(await page.getByTestId('rates-form').count()).toBe(0);
    await signIn(page, server.url, 'S001');
    expect(await attr('status-role', 'data-role')).toBe('supervisor');
    await kb.press('F7');
    await page.getByTestId('rates-screen').waitFor();
    await expect.poll(() => focused(page), poll).toBe('rates-currency');
    await kb.type('EUR');
    await kb.press('Enter');
    await kb.type('770.12');
    await kb.press('Enter');
    await kb.type('790.34');
    await kb.press('Enter');
    await kb.press('Enter'); // fee 0
    await expect.poll(() => text('rates-buy-EUR'), poll).toBe('770.12');

    const board = await b.context.newPage();
    await board.setViewportSize({ width: 1920, height: 1080 });
    await board.goto(`${server.url}/#/board`);
    await expect.poll(() => board.getByTestId('board-buy-EUR').textContent(), poll).toBe('770.12');
    expect(await board.getByTestId('board-sell-EUR').textContent()).toBe('790.34');
    expect(await board.getByTestId('board-id-notice').textContent()).toContain('请出示有效身份证件 Please present valid ID');

    // A rate set now appears on the open board by itself. HKD is new to this board of an outlet that
    // trades: 第三十四条 asks its filing date with SAFE first (issue 19 item 3), 10 working days back.
    await page.getByTestId('rates-currency').fill('HKD');
    await page.getByTestId('rates-buy').fill('90.60');
    await page.getByTestId('rates-sell').fill('92.40');
    await page.getByTestId('rates-submit').click();
    await expect.poll(() => page.locator('[data-code="CURRENCY_NOT_FILED"]').count(), poll).toBeGreaterThan(0);
    await page.getByTestId('rates-filed-on').fill('2026-11-02');
    await page.getByTestId('rates-record-filing').click();
    await expect.poll(() => text('rates-listing-HKD'), poll).toContain('2026-11-16');
    await expect.poll(() => board.getByTestId('board-buy-HKD').textContent(), { timeout: 10_000, interval: 250 }).toBe('90.60');
    // 第三十四条: a slip (a decimal place off) is refused in words, nothing saved; the supervisor gives
    // a reason to confirm a real move, or types the rate again, which asks nothing more.
    await page.getByTestId('rates-currency').fill('HKD');
    await page.getByTestId('rates-buy').fill('906.0');
    await page.getByTestId('rates-sell').fill('924.0');
    await page.getByTestId('rates-submit').click();
    await expect.poll(() => page.locator('[data-code="RATE_FAR_FROM_BOARD"]').count(), poll).toBeGreaterThan(0);
    expect(await page.getByTestId('rates-error').textContent()).toContain('由主管填写原因后确认');
    expect(await page.getByTestId('rates-submit').isDisabled()).toBe(true);
    await page.getByTestId('rates-confirm-reason').fill('测试：确认行情');
    expect(await page.getByTestId('rates-submit').isDisabled()).toBe(false);
    await page.getByTestId('rates-buy').fill('90.80');
    await page.getByTestId('rates-sell').fill('92.60');
    expect(await page.getByTestId('rates-confirm-reason').count(), 'a rate typed again is asked afresh').toBe(0);
    await page.getByTestId('rates-submit').click();
    await expect.poll(() => board.getByTestId('board-buy-HKD').textContent(), { timeout: 10_000, interval: 250 }).toBe('90.80');
    await screenshot(board, 'rate-board');
    await screenshot(page, 'e2e-rate-editor');
    await board.close();
    await signIn(page, server.url, 'T001');
  });

  it('offline: a small trade is queued for back-fill, a large one goes by page mode, and the queue empties when the system is back', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await sim.down(new Date(now().getTime() + 3_600_000).toISOString());
    await kb.press('F1');
    await enterTrade(kb, { idNumber: CAROL.idNumber, name: '陈静', currency: 'USD', amount: '150' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    expect(await attr('customer-quota', 'data-online')).toBe('false');
    expect(await attr('quote-path', 'data-path')).toBe('backfill');
    await kb.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    const receiptNo = Number(await text('done-receipt-no'));
    expect(await attr('done-path', 'data-path')).toBe('backfill');
    await expect.poll(() => attr('status-monitoring', 'data-online'), poll).toBe('offline');
    await expect.poll(async () => Number(await attr('status-queue-pending', 'data-count')), poll).toBeGreaterThanOrEqual(1);
    await expect.poll(() => attr('print-state', 'data-state'), poll).toBe('done');
    await screenshot(page, 'e2e-offline-queued');

    // Above 500 USD the entry must be real-time: page mode, a reference number and a supervisor.
    await kb.press('Enter');
    await enterTrade(kb, { idNumber: DAVE.idNumber, name: '杜明', currency: 'USD', amount: '800' });
    await expect.poll(() => attr('quote-path', 'data-path'), poll).toBe('realtime');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    // Issue 20 item 1: the system is offline (the status bar says so), so the button says page mode before Enter.
    await expect.poll(() => attr('confirm-button', 'data-page-mode'), poll).toBe('true');
    expect(await text('confirm-button')).toContain('页面录入');
    await kb.press('Enter');
    await page.getByTestId('pagemode-panel').waitFor();
    expect(await text('pagemode-offline')).toContain('监测系统离线');
    await expect.poll(() => focused(page), poll).toBe('pagemode-refno');
    await kb.type('PAGE20260001');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('pagemode-supervisor');
    await kb.type('S001');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('pagemode-supervisor-password');
    await kb.type(passwordOf('S001'));
    await screenshot(page, 'e2e-page-mode');
    await kb.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    const pageTrade = await server.ok('trades.get', { receiptNo: Number(await text('done-receipt-no')) });
    expect(pageTrade.channel).toBe('41');
    expect(pageTrade.refNo).toBe('PAGE20260001');

    // The system comes back: the queue is sent and the status bar says so. (Were a real-time entry
    // tried and unanswered, SAFE might hold it: it would be looked up and withdrawn once a minute
    // had passed, electron/monitoring/intents.ts; offline, page mode is now taken without one.)
    // The queue is empty after that, however long it takes.
    await sim.down(new Date(0).toISOString());
    await kb.press('F6');
    await page.getByTestId('queue-screen').waitFor();
    await expect
      .poll(async () => {
        await page.getByTestId('queue-sync-now').click();
        return Number(await attr('status-queue-pending', 'data-count'));
      }, { timeout: 180_000, interval: 2_000 })
      .toBe(0);
    await expect.poll(() => attr('status-monitoring', 'data-online'), poll).toBe('online');
    await page.getByTestId('queue-filter-delivered').click();
    await expect.poll(() => page.locator(`[data-testid^="queue-row-"][data-receipt="${receiptNo}"]`).getAttribute('data-state'), poll).toBe('delivered');
    expect((await server.ok('trades.get', { receiptNo })).refNo).toBeTruthy();
    await screenshot(page, 'e2e-offline-delivered');
  }, 300_000);

  it('signed out by the Terminal (here: a manager disables the teller), the counter goes back to sign-in and says why', async () => {
    const page = b.page;
    expect((await server.api('people.create', { id: 'T002', name: '临时柜员', role: 'teller', password: 'teller-T002' }, 'M001')).ok).toBe(true);
    await page.goto(`${server.url}/#/signin`);
    await page.getByTestId('signin-teller').fill('T002');
    await page.getByTestId('signin-password').fill('not-the-password');
    await page.getByTestId('signin-password').press('Enter');
    await expect.poll(() => attr('signin-error', 'data-code'), poll).toBe('SIGN_IN_FAILED');
    await page.getByTestId('signin-password').fill('teller-T002');
    await page.getByTestId('signin-password').press('Enter');
    await page.getByTestId('customer-idnumber').waitFor();
    expect((await server.api('people.disable', { id: 'T002' }, 'M001')).ok).toBe(true);
    // The status bar's next poll hears NOT_SIGNED_IN.
    await page.getByTestId('signin-form').waitFor({ timeout: 15_000 });
    await expect.poll(() => text('notice'), poll).toContain('Sign in with your staff ID and password');
    await screenshot(page, 'e2e-signed-out');
    await signIn(page, server.url, 'T001');
  });

  it('no uncaught error reached the page', () => {
    expect(b.pageErrors).toEqual([]);
  });
});
