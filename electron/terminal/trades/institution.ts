// What the institution's hub knows of a customer while they wait (issue 16 item 5; ../shared/design/
// hub.md "Rules that cross counters"): their trades today at the institution's other counters, which
// the daily limit counts with this counter's own (第二十九条), and an original receipt issued at
// another counter (第三十一条). Each look-up waits at most the quote timeout, as SAFE's does; a hub
// that does not answer in time, or no hub, gives no facts and the counter decides as it does
// offline (its own trades and SAFE's figure). The quote says which sources it used.
import { Refusal, type Failure } from '../../../shared/errors';
import { validateIdDocument } from '../../../shared/id/idDocument';
import { RMB } from '../../../shared/money/currencies';
import { dec, fromMinor, type Decimal } from '../../../shared/money/money';
import type { DayTrade } from '../../../shared/rules/decide';
import type { OriginalReceipt } from '../../../shared/rules/reconversion';
import type { ReceiptFound } from '../../../shared/sync/reference';
import { businessDate } from '../../../shared/time';
import type { TradeRequest } from '../../../shared/api';
import type { Services } from '../services';
import { hubReference } from '../hubSync/apply';

export interface InstitutionFacts {
  /** The customer's trades that stand today at the other counters. */
  otherCounters: DayTrade[];
  /** Receipts of the number the customer presented, issued to them at the other counters (only when one was presented). */
  receipts: ReceiptFound[] | undefined;
}

/**
 * Whether this counter may serve customers yet. A new PC in place of a dead one, not yet restored from the hub (the hub holds more of this
 * counter than its ledger: hubClient/push.ts says so): it serves no customer. Its receipts would be
 * numbered and its trades booked in a ledger that is not the counter's, which the restore then
 * cannot take (RESTORE_LEDGER_DIVERGED). Refused before anything is written.
 */
export function assertCounterRestored(ctx: Pick<Services, 'hub' | 'db'>): void {
  if (ctx.hub?.state().problem?.code === 'HUB_RESTORE_NEEDED') throw new Refusal('COUNTER_NOT_RESTORED');
  // A counter of a hub numbers in the books the hub registers to it (第三十五条(三) 登记领用), unique
  // in the institution: until its first contact brings them, it has none, and its own book's plain
  // numbers are every new counter's. After that it always holds the next book, offline too.
  if (ctx.hub && hubReference(ctx.db).pulledAt === undefined) throw new Refusal('COUNTER_AWAITING_HUB');
}

/** The hub's answers for this request, or undefined (no hub, or it did not answer in time). */
export async function institutionFacts(ctx: Pick<Services, 'hub' | 'now' | 'quotaTimeoutMs'>, req: Pick<TradeRequest, 'customer' | 'originalReceiptNo'>): Promise<InstitutionFacts | undefined> {
  if (!ctx.hub) return undefined;
  const today = businessDate(ctx.now());
  const doc = validateIdDocument(req.customer, today);
  const [standing, receipts] = await Promise.all([
    ctx.hub.standing({ idType: doc.idType, idNumber: doc.idNumber, country: doc.country, date: today }, ctx.quotaTimeoutMs),
    req.originalReceiptNo === undefined ? Promise.resolve(undefined) : ctx.hub.receipt({ receiptNo: req.originalReceiptNo, idType: doc.idType, idNumber: doc.idNumber, country: doc.country }, ctx.quotaTimeoutMs),
  ]);
  if (!standing) return undefined;
  return { otherCounters: standing.trades.map((t) => ({ direction: t.direction, kind: t.kind, usd: dec(t.usd) })), receipts };
}

/**
 * The original receipt as another counter issued it: the one of that number issued to this
 * customer (the hub answers only theirs: `personKey` is this customer's) for foreign currency
 * changed into RMB (until receipt books make numbers unique across the institution, issue 17, a
 * number may be found at several counters; only a settlement can be a reconversion's original).
 * `usedHere`: what this counter changed back against that number.
 */
export function receiptElsewhere(facts: InstitutionFacts | undefined, receiptNo: number, personKey: string, usedHere: Decimal): OriginalReceipt | undefined {
  const theirs = (facts?.receipts ?? []).filter((r) => r.direction === 'settlement');
  const r = theirs.length === 1 ? theirs[0]! : undefined;
  if (!r) return undefined;
  return {
    receiptNo,
    businessDate: r.businessDate,
    personKey,
    direction: r.direction,
    voided: r.voided,
    rmbReceived: fromMinor(BigInt(r.rmbReceivedMinor), RMB),
    rmbReconverted: fromMinor(BigInt(r.rmbReconvertedMinor), RMB).plus(usedHere),
  };
}

/**
 * 第三十一条, across counters (issue 17 item 2): the RMB a reconversion changes back against its
 * original receipt, held at the hub before anything is entered or written, so that two counters
 * cannot spend what is left on one receipt twice before either's trade reaches the hub. Answers
 * the hub's refusal (more than is left: a refusal by a counter rule, recorded as an attempt), or
 * nothing. A hub that does not answer:
 *   - a receipt issued here whose trade never reached the hub (its event above any the hub may
 *     hold: `seq` over the push loop's `sent`) is decided here, as offline: no other counter can
 *     have found it;
 *   - one issued here that may be at the hub is refused (RECEIPT_HUB_NEEDED): another counter may
 *     have changed part of it back through the hub, which this counter cannot know offline;
 *   - one only the hub knew of cannot be held, and is refused (RECEIPT_HOLD_UNCONFIRMED).
 * Nothing is written on either refusal.
 */
export async function holdOriginalReceipt(
  ctx: Pick<Services, 'hub' | 'quotaTimeoutMs'>,
  a: { receiptNo: number; printed: string; doc: { idType: string; idNumber: string; country: string }; rmbMinor: bigint; usedHereMinor: bigint; issuedHere: boolean; seq: bigint | undefined },
): Promise<Failure | undefined> {
  if (!ctx.hub) return undefined;
  const answer = await ctx.hub.holdReceipt({
    receiptNo: a.receiptNo, idType: a.doc.idType, idNumber: a.doc.idNumber, country: a.doc.country, rmbMinor: String(a.rmbMinor), usedHereMinor: String(a.usedHereMinor),
  }, ctx.quotaTimeoutMs);
  if (answer && 'refused' in answer) return answer.refused;
  if (answer !== undefined) return undefined;
  if (!a.issuedHere) throw new Refusal('RECEIPT_HOLD_UNCONFIRMED', { receiptNo: a.printed });
  const sent = ctx.hub.state().sent;
  const neverAtHub = a.seq !== undefined && sent !== undefined && a.seq > BigInt(sent);
  if (!neverAtHub) throw new Refusal('RECEIPT_HUB_NEEDED', { receiptNo: a.printed });
  return undefined;
}

/** The hold on a receipt given back: the reconversion did not happen. Best effort, as releaseCustomerDay. */
export async function releaseOriginalReceipt(ctx: Pick<Services, 'hub' | 'quotaTimeoutMs'>, a: { receiptNo: number; doc: { idType: string; idNumber: string; country: string } }): Promise<void> {
  if (!ctx.hub) return;
  await ctx.hub.releaseReceipt({ receiptNo: a.receiptNo, idType: a.doc.idType, idNumber: a.doc.idNumber, country: a.doc.country }, ctx.quotaTimeoutMs);
}

/**
 * 第二十九条, across counters at once: the customer's day held at the hub before anything is entered
 * or written, with this counter's day for them and this trade, so two counters serving one customer
 * at the same moment cannot both take the day over the limit before either's trade reaches the hub
 * (hub/lookups.ts holdDailyLimit). Answers the hub's refusal (a counter rule: an attempt), or
 * nothing. Called only when the hub answered the commit's look-up: one that then does not confirm
 * the hold is refused (LIMIT_HOLD_UNCONFIRMED, nothing written), as the trade was to count the
 * other counters; the quote made again without the hub is this counter's alone to decide.
 */
export async function holdCustomerDay(
  ctx: Pick<Services, 'hub' | 'quotaTimeoutMs'>,
  a: { doc: { idType: string; idNumber: string; country: string }; date: string; tradeId: string; direction: 'settlement' | 'purchase'; usd: Decimal; here: { settlement: Decimal; purchase: Decimal }; limitUsd: string; mode: 'combined' | 'perDirection' },
): Promise<Failure | undefined> {
  if (!ctx.hub) return undefined;
  const here = { ...a.here, [a.direction]: a.here[a.direction].plus(a.usd) };
  const answer = await ctx.hub.holdDailyLimit({
    idType: a.doc.idType, idNumber: a.doc.idNumber, country: a.doc.country, date: a.date, tradeId: a.tradeId, direction: a.direction,
    usd: a.usd.toFixed(), here: { settlement: here.settlement.toFixed(), purchase: here.purchase.toFixed() }, limitUsd: a.limitUsd, mode: a.mode,
  }, ctx.quotaTimeoutMs);
  if (answer === undefined) throw new Refusal('LIMIT_HOLD_UNCONFIRMED');
  return 'refused' in answer ? answer.refused : undefined;
}

/**
 * The customer's day held for a commit that then did not happen (SAFE refused the entry, the write
 * failed): given back at the hub, so the other counters do not count a trade that never was for
 * the rest of the day. Best effort: a hub that does not answer keeps the hold until it expires.
 */
export async function releaseCustomerDay(
  ctx: Pick<Services, 'hub' | 'quotaTimeoutMs'>,
  a: { doc: { idType: string; idNumber: string; country: string }; date: string; tradeId: string; here: { settlement: Decimal; purchase: Decimal } },
): Promise<void> {
  if (!ctx.hub) return;
  await ctx.hub.releaseDailyLimit({
    idType: a.doc.idType, idNumber: a.doc.idNumber, country: a.doc.country, date: a.date, tradeId: a.tradeId,
    here: { settlement: a.here.settlement.toFixed(), purchase: a.here.purchase.toFixed() },
  }, ctx.quotaTimeoutMs);
}
