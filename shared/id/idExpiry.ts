// The ID document's validity (第三十一条: 审核客户"有效"身份证件 — the customer's VALID ID; issue 19
// item 5). The teller types the expiry date printed on the document (or the scanner reads it from
// the machine-readable zone, shared/id/mrz.ts); the Terminal refuses an expired document and
// records the date with the customer and the trade (migration 025).
//
// Which types carry an expiry date: every one the counter accepts. Passports (04 foreign, 09
// Chinese), the permanent-residence card (05), the travel permits (06, 07) and the diplomatic ID
// (10) all print a date of expiry, so the counter asks for it. The resident ID card (01) prints
// 有效期限 "YYYY.MM.DD-YYYY.MM.DD", or "长期" for holders 46 and older (居民身份证法 第五条): '长期'
// is taken for 01 only.
//
// Valid THROUGH the date printed, inclusive: a document whose expiry is today is still valid today
// (the date printed is the last day of validity, as ICAO 9303 and the 居民身份证 read). Days are
// China's calendar days (shared/time.ts businessDate), the same `today` as the birth-date check.
//
// A date is taken only as YYYY-MM-DD and only if it is on the calendar: '2030-02-30' or '20300101'
// is refused (ID_EXPIRY_INVALID), never turned into another date.
//
// Missing: the API takes a customer without an expiry (trades entered from paper after a restore,
// callers from before issue 19) and records none; the counter screen asks for it for every type
// (idExpiryRequired), and `requireExpiry` makes the check refuse a missing one (ID_EXPIRY_REQUIRED).
import { Refusal } from '../errors';

/** What a resident ID card prints for a validity without an end (居民身份证法 第五条). */
export const LONG_TERM = '长期';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const TYPE_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  '01': { zh: '居民身份证', en: 'resident ID card' },
  '04': { zh: '外国护照', en: 'foreign passport' },
  '05': { zh: '外国人永久居留身份证', en: 'foreign permanent-residence card' },
  '06': { zh: '港澳居民来往内地通行证', en: 'Hong Kong/Macau travel permit' },
  '07': { zh: '台湾居民来往大陆通行证', en: 'Taiwan travel permit' },
  '09': { zh: '中国护照', en: 'Chinese passport' },
  '10': { zh: '外交官证', en: 'diplomatic ID' },
};

/** The counter asks for an expiry date for every accepted type (see the header). */
export function idExpiryRequired(idType: string): boolean {
  return Object.hasOwn(TYPE_NAMES, idType);
}

/** Whether '长期' (long-term) is a valid expiry for this type: the resident ID card only. */
export const longTermAllowed = (idType: string): boolean => idType === '01';

/** True for 'YYYY-MM-DD' on the Gregorian calendar (year 1900–2199). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

/**
 * The document's expiry as recorded ('YYYY-MM-DD' or '长期'), or undefined when none was given
 * and none is required. `today` is the business date 'YYYY-MM-DD'. Throws Refusal:
 * ID_EXPIRY_REQUIRED, ID_EXPIRY_INVALID, ID_EXPIRY_LONG_TERM_NOT_ALLOWED, ID_EXPIRED.
 */
export function checkIdExpiry(idType: string, expiry: unknown, today: string, opts: { requireExpiry?: boolean } = {}): string | undefined {
  const text = typeof expiry === 'string' ? expiry.trim() : '';
  const names = TYPE_NAMES[idType] ?? { zh: idType, en: idType };
  if (text === '') {
    if (opts.requireExpiry && idExpiryRequired(idType)) throw new Refusal('ID_EXPIRY_REQUIRED', { idTypeName: names.zh, idTypeNameEn: names.en });
    return undefined;
  }
  if (text === LONG_TERM) {
    if (!longTermAllowed(idType)) throw new Refusal('ID_EXPIRY_LONG_TERM_NOT_ALLOWED', { idTypeName: names.zh, idTypeNameEn: names.en });
    return LONG_TERM;
  }
  if (!isCalendarDate(text)) throw new Refusal('ID_EXPIRY_INVALID', { expiry: text.slice(0, 20) });
  // Both zero-padded 'YYYY-MM-DD': string order is date order. Valid through the expiry, inclusive.
  if (text < today) throw new Refusal('ID_EXPIRED', { expiry: text });
  return text;
}
