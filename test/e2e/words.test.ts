// Words in front of people (issue 20 items 3, 9, 10), in Chromium at 1366×768 with the browser's
// locale en-US and the app in Chinese: no internal name (a role, a method, an account, a 26-character
// id) on screen, F10 on the sign-in screen switches the language as its status bar says, and every
// date and month field speaks the app's language, never the PC's "12/04/2026".
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { resident } from '../helpers/simulator';
import { focused, passwordOf, POLL, screenshot, type Browsing, type Server, withServerAndBrowser, typeTrade, Keyboard } from './helpers';

let server: Server;
let b: Browsing;
let context: BrowserContext;
let page: Page;
const poll = POLL;
/** How a date looks in the en-US locale: what must never be on screen. */
const US_DATE = /\b\d{1,2}\/\d{1,2}\/\d{4}\b/;

withServerAndBrowser(async (s, br) => {
  server = s;
  b = br;
  // A PC whose locale is not the app's language.
  context = await b.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.on('pageerror', (e) => b.pageErrors.push(e.message));
});

async function signInAs(id: string): Promise<void> {
  await page.goto(`${server.url}/#/signin`);
  await page.getByTestId('signin-teller').fill(id);
  await page.getByTestId('signin-teller').press('Enter');
  await page.getByTestId('signin-password').fill(passwordOf(id));
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('status-role').waitFor();
}

const bodyText = () => page.locator('body').innerText();

describe('words, not internal names (issue 20 items 3, 9, 10)', () => {
  it('F10 on the sign-in screen switches the language, as its status bar says', async () => {
    await page.goto(`${server.url}/#/signin`);
    await page.getByTestId('signin-teller').waitFor();
    expect(await page.getByTestId('lang-switch').textContent()).toBe('English (F10)');
    expect(await page.locator('label.field > span').first().textContent()).toBe('工号');
    await page.keyboard.press('F10');
    await expect.poll(() => page.getByTestId('lang-switch').textContent(), poll).toBe('中文 (F10)');
    expect(await page.locator('label.field > span').first().textContent()).toBe('Staff ID');
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    // The practice people's roles are words of the language chosen.
    expect(await page.getByTestId('training-person-T01').textContent()).toContain('Teller');
    await screenshot(page, 'e2e-words-signin-en');
    // The cursor stayed in the ID field, and F10 again is Chinese.
    expect(await focused(page)).toBe('signin-teller');
    await page.keyboard.press('F10');
    await expect.poll(() => page.getByTestId('lang-switch').textContent(), poll).toBe('English (F10)');
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
  });

  it('a second reprint asks for a supervisor in words (第2次重打), and a role refusal names the role and the operation in words', async () => {
    await signInAs('T01');
    await page.getByTestId('customer-idnumber').waitFor();
    await typeTrade(page, new Keyboard(page), { idNumber: resident(301).idNumber, name: '练习', currency: 'HKD', amount: '1000' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await page.keyboard.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    await page.keyboard.press('F4');
    await expect.poll(() => page.getByTestId('notice').textContent(), poll).toContain('重打第 1 次');
    await page.keyboard.press('F4');
    await page.getByTestId('supervisor-dialog').waitFor();
    const error = await page.getByTestId('supervisor-error').innerText();
    expect(error).toContain('此操作须主管批准（第2次重打）');
    expect(error).toContain('(reprint, copy 2)');
    expect(error).not.toContain('reprint copy 2 第2次重打');
    await screenshot(page, 'e2e-words-reprint');
    await page.keyboard.press('Escape');
    await page.getByTestId('supervisor-dialog').waitFor({ state: 'detached' });

    // The refusal a teller would get for a rate (its form is not shown to a teller: item 2).
    const refused = await server.api('rates.set', { currency: 'USD', buyPer100: '700', sellPer100: '720' }, 'T01');
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message.zh).toBe('您的角色（柜员）不能办理此项操作（设置牌价）。请由有权限的人员办理。');
      expect(refused.error.message.en).toBe('Your role (Teller) may not do this (setting a rate). Ask someone whose role allows it.');
    }
    await page.getByTestId('sign-out').click();
  });

  it('the trial balance names its accounts in words of the language chosen; the reserve ledger shows a voucher id short, the whole in its tooltip', async () => {
    // A movement this month, for the reserve ledger.
    const moved = await server.api('reserves.move', { kind: 'till_safe', currency: 'USD', amount: '100', from: 'till', to: 'safe', note: '入库', actor: 'S01' });
    if (!moved.ok) throw new Error(`reserves.move: ${moved.error.code} ${moved.error.message.en}`);
    await signInAs('S01');
    await page.goto(`${server.url}/#/reports`);
    await page.getByTestId('report-pick-trialBalance').click();
    await page.getByTestId('report-show').click();
    await page.getByTestId('report-view').waitFor();
    const zh = await page.getByTestId('report-view').innerText();
    expect(zh).toContain('资本金 CNY');
    expect(zh).toContain('现钞 CNY');
    expect(zh).not.toMatch(/capital|exchange|variance|cash:|:CNY/);
    await screenshot(page, 'e2e-words-trial-balance');
    await page.keyboard.press('F10');
    await expect.poll(() => page.getByTestId('report-view').innerText(), poll).toContain('Capital CNY');
    expect(await page.getByTestId('report-view').innerText()).not.toMatch(/capital:|cash:|:CNY/);
    await page.keyboard.press('F10');

    await page.getByTestId('report-pick-reserveLedger').click();
    await page.getByTestId('report-show').click();
    await page.getByTestId('report-view').waitFor();
    const voucher = page.locator('[data-testid="report-view"] td[data-full]').first();
    await voucher.waitFor();
    const full = await voucher.getAttribute('data-full');
    expect(full!.length).toBeGreaterThanOrEqual(20);
    expect(await voucher.getAttribute('title')).toBe(full);
    const shown = (await voucher.innerText()).trim();
    expect(shown.length).toBeLessThanOrEqual(10);
    expect(full!.endsWith(shown.slice(-4))).toBe(true);
    // Not clipped at 1366: the short form fits its cell.
    expect(await voucher.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await bodyText()).not.toContain(full!);
  });

  it('every date and month field speaks the app language, whatever the browser locale (en-US here): no 12/04/2026', async () => {
    // No native date, month or date-time input anywhere a date is asked.
    const natives = () => page.locator('input[type="date"], input[type="month"], input[type="datetime-local"]').count();
    await page.goto(`${server.url}/#/reports`);
    await page.getByTestId('report-pick-form1').click();
    await page.getByTestId('report-from').waitFor();
    expect(await natives()).toBe(0);
    await expect.poll(() => page.getByTestId('report-from').inputValue(), poll).toBe('2026-12-04');
    expect(await page.getByTestId('report-from-words').textContent()).toBe('2026年12月4日 星期五');
    expect(await bodyText()).not.toMatch(US_DATE);

    // The picker: its month and week days in Chinese; a day picked is the field's.
    await page.getByTestId('report-from').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.getByTestId('report-from-picker').waitFor();
    expect(await page.getByTestId('report-from-picker-title').textContent()).toBe('2026年12月');
    expect(await page.getByTestId('report-from-picker').innerText()).toContain('一');
    // By keyboard: the day shown has the focus, ← three days back, Enter picks.
    await expect.poll(() => page.locator(':focus').getAttribute('data-value'), poll).toBe('2026-12-04');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.getByTestId('report-from-picker').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('report-from').inputValue(), poll).toBe('2026-12-01');
    expect(await page.getByTestId('report-from-words').textContent()).toBe('2026年12月1日 星期二');
    expect(await focused(page)).toBe('report-from');
    // ↑ a day later.
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.getByTestId('report-from').inputValue(), poll).toBe('2026-12-02');
    await screenshot(page, 'e2e-words-dates-zh');

    // In English after F10: the words follow, still never the US form.
    await page.keyboard.press('F10');
    await expect.poll(() => page.getByTestId('report-from-words').textContent(), poll).toBe('Wednesday 2 December 2026');
    await page.keyboard.press('Alt+ArrowDown');
    expect(await page.getByTestId('report-from-picker-title').textContent()).toBe('December 2026');
    await page.keyboard.press('Escape');
    await page.getByTestId('report-from-picker').waitFor({ state: 'detached' });
    expect(await bodyText()).not.toMatch(US_DATE);
    await page.keyboard.press('F10');
    // By mouse: a day clicked, in the previous month; a click elsewhere closes the picker.
    await page.getByTestId('report-to-pick').click();
    await page.locator('[data-testid="report-to-picker"] button[aria-label="上一页"]').click();
    expect(await page.getByTestId('report-to-picker-title').textContent()).toBe('2026年11月');
    await page.locator('[data-testid="report-to-picker"] button[data-value="2026-11-30"]').click();
    await expect.poll(() => page.getByTestId('report-to').inputValue(), poll).toBe('2026-11-30');
    expect(await page.getByTestId('report-to-words').textContent()).toBe('2026年11月30日 星期一');
    await page.getByTestId('report-to-pick').click();
    await page.getByTestId('report-to-picker').waitFor();
    await page.locator('h1').first().click();
    await page.getByTestId('report-to-picker').waitFor({ state: 'detached' });

    // A month: the reserve ledger and 附表2.
    await page.getByTestId('report-pick-form2').click();
    await expect.poll(() => page.getByTestId('report-month').inputValue(), poll).toBe('2026-12');
    expect(await page.getByTestId('report-month-words').textContent()).toBe('2026年12月');
    await page.goto(`${server.url}/#/reserves`);
    await expect.poll(() => page.getByTestId('ledger-month').inputValue(), poll).toBe('2026-12');
    expect(await natives()).toBe(0);
    // The day close's date.
    await page.goto(`${server.url}/#/dayclose`);
    await page.getByTestId('dayclose-date').waitFor();
    expect(await natives()).toBe(0);
    await expect.poll(() => page.getByTestId('dayclose-date-words').textContent(), poll).toBe('2026年12月4日 星期五');
    expect(await bodyText()).not.toMatch(US_DATE);
    await screenshot(page, 'e2e-words-dates-dayclose');
    expect(b.pageErrors).toEqual([]);
  });
});
