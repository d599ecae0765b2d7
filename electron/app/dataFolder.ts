// The data folder's shape, checked before anything in it is read or made: a folder where the
// ledger, its key or terminal.json should be a file (a copy gone wrong, a restore unpacked into
// the wrong place) used to be said as "the ledger is encrypted and its key is missing", a key file
// that could not be read, or JSON that could not be parsed; and a data folder that is a file, as
// Node's mkdir error. Each is said as what it is, with what to do, and nothing is written.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Refusal } from '../../shared/errors';
import { LEDGER_FILE } from '../ledger/backupFiles';
import { KEY_FILE, SEALED_KEY_FILE } from '../ledger/key';

/** The files the Terminal reads from its data folder at start. */
export const DATA_FILES = [LEDGER_FILE, 'training.sqlite', KEY_FILE, SEALED_KEY_FILE, 'terminal.json'] as const;

/** What is at `path`: nothing, a file, a folder, or something else (a device, a pipe). */
function kindOf(path: string): 'none' | 'file' | 'folder' | 'other' {
  const s = statSync(path, { throwIfNoEntry: false });
  if (s === undefined) return 'none';
  if (s.isFile()) return 'file';
  return s.isDirectory() ? 'folder' : 'other';
}

/** Refuses a data folder that is not a folder, or one holding something other than a file under a data file's name. */
export function checkDataFolder(dataDir: string): void {
  const dir = kindOf(dataDir);
  if (dir === 'file' || dir === 'other') throw new Refusal('DATA_FOLDER_NOT_A_FOLDER', { path: dataDir });
  if (dir === 'none') return;
  for (const name of DATA_FILES) {
    const file = join(dataDir, name);
    const kind = kindOf(file);
    if (kind === 'folder' || kind === 'other') throw new Refusal('DATA_FILE_NOT_A_FILE', { file, dataDir });
  }
}
