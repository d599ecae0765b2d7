// The receipt in training (issue 20 item 8), in Debian's Chromium at 1366×768 against a training
// server: the virtual printer has no paper, so after a trade the counter shows the receipt as it
// would print (trades.preview): both copies, the receipt number, the amounts, the training mark;
// the new-trade key stays in sight beside it. Screenshot: test-artifacts/training-receipt-1366.png.
import { describe, expect, it } from 'vitest';
import { resident } from '../helpers/simulator';
import { focused, Keyboard, typeTrade, screenshot, signIn, type Browsing, type Server, POLL, withServerAndBrowser } from './helpers';

/** The page's globals as this test reads them (the tests are compiled without the DOM library). */
interface PageGlobals {
  innerHeight: number;
}

let server: Server;
let b: Browsing;
const poll = POLL;

withServerAndBrowser(async (s, br) => {
  server = s;
  b = br;
  await b.page.setViewportSize({ width: 1366, height: 768 });
});

describe('the receipt in training mode (issue 20 item 8)', () => {
  it('第三十一条: after a trade the counter shows the receipt exactly as the virtual printer prints it, the new-trade key in sight', async () => {
    const page = b.page;
    await signIn(page, server.url, 'T01');
    await typeTrade(page, new Keyboard(page), { idNumber: resident(601).idNumber, name: '练习水单', currency: 'USD', amount: '200' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await page.keyboard.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    const receiptNo = Number(await page.getByTestId('done-receipt-no').textContent());

    // The receipt as it prints, the same lines the Terminal sends the printer.
    await page.getByTestId('training-receipt-frame').waitFor();
    const expected = await server.ok('trades.preview', { receiptNo });
    const paper = page.frameLocator('[data-testid="training-receipt-frame"]');
    await expect.poll(() => paper.locator('.paper').count(), poll).toBe(2);
    const printed = (await paper.locator('.paper[data-part="customer"]').innerText()).replace(/\s+/g, '');
    const trade = await server.ok('trades.get', { receiptNo });
    // The receipt printed when the trade was made. A back-fill (the monitoring system slow to answer
    // on a loaded machine) may be delivered after it printed: the paper, and the screen, then have no
    // SAFE reference number, which a preview made now has (第三十二条(二): reported after the fact).
    const printedBeforeRef = trade.reportingPath === 'backfill' && !printed.includes('外管业务参号');
    for (const line of expected.lines.customer.filter((l) => l.trim() && !(printedBeforeRef && l.includes('外管业务参号')))) {
      expect(printed).toContain(line.replace(/\s+/g, ''));
    }
    expect(printed).toContain(trade.receiptText);
    expect(printed).toContain('练习水单'.slice(0, 1));
    expect(await page.getByTestId('training-receipt').textContent()).toContain('模拟打印机');

    // The new-trade key stays in sight (the receipt scrolls in its own box), and Enter starts one.
    const inSight = await page.getByTestId('new-trade').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= (globalThis as unknown as PageGlobals).innerHeight;
    });
    expect(inSight).toBe(true);
    await expect.poll(() => focused(page), poll).toBe('new-trade');
    await screenshot(page, 'training-receipt-1366');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    expect(await page.getByTestId('training-receipt').count()).toBe(0);
    expect(b.pageErrors).toEqual([]);
  });
});
