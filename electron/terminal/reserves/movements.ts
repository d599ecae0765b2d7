// Reserves (备付金, 第三十八–四十六条): the reserve accounts at up to three same-city banks, the
// basic account, and every movement of reserve money, each one ledger transaction (postings, the
// notes that moved, the reserve-ledger row of 第四十六条 and an audit entry) or nothing.
import type { Parsed } from '../../../shared/api';
import { Refusal } from '../../../shared/errors';
import { RMB } from '../../../shared/money/currencies';
import { fromMinor, parseAmount, smallestNote, toMinor } from '../../../shared/money/money';
import { floatNotes, greedyNotes, type Notes } from '../../../shared/money/denominations';
import { CHANNEL_WORDS } from '../../../shared/reports/reserveLedger';
import { businessDate, monthOf } from '../../../shared/time';
import { balanceMinor, post, type Posting } from '../../ledger/accounts';
import { audit } from '../../ledger/audit';
import { moveNotes, notesOfTxn, notesOut, parseNotes, checkTotal, PLACE_WORDS, type CashPlace } from '../../ledger/notes';
import type { ReserveMovementTable } from '../../ledger/schema';
import { all, first, q, run, type Database } from '../../ledger/sql';
import type { Services } from '../services';
import { assertDayOpen } from '../dayLock';
import { assertSafeKeptHere } from '../outlet/safe';
import { findAccount, params, reserveAccountKey } from './accounts';

export type MoveInput = Parsed<'reserves.move'>;

/** One side of a movement: where money came into or left, in which currency, how much. */
export interface Leg {
  place: string; // 'till' | 'safe' | reserve account id | 'basic' | 'counterparty'
  currency: string;
  minor: bigint;
  notes?: Notes | undefined;
}

export interface Plan {
  kind: ReserveMovementTable['kind'];
  in?: Leg | undefined;
  out?: Leg | undefined;
  /** Postings besides the legs' own (the other side of each leg). */
  counter: Posting[];
  channel?: ReserveMovementTable['channel'];
  counterparty?: string | null;
  place?: string | null;
  sameCity?: boolean | undefined;
  method: 'cash' | 'transfer';
  accountNo?: string | null;
  rate?: string | null;
}

export function isCashPlace(place: string): place is CashPlace {
  return place === 'till' || place === 'safe';
}

/** The traveller's cheques held (第三十条): a place of the reserves with no notes, only a value per currency. */
export const CHEQUES_PLACE = 'travellers_cheques';

export function legPosting(db: Database, leg: Leg, sign: 1n | -1n): Posting {
  if (leg.place === 'till') return { kind: 'cash', currency: leg.currency, amountMinor: sign * leg.minor };
  if (leg.place === CHEQUES_PLACE) return { kind: 'travellers_cheques', currency: leg.currency, amountMinor: sign * leg.minor };
  if (leg.place === 'safe') {
    if (sign > 0n) assertSafeKeptHere(db);
    return { kind: 'safe', currency: leg.currency, amountMinor: sign * leg.minor };
  }
  const a = findAccount(db, leg.place);
  if (a.currency !== leg.currency) throw new Refusal('RESERVE_CURRENCY_MISMATCH', { account: `${a.bank_name} ${a.account_no}`, accountCurrency: a.currency, currency: leg.currency });
  return { kind: 'reserve_account', currency: leg.currency, amountMinor: sign * leg.minor, account: reserveAccountKey(a.id) };
}

export function placeName(db: Database, place: string): string {
  if (isCashPlace(place)) return PLACE_WORDS[place].zh;
  if (place === 'basic' || place === 'counterparty') return place;
  if (place === CHEQUES_PLACE) return '旅行支票 traveller\'s cheques';
  const a = findAccount(db, place);
  return `${a.bank_name} ${a.account_no}`;
}

export function amountOf(text: string, currency: string): bigint {
  return toMinor(parseAmount(text, currency), currency);
}

/** 第四十五条: which rebalancing each channel allows. */
export function checkChannel(channel: keyof typeof CHANNEL_WORDS, inLeg: Leg | undefined, outLeg: Leg | undefined): void {
  const refuse = (whyZh: string, whyEn: string): never => {
    throw new Refusal('REBALANCE_NOT_ALLOWED', { channelZh: CHANNEL_WORDS[channel].zh, channelEn: CHANNEL_WORDS[channel].en, whyZh, whyEn });
  };
  if (!inLeg && !outLeg) refuse('须有调入或调出', 'nothing comes in or goes out');
  const exchange = inLeg !== undefined && outLeg !== undefined;
  if (exchange && inLeg.currency === outLeg.currency) refuse('同币种不是兑换', 'the same currency both ways is not an exchange');
  if (!exchange) {
    // (一) only: 同币种备付金的拆入或借出.
    if (channel !== 'internal') refuse('只能办理货币兑换，不能拆借同币种资金', 'only exchanges are allowed, not lending or borrowing one currency');
    return;
  }
  const currencies = [inLeg.currency, outLeg.currency];
  const rmbSide = currencies.includes(RMB);
  if (channel === 'internal' && !rmbSide) refuse('只能办理人民币与外币间的兑换', 'only RMB against foreign currency');
  if (channel === 'other_institution') {
    // (二): 人民币与非美元外币备付金间的兑换交易.
    if (!rmbSide) refuse('只能办理人民币与非美元外币间的兑换', 'only RMB against a foreign currency other than USD');
    if (currencies.includes('USD')) refuse('不能调剂美元，只能办理人民币与非美元外币间的兑换', 'USD may not be rebalanced with another institution, only RMB against non-USD currencies');
  }
  // (三) bank: RMB against FX, or FX against FX: both allowed.
}

/** The month's transfers of the same kind at the institution's other counters (their movements, or their claims), as the hub answered. */
type Elsewhere = readonly { terminalId: string; date: string; claim: boolean }[];

export function plan(ctx: Services, input: MoveInput, elsewhere: Elsewhere = []): Plan {
  const db = ctx.db;
  switch (input.kind) {
    case 'expense':
      // 第四十一条: 不得使用备付金支付日常费用.
      throw new Refusal('RESERVE_EXPENSE_FORBIDDEN');
    case 'cash_deposit': {
      // 第四十三条(三): reserve cash goes into reserve accounts only.
      if (input.accountId === 'basic') throw new Refusal('CASH_NOT_TO_OTHER_ACCOUNTS');
      const minor = amountOf(input.amount, input.currency);
      const a = findAccount(db, input.accountId);
      return {
        kind: 'cash_deposit', method: 'cash', accountNo: a.account_no, counter: [],
        out: { place: input.from, currency: input.currency, minor, notes: parseNotes(input.currency, input.notes) },
        in: { place: input.accountId, currency: input.currency, minor },
      };
    }
    case 'cash_withdrawal': {
      const minor = amountOf(input.amount, input.currency);
      const a = findAccount(db, input.accountId);
      return {
        kind: 'cash_withdrawal', method: 'cash', accountNo: a.account_no, counter: [],
        out: { place: input.accountId, currency: input.currency, minor },
        in: { place: input.to, currency: input.currency, minor, notes: parseNotes(input.currency, input.notes) },
      };
    }
    case 'transfer_in':
    case 'transfer_out': {
      const a = findAccount(db, input.accountId);
      // 第四十四条: only RMB moves between the basic account and the reserve accounts.
      if (a.currency !== RMB) throw new Refusal('TRANSFER_RMB_ONLY');
      const basic = first(db, q.selectFrom('basic_account').selectAll());
      if (!basic) throw new Refusal('BASIC_ACCOUNT_MISSING');
      const minor = amountOf(input.amount, RMB);
      const month = monthOf(businessDate(ctx.now()));
      // 第四十四条: 每月限各办理一次 (a policy parameter).
      const done = all(db, q.selectFrom('reserve_movements').select('business_date').where('kind', '=', input.kind)
        .where('business_date', '>=', `${month}-01`).where('business_date', '<=', `${month}-31`).orderBy('business_date'));
      // The institution's, at a counter of a hub: the other counters' this month count too.
      if (done.length + elsewhere.length >= params(ctx).reserveTransferPerMonth) {
        const inward = input.kind === 'transfer_in';
        const dates = [...done.map((d) => d.business_date), ...elsewhere.map((o) => `${o.date} (${o.terminalId}${o.claim ? ' …' : ''})`)];
        throw new Refusal('TRANSFER_ONCE_A_MONTH', {
          directionZh: inward ? '转入' : '转出', directionEn: inward ? 'in from' : 'out to', date: dates.join(', '),
        });
      }
      const basicLeg = { kind: 'basic' as const, currency: RMB };
      return input.kind === 'transfer_in'
        ? { kind: 'transfer_in', method: 'transfer', accountNo: a.account_no, in: { place: a.id, currency: RMB, minor }, counter: [{ ...basicLeg, amountMinor: -minor }], counterparty: `基本户 ${basic.bank_name} ${basic.account_no}` }
        : { kind: 'transfer_out', method: 'transfer', accountNo: a.account_no, out: { place: a.id, currency: RMB, minor }, counter: [{ ...basicLeg, amountMinor: minor }], counterparty: `基本户 ${basic.bank_name} ${basic.account_no}` };
    }
    case 'account_transfer': {
      const from = findAccount(db, input.fromAccountId);
      const to = findAccount(db, input.toAccountId);
      if (from.id === to.id) throw new Refusal('INVALID_INPUT', { field: 'toAccountId', problemZh: '与转出账户相同', problemEn: 'is the same account as fromAccountId' });
      if (from.currency !== to.currency) throw new Refusal('RESERVE_CURRENCY_MISMATCH', { account: `${to.bank_name} ${to.account_no}`, accountCurrency: to.currency, currency: from.currency });
      const minor = amountOf(input.amount, from.currency);
      return {
        kind: 'account_transfer', method: 'transfer', accountNo: `${from.account_no} → ${to.account_no}`, counter: [],
        out: { place: from.id, currency: from.currency, minor }, in: { place: to.id, currency: to.currency, minor },
      };
    }
    case 'cheques_to_bank': {
      // 第三十条: the cheques taken for settlement go to the bank (collected into the reserve account
      // of their currency); never paid out to a customer. A movement of its own, in the 台账.
      const minor = amountOf(input.amount, input.currency);
      const a = findAccount(db, input.accountId);
      return {
        kind: 'cheques_to_bank', channel: 'bank', counterparty: a.bank_name, method: 'transfer', accountNo: a.account_no, counter: [],
        out: { place: CHEQUES_PLACE, currency: input.currency, minor },
        in: { place: a.id, currency: input.currency, minor },
      };
    }
    case 'till_safe': {
      if (input.from === input.to) throw new Refusal('INVALID_INPUT', { field: 'to', problemZh: '与调出位置相同', problemEn: 'is the same place as from' });
      const minor = amountOf(input.amount, input.currency);
      const notes = parseNotes(input.currency, input.notes);
      return {
        kind: 'till_safe', method: 'cash', counter: [],
        out: { place: input.from, currency: input.currency, minor, notes },
        in: { place: input.to, currency: input.currency, minor, notes },
      };
    }
    case 'rebalance': {
      if (!input.counterparty.trim()) throw new Refusal('REBALANCE_DETAILS_MISSING', { fieldZh: '调入调出双方名称', fieldEn: 'the name of the other party' });
      if (input.method === 'cash' && (!input.place?.trim() || input.sameCity === undefined)) {
        throw new Refusal('REBALANCE_DETAILS_MISSING', { fieldZh: '交易地点及同城或异地', fieldEn: 'where the cash was handed over and whether in the same city' });
      }
      const leg = (l: NonNullable<typeof input.in>): Leg => {
        if (input.method === 'cash' ? !isCashPlace(l.place) : isCashPlace(l.place)) {
          throw new Refusal('INVALID_INPUT', { field: 'place', problemZh: input.method === 'cash' ? '现钞调剂须为尾箱或保险柜' : '转账调剂须为备付金账户', problemEn: input.method === 'cash' ? 'must be the till or the safe for cash' : 'must be a reserve account for a transfer' });
        }
        return { place: l.place, currency: l.currency, minor: amountOf(l.amount, l.currency), notes: isCashPlace(l.place) ? parseNotes(l.currency, l.notes) : undefined };
      };
      const inLeg = input.in ? leg(input.in) : undefined;
      const outLeg = input.out ? leg(input.out) : undefined;
      checkChannel(input.channel, inLeg, outLeg);
      const exchange = inLeg !== undefined && outLeg !== undefined;
      if (exchange && !input.ratePer100) throw new Refusal('REBALANCE_DETAILS_MISSING', { fieldZh: '兑换汇率', fieldEn: 'the exchange rate' });
      const counter: Posting[] = [];
      if (exchange) {
        counter.push({ kind: 'exchange', currency: inLeg.currency, amountMinor: -inLeg.minor }, { kind: 'exchange', currency: outLeg.currency, amountMinor: outLeg.minor });
      } else if (inLeg) {
        counter.push({ kind: 'rebalancing', currency: inLeg.currency, amountMinor: -inLeg.minor });
      } else if (outLeg) {
        counter.push({ kind: 'rebalancing', currency: outLeg.currency, amountMinor: outLeg.minor });
      }
      const accountNos = [inLeg, outLeg].filter((l): l is Leg => l !== undefined && !isCashPlace(l.place)).map((l) => findAccount(db, l.place).account_no);
      return {
        kind: 'rebalance', channel: input.channel, counterparty: input.counterparty.trim(), method: input.method,
        place: input.method === 'cash' ? input.place!.trim() : null, sameCity: input.method === 'cash' ? input.sameCity : undefined,
        accountNo: accountNos.join(' / ') || null, rate: exchange ? input.ratePer100! : null,
        in: inLeg, out: outLeg, counter,
      };
    }
  }
}

/** Checks and writes one movement; the caller holds the transaction. */
export function applyMovement(ctx: Services, p: Plan, meta: { id: string; note: string; actor: string; supervisorId?: string | null | undefined; at: string; date: string; heldAtHub?: boolean | undefined }): void {
  const db = ctx.db;
  const txn = { id: meta.id, businessDate: meta.date, at: meta.at };
  const postings: Posting[] = [...p.counter];
  if (p.out) {
    const posting = legPosting(db, p.out, -1n);
    const available = balanceMinor(db, posting.kind, p.out.currency, posting.account);
    // Out of one of the institution's accounts at a counter of a hub: the hub held the money against
    // the institution's balance (holdOutOfAccount); this counter's own share may go below zero.
    const heldForInstitution = posting.kind === 'reserve_account' && meta.heldAtHub === true;
    if (!heldForInstitution && available < p.out.minor) {
      throw new Refusal('RESERVE_INSUFFICIENT', {
        place: placeName(db, p.out.place), currency: p.out.currency,
        available: fromMinor(available, p.out.currency).toString(), needed: fromMinor(p.out.minor, p.out.currency).toString(),
      });
    }
    postings.push(posting);
  }
  if (p.in) postings.push(legPosting(db, p.in, 1n));
  // Notes: what leaves a cash place is checked against its stock (or proposed from it); what comes
  // in is as counted, or the largest notes when nobody said.
  let outNotes: Notes | undefined;
  if (p.out && isCashPlace(p.out.place)) {
    outNotes = notesOut(db, p.out.place, p.out.currency, p.out.minor, p.out.notes);
    moveNotes(db, txn, p.out.place, p.out.currency, outNotes, -1n);
  }
  if (p.in && isCashPlace(p.in.place)) {
    const same = p.kind === 'till_safe' ? outNotes : undefined;
    const notes = same ?? p.in.notes ?? (p.kind === 'float_in' ? floatNotes(p.in.currency, p.in.minor) : greedyNotes(p.in.currency, p.in.minor));
    if (!notes) throw new Refusal('AMOUNT_NOT_IN_NOTES', { currency: p.in.currency, note: smallestNote(p.in.currency).toString() });
    checkTotal(p.in.currency, notes, p.in.minor);
    moveNotes(db, txn, p.in.place, p.in.currency, notes, 1n);
  }
  post(db, { id: meta.id, kind: 'movement', businessDate: meta.date, at: meta.at }, postings);
  const row: ReserveMovementTable = {
    id: meta.id, kind: p.kind, channel: p.channel ?? null, counterparty: p.counterparty ?? null, place: p.place ?? null,
    same_city: p.sameCity === undefined ? null : p.sameCity ? 1n : 0n, method: p.method, account_no: p.accountNo ?? null,
    in_place: p.in?.place ?? null, in_currency: p.in?.currency ?? null, in_minor: p.in?.minor ?? null,
    out_place: p.out?.place ?? null, out_currency: p.out?.currency ?? null, out_minor: p.out?.minor ?? null,
    rate_per_100: p.rate ?? null, note: meta.note, actor: meta.actor, supervisor_id: meta.supervisorId ?? null,
    business_date: meta.date, created_at: meta.at,
  };
  run(db, q.insertInto('reserve_movements').values(row));
  audit(db, { at: meta.at, actor: meta.actor, action: `reserves.${p.kind}`, entity: 'reserve_movement', entityId: meta.id, detail: {
    in: p.in ? { place: p.in.place, currency: p.in.currency, minor: p.in.minor } : null,
    out: p.out ? { place: p.out.place, currency: p.out.currency, minor: p.out.minor } : null,
    channel: p.channel ?? null,
  } });
}

/**
 * A count's over or short at the day close (dayClose.ts), as a movement of the reserves' ledger
 * (第四十六条's 台账): written here, the table's one writer, inside the close's transaction. Its
 * postings and notes are the close's; the audit entry is the close's own.
 */
export function recordVariance(db: Database, row: ReserveMovementTable & { kind: 'variance' }): void {
  run(db, q.insertInto('reserve_movements').values(row));
}

/** One movement, now, in its own transaction, on a business day still open. */
export function writeMovement(ctx: Services, p: Plan, meta: { note: string; actor: string; supervisorId?: string | undefined; id?: string; heldAtHub?: boolean }): string {
  const now = ctx.now();
  const at = now.toISOString();
  const date = businessDate(now);
  const id = meta.id ?? ctx.newId();
  ctx.db.transaction(() => {
    assertDayOpen(ctx.db, date);
    applyMovement(ctx, p, { ...meta, id, at, date });
  }).immediate();
  return id;
}

export async function move(ctx: Services, input: MoveInput) {
  // The movement is the signed-in supervisor's (the method's role): another supervisor named here
  // would be recorded as having approved what they never saw. Refused, never recorded unchecked.
  if (input.supervisorId !== undefined && input.supervisorId.toUpperCase() !== input.actor.toUpperCase()) {
    throw new Refusal('INVALID_INPUT', {
      field: 'supervisorId',
      problemZh: `须为办理的主管本人（${input.actor}）：其他主管未经其审批不能记为审批人`,
      problemEn: `must be the supervisor making the movement (${input.actor}): another supervisor is not recorded as approving without their approval`,
    });
  }
  // Checked here first: a movement this counter refuses anyway claims nothing at the hub.
  const here = plan(ctx, input);
  const elsewhere = await institutionTransfers(ctx, input);
  const p = elsewhere.length > 0 ? plan(ctx, input, elsewhere) : here;
  const id = ctx.newId();
  let heldAtHub = false;
  try {
    heldAtHub = await holdOutOfAccount(ctx, p, id);
    return movementView(ctx, writeMovement(ctx, p, { ...input, id, heldAtHub }));
  } catch (e) {
    // Refused here after the hub gave this counter the month or held the money (the account short,
    // the day closed): both are given back, so another counter is not held off until they expire.
    if (ctx.hub && (input.kind === 'transfer_in' || input.kind === 'transfer_out')) await ctx.hub.releaseReserveClaim({ kind: input.kind, month: monthOf(businessDate(ctx.now())) }, CLAIM_WAIT_MS);
    if (ctx.hub && heldAtHub) await ctx.hub.releaseReserveHold({ movementId: id }, CLAIM_WAIT_MS);
    throw e;
  }
}

/** How long a movement waits on the hub's claim or hold. */
const CLAIM_WAIT_MS = 5_000;

/**
 * The reserve accounts are the institution's (issue 17 item 5): at a counter of a hub, money about
 * to leave one is held at the hub against the institution's balance, with this counter's own net
 * through the account (its movements, pushed or not); refused when the account holds less
 * (RESERVE_INSUFFICIENT, the institution's figure) or with the hub out of reach
 * (RESERVE_BALANCE_OFFLINE). True when held; false at a standalone terminal or with nothing leaving
 * an account (its own balance is checked as it is written).
 */
async function holdOutOfAccount(ctx: Services, p: Plan, movementId: string): Promise<boolean> {
  if (!ctx.hub || !p.out || isCashPlace(p.out.place)) return false;
  const posting = legPosting(ctx.db, p.out, -1n);
  if (posting.kind !== 'reserve_account') return false;
  const own = balanceMinor(ctx.db, 'reserve_account', p.out.currency, posting.account);
  const answer = await ctx.hub.holdReserve({ movementId, accountId: p.out.place, currency: p.out.currency, minor: String(p.out.minor), ownMinor: String(own) }, CLAIM_WAIT_MS);
  if (!answer) throw new Refusal('RESERVE_BALANCE_OFFLINE', {});
  if ('refused' in answer) throw new Refusal(answer.refused.code, answer.refused.details ?? {});
  return true;
}

/**
 * 第四十四条's limit is the institution's: at a counter of a hub, a transfer between the basic
 * account and the reserves claims this month's at the hub first (hub/reserves.ts), and the other
 * counters' count; with the hub out of reach it is refused, as the month cannot be known.
 */
async function institutionTransfers(ctx: Services, input: MoveInput): Promise<Elsewhere> {
  if (!ctx.hub || (input.kind !== 'transfer_in' && input.kind !== 'transfer_out')) return [];
  const answer = await ctx.hub.claimReserveTransfer({ kind: input.kind, month: monthOf(businessDate(ctx.now())), limit: params(ctx).reserveTransferPerMonth }, CLAIM_WAIT_MS);
  if (!answer) throw new Refusal('RESERVE_HUB_OFFLINE', {});
  return answer.others;
}

/** The float the institution hands the outlet (系统内调入, 第四十五条(一)): cash.fund. */
export function fundFloat(ctx: Services, input: { currency: string; amount: string; note: string; actor: string }) {
  const minor = amountOf(input.amount, input.currency);
  const id = writeMovement(ctx, {
    kind: 'float_in', channel: 'internal', counterparty: '本机构', method: 'cash',
    in: { place: 'till', currency: input.currency, minor }, counter: [{ kind: 'capital', currency: input.currency, amountMinor: -minor }],
  }, input);
  return { id, currency: input.currency, amount: fromMinor(minor, input.currency).toString() };
}

export function movementView(ctx: Services, id: string) {
  const m = first(ctx.db, q.selectFrom('reserve_movements').selectAll().where('id', '=', id))!;
  const leg = (place: string | null, currency: string | null, minor: bigint | null) =>
    place && currency && minor !== null ? { place, currency, amount: fromMinor(minor, currency).toString() } : null;
  const groups = notesOfTxn(ctx.db, id, m.business_date).map((b) => ({
    location: b.location as string, currency: b.currency, direction: b.sign > 0n ? 'in' as const : 'out' as const,
    notes: [...b.notes].map(([d, n]) => ({ denomination: fromMinor(d, b.currency).toString(), count: Number(n) })),
  }));
  return {
    id: m.id, kind: m.kind, businessDate: m.business_date, at: m.created_at,
    in: leg(m.in_place, m.in_currency, m.in_minor), out: leg(m.out_place, m.out_currency, m.out_minor),
    notes: groups,
  };
}
