// A quote token: what the customer agreed to (the fingerprint) and when, signed with the terminal's
// key (kept in memory only), so a commit takes only quotes this terminal made and refuses one whose
// figures no longer hold (QUOTE_STALE).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Refusal } from '../../../shared/errors';
import type { Evaluation } from './facts';


/** What the customer agreed to. A commit refuses when any of it has changed. */
interface Fingerprint {
  rateId: string;
  policyVersion: number;
  usdPerUnit: string;
  foreign: string;
  rmb: string;
  fee: string;
  path: string;
  tradesBefore: number;
  usdBefore: string;
  prompts: string[];
}

export interface Token extends Fingerprint {
  quotedAt: string;
  /** Whether the institution's hub answered the quote's look-ups (not compared: it says why a figure changed). */
  hubAnswered?: boolean;
  /**
   * The trade's id, made with the quote: the serial its real-time entry carries and its intent
   * is kept under (monitoring/intents.ts), and what makes a commit sent twice one trade.
   */
  tradeId: string;
}

export function fingerprint(e: Evaluation): Fingerprint {
  const d = e.decision;
  return {
    rateId: e.rate.id,
    policyVersion: e.policy.version,
    usdPerUnit: e.usdPerUnit.toString(),
    foreign: d.priced.foreign.toString(),
    rmb: d.priced.rmb.toString(),
    fee: d.priced.fee.toString(),
    path: d.path,
    tradesBefore: d.tradesBeforeToday,
    usdBefore: d.standing.usedBefore.toString(),
    prompts: d.prompts.map((p) => p.code).sort(),
  };
}

const CHANGE_NAMES: Record<keyof Fingerprint, string> = {
  rateId: '牌价 the rate',
  policyVersion: '政策版本 the policy version',
  usdPerUnit: '美元折算率 the USD conversion rate',
  foreign: '金额 the amounts',
  rmb: '金额 the amounts',
  fee: '手续费 the fee',
  path: '录入方式 the reporting path',
  tradesBefore: '客户今日交易 the customer\'s trades today',
  usdBefore: '客户今日交易 the customer\'s trades today',
  prompts: '风险提示 the risk prompts',
};

// A quote token is the fingerprint and the time of the quote, signed with the terminal's key.
function signature(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

export function encodeToken(key: Buffer, t: Token): string {
  const body = Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
  return `${body}.${signature(key, body)}`;
}

export function decodeToken(key: Buffer, text: string): Token {
  const [body = '', sig = ''] = text.split('.');
  const expected = Buffer.from(signature(key, body));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Refusal('INVALID_INPUT', { field: 'quoteToken', problemZh: '不是本终端出具的报价，请重新报价', problemEn: 'is not a quote this terminal made; quote again' });
  }
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Token;
}

/** Keys whose change follows from the hub coming or going: the other counters' trades counted or not. */
const COUNTED_ACROSS_COUNTERS = new Set<keyof Fingerprint>(['tradesBefore', 'usdBefore', 'path', 'prompts']);

export function checkStillHolds(token: Token, e: Evaluation, hubAnswered: boolean): void {
  const now = fingerprint(e);
  for (const key of Object.keys(now) as (keyof Fingerprint)[]) {
    if (JSON.stringify(now[key]) === JSON.stringify(token[key])) continue;
    // The hub answered the quote and not the commit, or the other way round: say so, as the
    // teller would otherwise look for a trade the customer made in between.
    if (token.hubAnswered !== undefined && token.hubAnswered !== hubAnswered && COUNTED_ACROSS_COUNTERS.has(key)) {
      throw new Refusal('QUOTE_STALE', {
        what: hubAnswered
          ? `总部中心恢复连接，已计入其他柜台的交易 the hub answered again: the customer's trades at the other counters now count (${CHANGE_NAMES[key]})`
          : `总部中心未应答，未能计入其他柜台的交易 the hub did not answer: the customer's trades at the other counters could not be counted (${CHANGE_NAMES[key]})`,
      });
    }
    throw new Refusal('QUOTE_STALE', { what: CHANGE_NAMES[key] });
  }
}

