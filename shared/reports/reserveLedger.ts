// The reserve ledger (台账, 第四十六条(一)): every reserve movement of a month, in order, with its
// nature, the other party, where or through which account, cash or transfer, what came in and went
// out, and the rate of a rebalancing between currencies. One line per movement, made here from the
// movement as the counter recorded it, for the counter's own ledger and the hub's for an outlet.
import { fromMinor } from '../money/money';
import type { ReserveLedgerLine } from './types';

/** The rebalancing channels of 第四十五条, in words. */
export const CHANNEL_WORDS = {
  internal: { zh: '系统内调剂', en: 'within the same institution' },
  other_institution: { zh: '与其他特许机构间调剂', en: 'with another licensed institution' },
  bank: { zh: '与开户银行调剂', en: 'with an account bank' },
} as const;

export const NATURE: Record<string, string> = {
  cash_deposit: '存钞', cash_withdrawal: '提钞', transfer_in: '转入', transfer_out: '转出', account_transfer: '账户间划转',
  rebalance: '调剂', float_in: '调剂', variance: '长短款', till_safe: '尾箱与保险柜间调拨',
  // 第三十条 (issue 19 item 8)
  cheques_to_bank: '旅行支票送存银行',
};

/** A reserve movement as a counter records it (its ledger row; the hub's copy of it). */
export interface RecordedMovement {
  id: string;
  kind: string;
  channel: string | null;
  counterparty: string | null;
  place: string | null;
  sameCity: boolean | null;
  method: 'cash' | 'transfer';
  accountNo: string | null;
  inCurrency: string | null;
  inMinor: bigint | null;
  outCurrency: string | null;
  outMinor: bigint | null;
  ratePer100: string | null;
  actor: string;
  businessDate: string;
  createdAt: string;
}

/** An instant as people at the outlet read it: China time, YYYY-MM-DD HH:MM:SS. */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** Moving notes between the till and the safe is not a reserve transaction: it has no line. */
export const NOT_IN_RESERVE_LEDGER = 'till_safe';
export const inReserveLedger = (kind: string): boolean => kind !== NOT_IN_RESERVE_LEDGER;

export function reserveLedgerLine(m: RecordedMovement): ReserveLedgerLine {
  const channel = CHANNEL_WORDS[(m.channel ?? 'internal') as keyof typeof CHANNEL_WORDS] ?? CHANNEL_WORDS.internal;
  return {
    at: chinaTime(m.createdAt),
    businessDate: m.businessDate,
    nature: m.kind === 'rebalance' || m.kind === 'float_in' ? `调剂（${channel.zh}）` : NATURE[m.kind] ?? m.kind,
    counterparty: m.counterparty,
    place: m.place === null ? null : `${m.place}（${m.sameCity === false ? '异地' : '同城'}）`,
    account: m.accountNo,
    method: m.method,
    inCurrency: m.inCurrency,
    inAmount: m.inMinor === null || m.inCurrency === null ? null : fromMinor(m.inMinor, m.inCurrency).toString(),
    outCurrency: m.outCurrency,
    outAmount: m.outMinor === null || m.outCurrency === null ? null : fromMinor(m.outMinor, m.outCurrency).toString(),
    rate: m.ratePer100,
    actor: m.actor,
    reference: m.id,
  };
}
