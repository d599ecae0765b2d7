// The ways the simulated monitoring system can be told to fail (POST /control/fault and
// /control/down). Each is a case the terminal's client must classify right: nothing was done
// (refuse, busy, down), something may have been done (hang, dropAfterCommit, garbled answers).
import { z } from 'zod';

export const FAULT_MODES = ['none', 'refuse', 'hang', 'busy', 'dropAfterCommit', 'http500', 'malformed', 'unknownCode', 'badRefNo'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const faultRequest = z.object({ mode: z.enum(FAULT_MODES), count: z.number().int().min(1).optional() });

export class Faults {
  private mode: FaultMode = 'none';
  /** Requests the mode still applies to; undefined: until told otherwise. */
  private left: number | undefined;
  private downUntilMs = Number.NEGATIVE_INFINITY;

  set(mode: FaultMode, count?: number): void {
    this.mode = mode;
    this.left = mode === 'none' ? undefined : count;
  }

  /** Down (every /api request refused) until the simulator's clock reaches `until`. */
  downUntil(untilMs: number): void {
    this.downUntilMs = untilMs;
  }

  /**
   * The fault for the /api request arriving now, using up one of a counted fault. Being down
   * comes first and uses nothing up: a counted fault waits for the system to be back.
   */
  take(nowMs: number): FaultMode {
    if (nowMs < this.downUntilMs) return 'refuse';
    const mode = this.mode;
    if (mode !== 'none' && this.left !== undefined) {
      this.left -= 1;
      if (this.left <= 0) this.set('none');
    }
    return mode;
  }
}
