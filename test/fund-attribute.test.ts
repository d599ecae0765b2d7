// 第二十九条 and 第三十二条(三) through the Terminal (issue 14 item 1): a foreign individual may only
// settle or change back RMB, and the fund attribute reported must fit the trade's kind and the
// customer's class, from one code list (shared/codeLists.ts) that the simulator uses too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fundAttributeFits } from '../shared/codeLists';
import { ALICE, BOB_PASSPORT, ok, openHarness, refused, stockOutlet, trade, type Harness } from './helpers/terminal';
import { quoteInput } from './helpers/validInputs';

let h: Harness;
beforeEach(async () => {
  h = openHarness();
  await stockOutlet(h.terminal);
});
afterEach(() => h.close());

const JOHN = { idType: '04', idNumber: 'P1234567', country: 'GBR', name: 'JOHN DOE' };

describe('第三十二条(三): the fund attribute fits the kind and the customer', () => {
  it('the code list: settlement 1xx/2xx, a domestic purchase 3221–3223, a foreign individual\'s reconversion 3224 only', () => {
    expect(fundAttributeFits('122', 'settlement')).toBe(true);
    expect(fundAttributeFits('299', 'settlement')).toBe(true);
    for (const bad of ['9999', '3222', '3224', '322', '300', '099']) expect(fundAttributeFits(bad, 'settlement'), bad).toBe(false);
    for (const good of ['3221', '3222', '3223']) expect(fundAttributeFits(good, 'purchase'), good).toBe(true);
    for (const bad of ['3224', '122', '3225']) expect(fundAttributeFits(bad, 'purchase'), bad).toBe(false);
    expect(fundAttributeFits('3224', 'reconversion')).toBe(true);
    for (const bad of ['3222', '3221', '122']) expect(fundAttributeFits(bad, 'reconversion'), bad).toBe(false);
  });

  it.each([
    ['a foreign individual\'s purchase reported as private travel (3222)', JOHN, 'purchase', '3222'],
    ['a domestic purchase reported as a reconversion (3224)', ALICE, 'purchase', '3224'],
    ['a settlement reported with a purchase code (3222)', ALICE, 'settlement', '3222'],
    ['a settlement with an unknown code (9999)', BOB_PASSPORT, 'settlement', '9999'],
  ] as const)('refuses %s, names the codes that fit, writes nothing', async (_label, customer, direction, fundAttribute) => {
    const before = h.terminal.ledger.prepare('select count(*) from attempts').pluck().get();
    const e = refused(await h.terminal.call('trades.quote', { ...quoteInput({ customer, direction, currency: 'USD', amount: '100' }), fundAttribute } as never), 'FUND_ATTRIBUTE_INVALID');
    expect(e.message.zh).toContain('第三十二条(三)');
    expect(e.message.en).toContain(fundAttribute);
    expect(h.terminal.ledger.prepare('select count(*) from attempts').pluck().get()).toBe(before);
  });

  it('the codes that fit are taken and reported as given', async () => {
    const t = ok(await trade(h.terminal, { customer: JOHN, direction: 'purchase', currency: 'USD', amount: '100', fundAttribute: '3224' }));
    expect(h.terminal.ledger.prepare('select fund_attribute from trades where id = ?').pluck().get(t.id)).toBe('3224');
    const d = ok(await trade(h.terminal, { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '100', fundAttribute: '3221' }));
    expect(h.terminal.ledger.prepare('select fund_attribute from trades where id = ?').pluck().get(d.id)).toBe('3221');
  });
});

describe('第二十九条: a foreign individual buys FX only by changing back RMB', () => {
  it('answered "not a reconversion", the purchase is refused with its article and recorded as an attempt', async () => {
    const request = { ...quoteInput({ customer: JOHN, direction: 'purchase', currency: 'USD', amount: '100' }), reconversion: false };
    const quote = ok(await h.terminal.call('trades.quote', request as never));
    expect(quote.refusal?.code).toBe('FOREIGN_PURCHASE_NOT_ALLOWED');
    expect(quote.refusal?.message.zh).toContain('第二十九条');
    const before = Number(h.terminal.ledger.prepare('select count(*) from attempts').pluck().get());
    refused(await h.terminal.call('trades.commit', { ...request, quoteToken: quote.quoteToken } as never), 'FOREIGN_PURCHASE_NOT_ALLOWED');
    expect(Number(h.terminal.ledger.prepare('select count(*) from attempts').pluck().get())).toBe(before + 1);
    expect(h.terminal.ledger.prepare("select count(*) from trades where customer_name = 'JOHN DOE'").pluck().get()).toBe(0n);
  });

  it('answered yes, it is a reconversion (3224, no quota used); the question does not apply to a domestic customer', async () => {
    const t = ok(await trade(h.terminal, { customer: JOHN, direction: 'purchase', currency: 'USD', amount: '100', reconversion: true }));
    expect(h.terminal.ledger.prepare('select kind, fund_attribute from trades where id = ?').get(t.id)).toEqual({ kind: 'reconversion', fund_attribute: '3224' });
    ok(await trade(h.terminal, { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '100', reconversion: false }));
  });
});

describe('第三十六条(一): one check order for a reconversion', () => {
  it('the original receipt is asked for before the daily limit is judged: a foreign customer over both is told about the receipt (第三十一条)', async () => {
    const quote = ok(await h.terminal.call('trades.quote', { ...quoteInput({ customer: JOHN, direction: 'purchase', currency: 'USD', amount: '6000' }), reconversion: true } as never));
    expect(quote.refusal?.code).toBe('RECONVERSION_RECEIPT_REQUIRED');
    // The same amount for a domestic customer is judged by the daily limit (第二十九条).
    const domestic = ok(await h.terminal.call('trades.quote', quoteInput({ customer: ALICE, direction: 'purchase', currency: 'USD', amount: '6000' }) as never));
    expect(domestic.refusal?.code).toBe('DAILY_LIMIT_EXCEEDED');
  });
});
