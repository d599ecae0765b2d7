// The inspection screen end to end (issue 19 item 7; 第四十九条, 第三十五条(三)): a trade made and its
// day closed through the API of browser mode's server (training mode), then a supervisor opens 检查
// Inspection in Chromium, searches the journal and sees the trade, and sees the closed day's archive
// listed (the receipts' institution copies and the back-fill list, one PDF) and verified.
import { describe, expect, it } from 'vitest';
import { TRAINING_PEOPLE } from '../../shared/api';
import { resident } from '../helpers/simulator';
import { E2E_NOW, screenshot, signIn, type Browsing, type Server, POLL, withServerAndBrowser } from './helpers';

const TELLER = TRAINING_PEOPLE.find((p) => p.role === 'teller')!;
const SUPERVISOR = TRAINING_PEOPLE.find((p) => p.role === 'supervisor')!;
const DAY = E2E_NOW.slice(0, 10);

let server: Server;
let b: Browsing;
let receiptNo: number;

withServerAndBrowser(async (s, br) => {
  server = s;
  b = br;
  const request = { customer: { ...resident(401), name: '检查' }, direction: 'settlement' as const, currency: 'USD', amount: '300', side: 'foreign' as const };
  const q = await server.api('trades.quote', request, TELLER.id);
  if (!q.ok) throw new Error(q.error.code);
  const t = await server.api('trades.commit', { ...request, quoteToken: q.value.quoteToken, acknowledgedPrompts: q.value.prompts.map((p) => p.code) }, TELLER.id);
  if (!t.ok) throw new Error(t.error.code);
  receiptNo = t.value.receiptNo;
  const prep = await server.ok('dayClose.prepare', { date: DAY });
  await server.ok('dayClose.close', {
    date: DAY,
    counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })),
    resolutions: prep.reconciliation.items.map((i) => ({ key: i.key, resolution: '已核实 checked' })),
  });
});

describe('第四十九条: the inspection screen', () => {
  it('a supervisor searches the journal and sees the trade; the closed day\'s archive is listed and verifies', async () => {
    const page = b.page;
    await signIn(page, server.url, SUPERVISOR.id, SUPERVISOR.password);
    await page.goto(`${server.url}/#/inspection`);
    await page.getByTestId('inspection-screen').waitFor();
    await page.getByTestId('inspect-from').fill(DAY);
    await page.getByTestId('inspect-to').fill(DAY);
    await page.getByTestId('inspect-currency').fill('USD');
    await page.getByTestId('inspect-search').click();
    await page.getByTestId(`inspect-row-${receiptNo}`).waitFor();
    const row = await page.getByTestId(`inspect-row-${receiptNo}`).textContent();
    expect(row).toContain('检查');
    expect(row).toContain('300');
    await page.getByTestId(`archive-${DAY}`).waitFor();
    expect(await page.getByTestId(`archive-${DAY}`).textContent()).toContain('已存档');
    await page.getByTestId('archive-verify').click();
    await expect.poll(() => page.getByTestId(`archive-check-${DAY}`).textContent(), POLL).toContain('OK');
    expect(await page.getByTestId(`archive-get-${DAY}`).count()).toBe(1);
    await screenshot(page, 'e2e-inspection');
    expect(b.pageErrors).toEqual([]);
  });
});
