// Turning an amount on either side into both amounts. The rate is RMB per 100 units (牌价): the
// cash buy rate when the customer settles (the institution buys), the cash sell rate when the
// customer purchases. The fee is charged separately in RMB (第三十三条: shown on the board).
//
// Rounding, written down once:
// - RMB = foreign × rate / 100, half-up to the fen;
// - the foreign side is a multiple of the smallest note (cash) or the minor unit (a traveller's
//   cheque handed over): when the customer names the RMB side, the foreign side is rounded so the
//   customer gets at least what they asked for (settlement: up) or pays no more than they offered
//   (purchase: down).
import { Refusal } from './errors';
import { Decimal, formatAmount, isMultipleOf, minorUnit, roundRmb, roundToUnit, smallestNote } from './money/money';
import type { PaymentMethod } from './rules/payment';
import type { Direction } from './rules/tradeKind';

export type AmountSide = 'foreign' | 'rmb';

export interface PricingInput {
  direction: Direction;
  currency: string;
  /** On the side named by `side`: what the customer hands over or wants to receive. */
  amount: Decimal;
  side: AmountSide;
  paymentIn: PaymentMethod;
  ratePer100: Decimal;
  fee: Decimal;
}

export interface Priced {
  foreign: Decimal;
  /** RMB value of the foreign amount at the rate, before the fee. */
  rmb: Decimal;
  fee: Decimal;
  /** What the customer hands over: foreign (settlement) or RMB including the fee (purchase). */
  customerPays: Decimal;
  /** What the customer receives: RMB less the fee (settlement) or foreign (purchase). */
  customerReceives: Decimal;
}

/** The unit the foreign side moves in: notes for cash, the minor unit for a traveller's cheque. */
export function foreignUnit(direction: Direction, paymentIn: PaymentMethod, currency: string): Decimal {
  return direction === 'settlement' && paymentIn === 'travellersCheque' ? minorUnit(currency) : smallestNote(currency);
}

const at = (foreign: Decimal, ratePer100: Decimal) => roundRmb(foreign.times(ratePer100).dividedBy(100));

export function price(input: PricingInput): Priced {
  const { direction, currency, amount, side, ratePer100, fee } = input;
  const unit = foreignUnit(direction, input.paymentIn, currency);
  let foreign: Decimal;
  if (side === 'foreign') {
    if (!isMultipleOf(amount, unit)) throw new Refusal('AMOUNT_NOT_IN_NOTES', { currency, note: unit.toString() });
    foreign = amount;
  } else if (direction === 'settlement') {
    // The customer wants `amount` RMB in hand: they must hand over enough foreign to cover it and the fee.
    foreign = roundToUnit(amount.plus(fee).times(100).dividedBy(ratePer100), unit, 'up');
  } else {
    // The customer offers `amount` RMB, fee included: the most notes it buys.
    const available = amount.minus(fee);
    if (available.lte(0)) throw new Refusal('FEE_EXCEEDS_AMOUNT', { fee: `CNY ${formatAmount(fee, 'CNY')}` });
    foreign = roundToUnit(available.times(100).dividedBy(ratePer100), unit, 'down');
  }
  if (foreign.lte(0)) throw new Refusal('AMOUNT_TOO_SMALL', { note: unit.toString(), currency });
  const rmb = at(foreign, ratePer100);
  if (rmb.lte(0)) throw new Refusal('AMOUNT_TOO_SMALL', { note: unit.toString(), currency });
  if (direction === 'settlement') {
    if (rmb.lte(fee)) throw new Refusal('FEE_EXCEEDS_AMOUNT', { fee: `CNY ${formatAmount(fee, 'CNY')}` });
    return { foreign, rmb, fee, customerPays: foreign, customerReceives: rmb.minus(fee) };
  }
  return { foreign, rmb, fee, customerPays: rmb.plus(fee), customerReceives: foreign };
}

/** The USD equivalent: the foreign amount times the month's USD conversion rate, exact (never rounded). */
export function usdEquivalent(foreign: Decimal, usdPerUnit: Decimal): Decimal {
  return foreign.times(usdPerUnit);
}
