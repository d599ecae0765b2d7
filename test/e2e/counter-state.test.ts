// The counter's state before work and its errors where the eye is (issue 20 items 1 and 5), end to
// end at a 1366×768 counter PC: a real (not training) terminal reporting to the monitoring-system
// simulator, which a test takes offline. Offline, a real-time trade's confirm button says page mode
// BEFORE Enter (第三十六条(二)); the ID field says its refusal once the number is complete or on
// Enter, not while it is typed; after a trade the customer's day counts it; the annual-quota line
// says which quota (结汇 or 购汇); an add-person refusal is said at its field, in sight; and after
// the day close the counter and the status bar say the day is closed and the first key of a trade
// is refused (第三十二条(五)).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDate, clockFrom } from '../../shared/time';
import { resident, startSimulator, type Simulator } from '../helpers/simulator';
import { E2E_NOW, ensureRendererBuilt, focused, Keyboard, launchBrowser, passwordOf, POLL, readers, requireChromium, screenshot, signIn, startServer, stockOutlet, typeTrade, type Browsing, type Server } from './helpers';

const FIRST = resident(501);
const SMALL = resident(502);
const LARGE = resident(503);

let sim: Simulator;
let server: Server;
let b: Browsing;
const now = clockFrom(E2E_NOW);
const poll = POLL;
const { text, attr } = readers(() => b.page);

beforeAll(async () => {
  requireChromium();
  await ensureRendererBuilt();
  const month = businessDate(now()).slice(0, 7);
  sim = await startSimulator({ from: E2E_NOW, fixture: { conversionRates: { [month]: { EUR: '1.0800', JPY: '0.0066', HKD: '0.1282', GBP: '1.2600' } } } });
  server = await startServer({ monitoringUrl: sim.url });
  await stockOutlet(server);
  b = await launchBrowser();
  await b.page.setViewportSize({ width: 1366, height: 768 });
  await signIn(b.page, server.url, 'T001');
}, 120_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
  await sim?.stop();
});

/** Whether an element is inside the window (1366×768), not scrolled out of it. */
async function inSight(testId: string): Promise<boolean> {
  const box = await b.page.getByTestId(testId).first().boundingBox();
  return !!box && box.y >= 0 && box.y + box.height <= 768 && box.x >= 0 && box.x + box.width <= 1366;
}

describe('issue 20 items 1 and 5: the counter\'s state before work, and errors where the eye is, at 1366×768', () => {
  it('第三十一条: the ID field says nothing while a number is typed, and says what is wrong once it is complete or on Enter', async () => {
    const page = b.page;
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    await page.keyboard.type(FIRST.idNumber.slice(0, 10));
    // The lookup has answered (ID_FORMAT, as typed so far): nothing red while typing.
    await page.waitForTimeout(800);
    expect(await page.getByTestId('customer-error').count()).toBe(0);
    expect(await attr('customer-idnumber', 'aria-invalid')).toBe('false');
    // Enter: said in full.
    await page.keyboard.press('Enter');
    await expect.poll(() => attr('customer-error', 'data-code'), poll).toBe('ID_FORMAT');
    expect(await attr('customer-idnumber', 'aria-invalid')).toBe('true');
    // Typed again (the refused number is selected, to retype): quiet until the number is whole; a
    // whole one with a wrong check character is said at once.
    const wrong = FIRST.idNumber.slice(0, 17) + (FIRST.idNumber.endsWith('1') ? '2' : '1');
    await page.keyboard.type(wrong.slice(0, 16));
    await page.waitForTimeout(800);
    expect(await page.getByTestId('customer-error').count()).toBe(0);
    expect(await page.getByTestId('customer-idnumber').inputValue()).toBe(wrong.slice(0, 16));
    await page.keyboard.type(wrong.slice(16));
    await expect.poll(() => attr('customer-error', 'data-code'), poll).toBe('ID_CHECK_CHARACTER');
    expect(await inSight('customer-error')).toBe(true);
    await screenshot(page, 'e2e-state-id-error');
    await page.keyboard.press('F1');
  });

  it('after a trade the customer panel counts it ("今日已兑换 1 笔"); the annual quota says 结汇 or 购汇 by the direction', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await typeTrade(page, kb, { idNumber: FIRST.idNumber, name: '钱一', currency: 'USD', amount: '100' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    expect(await text('customer-day')).toContain('今日已兑换 0 笔');
    // The quote asked SAFE for the settlement quota: the line says so.
    await expect.poll(() => attr('customer-quota', 'data-direction'), poll).toBe('settlement');
    expect(await text('customer-quota')).toContain('年度结汇额度');
    await kb.press('Enter');
    await page.getByTestId('done-receipt-no').waitFor();
    await expect.poll(() => text('customer-day'), poll).toContain('今日已兑换 1 笔');
    expect(await text('customer-usd-total')).toBe('USD 100.00');
    await page.getByTestId('customer-today-trades').waitFor();
    expect(await text('customer-today-trades')).toContain(`#${await text('done-receipt-no')}`);
    await screenshot(page, 'e2e-state-day-counted');

    // The same customer buying: the quote's line is the purchase quota.
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    await kb.type(FIRST.idNumber);
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    await kb.press('F2');
    await kb.type('USD');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    await kb.type('50');
    await expect.poll(() => attr('customer-quota', 'data-direction'), poll).toBe('purchase');
    expect(await text('customer-quota')).toContain('年度购汇额度');
    await page.keyboard.press('F1');
  });

  it('第三十六条(二): offline, a real-time trade\'s confirm button says page mode before Enter, and Enter opens page mode with no failed entry first', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await sim.down(new Date(now().getTime() + 3_600_000).toISOString());
    // A small trade is queued for back-fill; the sync loop finds the system offline, as the status bar shows.
    await typeTrade(page, kb, { idNumber: SMALL.idNumber, name: '孙二', currency: 'USD', amount: '100' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await kb.press('Enter');
    await page.getByTestId('done-receipt-no').waitFor();
    await expect.poll(() => attr('status-monitoring', 'data-online'), { timeout: 30_000, interval: 200 }).toBe('offline');

    // Above 500 USD: real-time entry, which cannot be made now. Said on the button before Enter.
    await kb.press('Enter');
    await typeTrade(page, kb, { idNumber: LARGE.idNumber, name: '李三', currency: 'USD', amount: '800' });
    await expect.poll(() => attr('quote-path', 'data-path'), poll).toBe('realtime');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await expect.poll(() => attr('confirm-button', 'data-page-mode'), poll).toBe('true');
    const button = (await text('confirm-button')) ?? '';
    expect(button).toContain('页面录入');
    expect(button).toContain('page mode');
    expect(button).not.toContain('实时录入监测系统');
    expect(await inSight('confirm-button')).toBe(true);
    await screenshot(page, 'e2e-state-page-mode-ahead');
    await kb.press('Enter');
    await page.getByTestId('pagemode-panel').waitFor();
    expect(await page.getByTestId('pagemode-error').count()).toBe(0);
    expect(await text('pagemode-offline')).toContain('监测系统离线');
    await expect.poll(() => focused(page), poll).toBe('pagemode-refno');
    await kb.type('PAGE20261204');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('pagemode-supervisor');
    await kb.type('S001');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('pagemode-supervisor-password');
    await kb.type(passwordOf('S001'));
    await kb.press('Enter');
    await page.getByTestId('done-receipt-no').waitFor();
    const made = await server.ok('trades.get', { receiptNo: Number(await text('done-receipt-no')) });
    expect(made.channel).toBe('41');
    expect(made.refNo).toBe('PAGE20261204');
    await sim.down(new Date(0).toISOString());
  });

  it('an add-person refusal is said at its field, in sight at 1366×768, not at the top of the page', async () => {
    const page = b.page;
    await signIn(page, server.url, 'M001');
    await page.goto(`${server.url}/#/people`);
    await page.getByTestId('people-create').waitFor();
    // A staff ID that exists.
    await page.getByTestId('create-id').fill('T001');
    await page.getByTestId('create-name').fill('重复');
    await page.getByTestId('create-password').fill('a-long-password-1');
    await page.getByTestId('create-submit').click();
    await expect.poll(() => attr('people-create-error', 'data-code'), poll).toBe('PERSON_EXISTS');
    expect(await inSight('people-create-error')).toBe(true);
    // In the form, right under the staff ID, which is marked.
    const underId = await page.getByTestId('create-id').evaluate((id) => {
      // In the page (the tests are compiled without the DOM library): the element right after the field's label holds the refusal.
      const next = id.closest('label')?.nextElementSibling;
      return !!next && !!next.querySelector('[data-testid="people-create-error"]') && !!next.closest('[data-testid="people-create"]');
    });
    expect(underId).toBe(true);
    expect(await attr('create-id', 'aria-invalid')).toBe('true');
    expect(await page.getByTestId('people-error').count()).toBe(0);
    await screenshot(page, 'e2e-state-people-error');
    // A password too short: under the password.
    await page.getByTestId('create-id').fill('T009');
    await page.getByTestId('create-password').fill('abc');
    await page.getByTestId('create-submit').click();
    await expect.poll(() => attr('people-create-error', 'data-code'), poll).toBe('PASSWORD_TOO_SHORT');
    expect(await attr('create-password', 'aria-invalid')).toBe('true');
    expect(await inSight('people-create-error')).toBe(true);
  });

  it('第三十二条(五): after the day close the counter and the status bar say so, and the first key of a trade is refused with what to do', async () => {
    const page = b.page;
    await signIn(page, server.url, 'T001');
    expect(await page.getByTestId('status-day-closed').count()).toBe(0);
    expect(await page.getByTestId('counter-day-closed').count()).toBe(0);
    const date = (await server.ok('session.info', {})).businessDate;
    const prep = await server.ok('dayClose.prepare', { date });
    const closed = await server.api('dayClose.close', {
      date,
      counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })),
      resolutions: prep.reconciliation.items.map((i) => ({ key: i.key, resolution: '已在监测系统页面核对 checked on SAFE\'s page' })),
    }, 'T001');
    expect(closed.ok ? 'closed' : closed.error.code).toBe('closed');
    expect((await server.ok('session.info', {})).dayClosed).toBe(true);

    // Shown again (F1 from another screen asks the session again), before anything is typed.
    await page.keyboard.press('F8');
    await page.getByTestId('trades-screen').waitFor();
    await page.keyboard.press('F1');
    await page.getByTestId('counter-day-closed').waitFor();
    expect(await text('counter-day-closed')).toContain('今日已日结');
    expect(await text('counter-day-closed')).toContain(date);
    expect(await text('status-day-closed')).toBe('今日已日结');
    expect(await inSight('status-day-closed')).toBe(true);
    expect(await page.getByTestId('counter-day-closed-refusal').count()).toBe(0);
    // The quote asks for no ID on a closed day: it says the day is closed.
    expect(await text('quote-waiting')).toBe('今日已日结');
    // The first key of a trade: refused, nothing taken, and what to do said at the ID.
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    await page.keyboard.type('1');
    await expect.poll(() => attr('counter-day-closed-refusal', 'data-code'), poll).toBe('DAY_CLOSED');
    expect(await page.getByTestId('customer-idnumber').inputValue()).toBe('');
    const said = (await text('counter-day-closed-refusal')) ?? '';
    expect(said).toContain(`营业日 ${date} 已日结`);
    expect(said).toContain('下一营业日');
    expect(said).toContain('next business day');
    expect(await inSight('counter-day-closed-refusal')).toBe(true);
    await screenshot(page, 'e2e-state-day-closed');
    // In English, the mark in English.
    await page.keyboard.press('F10');
    await expect.poll(() => text('status-day-closed'), poll).toBe('Day closed');
    await page.keyboard.press('F10');
    expect(b.pageErrors).toEqual([]);
  });
});
