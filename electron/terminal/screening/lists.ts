// The watch lists this counter screens against (第五十四条): a list version imported from its file
// (here, or pushed by the hub), never changed; the latest version of each list is the active one.
// The one writer of screening_lists and screening_entries.
import { Refusal } from '../../../shared/errors';
import { parseList, type ListFormat } from '../../../shared/screening/import';
import { prepareEntry, type ListEntry, type PreparedEntry } from '../../../shared/screening/screen';
import type { ScreeningListView } from '../../../shared/api';
import { audit } from '../../ledger/audit';
import { changed, heldRead } from '../../ledger/held';
import { all, compiled, first, q, run, type Database } from '../../ledger/sql';
import type { ScreeningListTable } from '../../ledger/schema';

export function listView(r: ScreeningListTable, active: boolean): ScreeningListView {
  return {
    id: r.id, listId: r.list_id, version: Number(r.version), name: r.name, format: r.format, generated: r.generated,
    importedAt: r.imported_at, importedBy: r.imported_by, source: r.source, entryCount: Number(r.entry_count), sha256: r.sha256, active,
  };
}

const everyList = compiled()(() => q.selectFrom('screening_lists').selectAll().orderBy('list_id').orderBy('version', 'desc'));

/**
 * Each list's latest version: what the quote screens against. Read at every quote and commit:
 * held in memory per connection (issue 21, ledger/held.ts), forgotten when importList writes a
 * version, so a list imported is screened against at the next quote (第五十四条).
 */
export function activeLists(db: Database): ScreeningListTable[] {
  return [...heldRead(db, 'screening_lists', 'active', () => {
    const seen = new Set<string>();
    return everyList.all(db, {}).filter((r) => (seen.has(r.list_id) ? false : (seen.add(r.list_id), true)));
  })];
}

export function listLists(db: Database, everyVersion: boolean): ScreeningListView[] {
  const active = new Set(activeLists(db).map((r) => r.id));
  const rows = everyVersion ? all(db, q.selectFrom('screening_lists').selectAll().orderBy('list_id').orderBy('version', 'desc')) : activeLists(db);
  return rows.map((r) => listView(r, active.has(r.id)));
}

export interface ImportInput {
  id: string;
  listId: string;
  name: string;
  format: ListFormat;
  content: string;
  at: string;
  by: string;
  source: 'terminal' | 'hub';
}

/**
 * A file imported as the list's next version, in the caller's transaction, audited. The same file
 * again (same sha256 as the active version) is answered with that version: nothing new to screen.
 */
export function importList(db: Database, input: ImportInput): ScreeningListTable {
  const parsed = parseList(input.format, input.content);
  const latest = first(db, q.selectFrom('screening_lists').selectAll().where('list_id', '=', input.listId).orderBy('version', 'desc').limit(1));
  if (latest && latest.sha256 === parsed.sha256) return latest;
  const row: ScreeningListTable = {
    id: input.id, list_id: input.listId, version: (latest?.version ?? 0n) + 1n, name: input.name, format: input.format,
    generated: parsed.generated ?? null, imported_at: input.at, imported_by: input.by, source: input.source,
    entry_count: BigInt(parsed.entries.length), sha256: parsed.sha256,
  };
  changed(db, 'screening_lists');
  run(db, q.insertInto('screening_lists').values(row));
  // In slices: a statement has a bound on its parameters (the UN list has ~700 individuals).
  const values = parsed.entries.map((e, i) => ({
    list_version: row.id, seq: BigInt(i + 1), reference: e.reference, name: e.name, aliases: JSON.stringify(e.aliases),
    dates_of_birth: JSON.stringify(e.datesOfBirth), nationalities: JSON.stringify(e.nationalities), documents: JSON.stringify(e.documents),
  }));
  for (let i = 0; i < values.length; i += 200) run(db, q.insertInto('screening_entries').values(values.slice(i, i + 200)));
  audit(db, {
    at: input.at, actor: input.by, action: 'screening.import', entity: 'screeningList', entityId: row.id,
    detail: { listId: row.list_id, version: String(row.version), entries: String(row.entry_count), sha256: row.sha256, source: input.source, ...(row.generated ? { generated: row.generated } : {}) },
  });
  return row;
}

/** A refusal for a list id unknown here (the hub's push names one). */
export function listVersion(db: Database, id: string): ScreeningListTable {
  const r = first(db, q.selectFrom('screening_lists').selectAll().where('id', '=', id));
  if (!r) throw new Refusal('SCREENING_LIST_INVALID', { problemEn: `version ${id} is not here`, problemZh: `版本 ${id} 不存在` });
  return r;
}

// Entries made ready to compare, once per list version (a version never changes): the quote
// screens against them without reading and normalising the list each time.
const prepared = new Map<string, PreparedEntry[]>();

export function preparedEntries(db: Database, versionId: string): PreparedEntry[] {
  let p = prepared.get(versionId);
  if (!p) {
    const rows = all(db, q.selectFrom('screening_entries').selectAll().where('list_version', '=', versionId).orderBy('seq'));
    p = rows.map((r) => prepareEntry({
      reference: r.reference, name: r.name, aliases: JSON.parse(r.aliases) as string[], datesOfBirth: JSON.parse(r.dates_of_birth) as string[],
      nationalities: JSON.parse(r.nationalities) as string[], documents: JSON.parse(r.documents) as string[],
    } satisfies ListEntry));
    prepared.set(versionId, p);
  }
  return p;
}
