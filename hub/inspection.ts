// The inspection search (issue 18 item 5; 第四十九条: the institution gives SAFE's inspectors its
// records): the journal of every outlet searched by outlet, counter, dates, amounts, receipt number
// and customer, and exported as CSV. A search by a customer's ID is for HQ's manager and the auditor
// only (ROLE_NOT_ALLOWED for a reporter): the customer is matched by the institution's keyed hash,
// never by a number kept in clear. Every search and every export is recorded (hub_inspections, hub
// migration 023) with who, when, in what role, what was asked (the ID number masked) and how many
// trades it gave, in the same transaction as the answer's read.
import { sql } from 'kysely';
import { Refusal } from '../shared/errors';
import { roleWords, worded } from '../shared/words';
import { maskIdNumber } from '../shared/masking';
import { fromMinor } from '../shared/money/money';
import { RMB } from '../shared/money/currencies';
import { printedReceiptNo } from '../shared/receipts';
import type { InspectionQuery, InspectionRow } from '../shared/sync/live';
import { addDays } from '../shared/time';
import type { HubDatabase } from './db/open';
import { customerKeyOf } from './lookups';

/** The widest search: a year of the journal. */
export const MAX_DAYS = 366;
/** At most this many trades an answer (the export as well): a wider search is narrowed, not cut silently. */
export const MAX_ROWS = 5_000;
/** Who may look a customer up by their document. */
const BY_CUSTOMER: readonly string[] = ['hqManager', 'auditor'];

export async function searchJournal(db: HubDatabase, person: { id: string; role: string }, q: InspectionQuery, now: () => Date, exported?: 'csv'): Promise<{ rows: InspectionRow[]; recorded: string }> {
  if (q.to < q.from) throw new Refusal('INVALID_INPUT', { field: 'to', problemZh: '早于开始日期', problemEn: 'is before from' });
  if (addDays(q.from, MAX_DAYS) <= q.to) throw new Refusal('INVALID_INPUT', { field: 'to', problemZh: `查询期间超过 ${MAX_DAYS} 天，请缩小`, problemEn: `makes a period of more than ${MAX_DAYS} days: narrow it` });
  const byCustomer = q.idNumber !== undefined;
  if (byCustomer && !BY_CUSTOMER.includes(person.role)) throw new Refusal('ROLE_NOT_ALLOWED', { ...worded('method', '/v1/inspection/search', { zh: '按客户检查查询', en: 'a search by customer' }), ...worded('role', person.role, roleWords(person.role)) });
  const customerKey = byCustomer ? await customerKeyOf(db, { idType: q.idType ?? '', idNumber: q.idNumber!.trim().toUpperCase(), country: (q.country ?? '').trim().toUpperCase() }) : null;
  return db.transaction().execute(async (tx) => {
    let s = tx.selectFrom('hub_trades as t').innerJoin('hub_terminals as c', 'c.id', 't.terminal_id')
      .select(['t.terminal_id', 'c.outlet_code', 't.receipt_no', 't.business_date', 't.direction', 't.kind', 't.usd', 't.rmb_minor', 't.fee_minor', 't.voided', 't.customer_name', 't.original_receipt_no',
        sql<string | null>`(SELECT b.code || ':' || b.first_no || ':' || b.last_no FROM hub_receipt_books b WHERE t.receipt_no BETWEEN b.first_no AND b.last_no LIMIT 1)`.as('book')])
      .where('t.business_date', '>=', q.from).where('t.business_date', '<=', q.to);
    if (q.outletCode !== undefined) s = s.where('c.outlet_code', '=', q.outletCode);
    if (q.terminalId !== undefined) s = s.where('t.terminal_id', '=', q.terminalId);
    if (q.receiptNo !== undefined) s = s.where('t.receipt_no', '=', BigInt(q.receiptNo));
    if (customerKey !== null) s = s.where('t.customer_key', '=', customerKey);
    if (q.minUsd !== undefined) s = s.where(sql`t.usd::numeric`, '>=', q.minUsd);
    if (q.maxUsd !== undefined) s = s.where(sql`t.usd::numeric`, '<=', q.maxUsd);
    const found = await s.orderBy('t.business_date').orderBy('c.outlet_code').orderBy('t.terminal_id').orderBy('t.receipt_no').limit(MAX_ROWS + 1).execute();
    if (found.length > MAX_ROWS) throw new Refusal('INVALID_INPUT', { field: 'from', problemZh: `结果超过 ${MAX_ROWS} 笔，请缩小查询条件`, problemEn: `gives more than ${MAX_ROWS} trades: narrow the search` });
    const rows: InspectionRow[] = found.map((t) => {
      const [code, first, last] = (t.book ?? '').split(':');
      const range = code ? { code, firstNo: Number(first), lastNo: Number(last) } : undefined;
      return {
        outletCode: t.outlet_code, terminalId: t.terminal_id, receipt: printedReceiptNo(Number(t.receipt_no), range), businessDate: t.business_date,
        direction: t.direction, kind: t.kind, usd: t.usd, rmb: fromMinor(BigInt(t.rmb_minor), RMB).toFixed(2), fee: fromMinor(BigInt(t.fee_minor), RMB).toFixed(2),
        voided: t.voided, customerName: t.customer_name, originalReceiptNo: t.original_receipt_no === null ? null : String(t.original_receipt_no),
      };
    });
    // Recorded with the answer: the ID number masked, the hash it was matched by whole.
    const asked = { ...q, ...(q.idNumber !== undefined ? { idNumber: maskIdNumber(q.idNumber.trim()) } : {}) };
    const rec = await tx.insertInto('hub_inspections').values({
      at: now(), person_id: person.id, role: person.role, query: JSON.stringify(asked), customer_key: customerKey, results: rows.length, export: exported ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    return { rows, recorded: String(rec.id) };
  });
}

const CSV_COLUMNS: readonly (keyof InspectionRow)[] = ['businessDate', 'outletCode', 'terminalId', 'receipt', 'direction', 'kind', 'usd', 'rmb', 'fee', 'voided', 'customerName', 'originalReceiptNo'];

/** RFC 4180, with a formula-looking cell neutralised (a spreadsheet would run it). */
function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The search as a CSV file for an inspector (UTF-8 with a BOM, so a spreadsheet reads the Chinese), recorded as an export. */
export async function exportJournal(db: HubDatabase, person: { id: string; role: string }, q: InspectionQuery, now: () => Date): Promise<{ filename: string; csv: string; rows: number; recorded: string }> {
  const { rows, recorded } = await searchJournal(db, person, q, now, 'csv');
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((k) => cell(r[k])).join(','))];
  return { filename: `journal-${q.from}-${q.to}-${recorded}.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows: rows.length, recorded };
}
