// The day's archive (issue 19 item 7, 第四十九条): listed, verified, taken out, made on demand.
// Specs: shared/api/archive.ts. Made after each day close too (dayClose/close.ts).
import type { HandlersOf } from '../services';
import { get, list, make, verify } from './views';

export const archiveHandlers = {
  'archive.list': list,
  'archive.verify': verify,
  'archive.get': get,
  'archive.make': make,
} satisfies HandlersOf<'archive'>;
