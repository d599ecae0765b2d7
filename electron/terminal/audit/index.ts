// The audit trail's methods (issue #7 item 3): its hash chain verified, its entries listed for the
// supervisor, and a break examined by a manager with a second person's approval.
import { listAudit, verifyAuditChain } from '../../ledger/auditChain';
import type { HandlersOf } from '../services';
import { examineBreak } from './examineBreak';

export const auditHandlers = {
  'audit.verify': (ctx) => verifyAuditChain(ctx.db),
  'audit.list': (ctx, input) => listAudit(ctx.db, input),
  'audit.examineBreak': examineBreak,
} satisfies HandlersOf<'audit'>;
