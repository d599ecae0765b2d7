// Issue 20 items 1, 4 and 5 (the counter's state before work, keys for what tellers do every
// trade, errors where the eye is): the machine's events for the closed day (第三十二条(五)), the
// monitoring system as the sync loop found it (page mode said before Enter, 第三十六条(二)), the
// keys for the ID type, the small rate board and the amount's side, and the customer asked again
// after a trade. Pure, as machine.ts, which hands these events here.
import type { ApiResult } from '../apiError';
import type { CustomerLookup } from '../apiTypes';
import { currencyCode, customerKey, idTypeStep, type CounterState } from './state';

export type DayKeyEvent =
  /** session.info: the business date is closed (its date), or open (undefined). */
  | { type: 'dayClosed'; date: string | undefined }
  /** queue.status: the monitoring system online, offline, or not known (undefined). */
  | { type: 'monitoring'; online: boolean | undefined }
  /** ↓ / ↑ in the ID number field: the next / previous ID type (ID_TYPE_ORDER). */
  | { type: 'idTypeStep'; by: 1 | -1 }
  /** ↓ / ↑ in the currency field: the next / previous currency of the small rate board (`codes`). */
  | { type: 'currencyStep'; by: 1 | -1; codes: readonly string[] }
  /** ↓ / ↑ in the amount field: the amount is in foreign currency ⇄ in RMB. */
  | { type: 'switchSide' }
  /** The customer looked up again after a trade (their day now counts it). */
  | { type: 'customerRefreshed'; key: string; result: ApiResult<CustomerLookup> };

/**
 * On a closed business day these keys begin or carry on a trade; each is refused at once (nothing
 * typed is taken), and the refusal is said at the ID, not after a whole trade (第三十二条(五)).
 */
const TRADE_KEYS: ReadonlySet<string> = new Set<string>([
  'idType', 'idTypeEnter', 'idTypeStep', 'country', 'countryEnter', 'idNumber', 'supplementary', 'idExpiry', 'idExpiryEnter', 'customerEnter', 'name', 'nameEnter',
  'direction', 'switchDirection', 'paymentIn', 'switchPayment', 'toCurrency', 'currency', 'currencyPicked', 'currencyStep', 'currencyEnter', 'amount', 'amountEnter',
  'side', 'switchSide', 'reconversion', 'originalReceipt', 'fundAttribute', 'commit', 'pageSubmit',
]);

/** The state after a key of a trade on a closed day (refused, and said), or undefined: not refused. */
export function refusedOnClosedDay(s: CounterState, eventType: string): CounterState | undefined {
  if (s.dayClosed === undefined || !TRADE_KEYS.has(eventType) || s.phase === 'done') return undefined;
  return s.dayClosedRefused ? s : { ...s, dayClosedRefused: true };
}

/** The events of this file; `busy`: the commit is on its way or the trade is done (nothing typed changes). */
export function dayKeyStep(s: CounterState, e: DayKeyEvent, busy: boolean): CounterState {
  switch (e.type) {
    case 'dayClosed':
      return e.date === s.dayClosed ? s : { ...s, dayClosed: e.date, dayClosedRefused: e.date !== undefined && !!s.dayClosedRefused };
    case 'monitoring':
      return e.online === s.monitoringOnline ? s : { ...s, monitoringOnline: e.online };
    case 'idTypeStep':
      return busy ? s : { ...s, customer: { ...s.customer, idType: idTypeStep(s.customer.idType, e.by) } };
    case 'currencyStep': {
      if (busy) return s;
      const codes = e.codes.filter((c) => s.currencies.includes(c));
      if (codes.length === 0) return s;
      const i = codes.indexOf(currencyCode(s));
      const n = codes.length;
      // Stays in the field: Enter takes the currency shown, as after typing it.
      return { ...s, trade: { ...s.trade, currency: codes[i < 0 ? (e.by === 1 ? 0 : n - 1) : (i + e.by + n) % n]! } };
    }
    case 'switchSide':
      return busy ? s : { ...s, trade: { ...s.trade, side: s.trade.side === 'foreign' ? 'rmb' : 'foreign' } };
    case 'customerRefreshed':
      // Only the customer still on screen, and only over an answer already there: a late refresh
      // must not stand in for a lookup under way (the same customer typed again for the next
      // trade), whose answer moves an Enter waiting on it on (an 'ok' here would drop that answer
      // and leave the cursor waiting for ever). The name the teller sees is kept.
      return e.result.ok && e.key === customerKey(s) && s.lookup.state === 'ok' && s.lookup.key === e.key ? { ...s, lookup: { state: 'ok', key: e.key, value: e.result.value } } : s;
  }
}
