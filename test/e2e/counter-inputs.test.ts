// The counter's inputs end to end (issue 14 items 6, 8, 9), at a 1366×768 counter PC: what the
// teller typed is kept and refused visibly, never changed; a refused quote leaves the cursor on
// the amount, and recording the refusal is its own key; a name the receipt printer cannot print is
// refused as it is typed, where it can be read. Debian's Chromium drives the built renderer against
// browser mode's server, the virtual printer and the monitoring-system simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../electron/printer/decoder';
import { startVirtualPrinter, type VirtualPrinter } from '../../electron/printer/virtualPrinter';
import { businessDate, clockFrom } from '../../shared/time';
import { resident, startSimulator, type Simulator } from '../helpers/simulator';
import { E2E_NOW, Keyboard, ensureRendererBuilt, focused, launchBrowser, requireChromium, screenshot, signIn, startServer, stockOutlet, type Browsing, type Server, POLL, readers } from './helpers';

const AMOUNTS = resident(301);
const OVER = resident(302);
const RARE = resident(303);

let vp: VirtualPrinter;
let sim: Simulator;
let server: Server;
let b: Browsing;
const now = clockFrom(E2E_NOW);

const { text, attr } = readers(() => b.page);
const count = (testId: string) => b.page.getByTestId(testId).count();
const poll = POLL;
/** Long enough for the counter to have asked for a quote (it asks 250 ms after the last key). */
const settle = () => b.page.waitForTimeout(1_000);

beforeAll(async () => {
  requireChromium();
  await ensureRendererBuilt();
  vp = await startVirtualPrinter();
  const month = businessDate(now()).slice(0, 7);
  sim = await startSimulator({ from: E2E_NOW, fixture: { conversionRates: { [month]: { EUR: '1.0800', JPY: '0.0066', HKD: '0.1282', GBP: '1.2600' } } } });
  server = await startServer({ printerPort: vp.port, monitoringUrl: sim.url });
  await stockOutlet(server);
  b = await launchBrowser();
  // The counter PC of issue 14: every assertion below is made on this screen.
  await b.page.setViewportSize({ width: 1366, height: 768 });
  await signIn(b.page, server.url, 'T001');
}, 120_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
  await sim?.stop();
  await vp?.close();
});

/**
 * The element is on screen and nothing covers it: wholly inside the window, and what the browser
 * finds at its centre and near each corner is the element or inside it.
 */
async function readable(testId: string): Promise<string> {
  return b.page.getByTestId(testId).first().evaluate((el) => {
    // In the page (the tests are compiled without the DOM library).
    const window = globalThis as unknown as { innerWidth: number; innerHeight: number };
    const document = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): typeof el | null } }).document;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return 'not rendered';
    if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) {
      return `outside the window: ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} of ${window.innerWidth}×${window.innerHeight}`;
    }
    const inset = Math.min(8, r.width / 4, r.height / 4);
    const points: [string, number, number][] = [
      ['centre', r.left + r.width / 2, r.top + r.height / 2],
      ['top left', r.left + inset, r.top + inset],
      ['top right', r.right - inset, r.top + inset],
      ['bottom left', r.left + inset, r.bottom - inset],
      ['bottom right', r.right - inset, r.bottom - inset],
    ];
    for (const [where, x, y] of points) {
      const hit = document.elementFromPoint(x, y);
      if (!hit || !(hit === el || el.contains(hit))) {
        return `covered at its ${where} by ${hit ? `${hit.tagName.toLowerCase()}.${hit.className} ${hit.getAttribute('data-testid') ?? ''}` : 'nothing'}`;
      }
    }
    return 'readable';
  });
}

/** ID (and name, for a new customer), then the currency: the cursor is on the amount. */
async function toAmount(kb: Keyboard, idNumber: string, name: string, currency = 'USD'): Promise<void> {
  const page = b.page;
  await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
  await kb.type(idNumber);
  await kb.press('Enter');
  await expect.poll(() => focused(page), poll).toBe('customer-name');
  await kb.type(name);
  await kb.press('Enter');
  await expect.poll(() => focused(page), poll).toBe('trade-currency');
  await kb.type(currency);
  await expect.poll(() => focused(page), poll).toBe('trade-amount');
}

/** The cursor put on the confirm button (by a click, say), once the quote has enabled it. */
async function confirmFocused(): Promise<void> {
  const button = b.page.getByTestId('confirm-button');
  await expect.poll(() => button.isEnabled(), poll).toBe(true);
  await button.focus();
  await expect.poll(() => focused(b.page), poll).toBe('confirm-button');
}

/** The amount typed again, over what is there (as after Esc: the text is selected). */
async function retype(kb: Keyboard, amount: string): Promise<void> {
  await b.page.getByTestId('trade-amount').selectText();
  await kb.type(amount);
}

describe('the counter\'s inputs, at 1366×768', () => {
  it('the amount keeps what was typed: 3OO, 1e3, -50 and "300." are refused in both languages and not quoted; full-width ２００ is 200', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await toAmount(kb, AMOUNTS.idNumber, '钱多多');
    const amount = page.getByTestId('trade-amount');

    const refused: [typed: string, named: string][] = [
      ['3OO', '“O”'],
      ['1e3', '“e”'],
      ['-50', '“-”'],
      ['1,000', '“,”'],
    ];
    for (const [typed, named] of refused) {
      await retype(kb, typed);
      // Kept exactly as typed, and said under the field, in both languages, naming the character.
      expect(await amount.inputValue()).toBe(typed);
      await expect.poll(() => attr('trade-amount-error', 'data-code'), poll).toBe('AMOUNT_INVALID');
      const error = await text('trade-amount-error');
      expect(error).toContain(`金额只能录入数字和小数点，${named} 不是`);
      expect(error).toContain(`An amount is digits and a decimal point only; ${named} is not`);
      expect(await amount.getAttribute('aria-invalid')).toBe('true');
      expect(await readable('trade-amount-error')).toBe('readable');
      // Enter does not go on: no quote, the cursor stays, the confirm button cannot be pressed.
      await kb.press('Enter');
      await settle();
      expect(await focused(page)).toBe('trade-amount');
      expect(await count('quote-body')).toBe(0);
      expect(await text('quote-waiting')).toContain('金额有误，未报价。');
      expect(await page.getByTestId('confirm-button').isDisabled()).toBe(true);
      expect(await amount.inputValue()).toBe(typed);
    }
    await screenshot(page, 'e2e-inputs-amount-refused');

    // "300." is on the way to "300.50" while typing; on Enter it is a mistake, said so.
    await retype(kb, '300.');
    await settle();
    expect(await count('trade-amount-error')).toBe(0);
    await kb.press('Enter');
    await expect.poll(() => text('trade-amount-error'), poll).toContain('小数点前后都要有数字');
    expect(await text('trade-amount-error')).toContain('A decimal point needs digits on both sides');
    expect(await count('quote-body')).toBe(0);
    expect(await focused(page)).toBe('trade-amount');
    await page.keyboard.press('Backspace');
    await expect.poll(() => count('trade-amount-error'), poll).toBe(0);
    await expect.poll(() => text('quote-pays'), poll).toBe('USD 300.00');

    // With the input method on, the digit keys type full-width digits: the same number.
    await retype(kb, '２００');
    expect(await amount.inputValue()).toBe('200');
    expect(await count('trade-amount-error')).toBe(0);
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    expect(await text('quote-pays')).toBe('USD 200.00');
    expect(await text('quote-receives')).toBe('CNY 1,419.00');

    // Nothing about the refused amounts reached the ledger.
    const day = await server.ok('trades.personDay', AMOUNTS);
    expect(day.count).toBe(0);
    expect(day.attempts).toBe(0);
  });

  it('after a refused quote the cursor is back on the amount and Enter records nothing; recording the refusal is Tab, Enter', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await kb.press('F1');
    await toAmount(kb, OVER.idNumber, '郝超额');
    await kb.type('5100');
    await kb.press('Enter');
    await expect.poll(() => attr('quote-refusal', 'data-code'), poll).toBe('DAILY_LIMIT_EXCEEDED');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    // The refusal says what recording takes; the button to record it is not the confirm button.
    expect(await text('quote-refusal-how')).toContain('按 Enter 不会记录');
    expect(await text('quote-refusal-how')).toContain('Enter does not record it');
    expect(await text('record-refusal')).toContain('记录拒绝 Record the refusal');
    expect(await count('confirm-button')).toBe(0);
    await screenshot(page, 'e2e-inputs-refusal-focus');
    expect(await readable('quote-refusal')).toBe('readable');
    expect(await readable('record-refusal')).toBe('readable');

    // The habit: Enter, Enter. The cursor stays on the amount and no attempt is recorded.
    await kb.press('Enter');
    await settle();
    await kb.press('Enter');
    await settle();
    expect(await focused(page)).toBe('trade-amount');
    expect(await count('done-panel')).toBe(0);
    expect((await server.ok('trades.personDay', OVER)).attempts).toBe(0);

    // The deliberate key: Tab to "Record the refusal", Enter.
    await kb.press('Tab');
    await expect.poll(() => focused(page), poll).toBe('record-refusal');
    await kb.press('Enter');
    await expect.poll(() => attr('done-panel', 'data-outcome'), poll).toBe('refused');
    const day = await server.ok('trades.personDay', OVER);
    expect(day.attempts).toBe(1);
    expect(day.count).toBe(0);
  });

  it('第二十九条: a foreign individual\'s purchase asks whether it changes back RMB; "no" is refused with the article and recorded only by its own key', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    const passport = { idType: '04', idNumber: 'P7654321', country: 'GBR' };
    await kb.press('F1');
    await page.getByTestId('customer-idtype').selectOption('04');
    await page.getByTestId('customer-country').fill(passport.country);
    // 第三十一条 (issue 19): a passport's expiry is asked for before the quote.
    await page.getByTestId('customer-idexpiry').fill('2030-01-01');
    await page.getByTestId('customer-idnumber').fill(passport.idNumber);
    await page.getByTestId('customer-idnumber').press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-name');
    await kb.type('JANE ROE');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    await kb.press('F2'); // a purchase
    await page.getByTestId('trade-currency').fill('USD');
    await page.getByTestId('trade-amount').fill('100');
    // The question, asked before any answer is assumed.
    await page.getByTestId('trade-reconversion').waitFor();
    expect(await text('trade-reconversion')).toContain('是否兑回以前兑换所得的人民币');
    expect(await attr('trade-reconversion-no', 'aria-pressed')).toBe('false');
    await page.getByTestId('trade-reconversion-no').click();
    await expect.poll(() => attr('quote-refusal', 'data-code'), poll).toBe('FOREIGN_PURCHASE_NOT_ALLOWED');
    expect(await text('quote-refusal')).toContain('第二十九条');
    expect(await readable('quote-refusal')).toBe('readable');
    await screenshot(page, 'e2e-inputs-reconversion-no');
    expect((await server.ok('trades.personDay', passport)).attempts).toBe(0);
    await page.getByTestId('record-refusal').click();
    await expect.poll(() => attr('done-panel', 'data-outcome'), poll).toBe('refused');
    expect((await server.ok('trades.personDay', passport)).attempts).toBe(1);
    expect((await server.ok('trades.personDay', passport)).count).toBe(0);
  });

  it('a name the receipt printer cannot print (𠮷) is refused as it is typed, readable at 1366×768, and cannot be committed', async () => {
    const page = b.page;
    const kb = new Keyboard(page);
    await expect.poll(() => focused(page), poll).toBe('new-trade');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-idnumber');
    // The last trade's type (04, a passport) is kept (issue 20 item 4): ↑ in the number, back to 01.
    expect(await page.getByTestId('customer-idtype').inputValue()).toBe('04');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.getByTestId('customer-idtype').inputValue(), poll).toBe('01');
    await kb.type(RARE.idNumber);
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-name');
    await kb.type('王𠮷');
    // Said as it is typed, naming the character, in both languages, under the name.
    await expect.poll(() => attr('customer-name-error', 'data-code'), poll).toBe('NAME_NOT_PRINTABLE');
    const error = await text('customer-name-error');
    expect(error).toContain('"𠮷" U+20BB7');
    expect(error).toContain('水单打印机无法打印');
    expect(error).toContain('which the receipt printer cannot print');
    expect(await page.getByTestId('customer-name').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'e2e-inputs-name-unprintable');
    expect(await readable('customer-name-error')).toBe('readable');
    // Nothing squeezed over the field either (the region scrolls instead).
    expect(await readable('customer-found')).toBe('readable');
    expect(await readable('customer-name')).toBe('readable');
    // Enter does not go on to the currency.
    await kb.press('Enter');
    await settle();
    expect(await focused(page)).toBe('customer-name');

    // Put right (pinyin in brackets, as the message says): the refusal goes, the trade goes on.
    await page.getByTestId('customer-name').selectText();
    await kb.type('王(ji)');
    await expect.poll(() => count('customer-name-error'), poll).toBe(0);
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('trade-currency');
    await kb.type('USD');
    await expect.poll(() => focused(page), poll).toBe('trade-amount');
    await kb.type('100');
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('confirm-button');

    // Changed again after the quote: the confirm button sends the cursor to the name, and nothing
    // is committed while the refusal stays in sight.
    await page.getByTestId('customer-name').focus();
    await page.keyboard.press('End');
    await kb.type('𠮷');
    await expect.poll(() => attr('customer-name-error', 'data-code'), poll).toBe('NAME_NOT_PRINTABLE');
    await confirmFocused();
    await kb.press('Enter');
    await expect.poll(() => focused(page), poll).toBe('customer-name');
    await settle();
    expect(await count('done-panel')).toBe(0);
    expect(await readable('customer-name-error')).toBe('readable');
    expect((await server.ok('trades.personDay', RARE)).count).toBe(0);

    // The cursor came back with the unprintable character selected: one key takes it out.
    await page.keyboard.press('Backspace');
    expect(await page.getByTestId('customer-name').inputValue()).toBe('王(ji)');
    await expect.poll(() => count('customer-name-error'), poll).toBe(0);
    await confirmFocused();
    await kb.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    await expect.poll(() => attr('print-state', 'data-state'), poll).toBe('done');
    const receiptNo = Number(await text('done-receipt-no'));
    expect((await server.ok('trades.get', { receiptNo })).customer.name).toBe('王(ji)');
    expect(vp.jobs().map((j) => decode(j)).some((d) => d.parts.some((p) => p.join('\n').includes('王(ji)')))).toBe(true);
  });

  it('no uncaught error reached the page', () => {
    expect(b.pageErrors).toEqual([]);
  });
});
