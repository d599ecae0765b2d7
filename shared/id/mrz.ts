// Reading a travel document's machine-readable zone (MRZ, ICAO Doc 9303) typed into the counter's ID
// field by a keyboard-wedge scanner (issue 19 item 5; 第三十一条: check the customer's valid ID and
// record the identity ACCURATELY — a scanner does not mistype, and the check digits prove it read
// the zone whole). The `mrz` package (maintained, MIT) splits the zone into fields and verifies
// every check digit; this file decides what the terminal does with them. Pure: no DOM.
//
// What fills the form, and what is refused (never filled silently, never "corrected"):
//   - a check digit that fails: MRZ_CHECK_FAILED naming the field (document number, birth date,
//     expiry, personal number, or the composite one); nothing is filled. Autocorrection is off.
//   - a passport (document code P…, TD3): a Chinese passport (issuing state CHN, number E/G + 8)
//     is type 09 (the teller still types the overseas residence permit); any other a foreign
//     passport, 04, with the holder's nationality as the country. A CHN passport with another
//     number (the HKSAR/MSAR passports, H/K/M…) is refused: the holder uses the travel permit (06).
//   - identity cards (TD1/TD2, codes I, A, C) and visas (V): refused (MRZ_DOCUMENT_NOT_ACCEPTED).
//     A foreign national ID card is not one of the monitoring system's ID types (04 is a passport),
//     and China's own cards (permanent-residence card 05, travel permits 06/07) do not carry an
//     ICAO TD1 zone the terminal can map: the teller types them. A visa is not an ID document.
//   - the nationality, ICAO's code as the monitoring system's country (ISO 3166-1 alpha-3, the
//     list the terminal checks with i18n-iso-countries): ICAO's 'D' is Germany (DEU); the British
//     classes GBD, GBO, GBS, GBP hold a UK passport and are reported as GBR (ISO 3166 has no code
//     for them); GBN, British National (Overseas), is refused: China has not recognised the BN(O)
//     passport as a travel or identity document since 2021-01-31 (外交部, 2021-01-29) — the holder
//     uses the Hong Kong travel permit (06). Codes that are not ISO 3166 countries are refused
//     (MRZ_COUNTRY_NOT_ACCEPTED): XXA stateless, XXB refugee (1951 Convention), XXC other refugee,
//     XXX unspecified, the UN and EU documents (UNO, UNA, UNK, EUE), the specimen state UTO. The
//     monitoring system's country list is ISO 3166 (monitoring-interface.md: country alpha-3) and
//     has no stateless or refugee entry that we know of; reporting the issuing state instead would
//     report a nationality the person does not have. The teller asks the SAFE branch how such a
//     customer is entered (page mode, 第三十六条(二), if the branch says so). docs/compliance-identity.md.
//   - the name: "SURNAME GIVEN NAMES", Latin upper case, surname first, as the data page orders
//     them (the MRZ's '<' fillers become single spaces).
//   - the dates: YYMMDD; a birth year after this year is of the last century; an expiry is 20YY.
//     The expiry is not judged here: the form sends it and the Terminal refuses an expired
//     document (ID_EXPIRED, idExpiry.ts), as for one typed by hand.
import { parse } from 'mrz';
import { Refusal } from '../errors';
import { isCountryAlpha3 } from './countries';

/** What a scanned MRZ fills in on the counter's customer form. */
export interface MrzFill {
  format: 'TD1' | 'TD2' | 'TD3';
  idType: '04' | '09';
  idNumber: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** SURNAME GIVEN NAMES, Latin upper case. */
  name: string;
  /** 'YYYY-MM-DD'. */
  birthDate: string;
  /** 'YYYY-MM-DD'. */
  idExpiry: string;
}

/** Line lengths of ICAO 9303: TD1 3×30, TD2 2×36, TD3 (passport) 2×44. */
const LINES: Readonly<Record<number, number>> = { 30: 3, 36: 2, 44: 2 };
const MRZ_LINE = /^[A-Z0-9<]+$/;
/** The start of a machine-readable zone: a document code (P, I, A, C, V) and a second letter or '<'. */
const MRZ_START = /^[PIACV][A-Z<][A-Z<]{3}/;

/**
 * Whether text typed into the ID field is (the start of) an MRZ: it starts like one and holds a
 * '<' filler, which no ID number has (shared/id/idDocument.ts formats: letters and digits only).
 */
export function looksLikeMrz(text: string): boolean {
  const t = text.trimStart().toUpperCase();
  return MRZ_START.test(t) && t.includes('<');
}

/**
 * The MRZ's lines once all of them are typed, or undefined while more are to come. `typed` is
 * everything the scanner typed, its lines separated by Enter (kept as '\n'), spaces (a paste into
 * a one-line field), or nothing at all (a scanner that sends no Enter: cut by length).
 */
export function completeMrzLines(typed: string): string[] | undefined {
  const chunks = typed.toUpperCase().split(/\s+/).filter((c) => c !== '');
  if (chunks.length === 0 || !chunks.every((c) => MRZ_LINE.test(c))) return undefined;
  if (chunks.length === 1) {
    const one = chunks[0]!;
    // One run of characters: a passport's 88, or TD1's 90; TD2's 72 only for a card code (a TD1
    // is still being typed at 72 if it does not read as a TD2: completeMrz's caller tries).
    for (const [len, count] of [[44, 2], [30, 3], [36, 2]] as const) {
      if (one.length === len * count && (len === 44 ? one.startsWith('P') : true)) {
        return Array.from({ length: count }, (_, i) => one.slice(i * len, (i + 1) * len));
      }
    }
    return undefined;
  }
  const len = chunks[0]!.length;
  const count = LINES[len];
  if (count === undefined || chunks.length < count || !chunks.slice(0, count).every((c) => c.length === len)) return undefined;
  return chunks.slice(0, count);
}

const FIELD_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  documentNumber: { zh: '证件号码', en: 'document number' },
  birthDate: { zh: '出生日期', en: 'date of birth' },
  expirationDate: { zh: '有效期至', en: 'date of expiry' },
  personalNumber: { zh: '个人号码', en: 'personal number' },
  optional: { zh: '可选数据', en: 'optional data' },
  composite: { zh: '综合校验', en: 'composite check digit (whole zone)' },
};

const NOT_A_COUNTRY: Readonly<Record<string, { zh: string; en: string }>> = {
  XXA: { zh: '无国籍人（1954年公约）', en: 'stateless person (1954 Convention)' },
  XXB: { zh: '难民（1951年公约）', en: 'refugee (1951 Convention)' },
  XXC: { zh: '其他难民', en: 'refugee, other than under the 1951 Convention' },
  XXX: { zh: '国籍未明', en: 'unspecified nationality' },
  UNO: { zh: '联合国', en: 'United Nations' },
  UNA: { zh: '联合国专门机构', en: 'United Nations specialized agency' },
  UNK: { zh: '联合国科索沃临时行政当局', en: 'UN Interim Administration in Kosovo' },
  EUE: { zh: '欧洲联盟', en: 'European Union' },
  UTO: { zh: 'ICAO样本国 Utopia', en: 'Utopia, the ICAO specimen state' },
};

/** ICAO nationality codes that stand for an ISO 3166 country under another code. */
const ICAO_TO_ISO: Readonly<Record<string, string>> = {
  D: 'DEU',
  GBD: 'GBR', // British Overseas Territories Citizen
  GBO: 'GBR', // British Overseas Citizen
  GBS: 'GBR', // British Subject
  GBP: 'GBR', // British Protected Person
};

const CHINESE_PASSPORT = /^(?:E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})$/;

function notAccepted(document: string, reasonZh: string, reasonEn: string): Refusal {
  return new Refusal('MRZ_DOCUMENT_NOT_ACCEPTED', { document, reasonZh, reasonEn });
}

/** ICAO's nationality code as the monitoring system's country (ISO 3166-1 alpha-3), or a refusal. */
export function countryFromIcao(raw: string): string {
  const code = raw.replace(/<+$/, '');
  if (code === 'GBN') {
    throw notAccepted('GBN British National (Overseas)', '自2021年1月31日起，中国不承认英国国民（海外）护照为有效旅行证件和身份证明，请持证人出示港澳居民来往内地通行证（06）', 'since 2021-01-31 China does not recognise the BN(O) passport as a travel or identity document; the holder shows the Hong Kong/Macau travel permit (06)');
  }
  const mapped = ICAO_TO_ISO[code] ?? code;
  if (isCountryAlpha3(mapped)) return mapped;
  const name = NOT_A_COUNTRY[code] ?? { zh: '非ISO 3166国家/地区代码', en: 'not an ISO 3166 country code' };
  throw new Refusal('MRZ_COUNTRY_NOT_ACCEPTED', { code, nameZh: name.zh, nameEn: name.en });
}

/** A field's characters as scanned (the package gives null for a state it does not know). */
function rawOf(lines: readonly string[], result: ReturnType<typeof parse>, field: string): string {
  const d = result.details.find((x) => x.field === field);
  return d ? (lines[d.line] ?? '').slice(d.start, d.end) : '';
}

function date(yymmdd: string, century: 'birth' | 'expiry', today: string): string {
  const yy = Number(yymmdd.slice(0, 2));
  let year = 2000 + yy;
  if (century === 'birth' && year > Number(today.slice(0, 4))) year -= 100;
  return `${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

const nameOf = (raw: string): string => raw.replace(/<+$/, '').replace(/<+/g, ' ').trim();

/**
 * The form's fields from a complete MRZ (completeMrzLines). `today` is the business date, for the
 * century of the birth date. Throws Refusal: MRZ_FORMAT, MRZ_CHECK_FAILED, MRZ_DOCUMENT_NOT_ACCEPTED,
 * MRZ_COUNTRY_NOT_ACCEPTED.
 */
export function readMrz(lines: readonly string[], today: string): MrzFill {
  if (lines[0]?.startsWith('V')) {
    throw notAccepted('V 签证 visa', '签证不是身份证件，请扫描护照资料页', 'a visa is not an identity document; scan the passport\'s data page');
  }
  let result: ReturnType<typeof parse>;
  try {
    result = parse(lines, { autocorrect: false });
  } catch (e) {
    throw new Refusal('MRZ_FORMAT', { reason: (e instanceof Error ? e.message : String(e)).slice(0, 120) });
  }
  const format = result.format;
  if (format !== 'TD1' && format !== 'TD2' && format !== 'TD3') throw new Refusal('MRZ_FORMAT', { reason: `${format} is not an ICAO 9303 travel document` });
  // Check digits first: a zone misread anywhere fills nothing (第三十一条: recorded accurately).
  for (const d of result.details) {
    if (d.valid || d.field === null || !d.field.endsWith('CheckDigit')) continue;
    const checked = d.field.replace(/CheckDigit$/, '');
    const name = FIELD_NAMES[checked] ?? { zh: d.label, en: d.label };
    throw new Refusal('MRZ_CHECK_FAILED', { field: name.zh, fieldEn: name.en });
  }
  // Any other unreadable field but the states (judged below against the country list).
  const bad = result.details.find((d) => !d.valid && d.field !== 'issuingState' && d.field !== 'nationality');
  if (bad) throw new Refusal('MRZ_FORMAT', { reason: `${bad.label}: ${bad.error ?? 'invalid'}` });

  const code = rawOf(lines, result, 'documentCode');
  if (!code.startsWith('P')) {
    throw notAccepted(`${code.replace(/<+$/, '')} ${format} 证件卡 identity card`, '外国身份证件卡不是可受理的证件类型，我国永久居留身份证、通行证的机读区不能映射，请扫描护照或手工录入', 'a foreign identity card is not an accepted ID type, and China\'s residence cards and travel permits are not read from their zone: scan the passport or type the document by hand');
  }
  const issuer = rawOf(lines, result, 'issuingState').replace(/<+$/, '');
  const documentNumber = (result.documentNumber ?? '').replace(/</g, '');
  const f = result.fields;
  const name = `${nameOf(rawOf(lines, result, 'lastName'))} ${nameOf(rawOf(lines, result, 'firstName'))}`.trim();
  const birthDate = date(f.birthDate ?? '', 'birth', today);
  const idExpiry = date(f.expirationDate ?? '', 'expiry', today);
  if (issuer === 'CHN') {
    if (!CHINESE_PASSPORT.test(documentNumber)) {
      throw notAccepted(`P CHN ${documentNumber}`, '香港、澳门特别行政区护照不按中国护照（09）办理，请持证人出示港澳居民来往内地通行证（06）', 'an HKSAR or MSAR passport is not a Chinese passport (09) here; the holder shows the Hong Kong/Macau travel permit (06)');
    }
    return { format, idType: '09', idNumber: documentNumber, country: 'CHN', name, birthDate, idExpiry };
  }
  const country = countryFromIcao(rawOf(lines, result, 'nationality'));
  if (country === 'CHN') {
    // A Chinese national on another state's passport: the monitoring system's 04 is a foreign
    // passport of a foreigner (idDocument.ts refuses CHN with 04); the teller decides by hand.
    throw notAccepted(`P ${issuer} CHN`, '外国签发、国籍为中国的护照无法确定证件类型，请手工录入', 'a passport issued abroad to a Chinese national does not map to one ID type; type the document by hand');
  }
  return { format, idType: '04', idNumber: documentNumber, country, name, birthDate, idExpiry };
}
