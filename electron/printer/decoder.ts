// Reads back the ESC/POS bytes this project emits, the way a printer would, so tests (and the
// virtual printer) can see what would come out on paper. It understands exactly our commands and
// throws on anything else: an unexpected command in a job is a bug a test must see.
//
// Commands understood:
//   LF                 print the line
//   ESC @              initialise (and, to be safe, assume Chinese mode is off again)
//   ESC a n            alignment (used around the QR code)
//   ESC p m t1 t2      cash-drawer kick
//   FS &               Chinese character mode on
//   GS V m [n]         cut (m 0/1/48/49; 65/66 take a feed amount n)
//   GS ( k pL pH cn fn [data]   QR code (cn 49: fn 65 model, 67 size, 69 error level, 80 store, 81 print)
//   GS r n             transmit status (our job-end marker)
//   DLE EOT n          real-time status query
import { decodeGb18030 } from './gb18030';

const LF = 0x0a;
const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const DLE = 0x10;

export type Token =
  /** A run of text bytes (all ≥ 0x20), not yet split into characters. */
  | { kind: 'text'; bytes: Buffer }
  | { kind: 'lf' }
  | { kind: 'command'; name: string; params: Buffer };

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}

function fail(buf: Buffer, at: number, what: string): never {
  throw new DecodeError(`${what} at byte ${at} (${hex(buf[at] ?? 0)})`);
}

/** A command of fixed length whose parameter bytes must be among `allowed` (per position). */
function fixed(buf: Buffer, at: number, name: string, length: number, allowed: (readonly number[])[]): { token: Token; end: number } | null {
  if (at + length > buf.length) return null;
  const params = buf.subarray(at + length - allowed.length, at + length);
  params.forEach((p, i) => {
    const ok = allowed[i]!;
    if (ok.length > 0 && !ok.includes(p)) fail(buf, at, `unexpected parameter ${hex(p)} of ${name}`);
  });
  return { token: { kind: 'command', name, params: Buffer.from(params) }, end: at + length };
}

const ANY: readonly number[] = [];
const QR_FUNCTIONS: ReadonlySet<number> = new Set([65, 67, 69, 80, 81]);

function gsParenK(buf: Buffer, at: number): { token: Token; end: number } | null {
  if (at + 5 > buf.length) return null;
  const length = buf[at + 3]! + buf[at + 4]! * 256;
  const end = at + 5 + length;
  if (end > buf.length) return null;
  if (length < 2) fail(buf, at, 'GS ( k too short');
  const cn = buf[at + 5]!;
  const fn = buf[at + 6]!;
  if (cn !== 49 || !QR_FUNCTIONS.has(fn)) fail(buf, at, `unexpected GS ( k function cn=${cn} fn=${fn}`);
  return { token: { kind: 'command', name: 'GS ( k', params: Buffer.from(buf.subarray(at + 5, end)) }, end };
}

/**
 * The token starting at `at`, and where it ends; null when the buffer ends inside it (a stream
 * reader waits for more bytes). Throws on a command this project never emits.
 */
export function readToken(buf: Buffer, at: number): { token: Token; end: number } | null {
  const b = buf[at];
  if (b === undefined) return null;
  if (b >= 0x20 && b !== 0x7f) {
    let end = at;
    while (end < buf.length && buf[end]! >= 0x20 && buf[end] !== 0x7f) end++;
    return { token: { kind: 'text', bytes: Buffer.from(buf.subarray(at, end)) }, end };
  }
  if (b === LF) return { token: { kind: 'lf' }, end: at + 1 };
  if (b !== ESC && b !== FS && b !== GS && b !== DLE) return fail(buf, at, 'unknown command');
  const c = buf[at + 1];
  if (c === undefined) return null;
  if (b === ESC) {
    if (c === 0x40) return fixed(buf, at, 'ESC @', 2, []);
    if (c === 0x61) return fixed(buf, at, 'ESC a', 3, [[0, 1, 2, 48, 49, 50]]);
    if (c === 0x70) return fixed(buf, at, 'ESC p', 5, [[0, 1, 48, 49], ANY, ANY]);
  } else if (b === FS) {
    if (c === 0x26) return fixed(buf, at, 'FS &', 2, []);
  } else if (b === GS) {
    if (c === 0x56) {
      const m = buf[at + 2];
      if (m === undefined) return null;
      if ([65, 66].includes(m)) return fixed(buf, at, 'GS V', 4, [[65, 66], ANY]);
      return fixed(buf, at, 'GS V', 3, [[0, 1, 48, 49]]);
    }
    if (c === 0x28) {
      const k = buf[at + 2];
      if (k === undefined) return null;
      if (k === 0x6b) return gsParenK(buf, at);
    }
    if (c === 0x72) return fixed(buf, at, 'GS r', 3, [[1, 2, 49, 50]]);
  } else if (b === DLE) {
    if (c === 0x04) return fixed(buf, at, 'DLE EOT', 3, [[1, 2, 3, 4]]);
  }
  return fail(buf, at, 'unknown command');
}

export interface Decoded {
  /** Every printed line, in order, across all parts. */
  lines: string[];
  cuts: number;
  /** Lines between cuts: [institution part, customer part] for a receipt job. */
  parts: string[][];
  /** The payload of the (last) QR code stored. */
  qr?: string;
  drawerKicks: number;
  /** Every command in order, by name (`DLE EOT 2`, `GS r 1` carry their n). */
  commands: string[];
  /** GB18030 four-byte sequences found in text: each prints as garbage. */
  fourByteSequences: number;
}

/**
 * Checks the GB18030 structure of a text run in Chinese mode and counts four-byte sequences.
 * Lead bytes 81–FE; a second byte 30–39 makes a four-byte sequence (third 81–FE, fourth 30–39),
 * anything else must be 40–FE except 7F.
 */
function checkChineseText(bytes: Buffer, at: number): number {
  let fourByte = 0;
  let i = 0;
  const bad = (what: string): never => {
    throw new DecodeError(`${what} in text at byte ${at + i}`);
  };
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    if (b === 0x80 || b === 0xff) bad('invalid GB18030 lead byte');
    const second = bytes[i + 1];
    if (second === undefined) bad('GB18030 character cut short');
    if (second! >= 0x30 && second! <= 0x39) {
      const third = bytes[i + 2];
      const fourth = bytes[i + 3];
      if (third === undefined || fourth === undefined || third < 0x81 || third > 0xfe || fourth < 0x30 || fourth > 0x39) bad('invalid GB18030 four-byte sequence');
      fourByte += 1;
      i += 4;
    } else {
      if (second! < 0x40 || second === 0x7f || second === 0xff) bad('invalid GB18030 second byte');
      i += 2;
    }
  }
  return fourByte;
}

export function decode(bytes: Buffer): Decoded {
  const lines: string[] = [];
  const parts: string[][] = [];
  const commands: string[] = [];
  let part: string[] = [];
  let pending: Buffer[] = [];
  let chinese = false;
  let cuts = 0;
  let drawerKicks = 0;
  let fourByteSequences = 0;
  let qr: string | undefined;

  const pendingText = () => pending.reduce((n, b) => n + b.length, 0) > 0;

  let at = 0;
  while (at < bytes.length) {
    const read = readToken(bytes, at);
    if (read === null) throw new DecodeError(`job ends inside a command at byte ${at}`);
    const { token, end } = read;
    if (token.kind === 'text') {
      if (chinese) fourByteSequences += checkChineseText(token.bytes, at);
      else if (token.bytes.some((b) => b >= 0x80)) throw new DecodeError(`byte ≥ 0x80 outside Chinese mode at ${at}`);
      pending.push(token.bytes);
    } else if (token.kind === 'lf') {
      const line = decodeGb18030(Buffer.concat(pending));
      pending = [];
      lines.push(line);
      part.push(line);
    } else {
      if (pendingText()) throw new DecodeError(`text without a line feed before ${token.name} at byte ${at}`);
      const p = token.params;
      switch (token.name) {
        case 'ESC @':
          chinese = false;
          commands.push(token.name);
          break;
        case 'FS &':
          chinese = true;
          commands.push(token.name);
          break;
        case 'GS V':
          cuts += 1;
          parts.push(part);
          part = [];
          commands.push(token.name);
          break;
        case 'ESC p':
          drawerKicks += 1;
          commands.push(token.name);
          break;
        case 'GS ( k':
          // params: cn fn [m] data…; fn 80 (store) has m = 48 then the payload.
          if (p[1] === 80) qr = p.subarray(3).toString('latin1');
          commands.push(`GS ( k ${p[1]}`);
          break;
        case 'DLE EOT':
        case 'GS r':
          commands.push(`${token.name} ${p[0]}`);
          break;
        default:
          commands.push(token.name);
      }
    }
    at = end;
  }
  if (pendingText()) throw new DecodeError('job ends with text that has no line feed (it would never print)');
  if (part.length > 0) parts.push(part);
  return { lines, cuts, parts, ...(qr !== undefined ? { qr } : {}), drawerKicks, commands, fourByteSequences };
}
