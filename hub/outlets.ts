// The institution's outlets and their counters, mastered at the hub (issue 16 item 4; migration
// 008): HQ registers an outlet, then each counter of it, and gets a counter's one-time enrolment
// code (trust.ts). A counter is a terminal, registered before it enrols and belonging to one outlet
// for good (its receipts, cash and books are that outlet's); the terminal checks at enrolment that
// the outlet the hub registered it at is the one it is set up for (electron/hubClient/push.ts).
// Every change to an outlet or its counters is published to that outlet's counters as a reference
// change of kind 'outlet' holding the whole outlet (publishOutlet), in the same transaction: a
// counter shows and prints the name HQ gave, and knows the other counters of its outlet.
import { sql, type Transaction } from 'kysely';
import { Refusal } from '../shared/errors';
import type { OutletView } from '../shared/sync/reference';
import type { HubDatabase } from './db/open';
import type { HubDB } from './db/schema';
import { publish } from './reference';

/** Registered, or its name, city and address changed (the code is the outlet's for good). */
export async function saveOutlet(db: HubDatabase, o: { code: string; name: string; cityCode: string; address: string; safeCounter?: string | null | undefined }, by: string, now: () => Date): Promise<OutletView> {
  const at = now();
  await db.transaction().execute(async (tx) => {
    const held = await tx.selectFrom('hub_outlets').select(['name', 'city_code', 'address', 'safe_terminal']).where('code', '=', o.code).forUpdate().executeTakeFirst();
    const safe = o.safeCounter === undefined ? held?.safe_terminal ?? null : o.safeCounter;
    // The outlet's safe is kept at one of its own counters (registered before it is named).
    if (safe !== null && safe !== held?.safe_terminal) {
      const counter = await tx.selectFrom('hub_terminals').select('outlet_code').where('id', '=', safe).executeTakeFirst();
      if (!counter) throw new Refusal('HUB_TERMINAL_UNKNOWN', { terminal: safe });
      if (counter.outlet_code !== o.code) throw new Refusal('HUB_COUNTER_ELSEWHERE', { terminal: safe, outlet: counter.outlet_code });
    }
    // Saved again as it was: nothing new for the counters.
    if (held && held.name === o.name && held.city_code === o.cityCode && held.address === o.address && held.safe_terminal === safe) return;
    const row = { name: o.name, city_code: o.cityCode, address: o.address, safe_terminal: safe, updated_at: at };
    await tx.insertInto('hub_outlets').values({ code: o.code, ...row, created_at: at })
      .onConflict((oc) => oc.column('code').doUpdateSet(row)).execute();
    await publishOutlet(tx, o.code, by, at);
  });
  const [view] = await listOutlets(db, o.code);
  return view!;
}

/**
 * The counter, registered at the outlet if new: inside the caller's transaction (the enrolment
 * code is made in the same one). An unknown outlet, or a counter of another outlet, is refused.
 */
export async function registerCounter(tx: Transaction<HubDB>, c: { terminalId: string; outletCode: string; name?: string | undefined }, by: string, at: Date): Promise<void> {
  const outlet = await tx.selectFrom('hub_outlets').select('code').where('code', '=', c.outletCode).executeTakeFirst();
  if (!outlet) throw new Refusal('HUB_OUTLET_UNKNOWN', { outlet: c.outletCode });
  const held = await tx.selectFrom('hub_terminals').select(['outlet_code', 'name']).where('id', '=', c.terminalId).forUpdate().executeTakeFirst();
  if (held && held.outlet_code !== c.outletCode) throw new Refusal('HUB_COUNTER_ELSEWHERE', { terminal: c.terminalId, outlet: held.outlet_code });
  if (!held) {
    await tx.insertInto('hub_terminals').values({ id: c.terminalId, outlet_code: c.outletCode, name: c.name ?? c.terminalId, created_at: at, public_key: null, enrolled_at: null, revoked_at: null }).execute();
  } else if (c.name !== undefined && c.name !== held.name) {
    await tx.updateTable('hub_terminals').set({ name: c.name }).where('id', '=', c.terminalId).execute();
  } else return;
  await publishOutlet(tx, c.outletCode, by, at);
}

/**
 * The outlet as it stands, published to its counters (a reference change of kind 'outlet'), inside
 * the caller's transaction, after the caller's change to it or to one of its counters.
 */
export async function publishOutlet(tx: Transaction<HubDB>, code: string, by: string, at: Date): Promise<string> {
  const o = await tx.selectFrom('hub_outlets').select(['name', 'city_code', 'address', 'safe_terminal']).where('code', '=', code).executeTakeFirstOrThrow();
  const counters = await tx.selectFrom('hub_terminals').select(['id', 'name', 'revoked_at']).where('outlet_code', '=', code).orderBy('id').execute();
  return publish(tx, {
    kind: 'outlet', outletCode: code, by, at,
    body: {
      code, name: o.name, cityCode: o.city_code, address: o.address, counters: counters.map((c) => ({ terminalId: c.id, name: c.name, revoked: c.revoked_at !== null })),
      ...(o.safe_terminal !== null ? { safeCounter: o.safe_terminal } : {}),
    },
  });
}

/** Every outlet (or one) with its counters: enrolled or not, revoked or not, how far its events are held. */
export async function listOutlets(db: HubDatabase, code?: string): Promise<OutletView[]> {
  let outlets = db.selectFrom('hub_outlets').select(['code', 'name', 'city_code', 'address', 'safe_terminal']).orderBy('code');
  if (code !== undefined) outlets = outlets.where('code', '=', code);
  let counters = db.selectFrom('hub_terminals').leftJoin('hub_heads', 'hub_heads.terminal_id', 'hub_terminals.id')
    .select(['hub_terminals.id', 'hub_terminals.outlet_code', 'hub_terminals.name', 'hub_terminals.enrolled_at', 'hub_terminals.revoked_at', sql<string>`coalesce(hub_heads.seq, 0)::text`.as('held')])
    .orderBy('hub_terminals.id');
  if (code !== undefined) counters = counters.where('hub_terminals.outlet_code', '=', code);
  const [os, cs] = [await outlets.execute(), await counters.execute()];
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return os.map((o) => ({
    code: o.code, name: o.name, cityCode: o.city_code, address: o.address, safeCounter: o.safe_terminal,
    counters: cs.filter((c) => c.outlet_code === o.code).map((c) => ({ terminalId: c.id, name: c.name, enrolledAt: iso(c.enrolled_at), revokedAt: iso(c.revoked_at), held: c.held })),
  }));
}

/** The institution's name as the reports print it (hub_settings, migration 024). */
export async function setInstitutionName(db: HubDatabase, name: string): Promise<string> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) throw new Refusal('INVALID_INPUT', { field: 'name', problemZh: '机构名称须为 1–200 个字符', problemEn: 'the institution\'s name must be 1–200 characters' });
  await db.updateTable('hub_settings').set({ institution_name: trimmed }).where('id', '=', 1).execute();
  return trimmed;
}
