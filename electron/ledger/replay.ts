// A counter's ledger rebuilt from its events (issue 17 item 6; ../shared/design/hub.md "Events are
// complete enough to rebuild a terminal's ledger"). The hub holds every event a counter pushed: its
// audit entry exactly as stored (what the hash covers) and the rows its change wrote
// (ledger/events.ts). A new PC enrolled in place of a dead one takes them in order and writes them
// back: the entries with their own ids and hashes, so the counter's chain and sequence go on where
// the hub holds them and its next push follows; the rows as they were, so trades, receipts,
// balances (kept by the triggers from the postings and note bundles, in their original order),
// reserves, day closes and what is owed to SAFE are the dead PC's.
//
// Refused, with this page's transaction rolled back, when an event does not follow the one before
// or its hash is not what its fields give (the hub checked them too: this holds whatever answered),
// or a row names a table or a column this program does not have (a hub holding events of a newer
// program: upgrade first).
//
// What the events do not hold is not made up: the open real-time intents (an entry whose answer
// the dead PC never had shows in the day's reconciliation with SAFE as a record without its trade),
// passwords (a person restored here signs in once the hub sends them down, or a supervisor sets a
// new one). A receipt the dead PC had queued or was printing is restored as failed, not printed
// again (NOT_KNOWN_PRINTED). What the dead PC wrote and never pushed is not at the hub: its receipt
// numbers are never issued again (the restore closes its books: receipts.ts restartNumbering), and
// its paper stubs are checked against SAFE's records.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Refusal } from '../../shared/errors';
import { checkChain } from '../../shared/sync/chain';
import type { EventRow, EventTable, HubEvent } from '../../shared/sync/events';
import { ensureAccount } from './accounts';
import { bundleText } from './notes';
import { insertHeldEntry, takeChainStart } from './audit';
import { forgetHeld } from './held';
import type { AccountKind } from './schema';
import { all, first, q, run, type Database } from './sql';

const nodeSha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The order tables are written in, within a page: what a row refers to before it (a bank before its
 * accounts, a customer before the trade, a trade before its postings and its outbox rows).
 */
const TABLE_ORDER: readonly EventTable[] = [
  'reserve_banks', 'reserve_accounts', 'basic_account', 'people', 'customers', 'policy_versions', 'rates', 'usd_conversion_rates',
  'calendar_years', 'trades', 'refunds', 'print_jobs', 'voids', 'attempts', 'reserve_movements', 'handovers', 'day_closes', 'day_balances', 'day_costs',
  'cash_transfers', 'outlet_days', 'postings', 'note_bundles', 'outbox', 'outbox_resolutions', 'currency_listings',
];

/**
 * Rows kept current on the PC (a customer's name, a person's lock, an outbox row's state): an event
 * carries the row as it stood when pushed, so a later event's copy is the newer, and it replaces
 * the older here. Every other table is append-only: a row carried twice (a variance posting with
 * its movement and with the day close) is written once.
 */
const KEPT_CURRENT: ReadonlySet<EventTable> = new Set(['people', 'customers', 'outbox', 'basic_account', 'print_jobs', 'cash_transfers']);

/** Columns never rewritten on a row kept current (the triggers refuse it): who a person is, what an outbox row says. */
const FIXED: Partial<Record<EventTable, ReadonlySet<string>>> = {
  // The hash is never carried: a person's password here is set here or by the hub, never by a restore.
  people: new Set(['id', 'role', 'created_at', 'created_by', 'password_hash']),
  outbox: new Set(['id', 'trade_id', 'kind', 'payload', 'created_at']),
  print_jobs: new Set(['id', 'trade_id', 'kind', 'copy_no', 'created_at']),
};

/**
 * A receipt the dead PC had queued or was printing is not printed again by the new one at its start
 * (the customer may well hold it): it is restored as failed, saying why, and the teller prints a
 * copy from the trades screen if the customer needs one.
 */
const NOT_KNOWN_PRINTED = '恢复自中心：旧电脑是否已打印不明，如需请补打 restored from the hub: not known to be printed; reprint if needed';

/**
 * A person restored here has no password: the hash never leaves the PC that set it. This value is
 * no scrypt hash any password matches (passwords.ts reads it as none), so the person signs in once
 * the hub sends their hash down, or after a supervisor sets a new password.
 */
const NO_PASSWORD = 'scrypt$restored-without-password';

/** Where a rebuild stands: the last entry written (its sequence and hash), and how many entries it took. */
export interface ReplayState {
  last: { seq: string; hash: string | null } | undefined;
  events: number;
}

/** The state of a ledger about to take events: where its trail ends (a backup's, or none). */
export function replayStart(db: Database): ReplayState {
  const tip = first(db, q.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1));
  return { last: tip ? { seq: String(tip.id), hash: tip.hash } : undefined, events: 0 };
}

interface Columns {
  names: ReadonlySet<string>;
  key: readonly string[];
  /** The integer key AUTOINCREMENT gave (postings, note movements, outbox rows): the original order. */
  rowid: string | undefined;
}

function columnsOf(db: Database, table: string, cache: Map<string, Columns>): Columns {
  let c = cache.get(table);
  if (!c) {
    const info = (db.prepare(`PRAGMA table_info(${JSON.stringify(table)})`).all() as { name: string; type: string; pk: number | bigint }[]).map((i) => ({ ...i, pk: Number(i.pk) }));
    if (info.length === 0) throw new Error(`replay: no table ${table}`);
    const key = info.filter((i) => i.pk > 0).sort((a, b) => a.pk - b.pk).map((i) => i.name);
    const rowid = key.length === 1 && info.find((i) => i.name === key[0])!.type.toUpperCase() === 'INTEGER' ? key[0] : undefined;
    c = { names: new Set(info.map((i) => i.name)), key, rowid };
    cache.set(table, c);
  }
  return c;
}

/**
 * One page of events, in one transaction, after `state` (the page before, or the ledger's own last
 * entry). Foreign keys are checked at the page's commit, as the rows of one change may come in
 * two events of it (a customer, then the trade that names them).
 */
export function replayPage(db: Database, events: readonly HubEvent[], state: ReplayState): ReplayState {
  if (events.length === 0) return state;
  const chain = checkChain(state.last, events, nodeSha256);
  if (!chain.ok) throw new Refusal('RESTORE_HISTORY_BROKEN', { seq: chain.seq, problem: chain.problem });
  const cache = new Map<string, Columns>();
  // The rows are written here, not by each table's writer: what this connection holds in memory
  // of the board, the closed days and the staff (held.ts, issue 21) is read again after the page.
  forgetHeld(db);
  return db.transaction((): ReplayState => {
    db.pragma('defer_foreign_keys = ON');
    startChain(db, events);
    // The rows by table, each once (the newest copy of a row kept current), then written table by
    // table, the auto-numbered ones in their original order: a balance goes through the states it
    // went through on the dead PC, so the checks that held there (cash never below zero) hold here.
    const byTable = new Map<EventTable, Map<string, EventRow>>();
    for (const e of events) {
      insertEntry(db, e);
      for (const [carried, carriedList] of Object.entries(e.rows ?? {}) as [EventTable, EventRow[]][]) {
        // A counter before migration 028 sent its notes a row per denomination: taken as its bundles.
        const [table, list] = carried === 'note_movements' ? ['note_bundles' as const, bundlesOf(carriedList)] : [carried, carriedList];
        if (!TABLE_ORDER.includes(table)) throw new Refusal('RESTORE_HISTORY_NEWER', { table, column: '' });
        const cols = columnsOf(db, table, cache);
        let held = byTable.get(table);
        if (!held) byTable.set(table, (held = new Map()));
        for (const row of list) {
          for (const k of Object.keys(row)) if (!cols.names.has(k)) throw new Refusal('RESTORE_HISTORY_NEWER', { table, column: k });
          const key = cols.key.map((k) => row[k] ?? '').join('\u0000');
          // Kept current: the later copy wins. Append-only: the first stands (they are the same).
          if (KEPT_CURRENT.has(table) || !held.has(key)) held.set(key, row);
        }
      }
    }
    for (const table of TABLE_ORDER) {
      const held = byTable.get(table);
      if (!held) continue;
      const cols = columnsOf(db, table, cache);
      const list = [...held.values()];
      if (cols.rowid) {
        const k = cols.rowid;
        list.sort((a, b) => (BigInt(a[k] ?? '0') < BigInt(b[k] ?? '0') ? -1 : 1));
      }
      for (const row of list) writeRow(db, table, cols, row);
    }
    const last = events.at(-1)!;
    return { last: { seq: last.seq, hash: last.hash }, events: state.events + events.length };
  }).immediate();
}

/**
 * A new ledger takes the counter's chain start with the page that holds its first chained entry
 * (a counter whose trail began before the chain has entries below it, unhashed); a ledger with a
 * chain (a backup's) keeps its own.
 */
function startChain(db: Database, events: readonly HubEvent[]): void {
  const firstChained = events.find((e) => e.hash !== null);
  if (!firstChained) return;
  if (first(db, q.selectFrom('audit_log').select('id').where('hash', 'is not', null).limit(1))) return;
  takeChainStart(db, BigInt(firstChained.seq), firstChained.prevHash!);
}

function insertEntry(db: Database, e: HubEvent): void {
  insertHeldEntry(db, {
    id: BigInt(e.seq), at: e.at, actor: e.actor, action: e.action, entity: e.entity, entity_id: e.entityId,
    detail: e.detail, prev_hash: e.prevHash, hash: e.hash,
  });
}

/**
 * Note movements as counters before migration 028 sent them (a row per denomination, its count
 * signed) as the rows 028 keeps (a row per transaction, date, place, currency and direction, the
 * denominations in a JSON object): what 028 made of the rows already in a ledger. Each event
 * carries all of its transaction's rows, so a transaction's bundle is whole within one event, and a
 * second event carrying it again (a variance with its movement and with the day close) gives the
 * same bundle, written once by its key.
 */
export function bundlesOf(movements: readonly EventRow[]): EventRow[] {
  const groups = new Map<string, { row: EventRow; notes: Map<bigint, bigint> }>();
  for (const m of movements) {
    const count = BigInt(m.count ?? '0');
    if (count === 0n) continue;
    const sign = count > 0n ? '1' : '-1';
    const key = [m.business_date, m.txn_id, m.location, m.currency, sign].join('\u0000');
    let g = groups.get(key);
    if (!g) {
      g = { row: { business_date: m.business_date ?? null, txn_id: m.txn_id ?? null, location: m.location ?? null, currency: m.currency ?? null, sign, notes: '', created_at: m.created_at ?? null }, notes: new Map() };
      groups.set(key, g);
    }
    const d = BigInt(m.denomination_minor ?? '0');
    g.notes.set(d, (g.notes.get(d) ?? 0n) + (count > 0n ? count : -count));
    if ((m.created_at ?? '') < (g.row.created_at ?? '')) g.row.created_at = m.created_at ?? null;
  }
  return [...groups.values()].map((g) => ({ ...g.row, notes: bundleText(g.notes) }));
}

/** One row as it was (an integer column takes the exact decimal text as its integer). */
function writeRow(db: Database, table: EventTable, cols: Columns, row: EventRow): void {
  const values: Record<string, string | null> = { ...row };
  if (table === 'people') values.password_hash ??= NO_PASSWORD;
  if (table === 'print_jobs' && (values.state === 'pending' || values.state === 'printing')) Object.assign(values, { state: 'failed', error: NOT_KNOWN_PRINTED });
  // The account a posting is on, as post() makes it (accounts.ts): its kind is its id's first part.
  if (table === 'postings') accountOf(db, row);
  // Kysely builds the statement over the names the table's own columns allow (checked above).
  const dynamic = q as unknown as Kysely<Record<string, Record<string, string | null>>>;
  if (!KEPT_CURRENT.has(table)) {
    run(db, dynamic.insertInto(table).values(values).onConflict((oc) => oc.doNothing()));
    return;
  }
  let held = dynamic.selectFrom(table).selectAll();
  for (const k of cols.key) held = held.where(k, '=', row[k] ?? null);
  const now = all(db, held)[0] as Record<string, unknown> | undefined;
  if (!now) {
    run(db, dynamic.insertInto(table).values(values));
    return;
  }
  // Only what changed, and never what is fixed (a person's role, an outbox row's content).
  const fixed = FIXED[table];
  const set: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(values)) {
    if (cols.key.includes(k) || fixed?.has(k)) continue;
    const was = now[k];
    if ((was === null || was === undefined ? null : String(was)) !== v) set[k] = v;
  }
  // A disabled person stays disabled (the trigger): a copy from before the disabling is older.
  if (table === 'people' && now.disabled_at !== null) {
    delete set.disabled_at;
    delete set.disabled_by;
  }
  if (Object.keys(set).length === 0) return;
  let update = dynamic.updateTable(table).set(set);
  for (const k of cols.key) update = update.where(k, '=', row[k] ?? null);
  run(db, update);
}

function accountOf(db: Database, posting: EventRow): void {
  const id = posting.account_id;
  const currency = posting.currency;
  if (!id || !currency) throw new Refusal('RESTORE_HISTORY_BROKEN', { seq: posting.txn_id ?? '', problem: 'a posting without its account' });
  ensureAccount(db, id, id.slice(0, id.indexOf(':') < 0 ? id.length : id.indexOf(':')) as AccountKind, currency);
}
