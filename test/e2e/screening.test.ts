// Watch-list screening end to end (第五十四条; issue 19 item 1): a list imported (its CSV, through
// the API as the back office would send it), the teller's quote stopped by the hit in both
// languages, the supervisor examining it on the back office's screening tab in another window, and
// the trade then going through. Training mode: its own board, cash and printer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resident } from '../helpers/simulator';
import { Keyboard, ROOT, focused, screenshot, signIn, typeTrade, type Browsing, type Server, POLL, readers, withServerAndBrowser } from './helpers';

let server: Server;
let b: Browsing;
const poll = POLL;
const { text, attr } = readers(() => b.page);
const CUSTOMER = resident(301);

withServerAndBrowser((s, br) => {
  server = s;
  b = br;
});

describe('第五十四条: watch-list screening at the counter', () => {
  it('第五十四条: the quote shows the hit in both languages; the supervisor examines it on the screening tab; the trade goes through', async () => {
    const csv = readFileSync(join(ROOT, 'test', 'fixtures', 'screening', 'watchlist-sample.csv'), 'utf8');
    const list = await server.ok('screening.import', { listId: 'sample', name: '示例观察名单 sample watch list', format: 'csv', content: csv });
    expect(list).toMatchObject({ version: 1, entryCount: 5 });

    const page = b.page;
    await signIn(page, server.url, 'T01');
    const kb = new Keyboard(page);
    // 李建华 is WL-003 on the list (her ID is a resident card: the list's China agrees).
    await typeTrade(page, kb, { idNumber: CUSTOMER.idNumber, name: '李建华', currency: 'HKD', amount: '1000' });
    await expect.poll(() => attr('quote-refusal', 'data-code'), poll).toBe('SCREENING_HIT');
    const refusal = await text('quote-refusal');
    expect(refusal).toContain('示例观察名单');
    expect(refusal).toContain('WL-003');
    expect(refusal).toContain('请主管审查此命中');
    expect(refusal).toContain('ask a supervisor to examine the hit');
    expect(refusal).toMatch(/score \d+/);
    await screenshot(page, 'e2e-screening-hit');

    // The supervisor, in another window: the screening tab lists the hit; a false positive with the reason.
    const ctx = await b.browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const sup = await ctx.newPage();
    await signIn(sup, server.url, 'S01');
    await sup.goto(`${server.url}/#/screening`);
    await sup.getByTestId('screening-screen').waitFor();
    expect(await sup.getByTestId('screening-list-sample-1').textContent()).toContain('5');
    const row = sup.getByTestId('screening-hit-WL-003');
    await row.waitFor();
    expect(await row.textContent()).toContain('李建华');
    await row.getByTestId('screening-reason').fill('出生日期与名单不符，已核对身份证 date of birth differs');
    await row.getByTestId('screening-false-positive').click();
    await sup.getByTestId('screening-no-pending').waitFor();
    await screenshot(sup, 'e2e-screening-examined');
    await ctx.close();
    const [examined] = await server.ok('screening.hits', { state: 'all' });
    expect(examined?.decision).toMatchObject({ decision: 'falsePositive', by: 'S01' });

    // The teller quotes again: no refusal, and the trade is done.
    await kb.press('F1');
    await typeTrade(page, kb, { idNumber: CUSTOMER.idNumber, name: '李建华', currency: 'HKD', amount: '1000' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    expect(await page.getByTestId('quote-refusal').count()).toBe(0);
    await kb.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    await screenshot(page, 'e2e-screening-traded');
    expect(b.pageErrors).toEqual([]);
  });
});
