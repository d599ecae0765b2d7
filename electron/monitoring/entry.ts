// What a trade looks like to the monitoring system (monitoring-interface.md): the fields of a
// register or back-fill entry, built from the committed trade. Amount split: cash / remittance /
// account / traveller's cheque, which must add up to the amount.
import type { TradeTable } from '../ledger/schema';
import { fromMinor } from '../../shared/money/money';

export interface MonitoringEntry {
  /** The terminal's trade id: the idempotency key towards the monitoring system. */
  serial: string;
  tradeType: 'JH' | 'GH';
  usesQuota: 'Y' | 'N';
  businessType: string;
  idType: string;
  idNumber: string;
  country: string;
  supplementaryId?: string;
  name: string;
  fundAttribute: string;
  currency: string;
  amount: string;
  split: { cash: string; remittance: string; account: string; travellersCheque: string };
  noticeGiven: boolean;
  tradeTime: string;
  /**
   * Back-fill only (第三十二条(二)): reason 02 offline operation, remark 特许兑换补录, for a trade made
   * offline here; reason 01 emergency plan, for a paper receipt entered after a restore (paper.ts).
   */
  backfill?: BackfillReason;
}

export type BackfillReason = { reason: '02'; remark: '特许兑换补录' } | { reason: '01'; remark: string };

const OFFLINE: BackfillReason = { reason: '02', remark: '特许兑换补录' };

type EntryFields = Pick<TradeTable,
  'id' | 'trade_type' | 'kind' | 'id_type' | 'id_number' | 'country' | 'supplementary_id' | 'customer_name'
  | 'fund_attribute' | 'currency' | 'foreign_minor' | 'payment_in' | 'notice_given' | 'created_at'>;

export function monitoringEntry(t: EntryFields, path: 'realtime' | 'backfill', backfill: BackfillReason = OFFLINE): MonitoringEntry {
  const amount = fromMinor(t.foreign_minor, t.currency).toString();
  const tc = t.payment_in === 'travellersCheque';
  return {
    serial: t.id,
    tradeType: t.trade_type,
    usesQuota: t.kind === 'reconversion' ? 'N' : 'Y',
    businessType: t.kind === 'reconversion' ? '02' : '01',
    idType: t.id_type,
    idNumber: t.id_number,
    country: t.country,
    ...(t.supplementary_id ? { supplementaryId: t.supplementary_id } : {}),
    name: t.customer_name,
    fundAttribute: t.fund_attribute,
    currency: t.currency,
    amount,
    split: { cash: tc ? '0' : amount, remittance: '0', account: '0', travellersCheque: tc ? amount : '0' },
    noticeGiven: t.notice_given === 1n,
    tradeTime: t.created_at,
    ...(path === 'backfill' ? { backfill } : {}),
  };
}
