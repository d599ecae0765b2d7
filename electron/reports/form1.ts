// 附表1 (第五十一条(二)) of this counter: its reserves and flows gathered from the ledger, composed by
// shared/reports/form1.ts (the hub composes an outlet's and the institution's alike).
import { checkPeriod, composeForm1 } from '../../shared/reports/form1';
import type { Form1, OutletHeader } from '../../shared/reports/types';
import { addDays } from '../../shared/time';
import type { Database } from '../ledger/sql';
import { reservesAt } from './balances';
import { movementLegs, tradeFlows } from './flows';

export { checkPeriod };

export function computeForm1(db: Database, outlet: OutletHeader, from: string, to: string): Form1 {
  // The period is checked before anything is read.
  checkPeriod(from, to);
  return composeForm1(outlet, from, to, {
    opening: reservesAt(db, addDays(from, -1)),
    closing: reservesAt(db, to),
    flows: tradeFlows(db, from, to),
    legs: movementLegs(db, from, to),
  });
}
