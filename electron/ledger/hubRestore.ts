// A counter restored from the hub (issue 17 item 6; README "A PC replaced"): a new PC enrolled in
// place of a dead one rebuilds the counter's ledger from the events the hub holds of it
// (replay.ts), offline from the counter (run by electron/restore.ts --from-hub, the terminal
// closed). The ledger is built in `ledger.sqlite.restoring` and put in place only when whole and
// checked; a restore cut short leaves the data folder as it was.
//
// What it is built on: a backup given with it (the dead PC's, or this PC's own before a crash), else
// the ledger already in the folder when its trail is the start of the hub's (a PC restored from a
// backup that goes on from the hub), else a new ledger (a ledger with no trade, which a new PC makes
// at its first start, is kept aside as .replaced-<time>). A ledger with trades the hub does not
// have is refused: it is not the counter's history, and HQ examines it.
//
// Then, in one transaction: the books the counter held are closed and its own numbering starts a
// new book (receipts.ts restartNumbering), so no receipt number the dead PC printed is issued again,
// even one it never pushed; and the restore is audited. What the dead PC owed SAFE and had not
// delivered is in the outbox as the hub last heard of it, and the sync loop delivers it: an entry
// the dead PC sent without the hub hearing is sent again under the same serial, which SAFE records
// once.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Refusal } from '../../shared/errors';
import { receiptBookChange } from '../../shared/sync/reference';
import type { HistoryAnswer } from '../../shared/sync/protocol';
import { sql } from 'kysely';
import { audit } from './audit';
import { AUDIT_BY_ACTION_CONDITION } from './auditActions';
import { verifyAuditChain } from './auditChain';
import { ledgerBalanceProblems, verifyBackupFile } from './backupCheck';
import { assertBackupFile, fsyncPath, LEDGER_FILE, stampOf } from './backupFiles';
import { holdLedger } from './backupRestore';
import { openLedger } from './db';
import type { Migration } from './migrate';
import { restartNumbering, storeReceiptBook } from './receipts';
import { settleRestoredJobs } from './printJobs';
import { replayPage, replayStart, type ReplayState } from './replay';
import { all, first, q, type Database } from './sql';

/** The counter's events after a sequence, a page at a time (the hub's /v1/history). */
export type HistorySource = (after: string) => Promise<HistoryAnswer>;

export interface HubRestoreOptions {
  dataDir: string;
  key: Buffer;
  migrations: Migration[];
  terminalId: string;
  /** The outlet this data folder is for (terminal.json). */
  outlet: { institutionCode: string; outletCode: string };
  history: HistorySource;
  /** A backup to build on (its trail must be the start of the hub's). */
  from?: string | undefined;
  now: () => Date;
  by: string;
  otherKeys?: Buffer[];
  nativeBinding?: string;
}

export interface HubRestoreResult {
  restored: string;
  replaced: string | undefined;
  /** What the ledger was built on: a backup, the ledger that was here, or nothing. */
  base: 'backup' | 'ledger' | 'new';
  /** Events taken from the hub, and the sequence the counter's trail now ends at (the hub's head). */
  events: number;
  held: string;
  trades: number;
  /** What the counter owes SAFE and the sync loop will deliver (back-fills, cancels). */
  owed: { backfill: number; cancel: number };
  numbering: { lastReceiptNo: string; nextReceiptNo: string; closedBooks: string[] };
}

export async function restoreFromHub(opts: HubRestoreOptions): Promise<HubRestoreResult> {
  const target = join(opts.dataDir, LEDGER_FILE);
  const incoming = `${target}.restoring`;
  rmSync(incoming, { force: true });
  rmSync(`${incoming}-wal`, { force: true });
  rmSync(`${incoming}-shm`, { force: true });

  // The base, copied: nothing in the data folder changes until the end.
  let base: HubRestoreResult['base'] = 'new';
  if (opts.from !== undefined) {
    assertBackupFile(opts.from);
    const { identity, problems } = verifyBackupFile(opts.from, opts.key, opts.nativeBinding);
    if (!identity || problems.length > 0) throw new Refusal('RESTORE_BACKUP_DAMAGED', { file: opts.from, problem: problems.join('; ') });
    sameOutlet(identity, opts.outlet);
    copyFileSync(opts.from, incoming);
    base = 'backup';
  }
  if (existsSync(target)) {
    // Refused while a terminal has it open; closing folds its WAL in, so the copy is whole. A
    // ledger none of the keys opens cannot be built on: it is kept aside all the same, as after a
    // restore from a backup.
    const held = holdLedger(target, [opts.key, ...(opts.otherKeys ?? [])], opts.nativeBinding);
    held?.release();
    if (held && base === 'new') {
      copyFileSync(target, incoming);
      base = 'ledger';
    }
  }

  let db = openLedger(incoming, opts.key, opts.migrations, opts.nativeBinding);
  let closed = false;
  try {
    const outlet = first(db, q.selectFrom('outlet').select(['institution_code', 'outlet_code']).where('id', '=', 1n));
    if (outlet) sameOutlet({ institutionCode: outlet.institution_code, outletCode: outlet.outlet_code }, opts.outlet);
    let state = replayStart(db);
    let page = await opts.history(state.last === undefined ? '0' : String(BigInt(state.last.seq) - 1n));
    if (BigInt(page.held) === 0n) throw new Refusal('RESTORE_HUB_EMPTY', { terminal: opts.terminalId });
    if (state.last !== undefined && BigInt(state.last.seq) > BigInt(page.held)) {
      // The ledger goes past the hub's head: if it is the hub's up to there, it holds all the hub
      // holds (a counter restored already, or one whose latest entries are not pushed yet).
      const head = (await opts.history(String(BigInt(page.held) - 1n))).events[0];
      const mine = first(db, q.selectFrom('audit_log').select(['hash']).where('id', '=', BigInt(page.held)));
      if (head && mine && head.hash === mine.hash) throw new Refusal('RESTORE_HUB_NOTHING_NEW', { held: page.held });
    }
    if (state.last !== undefined) {
      // The ledger's last entry must be the hub's entry of that number: then the hub's history
      // goes on from it. Otherwise it is not the start of the counter's history.
      const there = page.events[0];
      if (!there || there.seq !== state.last.seq || there.hash !== state.last.hash) {
        const trades = countTrades(db);
        if (trades > 0 || base === 'backup') throw new Refusal('RESTORE_LEDGER_DIVERGED', { trades: String(trades), seq: state.last.seq });
        // A ledger with no trade (a new PC's first start): kept aside, and the counter built anew.
        db.close();
        for (const f of [incoming, `${incoming}-wal`, `${incoming}-shm`]) rmSync(f, { force: true });
        db = openLedger(incoming, opts.key, opts.migrations, opts.nativeBinding);
        base = 'new';
        state = replayStart(db);
        if (state.last !== undefined) throw new Error('a new ledger has an audit trail');
        page = await opts.history('0');
      } else {
        page = { held: page.held, events: page.events.slice(1) };
      }
    }
    // Page after page, each in its transaction; the next page is asked for between them.
    for (;;) {
      state = replayPage(db, page.events, state);
      const at = state.last === undefined ? 0n : BigInt(state.last.seq);
      if (page.events.length === 0 || at >= BigInt(page.held)) break;
      page = await opts.history(String(at));
    }
    const result = finish(db, state, opts);
    db.close();
    closed = true;

    let replaced: string | undefined;
    if (existsSync(target)) {
      replaced = `${target}.replaced-${stampOf(opts.now())}`;
      renameSync(target, replaced);
      if (existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${replaced}-wal`);
      rmSync(`${target}-shm`, { force: true });
    }
    renameSync(incoming, target);
    fsyncPath(opts.dataDir);
    return { ...result, restored: target, replaced, base };
  } finally {
    if (!closed) {
      db.close();
      for (const f of [incoming, `${incoming}-wal`, `${incoming}-shm`]) rmSync(f, { force: true });
    }
  }
}

function sameOutlet(found: { institutionCode: string; outletCode: string }, want: { institutionCode: string; outletCode: string }): void {
  if (found.outletCode !== want.outletCode || found.institutionCode !== want.institutionCode) {
    throw new Refusal('RESTORE_OTHER_OUTLET', {
      backupOutlet: found.outletCode, backupInstitution: found.institutionCode, targetOutlet: want.outletCode, targetInstitution: want.institutionCode,
    });
  }
}

function countTrades(db: Database): number {
  return Number(first(db, q.selectFrom('trades').select((eb) => eb.fn.countAll<bigint>().as('n')))!.n);
}

/** The rebuilt ledger checked, its numbering restarted and the restore audited, in one transaction. */
function finish(db: Database, state: ReplayState, opts: HubRestoreOptions): Omit<HubRestoreResult, 'restored' | 'replaced' | 'base'> {
  const problems = [
    ...ledgerBalanceProblems(db),
    ...(db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]).slice(0, 5).map((f) => `${f.table} row ${f.rowid} names a missing ${f.parent}`),
  ];
  const chain = verifyAuditChain(db);
  if (!chain.ok) problems.push(`the audit chain breaks at entry ${chain.firstBroken?.id ?? '?'}`);
  if (problems.length > 0) throw new Refusal('RESTORE_HISTORY_BROKEN', { seq: state.last?.seq ?? '0', problem: problems.join('; ') });
  const at = opts.now().toISOString();
  return db.transaction(() => {
    booksFromTrail(db, opts.terminalId);
    const restart = restartNumbering(db, at, opts.by, { everyBookOf: opts.terminalId });
    // The backup's receipts still queued (the hub's own are restored failed, replay.ts): the dead
    // PC went on after the backup and may have printed them.
    const notKnownPrinted = settleRestoredJobs(db, at);
    const owing = (kind: 'backfill' | 'cancel') => Number(first(db, q.selectFrom('outbox').select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('kind', '=', kind).where('state', 'in', ['pending', 'needs_attention']))!.n);
    const owed = { backfill: owing('backfill'), cancel: owing('cancel') };
    const held = state.last?.seq ?? '0';
    audit(db, {
      at, actor: opts.by, action: 'ledger.restore', entity: 'ledger', entityId: opts.outlet.outletCode,
      detail: {
        from: 'hub', held, events: state.events, lastReceiptNo: String(restart.lastOwn), nextReceiptNo: String(restart.nextOwn),
        closedBooks: restart.closedBooks, owed, notKnownPrinted,
      },
    });
    return {
      events: state.events, held, trades: countTrades(db), owed,
      numbering: { lastReceiptNo: String(restart.lastOwn), nextReceiptNo: String(restart.nextOwn), closedBooks: restart.closedBooks },
    };
  }).immediate();
}

/**
 * The receipt books the counter took, as its trail says (receiptBook.received: the book as the
 * hub sent it), written where the ledger has none of them, so the restart closes them all. The
 * hub's next answer brings them with their versions and returns.
 */
function booksFromTrail(db: Database, terminalId: string): void {
  const entries = all(db, q.selectFrom('audit_log').select(['detail']).where('action', '=', 'receiptBook.received')
    .where(sql.raw<boolean>(AUDIT_BY_ACTION_CONDITION)).orderBy('id'));
  for (const e of entries) {
    const book = receiptBookChange.safeParse(JSON.parse(e.detail));
    if (!book.success || book.data.terminalId !== terminalId) continue;
    storeReceiptBook(db, { ...book.data, returnedAt: null, unusedFrom: null }, '1');
  }
}
