// What every screen shares: the signed-in person, the session (training mode, business date,
// currencies), the last trade (for F4 reprint and F5 void), a notice line, and the function keys.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Role } from '../shared/api';
import type { Message } from '../shared/errors';
import { call, onSignedOut, setSession, type ApiError, type ApiErrorCode } from './api';
import type { SessionInfo } from './apiTypes';

export type { Role };
/** The signed-in person, as auth.signIn answered (the session itself stays in api.ts). */
export interface Person {
  id: string;
  name: string;
  role: Role;
}

export interface Notice {
  kind: 'ok' | 'error' | 'info';
  message: Message;
  code?: ApiErrorCode;
}

export interface LastTrade {
  tradeId: string;
  receiptNo: number;
}

interface AppState {
  person: Person | undefined;
  /** After auth.signIn: the person and their session. */
  signIn(p: Person, session: string): void;
  /** auth.signOut, and back to the sign-in screen. */
  signOut(): void;
  info: SessionInfo | undefined;
  infoError: ApiError | undefined;
  /** Asks session.info again now (after something it reports changed: a calendar loaded). */
  refreshInfo(): void;
  lastTrade: LastTrade | undefined;
  setLastTrade(t: LastTrade): void;
  notice: Notice | undefined;
  notify(n: Notice | undefined): void;
  /** Changes whenever something was done that the status bar should show at once. */
  statusTick: number;
  bumpStatus(): void;
}

const Ctx = createContext<AppState | undefined>(undefined);
const LAST_TRADE_KEY = 'terminal.lastTrade';

function readStored<T>(key: string): T | undefined {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

function store(key: string, value: unknown): void {
  try {
    if (value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage unavailable: state still lives in memory
  }
}

export function AppProvider({ children }: { children: ReactNode }) {
  // In memory only: a reload, like the Terminal's own restart, signs out.
  const [person, setPerson] = useState<Person | undefined>();
  const [info, setInfo] = useState<SessionInfo>();
  const [infoError, setInfoError] = useState<ApiError>();
  const [lastTrade, setLast] = useState<LastTrade | undefined>(() => readStored<LastTrade>(LAST_TRADE_KEY));
  const [notice, setNotice] = useState<Notice>();
  const [statusTick, setTick] = useState(0);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const loadInfo = useRef<() => void>(() => {});

  useEffect(() => {
    let alive = true;
    let seq = 0;
    const load = () => {
      const n = ++seq;
      void call('session.info', {}).then((r) => {
        if (!alive || n !== seq) return;
        if (r.ok) {
          setInfo(r.value);
          setInfoError(undefined);
        } else setInfoError(r.error);
      });
    };
    loadInfo.current = load;
    load();
    // The business date turns at midnight in China; training mode never changes while running.
    const timer = setInterval(load, 30_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  const refreshInfo = useCallback(() => loadInfo.current(), []);
  // Issue 20 item 1: something the status bar shows was done (a day closed, a trade): the session's
  // facts are asked again too, so the closed day is shown at once, not at the next half minute.
  useEffect(() => {
    if (statusTick > 0) loadInfo.current();
  }, [statusTick]);
  // Stable, so an effect that calls them is not run again because the status bar ticked.
  const setLastTrade = useCallback((t: LastTrade) => {
    store(LAST_TRADE_KEY, t);
    setLast(t);
  }, []);
  const bumpStatus = useCallback(() => setTick((n) => n + 1), []);

  const notify = useCallback((n: Notice | undefined) => {
    setNotice(n);
    clearTimeout(noticeTimer.current);
    if (n && n.kind !== 'error') noticeTimer.current = setTimeout(() => setNotice(undefined), 8_000);
  }, []);

  // Signed out by the Terminal (15 minutes without a call, a disabled person): back to sign-in,
  // saying why. The status bar's polls find out within seconds even when nobody types.
  useEffect(
    () =>
      onSignedOut((why) => {
        setPerson(undefined);
        notify({ kind: 'info', message: why.message, code: why.code });
      }),
    [notify],
  );

  const value = useMemo<AppState>(
    () => ({
      person,
      signIn: (p, session) => {
        setSession(session);
        setPerson(p);
      },
      signOut: () => {
        void call('auth.signOut', {});
        setSession(undefined);
        setPerson(undefined);
      },
      info,
      infoError,
      refreshInfo,
      lastTrade,
      setLastTrade,
      notice,
      notify,
      statusTick,
      bumpStatus,
    }),
    [person, info, infoError, refreshInfo, lastTrade, setLastTrade, notice, notify, statusTick, bumpStatus],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useApp(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useApp outside AppProvider');
  return v;
}

// ---- function keys ----

/** The function keys, as the F-key bar shows them and the screens receive them. */
export type FKey = 'F1' | 'F2' | 'F3' | 'F4' | 'F5' | 'F6' | 'F7' | 'F8' | 'F9' | 'F10' | 'F12';
const KEY_EVENT = 'terminal-key';

/** Open dialogs take the keyboard: function keys wait until they close. */
let openDialogs = 0;
export function dialogOpened(): () => void {
  openDialogs++;
  return () => {
    openDialogs--;
  };
}
export function anyDialogOpen(): boolean {
  return openDialogs > 0;
}

export function sendKey(key: FKey): void {
  window.dispatchEvent(new CustomEvent<FKey>(KEY_EVENT, { detail: key }));
}

/** A screen's handler for the function keys meant for it (F2, F3 on the counter, …). */
export function useFKey(handler: (key: FKey) => boolean | void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const on = (e: Event) => void ref.current((e as CustomEvent<FKey>).detail);
    window.addEventListener(KEY_EVENT, on);
    return () => window.removeEventListener(KEY_EVENT, on);
  }, []);
}
