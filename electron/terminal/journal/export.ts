// A journal search's whole result exported as CSV or XLSX (issue 19 item 7, 第四十九条): for an
// inspector who takes the records away. At most JOURNAL_MAX_EXPORT trades (more is refused, with
// nothing written); customers masked for a caller who may not see them (shared/masking.ts: the
// file's bytes cannot be masked afterwards); every export audited, whoever asked and whatever the
// criteria.
import { seesCustomers } from '../../../shared/api';
import { JOURNAL_MAX_EXPORT } from '../../../shared/api/journal';
import { Refusal } from '../../../shared/errors';
import { maskCustomers } from '../../../shared/masking';
import { JOURNAL_AMOUNT_COLUMNS, JOURNAL_COLUMNS, journalCsv, journalRow } from '../../../shared/reports/journal';
import type { Call, HandlerInput, Services } from '../services';
import { auditLook, findTrades } from './search';

export async function exportJournal(ctx: Services, input: HandlerInput<'journal.export'>, call: Call) {
  const { format, ...criteria } = input;
  let trades = findTrades(ctx, criteria, JOURNAL_MAX_EXPORT + 1);
  if (trades.length > JOURNAL_MAX_EXPORT) throw new Refusal('JOURNAL_EXPORT_TOO_LARGE', { max: String(JOURNAL_MAX_EXPORT) });
  if (!seesCustomers(call.caller?.role)) trades = maskCustomers(trades);
  const name = `交易流水-${ctx.outlet().outlet_code}-${criteria.from}_${criteria.to}`;
  const bytes = format === 'csv'
    ? Buffer.from(journalCsv(trades), 'utf8')
    : await (await import('../../../sheets/table')).tableToXlsx('交易流水 Journal', JOURNAL_COLUMNS, trades.map(journalRow), JOURNAL_AMOUNT_COLUMNS);
  auditLook(ctx, call, 'journal.export', criteria, trades.length, { format });
  return {
    fileName: `${name}.${format}`,
    mimeType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: bytes.toString('base64'),
    count: trades.length,
  };
}
