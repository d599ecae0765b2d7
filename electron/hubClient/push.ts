// The terminal's side of the hub (issue 16): a background loop that enrols once with the code HQ
// gave (and a key pair it makes, kept in the data folder, readable by this user only), then each
// round pushes the terminal's events (electron/ledger/events.ts) in batches from the highest
// sequence the hub says it holds ("Up"), and pulls the reference data changed since the version the
// ledger holds, handing each answer to `apply` (electron/terminal/hubSync/apply.ts: one transaction)
// ("Down"). Every request is signed (shared/sync/protocol.ts). It also makes the look-ups a quote
// asks for (a customer's trades at other counters, a receipt issued elsewhere), each bounded by a
// timeout and answering undefined when the hub cannot say: the counter then decides offline.
// Nothing at the counter waits on the loop: a hub that is down or slow is tried again at the next
// round, and what is not yet sent is still in the ledger (the events are the audit trail).
import { failure, type Failure } from '../../shared/errors';
import { z } from 'zod';
import { pushAnswer, type PushAnswer } from '../../shared/sync/protocol';
import { customerAnswer, customerRequest, counterAnswer, counterRequest, outletCloseAnswer, outletCloseRequest, outletDayAnswer, outletDayRequest, reserveClaimAnswer, reserveClaimRequest, type ReserveClaimAnswer, reserveHoldAnswer, reserveHoldRequest, reserveHoldReleaseRequest, type ReserveHoldQuery, limitHoldAnswer, limitHoldRequest, type LimitHoldQuery, limitReleaseRequest, type LimitReleaseQuery, type OutletCloseRequest, type OutletDayAnswer, MAX_CHANGES, pullAnswer, receiptAnswer, receiptHoldAnswer, receiptHoldRequest, receiptReleaseRequest, receiptRequest, standingAnswer, standingRequest, type CounterAnswer, type PullAnswer, type ReceiptFound, type ReceiptHoldAnswer, type ReceiptHoldQuery, type ReceiptQuery, type StandingAnswer } from '../../shared/sync/reference';
import { eventsSince, lastSeq } from '../ledger/events';
import type { Database } from '../ledger/sql';
import { createLoop, type Loop } from '../loop';
import { createHubLink, HubRefused } from './link';

export interface HubSetup {
  /** The hub's address, e.g. https://hub.example.cn:8443 (http only to a hub on this PC). */
  url: string;
  /** The one-time code HQ gave for this counter (terminal.json `hub.enrolmentCode`), used once. */
  enrolmentCode?: string | undefined;
  /** Between rounds (default 5 s). */
  intervalMs?: number | undefined;
  /** Events per request (default 500; the hub takes at most 1,000). */
  batch?: number | undefined;
  /** `false` leaves pushing to `runOnce` (tests). */
  autoStart?: boolean | undefined;
}

/** What the terminal does with reference data pulled (absent: push only, e.g. a damaged ledger). */
export interface ReferenceSink {
  /** The version the ledger holds. */
  version(): string;
  /** The answer applied in one transaction; the version it took the ledger to. */
  apply(answer: PullAnswer): string;
}

/** What the loop last knew: for the status bar and the supervisor (and the tests). */
export interface HubState {
  enrolled: boolean;
  /** The highest sequence the hub said it holds. */
  held: string | undefined;
  /**
   * The highest sequence that may be at the hub: what it said it holds, or the last of a push that
   * left (its answer may have been lost). An event above it has never reached the hub, so no other
   * counter can have found what it wrote (a receipt: trades/institution.ts). Unknown until the hub
   * first answers in this process's life.
   */
  sent: string | undefined;
  lastContactAt: string | undefined;
  /** Why the last round stopped short: a refusal (its code and message), or the link. */
  problem: { code: string; message: { zh: string; en: string } } | undefined;
}

export type HubPusher = Loop<HubState> & {
  state(): HubState;
  /** The customer's trades that stand today at the institution's other counters, or undefined (offline). */
  standing(q: StandingQuery, timeoutMs: number): Promise<StandingAnswer | undefined>;
  /** The customer's receipts of that number issued at the institution's other counters, or undefined (offline). */
  receipt(q: ReceiptQuery, timeoutMs: number): Promise<ReceiptFound[] | undefined>;
  /**
   * RMB about to be changed back against a receipt, held at the hub (第三十一条): held, not known
   * there (held: false), refused with the hub's failure (more than is left), or undefined (offline).
   */
  holdReceipt(q: ReceiptHoldQuery, timeoutMs: number): Promise<ReceiptHoldAnswer | { refused: Failure } | undefined>;
  /** A receipt hold given back (its reconversion did not happen): best effort, undefined when the hub did not answer (the hold then expires). */
  releaseReceipt(q: ReceiptQuery, timeoutMs: number): Promise<{ released: boolean } | undefined>;
  /** The outlet's day as the hub holds it (issue 17 item 5), or undefined (offline). */
  outletDay(q: { date: string; serials: string[] }, timeoutMs: number): Promise<OutletDayAnswer | undefined>;
  /** The outlet's day closed at the hub: closed, refused by the hub (a counter still open, closed already), or undefined (offline). */
  closeOutletDay(q: OutletCloseRequest, timeoutMs: number): Promise<z.infer<typeof outletCloseAnswer> | { refused: Failure } | undefined>;
  /** The customer's day held at the hub before a commit (第二十九条): held, refused (over the limit), or undefined (offline). */
  holdDailyLimit(q: LimitHoldQuery, timeoutMs: number): Promise<{ held: true } | { refused: Failure } | undefined>;
  /** A hold given back by a commit that did not happen: best effort, undefined when the hub did not answer (the hold then stands until it expires). */
  releaseDailyLimit(q: LimitReleaseQuery, timeoutMs: number): Promise<{ released: boolean } | undefined>;
  /** This month's reserve transfer with the basic account claimed at the hub (第四十四条), or undefined (offline). */
  claimReserveTransfer(q: { kind: 'transfer_in' | 'transfer_out'; month: string; limit: number }, timeoutMs: number): Promise<ReserveClaimAnswer | undefined>;
  /** A claim given up (its movement refused here): best effort, undefined when the hub did not answer (the claim then expires). */
  releaseReserveClaim(q: { kind: 'transfer_in' | 'transfer_out'; month: string }, timeoutMs: number): Promise<{ released: boolean } | undefined>;
  /** Money about to leave one of the institution's reserve accounts held at the hub: held, refused (the institution's balance short), or undefined (offline). */
  holdReserve(q: ReserveHoldQuery, timeoutMs: number): Promise<{ held: true } | { refused: Failure } | undefined>;
  /** A reserve hold given back (its movement refused here): best effort, undefined when the hub did not answer (the hold then expires). */
  releaseReserveHold(q: { movementId: string }, timeoutMs: number): Promise<{ released: boolean } | undefined>;
  /** The name a customer gave at the institution's other counters, or undefined (none did, or offline). */
  customerName(q: { idType: string; idNumber: string; country: string }, timeoutMs: number): Promise<string | undefined>;
  /** A counter of any outlet, to send notes to: found, refused by the hub (not known), or undefined (offline). */
  counter(terminalId: string, timeoutMs: number): Promise<CounterAnswer | { refused: Failure } | undefined>;
};

export type StandingQuery = z.input<typeof standingRequest>;

export function createHubPusher(opts: { db: Database; dataDir: string; terminalId: string; outletCode: string; now: () => Date; setup: HubSetup; log: (message: string, error: unknown) => void; reference?: ReferenceSink | undefined }): HubPusher {
  const batch = Math.min(Math.max(opts.setup.batch ?? 500, 1), 1_000);
  const link = createHubLink({ url: opts.setup.url, dataDir: opts.dataDir, terminalId: opts.terminalId, outletCode: opts.outletCode, now: opts.now });
  const state: HubState = { enrolled: link.enrolled(), held: undefined, sent: undefined, lastContactAt: undefined, problem: undefined };
  const mayHold = (seq: string) => {
    if (state.sent === undefined || BigInt(seq) > BigInt(state.sent)) state.sent = seq;
  };
  const post = async (path: string, body: unknown, signed: boolean, timeoutMs?: number): Promise<unknown> => {
    try {
      return await link.post(path, body, signed, timeoutMs);
    } finally {
      state.lastContactAt = link.lastContactAt();
    }
  };

  async function enrolOnce(): Promise<void> {
    let held: string;
    try {
      ({ held } = await link.enrol(opts.setup.enrolmentCode));
    } finally {
      state.lastContactAt = link.lastContactAt();
    }
    state.enrolled = true;
    state.held = held;
    mayHold(held);
  }

  async function push(events: readonly { seq: string }[]): Promise<PushAnswer> {
    // Counted as at the hub before it leaves: the hub may store it and the answer be lost.
    if (events.length > 0) mayHold(events[events.length - 1]!.seq);
    const answer = pushAnswer.parse(await post('/v1/events', events, true));
    mayHold(answer.held);
    return answer;
  }

  /** Why a step stopped short, for the status bar; the first problem of a round is the one shown. */
  function problemOf(e: unknown, step: string): HubState['problem'] {
    if (e instanceof HubRefused) {
      // The hub holds another place in the sequence than this loop thought: start from its.
      if (e.failure.code === 'HUB_EVENTS_GAP') state.held = e.failure.details?.next !== undefined ? String(BigInt(e.failure.details.next) - 1n) : undefined;
      return { code: e.failure.code, message: e.failure.message };
    }
    opts.log(`hub: ${step} failed`, e);
    return { code: 'HUB_UNREACHABLE', message: { zh: '连不上中心，稍后自动重试。', en: 'The hub cannot be reached; trying again shortly.' } };
  }

  async function round(): Promise<HubState> {
    let problem: HubState['problem'];
    try {
      if (!state.enrolled) await enrolOnce();
      state.held ??= (await push([])).held;
      // The hub holds more of this counter than this ledger: a new PC in place of the one that
      // wrote them, not yet restored from the hub (npm run restore -- --from-hub). Pushing would
      // fork the counter's history; nothing is sent until it is restored.
      const top = lastSeq(opts.db);
      if (BigInt(state.held) > top) throw new HubRefused(failure('HUB_RESTORE_NEEDED', { held: state.held, here: String(top) }));
      // At most 20 batches a round: a terminal with years of history catches up over rounds.
      for (let i = 0; i < 20; i++) {
        const events = eventsSince(opts.db, BigInt(state.held), batch);
        if (events.length === 0) break;
        state.held = (await push(events)).held;
      }
    } catch (e) {
      problem = problemOf(e, 'push');
    }
    // Reference data down, even when the push was refused (a fork HQ must examine): the counter
    // still takes the people and rates HQ sets. From the version the ledger holds; a full answer
    // means more to come, and so does one ending at a watch list.
    if (state.enrolled && opts.reference) {
      try {
        for (let i = 0; i < 20; i++) {
          const answer = pullAnswer.parse(await post('/v1/changes', { since: opts.reference.version(), head: String(lastSeq(opts.db)) }, true));
          opts.reference.apply(answer);
          // The hub ends an answer at a watch list (it carries its file: hub/reference.ts changesSince),
          // so an answer ending with one may have more behind it.
          if (answer.changes.length < MAX_CHANGES && answer.changes.at(-1)?.kind !== 'watchList') break;
        }
      } catch (e) {
        problem ??= problemOf(e, 'pull');
      }
    }
    state.problem = problem;
    return { ...state };
  }

  /** A look-up while a customer waits: its answer, or undefined when the hub does not answer in time. */
  async function lookUp<T>(path: string, body: unknown, schema: z.ZodType<T>, timeoutMs: number): Promise<T | undefined> {
    if (!state.enrolled) return undefined;
    try {
      return schema.parse(await post(path, body, true, timeoutMs));
    } catch {
      return undefined;
    }
  }

  /**
   * A hold taken at the hub (a receipt, a customer's day, a reserve account): its answer; the hub's
   * refusal when it is the one the hold exists for (`refusedFor`: more than is left); undefined for
   * anything else, which is the link (offline).
   */
  async function hold<T>(path: string, body: () => unknown, schema: z.ZodType<T>, refusedFor: string, timeoutMs: number): Promise<T | { refused: Failure } | undefined> {
    if (!state.enrolled) return undefined;
    try {
      return schema.parse(await post(path, body(), true, timeoutMs));
    } catch (e) {
      return e instanceof HubRefused && e.failure.code === refusedFor ? { refused: e.failure } : undefined;
    }
  }

  const loop = createLoop(round, () => ({ ...state }), opts.setup.intervalMs ?? 5_000);
  return {
    ...loop,
    state: () => ({ ...state }),
    standing: (q, timeoutMs) => lookUp('/v1/standing', standingRequest.parse(q), standingAnswer, timeoutMs),
    receipt: async (q, timeoutMs) => (await lookUp('/v1/receipt', receiptRequest.parse(q), receiptAnswer, timeoutMs))?.found,
    holdReceipt: (q, timeoutMs) => hold('/v1/receipt/hold', () => receiptHoldRequest.parse(q), receiptHoldAnswer, 'RECONVERSION_EXCEEDS_RECEIPT', timeoutMs),
    holdDailyLimit: (q, timeoutMs) => hold('/v1/limit/hold', () => limitHoldRequest.parse(q), limitHoldAnswer, 'DAILY_LIMIT_EXCEEDED', timeoutMs),
    releaseReceipt: (q, timeoutMs) => lookUp('/v1/receipt/release', receiptReleaseRequest.parse(q), z.strictObject({ released: z.boolean() }), timeoutMs),
    releaseDailyLimit: (q, timeoutMs) => lookUp('/v1/limit/release', limitReleaseRequest.parse(q), z.strictObject({ released: z.boolean() }), timeoutMs),
    claimReserveTransfer: (q, timeoutMs) => lookUp('/v1/reserves/claim', reserveClaimRequest.parse(q), reserveClaimAnswer, timeoutMs),
    releaseReserveClaim: (q, timeoutMs) => lookUp('/v1/reserves/release', reserveClaimRequest.omit({ limit: true }).parse(q), z.strictObject({ released: z.boolean() }), timeoutMs),
    holdReserve: (q, timeoutMs) => hold('/v1/reserves/hold', () => reserveHoldRequest.parse(q), reserveHoldAnswer, 'RESERVE_INSUFFICIENT', timeoutMs),
    releaseReserveHold: (q, timeoutMs) => lookUp('/v1/reserves/hold-release', reserveHoldReleaseRequest.parse(q), z.strictObject({ released: z.boolean() }), timeoutMs),
    customerName: async (q, timeoutMs) => (await lookUp('/v1/customer', customerRequest.parse(q), customerAnswer, timeoutMs))?.name ?? undefined,
    outletDay: (q, timeoutMs) => lookUp('/v1/outlet-day', outletDayRequest.parse(q), outletDayAnswer, timeoutMs),
    async closeOutletDay(q, timeoutMs) {
      if (!state.enrolled) return undefined;
      try {
        return outletCloseAnswer.parse(await post('/v1/outlet-day/close', outletCloseRequest.parse(q), true, timeoutMs));
      } catch (e) {
        return e instanceof HubRefused && e.failure.code !== 'INTERNAL_ERROR' ? { refused: e.failure } : undefined;
      }
    },
    async counter(terminalId, timeoutMs) {
      if (!state.enrolled) return undefined;
      try {
        return counterAnswer.parse(await post('/v1/counter', counterRequest.parse({ terminalId }), true, timeoutMs));
      } catch (e) {
        return e instanceof HubRefused && e.failure.code === 'HUB_TERMINAL_UNKNOWN' ? { refused: e.failure } : undefined;
      }
    },
  };
}
