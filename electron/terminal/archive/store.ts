// The day's archive made and kept (issue 19 item 7; 第四十九条: kept at least 3 years). The one
// writer of day_archives (test/layers.test.ts OWNERS). Made after the day close has committed,
// never inside its transaction (the PDF takes a moment and the close must not wait on a font), in a
// transaction of its own with its audit entry (the entry holds the PDF's SHA-256: archive.verify
// checks the row against it, so a row changed behind the terminal's back is found even with its
// hash column changed to match). A crash between the close and the archive leaves the day closed
// with no archive: archive.list shows it missing, archive.make (or the next close) makes it.
//
// Retention: the terminal never deletes an archive (the table's trigger refuses any delete). Each
// row says how long it must be kept at least (retain_until: the day + the policy's
// recordRetentionYears, never fewer than 3); letting go of older ones is the institution's decision,
// made on a copy of the ledger, not the counter's.
import { createHash } from 'node:crypto';
import { policyFor } from '../../../shared/policy';
import { audit } from '../../ledger/audit';
import { all, first, q, run } from '../../ledger/sql';
import type { Services } from '../services';
import { archiveDocument, dayContent } from './content';

export const MIN_RETENTION_YEARS = 3;

export const sha256 = (b: Buffer | Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** The day + the retention years (at least 3), as a date. */
export function retainUntil(date: string, years: number): string {
  const y = Math.max(MIN_RETENTION_YEARS, years);
  const [yy, mm, dd] = date.split('-').map(Number) as [number, number, number];
  // 29 February kept until 1 March of a year without one.
  const d = new Date(Date.UTC(yy + y, mm - 1, dd));
  return d.toISOString().slice(0, 10);
}

export const hasArchive = (ctx: Services, date: string) => first(ctx.db, q.selectFrom('day_archives').select('business_date').where('business_date', '=', date)) !== undefined;

/** Makes a closed day's archive, if it has none. Returns whether it made one. */
export async function makeArchive(ctx: Services, date: string, actor: string): Promise<boolean> {
  if (hasArchive(ctx, date)) return false;
  const madeAt = ctx.now();
  const content = dayContent(ctx, date);
  const { archivePdf } = await import('../../../sheets/archivePdf');
  const pdf = await archivePdf(archiveDocument(ctx, date, content, madeAt));
  const hash = sha256(pdf);
  const years = Number(policyFor(ctx.policies(), date).params.recordRetentionYears);
  return ctx.db.transaction(() => {
    // Another call may have made it while the PDF was drawn: the first one stands.
    if (hasArchive(ctx, date)) return false;
    const at = madeAt.toISOString();
    run(ctx.db, q.insertInto('day_archives').values({
      business_date: date, made_at: at, made_by: actor, pdf, size: BigInt(pdf.length), sha256: hash, content_sha256: content.factsSha256,
      receipts: BigInt(content.trades.length), backfills: BigInt(content.backfillCount), retain_until: retainUntil(date, years),
    }));
    audit(ctx.db, {
      at, actor, action: 'archive.made', entity: 'day', entityId: date,
      detail: { sha256: hash, size: pdf.length, factsSha256: content.factsSha256, receipts: content.trades.length, backfills: content.backfillCount },
    });
    return true;
  }).immediate();
}

/** The closed days with no archive, oldest first (day_closes by its key, day_archives by its key). */
export function missingDays(ctx: Services, limit = 400): string[] {
  return all(ctx.db, q.selectFrom('day_closes').leftJoin('day_archives', 'day_archives.business_date', 'day_closes.business_date')
    .select('day_closes.business_date').where('day_archives.business_date', 'is', null).orderBy('day_closes.business_date', 'desc').limit(limit))
    .map((r) => r.business_date).reverse();
}

/** How many missing days a close makes besides its own: the crash window's, not a history's (archive.make does those). */
const CATCH_UP_AT_CLOSE = 7;

/**
 * After a close: the day's archive, and the latest earlier closed days a crash left without one
 * (at most CATCH_UP_AT_CLOSE: a ledger upgraded with years of closes gets its history's archives
 * from archive.make, not at the counter's close). The close stands whatever happens here; a
 * failure (no CJK font) leaves the day listed as missing.
 */
export async function archiveAfterClose(ctx: Services, actor: string): Promise<void> {
  for (const date of missingDays(ctx, CATCH_UP_AT_CLOSE + 1)) {
    try {
      await makeArchive(ctx, date, actor);
    } catch {
      // Listed as missing by archive.list; archive.make says why when asked.
    }
  }
}
