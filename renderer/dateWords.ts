// Dates in the app's language (issue 20 item 10), never the browser's locale: a PC set to en-US
// shows "12/04/2026" in a native date input, which a teller reads as the 12th of April. Every date
// the screens show is the terminal's ISO business date ('YYYY-MM-DD', the same in both languages)
// with its words in the language chosen with F10: 2026年12月4日 星期五 / Friday 4 December 2026.
// Pure arithmetic on the date's digits: no clock, no Intl locale of the machine.
import type { Lang } from './i18n/i18n';

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** 'YYYY-MM': a month as typed or chosen. */
export function isIsoMonth(text: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** 0 = Sunday … 6 = Saturday, of an ISO date. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Days in the month of 'YYYY-MM'. */
export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function monthWords(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return lang === 'zh' ? `${y}年${m}月` : `${MONTHS_EN[m - 1]} ${y}`;
}

/** A month's short name in a picker: 1月 / Jan. */
export function monthShort(m: number, lang: Lang): string {
  return lang === 'zh' ? `${m}月` : MONTHS_EN[m - 1]!.slice(0, 3);
}

export function dateWords(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const w = weekday(date);
  return lang === 'zh' ? `${y}年${m}月${d}日 星期${WEEKDAYS_ZH[w]}` : `${WEEKDAYS_EN[w]} ${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** The heads of a picker's week, Monday first (China's calendar week). */
export function weekHeads(lang: Lang): string[] {
  const order = [1, 2, 3, 4, 5, 6, 0];
  return order.map((w) => (lang === 'zh' ? WEEKDAYS_ZH[w]! : WEEKDAYS_EN[w]!.slice(0, 2)));
}
