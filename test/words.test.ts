// The words a person reads for the terminal's internal names (issue 20 item 3, shared/words.ts):
// every role and every method of the contract has them in both languages, so a method added later
// cannot show its internal name in a refusal; the refusals, the trial balance and the reserve
// ledger use them.
import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS, ROLES, methods, type MethodName } from '../shared/api';
import { failure } from '../shared/errors';
import { cellText, trialBalanceSheet } from '../shared/reports/sheet';
import type { TrialBalance } from '../shared/reports/types';
import { readFileSync } from 'node:fs';
import { HQ_ROLES } from '../shared/sync/reference';
import { ACCOUNT_KIND_WORDS, HQ_ROLE_WORDS, HUB_ROUTE_WORDS, METHOD_WORDS, ROLE_WORDS, accountWords, methodWords, roleWords, shortId, worded } from '../shared/words';
import { ok, openHarness, refusedWithoutWrites, stockOutlet, type Harness } from './helpers/terminal';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const INTERNAL = /\b(teller|supervisor|manager|reporter[AB])\b|[a-z]+\.[a-z][A-Za-z]+/;

describe('the catalogue of words (issue 20 item 3)', () => {
  it('has every method of the contract and every role, in Chinese and English, none its internal name', () => {
    expect(Object.keys(METHOD_WORDS).sort()).toEqual(Object.keys(methods).sort());
    expect(Object.keys(ROLE_WORDS).sort()).toEqual([...ROLES].sort());
    for (const m of Object.keys(methods) as MethodName[]) {
      const w = METHOD_WORDS[m];
      expect(w.zh.trim(), m).not.toBe('');
      expect(w.en.trim(), m).not.toBe('');
      expect(w.zh, m).toMatch(/\p{Script=Han}/u);
      expect(`${w.zh} ${w.en}`, m).not.toContain(m);
    }
    for (const r of ROLES) expect(ROLE_WORDS[r].zh).toMatch(/\p{Script=Han}/u);
    // Every kind of account the ledger has (electron/ledger/schema.ts AccountKind).
    for (const kind of ['cash', 'safe', 'travellers_cheques', 'reserve_account', 'exchange', 'fee_income', 'capital', 'basic', 'rebalancing', 'variance', 'in_transit', 'interoffice']) {
      expect(ACCOUNT_KIND_WORDS[kind]?.zh, kind).toMatch(/\p{Script=Han}/u);
    }
  });

  it("has every route of the hub a person calls and every HQ role: HQ's console names no route either", () => {
    const server = readFileSync(new URL('../hub/server.ts', import.meta.url), 'utf8');
    const routes = [...server.matchAll(/'POST (\/v1\/[^']+)': person\(/g)].map((m) => m[1]!);
    expect(routes.length).toBeGreaterThan(20);
    expect(Object.keys(HUB_ROUTE_WORDS).sort()).toEqual([...routes].sort());
    for (const r of routes) expect(HUB_ROUTE_WORDS[r]!.zh, r).toMatch(/\p{Script=Han}/u);
    expect(Object.keys(HQ_ROLE_WORDS).sort()).toEqual([...HQ_ROLES].sort());
  });

  it('fills a refusal in each language from the words, the internal names kept in its details', () => {
    const f = failure('ROLE_NOT_ALLOWED', { ...worded('method', 'rates.set', methodWords('rates.set')), ...worded('role', 'teller', roleWords('teller')) });
    expect(f.message.zh).toBe('您的角色（柜员）不能办理此项操作（设置牌价）。请由有权限的人员办理。');
    expect(f.message.en).toBe('Your role (Teller) may not do this (setting a rate). Ask someone whose role allows it.');
    expect(f.details).toMatchObject({ method: 'rates.set', role: 'teller' });
  });

  it('names accounts in words and shortens a long id', () => {
    expect(accountWords('capital:CNY', 'CNY')).toEqual({ zh: '资本金 CNY', en: 'Capital CNY' });
    expect(accountWords('cash:USD', 'USD').zh).toBe('现钞 USD');
    expect(accountWords('variance:CNY', 'CNY').zh).toBe('长短款 CNY');
    // A reserve account's own id (a 26-character ULID) in short: its last 8 characters.
    expect(shortId('01JF3Z8Q2M4K6N8P0R2T4V6X9D')).toBe('…2T4V-6X9D');
    expect(accountWords('reserve_account:01JF3Z8Q2M4K6N8P0R2T4V6X9D', 'USD').zh).toBe('备付金账户 …2T4V-6X9D USD');
    expect(shortId('B0007')).toBe('B0007');
  });

  it('the trial balance shows its accounts in words, in the language asked for', () => {
    const tb: TrialBalance = {
      form: 'trialBalance',
      outlet: { institutionName: '机构', outletCode: 'O', outletName: '网点' },
      asOf: '2026-03-10',
      rows: [
        { account: 'capital:CNY', kind: 'capital', currency: 'CNY', debit: '0', credit: '100', balance: '-100' },
        { account: 'cash:CNY', kind: 'cash', currency: 'CNY', debit: '100', credit: '0', balance: '100' },
      ],
    } as TrialBalance;
    const texts = (lang: 'zh' | 'en') => trialBalanceSheet(tb, undefined, lang).body.flatMap((r) => r.cells.map(cellText));
    expect(texts('zh')).toEqual(expect.arrayContaining(['资本金 CNY', '资本金', '现钞 CNY', '现钞']));
    expect(texts('en')).toEqual(expect.arrayContaining(['Capital CNY', 'Cash (till) CNY']));
    for (const t of [...texts('zh'), ...texts('en')]) expect(t).not.toMatch(/capital|:CNY/);
  });

  it('a refusal for a role (ROLE_NOT_ALLOWED) names the role and the operation in words, never their internal names', async () => {
    h = openHarness();
    await stockOutlet(h.terminal);
    const harness = h;
    const teller = await refusedWithoutWrites(harness, () => harness.raw.call('rates.set', { currency: 'USD', buyPer100: '700', sellPer100: '720' }, harness.session('teller1')), 'ROLE_NOT_ALLOWED');
    expect(teller.message.zh).toContain('您的角色（柜员）不能办理此项操作（设置牌价）');
    const reporter = await refusedWithoutWrites(harness, () => harness.raw.call('trades.list', {}, harness.session('statA')), 'ROLE_NOT_ALLOWED');
    expect(reporter.message.zh).toContain('（统计报表A角）');
    expect(reporter.message.zh).toContain('（查看当日交易）');
    expect(reporter.message.en).toContain('Reporter (A)');
    for (const f of [teller, reporter]) {
      expect(f.message.zh).not.toMatch(INTERNAL);
      expect(f.message.en).not.toMatch(INTERNAL);
    }
    // Every method a role may not call says so in words.
    for (const [method, access] of Object.entries(ACCESS) as [MethodName, readonly string[] | 'public'][]) {
      if (access === 'public' || access.includes('reporterB')) continue;
      const r = await harness.raw.callUnknown(method, {}, harness.session('statB'));
      expect(r.ok).toBe(false);
      if (!r.ok && r.error.code === 'ROLE_NOT_ALLOWED') expect(r.error.message.zh, method).toContain(METHOD_WORDS[method].zh);
    }
    ok(await harness.raw.call('outlet.get', {}, harness.session('statB')));
  });
});
