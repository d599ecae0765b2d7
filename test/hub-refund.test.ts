// A refund on a later day at the hub (issue 19 item 2; docs/compliance-refund.md): the counter's
// events pushed to the hub as its push does; the institution's 附表1 and 附表2 of the outlet are the
// counter's own, with the purchase taken back in the refund's period, and the hub's look-up of the
// customer's day does not count the refund (第二十九条).
import { afterAll, describe, expect, it } from 'vitest';
import { eventsSince } from '../electron/ledger/events';
import type { HubDatabase } from '../hub/db/open';
import { ingest, registerTerminal } from '../hub/ingest';
import { personStanding } from '../hub/lookups';
import { saveOutlet, setInstitutionName } from '../hub/outlets';
import { importConversionTable } from '../hub/reference';
import { hubForm1, hubForm2 } from '../hub/reports';
import { HUB_ENGINES, type HubEngine } from './helpers/hub';
import { ALICE, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';

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
  it('第二十九条/第五十一条: a purchase refunded the next day: the hub\'s 附表1 and 附表2 are the counter\'s, netting out in the month; the day\'s look-up does not count the refund', async () => {
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
      }
      const day = await personStanding(hub.db, { idType: ALICE.idType, idNumber: ALICE.idNumber, country: 'CHN', date: '2026-03-17', exceptTerminal: 'OTHER' });
      expect(day.trades).toEqual([]);
    } finally {
      await hub.close();
    }
  });
});
