// 第三十一条: a passport's machine-readable zone, typed into the ID field by a keyboard-wedge
// scanner, fills the customer form only when every ICAO 9303 check digit holds (issue 19 item 5).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Refusal } from '../shared/errors';
import { completeMrzLines, countryFromIcao, looksLikeMrz, readMrz } from '../shared/id/mrz';
import { altered, checkDigit, td3, type PassportFields } from './helpers/mrz';

const TODAY = '2026-03-10';
/** The ICAO Doc 9303 part 4 specimen (Utopia). */
const SPECIMEN_TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
/** The ICAO Doc 9303 part 5 specimen identity card (TD1). */
const SPECIMEN_TD1 = ['I<UTOD23145890<1233<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<2', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const ANNA_USA: PassportFields = { issuer: 'USA', surname: 'ERIKSSON', given: 'ANNA MARIA', number: 'L898902C3', nationality: 'USA', birth: '740812', sex: 'F', expiry: '310415', personal: 'ZE184226B' };
const CHINESE = td3({ issuer: 'CHN', surname: 'ZHANG', given: 'SAN', number: 'E12345678', nationality: 'CHN', birth: '900307', expiry: '300101', personal: '' });

function refusal(f: () => unknown): Refusal {
  try {
    f();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('第三十一条: the MRZ typed by the scanner', () => {
  it('is told from an ID number by its start and its < fillers', () => {
    expect(looksLikeMrz('P<UTOERIKSSON<<ANNA')).toBe(true);
    expect(looksLikeMrz('I<UTOD2314')).toBe(true);
    for (const id of ['X1234567', 'P1234567', 'E12345678', '11010519491231002X', 'PA<']) expect(looksLikeMrz(id), id).toBe(false);
  });

  it('its lines are complete when the scanner has typed them all: Enter-separated, pasted with spaces, or in one run', () => {
    const [l1, l2] = SPECIMEN_TD3;
    expect(completeMrzLines(`${l1}\n`)).toBeUndefined();
    expect(completeMrzLines(`${l1}\n${l2!.slice(0, 30)}`)).toBeUndefined();
    expect(completeMrzLines(`${l1}\n${l2}\n`)).toEqual(SPECIMEN_TD3);
    expect(completeMrzLines(`${l1} ${l2}`)).toEqual(SPECIMEN_TD3);
    expect(completeMrzLines(`${l1}${l2}`)).toEqual(SPECIMEN_TD3);
    expect(completeMrzLines(SPECIMEN_TD1.join('\r\n'))).toEqual(SPECIMEN_TD1);
    expect(completeMrzLines(SPECIMEN_TD1.slice(0, 2).join('\n'))).toBeUndefined();
  });

  it('the ICAO specimen passport: every check digit holds, and Utopia is refused as no country SAFE knows', () => {
    const e = refusal(() => readMrz(SPECIMEN_TD3, TODAY));
    expect(e.code).toBe('MRZ_COUNTRY_NOT_ACCEPTED');
    expect(e.failure.message.en).toContain('UTO');
  });

  it('a foreign passport fills type 04, number, nationality, name (surname first), birth date and expiry', () => {
    expect(readMrz(td3(ANNA_USA), TODAY)).toEqual({ format: 'TD3', idType: '04', idNumber: 'L898902C3', country: 'USA', name: 'ERIKSSON ANNA MARIA', birthDate: '1974-08-12', idExpiry: '2031-04-15' });
  });

  it('a Chinese passport (P<CHN, E + 8 digits) is type 09; an HKSAR passport number is refused with the permit to use', () => {
    expect(readMrz(CHINESE, TODAY)).toMatchObject({ idType: '09', idNumber: 'E12345678', country: 'CHN', name: 'ZHANG SAN', birthDate: '1990-03-07', idExpiry: '2030-01-01' });
    const hk = refusal(() => readMrz(td3({ issuer: 'CHN', surname: 'CHAN', given: 'TAI MAN', number: 'K12345678', nationality: 'CHN', birth: '900307', expiry: '300101' }), TODAY));
    expect(hk.code).toBe('MRZ_DOCUMENT_NOT_ACCEPTED');
    expect(hk.failure.message.zh).toContain('06');
  });

  it.each([
    ['document number', 1, 9],
    ['date of birth', 1, 19],
    ['date of expiry', 1, 27],
    ['personal number', 1, 42],
    ['composite check digit', 1, 43],
  ] as const)('a failed check digit of the %s is refused, naming it, and nothing is filled', (field, line, index) => {
    const good = td3(ANNA_USA);
    const wrong = String((Number(good[line][index]) + 1) % 10);
    const e = refusal(() => readMrz(altered(good, line, index, wrong), TODAY));
    expect(e.code).toBe('MRZ_CHECK_FAILED');
    expect(e.failure.message.en).toContain(field);
    expect(e.failure.message.en).toContain('nothing was filled');
  });

  it('a misread digit in the birth date (its check digit as printed) is refused, not corrected', () => {
    const good = td3(ANNA_USA);
    expect(refusal(() => readMrz(altered(good, 1, 15, '9'), TODAY)).code).toBe('MRZ_CHECK_FAILED');
  });

  it('a TD1 identity card (the ICAO specimen) is read, and refused: not an ID type the monitoring system takes', () => {
    const e = refusal(() => readMrz(SPECIMEN_TD1, TODAY));
    expect(e.code).toBe('MRZ_DOCUMENT_NOT_ACCEPTED');
    expect(e.failure.message.en).toContain('identity card');
    // Its check digits are verified before that: a bad one says so.
    expect(refusal(() => readMrz(altered(SPECIMEN_TD1, 1, 6, '3'), TODAY)).code).toBe('MRZ_CHECK_FAILED');
  });

  it('a visa is refused; a zone that does not parse says why', () => {
    expect(refusal(() => readMrz(['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'], TODAY)).code).toBe('MRZ_DOCUMENT_NOT_ACCEPTED');
    expect(refusal(() => readMrz(['P<UTO', 'L898'], TODAY)).code).toBe('MRZ_FORMAT');
  });

  it.each([
    ['XXA', 'stateless'],
    ['XXB', 'refugee (1951 Convention)'],
    ['XXC', 'refugee, other'],
    ['XXX', 'unspecified'],
  ] as const)('%s (%s): not in SAFE\'s ISO 3166 country list, refused with what to do', (code, words) => {
    const e = refusal(() => readMrz(td3({ ...ANNA_USA, issuer: 'DEU', nationality: code }), TODAY));
    expect(e.code).toBe('MRZ_COUNTRY_NOT_ACCEPTED');
    expect(e.failure.message.en).toContain(code);
    expect(e.failure.message.en).toContain(words);
    expect(e.failure.message.zh).toContain('外汇局分局');
  });

  it('ICAO codes of a country: D is Germany, the British classes are GBR, BN(O) is not recognised', () => {
    expect(readMrz(td3({ ...ANNA_USA, issuer: 'D', nationality: 'D' }), TODAY).country).toBe('DEU');
    for (const c of ['GBD', 'GBO', 'GBS', 'GBP']) expect(countryFromIcao(c), c).toBe('GBR');
    const bno = refusal(() => readMrz(td3({ ...ANNA_USA, issuer: 'GBR', nationality: 'GBN' }), TODAY));
    expect(bno.code).toBe('MRZ_DOCUMENT_NOT_ACCEPTED');
    expect(bno.failure.message.en).toContain('2021-01-31');
    expect(refusal(() => countryFromIcao('EUE')).code).toBe('MRZ_COUNTRY_NOT_ACCEPTED');
  });

  it('the check digit rule (7-3-1) of the helper agrees with the specimen', () => {
    expect(checkDigit('L898902C3')).toBe('6');
    expect(checkDigit('740812')).toBe('2');
    expect(checkDigit('120415')).toBe('9');
  });

  it('property: any valid generated passport zone reads back to the same fields', () => {
    const letters = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z]{${min},${max}}$`));
    const yymmdd = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(2, 10).replace(/-/g, ''));
    const expiry = fc.date({ min: new Date('2026-03-10T00:00:00Z'), max: new Date('2069-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(2, 10).replace(/-/g, ''));
    const nationality = fc.constantFrom('USA', 'GBR', 'FRA', 'JPN', 'KOR', 'RUS', 'AUS', 'D');
    fc.assert(
      fc.property(letters(1, 15), letters(1, 8), letters(1, 8), fc.stringMatching(/^[A-Z0-9]{6,9}$/), nationality, yymmdd, expiry, (surname, g1, g2, number, nat, birth, exp) => {
        const fill = readMrz(td3({ issuer: nat, surname, given: `${g1} ${g2}`, number, nationality: nat, birth, expiry: exp }), TODAY);
        expect(fill).toEqual({
          format: 'TD3', idType: '04', idNumber: number, country: nat === 'D' ? 'DEU' : nat, name: `${surname} ${g1} ${g2}`,
          birthDate: `${Number(birth.slice(0, 2)) > 26 ? '19' : '20'}${birth.slice(0, 2)}-${birth.slice(2, 4)}-${birth.slice(4)}`,
          idExpiry: `20${exp.slice(0, 2)}-${exp.slice(2, 4)}-${exp.slice(4)}`,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('property: any single misread digit in a dated field is caught by its check digit', () => {
    const good = td3(ANNA_USA);
    fc.assert(
      fc.property(fc.constantFrom(13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26), fc.integer({ min: 1, max: 9 }), (index, delta) => {
        const ch = String((Number(good[1][index]) + delta) % 10);
        expect(refusal(() => readMrz(altered(good, 1, index, ch), TODAY)).code).toBe('MRZ_CHECK_FAILED');
      }),
    );
  });
});
