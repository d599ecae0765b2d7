// Code lists of the monitoring system that the terminal needs by default. monitoring-interface.md:
// treat them as configuration the terminal ships with and can update, not as constants.
import type { TradeKind } from './rules/tradeKind';

/**
 * Default fund attribute (资金属性, 第三十二条(三)) by trade kind. Purchase codes come from public
 * client code (3222 private travel; 3224 reconversion by a foreign individual, no quota). The
 * settlement code list (1xx/2xx) is not public: '122' is a placeholder the outlet must confirm
 * with its SAFE branch, and the teller can send another code with each trade.
 */
export const DEFAULT_FUND_ATTRIBUTE: Record<TradeKind, string> = {
  settlement: '122',
  purchase: '3222',
  reconversion: '3224',
};

/**
 * Purchase fund attributes of a domestic individual (第三十二条(三)), from public client code:
 * 3221 self-funded study abroad, 3222 private travel, 3223 business travel.
 */
export const DOMESTIC_PURCHASE_FUND_ATTRIBUTES: Readonly<Record<string, { zh: string; en: string }>> = {
  '3221': { zh: '自费出境学习', en: 'self-funded study abroad' },
  '3222': { zh: '因私旅游', en: 'private travel' },
  '3223': { zh: '公务及商务出国', en: 'business travel' },
};

/** A foreign individual's reconversion of unused RMB (第二十九条(三)): uses no quota. */
export const RECONVERSION_FUND_ATTRIBUTE = '3224';

/** Settlement codes are the 1xx/2xx ranges (the list itself is not public: any of them is taken). */
const SETTLEMENT_FUND_ATTRIBUTE = /^[12]\d\d$/;

/**
 * Whether a fund attribute fits a trade of this kind (第三十二条(三)): one list for the terminal's
 * rule (shared/rules/decide.ts) and the simulator's check. The kind carries the customer's class:
 * a purchase is a domestic individual's, a reconversion a foreign individual's (第二十九条).
 */
export function fundAttributeFits(code: string, kind: TradeKind): boolean {
  if (kind === 'settlement') return SETTLEMENT_FUND_ATTRIBUTE.test(code);
  if (kind === 'purchase') return Object.hasOwn(DOMESTIC_PURCHASE_FUND_ATTRIBUTES, code);
  return code === RECONVERSION_FUND_ATTRIBUTE;
}

/** The codes that fit a kind, as a teller reads them in a refusal. */
export function fundAttributesFor(kind: TradeKind): string {
  if (kind === 'settlement') return '1xx–2xx';
  if (kind === 'purchase') return Object.keys(DOMESTIC_PURCHASE_FUND_ATTRIBUTES).join(', ');
  return RECONVERSION_FUND_ATTRIBUTE;
}
