// Screens fit the role (issue 20 item 2), in Chromium at 1366×768: each role lands on its work
// after signing in, sees only the screens, tabs, forms and function keys its role may use (as the
// method specs' roles say, shared/api), and an address it may not open takes it to its work.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { passwordOf, POLL, screenshot, type Browsing, type Server, withServerAndBrowser } from './helpers';

let server: Server;
let b: Browsing;
const poll = POLL;
const REPORTER = { id: 'R01', name: '统计A角', role: 'reporterA', password: 'reporter-R01' } as const;

withServerAndBrowser(async (s, br) => {
  server = s;
  b = br;
  const made = await server.api('people.create', REPORTER, 'M01');
  if (!made.ok) throw new Error(`people.create: ${made.error.code}`);
  await b.page.setViewportSize({ width: 1366, height: 768 });
});

/** Through the sign-in screen, as a person does, waiting for nothing in particular after. */
async function signInAs(page: Page, id: string, password: string): Promise<void> {
  await page.goto(`${server.url}/#/signin`);
  await page.getByTestId('signin-teller').fill(id);
  await page.getByTestId('signin-teller').press('Enter');
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('status-role').waitFor();
}

const fkeys = (page: Page) => page.locator('[data-testid="fkey-bar"] kbd').allTextContents();
const hash = (page: Page) => page.evaluate('window.location.hash') as Promise<string>;

describe('screens fit the role (issue 20 item 2)', () => {
  it('第五十一条(一): a reporter lands on the reports, with only F10 on its bar, and no counter, queue, printer or reserve forms', async () => {
    const page = b.page;
    await signInAs(page, REPORTER.id, REPORTER.password);
    await page.getByTestId('reports-screen').waitFor();
    expect(await hash(page)).toBe('#/reports');
    expect(await page.getByTestId('people-screen').count()).toBe(0);
    expect(await fkeys(page)).toEqual(['F10']);
    expect(await page.getByTestId('customer-idnumber').count()).toBe(0);
    // The status bar has none of the counter's items (the queue, the monitoring system, the printer).
    for (const item of ['status-queue-pending', 'status-monitoring', 'status-printer', 'status-attention']) expect(await page.getByTestId(item).count(), item).toBe(0);
    expect(await page.getByTestId('status-role').textContent()).toBe('统计报表A角');
    // Its back-office tabs are what it may read: reserves and reports, not the day close, the handover…
    expect(await page.getByTestId('nav-reports').isVisible()).toBe(true);
    expect(await page.getByTestId('nav-reserves').isVisible()).toBe(true);
    for (const tab of ['nav-dayclose', 'nav-handover', 'nav-transfers', 'nav-calendar', 'nav-screening']) expect(await page.getByTestId(tab).count(), tab).toBe(0);
    await screenshot(page, 'e2e-roles-reporter');

    // The counter's keys do nothing for a reporter; F10 does what its bar says.
    await page.keyboard.press('F1');
    await page.keyboard.press('F12');
    expect(await hash(page)).toBe('#/reports');
    await page.keyboard.press('F10');
    await expect.poll(() => page.getByTestId('status-role').textContent(), poll).toBe('Reporter (A)');
    await page.keyboard.press('F10');
    await expect.poll(() => page.getByTestId('status-role').textContent(), poll).toBe('统计报表A角');

    // The reserves: the accounts and the ledger to read, no movement form, no account settings.
    await page.getByTestId('nav-reserves').click();
    await page.getByTestId('reserves-screen').waitFor();
    await page.getByTestId('reserves-ledger').waitFor();
    expect(await page.getByTestId('reserves-move').count()).toBe(0);
    expect(await page.getByTestId('reserves-settings').count()).toBe(0);

    // An address that is not its work takes it to its work.
    for (const route of ['counter', 'trades', 'rates', 'dayclose', 'queue']) {
      await page.goto(`${server.url}/#/${route}`);
      await expect.poll(() => hash(page), poll).toBe('#/reports');
      await page.getByTestId('reports-screen').waitFor();
    }
    expect(b.pageErrors).toEqual([]);
  });

  it('a teller lands on the counter with all the counter keys, reads the rate board without the form it would be refused on, and has no reserves', async () => {
    const page = b.page;
    await page.goto(`${server.url}/#/signin`);
    await page.getByTestId('sign-out').click().catch(() => undefined);
    await signInAs(page, 'T01', passwordOf('T01'));
    await page.getByTestId('customer-idnumber').waitFor();
    expect(await hash(page)).toBe('#/counter');
    expect(await fkeys(page)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F12']);
    await page.keyboard.press('F7');
    await page.getByTestId('rates-screen').waitFor();
    await page.getByTestId('rates-table').waitFor();
    expect(await page.getByTestId('rates-form').count()).toBe(0);
    expect(await page.locator('[data-testid="rates-screen"] h1').textContent()).toBe('牌价');
    await screenshot(page, 'e2e-roles-teller-rates');
    // The day close is the teller's (its till); the reserves are not.
    await page.keyboard.press('F12');
    await page.getByTestId('dayclose-screen').waitFor();
    expect(await page.getByTestId('nav-dayclose').count()).toBe(1);
    expect(await page.getByTestId('nav-reserves').count()).toBe(0);
    expect(await page.getByTestId('nav-reports').count()).toBe(0);
    await page.goto(`${server.url}/#/reserves`);
    await expect.poll(() => hash(page), poll).toBe('#/counter');
    await page.getByTestId('customer-idnumber').waitFor({ state: 'visible' });
    expect(b.pageErrors).toEqual([]);
  });

  it('a supervisor lands on the counter and has the rate form and the reserve movements; a manager lands on the counter too', async () => {
    const page = b.page;
    await page.getByTestId('sign-out').click();
    await signInAs(page, 'S01', passwordOf('S01'));
    await page.getByTestId('customer-idnumber').waitFor();
    expect(await hash(page)).toBe('#/counter');
    await page.keyboard.press('F7');
    await page.getByTestId('rates-form').waitFor();
    expect(await page.locator('[data-testid="rates-screen"] h1').textContent()).toBe('牌价维护');
    await page.goto(`${server.url}/#/reserves`);
    await page.getByTestId('reserves-move').waitFor();
    expect(await page.getByTestId('reserves-settings').count()).toBe(0);

    await page.getByTestId('sign-out').click();
    await signInAs(page, 'M01', passwordOf('M01'));
    await page.getByTestId('customer-idnumber').waitFor();
    expect(await hash(page)).toBe('#/counter');
    await page.goto(`${server.url}/#/reserves`);
    await page.getByTestId('reserves-settings').waitFor();
    expect(b.pageErrors).toEqual([]);
  });
});
