// A trade as the ledger holds it, written once for the two ways a trade comes in: the counter's
// commit (commit.ts) and a paper receipt entered under its own number after a restore (paper.ts).
// The row, its postings, its notes and its customer; each runs inside the caller's transaction.
import { DEFAULT_FUND_ATTRIBUTE } from '../../../shared/codeLists';
import { RMB } from '../../../shared/money/currencies';
import { greedyNotes, type Notes } from '../../../shared/money/denominations';
import { toMinor } from '../../../shared/money/money';
import { monitoringTradeType } from '../../../shared/rules/tradeKind';
import type { CommitRequest } from '../../../shared/api';
import type { Posting } from '../../ledger/accounts';
import { audit } from '../../ledger/audit';
import { checkTotal, moveNotes, notesOut, parseNotes } from '../../ledger/notes';
import type { TradeTable } from '../../ledger/schema';
import { compiled, insertRows, q, run, type Database } from '../../ledger/sql';
import type { Services } from '../services';
import type { Evaluation } from './facts';

/** How the trade was entered at SAFE before it was written: by the adapter (42), on SAFE's page (41), or by a PC since lost (null). */
export interface Entered {
  channel: '41' | '42' | null;
  refNo: string;
}

/** A reference number SAFE gave (the page-mode fallback's, or one found there for a paper receipt). */
export const PAGE_REF_NO = /^[0-9A-Za-z-]{6,40}$/;

/** What a trade's row takes from the request, beyond what was decided. */
export type TradeFields = Pick<CommitRequest, 'direction' | 'currency' | 'paymentIn' | 'fundAttribute' | 'originalReceiptNo' | 'actor'>;

export function tradeRow(ctx: Pick<Services, 'outlet'>, id: string, req: TradeFields, e: Evaluation, name: string, entered: Entered | undefined, approver: string | undefined): Omit<TradeTable, 'receipt_no' | 'customer_id'> {
  const d = e.decision;
  const outlet = ctx.outlet();
  return {
    id,
    outlet_code: outlet.outlet_code,
    terminal_id: outlet.terminal_id,
    business_date: e.today,
    created_at: e.now.toISOString(),
    person_key: e.personKey,
    id_type: e.doc.idType,
    id_number: e.doc.idNumber,
    country: e.doc.country,
    supplementary_id: e.doc.supplementaryId ?? null,
    id_expiry: e.doc.idExpiry ?? null,
    customer_name: name,
    residency: e.residency,
    direction: req.direction,
    kind: d.kind,
    trade_type: monitoringTradeType(req.direction),
    currency: req.currency,
    foreign_minor: toMinor(d.priced.foreign, req.currency),
    rmb_minor: toMinor(d.priced.rmb, RMB),
    fee_minor: toMinor(d.priced.fee, RMB),
    rate_id: e.rate.id,
    rate_per_100: d.ratePer100.toString(),
    usd_equivalent: d.usd.toString(),
    usd_per_unit: e.usdPerUnit.toString(),
    usd_rate_month: e.month,
    payment_in: req.paymentIn,
    payment_out: 'cash',
    reporting_path: d.path,
    channel: entered?.channel ?? null,
    ref_no: entered?.refNo ?? null,
    fund_attribute: req.fundAttribute ?? (d.kind === 'settlement' ? e.policy.params.settlementFundAttributes[0] ?? DEFAULT_FUND_ATTRIBUTE.settlement : DEFAULT_FUND_ATTRIBUTE[d.kind]),
    notice_given: d.prompts.some((p) => p.code === 'watchStatus') ? 1n : 0n,
    original_receipt_no: req.originalReceiptNo === undefined ? null : BigInt(req.originalReceiptNo),
    policy_version: BigInt(e.policy.version),
    prompts: JSON.stringify(d.prompts.map((p) => p.code)),
    teller_id: req.actor,
    supervisor_id: approver ?? null,
  };
}

/**
 * The postings of a trade. Settlement: foreign cash (or cheques) in, RMB cash out less the fee.
 * Purchase: RMB cash in with the fee, foreign cash out. The exchange account bridges currencies.
 */
export function tradePostings(t: Pick<TradeTable, 'direction' | 'currency' | 'foreign_minor' | 'rmb_minor' | 'fee_minor' | 'payment_in'>): Posting[] {
  const fx = t.currency;
  if (t.direction === 'settlement') {
    return [
      { kind: t.payment_in === 'travellersCheque' ? 'travellers_cheques' : 'cash', currency: fx, amountMinor: t.foreign_minor },
      { kind: 'exchange', currency: fx, amountMinor: -t.foreign_minor },
      { kind: 'exchange', currency: RMB, amountMinor: t.rmb_minor },
      { kind: 'cash', currency: RMB, amountMinor: -(t.rmb_minor - t.fee_minor) },
      { kind: 'fee_income', currency: RMB, amountMinor: -t.fee_minor },
    ];
  }
  return [
    { kind: 'exchange', currency: fx, amountMinor: t.foreign_minor },
    { kind: 'cash', currency: fx, amountMinor: -t.foreign_minor },
    { kind: 'cash', currency: RMB, amountMinor: t.rmb_minor + t.fee_minor },
    { kind: 'exchange', currency: RMB, amountMinor: -t.rmb_minor },
    { kind: 'fee_income', currency: RMB, amountMinor: -t.fee_minor },
  ];
}

/**
 * The notes of a trade's cash (cash by note): what the customer hands over (as counted, or the
 * largest notes when the teller did not say) goes into the till; what the counter pays comes out
 * of it (as entered, or the counter's proposal from the notes in the till, never a note it does
 * not have). Traveller's cheques are not notes. Without `txn` nothing is written: a dry run that
 * refuses before a real-time entry is made.
 */
export function tradeNotes(
  db: Database,
  t: Pick<TradeTable, 'direction' | 'currency' | 'foreign_minor' | 'rmb_minor' | 'fee_minor' | 'payment_in'>,
  req: Pick<CommitRequest, 'notesIn' | 'notesOut'>,
  txn?: { id: string; businessDate: string; at: string },
): void {
  const settlement = t.direction === 'settlement';
  const inCurrency = settlement ? t.currency : RMB;
  const inMinor = settlement ? t.foreign_minor : t.rmb_minor + t.fee_minor;
  const outCurrency = settlement ? RMB : t.currency;
  const outMinor = settlement ? t.rmb_minor - t.fee_minor : t.foreign_minor;
  const paid = notesOut(db, 'till', outCurrency, outMinor, parseNotes(outCurrency, req.notesOut));
  // Both sides are checked in the dry run too: a real-time entry is never made for a trade its
  // commit would then refuse.
  const received: Notes | undefined = t.payment_in === 'cash' ? parseNotes(inCurrency, req.notesIn) ?? greedyNotes(inCurrency, inMinor) : undefined;
  if (received) checkTotal(inCurrency, received, inMinor);
  if (!txn) return;
  if (received) moveNotes(db, txn, 'till', inCurrency, received, 1n);
  moveNotes(db, txn, 'till', outCurrency, paid, -1n);
}

/** The trade's row, numbered (the one writer of trades: a trade is never changed once written). */
export function insertTrade(db: Database, trade: TradeTable): void {
  insertRows(db, 'trades', [trade]);
}

const customerOf = compiled<{ personKey: string }>()((p) => q.selectFrom('customers').select(['id', 'name', 'supplementary_id', 'id_expiry']).where('person_key', '=', p.personKey));

export function upsertCustomer(ctx: Pick<Services, 'db' | 'newId'>, e: Evaluation, name: string, at: string, actor: string): string {
  const existing = customerOf.first(ctx.db, { personKey: e.personKey });
  const supplementary = e.doc.supplementaryId ?? null;
  // The last document's expiry seen (a renewed passport keeps its number only for some issuers):
  // one not given keeps the one recorded (第三十一条).
  const idExpiry = e.doc.idExpiry ?? existing?.id_expiry ?? null;
  if (existing) {
    if (existing.name !== name || existing.supplementary_id !== supplementary || existing.id_expiry !== idExpiry) {
      run(ctx.db, q.updateTable('customers').set({ name, supplementary_id: supplementary, id_expiry: idExpiry, updated_at: at }).where('id', '=', existing.id));
      audit(ctx.db, { at, actor, action: 'customer.update', entity: 'customer', entityId: existing.id, detail: { from: existing.name, to: name } });
    }
    return existing.id;
  }
  const id = ctx.newId();
  run(ctx.db, q.insertInto('customers').values({
    id, person_key: e.personKey, id_type: e.doc.idType, id_number: e.doc.idNumber, country: e.doc.country,
    supplementary_id: supplementary, name, residency: e.residency, created_at: at, updated_at: at, id_expiry: idExpiry,
  }));
  audit(ctx.db, { at, actor, action: 'customer.create', entity: 'customer', entityId: id });
  return id;
}

