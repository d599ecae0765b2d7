// The PC clock against the latest time the terminal has recorded (clock_mark, 007).
//
// Receipts, business dates, back-fill deadlines and rate ages all come from the PC clock. A clock
// set back would date a trade before ones already written, or into a day already closed. So at
// start and before every write (and every quote) the clock is compared with the mark: more than
// CLOCK_TOLERANCE_MS behind and the call is refused with CLOCK_BEHIND, until the clock is set right
// (then it simply passes again) or a supervisor confirms the time shown (clock.confirm), which sets
// the mark back to it, audited.
//
// The mark is kept in memory exactly and written to the ledger at start, at most every
// PERSIST_EVERY_MS while the terminal writes, and at close: a crash loses at most that much, so a
// clock set back after a crash is caught from 2.5 minutes rather than 2. A trade writes no mark:
// its audit entry (trade.commit, or trade.attempt when refused), written in its own transaction
// with this clock's time, already records that time, and at start the newest such entry counts
// as a mark (lastStamp). Writing clock_mark too cost a b-tree page on the counter's busiest commit
// (issue 21), and before that a second fsync when written in a transaction of its own (issue 8).
import { Refusal } from '../../../shared/errors';
import { audit } from '../../ledger/audit';
import type { Database } from '../../ledger/sql';

export const CLOCK_TOLERANCE_MS = 2 * 60_000;
export const PERSIST_EVERY_MS = 30_000;

export interface ClockGuard {
  /** Refuses with CLOCK_BEHIND when the clock is more than the tolerance behind the mark. */
  check(): void;
  /** The terminal recorded something now: the mark moves forward (and is written when due). */
  note(): void;
  /**
   * A trade (or its attempt) committed with an audit entry at `at`, this clock's time when it was
   * judged: that entry is the mark, durable with it, so note() after it finds nothing due.
   */
  recorded(at: string): void;
  /** A supervisor confirms the clock's time: the mark is set to it (clock.confirm). */
  confirm(supervisorId: string): ClockConfirmation;
  /** Writes the mark (at close). */
  flush(): void;
  /** The mark, as toISOString() text, if the ledger has one. */
  mark(): string | undefined;
}

export interface ClockConfirmation {
  confirmedAt: string;
  previousMark: string | null;
  /** Whether the clock was behind the mark when confirmed. */
  wasBehind: boolean;
}

/** China time for people: 2026-03-10 10:00:00 (UTC+8, as on receipts). */
function shown(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** The audit entries written with this clock's time in a trade's own transaction, and the confirmation. */
const STAMPS = ['trade.commit', 'trade.attempt', 'clock.confirm'] as const;
/**
 * How far back from the newest audit entry a trade's entry is looked for at start: a bound on the
 * read (the entries are read newest first by id); a ledger whose last trade is further back has
 * its mark in clock_mark, which note() keeps for every other write.
 */
export const STAMP_WINDOW = 5_000;

/**
 * The time of the newest trade, attempt or confirmation among the last STAMP_WINDOW audit entries.
 * Newest by id, not by time: after a confirmation set the mark back, the trades before it (later
 * by their time) no longer count; the confirmation's own time does (it is clock_mark's too).
 */
function lastStamp(db: Database): string | undefined {
  return db.prepare(
    `select at from audit_log where id > (select coalesce(max(id), 0) from audit_log) - ? and action in (${STAMPS.map(() => '?').join(', ')}) order by id desc limit 1`,
  ).pluck().get(STAMP_WINDOW, ...STAMPS) as string | undefined;
}

/** `writable: false` for a damaged ledger: the mark is compared but never written. */
export function createClockGuard(db: Database, now: () => Date, writable: boolean): ClockGuard {
  const read = () => {
    const kept = (db.prepare('select last_at from clock_mark where id = 1').get() as { last_at: string } | undefined)?.last_at;
    const stamp = lastStamp(db);
    return kept === undefined || (stamp !== undefined && stamp > kept) ? stamp : kept;
  };
  let mark: string | undefined;
  try {
    mark = read();
  } catch {
    mark = undefined; // a damaged ledger may not answer; without a mark nothing is compared
  }
  let persisted = mark;

  // Never lowers the mark: only a confirmation does that.
  const write = (at: string) => db.prepare(
    'insert into clock_mark (id, last_at) values (1, ?) on conflict (id) do update set last_at = excluded.last_at where excluded.last_at > clock_mark.last_at',
  ).run(at);

  const persist = () => {
    if (!writable || mark === undefined || mark === persisted) return;
    write(mark);
    persisted = mark;
  };

  const moveTo = (at: string) => {
    if (mark === undefined || at > mark) mark = at;
  };
  const due = () => mark !== undefined && (persisted === undefined || Date.parse(mark) - Date.parse(persisted) >= PERSIST_EVERY_MS);

  const behindBy = (at: Date): number => (mark === undefined ? 0 : Date.parse(mark) - at.getTime());

  const guard: ClockGuard = {
    check() {
      const at = now();
      const behind = behindBy(at);
      if (behind > CLOCK_TOLERANCE_MS) {
        throw new Refusal('CLOCK_BEHIND', { now: shown(at.toISOString()), last: shown(mark!), minutes: String(Math.ceil(behind / 60_000)) });
      }
    },
    note() {
      moveTo(now().toISOString());
      if (due()) persist();
    },
    recorded(at) {
      moveTo(at);
      if (persisted === undefined || at > persisted) persisted = at;
    },
    confirm(supervisorId) {
      const at = now();
      const iso = at.toISOString();
      const previous = mark ?? null;
      const wasBehind = behindBy(at) > CLOCK_TOLERANCE_MS;
      db.transaction(() => {
        db.prepare(
          'insert into clock_mark (id, last_at, confirmed_by, confirmed_at) values (1, ?, ?, ?) ' +
            'on conflict (id) do update set last_at = excluded.last_at, confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at',
        ).run(iso, supervisorId, iso);
        audit(db, { at: iso, actor: supervisorId, action: 'clock.confirm', entity: 'clock', entityId: 'clock_mark', detail: { confirmedAt: iso, previousMark: previous, wasBehind } });
      }).immediate();
      mark = iso;
      persisted = iso;
      return { confirmedAt: iso, previousMark: previous, wasBehind };
    },
    flush: persist,
    mark: () => mark,
  };
  // At start: a clock that is not behind moves the mark (and writes it); one that is, is refused
  // at the first write.
  if (writable && behindBy(now()) <= CLOCK_TOLERANCE_MS) {
    guard.note();
    persist();
  }
  return guard;
}
