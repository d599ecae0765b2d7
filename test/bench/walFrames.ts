// WAL frames counted from the WAL index, shared by the bench (bench.ts) and the journal's prototype
// (journal.ts).
import { closeSync, openSync, readSync } from 'node:fs';
import os from 'node:os';

/**
 * The frames in a ledger's WAL: mxFrame of the WAL index header in the -shm file (offset 16, the
 * machine's byte order; https://sqlite.org/walformat.html). It starts again from 0 when a writer
 * restarts the WAL after a checkpoint. Closed only after the ledger's connections in this process:
 * closing any descriptor of the -shm file drops the process's POSIX locks on it (SQLite's), and
 * another process opening the ledger could then reset the shared memory under them.
 */
export class WalFrames {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(4);
  constructor(path: string) {
    this.fd = openSync(`${path}-shm`, 'r');
  }
  now(): number {
    readSync(this.fd, this.buf, 0, 4, 16);
    return os.endianness() === 'LE' ? this.buf.readUInt32LE(0) : this.buf.readUInt32BE(0);
  }
  /** Frames written between `before` and now (after a restart: the frames since it). */
  since(before: number): number {
    const after = this.now();
    return after >= before ? after - before : after;
  }
  close(): void {
    closeSync(this.fd);
  }
}
