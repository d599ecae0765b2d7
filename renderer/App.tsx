// The shell: the route, the signed-in person, the function keys, the status bar. The counter stays
// mounted while another screen is shown, so nothing typed is lost by a look at the queue.
import { useEffect, useState } from 'react';
import { call, type ApiError } from './api';
import { AppProvider, anyDialogOpen, sendKey, useApp, useFKey, type FKey } from './session';
import { Dialog } from './components/Dialog';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ErrorView } from './components/ErrorView';
import { FKeyBar } from './components/FKeyBar';
import { StatusBar } from './components/StatusBar';
import { navigate, useRoute } from './hooks';
import { Bi, both, I18nProvider, useI18n } from './i18n/i18n';
import { Board } from './screens/Board';
import { Counter } from './screens/Counter';
import { Queue } from './screens/Queue';
import { RatesEditor } from './screens/RatesEditor';
import { SignIn } from './screens/SignIn';
import { Trades } from './screens/Trades';
import { DayClose } from './screens/DayClose';
import { Handover } from './screens/Handover';
import { Transfers } from './screens/Transfers';
import { Reports } from './screens/Reports';
import { Reserves } from './screens/Reserves';
import { People } from './screens/People';
import { Calendar } from './screens/Calendar';
import { Screening } from './screens/Screening';
// ---- issue 19 item 7 (inspection and retention) ----
import { Inspection } from './screens/Inspection';
import { SupervisorFields } from './components/SupervisorFields';
import { approve, filled, NO_SUPERVISOR, type SupervisorEntry } from './approval';
import { landing, mayOpen, mayPress } from './access';

export function App() {
  return (
    <I18nProvider>
      <ErrorBoundary>
        <AppProvider>
          <Shell />
        </AppProvider>
      </ErrorBoundary>
    </I18nProvider>
  );
}

// F11 stays the browser's (full screen); F12 is the day close.
const F_KEY = /^F([1-9]|10|12)$/;

function Shell() {
  const route = useRoute();
  const { person, info, infoError, lastTrade, notify, bumpStatus } = useApp();
  const { toggle } = useI18n();
  const [reprintNeedsSupervisor, setReprintNeedsSupervisor] = useState<ApiError>();
  const board = route.name === 'board';

  // Function keys: the browser's own meanings (help, reload, find…) give way to the counter's.
  useEffect(() => {
    if (board) return;
    const on = (e: KeyboardEvent) => {
      if (!F_KEY.test(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      if (anyDialogOpen()) return;
      // Signed out, only F10 applies: the sign-in screen offers 中文/English (F10) in its status
      // bar, and a person chooses the language before signing in (issue 20 item 9).
      if (!person && e.key !== 'F10') return;
      // A key the role has no use for does nothing (its bar does not list it: issue 20 item 2).
      if (person && !mayPress(e.key as FKey, person.role)) return;
      sendKey(e.key as FKey);
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [board, person]);

  const reprintLast = async (supervisor?: SupervisorEntry): Promise<ApiError | undefined> => {
    if (!person) return undefined;
    if (!lastTrade) {
      notify({ kind: 'info', message: both('reprint.noLast') });
      return undefined;
    }
    const input = { receiptNo: lastTrade.receiptNo };
    // From the second copy on, the supervisor approves this reprint of this receipt in place.
    const approval = supervisor ? await approve('trades.reprint', input, supervisor) : undefined;
    if (approval && !approval.ok) return approval.error;
    const r = await call('trades.reprint', { ...input, ...(approval ? { approval: approval.value } : {}) });
    bumpStatus();
    if (r.ok) {
      notify({ kind: 'ok', message: both('reprint.sent', { receiptNo: lastTrade.receiptNo, copy: r.value.copyNo }) });
      return undefined;
    }
    if (r.error.code === 'SUPERVISOR_REQUIRED' && !supervisor) {
      setReprintNeedsSupervisor(r.error);
      return undefined;
    }
    if (!supervisor) notify({ kind: 'error', message: r.error.message, code: r.error.code });
    return r.error;
  };

  // A screen the role may not open: the address goes to the role's work (landing), not left behind.
  const misplaced = person !== undefined && !board && route.name !== 'signin' && !mayOpen(route.name, person.role);
  useEffect(() => {
    if (misplaced && person) navigate(landing(person.role));
  }, [misplaced, person]);

  useFKey((key) => {
    switch (key) {
      case 'F1':
        if (route.name !== 'counter') navigate('counter');
        return;
      case 'F4':
        void reprintLast();
        return;
      case 'F5':
        if (route.name === 'trades') return;
        if (lastTrade) navigate('trades', { void: String(lastTrade.receiptNo) });
        else navigate('trades');
        return;
      case 'F6':
        return navigate('queue');
      case 'F7':
        return navigate('rates');
      case 'F8':
        return navigate('trades');
      case 'F9':
        window.open('#/board', 'rate-board', 'popup');
        return;
      case 'F10':
        return toggle();
      case 'F12':
        return navigate('dayclose');
      case 'F2':
      case 'F3':
        // The counter's own keys (switch direction, to the currency): its handler takes them.
        return undefined;
    }
  });

  if (board) return <Board />;

  // Each role sees the screens its work needs (access.ts, from the method specs' roles): a screen
  // it may not open shows its work instead (the reporters' reports, 第五十一条(一)), and the
  // address follows (the effect above).
  const trades = person !== undefined && mayOpen('counter', person.role);
  const shownRoute = person && !mayOpen(route.name, person.role) ? landing(person.role) : route.name;
  let screen;
  if (!person || route.name === 'signin') screen = <SignIn />;
  else if (shownRoute === 'people') screen = <People />;
  else if (shownRoute === 'trades') {
    const v = Number(route.params.get('void'));
    screen = <Trades key={route.params.toString()} {...(Number.isInteger(v) && v > 0 ? { voidReceiptNo: v } : {})} />;
  } else if (shownRoute === 'rates') screen = <RatesEditor />;
  else if (shownRoute === 'queue') screen = <Queue />;
  else if (shownRoute === 'dayclose') screen = <DayClose key={route.params.get('date') ?? ''} {...(route.params.get('date') ? { date: route.params.get('date')! } : {})} />;
  else if (shownRoute === 'handover') screen = <Handover />;
  else if (shownRoute === 'transfers') screen = <Transfers />;
  else if (shownRoute === 'reserves') screen = <Reserves />;
  else if (shownRoute === 'reports') screen = <Reports />;
  else if (shownRoute === 'calendar') screen = <Calendar />;
  else if (shownRoute === 'screening') screen = <Screening />;
  else if (shownRoute === 'inspection') screen = <Inspection />;

  return (
    <div className={`shell ${info?.training ? 'is-training' : ''}`}>
      {info?.training && (
        <div className="training-stripe" data-testid="training-stripe">
          <Bi k="trainingMode" /> <span className="small">{both('trainingMode.note').zh} {both('trainingMode.note').en}</span>
        </div>
      )}
      {infoError && <ErrorView error={infoError} testId="session-error" />}
      <main className="main">
        {trades && <Counter visible={shownRoute === 'counter' && screen === undefined} />}
        {screen}
      </main>
      {person && <FKeyBar />}
      <StatusBar />
      {reprintNeedsSupervisor && (
        <SupervisorDialog
          error={reprintNeedsSupervisor}
          onClose={() => setReprintNeedsSupervisor(undefined)}
          onSubmit={async (sup) => {
            const err = await reprintLast(sup);
            if (!err) setReprintNeedsSupervisor(undefined);
            return err;
          }}
        />
      )}
    </div>
  );
}

function SupervisorDialog({ error, onClose, onSubmit }: { error: ApiError; onClose(): void; onSubmit(supervisor: SupervisorEntry): Promise<ApiError | undefined> }) {
  const { t } = useI18n();
  const [supervisor, setSupervisor] = useState<SupervisorEntry>(NO_SUPERVISOR);
  const [failed, setFailed] = useState<ApiError>();
  const submit = async () => {
    if (!filled(supervisor)) return;
    setSupervisor({ ...supervisor, password: '' });
    setFailed(await onSubmit(supervisor));
  };
  return (
    <Dialog title={<Bi k="supervisor.title" />} onClose={onClose} testId="supervisor-dialog">
      <ErrorView error={failed ?? error} testId="supervisor-error" />
      <SupervisorFields value={supervisor} onChange={setSupervisor} onEnter={() => void submit()} testId="supervisor-id" />
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('action.cancel')} <kbd>Esc</kbd>
        </button>
        <button type="button" className="primary" data-testid="supervisor-submit" onClick={() => void submit()}>
          <Bi k="action.approve" />
        </button>
      </div>
    </Dialog>
  );
}
