// A background loop for the main process's workers (the outbox sync, the print spool): one round
// at a time (a call while a round runs shares it), a round never throws to the caller, and the
// timer never holds the process open on its own.

export interface Loop<R> {
  /** One round now, or the round already under way. */
  runOnce(): Promise<R>;
  start(): void;
  stop(): void;
}

export function createLoop<R>(round: () => Promise<R>, onFailure: () => R, intervalMs: number): Loop<R> {
  let running: Promise<R> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  function runOnce(): Promise<R> {
    running ??= round().catch(onFailure).finally(() => (running = undefined));
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().finally(schedule), intervalMs);
    timer.unref();
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
