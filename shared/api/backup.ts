// backup.*: backups of the ledger (README "Backups and recovery"). Restoring is not a method: the
// running terminal holds the ledger open (npm run restore).
import { z } from 'zod';
import { instant, staffRef } from './fields';
import { SUPERVISORS } from './roles';
import type { DomainSpecs } from './spec';

/** A backup's file name in the backup folder (never a path). */
const backupFile = z.string().min(1).max(200).regex(/^[\w.-]+$/, 'a backup file name');

export const backupInfo = z.strictObject({
  file: z.string(),
  createdAt: instant,
  outletCode: z.string(),
  schemaVersion: z.number().int().min(0),
  bytes: z.number().int().min(0),
});

export const backupApi = {
  /** A backup now, to the backup folder, checked, then the oldest beyond `keep` removed. */
  'backup.create': { input: z.strictObject({ actor: staffRef.optional() }), output: backupInfo, roles: SUPERVISORS, actor: true },
  /** This outlet's backups, newest first. */
  'backup.list': { input: z.strictObject({}), output: z.array(backupInfo), roles: SUPERVISORS, query: true },
  /** Opens a backup with the key and checks it (integrity, outlet, double entry). */
  'backup.verify': {
    input: z.strictObject({ file: backupFile }),
    output: z.strictObject({ file: z.string(), ok: z.boolean(), problems: z.array(z.string()), schemaVersion: z.number().int().min(0).nullable() }),
    roles: SUPERVISORS,
    query: true,
  },
} as const satisfies DomainSpecs<'backup'>;
