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
import { EnterField } from './components/EnterField';

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

const F_KEY = /^F([1-9]|10)$/;

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
      if (anyDialogOpen() || !person) return;
      sendKey(e.key as FKey);
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [board, person]);

  const reprintLast = async (supervisorId?: string): Promise<ApiError | undefined> => {
    if (!person) return undefined;
    if (!lastTrade) {
      notify({ kind: 'info', message: both('reprint.noLast') });
      return undefined;
    }
    const r = await call('trades.reprint', { receiptNo: lastTrade.receiptNo, tellerId: person.id, ...(supervisorId ? { supervisorId } : {}) });
    bumpStatus();
    if (r.ok) {
      notify({ kind: 'ok', message: both('reprint.sent', { receiptNo: lastTrade.receiptNo, copy: r.value.copyNo }) });
      return undefined;
    }
    if (r.error.code === 'SUPERVISOR_REQUIRED' && !supervisorId) {
      setReprintNeedsSupervisor(r.error);
      return undefined;
    }
    if (!supervisorId) notify({ kind: 'error', message: r.error.message, code: r.error.code });
    return r.error;
  };

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
      default:
        return undefined;
    }
  });

  if (board) return <Board />;

  let screen;
  if (!person || route.name === 'signin') screen = <SignIn />;
  else if (route.name === 'trades') {
    const v = Number(route.params.get('void'));
    screen = <Trades key={route.params.toString()} {...(Number.isInteger(v) && v > 0 ? { voidReceiptNo: v } : {})} />;
  } else if (route.name === 'rates') screen = <RatesEditor />;
  else if (route.name === 'queue') screen = <Queue />;

  return (
    <div className={`shell ${info?.training ? 'is-training' : ''}`}>
      {info?.training && (
        <div className="training-stripe" data-testid="training-stripe">
          <Bi k="trainingMode" /> <span className="small">{both('trainingMode.note').zh} {both('trainingMode.note').en}</span>
        </div>
      )}
      {infoError && <ErrorView error={infoError} testId="session-error" />}
      <main className="main">
        {person && <Counter visible={route.name === 'counter' && screen === undefined} />}
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

function SupervisorDialog({ error, onClose, onSubmit }: { error: ApiError; onClose(): void; onSubmit(supervisorId: string): Promise<ApiError | undefined> }) {
  const { t } = useI18n();
  const [supervisorId, setSupervisorId] = useState('');
  const [failed, setFailed] = useState<ApiError>();
  const submit = async () => {
    if (supervisorId.trim()) setFailed(await onSubmit(supervisorId.trim()));
  };
  return (
    <Dialog title={<Bi k="supervisor.title" />} onClose={onClose} testId="supervisor-dialog">
      <ErrorView error={failed ?? error} />
      <EnterField label={t('quote.supervisorApproval')} value={supervisorId} onChange={setSupervisorId} onEnter={() => void submit()} testId="supervisor-id" />
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
