// The reserve ledger (台账, 第四十六条): every reserve movement of a month, in order, each line made
// by shared/reports/reserveLedger.ts (the hub makes an outlet's alike).
import { monthDays } from '../../../shared/reports/inputs';
import { NOT_IN_RESERVE_LEDGER, reserveLedgerLine } from '../../../shared/reports/reserveLedger';
import type { ReserveLedger } from '../../../shared/reports/types';
import { all, q } from '../../ledger/sql';
import type { Services } from '../services';

export function reserveLedger(ctx: Services, input: { month: string }): ReserveLedger {
  const o = ctx.outlet();
  const { from, to } = monthDays(input.month);
  const rows = all(ctx.db, q.selectFrom('reserve_movements').selectAll()
    .where('business_date', '>=', from).where('business_date', '<=', to)
    .where('kind', '!=', NOT_IN_RESERVE_LEDGER)
    .orderBy('created_at').orderBy('id'));
  return {
    form: 'reserveLedger',
    outlet: { institutionName: o.institution_name, outletCode: o.outlet_code, outletName: o.outlet_name },
    month: input.month,
    lines: rows.map((m) => reserveLedgerLine({
      id: m.id, kind: m.kind, channel: m.channel, counterparty: m.counterparty, place: m.place, sameCity: m.same_city === null ? null : m.same_city !== 0n,
      method: m.method, accountNo: m.account_no, inCurrency: m.in_currency, inMinor: m.in_minor, outCurrency: m.out_currency, outMinor: m.out_minor,
      ratePer100: m.rate_per_100, actor: m.actor, businessDate: m.business_date, createdAt: m.created_at,
    })),
  };
}
