// The outlet's safe (issue 17 item 4: each counter has its till; the outlet has a safe). At an
// outlet whose hub names the counter that keeps the safe (hub migration 019, ledger migration 019),
// the other counters keep none: notes go into the safe only there, and the others send theirs as
// transfers, counted in at the keeper. Taking notes out of a safe is always allowed, so a counter
// that kept one before the safe was named can empty it. A counter with no hub, or whose outlet's
// safe is not named, keeps its own safe as before.
import { Refusal } from '../../../shared/errors';
import type { Database } from '../../ledger/sql';
import { readHubOutlet, readOutlet } from '../settings';

/** Refuses notes into this counter's safe when another counter keeps the outlet's. */
export function assertSafeKeptHere(db: Database): void {
  const hub = readHubOutlet(db);
  if (!hub?.safeCounter) return;
  if (hub.safeCounter === readOutlet(db).terminal_id) return;
  const name = hub.counters.find((c) => c.terminalId === hub.safeCounter)?.name ?? hub.safeCounter;
  throw new Refusal('SAFE_AT_OTHER_COUNTER', { counter: name, terminal: hub.safeCounter });
}
