// Issue 14 items 3, 4 and 7, through the Terminal as a transport calls it (callUnknown):
// - a 港澳台居民居住证 number typed as a resident ID (01) is refused, writes nothing, and the holder
//   is served under their travel permit as a foreign individual (第三十一条; rules.md "Who the
//   customer is"): a Hong Kong resident cannot buy 3,000 USD as if domestic;
// - the 2024 HA/MA permit of non-Chinese permanent residents is accepted as 06, foreign;
// - the check-character refusal's answer (the JSON a transport sends) never carries the right
//   character.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillMessage, ERRORS, type ErrorCode, type Failure } from '../shared/errors';
import { mod11_2CheckCharacter } from '../shared/id/idDocument';
import { ALICE, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';
import { describeResult, expectUnchanged, expectWellFormedFailure, snapshot } from './helpers/ledgerSnapshot';
import { commitInput, quoteInput, type TradeReq } from './helpers/validInputs';

const withCheck = (first17: string) => first17 + mod11_2CheckCharacter(first17);
/** A Hong Kong resident's 港澳台居民居住证: 810000, born 1990-01-01, sequence 123. */
const HK_RESIDENCE_PERMIT = withCheck('81000019900101123');
const TW_RESIDENCE_PERMIT = withCheck('83000019850315002');

async function refusedWithoutWrites(h: Harness, method: string, input: unknown, code: ErrorCode): Promise<Failure> {
  const before = snapshot(h.terminal.ledger);
  const r = await h.terminal.callUnknown(method, input);
  expect(r.ok, `${method}: expected ${code}, got ${describeResult(r)}`).toBe(false);
  if (r.ok) throw new Error('unreachable');
  expect(r.error.code, r.error.message.en).toBe(code);
  expectWellFormedFailure(r.error);
  expectUnchanged(before, snapshot(h.terminal.ledger), method);
  return r.error;
}

let h: Harness;
beforeAll(async () => {
  h = openHarness();
  await stockOutlet(h.terminal);
});
afterAll(() => h.close());

describe('港澳台居民居住证 typed as a resident ID (issue 14 item 3, 第三十一条)', () => {
  const buy3000 = (customer: Record<string, string>): TradeReq => ({ customer, direction: 'purchase', currency: 'USD', amount: '3000' });

  it('第二十九条/第三十一条: a Hong Kong resident cannot buy 3,000 USD on the residence permit as 01; nothing is written', async () => {
    const customer = { idType: '01', idNumber: HK_RESIDENCE_PERMIT, name: '陈大文' };
    const quote = await refusedWithoutWrites(h, 'trades.quote', quoteInput(buy3000(customer)), 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
    expect(quote.details).toMatchObject({ useIdType: '06', regionEn: 'Hong Kong' });
    expect(quote.message.zh).toContain('不是居民身份证');
    // A commit carrying the permit (with another customer's quote token) is refused the same way.
    const aliceCommit = await commitInput(h, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' });
    await refusedWithoutWrites(h, 'trades.commit', { ...aliceCommit, customer }, 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
    await refusedWithoutWrites(h, 'customers.lookup', { idType: '01', idNumber: HK_RESIDENCE_PERMIT }, 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
    await refusedWithoutWrites(h, 'trades.personDay', { idType: '01', idNumber: HK_RESIDENCE_PERMIT }, 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
  });

  it('a Taiwan residence permit as 01 is refused, naming the Taiwan travel permit (07)', async () => {
    const f = await refusedWithoutWrites(h, 'customers.lookup', { idType: '01', idNumber: TW_RESIDENCE_PERMIT }, 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
    expect(f.details).toMatchObject({ useIdType: '07', useIdTypeName: '台湾居民来往大陆通行证' });
  });

  it('第三十一条: on the travel permit the refusal names (06), the same person is foreign and cannot buy 3,000 USD as domestic', async () => {
    const customer = { idType: '06', idNumber: 'H12345678', name: '陈大文' };
    const quote = ok(await h.terminal.call('trades.quote', quoteInput({ customer, direction: 'settlement', currency: 'USD', amount: '100' }) as never));
    expect(quote.customer).toMatchObject({ idType: '06', country: 'HKG', residency: 'foreign' });
    const before = snapshot(h.terminal.ledger);
    const r = await trade(h.terminal, { customer, direction: 'purchase', currency: 'USD', amount: '3000' });
    expect(r.ok, describeResult(r)).toBe(false);
    if (r.ok) throw new Error('unreachable');
    // A foreign individual buys FX only as reconversion (第二十九条), above 1,000 USD with the
    // original receipt (第三十一条): refused as a counter rule, and no trade is written.
    expect(['RECONVERSION_RECEIPT_REQUIRED', 'FOREIGN_PURCHASE_NOT_ALLOWED']).toContain(r.error.code);
    const after = snapshot(h.terminal.ledger);
    for (const table of ['trades', 'postings', 'outbox', 'print_jobs']) expect(after.counts[table], table).toBe(before.counts[table]);
  });
});

describe('the 2024 permit of non-Chinese permanent residents (issue 14 item 4, 第三十一条)', () => {
  it('第三十一条: an HA permit holder settles 100 USD as a foreign individual of HKG, type 06', async () => {
    const t = ok(await trade(h.terminal, { customer: { idType: '06', idNumber: 'HA1234567', name: 'JOHN SMITH' }, direction: 'settlement', currency: 'USD', amount: '100' }));
    expect(t.customer).toMatchObject({ idType: '06', idNumber: 'HA1234567', country: 'HKG', residency: 'foreign' });
  });

  it('第三十一条: an MA permit holder settles 100 USD as a foreign individual of MAC, type 06', async () => {
    const t = ok(await trade(h.terminal, { customer: { idType: '06', idNumber: 'MA7654321', name: 'ANA SILVA' }, direction: 'settlement', currency: 'USD', amount: '100' }));
    expect(t.customer).toMatchObject({ idType: '06', idNumber: 'MA7654321', country: 'MAC', residency: 'foreign' });
  });

  it('a near miss (HA + 8 digits) is refused as a format error and writes nothing', async () => {
    await refusedWithoutWrites(h, 'customers.lookup', { idType: '06', idNumber: 'HA12345678' }, 'ID_FORMAT');
  });
});

describe('the check-character refusal as a transport sends it (issue 14 item 7, 第三十一条)', () => {
  it('carries no details and the same text whatever the last character typed; the right one appears nowhere', async () => {
    const first17 = ALICE.idNumber.slice(0, 17);
    const right = ALICE.idNumber.charAt(17);
    const answers: string[] = [];
    for (const wrong of '0123456789X'.replace(right, '')) {
      const f = await refusedWithoutWrites(h, 'customers.lookup', { idType: '01', idNumber: first17 + wrong }, 'ID_CHECK_CHARACTER');
      expect(f.details ?? {}).toEqual({});
      expect(f.message).toEqual({ zh: fillMessage(ERRORS.ID_CHECK_CHARACTER.zh, {}), en: fillMessage(ERRORS.ID_CHECK_CHARACTER.en, {}) });
      answers.push(JSON.stringify(f));
    }
    expect(answers).toHaveLength(10);
    expect(new Set(answers).size).toBe(1);
    // ALICE's right character is X: the whole answer (code, messages, details) must not hold it.
    expect(right).toBe('X');
    expect(answers[0]!.replace('ID_CHECK_CHARACTER', '')).not.toContain('X');
  });
});
