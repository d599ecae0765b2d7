// The API (issue 15 "The method is the unit"): every Terminal method by name (`domain.verb`), each
// declared once, in shared/api/<domain>.ts, by its MethodSpec (spec.ts): input and output schemas,
// who may call it, its approval, its actor, whether it is passive or serial. Everything else here
// is derived from `api`: the input and output maps, the types the handlers and screens read, and
// the access, approval, passive and serial tables the Terminal enforces, whatever the transport.
import type { z } from 'zod';
import { auditApi } from './audit';
import { authApi } from './auth';
import { backupApi } from './backup';
import { calendarApi } from './calendar';
import { cashApi } from './cash';
import { clockApi } from './clock';
import { conversionRatesApi } from './conversionRates';
import { customersApi } from './customers';
import { dayCloseApi } from './dayClose';
import { approvalFields } from './fields';
// ---- issue 19 item 7 (inspection and retention) ----
import { archiveApi } from './archive';
import { journalApi } from './journal';
import { monitoringApi } from './monitoring';
import { outletApi } from './outlet';
import { peopleApi } from './people';
import { policiesApi } from './policies';
import { printerApi } from './printer';
import { queueApi } from './queue';
import { ratesApi } from './rates';
import { reportsApi } from './reports';
import { reservesApi } from './reserves';
import type { Role } from './roles';
import { sessionApi } from './session';
import { LEGACY_ACTOR_FIELDS, type Fields, type MethodSpec } from './spec';
import { tradesApi } from './trades';
// watch-list screening (第五十四条)
import { screeningApi } from './screening';
import type { tradeRequest } from './trades';

// The order is the contract's (GET /api/contract lists the methods in it, test/bad-input.test.ts
// walks them in it on one ledger: the audit chain is broken on purpose after the day close).
export const api = {
  ...sessionApi,
  ...outletApi,
  ...policiesApi,
  ...ratesApi,
  ...conversionRatesApi,
  ...customersApi,
  ...tradesApi,
  ...printerApi,
  ...cashApi,
  ...queueApi,
  ...monitoringApi,
  ...calendarApi,
  ...reservesApi,
  ...dayCloseApi,
  ...reportsApi,
  ...auditApi,
  ...authApi,
  ...peopleApi,
  /** Backups and the clock check (restoring is offline: npm run restore). */
  ...backupApi,
  ...clockApi,
  /** Watch-list screening (第五十四条). */
  ...screeningApi,
  // ---- issue 19 item 7 (inspection and retention, 第四十九条) ----
  ...journalApi,
  ...archiveApi,
} as const satisfies { readonly [method: string]: MethodSpec };

type Api = typeof api;
export type MethodName = keyof Api;
/** The methods whose spec has `key` (approval, actor, passive, serial). */
type MethodsWith<K extends string> = { [M in MethodName]: K extends keyof Api[M] ? M : never }[MethodName];

const NAMES = Object.keys(api) as MethodName[];
const specOf = (m: MethodName): MethodSpec => api[m];
function mapApi<T>(f: (spec: MethodSpec) => T): Record<MethodName, T> {
  return Object.fromEntries(NAMES.map((m) => [m, f(specOf(m))])) as Record<MethodName, T>;
}

// ---- inputs ----

/** Every method's input schema: the Terminal validates every call against it. */
export const methods = mapApi((s) => s.input) as { readonly [M in MethodName]: Api[M]['input'] };
/**
 * What a caller sends. A method whose spec has `actor` also takes the actor's earlier names
 * (LEGACY_ACTOR_FIELDS), as `actor`: callers written before one name keep working.
 */
export type Input<M extends MethodName> = z.input<Api[M]['input']> & (M extends MethodsWith<'actor'> ? LegacyActor : unknown);
type LegacyActor = { readonly [K in (typeof LEGACY_ACTOR_FIELDS)[number]]?: string };
/**
 * What a handler gets: the parsed input, with the actor filled from the session. The approval
 * fields are the dispatcher's: it checks them and hands the handler the approver (Call.approver),
 * so a handler cannot read a claimed `supervisorId` by mistake.
 */
export type Parsed<M extends MethodName> = Acting<M extends MethodsWith<'approval'> ? WithoutApproval<z.output<Api[M]['input']>> : z.output<Api[M]['input']>>;
type WithoutApproval<T> = T extends unknown ? Omit<T, 'approval' | 'supervisorId'> : never;
export type TradeRequest = Acting<z.output<typeof tradeRequest>>;
export type CommitRequest = Parsed<'trades.commit'>;
/** The actor (optional on the wire) is always there for a handler: the dispatcher fills it. */
type Acting<T> = T extends object ? T & { [K in Extract<keyof T, 'actor'>]-?: string } : T;

/** A supervisor's approval (auth.approve), for the methods that need one (APPROVALS). */
export const approval = approvalFields.approval;

/**
 * The names a caller may give the acting person by (a spec's `actor: true`): `actor`, and its
 * earlier names. On the wire it is optional: the dispatcher fills it from the session, and refuses
 * a call whose actor is someone else (ACTOR_MISMATCH).
 */
export const ACTOR_FIELDS = ['actor', ...LEGACY_ACTOR_FIELDS] as const;
export type ActorField = (typeof ACTOR_FIELDS)[number];

// ---- outputs ----
// Answers are JSON: amounts, rates and USD equivalents are decimal strings, never JSON numbers and
// never bigint (a bigint cannot be sent at all). Objects are strict, so a field that is not part of
// the contract fails the tests that parse real answers (test/contract-outputs.test.ts). The
// Terminal checks at compile time that every handler's answer fits, and GET /api/contract
// publishes them as JSON schemas.

/** Every method's answer schema. */
export const outputs = mapApi((s) => s.output) as { readonly [M in MethodName]: Api[M]['output'] };
/** Methods whose answer has no schema: none, as every spec has its output. */
export type MethodsWithoutOutput = Exclude<MethodName, keyof typeof outputs>;
/** The answer of each method, as the screens read it (inferred from the schemas). */
export type Outputs = { [M in MethodName]: z.output<Api[M]['output']> };

// ---- who may call what ----

/** Per method, the roles that may call it, or 'public' (no session). */
export const ACCESS = mapApi((s) => s.roles) as { readonly [M in MethodName]: Api[M]['roles'] };

export function mayCall(method: MethodName, role: Role): boolean {
  const access: readonly Role[] | 'public' = ACCESS[method];
  return access === 'public' || access.includes(role);
}

/**
 * Calls the screens make on a timer (the status bar, the board, the print state): they need a
 * live session but do not keep it alive, so a counter left alone signs out after idleSignOutMs
 * even while its status bar polls.
 */
export const PASSIVE_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(NAMES.filter((m) => specOf(m).passive));

/** Calls that write with a real-time entry awaited in between: they run one at a time. */
export const SERIAL_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(NAMES.filter((m) => specOf(m).serial));

// ---- a supervisor's approval in place ----

export type ApprovalAction = MethodsWith<'approval'>;

/**
 * What an approval is bound to, per approved method (the action): a string derived from the
 * method's input, so an approval for voiding receipt 1 cannot void receipt 2. The renderer asks
 * for the approval with the subject of the call it is about to make; the Terminal derives it again
 * from the call and compares. A method whose handler consumes an approval has one in its spec.
 */
export const APPROVALS = Object.fromEntries(
  NAMES.flatMap((m) => {
    const a = specOf(m).approval;
    return a ? [[m, a.subject]] : [];
  }),
) as { readonly [M in ApprovalAction]: (input: Fields) => string };

/**
 * Approved actions a supervisor (or manager) may also do on their own authority, signed in
 * themselves (a spec's `approval.self`). The others keep four eyes: the teller and the approver are
 * two people, whoever is signed in (a void, a supervisor-level prompt, page mode, a second reprint).
 */
export const SELF_APPROVED: ReadonlySet<ApprovalAction> = new Set<ApprovalAction>(
  NAMES.filter((m): m is ApprovalAction => specOf(m).approval?.self === true),
);

export function isApprovalAction(action: string): action is ApprovalAction {
  return Object.hasOwn(APPROVALS, action);
}

/** The subject an approval of `action` must carry for this input. */
export function approvalSubject(action: ApprovalAction, input: unknown): string {
  const fields = typeof input === 'object' && input !== null ? (input as Fields) : {};
  return APPROVALS[action](fields);
}

// ---- the schemas and views, by domain ----

export * from './roles';
export { LEGACY_ACTOR_FIELDS, type Fields, type MethodSpec, type DomainSpecs } from './spec';
export { messageOutput, moneyText, customerInput } from './fields';
export { sessionInfo, type SessionInfo } from './session';
export { outletView } from './outlet';
export { policyView } from './policies';
export { rateView, type RateView } from './rates';
export { screeningHitView, screeningListView, type ScreeningHitView, type ScreeningListView } from './screening';
export { conversionRatesView } from './conversionRates';
export { calendarYearView } from './calendar';
export { customerLookup, customerStanding, type CustomerLookup, type CustomerStanding } from './customers';
export {
  commitRequest, personDay, prompt, quoteView, receiptPreview, tradeAmounts, tradeRef, tradeRequest, tradeView,
  type MoneyText, type PersonDay, type QuoteView, type TradeAmounts, type TradeView,
} from './trades';
export { printerState, printerStatus, printJobView, type PrinterState, type PrinterStatus, type PrintJobView } from './printer';
export { cashOnHand, cashPlace, countInput, handoverView, notesInput, noteStockView } from './cash';
export {
  outboxState, queueResolution, queueRow, queueStatus, syncResult, type OutboxState, type QueueRow, type QueueStatus, type SyncResult,
} from './queue';
export { backfillLine, reconciliation, type BackfillLine, type Reconciliation } from './monitoring';
export { auditBreak, auditEntryView, auditVerification, type AuditBreak, type AuditEntryView, type AuditVerification } from './audit';
export { moveInput, movementView, reserveAccountView, reserveLedgerView, reservesView } from './reserves';
export { dayClosePreparation, dayCloseView } from './dayClose';
export { exportView, form1View, form2View, profitView, trialBalanceView } from './reports';
export { personId, personView } from './people';
export { backupInfo } from './backup';
