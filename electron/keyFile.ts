// An Ed25519 private key kept in a file of the data folder (the outlet's signing key for 附表3,
// the terminal's key for the hub): made there on first use, created exclusively (two processes
// starting at once cannot both write it), readable by its owner only.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/** The key's PEM (PKCS#8); throws what the file system throws when it cannot be read. */
export function loadOrCreateEd25519Pem(path: string): string {
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process made it first: theirs is the key.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  // A key file copied in from elsewhere may be readable by others: it is ours, so tighten it.
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return readFileSync(path, 'utf8');
}
