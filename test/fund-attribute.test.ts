// 第二十九条 and 第三十二条(三) through the Terminal (issue 14 item 1): a foreign individual may only
// settle or change back RMB, and the fund attribute reported must fit the trade's kind and the
// customer's class, from one code list (shared/codeLists.ts) that the simulator uses too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FUND_ATTRIBUTES, fundAttributeFits, fundAttributesOffered } from '../shared/codeLists';
import { POLICY_V1 } from '../shared/policy';
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

// ---- issue 19 item 6: the fund attribute at the counter (第三十二条(三)) ----
describe('第三十二条(三) at the counter: the codes offered for the trade\'s kind and the customer\'s class, from one list', () => {
  it('a domestic individual\'s purchase offers 3221–3223 and defaults to private travel (3222)', () => {
    const o = fundAttributesOffered('domestic', 'purchase');
    expect(o.kind).toBe('purchase');
    expect(o.options.map((a) => a.code)).toEqual(['3221', '3222', '3223']);
    expect(o.defaultCode).toBe('3222');
    expect(o.options.find((a) => a.code === '3222')).toMatchObject({ zh: '因私旅游', en: 'private travel' });
  });

  it('a foreign individual\'s purchase is a reconversion: 3224 only', () => {
    expect(fundAttributesOffered('foreign', 'purchase')).toMatchObject({ kind: 'reconversion', defaultCode: '3224', options: [{ code: '3224' }] });
  });

  it('a settlement (either class) offers the outlet\'s settlement codes, 122 marked as the outlet\'s to confirm with its SAFE branch', () => {
    for (const residency of ['domestic', 'foreign'] as const) {
      const o = fundAttributesOffered(residency, 'settlement');
      expect(o.defaultCode).toBe('122');
      expect(o.options[0]?.toConfirm).toBe(true);
      expect(o.options[0]?.zh).toContain('待与外汇局分局确认');
      expect(o.options[0]?.en).toContain('to confirm with your SAFE branch');
    }
    const configured = fundAttributesOffered('foreign', 'settlement', ['121', '122']);
    expect(configured.options.map((a) => a.code)).toEqual(['121', '122']);
    expect(configured.defaultCode).toBe('121');
    expect(configured.options[0]?.en).toContain('set by the outlet');
  });

  it('every code of the list fits its own kind and no other', () => {
    for (const a of FUND_ATTRIBUTES) {
      for (const kind of ['settlement', 'purchase', 'reconversion'] as const) expect(fundAttributeFits(a.code, kind), `${a.code} ${kind}`).toBe(kind === a.kind);
    }
  });

  it('the default is what is reported when the teller sends none: 3222 for a domestic purchase, 3224 for a reconversion, the outlet\'s first settlement code', async () => {
    const p = ok(await trade(h.terminal, { customer: ALICE, direction: 'purchase', currency: 'USD', amount: '100' }));
    const r = ok(await trade(h.terminal, { customer: JOHN, direction: 'purchase', currency: 'USD', amount: '100', reconversion: true }));
    const s = ok(await trade(h.terminal, { customer: JOHN, direction: 'settlement', currency: 'USD', amount: '100' }));
    const codes = h.terminal.ledger.prepare('select id, fund_attribute from trades').all() as { id: string; fund_attribute: string }[];
    expect(Object.fromEntries(codes.map((c) => [c.id, c.fund_attribute]))).toEqual({ [p.id]: '3222', [r.id]: '3224', [s.id]: '122' });
  });

  it('an outlet that configured its settlement codes: they are taken and the first is the default; a code it did not confirm is refused', async () => {
    ok(await h.terminal.call('policies.load', { version: 2, effectiveDate: '2026-03-01', source: '分局确认 confirmed with the SAFE branch', params: { ...POLICY_V1.params, settlementFundAttributes: ['121', '123'] }, loadedBy: 'mgr1' }));
    const s = ok(await trade(h.terminal, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '100' }));
    expect(h.terminal.ledger.prepare('select fund_attribute from trades where id = ?').pluck().get(s.id)).toBe('121');
    ok(await trade(h.terminal, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '100', fundAttribute: '123' }));
    const e = refused(await h.terminal.call('trades.quote', { ...quoteInput({ customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '100' }), fundAttribute: '122' } as never), 'FUND_ATTRIBUTE_INVALID');
    expect(e.message.en).toContain('121, 123');
  });

  it('a code for the wrong class is refused: a domestic purchase code for a foreign individual, the reconversion code for a domestic one', async () => {
    refused(await h.terminal.call('trades.quote', { ...quoteInput({ customer: BOB_PASSPORT, direction: 'purchase', currency: 'USD', amount: '100' }), reconversion: true, fundAttribute: '3221' } as never), 'FUND_ATTRIBUTE_INVALID');
    refused(await h.terminal.call('trades.quote', { ...quoteInput({ customer: ALICE, direction: 'purchase', currency: 'USD', amount: '100' }), fundAttribute: '3224' } as never), 'FUND_ATTRIBUTE_INVALID');
  });
});
