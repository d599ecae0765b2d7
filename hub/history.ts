// A counter's history as the hub holds it (issue 17 item 6; ../shared/design/hub.md "Events are
// complete enough to rebuild a terminal's ledger"): the events of the terminal that asks, in order,
// each exactly as it arrived (the entry's fields, which its hash covers, and the rows its change
// wrote). Only the terminal's own: the request is signed by the key enrolled for it, so a new PC
// enrolled in place of a dead one gets the dead one's history and nobody else's.
import type { HubEvent } from '../shared/sync/events';
import { HISTORY_MAX, type HistoryAnswer } from '../shared/sync/protocol';
import type { HubDatabase } from './db/open';

export async function historyOf(db: HubDatabase, terminalId: string, after: bigint, limit = HISTORY_MAX): Promise<HistoryAnswer> {
  if (limit < 1 || limit > HISTORY_MAX) throw new Error(`historyOf: limit ${limit} outside 1..${HISTORY_MAX}`);
  const head = await db.selectFrom('hub_heads').select('seq').where('terminal_id', '=', terminalId).executeTakeFirst();
  const held = head ? BigInt(head.seq) : 0n;
  // Up to the head: what lies past it (none should) is not yet the terminal's contiguous history.
  const rows = await db.selectFrom('hub_events')
    .select(['seq', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash', 'rows'])
    .where('terminal_id', '=', terminalId).where('seq', '>', after).where('seq', '<=', held)
    .orderBy('seq').limit(limit).execute();
  const events = rows.map((r): HubEvent => {
    // json comes back parsed from node-postgres and PGlite alike; text (an older column type) is parsed here.
    const found: unknown = typeof r.rows === 'string' ? JSON.parse(r.rows) : r.rows;
    return {
      seq: String(r.seq), at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id,
      detail: r.detail, prevHash: r.prev_hash, hash: r.hash,
      ...(found !== null && found !== undefined ? { rows: found as HubEvent['rows'] } : {}),
    };
  });
  return { held: String(held), events };
}
