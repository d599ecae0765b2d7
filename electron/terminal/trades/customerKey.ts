// The customer, for every rule: ID type + number + country (rules.md). A customer is never one of
// the staff (glossary): staff are people (electron/terminal/people/).
import type { IdDocument } from '../../../shared/id/idDocument';

/** The key the ledger keeps a customer's trades under (`person_key`, the column's name since migration 001). */
export function customerKeyOf(doc: Pick<IdDocument, 'idType' | 'idNumber' | 'country'>): string {
  return `${doc.idType}:${doc.idNumber}:${doc.country}`;
}

