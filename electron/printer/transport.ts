// The project's own TCP transport to a network receipt printer (raw port 9100). Not the
// node-escpos network adapter (design/printing.md): that one has no timeouts once connected (a
// printer that stops reading hangs it forever), misreads status replies split over TCP chunks, and
// destroys the socket right after the write callback. Here:
// - one job (or status query) at a time per printer: a queue inside, so two receipts never
//   interleave on paper and a status query never lands inside another command's parameters;
// - a connection per operation, with a connect timeout; the socket is destroyed only once the
//   printer has answered (or given up on);
// - a write that makes no progress for writeTimeoutMs fails: that is how a printer that stopped
//   reading (cover open mid-job, jammed, buffer full) is detected instead of hanging the counter;
// - a job is done only when the printer answers the GS r 1 sent after it, which it processes
//   only once everything before it is printed (the receiptio flow); paper end in that answer, or
//   no answer within idleTimeoutMs, fails the job.
//
// USB and serial printers: `@node-escpos/usb` and `@node-escpos/serialport-adapter`, chosen by the
// printer profile, wrapped in a class implementing PrinterTransport with the same rules (queue,
// timeouts, GS r 1 confirmation). They are not installed here and cannot be tested without the
// hardware; only TcpPrinter exists today.
import { connect, type Socket } from 'node:net';
import { JOB_END_REQUEST, statusQuery } from './escpos';

export type PrinterState = 'ready' | 'paperNearEnd' | 'paperOut' | 'coverOpen' | 'error' | 'noAnswer';

export interface PrinterTransport {
  /** Never throws: a printer that cannot be asked is 'noAnswer'. */
  status(): Promise<PrinterState>;
  /** Resolves once the printer confirmed the job printed; rejects with a PrinterError. */
  print(job: Buffer): Promise<void>;
}

export type PrinterErrorCode = 'unreachable' | 'connectTimeout' | 'writeTimeout' | 'connectionLost' | 'noCompletion' | 'paperOut' | 'badReply';

/** What the teller reads: Chinese, then English. */
const REASONS: Record<PrinterErrorCode, string> = {
  unreachable: '无法连接打印机，请检查电源和网线 Cannot reach the printer: check its power and network cable',
  connectTimeout: '连接打印机超时 The printer did not accept the connection in time',
  writeTimeout: '打印机停止接收数据，请检查纸张、上盖 The printer stopped taking data: check paper and cover',
  connectionLost: '打印中连接中断，请检查后重打 The connection to the printer broke mid-job: check the paper and reprint',
  noCompletion: '打印机未确认打印完成，请检查后重打 The printer did not confirm the job finished: check the paper and reprint',
  paperOut: '打印机缺纸，请装纸后重打 The printer is out of paper: load paper and reprint',
  badReply: '打印机回复无法识别 The printer sent a reply we do not understand',
};

export class PrinterError extends Error {
  override readonly name = 'PrinterError';
  /** The teller-readable reason (Chinese + English). */
  readonly reason: string;

  constructor(
    readonly code: PrinterErrorCode,
    where: string,
    cause?: unknown,
  ) {
    super(`${REASONS[code]} [${where}]`, cause === undefined ? undefined : { cause });
    this.reason = REASONS[code];
  }
}

export interface TcpPrinterOptions {
  host: string;
  port: number;
  /** Time to establish the TCP connection (default 3 s). */
  connectTimeoutMs?: number;
  /** Time a write may make no progress before the printer counts as not reading (default 5 s). */
  writeTimeoutMs?: number;
  /** Time to wait for the job-end reply once the job is written (default 30 s). */
  idleTimeoutMs?: number;
  /** Time to wait for each status reply (default 1.5 s; printing.md says 1–2 s). */
  statusTimeoutMs?: number;
}

/** Written in pieces so a stalled printer shows as a piece that does not go out in time. */
const WRITE_CHUNK = 64 * 1024;

/** A DLE EOT reply: bits 1 and 4 set, bits 0 and 7 clear. */
function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/**
 * The printer's state from the replies to DLE EOT 2 (offline cause) and DLE EOT 4 (paper sensor).
 * The most actionable state wins: cover open, then paper out, then error, then near end. A byte
 * that is not a status reply means we do not know the state: 'noAnswer'.
 */
export function stateOf(offlineCause: number, paperSensor: number): PrinterState {
  if (!isStatusByte(offlineCause) || !isStatusByte(paperSensor)) return 'noAnswer';
  if (offlineCause & 0x04) return 'coverOpen';
  if (offlineCause & 0x20 || paperSensor & 0x60) return 'paperOut';
  if (offlineCause & 0x40) return 'error';
  if (paperSensor & 0x0c) return 'paperNearEnd';
  return 'ready';
}

/**
 * The reply to GS r 1 (paper sensor status): bit 4 and bit 7 clear (unlike a DLE EOT reply),
 * bits 2,3 paper end, bits 0,1 near end (a warning: the job printed).
 */
function checkJobEndReply(b: number, where: string): void {
  if ((b & 0x90) !== 0) throw new PrinterError('badReply', `${where}, GS r reply 0x${b.toString(16)}`);
  if (b & 0x0c) throw new PrinterError('paperOut', where);
}

/** One TCP connection: bytes in arrive in any chunking; every wait has a deadline. */
class Connection {
  private readonly inbox: number[] = [];
  private failure: PrinterError | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly socket: Socket,
    private readonly where: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const b of chunk) this.inbox.push(b);
      this.notify();
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('end', () => this.fail());
    socket.on('close', () => this.fail());
  }

  static open(host: string, port: number, timeoutMs: number): Promise<Connection> {
    const where = `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const onError = (e: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new PrinterError('unreachable', where, e));
      };
      const timer = setTimeout(() => {
        socket.off('error', onError);
        socket.on('error', () => {}); // a late error of the abandoned socket is not news
        socket.destroy();
        reject(new PrinterError('connectTimeout', where));
      }, timeoutMs);
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        socket.setNoDelay(true);
        resolve(new Connection(socket, where));
      });
    });
  }

  private fail(cause?: unknown): void {
    this.failure ??= new PrinterError('connectionLost', this.where, cause);
    this.notify();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves with what `check` returns once it returns something; rejects on failure or timeout. */
  private wait<T>(check: () => T | undefined, timeoutMs: number, onTimeout: () => PrinterError): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      const attempt = () => {
        const value = check();
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (this.failure) {
          finish();
          reject(this.failure);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(onTimeout());
      }, timeoutMs);
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** Writes all of `data`; fails when a piece is not taken within `timeoutMs`. */
  async write(data: Buffer, timeoutMs: number): Promise<void> {
    for (let offset = 0; offset < data.length; offset += WRITE_CHUNK) {
      let outcome: { error?: Error } | undefined;
      this.socket.write(data.subarray(offset, offset + WRITE_CHUNK), (error) => {
        outcome = error ? { error } : {};
        this.notify();
      });
      const done = await this.wait(() => outcome, timeoutMs, () => new PrinterError('writeTimeout', this.where));
      if (done.error) throw new PrinterError('connectionLost', this.where, done.error);
    }
  }

  /** The next byte the printer sent, whatever TCP chunk it came in. */
  nextByte(timeoutMs: number, onTimeout: () => PrinterError): Promise<number> {
    return this.wait(() => this.inbox.shift(), timeoutMs, onTimeout);
  }

  /** Only after the printer answered (or we gave up): nothing we sent is still in flight. */
  destroy(): void {
    this.socket.destroy();
  }
}

export class TcpPrinter implements PrinterTransport {
  private readonly host: string;
  private readonly port: number;
  private readonly connectTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly statusTimeoutMs: number;
  /** The end of the queue: each operation starts when the one before it settled. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(opts: TcpPrinterOptions) {
    this.host = opts.host;
    this.port = opts.port;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
    this.writeTimeoutMs = opts.writeTimeoutMs ?? 5000;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 30_000;
    this.statusTimeoutMs = opts.statusTimeoutMs ?? 1500;
  }

  private get where(): string {
    return `${this.host}:${this.port}`;
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation, operation);
    this.tail = result.catch(() => undefined);
    return result;
  }

  status(): Promise<PrinterState> {
    return this.exclusive(() => this.statusNow());
  }

  print(job: Buffer): Promise<void> {
    return this.exclusive(() => this.printNow(job));
  }

  private async statusNow(): Promise<PrinterState> {
    let conn: Connection;
    try {
      conn = await Connection.open(this.host, this.port, this.connectTimeoutMs);
    } catch {
      return 'noAnswer';
    }
    try {
      // One query at a time: the second goes out only after the first was answered.
      const noReply = () => new PrinterError('noCompletion', `${this.where}, status`);
      await conn.write(statusQuery(2), this.writeTimeoutMs);
      const offlineCause = await conn.nextByte(this.statusTimeoutMs, noReply);
      await conn.write(statusQuery(4), this.writeTimeoutMs);
      const paperSensor = await conn.nextByte(this.statusTimeoutMs, noReply);
      return stateOf(offlineCause, paperSensor);
    } catch {
      return 'noAnswer';
    } finally {
      conn.destroy();
    }
  }

  private async printNow(job: Buffer): Promise<void> {
    const conn = await Connection.open(this.host, this.port, this.connectTimeoutMs);
    try {
      await conn.write(job, this.writeTimeoutMs);
      await conn.write(JOB_END_REQUEST, this.writeTimeoutMs);
      const reply = await conn.nextByte(this.idleTimeoutMs, () => new PrinterError('noCompletion', this.where));
      checkJobEndReply(reply, this.where);
    } finally {
      conn.destroy();
    }
  }
}
