// The API contract of backups and the clock check (README "Backups and recovery"): input and
// output schemas, merged into shared/contract.ts `methods` and shared/contractOutputs.ts `outputs`.
// Restoring is not a method: the running terminal holds the ledger open (npm run restore).
import { z } from 'zod';

const actor = z.string().min(1).max(64);
/** A backup's file name in the backup folder (never a path). */
const backupFile = z.string().min(1).max(200).regex(/^[\w.-]+$/, 'a backup file name');
const instant = z.iso.datetime();

export const backupMethods = {
  /** A backup now, to the backup folder, checked, then the oldest beyond `keep` removed. */
  'backup.create': z.strictObject({ actor: actor.optional() }),
  /** This outlet's backups, newest first. */
  'backup.list': z.strictObject({}),
  /** Opens a backup with the key and checks it (integrity, outlet, double entry). */
  'backup.verify': z.strictObject({ file: backupFile }),
  /**
   * A supervisor confirms the PC clock's time after CLOCK_BEHIND: signed in themselves, or by their
   * approval (auth.approve, shared/access.ts APPROVALS); `supervisorId` names who approved.
   */
  'clock.confirm': z.strictObject({ supervisorId: actor.optional(), approval: z.string().min(1).max(200).optional() }),
};

export const backupInfo = z.strictObject({
  file: z.string(),
  createdAt: instant,
  outletCode: z.string(),
  schemaVersion: z.number().int().min(0),
  bytes: z.number().int().min(0),
});

export const backupOutputs = {
  'backup.create': backupInfo,
  'backup.list': z.array(backupInfo),
  'backup.verify': z.strictObject({ file: z.string(), ok: z.boolean(), problems: z.array(z.string()), schemaVersion: z.number().int().min(0).nullable() }),
  'clock.confirm': z.strictObject({ confirmedAt: instant, previousMark: instant.nullable(), wasBehind: z.boolean() }),
};
