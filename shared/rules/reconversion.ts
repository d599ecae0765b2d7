// 第三十一条: a foreign individual changing unused RMB back into foreign currency, above 1,000 USD
// for the day (cumulative), must present the original receipt this institution issued when they
// changed into RMB; it is valid 24 months from its exchange date, and is retained. Exactly 1,000
// needs no receipt. The amount changed back may not exceed the RMB still unreconverted on it.
import { Refusal, fillMessage } from '../errors';
import { Decimal, dec, formatAmount } from '../money/money';
import type { PolicyParams } from '../policy';
import { addMonths } from '../time';

/** True when this reconversion takes the person's reconversions today above the threshold. */
export function reconversionReceiptRequired(usd: Decimal, reconvertedUsdBefore: Decimal, policy: PolicyParams): boolean {
  return reconvertedUsdBefore.plus(usd).gt(dec(policy.reconversionReceiptUsd));
}

/** The original receipt as the ledger knows it. */
export interface OriginalReceipt {
  receiptNo: number;
  businessDate: string;
  /** The person on it: ID type, number and country. */
  personKey: string;
  /** Only a settlement (FX→RMB) receipt shows RMB the customer received. */
  direction: 'settlement' | 'purchase';
  voided: boolean;
  /** RMB the customer received on it. */
  rmbReceived: Decimal;
  /** RMB already changed back against it by earlier reconversions that stand. */
  rmbReconverted: Decimal;
}

const REASONS = {
  notFound: { zh: '本机构没有出具此号码的水单', en: 'this institution issued no receipt with this number' },
  voided: { zh: '该水单已作废', en: 'that receipt is void' },
  otherPerson: { zh: '该水单不是此客户的', en: 'that receipt belongs to another person' },
  notSettlement: { zh: '该水单不是外币兑人民币的水单', en: 'that receipt is not for changing foreign currency into RMB' },
  expired: { zh: '该水单已超过{months}个月有效期（{until}到期）', en: 'it expired {months} months after its exchange date, on {until}' },
} as const;

/** Throws RECONVERSION_RECEIPT_INVALID or RECONVERSION_EXCEEDS_RECEIPT (第三十一条). */
export function checkOriginalReceipt(args: {
  receiptNo: number;
  /** The number as printed, for the message (default: the number). */
  printed?: string | undefined;
  receipt: OriginalReceipt | undefined;
  personKey: string;
  today: string;
  /** RMB the customer hands over for this reconversion. */
  rmb: Decimal;
  policy: PolicyParams;
}): void {
  const { receipt } = args;
  const receiptNo = args.printed ?? String(args.receiptNo);
  const invalid = (reason: { zh: string; en: string }, fill: Record<string, string> = {}) => {
    return new Refusal('RECONVERSION_RECEIPT_INVALID', {
      receiptNo,
      reasonZh: fillMessage(reason.zh, fill),
      reasonEn: fillMessage(reason.en, fill),
    });
  };
  if (!receipt) throw invalid(REASONS.notFound);
  if (receipt.voided) throw invalid(REASONS.voided);
  if (receipt.personKey !== args.personKey) throw invalid(REASONS.otherPerson);
  if (receipt.direction !== 'settlement') throw invalid(REASONS.notSettlement);
  const months = args.policy.reconversionReceiptMonths;
  const until = addMonths(receipt.businessDate, months);
  if (args.today > until) throw invalid(REASONS.expired, { months: String(months), until });
  const remaining = Decimal.max(receipt.rmbReceived.minus(receipt.rmbReconverted), 0);
  if (args.rmb.gt(remaining)) {
    throw new Refusal('RECONVERSION_EXCEEDS_RECEIPT', {
      amount: `CNY ${formatAmount(args.rmb, 'CNY')}`,
      receiptNo,
      remaining: `CNY ${formatAmount(remaining, 'CNY')}`,
    });
  }
}
