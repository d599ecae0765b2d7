// ID documents: which ones the counter accepts, and how each is checked.
//
// 第三十一条 (《个人本外币兑换特许业务试点管理办法》, 2012): 特许机构办理兑换业务时应审核客户有效身份
// 证件，并准确记录个人身份信息 — the institution checks the customer's valid ID and records the
// identity accurately. 第三十六条(一) puts that check first in every trade, and rules.md says:
// validate every ID before anything else, and say which part is wrong.
//
// The ID type codes and formats are those of the monitoring system (个人外汇业务监测系统), as seen in
// public client code (monitoring-interface.md): 01 resident ID card (18 characters with a check
// character, country CHN); 04 foreign passport; 05 foreign permanent-residence card (3 letters +
// 12 digits, country from the letters; the newer card is 18 characters); 06 Hong Kong/Macau travel
// permit (H or M + 8 digits, HKG or MAC; see HK_MACAU_PERMIT for the 2024 HA/MA form); 07 Taiwan
// travel permit (8 digits, TWN); 09 Chinese passport (needs the overseas residence permit number as
// a supplementary ID); 10 diplomatic ID.
//
// Residency (rules.md, "Who the customer is"): resident ID and other Chinese-citizen IDs are
// domestic; foreign passports and the travel permits are foreign; holders of the permanent-
// residence card have both quotas (汇综发〔2017〕59号), so they are treated as domestic.
//
// 港澳台居民居住证 (residence permit for Hong Kong, Macau and Taiwan residents, issued since 2018):
// an 18-character number in the resident-ID form (GB 11643, MOD 11-2 check character) whose first
// six digits are 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan). It is NOT a 居民身份证, and
// the code list (monitoring-interface.md: 01, 04, 05, 06, 07, 09, 10) has no type for it. Decision:
// it is not accepted under any type. Typed as 01 it is refused (ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID)
// with the type to use instead: the permit is issued to holders of the 港澳居民来往内地通行证 (06) or
// the 台湾居民来往大陆通行证 (07), and rules.md classes those holders as foreign individuals (境外个人),
// so the customer is entered under that travel permit and judged as foreign (settlement quota only;
// buying FX only as reconversion, 第二十九条(二)(三)). Accepting the permit as 01 made the holder domestic and
// let them buy FX against the domestic purchase quota, with a wrong ID type reported to SAFE.
// Taiwan's code 71 (GB/T 2260) is not issued on mainland resident IDs either: ID_REGION.

import { Refusal } from '../errors';
import { alpha3FromNumeric, isCountryAlpha3 } from './countries';
import { checkIdExpiry } from './idExpiry';

export type IdType = '01' | '04' | '05' | '06' | '07' | '09' | '10';
export type Residency = 'domestic' | 'foreign';

export const ID_TYPES: Record<IdType, { zh: string; en: string; residency: Residency }> = {
  '01': { zh: '居民身份证', en: 'resident ID card', residency: 'domestic' },
  '04': { zh: '外国护照', en: 'foreign passport', residency: 'foreign' },
  '05': { zh: '外国人永久居留身份证', en: 'foreign permanent-residence card', residency: 'domestic' },
  '06': { zh: '港澳居民来往内地通行证', en: 'Hong Kong/Macau travel permit', residency: 'foreign' },
  '07': { zh: '台湾居民来往大陆通行证', en: 'Taiwan travel permit', residency: 'foreign' },
  '09': { zh: '中国护照', en: 'Chinese passport', residency: 'domestic' },
  '10': { zh: '外交官证', en: 'diplomatic ID', residency: 'foreign' },
};

export interface IdDocumentInput {
  idType: string;
  idNumber: string;
  country?: string;
  supplementaryId?: string;
  /** The document's expiry, 'YYYY-MM-DD' or '长期' (resident ID only): shared/id/idExpiry.ts. */
  idExpiry?: string;
}

export interface IdDocument {
  idType: IdType;
  /** Normalised: trimmed, upper case (resident ID's lowercase x becomes X). */
  idNumber: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** Only for 09 (Chinese passport): the overseas residence permit number, trimmed, upper case. */
  supplementaryId?: string;
  /** 'YYYY-MM-DD' when the number encodes it (01, and the 2023 05 card). */
  birthDate?: string;
  /** The expiry as recorded ('YYYY-MM-DD' or '长期'), when given (第三十一条: a valid ID; idExpiry.ts). */
  idExpiry?: string;
}

const CHINA = 'CHN';
/** `expected` of ID_COUNTRY_MISMATCH for documents that China does not issue. */
const NOT_CHINA = '非CHN / not CHN';

/** The format of each type's number, in words, for ID_FORMAT (monitoring-interface.md). */
const FORMAT_WORDS: Record<IdType, { zh: string; en: string }> = {
  '01': { zh: '18位：17位数字加1位数字或X', en: '18 characters: 17 digits then a digit or X' },
  '04': { zh: '5至20位字母或数字', en: '5 to 20 letters or digits' },
  '05': {
    zh: '15位：3位字母国籍代码加12位数字；或新版18位：9开头，共17位数字加1位数字或X',
    en: '15 characters: a 3-letter nationality code then 12 digits; or, on the newer card, 18 characters: 9, then 16 digits, then a digit or X',
  },
  '06': {
    zh: 'H或M加8位数字；或（非中国籍港澳永久性居民）HA或MA加7位数字',
    en: 'H or M followed by 8 digits; or, for non-Chinese permanent residents, HA or MA followed by 7 digits',
  },
  '07': { zh: '8位数字', en: '8 digits' },
  '09': {
    zh: 'E加8位数字、E加1位字母（I、O除外）加7位数字，或G加8位数字',
    en: 'E and 8 digits, E and a letter (not I or O) and 7 digits, or G and 8 digits',
  },
  '10': { zh: '4至20位字母或数字', en: '4 to 20 letters or digits' },
};

/**
 * Mainland province-level administrative division codes (GB/T 2260): the first two digits of a
 * resident ID number (居民身份证 is issued on the mainland only).
 */
const MAINLAND_PROVINCE_CODES: readonly string[] = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
];
const RESIDENT_ID_PROVINCES: ReadonlySet<string> = new Set(MAINLAND_PROVINCE_CODES);
/**
 * The 2023 permanent-residence card's issuing province: unchanged by issue 14, so it still takes
 * Taiwan 71, Hong Kong 81, Macau 82 and 83 as before (whether the card is ever issued with them is
 * not settled here).
 */
const PR_CARD_PROVINCES: ReadonlySet<string> = new Set([...MAINLAND_PROVINCE_CODES, '71', '81', '82', '83']);

/**
 * The first six digits of a 港澳台居民居住证 number, and what to enter instead: the holder's travel
 * permit (see the header). Any other number starting 71, 81, 82 or 83 is refused as ID_REGION.
 */
const RESIDENCE_PERMIT_REGIONS: Readonly<Record<string, { zh: string; en: string; useIdType: IdType }>> = {
  '810000': { zh: '香港', en: 'Hong Kong', useIdType: '06' },
  '820000': { zh: '澳门', en: 'Macau', useIdType: '06' },
  '830000': { zh: '台湾', en: 'Taiwan', useIdType: '07' },
};

const RESIDENT_ID = /^\d{17}[\dX]$/;
const PR_CARD_OLD = /^[A-Z]{3}\d{12}$/;
const PR_CARD_NEW = /^9\d{16}[\dX]$/;
/**
 * 港澳居民来往内地通行证: H (Hong Kong) or M (Macau) + 8 digits; and, since 2024-07-10, the permit
 * of non-Chinese permanent residents (港澳居民来往内地通行证（非中国籍）, 国家移民管理局): 9 characters,
 * HA or MA + 7 digits, one number for life. Both are type 06 and foreign (the HA/MA holder is not a
 * Chinese citizen at all). The 1999 card's H/M + 10 digits (8-digit life number + 2-digit issue
 * count) is not accepted: the card that replaced it from 2013 prints the 8-digit number, and the old
 * card was valid 10 years at most, so none is still a valid ID (第三十一条).
 */
const HK_MACAU_PERMIT = /^(?:[HM]\d{8}|[HM]A\d{7})$/;
const TAIWAN_PERMIT = /^\d{8}$/;
const CHINESE_PASSPORT = /^(?:E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})$/;
const FOREIGN_PASSPORT = /^[A-Z\d]{5,20}$/;
const DIPLOMATIC_ID = /^[A-Z\d]{4,20}$/;
const SUPPLEMENTARY_ID = /^[A-Z\d-]{1,30}$/;

/**
 * The longest number each type's format above allows: a number this long is complete, so the
 * counter says at once what is wrong with it, a shorter one only on Enter (issue 20 item 5).
 */
export const ID_NUMBER_MAX_LENGTH: Readonly<Record<IdType, number>> = { '01': 18, '04': 20, '05': 18, '06': 9, '07': 8, '09': 9, '10': 20 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** GB 11643 weights: 2^(17-i) mod 11 for i = 0..16. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 characters (GB 11643). */
export function mod11_2CheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`mod11_2CheckCharacter needs exactly 17 digits, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARACTERS.charAt(sum % 11);
}

function isIdType(value: string): value is IdType {
  return Object.hasOwn(ID_TYPES, value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function formatRefusal(idType: IdType): Refusal {
  return new Refusal('ID_FORMAT', {
    idTypeName: ID_TYPES[idType].zh,
    idTypeNameEn: ID_TYPES[idType].en,
    expectedZh: FORMAT_WORDS[idType].zh,
    expectedEn: FORMAT_WORDS[idType].en,
  });
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The birth date encoded as YYYYMMDD, as 'YYYY-MM-DD'. Refuses (ID_BIRTH_DATE) a date that is not
 * on the calendar, before 1900 or after the business date `today`.
 */
function birthDateOf(yyyymmdd: string, today: string): string {
  const birthDate = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const real = year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  // Both are zero-padded 'YYYY-MM-DD', so string order is date order.
  if (!real || birthDate > today) throw new Refusal('ID_BIRTH_DATE', { birthDate });
  return birthDate;
}

/**
 * A wrong check character is refused without saying what it should be (issue 14 item 7): the typo
 * may be in any of the 18 characters, and a teller told the "right" last character would change it
 * and pass the wrong person's number (their limit, their quota, a wrong report to SAFE). The refusal
 * carries no details at all, so nothing of the computed character reaches the screen or the API.
 */
function checkCharacter(idNumber: string): void {
  if (idNumber.charAt(17) !== mod11_2CheckCharacter(idNumber.slice(0, 17))) throw new Refusal('ID_CHECK_CHARACTER');
}

/** A country fixed by the document: a given country must be that one. */
function derivedCountry(expected: string, given: string): string {
  if (given !== '' && given !== expected) {
    throw new Refusal('ID_COUNTRY_MISMATCH', { expected, country: given });
  }
  return expected;
}

/** The issuing country of a document China does not issue: required, valid, not CHN. */
function foreignIssuer(given: string): string {
  if (!isCountryAlpha3(given)) throw new Refusal('ID_COUNTRY_INVALID', { country: given });
  if (given === CHINA) throw new Refusal('ID_COUNTRY_MISMATCH', { expected: NOT_CHINA, country: given });
  return given;
}

function residentId(idNumber: string, country: string, today: string): IdDocument {
  if (!RESIDENT_ID.test(idNumber)) throw formatRefusal('01');
  // Before anything else about the number: whatever its date or check character, the teller must
  // take the holder's travel permit instead (第三十一条, and the header on residency).
  const permit = RESIDENCE_PERMIT_REGIONS[idNumber.slice(0, 6)];
  if (permit !== undefined) {
    throw new Refusal('ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID', {
      regionZh: permit.zh,
      regionEn: permit.en,
      useIdType: permit.useIdType,
      useIdTypeName: ID_TYPES[permit.useIdType].zh,
      useIdTypeNameEn: ID_TYPES[permit.useIdType].en,
    });
  }
  if (!RESIDENT_ID_PROVINCES.has(idNumber.slice(0, 2))) {
    throw new Refusal('ID_REGION', { region: idNumber.slice(0, 6) });
  }
  const birthDate = birthDateOf(idNumber.slice(6, 14), today);
  checkCharacter(idNumber);
  return { idType: '01', idNumber, country: derivedCountry(CHINA, country), birthDate };
}

function permanentResidenceCard(idNumber: string, country: string, today: string): IdDocument {
  if (PR_CARD_OLD.test(idNumber)) {
    // Old card: the nationality is the first three letters.
    const nationality = idNumber.slice(0, 3);
    if (!isCountryAlpha3(nationality)) throw new Refusal('ID_COUNTRY_INVALID', { country: nationality });
    return { idType: '05', idNumber, country: derivedCountry(nationality, country) };
  }
  if (PR_CARD_NEW.test(idNumber)) {
    // 2023 card: 9, issuing province (2), ISO 3166 numeric nationality (3), birth date (8),
    // sequence (3), MOD 11-2 check character.
    const province = idNumber.slice(1, 3);
    if (!PR_CARD_PROVINCES.has(province)) throw new Refusal('ID_REGION', { region: province });
    const numeric = idNumber.slice(3, 6);
    const nationality = alpha3FromNumeric(numeric);
    if (nationality === undefined) throw new Refusal('ID_COUNTRY_INVALID', { country: numeric });
    const birthDate = birthDateOf(idNumber.slice(6, 14), today);
    checkCharacter(idNumber);
    return { idType: '05', idNumber, country: derivedCountry(nationality, country), birthDate };
  }
  throw formatRefusal('05');
}

/**
 * Validates and normalises an ID document (第三十一条: check the customer's valid ID and record it
 * accurately). `today` is the business date 'YYYY-MM-DD' (a birth date after it is impossible).
 * Throws Refusal: ID_TYPE_UNKNOWN, ID_FORMAT, ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID, ID_REGION,
 * ID_BIRTH_DATE, ID_CHECK_CHARACTER, ID_COUNTRY_INVALID, ID_COUNTRY_MISMATCH,
 * ID_SUPPLEMENTARY_REQUIRED; then, for the expiry (idExpiry.ts): ID_EXPIRY_REQUIRED (with
 * `requireExpiry`), ID_EXPIRY_INVALID, ID_EXPIRY_LONG_TERM_NOT_ALLOWED, ID_EXPIRED.
 */
export function validateIdDocument(input: IdDocumentInput, today: string, opts: { requireExpiry?: boolean } = {}): IdDocument {
  const doc = validateNumber(input, today);
  // After the number (a wrong number is said first, 第三十六条(一)): the document must be valid today.
  const idExpiry = checkIdExpiry(doc.idType, input.idExpiry, today, opts);
  return idExpiry === undefined ? doc : { ...doc, idExpiry };
}

function validateNumber(input: IdDocumentInput, today: string): IdDocument {
  if (!DATE.test(today)) throw new RangeError(`validateIdDocument: today must be 'YYYY-MM-DD', got "${today}"`);

  const idType = text(input.idType);
  if (!isIdType(idType)) {
    throw new Refusal('ID_TYPE_UNKNOWN', { idType: typeof input.idType === 'string' ? input.idType : '' });
  }
  // Leading and trailing whitespace is dropped; whitespace inside fails the format.
  const idNumber = text(input.idNumber).toUpperCase();
  const country = text(input.country).toUpperCase();

  switch (idType) {
    case '01':
      return residentId(idNumber, country, today);
    case '04':
      if (!FOREIGN_PASSPORT.test(idNumber)) throw formatRefusal('04');
      return { idType, idNumber, country: foreignIssuer(country) };
    case '05':
      return permanentResidenceCard(idNumber, country, today);
    case '06':
      if (!HK_MACAU_PERMIT.test(idNumber)) throw formatRefusal('06');
      return { idType, idNumber, country: derivedCountry(idNumber.startsWith('H') ? 'HKG' : 'MAC', country) };
    case '07':
      if (!TAIWAN_PERMIT.test(idNumber)) throw formatRefusal('07');
      return { idType, idNumber, country: derivedCountry('TWN', country) };
    case '09': {
      if (!CHINESE_PASSPORT.test(idNumber)) throw formatRefusal('09');
      const doc: IdDocument = { idType, idNumber, country: derivedCountry(CHINA, country) };
      const supplementaryId = text(input.supplementaryId).toUpperCase();
      if (!SUPPLEMENTARY_ID.test(supplementaryId)) throw new Refusal('ID_SUPPLEMENTARY_REQUIRED');
      doc.supplementaryId = supplementaryId;
      return doc;
    }
    case '10':
      if (!DIPLOMATIC_ID.test(idNumber)) throw formatRefusal('10');
      return { idType, idNumber, country: foreignIssuer(country) };
  }
}
