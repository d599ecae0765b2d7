// 第三十二条(五): the day's reconciliation compares every reported field of a trade with the monitoring
// system's record of it (ID type and number, country, name, trade type, fund attribute, currency,
// amount, time) and names the field that differs, to the supervisor, in both languages. Each field
// is altered in turn on the simulator's side (its control endpoint /control/alter), one trade each.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TradeView } from '../shared/api';
import { InterfaceModeClient } from '../electron/monitoring/httpClient';
import { ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';
import { resident, startSimulator, type Simulator } from './helpers/simulator';

const DAY = '2026-03-17';
const T0 = `${DAY}T02:00:00.000Z`;
const FIXTURE = { conversionRates: { '2026-03': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' } } };

let sim: Simulator;
let h: Harness | undefined;

beforeAll(async () => {
  sim = await startSimulator({ fixture: FIXTURE, now: T0 });
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  h?.close();
  h = undefined;
});

const person = (n: number) => ({ idType: '01', idNumber: resident(n).idNumber, name: `客户${n}` });

/** Each field, the value SAFE's copy is altered to, and the names the supervisor reads. */
const ALTERED = [
  { field: 'idType', value: '09', zh: '证件类型', en: 'ID type' },
  { field: 'idNumber', value: '110105194912310011', zh: '证件号码', en: 'ID number' },
  { field: 'country', value: 'HKG', zh: '国家/地区', en: 'country' },
  { field: 'name', value: '李四', zh: '姓名', en: 'name' },
  { field: 'tradeType', value: 'GH', zh: '交易类型', en: 'trade type' },
  { field: 'fundAttribute', value: '123', zh: '资金属性', en: 'fund attribute' },
  { field: 'currency', value: 'EUR', zh: '币种', en: 'currency' },
  { field: 'amount', value: '91', zh: '金额', en: 'amount' },
  { field: 'tradeTime', value: `${DAY}T01:00:00.000Z`, zh: '交易时间', en: 'trade time' },
] as const;

describe('第三十二条(五): reconciliation field by field', () => {
  it('第三十二条(五): each reported field altered at SAFE is named, with both values; the untouched trade matches', async () => {
    await sim.clock(T0);
    h = openHarness({ start: T0, monitoring: new InterfaceModeClient({ baseUrl: sim.url, connectTimeoutMs: 500, responseTimeoutMs: 800 }) });
    await stockOutlet(h.terminal);
    // One trade per field, and one left alone; small trades are back-filled: sent by the sync loop.
    const trades: TradeView[] = [];
    for (let i = 0; i <= ALTERED.length; i++) trades.push(ok(await trade(h.terminal, { customer: person(300 + i), direction: 'settlement', currency: 'USD', amount: '90' })));
    for (let i = 0; i < 10; i++) if (ok(await h.terminal.call('queue.syncNow', {})).delivered === 0) break;
    const refs: (string | undefined)[] = [];
    for (const t of trades) refs.push(ok(await h.terminal.call('trades.get', { tradeId: t.id })).refNo);
    expect(refs.every((r) => typeof r === 'string')).toBe(true);
    // Nothing differs before anything is altered.
    const clean = ok(await h.terminal.call('monitoring.reconcile', { date: DAY }));
    expect(clean.matched).toBe(trades.length);

    for (const [i, a] of ALTERED.entries()) await sim.alter(refs[i]!, a.field, a.value);
    const rec = ok(await h.terminal.call('monitoring.reconcile', { date: DAY }));
    expect(rec.matched).toBe(1);
    const lines = [...rec.differentAmount, ...rec.differentFields];
    for (const [i, a] of ALTERED.entries()) {
      const line = lines.find((l) => l.receiptNo === trades[i]!.receiptNo);
      expect(line, `the trade whose ${a.field} was altered is listed`).toBeDefined();
      expect(line!.differences, a.field).toEqual([expect.objectContaining({ field: a.field, zh: a.zh, en: a.en, monitoring: a.value })]);
      // Currency and amount keep their own list; every other field goes to the new one.
      const list = a.field === 'currency' || a.field === 'amount' ? rec.differentAmount : rec.differentFields;
      expect(list.map((l) => l.receiptNo)).toContain(trades[i]!.receiptNo);
    }
    expect(lines.find((l) => l.receiptNo === trades[1]!.receiptNo)!.differences![0]!.terminal).toBe(person(301).idNumber);

    // What the supervisor reads at the day close: the field by its name in both languages.
    const prep = ok(await h.terminal.call('dayClose.prepare', { date: DAY }));
    for (const [i, a] of ALTERED.entries()) {
      const item = prep.reconciliation.items.find((it) => it.detail.includes(`receipt ${trades[i]!.receiptText} `));
      expect(item, a.field).toBeDefined();
      expect(item!.detail).toContain(a.zh);
      expect(item!.detail).toContain(a.en);
      expect(item!.kind).toBe(a.field === 'currency' || a.field === 'amount' ? 'differentAmount' : 'differentFields');
    }
  });
});
