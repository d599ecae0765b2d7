// What the back-office screens share (the day close, the handover, reserves, reports): notes as
// counted by denomination, their exact totals (decimal.js, never a float), the order currencies
// are listed in, and saving a file the Terminal produced.
import { denominationsMinor } from '../shared/money/denominations';
import { CURRENCIES, RMB } from '../shared/money/currencies';
import { dec, fromMinor } from '../shared/money/money';
import type { Typed } from './noteCounts';

export type CashPlace = 'till' | 'safe';
export const CASH_PLACES: readonly CashPlace[] = ['till', 'safe'];

// Notes by denomination and their totals (pure, shared with the counter's notes step).
export { countOf, lineTotal, notesOf, totalOf, touched, type Typed } from './noteCounts';
/** Per currency. */
export type CountSheet = Record<string, Typed>;

/** The denominations of a currency, largest first, in major units as the Terminal writes them. */
export function denominations(currency: string): string[] {
  return denominationsMinor(currency).map((d) => fromMinor(d, currency).toString());
}

/** RMB first, then the others by code (as the forms list them). */
export function byCurrency(a: string, b: string): number {
  return a === RMB ? -1 : b === RMB ? 1 : a.localeCompare(b);
}

/** Every currency the terminal knows, RMB first. */
export function allCurrencies(): string[] {
  return [...CURRENCIES.keys()].sort(byCurrency);
}

export function currencyWord(code: string, lang: 'zh' | 'en'): string {
  const c = CURRENCIES.get(code);
  return c ? c[lang] : code;
}

/** Same denomination whatever way it is written ('100' and '100.00'). */
export function sameDenomination(a: string, b: string): boolean {
  try {
    return dec(a).eq(dec(b));
  } catch {
    return a === b;
  }
}

// ---- files ----

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has its own copy once it started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file the Terminal sent as base64 (reports.export), saved under its own name. */
export function downloadBase64(file: { fileName: string; mimeType: string; base64: string }): void {
  const bin = atob(file.base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  save(new Blob([bytes], { type: file.mimeType }), file.fileName);
}

export function downloadText(fileName: string, mimeType: string, text: string): void {
  save(new Blob([text], { type: mimeType }), fileName);
}

// ---- dates ----

/** The month of a business date: '2026-03-15' → '2026-03'. */
export function monthOfDate(date: string): string {
  return date.slice(0, 7);
}
