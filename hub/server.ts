// The hub's HTTP API (issue 16). HTTPS when given a certificate; plain HTTP only on loopback, for
// development (hub/main.ts). Every refusal is a stable code with both messages (shared/errors.ts),
// never a stack trace; anything else is logged with a reference and answered INTERNAL_ERROR.
//   GET  /health
//   GET  / (or /console) and /assets/…  HQ's console, the renderer's build (console.ts)
//   POST /v1/enrol                      a counter's one-time code and public key (trust.ts)
//   POST /v1/events | /v1/changes | /v1/history | /v1/standing | /v1/customer | /v1/limit/hold | /v1/limit/release | /v1/receipt[/hold|/release] | /v1/counter
//        /v1/outlet-day[/close] | /v1/reserves/{claim,release,hold,hold-release}
//                                       signed by an enrolled terminal: its events up (ingest.ts),
//                                       reference data down (reference.ts), its history (history.ts),
//                                       the look-ups (lookups.ts; a counter to send notes to: transfers.ts),
//                                       the outlet's day over its counters (outletDays.ts), the
//                                       institution's monthly reserve transfer (reserves.ts), money
//                                       held in its reserve accounts (reserveAccounts.ts)
//   POST /v1/sign-in | /v1/sign-out     a person of the hub (people.ts), a bearer token
//   POST /v1/people[/list|/lock|/unlock|/disable], /v1/rates, /v1/calendar, /v1/conversion-rates,
//        /v1/policies, /v1/watch-lists, /v1/outlets[/list], /v1/terminals/enrol-code, /v1/terminals/revoke,
//        /v1/receipt-books/{issue,return,list}, /v1/transfers/list, /v1/reserve-accounts[/list],
//        /v1/basic-account, /v1/live, /v1/anchors (the institution live, the audit anchors: any HQ role),
//        /v1/rates/push (several outlets at once, a plausibility check), /v1/rates/list, /v1/reference/list,
//        /v1/inspection/{search,export} (the journal across outlets, every search recorded),
//        /v1/reports[/export] (附表1/2/3, the trial balance, the reserve ledger from the hub: reports.ts)
//                                       HQ's hand on the reference data (a hub manager's session;
//                                       the list, any HQ role)
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { randomUUID } from 'node:crypto';
import { failure, Refusal, type ErrorCode } from '../shared/errors';
import { hubRouteWords, roleWords, worded } from '../shared/words';
import { z } from 'zod';
import { parseInput } from '../shared/api/invalid';
import {
  bookListRequest, bookRequest, counterRequest, transferListRequest, outletDayRequest, outletCloseRequest, reserveClaimRequest, limitHoldRequest, limitReleaseRequest, customerRequest, createPersonRequest, enrolmentCodeRequest, issueBookRequest, outletRequest, HQ_ROLES, importConversionTableRequest, importWatchListRequest, loadCalendarRequest, loadPolicyRequest, personRequest, pullRequest, receiptHoldRequest, receiptReleaseRequest, receiptRequest, setRateRequest,
  signInRequest, standingRequest, terminalRequest, openReserveAccountRequest, basicAccountRequest, reserveHoldRequest, reserveHoldReleaseRequest, type HubPersonRole, type HubPersonView,
} from '../shared/sync/reference';
import type { HubDatabase } from './db/open';
import { ingest } from './ingest';
import { isConsolePath, serveConsole } from './console';
import { auditAnchors, liveView } from './live';
import { inspectionRequest, liveRequest, rateHistoryRequest, ratePushRequest, referenceHistoryRequest } from '../shared/sync/live';
import { pushRates, rateHistory, referenceHistory } from './rates';
import { exportJournal, searchJournal } from './inspection';
import { exportHubReport, hubReport } from './reports';
import { hubReportExportRequest, hubReportRequest } from '../shared/sync/reports';
import { holdReserve, listReserveAccounts, openReserveAccount, releaseReserveHold, setBasicAccount } from './reserveAccounts';
import { historyOf } from './history';
import { historyRequest } from '../shared/sync/protocol';
import { customerName, findReceipt, holdDailyLimit, holdReceipt, personStanding, releaseDailyLimit, releaseReceipt } from './lookups';
import { changePerson, createPerson, listPeople, sessionPerson, signIn, signOut } from './people';
import { changesSince, importConversionTable, importWatchList, loadCalendar, loadPolicy, setRate } from './reference';
import { findCounter, listTransfers } from './transfers';
import { closeOutletDay, outletDay } from './outletDays';
import { claimReserveTransfer, releaseReserveClaim } from './reserves';
import { listOutlets, saveOutlet } from './outlets';
import { ensureBooks, issueBookNow, listBooks, returnBook } from './receiptBooks';
import { createEnrolmentCode, enrol, noteCounterHead, revokeTerminal, verifySigned } from './trust';

/** A body larger than this is refused before it is read whole (a batch of 1,000 events fits). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400, NOT_SIGNED_IN: 401, SESSION_EXPIRED: 401, SIGN_IN_FAILED: 401, ACCOUNT_LOCKED: 403, ACCOUNT_DISABLED: 403, ROLE_NOT_ALLOWED: 403,
  PERSON_NOT_KNOWN: 404, PERSON_EXISTS: 409,
  HUB_SIGNATURE_INVALID: 401, HUB_REPLAYED: 409, HUB_TERMINAL_REVOKED: 403, HUB_TERMINAL_UNKNOWN: 403,
  HUB_ENROLMENT_CODE_INVALID: 403, HUB_OUTLET_UNKNOWN: 404, HUB_COUNTER_ELSEWHERE: 409, HUB_EVENTS_GAP: 409, HUB_EVENTS_FORK: 409, HUB_CHAIN_BROKEN: 422, HUB_BATCH_INVALID: 400,
};

export interface HubServerOptions {
  db: HubDatabase;
  now: () => Date;
  host: string;
  port: number;
  /** PEM certificate and key: HTTPS. Without them the hub listens on loopback only. */
  tls?: { cert: string; key: string };
  log?: (line: Record<string, unknown>) => void;
  /** scrypt's N for people's new passwords (tests lower it). */
  scryptN?: number;
  /** The renderer's build, whose hq.html is HQ's console (default dist/renderer). */
  consoleDir?: string;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function parseJson(body: Buffer, code: 'HUB_BATCH_INVALID' | 'INVALID_INPUT' = 'HUB_BATCH_INVALID'): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    if (code === 'INVALID_INPUT') throw new Refusal('INVALID_INPUT', { field: 'body', problemZh: '不是 JSON', problemEn: 'is not JSON' });
    throw new Refusal('HUB_BATCH_INVALID', { problem: 'the body is not JSON' });
  }
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

export async function startHubServer(opts: HubServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  if (!opts.tls && !isLoopback(opts.host)) throw new Error(`plain HTTP is for loopback only: give --cert and --key to listen on ${opts.host}`);
  const log = opts.log ?? ((line) => console.log(JSON.stringify(line)));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const route = `${req.method ?? ''} ${url.pathname}`;
    try {
      if (route === 'GET /health') return send(res, 200, { ok: true, at: opts.now().toISOString() });
      if (isConsolePath(req.method, url.pathname)) return serveConsole(req, res, url.pathname, opts.consoleDir);
      const handler = Object.hasOwn(routes, route) ? routes[route as keyof typeof routes] : undefined;
      if (!handler) return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: { zh: '没有这个地址。', en: 'No such path.' } } });
      const body = await readBody(req);
      return send(res, 200, { ok: true, value: await handler({ req, path: url.pathname, body }) });
    } catch (e) {
      if (e instanceof BodyTooLarge) return send(res, 413, { ok: false, error: failure('HUB_BATCH_INVALID', { problem: `the body is larger than ${MAX_BODY_BYTES} bytes` }) });
      if (e instanceof Refusal) return send(res, STATUS[e.code] ?? 400, { ok: false, error: e.failure });
      const ref = randomUUID();
      log({ at: opts.now().toISOString(), event: 'error', route, ref, error: e instanceof Error ? e.message : String(e) });
      return send(res, 500, { ok: false, error: failure('INTERNAL_ERROR', { ref }) });
    }
  }

  type Handler = (r: { req: IncomingMessage; path: string; body: Buffer }) => Promise<unknown>;
  const at = () => opts.now().toISOString();

  /** A request signed by an enrolled terminal: its id and outlet, and its body as the schema reads it. */
  const signed = <S extends z.ZodType>(schema: S, fn: (t: { id: string; outlet: string }, input: z.output<S>) => Promise<unknown>): Handler => async ({ req, path, body }) => {
    const terminal = await verifySigned(opts.db, { method: req.method!, path, headers: req.headers, body }, opts.now);
    const parsed = schema.safeParse(parseJson(body));
    if (!parsed.success) throw new Refusal('HUB_BATCH_INVALID', { problem: `${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}` });
    return fn(terminal, parsed.data);
  };
  /** A request by a person signed in to the hub, in one of the roles named. */
  const person = <S extends z.ZodType>(schema: S, roles: readonly HubPersonRole[], fn: (p: HubPersonView, input: z.output<S>) => Promise<unknown>): Handler => async ({ req, path, body }) => {
    const p = await sessionPerson(opts.db, req.headers.authorization, opts.now);
    if (!roles.includes(p.role)) throw new Refusal('ROLE_NOT_ALLOWED', { ...worded('method', path, hubRouteWords(path)), ...worded('role', p.role, roleWords(p.role)) });
    const value = await fn(p, parseInput(schema, parseJson(body, 'INVALID_INPUT')));
    log({ at: at(), event: 'reference', path, by: p.id });
    return value;
  };
  const HQ_MANAGER = ['hqManager'] as const;

  const routes = {
    'POST /v1/enrol': async ({ body }: { body: Buffer }) => {
      const value = await enrol(opts.db, parseJson(body), opts.now);
      log({ at: at(), event: 'enrolled', terminal: value.terminalId });
      return value;
    },
    // The body goes to the inbox as it came: it checks it, and stores the events from those bytes.
    'POST /v1/events': async ({ req, path, body }) => {
      const t = await verifySigned(opts.db, { method: req.method!, path, headers: req.headers, body }, opts.now);
      const value = await ingest(opts.db, t.id, body, opts.now);
      if (value.stored > 0) log({ at: at(), event: 'events', terminal: t.id, stored: value.stored, held: value.held });
      return value;
    },
    'POST /v1/changes': signed(pullRequest, async (t, input) => {
      // The counter's receipt books topped up first, so this pull brings them (第三十五条(三)).
      await ensureBooks(opts.db, t.id, opts.now);
      if (input.head !== undefined) await noteCounterHead(opts.db, t.id, input.head);
      return changesSince(opts.db, t.outlet, BigInt(input.since));
    }),
    // A new PC in place of a dead one rebuilds the counter from its history (issue 17 item 6).
    'POST /v1/history': signed(historyRequest, (t, input) => historyOf(opts.db, t.id, BigInt(input.after), input.limit)),
    'POST /v1/standing': signed(standingRequest, (t, input) => personStanding(opts.db, { ...input, exceptTerminal: t.id })),
    'POST /v1/customer': signed(customerRequest, (t, input) => customerName(opts.db, { ...input, exceptTerminal: t.id })),
    'POST /v1/receipt': signed(receiptRequest, async (t, input) => ({ found: await findReceipt(opts.db, { ...input, exceptTerminal: t.id, at: opts.now() }) })),
    // Notes to a counter of another outlet: the sender asks who it is first (issue 17 item 4).
    'POST /v1/counter': signed(counterRequest, (_t, input) => findCounter(opts.db, input.terminalId)),
    // The outlet's day over its counters (issue 17 item 5): what the hub holds of it, and its close.
    'POST /v1/outlet-day': signed(outletDayRequest, (t, input) => outletDay(opts.db, t.outlet, input)),
    'POST /v1/outlet-day/close': signed(outletCloseRequest, async (t, input) => {
      const value = await closeOutletDay(opts.db, t, input, opts.now);
      log({ at: at(), event: 'outletClosed', outlet: t.outlet, date: input.date, terminal: t.id });
      return value;
    }),
    // This month's transfer with the basic account, for the institution (第四十四条; issue 17 item 5).
    'POST /v1/reserves/claim': signed(reserveClaimRequest, (t, input) => claimReserveTransfer(opts.db, t.id, input, opts.now)),
    'POST /v1/reserves/release': signed(reserveClaimRequest.omit({ limit: true }), (t, input) => releaseReserveClaim(opts.db, t.id, input)),
    // Money about to leave one of the institution's reserve accounts (第三十八条; issue 17 item 5).
    'POST /v1/reserves/hold': signed(reserveHoldRequest, (t, input) => holdReserve(opts.db, t.id, input, opts.now)),
    'POST /v1/reserves/hold-release': signed(reserveHoldReleaseRequest, (t, input) => releaseReserveHold(opts.db, t.id, input)),
    'POST /v1/limit/hold': signed(limitHoldRequest, (t, input) => holdDailyLimit(opts.db, { ...input, terminal: t.id }, opts.now)),
    'POST /v1/receipt/release': signed(receiptReleaseRequest, (t, input) => releaseReceipt(opts.db, { ...input, terminal: t.id })),
    'POST /v1/limit/release': signed(limitReleaseRequest, (t, input) => releaseDailyLimit(opts.db, { ...input, terminal: t.id })),
    'POST /v1/receipt/hold': signed(receiptHoldRequest, (t, input) => holdReceipt(opts.db, { ...input, terminal: t.id }, opts.now)),
    'POST /v1/sign-in': async ({ body }: { body: Buffer }) => {
      const input = parseInput(signInRequest, parseJson(body, 'INVALID_INPUT'));
      const value = await signIn(opts.db, input.id, input.password, opts.now);
      log({ at: at(), event: 'signedIn', person: value.person.id });
      return value;
    },
    'POST /v1/sign-out': async ({ req }: { req: IncomingMessage }) => {
      await signOut(opts.db, req.headers.authorization, opts.now);
      return {};
    },
    'POST /v1/people': person(createPersonRequest, HQ_MANAGER, (p, input) => createPerson(opts.db, input, p.id, opts.now, opts.scryptN ? { scryptN: opts.scryptN } : {})),
    'POST /v1/people/list': person(z.strictObject({}), HQ_ROLES, () => listPeople(opts.db)),
    'POST /v1/people/lock': person(personRequest, HQ_MANAGER, (p, input) => changePerson(opts.db, input.id, 'lock', p.id, opts.now)),
    'POST /v1/people/unlock': person(personRequest, HQ_MANAGER, (p, input) => changePerson(opts.db, input.id, 'unlock', p.id, opts.now)),
    'POST /v1/people/disable': person(personRequest, HQ_MANAGER, (p, input) => changePerson(opts.db, input.id, 'disable', p.id, opts.now)),
    'POST /v1/rates': person(setRateRequest, HQ_MANAGER, (p, input) => setRate(opts.db, input, p.id, opts.now)),
    'POST /v1/calendar': person(loadCalendarRequest, HQ_MANAGER, (p, input) => loadCalendar(opts.db, input, p.id, opts.now)),
    'POST /v1/conversion-rates': person(importConversionTableRequest, HQ_MANAGER, (p, input) => importConversionTable(opts.db, input, p.id, opts.now)),
    // 第五十四条: a watch list for every counter's screening (the file is checked with the counters' parser).
    'POST /v1/watch-lists': person(importWatchListRequest, HQ_MANAGER, (p, input) => importWatchList(opts.db, input, p.id, opts.now)),
    'POST /v1/outlets': person(outletRequest, HQ_MANAGER, (p, input) => saveOutlet(opts.db, input, p.id, opts.now)),
    'POST /v1/reserve-accounts': person(openReserveAccountRequest, HQ_MANAGER, (p, input) => openReserveAccount(opts.db, input, p.id, opts.now)),
    'POST /v1/basic-account': person(basicAccountRequest, HQ_MANAGER, (p, input) => setBasicAccount(opts.db, input, p.id, opts.now)),
    'POST /v1/reserve-accounts/list': person(z.strictObject({}), HQ_ROLES, () => listReserveAccounts(opts.db, opts.now)),
    // The institution live, for HQ's console (issue 18 item 2).
    'POST /v1/live': person(liveRequest, HQ_ROLES, (_p, input) => liveView(opts.db, input, opts.now)),
    'POST /v1/rates/push': person(ratePushRequest, HQ_MANAGER, (p, input) => pushRates(opts.db, input, p.id, opts.now)),
    'POST /v1/rates/list': person(rateHistoryRequest, HQ_ROLES, (_p, input) => rateHistory(opts.db, input)),
    'POST /v1/reference/list': person(referenceHistoryRequest, HQ_ROLES, (_p, input) => referenceHistory(opts.db, input)),
    // The inspection search and its export, every one recorded (第四十九条; issue 18 item 5).
    'POST /v1/inspection/search': person(inspectionRequest, HQ_ROLES, (p, input) => searchJournal(opts.db, p, input, opts.now)),
    'POST /v1/inspection/export': person(inspectionRequest, HQ_ROLES, (p, input) => exportJournal(opts.db, p, input, opts.now)),
    // The institution's reports from its own books at the hub (第五十一条; issue 18 item 4): any HQ role.
    'POST /v1/reports': person(hubReportRequest, HQ_ROLES, (_p, input) => hubReport(opts.db, input)),
    'POST /v1/reports/export': person(hubReportExportRequest, HQ_ROLES, (_p, input) => exportHubReport(opts.db, input)),
    'POST /v1/anchors': person(z.strictObject({}), HQ_ROLES, () => auditAnchors(opts.db, opts.now)),
    'POST /v1/outlets/list': person(z.strictObject({}), HQ_ROLES, () => listOutlets(opts.db)),
    'POST /v1/terminals/enrol-code': person(enrolmentCodeRequest, HQ_MANAGER, async (p, input) => {
      const made = await createEnrolmentCode(opts.db, input, p.id, opts.now);
      log({ at: at(), event: 'enrolmentCode', terminal: input.terminalId, outlet: input.outletCode, by: p.id });
      return { terminalId: input.terminalId, outletCode: input.outletCode, code: made.code, expiresAt: made.expiresAt.toISOString() };
    }),
    'POST /v1/terminals/revoke': person(terminalRequest, HQ_MANAGER, async (p, input) => {
      const revoked = await revokeTerminal(opts.db, input.terminalId, p.id, opts.now);
      log({ at: at(), event: 'revoked', terminal: input.terminalId, by: p.id, revoked });
      return { terminalId: input.terminalId, revoked };
    }),
    'POST /v1/receipt-books/issue': person(issueBookRequest, HQ_MANAGER, (p, input) => issueBookNow(opts.db, input, p.id, opts.now)),
    'POST /v1/receipt-books/return': person(bookRequest, HQ_MANAGER, (p, input) => returnBook(opts.db, input.code, p.id, opts.now)),
    'POST /v1/receipt-books/list': person(bookListRequest, HQ_ROLES, (_p, input) => listBooks(opts.db, input.outletCode)),
    'POST /v1/transfers/list': person(transferListRequest, HQ_ROLES, (_p, input) => listTransfers(opts.db, input)),
    'POST /v1/policies': person(loadPolicyRequest, HQ_MANAGER, (p, input) => loadPolicy(opts.db, input, p.id, opts.now)),
  } satisfies Record<string, Handler>;

  const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  const server = opts.tls ? createHttps({ cert: opts.tls.cert, key: opts.tls.key }, listener) : createHttp(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    server,
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
