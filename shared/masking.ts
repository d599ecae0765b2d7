// A customer as the roles that may not see customers see one (issue 13; shared/api/roles.ts
// CUSTOMER_READERS): the name by its initial, the ID number by its last 4 characters. The Terminal
// passes every answer to such a caller through maskCustomers, after the handler, and the report
// exports mask the report before it is laid out; so masking is by key, everywhere, not a list of
// methods that a new method could be missing from.
//
// Masked, not removed: a reporter still tells two back-fill lines apart and matches one to a paper
// receipt by the last characters of the ID, as a bank statement does with a card number. The masks
// have a fixed length, so they do not give away how long the name or the number is.

/** Keys that hold a customer's name wherever they appear. */
const NAME_KEYS: ReadonlySet<string> = new Set(['customerName', 'customer_name']);
/** Keys that hold an identity-document number (the ID, or the supplementary one of 第十八条) wherever they appear. */
const ID_KEYS: ReadonlySet<string> = new Set(['idNumber', 'id_number', 'supplementaryId', 'supplementary_id']);
/**
 * `name` alone is everybody's (a staff member's, a bank's, a currency's): it is a customer's inside
 * an object under one of these keys, or beside an ID number (a customer looked up).
 */
const CUSTOMER_OBJECT_KEYS: ReadonlySet<string> = new Set(['customer', 'customers']);

const HIDDEN = '**';
const SHOWN_ID_CHARACTERS = 4;

/** 张三 → 张**, BOB SMITH → B**: the initial. A one-character name is hidden whole. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars.length === 1 ? HIDDEN : `${chars[0]}${HIDDEN}`;
}

/** 11010519491231002X → ****002X: the last 4 characters. A number of 4 or fewer is hidden whole. */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber.trim()];
  if (chars.length === 0) return '';
  return chars.length <= SHOWN_ID_CHARACTERS ? HIDDEN + HIDDEN : `${HIDDEN}${HIDDEN}${chars.slice(-SHOWN_ID_CHARACTERS).join('')}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function walk(value: unknown, inCustomer: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, inCustomer));
  if (!isPlainObject(value)) return value;
  const customer = inCustomer || Object.keys(value).some((k) => ID_KEYS.has(k));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && (NAME_KEYS.has(k) || (customer && k === 'name'))) out[k] = maskName(v);
    else if (typeof v === 'string' && ID_KEYS.has(k)) out[k] = maskIdNumber(v);
    else out[k] = walk(v, CUSTOMER_OBJECT_KEYS.has(k));
  }
  return out;
}

/**
 * A copy of `value` with every customer's name and ID number masked, at any depth: the keys of
 * NAME_KEYS and ID_KEYS, and `name` in a customer object. The value itself is not changed.
 */
export function maskCustomers<T>(value: T): T {
  return walk(value, false) as T;
}
