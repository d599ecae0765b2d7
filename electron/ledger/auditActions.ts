// Every action the audit trail records, in one list (issue 15): an entry's action is one of these,
// checked at compile time wherever audit() is called, so the supervisor's filter (audit.list) and
// an auditor reading the trail meet one vocabulary.
//
// The style: `<entity>.<verb>` in camelCase, the entity in the singular (trade, person, receipt,
// customer, rate, policy, outlet, …), an outcome after a third dot (`auth.signIn.refused`). The
// customer is `customer`; a person is one of the staff (glossary). A few actions were named before
// this list in another style (snake_case outcomes of the monitoring system, `reserves.<kind>` after
// the movement's kind in the ledger): they stay as they are, because an action is part of every
// entry's hash and of what auditors filter by, and renaming it would split one action's history
// across two names. New actions follow the style.
import type { ReserveMovementTable } from './schema';

export const AUDIT_ACTIONS = [
  // sessions and approvals
  'auth.signIn', 'auth.signIn.refused', 'auth.signIn.failed', 'auth.signOut',
  'auth.approve.failed', 'auth.approve.refused', 'auth.approve.throttled',
  // the staff
  'person.create', 'person.disable', 'person.lock', 'person.unlock', 'person.setPassword', 'person.setPassword.failed',
  // reference data pulled from the institution's hub (issue 16): a person as the hub has them; the version applied
  'person.fromHub', 'hub.pulled',
  // the outlet and its reference data
  'outlet.init', 'outlet.update', 'policy.load', 'rate.set', 'conversionRates.import', 'calendar.load',
  // a currency's filing with SAFE (第三十四条; issue 19 item 3, branch i19-listing-tc)
  'rates.listCurrency',
  // trades, customers, receipts
  'customer.create', 'customer.update', 'trade.attempt', 'trade.commit', 'trade.void', 'trade.paperEntry',
  'receipt.reprint', 'receipt.printed', 'receipt.print_failed',
  // issue 19 item 2: a refund on a later day (trades/refund.ts)
  'trade.refund',
  // receipt books from the institution's hub (第三十五条(三) 登记领用): this counter's, taken and given back
  'receiptBook.received', 'receiptBook.returned',
  // the monitoring system
  'monitoring.delivered', 'monitoring.needs_attention', 'monitoring.retry', 'monitoring.resolve',
  'monitoring.intent_abandoned', 'monitoring.intent_committed', 'monitoring.intent_not_made',
  'monitoring.intent_cancelled', 'monitoring.intent_not_at_safe',
  // cash, reserves, the day
  'cash.handover', 'cash.transferSend', 'cash.transferReceive', 'cash.transferIncoming', 'cash.transferCleared',
  'reserves.setBasicAccount', 'reserves.openAccount', 'dayClose.close', 'dayClose.print', 'dayClose.outletClosed',
  // the ledger itself
  'audit.breakExamined', 'backup.create', 'backup.failed', 'ledger.restore', 'clock.confirm',
  // watch-list screening (第五十四条): a list version imported, a hit found at the quote, a supervisor's decision on it
  'screening.import', 'screening.hit', 'screening.examine',
  // ---- issue 19 item 7 (inspection and retention, 第四十九条): a search by customer and an export
  // of the journal (who looked for whom, when); the day's archive made, and a copy taken of it ----
  'journal.searchCustomer', 'journal.export', 'archive.made', 'archive.get',
] as const;

/** A reserve movement is audited under its kind (reserves.transfer_in, reserves.float_in, …). */
export type ReserveMovementAction = `reserves.${ReserveMovementTable['kind']}`;

export type AuditAction = (typeof AUDIT_ACTIONS)[number] | ReserveMovementAction;

// ---- issue 21 (fewer pages per trade): the audit trail's index by action leaves out the actions
// a counter writes at every trade (migration 027). A query by any other action says this condition
// too (auditByAction), so SQLite plans it onto that partial index; a query by one of these reads
// the trail by time. The list must be migration 027's (test/query-plans.test.ts checks it). ----
export const AUDIT_BY_ACTION_SKIPS = ['trade.commit', 'trade.attempt', 'customer.create', 'customer.update', 'monitoring.delivered', 'receipt.printed'] as const satisfies readonly AuditAction[];

/** The partial index's condition, as SQL text (the same expression as migration 027's). */
export const AUDIT_BY_ACTION_CONDITION = `action NOT IN (${AUDIT_BY_ACTION_SKIPS.map((a) => `'${a}'`).join(', ')})`;

/** Whether a query by this action can use audit_log_by_action (else it reads by time). */
export const indexedByAction = (action: string): boolean => !(AUDIT_BY_ACTION_SKIPS as readonly string[]).includes(action);
