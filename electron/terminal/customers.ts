// Looking a customer up by ID as the teller types it: the ID is validated first (第三十一条),
// then the customer's record and their day so far are shown.
import { ID_TYPES, validateIdDocument } from '../../shared/id/idDocument';
import { businessDate } from '../../shared/time';
import type { Parsed, PersonDay } from '../../shared/contract';
import { first, q } from '../ledger/sql';
import type { Context } from './context';
import { personDay, personKeyOf } from './trades';

export interface CustomerLookup {
  idType: string;
  idNumber: string;
  country: string;
  supplementaryId?: string;
  birthDate?: string;
  residency: 'domestic' | 'foreign';
  idTypeName: { zh: string; en: string };
  known: boolean;
  name?: string;
  today: PersonDay;
}

export function lookup(ctx: Context, input: Parsed<'customers.lookup'>): CustomerLookup {
  const doc = validateIdDocument(input, businessDate(ctx.now()));
  const type = ID_TYPES[doc.idType];
  const known = first(ctx.db, q.selectFrom('customers').select('name').where('person_key', '=', personKeyOf(doc)));
  return {
    ...doc,
    residency: type.residency,
    idTypeName: { zh: type.zh, en: type.en },
    known: known !== undefined,
    ...(known ? { name: known.name } : {}),
    today: personDay(ctx, input),
  };
}
