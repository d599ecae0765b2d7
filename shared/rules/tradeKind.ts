// Who may do what (第二十九条), and how the monitoring system names it.
import type { Residency } from '../id/idDocument';

/** From the customer's side: settlement = sells FX for RMB (结汇); purchase = buys FX with RMB (购汇). */
export type Direction = 'settlement' | 'purchase';

/** What the trade is under the rules: a foreign individual's purchase is a reconversion (兑回). */
export type TradeKind = 'settlement' | 'purchase' | 'reconversion';

/**
 * 第二十九条: a domestic individual may settle and purchase within the annual quota; a foreign
 * individual may settle, and may buy FX only by changing unused RMB back (第二十九条(三)), which uses
 * no quota. So a foreign individual's purchase is always judged as a reconversion (第三十一条).
 */
export function tradeKind(residency: Residency, direction: Direction): TradeKind {
  if (direction === 'settlement') return 'settlement';
  return residency === 'domestic' ? 'purchase' : 'reconversion';
}

/** The monitoring system's trade type: JH settlement, GH purchase (reconversion is a GH entry). */
export function monitoringTradeType(direction: Direction): 'JH' | 'GH' {
  return direction === 'settlement' ? 'JH' : 'GH';
}

/** Reconversion by a foreign individual does not use the annual quota (fund attribute 3224). */
export function usesAnnualQuota(kind: TradeKind): boolean {
  return kind !== 'reconversion';
}
