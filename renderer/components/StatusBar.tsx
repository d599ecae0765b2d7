// The status bar at the bottom of every teller screen (counter-ux.md): training mode, the
// monitoring system online/offline with the last contact, the back-fill queue with its nearest
// deadline, rows needing attention, the printer, the business date and the signed-in teller; from
// 1 December (the business date, never this PC's clock) a warning while next year's holiday
// notice is not loaded, so 附表2 of December would have only a provisional due date; with a hub,
// whether it is heard, what is not yet sent to it and how old the people and rates pulled are.
import { useEffect } from 'react';
import { mayCall } from '../../shared/api';
import { call } from '../api';
import { useApp } from '../session';
import { time, dateTime } from '../format';
import { navigate, usePoll } from '../hooks';
import { Bi, both, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { PrinterState } from '../apiTypes';

const PRINTER_WORDS: Record<PrinterState, MessageKey> = {
  ready: 'printer.ready',
  paperNearEnd: 'printer.paperNearEnd',
  paperOut: 'printer.paperOut',
  coverOpen: 'printer.coverOpen',
  error: 'printer.error',
  noAnswer: 'printer.noAnswer',
};
const PRINTER_LEVEL: Record<PrinterState, 'ok' | 'warn' | 'bad'> = {
  ready: 'ok', paperNearEnd: 'warn', paperOut: 'bad', coverOpen: 'bad', error: 'bad', noAnswer: 'bad',
};

type HubState = 'online' | 'offline' | 'refused' | 'notEnrolled';
const HUB_WORDS: Record<HubState, MessageKey> = {
  online: 'status.hubOnline', offline: 'status.hubOffline', refused: 'status.hubRefused', notEnrolled: 'status.hubNotEnrolled',
};

export function StatusBar() {
  const { t } = useI18n();
  const { info, person, statusTick, signOut, notice } = useApp();
  const { lang, toggle } = useI18n();
  // Only with a session (the sign-in screen has none). These polls do not keep a session alive:
  // after 15 minutes without a person's call the next poll hears SESSION_EXPIRED (api.ts).
  // What the role's work uses (issue 20 item 2, from the method specs' roles): a reporter's bar has
  // no queue, monitoring system or printer, which are the counter's.
  const staff = person !== undefined && mayCall('queue.status', person.role);
  const printing = person !== undefined && mayCall('printer.status', person.role);
  const counterItems = !person || staff;
  const queue = usePoll(() => (staff ? call('queue.status', {}) : Promise.resolve(undefined)), 3_000);
  const printer = usePoll(() => (printing ? call('printer.status', {}) : Promise.resolve(undefined)), 5_000);
  const { refresh: refreshQueue } = queue;
  const { refresh: refreshPrinter } = printer;
  // At once after something the bar shows was done (a trade, a sync), and when the person changes.
  useEffect(() => {
    if (statusTick === 0) return;
    refreshQueue();
    refreshPrinter();
  }, [statusTick, staff, printing, refreshQueue, refreshPrinter]);

  const q = queue.value?.ok ? queue.value.value : undefined;
  const m = q?.monitoring;
  const monitoringState = !q ? 'unknown' : !m?.configured ? 'none' : m.online === true ? 'online' : m.online === false ? 'offline' : 'unknown';
  const monitoringKey: MessageKey = {
    online: 'status.monitoringOnline', offline: 'status.monitoringOffline', unknown: 'status.monitoringNotContacted', none: 'status.monitoringNone',
  }[monitoringState] as MessageKey;

  const p = printer.value?.ok ? printer.value.value : undefined;
  const pState = p?.state;
  const printerKey: MessageKey = !p ? 'printer.unknown' : !p.configured ? 'printer.none' : pState ? PRINTER_WORDS[pState] : 'printer.unknown';
  const printerLevel = pState ? PRINTER_LEVEL[pState] : 'warn';
  const failedPrints = p?.failedJobs.length ?? 0;
  const attention = q?.needsAttention.length ?? 0;
  // The institution's hub (issue 16): connected, offline (the counter trades on; what it shows of
  // people and rates is as of the last pull), or refusing (a revoked or re-installed PC: HQ acts).
  const hub = info?.hub;
  const hubState: HubState = !hub ? 'offline' : !hub.enrolled && !hub.problem ? 'notEnrolled' : !hub.problem ? 'online' : hub.problem.code === 'HUB_UNREACHABLE' ? 'offline' : 'refused';
  const alerts = q?.alerts.length ?? 0;

  return (
    <footer className="status-bar" data-testid="status-bar">
      {notice && (
        <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span lang="zh-CN">{notice.message.zh}</span> <span lang="en" className="bi-en">{notice.message.en}</span>
          {notice.code && <span className="error-code"> {notice.code}</span>}
        </div>
      )}
      <div className="status-items">
        {info?.training && (
          <span className="status-item training" data-testid="status-training">
            <Bi k="trainingMode" />
          </span>
        )}
        {counterItems && <>
        <button
          type="button"
          className={`status-item monitoring-${monitoringState}`}
          data-testid="status-monitoring"
          data-online={monitoringState}
          onClick={() => navigate('queue')}
          tabIndex={-1}
        >
          <span className="dot" aria-hidden="true" />
          {t(monitoringKey)}
          {m?.lastContactAt && <span className="sub"> · {t('status.lastContact', { time: time(m.lastContactAt) })}</span>}
        </button>
        <button
          type="button"
          className={`status-item ${q && q.pending > 0 ? 'warn' : ''}`}
          data-testid="status-queue-pending"
          data-count={q?.pending ?? ''}
          onClick={() => navigate('queue')}
          tabIndex={-1}
        >
          {t('status.queuePending', { n: q?.pending ?? '—' })}
          {q?.nearestDeadline && <span className="sub" data-testid="status-deadline"> · {t('status.nearestDeadline', { time: dateTime(q.nearestDeadline) })}</span>}
        </button>
        <button
          type="button"
          className={`status-item ${attention + alerts > 0 ? 'bad' : ''}`}
          data-testid="status-attention"
          data-count={attention}
          onClick={() => navigate('queue')}
          tabIndex={-1}
        >
          {t('status.needsAttention', { n: attention })}
          {alerts > 0 && <span className="sub"> · {t('status.nearDeadline', { n: alerts })}</span>}
        </button>
        </>}
        {hub && (
          <span
            className={`status-item ${hubState === 'online' ? '' : hubState === 'offline' ? 'warn' : 'bad'}`}
            data-testid="status-hub"
            data-state={hubState}
            title={hub.problem ? `${hub.problem.message.zh} ${hub.problem.message.en} (${hub.problem.code})` : undefined}
          >
            {t(HUB_WORDS[hubState])}
            {hub.eventsBehind !== undefined && hub.eventsBehind > 0 && <span className="sub"> · {t('status.hubBehind', { n: hub.eventsBehind })}</span>}
            {hub.referencePulledAt && hubState !== 'online' && <span className="sub"> · {t('status.hubPulled', { time: dateTime(hub.referencePulledAt) })}</span>}
          </span>
        )}
        {(!person || printing) && <span className={`status-item printer-${printerLevel}`} data-testid="status-printer" data-state={pState ?? (p && !p.configured ? 'none' : 'unknown')}>
          {t('status.printer')}: {t(printerKey)}
          {failedPrints > 0 && <span className="sub"> · {t('status.failedPrints', { n: failedPrints })}</span>}
        </span>}
        {info?.calendarMissingYear !== undefined && (
          <button
            type="button"
            className="status-item warn long"
            data-testid="status-calendar-missing"
            data-year={info.calendarMissingYear}
            title={`${both('status.calendarMissing', { year: info.calendarMissingYear }).zh} ${both('status.calendarMissing', { year: info.calendarMissingYear }).en}`}
            tabIndex={-1}
            onClick={() => {
              if (person && mayCall('calendar.load', person.role)) navigate('calendar');
            }}
          >
            <Bi k="status.calendarMissing" vars={{ year: info.calendarMissingYear }} />
          </button>
        )}
        <span className="status-item" data-testid="status-date">
          {t('status.businessDate')} {info?.businessDate ?? '—'}
        </span>
        {/* Issue 20 item 1: the closed day, beside its date (trades are refused until the next day). */}
        {info?.dayClosed && (
          <span className="status-item day-closed" data-testid="status-day-closed">
            {t('dayClosed.mark')}
          </span>
        )}
        {person && (
          <span className="status-item" data-testid="status-teller">
            <span data-testid="status-role" data-role={person.role}>{t(`role.${person.role}` as const)}</span> {person.id}
            <button type="button" className="link" tabIndex={-1} data-testid="people-link" onClick={() => navigate('people')}>
              {t('action.people')}
            </button>
            <button type="button" className="link" tabIndex={-1} data-testid="sign-out" onClick={() => { signOut(); navigate('signin'); }}>
              {t('action.signOut')}
            </button>
          </span>
        )}
        <button type="button" className="status-item lang" tabIndex={-1} onClick={toggle} data-testid="lang-switch">
          {lang === 'zh' ? 'English' : '中文'} (F10)
        </button>
      </div>
    </footer>
  );
}
