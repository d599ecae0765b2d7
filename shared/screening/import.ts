// A watch list read from its file (第五十四条): the UN Security Council's consolidated list in its
// published XML, or any list as a simple CSV. Pure, so the Terminal and the hub read a file alike.
import { XMLParser } from 'fast-xml-parser';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { Refusal } from '../errors';
import type { ListEntry } from './screen';

export type ListFormat = 'un-xml' | 'csv';

export interface ParsedList {
  entries: ListEntry[];
  /** The list's own date when it says one (the UN's dateGenerated), else undefined. */
  generated?: string;
  sha256: string;
}

const bad = (en: string, zh: string): Refusal => new Refusal('SCREENING_LIST_INVALID', { problemEn: en, problemZh: zh });

const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());

/** The UN consolidated list (scsanctions.un.org): its individuals; entities are not customers at a counter. */
function parseUnXml(text: string): Omit<ParsedList, 'sha256'> {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw bad(`is not XML (${e instanceof Error ? e.message : String(e)})`, '不是有效的 XML');
  }
  const list = doc.CONSOLIDATED_LIST as Record<string, unknown> | undefined;
  if (!list) throw bad('has no CONSOLIDATED_LIST (not the UN consolidated list)', '没有 CONSOLIDATED_LIST（不是联合国综合名单）');
  const individuals = arr((list.INDIVIDUALS as Record<string, unknown> | undefined)?.INDIVIDUAL) as Record<string, unknown>[];
  const entries = individuals.map((p): ListEntry => {
    const name = [p.FIRST_NAME, p.SECOND_NAME, p.THIRD_NAME, p.FOURTH_NAME].map(str).filter((s) => s !== '').join(' ');
    const original = str(p.NAME_ORIGINAL_SCRIPT);
    const aliases = arr(p.INDIVIDUAL_ALIAS as Record<string, unknown>[]).map((a) => str(a.ALIAS_NAME)).filter((s) => s !== '');
    const dobs = arr(p.INDIVIDUAL_DATE_OF_BIRTH as Record<string, unknown>[]).flatMap((d) => {
      const date = str(d.DATE);
      if (date) return [date.slice(0, 10)];
      const year = str(d.YEAR);
      return year ? [year] : [];
    });
    const nationalities = arr((p.NATIONALITY as Record<string, unknown> | undefined)?.VALUE).map(str).filter((s) => s !== '');
    const documents = arr(p.INDIVIDUAL_DOCUMENT as Record<string, unknown>[]).map((d) => str(d.NUMBER)).filter((s) => s !== '');
    return { reference: str(p.REFERENCE_NUMBER) || str(p.DATAID), name, aliases: original ? [...aliases, original] : aliases, datesOfBirth: dobs, nationalities, documents };
  }).filter((e) => e.name !== '');
  const generated = str(list['@dateGenerated']);
  return { entries, ...(generated ? { generated } : {}) };
}

/** One CSV line into fields: commas, double quotes around a field, "" inside one. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

export const CSV_COLUMNS = ['name', 'aliases', 'date_of_birth', 'nationality', 'document_number', 'reference'] as const;

/** A list as CSV: a header naming the columns (name required), `;` between several values in a field. */
function parseCsv(text: string): Omit<ParsedList, 'sha256'> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw bad('is empty', '是空的');
  const header = csvFields(lines[0]!).map((h) => h.toLowerCase());
  if (!header.includes('name')) throw bad(`has no "name" column (columns: ${CSV_COLUMNS.join(', ')})`, `没有 name 列（列名：${CSV_COLUMNS.join(', ')}）`);
  const col = (fields: string[], name: string): string => { const i = header.indexOf(name); return i < 0 ? '' : fields[i] ?? ''; };
  const many = (v: string): string[] => v.split(';').map((s) => s.trim()).filter((s) => s !== '');
  const entries = lines.slice(1).map((line, i): ListEntry => {
    const f = csvFields(line);
    return {
      reference: col(f, 'reference') || `row ${i + 2}`,
      name: col(f, 'name'),
      aliases: many(col(f, 'aliases')),
      datesOfBirth: many(col(f, 'date_of_birth')),
      nationalities: many(col(f, 'nationality')),
      documents: many(col(f, 'document_number')),
    };
  }).filter((e) => e.name !== '');
  return { entries };
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export function parseList(format: ListFormat, text: string): ParsedList {
  const parsed = format === 'un-xml' ? parseUnXml(text) : parseCsv(text);
  if (parsed.entries.length === 0) throw bad('has no individuals on it', '没有任何个人条目');
  return { ...parsed, sha256: sha256Hex(text) };
}
