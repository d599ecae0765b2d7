// China's working days (工作日), for the reports' due dates: 附表2 is filed "在月初5个工作日内"
// (第五十一条(三)), so its last day is the 5th working day of the following month.
//
// A working day is Monday to Friday, unless the State Council's notice for the year gives it off
// (放假), plus the weekend days the notice makes working days (调休上班). The notices are data
// (cn-workdays.json, one entry per year, with its sources), never code: a new year's notice, or a
// later change such as the 2020 Spring Festival extension, is loaded with calendar.load and
// overrides the bundled year. A date of a year without a notice is refused (CALENDAR_YEAR_MISSING),
// never guessed from the weekday: a guess would be wrong on exactly the days that matter.
//
// One computation may guess, and says so: 附表2's due date (form2DueDateOrProvisional), so that a
// report is never blocked by a missing notice. Where a day's notice is missing it counts Monday to
// Friday as working days and marks the date provisional, naming the year to load.
import { Refusal } from '../errors';
import { isIsoDate } from '../time';
import bundledFile from './cn-workdays.json' with { type: 'json' };

export interface Notice {
  title: string;
  /** Where the text was read: the notice's address, or the agency that published it in full. */
  source: string;
}

/** One year's arrangement, as one or more notices set it. */
export interface YearCalendar {
  year: number;
  /** Days off (放假), whatever their weekday. May include late December of the year before. */
  holidays: string[];
  /** Weekend days made working days (调休上班). */
  workdays: string[];
  notices?: Notice[];
}

/**
 * The late December days of a year may be moved by the next year's notice (2018-12-31, a Monday,
 * was off by the 2019 notice; 2011-12-31, a Saturday, a working day by the 2012 one), so from this
 * day of December on a date needs both years' notices. The earliest seen is the 29th.
 */
const NEXT_NOTICE_FROM_DECEMBER = 20;

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const isWeekend = (date: string): boolean => weekday(date) === 0 || weekday(date) === 6;

/** What is wrong with a year's arrangement, in both languages; undefined when nothing is. */
export function yearCalendarProblem(y: YearCalendar): { zh: string; en: string } | undefined {
  if (!Number.isInteger(y.year) || y.year < MIN_YEAR || y.year > MAX_YEAR) {
    return { zh: `年份须在 ${MIN_YEAR} 至 ${MAX_YEAR} 之间`, en: `the year must be from ${MIN_YEAR} to ${MAX_YEAR}` };
  }
  // A notice arranges its own year, and may start the New Year break in December before it.
  const from = `${y.year - 1}-12-01`;
  const to = `${y.year}-12-31`;
  for (const [list, zh, en] of [[y.holidays, '放假日期', 'holiday'], [y.workdays, '调休上班日期', 'working weekend day']] as const) {
    for (const d of list) {
      if (!isIsoDate(d)) return { zh: `${zh}“${d}”不是 YYYY-MM-DD 日期`, en: `${en} "${d}" is not a date YYYY-MM-DD` };
      if (d < from || d > to) return { zh: `${zh} ${d} 不在 ${y.year} 年安排的范围内`, en: `${en} ${d} is outside the ${y.year} arrangement` };
    }
  }
  // 元旦 is a holiday every year (全国年节及纪念日放假办法): its absence means the wrong year's list.
  if (!y.holidays.includes(`${y.year}-01-01`)) {
    return { zh: `放假日期中没有元旦（${y.year}-01-01），可能不是 ${y.year} 年的安排`, en: `the holidays do not include New Year's Day (${y.year}-01-01); this may be another year's arrangement` };
  }
  const off = new Set(y.holidays);
  const both = y.workdays.find((d) => off.has(d));
  if (both) return { zh: `${both} 同时列为放假和上班`, en: `${both} is listed both as a holiday and as a working day` };
  const weekdayWork = y.workdays.find((d) => !isWeekend(d));
  if (weekdayWork) return { zh: `调休上班日 ${weekdayWork} 不是周六或周日`, en: `the working weekend day ${weekdayWork} is not a Saturday or Sunday` };
  return undefined;
}

/** Checks and normalises a year's arrangement (sorted, no repeats); refuses a wrong one. */
export function checkYearCalendar(y: YearCalendar): YearCalendar {
  const problem = yearCalendarProblem(y);
  if (problem) throw new Refusal('CALENDAR_INVALID', { year: String(y.year), problemZh: problem.zh, problemEn: problem.en });
  const norm = (list: string[]) => [...new Set(list)].sort();
  return { ...y, holidays: norm(y.holidays), workdays: norm(y.workdays) };
}

/** The years of the bundled data (cn-workdays.json), each checked. */
export const BUNDLED_YEARS: readonly YearCalendar[] = (bundledFile.years as YearCalendar[]).map(checkYearCalendar);

/** 附表2's due date as far as the notices loaded allow (第五十一条(三)). */
export interface Form2Due {
  /** 'YYYY-MM-DD'. */
  date: string;
  /**
   * True when a day counted lies in a year without its notice: that year's days were taken as
   * Monday to Friday (weekends alone), so the date may move once the notice is loaded.
   */
  provisional: boolean;
  /** The (first) year whose notice is missing, when provisional. */
  missingYear?: number;
}

export interface WorkCalendar {
  /** The years with a notice, ascending. */
  readonly years: readonly number[];
  year(year: number): YearCalendar | undefined;
  isWorkingDay(date: string): boolean;
  /** The n-th working day (n ≥ 1) of a month, 'YYYY-MM-DD'. */
  nthWorkingDay(year: number, month: number, n: number): string;
  /** 附表2's last day to file: the 5th working day of the month after the report's month. */
  form2DueDate(reportMonth: string): string;
  /**
   * The same date, never refused for a missing notice: where one is missing, counted from
   * weekends alone and marked provisional (the strict functions above still refuse).
   */
  form2DueDateOrProvisional(reportMonth: string): Form2Due;
  /** The year whose notice `date` needs and this calendar lacks (its own, or the next from 20 December). */
  missingYearFor(date: string): number | undefined;
}

/** 第五十一条(三): the form for `reportMonth` is filed within the first 5 working days of the next month. */
const FORM2_WORKING_DAYS = 5;

/** The month after a report month 'YYYY-MM', as [year, month 1–12]. */
function monthAfter(reportMonth: string): [number, number] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(reportMonth)) throw new RangeError(`not a month YYYY-MM: ${reportMonth}`);
  const index = Number(reportMonth.slice(0, 4)) * 12 + Number(reportMonth.slice(5, 7)); // next month, 0-based
  return [Math.floor(index / 12), (index % 12) + 1];
}

/** The n-th day of a month that `working` accepts: the one loop both the strict and the provisional count use. */
function nthDay(year: number, month: number, n: number, working: (date: string) => boolean): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`not a month: ${month}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`not a positive count: ${n}`);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  let seen = 0;
  for (let day = 1; day <= days; day++) {
    const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (working(date) && ++seen === n) return date;
  }
  throw new RangeError(`${year}-${month} has only ${seen} working days`);
}

/**
 * A calendar of the given years; a later entry for the same year replaces an earlier one, so the
 * ledger's loaded years go after the bundled ones. Where two years' notices name the same date (a
 * New Year break across December), the later year's notice decides.
 */
export function workCalendar(years: readonly YearCalendar[]): WorkCalendar {
  const byYear = new Map<number, YearCalendar>();
  for (const y of years) byYear.set(y.year, y);
  const sortedYears = [...byYear.keys()].sort((a, b) => a - b);
  const working = new Map<string, boolean>();
  for (const year of sortedYears) {
    const y = byYear.get(year)!;
    for (const d of y.holidays) working.set(d, false);
    for (const d of y.workdays) working.set(d, true);
  }

  function missingYearFor(date: string): number | undefined {
    const year = Number(date.slice(0, 4));
    if (!byYear.has(year)) return year;
    if (date.slice(5, 7) === '12' && Number(date.slice(8, 10)) >= NEXT_NOTICE_FROM_DECEMBER && !byYear.has(year + 1)) return year + 1;
    return undefined;
  }

  /** What the notices say of a date, else Monday to Friday: right only once its years are known. */
  const workingAsKnown = (date: string): boolean => working.get(date) ?? !isWeekend(date);

  function isWorkingDay(date: string): boolean {
    if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
    const missing = missingYearFor(date);
    if (missing !== undefined) throw new Refusal('CALENDAR_YEAR_MISSING', { year: String(missing) });
    return workingAsKnown(date);
  }

  function nthWorkingDay(year: number, month: number, n: number): string {
    return nthDay(year, month, n, isWorkingDay);
  }

  function form2DueDate(reportMonth: string): string {
    const [year, month] = monthAfter(reportMonth);
    return nthWorkingDay(year, month, FORM2_WORKING_DAYS);
  }

  function form2DueDateOrProvisional(reportMonth: string): Form2Due {
    const [year, month] = monthAfter(reportMonth);
    let missingYear: number | undefined;
    const date = nthDay(year, month, FORM2_WORKING_DAYS, (d) => {
      missingYear ??= missingYearFor(d);
      return workingAsKnown(d);
    });
    return missingYear === undefined ? { date, provisional: false } : { date, provisional: true, missingYear };
  }

  return { years: sortedYears, year: (y) => byYear.get(y), isWorkingDay, nthWorkingDay, form2DueDate, form2DueDateOrProvisional, missingYearFor };
}

/** The bundled calendar alone (no years loaded into a ledger). */
export const BUNDLED_CALENDAR: WorkCalendar = workCalendar(BUNDLED_YEARS);

export function isWorkingDay(date: string, calendar: WorkCalendar = BUNDLED_CALENDAR): boolean {
  return calendar.isWorkingDay(date);
}

export function nthWorkingDay(year: number, month: number, n: number, calendar: WorkCalendar = BUNDLED_CALENDAR): string {
  return calendar.nthWorkingDay(year, month, n);
}

/** 第五十一条(三): 附表2 for `reportMonth` ('YYYY-MM') is due by the 5th working day of the next month. */
export function form2DueDate(reportMonth: string, calendar: WorkCalendar = BUNDLED_CALENDAR): string {
  return calendar.form2DueDate(reportMonth);
}

/**
 * 第五十一条(三), never refused: 附表2's due date, provisional (weekends alone) where the notice of a
 * year it needs is missing, so the report is still made; the strict form2DueDate refuses instead.
 */
export function form2DueDateOrProvisional(reportMonth: string, calendar: WorkCalendar = BUNDLED_CALENDAR): Form2Due {
  return calendar.form2DueDateOrProvisional(reportMonth);
}
