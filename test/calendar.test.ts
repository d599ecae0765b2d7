// The working-day calendar and 附表2's due date (第五十一条(三): "在月初5个工作日内"): the State
// Council's notices as data, famous arrangements checked against what people remember, the due
// date's invariants over every month of the data and over random calendars, and calendar.load /
// calendar.get through the Terminal on a real ledger.
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { terminalCalendar } from '../electron/terminal/calendar/calendars';
import bundledFile from '../shared/calendar/cn-workdays.json' with { type: 'json' };
import {
  BUNDLED_CALENDAR,
  BUNDLED_YEARS,
  checkYearCalendar,
  form2DueDate,
  form2DueDateOrProvisional,
  isWorkingDay,
  nthWorkingDay,
  workCalendar,
  type YearCalendar,
} from '../shared/calendar/workdays';
import { mayCall } from '../shared/api';
import { outputs } from '../shared/api';
import { Refusal } from '../shared/errors';
import { addDays } from '../shared/time';
import { ok, openHarness, refused, type Harness } from './helpers/terminal';

function refusalOf(f: () => unknown): { code: string; details?: Record<string, string> } | 'accepted' {
  try {
    f();
  } catch (e) {
    if (e instanceof Refusal) return { code: e.code, details: e.failure.details };
    throw e;
  }
  return 'accepted';
}

const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());

describe('the bundled notices (cn-workdays.json)', () => {
  it('cover every year from 2012 (the measures) to 2026, each with its notice named and a source', () => {
    const years = BUNDLED_YEARS.map((y) => y.year);
    for (let y = 2012; y <= 2026; y++) expect(years).toContain(y);
    for (const y of bundledFile.years) {
      expect(y.notices.length).toBeGreaterThan(0);
      expect(y.notices[0]!.title).toBe(`国务院办公厅关于${y.year}年部分节假日安排的通知`);
      for (const n of y.notices) expect(n.source.length).toBeGreaterThan(5);
    }
  });

  it('every working weekend day is a Saturday or Sunday, and no day is both off and working', () => {
    for (const y of BUNDLED_YEARS) {
      expect(y.workdays.filter((d) => !weekend(d)), `${y.year}`).toEqual([]);
      expect(y.workdays.filter((d) => y.holidays.includes(d)), `${y.year}`).toEqual([]);
    }
  });

  it('2020: the Spring Festival extended to 2 February (国办, 2020-01-27), so Saturday 1 February was no longer a working day', () => {
    expect(isWorkingDay('2020-01-19')).toBe(true); // Sunday, 调休上班
    for (const d of ['2020-01-24', '2020-01-30', '2020-01-31', '2020-02-01', '2020-02-02']) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2020-02-03')).toBe(true);
  });

  it('2024: Sundays 4 and 18 February were working days around the eight-day Spring Festival', () => {
    expect(isWorkingDay('2024-02-04')).toBe(true);
    expect(isWorkingDay('2024-02-18')).toBe(true);
    for (let d = '2024-02-10'; d <= '2024-02-17'; d = addDays(d, 1)) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2024-02-11')).toBe(false); // an ordinary Sunday stays off
  });

  it('2025: the revised holiday rules add 除夕 and 2 May; Spring Festival 28 Jan–4 Feb, Labour Day 1–5 May', () => {
    expect(isWorkingDay('2025-01-28')).toBe(false); // 除夕, a Tuesday
    expect(isWorkingDay('2025-02-04')).toBe(false);
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday
    expect(isWorkingDay('2025-02-08')).toBe(true); // Saturday
    expect(isWorkingDay('2025-05-02')).toBe(false);
    expect(isWorkingDay('2025-05-05')).toBe(false);
    expect(isWorkingDay('2025-04-27')).toBe(true); // Sunday
  });

  it('a New Year break that starts in December is in the next year\'s notice: 2018-12-31 (a Monday) off, 2018-12-29 (a Saturday) working', () => {
    expect(isWorkingDay('2018-12-31')).toBe(false);
    expect(isWorkingDay('2018-12-29')).toBe(true);
    expect(isWorkingDay('2018-12-28')).toBe(true);
  });

  it('gives the published number of working days a year: 249 in 2023, 251 in 2024, 248 in 2025 (two more holidays)', () => {
    const count = (year: number) => {
      let n = 0;
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
      return n;
    };
    expect([2023, 2024, 2025].map(count)).toEqual([249, 251, 248]);
  });

  it('2015: the 70th anniversary holiday of 3–5 September, Sunday 6 September worked', () => {
    expect(isWorkingDay('2015-09-03')).toBe(false);
    expect(isWorkingDay('2015-09-04')).toBe(false);
    expect(isWorkingDay('2015-09-06')).toBe(true);
  });
});

describe('附表2 due date: the 5th working day of the next month (第五十一条(三))', () => {
  it.each([
    // report month, due date, why
    ['2024-01', '2024-02-06', 'Sunday 4 Feb worked: 1, 2, 4, 5, 6 Feb'],
    ['2024-09', '2024-10-12', 'golden week 1–7 Oct, then 8–11 Oct and Saturday 12 Oct (调休上班)'],
    ['2025-01', '2025-02-10', 'Spring Festival to 4 Feb: 5, 6, 7, Saturday 8, Monday 10 Feb'],
    ['2020-01', '2020-02-07', 'the extended Spring Festival: 3–7 Feb'],
    ['2025-04', '2025-05-12', 'Labour Day 1–5 May: 6, 7, 8, 9, 12 May'],
    ['2025-12', '2026-01-08', 'New Year 1–3 Jan, Sunday 4 Jan worked: 4, 5, 6, 7, 8 Jan'],
    ['2026-09', '2026-10-13', 'golden week 1–7 Oct: 8, 9, Saturday 10, 12, 13 Oct'],
    ['2012-01', '2012-02-07', 'an ordinary February: 1, 2, 3, 6, 7 Feb'],
    ['2011-12', '2012-01-10', 'New Year 1–3 Jan 2012: 4, 5, 6, 9, 10 Jan'],
    ['2026-11', '2026-12-07', 'an ordinary December'],
  ])('report for %s is due %s (%s)', (month, due) => {
    expect(form2DueDate(month)).toBe(due);
  });

  it('a month of a year without a notice is refused, naming the year, never guessed', () => {
    expect(refusalOf(() => form2DueDate('2026-12'))).toEqual({ code: 'CALENDAR_YEAR_MISSING', details: { year: '2027' } });
    expect(refusalOf(() => form2DueDate('2011-11'))).toEqual({ code: 'CALENDAR_YEAR_MISSING', details: { year: '2011' } });
    expect(refusalOf(() => isWorkingDay('2027-03-03'))).toEqual({ code: 'CALENDAR_YEAR_MISSING', details: { year: '2027' } });
  });

  it('late December waits for the next year\'s notice too (it may start the New Year break there)', () => {
    expect(isWorkingDay('2026-12-18')).toBe(true);
    expect(refusalOf(() => isWorkingDay('2026-12-21'))).toEqual({ code: 'CALENDAR_YEAR_MISSING', details: { year: '2027' } });
    expect(isWorkingDay('2025-12-31')).toBe(true); // 2026's notice is there: a Wednesday, worked
  });

  it('nthWorkingDay counts 调休 weekend days and skips holidays on weekdays', () => {
    expect(nthWorkingDay(2024, 10, 1)).toBe('2024-10-08');
    expect(nthWorkingDay(2024, 9, 10)).toBe('2024-09-13'); // Sat 14 Sep worked; 16, 17 off
    expect(nthWorkingDay(2024, 9, 11)).toBe('2024-09-14');
    expect(nthWorkingDay(2024, 9, 12)).toBe('2024-09-18');
    expect(() => nthWorkingDay(2024, 2, 30)).toThrow(RangeError);
  });

  it('for every report month in the data the due date is a working day of the next month, on or after the 5th, with exactly four working days before it', () => {
    // fast-check over the 180 report months 2011-12 … 2026-11 (all of them, in random order).
    const months = Array.from({ length: 180 }, (_, i) => `${2011 + Math.floor((i + 11) / 12)}-${String(((i + 11) % 12) + 1).padStart(2, '0')}`).filter((m) => m <= '2026-11');
    fc.assert(
      fc.property(fc.constantFrom(...months), (month) => {
        const due = form2DueDate(month);
        checkDue(BUNDLED_CALENDAR, month, due);
      }),
      { numRuns: 400 },
    );
  });

  it('the same holds on random calendars: any holidays and any working weekend days', () => {
    // Up to 12 days off a month (a month has at least 20 weekdays, so 5 working days remain).
    const monthArb = (year: number, month: number) => {
      const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const dates = Array.from({ length: days }, (_, i) => `${year}-${String(month).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`);
      return fc.record({ off: fc.subarray(dates, { maxLength: 12 }), work: fc.subarray(dates.filter(weekend)) });
    };
    const yearArb = (year: number) =>
      fc.tuple(...Array.from({ length: 12 }, (_, i) => monthArb(year, i + 1))).map((months): YearCalendar => {
        const holidays = [...new Set([`${year}-01-01`, ...months.flatMap((m) => m.off)])];
        return { year, holidays, workdays: months.flatMap((m) => m.work).filter((d) => !holidays.includes(d)) };
      });
    fc.assert(
      fc.property(yearArb(2030), yearArb(2031), fc.integer({ min: 0, max: 23 }), (y1, y2, i) => {
        const calendar = workCalendar([checkYearCalendar(y1), checkYearCalendar(y2)]);
        const index = 2029 * 12 + 11 + i; // 2029-12 … 2031-11
        const month = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
        checkDue(calendar, month, calendar.form2DueDate(month));
      }),
      { numRuns: 150 },
    );
  });
});

describe('附表2 due date without a year\'s notice: provisional, from weekends alone (第五十一条(三))', () => {
  // Made-up data for the tests, not the real 2027 notice: 1–3 January off.
  const new2027 = checkYearCalendar({ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [] });

  it('2026-12 with 2027 missing: 2027-01-07 (Fri 1, Mon 4, Tue 5, Wed 6, Thu 7 Jan), provisional, naming 2027; the strict function still refuses', () => {
    expect(form2DueDateOrProvisional('2026-12')).toEqual({ date: '2027-01-07', provisional: true, missingYear: 2027 });
    expect(refusalOf(() => form2DueDate('2026-12'))).toEqual({ code: 'CALENDAR_YEAR_MISSING', details: { year: '2027' } });
    expect(refusalOf(() => isWorkingDay('2027-01-07'))).toEqual({ code: 'CALENDAR_YEAR_MISSING', details: { year: '2027' } });
  });

  it('2011-11 before the data: 2011-12-07 (Thu 1, Fri 2, Mon 5, Tue 6, Wed 7 Dec), provisional, naming 2011', () => {
    expect(form2DueDateOrProvisional('2011-11')).toEqual({ date: '2011-12-07', provisional: true, missingYear: 2011 });
  });

  it('loading 2027 makes it final: 4, 5, 6, 7, 8 January, no year missing', () => {
    const calendar = workCalendar([...BUNDLED_YEARS, new2027]);
    expect(form2DueDateOrProvisional('2026-12', calendar)).toEqual({ date: '2027-01-08', provisional: false });
    expect(calendar.form2DueDate('2026-12')).toBe('2027-01-08');
  });

  it('where every notice is there it is the strict date, final, for every report month of the data', () => {
    for (let y = 2012; y <= 2026; y++) {
      for (let m = 1; m <= 12; m++) {
        const month = `${y}-${String(m).padStart(2, '0')}`;
        if (month === '2026-12') continue;
        expect(form2DueDateOrProvisional(month), month).toEqual({ date: form2DueDate(month), provisional: false });
      }
    }
  });

  it('any month of a year without a notice: a weekday of the next month with exactly four weekdays before it, provisional (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2027, max: 2099 }), fc.integer({ min: 1, max: 12 }), (year, m) => {
        const month = `${year}-${String(m).padStart(2, '0')}`;
        const due = form2DueDateOrProvisional(month);
        const [dy, dm] = m === 12 ? [year + 1, 1] : [year, m + 1];
        const next = `${dy}-${String(dm).padStart(2, '0')}`;
        expect(due.provisional).toBe(true);
        expect(due.missingYear).toBe(dy);
        expect(due.date.slice(0, 7)).toBe(next);
        expect(weekend(due.date)).toBe(false);
        let before = 0;
        for (let d = `${next}-01`; d < due.date; d = addDays(d, 1)) if (!weekend(d)) before++;
        expect(before).toBe(4);
      }),
      { numRuns: 200 },
    );
  });
});

function checkDue(calendar: ReturnType<typeof workCalendar>, month: string, due: string): void {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  expect(calendar.isWorkingDay(due)).toBe(true);
  expect(due.slice(0, 7)).toBe(next);
  expect(Number(due.slice(8))).toBeGreaterThanOrEqual(5);
  let before = 0;
  for (let d = `${next}-01`; d < due; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) before++;
  expect(before).toBe(4);
}

describe('checking a year\'s arrangement', () => {
  const good: YearCalendar = { year: 2027, holidays: ['2027-01-01', '2026-12-31'], workdays: ['2027-01-02'] };
  it.each([
    ['a working day that is not a weekend day', { ...good, workdays: ['2027-01-04'] }],
    ['a day both off and working', { ...good, holidays: [...good.holidays, '2027-01-02'] }],
    ['a date of another year', { ...good, holidays: [...good.holidays, '2028-01-03'] }],
    ['a date from before the previous December', { ...good, holidays: [...good.holidays, '2026-11-30'] }],
    ['no New Year\'s Day (another year\'s list?)', { ...good, holidays: ['2027-02-01'] }],
    ['a date that is not on the calendar', { ...good, holidays: [...good.holidays, '2027-02-30'] }],
  ])('refuses %s', (_why, y) => {
    expect(refusalOf(() => checkYearCalendar(y))).toMatchObject({ code: 'CALENDAR_INVALID' });
  });
  it('accepts a New Year break starting in December, and sorts and de-duplicates', () => {
    expect(checkYearCalendar({ ...good, holidays: ['2027-01-01', '2026-12-31', '2027-01-01'] }).holidays).toEqual(['2026-12-31', '2027-01-01']);
  });
});

describe('calendar.load and calendar.get (the ledger\'s calendar)', () => {
  let h: Harness | undefined;
  const extraDirs: string[] = [];
  afterEach(() => {
    h?.close();
    h = undefined;
    for (const d of extraDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  // Made-up data for the tests, not the real 2027 notice.
  const year2027 = { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'], workdays: ['2027-02-13'] };

  it('gives a bundled year with its notice, and refuses a year it has no notice for', async () => {
    const t = (h = openHarness());
    const y2024 = ok(await t.terminal.call('calendar.get', { year: 2024 }));
    expect(y2024.origin).toBe('bundled');
    expect(y2024.workdays).toContain('2024-02-04');
    expect(y2024.holidays).toContain('2024-10-07');
    expect(y2024.sources[0]).toContain('国务院办公厅关于2024年部分节假日安排的通知');
    const e = refused(await t.terminal.call('calendar.get', { year: 2027 }), 'CALENDAR_YEAR_MISSING');
    expect(e.message.zh).toContain('2027');
  });

  it('a loaded year is used for due dates at once, is audited, and survives a restart', async () => {
    const t = (h = openHarness());
    expect(refusalOf(() => terminalCalendar(t.terminal.ledger).form2DueDate('2026-12'))).toMatchObject({ code: 'CALENDAR_YEAR_MISSING' });
    const loaded = ok(await t.terminal.call('calendar.load', { ...year2027, source: '测试数据 test data', loadedBy: 'mgr1' }));
    expect(loaded).toMatchObject({ year: 2027, origin: 'loaded', loadedBy: 'mgr1', sources: ['测试数据 test data'] });
    // January 2027: 1–3 off, so 4, 5, 6, 7, 8 Jan.
    expect(terminalCalendar(t.terminal.ledger).form2DueDate('2026-12')).toBe('2027-01-08');
    // February 2027: 1–4, then 5–11 off, Saturday 13 worked: 1, 2, 3, 4, 12 Feb.
    expect(terminalCalendar(t.terminal.ledger).form2DueDate('2027-01')).toBe('2027-02-12');
    const audit = t.terminal.ledger.prepare("SELECT actor, entity_id FROM audit_log WHERE action = 'calendar.load'").all();
    expect(audit).toEqual([{ actor: 'mgr1', entity_id: '2027' }]);

    const dir = t.dir;
    t.terminal.close();
    extraDirs.push(dir);
    const reopened = openHarness({ dir });
    h = reopened;
    expect(ok(await reopened.terminal.call('calendar.get', { year: 2027 })).holidays).toEqual([...year2027.holidays].sort());
  });

  it('a loaded year replaces the bundled one whole (a notice changed during the year)', async () => {
    const t = (h = openHarness());
    // 2020 as the first notice had it, before the extension: Saturday 1 February worked.
    ok(await t.terminal.call('calendar.load', {
      year: 2020,
      holidays: ['2020-01-01', '2020-01-24', '2020-01-25', '2020-01-26', '2020-01-27', '2020-01-28', '2020-01-29', '2020-01-30'],
      workdays: ['2020-01-19', '2020-02-01'],
      source: '国务院办公厅关于2020年部分节假日安排的通知（延长前）',
      loadedBy: 'mgr1',
    }));
    const calendar = terminalCalendar(t.terminal.ledger);
    expect(calendar.isWorkingDay('2020-02-01')).toBe(true);
    expect(calendar.form2DueDate('2020-01')).toBe('2020-02-06');
    // Only what was loaded counts for 2020: its National Day is no longer off.
    expect(calendar.isWorkingDay('2020-10-08')).toBe(true);
    expect(ok(await t.terminal.call('calendar.get', { year: 2020 })).origin).toBe('loaded');
  });

  it('refuses a wrong arrangement and writes nothing', async () => {
    const t = (h = openHarness());
    const e = refused(await t.terminal.call('calendar.load', { ...year2027, workdays: ['2027-01-04'], loadedBy: 'mgr1' }), 'CALENDAR_INVALID');
    expect(e.message.en).toContain('2027-01-04');
    refused(await t.terminal.call('calendar.load', { ...year2027, holidays: ['2027-13-01', '2027-01-01'], loadedBy: 'mgr1' }), 'CALENDAR_INVALID');
    refused(await t.terminal.call('calendar.load', { ...year2027, year: 1999, loadedBy: 'mgr1' }), 'INVALID_INPUT');
    refused(await t.terminal.call('calendar.load', { ...year2027, loadedBy: '' }), 'INVALID_INPUT');
    refused(await t.terminal.call('calendar.get', { year: 2027 }), 'CALENDAR_YEAR_MISSING');
    expect(t.terminal.ledger.prepare('SELECT count(*) AS n FROM calendar_years').get()).toEqual({ n: 0n });
  });

  it('calendar.list gives every bundled year (2012–2026) with its notice, and a loaded year with who, when and where from', async () => {
    const t = (h = openHarness());
    const before = outputs['calendar.list'].parse(ok(await t.terminal.call('calendar.list', {})));
    expect(before.map((y) => y.year)).toEqual(Array.from({ length: 15 }, (_, i) => 2012 + i));
    expect(before.every((y) => y.origin === 'bundled' && y.sources.length > 0 && y.loadedBy === undefined)).toBe(true);
    ok(await t.terminal.call('calendar.load', { ...year2027, source: '国务院办公厅关于2027年部分节假日安排的通知（测试）', loadedBy: 'mgr1' }));
    const after = outputs['calendar.list'].parse(ok(await t.terminal.call('calendar.list', {})));
    expect(after.map((y) => y.year)).toEqual(Array.from({ length: 16 }, (_, i) => 2012 + i));
    expect(after.at(-1)).toMatchObject({ year: 2027, origin: 'loaded', loadedBy: 'mgr1', loadedAt: '2026-03-10T02:00:00.000Z', sources: ['国务院办公厅关于2027年部分节假日安排的通知（测试）'] });
    // Anyone who reads reference data may list; only a manager loads.
    expect(['teller', 'supervisor', 'manager', 'reporterA', 'reporterB'].every((r) => mayCall('calendar.list', r as never))).toBe(true);
    expect(mayCall('calendar.load', 'supervisor')).toBe(false);
  });

  it('reports.form2 for December 2026 without the 2027 notice: made, due 2027-01-07 provisional (第五十一条(三)); exported and signed too; loading 2027 makes it final', async () => {
    const t = (h = openHarness({ start: '2026-12-04T02:00:00Z' }));
    const before = outputs['reports.form2'].parse(ok(await t.terminal.call('reports.form2', { month: '2026-12' })));
    expect([before.dueDate, before.dueDateProvisional, before.dueDateMissingYear]).toEqual(['2027-01-07', true, 2027]);
    ok(await t.terminal.call('reports.export', { report: 'form2', format: 'xlsx', month: '2026-12' }));
    const signed = JSON.parse(ok(await t.terminal.call('reports.outletExport', { month: '2026-12' })).content) as { form2: Record<string, unknown> };
    expect(signed.form2).toMatchObject({ dueDate: '2027-01-07', dueDateProvisional: true, dueDateMissingYear: 2027 });
    // November's is due in December 2026, whose notice is bundled: final.
    expect(ok(await t.terminal.call('reports.form2', { month: '2026-11' }))).toMatchObject({ dueDate: '2026-12-07', dueDateProvisional: false });

    ok(await t.terminal.call('calendar.load', { ...year2027, source: 'test', loadedBy: 'mgr1' }));
    const after = outputs['reports.form2'].parse(ok(await t.terminal.call('reports.form2', { month: '2026-12' })));
    expect([after.dueDate, after.dueDateProvisional, after.dueDateMissingYear]).toEqual(['2027-01-08', false, undefined]);
  });

  it('session.info names the year missing from 1 December of the business date (Beijing), and no longer once it is loaded', async () => {
    // 23:59 on 30 November in Beijing: nothing yet.
    const t = (h = openHarness({ start: '2026-11-30T15:59:00Z' }));
    const info = async () => outputs['session.info'].parse(ok(await t.terminal.call('session.info', {})));
    expect((await info()).businessDate).toBe('2026-11-30');
    expect((await info()).calendarMissingYear).toBeUndefined();
    // Midnight in Beijing: 1 December, and 2027 is neither bundled nor loaded.
    t.clock.set('2026-11-30T16:00:00Z');
    expect(await info()).toMatchObject({ businessDate: '2026-12-01', calendarMissingYear: 2027 });
    ok(await t.terminal.call('calendar.load', { ...year2027, source: 'test', loadedBy: 'mgr1' }));
    expect((await info()).calendarMissingYear).toBeUndefined();
    // A year begun without its notice is missing too (2028 here, on 5 January 2028).
    t.clock.set('2028-01-05T02:00:00Z');
    expect((await info()).calendarMissingYear).toBe(2028);
  });
});
