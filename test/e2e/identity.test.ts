// Identity at the counter end to end (issue 19 items 5 and 6): a passport's machine-readable zone
// typed into the ID field by a keyboard-wedge scanner fills the form and the trade goes through
// (第三十一条); an expired passport is refused on screen; a zone with a misread check digit fills
// nothing; the fund attribute offered for the trade's kind and the customer's class (第三十二条(三)).
import { describe, expect, it } from 'vitest';
import { td3 } from '../helpers/mrz';
import { resident } from '../helpers/simulator';
import { focused, Keyboard, readers, screenshot, signIn, type Browsing, type Server, POLL, withServerAndBrowser } from './helpers';

let server: Server;
let b: Browsing;
const poll = POLL;

withServerAndBrowser((s, br) => {
  server = s;
  b = br;
  // Training mode: its own board, cash and printer, no set-up.
});

const ANNA = { issuer: 'USA', surname: 'ERIKSSON', given: 'ANNA MARIA', number: 'L898902C3', nationality: 'USA', birth: '740812', sex: 'F', expiry: '310415', personal: 'ZE184226B' } as const;

/** The scanner: each line typed, then Enter, as a keyboard-wedge reader sends them. */
async function scan(kb: Keyboard, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    await kb.type(line);
    await kb.press('Enter');
  }
}

describe('第三十一条 at the counter: the ID document scanned and its validity', () => {
  it('an MRZ typed into the ID field fills the form, says so, and the trade goes through; the fund attribute is shown', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    const { text, attr } = readers(() => page);
    await signIn(page, server.url, 'T01');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    await scan(kb, td3(ANNA));
    await expect.poll(() => attr('mrz-notice', 'data-state'), poll).toBe('filled');
    expect(await text('mrz-notice')).toContain('TD3');
    expect(await page.getByTestId('customer-idtype').inputValue()).toBe('04');
    expect(await page.getByTestId('customer-idnumber').inputValue()).toBe('L898902C3');
    expect(await page.getByTestId('customer-country').inputValue()).toBe('USA');
    expect(await page.getByTestId('customer-name').inputValue()).toBe('ERIKSSON ANNA MARIA');
    expect(await page.getByTestId('customer-idexpiry').inputValue()).toBe('2031-04-15');
    await page.getByTestId('customer-found').waitFor();
    // The settlement's fund attribute: the outlet's code, marked as to confirm with its SAFE branch (第三十二条(三)).
    expect(await page.getByTestId('trade-fund-attribute').inputValue()).toBe('122');
    expect(await text('trade-fund-attribute-confirm')).toContain('待与外汇局分局确认');
    await screenshot(page, 'e2e-identity-mrz-filled');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    await kb.type('HKD');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    await kb.type('1000');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await kb.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    expect(await attr('done-panel', 'data-outcome')).toBe('trade');
    const day = await server.ok('trades.personDay', { idType: '04', idNumber: 'L898902C3', country: 'USA' });
    expect(day.count).toBe(1);
    expect(b.pageErrors).toEqual([]);
  });

  it('an expired passport is refused on screen with its date; nothing is traded', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    const { attr, text } = readers(() => page);
    await kb.press('F1');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    await scan(kb, td3({ ...ANNA, number: 'X9988776', expiry: '250101' }));
    await expect.poll(() => attr('mrz-notice', 'data-state'), poll).toBe('filled');
    await expect.poll(() => attr('customer-error', 'data-code'), poll).toBe('ID_EXPIRED');
    expect(await text('customer-error')).toContain('2025-01-01');
    await expect.poll(() => focused(page), poll).toBe('customer-idexpiry');
    expect(await page.getByTestId('trade-fund-attribute').count()).toBe(0);
    await screenshot(page, 'e2e-identity-expired');
  });

  it('a misread check digit fills nothing and names the field', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    const { attr, text } = readers(() => page);
    await kb.press('F1');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    const [l1, l2] = td3({ ...ANNA, number: 'Y1234567' });
    await scan(kb, [l1, `${l2.slice(0, 9)}${(Number(l2[9]) + 1) % 10}${l2.slice(10)}`]);
    await expect.poll(() => attr('mrz-notice', 'data-state'), poll).toBe('refused');
    expect(await attr('mrz-error', 'data-code')).toBe('MRZ_CHECK_FAILED');
    expect(await text('mrz-error')).toContain('证件号码');
    expect(await page.getByTestId('customer-idnumber').inputValue()).toBe('');
    expect(await page.getByTestId('customer-name').inputValue()).toBe('');
  });

  it('第三十二条(三): a domestic individual\'s purchase offers 3221–3223, private travel (3222) chosen', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await kb.press('F1');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    await page.getByTestId('customer-idtype').selectOption('01');
    await page.getByTestId('customer-idnumber').fill(resident(301).idNumber);
    await page.getByTestId('customer-idnumber').press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-name');
    await kb.type('王五');
    await kb.press('Enter');
    await kb.press('F2');
    await expect.poll(() => page.getByTestId('trade-fund-attribute').getAttribute('data-kind'), poll).toBe('purchase');
    expect(await page.getByTestId('trade-fund-attribute').inputValue()).toBe('3222');
    expect(await page.locator('[data-testid="trade-fund-attribute"] option').allTextContents()).toHaveLength(3);
    await page.getByTestId('trade-fund-attribute').selectOption('3221');
    expect(await page.getByTestId('trade-fund-attribute').inputValue()).toBe('3221');
    expect(b.pageErrors).toEqual([]);
  });
});
