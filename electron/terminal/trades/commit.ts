// The commit of 第三十六条: the quote checked again, the real-time entry made before the trade
// (第三十二条(一)), then one transaction: the trade, its postings and notes, its receipt number, its
// outbox row, its print job and its audit entry (the supervisor's approval used in it, Call.act).
// Printing and handing over the cash come after (the spool, the counter).
import { Refusal, type Failure } from '../../../shared/errors';
import { RMB } from '../../../shared/money/currencies';
import { dec, formatUsd, toMinor } from '../../../shared/money/money';
import { policyFor } from '../../../shared/policy';
import type { TradeDecision } from '../../../shared/rules/decide';
import { validateIdDocument } from '../../../shared/id/idDocument';
import { businessDate } from '../../../shared/time';
import type { CommitRequest, TradeRequest, TradeView } from '../../../shared/api';
import { post } from '../../ledger/accounts';
import { audit } from '../../ledger/audit';
import { nextReceiptNo, receiptText } from '../../ledger/receipts';
import { compiled, q, run, type Database } from '../../ledger/sql';
import type { TradeTable } from '../../ledger/schema';
import { monitoringEntry } from '../../monitoring/entry';
import { MonitoringError } from '../../monitoring/adapter';
import { registerOnce } from '../../monitoring/realtime';
import { abandonIntent, intentCommitted, intentNotMade, intentSettled, liveIntent, recordIntent } from '../../monitoring/intents';
import { queueTradeReport } from '../../monitoring/outbox';
import { CODES } from '../../monitoring/protocol';
import { checkNamePrintable, printerGate } from '../printerGate';
import { queueReceipt } from '../../ledger/printJobs';
import { assertDayOpen } from '../dayLock';
import type { Call, Services } from '../services';
import { PROMPT_WORDS } from '../../../shared/words';
import { checkCash, requireSupervisor } from './checks';
import { customerKeyOf } from './customerKey';
import { evaluate, issuedHere, monitoringFacts, receiptEventSeq, ownDayUsd, reconvertedHere, type Evaluation } from './facts';
import { assertCounterRestored, holdCustomerDay, holdOriginalReceipt, institutionFacts, releaseCustomerDay, releaseOriginalReceipt } from './institution';
import { checkStillHolds, decodeToken } from './token';
import { tradeView, voidOf } from './views';
import { recordHits } from '../screening/hits';
import { insertTrade, PAGE_REF_NO, tradeNotes, tradePostings, tradeRow, upsertCustomer, type Entered } from './book';


const tradeById = compiled<{ id: string }>()((p) => q.selectFrom('trades').selectAll().where('id', '=', p.id));

function checkPrompts(req: CommitRequest, d: TradeDecision, approver: string | undefined): void {
  for (const p of d.prompts) {
    if (!req.acknowledgedPrompts.includes(p.code)) throw new Refusal('PROMPT_NOT_ACKNOWLEDGED', { prompt: p.code, promptZh: (PROMPT_WORDS[p.code] ?? p.message).zh, promptEn: (PROMPT_WORDS[p.code] ?? p.message).en });
    if (p.level === 'supervisor') {
      const words = PROMPT_WORDS[p.code] ?? { zh: p.code, en: p.code };
      requireSupervisor(req.actor, approver, { zh: `风险提示：${words.zh}`, en: `a prompt: ${words.en}` }, p.code);
    }
  }
}

/**
 * 第五十四条: the watch-list versions the customer was screened against, kept with the trade's or
 * attempt's audit entry: a clear screening writes nothing else (the commit path stays as cheap).
 */
function screenedWith(e: Evaluation): { screenedLists?: string } {
  return e.screening && e.screening.versions.length > 0 ? { screenedLists: e.screening.versions.join(' ') } : {};
}

function recordAttempt(ctx: Services, req: TradeRequest, e: Evaluation, refusal: Failure): void {
  const d = e.decision;
  const row = {
    id: ctx.newId(),
    created_at: e.now.toISOString(),
    business_date: e.today,
    person_key: e.personKey,
    id_type: e.doc.idType,
    id_number: e.doc.idNumber,
    country: e.doc.country,
    customer_name: req.customer.name.trim() || e.knownName || '',
    direction: req.direction,
    kind: d.kind,
    currency: req.currency,
    foreign_minor: toMinor(d.priced.foreign, req.currency),
    rmb_minor: toMinor(d.priced.rmb, RMB),
    usd_equivalent: d.usd.toString(),
    reason_code: refusal.code,
    reason_zh: refusal.message.zh,
    reason_en: refusal.message.en,
    policy_version: BigInt(e.policy.version),
    teller_id: req.actor,
  };
  run(ctx.db, q.insertInto('attempts').values(row));
  // 第五十四条: a hit found only now (a list imported since the quote) is written with the attempt.
  if (refusal.code === 'SCREENING_HIT' && e.screening) recordHits(ctx.db, e.screening, { personKey: e.personKey, name: row.customer_name, tellerId: req.actor, at: row.created_at, businessDate: e.today }, ctx.newId);
  audit(ctx.db, { at: row.created_at, actor: req.actor, action: 'trade.attempt', entity: 'attempt', entityId: row.id, detail: { code: refusal.code, usd: row.usd_equivalent, ...screenedWith(e) } });
}

async function enterRealtime(ctx: Services, req: CommitRequest, entry: ReturnType<typeof monitoringEntry>, approver: string | undefined): Promise<Entered> {
  if (req.pageModeRefNo !== undefined) {
    // Page-mode fallback: the teller entered it on SAFE's web page; a supervisor confirms (第三十六条(二)).
    if (!PAGE_REF_NO.test(req.pageModeRefNo)) throw new Refusal('REF_NO_INVALID', { refNo: req.pageModeRefNo });
    requireSupervisor(req.actor, approver, { zh: '页面录入', en: 'page-mode entry' });
    return { channel: '41', refNo: req.pageModeRefNo };
  }
  if (!ctx.monitoring) throw new Refusal('REALTIME_ENTRY_REQUIRED');
  // An entry of this serial SAFE may hold, or held and is having cancelled: entering it again
  // would be answered "already recorded" with that very entry (or, once it is cancelled, make
  // another), and the cancel that looks the serial up could withdraw the new trade's entry.
  if (liveIntent(ctx.db, entry.serial)) throw new Refusal('QUOTE_STALE', { what: '实时录入未完成，已撤销 an unfinished real-time entry, being withdrawn' });
  // Before the request leaves, in its own transaction: if SAFE ever holds this entry, the ledger
  // holds its intent, and a commit that does not finish is resolved (第三十二条(五), intents.ts).
  recordIntent(ctx.db, entry, { businessDate: businessDate(new Date(entry.tradeTime)), tellerId: req.actor, at: ctx.now().toISOString() });
  try {
    const { refNo } = await registerOnce(ctx.monitoring, entry);
    return { channel: '42', refNo };
  } catch (err) {
    // SAFE refused the entry (permanent) or was never reached (transient: nothing was done):
    // nothing to cancel. No answer, a garbled one, anything else: it may hold the entry, which
    // is looked up and withdrawn.
    const made = !(err instanceof MonitoringError) || err.kind === 'unknown';
    const why = err instanceof Error ? err.message : String(err);
    try {
      if (made) abandonIntent(ctx.db, entry.serial, ctx.now().toISOString(), null, `real-time entry without an answer: ${why}`);
      else intentNotMade(ctx.db, entry.serial, ctx.now().toISOString(), why);
    } catch {
      // Left open for the sync loop's sweep (intents.ts), which looks it up: the teller is told
      // what happened to the entry, not what happened to its bookkeeping.
    }
    intentSettled(ctx.db, entry.serial);
    if (!(err instanceof MonitoringError)) throw err;
    if (err.kind !== 'permanent') throw new Refusal('REALTIME_ENTRY_REQUIRED');
    if (err.code === CODES.OVER_QUOTA) {
      const left = (err.data as { leftUsd?: unknown } | undefined)?.leftUsd;
      throw new Refusal('ANNUAL_QUOTA_EXCEEDED', {
        left: typeof left === 'string' && /^\d+(\.\d+)?$/.test(left) ? formatUsd(dec(left)) : '?',
        quota: formatUsd(dec(policyFor(ctx.policies(), businessDate(ctx.now())).params.annualQuotaUsd)),
        typeZh: entry.tradeType === 'JH' ? '结汇' : '购汇',
        typeEn: entry.tradeType === 'JH' ? 'selling foreign currency' : 'buying foreign currency',
      });
    }
    throw new Refusal('MONITORING_REFUSED', { reason: err.message });
  }
}

export async function commit(ctx: Services, req: CommitRequest, call: Call): Promise<TradeView> {
  const token = decodeToken(ctx.quoteKey, req.quoteToken);
  const id = token.tradeId;
  // Idempotent on the trade id: a commit sent again (its answer lost, a second click) is answered
  // with the trade the first one made, never made twice (commits run one at a time).
  const done = tradeById.first(ctx.db, { id });
  if (done) return sameTrade(ctx, done, req);
  assertCounterRestored(ctx);

  // Before anything is entered or written: is the quote still good, and would the rules allow it?
  const [facts, institution] = await Promise.all([monitoringFacts(ctx, req.customer, req.direction), institutionFacts(ctx, req)]);
  const pre = evaluate(ctx, req, ctx.now(), facts, institution);
  const validity = pre.policy.params.quoteValiditySeconds;
  if (!pre.decision.refusal) {
    const age = pre.now.getTime() - Date.parse(token.quotedAt);
    // A quote from the future means the clock went back since: quote again.
    if (age > validity * 1000 || age < 0) throw new Refusal('QUOTE_EXPIRED', { seconds: String(validity) });
    checkStillHolds(token, pre, institution !== undefined);
    checkPrompts(req, pre.decision, call.approver);
  }
  const name = req.customer.name.trim() || pre.knownName || '';
  if (!pre.decision.refusal) {
    if (!name) throw new Refusal('NAME_REQUIRED');
    checkNamePrintable(name);
    // The receipt must be printable before anything is entered or written (第三十五条, 第三十六条(四)).
    await printerGate(ctx.printer);
  }

  // The holds at the hub, before anything is entered or written; given back if the commit then
  // does not happen, so the other counters do not count a trade that never was.
  const giveBack = await holdAtHub(ctx, req, pre, id, name, call.approver, institution !== undefined);

  let outcome: { refusal: Failure } | { trade: TradeView };
  try {
    // 第三十二条(一): a real-time trade is entered in the monitoring system before it is committed.
    let entered: Entered | undefined;
    if (!pre.decision.refusal && pre.decision.path === 'realtime') {
      const draft = tradeRow(ctx, id, req, pre, name, undefined, call.approver);
      assertDayOpen(ctx.db, pre.today);
      checkCash(ctx.db, tradePostings(draft), 'CASH_INSUFFICIENT');
      tradeNotes(ctx.db, draft, req);
      try {
        entered = await enterRealtime(ctx, req, monitoringEntry(tradeRow(ctx, id, req, pre, name, undefined, call.approver), 'realtime'), call.approver);
      } catch (e) {
        // Over the annual quota by the system's own count: a refusal by a counter rule (第三条).
        if (e instanceof Refusal && e.code === 'ANNUAL_QUOTA_EXCEEDED') ctx.db.transaction(() => recordAttempt(ctx, req, pre, e.failure))();
        throw e;
      }
    }

    // Commits run one at a time (the spec's `serial`, dispatch.ts) and nothing is awaited below, so
    // what was judged and entered above is what is committed: a rate changed during the real-time
    // entry does not undo an entry the monitoring system already holds.
    outcome = afterEntry(ctx, id, entered, () => call.act((): { refusal: Failure } | { trade: TradeView } => {
      if (pre.decision.refusal) {
        recordAttempt(ctx, req, pre, pre.decision.refusal);
        return { refusal: pre.decision.refusal };
      }
      const row = tradeRow(ctx, id, req, pre, name, entered, call.approver);
      const postings = tradePostings(row);
      assertDayOpen(ctx.db, pre.today);
      checkCash(ctx.db, postings, 'CASH_INSUFFICIENT');
      const at = row.created_at;
      // The entry SAFE holds gets its trade in the trade's transaction: both are committed, or neither.
      if (entered?.channel === '42') intentCommitted(ctx.db, id, entered.refNo, at);
      const customerId = upsertCustomer(ctx, pre, name, at, req.actor);
      const receiptNo = nextReceiptNo(ctx.db, row.terminal_id);
      const trade: TradeTable = { ...row, receipt_no: receiptNo, customer_id: customerId };
      insertTrade(ctx.db, trade);
      post(ctx.db, { id, kind: 'trade', businessDate: pre.today, at }, postings);
      tradeNotes(ctx.db, row, req, { id, businessDate: pre.today, at });
      if (row.reporting_path !== 'exempt') {
        const backfill = row.reporting_path === 'backfill';
        queueTradeReport(ctx.db, {
          tradeId: id,
          kind: backfill ? 'backfill' : 'realtime',
          payload: monitoringEntry(trade, backfill ? 'backfill' : 'realtime'),
          // 第三十二条(二): a back-fill is due within the window from the trade.
          deadlineAt: backfill ? new Date(pre.now.getTime() + pre.policy.params.backfillWindowHours * 3_600_000).toISOString() : null,
          refNo: entered?.refNo ?? null,
          at,
        });
      }
      queueReceipt(ctx.db, id, req.actor, at);
      audit(ctx.db, { at, actor: req.actor, action: 'trade.commit', entity: 'trade', entityId: id, detail: { receiptNo: String(receiptNo), usd: row.usd_equivalent, path: row.reporting_path, ...screenedWith(pre) } });
      return { trade: tradeView(ctx.db, ctx.outlet(), trade, undefined, true) };
    }));
  } catch (e) {
    for (const g of giveBack) await g();
    throw e;
  }
  // The trade's (or attempt's) audit entry, at pre.now, is the clock's mark (clock/guard.ts).
  ctx.clock.recorded(pre.now.toISOString());

  if ('refusal' in outcome) throw new Refusal(outcome.refusal.code, outcome.refusal.details);
  return outcome.trade;
}

/**
 * The holds a commit takes at the hub before anything is entered or written, each refused there as
 * an attempt (a counter rule): 第三十一条, what a reconversion changes back, held against its
 * original receipt so another counter cannot spend it too; 第二十九条, the customer's day, when the
 * hub answered the commit's look-up, so a customer served at two counters at once is not taken over
 * the limit (institution.ts). Answers how to give them back, for a commit that then does not happen;
 * a hold taken before a later one is refused is given back here.
 */
async function holdAtHub(ctx: Services, req: CommitRequest, pre: Evaluation, id: string, name: string, approver: string | undefined, online: boolean): Promise<(() => Promise<void>)[]> {
  const giveBack: (() => Promise<void>)[] = [];
  if (pre.decision.refusal || !ctx.hub) return giveBack;
  const refuse = async (refused: Failure): Promise<never> => {
    for (const g of giveBack) await g();
    const e = new Refusal(refused.code, refused.details ?? {});
    ctx.db.transaction(() => recordAttempt(ctx, req, pre, e.failure))();
    throw e;
  };
  if (pre.decision.kind === 'reconversion' && req.originalReceiptNo !== undefined) {
    const receiptNo = req.originalReceiptNo;
    const draft = tradeRow(ctx, id, req, pre, name, undefined, approver);
    const refused = await holdOriginalReceipt(ctx, {
      receiptNo, printed: receiptText(ctx.db, BigInt(receiptNo)), doc: pre.doc, rmbMinor: draft.rmb_minor + draft.fee_minor,
      usedHereMinor: toMinor(reconvertedHere(ctx.db, receiptNo), RMB), issuedHere: issuedHere(ctx.db, receiptNo, pre.personKey), seq: receiptEventSeq(ctx.db, receiptNo),
    });
    if (refused) await refuse(refused);
    giveBack.push(() => releaseOriginalReceipt(ctx, { receiptNo, doc: pre.doc }));
  }
  if (online) {
    const here = ownDayUsd(ctx.db, pre.personKey, pre.today);
    const refused = await holdCustomerDay(ctx, {
      doc: pre.doc, date: pre.today, tradeId: id, direction: req.direction, usd: pre.decision.usd, here,
      limitUsd: pre.policy.params.dailyLimitUsd, mode: pre.policy.params.dailyLimitMode,
    }).catch(async (e: unknown) => {
      // Not confirmed (LIMIT_HOLD_UNCONFIRMED): the commit does not happen, the receipt's hold neither.
      for (const g of giveBack) await g();
      throw e;
    });
    if (refused) await refuse(refused);
    giveBack.push(() => releaseCustomerDay(ctx, { doc: pre.doc, date: pre.today, tradeId: id, here }));
  }
  return giveBack;
}

/**
 * The commit's transaction, after the real-time entry if there was one. Entered at SAFE but not
 * committed here (a rule that changed during the entry, a failed write), the trade did not happen:
 * the customer gets no receipt (第三十六条(四)), so SAFE's entry is withdrawn (reason 06, 系统记账失败,
 * by the sync loop). Should even that fail to be written, the intent stays open and the sync
 * loop's sweep resolves it. However it ends, the commit is no longer under way.
 */
function afterEntry<T>(ctx: Services, id: string, entered: Entered | undefined, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (entered?.channel === '42') {
      try {
        abandonIntent(ctx.db, id, ctx.now().toISOString(), entered.refNo, `the commit failed after the entry: ${e instanceof Error ? e.message : String(e)}`);
      } catch {
        // Left open for the sweep (intents.ts sweepIntents).
      }
    }
    throw e;
  } finally {
    intentSettled(ctx.db, id);
  }
}

/**
 * The answer to a commit of a quote already committed: the trade it made, if the request is the
 * same customer's same trade (a token is good for one trade, never for another).
 */
function sameTrade(ctx: Services, t: TradeTable, req: CommitRequest): TradeView {
  const doc = validateIdDocument(req.customer, t.business_date);
  if (customerKeyOf(doc) !== t.person_key || req.direction !== t.direction || req.currency !== t.currency) {
    throw new Refusal('INVALID_INPUT', { field: 'quoteToken', problemZh: '已用于另一笔交易，请重新报价', problemEn: 'was used for another trade; quote again' });
  }
  return tradeView(ctx.db, ctx.outlet(), t, voidOf(ctx.db, t.id));
}

