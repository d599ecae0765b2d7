// A scripted ESC/POS network printer on 127.0.0.1 for tests and training mode: no public emulator
// renders Chinese ESC/POS (design/printing.md), so this one only listens, answers status queries
// and the job-end request the way the mode says, and keeps every byte for the test to read.
//
// Status bytes (Epson ESC/POS): every DLE EOT reply has bit 1 and bit 4 set (0x12) and bits 0, 7
// clear. n=1 printer: bit 3 offline. n=2 offline cause: bit 2 cover open, bit 5 stopped by paper
// end, bit 6 error. n=4 paper sensor: bits 2,3 (0x0C) near end, bits 5,6 (0x60) paper end.
// The GS r 1 reply (paper sensor status) has a different layout: bit 4 is 0 (that is how a host
// tells it from a DLE EOT reply), bits 0,1 (0x03) near end, bits 2,3 (0x0C) paper end.
import { createServer, type Socket } from 'node:net';
import { readToken } from './decoder';

export type VirtualPrinterMode =
  /** All fine: answers every query, and GS r 1 with paper OK (the job then counts as finished). */
  | 'ready'
  /** Out of paper: status says paper end; GS r 1 answers paper end. */
  | 'paperOut'
  /** Cover open: offline, status says cover open; GS r 1 is never answered (nothing prints). */
  | 'coverOpen'
  /** Paper near its end: a warning; jobs still finish. */
  | 'paperNearEnd'
  /** An error (cutter jam, head too hot): status says error; GS r 1 is never answered. */
  | 'error'
  /** Stops reading from the socket, so the sender's writes back up. */
  | 'stopReading'
  /** Destroys the connection once it has received `dropAfterBytes` bytes. */
  | 'dropMidJob'
  /** Answers everything like `ready`, but only after `lateReplyMs`. */
  | 'lateReply';

export interface VirtualPrinterOptions {
  mode?: VirtualPrinterMode;
  /** dropMidJob: bytes a connection may send before it is dropped (default 256). */
  dropAfterBytes?: number;
  /** lateReply: delay of every answer, in ms (default 500). */
  lateReplyMs?: number;
}

export interface VirtualPrinter {
  port: number;
  /** Every byte received, on every connection, in order: jobs, status queries and GS r alike. */
  received(): Buffer;
  /** Each finished job (answered GS r 1 with paper OK): the bytes before its GS r, queries removed. */
  jobs(): Buffer[];
  setMode(mode: VirtualPrinterMode): void;
  setLateReplyMs(ms: number): void;
  close(): Promise<void>;
}

const FIXED = 0x12;

/** The answer to DLE EOT n in a mode (real-time commands are answered even when offline). */
function statusReply(mode: VirtualPrinterMode, n: number): number {
  switch (mode) {
    case 'paperOut':
      // Offline, stopped by paper end; both paper sensors report the roll out (and near end).
      return n === 1 ? FIXED | 0x08 : n === 2 ? FIXED | 0x20 : n === 4 ? FIXED | 0x60 | 0x0c : FIXED;
    case 'coverOpen':
      return n === 1 ? FIXED | 0x08 : n === 2 ? FIXED | 0x04 : FIXED;
    case 'error':
      return n === 1 ? FIXED | 0x08 : n === 2 ? FIXED | 0x40 : FIXED;
    case 'paperNearEnd':
      return n === 4 ? FIXED | 0x0c : FIXED;
    // The faults of the connection itself: the status the printer sends, when it sends one, is fine.
    case 'ready':
    case 'stopReading':
    case 'dropMidJob':
    case 'lateReply':
      return FIXED;
  }
}

/** The answer to GS r 1; undefined when an offline printer would not process it at all. */
function jobEndReply(mode: VirtualPrinterMode): number | undefined {
  switch (mode) {
    case 'paperOut':
      return 0x0f;
    case 'paperNearEnd':
      return 0x03;
    case 'coverOpen':
    case 'error':
      return undefined;
    case 'ready':
    case 'stopReading':
    case 'dropMidJob':
    case 'lateReply':
      return 0x00;
  }
}

export async function startVirtualPrinter(opts: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
  let mode: VirtualPrinterMode = opts.mode ?? 'ready';
  let lateReplyMs = opts.lateReplyMs ?? 500;
  const dropAfterBytes = opts.dropAfterBytes ?? 256;
  const log: Buffer[] = [];
  const finished: Buffer[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function reply(socket: Socket, byte: number, then?: () => void): void {
    const send = () => {
      if (socket.destroyed) return;
      socket.write(Buffer.from([byte]));
      then?.();
    };
    if (mode !== 'lateReply') return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, lateReplyMs);
    timers.add(timer);
  }

  function serve(socket: Socket): void {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending: Buffer = Buffer.alloc(0);
    let job: Buffer[] = [];
    let count = 0;
    let opaque = false; // after bytes we could not parse, the rest is kept as is

    socket.on('data', (chunk: Buffer) => {
      if (mode === 'stopReading') {
        // Switched to stopReading mid-connection: this chunk was already read; read no more.
        socket.pause();
      }
      if (mode === 'dropMidJob' && count + chunk.length > dropAfterBytes) {
        const kept = chunk.subarray(0, Math.max(0, dropAfterBytes - count));
        log.push(Buffer.from(kept));
        count += kept.length;
        socket.destroy();
        return;
      }
      count += chunk.length;
      log.push(Buffer.from(chunk));
      if (opaque) {
        job.push(Buffer.from(chunk));
        return;
      }
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      try {
        for (;;) {
          const read = readToken(pending, at);
          if (read === null) break;
          const { token, end } = read;
          const raw = pending.subarray(at, end);
          at = end;
          if (token.kind === 'command' && token.name === 'DLE EOT') {
            reply(socket, statusReply(mode, token.params[0]!));
          } else if (token.kind === 'command' && token.name === 'GS r') {
            const answer = jobEndReply(mode);
            const done = Buffer.concat(job);
            job = [];
            if (answer !== undefined) {
              reply(socket, answer, () => {
                if ((answer & 0x0c) === 0) finished.push(done);
              });
            }
          } else {
            job.push(Buffer.from(raw));
          }
        }
        pending = Buffer.from(pending.subarray(at));
      } catch {
        opaque = true;
        job.push(Buffer.from(pending.subarray(at)));
        pending = Buffer.alloc(0);
      }
    });
    // After the 'data' listener (which would otherwise switch the stream back to flowing).
    if (mode === 'stopReading') socket.pause();
  }

  const server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('virtual printer has no TCP port');

  return {
    port: address.port,
    received: () => Buffer.concat(log),
    jobs: () => [...finished],
    setMode(next) {
      mode = next;
      for (const s of sockets) {
        if (next === 'stopReading') s.pause();
        else s.resume();
      }
    },
    setLateReplyMs(ms) {
      lateReplyMs = ms;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
