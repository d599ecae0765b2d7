// The trades' methods (第三十六条): the quote, the commit, the void, the reads, a reprint, the
// preview of a receipt, and the attempts a counter rule refused. Each method's spec (input, output, roles, approval): shared/api/trades.ts.
import type { HandlersOf } from '../services';
import { listAttempts } from './attempts';
import { commit } from './commit';
import { enterPaper, paperRanges } from './paper';
import { quote } from './quote';
import { getTrade, listTrades, customerDay } from './read';
import { preview, reprint } from './reprint';
import { voidTrade } from './void';
import { refund } from './refund';

export const tradesHandlers = {
  'trades.quote': quote,
  'trades.commit': commit,
  'trades.void': voidTrade,
  // issue 19 item 2: a refund on a later day
  'trades.refund': refund,
  'trades.enterPaper': enterPaper,
  'trades.paperRanges': paperRanges,
  'trades.get': getTrade,
  'trades.list': listTrades,
  // The method's name is the wire's (unchanged since issue #3); the customer's day, in the glossary's words.
  'trades.personDay': customerDay,
  'trades.reprint': reprint,
  'trades.preview': preview,
  'trades.attempts': listAttempts,
} satisfies HandlersOf<'trades'>;
