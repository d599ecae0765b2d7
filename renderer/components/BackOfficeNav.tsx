// The back-office screens, one tab each: the day close (F12), the till handover, notes between
// counters (调拨), reserves, the
// reports and the holiday calendar (a manager's: calendar.load). A tab the signed-in person's role may not use is not shown (shared/api/roles.ts); the
// Terminal refuses such a call anyway.
import '../styles/backoffice.css';
import { mayCall } from '../../shared/api';
import type { MethodName } from '../../shared/api';
import { navigate, type RouteName } from '../hooks';
import { useApp } from '../session';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const TABS: readonly { route: RouteName; label: MessageKey; needs: MethodName; key?: string }[] = [
  { route: 'dayclose', label: 'backOffice.dayClose', needs: 'dayClose.prepare', key: 'F12' },
  { route: 'handover', label: 'backOffice.handover', needs: 'cash.handover' },
  { route: 'transfers', label: 'backOffice.transfers', needs: 'cash.transfers' },
  { route: 'reserves', label: 'backOffice.reserves', needs: 'reserves.accounts' },
  { route: 'reports', label: 'backOffice.reports', needs: 'reports.form1' },
  { route: 'calendar', label: 'backOffice.calendar', needs: 'calendar.load' },
  // Watch-list screening (第五十四条): the lists and the hits a supervisor examines.
  { route: 'screening', label: 'backOffice.screening', needs: 'screening.hits' },
  // issue 19 item 7: 检查 Inspection (第四十九条)
  { route: 'inspection', label: 'backOffice.inspection', needs: 'journal.search' },
];

export function BackOfficeNav({ current }: { current: RouteName }) {
  const { t } = useI18n();
  const { person } = useApp();
  const tabs = TABS.filter((tab) => !person || mayCall(tab.needs, person.role));
  return (
    <nav className="tabs back-office-nav no-print" aria-label={t('backOffice.title')}>
      {tabs.map((tab) => (
        <button
          key={tab.route}
          type="button"
          role="tab"
          aria-selected={current === tab.route}
          className={current === tab.route ? 'on' : ''}
          data-testid={`nav-${tab.route}`}
          onClick={() => navigate(tab.route)}
        >
          {t(tab.label)}
          {tab.key && <kbd>{tab.key}</kbd>}
        </button>
      ))}
    </nav>
  );
}
