// What a role sees (issue 20 item 2): each screen and each function key is named by the method its
// work needs, and shown to a role only when the method specs (shared/api, ACCESS) let that role call
// it. No second list of roles is kept here, so the screens cannot drift from what the Terminal
// allows: a method's roles changed in its spec change what the screens show.
import { mayCall, type MethodName, type Role } from '../shared/api';
import type { RouteName } from './hooks';
import type { FKey } from './session';

/**
 * The method a screen's work needs: the counter quotes, the back-office tabs read their data. Null:
 * the screen is anyone's (sign-in, the customer board, one's own password under People).
 */
export const SCREEN_NEEDS: { readonly [R in RouteName]: MethodName | null } = {
  signin: null,
  board: null,
  people: null,
  counter: 'trades.quote',
  trades: 'trades.list',
  // The counter's rate board: the teller reads it there; setting a rate (rates.set) is a form on it.
  rates: 'trades.quote',
  queue: 'queue.list',
  dayclose: 'dayClose.prepare',
  handover: 'cash.handover',
  transfers: 'cash.transfers',
  reserves: 'reserves.accounts',
  reports: 'reports.form1',
  calendar: 'calendar.load',
  screening: 'screening.hits',
  inspection: 'journal.search',
};

/** What a function key does needs: the counter's keys the counter's methods. Null: anyone's (F10). */
export const FKEY_NEEDS: { readonly [K in FKey]: MethodName | null } = {
  F1: 'trades.quote',
  F2: 'trades.quote',
  F3: 'trades.quote',
  F4: 'trades.reprint',
  F5: 'trades.void',
  F6: SCREEN_NEEDS.queue,
  F7: SCREEN_NEEDS.rates,
  F8: SCREEN_NEEDS.trades,
  // The customer rate board is the counter's second screen.
  F9: 'trades.quote',
  F10: null,
  F12: SCREEN_NEEDS.dayclose,
};

export function mayOpen(route: RouteName, role: Role): boolean {
  const need = SCREEN_NEEDS[route];
  return need === null || mayCall(need, role);
}

export function mayPress(key: FKey, role: Role): boolean {
  const need = FKEY_NEEDS[key];
  return need === null || mayCall(need, role);
}

/**
 * Where a role lands after signing in, and where a screen it may not open sends it: its work. The
 * counter for those who trade, the reports for the statistics reporters (第五十一条(一)), else the
 * person's own page.
 */
export function landing(role: Role): RouteName {
  return (['counter', 'reports', 'inspection'] as const).find((r) => mayOpen(r, role)) ?? 'people';
}
