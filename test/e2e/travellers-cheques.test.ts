// 第三十条 end to end (issue 19 item 8): at the counter, a settlement paid in traveller's cheques,
// chosen by key (Alt+T) for what the customer hands over; the receipt says 旅行支票; at the day
// close the cheques are counted by currency apart from the notes and the day closes on them.
import { describe, expect, it } from 'vitest';
import { resident } from '../helpers/simulator';
import { focused, Keyboard, readers, screenshot, signIn, type Browsing, type Server, POLL, noneForTheRest, withServerAndBrowser } from './helpers';

let server: Server;
let b: Browsing;
const poll = POLL;
const { text, attr } = readers(() => b.page);
const CUSTOMER = resident(419);

withServerAndBrowser((s, br) => {
  server = s;
  b = br;
});

describe('第三十条: traveller\'s cheques at the counter and at the close', () => {
  it('第三十条: a USD settlement paid in cheques through the counter (Alt+T), its receipt saying so, then counted apart from the notes at the close', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await signIn(page, server.url, 'T01');
    await page.getByTestId('customer-idnumber').waitFor({ state: 'visible' });
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    await kb.type(CUSTOMER.idNumber);
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-name');
    await kb.type('旅客');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    await kb.type('USD');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    // Cheques are paid to the cent: no note is that small.
    await kb.type('250.50');
    expect(await attr('trade-payment-cash', 'aria-pressed')).toBe('true');
    await page.keyboard.press('Alt+T');
    await expect.poll(() => attr('trade-payment-travellersCheque', 'aria-pressed'), poll).toBe('true');
    await screenshot(page, 'e2e-travellers-cheques-quote');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await kb.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    const receiptNo = Number(await text('done-receipt-no'));
    const trade = await server.ok('trades.get', { receiptNo });
    expect(trade.paymentIn).toBe('travellersCheque');
    expect(trade.foreign).toEqual({ currency: 'USD', amount: '250.5' });
    const receipt = await server.ok('trades.preview', { receiptNo });
    expect(receipt.lines.institution.join('\n')).toContain('旅行支票');
    await expect.poll(() => attr('print-state', 'data-state'), poll).toBe('done');

    // The close: the notes as the books have them, the cheques counted at step 2, blind.
    const date = (await server.ok('session.info', {})).businessDate;
    const prep = await server.ok('dayClose.prepare', { date });
    expect(prep.travellersCheques).toEqual([{ currency: 'USD', total: '250.5' }]);
    await kb.press('F12');
    await page.getByTestId('dayclose-screen').waitFor();
    await page.getByTestId('note-grid-till').waitFor();
    for (const e of prep.expected.filter((x) => x.location === 'till')) for (const n of e.notes) await page.getByTestId(`count-till-${e.currency}-${n.denomination}`).fill(String(n.count));
    // The blind count lists the same currencies in both places: "None" for those not there.
    await noneForTheRest(page, 'till');
    await page.getByTestId('dayclose-next').click();
    await expect.poll(() => attr('dayclose-screen', 'data-step'), poll).toBe('2');
    for (const e of prep.expected.filter((x) => x.location === 'safe')) for (const n of e.notes) await page.getByTestId(`count-safe-${e.currency}-${n.denomination}`).fill(String(n.count));
    await noneForTheRest(page, 'safe');
    expect(await text('step-left-2')).toContain('USD');
    expect(await page.getByTestId('dayclose-cheques').textContent()).not.toContain('250');
    await page.getByTestId('dayclose-cheques-USD').fill('250.50');
    await page.getByTestId('dayclose-next').click();
    await expect.poll(() => attr('dayclose-screen', 'data-step'), poll).toBe('3');
    await expect.poll(() => text('dayclose-cheques-held-USD'), poll).toBe('250.5');
    await expect.poll(() => text('step-left-3'), poll).toContain('已完成');
    await screenshot(page, 'e2e-travellers-cheques-close');
    await page.getByTestId('dayclose-next').click();
    await expect.poll(() => attr('dayclose-screen', 'data-step'), poll).toBe('4');
    await page.getByTestId('dayclose-audit').waitFor();
    const items = page.locator('[data-testid^="recon-resolution-"]');
    for (let i = 0; i < (await items.count()); i++) await items.nth(i).fill('已在监测系统页面核对 checked on SAFE\'s page');
    await expect.poll(() => text('step-left-4'), poll).toContain('已完成');
    await page.getByTestId('dayclose-next').click();
    await expect.poll(() => attr('dayclose-screen', 'data-step'), poll).toBe('5');
    await page.getByTestId('dayclose-submit').click();
    await page.getByTestId('dayclose-closed').waitFor();
    const closed = await server.ok('dayClose.get', { date });
    expect(closed.chequeDifferences).toEqual([{ currency: 'USD', expected: '250.5', counted: '250.5', difference: '0' }]);
    expect(b.pageErrors).toEqual([]);
  });
});
