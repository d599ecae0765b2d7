// The reserve accounts (备付金账户, 第三十八条–第四十一条) and the institution's basic account (基本户):
// registered by a manager at a standalone terminal, listed with their balances. At a counter of a hub
// they are the institution's (issue 17 item 5): HQ registers them at the hub (hub/reserveAccounts.ts)
// and they arrive here as reference changes (storeReserveAccountFromHub, storeBasicAccountFromHub);
// a manager here registers none (RESERVES_SET_AT_HQ), or each counter could open its own three banks.
import { Refusal } from '../../../shared/errors';
import { RMB, isCurrency } from '../../../shared/money/currencies';
import { fromMinor } from '../../../shared/money/money';
import { businessDate } from '../../../shared/time';
import { policyFor } from '../../../shared/policy';
import { balanceMinor } from '../../ledger/accounts';
import { audit } from '../../ledger/audit';
import type { ReserveAccountTable } from '../../ledger/schema';
import type { BasicAccountChange, ReserveAccountChange } from '../../../shared/sync/reference';
import { all, first, q, run, type Database } from '../../ledger/sql';
import type { Services } from '../services';

export function params(ctx: Services) {
  return policyFor(ctx.policies(), businessDate(ctx.now())).params;
}

/** 第四十二条(一): reserve accounts at no more than this many banks (a policy parameter). */
export function banksMax(ctx: Services): number {
  return params(ctx).reserveBanksMax;
}

export function reserveAccountKey(id: string): string {
  return `reserve_account:${id}`;
}

export function findAccount(db: Database, id: string): ReserveAccountTable & { bank_name: string } {
  const a = first(db, q.selectFrom('reserve_accounts').innerJoin('reserve_banks', 'reserve_banks.id', 'reserve_accounts.bank_id')
    .selectAll('reserve_accounts').select('reserve_banks.name as bank_name').where('reserve_accounts.id', '=', id));
  if (!a) throw new Refusal('RESERVE_ACCOUNT_UNKNOWN', { account: id });
  return a;
}

// ---- settings ----

/** At a counter of a hub the accounts are HQ's to register, for the institution (第四十二条). */
function assertNotHubCounter(ctx: Services): void {
  if (ctx.hub) throw new Refusal('RESERVES_SET_AT_HQ', { max: String(banksMax(ctx)) });
}

export function setBasicAccount(ctx: Services, raw: { bankName: string; accountNo: string; actor: string }) {
  assertNotHubCounter(ctx);
  const input = { ...raw, bankName: raw.bankName.trim(), accountNo: raw.accountNo.trim() };
  if (!input.bankName || !input.accountNo) throw new Refusal('INVALID_INPUT', { field: input.bankName ? 'accountNo' : 'bankName', problemZh: '为空', problemEn: 'is empty' });
  const at = ctx.now().toISOString();
  ctx.db.transaction(() => {
    run(ctx.db, q.insertInto('basic_account').values({ id: 1n, bank_name: input.bankName, account_no: input.accountNo, set_at: at, set_by: input.actor })
      .onConflict((oc) => oc.column('id').doUpdateSet({ bank_name: input.bankName, account_no: input.accountNo, set_at: at, set_by: input.actor })));
    audit(ctx.db, { at, actor: input.actor, action: 'reserves.setBasicAccount', entity: 'basic_account', entityId: '1', detail: input });
  }).immediate();
  return { bankName: input.bankName, accountNo: input.accountNo };
}

export function openAccount(ctx: Services, raw: { bankName: string; currency: string; accountNo: string; actor: string }) {
  assertNotHubCounter(ctx);
  const input = { ...raw, bankName: raw.bankName.trim(), accountNo: raw.accountNo.trim() };
  if (!input.bankName) throw new Refusal('INVALID_INPUT', { field: 'bankName', problemZh: '为空', problemEn: 'is empty' });
  if (!input.accountNo) throw new Refusal('INVALID_INPUT', { field: 'accountNo', problemZh: '为空', problemEn: 'is empty' });
  if (!isCurrency(input.currency)) throw new Refusal('CURRENCY_UNKNOWN', { currency: input.currency });
  const at = ctx.now().toISOString();
  return ctx.db.transaction(() => {
    const db = ctx.db;
    let bank = first(db, q.selectFrom('reserve_banks').selectAll().where('name', '=', input.bankName));
    if (!bank) {
      const banks = all(db, q.selectFrom('reserve_banks').select('name').orderBy('created_at'));
      const max = banksMax(ctx);
      // 第四十二条(一): 原则上不多于3家同城银行.
      if (banks.length >= max) throw new Refusal('RESERVE_BANKS_MAX', { max: String(max), banks: banks.map((b) => b.name).join('、') });
      bank = { id: ctx.newId(), name: input.bankName, created_at: at, created_by: input.actor };
      run(db, q.insertInto('reserve_banks').values(bank));
    }
    const sameNo = first(db, q.selectFrom('reserve_accounts').innerJoin('reserve_banks', 'reserve_banks.id', 'reserve_accounts.bank_id')
      .select(['reserve_banks.name', 'reserve_accounts.currency']).where('account_no', '=', input.accountNo));
    if (sameNo) throw new Refusal('RESERVE_ACCOUNT_EXISTS', { bank: sameNo.name, currency: sameNo.currency, accountNo: input.accountNo });
    const existing = first(db, q.selectFrom('reserve_accounts').selectAll().where('bank_id', '=', bank.id).where('currency', '=', input.currency));
    if (existing) throw new Refusal('RESERVE_ACCOUNT_EXISTS', { bank: bank.name, currency: input.currency, accountNo: existing.account_no });
    // 第四十二条(二): an FX reserve account has its RMB reserve account at the same bank.
    if (input.currency !== RMB && !first(db, q.selectFrom('reserve_accounts').select('id').where('bank_id', '=', bank.id).where('currency', '=', RMB))) {
      throw new Refusal('RESERVE_RMB_PAIR_MISSING', { bank: bank.name });
    }
    const row: ReserveAccountTable = { id: ctx.newId(), bank_id: bank.id, currency: input.currency, account_no: input.accountNo, created_at: at, created_by: input.actor };
    run(db, q.insertInto('reserve_accounts').values(row));
    audit(db, { at, actor: input.actor, action: 'reserves.openAccount', entity: 'reserve_account', entityId: row.id, detail: input });
    return { id: row.id, bankId: bank.id, bankName: bank.name, currency: row.currency, accountNo: row.account_no, balance: '0' };
  }).immediate();
}

/**
 * One of the institution's accounts as HQ registered it, inside the pull's transaction
 * (hubSync/apply.ts). The hub checked the bank count and the RMB pair for the institution; the
 * account keeps the hub's id, so the hub adds up every counter's movements through it. Its bank is
 * the one of that name here (a counter that registered accounts itself before it joined), or a new
 * one. An account number this counter already holds under another id is refused
 * (RESERVE_ACCOUNT_EXISTS): the pull keeps it as it was and says so.
 */
export function storeReserveAccountFromHub(db: Database, c: ReserveAccountChange, at: string): void {
  if (first(db, q.selectFrom('reserve_accounts').select('id').where('id', '=', c.id))) return;
  let bank = first(db, q.selectFrom('reserve_banks').selectAll().where('name', '=', c.bankName));
  if (!bank) {
    bank = { id: `hub-bank:${c.bankName}`, name: c.bankName, created_at: at, created_by: c.openedBy };
    run(db, q.insertInto('reserve_banks').values(bank));
  }
  const sameNo = first(db, q.selectFrom('reserve_accounts').select(['currency']).where('account_no', '=', c.accountNo));
  const sameSlot = first(db, q.selectFrom('reserve_accounts').select(['account_no']).where('bank_id', '=', bank.id).where('currency', '=', c.currency));
  if (sameNo || sameSlot) throw new Refusal('RESERVE_ACCOUNT_EXISTS', { bank: c.bankName, currency: c.currency, accountNo: sameSlot?.account_no ?? c.accountNo });
  run(db, q.insertInto('reserve_accounts').values({ id: c.id, bank_id: bank.id, currency: c.currency, account_no: c.accountNo, created_at: at, created_by: c.openedBy }));
  audit(db, { at, actor: 'hub', action: 'reserves.openAccount', entity: 'reserve_account', entityId: c.id, detail: c });
}

/** The institution's basic account as HQ set it (the transfers of 第四十四条 name it). */
export function storeBasicAccountFromHub(db: Database, c: BasicAccountChange, at: string): void {
  run(db, q.insertInto('basic_account').values({ id: 1n, bank_name: c.bankName, account_no: c.accountNo, set_at: at, set_by: c.setBy })
    .onConflict((oc) => oc.column('id').doUpdateSet({ bank_name: c.bankName, account_no: c.accountNo, set_at: at, set_by: c.setBy })));
  audit(db, { at, actor: 'hub', action: 'reserves.setBasicAccount', entity: 'basic_account', entityId: '1', detail: c });
}

export function accounts(ctx: Services) {
  const db = ctx.db;
  const basic = first(db, q.selectFrom('basic_account').selectAll());
  const banks = all(db, q.selectFrom('reserve_banks').select(['id', 'name']).orderBy('created_at'));
  const list = all(db, q.selectFrom('reserve_accounts').innerJoin('reserve_banks', 'reserve_banks.id', 'reserve_accounts.bank_id')
    .selectAll('reserve_accounts').select('reserve_banks.name as bank_name').orderBy('reserve_banks.created_at').orderBy('reserve_accounts.currency'))
    .map((a) => ({
      id: a.id, bankId: a.bank_id, bankName: a.bank_name, currency: a.currency, accountNo: a.account_no,
      balance: fromMinor(balanceMinor(db, 'reserve_account', a.currency, reserveAccountKey(a.id)), a.currency).toString(),
    }));
  const byCurrency = new Map<string, { till: bigint; safe: bigint; tc: bigint; accounts: bigint }>();
  const slot = (c: string) => byCurrency.get(c) ?? byCurrency.set(c, { till: 0n, safe: 0n, tc: 0n, accounts: 0n }).get(c)!;
  for (const r of all(db, q.selectFrom('account_balances').select(['kind', 'currency', 'balance_minor'])
    .where('kind', 'in', ['cash', 'safe', 'travellers_cheques', 'reserve_account']))) {
    const s = slot(r.currency);
    if (r.kind === 'cash') s.till += r.balance_minor;
    else if (r.kind === 'safe') s.safe += r.balance_minor;
    else if (r.kind === 'travellers_cheques') s.tc += r.balance_minor;
    else s.accounts += r.balance_minor;
  }
  const currencies = [...byCurrency.keys()].sort((a, b) => (a === RMB ? -1 : b === RMB ? 1 : a.localeCompare(b)));
  return {
    basicAccount: basic ? { bankName: basic.bank_name, accountNo: basic.account_no } : null,
    banks,
    accounts: list,
    cash: currencies.map((c) => {
      const s = byCurrency.get(c)!;
      return { currency: c, till: fromMinor(s.till, c).toString(), safe: fromMinor(s.safe, c).toString(), travellersCheques: fromMinor(s.tc, c).toString() };
    }),
    totals: currencies.map((c) => {
      const s = byCurrency.get(c)!;
      return { currency: c, amount: fromMinor(s.till + s.safe + s.tc + s.accounts, c).toString() };
    }),
  };
}

// ---- movements ----
