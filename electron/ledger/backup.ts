// Backups of the ledger, and the offline restore (README "Backups and recovery").
//
// A backup is a complete copy of the ledger written with VACUUM INTO: SQLite3 Multiple Ciphers
// writes it with the ledger's own cipher and key, so a backup is as unreadable without the key as
// the ledger (the online backup API refuses an encrypted source with a plain destination, and
// better-sqlite3 cannot key its destination). A backup is written under a temporary name, checked
// (integrity_check, and postings that balance in every currency), and only then given its name;
// one that fails the check is deleted and reported. The oldest beyond `keep` are removed.
//
// Names: <outlet code>_<UTC time>_v<schema version>.sqlite, e.g. PEK-T3-01_20260310T150000Z_v8.sqlite.
//
// This file is the one place to import backups from; the pieces, by what they do:
//   backupFiles.ts    the folder, the names, listing and rotation
//   backupCheck.ts    opening a backup with the key and checking it
//   backupMake.ts     making one (and backup.create / backup.verify, the one after a day close)
//   backupRestore.ts  the offline restore (electron/restore.ts)
export { DEFAULT_KEEP, LEDGER_FILE, backupName, defaultBackupDir, listBackups, rotateBackups, type BackupInfo } from './backupFiles';
export { ledgerBalanceProblems, verifyBackupFile, type BackupIdentity } from './backupCheck';
export { backupAfterDayClose, backupNow, createBackup, verifyBackup, type BackupContext, type BackupSettings } from './backupMake';
export { restoreLedger, type RestoreOptions, type RestoreResult } from './backupRestore';
