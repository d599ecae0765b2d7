// The hub's tables as Kysely sees them, one interface per table of hub/migrations/*.sql.
import type { ColumnType } from 'kysely';

type Instant = ColumnType<Date, Date | string, Date | string>;

export interface HubTerminalTable {
  id: string;
  outlet_code: string;
  created_at: Instant;
  /** 002_trust.sql: the Ed25519 key it enrolled (SPKI DER, base64), when, and when revoked. */
  public_key: string | null;
  enrolled_at: Instant | null;
  revoked_at: Instant | null;
}

export interface HubEnrolmentCodeTable {
  code_hash: string;
  terminal_id: string;
  outlet_code: string;
  created_at: Instant;
  expires_at: Instant;
  used_at: Instant | null;
}

export interface HubNonceTable {
  terminal_id: string;
  nonce: string;
  seen_at: Instant;
}

export interface HubEventTable {
  terminal_id: string;
  seq: bigint;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  detail: string;
  prev_hash: string | null;
  hash: string | null;
  rows: ColumnType<unknown, string | null, string | null>;
  received_at: Instant;
}

export interface HubHeadTable {
  terminal_id: string;
  seq: bigint;
  hash: string | null;
  updated_at: Instant;
}

export interface HubMigrationTable {
  version: number;
  applied_at: Instant;
}

export interface HubDB {
  hub_terminals: HubTerminalTable;
  hub_events: HubEventTable;
  hub_heads: HubHeadTable;
  hub_migrations: HubMigrationTable;
  hub_enrolment_codes: HubEnrolmentCodeTable;
  hub_nonces: HubNonceTable;
}
