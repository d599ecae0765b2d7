// The layout at the two screens counters have (issue 20 item 7), in Debian's Chromium against a
// training server: at 1366×768 the English status bar is one line and the action buttons of the
// day's trades and of the people sit inside their rows; at 1920×1080 type and spacing grow with
// the window (the counter's figures larger, the screens using the width) rather than leaving small
// text in large empty areas; 附表1 (第五十一条) prints on one page, as the paper form, with
// 与其他特许机构间调剂 whole, both as the exported PDF and as the screen's print. Screenshots go to
// test-artifacts/ (counter-1366.png, counter-1920.png, …) for the README.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { resident } from '../helpers/simulator';
import { ensureRendererBuilt, focused, launchBrowser, passwordOf, requireChromium, screenshot, signIn, startServer, type Browsing, type Server, POLL } from './helpers';

/** The page's globals as these tests read them (the tests are compiled without the DOM library). */
interface PageBox { top: number; bottom: number; left: number; right: number; width: number; height: number }
interface PageElement { getBoundingClientRect(): PageBox; scrollTop: number }
interface PageGlobals {
  innerHeight: number;
  document: {
    documentElement: PageElement & { clientWidth: number; lang: string };
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): Iterable<PageElement>;
    createRange(): { selectNodeContents(node: unknown): void; getClientRects(): { length: number } };
  };
  getComputedStyle(el: unknown): { fontSize: string };
}

let server: Server;
let b: Browsing;
let dir: string;
const poll = POLL;

beforeAll(async () => {
  requireChromium();
  await ensureRendererBuilt();
  server = await startServer();
  b = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'e2e-layout-'));
}, 120_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A trade by keyboard at the counter (a new resident customer): its receipt number. */
async function trade(page: Page, n: number, currency: string, amount: string): Promise<number> {
  await page.keyboard.press('F1');
  await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
  await page.keyboard.type(resident(n).idNumber);
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page), poll).toBe('customer-name');
  await page.keyboard.type('版面');
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page), poll).toBe('trade-currency');
  await page.keyboard.type(currency);
  await expect.poll(() => focused(page), poll).toBe('trade-amount');
  await page.keyboard.type(amount);
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page), poll).toBe('confirm-button');
  await page.keyboard.press('Enter');
  await page.getByTestId('done-panel').waitFor();
  return Number(await page.getByTestId('done-receipt-no').textContent());
}

/** Through the sign-in screen, whatever screen the person's role lands on. */
async function signInAs(page: Page, id: string): Promise<void> {
  if ((await page.getByTestId('sign-out').count()) > 0) await page.getByTestId('sign-out').click();
  await page.goto(`${server.url}/#/signin`);
  await page.getByTestId('signin-teller').fill(id);
  await page.getByTestId('signin-password').fill(passwordOf(id));
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('status-teller').waitFor();
}

/** Each button of a table row lies inside the row's box (with a pixel of rounding). */
async function buttonsInsideRows(page: Page, table: string): Promise<{ rows: number; outside: string[] }> {
  return page.getByTestId(table).evaluate((el) => {
    const outside: string[] = [];
    const rows = [...el.querySelectorAll('tbody tr')];
    for (const tr of rows) {
      const r = tr.getBoundingClientRect();
      for (const btn of tr.querySelectorAll('button')) {
        const x = btn.getBoundingClientRect();
        if (x.top < r.top - 1 || x.bottom > r.bottom + 1 || x.left < r.left - 1 || x.right > r.right + 1) outside.push(btn.getAttribute('data-testid') ?? btn.textContent ?? '');
      }
    }
    return { rows: rows.length, outside };
  });
}

describe('layout at 1366×768 and 1920×1080 (issue 20 item 7)', () => {
  it('at 1366×768 the English status bar is one line, and the trades\' and people\'s buttons sit inside their rows', async () => {
    const page = b.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, server.url, 'T01');
    await trade(page, 401, 'USD', '300');
    await trade(page, 402, 'HKD', '1000');
    await screenshot(page, 'counter-1366');

    // English: every item of the bar on one line, none cut off at the right.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang), poll).toBe('en');
    const bar = await page.getByTestId('status-bar').evaluate((el) => {
      const { document } = globalThis as unknown as PageGlobals;
      const items = [...el.querySelectorAll('.status-items > .status-item')].map((i) => i.getBoundingClientRect());
      return { tops: [...new Set(items.map((r) => Math.round(r.top)))], right: Math.max(...items.map((r) => r.right)), width: document.documentElement.clientWidth, height: el.getBoundingClientRect().height };
    });
    await screenshot(page, 'status-bar-en-1366');
    expect(bar.tops, 'the status bar\'s items on one line').toHaveLength(1);
    expect(bar.right).toBeLessThanOrEqual(bar.width);

    // The day's trades (F8): reprint and void inside each trade's row.
    await page.keyboard.press('F8');
    await page.getByTestId('trades-screen').waitFor();
    await page.getByTestId('trades-table').waitFor();
    const trades = await buttonsInsideRows(page, 'trades-table');
    expect(trades.rows).toBeGreaterThanOrEqual(2);
    expect(trades.outside).toEqual([]);
    await screenshot(page, 'trades-1366');

    // People (a manager's): reset and disable inside each person's row.
    await signInAs(page, 'M01');
    await page.goto(`${server.url}/#/people`);
    await page.getByTestId('people-table').waitFor();
    await expect.poll(() => page.getByTestId('people-table').locator('tbody tr').count(), poll).toBeGreaterThanOrEqual(3);
    const people = await buttonsInsideRows(page, 'people-table');
    expect(people.outside).toEqual([]);
    await screenshot(page, 'people-1366');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang), poll).toBe('zh-CN');
    await signInAs(page, 'T01');
  });

  it('at 1920×1080 type and spacing grow with the window: the counter\'s figures are larger and the screens use the width', async () => {
    const page = b.page;
    const measure = () =>
      page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
        const px = (el: PageElement | null) => (el ? Number.parseFloat(getComputedStyle(el).fontSize) : 0);
        const main = document.querySelector('.main')!.getBoundingClientRect();
        const regions = [...document.querySelectorAll('.counter .region')].map((r) => r.getBoundingClientRect());
        return {
          root: px(document.documentElement),
          figure: px(document.querySelector('.figure-value')),
          idInput: px(document.querySelector('[data-testid="customer-idnumber"]')),
          used: (Math.max(...regions.map((r) => r.right)) - Math.min(...regions.map((r) => r.left))) / main.width,
          viewport: document.documentElement.clientWidth,
        };
      });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.keyboard.press('F1');
    await page.getByTestId('done-panel').or(page.getByTestId('customer-idnumber')).first().waitFor();
    await trade(page, 403, 'USD', '500');
    const small = await measure();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(async () => (await measure()).root, poll).toBeGreaterThan(small.root);
    const large = await measure();
    // The type grows with the window (the root 16px → 19.2px; the counter's figures, tighter at
    // 768 high, more: about 1.5×).
    expect(large.root / small.root).toBeGreaterThan(1.15);
    expect(large.figure).toBeGreaterThanOrEqual(40);
    expect(large.figure / small.figure).toBeGreaterThan(1.4);
    expect(large.idInput / small.idInput).toBeGreaterThan(1.4);
    // The counter's regions span the main area.
    expect(large.used).toBeGreaterThan(0.95);
    await screenshot(page, 'counter-1920');

    // A back-office screen at 1920: its content spans most of the width, not a column at the left.
    await page.keyboard.press('F8');
    await page.getByTestId('trades-table').waitFor();
    const tradesWidth = await page.getByTestId('trades-table').evaluate((el) => el.getBoundingClientRect().width / (globalThis as unknown as PageGlobals).document.documentElement.clientWidth);
    expect(tradesWidth).toBeGreaterThan(0.85);
    await screenshot(page, 'trades-1920');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('第五十一条: 附表1 prints on one page with 与其他特许机构间调剂 whole, exported as PDF and from the screen', async () => {
    const page = b.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    const { businessDate } = await server.ok('session.info', {});
    // The exported PDF (reports.export), as the supervisor files it.
    const file = await server.ok('reports.export', { report: 'form1', format: 'pdf', from: businessDate, to: businessDate });
    const pdf = join(dir, 'form1.pdf');
    writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Pages:\s+1$/m);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('与其他特许机构间调剂');

    // The screen's print (Ctrl+P, print CSS): one A4 page too; the reports are a supervisor's.
    await signInAs(page, 'S01');
    await page.goto(`${server.url}/#/reports`);
    await page.getByTestId('reports-screen').waitFor();
    await page.getByTestId('report-pick-form1').click();
    await page.getByTestId('report-from').fill(businessDate);
    await page.getByTestId('report-to').fill(businessDate);
    await page.getByTestId('report-show').click();
    await page.getByTestId('report-view').waitFor();
    const label = page.getByTestId('report-view').getByText('与其他特许机构间调剂', { exact: true });
    // On one line at the table's size: no narrower column wraps it.
    const box = await label.evaluate((el) => {
      const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
      const range = document.createRange();
      range.selectNodeContents(el);
      return { lines: range.getClientRects().length, size: getComputedStyle(el).fontSize };
    });
    await screenshot(page, 'form1-1366');
    expect(box.lines).toBe(1);
    await page.emulateMedia({ media: 'print' });
    const printed = process.env.KEEP_PDF ?? join(dir, 'form1-print.pdf');
    await page.pdf({ path: printed, format: 'A4', preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    expect(execFileSync('pdfinfo', [printed], { encoding: 'utf8' })).toMatch(/^Pages:\s+1$/m);
    expect(execFileSync('pdftotext', [printed, '-'], { encoding: 'utf8' })).toContain('与其他特许机构间调剂');
    expect(b.pageErrors).toEqual([]);
  });
});
