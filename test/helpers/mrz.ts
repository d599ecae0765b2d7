// Machine-readable zones for tests (ICAO Doc 9303): check digits by the 7-3-1 rule, TD3 passports
// and TD1 cards made from fields, so a test can scan any passport it needs (issue 19 item 5).
const value = (c: string): number => (c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);

export function checkDigit(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += value(s[i]!) * ([7, 3, 1][i % 3] ?? 0);
  return String(sum % 10);
}

const pad = (s: string, n: number): string => (s + '<'.repeat(n)).slice(0, n);

export interface PassportFields {
  issuer: string;
  surname: string;
  given: string;
  number: string;
  nationality: string;
  /** YYMMDD */
  birth: string;
  sex?: 'M' | 'F' | '<';
  /** YYMMDD */
  expiry: string;
  personal?: string;
}

/** A TD3 passport zone: two lines of 44. */
export function td3(f: PassportFields): [string, string] {
  const line1 = pad(`P<${pad(f.issuer, 3)}${f.surname.replace(/ /g, '<')}<<${f.given.replace(/ /g, '<')}`, 44);
  const doc = pad(f.number, 9);
  const personal = pad(f.personal ?? '', 14);
  const a = `${doc}${checkDigit(doc)}`;
  const b = `${f.birth}${checkDigit(f.birth)}`;
  const c = `${f.expiry}${checkDigit(f.expiry)}`;
  const d = `${personal}${checkDigit(personal)}`;
  const line2 = `${a}${pad(f.nationality, 3)}${b}${f.sex ?? 'M'}${c}${d}`;
  return [line1, line2 + checkDigit(a + b + c + d)];
}

/** Replaces the character at `index` of line `line`. */
export function altered(lines: readonly string[], line: number, index: number, ch: string): string[] {
  return lines.map((l, i) => (i === line ? l.slice(0, index) + ch + l.slice(index + 1) : l));
}
