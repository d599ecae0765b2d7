// Cash on hand per currency (库存现钞), and the institution's own money put into the till
// (第四十条(一)). Reserve accounts, transfers and rebalancing come with the reserves issue.
import { moneyText } from '../../shared/money/money';
import type { Parsed } from '../../shared/contract';
import { cashOnHand } from '../ledger/accounts';
import type { Context } from './context';
import { fundFloat } from './reserves';

export function onHand(ctx: Context): { currency: string; amount: string }[] {
  return cashOnHand(ctx.db).map(moneyText);
}

/** The float the institution hands the outlet: a reserve movement (electron/terminal/reserves.ts). */
export function fund(ctx: Context, input: Parsed<'cash.fund'>): { id: string; currency: string; amount: string } {
  return fundFloat(ctx, input);
}
