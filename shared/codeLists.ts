// Code lists of the monitoring system that the terminal needs by default. monitoring-interface.md:
// treat them as configuration the terminal ships with and can update, not as constants.
import type { Residency } from './id/idDocument';
import type { Direction, TradeKind } from './rules/tradeKind';

/**
 * One fund attribute (资金属性, 第三十二条(三)): its code, its name in both languages, the trade kind
 * it is reported with and the customer class that kind belongs to (第二十九条: a purchase is a
 * domestic individual's, a reconversion a foreign individual's; both classes settle).
 * `toConfirm`: not from a published list; the outlet confirms it with its SAFE branch.
 */
export interface FundAttribute {
  code: string;
  zh: string;
  en: string;
  kind: TradeKind;
  classes: readonly Residency[];
  toConfirm?: true;
}

/** What the UI and the docs add to a code the outlet must confirm. */
export const TO_CONFIRM = { zh: '待与外汇局分局确认', en: 'to confirm with your SAFE branch' } as const;

/**
 * THE list (issue 19 item 6): the counter offers from it, the Terminal's rule (shared/rules/decide.ts)
 * and the simulator check against it. Purchase codes come from public client code (3221 self-funded
 * study abroad, 3222 private travel, 3223 business travel; 3224 a foreign individual's reconversion
 * of unused RMB, no quota). The settlement code list (1xx/2xx) is NOT public: '122' is a placeholder
 * the outlet must confirm with its SAFE branch; the outlet lists its own settlement codes in the
 * policy (settlementFundAttributes), and the counter offers those.
 */
export const FUND_ATTRIBUTES: readonly FundAttribute[] = [
  { code: '122', zh: `结汇（${TO_CONFIRM.zh}）`, en: `settlement (${TO_CONFIRM.en})`, kind: 'settlement', classes: ['domestic', 'foreign'], toConfirm: true },
  { code: '3221', zh: '自费出境学习', en: 'self-funded study abroad', kind: 'purchase', classes: ['domestic'] },
  { code: '3222', zh: '因私旅游', en: 'private travel', kind: 'purchase', classes: ['domestic'] },
  { code: '3223', zh: '公务及商务出国', en: 'business travel', kind: 'purchase', classes: ['domestic'] },
  { code: '3224', zh: '境外个人兑回', en: 'reconversion by a foreign individual', kind: 'reconversion', classes: ['foreign'] },
];

/**
 * Default fund attribute by trade kind: a domestic individual's purchase is private travel (3222,
 * the common case at a counter), a reconversion 3224 (the only one), a settlement the outlet's
 * first configured code ('122' until it configures its own).
 */
export const DEFAULT_FUND_ATTRIBUTE: Record<TradeKind, string> = {
  settlement: '122',
  purchase: '3222',
  reconversion: '3224',
};

/** Purchase fund attributes of a domestic individual (第三十二条(三)), from the list. */
export const DOMESTIC_PURCHASE_FUND_ATTRIBUTES: Readonly<Record<string, { zh: string; en: string }>> = Object.fromEntries(
  FUND_ATTRIBUTES.filter((a) => a.kind === 'purchase').map((a) => [a.code, { zh: a.zh, en: a.en }]),
);

/** A foreign individual's reconversion of unused RMB (第二十九条(三)): uses no quota. */
export const RECONVERSION_FUND_ATTRIBUTE = '3224';

/** Settlement codes are the 1xx/2xx ranges (the list itself is not public). */
const SETTLEMENT_FUND_ATTRIBUTE = /^[12]\d\d$/;

/**
 * Whether a fund attribute fits a trade of this kind (第三十二条(三)): one list for the terminal's
 * rule (shared/rules/decide.ts) and the simulator's check. The kind carries the customer's class:
 * a purchase is a domestic individual's, a reconversion a foreign individual's (第二十九条).
 * `settlementCodes`: the outlet's own settlement codes (policy); without them, any 1xx/2xx (the
 * monitoring system's check, which knows the real list).
 */
export function fundAttributeFits(code: string, kind: TradeKind, settlementCodes?: readonly string[]): boolean {
  if (kind === 'settlement') return settlementCodes ? settlementCodes.includes(code) : SETTLEMENT_FUND_ATTRIBUTE.test(code);
  if (kind === 'purchase') return Object.hasOwn(DOMESTIC_PURCHASE_FUND_ATTRIBUTES, code);
  return code === RECONVERSION_FUND_ATTRIBUTE;
}

/** The codes that fit a kind, as a teller reads them in a refusal. */
export function fundAttributesFor(kind: TradeKind, settlementCodes?: readonly string[]): string {
  if (kind === 'settlement') return settlementCodes ? settlementCodes.join(', ') : '1xx–2xx';
  if (kind === 'purchase') return Object.keys(DOMESTIC_PURCHASE_FUND_ATTRIBUTES).join(', ');
  return RECONVERSION_FUND_ATTRIBUTE;
}

/**
 * What the counter offers for a trade (第三十二条(三)): the codes of the trade's kind, which the
 * customer's class and the direction decide (第二十九条), the default first-marked. Settlement
 * offers the outlet's configured codes; one not in the list is named as the outlet's, to confirm.
 */
export function fundAttributesOffered(residency: Residency, direction: Direction, settlementCodes: readonly string[] = [DEFAULT_FUND_ATTRIBUTE.settlement]): { kind: TradeKind; options: FundAttribute[]; defaultCode: string } {
  const kind: TradeKind = direction === 'settlement' ? 'settlement' : residency === 'domestic' ? 'purchase' : 'reconversion';
  if (kind === 'settlement') {
    const options = settlementCodes.map((code): FundAttribute =>
      FUND_ATTRIBUTES.find((a) => a.code === code) ?? { code, zh: `结汇（本机构设置，${TO_CONFIRM.zh}）`, en: `settlement (set by the outlet, ${TO_CONFIRM.en})`, kind, classes: ['domestic', 'foreign'], toConfirm: true },
    );
    return { kind, options, defaultCode: options[0]?.code ?? DEFAULT_FUND_ATTRIBUTE.settlement };
  }
  const options = FUND_ATTRIBUTES.filter((a) => a.kind === kind && a.classes.includes(residency));
  return { kind, options, defaultCode: DEFAULT_FUND_ATTRIBUTE[kind] };
}
