// Business dates. "The same day" in the rules is the calendar day in China (Asia/Shanghai),
// whatever the PC's time zone. China has kept UTC+8 without daylight saving since 1991, so the
// business date is the UTC+8 calendar date of the instant.

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' in China for an instant. */
export function businessDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM' of a business date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** How many calendar days from one business date to another ('YYYY-MM-DD'; negative when `to` is before). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The same day `months` later; the end of that month when it has no such day (Jan 31 + 1 = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

export function hoursBetween(earlier: Date, later: Date): number {
  return (later.getTime() - earlier.getTime()) / (60 * 60 * 1000);
}

/**
 * A clock that reads `start` now and runs on at the pace of `real` from here: browser mode's
 * `--clock` (tests and demonstrations on a fixed date, whatever day the machine thinks it is).
 */
export function clockFrom(start: string, real: () => number = () => Date.now()): () => Date {
  const at = Date.parse(start);
  if (Number.isNaN(at)) throw new RangeError(`not an instant: ${start}`);
  const began = real();
  return () => new Date(at + (real() - began));
}
