// The day close (日终, 第三十二条(五)): count each currency by note in the till and the safe, see
// expected against counted, explain and approve any over/short, review the three-way
// reconciliation (the terminal's trades, the monitoring system's records and the receipts) and the
// back-fills still pending, then close: the business date is locked, every account's closing
// balance and the FX stock's cost are kept for the reports, and a backup is taken.
import { Refusal } from '../../../shared/errors';
import { RMB } from '../../../shared/money/currencies';
import { businessDate } from '../../../shared/time';
import { post } from '../../ledger/accounts';
import { audit } from '../../ledger/audit';
import { moveNotes } from '../../ledger/notes';
import { changed } from '../../ledger/held';
import { q, run } from '../../ledger/sql';
import { balancesAt } from '../../reports/balances';
import { replayCosts } from '../../reports/books';
import type { Call, HandlerInput, Services } from '../services';
import { isDayClosed } from '../dayLock';
import { recordVariance } from '../reserves/movements';
import { backupAfterDayClose } from '../../ledger/backup';
import { archiveAfterClose } from '../archive/store';
import { get } from './views';
import { earlierOpenDay, prepareFull, receipts } from './prepare';
import { compareCounts, describeDifference, differenceView, expectedNotes } from './counts';
import { chequeDifferenceView, compareCheques, describeChequeDifference } from './cheques';

export async function close(ctx: Services, input: HandlerInput<'dayClose.close'>, call: Call) {
  const db = ctx.db;
  const date = input.date;
  const today = businessDate(ctx.now());
  if (date > today) throw new Refusal('DAY_CLOSE_FUTURE', { date });
  if (isDayClosed(db, date)) throw new Refusal('DAY_CLOSED', { date });
  const earlier = earlierOpenDay(db, date);
  if (earlier) throw new Refusal('DAY_CLOSE_ORDER', { earlier, date });
  const prep = await prepareFull(ctx, { date });
  if (!prep.audit.ok) {
    const [entry, ...reason] = (prep.audit.firstBroken ?? '?: ?').split(': ');
    throw new Refusal('DAY_CLOSE_AUDIT_BROKEN', { entry: entry ?? '?', reason: reason.join(': ') });
  }
  const resolutions = new Map(input.resolutions.map((r) => [r.key, r.resolution.trim()]));
  const open = prep.reconciliation.items.filter((i) => !resolutions.get(i.key));
  if (open.length > 0) throw new Refusal('DAY_CLOSE_RECONCILIATION_OPEN', { count: String(open.length) });
  const items = prep.reconciliation.items.map((i) => ({ ...i, resolution: resolutions.get(i.key) ?? null }));

  call.act(() => {
    // Re-read inside the transaction: nothing can have moved since (commits are serialised, and
    // this transaction holds the write lock).
    if (isDayClosed(db, date)) throw new Refusal('DAY_CLOSED', { date });
    const differences = compareCounts(db, date, input.counts);
    const off = differences.filter((d) => d.counted !== d.expected || d.mixDiffers);
    // 第三十条: the traveller's cheques, counted apart from the notes.
    const cheques = compareCheques(db, date, input.travellersCheques);
    const chequesOff = cheques.filter((c) => c.counted !== c.expected);
    const offLines = [...off.map(describeDifference), ...chequesOff.map(describeChequeDifference)];
    // An over/short, or a note mix that differs, needs a reason and a supervisor (never the closer).
    let supervisorId: string | undefined;
    if (offLines.length > 0) {
      if (!input.varianceReason?.trim() || call.approver === undefined) {
        throw new Refusal('DAY_CLOSE_VARIANCE_UNEXPLAINED', { differences: offLines.join('; ') });
      }
      // The supervisor signs in for this one close on the teller's screen (auth.approve); the
      // dispatcher uses the approval in this transaction (Call.act); never the closer's own.
      supervisorId = call.approver;
    }
    const at = ctx.now().toISOString();
    for (const d of off) {
      // The books follow the count: the notes become what was counted; a value difference goes to
      // the over/short account and the reserve ledger (with the institution, 系统内).
      const id = ctx.newId();
      const txn = { id, businessDate: date, at };
      const less = new Map<bigint, bigint>();
      const more = new Map<bigint, bigint>();
      for (const den of new Set([...d.expectedNotes.keys(), ...d.countedNotes.keys()])) {
        const delta = (d.countedNotes.get(den) ?? 0n) - (d.expectedNotes.get(den) ?? 0n);
        if (delta < 0n) less.set(den, -delta);
        if (delta > 0n) more.set(den, delta);
      }
      moveNotes(db, txn, d.location, d.currency, less, -1n);
      moveNotes(db, txn, d.location, d.currency, more, 1n);
      const value = d.counted - d.expected;
      if (value !== 0n) {
        post(db, { id, kind: 'movement', businessDate: date, at }, [
          { kind: d.location === 'till' ? 'cash' : 'safe', currency: d.currency, amountMinor: value },
          { kind: 'variance', currency: d.currency, amountMinor: -value },
        ]);
      }
      recordVariance(db, {
        id, kind: 'variance', channel: 'internal', counterparty: '本机构（长短款）', place: null, same_city: null, method: 'cash', account_no: null,
        in_place: value > 0n ? d.location : null, in_currency: value > 0n ? d.currency : null, in_minor: value > 0n ? value : null,
        out_place: value < 0n ? d.location : null, out_currency: value < 0n ? d.currency : null, out_minor: value < 0n ? -value : null,
        rate_per_100: null, note: `${describeDifference(d)}: ${input.varianceReason ?? ''}`, actor: input.actor, supervisor_id: supervisorId ?? null,
        business_date: date, created_at: at,
      });
    }
    for (const c of chequesOff) {
      // The cheques account follows the count; the difference goes to over/short and the 台账.
      const id = ctx.newId();
      const value = c.counted - c.expected;
      post(db, { id, kind: 'movement', businessDate: date, at }, [
        { kind: 'travellers_cheques', currency: c.currency, amountMinor: value },
        { kind: 'variance', currency: c.currency, amountMinor: -value },
      ]);
      recordVariance(db, {
        id, kind: 'variance', channel: 'internal', counterparty: '本机构（长短款）', place: null, same_city: null, method: 'cash', account_no: null,
        in_place: value > 0n ? 'travellers_cheques' : null, in_currency: value > 0n ? c.currency : null, in_minor: value > 0n ? value : null,
        out_place: value < 0n ? 'travellers_cheques' : null, out_currency: value < 0n ? c.currency : null, out_minor: value < 0n ? -value : null,
        rate_per_100: null, note: `${describeChequeDifference(c)}: ${input.varianceReason ?? ''}`, actor: input.actor, supervisor_id: supervisorId ?? null,
        business_date: date, created_at: at,
      });
    }
    // What the reports start from: every account's closing balance, the FX stock and its cost.
    for (const b of balancesAt(db, date)) {
      run(db, q.insertInto('day_balances').values({ business_date: date, account_id: b.account, balance_minor: b.minor }));
    }
    for (const [currency, s] of replayCosts(db, date).states) {
      if (currency === RMB) continue;
      run(db, q.insertInto('day_costs').values({ business_date: date, currency, stock_minor: s.stock, cost_minor: s.cost }));
    }
    const summary = {
      differences: differences.map(differenceView),
      chequeDifferences: cheques.map(chequeDifferenceView),
      reconciliation: items,
      reconciliationChecked: prep.reconciliation.checked,
      reconciliationError: prep.reconciliation.error,
      backfills: prep.backfills,
      resolutions: prep.resolutions,
      receipts: prep.receipts,
      trades: prep.trades,
      voids: prep.voids,
      audit: prep.audit,
      auditHead: prep.auditHead,
    };
    changed(db, 'day_closes'); // the closed days held in memory (dayLock.ts): the next trade of the date is refused
    run(db, q.insertInto('day_closes').values({
      business_date: date, closed_at: at, closed_by: input.actor, supervisor_id: supervisorId ?? null,
      variance_reason: offLines.length > 0 ? input.varianceReason?.trim() ?? null : null, summary: JSON.stringify(summary),
    }));
    audit(db, { at, actor: input.actor, action: 'dayClose.close', entity: 'day', entityId: date, detail: { differences: offLines, supervisorId: supervisorId ?? null } });
  });
  // 第四十九条 (issue 19 item 7): the day's receipts and back-fill list archived as one PDF, after
  // the close has committed and before the backup, so the backup carries it. Never inside the close.
  await archiveAfterClose(ctx, input.actor);
  let backup: string | null = null;
  // 第七 issue: a backup after each close. The close stands whatever happens to the backup; a
  // failed one is audited by the backup module and shows as null here.
  const b = backupAfterDayClose(ctx, input.actor, prep.auditHead ?? undefined);
  backup = b.ok ? b.backup.file : null;
  return { ...get(ctx, { date }), backup };
}
