// Backups (README "Backups and recovery"): one now, the list, and a backup opened and checked.
// Restoring is not a method: the running terminal holds the ledger open (npm run restore).
import { backupNow, listBackups, verifyBackup } from '../../ledger/backup';
import type { HandlersOf } from '../services';

export const backupHandlers = {
  'backup.create': (ctx, input) => backupNow(ctx, input.actor),
  'backup.list': (ctx) => listBackups(ctx.backup.dir, ctx.outlet().outlet_code),
  'backup.verify': (ctx, input) => verifyBackup(ctx, input.file),
} satisfies HandlersOf<'backup'>;
