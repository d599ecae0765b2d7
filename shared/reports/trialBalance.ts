// The trial balance (试算平衡表, 会计核算): every account's balance at the end of a day, per currency,
// checked to balance (debits equal credits in each currency: double entry) before it is shown.
// Composed from account balances gathered by a counter from its ledger or by the hub over an
// outlet's counters or the institution's.
import { Refusal } from '../errors';
import { RMB } from '../money/currencies';
import { fromMinor } from '../money/money';
import { checkPeriod } from './form1';
import type { AccountBalance } from './inputs';
import type { OutletHeader, TrialBalance } from './types';

export function composeTrialBalance(outlet: OutletHeader, date: string, balances: readonly AccountBalance[]): TrialBalance {
  checkPeriod(date, date);
  const rows = balances.filter((b) => b.minor !== 0n);
  const sums = new Map<string, bigint>();
  for (const b of rows) sums.set(b.currency, (sums.get(b.currency) ?? 0n) + b.minor);
  // Double entry per currency: debits equal credits.
  for (const [currency, total] of sums) {
    if (total !== 0n) throw new Refusal('REPORT_IDENTITY_BROKEN', { form: `试算平衡表 ${currency}`, identity: '借方合计 = 贷方合计' });
  }
  const sorted = [...rows].sort((a, b) => (a.currency === b.currency ? a.account.localeCompare(b.account) : a.currency === RMB ? -1 : b.currency === RMB ? 1 : a.currency.localeCompare(b.currency)));
  return {
    form: 'trialBalance',
    outlet,
    asOf: date,
    rows: sorted.map((b) => ({
      account: b.account,
      kind: b.kind,
      currency: b.currency,
      debit: fromMinor(b.minor > 0n ? b.minor : 0n, b.currency).toString(),
      credit: fromMinor(b.minor < 0n ? -b.minor : 0n, b.currency).toString(),
      balance: fromMinor(b.minor, b.currency).toString(),
    })),
  };
}
