// The rules' numbers as a versioned policy (../shared/regulation/rules.md). Every number the
// counter rules use is a parameter here, never a literal in rule code; a later version is loaded as
// data (policies.load) without a code change, and every decision records the version that made it.
// USD amounts are decimal strings, so no float ever holds one.
import { z } from 'zod';
import { Refusal } from './errors';
import { isIsoDate } from './time';

const usd = z.string().regex(/^\d+(\.\d+)?$/, 'a USD amount as a decimal string');
const count = z.number().int().min(0).max(1_000_000);

export const policyParamsSchema = z
  .object({
    /** 第二十九条: per person per calendar day, inclusive. */
    dailyLimitUsd: usd,
    /** 第二十九条: buys and sells add up (combined), or each direction has its own limit. */
    dailyLimitMode: z.enum(['combined', 'perDirection']),
    /** 第三十二条(一)(二): a single trade above this is entered in real time. */
    realtimeSingleUsd: usd,
    /** 第三十二条(一): once a person already has this many trades today, every further one is real-time. */
    realtimeAfterTrades: count,
    /** 第三十二条(二): back-fill window. */
    backfillWindowHours: count,
    /** 第三十二条(四): border-port FX→RMB trades at or below this need no entry. */
    borderPortExemptUsd: usd,
    /** 第三十一条: a foreign individual's reconversion above this (daily cumulative) needs the original receipt. */
    reconversionReceiptUsd: usd,
    /** 第三十一条: the original receipt is valid this many months from its exchange date. */
    reconversionReceiptMonths: count,
    /** 个人外汇管理办法实施细则 第二条: per person per year per trade type (checked by the monitoring system). */
    annualQuotaUsd: usd,
    /** 第三十二、三十五、四十六条. */
    recordRetentionYears: count,
    /** 第四十四条: RMB transfers between the basic account and reserve accounts, each way, per month. */
    reserveTransferPerMonth: count,
    /** 第四十二条. */
    reserveBanksMax: count,
    /** The outlet's own limits the 2012 text leaves to the institution (第三十四条: it sets its rates). */
    rateMaxAgeHours: count,
    /**
     * A new rate whose mid is further than this (percent) from the board's current one, or whose
     * USD value is further than the second from the month's conversion table, needs a supervisor's
     * reason (RATE_FAR_FROM_BOARD). A version loaded before these existed takes the defaults.
     */
    rateBoardBandPercent: usd.default('10'),
    rateConversionBandPercent: usd.default('15'),
    quoteValiditySeconds: count,
    /**
     * Watch-list screening (第五十四条): a name scoring this or more (0–100, shared/screening/) is
     * a hit that stops the trade until a supervisor examines it. A version loaded before it existed
     * takes the default.
     */
    screeningThreshold: z.number().int().min(50).max(100).default(85),
    /**
     * A refund on a later day (issue 19 item 2): the original receipt may be brought back this many
     * calendar days after its trade's date, not later (the outlet's own window: the measures set
     * none; docs/compliance-refund.md). A version loaded before it existed takes the default.
     */
    refundWindowDays: count.default(30),
    /**
     * 第三十二条(三): the settlement fund attributes this outlet reports, as confirmed with its SAFE
     * branch (the settlement list is not public; shared/codeLists.ts). The first is the counter's
     * default. A version loaded before this existed takes the placeholder ['122'].
     */
    settlementFundAttributes: z.array(z.string().regex(/^[12]\d\d$/)).min(1).max(30).default(['122']),
    /** 第三十七条 and the 2021 guide's duty to prompt on over-limit and structuring. */
    prompts: z.object({
      /** Prompt when the person's day total after this trade reaches this. */
      nearDailyLimitUsd: usd,
      /** Thresholds people split amounts to stay under. */
      justBelowThresholdsUsd: z.array(usd).min(1),
      /** "Just below" = within this percentage under a threshold (inclusive of the threshold). */
      justBelowMarginPercent: usd,
      /** Look back this many days (today included) for earlier just-below trades or attempts. */
      justBelowLookbackDays: count,
      /** Different people just below a threshold with the same teller within this many minutes. */
      linkedWindowMinutes: count,
      /** How many other people make a linked pattern. */
      linkedOtherPeople: count,
    }),
  })
  .strict();

export type PolicyParams = z.infer<typeof policyParamsSchema>;

export interface Policy {
  version: number;
  /** First business date ('YYYY-MM-DD') this version judges. */
  effectiveDate: string;
  source: string;
  params: PolicyParams;
}

/** Version 1: the 2012 measures (《个人本外币兑换特许业务试点管理办法》, in force 2012-05-01). */
export const POLICY_V1: Policy = {
  version: 1,
  effectiveDate: '2012-05-01',
  source: '《个人本外币兑换特许业务试点管理办法》(2012)',
  params: {
    dailyLimitUsd: '5000',
    dailyLimitMode: 'combined',
    realtimeSingleUsd: '500',
    realtimeAfterTrades: 5,
    backfillWindowHours: 24,
    borderPortExemptUsd: '100',
    reconversionReceiptUsd: '1000',
    reconversionReceiptMonths: 24,
    annualQuotaUsd: '50000',
    recordRetentionYears: 3,
    reserveTransferPerMonth: 1,
    reserveBanksMax: 3,
    rateMaxAgeHours: 24,
    rateBoardBandPercent: '10',
    rateConversionBandPercent: '15',
    quoteValiditySeconds: 300,
    screeningThreshold: 85,
    refundWindowDays: 30,
    settlementFundAttributes: ['122'],
    prompts: {
      nearDailyLimitUsd: '4500',
      justBelowThresholdsUsd: ['500', '1000', '5000'],
      justBelowMarginPercent: '10',
      justBelowLookbackDays: 3,
      linkedWindowMinutes: 30,
      linkedOtherPeople: 2,
    },
  },
};

/** The version in force on a business date: the latest whose effective date is not after it. */
export function policyFor(policies: readonly Policy[], date: string): Policy {
  let chosen: Policy | undefined;
  for (const p of policies) {
    if (p.effectiveDate <= date && (!chosen || p.effectiveDate > chosen.effectiveDate)) chosen = p;
  }
  if (!chosen) throw new Error(`no policy in force on ${date}`);
  return chosen;
}

/**
 * A later policy version as it may be loaded (rules.md: a new version needs no code change): the
 * next number after `latest`, effective after it, with parameters the rules can read. Checked in
 * one place for the counter (policies.load) and the hub (a version published to every counter).
 */
export function checkNextPolicy(input: { version: number; effectiveDate: string; source: string; params: unknown }, latest: Pick<Policy, 'version' | 'effectiveDate'>): Policy {
  const problem = (en: string, zh: string) => new Refusal('INVALID_INPUT', { field: 'policy', problemEn: en, problemZh: zh });
  if (!isIsoDate(input.effectiveDate)) throw problem('has an effective date that is not YYYY-MM-DD', '生效日期不是 YYYY-MM-DD');
  const parsed = policyParamsSchema.safeParse(input.params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw problem(`has a wrong parameter ${issue.path.join('.')}: ${issue.message}`, `参数 ${issue.path.join('.')} 有误`);
  }
  if (input.version !== latest.version + 1) throw problem(`must be version ${latest.version + 1}`, `版本号应为 ${latest.version + 1}`);
  if (input.effectiveDate <= latest.effectiveDate) throw problem(`must take effect after ${latest.effectiveDate}`, `生效日期须晚于 ${latest.effectiveDate}`);
  return { version: input.version, effectiveDate: input.effectiveDate, source: input.source, params: parsed.data };
}
