// What text the terminal accepts, in every string of every method's input (checked once, by the
// dispatcher, before the schema: one rule for all fields, so no method can forget it).
//
// A string must be well-formed Unicode: a lone surrogate (U+D800–DFFF without its pair) cannot be
// stored as it was sent (SQLite and UTF-8 replace it by U+FFFD), so what is kept would differ from
// what was checked and hashed (the audit chain: issue 13). And it may not carry characters that
// make no sense in a name, an ID, a code or a note and that hide what a person reads: NUL and the
// other C0/C1 controls, DEL, and the bidirectional overrides and isolates (U+202A–202E,
// U+2066–2069), which can make "ABC" display as "CBA" on a receipt or a screen. Line breaks and
// tabs are allowed only in the few fields that hold a pasted file (MULTILINE_FIELDS).

/** Fields whose value is a pasted or uploaded file: tabs and line breaks belong there. */
export const MULTILINE_FIELDS: ReadonlySet<string> = new Set(['csv', 'content']);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LINE = /[\t\n\r]/;

export interface TextProblem {
  zh: string;
  en: string;
}

/** What is wrong with `s` as input text, or undefined when nothing is. */
export function textProblem(s: string, multiline = false): TextProblem | undefined {
  if (LONE_SURROGATE.test(s)) return { zh: '含有无效的 Unicode 字符（孤立代理项）', en: 'contains invalid Unicode (a lone surrogate)' };
  const control = CONTROL.exec(s);
  if (control) {
    const code = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return { zh: `含有不可见的控制字符（${code}），请重新输入`, en: `contains an invisible control character (${code}); type it again` };
  }
  if (!multiline && LINE.test(s)) return { zh: '含有换行或制表符，请在一行内输入', en: 'contains a line break or tab; type it on one line' };
  return undefined;
}

/** Depth and size limits of the walk: input is bounded by the transport (1 MB), this by nesting. */
const MAX_DEPTH = 32;

/**
 * The first string of `input` (any JSON-like value) with a problem, and where it is
 * ('customer.name', 'files[2].content'); undefined when every string is acceptable.
 */
export function findTextProblem(input: unknown): { field: string; problem: TextProblem } | undefined {
  const walk = (v: unknown, path: string, key: string, depth: number): { field: string; problem: TextProblem } | undefined => {
    if (typeof v === 'string') {
      const problem = textProblem(v, MULTILINE_FIELDS.has(key));
      return problem ? { field: path || 'body', problem } : undefined;
    }
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return undefined;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = walk(v[i], `${path}[${i}]`, key, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    for (const [k, child] of Object.entries(v)) {
      // A key is text too: a lone surrogate in a key would be stored as U+FFFD in a JSON column.
      const keyProblem = textProblem(k);
      const at = path ? `${path}.${k}` : k;
      if (keyProblem) return { field: at, problem: keyProblem };
      const found = walk(child, at, k, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(input, '', '', 0);
}

/**
 * `s` as SQLite stores it: every lone surrogate replaced by U+FFFD (UTF-8 cannot carry one). The
 * audit chain hashes this form, so an entry read back hashes as it did when written.
 */
export function storedForm(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
