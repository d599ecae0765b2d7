// The customer looked up by ID as the teller types it. Spec: shared/api/customers.ts.
import type { HandlersOf } from '../services';
import { lookup } from './lookup';

export const customersHandlers = {
  'customers.lookup': lookup,
} satisfies HandlersOf<'customers'>;
