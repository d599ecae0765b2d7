// Reserves are the institution's (备付金, 第三十八–四十六条; issue 17 item 5). The hub indexes every
// counter's reserve movements as their events arrive (inside ingest's transaction), and checks the
// monthly limit on transfers between the basic account and the reserve accounts (第四十四条: 每月限
// 各办理一次) across the institution: a counter about to make one claims it first (claimReserveTransfer),
// under a lock for that kind and month, so two counters cannot both make this month's. A claim ends
// when that counter's movement arrives (the movement counts from then on) or after CLAIM_MINUTES.
import { sql, type Transaction } from 'kysely';
import type { HubEvent } from '../shared/sync/events';
import type { ReserveClaimAnswer } from '../shared/sync/reference';
import { addMonths } from '../shared/time';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';

/** How long a claim holds the month for a counter that has not made its movement. */
export const CLAIM_MINUTES = 60;
const CLAIM_LOCK = 16016005;

/** A reserve movement as the reports read it (hub/reportDays.ts). */
export interface IndexedMovement {
  kind: string;
  business_date: string;
  channel: string | null;
  in_currency: string | null;
  in_minor: bigint | null;
  out_currency: string | null;
  out_minor: bigint | null;
}

/**
 * The reserve movements among a terminal's new events (a movement's audit action is reserves.<kind>;
 * a day close's over/short, 长短款, comes with the close), indexed once; those new to the hub returned.
 */
export async function indexReserveMovements(tx: Transaction<HubDB>, terminalId: string, events: readonly HubEvent[]): Promise<IndexedMovement[]> {
  const rows = events.filter((e) => (e.action.startsWith('reserves.') && e.entity === 'reserve_movement') || e.action === 'dayClose.close').flatMap((e) => e.rows?.reserve_movements ?? [])
    .filter((r) => typeof r.id === 'string' && typeof r.kind === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(r.business_date ?? '')
      && [r.in_minor, r.out_minor].every((m) => m === null || m === undefined || /^-?\d{1,18}$/.test(m)));
  if (rows.length === 0) return [];
  const stored = await tx.insertInto('hub_reserve_movements').values(rows.map((r) => ({
    terminal_id: terminalId, id: r.id!, kind: r.kind!, business_date: r.business_date!,
    in_currency: r.in_currency ?? null, in_minor: r.in_minor ? BigInt(r.in_minor) : null, out_currency: r.out_currency ?? null, out_minor: r.out_minor ? BigInt(r.out_minor) : null,
    in_place: r.in_place ?? null, out_place: r.out_place ?? null, channel: r.channel ?? null, created_at: r.created_at ?? null,
  }))).onConflict((oc) => oc.columns(['terminal_id', 'id']).doNothing())
    .returning(['kind', sql<string>`business_date::text`.as('business_date'), 'channel', 'in_currency', 'in_minor', 'out_currency', 'out_minor']).execute();
  // A movement out of a reserve account arrived: the money its counter held for it is the movement now
  // (hub/reserveAccounts.ts).
  await tx.deleteFrom('hub_reserve_holds').where('terminal_id', '=', terminalId).where('movement_id', 'in', rows.map((r) => r.id!)).execute();
  // A transfer arrived: its counter's claim on the month is the movement now.
  for (const r of rows.filter((x) => x.kind === 'transfer_in' || x.kind === 'transfer_out')) {
    await tx.deleteFrom('hub_reserve_claims').where('terminal_id', '=', terminalId).where('kind', '=', r.kind as 'transfer_in').where('month', '=', r.business_date!.slice(0, 7)).execute();
  }
  return stored;
}

/** The terminal's claim given up: the movement it claimed for was refused at the counter. */
export async function releaseReserveClaim(db: HubDatabase, terminalId: string, input: { kind: 'transfer_in' | 'transfer_out'; month: string }): Promise<{ released: boolean }> {
  const r = await db.deleteFrom('hub_reserve_claims').where('terminal_id', '=', terminalId).where('kind', '=', input.kind).where('month', '=', input.month).executeTakeFirst();
  return { released: Number(r.numDeletedRows) > 0 };
}

/**
 * This month's transfer of `kind` claimed for the terminal, if the institution's movements of that
 * kind this month and the other counters' live claims leave room under `limit` (the counter's
 * policy); the others listed either way.
 */
export async function claimReserveTransfer(db: HubDatabase, terminalId: string, input: { kind: 'transfer_in' | 'transfer_out'; month: string; limit: number }, now: () => Date): Promise<ReserveClaimAnswer> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${CLAIM_LOCK}, hashtext(${`${input.kind}:${input.month}`}))`.execute(tx);
    const at = now();
    const from = `${input.month}-01`;
    const moved = await tx.selectFrom('hub_reserve_movements').select(['terminal_id', sql<string>`business_date::text`.as('day')])
      .where('kind', '=', input.kind).where('business_date', '>=', from).where('business_date', '<', addMonths(from, 1)).orderBy('business_date').execute();
    const claims = await tx.selectFrom('hub_reserve_claims').select(['terminal_id', 'claimed_at'])
      .where('kind', '=', input.kind).where('month', '=', input.month).where('terminal_id', '<>', terminalId).where('expires_at', '>', at).execute();
    const others = [
      ...moved.filter((m) => m.terminal_id !== terminalId).map((m) => ({ terminalId: m.terminal_id, date: m.day, claim: false })),
      ...claims.map((c) => ({ terminalId: c.terminal_id, date: new Date(c.claimed_at).toISOString().slice(0, 10), claim: true })),
    ];
    const mine = moved.filter((m) => m.terminal_id === terminalId).length;
    if (others.length + mine >= input.limit) return { claimed: false, others };
    const expires = new Date(at.getTime() + CLAIM_MINUTES * 60_000);
    await tx.insertInto('hub_reserve_claims').values({ kind: input.kind, month: input.month, terminal_id: terminalId, claimed_at: at, expires_at: expires })
      .onConflict((oc) => oc.columns(['kind', 'month', 'terminal_id']).doUpdateSet({ claimed_at: at, expires_at: expires })).execute();
    return { claimed: true, others };
  });
}
