// What the desktop app and browser mode say when the Terminal does not start. A refusal (a wrong
// key, a mistyped terminal.json, live without a printer) says what to do as it is. Anything else
// (a disk that refuses the ledger, a fault of ours) is said as START_FAILED with its message only:
// never a stack trace on a screen. The stack goes to start-error.log in the data folder, for
// support, when the folder can be written.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Refusal, type Message } from '../../shared/errors';

export const START_ERROR_LOG = 'start-error.log';

export function startFailure(e: unknown, dataDir: string, at: Date): Message {
  if (e instanceof Refusal) return e.failure.message;
  try {
    appendFileSync(join(dataDir, START_ERROR_LOG), `${at.toISOString()} ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`, { mode: 0o600 });
  } catch {
    // The folder itself may be what failed: the message on screen still says what happened.
  }
  return new Refusal('START_FAILED', { reason: e instanceof Error ? e.message : String(e) }).failure.message;
}
