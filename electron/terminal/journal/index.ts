// The journal's methods (issue 19 item 7, 第四十九条): a search across dates and its export.
// Specs: shared/api/journal.ts.
import type { HandlersOf } from '../services';
import { exportJournal } from './export';
import { search } from './search';

export const journalHandlers = {
  'journal.search': search,
  'journal.export': exportJournal,
} satisfies HandlersOf<'journal'>;
