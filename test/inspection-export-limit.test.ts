// 第四十九条 (issue 19 item 7): an export is bounded like every read of the journal. The bound is
// 20,000 trades; here it is lowered to 2 (the module mocked) so that a small real ledger reaches it.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ALICE, ok, openHarness, refusedWithoutWrites, stockOutlet, trade, type Harness } from './helpers/terminal';

vi.mock('../shared/api/journal', async (importOriginal) => ({ ...(await importOriginal<typeof import('../shared/api/journal')>()), JOURNAL_MAX_EXPORT: 2 }));

let h: Harness;
beforeAll(async () => {
  h = openHarness();
  await stockOutlet(h.terminal);
  for (let i = 0; i < 3; i++) ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
});
afterAll(() => h?.close());

it('第四十九条: an export of more trades than the bound is refused, with nothing written; a narrower one goes', async () => {
  const e = await refusedWithoutWrites(h, () => h.terminal.call('journal.export', { from: '2026-03-10', to: '2026-03-10', format: 'csv' }, h.session('sup1')), 'JOURNAL_EXPORT_TOO_LARGE');
  expect(e.message.en).toContain('more than 2');
  expect(ok(await h.terminal.call('journal.export', { from: '2026-03-10', to: '2026-03-10', receiptNo: 1, format: 'csv' }, h.session('sup1'))).count).toBe(1);
});
