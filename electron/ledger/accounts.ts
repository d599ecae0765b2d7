// Double entry per currency. Every ledger transaction (a trade, a void, a movement) is a set of
// postings whose amounts sum to zero in each currency, bridged by the currency-exchange account
// (货币兑换). Positive = debit. Cash on hand is the balance of the cash account of a currency.
import { moneyFromMinor, type Money } from '../../shared/money/money';
import { all, first, q, run, type Database } from './sql';
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
  run(db, q.insertInto('accounts').values({ id, kind, currency }).onConflict((oc) => oc.doNothing()));
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
  for (const p of postings) {
    if (p.amountMinor === 0n) continue;
    const id = p.account ?? accountId(p.kind, p.currency);
    ensureAccount(db, id, p.kind, p.currency);
    run(db, q.insertInto('postings').values({
      txn_id: txn.id,
      txn_kind: txn.kind,
      account_id: id,
      currency: p.currency,
      amount_minor: p.amountMinor,
      business_date: txn.businessDate,
      created_at: txn.at,
    }));
  }
}

/** The postings of one ledger transaction, negated: how a void reverses a trade. */
export function reversalOf(db: Database, txnId: string): Posting[] {
  return all(db, q.selectFrom('postings').innerJoin('accounts', 'accounts.id', 'postings.account_id')
    .select(['accounts.id', 'accounts.kind', 'postings.currency', 'postings.amount_minor'])
    .where('postings.txn_id', '=', txnId)
    .orderBy('postings.id'))
    .map((r) => ({ kind: r.kind, currency: r.currency, amountMinor: -r.amount_minor, account: r.id }));
}

export function balanceMinor(db: Database, kind: AccountKind, currency: string, account?: string): bigint {
  const row = first(db, q.selectFrom('account_balances').select('balance_minor').where('account_id', '=', account ?? accountId(kind, currency)));
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
