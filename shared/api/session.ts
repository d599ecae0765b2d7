// session.*: what every screen shows (training mode, the outlet, the business date, the currencies).
import { z } from 'zod';
import { count, date, decimal, instant, messageOutput, residency } from './fields';
import type { DomainSpecs } from './spec';

export const sessionInfo = z.strictObject({
  training: z.boolean(),
  businessDate: date,
  now: instant,
  institutionName: z.string(),
  outletCode: z.string(),
  outletName: z.string(),
  terminalId: z.string(),
  /** This counter's name at the hub (e.g. "2号柜台"), once the hub has published its outlet (issue 16). */
  counterName: z.string().optional(),
  currencies: z.array(z.strictObject({ code: z.string(), zh: z.string(), en: z.string(), minorUnits: count, smallestNote: decimal })),
  idTypes: z.array(z.strictObject({ code: z.string(), zh: z.string(), en: z.string(), residency })),
  /** 第三十二条(三) (issue 19 item 6): the settlement fund attributes the outlet confirmed with its SAFE branch (policy); the counter offers them. */
  settlementFundAttributes: z.array(z.string()).optional(),
  /** No person exists yet: the sign-in screen offers to create the first manager (people.bootstrap). */
  firstRun: z.boolean(),
  /**
   * Issue 20 item 1 (counter state): the business date is closed (日终, this counter's or the
   * outlet's): nothing more can be dated to it, so the counter says so before a trade is typed.
   */
  dayClosed: z.boolean(),
  /**
   * The ledger's quick_check (electron/terminal/safety.ts): 'checking' while a large ledger is
   * checked in the background (trading goes on), 'damaged' once writes are refused with
   * LEDGER_DAMAGED, 'unchecked' if the background check could not run.
   */
  integrity: z.enum(['checking', 'ok', 'damaged', 'unchecked']),
  /**
   * A year whose holiday notice is neither bundled nor loaded and is needed by now: the business
   * date's own year, or from 1 December the next (附表2 of December is due in January,
   * 第五十一条(三)). The status bar asks a manager to load it (calendar.load).
   */
  calendarMissingYear: z.number().int().optional(),
  /**
   * The institution's hub (issue 16), when this terminal has one: enrolled or not, the events the
   * hub does not hold yet (as last heard), when it last answered and why the last round stopped
   * short, and the reference data's version with when it was pulled (offline, how old it is).
   */
  hub: z
    .strictObject({
      enrolled: z.boolean(),
      eventsBehind: count.optional(),
      lastContactAt: instant.optional(),
      problem: z.strictObject({ code: z.string(), message: messageOutput }).optional(),
      referenceVersion: z.string(),
      referencePulledAt: instant.optional(),
    })
    .optional(),
});
export type SessionInfo = z.output<typeof sessionInfo>;

export const sessionApi = {
  /** What every screen shows: training mode, the outlet, the business date, the currencies. */
  'session.info': { input: z.object({}).strict(), output: sessionInfo, roles: 'public', passive: true, query: true },
} as const satisfies DomainSpecs<'session'>;
