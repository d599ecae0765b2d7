// 第三十七条: the institution must stop customers splitting amounts (分拆) to dodge the rules, and
// the 2021 SAFE guide makes risk prompts for over-limit and structuring a duty of the system.
// A prompt never blocks by itself (blocks are the rules elsewhere): it asks the teller to confirm,
// and a supervisor for the stronger ones, and the terminal records that it prompted.
import { fillMessage, type Message } from '../errors';
import { Decimal, dec, formatUsd } from '../money/money';
import type { PolicyParams } from '../policy';
import type { DayStanding } from './dailyLimit';

export type PromptCode = 'watchStatus' | 'nearDailyLimit' | 'realtimeCountReached' | 'justBelowThreshold' | 'linkedPeople';
export type PromptLevel = 'confirm' | 'supervisor';
export type MonitoringStatus = 'normal' | 'prewatch' | 'watch';

export interface Prompt {
  code: PromptCode;
  level: PromptLevel;
  message: Message;
}

const TEXT: Record<PromptCode, { level: PromptLevel } & Message> = {
  watchStatus: {
    level: 'confirm',
    zh: '客户在监测系统中为{statusZh}。请向客户告知并确认已告知（第三十七条）。',
    en: 'The monitoring system lists this customer as {statusEn}. Give the customer the notice and confirm it was given (第三十七条).',
  },
  nearDailyLimit: {
    level: 'confirm',
    zh: '本笔后客户今日累计等值 {after} 美元，接近每日 {limit} 美元限额（第二十九条）。',
    en: 'After this trade the customer has exchanged {after} USD today, close to the daily limit of {limit} USD (第二十九条).',
  },
  realtimeCountReached: {
    level: 'confirm',
    zh: '这是客户今日第 {n} 笔兑换；达到 {count} 笔后，之后每笔均须实时录入监测系统（第三十二条）。',
    en: 'This is the customer\'s trade number {n} today; after {count} trades every further trade is entered in real time (第三十二条).',
  },
  justBelowThreshold: {
    level: 'supervisor',
    zh: '客户近 {days} 日内多次兑换略低于等值 {threshold} 美元，可能分拆交易（第三十七条）。请核实资金用途，须主管确认。',
    en: 'The customer has changed just under {threshold} USD more than once in {days} days, which may be structuring (第三十七条). Check the purpose; a supervisor must confirm.',
  },
  linkedPeople: {
    level: 'supervisor',
    zh: '{minutes} 分钟内已有 {others} 位其他客户在本柜员处兑换略低于等值 {threshold} 美元，可能分拆交易（第三十七条）。请核实是否同行，须主管确认。',
    en: '{others} other customers changed just under {threshold} USD with this teller in the last {minutes} minutes, which may be structuring (第三十七条). Check whether they came together; a supervisor must confirm.',
  },
};

function prompt(code: PromptCode, details: Record<string, string>): Prompt {
  const t = TEXT[code];
  return { code, level: t.level, message: { zh: fillMessage(t.zh, details), en: fillMessage(t.en, details) } };
}

/** Something a person did earlier that the prompts look at: a trade (voided or not) or an attempt. */
export interface PriorEntry {
  personKey: string;
  tellerId: string;
  usd: Decimal;
  at: Date;
}

/**
 * Entries the prompts may need, or a function that reads them: on a busy day the reads are a
 * fifth of a quote's or a commit's time, and only a trade just below a threshold looks at them.
 */
export type Entries = readonly PriorEntry[] | (() => readonly PriorEntry[]);

const entries = (e: Entries): readonly PriorEntry[] => (typeof e === 'function' ? e() : e);

/** The threshold whose "just below" band holds this USD amount, if any. */
export function justBelowThreshold(usd: Decimal, policy: PolicyParams): Decimal | undefined {
  const margin = dec(policy.prompts.justBelowMarginPercent).dividedBy(100);
  for (const text of policy.prompts.justBelowThresholdsUsd) {
    const threshold = dec(text);
    const lower = threshold.times(new Decimal(1).minus(margin));
    if (usd.gte(lower) && usd.lte(threshold)) return threshold;
  }
  return undefined;
}

export function riskPrompts(args: {
  usd: Decimal;
  personKey: string;
  tellerId: string;
  now: Date;
  standing: DayStanding;
  tradesBeforeToday: number;
  /** This person's trades and attempts over the look-back days (the caller picks the dates); read only for a trade just below a threshold. */
  personHistory: Entries;
  /** Other entries at this outlet over the linked window (the caller picks the window); read only for a trade just below a threshold. */
  outletRecent: Entries;
  monitoringStatus?: MonitoringStatus;
  policy: PolicyParams;
}): Prompt[] {
  const { usd, policy } = args;
  const prompts: Prompt[] = [];

  if (args.monitoringStatus === 'prewatch' || args.monitoringStatus === 'watch') {
    prompts.push(
      prompt('watchStatus', args.monitoringStatus === 'watch'
        ? { statusZh: '关注名单', statusEn: 'on the watch list' }
        : { statusZh: '预关注', statusEn: 'pre-watch' }),
    );
  }

  if (args.standing.usedAfter.gte(dec(policy.prompts.nearDailyLimitUsd)) && args.standing.usedAfter.lte(args.standing.limit)) {
    prompts.push(prompt('nearDailyLimit', { after: formatUsd(args.standing.usedAfter), limit: formatUsd(args.standing.limit) }));
  }

  const n = args.tradesBeforeToday + 1;
  if (n >= policy.realtimeAfterTrades) {
    prompts.push(prompt('realtimeCountReached', { n: String(n), count: String(policy.realtimeAfterTrades) }));
  }

  const threshold = justBelowThreshold(usd, policy);
  if (threshold) {
    const sameBand = (e: PriorEntry) => justBelowThreshold(e.usd, policy)?.eq(threshold) ?? false;
    if (entries(args.personHistory).some((e) => e.personKey === args.personKey && sameBand(e))) {
      prompts.push(prompt('justBelowThreshold', { threshold: formatUsd(threshold), days: String(policy.prompts.justBelowLookbackDays) }));
    }
    const windowStart = args.now.getTime() - policy.prompts.linkedWindowMinutes * 60_000;
    const others = new Set(
      entries(args.outletRecent)
        .filter((e) => e.personKey !== args.personKey && e.tellerId === args.tellerId && e.at.getTime() >= windowStart && sameBand(e))
        .map((e) => e.personKey),
    );
    if (others.size >= policy.prompts.linkedOtherPeople && policy.prompts.linkedOtherPeople > 0) {
      prompts.push(prompt('linkedPeople', {
        others: String(others.size),
        threshold: formatUsd(threshold),
        minutes: String(policy.prompts.linkedWindowMinutes),
      }));
    }
  }
  return prompts;
}
