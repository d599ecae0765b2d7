// The simulator's own SQLite file (DIR/simulator.sqlite): people's standing and every record the
// "monitoring system" holds, so both survive restarts of the terminal and of the simulator. Opened
// like the ledger (WAL, synchronous=FULL): a record the simulator answered for is on disk even if
// it is killed right after, which is what the "committed, then the answer was lost" cases need.
// USD figures are stored as decimal TEXT and summed with Decimal in code, never with SQL SUM
// (which would go through a float).
//
// The class is the store's one door; its tables and row shapes are in storeSchema.ts, what it takes
// and gives in storeTypes.ts (re-exported here, with MODIFIABLE, for the simulator's other files).
import BetterSqlite3 from 'better-sqlite3';
import { Decimal, dec } from '../../../shared/money/money';
import type { PersonStatus, RegisterData } from '../protocol';
import type { FixturePerson } from './fixture';
import { ALTERABLE, MODIFIABLE, SCHEMA, toRecord, type PersonDbRow, type RecordDbRow } from './storeSchema';
import type { NewRecord, PersonKey, PersonRow, RecordFilter, Stats, StoredRecord } from './storeTypes';

export { MODIFIABLE } from './storeSchema';
export type { Listing, NewRecord, PersonKey, PersonRow, RecordFilter, Stats, StoredRecord } from './storeTypes';

export class SimulatorStore {
  private readonly db: BetterSqlite3.Database;

  constructor(path: string) {
    this.db = new BetterSqlite3(path);
    try {
      this.db.defaultSafeIntegers(true);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(SCHEMA);
      this.db.prepare("insert or ignore into counters (name, value) values ('refNo', 0)").run();
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one transaction: a check and the insert it allows commit together or not at all. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Seeds the fixture's people. A person the store already knows keeps what it learned since
   * (a notice given, a status set through the control endpoint): the fixture is the start, not
   * a reset.
   */
  seed(persons: readonly FixturePerson[]): void {
    this.transaction(() => {
      for (const p of persons) {
        if (this.person(p)) continue;
        this.putPerson({
          idType: p.idType,
          idNumber: p.idNumber,
          country: p.country,
          ...(p.name !== undefined ? { name: p.name } : {}),
          status: p.status,
          ...(p.listing ? { listing: p.listing } : {}),
          noticeGiven: p.noticeGiven,
          seedUsedUsd: { JH: p.usedUsd.JH ?? '0', GH: p.usedUsd.GH ?? '0' },
          seedCashTodayUsd: p.cashTodayUsd,
        });
      }
    });
  }

  person(key: PersonKey): PersonRow | undefined {
    const row = this.db
      .prepare('select * from persons where id_type = ? and id_number = ? and country = ?')
      .get(key.idType, key.idNumber, key.country) as PersonDbRow | undefined;
    if (!row) return undefined;
    return {
      idType: row.id_type,
      idNumber: row.id_number,
      country: row.country,
      ...(row.name !== null ? { name: row.name } : {}),
      status: row.status as PersonStatus,
      ...(row.listing_date !== null ? { listing: { date: row.listing_date, expiry: row.listing_expiry ?? '', reasonCode: row.listing_reason ?? '' } } : {}),
      noticeGiven: row.notice_given === '1' ? '1' : '0',
      seedUsedUsd: { JH: row.seed_used_jh, GH: row.seed_used_gh },
      seedCashTodayUsd: row.seed_cash_today,
    };
  }

  putPerson(p: PersonRow): void {
    this.db
      .prepare(
        `insert into persons (id_type, id_number, country, name, status, listing_date, listing_expiry, listing_reason,
           notice_given, seed_used_jh, seed_used_gh, seed_cash_today)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (id_type, id_number, country) do update set
           name = excluded.name, status = excluded.status, listing_date = excluded.listing_date,
           listing_expiry = excluded.listing_expiry, listing_reason = excluded.listing_reason,
           notice_given = excluded.notice_given, seed_used_jh = excluded.seed_used_jh,
           seed_used_gh = excluded.seed_used_gh, seed_cash_today = excluded.seed_cash_today`,
      )
      .run(
        p.idType, p.idNumber, p.country, p.name ?? null, p.status,
        p.listing?.date ?? null, p.listing?.expiry ?? null, p.listing?.reasonCode ?? null,
        p.noticeGiven, p.seedUsedUsd.JH, p.seedUsedUsd.GH, p.seedCashTodayUsd,
      );
  }

  /** A notice given through the notice operation, kept as a log (the person's flag is on persons). */
  logNotice(key: PersonKey, status: PersonStatus, at: string): void {
    this.db.prepare('insert into notices (id_type, id_number, country, status, created_at) values (?, ?, ?, ?, ?)').run(key.idType, key.idNumber, key.country, status, at);
  }

  /** Records a trade under the next reference number: trade type, business date, 10-digit sequence. */
  insertRecord(r: NewRecord, answerFor?: (refNo: string) => RegisterData): StoredRecord {
    return this.transaction(() => {
      const seq = this.db.prepare("update counters set value = value + 1 where name = 'refNo' returning value").pluck().get() as bigint;
      const refNo = `${r.entry.tradeType}${r.businessDate.replaceAll('-', '')}${seq.toString().padStart(10, '0')}`;
      const answer = answerFor?.(refNo);
      const e = r.entry;
      this.db
        .prepare(
          `insert into records (ref_no, serial, trade_type, uses_quota, id_type, id_number, country, name, currency, amount,
             usd_equivalent, channel, trade_time, trade_ms, business_date, backfill, entry, answer, created_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          refNo, e.serial, e.tradeType, e.usesQuota, e.idType, e.idNumber, e.country, e.name, e.currency, e.amount,
          r.usdEquivalent.toFixed(), r.channel, e.tradeTime, Date.parse(e.tradeTime), r.businessDate, r.backfill ? 1 : 0,
          JSON.stringify(e), answer ? JSON.stringify(answer) : null, r.createdAt,
        );
      return this.byRef(refNo)!;
    });
  }

  byRef(refNo: string): StoredRecord | undefined {
    const row = this.db.prepare('select * from records where ref_no = ?').get(refNo) as RecordDbRow | undefined;
    return row && toRecord(row);
  }

  /** The standing record of a serial: a cancelled one does not stop the same serial being entered again. */
  liveBySerial(serial: string): StoredRecord | undefined {
    const row = this.db
      .prepare("select * from records where serial = ? and status = 'recorded' order by id limit 1")
      .get(serial) as RecordDbRow | undefined;
    return row && toRecord(row);
  }

  /** USD equivalents of a person's standing records between two business dates (inclusive). */
  usdOf(person: PersonKey, from: string, to: string, only?: { tradeType: 'JH' | 'GH'; usesQuota: 'Y' }): Decimal {
    const rows = this.db
      .prepare(
        `select usd_equivalent from records
         where id_type = ? and id_number = ? and country = ? and business_date between ? and ? and status = 'recorded'
           and (? is null or trade_type = ?) and (? is null or uses_quota = ?)`,
      )
      .pluck()
      .all(person.idType, person.idNumber, person.country, from, to,
        only?.tradeType ?? null, only?.tradeType ?? null, only?.usesQuota ?? null, only?.usesQuota ?? null) as string[];
    return rows.reduce((sum, usd) => sum.plus(dec(usd)), new Decimal(0));
  }

  cancel(refNo: string, reason: string, remark: string | undefined, at: string): void {
    this.db
      .prepare("update records set status = 'cancelled', cancel_reason = ?, cancel_remark = ?, cancelled_at = ? where ref_no = ?")
      .run(reason, remark ?? null, at, refNo);
  }

  /** Applies corrections (keys of MODIFIABLE) to the record's columns and to its stored entry. */
  modify(refNo: string, fields: Record<string, string>, reason: string, at: string): void {
    this.transaction(() => {
      const current = this.byRef(refNo);
      if (!current) return;
      const entry = { ...current.entry, ...fields };
      for (const [field, value] of Object.entries(fields)) {
        const column = MODIFIABLE[field];
        if (column) this.db.prepare(`update records set ${column} = ? where ref_no = ?`).run(value, refNo);
      }
      this.db.prepare('update records set entry = ?, modify_reason = ?, modified_at = ? where ref_no = ?').run(JSON.stringify(entry), reason, at, refNo);
    });
  }

  /** A field of a stored record altered (control endpoint, ALTERABLE): its column and its stored entry. False: no such record. */
  alter(refNo: string, field: string, value: string): boolean {
    return this.transaction(() => {
      const current = this.byRef(refNo);
      if (!current) return false;
      const column = ALTERABLE[field];
      if (column) this.db.prepare(`update records set ${column} = ? where ref_no = ?`).run(value, refNo);
      if (field === 'tradeTime') this.db.prepare('update records set trade_ms = ? where ref_no = ?').run(Date.parse(value), refNo);
      this.db.prepare('update records set entry = ? where ref_no = ?').run(JSON.stringify({ ...current.entry, [field]: value }), refNo);
      return true;
    });
  }

  /** Records matching every filter given, ordered by trade time, one page of them. */
  query(filter: RecordFilter, page: number, pageSize: number): { records: StoredRecord[]; total: number } {
    const clauses: string[] = [];
    const params: string[] = [];
    const eq = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      clauses.push(`${column} = ?`);
      params.push(value);
    };
    eq('ref_no', filter.refNo);
    eq('serial', filter.serial);
    eq('id_type', filter.idType);
    eq('id_number', filter.idNumber);
    eq('country', filter.country);
    eq('business_date', filter.date);
    if (filter.from !== undefined) {
      clauses.push('business_date >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      clauses.push('business_date <= ?');
      params.push(filter.to);
    }
    const where = clauses.length ? `where ${clauses.join(' and ')}` : '';
    const total = Number(this.db.prepare(`select count(*) from records ${where}`).pluck().get(...params) as bigint);
    const rows = this.db
      .prepare(`select * from records ${where} order by trade_ms, id limit ? offset ?`)
      .all(...params, pageSize, (page - 1) * pageSize) as RecordDbRow[];
    return { records: rows.map(toRecord), total };
  }

  stats(): Stats {
    const count = (sql: string) => Number(this.db.prepare(sql).pluck().get() as bigint);
    // No prototype: a serial is data, and could be any string.
    const bySerial = Object.create(null) as Record<string, number>;
    for (const row of this.db.prepare('select serial, count(*) as n from records group by serial').all() as { serial: string; n: bigint }[]) {
      bySerial[row.serial] = Number(row.n);
    }
    return {
      records: count('select count(*) from records'),
      cancelled: count("select count(*) from records where status = 'cancelled'"),
      bySerial,
      notices: count('select count(*) from notices'),
    };
  }
}
