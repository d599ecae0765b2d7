// The holiday calendar (节假日安排), a manager's back-office tab: the years the terminal knows the
// State Council's holiday notice for (bundled 2012–2026, and those loaded here, with who loaded
// them, when and from what), and a file to load a new year's arrangement (calendar.load). The
// reports' due dates are counted on it (附表2: the 5th working day of the next month,
// 第五十一条(三)); without next year's notice 附表2's due date is only provisional.
//
// The file is JSON in exactly calendar.load's shape: {"year", "holidays", "workdays", "source"}.
// A file that is not is refused here in both languages, before anything is sent; the Terminal
// checks the dates themselves (CALENDAR_INVALID).
import { useEffect, useRef, useState } from 'react';
import { mayCall } from '../../shared/api';
import type { Input } from '../../shared/api';
import { call, type ApiError } from '../api';
import type { Outputs } from '../apiTypes';
import { BackOfficeNav } from '../components/BackOfficeNav';
import { ErrorView } from '../components/ErrorView';
import { dateTime } from '../format';
import { Bi, both, useI18n } from '../i18n/i18n';
import { useApp } from '../session';

type YearView = Outputs['calendar.list'][number];
type LoadInput = Omit<Input<'calendar.load'>, 'loadedBy'>;

const FIELDS = ['year', 'holidays', 'workdays', 'source'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar file's text as calendar.load's input, or the bilingual refusal of it. */
export function parseCalendarFile(name: string, text: string): { ok: true; input: LoadInput } | { ok: false; error: ApiError } {
  const refuse = (where?: string): { ok: false; error: ApiError } => ({
    ok: false,
    error: where === undefined
      ? { code: 'CALENDAR_FILE_INVALID', message: both('calendar.fileNotJson', { file: name }) }
      : { code: 'CALENDAR_FILE_INVALID', message: both('calendar.fileShape', { file: name, where }) },
  });
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return refuse();
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return refuse('{…}');
  const o = v as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => !(FIELDS as readonly string[]).includes(k));
  if (extra !== undefined) return refuse(JSON.stringify(extra).slice(0, 40));
  if (typeof o.year !== 'number' || !Number.isInteger(o.year)) return refuse('year');
  const dates = (key: 'holidays' | 'workdays'): string[] | string => {
    const list = o[key];
    if (!Array.isArray(list)) return key;
    const bad = list.findIndex((d) => typeof d !== 'string' || !DATE.test(d));
    return bad >= 0 ? `${key}[${bad}]` : (list as string[]);
  };
  const holidays = dates('holidays');
  if (typeof holidays === 'string') return refuse(holidays);
  if (holidays.length === 0) return refuse('holidays');
  const workdays = dates('workdays');
  if (typeof workdays === 'string') return refuse(workdays);
  if (o.source !== undefined && typeof o.source !== 'string') return refuse('source');
  // Where the arrangement was read: the notice the file names, else the file itself.
  const source = (typeof o.source === 'string' && o.source.trim() !== '' ? o.source : name).slice(0, 300);
  return { ok: true, input: { year: o.year, holidays, workdays, source } };
}

export function Calendar() {
  const { t } = useI18n();
  const { person, notify, refreshInfo } = useApp();
  const [years, setYears] = useState<YearView[]>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const mayLoad = person !== undefined && mayCall('calendar.load', person.role);

  const list = async () => {
    const r = await call('calendar.list', {});
    if (r.ok) setYears(r.value);
    else setError(r.error);
  };
  useEffect(() => {
    void list();
  }, []);

  const load = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return setError({ code: 'CALENDAR_FILE_INVALID', message: both('calendar.fileEmpty') });
    setBusy(true);
    setError(undefined);
    let text: string;
    try {
      text = await file.text();
    } catch {
      text = '';
    }
    const parsed = parseCalendarFile(file.name, text);
    if (!parsed.ok) {
      setBusy(false);
      return setError(parsed.error);
    }
    const r = await call('calendar.load', parsed.input);
    setBusy(false);
    // The same file may be picked again after a correction.
    if (fileRef.current) fileRef.current.value = '';
    if (!r.ok) return setError(r.error);
    notify({ kind: 'ok', message: both('calendar.loaded', { year: r.value.year, file: file.name }) });
    await list();
    // The status bar's warning of a missing year goes at once, not at the next poll.
    refreshInfo();
  };

  return (
    <div className="screen calendar" data-testid="calendar-screen">
      <BackOfficeNav current="calendar" />
      <header className="screen-head">
        <h1>
          <Bi k="calendar.title" />
        </h1>
      </header>
      <p className="muted small">{t('calendar.note')}</p>

      {mayLoad && (
        <section className="panel" data-testid="calendar-load">
          <h2>{t('calendar.load')}</h2>
          <label className="field">
            <span>{t('calendar.file')}</span>
            <input ref={fileRef} type="file" accept=".json,application/json" disabled={busy} data-testid="calendar-file" onChange={(e) => void load(e.target.files)} />
          </label>
          <p className="muted small">{t('calendar.fileFormat')}</p>
        </section>
      )}

      {error && <ErrorView error={error} testId="calendar-error" />}

      <section className="panel">
        <h2>{t('calendar.years')}</h2>
        <table className="table compact" data-testid="calendar-years">
          <thead>
            <tr>
              <th>{t('calendar.year')}</th>
              <th>{t('calendar.origin')}</th>
              <th className="num">{t('calendar.holidays')}</th>
              <th className="num">{t('calendar.workdays')}</th>
              <th>{t('calendar.source')}</th>
              <th>{t('calendar.loadedBy')}</th>
              <th>{t('calendar.loadedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {[...(years ?? [])].reverse().map((y) => (
              <tr key={y.year} data-testid={`calendar-year-${y.year}`} data-origin={y.origin}>
                <td className="strong">{y.year}</td>
                <td>{t(y.origin === 'loaded' ? 'calendar.origin.loaded' : 'calendar.origin.bundled')}</td>
                <td className="num">{y.holidays.length}</td>
                <td className="num">{y.workdays.length}</td>
                <td className="small">{y.sources.join('；')}</td>
                <td>{y.loadedBy ?? ''}</td>
                <td>{y.loadedAt ? dateTime(y.loadedAt) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
