// Cash at the counter: on hand per currency (库存现钞), the institution's own money put into the till
// (第四十条(一)), the notes by denomination, a payout proposal, a till handover, and notes sent to
// and counted from other counters (transfers.ts). Reserve accounts
// and movements are reserves/.
import { moneyText } from '../../../shared/money/money';
import { cashOnHand } from '../../ledger/accounts';
import type { HandlerInput, HandlersOf, Services } from '../services';
import { fundFloat } from '../reserves/movements';
import { handover } from './handover';
import { notes, proposePayoutView } from './notes';
import { transferReceive, transferSend, transfers } from './transfers';

export function onHand(ctx: Services): { currency: string; amount: string }[] {
  return cashOnHand(ctx.db).map(moneyText);
}

/** The float the institution hands the outlet: a reserve movement (reserves/movements.ts). */
export function fund(ctx: Services, input: HandlerInput<'cash.fund'>): { id: string; currency: string; amount: string } {
  return fundFloat(ctx, input);
}

export const cashHandlers = {
  'cash.onHand': onHand,
  'cash.fund': fund,
  'cash.notes': notes,
  'cash.proposePayout': proposePayoutView,
  'cash.handover': handover,
  'cash.transferSend': transferSend,
  'cash.transferReceive': transferReceive,
  'cash.transfers': transfers,
} satisfies HandlersOf<'cash'>;
