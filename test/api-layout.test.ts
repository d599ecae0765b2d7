// The method is the unit (issue 15): every method is declared once, by its spec, in the file its
// prefix names (shared/api/<prefix>.ts, as `<prefix>Api`), and shared/api/index.ts merges them into
// `api`. Every spec is complete: input and output schemas, who may call, an approval's subject, and
// `actor: true` exactly where its input names who acts. When the Terminal's handlers are laid out
// the same way (electron/terminal/<prefix>/), every prefix has its folder.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTOR_FIELDS, api, ROLES, SERIAL_METHODS, type MethodName } from '../shared/api';
import type { MethodSpec } from '../shared/api/spec';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NAMES = Object.keys(api) as MethodName[];
const prefixOf = (method: string) => method.slice(0, method.indexOf('.'));
const PREFIXES = [...new Set(NAMES.map(prefixOf))].sort();
const apiFile = (prefix: string) => join(ROOT, 'shared', 'api', `${prefix}.ts`);

/** The domain object a file declares (`<prefix>Api`), or undefined. */
async function domainOf(prefix: string): Promise<Record<string, MethodSpec> | undefined> {
  if (!existsSync(apiFile(prefix))) return undefined;
  const module = (await import(pathToFileURL(apiFile(prefix)).href)) as Record<string, unknown>;
  return module[`${prefix}Api`] as Record<string, MethodSpec> | undefined;
}

/** The fields an input schema declares (every option of a union). */
function declaredFields(schema: unknown): Set<string> {
  const s = schema as { shape?: Record<string, unknown>; options?: unknown[] };
  if (s.shape && typeof s.shape === 'object') return new Set(Object.keys(s.shape));
  if (Array.isArray(s.options)) return new Set(s.options.flatMap((o) => [...declaredFields(o)]));
  return new Set();
}

describe('one spec per method, one file per domain (shared/api)', () => {
  it('every method is `prefix.verb`, declared by shared/api/<prefix>.ts as <prefix>Api, the very spec `api` holds', async () => {
    expect(NAMES.length).toBeGreaterThan(60);
    const wrong: string[] = [];
    for (const method of NAMES) {
      expect(method, method).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z0-9]*$/);
      const domain = await domainOf(prefixOf(method));
      if (!domain) wrong.push(`${method}: no shared/api/${prefixOf(method)}.ts exporting ${prefixOf(method)}Api`);
      else if (domain[method] !== api[method]) wrong.push(`${method}: not the spec ${prefixOf(method)}Api declares`);
    }
    expect(wrong).toEqual([]);
  });

  it('each domain file declares only its own prefix, and `api` merges every one of its methods', async () => {
    for (const prefix of PREFIXES) {
      const domain = (await domainOf(prefix))!;
      for (const method of Object.keys(domain)) {
        expect(prefixOf(method), `${method} in shared/api/${prefix}.ts`).toBe(prefix);
        expect(Object.hasOwn(api, method), `${method} merged into api`).toBe(true);
      }
    }
  });

  it('every spec has an input and an output schema, and roles (some) or public', () => {
    for (const method of NAMES) {
      const spec: MethodSpec = api[method];
      expect(typeof spec.input?.safeParse, `${method} input`).toBe('function');
      expect(typeof spec.output?.safeParse, `${method} output`).toBe('function');
      if (spec.roles !== 'public') {
        expect(spec.roles.length, `${method} roles`).toBeGreaterThan(0);
        for (const role of spec.roles) expect(ROLES, `${method} role ${role}`).toContain(role);
      }
    }
  });

  it('an approval has a subject function (and `self` only as a boolean); passive and serial are flags', () => {
    for (const method of NAMES) {
      const spec: MethodSpec = api[method];
      if (spec.approval !== undefined) {
        expect(typeof spec.approval.subject, `${method} approval subject`).toBe('function');
        expect(typeof spec.approval.subject({}), `${method} approval subject of {}`).toBe('string');
        if ('self' in spec.approval) expect(typeof spec.approval.self, `${method} approval self`).toBe('boolean');
      }
      for (const flag of ['actor', 'passive', 'serial'] as const) if (flag in spec) expect(spec[flag], `${method} ${flag}`).toBe(true);
    }
    // The outlet's close and a reserve movement wait on the hub between their checks and their write;
    // a refund (issue 19 item 2) on the printer.
    expect([...SERIAL_METHODS].sort()).toEqual(['dayClose.close', 'dayClose.outletClose', 'reserves.move', 'trades.commit', 'trades.refund', 'trades.void']);
  });

  it('`actor: true` exactly where the input names who acts', () => {
    const named = NAMES.filter((m) => ACTOR_FIELDS.some((f) => declaredFields(api[m].input).has(f)));
    const flagged = NAMES.filter((m) => 'actor' in api[m]);
    expect(flagged.sort()).toEqual(named.sort());
  });

  // The Terminal's handlers by domain: electron/terminal/<prefix>/index.ts lists the domain's
  // handlers as `<prefix>Handlers`, one for each of its methods and no other.
  const handlerDir = (prefix: string) => join(ROOT, 'electron', 'terminal', prefix);
  it('every prefix has its folder electron/terminal/<prefix>/, whose index.ts lists exactly its methods', async () => {
    expect(PREFIXES.filter((p) => !existsSync(join(handlerDir(p), 'index.ts')))).toEqual([]);
    for (const prefix of PREFIXES) {
      const module = (await import(pathToFileURL(join(handlerDir(prefix), 'index.ts')).href)) as Record<string, unknown>;
      const handlers = module[`${prefix}Handlers`] as Record<string, unknown> | undefined;
      expect(handlers, `electron/terminal/${prefix}/index.ts exports ${prefix}Handlers`).toBeDefined();
      expect(Object.keys(handlers!).sort(), prefix).toEqual(NAMES.filter((m) => prefixOf(m) === prefix).sort());
    }
  });
});
