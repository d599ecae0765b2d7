// HQ's console in Chromium (issue 18 items 1 and 2), served by the hub, against a hub fed by a real
// terminal process: HQ's manager signs in, sees the outlet's counters live — the one running
// online, the one whose PC never came said so with what to do — filters to what needs attention,
// sorts with the keyboard, and signs out; a wrong password is refused on the page. The registers,
// the rate push, the inspection search and the institution's reports (附表2 as the counter's own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clockFrom } from '../../shared/time';
import { HUB_ENGINES, hubPost, registerOutlet, startTestHub } from '../helpers/hub';
import { resident, startSimulator, type Simulator } from '../helpers/simulator';

const CUSTOMER = resident(318);
import { readFileSync } from 'node:fs';
import { E2E_NOW, OUTLET, POLL, ensureRendererBuilt, launchBrowser, readers, requireChromium, screenshot, startServer, stockOutlet, type Browsing, type Server } from './helpers';

/** The hub runs on the counter's clock (E2E_NOW, running on), so its signatures are in time. */
const now = clockFrom(E2E_NOW);

let sim: Simulator;
let hub: Awaited<ReturnType<typeof startTestHub>>;
let server: Server;
let b: Browsing;

beforeAll(async () => {
  requireChromium();
  await ensureRendererBuilt();
  sim = await startSimulator({ from: E2E_NOW });
  hub = await startTestHub(HUB_ENGINES[0]!, now);
  await registerOutlet(hub.db, OUTLET.outletCode, now);
  const hq = (await hubPost(hub.url, '/v1/sign-in', { id: 'HQ1', password: 'hq-manager-pass' })).value.token as string;
  const made = await hubPost(hub.url, '/v1/terminals/enrol-code', { terminalId: 'T1', outletCode: OUTLET.outletCode, name: '1号柜台' }, hq);
  if (!made.ok) throw new Error(`enrol-code: ${made.error?.code}`);
  // A second counter registered whose PC never came.
  await hubPost(hub.url, '/v1/terminals/enrol-code', { terminalId: 'T2', outletCode: OUTLET.outletCode, name: '2号柜台' }, hq);
  server = await startServer({ monitoringUrl: sim.url, terminalId: 'T1', hub: { url: hub.url, enrolmentCode: made.value.code as string } });
  b = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
  await hub?.close();
  await sim?.stop();
});

describe('HQ\'s console, served by the hub', () => {
  it('a wrong password is refused on the page; HQ\'s manager signs in and sees every counter live, what needs attention said with what to do', async () => {
    const page: Page = b.page;
    const read = readers(() => page);
    // The counter has enrolled and is pulling.
    await expect.poll(async () => (await server.ok('session.info', {})).hub?.enrolled, { ...POLL, timeout: 30_000 }).toBe(true);
    await page.goto(`${hub.url}/`);
    await page.getByTestId('hq-signin-id').fill('HQ1');
    await page.getByTestId('hq-signin-password').fill('not-the-password');
    await page.getByTestId('hq-signin-submit').click();
    await expect.poll(() => read.attr('hq-signin-error', 'data-code'), POLL).toBe('SIGN_IN_FAILED');
    await page.getByTestId('hq-signin-password').fill('hq-manager-pass');
    await page.getByTestId('hq-signin-password').press('Enter');
    await page.getByTestId('live-table').waitFor();
    expect(await read.text('hq-person')).toContain('HQ1');
    await expect.poll(() => read.attr('live-row-T1', 'data-online'), POLL).toBe('true');
    expect(await read.attr('live-row-T1', 'data-problems')).toBe('');
    expect(await read.attr('live-row-T2', 'data-problems')).toBe('notEnrolled');
    expect(await read.text('live-problems-T2')).toContain('terminal.json');
    expect(await read.text('live-summary')).toMatch(/1 个网点，2 个柜台，1 个在线，1 个需要处理/);
    await screenshot(page, 'e2e-hq-live');

    // Only what needs attention: counter 1 leaves the table.
    await page.getByTestId('live-only-problems').check();
    await expect.poll(() => page.getByTestId('live-row-T1').count(), POLL).toBe(0);
    expect(await page.getByTestId('live-row-T2').count()).toBe(1);
    await page.getByTestId('live-only-problems').uncheck();

    // Sorted with the keyboard: by outlet, counter 1 first; needing attention first, counter 2 first.
    await page.getByTestId('live-sort-outlet').focus();
    await page.keyboard.press('Enter');
    const order = () => page.locator('[data-testid^="live-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    await expect.poll(order, POLL).toEqual(['live-row-T1', 'live-row-T2']);
    await page.getByTestId('live-sort-problems').focus();
    await page.keyboard.press('Enter');
    await expect.poll(order, POLL).toEqual(['live-row-T2', 'live-row-T1']);

    // In English, the same sentence in English.
    await page.getByTestId('hq-lang').click();
    expect(await read.text('live-problems-T2')).toContain('enrolment code');
    await page.getByTestId('hq-lang').click();

  }, 120_000);

  it('the registers: the counter\'s receipt books (its reserve book marked), the counters, the people; a rate pushed to the outlet, one far from its board asked again and confirmed, in the board\'s history', async () => {
    const page: Page = b.page;
    const read = readers(() => page);
    await page.getByTestId('hq-tab-registers').click();
    const books = page.locator('[data-testid^="book-B"]');
    await expect.poll(() => books.count(), POLL).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('books-table').innerText()).toContain('备用');
    expect(await page.getByTestId('books-table').innerText()).toContain('1号柜台');
    expect(await read.text('person-HQ1')).toContain('总部经理');
    expect(await read.text('person-AUD1')).toContain('总部审计');
    expect(await read.text('counter-T2')).toContain('2号柜台');
    await screenshot(page, 'e2e-hq-registers');

    await page.getByTestId('hq-tab-rates').click();
    await page.getByTestId(`rates-outlet-${OUTLET.outletCode}`).check();
    await page.getByTestId('rates-buy').fill('710');
    await page.getByTestId('rates-sell').fill('720');
    await page.getByTestId('rates-submit').click();
    await expect.poll(() => read.text('rates-done'), POLL).toContain(OUTLET.outletCode);
    // 10 % above the board it now has: asked again, naming the outlet; confirmed, pushed.
    await page.getByTestId('rates-buy').fill('781');
    await page.getByTestId('rates-sell').fill('792');
    await page.getByTestId('rates-submit').click();
    await expect.poll(() => read.attr('rates-error', 'data-code'), POLL).toBe('RATE_IMPLAUSIBLE');
    expect(await read.text('rates-error')).toContain(OUTLET.outletCode);
    await page.getByTestId('rates-confirm').check();
    await page.getByTestId('rates-submit').click();
    await expect.poll(() => page.getByTestId('rates-error').count(), POLL).toBe(0);
    const rows = page.locator('[data-testid^="rate-"]').filter({ hasText: 'HQ1' });
    await expect.poll(() => rows.count(), POLL).toBe(2);
    expect(await rows.first().innerText()).toContain('781');
    // The counter has it at its next pull.
    await expect.poll(async () => (await server.ok('rates.board', {})).find((r) => r.currency === 'USD')?.buyPer100, { ...POLL, timeout: 30_000 }).toBe('781');
    await screenshot(page, 'e2e-hq-rates');

  }, 120_000);

  it('第五十四条: HQ\'s manager sends a watch list from the registers; a file the counters could not read is refused on the page; the counter imports the list at its next pull', async () => {
    const page: Page = b.page;
    const read = readers(() => page);
    await page.getByTestId('hq-tab-registers').click();
    await page.getByTestId('watch-list-id').fill('hq-e2e');
    await page.getByTestId('watch-list-name').fill('总部观察名单 HQ list');
    await page.getByTestId('watch-list-format').selectOption('csv');
    await page.getByTestId('watch-list-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('who,what\nx,y\n') });
    await page.getByTestId('watch-list-submit').click();
    await expect.poll(() => read.attr('watch-list-error', 'data-code'), POLL).toBe('SCREENING_LIST_INVALID');
    const csv = readFileSync(new URL('../fixtures/screening/watchlist-sample.csv', import.meta.url), 'utf8');
    await page.getByTestId('watch-list-file').setInputFiles({ name: 'watchlist.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('watch-list-submit').click();
    await expect.poll(() => read.text('watch-list-done'), POLL).toContain('hq-e2e');
    expect(await read.text('watch-list-done')).toContain('5');
    expect(await page.getByTestId('watch-lists').innerText()).toContain('hq-e2e (csv)');
    expect(await page.getByTestId('watch-lists').innerText()).toContain('总部观察名单 HQ list');
    // The counter has it at its next pull, from the hub.
    await expect.poll(async () => (await server.ok('screening.lists', {})).find((l) => l.listId === 'hq-e2e')?.source, { ...POLL, timeout: 30_000 }).toBe('hub');
    await page.getByTestId('register-watch-lists').scrollIntoViewIfNeeded();
    await screenshot(page, 'e2e-hq-watch-lists');
  }, 120_000);

  it('the inspection search: a customer\'s trade found by their document, exported as CSV; the hub recorded both', async () => {
    const page: Page = b.page;
    const read = readers(() => page);
    await stockOutlet(server);
    const req = { customer: { ...CUSTOMER, name: '王五' }, direction: 'settlement' as const, currency: 'USD', amount: '200', side: 'foreign' as const };
    const q = await server.api('trades.quote', req, 'T001');
    if (!q.ok) throw new Error(`trades.quote: ${q.error.code}`);
    const made = await server.api('trades.commit', { ...req, quoteToken: q.value.quoteToken, acknowledgedPrompts: [] }, 'T001');
    if (!made.ok) throw new Error(`trades.commit: ${made.error.code}`);
    await expect.poll(async () => (await server.ok('session.info', {})).hub?.eventsBehind, { ...POLL, timeout: 30_000 }).toBe(0);

    await page.getByTestId('hq-tab-inspection').click();
    await expect.poll(() => page.getByTestId('inspect-from').inputValue(), POLL).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.getByTestId('inspect-idNumber').fill(CUSTOMER.idNumber);
    await page.getByTestId('inspect-submit').click();
    await expect.poll(() => page.getByTestId(`inspect-row-${made.value.receiptText}`).count(), POLL).toBe(1);
    expect(await read.text(`inspect-row-${made.value.receiptText}`)).toContain('王五');
    expect(await read.text('inspect-count')).toContain('共 1 笔');
    const download = page.waitForEvent('download');
    await page.getByTestId('inspect-export').click();
    const file = await download;
    const csv = readFileSync((await file.path())!, 'utf8');
    expect(csv).toContain(made.value.receiptText);
    expect(file.suggestedFilename()).toMatch(/^journal-.*\.csv$/);
    const log = await hub.db.selectFrom('hub_inspections').select(['person_id', 'export', 'results']).orderBy('id').execute();
    expect(log.map((r) => [r.person_id, r.export, r.results])).toEqual([['HQ1', null, 1], ['HQ1', 'csv', 1]]);
    await screenshot(page, 'e2e-hq-inspection');

    // The institution's reports from the hub (issue 18 item 4): the outlet's 附表2 of the month is the
    // counter's own, cell by cell; shown laid out as the form, downloaded as XLSX.
    const month = (await server.ok('session.info', {})).businessDate.slice(0, 7);
    const hq = (await hubPost(hub.url, '/v1/sign-in', { id: 'HQ1', password: 'hq-manager-pass' })).value.token as string;
    expect((await hubPost(hub.url, '/v1/conversion-rates', { month, csv: 'currency,usd_per_unit\nEUR,1.0800\nJPY,0.0066\nHKD,0.1282\nGBP,1.2600' }, hq)).ok).toBe(true);
    const own = await server.ok('reports.form2', { month });
    const atHub = await hubPost(hub.url, '/v1/reports', { report: 'form2', outletCode: OUTLET.outletCode, month }, hq);
    expect(atHub.value.flows).toEqual(own.flows);
    expect([atHub.value.opening, atHub.value.closing]).toEqual([own.opening, own.closing]);
    await page.getByTestId('hq-tab-reports').click();
    await page.getByTestId('hq-report-kind').selectOption('form2');
    await page.getByTestId('hq-report-month').fill(month);
    await page.getByTestId('hq-report-outletCode').fill(OUTLET.outletCode);
    await page.getByTestId('hq-report-show').click();
    await page.getByTestId('hq-report-view').waitFor();
    const shown = await read.text('hq-report-view');
    expect(shown).toContain('特许业务月报表');
    expect(shown).toContain(own.flows.customers.buyAmount);
    const xlsx = page.waitForEvent('download');
    await page.getByTestId('hq-report-xlsx').click();
    expect((await xlsx).suggestedFilename()).toBe(`附表2-${OUTLET.outletCode}-${month}.xlsx`);
    // A month typed wrong is refused on the page in words, nothing shown.
    await page.getByTestId('hq-report-month').fill('2026-13');
    await page.getByTestId('hq-report-show').click();
    await page.getByTestId('hq-report-error').waitFor();
    expect(await page.getByTestId('hq-report-view').count()).toBe(0);
    await screenshot(page, 'e2e-hq-reports');

    await page.getByTestId('hq-sign-out').click();
    await page.getByTestId('hq-signin-id').waitFor();
  }, 120_000);
});
