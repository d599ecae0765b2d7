// Checks a trade and its void share: enough cash for what is paid out, and a supervisor where one
// is needed (the dispatcher checked the approval; four eyes: never the person who asked).
import { Refusal, type Message } from '../../../shared/errors';
import { fromMinor, formatAmount } from '../../../shared/money/money';
import { balanceMinor, type Posting } from '../../ledger/accounts';
import type { Database } from '../../ledger/sql';

/** Refuses postings that would take cash on hand below zero, with a message that says by how much. */
export function checkCash(db: Database, postings: Posting[], code: 'CASH_INSUFFICIENT' | 'VOID_CASH_INSUFFICIENT'): void {
  for (const p of postings) {
    if (p.kind !== 'cash' || p.amountMinor >= 0n) continue;
    const available = balanceMinor(db, 'cash', p.currency);
    if (available + p.amountMinor < 0n) {
      throw new Refusal(code, {
        currency: p.currency,
        available: `${p.currency} ${formatAmount(fromMinor(available, p.currency), p.currency)}`,
        needed: `${p.currency} ${formatAmount(fromMinor(-p.amountMinor, p.currency), p.currency)}`,
      });
    }
  }
}

/** A supervisor's approval: present, and never the person who asked. */
export function requireSupervisor(actor: string, approver: string | undefined, why: Message, code?: string): string {
  // The words of the refusal (issue 20 item 3): what needs the approval, in each language; `why`
  // keeps the internal name (a prompt's code) for support.
  if (!approver || approver.toLowerCase() === actor.toLowerCase()) throw new Refusal('SUPERVISOR_REQUIRED', { why: code ?? why.en, whyZh: why.zh, whyEn: why.en });
  return approver;
}
