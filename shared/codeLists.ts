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
