// A date or a month, typed or picked, in the app's language (issue 20 item 10). Chromium draws a
// native <input type="date"> / <input type="month"> in the browser's locale whatever the page's
// lang says (an en-US PC shows "12/04/2026"), so the screens use this field instead: the ISO date
// typed (2026-12-04, the same in both languages), its words beside it in the language chosen with
// F10 (2026年12月4日 星期五 / Friday 4 December 2026), ↑/↓ a day (a month) either way, and a picker
// (Alt+↓ or the button) whose month and week-day names are the app's too.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { addDays, addMonths, isIsoDate } from '../../shared/time';
import { dateWords, daysInMonth, isIsoMonth, monthShort, monthWords, weekHeads, weekday } from '../dateWords';
import { useI18n } from '../i18n/i18n';
import { useApp } from '../session';

export interface DateFieldProps {
  /** 'date': YYYY-MM-DD; 'month': YYYY-MM. */
  kind?: 'date' | 'month';
  /** The value, ISO; '' for none yet. */
  value: string;
  /** Called with a complete, valid value only (a half-typed date is kept in the field). */
  onChange(value: string): void;
  min?: string | undefined;
  max?: string | undefined;
  testId: string;
  onKeyDown?(e: KeyboardEvent<HTMLInputElement>): void;
}

const valid = (kind: 'date' | 'month', text: string) => (kind === 'date' ? isIsoDate(text) : isIsoMonth(text));

export function DateField({ kind = 'date', value, onChange, min, max, testId, onKeyDown }: DateFieldProps) {
  const { t, lang } = useI18n();
  const { info } = useApp();
  const [text, setText] = useState(value);
  const [open, setOpen] = useState(false);
  const [touched, setTouched] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // A value set from outside (the business date arriving, a pick) is shown as it is.
  useEffect(() => {
    setText((shown) => (shown === value ? shown : value));
  }, [value]);

  const inRange = (v: string) => (min === undefined || v >= min) && (max === undefined || v <= max);
  const ok = valid(kind, text) && inRange(text);
  const take = (v: string) => {
    setText(v);
    if (valid(kind, v) && inRange(v)) onChange(v);
  };
  const step = (n: number) => {
    if (!valid(kind, text)) return;
    const next = kind === 'date' ? addDays(text, n) : addMonths(`${text}-01`, n).slice(0, 7);
    if (inRange(next)) take(next);
  };

  return (
    <span
      className="date-field"
      onBlur={(e) => {
        // The picker closes when the focus leaves the field and its picker (a click elsewhere).
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <span className="date-field-row">
        <input
          ref={input}
          type="text"
          inputMode="numeric"
          className="mono date-input"
          lang={lang === 'zh' ? 'zh-CN' : 'en'}
          placeholder={kind === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM'}
          maxLength={kind === 'date' ? 10 : 7}
          autoComplete="off"
          value={text}
          aria-invalid={touched && text !== '' && !ok}
          data-testid={testId}
          onChange={(e) => take(e.target.value.trim())}
          onBlur={() => setTouched(true)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && e.altKey) {
              e.preventDefault();
              setOpen(true);
              return;
            }
            if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
              e.preventDefault();
              step(e.key === 'ArrowUp' ? 1 : -1);
              return;
            }
            if (e.key === 'Enter') setTouched(true);
            onKeyDown?.(e);
          }}
        />
        <button type="button" className="date-pick" tabIndex={-1} aria-label={t('date.pick')} title={`${t('date.pick')} (Alt+↓)`} data-testid={`${testId}-pick`} onClick={() => setOpen((o) => !o)}>
          ▾
        </button>
      </span>
      <span className="date-words small muted" data-testid={`${testId}-words`}>
        {ok ? (kind === 'date' ? dateWords(text, lang) : monthWords(text, lang)) : text === '' || !touched ? '' : t(kind === 'date' ? 'date.invalid' : 'date.monthInvalid')}
      </span>
      {open && (
        <Picker
          kind={kind}
          value={ok ? text : (max ?? (kind === 'date' ? info?.businessDate : info?.businessDate.slice(0, 7)) ?? '')}
          min={min}
          max={max}
          testId={testId}
          onPick={(v) => {
            take(v);
            setOpen(false);
            input.current?.focus();
          }}
          onClose={() => {
            setOpen(false);
            input.current?.focus();
          }}
        />
      )}
    </span>
  );
}

function Picker({ kind, value, min, max, testId, onPick, onClose }: { kind: 'date' | 'month'; value: string; min: string | undefined; max: string | undefined; testId: string; onPick(v: string): void; onClose(): void }) {
  const { t, lang } = useI18n();
  const start = value && valid(kind, value.slice(0, kind === 'date' ? 10 : 7)) ? value : '';
  // The page shown: a month (YYYY-MM) of days, or a year of months.
  const [page, setPage] = useState(start ? (kind === 'date' ? start.slice(0, 7) : start.slice(0, 4)) : '');
  // The day (month) the arrow keys move to; focused once its page is shown.
  const [want, setWant] = useState(start);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const b = box.current;
    if (!b) return;
    (b.querySelector<HTMLButtonElement>(`button[data-value="${want}"]:not([disabled])`) ?? b.querySelector<HTMLButtonElement>('button.day:not([disabled]), button.month:not([disabled])'))?.focus();
  }, [page, want]);
  if (!page) return null;
  const allowed = (v: string) => (min === undefined || v >= min.slice(0, v.length)) && (max === undefined || v <= max.slice(0, v.length));
  // The arrows move a day (←→) or a week (↑↓), a month (←→) or a row of months (↑↓); Enter picks.
  const MOVES: Record<string, number> = kind === 'date' ? { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 } : { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -4, ArrowDown: 4 };
  const keys = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    const move = MOVES[e.key];
    const from = (document.activeElement as HTMLElement | null)?.dataset.value;
    if (move === undefined || !from) return;
    e.preventDefault();
    const next = kind === 'date' ? addDays(from, move) : addMonths(`${from}-01`, move).slice(0, 7);
    setWant(next);
    setPage(kind === 'date' ? next.slice(0, 7) : next.slice(0, 4));
  };

  if (kind === 'month') {
    const year = Number(page);
    return (
      <div className="date-picker" role="dialog" ref={box} data-testid={`${testId}-picker`} onKeyDown={keys}>
        <div className="date-picker-head">
          <button type="button" aria-label={t('date.previous')} onClick={() => setPage(String(year - 1))}>‹</button>
          <strong data-testid={`${testId}-picker-title`}>{lang === 'zh' ? `${year}年` : year}</strong>
          <button type="button" aria-label={t('date.next')} onClick={() => setPage(String(year + 1))}>›</button>
        </div>
        <div className="date-picker-months">
          {Array.from({ length: 12 }, (_, i) => {
            const v = `${year}-${String(i + 1).padStart(2, '0')}`;
            return (
              <button key={v} type="button" className="month" aria-selected={v === start} disabled={!allowed(v)} data-value={v} onClick={() => onPick(v)}>
                {monthShort(i + 1, lang)}
              </button>
            );
          })}
        </div>
      </div>
    );
  }

  const first = `${page}-01`;
  const lead = (weekday(first) + 6) % 7; // Monday first
  const days = daysInMonth(page);
  return (
    <div className="date-picker" role="dialog" ref={box} data-testid={`${testId}-picker`} onKeyDown={keys}>
      <div className="date-picker-head">
        <button type="button" aria-label={t('date.previous')} onClick={() => setPage(addMonths(first, -1).slice(0, 7))}>‹</button>
        <strong data-testid={`${testId}-picker-title`}>{monthWords(page, lang)}</strong>
        <button type="button" aria-label={t('date.next')} onClick={() => setPage(addMonths(first, 1).slice(0, 7))}>›</button>
      </div>
      <div className="date-picker-grid">
        {weekHeads(lang).map((h) => (
          <span key={h} className="week-head">{h}</span>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <span key={`lead${i}`} />
        ))}
        {Array.from({ length: days }, (_, i) => {
          const v = `${page}-${String(i + 1).padStart(2, '0')}`;
          return (
            <button key={v} type="button" className="day" aria-selected={v === start} disabled={!allowed(v)} data-value={v} onClick={() => onPick(v)}>
              {i + 1}
            </button>
          );
        })}
      </div>
    </div>
  );
}
