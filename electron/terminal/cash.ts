// Cash on hand per currency (库存现钞), and the institution's own money put into the till
// (第四十条(一)). Reserve accounts, transfers and rebalancing come with the reserves issue.
import { moneyText, parseAmount, toMinor } from '../../shared/money/money';
import { businessDate } from '../../shared/time';
import type { Parsed } from '../../shared/contract';
import { cashOnHand, post } from '../ledger/accounts';
import { audit } from '../ledger/audit';
import { q, run } from '../ledger/sql';
import type { Context } from './context';

export function onHand(ctx: Context): { currency: string; amount: string }[] {
  return cashOnHand(ctx.db).map(moneyText);
}

export function fund(ctx: Context, input: Parsed<'cash.fund'>): { id: string; currency: string; amount: string } {
  const amount = parseAmount(input.amount, input.currency);
  const minor = toMinor(amount, input.currency);
  const now = ctx.now();
  const at = now.toISOString();
  const id = ctx.newId();
  const date = businessDate(now);
  ctx.db.transaction(() => {
    run(ctx.db, q.insertInto('movements').values({ id, kind: 'capital_in', currency: input.currency, amount_minor: minor, note: input.note, actor: input.actor, business_date: date, created_at: at }));
    post(ctx.db, { id, kind: 'movement', businessDate: date, at }, [
      { kind: 'cash', currency: input.currency, amountMinor: minor },
      { kind: 'capital', currency: input.currency, amountMinor: -minor },
    ]);
    audit(ctx.db, { at, actor: input.actor, action: 'cash.fund', entity: 'movement', entityId: id, detail: { currency: input.currency, amount: amount.toString() } });
  }).immediate();
  return { id, currency: input.currency, amount: amount.toString() };
}
