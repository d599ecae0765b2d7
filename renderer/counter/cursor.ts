// Where the counter's cursor goes next (machine.ts): after the lookup, after the quote, to a
// name the printer cannot print, to the side of the notes to put right. Pure.
import type { QuoteView } from '../../shared/api';
import { dec } from '../../shared/money/money';
import { isCode, type ApiError, type ApiErrorCode } from '../apiError';
import type { CustomerLookup } from '../apiTypes';
import { notesOf, totalOf } from '../noteCounts';
import { filled } from '../supervisor';
import { nameBad, NEEDS_COUNTRY, NEEDS_EXPIRY, NEEDS_SUPPLEMENTARY, type CounterState, type FocusTarget, type NoteSide } from './state';

/** Refusals of the lookup about the issuing country: the cursor goes to the country. */
const COUNTRY_REFUSALS: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>(['ID_COUNTRY_INVALID', 'ID_COUNTRY_MISMATCH']);
/** Refusals about the document's validity (issue 19, 第三十一条): the cursor goes to the expiry. */
const EXPIRY_REFUSALS: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>(['ID_EXPIRED', 'ID_EXPIRY_INVALID', 'ID_EXPIRY_LONG_TERM_NOT_ALLOWED', 'ID_EXPIRY_REQUIRED']);

/** To the name; with a character the printer cannot print, that character selected, to retype. */
export function nameTarget(s: CounterState): FocusTarget {
  const bad = nameBad(s)[0];
  if (bad === undefined) return { field: 'name' };
  const start = s.customer.name.indexOf(bad);
  return { field: 'name', select: { start, end: start + bad.length } };
}

/** After the customer's lookup: the next field the teller has to fill. */
export function nextCustomerTarget(s: CounterState, v: CustomerLookup | undefined, error?: ApiError): FocusTarget {
  const { customer: f } = s;
  if (error) {
    if (COUNTRY_REFUSALS.has(error.code) && NEEDS_COUNTRY.has(f.idType)) return { field: 'country' };
    if (error.code === 'ID_SUPPLEMENTARY_REQUIRED') return { field: 'supplementary' };
    if (EXPIRY_REFUSALS.has(error.code)) return { field: 'idExpiry' };
    return { field: 'idNumber' };
  }
  if (NEEDS_COUNTRY.has(f.idType) && !f.country.trim()) return { field: 'country' };
  if (NEEDS_SUPPLEMENTARY.has(f.idType) && !f.supplementaryId.trim()) return { field: 'supplementary' };
  if (NEEDS_EXPIRY.has(f.idType) && !f.idExpiry.trim()) return { field: 'idExpiry' };
  if ((!f.name.trim() && !v?.name) || nameBad(s).length > 0) return nameTarget(s);
  return { field: 'currency' };
}

/** After the quote: what is still open (a prompt, the supervisor, the name), or the confirm button. */
export function nextQuoteTarget(s: CounterState, v: QuoteView, acked: readonly string[] = s.acks): FocusTarget {
  if (v.refusal) {
    if (isCode(v.refusal.code, 'RECONVERSION_RECEIPT_REQUIRED') && !s.trade.originalReceiptNo.trim()) return { field: 'originalReceipt' };
    // Back to the amount, never to "Record the refusal": a habitual Enter must not record an
    // attempt against the customer. Recording it is its own key (Tab to the button, Enter).
    return { field: 'amount' };
  }
  const open = v.prompts.find((p) => !acked.includes(p.code));
  if (open) return { field: 'prompt', code: open.code };
  if (v.prompts.some((p) => p.level === 'supervisor') && !filled(s.supervisor)) return { field: s.supervisor.id.trim() ? 'supervisorPassword' : 'supervisor' };
  if (!s.customer.name.trim() || nameBad(s).length > 0) return nameTarget(s);
  return { field: 'confirm' };
}

/** After a refusal about the notes: the side the teller has to change. */
export function notesSideToFix(s: CounterState, code: ApiErrorCode, q: QuoteView): NoteSide {
  if (code !== 'NOTES_INVALID') return 'paid';
  if (notesOf(s.notes.received).length === 0) return 'paid';
  try {
    return totalOf(s.notes.received).eq(dec(q.customerPays.amount)) ? 'paid' : 'received';
  } catch {
    return 'received';
  }
}
