// What the simulator's store (store.ts) takes and gives: a person's key and standing, a record as
// stored and as it arrives, the filter of a records query, the counts of the control endpoint.
// USD figures are decimal strings (or Decimal), never floats.
import type { Decimal } from '../../../shared/money/money';
import type { Entry, PersonStatus, RecordData, RegisterData } from '../protocol';

export interface PersonKey {
  idType: string;
  idNumber: string;
  country: string;
}

export interface Listing {
  date: string;
  expiry: string;
  reasonCode: string;
}

/** A person's standing as the simulator keeps it. The seeds are what was used before it saw them. */
export interface PersonRow extends PersonKey {
  name?: string;
  status: PersonStatus;
  listing?: Listing;
  noticeGiven: '0' | '1';
  seedUsedUsd: { JH: string; GH: string };
  seedCashTodayUsd: string;
}

export interface StoredRecord extends RecordData {
  usesQuota: 'Y' | 'N';
  /** The entry as received (with any corrections applied by modify). */
  entry: Entry;
  /** What register / back-fill answered: repeated as-is for an entry sent again (code 0001). */
  answer?: RegisterData;
}

export interface NewRecord {
  entry: Entry;
  usdEquivalent: Decimal;
  channel: '41' | '42';
  businessDate: string;
  backfill: boolean;
  createdAt: string;
}

export interface RecordFilter {
  refNo?: string;
  serial?: string;
  idType?: string;
  idNumber?: string;
  country?: string;
  date?: string;
  from?: string;
  to?: string;
}

export interface Stats {
  records: number;
  cancelled: number;
  bySerial: Record<string, number>;
  /** Notices recorded by the notice operation (an entry with the notice flag is not counted). */
  notices: number;
}
