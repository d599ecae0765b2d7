// The simulator's "now": real time, or frozen at an instant set by --now or POST /control/clock
// so tests can walk through days and deadlines without waiting.
export class SimulatorClock {
  private frozen: number | undefined;

  constructor(now?: string) {
    if (now !== undefined) this.set(now);
  }

  now(): Date {
    return new Date(this.frozen ?? Date.now());
  }

  /** Freezes the clock at `iso`; `null` goes back to real time. */
  set(iso: string | null): void {
    if (iso === null) {
      this.frozen = undefined;
      return;
    }
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`not an instant: ${iso}`);
    this.frozen = ms;
  }
}
