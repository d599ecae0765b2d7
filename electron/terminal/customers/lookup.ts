// Looking a customer up by ID as the teller types it: the ID is validated first (第三十一条),
// then the customer's record, their day so far, and their standing in the monitoring system
// (status and annual quota left, asked the same way as for a quote) are shown; a customer new to
// this counter is found by name at the institution's other counters through the hub.
import { ID_TYPES, validateIdDocument } from '../../../shared/id/idDocument';
import { policyFor } from '../../../shared/policy';
import type { MonitoringStatus } from '../../../shared/rules/prompts';
import { businessDate } from '../../../shared/time';
import type { CustomerLookup, CustomerStanding, Parsed } from '../../../shared/api';
import { first, q } from '../../ledger/sql';
import type { Services } from '../services';
import { monitoringFacts } from '../trades/facts';
import { customerKeyOf } from '../trades/customerKey';
import { customerDay } from '../trades/read';

export type { CustomerLookup };

const SEVERITY: Record<MonitoringStatus, number> = { normal: 0, prewatch: 1, watch: 2 };

/**
 * The customer's status and annual quota left for settlement and for purchase (个人外汇管理办法实施细则
 * 第二条: 50,000 USD per person per calendar year for each). Both are asked at once, within the
 * quote's timeout; without both answers the standing is unknown (never an error: the counter
 * works on, and the quote asks again).
 */
async function standing(ctx: Services, input: Parsed<'customers.lookup'>): Promise<CustomerStanding> {
  if (!ctx.monitoring) return { online: false, reason: 'notConfigured' };
  const [settlement, purchase] = await Promise.all([monitoringFacts(ctx, input, 'settlement'), monitoringFacts(ctx, input, 'purchase')]);
  if (!settlement || !purchase) return { online: false, reason: 'noAnswer' };
  // One customer, one status; should the two answers differ, the stricter one is shown.
  const status = SEVERITY[purchase.status] > SEVERITY[settlement.status] ? purchase.status : settlement.status;
  return {
    online: true,
    status,
    cashTodayUsd: settlement.cashTodayUsd.toString(),
    annualQuotaUsd: policyFor(ctx.policies(), businessDate(ctx.now())).params.annualQuotaUsd,
    settlement: { quotaUsedUsd: settlement.quotaUsedUsd.toString(), quotaLeftUsd: settlement.quotaLeftUsd.toString() },
    purchase: { quotaUsedUsd: purchase.quotaUsedUsd.toString(), quotaLeftUsd: purchase.quotaLeftUsd.toString() },
  };
}

export async function lookup(ctx: Services, input: Parsed<'customers.lookup'>): Promise<CustomerLookup> {
  const doc = validateIdDocument(input, businessDate(ctx.now()));
  const type = ID_TYPES[doc.idType];
  const here = first(ctx.db, q.selectFrom('customers').select('name').where('person_key', '=', customerKeyOf(doc)));
  const today = customerDay(ctx, input);
  // A customer new to this counter may be known at the institution's other counters: the hub says
  // the name they gave there (within the quote's timeout; no answer: typed here as for anyone new).
  const [monitoring, elsewhere] = await Promise.all([
    standing(ctx, input),
    here || !ctx.hub ? Promise.resolve(undefined) : ctx.hub.customerName({ idType: doc.idType, idNumber: doc.idNumber, country: doc.country }, ctx.quotaTimeoutMs),
  ]);
  const name = here?.name ?? elsewhere ?? undefined;
  return {
    ...doc,
    residency: type.residency,
    idTypeName: { zh: type.zh, en: type.en },
    known: name !== undefined,
    ...(name !== undefined ? { name } : {}),
    today,
    monitoring,
  };
}
