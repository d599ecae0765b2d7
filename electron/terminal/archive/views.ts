// The archive listed, verified and taken out (issue 19 item 7, 第四十九条). The list reads the
// closed days newest first with their archive (the PDF itself left out); verify recomputes each
// PDF's SHA-256 and size, finds the audit entry written when it was made and compares, checks the
// bytes are a PDF, and re-reads the day's facts from the ledger against the digest the archive was
// made from; get hands a day's PDF to a supervisor, audited (it shows customers unmasked).
import type { ArchiveEntry } from '../../../shared/api/archive';
import { Refusal } from '../../../shared/errors';
import { sql } from 'kysely';
import { audit } from '../../ledger/audit';
import { AUDIT_BY_ACTION_CONDITION } from '../../ledger/auditActions';
import { all, first, q } from '../../ledger/sql';
import { isDayClosed } from '../dayLock';
import type { Call, HandlerInput, Services } from '../services';
import { dayContent } from './content';
import { makeArchive, missingDays, sha256 } from './store';

type Range = { from?: string | undefined; to?: string | undefined; limit: number };

function closedDays(ctx: Services, r: Range) {
  let query = q.selectFrom('day_closes').leftJoin('day_archives', 'day_archives.business_date', 'day_closes.business_date')
    .select(['day_closes.business_date as date', 'day_archives.made_at', 'day_archives.made_by', 'day_archives.size', 'day_archives.sha256',
      'day_archives.receipts', 'day_archives.backfills', 'day_archives.retain_until']);
  if (r.from) query = query.where('day_closes.business_date', '>=', r.from);
  if (r.to) query = query.where('day_closes.business_date', '<=', r.to);
  return all(ctx.db, query.orderBy('day_closes.business_date', 'desc').limit(r.limit));
}

export function list(ctx: Services, input: HandlerInput<'archive.list'>): ArchiveEntry[] {
  return closedDays(ctx, input).map((r) => r.made_at === null
    ? { businessDate: r.date, state: 'missing' as const }
    : {
      businessDate: r.date, state: 'made' as const, madeAt: r.made_at, madeBy: r.made_by!, size: Number(r.size), sha256: r.sha256!,
      receipts: Number(r.receipts), backfills: Number(r.backfills), retainUntil: r.retain_until!,
    });
}

/** The SHA-256 the audit trail recorded when the day's archive was made. */
function auditedHash(ctx: Services, date: string): { sha256?: string; size?: number } | undefined {
  const row = first(ctx.db, q.selectFrom('audit_log').select('detail').where('action', '=', 'archive.made').where('entity_id', '=', date)
    .where(sql.raw<boolean>(AUDIT_BY_ACTION_CONDITION)).orderBy('id', 'desc').limit(1));
  return row ? JSON.parse(row.detail) as { sha256?: string; size?: number } : undefined;
}

export function verify(ctx: Services, input: HandlerInput<'archive.verify'>) {
  const days = closedDays(ctx, input).filter((r) => r.made_at !== null);
  return days.map((r) => {
    const row = first(ctx.db, q.selectFrom('day_archives').select(['pdf', 'size', 'sha256', 'content_sha256']).where('business_date', '=', r.date))!;
    const pdf = Buffer.from(row.pdf);
    const actual = sha256(pdf);
    const audited = auditedHash(ctx, r.date);
    const head = pdf.subarray(0, 5).toString('latin1');
    const tail = pdf.subarray(Math.max(0, pdf.length - 32)).toString('latin1');
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    const facts = dayContent(ctx, r.date).factsSha256;
    const checks = [
      { name: 'sha256' as const, ok: actual === row.sha256, detail: actual === row.sha256 ? actual : `stored ${row.sha256}, computed ${actual}` },
      { name: 'size' as const, ok: BigInt(pdf.length) === row.size, detail: `stored ${row.size}, actual ${pdf.length}` },
      {
        name: 'auditEntry' as const, ok: audited?.sha256 === actual && audited.size === pdf.length,
        detail: audited ? `audited ${audited.sha256 ?? '?'} (${audited.size ?? '?'} bytes)` : 'no archive.made entry in the audit trail',
      },
      { name: 'pdf' as const, ok: head === '%PDF-' && tail.includes('%%EOF') && pages > 0, detail: `${head === '%PDF-' ? 'PDF' : 'not a PDF'}, ${pages} page(s)` },
      { name: 'content' as const, ok: facts === row.content_sha256, detail: facts === row.content_sha256 ? 'the ledger\'s trades of the day match' : `archived ${row.content_sha256}, ledger now ${facts}` },
    ];
    return { businessDate: r.date, ok: checks.every((c) => c.ok), checks };
  });
}

export function get(ctx: Services, input: HandlerInput<'archive.get'>, call: Call) {
  const row = first(ctx.db, q.selectFrom('day_archives').select(['pdf', 'sha256']).where('business_date', '=', input.date));
  if (!row) {
    if (!isDayClosed(ctx.db, input.date)) throw new Refusal('ARCHIVE_DAY_NOT_CLOSED', { date: input.date });
    throw new Refusal('ARCHIVE_NOT_FOUND', { date: input.date });
  }
  const pdf = Buffer.from(row.pdf);
  call.act(() => audit(ctx.db, {
    at: ctx.now().toISOString(), actor: call.caller?.id ?? 'unknown', action: 'archive.get', entity: 'day', entityId: input.date,
    detail: { sha256: sha256(pdf), size: pdf.length },
  }));
  return { fileName: `存档-${ctx.outlet().outlet_code}-${input.date}.pdf`, mimeType: 'application/pdf', base64: pdf.toString('base64'), sha256: row.sha256 };
}

export async function make(ctx: Services, input: HandlerInput<'archive.make'>, call: Call) {
  const actor = call.caller?.id ?? 'unknown';
  if (input.date !== undefined) {
    if (!isDayClosed(ctx.db, input.date)) throw new Refusal('ARCHIVE_DAY_NOT_CLOSED', { date: input.date });
    await makeArchive(ctx, input.date, actor);
    return list(ctx, { from: input.date, to: input.date, limit: 1 });
  }
  const missing = missingDays(ctx);
  for (const date of missing) await makeArchive(ctx, date, actor);
  return missing.length === 0 ? [] : list(ctx, { from: missing[0], to: missing.at(-1), limit: 400 });
}
