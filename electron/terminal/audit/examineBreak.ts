// A break in the audit chain examined (issue 13 item 2): one damaged or poisoned entry must not
// stop an outlet closing its days for ever (the day close refuses while the chain is broken). A
// manager, with a second person's approval, records what was found; the chain is checked on from
// the broken entry as stored now (or, for entries removed, the next one), and the break stays
// listed by audit.verify and on the day-close print (electron/ledger/auditChain.ts).
import { Refusal } from '../../../shared/errors';
import { audit } from '../../ledger/audit';
import { BREAK_EXAMINED, contentHash, verifyAuditChain, type BreakExamination, type StoredEntry } from '../../ledger/auditChain';
import type { Call, HandlerInput, Services } from '../services';

export function examineBreak(ctx: Services, input: HandlerInput<'audit.examineBreak'>, call: Call) {
  const approver = call.approver;
  if (approver === undefined) throw new Refusal('SUPERVISOR_REQUIRED', { why: 'audit.examineBreak', whyZh: '审计链断点核查', whyEn: 'examining a break in the audit chain' });
  const db = ctx.db;
  return call.act(() => {
    const broken = verifyAuditChain(db).firstBroken;
    if (!broken || broken.id !== input.entryId) {
      throw new Refusal('AUDIT_BREAK_NOT_FIRST', { entryId: String(input.entryId), first: broken ? String(broken.id) : '-' });
    }
    const stored = (id: number) => db.prepare('SELECT * FROM audit_log WHERE id >= ? ORDER BY id LIMIT 1').safeIntegers(true).get(id) as StoredEntry | undefined;
    let anchorFrom = broken.id;
    if (broken.reason === 'missing entry (gap in ids)') anchorFrom = (broken.missing?.toId ?? broken.id) + 1;
    const next = stored(anchorFrom);
    const record: Omit<BreakExamination, 'examinedAt' | 'examinedBy'> = {
      brokenId: broken.id,
      reason: broken.reason,
      ...(next?.hash ? { anchor: { id: Number(next.id), hash: next.hash, content: contentHash(next) } } : { missingTo: broken.missing?.toId ?? broken.id }),
    };
    audit(db, {
      at: ctx.now().toISOString(), actor: input.actor, action: BREAK_EXAMINED, entity: 'audit', entityId: String(broken.id),
      detail: { ...record, note: input.note, approvedBy: approver },
    });
    return { examined: { id: broken.id, reason: broken.reason }, verification: verifyAuditChain(db) };
  });
}
