// The simulator's "now": the running clock it was given (the terminal's own, in training mode;
// real time otherwise), or frozen at an instant set by --now or POST /control/clock so tests can
// walk through days and deadlines without waiting.
export class SimulatorClock {
  private frozen: number | undefined;

  constructor(now?: string, private readonly running: () => Date = () => new Date()) {
    if (now !== undefined) this.set(now);
  }

  now(): Date {
    return this.frozen === undefined ? this.running() : new Date(this.frozen);
  }

  /** Freezes the clock at `iso`; `null` goes back to the running clock. */
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
