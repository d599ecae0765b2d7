// ISO 3166-1 country codes, from the `i18n-iso-countries` package, with Chinese and English names.
// The monitoring system identifies a person by ID type + ID number + country (alpha-3), and the
// 2023 permanent-residence card encodes the holder's nationality as the ISO 3166 numeric code
// (see /work/shared/regulation/monitoring-interface.md).
//
// The package is CommonJS: the default import is its `exports` object. Its Node entry registers
// every locale already; its browser entry registers none, so we register the two we use (doing it
// twice is harmless).

import countries from 'i18n-iso-countries';
import zh from 'i18n-iso-countries/langs/zh.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(zh);
countries.registerLocale(en);

const ALPHA3 = /^[A-Z]{3}$/;
const NUMERIC = /^\d{3}$/;

/** True for an ISO 3166-1 alpha-3 code in upper case, e.g. 'USA'. Lower case is not accepted. */
export function isCountryAlpha3(code: string): boolean {
  return typeof code === 'string' && ALPHA3.test(code) && countries.alpha3ToAlpha2(code) !== undefined;
}

/** The alpha-3 code for an ISO 3166-1 numeric code of exactly 3 digits ('840' → 'USA'). */
export function alpha3FromNumeric(numeric: string): string | undefined {
  if (typeof numeric !== 'string' || !NUMERIC.test(numeric)) return undefined;
  return countries.numericToAlpha3(numeric);
}

/** The country's short official name in Chinese or English, or undefined for an unknown code. */
export function countryName(alpha3: string, lang: 'zh' | 'en'): string | undefined {
  if (!isCountryAlpha3(alpha3)) return undefined;
  return countries.getName(alpha3, lang);
}

/**
 * Every English name the package knows for a country (official, short, alias: "China", "People's
 * Republic of China"): watch lists name nationalities in words (第五十四条 screening).
 */
export function countryNamesEn(alpha3: string): string[] {
  if (!isCountryAlpha3(alpha3)) return [];
  const names = countries.getName(alpha3, 'en', { select: 'all' }) as unknown;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}
