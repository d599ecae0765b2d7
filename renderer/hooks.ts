// Small hooks the screens share: the hash route, polling the Terminal, focus that returns after a
// dialog.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export type RouteName = 'signin' | 'counter' | 'trades' | 'rates' | 'queue' | 'board' | 'dayclose' | 'handover' | 'transfers' | 'reserves' | 'reports' | 'calendar' | 'people' | 'screening' | 'inspection';
const ROUTES: readonly RouteName[] = ['signin', 'counter', 'trades', 'rates', 'queue', 'board', 'dayclose', 'handover', 'transfers', 'reserves', 'reports', 'calendar', 'people', 'screening', 'inspection'];

export interface Route {
  name: RouteName;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const name = (ROUTES as readonly string[]).includes(path) ? (path as RouteName) : 'counter';
  return { name, params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(to: RouteName, params?: Record<string, string>): void {
  const query = params ? `?${new URLSearchParams(params).toString()}` : '';
  window.location.hash = `#/${to}${query}`;
}

/**
 * Calls `load` now and every `ms` while mounted; `refresh` calls it at once. The last answer stays
 * on screen while the next one is on its way.
 */
export function usePoll<T>(load: () => Promise<T>, ms: number): { value: T | undefined; refresh: () => void } {
  const [value, setValue] = useState<T>();
  const loadRef = useRef(load);
  loadRef.current = load;
  const alive = useRef(true);
  const seq = useRef(0);
  const refresh = useCallback(() => {
    const n = ++seq.current;
    void loadRef.current().then((v) => {
      if (alive.current && n === seq.current) setValue(v);
    });
  }, []);
  useEffect(() => {
    alive.current = true;
    refresh();
    const timer = setInterval(refresh, ms);
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [ms, refresh]);
  return { value, refresh };
}

/**
 * Remembers what had focus when a dialog opened, and gives it back when the dialog closes (at
 * once, in the same commit, so a key pressed right after lands there). When that element is gone
 * (the voided row's button), `fallback` names where focus goes instead.
 */
export function useFocusReturn(open: boolean, fallback?: () => HTMLElement | null | undefined): void {
  const fallbackRef = useRef(fallback);
  fallbackRef.current = fallback;
  useLayoutEffect(() => {
    if (!open) return;
    const before = document.activeElement;
    return () => {
      if (before instanceof HTMLElement && before.isConnected && !before.hasAttribute('disabled') && before.offsetParent !== null) before.focus();
      else fallbackRef.current?.()?.focus();
    };
  }, [open]);
}
