// The reserve ledger (台账, 第四十五条): every reserve movement of a month, in order, with its nature.
import { fromMinor } from '../../../shared/money/money';
import { businessDate } from '../../../shared/time';
import type { ReserveMovementTable } from '../../ledger/schema';
import { all, q } from '../../ledger/sql';
import type { Services } from '../services';
import { CHANNEL_WORDS } from './movements';

export const NATURE: Record<ReserveMovementTable['kind'], string> = {
  cash_deposit: '存钞', cash_withdrawal: '提钞', transfer_in: '转入', transfer_out: '转出', account_transfer: '账户间划转',
  rebalance: '调剂', float_in: '调剂', variance: '长短款', till_safe: '尾箱与保险柜间调拨',
};

export function reserveLedger(ctx: Services, input: { month: string }) {
  const o = ctx.outlet();
  const rows = all(ctx.db, q.selectFrom('reserve_movements').selectAll()
    .where('business_date', '>=', `${input.month}-01`).where('business_date', '<=', `${input.month}-31`)
    // Moving notes between the till and the safe is not a reserve transaction.
    .where('kind', '!=', 'till_safe')
    .orderBy('created_at').orderBy('id'));
  return {
    form: 'reserveLedger' as const,
    outlet: { institutionName: o.institution_name, outletCode: o.outlet_code, outletName: o.outlet_name },
    month: input.month,
    lines: rows.map((m) => ({
      at: chinaTime(m.created_at),
      businessDate: m.business_date,
      nature: m.kind === 'rebalance' || m.kind === 'float_in' ? `调剂（${CHANNEL_WORDS[m.channel ?? 'internal'].zh}）` : NATURE[m.kind],
      counterparty: m.counterparty,
      place: m.place === null ? null : `${m.place}（${m.same_city === 0n ? '异地' : '同城'}）`,
      account: m.account_no,
      method: m.method,
      inCurrency: m.in_currency,
      inAmount: m.in_minor === null || m.in_currency === null ? null : fromMinor(m.in_minor, m.in_currency).toString(),
      outCurrency: m.out_currency,
      outAmount: m.out_minor === null || m.out_currency === null ? null : fromMinor(m.out_minor, m.out_currency).toString(),
      rate: m.rate_per_100,
      actor: m.actor,
      reference: m.id,
    })),
  };
}

/** An instant as people at the outlet read it: China time, YYYY-MM-DD HH:MM:SS. */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}
