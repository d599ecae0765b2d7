// The tables of the simulator's SQLite file (store.ts): the schema, the rows as better-sqlite3
// reads them, the columns a modify may correct, and a record row turned back into a StoredRecord.
// USD figures are decimal TEXT (summed with Decimal in code, never with SQL SUM, which would go
// through a float).
import type { Entry, RegisterData } from '../protocol';
import type { StoredRecord } from './storeTypes';

export const SCHEMA = `
create table if not exists persons (
  id_type text not null,
  id_number text not null,
  country text not null,
  name text,
  status text not null default '01',
  listing_date text,
  listing_expiry text,
  listing_reason text,
  notice_given text not null default '0',
  seed_used_jh text not null default '0',
  seed_used_gh text not null default '0',
  seed_cash_today text not null default '0',
  primary key (id_type, id_number, country)
);
create table if not exists counters (
  name text primary key,
  value integer not null
);
create table if not exists records (
  id integer primary key autoincrement,
  ref_no text not null unique,
  serial text not null,
  trade_type text not null,
  uses_quota text not null,
  id_type text not null,
  id_number text not null,
  country text not null,
  name text not null,
  currency text not null,
  amount text not null,
  usd_equivalent text not null,
  channel text not null,
  trade_time text not null,
  -- epoch milliseconds of trade_time: ISO texts with different fractions do not sort as text
  trade_ms integer not null,
  business_date text not null,
  backfill integer not null,
  status text not null default 'recorded',
  entry text not null,
  answer text,
  created_at text not null,
  cancel_reason text,
  cancel_remark text,
  cancelled_at text,
  modify_reason text,
  modified_at text
);
create table if not exists notices (
  id integer primary key autoincrement,
  id_type text not null,
  id_number text not null,
  country text not null,
  status text not null,
  created_at text not null
);
create index if not exists records_serial on records (serial);
create index if not exists records_date on records (business_date, trade_ms);
create index if not exists records_person on records (id_type, id_number, country, business_date);
`;

export interface PersonDbRow {
  id_type: string;
  id_number: string;
  country: string;
  name: string | null;
  status: string;
  listing_date: string | null;
  listing_expiry: string | null;
  listing_reason: string | null;
  notice_given: string;
  seed_used_jh: string;
  seed_used_gh: string;
  seed_cash_today: string;
}

export interface RecordDbRow {
  ref_no: string;
  serial: string;
  trade_type: 'JH' | 'GH';
  uses_quota: 'Y' | 'N';
  id_type: string;
  id_number: string;
  country: string;
  name: string;
  currency: string;
  amount: string;
  usd_equivalent: string;
  channel: '41' | '42';
  trade_time: string;
  business_date: string;
  backfill: bigint;
  status: 'recorded' | 'cancelled';
  entry: string;
  answer: string | null;
}

/** Fields a modify may correct, and the column each one is kept in (if it has one). */
export const MODIFIABLE: Readonly<Record<string, string | null>> = {
  name: 'name',
  idType: 'id_type',
  idNumber: 'id_number',
  country: 'country',
  supplementaryId: null,
  businessType: null,
  fundAttribute: null,
};

/**
 * Fields a test or a trainer may alter on a stored record behind the terminal's back (the control
 * endpoint /control/alter: someone corrected it on SAFE's page, or SAFE's copy went wrong), and
 * the column each one is kept in: the reconciliation must name the field (第三十二条(五)). The
 * amount keeps its own column only (its USD equivalent stays as entered); the trade time moves
 * trade_ms with it. Not the interface's modify, which SAFE allows for a few fields only.
 */
export const ALTERABLE: Readonly<Record<string, string | null>> = {
  idType: 'id_type',
  idNumber: 'id_number',
  country: 'country',
  name: 'name',
  tradeType: 'trade_type',
  fundAttribute: null,
  currency: 'currency',
  amount: 'amount',
  tradeTime: 'trade_time',
};

export function toRecord(row: RecordDbRow): StoredRecord {
  return {
    refNo: row.ref_no,
    serial: row.serial,
    tradeType: row.trade_type,
    usesQuota: row.uses_quota,
    idType: row.id_type,
    idNumber: row.id_number,
    country: row.country,
    name: row.name,
    currency: row.currency,
    amount: row.amount,
    usdEquivalent: row.usd_equivalent,
    channel: row.channel,
    tradeTime: row.trade_time,
    businessDate: row.business_date,
    backfill: row.backfill === 1n,
    status: row.status,
    entry: JSON.parse(row.entry) as Entry,
    ...(row.answer !== null ? { answer: JSON.parse(row.answer) as RegisterData } : {}),
  };
}
