// A refund on a later day at the hub (issue 19 item 2; docs/compliance-refund.md): the counter's
// events pushed to the hub as its push does; the institution's 附表1 and 附表2 of the outlet are the
// counter's own, with the purchase taken back in the refund's period, and the hub's look-up of the
// customer's day does not count the refund (第二十九条).
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { eventsSince } from '../electron/ledger/events';
import type { HubDatabase } from '../hub/db/open';
import { ingest, registerTerminal } from '../hub/ingest';
import { personStanding } from '../hub/lookups';
import { saveOutlet, setInstitutionName } from '../hub/outlets';
import { importConversionTable } from '../hub/reference';
import { hubForm1, hubForm2, hubProfitReport } from '../hub/reports';
import { copyHubEvents, HUB_ENGINES, type HubEngine } from './helpers/hub';
import { ALICE, BOB_PASSPORT, ok, openHarness, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';

const HUB_NOW = () => new Date('2026-04-02T02:00:00Z');
const open: Harness[] = [];
afterAll(() => {
  for (const h of open.splice(0)) h.close();
});

async function push(db: HubDatabase, id: string, h: Harness, held: { seq: bigint }): Promise<void> {
  for (;;) {
    const batch = eventsSince(h.raw.ledger, held.seq, 500);
    if (batch.length === 0) return;
    await ingest(db, id, Buffer.from(JSON.stringify(batch)), HUB_NOW);
    held.seq = BigInt(batch.at(-1)!.seq);
  }
}

const numbers = <T extends { outlet: unknown }>(r: T): Omit<T, 'outlet'> => {
  const { outlet: _outlet, ...rest } = r;
  return rest;
};

describe.each(HUB_ENGINES.filter((e) => e.missing === undefined))('on $name', (engine: HubEngine) => {
  it('第二十九条/第五十一条: a purchase refunded the next day: the hub\'s 附表1 and 附表2 are the counter\'s, netting out in the month; its profit is the counter\'s; the day\'s look-up does not count the refund', async () => {
    const h = openHarness({ start: '2026-03-16T02:00:00Z', outlet: { terminalId: 'RF1', outletCode: 'OUT-RF' } });
    open.push(h);
    await stockOutlet(h.terminal);
    const original = ok(await trade(h.terminal, { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '300' }));
    h.clock.set('2026-03-17T03:00:00Z');
    ok(await h.terminal.call('rates.set', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00', setBy: 'sup1' }));
    ok(await h.terminal.call('trades.refund', { receiptNo: original.receiptNo, customer: { idType: ALICE.idType, idNumber: ALICE.idNumber }, reason: '退回 returned', tellerId: 'teller1', supervisorId: 'sup1' }));

    const hub = await engine.open(HUB_NOW);
    try {
      await saveOutlet(hub.db, { code: 'OUT-RF', name: '退款网点', cityCode: '110100', address: '' }, 'hq', HUB_NOW);
      await setInstitutionName(hub.db, '某某外币兑换有限公司');
      await registerTerminal(hub.db, { id: 'RF1', outletCode: 'OUT-RF' }, HUB_NOW);
      await importConversionTable(hub.db, { month: '2026-03', csv: 'currency,usd_per_unit\nEUR,1.25\nJPY,0.0068\nHKD,0.128\n' }, 'hq', HUB_NOW);
      await push(hub.db, 'RF1', h, { seq: 0n });

      const counter2 = ok(await h.terminal.call('reports.form2', { month: '2026-03' }));
      const hub2 = await hubForm2(hub.db, { outletCode: 'OUT-RF', month: '2026-03' });
      expect(numbers(hub2)).toEqual(numbers(counter2));
      expect(hub2.flows.domestic.sellCount).toBe(0);
      for (const [from, to] of [['2026-03-16', '2026-03-16'], ['2026-03-17', '2026-03-17'], ['2026-03-01', '2026-03-31']] as const) {
        expect(numbers(await hubForm1(hub.db, { outletCode: 'OUT-RF' }, from, to)), `${from}…${to}`).toEqual(numbers(ok(await h.terminal.call('reports.form1', { from, to }))));
        // 会计核算: the refund's dollars came back into stock at the original's price, as at the counter.
        expect(numbers(await hubProfitReport(hub.db, { outletCode: 'OUT-RF' }, from, to)), `profit ${from}…${to}`).toEqual(numbers(ok(await h.terminal.call('reports.profit', { from, to }))));
      }
      const day = await personStanding(hub.db, { idType: ALICE.idType, idNumber: ALICE.idNumber, country: 'CHN', date: '2026-03-17', exceptTerminal: 'OTHER' });
      expect(day.trades).toEqual([]);
    } finally {
      await hub.close();
    }
  });
});

describe('026 refund trades, on a hub that held refunds before it', () => {
  it('会计核算: the refunds are read once from the events held, as the inbox indexes them; one voided the same day stands no more', async () => {
    const h = openHarness({ start: '2026-03-16T02:00:00Z', outlet: { terminalId: 'RF2', outletCode: 'OUT-RF2' } });
    open.push(h);
    const t = h.terminal;
    await stockOutlet(t);
    const first = ok(await trade(t, { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '300' }));
    const second = ok(await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'EUR', amount: '50' }));
    h.clock.set('2026-03-17T03:00:00Z');
    ok(await t.call('rates.set', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00', setBy: 'sup1' }));
    ok(await t.call('trades.refund', { receiptNo: first.receiptNo, customer: { idType: ALICE.idType, idNumber: ALICE.idNumber }, reason: '退回 returned', tellerId: 'teller1', supervisorId: 'sup1' }));
    const undone = ok(await t.call('trades.refund', { receiptNo: second.receiptNo, customer: { idType: BOB_PASSPORT.idType, idNumber: BOB_PASSPORT.idNumber, country: BOB_PASSPORT.country }, reason: '退回 returned', tellerId: 'teller1', supervisorId: 'sup1' }));
    ok(await t.call('trades.void', { receiptNo: undone.receiptNo, reason: '退款办错 refunded in error', tellerId: 'teller1', supervisorId: 'sup1' }));

    const { loadHubMigrations, openPGliteHub } = await import('../hub/db/open');
    const now = await openPGliteHub({ now: HUB_NOW });
    const dir = tempDir('hub-');
    const v25 = await openPGliteHub({ dataDir: dir, now: HUB_NOW, migrations: loadHubMigrations().slice(0, 25) });
    try {
      await registerTerminal(now, { id: 'RF2', outletCode: 'OUT-RF2' }, HUB_NOW);
      await push(now, 'RF2', h, { seq: 0n });
      await registerTerminal(v25, { id: 'RF2', outletCode: 'OUT-RF2' }, HUB_NOW);
      expect(await copyHubEvents(now, v25)).toBeGreaterThan(10);
      await v25.destroy();
      const v26 = await openPGliteHub({ dataDir: dir, now: HUB_NOW });
      try {
        const q = 'SELECT terminal_id, trade_id, receipt_no, business_date::text AS day, created_at, currency, direction, foreign_minor, rmb_minor, voided FROM hub_refund_trades ORDER BY receipt_no';
        const live = (await sql<Record<string, unknown>>`${sql.raw(q)}`.execute(now)).rows;
        expect(live.map((r) => [r.receipt_no, r.currency, r.direction, r.foreign_minor, r.voided])).toEqual([
          [3n, 'USD', 'settlement', 30_000n, false],
          [4n, 'EUR', 'purchase', 5_000n, true],
        ]);
        expect((await sql<Record<string, unknown>>`${sql.raw(q)}`.execute(v26)).rows).toEqual(live);
      } finally {
        await v26.destroy();
      }
    } finally {
      await now.destroy();
    }
  }, 180_000);
});
