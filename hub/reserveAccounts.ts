// The institution's reserve accounts (备付金账户, 第三十八–四十六条; issue 17 item 5: the reserves are
// the institution's, not each PC's). HQ registers them here with the basic account (基本户), under
// the rules a counter applied alone before, now for the whole institution: no more than the
// policy's number of same-city banks (第四十二条(一)), an FX account with its RMB account at the
// same bank (第四十二条(二)), one account of a currency at a bank. Each is published to every counter
// under the hub's id.
//
// An account's balance is every counter's movements through it (hub_reserve_movements, indexed as
// their events arrive: hub/reserves.ts). Money about to leave an account at a counter is held here
// first (holdReserve) against that balance, the other counters' holds and the counter's own net
// (its movements, pushed or not), so two counters cannot take the same money out. A hold ends when
// its movement arrives (the movement counts from then on), when the counter gives it back (the
// movement was refused there), or after HOLD_HOURS (a counter that died between the two).
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { Refusal } from '../shared/errors';
import { RMB, isCurrency } from '../shared/money/currencies';
import { fromMinor } from '../shared/money/money';
import { policyFor } from '../shared/policy';
import type { BasicAccountChange, ReserveAccountChange, ReserveAccountView, ReserveAccountsAnswer } from '../shared/sync/reference';
import { businessDate } from '../shared/time';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';
import { publish, publishedPolicies, takeChangesLock } from './reference';

/** How long money stays held for a movement that has not arrived (its counter offline since). */
export const HOLD_HOURS = 24;
const HOLD_LOCK = 16016006;

export async function openReserveAccount(db: HubDatabase, raw: { bankName: string; currency: string; accountNo: string }, by: string, now: () => Date): Promise<ReserveAccountChange & { version: string }> {
  const input = { bankName: raw.bankName.trim(), currency: raw.currency.trim().toUpperCase(), accountNo: raw.accountNo.trim() };
  if (!input.bankName) throw new Refusal('INVALID_INPUT', { field: 'bankName', problemZh: '为空', problemEn: 'is empty' });
  if (!input.accountNo) throw new Refusal('INVALID_INPUT', { field: 'accountNo', problemZh: '为空', problemEn: 'is empty' });
  if (!isCurrency(input.currency)) throw new Refusal('CURRENCY_UNKNOWN', { currency: input.currency });
  return db.transaction().execute(async (tx) => {
    // Under the changes' lock (publish takes it, first here): two accounts registered at once
    // would both see two banks and make a fourth.
    await takeChangesLock(tx);
    const at = now();
    const held = await tx.selectFrom('hub_reserve_accounts').selectAll().orderBy('opened_at').execute();
    const banks = [...new Set(held.map((a) => a.bank_name))];
    const max = policyFor(await publishedPolicies(tx), businessDate(at)).params.reserveBanksMax;
    // 第四十二条(一): 原则上不多于3家同城银行 — the institution's, not each counter's.
    if (!banks.includes(input.bankName) && banks.length >= max) throw new Refusal('RESERVE_BANKS_MAX', { max: String(max), banks: banks.join('、') });
    const sameNo = held.find((a) => a.account_no === input.accountNo) ?? held.find((a) => a.bank_name === input.bankName && a.currency === input.currency);
    if (sameNo) throw new Refusal('RESERVE_ACCOUNT_EXISTS', { bank: sameNo.bank_name, currency: sameNo.currency, accountNo: sameNo.account_no });
    // 第四十二条(二): an FX reserve account has its RMB reserve account at the same bank.
    if (input.currency !== RMB && !held.some((a) => a.bank_name === input.bankName && a.currency === RMB)) throw new Refusal('RESERVE_RMB_PAIR_MISSING', { bank: input.bankName });
    const account: ReserveAccountChange = { id: randomUUID(), bankName: input.bankName, currency: input.currency, accountNo: input.accountNo, openedBy: by };
    await tx.insertInto('hub_reserve_accounts').values({ id: account.id, bank_name: account.bankName, currency: account.currency, account_no: account.accountNo, opened_by: by, opened_at: at }).execute();
    const version = await publish(tx, { kind: 'reserveAccount', outletCode: null, body: account, by, at });
    return { ...account, version };
  });
}

export async function setBasicAccount(db: HubDatabase, raw: { bankName: string; accountNo: string }, by: string, now: () => Date): Promise<BasicAccountChange & { version: string }> {
  const input = { bankName: raw.bankName.trim(), accountNo: raw.accountNo.trim() };
  if (!input.bankName || !input.accountNo) throw new Refusal('INVALID_INPUT', { field: input.bankName ? 'accountNo' : 'bankName', problemZh: '为空', problemEn: 'is empty' });
  return db.transaction().execute(async (tx) => {
    const at = now();
    await tx.insertInto('hub_basic_account').values({ id: 1, bank_name: input.bankName, account_no: input.accountNo, set_by: by, set_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ bank_name: input.bankName, account_no: input.accountNo, set_by: by, set_at: at })).execute();
    const body: BasicAccountChange = { ...input, setBy: by };
    return { ...body, version: await publish(tx, { kind: 'basicAccount', outletCode: null, body, by, at }) };
  });
}

/** Each counter's net through the account (in less out), from the movements the hub holds. */
async function netsByCounter(tx: Transaction<HubDB> | HubDatabase, accountId: string): Promise<Map<string, bigint>> {
  const rows = await tx.selectFrom('hub_reserve_movements')
    .select(['terminal_id', sql<string>`sum(CASE WHEN in_place = ${accountId} THEN in_minor ELSE 0 END) - sum(CASE WHEN out_place = ${accountId} THEN out_minor ELSE 0 END)`.as('net')])
    .where((eb) => eb.or([eb('in_place', '=', accountId), eb('out_place', '=', accountId)]))
    .groupBy('terminal_id').orderBy('terminal_id').execute();
  return new Map(rows.map((r) => [r.terminal_id, BigInt(r.net)]));
}

async function liveHolds(tx: Transaction<HubDB> | HubDatabase, accountId: string, at: Date, except?: string): Promise<bigint> {
  let q = tx.selectFrom('hub_reserve_holds').select(sql<string>`coalesce(sum(minor), 0)`.as('held')).where('account_id', '=', accountId).where('expires_at', '>', at);
  if (except !== undefined) q = q.where('terminal_id', '<>', except);
  return BigInt((await q.executeTakeFirstOrThrow()).held);
}

/** The institution's accounts with their balances over every counter, for HQ and the auditor. */
export async function listReserveAccounts(db: HubDatabase, now: () => Date): Promise<ReserveAccountsAnswer> {
  const basic = await db.selectFrom('hub_basic_account').selectAll().executeTakeFirst();
  const at = now();
  const accounts: ReserveAccountView[] = [];
  for (const a of await db.selectFrom('hub_reserve_accounts').selectAll().orderBy('opened_at').orderBy('currency').execute()) {
    const nets = await netsByCounter(db, a.id);
    accounts.push({
      id: a.id, bankName: a.bank_name, currency: a.currency, accountNo: a.account_no, openedBy: a.opened_by, openedAt: new Date(a.opened_at).toISOString(),
      balanceMinor: String([...nets.values()].reduce((s, n) => s + n, 0n)),
      heldMinor: String(await liveHolds(db, a.id, at)),
      counters: [...nets].map(([terminalId, net]) => ({ terminalId, netMinor: String(net) })),
    });
  }
  return { basicAccount: basic ? { bankName: basic.bank_name, accountNo: basic.account_no, setBy: basic.set_by } : null, accounts };
}

/**
 * Money held for a movement out of an account at `terminalId`, if the account holds it for the
 * institution: the other counters' movements through it, less what they hold for movements not
 * arrived, plus this counter's own net as it says (its movements, pushed or not).
 */
export async function holdReserve(db: HubDatabase, terminalId: string, input: { movementId: string; accountId: string; currency: string; minor: string; ownMinor: string }, now: () => Date): Promise<{ held: true; expiresAt: string }> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${HOLD_LOCK}, hashtext(${input.accountId}))`.execute(tx);
    const at = now();
    const minor = BigInt(input.minor);
    const others = [...(await netsByCounter(tx, input.accountId))].filter(([t]) => t !== terminalId).reduce((s, [, n]) => s + n, 0n);
    const available = others + BigInt(input.ownMinor) - (await liveHolds(tx, input.accountId, at, terminalId));
    if (available < minor) {
      const a = await tx.selectFrom('hub_reserve_accounts').select(['bank_name', 'account_no']).where('id', '=', input.accountId).executeTakeFirst();
      throw new Refusal('RESERVE_INSUFFICIENT', {
        place: `${a ? `${a.bank_name} ${a.account_no}` : input.accountId}（全机构 institution）`, currency: input.currency,
        available: fromMinor(available > 0n ? available : 0n, input.currency).toString(), needed: fromMinor(minor, input.currency).toString(),
      });
    }
    const expires = new Date(at.getTime() + HOLD_HOURS * 3_600_000);
    await tx.insertInto('hub_reserve_holds').values({ terminal_id: terminalId, movement_id: input.movementId, account_id: input.accountId, minor, held_at: at, expires_at: expires })
      .onConflict((oc) => oc.columns(['terminal_id', 'movement_id']).doUpdateSet({ account_id: input.accountId, minor, held_at: at, expires_at: expires })).execute();
    return { held: true as const, expiresAt: expires.toISOString() };
  });
}

/** A hold given back: its movement was refused at the counter. */
export async function releaseReserveHold(db: HubDatabase, terminalId: string, input: { movementId: string }): Promise<{ released: boolean }> {
  const r = await db.deleteFrom('hub_reserve_holds').where('terminal_id', '=', terminalId).where('movement_id', '=', input.movementId).executeTakeFirst();
  return { released: Number(r.numDeletedRows) > 0 };
}
