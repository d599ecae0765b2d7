// The day close at 1366×768 as a teller lives it (issue 20 item 6; 第三十二条(五)), in Debian's
// Chromium against a training server: the count is blind (nothing on screen tells what the books
// hold, or where, until both places are counted: the same currencies in the till and the safe, no
// "the books hold no cash here"); no step is marked done before it is counted; while the close and
// the print run a sentence says what is happening and step 3 keeps its ✓; after the print the
// focus is on the way back to the counter; step 3's RMB row is in sight without scrolling.
// Screenshots go to test-artifacts/ (day-close-1366*.png).
import { describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { TRAINING_PEOPLE } from '../../shared/api';
import { dec } from '../../shared/money/money';
import { resident } from '../helpers/simulator';
import { focused, Keyboard, typeTrade, noneForTheRest, readers, screenshot, signIn, type Browsing, type Server, POLL, withServerAndBrowser } from './helpers';

const SUPERVISOR = TRAINING_PEOPLE.find((p) => p.role === 'supervisor')!;

/** The page's globals as this test reads them (the tests are compiled without the DOM library). */
interface PageGlobals {
  document: { querySelector(selector: string): { getBoundingClientRect(): { top: number; bottom: number } } | null };
}

let server: Server;
let b: Browsing;
const poll = POLL;
const { text, attr } = readers(() => b.page);

withServerAndBrowser(async (s, br) => {
  server = s;
  b = br;
  await b.page.setViewportSize({ width: 1366, height: 768 });
});

/** Holds a call to the Terminal for `ms` on its way, so what the screen shows meanwhile can be read. */
async function slow(page: Page, method: string, ms: number): Promise<() => Promise<void>> {
  const pattern = `**/api/${method}`;
  const handler = async (route: Route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  };
  await page.route(pattern, handler);
  return () => page.unroute(pattern, handler);
}

describe('the day close at 1366×768 (issue 20 item 6)', () => {
  it('第三十二条(五): a blind count shows nothing of the books, steps are done only once counted, progress is a sentence, focus returns after the print', async () => {
    const page = b.page;
    await signIn(page, server.url, 'T01');
    // A trade, so the till holds foreign cash and RMB went out.
    await typeTrade(page, new Keyboard(page), { idNumber: resident(501).idNumber, name: '盲点', currency: 'USD', amount: '300' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await page.keyboard.press('Enter');
    await page.getByTestId('done-panel').waitFor();

    const date = (await server.ok('session.info', {})).businessDate;
    const { expected } = await server.ok('dayClose.prepare', { date });
    const till = expected.filter((e) => e.location === 'till');
    const safe = expected.filter((e) => e.location === 'safe');
    const usd = till.find((e) => e.currency === 'USD')!;

    // F12: step 1. Nothing is done yet, and nothing tells what the books hold.
    await page.keyboard.press('F12');
    await page.getByTestId('note-grid-till').waitFor();
    for (const s of [1, 2, 3, 4, 5]) {
      expect(await attr(`step-${s}`, 'data-done'), `step ${s}`).toBe('false');
      expect(await text(`step-left-${s}`), `step ${s}`).not.toContain('已完成');
    }
    const screenText = async () => (await page.getByTestId('dayclose-screen').textContent()) ?? '';
    for (const leak of ['账上没有', 'books hold', amountOf(usd.total)]) expect(await screenText()).not.toContain(leak);
    const tillList = await page.getByTestId('note-grid-till').locator('table').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    await screenshot(page, 'day-close-1366-count');

    // The till, counted: one USD note short; "None" for what is not in the till.
    const short = usd.notes.find((n) => n.count > 0)!;
    for (const e of till) {
      for (const n of e.notes) {
        const count = e.currency === 'USD' && n.denomination === short.denomination ? n.count - 1 : n.count;
        await page.getByTestId(`count-till-${e.currency}-${n.denomination}`).fill(String(count));
      }
    }
    await noneForTheRest(page, 'till');
    await expect.poll(() => attr('step-1', 'data-done'), poll).toBe('true');
    // The safe is not counted yet: step 2 is not done, whatever the books hold there.
    expect(await attr('step-2', 'data-done')).toBe('false');
    expect(await text('step-left-2')).toContain('尚未清点');
    await page.getByTestId('dayclose-next').click();

    // Step 2: the same currencies as the till (the list says nothing of where the books hold them).
    await expect.poll(() => attr('dayclose-screen', 'data-step'), poll).toBe('2');
    const safeList = await page.getByTestId('note-grid-safe').locator('table').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(safeList.map((id) => id!.replace('count-safe-', ''))).toEqual(tillList.map((id) => id!.replace('count-till-', '')));
    expect(await attr('step-2', 'data-done')).toBe('false');
    for (const leak of ['账上没有', 'books hold']) expect(await screenText()).not.toContain(leak);
    for (const e of safe) for (const n of e.notes) await page.getByTestId(`count-safe-${e.currency}-${n.denomination}`).fill(String(n.count));
    await noneForTheRest(page, 'safe');
    await expect.poll(() => attr('step-2', 'data-done'), poll).toBe('true');
    await page.getByTestId('dayclose-next').click();

    // Step 3 at 1366×768: the books now, and the RMB row of the till in sight without scrolling.
    await expect.poll(() => attr('dayclose-screen', 'data-step'), poll).toBe('3');
    await page.getByTestId('diff-till-CNY').waitFor();
    // The focus goes to the reason (below the table); the RMB row stays in sight all the same.
    await expect.poll(() => focused(page), poll).toBe('dayclose-reason');
    const inSight = await page.getByTestId('diff-till-CNY').evaluate((row) => {
      const main = (globalThis as unknown as PageGlobals).document.querySelector('.main')!.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, mainTop: main.top, mainBottom: main.bottom };
    });
    expect(inSight.top).toBeGreaterThanOrEqual(inSight.mainTop);
    expect(inSight.bottom).toBeLessThanOrEqual(inSight.mainBottom);
    expect(await attr('diff-till-USD', 'data-difference')).toBe(dec(short.denomination).negated().toFixed());
    await screenshot(page, 'day-close-1366');
    await page.keyboard.type('少点一张，复点确认 one note short after a recount');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('dayclose-supervisor');
    await page.keyboard.type(SUPERVISOR.id);
    await page.keyboard.press('Enter');
    if ((await page.getByTestId('dayclose-supervisor-password').count()) > 0) {
      await expect.poll(() => focused(page), poll).toBe('dayclose-supervisor-password');
      await page.keyboard.type(SUPERVISOR.password);
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => attr('step-3', 'data-done'), poll).toBe('true');
    await screenshot(page, 'day-close-1366-approval');
    await page.getByTestId('dayclose-next').click();

    // Step 4, then 5.
    await expect.poll(() => attr('dayclose-screen', 'data-step'), poll).toBe('4');
    await page.getByTestId('dayclose-audit').waitFor();
    const items = page.locator('[data-testid^="recon-resolution-"]');
    for (let i = 0; i < (await items.count()); i++) await items.nth(i).fill('已核对 checked');
    await expect.poll(() => attr('step-4', 'data-done'), poll).toBe('true');
    await page.getByTestId('dayclose-next').click();
    await expect.poll(() => attr('dayclose-screen', 'data-step'), poll).toBe('5');

    // The close, held on its way: a sentence says what is happening, step 3 keeps its ✓.
    const release = await slow(page, 'dayClose.close', 1_500);
    await page.getByTestId('dayclose-submit').click();
    await expect.poll(() => attr('dayclose-progress', 'data-phase'), poll).toBe('closing');
    expect(await text('dayclose-progress')).toContain(`正在日终`);
    expect(await text('dayclose-progress')).toContain(date);
    expect(await attr('step-3', 'data-done')).toBe('true');
    expect(await text('step-left-3')).toContain('已完成');
    expect(await page.getByTestId('dayclose-final').textContent()).not.toContain('✗');
    await screenshot(page, 'day-close-1366-closing');
    await page.getByTestId('dayclose-closed').waitFor();
    await release();
    expect(await page.getByTestId('dayclose-progress').count()).toBe(0);

    // The print, held too: its sentence; then the focus on the way back to the counter.
    const releasePrint = await slow(page, 'dayClose.print', 1_000);
    await page.getByTestId('dayclose-print').click();
    await expect.poll(() => attr('dayclose-progress', 'data-phase'), poll).toBe('printing');
    expect(await text('dayclose-progress')).toContain('正在打印');
    await expect.poll(() => attr('dayclose-printed', 'data-printed'), poll).toBe('true');
    await releasePrint();
    await expect.poll(() => focused(page), poll).toBe('dayclose-back-counter');
    await screenshot(page, 'day-close-1366-printed');
    await page.keyboard.press('Enter');
    await page.getByTestId('counter').waitFor();
    expect(b.pageErrors).toEqual([]);
  });
});

/** An amount as the screen writes it ('1234.5' → '1,234.50'). */
function amountOf(total: string): string {
  return dec(total).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
