// Keys for what tellers do every trade (issue 20 item 4), end to end at a 1366×768 counter PC in
// training mode: the keys a trade takes beyond the data typed are COUNTED, for a returning
// customer (≤ 4) and a new foreign visitor on a passport (≤ 6), each trade going through to its
// receipt number. The ID type is kept from the last trade and chosen by ↓ / ↑ in the number, in
// the order tellers use the types (01, 04, 06, …; 10 last); the amount switches between foreign
// currency and RMB by ↓ / ↑; the small rate board is picked by a digit or stepped by ↓ / ↑.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { resident } from '../helpers/simulator';
import { focused, readers, screenshot, signIn, type Browsing, type Server, POLL, withServerAndBrowser } from './helpers';

let server: Server;
let b: Browsing;
const poll = POLL;
const { text, attr } = readers(() => b.page);

/** What the teller presses: data (counted apart) and keys beyond it (Enter, arrows, Esc, F-keys). */
class Keys {
  keys: string[] = [];
  constructor(private readonly page: Page) {}
  /** Data: the ID number, country, expiry, name, currency and amount as the teller types them. */
  type(text: string): Promise<void> {
    return this.page.keyboard.type(text);
  }
  /** A key beyond the data: counted. */
  press(key: 'Enter' | 'Escape' | 'Tab' | 'ArrowDown' | 'ArrowUp' | `F${number}`): Promise<void> {
    this.keys.push(key);
    return this.page.keyboard.press(key);
  }
}

const RETURNING = resident(401);
const VISITOR = { idNumber: 'P90817263', country: 'USA', expiry: '2031-04-15', name: 'JOHN SMITH' };

withServerAndBrowser(async (s, br) => {
  server = s;
  b = br;
  // Training mode: its own board, cash, simulator and printer.
  await b.page.setViewportSize({ width: 1366, height: 768 });
  await signIn(b.page, server.url, 'T01');
});

describe('issue 20 item 4: keys for what tellers do every trade, counted, at 1366×768', () => {
  it('the ID types are listed in the order of use (01 first, 10 外交官证 last), the key shown beside them', async () => {
    const page = b.page;
    const codes = await page.locator('[data-testid="customer-idtype"] option').evaluateAll((els) => els.map((e) => e.getAttribute('value')));
    expect(codes).toEqual(['01', '04', '06', '07', '09', '05', '10']);
    expect(await page.getByTestId('customer-idtype').inputValue()).toBe('01');
    expect(await text('customer-idtype-key')).toContain('↑↓');
    expect(await page.getByTestId('customer-idtype-key').isVisible()).toBe(true);
  });

  it('a returning customer\'s trade in ≤ 4 keys beyond the data (第三十一条: the ID checked; the receipt number on screen)', async () => {
    const page = b.page;
    const kb = new Keys(page);
    // The customer's first visit (not counted): the name is asked once.
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    await kb.type(RETURNING.idNumber);
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-name');
    await kb.type('周回头');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    await kb.type('USD');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    await kb.type('100');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await kb.press('Enter');
    await page.getByTestId('done-receipt-no').waitFor();
    const first = await text('done-receipt-no');

    // Back again: counted from the done panel of the last trade.
    kb.keys = [];
    await expect.poll(() => focused(page), poll).toBe('new-trade');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    await kb.type(RETURNING.idNumber);
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    expect(await page.getByTestId('customer-name').inputValue()).toBe('周回头');
    await kb.type('USD');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    await kb.type('200');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await kb.press('Enter');
    await page.getByTestId('done-receipt-no').waitFor();
    await expect.poll(() => text('done-receipt-no'), poll).not.toBe(first);
    expect(Number(await text('done-receipt-no'))).toBeGreaterThan(Number(first));
    expect(await attr('done-panel', 'data-outcome')).toBe('trade');
    await screenshot(page, 'e2e-keys-returning');
    expect(kb.keys).toEqual(['Enter', 'Enter', 'Enter', 'Enter']);
    expect(kb.keys.length).toBeLessThanOrEqual(4);
    const day = await server.ok('trades.personDay', RETURNING);
    expect(day.count).toBe(2);
  });

  it('a new foreign visitor on a passport in ≤ 6 keys beyond the data: ↓ for the type, the country and a whole expiry move on by themselves', async () => {
    const page = b.page;
    const kb = new Keys(page);
    await expect.poll(() => focused(page), poll).toBe('new-trade');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    // ↓ in the number: 01 → 04 外国护照, the cursor stays in the number.
    await kb.press('ArrowDown');
    await expect.poll(() => page.getByTestId('customer-idtype').inputValue(), poll).toBe('04');
    expect(await focused(page)).toBe('customer-idnumber');
    await kb.type(VISITOR.idNumber);
    await kb.press('Enter');
    // The country comes next, with no refusal said for it before it is typed.
    await expect.poll(() => focused(page), poll).toBe('customer-country');
    expect(await page.getByTestId('customer-error').count()).toBe(0);
    await kb.type(VISITOR.country);
    await expect.poll(() => focused(page), poll).toBe('customer-idexpiry');
    await kb.type(VISITOR.expiry);
    await expect.poll(() => focused(page), poll).toBe('customer-name');
    await kb.type(VISITOR.name);
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    await kb.type('USD');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    await kb.type('150');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    expect(await text('quote-pays')).toBe('USD 150.00');
    await kb.press('Enter');
    await page.getByTestId('done-receipt-no').waitFor();
    expect(await attr('done-panel', 'data-outcome')).toBe('trade');
    expect(Number(await text('done-receipt-no'))).toBeGreaterThan(0);
    await screenshot(page, 'e2e-keys-visitor');
    expect(kb.keys).toEqual(['Enter', 'ArrowDown', 'Enter', 'Enter', 'Enter', 'Enter']);
    expect(kb.keys.length).toBeLessThanOrEqual(6);
    const day = await server.ok('trades.personDay', { idType: '04', idNumber: VISITOR.idNumber, country: VISITOR.country });
    expect(day.count).toBe(1);
  });

  it('the last ID type is kept for the next trade; the amount\'s side and the small board have keys', async () => {
    const page = b.page;
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    expect(await page.getByTestId('customer-idtype').inputValue()).toBe('04');
    // ↑ back to the resident ID card.
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.getByTestId('customer-idtype').inputValue(), poll).toBe('01');
    await page.keyboard.type(RETURNING.idNumber);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    // A digit picks the board's currency of that number and moves on; the number is shown on the board.
    const second = (await page.locator('.board-mini button').nth(1).getAttribute('data-testid'))!.replace('trade-pick-', '');
    expect(await text(`trade-pick-key-${second}`)).toBe('2');
    await page.keyboard.press('2');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    expect(await page.getByTestId('trade-currency').inputValue()).toBe(second);
    // ↓ in the amount: in RMB; again: in the foreign currency.
    expect(await attr('trade-side-foreign', 'aria-pressed')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => attr('trade-side-rmb', 'aria-pressed'), poll).toBe('true');
    expect(await focused(page)).toBe('trade-amount');
    expect(await text('trade-side-key')).toContain('↑↓');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => attr('trade-side-foreign', 'aria-pressed'), poll).toBe('true');
    // ↓ / ↑ in the currency step through the board; Enter takes the one shown.
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    await page.keyboard.press('ArrowDown');
    const third = (await page.locator('.board-mini button').nth(2).getAttribute('data-testid'))!.replace('trade-pick-', '');
    await expect.poll(() => page.getByTestId('trade-currency').inputValue(), poll).toBe(third);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    await screenshot(page, 'e2e-keys-board');
    expect(b.pageErrors).toEqual([]);
  });
});
