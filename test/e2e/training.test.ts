// Training mode end to end: a server started with no monitoring endpoint marks every screen
// 培训模式 TRAINING (the counter, the day's trades, the queue, the rate board editor, the customer
// board) and can trade at once from its own sample board, cash and printer.
import { describe, expect, it } from 'vitest';
import { TRAINING_PEOPLE } from '../../shared/api';
import { resident } from '../helpers/simulator';
import { focused, screenshot, signIn, type Browsing, type Server, POLL, withServerAndBrowser, typeTrade, Keyboard } from './helpers';

let server: Server;
let b: Browsing;
const poll = POLL;

withServerAndBrowser((s, br) => {
  server = s;
  b = br;
});

describe('training mode', () => {
  it('is marked on every screen, and a trade works with no set-up', async () => {
    const page = b.page;
    expect((await server.ok('session.info', {})).training).toBe(true);
    // The sign-in screen lists the practice people with their passwords, in training mode only.
    await page.goto(`${server.url}/#/signin`);
    await page.getByTestId('training-people').waitFor();
    for (const p of TRAINING_PEOPLE) expect(await page.getByTestId(`training-person-${p.id}`).textContent()).toContain(p.password);
    await signIn(page, server.url, 'T01');
    expect(await page.getByTestId('status-role').getAttribute('data-role')).toBe('teller');
    for (const [key, screen] of [['F8', 'trades-screen'], ['F6', 'queue-screen'], ['F7', 'rates-screen'], ['F1', 'counter']] as const) {
      await page.keyboard.press(key);
      await page.getByTestId(screen).waitFor();
      expect(await page.getByTestId('status-training').textContent()).toBe('培训模式 TRAINING');
      expect(await page.getByTestId('training-stripe').isVisible()).toBe(true);
    }

    await typeTrade(page, new Keyboard(page), { idNumber: resident(201).idNumber, name: '练习', currency: 'HKD', amount: '1000' });
    await expect.poll(() => focused(page), poll).toBe('confirm-button');
    await page.keyboard.press('Enter');
    await page.getByTestId('done-panel').waitFor();
    await expect.poll(() => page.getByTestId('print-state').getAttribute('data-state'), poll).toBe('done');
    await screenshot(page, 'e2e-training');

    const board = await b.context.newPage();
    await board.goto(`${server.url}/#/board`);
    await board.getByTestId('board-training').waitFor();
    expect(await board.getByTestId('board-training').textContent()).toContain('培训模式');
    await expect.poll(() => board.getByTestId('board-row-HKD').count(), poll).toBe(1);
    await board.close();
    expect(b.pageErrors).toEqual([]);
  });
});
