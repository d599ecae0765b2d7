// Double entry per currency. Every ledger transaction (a trade, a void, a movement) is a set of
// postings whose amounts sum to zero in each currency, bridged by the currency-exchange account
// (货币兑换). Positive = debit. Cash on hand is the balance of the cash account of a currency.
import { moneyFromMinor, type Money } from '../../shared/money/money';
import { all, compiled, first, insertRows, q, type Database } from './sql';
import type { AccountKind, PostingTable } from './schema';

export interface Posting {
  kind: AccountKind;
  currency: string;
  amountMinor: bigint;
  /** The account's id when there are several of a kind and currency (a reserve account per bank). */
  account?: string;
}

export function accountId(kind: AccountKind, currency: string): string {
  return `${kind}:${currency}`;
}

/** The account a posting is on, made at its first posting (and by a rebuild from the hub: ledger/replay.ts). */
export function ensureAccount(db: Database, id: string, kind: AccountKind, currency: string): void {
  insertRows(db, 'accounts', [{ id, kind, currency }], true);
}

/**
 * The accounts known to exist, per connection, read from the ledger (issue 21: a trade's postings
 * no longer try to make their accounts, ~5 statements a trade). Only ever read, never added to by
 * a write that could still roll back: an account made in a transaction is known after the next read.
 * A posting on an account the set wrongly holds is refused by its foreign key, and post() then
 * makes the accounts and posts again.
 */
const known = new WeakMap<Database, Set<string>>();
function knownAccounts(db: Database, reread: boolean): Set<string> {
  let set = known.get(db);
  if (!set || reread) known.set(db, (set = new Set(all(db, q.selectFrom('accounts').select('id')).map((r) => r.id))));
  return set;
}

export function post(
  db: Database,
  txn: { id: string; kind: PostingTable['txn_kind']; businessDate: string; at: string },
  postings: Posting[],
): void {
  const sums = new Map<string, bigint>();
  for (const p of postings) sums.set(p.currency, (sums.get(p.currency) ?? 0n) + p.amountMinor);
  for (const [currency, sum] of sums) {
    if (sum !== 0n) throw new Error(`postings of ${txn.id} do not balance in ${currency}: ${sum}`);
  }
  const legs = postings.filter((p) => p.amountMinor !== 0n).map((p) => ({ ...p, id: p.account ?? accountId(p.kind, p.currency) }));
  if (legs.length === 0) return;
  const ensure = (set: Set<string>) => {
    for (const p of legs) if (!set.has(p.id)) ensureAccount(db, p.id, p.kind, p.currency);
  };
  let set = knownAccounts(db, false);
  const missing = legs.some((p) => !set.has(p.id));
  ensure(set);
  if (missing) set = knownAccounts(db, true);
  // One INSERT of every leg (issue 21: multi-row), its SQL made once (insertRows).
  const rows = legs.map((p) => ({
    txn_id: txn.id,
    txn_kind: txn.kind,
    account_id: p.id,
    currency: p.currency,
    amount_minor: p.amountMinor,
    business_date: txn.businessDate,
    created_at: txn.at,
  }));
  try {
    insertRows(db, 'postings', rows);
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw e;
    // An account the set held was made by a transaction that rolled back: made now, posted again.
    for (const p of legs) ensureAccount(db, p.id, p.kind, p.currency);
    knownAccounts(db, true);
    insertRows(db, 'postings', rows);
  }
}

/**
 * The postings of one ledger transaction, negated: how a void or a refund reverses a trade. Found
 * by the transaction's date and id (postings_by_date, migration 029): every posting of a
 * transaction carries its date (post above), and the trade holds it.
 */
const postingsOf = compiled<{ date: string; txn: string }>()((p) => q.selectFrom('postings').innerJoin('accounts', 'accounts.id', 'postings.account_id')
  .select(['accounts.id', 'accounts.kind', 'postings.currency', 'postings.amount_minor'])
  .where('postings.business_date', '=', p.date)
  .where('postings.txn_id', '=', p.txn)
  .orderBy('postings.id'));

export function reversalOf(db: Database, txn: { id: string; businessDate: string }): Posting[] {
  const rows = postingsOf.all(db, { date: txn.businessDate, txn: txn.id });
  // A trade is never written without its postings (commit, refund and paper entry post in its
  // transaction): none found is a wrong date or id, and reversing nothing would void for free.
  if (rows.length === 0) throw new Error(`no postings of ${txn.id} on ${txn.businessDate} to reverse`);
  return rows.map((r) => ({ kind: r.kind, currency: r.currency, amountMinor: -r.amount_minor, account: r.id }));
}

const balanceOf = compiled<{ account: string }>()((p) => q.selectFrom('account_balances').select('balance_minor').where('account_id', '=', p.account));

export function balanceMinor(db: Database, kind: AccountKind, currency: string, account?: string): bigint {
  const row = balanceOf.first(db, { account: account ?? accountId(kind, currency) });
  return row?.balance_minor ?? 0n;
}

/** Cash on hand (库存现钞, 第四十三条) is the till, the safe and traveller's cheques not yet cashed (附表1 注7). */
export const CASH_ON_HAND_KINDS: readonly AccountKind[] = ['cash', 'safe', 'travellers_cheques'];

/** Cash on hand per currency: the till and the safe. */
export function cashOnHand(db: Database): Money[] {
  const sums = new Map<string, bigint>();
  for (const r of all(db, q.selectFrom('account_balances').select(['currency', 'balance_minor']).where('kind', 'in', ['cash', 'safe']).orderBy('currency'))) {
    sums.set(r.currency, (sums.get(r.currency) ?? 0n) + r.balance_minor);
  }
  return [...sums].map(([currency, minor]) => moneyFromMinor(minor, currency));
}
