// Before a trade is written (trades.ts): the receipt's name must print, and the printer must be
// able to print (第三十五条). Apart from the spool (printing.ts), which reads trades: so the trade
// and its printing do not import each other.
import { Refusal } from '../../shared/errors';
import { unprintable } from '../printer/layout';
import type { PrinterState, PrinterTransport } from '../printer/transport';

export interface PrinterProfile {
  /** Characters per line: 48 on 203 dpi printers (Font A), 42 on 180 dpi Epson (printing.md). */
  columns: number;
  /** Print a QR code of the receipt number that the terminal can scan back. */
  qr: boolean;
  /** Kick the cash drawer at the end of a receipt. */
  cashDrawer: boolean;
  /** A printer that does not answer its status query: stop the trade, or go ahead (and reprint). */
  onNoAnswer: 'block' | 'allow';
}

export interface PrinterSetup {
  transport: PrinterTransport;
  profile: PrinterProfile;
}

const STATE_WORDS: Record<PrinterState, [string, string]> = {
  ready: ['就绪', 'ready'],
  paperNearEnd: ['纸将用完', 'paper nearly out'],
  paperOut: ['缺纸', 'out of paper'],
  coverOpen: ['上盖打开', 'cover open'],
  error: ['故障', 'in error'],
  noAnswer: ['无响应', 'not answering'],
};

/** A customer's name must print as it is (第三十一条: recorded accurately): refuse before writing. */
export function checkNamePrintable(name: string): void {
  const chars = unprintable(name);
  if (chars.length > 0) {
    throw new Refusal('NAME_NOT_PRINTABLE', {
      chars: chars.map((c) => `${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase()})`).join(', '),
    });
  }
}

/**
 * Before a trade is written: the printer must be able to print its receipt. Paper near its end
 * only warns; no answer follows the profile.
 */
export async function printerGate(setup: PrinterSetup | undefined): Promise<{ state: PrinterState } | undefined> {
  if (!setup) return undefined;
  const state = await setup.transport.status();
  const [zh, en] = STATE_WORDS[state];
  if (state === 'paperOut' || state === 'coverOpen' || state === 'error') throw new Refusal('PRINTER_NOT_READY', { stateZh: zh, stateEn: en });
  if (state === 'noAnswer' && setup.profile.onNoAnswer === 'block') throw new Refusal('PRINTER_NOT_READY', { stateZh: zh, stateEn: en });
  return { state };
}

