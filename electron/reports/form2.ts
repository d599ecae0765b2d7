// 附表2 (第五十一条(三)) of this counter: its flows and reserves gathered from the ledger, composed by
// shared/reports/form2.ts (the hub composes an outlet's and a city's alike).
import type { WorkCalendar } from '../../shared/calendar/workdays';
import { composeForm2 } from '../../shared/reports/form2';
import { monthDays } from '../../shared/reports/inputs';
import type { Form2, OutletHeader } from '../../shared/reports/types';
import { addDays } from '../../shared/time';
import { usdPerUnit } from '../ledger/conversionRates';
import { first, q, type Database } from '../ledger/sql';
import { reservesAt } from './balances';
import { movementLegs, tradeFlows } from './flows';

export { FORM2_DECIMALS, previousMonth } from '../../shared/reports/form2';

export function computeForm2(db: Database, outlet: OutletHeader, month: string, calendar?: WorkCalendar): Form2 {
  const { from, to } = monthDays(month);
  return composeForm2(outlet, month, {
    flows: tradeFlows(db, from, to),
    legs: movementLegs(db, from, to),
    opening: reservesAt(db, addDays(from, -1)),
    closing: reservesAt(db, to),
    usdPerUnit: (currency, m) => usdPerUnit(db, currency, m),
    hasTable: (m) => first(db, q.selectFrom('usd_conversion_rates').select('month').where('month', '=', m).limit(1)) !== undefined,
    calendar,
  });
}
