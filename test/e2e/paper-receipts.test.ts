// A paper receipt printed after the backup, entered under its own number after the restore, end to
// end (issue 17 item 6; 第三十五条(三)): a real terminal (browser mode's server, the monitoring
// simulator) trades, is backed up, prints receipt 3, and stops; `npm run restore` puts the backup
// back; the restarted server's day's trades screen offers 补录纸质水单 with the closed range and the
// next number; a mistyped RMB amount is refused on screen with what the rate gives; typed as the
// paper prints, with a supervisor, receipt 3 is in the day's trades and the next to enter is 4.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outputs } from '../../shared/api';
import { businessDate } from '../../shared/time';
import { resident, startSimulator, type Simulator } from '../helpers/simulator';
import {
  E2E_NOW, POLL, ROOT, ensureRendererBuilt, launchBrowser, passwordOf, readers, requireChromium, screenshot, signIn, startServer, stockOutlet, type Browsing, type Server,
} from './helpers';

const CUSTOMER = { ...resident(417), name: '赵纸单' };
const RESTORED_AT = '2026-12-04T02:30:00.000Z';

let sim: Simulator;
let server: Server | undefined;
let dataDir: string | undefined;
let b: Browsing;
let paper: Outputs['trades.commit'];
const { text } = readers(() => b.page);

async function sell(s: Server, amount: string): Promise<Outputs['trades.commit']> {
  const req = { customer: CUSTOMER, direction: 'settlement' as const, currency: 'USD', amount, side: 'foreign' as const };
  const q = await s.api('trades.quote', req, 'T001');
  if (!q.ok) throw new Error(`trades.quote: ${q.error.code}`);
  const c = await s.api('trades.commit', { ...req, quoteToken: q.value.quoteToken, acknowledgedPrompts: [] }, 'T001');
  if (!c.ok) throw new Error(`trades.commit: ${c.error.code} ${c.error.message.en}`);
  return c.value;
}

/** `YYYY-MM-DDTHH:mm:ss` in Beijing time, as the receipt prints it and the time field takes it. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19);

beforeAll(async () => {
  requireChromium();
  await ensureRendererBuilt();
  const month = businessDate(new Date(E2E_NOW)).slice(0, 7);
  sim = await startSimulator({ from: E2E_NOW, fixture: { conversionRates: { [month]: { EUR: '1.0800', JPY: '0.0066', HKD: '0.1282', GBP: '1.2600' } } } });
  const before = await startServer({ monitoringUrl: sim.url });
  dataDir = before.dataDir;
  await stockOutlet(before);
  await sell(before, '100');
  await sell(before, '200');
  const backup = await before.ok('backup.create', { actor: 'S001' });
  paper = await sell(before, '100');
  await before.stop({ keepData: true });

  const restored = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/restore.ts'), '--data', dataDir, '--from', join(dataDir, 'backups', backup.file), '--by', 'M001', '--clock', RESTORED_AT], { cwd: ROOT, encoding: 'utf8' });
  if (restored.status !== 0) throw new Error(`npm run restore: ${restored.stderr}`);
  server = await startServer({ monitoringUrl: sim.url, dataDir, clock: '2026-12-04T02:40:00.000Z' });
  b = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
  if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
  await sim?.stop();
});

describe('a paper receipt printed after the backup, entered after the restore (第三十五条(三))', () => {
  it('the day\'s trades offer the closed range; a mistyped figure is refused on screen; as printed, receipt 3 is in the day\'s trades', async () => {
    expect(paper.receiptNo).toBe(3);
    const page = b.page;
    await signIn(page, server!.url, 'T001');
    await page.goto(`${server!.url}/#/trades`);
    await page.getByTestId('paper-receipts').waitFor();
    expect(await text('paper-ranges')).toContain('3–200000');
    expect(await text('paper-ranges')).toContain('下一张应录入 3');
    expect(await page.getByTestId('trade-row-3').count(), 'the restored ledger does not hold it').toBe(0);

    await page.getByTestId('paper-receipt').fill('3');
    await page.getByTestId('paper-when').fill(beijing(paper.createdAt));
    await page.getByTestId('paper-idNumber').fill(CUSTOMER.idNumber);
    await page.getByTestId('paper-country').fill('CHN');
    await page.getByTestId('paper-name').fill(CUSTOMER.name);
    await page.getByTestId('paper-foreign').fill('100');
    await page.getByTestId('paper-rate').fill(paper.ratePer100);
    await page.getByTestId('paper-rmb').fill('709.49');
    const approveAndSubmit = async () => {
      await page.getByTestId('paper-supervisor').fill('S001');
      await page.getByTestId('paper-supervisor-password').fill(passwordOf('S001'));
      await page.getByTestId('paper-submit').click();
    };
    await approveAndSubmit();
    await page.getByTestId('paper-error').waitFor();
    expect(await text('paper-error')).toContain('709.50');
    expect(await page.getByTestId('trade-row-3').count(), 'refused: nothing written').toBe(0);

    await page.getByTestId('paper-rmb').fill(paper.rmb.amount);
    await approveAndSubmit();
    await page.getByTestId('trade-row-3').waitFor({ timeout: POLL.timeout });
    expect(await text('paper-ranges')).toContain('下一张应录入 4');
    expect(await page.getByTestId('paper-error').count()).toBe(0);
    await screenshot(page, 'paper-receipts');

    // What the ledger holds: receipt 3 at the paper's time, as a back-fill (reason 01) SAFE gets once.
    const entered = await server!.ok('trades.get', { receiptNo: 3 });
    expect([entered.createdAt, entered.rmb.amount, entered.reportingPath]).toEqual([paper.createdAt.replace(/\.\d{3}Z$/, '.000Z'), paper.rmb.amount, 'backfill']);
    expect(b.pageErrors).toEqual([]);
  });
});
