// The working-day calendar's methods: a year's notice loaded, a year read, the years known.
import type { HandlersOf } from '../services';
import { getCalendar, listCalendars, loadCalendar } from './calendars';

export const calendarHandlers = {
  'calendar.load': loadCalendar,
  'calendar.get': getCalendar,
  'calendar.list': listCalendars,
} satisfies HandlersOf<'calendar'>;
