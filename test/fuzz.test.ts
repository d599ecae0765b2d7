// Fuzzing the API (issue #7 item 7): fast-check sends hostile input to EVERY method of the contract
// (shared/api `methods`), directly through `callUnknown` as the IPC transport does (so the
// values structured clone can carry: NaN, -0, bigint, Date, Map, cycles) and, for a sample, as raw
// bodies over the real HTTP transport (malformed JSON, huge bodies, wrong content types).
//
// Acceptance: every method gets at least FUZZ_RUNS (default 200) inputs; no crash, no unhandled
// rejection or uncaught exception; every refusal has a catalogue code (never INTERNAL_ERROR) with
// both messages filled; and a refused call leaves every table as it was (row counts and content),
// except the documented ones: a counter-rule refusal writes its attempt (errors.ts `attempt`), a
// refused sign-in or approval its count of wrong passwords (errors.ts `recorded`).
//
// test/bad-input.test.ts checks the refusals input by input; this file throws the nasty things.
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { methods, outputs, type MethodName } from '../shared/api';
import { failure, isAttempt, isRecorded, MAX_DETAIL_CHARS, type Failure, type Result } from '../shared/errors';
import { createHttpHandler } from '../electron/transport/http';
import type { Terminal } from '../electron/terminal/terminal';
import type { Database } from '../electron/ledger/sql';
import { ledgerViolations } from './helpers/invariants';
import { expectOnlyAttemptWritten, expectOnlySignInRecorded, expectUnchanged, expectWellFormedFailure, snapshot, type Snapshot } from './helpers/ledgerSnapshot';
import { ALICE, ok, openHarness, openRaw, PEOPLE, staffed, stockOutlet, tempDir, trade, type Harness } from './helpers/terminal';
import { METHODS, shapeOf, VALID } from './helpers/validInputs';
import { forgetHeld } from '../electron/ledger/held';

/** Inputs per method through callUnknown, and raw bodies per method over HTTP besides. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 20);
/** Every so many calls the ledger is digested in full even when its fingerprint says nothing changed. */
const FULL_EVERY = 25;
/** A refusal quotes a little of what was sent (a key, an amount), never all of a hostile input. */
const MAX_MESSAGE = 2_000;

// ---- the hostile values ----

const BIG30 = '123456789012345678901234567890';
const SQL = [
  "'; DROP TABLE trades; --", '1 OR 1=1', "' OR '1'='1", "1'; DELETE FROM audit_log WHERE '1'='1", 'USD"; UPDATE accounts SET name = 1; --',
  "Robert'); DROP TABLE customers;--", '%', '_', '%_%', "''", '\\', 'NULL', '*/ /*', "1; ATTACH DATABASE '/tmp/x' AS x; --", 'select * from people',
];
const CONTROL = ['\u0000', 'a\u0000b', 'USD\u0000', '\u0007', '\b', '\t', '\n', '\r\n', '\u001b[31mred', '\u007f', '\u0085', '\u2028', '\u2029', '\f\v'];
const SURROGATES = ['\uD800', '\uDFFF', 'a\uD83Db', '\uDE00\uD83D', '\uD83D\uDE00', '10\uD8000', '\uDBFF\uDFFF'];
const UNICODE = [
  '\u200F', '\u202E' + 'USD', 'U\u202ES\u202CD', '\u200B', 'U\u200BSD', '\uFEFF100', '100\u200D', '１００', '１２３．４５', '٣٠٠', '۱۲۳', '१००', '100\u00A0',
  '\u3000', 'ＵＳＤ', 'ｕｓｄ', 'e\u0301', 'ﬀ', 'İ', 'ß', '𝟏𝟎𝟎', '⁹⁹', '½', '①', 'Ⅻ', '〇', '一百', '\u0660\u0661', 'teller1\u200B', 'ｔｅｌｌｅｒ１', 'TELLER1',
];
const FORMAT = ['{field}', '{problemEn}', '{amount}{amount}', '%s%s%s%n', '${process.exit()}', '{{constructor}}', '<script>alert(1)</script>', '../../etc/passwd', '..\\..\\x', 'C:\\CON', 'NUL', 'file:///etc/passwd', '\\\\server\\share'];
const NUMERIC_TEXT = [
  '9007199254740993', '9007199254740992', '-9007199254740993', '18446744073709551616', '123n', '0x1F', '0b101', '0o17', '1_000', '1e400', '1E400', '-1e400',
  '1e-400', '1e+3', '1e3', '0e0', '-0', '+0', '-0.00', '00', '007', '0.0000000000000000000000000001', BIG30, '9'.repeat(30), `${BIG30}.12`, '1'.repeat(40),
  '1'.repeat(41), `0.${'1'.repeat(38)}`, 'Infinity', '-Infinity', 'NaN', '.5', '5.', '1,000', '1 000', ' 100', '100 ', '+100', '--1', '1e', 'e1', '1..0',
  '100.000', '99999999999.99', '1000000000000', '0.001', '-5', '0', '1', '５', '1\u0000',
];
const DATES = [
  '2026-02-30', '0000-00-00', '9999-12-31', '2026-13-01', '2026-00-10', '2026-02-29', '2028-02-29', '1900-02-29', '2000-02-29', '-0001-01-01', '+275760-09-13',
  '275760-09-13', '2026-3-1', '2026-03-10T00:00:00Z', '2026-03-10 ', ' 2026-03-10', '２０２６-０３-１０', '1970-01-01', '1969-12-31', '2038-01-19', '2026-03-32',
  '2026/03/10', '20260310', '0000-01-01', '0001-01-01', '9999-99-99', '2026-03-10\u0000', 'today', '2100-01-01', '1800-01-01', '2026-03-09', '2026-03-11',
];
const MONTHS = ['2026-00', '2026-13', '0000-00', '9999-12', '0000-01', '2026-1', '2026-99', '+2026-03', '2026-03-10', '１９９９-０１', '9999-13', '1000-01', '2026-02'];
const NUMBERS = [
  Number.NaN, Infinity, -Infinity, -0, 0, -1, 0.5, 1.5, -0.5, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, Number.MIN_SAFE_INTEGER - 1,
  Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 1e21, 1e308, -1e308, 10_000_001, 2 ** 31, 2 ** 32, -(2 ** 31) - 1, 1000, 1001, 366, 367, 2099, 2101, 1999,
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf', 'then'];
/** Objects that try to pollute a prototype, parsed from JSON as a transport would give them. */
const POLLUTING = [
  '{"__proto__": {"admin": true, "role": "manager", "tellerId": "mgr1"}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"prototype": {"x": 1}}',
  '{"__proto__": null}',
  '{"toString": 1, "valueOf": "x"}',
  '{"then": "x"}',
  '[{"__proto__": {"length": 1e9}}]',
];

const text = (items: readonly string[]) => fc.constantFrom(...items);

/** Up to ~1 MB of one unit: the huge strings. */
const huge = fc
  .tuple(fc.constantFrom('x', '9', '0.', 'é', '中', '\u0000', '\uD800', ' ', '"', '\\', '{a}'), fc.integer({ min: 10_000, max: 1_050_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

/** A valid-looking value with an oddity put in the middle, at the start or at the end. */
function spiked(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(base, text([...CONTROL, ...SURROGATES, '\u200B', '\u202E', '\uFEFF', '\u00A0', '\u3000', "'", '"', ';', '--', '\\']), fc.nat())
    .map(([s, odd, at]) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + odd + s.slice(i);
    });
}

const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: text([...SQL, ...CONTROL, ...SURROGATES, ...UNICODE, ...FORMAT, ...PROTO_KEYS]) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300, minLength: 41 }) },
  { weight: 2, arbitrary: spiked(text(['USD', 'teller1', 'sup1', '100', '2026-03-10', '01', ALICE.idNumber, 'till'])) },
  { weight: 1, arbitrary: huge },
);
const amountText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: text(NUMERIC_TEXT) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(999), fc.integer({ min: -500, max: 500 })).map(([m, e]) => `${m}e${e}`) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: spiked(text(['100', '0.5', '710.00'])) },
);
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const dateText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: text(DATES) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(9999), fc.nat(99), fc.nat(99)).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`) },
  { weight: 1, arbitrary: spiked(text(['2026-03-10'])) },
);
const monthText: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: text(MONTHS) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(9999), fc.nat(99)).map(([y, m]) => `${pad(y, 4)}-${pad(m, 2)}`) },
);
const number: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -10, max: 10 }).map((n) => n + 0.25) },
  { weight: 1, arbitrary: fc.integer() },
);

/** Nesting 1,000 to 12,000 deep, built in a loop (a recursive arbitrary would cost more than the call). */
const deep: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 1_000, max: 12_000 }), fc.constantFrom('array', 'object', 'mixed', 'proto'))
  .map(([depth, kind]) => {
    if (kind === 'proto') {
      // JSON.parse gives __proto__ as an own key: the same key all the way down.
      let o: unknown = 'bottom';
      for (let i = 0; i < depth; i++) {
        const next = {};
        Object.defineProperty(next, '__proto__', { value: o, enumerable: true, writable: true, configurable: true });
        o = next;
      }
      return o;
    }
    let v: unknown = 'bottom';
    for (let i = 0; i < depth; i++) v = kind === 'array' || (kind === 'mixed' && i % 2) ? [v] : { a: v };
    return v;
  });
/** Many elements or many keys. */
const wide: fc.Arbitrary<unknown> = fc.constantFrom('array', 'object', 'keys').chain((kind) =>
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => {
    if (kind === 'array') return new Array<number>(n).fill(0);
    const o: Record<string, unknown> = {};
    for (let i = 0; i < Math.min(n, 20_000); i++) o[kind === 'keys' ? `k${i}` : String(i)] = i;
    return o;
  }),
);
const polluting: fc.Arbitrary<unknown> = text(POLLUTING).map((s) => JSON.parse(s) as unknown);
const wrongType: fc.Arbitrary<unknown> = fc.oneof(fc.boolean(), fc.constant(null), number, fc.constant([]), fc.constant({}), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }));

/** What structured clone (the Electron IPC) carries and JSON does not: for direct calls only. */
const cloneOnly: fc.Arbitrary<unknown> = fc.constantFrom(
  'undefined', 'bigint', 'bigbigint', 'negbigint', 'date', 'baddate', 'map', 'set', 'bytes', 'cycle', 'cyclicArray', 'sparse', 'holes', 'boxedString', 'boxedNumber', 'regexp', 'error',
).map((kind): unknown => {
  switch (kind) {
    case 'undefined': return undefined;
    case 'bigint': return 100n;
    case 'bigbigint': return 2n ** 70n;
    case 'negbigint': return -1n;
    case 'date': return new Date('2026-03-10T00:00:00Z');
    case 'baddate': return new Date(Number.NaN);
    case 'map': return new Map<unknown, unknown>([['currency', 'USD'], [1, 2]]);
    case 'set': return new Set(['USD']);
    case 'bytes': return new Uint8Array([0x31, 0x30, 0x30]);
    case 'cycle': {
      const o: Record<string, unknown> = { amount: '100' };
      o.self = o;
      return o;
    }
    case 'cyclicArray': {
      const a: unknown[] = ['USD'];
      a.push(a);
      return a;
    }
    case 'sparse': return [, , 'x'];
    case 'holes': return new Array(5);
    case 'boxedString': return Object('USD') as unknown;
    case 'boxedNumber': return Object(100) as unknown;
    case 'regexp': return /.*/;
    default: return new Error('hostile');
  }
});

function hostile(direct: boolean): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: oddString },
    { weight: 3, arbitrary: amountText },
    { weight: 2, arbitrary: dateText },
    { weight: 3, arbitrary: number },
    { weight: 3, arbitrary: wrongType },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: wide },
    { weight: 2, arbitrary: polluting },
    { weight: direct ? 2 : 0, arbitrary: cloneOnly },
  );
}

/** A hostile value like the valid one at that place (a date for a date, an amount for an amount), or any. */
function hostileFor(valid: unknown, direct: boolean): fc.Arbitrary<unknown> {
  const any = hostile(direct);
  let like: fc.Arbitrary<unknown> = any;
  if (typeof valid === 'string') {
    const document = jsonObject(valid);
    if (document !== undefined) like = fc.oneof(oddString, insideDocument(document));
    else if (/^\d{4}-\d{2}-\d{2}$/.test(valid)) like = dateText;
    else if (/^\d{4}-\d{2}$/.test(valid)) like = monthText;
    else if (/^-?\d+(\.\d+)?$/.test(valid)) like = amountText;
    else like = oddString;
  } else if (typeof valid === 'number') like = number;
  else if (Array.isArray(valid)) like = fc.oneof(wide, deep, fc.constant([valid[0], valid[0]]), fc.array(hostile(direct), { maxLength: 3 }));
  return fc.oneof({ weight: 3, arbitrary: like }, { weight: 2, arbitrary: any });
}

/** A JSON object carried in a string (an outlet's signed export), or undefined. */
function jsonObject(textValue: string): object | undefined {
  if (!textValue.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(textValue) as unknown;
    return v !== null && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The document with one hostile value in it (or a hostile key), as JSON text again. */
function insideDocument(document: object): fc.Arbitrary<string> {
  const places = placesOf(document);
  return fc
    .tuple(fc.constantFrom(...places), fc.oneof(fc.constant(undefined), text([...PROTO_KEYS, 'k'.repeat(100_000), '\u0000', ''])))
    .chain(([p, key]) =>
      hostileFor(p.value, false).map((v) => {
        const changed = key === undefined ? withAt(document, p.path, v) : withAt(document, [...p.path.slice(0, -1), key], v);
        return jsonText(changed);
      }),
    );
}

// ---- hostile inputs built on a valid one ----

type Path = (string | number)[];

/** Every place in the example (objects and arrays included), the root left out. */
function placesOf(value: unknown, at: Path = [], out: { path: Path; value: unknown }[] = []): { path: Path; value: unknown }[] {
  if (at.length > 0) out.push({ path: at, value });
  if (Array.isArray(value)) value.slice(0, 3).forEach((v, i) => placesOf(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) placesOf(v, [...at, k], out);
  return out;
}

/** A copy of `example` with `value` at `path` (an own property, whatever the key). */
function withAt(example: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(example) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  Object.defineProperty(node, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Look-alikes of a real key: another case, full-width, a zero-width space inside. */
function lookalikes(key: string): string[] {
  const full = [...key].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
  return [key.toUpperCase(), full, `${key.slice(0, 1)}\u200B${key.slice(1)}`, `${key} `, `\u202E${key}`];
}

function hostileInput(method: MethodName, example: Record<string, unknown>, direct: boolean): fc.Arbitrary<unknown> {
  const shapeKeys = Object.keys(shapeOf(method));
  // The example's places, and the method's top-level fields the example leaves out.
  const places = [...placesOf(example), ...shapeKeys.filter((k) => !(k in example)).map((k) => ({ path: [k] as Path, value: undefined }))];
  const value = hostile(direct);
  const placeArb = places.length > 0 ? fc.constantFrom(...places) : fc.constant({ path: ['x'] as Path, value: undefined });
  const oneChanged = placeArb.chain((p) => hostileFor(p.value, direct).map((v) => withAt(example, p.path, v)));
  const someChanged = fc
    .array(placeArb.chain((p) => hostileFor(p.value, direct).map((v) => [p.path, v] as const)), { minLength: 2, maxLength: 4 })
    // A later change may land inside an earlier one's value: applied in order of path length.
    .map((changes) => [...changes].sort((a, b) => a[0].length - b[0].length).reduce<unknown>((acc, [path, v]) => {
      try {
        return withAt(acc, path, v);
      } catch {
        return acc; // the path no longer leads anywhere (an earlier change replaced it)
      }
    }, example));
  const keys = [...PROTO_KEYS, '', ' ', '\u0000', '\uD800', 'k'.repeat(100_000), ...shapeKeys.flatMap(lookalikes)];
  const objectPlaces = [[] as Path, ...places.filter((p) => p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value)).map((p) => p.path)];
  const extraKey = fc
    .tuple(fc.constantFrom(...objectPlaces), fc.constantFrom(...keys), value)
    .map(([at, key, v]) => (at.length === 0 ? withAt(example, [key], v) : withAt(example, [...at, key], v)));
  const allFields = fc.record(Object.fromEntries([...shapeKeys, 'bogus'].map((k) => [k, value])) as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: [] });
  return fc.oneof(
    { weight: 2, arbitrary: value },
    { weight: 8, arbitrary: oneChanged },
    { weight: 3, arbitrary: someChanged },
    { weight: 2, arbitrary: extraKey },
    { weight: 1, arbitrary: allFields },
  );
}

const hostileSession: fc.Arbitrary<unknown> = fc.oneof(
  text(['', ' ', 'null', '\u0000', '\uD800', 'x'.repeat(201), '__proto__', "' OR 1=1 --", 'Bearer x']),
  fc.string({ unit: 'binary', maxLength: 80 }),
  number,
  wrongType,
);
/** Nine runs in ten in the test convenience's session (none given); one with a hostile session of its own. */
const withSession: fc.Arbitrary<{ session?: unknown }> = fc.oneof(
  { weight: 9, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: hostileSession.map((session) => ({ session })) },
);

// ---- describing a value without printing a megabyte (or recursing 12,000 deep) ----

function brief(v: unknown, depth = 0): string {
  if (typeof v === 'string') return v.length > 60 ? `${JSON.stringify(v.slice(0, 40))}…(${v.length} chars)` : JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v !== 'object' || v === null) return Object.is(v, -0) ? '-0' : String(v);
  if (depth > 4) return Array.isArray(v) ? '[…]' : '{…}';
  if (Array.isArray(v)) return `[${v.slice(0, 5).map((x) => brief(x, depth + 1)).join(', ')}${v.length > 5 ? `, …(${v.length})` : ''}]`;
  const name = Object.getPrototypeOf(v)?.constructor?.name;
  if (name && name !== 'Object') return `${name}(${brief(String(v).slice(0, 40))})`;
  const entries = Object.entries(v);
  const shown = entries.slice(0, 16).map(([k, x]) => `${brief(k)}: ${brief(x, depth + 1)}`);
  return `{${shown.join(', ')}${entries.length > 16 ? `, …(${entries.length} keys)` : ''}}`;
}

function describeResult(r: Result<unknown>): string {
  return r.ok ? 'ok' : `${r.error.code}: ${r.error.message.en.slice(0, 300)}`;
}

/** fast-check's own report prints the counterexample in full; this one briefly. */
function reporter(what: string) {
  return <Ts extends unknown[]>(out: fc.RunDetails<Ts>): void => {
    if (!out.failed) return;
    const example = out.counterexample ? out.counterexample.map((x) => brief(x)).join(' | ') : '(none)';
    const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    throw new Error(`${what}: failed after ${out.numRuns} runs (seed ${out.seed}, path "${out.counterexamplePath}") on ${example}\n${error}`);
  };
}

// ---- the ledger, watched ----

/**
 * Whatever is written to the ledger changes this: total_changes() counts every row inserted,
 * updated or deleted on the Terminal's connection (rolled back or not), schema_version every change
 * of the schema, data_version any commit by another connection.
 */
function fingerprint(db: Database): string {
  return `${String(db.prepare('select total_changes()').pluck().get())}/${String(db.pragma('schema_version', { simple: true }))}/${String(db.pragma('data_version', { simple: true }))}`;
}

/**
 * The full snapshot (every table's row count and digest, helpers/ledgerSnapshot.ts) is taken again
 * only when the fingerprint moved, and every FULL_EVERY calls regardless, which also checks the
 * fingerprint itself: a refusal that wrote would show as a changed digest there.
 */
class LedgerWatch {
  private fp: string;
  private snap: Snapshot;
  private calls = 0;
  constructor(private readonly db: Database) {
    this.fp = fingerprint(db);
    this.snap = snapshot(db);
  }
  current(): Snapshot {
    const fp = fingerprint(this.db);
    if (fp !== this.fp || ++this.calls % FULL_EVERY === 0) {
      this.snap = snapshot(this.db);
      this.fp = fp;
    }
    return this.snap;
  }
}

// ---- the checks ----

const AUTH_REFUSALS = new Set(['NOT_SIGNED_IN', 'SESSION_EXPIRED', 'ROLE_NOT_ALLOWED', 'ACCOUNT_LOCKED', 'PERSON_DISABLED']);

function expectCatalogued(f: Failure, what: string): void {
  expect(f.code, `${what}: ${f.message?.en}`).not.toBe('INTERNAL_ERROR');
  // The code is in errors.ts, both messages are there, every {placeholder} of the templates filled.
  expectWellFormedFailure(f);
  expect(f.message.zh.length + f.message.en.length, `${what}: a refusal message of ${f.message.en.length} characters`).toBeLessThanOrEqual(MAX_MESSAGE);
}

function expectOutputFits(method: MethodName, value: unknown, what: string): void {
  const schema = (outputs as Partial<Record<string, z.ZodType>>)[method];
  if (!schema) return;
  const parsed = schema.safeParse(value);
  expect(parsed.success, `${what}: the answer does not fit the output schema: ${parsed.error?.issues[0]?.message} at ${parsed.error?.issues[0]?.path.join('.')}`).toBe(true);
}

/** A refused call left the ledger as it was, but for the exceptions errors.ts documents. */
function expectNothingWritten(f: Failure, before: Snapshot, after: Snapshot, what: string): void {
  if (after === before) return;
  if (isAttempt(f.code)) expectOnlyAttemptWritten(before, after, what);
  else if (isRecorded(f.code)) expectOnlySignInRecorded(before, after, what);
  else expectUnchanged(before, after, what);
}

// ---- the run ----

/** Calls that escaped: a rejection nobody handled, an exception nobody caught. */
const escaped: string[] = [];
const onRejection = (reason: unknown) => void escaped.push(`unhandledRejection: ${reason instanceof Error ? reason.stack : brief(reason)}`);
const onException = (e: Error) => void escaped.push(`uncaughtException: ${e.stack}`);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Fuzzed {
  h: Harness;
  /** The signed-in convenience (helpers/people.ts staffed); made again when a call signed its person out. */
  t: Terminal;
  watch: LedgerWatch;
  /** A call may end or lock the session it ran in (auth.signOut, five wrong passwords): the next run signs in again. */
  stale: boolean;
  counts: Map<string, number>;
}

/** Signs the test people in again (unlocking them: a test may lock one with wrong passwords), before a run. */
function revive(f: Fuzzed): void {
  if (!f.stale) return;
  f.h.raw.ledger.prepare(`update people set locked_at = null, failed_attempts = 0 where id in (${PEOPLE.map(() => '?').join(', ')})`).run(...PEOPLE.map((p) => p.id));
  forgetHeld(f.h.raw.ledger); // written behind the people table's writer: the staff held in memory read again (issue 21)
  f.t = staffed(f.h.raw);
  f.stale = false;
}

async function fuzzOne(f: Fuzzed, method: MethodName, input: unknown, session: unknown, call: () => Promise<Result<unknown>>, via: string): Promise<void> {
  const what = `${method} ${via} (${brief(input)})`;
  const before = f.watch.current();
  let r: Result<unknown>;
  try {
    r = await call();
  } catch (e) {
    throw new Error(`${what}: threw ${e instanceof Error ? e.stack : String(e)}`);
  }
  const after = f.watch.current();
  const code = r.ok ? 'ok' : r.error.code;
  f.counts.set(code, (f.counts.get(code) ?? 0) + 1);
  if (r.ok) {
    expectOutputFits(method, r.value, what);
    return;
  }
  expectCatalogued(r.error, what);
  expectNothingWritten(r.error, before, after, what);
  if (session === undefined && AUTH_REFUSALS.has(r.error.code)) f.stale = true;
}

/** A stocked outlet with one trade, as bad-input's property uses. */
async function stocked(): Promise<Harness> {
  const h = openHarness();
  try {
    await stockOutlet(h.terminal);
    ok(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '20' }));
    return h;
  } catch (e) {
    h.close();
    throw e;
  }
}

// ---- HTTP ----

const TOKEN = 'fuzz-token-0123456789abcdef';
let server: http.Server;
let port = 0;
let staticDir = '';
/** The method under test's Terminal, behind the one server. */
let serving: Terminal | undefined;
// A new connection per request. The server runs in this process, on this event loop: with kept-alive
// sockets, a stall longer than the server's keep-alive timeout (5 s; a loaded CI machine, a large
// export) let the server close an idle socket in the same turn the client reused it, and the request
// failed with ECONNRESET before the server read it. Node's agent only honours the server's
// `Keep-Alive: timeout` hint when it has a timeout of its own, so keeping sockets was never safe here.
const agent = new http.Agent({ keepAlive: false, maxSockets: 1 });

interface RawRequest {
  label: string;
  body: Buffer;
  headers: Record<string, string>;
  /** A session header of its own (hostile), or none: the test convenience signs in. */
  session?: string;
}

function post(method: string, req: RawRequest): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: '127.0.0.1', port, method: 'POST', path: `/api/${method}`, agent,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-length': String(req.body.length), ...req.headers, ...(req.session !== undefined ? { 'x-session': req.session } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.setTimeout(10_000, () => r.destroy(new Error(`${method} (${req.label}): no answer in 10 s`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** JSON text of a value; a value too deep for JSON.stringify is written out by hand. */
function jsonText(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? '' : s;
  } catch {
    return `${'['.repeat(50_000)}"deep"${']'.repeat(50_000)}`;
  }
}

function rawRequests(method: MethodName, example: Record<string, unknown>): fc.Arbitrary<RawRequest> {
  const exampleJson = JSON.stringify(example);
  const contentType = fc.constantFrom(
    'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
    'application/json; charset=utf-16le', 'application/xml', '', '*/*',
  );
  const fromValue = hostileInput(method, example, false).map((v) => ({ label: 'hostile JSON', text: jsonText(v) }));
  const malformed = fc.oneof(
    fc.nat().map((n) => ({ label: 'truncated JSON', text: exampleJson.slice(0, n % Math.max(1, exampleJson.length)) })),
    text([
      '{', '}', '{"a":', '{"a":1,}', "{'currency':'USD'}", '{currency: "USD"}', 'NaN', 'Infinity', '-Infinity', 'undefined', '1e400', '-0', '[1,]', '{"a":1}{"b":2}',
      '// comment\n{}', '/* c */{}', '"\\ud800"', '"\\u0000"', '{"__proto__": {"admin": true}}', '{"__proto__": 1, "__proto__": 2}', 'null', 'true', '""', '   ', '\n',
      '{"a":"\\x41"}', '{"a":01}', '{"a":.5}', '{"a":+1}', '{"a":0x10}', `{"receiptNo": 1e400}`, `{"limit": -0}`, `{"receiptNo": 9007199254740993}`,
    ]).map((t) => ({ label: 'malformed JSON', text: t })),
    fc.constant(null).map(() => ({ label: 'duplicate keys', text: exampleJson.length > 2 ? `{${exampleJson.slice(1, -1)},${exampleJson.slice(1, -1)}}` : '{"a":1,"a":2}' })),
    fc.constant(null).map(() => ({ label: 'a BOM before the JSON', text: `\uFEFF${exampleJson}` })),
    fc.integer({ min: 1, max: 200_000 }).map((d) => ({ label: `arrays ${d} deep`, text: `${'['.repeat(d)}${']'.repeat(d)}` })),
    fc.integer({ min: 1, max: 100_000 }).map((d) => ({ label: `objects ${d} deep`, text: `${'{"a":'.repeat(d)}1${'}'.repeat(d)}` })),
    fc.integer({ min: (1 << 20) - 64, max: (1 << 20) + 64 }).map((n) => ({ label: `${n} bytes of string`, text: JSON.stringify({ ...example, x: 'y'.repeat(n) }) })),
    fc.constant(null).map(() => ({ label: 'an example twice as long as the limit', text: `${exampleJson}${' '.repeat(2 << 20)}` })),
  );
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 64 }).map((b) => ({ label: 'random bytes', body: Buffer.from(b) })),
    text(['ff', 'fffe', 'c0af', 'eda080', 'f4908080', '7b22613a22ff227d']).map((hex) => ({ label: `invalid UTF-8 ${hex}`, body: Buffer.from(hex, 'hex') })),
    fc.constant(null).map(() => ({ label: 'UTF-16 JSON', body: Buffer.from(exampleJson, 'utf16le') })),
  );
  const body = fc.oneof(
    { weight: 4, arbitrary: fromValue.map((b) => ({ label: b.label, body: Buffer.from(b.text, 'utf8') })) },
    { weight: 4, arbitrary: malformed.map((b) => ({ label: b.label, body: Buffer.from(b.text, 'utf8') })) },
    { weight: 1, arbitrary: bytes },
  );
  // One request in eight brings a session header of its own (hostile); the others, none.
  const session = fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: text(['', 'x', 'x'.repeat(201), "' OR 1=1 --", '\u00ff\u00fe', 'null']) });
  return fc.tuple(body, contentType, session).map(([b, type, s]): RawRequest => ({
    label: b.label,
    body: b.body,
    headers: type === '' ? {} : { 'content-type': type },
    ...(s === null ? {} : { session: s }),
  }));
}

const STATUSES = new Set([200, 400, 401, 403, 404, 413, 422]);

async function fuzzHttp(f: Fuzzed, method: MethodName, req: RawRequest): Promise<void> {
  await fuzzOne(f, method, req.label, req.session, async () => {
    const res = await post(method, req);
    expect(STATUSES.has(res.status), `${method} over HTTP (${req.label}): status ${res.status}: ${res.text.slice(0, 300)}`).toBe(true);
    const answer = JSON.parse(res.text) as Result<unknown>;
    expect(res.status === 200, `${method} over HTTP (${req.label}): status ${res.status} for ${describeResult(answer)}`).toBe(answer.ok);
    return answer;
  }, `over HTTP, ${req.label}`);
}

/** The path a request target names, as the server reads it (undefined: none). */
function requestPath(target: string): string | undefined {
  try {
    return new URL(target, 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}

// ---- the tests ----

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const proxy = { callUnknown: (m: unknown, i: unknown, s?: unknown) => serving!.callUnknown(m, i, s) } as unknown as Terminal;
  staticDir = tempDir('fuzz-static-');
  server = http.createServer(createHttpHandler(proxy, { token: TOKEN, staticDir }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  agent.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(staticDir, { recursive: true, force: true });
  await tick();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  expect(escaped, 'rejections or exceptions escaped the Terminal').toEqual([]);
});

describe('the fuzz checks can fail', () => {
  it('the ledger fingerprint moves on an insert, an update, a delete, a schema change and another connection\'s write', () => {
    const h = openHarness();
    try {
      const db = h.raw.ledger;
      const steps: [string, () => unknown][] = [
        ['insert', () => db.prepare("insert into clock_mark (id, last_at) values (1, '2099-01-01T00:00:00.000Z') on conflict (id) do update set last_at = excluded.last_at").run()],
        ['update', () => db.prepare("update outlet set outlet_name = outlet_name || 'x'").run()],
        ['delete', () => db.prepare('delete from clock_mark').run()],
        ['schema', () => db.exec('create table fuzz_probe (x)')],
        ['another connection', () => {
          const other = openRaw(h.path);
          try {
            other.prepare('insert into fuzz_probe values (1)').run();
          } finally {
            other.close();
          }
        }],
      ];
      for (const [what, write] of steps) {
        const fp = fingerprint(db);
        write();
        expect(fingerprint(db), what).not.toBe(fp);
      }
      // And a read moves nothing.
      const fp = fingerprint(db);
      snapshot(db);
      expect(fingerprint(db)).toBe(fp);
    } finally {
      h.close();
    }
  });

  it('the watch sees a write that happens during a call', () => {
    const h = openHarness();
    try {
      const watch = new LedgerWatch(h.raw.ledger);
      const before = watch.current();
      h.raw.ledger.prepare("update outlet set outlet_name = 'changed'").run();
      const after = watch.current();
      expect(() => expectUnchanged(before, after, 'a write')).toThrow();
      expect(() => expectCatalogued({ code: 'INTERNAL_ERROR', message: { zh: 'x', en: 'x' }, details: { ref: 'x' } } as Failure, 'an internal error')).toThrow();
    } finally {
      h.close();
    }
  });

  it('the listeners see an unhandled rejection', async () => {
    // Vitest's own listener would fail the run: set aside while the probe runs.
    const theirs = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', onRejection);
    try {
      void Promise.reject(new Error('fuzz probe'));
      await tick();
      await tick();
      expect(escaped.some((e) => e.includes('fuzz probe'))).toBe(true);
    } finally {
      const probe = escaped.findIndex((e) => e.includes('fuzz probe'));
      if (probe >= 0) escaped.splice(probe, 1);
      process.removeAllListeners('unhandledRejection');
      for (const l of theirs) process.on('unhandledRejection', l);
      process.on('unhandledRejection', onRejection);
    }
  });
});

describe('a refusal quotes a little of a hostile input', () => {
  it('clips every detail, and names at most five unknown fields', async () => {
    const f = failure('CURRENCY_UNKNOWN', { currency: 'X'.repeat(1_000_000) });
    expect(f.details?.currency).toHaveLength(MAX_DETAIL_CHARS + 1);
    expect(f.message.en.length).toBeLessThan(MAX_DETAIL_CHARS + 200);
    const h = openHarness();
    try {
      const input = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`field${i}`, i]));
      const r = await h.terminal.callUnknown('rates.board', { ...input, ['k'.repeat(100_000)]: 1 });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message.en).toContain('field0, field1, field2, field3, field4, … (10001)');
      expect(r.error.message.en.length).toBeLessThan(500);
    } finally {
      h.close();
    }
  });
});

describe('hostile paths and verbs over HTTP', () => {
  it(`${RUNS} requests: never a 500, an API refusal from the catalogue, nothing written`, async () => {
    const h = openHarness();
    const f: Fuzzed = { h, t: h.terminal, watch: new LedgerWatch(h.raw.ledger), stale: false, counts: new Map() };
    serving = h.terminal;
    const percent = (x: string) => {
      try {
        return encodeURIComponent(x);
      } catch {
        return '%ED%A0%80'; // a lone surrogate has no UTF-8: its would-be bytes
      }
    };
    const raw = text(['%', '%Z', '%E0%A4%A', '%C0%AF', '%00', '%FF', '%2e%2e/%2e%2e/package.json', '..%2f..%2fpackage.json', '../../', '%252e', '?', '#', ';', '//', '.']);
    const tail = fc.array(fc.oneof(oddString.filter((x) => x.length < 200).map(percent), raw, text(['trades.quote', 'contract', 'people.create', '__proto__', 'constructor'])), { maxLength: 4 }).map((parts) => parts.join(''));
    const request = fc.tuple(text(['/', '/api/', '/assets/', '//', '/api', '/api/contract/']), tail, text(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']));
    try {
      await fc.assert(
        fc.asyncProperty(request, async ([prefix, rest, verb]) => {
          const path = prefix + rest;
          const before = f.watch.current();
          const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
            const r = http.request({ host: '127.0.0.1', port, method: verb, path, agent, headers: { authorization: `Bearer ${TOKEN}` } }, (answer) => {
              const chunks: Buffer[] = [];
              answer.on('data', (c: Buffer) => chunks.push(c));
              answer.on('end', () => resolve({ status: answer.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
            });
            r.setTimeout(10_000, () => r.destroy(new Error(`${verb} ${brief(path)}: no answer in 10 s`)));
            r.on('error', reject);
            r.end();
          });
          const what = `${verb} ${brief(path)}`;
          expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
          const api = requestPath(path)?.startsWith('/api/') ?? false;
          if (api && verb !== 'HEAD' && res.status !== 200) {
            const answer = JSON.parse(res.text) as Result<unknown>;
            expect(answer.ok).toBe(false);
            if (!answer.ok) expectCatalogued(answer.error, what);
          }
          if (res.status !== 200 || verb !== 'POST') expectUnchanged(before, f.watch.current(), what);
        }),
        // First the targets that once ended the server (`//`) or answered 500 (a path that does not decode).
        { numRuns: RUNS, reporter: reporter('paths'), examples: [[['//', '', 'GET']], [['//', '%', 'POST']], [['/', '%E0%A4%A', 'GET']], [['/', '%', 'HEAD']]] },
      );
    } finally {
      serving = undefined;
      h.close();
    }
  });
});

// ---- hostile text the Terminal accepts, shown back ----

/** Free text a method stores (within its schema's bounds), and where it is shown again. */
const STORED_TEXT: { method: MethodName; build: (s: string, n: number) => Record<string, unknown> }[] = [
  { method: 'cash.fund', build: (s) => ({ currency: 'USD', amount: '1', note: s.slice(0, 200), actor: 'mgr1' }) },
  { method: 'reserves.setBasicAccount', build: (s) => ({ bankName: s.slice(0, 100), accountNo: s.slice(0, 40), actor: 'mgr1' }) },
  { method: 'reserves.openAccount', build: (s, n) => ({ bankName: '工商银行', currency: 'CNY', accountNo: `${s.slice(0, 30)}${n}`, actor: 'mgr1' }) },
  { method: 'reserves.move', build: (s) => ({ kind: 'till_safe', currency: 'USD', amount: '1', from: 'till', to: 'safe', note: s.slice(0, 200), actor: 'sup1' }) },
  { method: 'people.create', build: (s, n) => ({ id: `fz${n}`, name: s.slice(0, 100), role: 'teller', password: 'fuzz-password' }) },
  { method: 'calendar.load', build: (s) => ({ year: 2027, holidays: ['2027-01-01'], workdays: [], source: s.slice(0, 300), loadedBy: 'mgr1' }) },
];
const READERS: [MethodName, Record<string, unknown>][] = [
  ['reserves.accounts', {}], ['reserves.ledger', { month: '2026-03' }], ['cash.notes', {}], ['cash.onHand', {}], ['people.list', {}], ['calendar.get', { year: 2027 }], ['calendar.list', {}],
  ['audit.list', { limit: 1000 }], ['dayClose.prepare', { date: '2026-03-10' }], ['reports.trialBalance', { date: '2026-03-10' }],
];
const EXPORTS = ['form1', 'form2', 'trialBalance', 'profit', 'reserveLedger'].flatMap((report) => ['xlsx', 'pdf'].map((format) => ({ report, format, from: '2026-03-01', to: '2026-03-10', month: '2026-03', date: '2026-03-10' })));
const STORED_RUNS = Math.max(10, Math.round(RUNS / 8));

describe('hostile text the Terminal accepts', () => {
  it(`is shown back by the screens and the exports without an internal error (${STORED_RUNS} runs)`, async () => {
    const h = await stocked();
    const f: Fuzzed = { h, t: h.terminal, watch: new LedgerWatch(h.raw.ledger), stale: false, counts: new Map() };
    let n = 0;
    try {
      const textArb = fc.oneof(oddString, spiked(text(['工商银行', 'top-up', 'teller'])), fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...STORED_TEXT), textArb.filter((x) => x.length > 0), fc.constantFrom(...EXPORTS), async (writer, hostileText, exported) => {
          revive(f);
          const input = writer.build(hostileText, ++n);
          await fuzzOne(f, writer.method, input, undefined, () => f.t.callUnknown(writer.method, input), 'stored');
          for (const [method, readInput] of [...READERS, ['reports.export', exported] as [MethodName, Record<string, unknown>]]) {
            await fuzzOne(f, method, readInput, undefined, () => f.t.callUnknown(method, readInput), `after ${writer.method}`);
          }
        }),
        { numRuns: STORED_RUNS, reporter: reporter('stored text') },
      );
      await tick();
      expect(escaped).toEqual([]);
      expect(ledgerViolations(h.raw.ledger)).toEqual([]);
      // The readers answered: the text was shown back, not turned away.
      expect(f.counts.get('ok') ?? 0).toBeGreaterThan(STORED_RUNS * READERS.length * 0.9);
    } finally {
      h.close();
    }
  });
});

describe('hostile input to every method', () => {
  it('covers every method of the contract', () => {
    expect([...METHODS].sort()).toEqual(Object.keys(methods).sort());
  });

  it.each(METHODS)(`%s: ${RUNS} hostile inputs and ${HTTP_RUNS} raw HTTP bodies: refused cleanly, nothing written`, async (method) => {
    const h = await stocked();
    const f: Fuzzed = { h, t: h.terminal, watch: new LedgerWatch(h.raw.ledger), stale: false, counts: new Map() };
    try {
      const example = await VALID[method](h);
      await fc.assert(
        fc.asyncProperty(hostileInput(method, example, true), withSession, async (input, { session }) => {
          revive(f);
          await fuzzOne(f, method, input, session, () => f.t.callUnknown(method, input, session), 'direct');
        }),
        { numRuns: RUNS, reporter: reporter(method) },
      );
      revive(f);
      serving = { callUnknown: (m: unknown, i: unknown, s?: unknown) => f.t.callUnknown(m, i, s) } as unknown as Terminal;
      await fc.assert(
        fc.asyncProperty(rawRequests(method, example), async (req) => {
          revive(f);
          await fuzzHttp(f, method, req);
        }),
        { numRuns: HTTP_RUNS, reporter: reporter(`${method} over HTTP`) },
      );
      await tick();
      expect(escaped, 'rejections or exceptions escaped').toEqual([]);
      expect(ledgerViolations(h.raw.ledger), 'the ledger after the fuzz').toEqual([]);
      // The fuzz reached the method: not every run was turned away at the door.
      const total = [...f.counts.values()].reduce((a, b) => a + b, 0);
      const atTheDoor = [...AUTH_REFUSALS].reduce((a, c) => a + (f.counts.get(c) ?? 0), 0);
      expect(total).toBe(RUNS + HTTP_RUNS);
      expect(atTheDoor / total, `${method}: ${JSON.stringify(Object.fromEntries(f.counts))}`).toBeLessThan(0.5);
      if (process.env.FUZZ_VERBOSE) console.log(method, JSON.stringify(Object.fromEntries([...f.counts].sort((a, b) => b[1] - a[1]))));
    } finally {
      serving = undefined;
      h.close();
    }
  });
});
