// Currencies the terminal knows, with their ISO 4217 minor units and the smallest banknote an
// outlet normally holds. Cash changes hands in notes, so a foreign-cash amount must be a multiple
// of the smallest note; RMB is paid to the fen.

export interface CurrencyInfo {
  code: string;
  /** ISO 4217 minor units: 2 for most, 0 for JPY and KRW. */
  minorUnits: number;
  /** Smallest note held, in major units, as a decimal string. */
  smallestNote: string;
  zh: string;
  en: string;
}

export const RMB = 'CNY';

const LIST: CurrencyInfo[] = [
  { code: 'CNY', minorUnits: 2, smallestNote: '0.01', zh: '人民币', en: 'Chinese Yuan' },
  { code: 'USD', minorUnits: 2, smallestNote: '1', zh: '美元', en: 'US Dollar' },
  { code: 'EUR', minorUnits: 2, smallestNote: '5', zh: '欧元', en: 'Euro' },
  { code: 'JPY', minorUnits: 0, smallestNote: '1000', zh: '日元', en: 'Japanese Yen' },
  { code: 'HKD', minorUnits: 2, smallestNote: '10', zh: '港币', en: 'Hong Kong Dollar' },
  { code: 'GBP', minorUnits: 2, smallestNote: '5', zh: '英镑', en: 'Pound Sterling' },
  { code: 'AUD', minorUnits: 2, smallestNote: '5', zh: '澳大利亚元', en: 'Australian Dollar' },
  { code: 'CAD', minorUnits: 2, smallestNote: '5', zh: '加拿大元', en: 'Canadian Dollar' },
  { code: 'CHF', minorUnits: 2, smallestNote: '10', zh: '瑞士法郎', en: 'Swiss Franc' },
  { code: 'SGD', minorUnits: 2, smallestNote: '2', zh: '新加坡元', en: 'Singapore Dollar' },
  { code: 'KRW', minorUnits: 0, smallestNote: '1000', zh: '韩元', en: 'Korean Won' },
  { code: 'THB', minorUnits: 2, smallestNote: '20', zh: '泰铢', en: 'Thai Baht' },
  { code: 'MOP', minorUnits: 2, smallestNote: '10', zh: '澳门元', en: 'Macao Pataca' },
  { code: 'NZD', minorUnits: 2, smallestNote: '5', zh: '新西兰元', en: 'New Zealand Dollar' },
  { code: 'MYR', minorUnits: 2, smallestNote: '1', zh: '林吉特', en: 'Malaysian Ringgit' },
];

export const CURRENCIES: ReadonlyMap<string, CurrencyInfo> = new Map(LIST.map((c) => [c.code, c]));

export function isCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}
