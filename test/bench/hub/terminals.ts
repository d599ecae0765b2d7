// The hub bench's simulated terminals (step 1 of ../hub.ts): a real Terminal's day
// (test/helpers/terminal.ts) gives the template events, and each simulated terminal's busy day is
// made from them, every event with a valid audit chain, and turned into request bodies before
// anything is timed. Apart from the timing and the database so that what is pushed is made in one
// place, deterministically for a seed.
import { createHash } from 'node:crypto';
import { auditEncoding, type EventRow, type EventTable, type HashedFields, type HubEvent } from '../../../shared/sync/events';
import { asciiJson } from '../../../shared/sync/protocol';
import { eventsSince } from '../../../electron/ledger/events';
import { ALICE, BOB_PASSPORT, ok, openHarness, stockOutlet, trade } from '../../helpers/terminal';
import { customerOf, personKeyOf, prng, type SyntheticCustomer } from '../common';
import { DAY } from './common';

/** The counters' day: 08:00 to 22:00 China time. */
const OPEN_MS = Date.parse(`${DAY}T00:00:00.000Z`);
const DAY_MS = 14 * 3_600_000;

// ---- the templates: a real terminal's events ----

export interface Templates {
  /** The entries before the first trade (policy, outlet, people, sign-ins, rates, the till's float). */
  setup: HubEvent[];
  commits: HubEvent[];
  customer: HubEvent;
  void: HubEvent;
  attempt: HubEvent;
  dayClose: HubEvent;
  delivered: HubEvent;
}

export async function templates(): Promise<Templates> {
  const h = openHarness({ start: `${DAY}T02:00:00Z` });
  try {
    const t = h.terminal;
    await stockOutlet(t);
    const HK = { idType: '06', idNumber: 'H12345678', country: 'HKG', name: '陈大文' };
    ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '300' }));
    ok(await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '500' }));
    ok(await trade(t, { customer: BOB_PASSPORT, direction: 'purchase', currency: 'EUR', amount: '50' }));
    ok(await trade(t, { customer: ALICE, direction: 'settlement', currency: 'JPY', amount: '20000' }));
    ok(await trade(t, { customer: HK, direction: 'settlement', currency: 'HKD', amount: '1000' }));
    const voided = ok(await trade(t, { customer: HK, direction: 'settlement', currency: 'EUR', amount: '100' }));
    ok(await t.call('trades.void', { tradeId: voided.id, reason: '客户改变主意 customer changed their mind', supervisorId: 'sup1' }));
    const over = await trade(t, { customer: BOB_PASSPORT, direction: 'settlement', currency: 'USD', amount: '6000' });
    if (over.ok) throw new Error('the template day: a trade over the daily limit was taken');
    const prep = ok(await t.call('dayClose.prepare', { date: DAY }));
    ok(await t.call('dayClose.close', { date: DAY, counts: prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes })), actor: 'teller1' }));
    ok(await t.call('queue.syncNow', {}));
    const events: HubEvent[] = [];
    for (let after = 0n; ;) {
      const batch = eventsSince(h.raw.ledger, after);
      if (batch.length === 0) break;
      events.push(...batch);
      after = BigInt(batch.at(-1)!.seq);
    }
    const find = (action: string) => {
      const e = events.find((x) => x.action === action && x.rows !== undefined);
      if (!e) throw new Error(`the template day has no ${action} with rows`);
      return e;
    };
    const firstCustomer = events.findIndex((e) => e.action === 'customer.create');
    return {
      setup: events.slice(0, firstCustomer),
      commits: events.filter((e) => e.action === 'trade.commit' && e.entityId !== voided.id),
      customer: find('customer.create'),
      void: find('trade.void'),
      attempt: find('trade.attempt'),
      dayClose: find('dayClose.close'),
      delivered: find('monitoring.delivered'),
    };
  } finally {
    h.close();
  }
}

// ---- the simulated terminals ----

/** An event's hash in its terminal's audit chain, as electron/ledger/audit.ts makes it (node:crypto's SHA-256). */
export function chainHash(prevHash: string, e: HashedFields): string {
  return createHash('sha256').update(auditEncoding(prevHash, e), 'utf8').digest('hex');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function ulidAt(msTime: number, rand: () => number): string {
  let s = '';
  for (let i = 9, t = msTime; i >= 0; i--, t = Math.floor(t / 32)) s = CROCKFORD[t % 32]! + s;
  for (let i = 0; i < 16; i++) s += CROCKFORD[Math.floor(rand() * 32)]!;
  return s;
}

/** The row with the given fields replaced, only those it has (a template's columns are the ledger's). */
function patched(row: EventRow, set: Record<string, string | null>): EventRow {
  const out: EventRow = { ...row };
  for (const [k, v] of Object.entries(set)) if (Object.hasOwn(out, k)) out[k] = v;
  return out;
}

function patchedDetail(detail: string, set: Record<string, string>): string {
  return JSON.stringify({ ...(JSON.parse(detail) as Record<string, unknown>), ...set });
}

export interface Sim {
  id: string;
  outletCode: string;
  /** Request bodies (the list of events, UTF-8, as a terminal sends them), in order, and how many events each carries. */
  bodies: Buffer[];
  counts: number[];
  /** The last sequence of each batch: what the hub must answer it holds. */
  lastSeqs: string[];
}

export interface Population {
  /** Customers of the institution who come back, to any counter (customerOf index). */
  regulars: number;
  /** How many trades a regular made at which terminals (the standing look-ups ask for them). */
  seen: Map<number, Set<string>>;
}

export interface Made {
  sims: Sim[];
  events: number;
  bytes: number;
  trades: number;
  actions: Map<string, number>;
}

/**
 * Terminals `ids`, each with about `perTerminal` events: one busy day's trail. Deterministic for
 * a seed. Each terminal's chain starts at its own genesis, as a ledger's does.
 */
export function makeTerminals(tpl: Templates, ids: string[], perTerminal: number, batch: number, pop: Population, seed: number): Made {
  const rand = prng(seed);
  const made: Made = { sims: [], events: 0, bytes: 0, trades: 0, actions: new Map() };
  // About 3.5 events a trade (the trade, its receipt, its delivery, a new customer half the time).
  const tradesPerTerminal = Math.max(1, Math.floor((perTerminal - tpl.setup.length - 1) / 3.5));
  for (const [k, id] of ids.entries()) {
    const outletCode = `11${String(100_000 + Math.floor(k / 2)).padStart(7, '0')}`;
    const events: HubEvent[] = [];
    let prev = createHash('sha256').update(`genesis:${id}`).digest('hex');
    const push = (e: Omit<HubEvent, 'seq' | 'prevHash' | 'hash'>) => {
      const seq = String(events.length + 1);
      const hash = chainHash(prev, { ...e, seq });
      const ev: HubEvent = { seq, at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId, detail: e.detail, prevHash: prev, hash, ...(e.rows ? { rows: e.rows } : {}) };
      events.push(ev);
      made.actions.set(e.action, (made.actions.get(e.action) ?? 0) + 1);
      prev = hash;
    };
    const copy = (e: HubEvent) => push({ at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId, detail: e.detail, ...(e.rows ? { rows: e.rows } : {}) });
    for (const e of tpl.setup) copy(e);
    const known = new Set<number>();
    let posting = 1_000;
    let outbox = 0;
    let printJob = 0;
    let receipt = 0;
    let last: { tradeId: string; receiptNo: string; rows: Partial<Record<EventTable, EventRow[]>> } | undefined;
    const numbered = (rows: EventRow[] | undefined, txn: string, at: string, next: () => number) =>
      (rows ?? []).map((r) => patched(r, { id: String(next()), txn_id: txn, business_date: DAY, created_at: at }));
    // Notes (issue 21, migration 028): a row per place, currency and direction, keyed by date and transaction, no id.
    const bundled = (rows: EventRow[] | undefined, txn: string, at: string) =>
      (rows ?? []).map((r) => patched(r, { txn_id: txn, business_date: DAY, created_at: at }));
    const customerFields = (c: SyntheticCustomer) => ({
      person_key: personKeyOf(c), id_type: c.idType, id_number: c.idNumber, country: c.country, supplementary_id: c.supplementaryId ?? null, residency: c.residency,
    });
    for (let i = 0; i < tradesPerTerminal; i++) {
      const tMs = OPEN_MS + Math.floor((i * DAY_MS) / tradesPerTerminal);
      const at = new Date(tMs).toISOString();
      // 40 % regulars of the institution (they come to any counter), 60 % walk-ins seen once.
      const regular = rand() < 0.4;
      const idx = regular ? Math.floor(rand() * pop.regulars) : 100_000_000 + k * 1_000_000 + i;
      const c = customerOf(idx);
      const customerId = ulidAt(tMs, rand);
      if (!known.has(idx)) {
        known.add(idx);
        push({
          at, actor: 'teller1', action: 'customer.create', entity: 'customer', entityId: customerId, detail: '{}',
          rows: { customers: tpl.customer.rows!.customers!.map((r) => patched(r, { id: customerId, ...customerFields(c), name: c.name, created_at: at, updated_at: at })) },
        });
      }
      if (regular) {
        const at2 = pop.seen.get(idx) ?? new Set<string>();
        at2.add(id);
        pop.seen.set(idx, at2);
      }
      if (rand() < 0.01) {
        // A trade refused (over the daily limit), recorded as an attempt.
        const attemptId = ulidAt(tMs, rand);
        push({
          at, actor: 'teller1', action: 'trade.attempt', entity: 'attempt', entityId: attemptId, detail: tpl.attempt.detail,
          rows: { attempts: tpl.attempt.rows!.attempts!.map((r) => patched(r, { id: attemptId, created_at: at, business_date: DAY, ...customerFields(c), customer_name: c.name })) },
        });
      }
      const t = tpl.commits[Math.floor(rand() * tpl.commits.length)]!;
      const tradeId = ulidAt(tMs, rand);
      const receiptNo = String(++receipt);
      const rows = {
        trades: t.rows!.trades!.map((r) => patched(r, {
          id: tradeId, receipt_no: receiptNo, outlet_code: outletCode, terminal_id: id, business_date: DAY, created_at: at, customer_id: customerId,
          ...customerFields(c), customer_name: c.name, teller_id: 'teller1',
        })),
        postings: numbered(t.rows!.postings, tradeId, at, () => ++posting),
        note_bundles: bundled(t.rows!.note_bundles, tradeId, at),
      };
      push({ at, actor: 'teller1', action: 'trade.commit', entity: 'trade', entityId: tradeId, detail: patchedDetail(t.detail, { receiptNo }), rows });
      made.trades++;
      last = { tradeId, receiptNo, rows };
      push({ at, actor: 'printer', action: 'receipt.printed', entity: 'print_job', entityId: String(++printJob), detail: JSON.stringify({ tradeId, kind: 'receipt', copy: 0 }) });
      // Delivered to the monitoring system (a back-fill) a few seconds later.
      const ob = tpl.delivered.rows!.outbox![0]!;
      const refNo = `${rows.trades[0]!.trade_type ?? 'JH'}${DAY.replaceAll('-', '')}${String(receipt).padStart(10, '0')}`;
      const payload = JSON.stringify({ ...(JSON.parse(ob.payload ?? '{}') as Record<string, unknown>), serial: tradeId, idType: c.idType, idNumber: c.idNumber, country: c.country, name: c.name, tradeTime: at });
      push({
        at, actor: 'sync', action: 'monitoring.delivered', entity: 'outbox', entityId: String(++outbox), detail: JSON.stringify({ kind: 'backfill', tradeId, refNo }),
        rows: { outbox: [patched(ob, { id: String(outbox), trade_id: tradeId, payload, ref_no: refNo, created_at: at, updated_at: at, next_attempt_at: at })] },
      });
      if (rand() < 0.007) {
        // The customer changed their mind: the trade just made is voided.
        const voidId = ulidAt(tMs, rand);
        const v = tpl.void.rows!;
        push({
          at, actor: 'teller1', action: 'trade.void', entity: 'trade', entityId: last.tradeId, detail: patchedDetail(tpl.void.detail, { receiptNo: last.receiptNo }),
          rows: {
            voids: v.voids!.map((r) => patched(r, { id: voidId, trade_id: last!.tradeId, receipt_no: last!.receiptNo, business_date: DAY, created_at: at })),
            postings: numbered(last.rows.postings, voidId, at, () => ++posting).map((p) => ({ ...p, txn_kind: 'void', amount_minor: String(-BigInt(p.amount_minor ?? '0')) })),
            note_bundles: bundled(last.rows.note_bundles, voidId, at).map((n) => ({ ...n, sign: String(-BigInt(n.sign ?? '0')) })),
          },
        });
      }
    }
    const closeAt = new Date(OPEN_MS + DAY_MS + 3_600_000).toISOString();
    const dc = tpl.dayClose;
    push({ at: closeAt, actor: dc.actor, action: dc.action, entity: dc.entity, entityId: dc.entityId, detail: dc.detail, rows: dc.rows! });
    const sim: Sim = { id, outletCode, bodies: [], counts: [], lastSeqs: [] };
    for (let i = 0; i < events.length; i += batch) {
      const slice = events.slice(i, i + batch);
      const body = Buffer.from(asciiJson(slice), 'latin1');
      sim.bodies.push(body);
      sim.counts.push(slice.length);
      sim.lastSeqs.push(slice.at(-1)!.seq);
      made.bytes += body.length;
    }
    made.events += events.length;
    made.sims.push(sim);
  }
  return made;
}

/** How many events the terminals' batches carry. */
export function eventsIn(sims: readonly Sim[]): number {
  return sims.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0);
}

/** The first `events` events' worth: whole terminals' batches, every terminal taking part. */
export function firstEvents(sims: readonly Sim[], events: number, batch: number): Sim[] {
  const batches = Math.max(1, Math.ceil(events / batch / sims.length));
  return sims.map((s) => ({ ...s, bodies: s.bodies.slice(0, batches), counts: s.counts.slice(0, batches), lastSeqs: s.lastSeqs.slice(0, batches) }));
}
