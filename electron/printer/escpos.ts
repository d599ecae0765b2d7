// The ESC/POS bytes of a receipt job. `@node-escpos/core` is used only as an encoder (its
// transports lack timeouts and its status reading breaks on split replies, design/printing.md):
// a Printer over an in-memory adapter that never sends anything, and we take its buffer.
//
// A job: ESC @, FS & (Chinese mode), the institution part, a cut, the customer part, the QR code
// (optional), a final cut, the cash-drawer kick (optional). The transport appends GS r 1 itself.
import { Printer } from '@node-escpos/core';
import { decode } from './decoder';
import { describeChars, unprintable } from './gb18030';
import type { ReceiptLines } from './layout';

export class JobError extends Error {
  override readonly name = 'JobError';
}

/** FS & — Chinese character mode on; the library has no call for it. */
const CHINESE_MODE_ON = Buffer.from([0x1c, 0x26]);
/**
 * GS V 66 0 — feed to the cutter, then a partial cut (one point left, so a part does not drop off
 * the counter; the teller tears it). The library's cut() feeds blank lines then cuts with GS V 0,
 * but how many lines reach the cutter differs by printer; function B feeds exactly to it.
 */
const CUT = Buffer.from([0x1d, 0x56, 0x42, 0x00]);
const ALIGN_LEFT = Buffer.from([0x1b, 0x61, 0x00]);
const ALIGN_CENTRE = Buffer.from([0x1b, 0x61, 0x01]);

/** GS r 1: the printer answers (paper sensor status) only once everything before it is printed. */
export const JOB_END_REQUEST = Buffer.from([0x1d, 0x72, 0x01]);

/** DLE EOT n: real-time status; 2 = offline cause, 4 = paper roll sensor (1 = printer status). */
export function statusQuery(n: 1 | 2 | 4): Buffer {
  return Buffer.from([0x10, 0x04, n]);
}

/** `GS ( k pL pH 49 fn …`, one QR function (cn 49 = QR code). */
function qrFunction(fn: number, args: Buffer): Buffer {
  const length = args.length + 2;
  return Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, length & 0xff, length >> 8, 49, fn]), args]);
}

/** Largest payload a model 2 QR code holds in byte mode at error level M. */
const QR_MAX = 2331;

/**
 * QR code by GS ( k: model 2, module size 6, error level M, store, print. The library's qrcode()
 * sends a command Epson printers lack. The payload is printable ASCII only, so no encoding question.
 */
export function qrCommands(payload: string): Buffer {
  if (!/^[\x20-\x7e]+$/.test(payload) || payload.length > QR_MAX) {
    throw new JobError(`QR payload must be 1–${QR_MAX} printable ASCII characters: "${payload}"`);
  }
  return Buffer.concat([
    qrFunction(65, Buffer.from([50, 0])), // model 2
    qrFunction(67, Buffer.from([6])), // module size 6 dots
    qrFunction(69, Buffer.from([49])), // error correction M
    qrFunction(80, Buffer.concat([Buffer.from([48]), Buffer.from(payload, 'latin1')])), // store
    qrFunction(81, Buffer.from([48])), // print
  ]);
}

/** An adapter that sends nothing: the Printer only fills its buffer. */
function inMemoryAdapter(): ConstructorParameters<typeof Printer>[0] {
  const adapter = {
    open(cb?: (error: Error | null) => void) {
      cb?.(null);
      return adapter;
    },
    write(_data: Buffer | string, cb?: (error: Error | null) => void) {
      cb?.(null);
      return adapter;
    },
    close(cb?: (error: Error | null) => void) {
      cb?.(null);
      return adapter;
    },
    read() {},
  };
  return adapter as unknown as ConstructorParameters<typeof Printer>[0];
}

function assertLinesPrintable(lines: string[]): void {
  for (const line of lines) {
    const bad = unprintable(line);
    if (bad.length > 0) throw new JobError(`无法打印的字符 Unprintable characters ${describeChars(bad)} in line "${line}"`);
  }
}

export interface JobOptions {
  /** QR code printed at the end of the customer part (the receipt number). */
  qr?: string;
  /** Open the cash drawer (ESC p, pin 2) once the receipt is cut. */
  cashDrawer?: boolean;
}

export function receiptBytes(lines: ReceiptLines, opts: JobOptions = {}): Buffer {
  assertLinesPrintable(lines.institution);
  assertLinesPrintable(lines.customer);
  const printer = new Printer(inMemoryAdapter(), { encoding: 'GB18030' });
  printer.hardware('init');
  printer.raw(CHINESE_MODE_ON);
  for (const line of lines.institution) printer.text(line);
  printer.raw(CUT);
  for (const line of lines.customer) printer.text(line);
  if (opts.qr !== undefined) {
    printer.raw(ALIGN_CENTRE).raw(qrCommands(opts.qr)).raw(ALIGN_LEFT);
  }
  printer.raw(CUT);
  if (opts.cashDrawer) printer.cashdraw(2);
  const job: Buffer = printer.buffer.flush();
  assertJob(job);
  return job;
}

/** Every job is read back before it leaves: no four-byte sequence, no command we do not know. */
export function assertJob(job: Buffer): void {
  const decoded = decode(job);
  if (decoded.fourByteSequences > 0) {
    throw new JobError(`job holds ${decoded.fourByteSequences} four-byte GB18030 sequence(s), which print as garbage`);
  }
}
