// 第三十四条: 特许机构……并在挂牌前不少于 10 个工作日向所在地外汇局报告. A currency goes on the board
// only once the institution has reported it to SAFE, and at least 10 working days have passed.
//
// Our reading of "不少于 10 个工作日" (at least 10 working days before): the filing day itself is not
// counted; the 10 working days are the ones after it, and the currency may be quoted from the 10th
// of them on. Filed on a Monday of an ordinary fortnight (no holiday), the first day is the Friday of
// the next week. The working days are China's (State Council notices, shared/calendar/): a holiday
// week such as National Day counts for nothing, and a weekend made a working day (调休上班) counts.
import { addDays } from '../time';
import type { WorkCalendar } from '../calendar/workdays';

/** The working days that must lie between the filing and the first quote (第三十四条). */
export const LISTING_WORKING_DAYS = 10;

/**
 * The first business date a currency filed on `filedOn` may be quoted: the n-th working day after
 * the filing day (the filing day not counted). Refused (CALENDAR_YEAR_MISSING) when a day counted
 * lies in a year without its notice: never guessed from the weekday.
 */
export function firstQuotableDay(filedOn: string, calendar: WorkCalendar, n = LISTING_WORKING_DAYS): string {
  let date = filedOn;
  let seen = 0;
  while (seen < n) {
    date = addDays(date, 1);
    if (calendar.isWorkingDay(date)) seen++;
  }
  return date;
}
