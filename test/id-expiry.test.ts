// 第三十一条: the customer's VALID ID (issue 19 item 5). The expiry date printed on the document is
// taken with the customer, checked against the business date (valid through that day, inclusive),
// refused when past, and recorded with the customer and the trade (migration 025).
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Refusal } from '../shared/errors';
import { validateIdDocument } from '../shared/id/idDocument';
import { checkIdExpiry, idExpiryRequired, isCalendarDate, LONG_TERM } from '../shared/id/idExpiry';
import { customerLookup } from '../shared/api/customers';
import { ALICE, BOB_PASSPORT, ok, openHarness, refusedWithoutWrites, stockOutlet, trade, type Harness } from './helpers/terminal';

const TODAY = '2026-03-10';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof Refusal) return e.code;
    throw e;
  }
}

describe('第三十一条: the expiry date of the ID document', () => {
  it('valid through the expiry date inclusive: today is still valid, yesterday is expired', () => {
    expect(checkIdExpiry('04', '2026-03-10', TODAY)).toBe('2026-03-10');
    expect(checkIdExpiry('04', ' 2031-01-31 ', TODAY)).toBe('2031-01-31');
    expect(codeOf(() => checkIdExpiry('04', '2026-03-09', TODAY))).toBe('ID_EXPIRED');
  });

  it('an expired passport is refused with the date and what to do, in both languages', () => {
    try {
      validateIdDocument({ idType: '04', idNumber: 'X1234567', country: 'USA', idExpiry: '2025-12-31' }, TODAY);
      expect.unreachable();
    } catch (e) {
      const f = (e as Refusal).failure;
      expect(f.code).toBe('ID_EXPIRED');
      expect(f.message.zh).toContain('2025-12-31');
      expect(f.message.zh).toContain('第三十一条');
      expect(f.message.zh).toContain('其他有效证件');
      expect(f.message.en).toContain('2025-12-31');
      expect(f.message.en).toContain('another valid ID');
    }
  });

  it('a malformed or impossible date is refused, never changed into another one', () => {
    for (const bad of ['2027-02-29', '2030-13-01', '2030-04-31', '20300101', '2030/01/01', '30-01-2030', 'tomorrow', '1899-12-31']) {
      expect(codeOf(() => checkIdExpiry('04', bad, TODAY)), bad).toBe('ID_EXPIRY_INVALID');
    }
    expect(checkIdExpiry('04', '2028-02-29', TODAY)).toBe('2028-02-29');
  });

  it('长期 (long-term) is taken for a resident ID card only', () => {
    expect(checkIdExpiry('01', LONG_TERM, TODAY)).toBe('长期');
    for (const t of ['04', '05', '06', '07', '09', '10']) {
      expect(codeOf(() => checkIdExpiry(t, LONG_TERM, TODAY)), t).toBe('ID_EXPIRY_LONG_TERM_NOT_ALLOWED');
    }
  });

  it('the counter asks for it for every accepted type; required, a missing one is refused', () => {
    for (const t of ['01', '04', '05', '06', '07', '09', '10']) expect(idExpiryRequired(t), t).toBe(true);
    expect(codeOf(() => checkIdExpiry('09', '', TODAY, { requireExpiry: true }))).toBe('ID_EXPIRY_REQUIRED');
    expect(checkIdExpiry('09', undefined, TODAY)).toBeUndefined();
  });

  it('the number is judged first: a wrong number is said before the expiry', () => {
    expect(codeOf(() => validateIdDocument({ idType: '04', idNumber: 'X1', country: 'USA', idExpiry: '2020-01-01' }, TODAY))).toBe('ID_FORMAT');
  });

  it('property: any real date is accepted exactly when it is not before today', () => {
    const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (expiry, today) => {
        expect(isCalendarDate(expiry)).toBe(true);
        const code = codeOf(() => checkIdExpiry('04', expiry, today));
        expect(code).toBe(expiry < today ? 'ID_EXPIRED' : undefined);
      }),
    );
  });
});

describe('第三十一条 through the Terminal: an expired document refused, a valid one recorded', () => {
  let h: Harness;
  beforeEach(async () => {
    h = openHarness();
    await stockOutlet(h.terminal);
  });
  afterEach(() => h.close());

  it('an expired passport is refused at the quote and writes nothing (no attempt either)', async () => {
    const customer = { ...BOB_PASSPORT, idExpiry: '2026-03-09' };
    const f = await refusedWithoutWrites(h, () => h.terminal.call('trades.quote', { customer, direction: 'settlement', currency: 'USD', amount: '100', side: 'foreign', tellerId: 'teller1' }), 'ID_EXPIRED');
    expect(f.message.en).toContain('2026-03-09');
    await refusedWithoutWrites(h, () => h.terminal.call('customers.lookup', { idType: '04', idNumber: 'X1234567', country: 'USA', idExpiry: '2026-03-09' }), 'ID_EXPIRED');
  });

  it('a passport valid through today is looked up, and the answer says its expiry back (the counter shows what it checked)', async () => {
    const found = ok(await h.terminal.call('customers.lookup', { idType: '04', idNumber: 'X1234567', country: 'USA', idExpiry: '2026-03-10' }));
    expect(found).toMatchObject({ idNumber: 'X1234567', idExpiry: '2026-03-10' });
    // The answer fits the method's declared output (what the renderer and the HTTP transport rely on).
    expect(customerLookup.safeParse(found).success).toBe(true);
  });

  it('an impossible date is refused, not read as another', async () => {
    await refusedWithoutWrites(h, () => h.terminal.call('trades.quote', { customer: { ...BOB_PASSPORT, idExpiry: '2027-02-29' }, direction: 'settlement', currency: 'USD', amount: '100', side: 'foreign', tellerId: 'teller1' }), 'ID_EXPIRY_INVALID');
  });

  it('a passport valid through today trades, and its expiry is recorded with the trade and the customer', async () => {
    const t = ok(await trade(h.terminal, { customer: { ...BOB_PASSPORT, idExpiry: '2026-03-10' }, direction: 'settlement', currency: 'USD', amount: '100' }));
    expect(h.terminal.ledger.prepare('select id_expiry from trades where id = ?').pluck().get(t.id)).toBe('2026-03-10');
    expect(h.terminal.ledger.prepare("select id_expiry from customers where id_number = 'X1234567'").pluck().get()).toBe('2026-03-10');
    // The renewed passport (same number) next time: the customer carries the new date, the old trade keeps its own.
    const t2 = ok(await trade(h.terminal, { customer: { ...BOB_PASSPORT, idExpiry: '2036-03-01' }, direction: 'settlement', currency: 'USD', amount: '50' }));
    expect(h.terminal.ledger.prepare('select id, id_expiry from trades order by receipt_no').all()).toEqual([{ id: t.id, id_expiry: '2026-03-10' }, { id: t2.id, id_expiry: '2036-03-01' }]);
    expect(h.terminal.ledger.prepare("select id_expiry from customers where id_number = 'X1234567'").pluck().get()).toBe('2036-03-01');
  });

  it('a resident ID card valid 长期 trades and records 长期', async () => {
    const t = ok(await trade(h.terminal, { customer: { ...ALICE, idExpiry: '长期' }, direction: 'settlement', currency: 'USD', amount: '100' }));
    expect(h.terminal.ledger.prepare('select id_expiry from trades where id = ?').pluck().get(t.id)).toBe('长期');
  });

  it('a document that is valid at the quote but typed expired at the commit is refused at the commit', async () => {
    const request = { customer: { ...BOB_PASSPORT, idExpiry: '2030-01-01' }, direction: 'settlement', currency: 'USD', amount: '100', side: 'foreign', tellerId: 'teller1' } as const;
    const quote = ok(await h.terminal.call('trades.quote', request));
    await refusedWithoutWrites(h, () => h.terminal.call('trades.commit', { ...request, customer: { ...request.customer, idExpiry: '2026-01-01' }, quoteToken: quote.quoteToken, acknowledgedPrompts: [] }), 'ID_EXPIRED');
  });
});
