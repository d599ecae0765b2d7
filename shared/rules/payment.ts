// 第三十条: the institution may accept cash or traveller's cheques, and pays out cash only.
import { Refusal } from '../errors';
import type { Direction } from './tradeKind';

export type PaymentMethod = 'cash' | 'travellersCheque';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'travellersCheque'];

const NAMES: Record<PaymentMethod, string> = { cash: '现钞 cash', travellersCheque: '旅行支票 traveller\'s cheque' };

/**
 * What the customer hands over. Traveller's cheques are foreign-currency instruments, so they can
 * pay for a settlement only; a purchase is paid in RMB cash. What the customer receives is always cash.
 */
export function acceptedPaymentMethods(direction: Direction): readonly PaymentMethod[] {
  return direction === 'settlement' ? PAYMENT_METHODS : ['cash'];
}

export function checkPaymentMethod(direction: Direction, paymentIn: PaymentMethod): void {
  if (!acceptedPaymentMethods(direction).includes(paymentIn)) {
    throw new Refusal('PAYMENT_METHOD_NOT_ACCEPTED', { method: NAMES[paymentIn] });
  }
}
