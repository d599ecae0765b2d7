// The regulatory reports (第五十一条, 附表1 and 附表2) and the books, from a real ledger: a month
// worked by hand (test/fixtures/form-month.json) cell by cell, and random months whose identities
// must hold exactly.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB_PASSPORT, ok, openHarness, refused, trade, type Harness } from './helpers/terminal';
import { FORM_MONTH_START, workFormMonth } from './helpers/formMonth';
import { ledgerViolations } from './helpers/invariants';
import { FORM1_ROWS } from '../shared/reports/types';
import { Decimal } from '../shared/money/money';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/form-month.json', import.meta.url), 'utf8')) as {
  form1: Record<string, Record<string, string | null>>;
  form2: { flows: Record<string, unknown>; opening: string; closing: string; adjustment: string };
};

let h: Harness | undefined;
afterEach(() => h?.close());

async function setRates(t: Harness['terminal']) {
  ok(await t.call('rates.set', { currency: 'USD', buyPer100: '710', sellPer100: '720', setBy: 'sup1' }));
  ok(await t.call('rates.set', { currency: 'EUR', buyPer100: '770', sellPer100: '790', setBy: 'sup1' }));
}

describe('a month worked by hand (test/fixtures/form-month.json)', () => {
  it('matches 附表1 and 附表2 cell by cell', async () => {
    h = openHarness({ start: FORM_MONTH_START });
    const t = h.terminal;
    await workFormMonth(h);

    const f1 = ok(await t.call('reports.form1', { from: '2026-03-01', to: '2026-03-31' }));
    expect(f1.columns.map((c) => c.currency)).toEqual(['CNY', 'EUR', 'USD']);
    for (const c of f1.columns) expect(c.cells, `附表1 ${c.currency}`).toEqual(fixture.form1[c.currency]);

    const f2 = ok(await t.call('reports.form2', { month: '2026-03' }));
    expect(f2.flows).toEqual(fixture.form2.flows);
    expect([f2.opening, f2.closing, f2.adjustment]).toEqual([fixture.form2.opening, fixture.form2.closing, fixture.form2.adjustment]);
    expect(f2.conversionMonth).toBe('2026-03');
    // 第五十一条(三): within the first five working days of April (4–6 April is the Qingming break).
    expect(f2.dueDate).toBe('2026-04-08');
    expect(ledgerViolations(t.ledger)).toEqual([]);

    // The books: the trial balance balances per currency; fee-free trades earn the spread only.
    const tb = ok(await t.call('reports.trialBalance', { date: '2026-03-31' }));
    for (const currency of ['CNY', 'USD', 'EUR']) {
      const rows = tb.rows.filter((r) => r.currency === currency);
      const debit = rows.reduce((s, r) => s.plus(r.debit), new Decimal(0));
      const credit = rows.reduce((s, r) => s.plus(r.credit), new Decimal(0));
      expect(debit.eq(credit), currency).toBe(true);
    }
    const p = ok(await t.call('reports.profit', { from: '2026-03-01', to: '2026-03-31' }));
    // USD (average cost, fen): 10,000 at 71,500.00, +300 at 2,130.00 → 10,300 at 73,630.00; sold 1,000
    // for 7,200.00 at cost 7,148.54 (spread 51.46) and 1,000 to the bank for 7,150.00 at cost 7,148.54
    // (1.46); 8,300 left at 59,332.92, worth 59,345.00 at the mid 7.15 → 12.08.
    // EUR: 5,000 at 39,000.00 + 400 at 3,080.00; 5,400 worth 42,120.00 at 7.80 → 40.00.
    expect(p.rows).toEqual([
      { currency: 'EUR', feeIncome: '0', spread: '0', revaluation: '40', total: '40' },
      { currency: 'USD', feeIncome: '0', spread: '52.92', revaluation: '12.08', total: '65' },
    ]);
    expect(p.total).toEqual({ currency: 'CNY', feeIncome: '0', spread: '52.92', revaluation: '52.08', total: '105' });
  });
});

describe('identities over random months (property)', () => {
  const RUNS = Number(process.env.PROPERTY_RUNS ?? 6);
  const op = fc.oneof(
    fc.record({ kind: fc.constant('trade' as const), who: fc.constantFrom(ALICE, BOB_PASSPORT, { idType: '01', idNumber: '110101199003074514', name: '李四' }), direction: fc.constantFrom('settlement' as const, 'purchase' as const), currency: fc.constantFrom('USD', 'EUR', 'JPY'), units: fc.integer({ min: 1, max: 40 }), voidIt: fc.boolean() }),
    fc.record({ kind: fc.constant('deposit' as const), units: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ kind: fc.constant('withdraw' as const), units: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ kind: fc.constant('rebalance' as const), channel: fc.constantFrom('internal' as const, 'bank' as const), currency: fc.constantFrom('USD', 'EUR'), units: fc.integer({ min: 1, max: 20 }), sell: fc.boolean() }),
    fc.record({ kind: fc.constant('safe' as const), units: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ kind: fc.constant('nextDay' as const), close: fc.boolean() }),
  );

  it('附表1 and 附表2 hold exactly, and every day end\'s reserves equal cash on hand plus reserve accounts', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), async (ops) => {
      h?.close();
      h = openHarness({ start: '2026-04-30T01:00:00Z' });
      const t = h.terminal;
      ok(await t.call('conversionRates.import', { month: '2026-04', csv: 'currency,usd_per_unit\nEUR,1.10\nJPY,0.0070\n', importedBy: 'sup1' }));
      ok(await t.call('conversionRates.import', { month: '2026-05', csv: 'currency,usd_per_unit\nEUR,1.15\nJPY,0.0068\n', importedBy: 'sup1' }));
      h.clock.set('2026-04-30T01:00:00Z');
      await setRates(t);
      for (const [currency, amount] of [['CNY', '500000'], ['USD', '50000'], ['EUR', '50000'], ['JPY', '5000000']] as const) ok(await t.call('cash.fund', { currency, amount, note: 'float', actor: 'mgr1' }));
      ok(await t.call('reserves.setBasicAccount', { bankName: '工商银行', accountNo: 'B', actor: 'mgr1' }));
      ok(await t.call('reserves.openAccount', { bankName: '工商银行', currency: 'CNY', accountNo: 'R1', actor: 'mgr1' }));
      const usdAccount = ok(await t.call('reserves.openAccount', { bankName: '工商银行', currency: 'USD', accountNo: 'R2', actor: 'mgr1' })).id;
      const april = ok(await t.call('dayClose.prepare', { date: '2026-04-30' }));
      ok(await t.call('dayClose.close', { date: '2026-04-30', counts: april.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })), actor: 'teller1' }));
      let day = 4;
      const open: string[] = [];
      const closed = new Set<string>();
      h.clock.set('2026-05-04T01:00:00Z');
      const rate = async () => {
        await setRates(t);
        ok(await t.call('rates.set', { currency: 'JPY', buyPer100: '4.70', sellPer100: '4.90', setBy: 'sup1' }));
      };
      await rate();
      const dayEndCheck = async (date: string) => {
        const f = ok(await t.call('reports.form1', { from: date, to: date }));
        const totals = ok(await t.call('reserves.accounts', {})).totals;
        for (const c of f.columns) {
          const expected = totals.find((x) => x.currency === c.currency)?.amount ?? '0';
          expect(new Decimal(c.cells.r19!).eq(expected), `${date} ${c.currency}`).toBe(true);
        }
      };
      for (const o of ops) {
        const date = `2026-05-${String(day).padStart(2, '0')}`;
        if (o.kind === 'trade') {
          const amount = o.currency === 'JPY' ? String(o.units * 1000) : String(o.units * 10);
          const r = await trade(t, { customer: o.who, direction: o.direction, currency: o.currency, amount });
          if (r.ok && o.voidIt) await t.call('trades.void', { receiptNo: r.value.receiptNo, reason: 'x', tellerId: 'teller1', supervisorId: 'sup1' });
        } else if (o.kind === 'deposit') {
          await t.call('reserves.move', { kind: 'cash_deposit', currency: 'USD', amount: String(o.units * 100), from: 'till', accountId: usdAccount, actor: 'sup1' });
        } else if (o.kind === 'withdraw') {
          await t.call('reserves.move', { kind: 'cash_withdrawal', currency: 'USD', amount: String(o.units * 100), accountId: usdAccount, to: 'till', actor: 'sup1' });
        } else if (o.kind === 'rebalance') {
          const fx = { currency: o.currency, amount: String(o.units * 100), place: 'till' };
          const rmb = { currency: 'CNY', amount: String(o.units * 700), place: 'till' };
          await t.call('reserves.move', { kind: 'rebalance', channel: o.channel, counterparty: '对方', method: 'cash', place: '北京', sameCity: true, ...(o.sell ? { out: fx, in: rmb } : { in: fx, out: rmb }), ratePer100: '700', actor: 'sup1' });
        } else if (o.kind === 'safe') {
          await t.call('reserves.move', { kind: 'till_safe', currency: 'CNY', amount: String(o.units * 100), from: 'till', to: 'safe', actor: 'sup1' });
        } else {
          await dayEndCheck(date);
          if (!open.includes(date) && !closed.has(date)) open.push(date);
          if (o.close) {
            // Days close in order: every day since the last close, then this one.
            for (const d of open.splice(0)) {
              closed.add(d);
              const prep = ok(await t.call('dayClose.prepare', { date: d }));
              ok(await t.call('dayClose.close', { date: d, counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })), actor: 'teller1' }));
            }
          }
          if (day < 28) day += 1;
          h.clock.set(`2026-05-${String(day).padStart(2, '0')}T01:00:00Z`);
          await rate();
        }
      }
      await dayEndCheck(`2026-05-${String(day).padStart(2, '0')}`);
      // The whole month: every identity is checked by the report itself; here what it must equal.
      const f1 = ok(await t.call('reports.form1', { from: '2026-05-01', to: '2026-05-31' }));
      for (const c of f1.columns) {
        const x = c.cells;
        const n = (k: string) => new Decimal(x[k as keyof typeof x] ?? 0);
        expect(n('r3').plus(n('r12')).plus(n('r13')).plus(n('r14')).plus(n('r15')).plus(n('r16')).eq(n('r19'))).toBe(true);
        expect(n('r17').plus(n('r18')).eq(n('r19'))).toBe(true);
        expect(Object.keys(x).sort()).toEqual([...FORM1_ROWS].sort());
      }
      const f2 = ok(await t.call('reports.form2', { month: '2026-05' }));
      const diffs = Object.entries(f2.flows).filter(([k]) => ['customers', 'internal', 'otherInstitution', 'bank', 'otherApproved'].includes(k)).reduce((s, [, v]) => s.plus(v.diff), new Decimal(0));
      expect(new Decimal(f2.closing).eq(new Decimal(f2.opening).plus(diffs).plus(f2.adjustment))).toBe(true);
      const standing = Number((t.ledger.prepare("select count(*) n from trades t where not exists (select 1 from voids v where v.trade_id = t.id) and business_date like '2026-05-%'").get() as { n: bigint }).n);
      expect(f2.flows.customers!.buyCount + f2.flows.customers!.sellCount).toBe(standing);
      expect(ledgerViolations(t.ledger)).toEqual([]);
    }), { numRuns: RUNS });
  }, 240_000);
});

describe('exports', () => {
  it('refuses a report period that runs backwards', async () => {
    h = openHarness();
    refused(await h.terminal.call('reports.form1', { from: '2026-03-31', to: '2026-03-01' }), 'REPORT_PERIOD_INVALID');
  });
});
