// Input refused in words a teller (or HQ) can act on: the first problem zod found, as INVALID_INPUT
// with both languages. One place for the terminal's dispatcher and the hub's API, so the same
// mistake reads the same on both.
import type { z } from 'zod';
import { Refusal } from '../errors';
import { findTextProblem } from '../text';

const ISSUE_WORDS: Record<string, [string, string]> = {
  invalid_type: ['类型不对', 'has the wrong type'],
  too_big: ['太长或太大', 'is too long or too large'],
  too_small: ['为空或太小', 'is empty or too small'],
  unrecognized_keys: ['含有不认识的字段', 'has fields that are not part of the method'],
  invalid_value: ['不是允许的值', 'is not one of the allowed values'],
  invalid_format: ['格式不对', 'has the wrong format'],
};

/**
 * A field left out of `input` (its object is there, the field is not): said as missing, where zod
 * says "the wrong type" or "not one of the allowed values" about the undefined it found.
 */
export function isMissing(issue: z.core.$ZodIssue, input: unknown): boolean {
  const last = issue.path.at(-1);
  if (last === undefined) return false;
  let at = input;
  for (const key of issue.path.slice(0, -1)) {
    if (at === null || typeof at !== 'object') return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at !== null && typeof at === 'object' && !Object.hasOwn(at, last);
}

export function invalidInput(error: z.ZodError, input: unknown): Refusal {
  const issue = error.issues[0]!;
  // A check of shared/api/fields.ts that says what to type (a date): its own words.
  const words = issue.code === 'custom' ? customWords(issue.params) : isMissing(issue, input) ? (['缺少此项', 'is missing'] as [string, string]) : undefined;
  const [zh, en] = words ?? ISSUE_WORDS[issue.code] ?? ['无效', `is not valid (${issue.message})`];
  const keys = issue.code === 'unrecognized_keys' ? ` (${someKeys(issue.keys)})` : '';
  return new Refusal('INVALID_INPUT', { field: issue.path.join('.') || 'input', problemZh: zh + keys, problemEn: en + keys });
}

function customWords(params: unknown): [string, string] | undefined {
  const p = params as { zh?: unknown; en?: unknown } | undefined;
  return typeof p?.zh === 'string' && typeof p.en === 'string' ? [p.zh, p.en] : undefined;
}

/** Unknown fields as a message can show them: a hostile input may send thousands, or one a megabyte long. */
function someKeys(keys: string[]): string {
  const shown = keys.slice(0, 5).map((k) => (k.length > 40 ? `${[...k.slice(0, 41)].slice(0, 40).join('')}…` : k));
  return shown.join(', ') + (keys.length > 5 ? `, … (${keys.length})` : '');
}

/** Every string checked (shared/text.ts), then the schema: the parsed value, or INVALID_INPUT. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const badText = findTextProblem(input);
  if (badText) throw new Refusal('INVALID_INPUT', { field: badText.field, problemZh: badText.problem.zh, problemEn: badText.problem.en });
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error, input);
  return parsed.data;
}
