// calendar.*: the working-day calendar (shared/calendar): each year's days off (放假) and working
// weekend days (调休上班) from the State Council's notice.
import { z } from 'zod';
import { actorField, date, instant, text } from './fields';
import { MANAGER, READ_REFERENCE } from './roles';
import type { DomainSpecs } from './spec';

/** A year's arrangement in force: days off (放假) and working weekend days (调休上班). */
export const calendarYearView = z.strictObject({
  year: z.number().int(),
  holidays: z.array(date),
  workdays: z.array(date),
  /** 'bundled': shipped with the program; 'loaded': loaded into this ledger by calendar.load. */
  origin: z.enum(['bundled', 'loaded']),
  /** The notices it comes from. */
  sources: z.array(z.string()),
  loadedBy: z.string().optional(),
  loadedAt: instant.optional(),
});

const year = z.number().int().min(2000).max(2100);

export const calendarApi = {
  /**
   * The working-day calendar (shared/calendar): a year's days off (放假) and working weekend days
   * (调休上班) from the State Council's notice, loaded as data; it replaces the bundled year.
   */
  'calendar.load': {
    input: z
      .object({
        year,
        // TODO(dates): holidays and workdays, each re-checked by isIsoDate in shared/calendar/workdays.ts checkYearCalendar.
        holidays: z.array(text(10)).min(1).max(366),
        workdays: z.array(text(10)).max(366),
        /** The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
        source: z.string().max(300).default(''),
        ...actorField,
      })
      .strict(),
    output: calendarYearView,
    roles: MANAGER,
    actor: true,
  },
  'calendar.get': { input: z.object({ year }).strict(), output: calendarYearView, roles: READ_REFERENCE, query: true },
  /** Every year the terminal has a notice for, bundled or loaded, with where it came from. */
  'calendar.list': { input: z.object({}).strict(), output: z.array(calendarYearView), roles: READ_REFERENCE, query: true },
} as const satisfies DomainSpecs<'calendar'>;
