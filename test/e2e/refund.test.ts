// A refund on a later day at the counter, end to end (issue 19 item 2; docs/compliance-refund.md):
// a real terminal (browser mode's server, the monitoring simulator) sells a customer dollars on
// day 1 and stops; the server started again the next day shows the day's trades, where the teller
// types the receipt number the customer brings back and the ID they show; another customer's ID is
// refused on screen and nothing is written; with the right ID and a supervisor the refund is made,
// its own receipt shown with what the customer pays back and receives, and the refund is in the
// day's trades naming the original receipt.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outputs } from '../../shared/api';
import { dec } from '../../shared/money/money';
import { businessDate } from '../../shared/time';
import { resident, startSimulator, type Simulator } from '../helpers/simulator';
import { E2E_NOW, POLL, ensureRendererBuilt, launchBrowser, passwordOf, readers, requireChromium, screenshot, signIn, startServer, stockOutlet, type Browsing, type Server } from './helpers';

const CUSTOMER = { ...resident(431), name: '钱退款' };
const NEXT_DAY = '2026-12-05T02:00:00.000Z';

let sim: Simulator;
let server: Server | undefined;
let dataDir: string | undefined;
let b: Browsing;
let original: Outputs['trades.commit'];
const { text } = readers(() => b.page);

beforeAll(async () => {
  requireChromium();
  await ensureRendererBuilt();
  const month = businessDate(new Date(E2E_NOW)).slice(0, 7);
  sim = await startSimulator({ from: E2E_NOW, fixture: { conversionRates: { [month]: { EUR: '1.0800', JPY: '0.0066', HKD: '0.1282', GBP: '1.2600' } } } });
  const day1 = await startServer({ monitoringUrl: sim.url });
  dataDir = day1.dataDir;
  await stockOutlet(day1);
  const req = { customer: CUSTOMER, direction: 'purchase' as const, currency: 'USD', amount: '200', side: 'foreign' as const };
  const q = await day1.api('trades.quote', req, 'T001');
  if (!q.ok) throw new Error(`trades.quote: ${q.error.code}`);
  const c = await day1.api('trades.commit', { ...req, quoteToken: q.value.quoteToken, acknowledgedPrompts: [] }, 'T001');
  if (!c.ok) throw new Error(`trades.commit: ${c.error.code} ${c.error.message.en}`);
  original = c.value;
  await day1.stop({ keepData: true });
  server = await startServer({ monitoringUrl: sim.url, dataDir, clock: NEXT_DAY });
  b = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
  if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
  await sim?.stop();
});

describe('a refund on a later day at the counter (issue 19 item 2)', () => {
  it('the receipt typed, the wrong ID refused on screen, with the right ID and a supervisor the refund receipt is shown', async () => {
    const page = b.page;
    await signIn(page, server!.url, 'T001');
    await page.goto(`${server!.url}/#/trades`);
    await page.getByTestId('refund-panel').waitFor();

    const fill = async (idNumber: string) => {
      await page.getByTestId('refund-receipt').fill(original.receiptText);
      await page.getByTestId('refund-idNumber').fill(idNumber);
      await page.getByTestId('refund-reason').fill('行程取消 trip cancelled');
      await page.getByTestId('refund-supervisor').fill('S001');
      await page.getByTestId('refund-supervisor-password').fill(passwordOf('S001'));
      await page.getByTestId('refund-submit').click();
    };
    // 第三十一条: another person's ID is refused, with what to do; nothing is written.
    await fill(resident(432).idNumber);
    await page.getByTestId('refund-error').waitFor();
    expect(await text('refund-error')).toContain('证件');
    expect((await server!.ok('trades.list', {})).length).toBe(0);

    await fill(CUSTOMER.idNumber);
    await page.getByTestId('refund-result').waitFor({ timeout: POLL.timeout });
    const refund = (await server!.ok('trades.list', {}))[0]!;
    expect(refund.refund?.originalReceiptNo).toBe(original.receiptNo);
    expect(await text('refund-result')).toContain(refund.receiptText);
    expect(await text('refund-result')).toContain(original.receiptText);
    // The customer hands back the dollars and gets back the RMB they paid.
    expect(await text('refund-pays')).toContain('200.00');
    expect((await text('refund-receives'))?.replace(/,/g, '')).toContain(dec(original.customerPays.amount).toFixed(2));
    await page.getByTestId(`trade-refund-of-${refund.receiptNo}`).waitFor({ timeout: POLL.timeout });
    expect(await page.getByTestId('refund-error').count()).toBe(0);
    await screenshot(page, 'refund');
    expect(b.pageErrors).toEqual([]);
  });
});
