// Every change of state leaves an audit entry, in the same transaction as the change.
import { q, run, type Database } from './sql';

export function audit(db: Database, e: { at: string; actor: string; action: string; entity: string; entityId: string; detail?: unknown }): void {
  run(db, q.insertInto('audit_log').values({
    at: e.at,
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    // Minor units are bigint: written as exact decimal strings.
    detail: JSON.stringify(e.detail ?? {}, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  }));
}
