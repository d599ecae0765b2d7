// The working-day calendar the terminal uses: the bundled notices (shared/calendar/cn-workdays.json)
// with the years a supervisor loaded into the ledger over them (calendar.load). A loaded year
// replaces the bundled one whole, so a correction is made by loading the year's full arrangement.
import type { z } from 'zod';
import type { Parsed } from '../../../shared/api';
import type { calendarYearView } from '../../../shared/api';
import { BUNDLED_YEARS, checkYearCalendar, workCalendar, type WorkCalendar, type YearCalendar } from '../../../shared/calendar/workdays';
import { Refusal } from '../../../shared/errors';
import { audit } from '../../ledger/audit';
import { all, first, q, run, type Database } from '../../ledger/sql';
import type { Services } from '../services';

export type CalendarYearView = z.output<typeof calendarYearView>;

interface LoadedYear extends YearCalendar {
  source: string;
  loadedBy: string;
  loadedAt: string;
}

/** The newest loaded row of each year. */
function loadedYears(db: Database): LoadedYear[] {
  const rows = all(db, q.selectFrom('calendar_years').selectAll().orderBy('id'));
  const byYear = new Map<number, LoadedYear>();
  for (const r of rows) {
    byYear.set(Number(r.year), {
      year: Number(r.year),
      holidays: JSON.parse(r.holidays) as string[],
      workdays: JSON.parse(r.workdays) as string[],
      source: r.source,
      loadedBy: r.loaded_by,
      loadedAt: r.loaded_at,
    });
  }
  return [...byYear.values()];
}

/** The calendar in force for this ledger (for due dates: calendar.form2DueDate(month)). */
export function terminalCalendar(db: Database): WorkCalendar {
  return workCalendar([...BUNDLED_YEARS, ...loadedYears(db)]);
}

function view(db: Database, year: number): CalendarYearView | undefined {
  const loaded = loadedYears(db).find((y) => y.year === year);
  if (loaded) {
    return { year, holidays: loaded.holidays, workdays: loaded.workdays, origin: 'loaded', sources: loaded.source ? [loaded.source] : [], loadedBy: loaded.loadedBy, loadedAt: loaded.loadedAt };
  }
  const bundled = BUNDLED_YEARS.find((y) => y.year === year);
  if (!bundled) return undefined;
  return {
    year,
    holidays: bundled.holidays,
    workdays: bundled.workdays,
    origin: 'bundled',
    sources: (bundled.notices ?? []).map((n) => `${n.title} ${n.source}`),
  };
}

/** Every year known, bundled or loaded, ascending: the calendar screen's list (calendar.list). */
export function listCalendars(ctx: Services): CalendarYearView[] {
  const years = new Set<number>([...BUNDLED_YEARS.map((y) => y.year), ...loadedYears(ctx.db).map((y) => y.year)]);
  return [...years].sort((a, b) => a - b).map((y) => view(ctx.db, y)!);
}

/**
 * The year whose holiday notice the terminal should have by `businessDate` and has not: the
 * year itself, or from 1 December the next one (附表2 of December falls due in January,
 * 第五十一条(三)). Read by session.info for the status bar's warning.
 */
export function calendarMissingYear(db: Database, businessDate: string): number | undefined {
  const year = Number(businessDate.slice(0, 4));
  const needed = businessDate.slice(5, 7) === '12' ? [year, year + 1] : [year];
  const known = (y: number) => BUNDLED_YEARS.some((b) => b.year === y) || first(db, q.selectFrom('calendar_years').select('year').where('year', '=', BigInt(y)).limit(1)) !== undefined;
  return needed.find((y) => !known(y));
}

export function getCalendar(ctx: Services, input: Parsed<'calendar.get'>): CalendarYearView {
  const v = view(ctx.db, input.year);
  if (!v) throw new Refusal('CALENDAR_YEAR_MISSING', { year: String(input.year) });
  return v;
}

/** A year's arrangement (checked) written with its audit entry, inside the caller's transaction. */
export function storeCalendarYear(db: Database, y: YearCalendar, source: string, at: string, by: string): void {
  run(db, q.insertInto('calendar_years').values({
    year: BigInt(y.year),
    holidays: JSON.stringify(y.holidays),
    workdays: JSON.stringify(y.workdays),
    source,
    loaded_by: by,
    loaded_at: at,
  }));
  audit(db, { at, actor: by, action: 'calendar.load', entity: 'calendar', entityId: String(y.year), detail: { ...y, source } });
}

/** Loads a year's arrangement as data: a new year's notice, or a change to a year already known. */
export function loadCalendar(ctx: Services, input: Parsed<'calendar.load'>): CalendarYearView {
  const y = checkYearCalendar({ year: input.year, holidays: input.holidays, workdays: input.workdays });
  ctx.db.transaction(() => storeCalendarYear(ctx.db, y, input.source, ctx.now().toISOString(), input.actor)).immediate();
  return view(ctx.db, y.year)!;
}
