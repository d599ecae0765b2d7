// What the reports are made of, gathered by whoever holds the books: a counter from its ledger
// (electron/reports/), the hub from its per-day aggregates over any set of counters (hub/reports/).
// The forms are composed from these by one pure function each (form1.ts, form2.ts, trialBalance.ts),
// so a counter's report and the hub's for the same outlet are the same numbers by construction, and
// test/hub-reports.test.ts holds that the gathered inputs agree.

export interface TradeFlow {
  residency: 'domestic' | 'foreign';
  direction: 'settlement' | 'purchase';
  /** realtime / backfill (delivered) / notEntered (exempt, or a back-fill never delivered). */
  entry: 'realtime' | 'backfill' | 'notEntered';
  currency: string;
  foreignMinor: bigint;
  /** RMB that changed hands: paid out for a settlement (rmb − fee), taken in for a purchase (rmb + fee). */
  rmbCashMinor: bigint;
  count: number;
}

export type Channel = 'internal' | 'other_institution' | 'bank' | 'transfer';

export interface MovementLeg {
  channel: Channel;
  currency: string;
  /** Into the reserves (调入/转入) or out of them (调出/转出). */
  way: 'in' | 'out';
  minor: bigint;
  count: number;
}

/** Reserves of a currency at the end of a day: cash on hand (till, safe, cheques) and reserve accounts. */
export interface ReserveSum {
  cash: bigint;
  accounts: bigint;
}
export type Reserves = Map<string, ReserveSum>;

/** The account kinds that are reserves (备付金, 第三十八条): cash on hand, and the reserve accounts. */
export const CASH_KINDS: ReadonlySet<string> = new Set(['cash', 'safe', 'travellers_cheques']);
export const RESERVE_ACCOUNT_KIND = 'reserve_account';

/** An account's kind from its id (`kind:currency`, or `reserve_account:<id>`), as the ledger names them. */
export function kindOfAccount(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? id : id.slice(0, colon);
}

export interface AccountBalance {
  account: string;
  kind: string;
  currency: string;
  minor: bigint;
}

/** Reserves per currency from account balances. */
export function reservesOf(balances: Iterable<AccountBalance>): Reserves {
  const out: Reserves = new Map();
  for (const b of balances) {
    const cash = CASH_KINDS.has(b.kind);
    if (!cash && b.kind !== RESERVE_ACCOUNT_KIND) continue;
    const slot = out.get(b.currency) ?? { cash: 0n, accounts: 0n };
    if (cash) slot.cash += b.minor;
    else slot.accounts += b.minor;
    out.set(b.currency, slot);
  }
  return out;
}

/** The first and last day of a month YYYY-MM. */
export function monthDays(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(days).padStart(2, '0')}` };
}
