// Numbered SQL files in migrations/ (001_name.sql, 002_…), applied in order, each in its own
// transaction together with PRAGMA user_version, so a crash leaves the database at one version
// or the next. A database newer than the app is refused: an old program must not write to it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Refusal } from '../../shared/errors';
import type { Database } from './sql';

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => /^(\d{3})_([\w-]+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..n without gaps; found ${m.version} at place ${i + 1}`);
  });
  return migrations;
}

export function schemaVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export function migrate(db: Database, migrations: Migration[]): void {
  const appVersion = migrations.length;
  const dbVersion = schemaVersion(db);
  if (dbVersion > appVersion) {
    throw new Refusal('DATABASE_NEWER', { dbVersion: String(dbVersion), appVersion: String(appVersion) });
  }
  const pending = migrations.slice(dbVersion);
  if (pending.length === 0) return;
  // SQLite changes a table's CHECK by rebuilding it (https://sqlite.org/lang_altertable.html,
  // "making other kinds of table schema changes"): foreign keys are switched off for that, which
  // only works outside a transaction, and checked before each migration commits.
  const foreignKeys = db.pragma('foreign_keys', { simple: true });
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of pending) {
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${m.version} leaves ${broken.length} broken foreign keys`);
        db.pragma(`user_version = ${m.version}`);
      })();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
