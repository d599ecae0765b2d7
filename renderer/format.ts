// How amounts, rates and times look on screen. Exact: every amount is a decimal string from the
// Terminal, formatted with shared/money (never a JavaScript number). Times are China's.
import { Decimal, dec, formatAmount, formatUsd } from '../shared/money/money';

export interface MoneyText {
  currency: string;
  amount: string;
}

/** "USD 1,234.00": the code before the amount, no symbol the printer could not print. */
export function money(m: MoneyText): string {
  return `${m.currency} ${amount(m)}`;
}

export function amount(m: MoneyText): string {
  try {
    return formatAmount(dec(m.amount), m.currency);
  } catch {
    return m.amount;
  }
}

export function usd(text: string): string {
  try {
    return formatUsd(dec(text));
  } catch {
    return text;
  }
}

/** A rate per 100 units, with at least two decimals and all the ones it has. */
export function rate(text: string): string {
  try {
    const d = dec(text);
    return d.toFixed(Math.max(2, d.decimalPlaces()));
  } catch {
    return text;
  }
}

/** part / whole as a CSS percentage, clamped to 0–100 (a bar's width: display only). */
export function percent(part: string, whole: string): string {
  try {
    const w = dec(whole);
    if (w.lte(0)) return '0%';
    const p = Decimal.min(Decimal.max(dec(part).dividedBy(w).times(100), 0), 100);
    return `${p.toFixed(1)}%`;
  } catch {
    return '0%';
  }
}

const timeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dateTimeFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** HH:MM:SS in China. */
export function time(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFmt.format(d);
}

/** YYYY/MM/DD HH:MM in China. */
export function dateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

/** An ID number shown to the teller: as typed; the receipt and the ledger keep it whole. */
export function idNumber(text: string): string {
  return text;
}
