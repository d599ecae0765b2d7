// ID documents: 第三十一条 (the institution checks the customer's valid ID and records it
// accurately) and the formats of the monitoring system's ID types (monitoring-interface.md).

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { ErrorCode } from '../shared/errors';
import { Refusal } from '../shared/errors';
import { alpha3FromNumeric, countryName, isCountryAlpha3 } from '../shared/id/countries';
import type { IdDocumentInput } from '../shared/id/idDocument';
import { ID_TYPES, mod11_2CheckCharacter, validateIdDocument } from '../shared/id/idDocument';

const TODAY = '2025-06-15';
const CHECK_CHARS = '0123456789X';
/** Mainland province-level codes: the only ones a resident ID (居民身份证) starts with. */
const PROVINCES = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
];

/** 17 digits plus their computed check character. */
function withCheck(first17: string): string {
  return first17 + mod11_2CheckCharacter(first17);
}

/** A valid resident ID number: region (6), birth date YYYYMMDD, sequence (3), check character. */
function residentId(region: string, yyyymmdd: string, seq = '123'): string {
  return withCheck(region + yyyymmdd + seq);
}

/** The same number with its check character replaced by the next one in 0–9, X (wrapping). */
function checkOffByOne(id: string): string {
  const last = id.charAt(17);
  const next = CHECK_CHARS.charAt((CHECK_CHARS.indexOf(last) + 1) % CHECK_CHARS.length);
  return id.slice(0, 17) + next;
}

function validate(input: IdDocumentInput, today = TODAY) {
  return validateIdDocument(input, today);
}

/** Runs `fn`, expects a Refusal with `code` and fully filled messages, and returns it. */
function refusal(fn: () => unknown, code: ErrorCode): Refusal {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a Refusal ${code}`).toBeInstanceOf(Refusal);
  const r = caught as Refusal;
  expect(r.code).toBe(code);
  for (const text of [r.failure.message.zh, r.failure.message.en]) {
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/\{\w+\}/);
  }
  return r;
}

describe('mod11_2CheckCharacter (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('gives X for the well-known example 11010519491231002X', () => {
    expect(mod11_2CheckCharacter('11010519491231002')).toBe('X');
  });

  it('gives the check characters of other hand-computed numbers', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → X
    // Replace the last digit 2 by 3: sum 169, mod 11 = 4 → 8.
    expect(mod11_2CheckCharacter('11010519491231003')).toBe('8');
    // All zeros: sum 0 → '1'.
    expect(mod11_2CheckCharacter('00000000000000000')).toBe('1');
  });

  it('refuses input that is not exactly 17 digits (a programming error, not a Refusal)', () => {
    expect(() => mod11_2CheckCharacter('1234')).toThrow(RangeError);
    expect(() => mod11_2CheckCharacter('1101051949123100X')).toThrow(RangeError);
  });
});

describe('ID_TYPES', () => {
  it('lists the monitoring system ID types with names and residency (rules.md, 汇综发〔2017〕59号)', () => {
    expect(Object.keys(ID_TYPES).sort()).toEqual(['01', '04', '05', '06', '07', '09', '10']);
    expect(ID_TYPES['01']).toEqual({ zh: '居民身份证', en: 'resident ID card', residency: 'domestic' });
    expect(ID_TYPES['04'].residency).toBe('foreign');
    expect(ID_TYPES['05'].residency).toBe('domestic');
    expect(ID_TYPES['06'].residency).toBe('foreign');
    expect(ID_TYPES['07'].residency).toBe('foreign');
    expect(ID_TYPES['09'].residency).toBe('domestic');
    expect(ID_TYPES['10'].residency).toBe('foreign');
    for (const t of Object.values(ID_TYPES)) {
      expect(t.zh.length).toBeGreaterThan(0);
      expect(t.en.length).toBeGreaterThan(0);
    }
  });
});

describe('countries (ISO 3166-1)', () => {
  it('recognises upper-case alpha-3 codes only', () => {
    expect(isCountryAlpha3('USA')).toBe(true);
    expect(isCountryAlpha3('CHN')).toBe(true);
    expect(isCountryAlpha3('TWN')).toBe(true);
    expect(isCountryAlpha3('usa')).toBe(false);
    expect(isCountryAlpha3('US')).toBe(false);
    expect(isCountryAlpha3('XYZ')).toBe(false);
    expect(isCountryAlpha3('')).toBe(false);
  });

  it('maps 3-digit numeric codes to alpha-3', () => {
    expect(alpha3FromNumeric('840')).toBe('USA');
    expect(alpha3FromNumeric('156')).toBe('CHN');
    expect(alpha3FromNumeric('036')).toBe('AUS');
    expect(alpha3FromNumeric('36')).toBeUndefined();
    expect(alpha3FromNumeric('000')).toBeUndefined();
    expect(alpha3FromNumeric('999')).toBeUndefined();
  });

  it('names countries in Chinese and English', () => {
    expect(countryName('CHN', 'zh')).toBe('中国');
    expect(countryName('HKG', 'zh')).toBe('香港');
    expect(countryName('USA', 'en')).toMatch(/United States/);
    expect(countryName('XYZ', 'en')).toBeUndefined();
  });
});

describe('01 resident ID card (第三十一条)', () => {
  it('第三十一条: accepts the known example 11010519491231002X and records it', () => {
    expect(validate({ idType: '01', idNumber: '11010519491231002X' })).toEqual({
      idType: '01',
      idNumber: '11010519491231002X',
      country: 'CHN',
      birthDate: '1949-12-31',
    });
  });

  it('第三十一条: normalises a lowercase x, surrounding whitespace and a lowercase country', () => {
    const doc = validate({ idType: ' 01 ', idNumber: '  11010519491231002x\t', country: ' chn ' });
    expect(doc.idNumber).toBe('11010519491231002X');
    expect(doc.country).toBe('CHN');
    expect(doc.supplementaryId).toBeUndefined();
  });

  it('ignores a supplementary ID for anything but a Chinese passport', () => {
    const doc = validate({ idType: '01', idNumber: '11010519491231002X', supplementaryId: 'ABC' });
    expect(doc).not.toHaveProperty('supplementaryId');
  });

  it('第三十一条: refuses 17 and 19 characters, inner whitespace, and letters other than a final X', () => {
    for (const idNumber of ['11010519491231002', '11010519491231002X1', '110105 19491231002X', '1101051949123100XX', 'A1010519491231002X', '11010519491231002Y', '']) {
      const r = refusal(() => validate({ idType: '01', idNumber }), 'ID_FORMAT');
      expect(r.failure.details).toEqual({
        idTypeName: '居民身份证',
        idTypeNameEn: 'resident ID card',
        expectedZh: '18位：17位数字加1位数字或X',
        expectedEn: '18 characters: 17 digits then a digit or X',
      });
      expect(r.failure.message.zh).toContain('居民身份证号码格式不对');
    }
  });

  it('第三十一条: refuses region 00 and other codes that are not provinces', () => {
    const r = refusal(() => validate({ idType: '01', idNumber: residentId('000000', '19900101') }), 'ID_REGION');
    expect(r.failure.details).toEqual({ region: '000000' });
    for (const region of ['16', '20', '30', '39', '47', '55', '60', '66', '70', '72', '80', '84', '99']) {
      refusal(() => validate({ idType: '01', idNumber: residentId(`${region}0101`, '19900101') }), 'ID_REGION');
    }
  });

  it('accepts every mainland province-level code', () => {
    for (const p of PROVINCES) {
      expect(validate({ idType: '01', idNumber: residentId(`${p}0101`, '19900101') }).country).toBe('CHN');
    }
  });

  it('第三十一条: refuses Taiwan 71, and 81/82/83 numbers that are not a residence permit, as ID_REGION', () => {
    for (const region of ['710101', '710000', '810101', '820100', '830001', '811000']) {
      const r = refusal(() => validate({ idType: '01', idNumber: residentId(region, '19900101') }), 'ID_REGION');
      expect(r.failure.details).toEqual({ region });
    }
  });

  it('accepts Feb 29 in leap years (2000, 2024) and refuses it in non-leap years (1900, 2023)', () => {
    expect(validate({ idType: '01', idNumber: residentId('110105', '20000229') }).birthDate).toBe('2000-02-29');
    expect(validate({ idType: '01', idNumber: residentId('110105', '20240229') }).birthDate).toBe('2024-02-29');
    const r = refusal(() => validate({ idType: '01', idNumber: residentId('110105', '20230229') }), 'ID_BIRTH_DATE');
    expect(r.failure.details).toEqual({ birthDate: '2023-02-29' });
    refusal(() => validate({ idType: '01', idNumber: residentId('110105', '19000229') }), 'ID_BIRTH_DATE');
  });

  it('第三十一条: refuses birth dates that are not real dates, as typed', () => {
    const cases: Array<[string, string]> = [
      ['19900230', '1990-02-30'],
      ['19901301', '1990-13-01'],
      ['19900001', '1990-00-01'],
      ['19900100', '1990-01-00'],
      ['19900431', '1990-04-31'],
      ['18991231', '1899-12-31'],
    ];
    for (const [yyyymmdd, birthDate] of cases) {
      const r = refusal(() => validate({ idType: '01', idNumber: residentId('110105', yyyymmdd) }), 'ID_BIRTH_DATE');
      expect(r.failure.details).toEqual({ birthDate });
      expect(r.failure.message.zh).toContain(birthDate);
    }
    expect(validate({ idType: '01', idNumber: residentId('110105', '19000101') }).birthDate).toBe('1900-01-01');
  });

  it('第三十一条: accepts a birth date of today and refuses one day after today', () => {
    expect(validate({ idType: '01', idNumber: residentId('110105', '20250615') }).birthDate).toBe('2025-06-15');
    const r = refusal(() => validate({ idType: '01', idNumber: residentId('110105', '20250616') }), 'ID_BIRTH_DATE');
    expect(r.failure.details).toEqual({ birthDate: '2025-06-16' });
    // The business date decides, across a year end too.
    refusal(() => validate({ idType: '01', idNumber: residentId('110105', '20250101') }, '2024-12-31'), 'ID_BIRTH_DATE');
  });

  it('第三十一条: refuses a resident ID whose check character is wrong, saying only that it does not check out', () => {
    const r = refusal(() => validate({ idType: '01', idNumber: '110105194912310021' }), 'ID_CHECK_CHARACTER');
    // The right character is X: neither the details nor either message may say so.
    expect(r.failure.details).toEqual({});
    expect(r.failure.message.en).toBe(
      'The ID number does not check out: a character may have been mistyped. Compare the number with the document, character by character, and type it again.',
    );
    expect(r.failure.message.zh).toBe('证件号码核验不通过，号码中可能有录错的字符。请将号码与证件逐位核对后重新输入。');
    for (const text of [r.failure.message.zh, r.failure.message.en, r.message]) {
      expect(text).not.toMatch(/X|应为|should be|最后一位|last character/);
    }
    const valid = residentId('440301', '19851120', '456');
    refusal(() => validate({ idType: '01', idNumber: checkOffByOne(valid) }), 'ID_CHECK_CHARACTER');
  });

  it('第三十一条: refuses a country other than CHN', () => {
    const r = refusal(
      () => validate({ idType: '01', idNumber: '11010519491231002X', country: 'USA' }),
      'ID_COUNTRY_MISMATCH',
    );
    expect(r.failure.details).toEqual({ expected: 'CHN', country: 'USA' });
  });

  it('property: any valid resident ID validates and round-trips', () => {
    fc.assert(
      fc.property(residentIdArb(), ({ idNumber, birthDate }) => {
        const lowered = idNumber.toLowerCase();
        const doc = validate({ idType: '01', idNumber: lowered });
        expect(doc).toEqual({ idType: '01', idNumber, country: 'CHN', birthDate });
        expect(validate({ idType: doc.idType, idNumber: doc.idNumber, country: doc.country })).toEqual(doc);
      }),
      { numRuns: 500 },
    );
  });

  it('property: changing the check character to any other allowed character gives ID_CHECK_CHARACTER', () => {
    fc.assert(
      fc.property(residentIdArb(), fc.integer({ min: 1, max: 10 }), ({ idNumber }, shift) => {
        const right = idNumber.charAt(17);
        const wrong = CHECK_CHARS.charAt((CHECK_CHARS.indexOf(right) + shift) % CHECK_CHARS.length);
        expect(wrong).not.toBe(right);
        refusal(() => validate({ idType: '01', idNumber: idNumber.slice(0, 17) + wrong }), 'ID_CHECK_CHARACTER');
      }),
      { numRuns: 500 },
    );
  });

  it('property (issue 14 item 7): the ID_CHECK_CHARACTER refusal is the same whatever the right character is', () => {
    // If the refusal depended on the number at all, a teller could read the right last character
    // off it. Every wrong number of every valid ID gives byte-identical messages and empty details.
    const first = refusal(() => validate({ idType: '01', idNumber: '110105194912310021' }), 'ID_CHECK_CHARACTER').failure;
    fc.assert(
      fc.property(residentIdArb(), fc.integer({ min: 1, max: 10 }), ({ idNumber }, shift) => {
        const right = idNumber.charAt(17);
        const wrong = CHECK_CHARS.charAt((CHECK_CHARS.indexOf(right) + shift) % CHECK_CHARS.length);
        const r = refusal(() => validate({ idType: '01', idNumber: idNumber.slice(0, 17) + wrong }), 'ID_CHECK_CHARACTER');
        expect(r.failure).toEqual(first);
        expect(r.message).toBe(`ID_CHECK_CHARACTER: ${first.message.en}`);
      }),
      { numRuns: 500 },
    );
  });

});

/** Valid resident IDs: a real province, a real date between 1900-01-01 and TODAY, any sequence. */
function residentIdArb() {
  const day = 86_400_000;
  const first = Date.UTC(1900, 0, 1);
  const last = Date.parse(`${TODAY}T00:00:00Z`);
  return fc
    .record({
      province: fc.constantFrom(...PROVINCES),
      area: fc.integer({ min: 0, max: 9999 }),
      days: fc.integer({ min: 0, max: Math.round((last - first) / day) }),
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ province, area, days, seq }) => {
      const birthDate = new Date(first + days * day).toISOString().slice(0, 10);
      const idNumber = residentId(
        province + String(area).padStart(4, '0'),
        birthDate.replaceAll('-', ''),
        String(seq).padStart(3, '0'),
      );
      return { idNumber, birthDate };
    });
}

describe('04 foreign passport', () => {
  it('accepts 5–20 letters or digits with a valid issuing country, upper-cased', () => {
    expect(validate({ idType: '04', idNumber: ' ab12345 ', country: 'usa' })).toEqual({
      idType: '04',
      idNumber: 'AB12345',
      country: 'USA',
    });
    expect(validate({ idType: '04', idNumber: 'A'.repeat(20), country: 'GBR' }).idNumber).toBe('A'.repeat(20));
  });

  it('refuses 4 or 21 characters, inner spaces and punctuation; 5 is enough', () => {
    for (const idNumber of ['A123', '1'.repeat(21), 'AB 12345', 'AB-12345']) {
      const r = refusal(() => validate({ idType: '04', idNumber, country: 'USA' }), 'ID_FORMAT');
      expect(r.failure.details?.['idTypeName']).toBe('外国护照');
    }
    expect(validate({ idType: '04', idNumber: 'A1234', country: 'USA' }).idNumber).toBe('A1234');
  });

  it('requires a valid alpha-3 country', () => {
    expect(refusal(() => validate({ idType: '04', idNumber: 'AB12345' }), 'ID_COUNTRY_INVALID').failure.details)
      .toEqual({ country: '' });
    refusal(() => validate({ idType: '04', idNumber: 'AB12345', country: 'XYZ' }), 'ID_COUNTRY_INVALID');
    refusal(() => validate({ idType: '04', idNumber: 'AB12345', country: 'US' }), 'ID_COUNTRY_INVALID');
  });

  it('refuses CHN: China does not issue foreign passports', () => {
    const r = refusal(() => validate({ idType: '04', idNumber: 'AB12345', country: 'CHN' }), 'ID_COUNTRY_MISMATCH');
    expect(r.failure.details?.['country']).toBe('CHN');
  });
});

describe('05 foreign permanent-residence card', () => {
  it('accepts the old card and derives the country from its first three letters', () => {
    expect(validate({ idType: '05', idNumber: 'usa123456789012' })).toEqual({
      idType: '05',
      idNumber: 'USA123456789012',
      country: 'USA',
    });
    expect(validate({ idType: '05', idNumber: 'USA123456789012', country: 'USA' }).country).toBe('USA');
  });

  it('refuses an old card whose letters are not a country, or a different given country', () => {
    expect(refusal(() => validate({ idType: '05', idNumber: 'ZZZ123456789012' }), 'ID_COUNTRY_INVALID').failure.details)
      .toEqual({ country: 'ZZZ' });
    expect(
      refusal(() => validate({ idType: '05', idNumber: 'USA123456789012', country: 'GBR' }), 'ID_COUNTRY_MISMATCH')
        .failure.details,
    ).toEqual({ expected: 'USA', country: 'GBR' });
  });

  it('accepts the 2023 card: 9, province, numeric nationality, birth date, sequence, check character', () => {
    const idNumber = withCheck('9' + '11' + '840' + '19850315' + '001');
    expect(validate({ idType: '05', idNumber })).toEqual({
      idType: '05',
      idNumber,
      country: 'USA',
      birthDate: '1985-03-15',
    });
    const au = withCheck('931' + '036' + '20000229' + '999');
    expect(validate({ idType: '05', idNumber: au.toLowerCase(), country: 'AUS' }).country).toBe('AUS');
  });

  it('refuses a 2023 card with a bad province, nationality, birth date or check character', () => {
    refusal(() => validate({ idType: '05', idNumber: withCheck('900' + '840' + '19850315' + '001') }), 'ID_REGION');
    expect(
      refusal(() => validate({ idType: '05', idNumber: withCheck('911' + '000' + '19850315' + '001') }), 'ID_COUNTRY_INVALID')
        .failure.details,
    ).toEqual({ country: '000' });
    expect(
      refusal(() => validate({ idType: '05', idNumber: withCheck('911' + '840' + '19850230' + '001') }), 'ID_BIRTH_DATE')
        .failure.details,
    ).toEqual({ birthDate: '1985-02-30' });
    refusal(() => validate({ idType: '05', idNumber: withCheck('911' + '840' + '20250616' + '001') }), 'ID_BIRTH_DATE');
    refusal(
      () => validate({ idType: '05', idNumber: checkOffByOne(withCheck('911' + '840' + '19850315' + '001')) }),
      'ID_CHECK_CHARACTER',
    );
    refusal(
      () => validate({ idType: '05', idNumber: withCheck('911' + '840' + '19850315' + '001'), country: 'CAN' }),
      'ID_COUNTRY_MISMATCH',
    );
  });

  it('refuses other lengths and shapes', () => {
    for (const idNumber of ['USA12345678901', 'USA1234567890123', 'US1234567890123', '811840198503150011', '91184019850315001', 'USA 12345678901']) {
      const r = refusal(() => validate({ idType: '05', idNumber }), 'ID_FORMAT');
      expect(r.failure.details?.['idTypeNameEn']).toBe('foreign permanent-residence card');
    }
  });
});

describe('06 Hong Kong/Macau travel permit', () => {
  it('第三十一条: accepts H or M + 8 digits and derives HKG or MAC', () => {
    expect(validate({ idType: '06', idNumber: 'H12345678' })).toEqual({ idType: '06', idNumber: 'H12345678', country: 'HKG' });
    expect(validate({ idType: '06', idNumber: 'm12345678' })).toEqual({ idType: '06', idNumber: 'M12345678', country: 'MAC' });
    expect(validate({ idType: '06', idNumber: 'H12345678', country: 'hkg' }).country).toBe('HKG');
  });

  it('第三十一条: accepts the 2024 permit of non-Chinese permanent residents, HA or MA + 7 digits, as 06, foreign', () => {
    expect(validate({ idType: '06', idNumber: 'HA1234567' })).toEqual({ idType: '06', idNumber: 'HA1234567', country: 'HKG' });
    expect(validate({ idType: '06', idNumber: 'MA7654321' })).toEqual({ idType: '06', idNumber: 'MA7654321', country: 'MAC' });
    expect(validate({ idType: '06', idNumber: ' ha0000001 ', country: 'HKG' })).toEqual({ idType: '06', idNumber: 'HA0000001', country: 'HKG' });
    expect(validate({ idType: '06', idNumber: 'MA0000000', country: 'mac' }).country).toBe('MAC');
    expect(ID_TYPES['06'].residency).toBe('foreign');
  });

  it('第三十一条: an HA permit is Hong Kong and an MA permit Macau: the other region is refused', () => {
    expect(refusal(() => validate({ idType: '06', idNumber: 'HA1234567', country: 'MAC' }), 'ID_COUNTRY_MISMATCH').failure.details)
      .toEqual({ expected: 'HKG', country: 'MAC' });
    expect(refusal(() => validate({ idType: '06', idNumber: 'MA1234567', country: 'HKG' }), 'ID_COUNTRY_MISMATCH').failure.details)
      .toEqual({ expected: 'MAC', country: 'HKG' });
    // The holder is not a Chinese citizen; the permit's country is still its region, never CHN.
    refusal(() => validate({ idType: '06', idNumber: 'HA1234567', country: 'CHN' }), 'ID_COUNTRY_MISMATCH');
  });

  it('refuses other shapes and a country that does not match the letter', () => {
    for (const idNumber of ['H1234567', 'H123456789', 'K12345678', '812345678', 'H1234 5678']) {
      refusal(() => validate({ idType: '06', idNumber }), 'ID_FORMAT');
    }
    expect(refusal(() => validate({ idType: '06', idNumber: 'H12345678', country: 'MAC' }), 'ID_COUNTRY_MISMATCH').failure.details)
      .toEqual({ expected: 'HKG', country: 'MAC' });
    refusal(() => validate({ idType: '06', idNumber: 'M12345678', country: 'CHN' }), 'ID_COUNTRY_MISMATCH');
  });

  it('refuses near misses of the HA/MA form, and the expired 1999 card (H/M + 10 digits), saying both forms', () => {
    const nearMisses = [
      'HA123456', // 8 characters
      'HA12345678', // HA + 8 digits
      'MA123456X', // a letter among the digits
      'HB1234567', 'MB1234567', 'KA1234567', 'XA1234567', // another letter pair
      'AH1234567', 'HM1234567', 'HAA123456', // letters in the wrong place
      'HA 1234567', 'HA-1234567', // inner space or punctuation
      'H1234567890', 'M1234567890', // the 1999 card: 8-digit life number + 2-digit issue count
    ];
    for (const idNumber of nearMisses) {
      const r = refusal(() => validate({ idType: '06', idNumber }), 'ID_FORMAT');
      expect(r.failure.details).toEqual({
        idTypeName: '港澳居民来往内地通行证',
        idTypeNameEn: 'Hong Kong/Macau travel permit',
        expectedZh: 'H或M加8位数字；或（非中国籍港澳永久性居民）HA或MA加7位数字',
        expectedEn: 'H or M followed by 8 digits; or, for non-Chinese permanent residents, HA or MA followed by 7 digits',
      });
    }
  });
});

describe('港澳台居民居住证 (HK, Macau and Taiwan residence permit) is not a resident ID (第三十一条, rules.md residency)', () => {
  /** A residence permit number: 810000/820000/830000, birth date, sequence, MOD 11-2 check character. */
  const permit = (region: '810000' | '820000' | '830000', yyyymmdd = '19900101', seq = '123') => residentId(region, yyyymmdd, seq);

  it('第三十一条: refuses a Hong Kong permit typed as 01 and names the Hong Kong/Macau travel permit (06) instead', () => {
    const r = refusal(() => validate({ idType: '01', idNumber: permit('810000') }), 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
    expect(r.failure.details).toEqual({
      regionZh: '香港',
      regionEn: 'Hong Kong',
      useIdType: '06',
      useIdTypeName: '港澳居民来往内地通行证',
      useIdTypeNameEn: 'Hong Kong/Macau travel permit',
    });
    expect(r.failure.message.zh).toBe(
      '这是香港居民的港澳台居民居住证号码，不是居民身份证；持证人办理兑换按境外个人对待。请将证件类型改为“港澳居民来往内地通行证”（06），录入其通行证号码。',
    );
    expect(r.failure.message.en).toBe(
      'This is the number of a residence permit for Hong Kong, Macau and Taiwan residents (Hong Kong), not a resident ID card; for exchange its holder is a foreign individual. Change the ID type to "Hong Kong/Macau travel permit" (06) and enter the number of the holder\'s travel permit.',
    );
  });

  it('第三十一条: refuses a Macau permit (06 instead) and a Taiwan permit (07 instead)', () => {
    const macau = refusal(() => validate({ idType: '01', idNumber: permit('820000') }), 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
    expect(macau.failure.details).toMatchObject({ regionZh: '澳门', regionEn: 'Macau', useIdType: '06' });
    expect(macau.failure.message.zh).toContain('澳门居民的港澳台居民居住证');
    const taiwan = refusal(() => validate({ idType: '01', idNumber: permit('830000') }), 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
    expect(taiwan.failure.details).toEqual({
      regionZh: '台湾',
      regionEn: 'Taiwan',
      useIdType: '07',
      useIdTypeName: '台湾居民来往大陆通行证',
      useIdTypeNameEn: 'Taiwan travel permit',
    });
    expect(taiwan.failure.message.zh).toContain('“台湾居民来往大陆通行证”（07）');
    expect(taiwan.failure.message.en).toContain('"Taiwan travel permit" (07)');
  });

  it('says what the document is before anything else wrong with the number, and whatever the country', () => {
    // A wrong check character, an impossible birth date, a lowercase x, a given country: the teller
    // must take the travel permit anyway, so that is what the refusal says.
    const wrongCheck = checkOffByOne(permit('810000', '19851120', '456'));
    for (const input of [
      { idType: '01', idNumber: wrongCheck },
      { idType: '01', idNumber: residentId('820000', '19900230') },
      { idType: '01', idNumber: residentId('830000', '20990101') },
      { idType: '01', idNumber: permit('810000', '19491231', '002').toLowerCase() },
      { idType: '01', idNumber: permit('810000'), country: 'CHN' },
      { idType: '01', idNumber: permit('810000'), country: 'HKG' },
    ]) {
      refusal(() => validate(input), 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
    }
  });

  it('is not taken as a permanent-residence card, a travel permit or a Chinese passport either', () => {
    const n = permit('810000');
    refusal(() => validate({ idType: '05', idNumber: n }), 'ID_FORMAT');
    refusal(() => validate({ idType: '06', idNumber: n }), 'ID_FORMAT');
    refusal(() => validate({ idType: '07', idNumber: permit('830000') }), 'ID_FORMAT');
    refusal(() => validate({ idType: '09', idNumber: n, supplementaryId: 'RP1' }), 'ID_FORMAT');
  });

  it('property: no residence permit number validates as 01 (so none is ever classed domestic)', () => {
    fc.assert(
      fc.property(residentIdArb(), fc.constantFrom('810000', '820000', '830000'), ({ idNumber }, region) => {
        const n = withCheck(region + idNumber.slice(6, 17));
        refusal(() => validate({ idType: '01', idNumber: n }), 'ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID');
      }),
      { numRuns: 300 },
    );
  });

  it('rules.md: the travel permits the refusal names are foreign ID types', () => {
    for (const t of ['06', '07'] as const) expect(ID_TYPES[t].residency).toBe('foreign');
    expect(ID_TYPES['01'].residency).toBe('domestic');
  });
});

describe('07 Taiwan travel permit', () => {
  it('accepts 8 digits and derives TWN', () => {
    expect(validate({ idType: '07', idNumber: ' 12345678 ' })).toEqual({ idType: '07', idNumber: '12345678', country: 'TWN' });
  });

  it('refuses 7 or 9 digits, letters, and a country other than TWN', () => {
    for (const idNumber of ['1234567', '123456789', 'T1234567']) {
      refusal(() => validate({ idType: '07', idNumber }), 'ID_FORMAT');
    }
    refusal(() => validate({ idType: '07', idNumber: '12345678', country: 'CHN' }), 'ID_COUNTRY_MISMATCH');
  });
});

describe('09 Chinese passport', () => {
  it('accepts E + 8 digits, E + letter (not I/O) + 7 digits, G + 8 digits, with a supplementary ID', () => {
    expect(validate({ idType: '09', idNumber: 'e12345678', supplementaryId: ' rp-2024-001 ' })).toEqual({
      idType: '09',
      idNumber: 'E12345678',
      country: 'CHN',
      supplementaryId: 'RP-2024-001',
    });
    expect(validate({ idType: '09', idNumber: 'EA1234567', supplementaryId: 'X' }).idNumber).toBe('EA1234567');
    expect(validate({ idType: '09', idNumber: 'G12345678', supplementaryId: '1'.repeat(30) }).country).toBe('CHN');
  });

  it('refuses other shapes, including E + I or O', () => {
    for (const idNumber of ['EI1234567', 'EO1234567', 'E1234567', 'G1234567A', 'GA1234567', 'P12345678', 'E123456789']) {
      refusal(() => validate({ idType: '09', idNumber, supplementaryId: 'RP1' }), 'ID_FORMAT');
    }
  });

  it('requires the overseas residence permit number: 1–30 letters, digits or hyphens', () => {
    for (const supplementaryId of [undefined, '', '   ', 'RP 1', 'RP/1', '1'.repeat(31)]) {
      const input: IdDocumentInput = { idType: '09', idNumber: 'E12345678' };
      if (supplementaryId !== undefined) input.supplementaryId = supplementaryId;
      refusal(() => validate(input), 'ID_SUPPLEMENTARY_REQUIRED');
    }
  });

  it('refuses a country other than CHN', () => {
    refusal(() => validate({ idType: '09', idNumber: 'E12345678', country: 'USA', supplementaryId: 'RP1' }), 'ID_COUNTRY_MISMATCH');
  });
});

describe('10 diplomatic ID', () => {
  it('accepts 4–20 letters or digits with a foreign country', () => {
    expect(validate({ idType: '10', idNumber: 'd123', country: 'FRA' })).toEqual({ idType: '10', idNumber: 'D123', country: 'FRA' });
  });

  it('refuses 3 or 21 characters, a missing or invalid country, and CHN', () => {
    refusal(() => validate({ idType: '10', idNumber: 'D12', country: 'FRA' }), 'ID_FORMAT');
    refusal(() => validate({ idType: '10', idNumber: 'D'.repeat(21), country: 'FRA' }), 'ID_FORMAT');
    refusal(() => validate({ idType: '10', idNumber: 'D123' }), 'ID_COUNTRY_INVALID');
    refusal(() => validate({ idType: '10', idNumber: 'D123', country: 'FRX' }), 'ID_COUNTRY_INVALID');
    refusal(() => validate({ idType: '10', idNumber: 'D123', country: 'CHN' }), 'ID_COUNTRY_MISMATCH');
  });
});

describe('unknown ID types', () => {
  it('refuses types the monitoring system does not list', () => {
    for (const idType of ['02', '03', '08', '1', '', 'toString', '__proto__']) {
      const r = refusal(() => validate({ idType, idNumber: '11010519491231002X' }), 'ID_TYPE_UNKNOWN');
      expect(r.failure.details).toEqual({ idType });
    }
  });
});

describe('the business date', () => {
  it('must be YYYY-MM-DD (a programming error otherwise, not a Refusal)', () => {
    expect(() => validateIdDocument({ idType: '07', idNumber: '12345678' }, '2025/06/15')).toThrow(RangeError);
  });
});
