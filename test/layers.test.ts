// The layers of design/architecture.md, checked by reading every import: shared/ is pure (no Node,
// no DOM, no I/O, nothing from electron/ or renderer/); renderer/ sees only shared/; only
// electron/main.ts and electron/preload.ts import electron.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  const full = join(ROOT, dir);
  try {
    statSync(full);
  } catch {
    return [];
  }
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes('node_modules'))
    .map((f) => join(dir, f));
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

/** Where a relative import lands, as a top-level folder. */
function layerOf(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(ROOT, resolve(ROOT, file, '..', spec)).split(/[\\/]/)[0];
}

// @noble/hashes: SHA-256 in plain JavaScript, for the hub's check of a terminal's chain (shared/sync/chain.ts).
// Watch-list screening (第五十四条): pinyin-pro reads a Chinese name as pinyin, fast-xml-parser the UN
// list's XML; mrz reads an ICAO 9303 machine-readable zone (shared/id/mrz.ts, 第三十一条); all plain
// JavaScript, no Node, no DOM.
const SHARED_PACKAGES = new Set(['decimal.js', 'zod', 'i18n-iso-countries', '@noble/hashes', 'pinyin-pro', 'fast-xml-parser', 'mrz']);
/** A package's name from an import: `@scope/name` or `name`. */
const packageOf = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

describe('layers', () => {
  it('shared/ imports nothing from Node, the DOM, electron/ or renderer/, and only pure packages', () => {
    const files = sources('shared');
    expect(files.length).toBeGreaterThan(10);
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((s) => (s.startsWith('.') ? layerOf(f, s) !== 'shared' : !SHARED_PACKAGES.has(packageOf(s))))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('shared/ uses no Node or browser globals', () => {
    // Code only: comments and string literals are prose ("the linked window.").
    const code = (f: string) =>
      readFileSync(join(ROOT, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, "''");
    const bad = sources('shared').filter((f) => /\b(process|Buffer|require|window|document|localStorage|fetch)\s*[.(]/.test(code(f)));
    expect(code('shared/rules/prompts.ts')).not.toContain('the linked window');
    expect(code('shared/rules/prompts.ts')).toContain('riskPrompts');
    expect(bad).toEqual([]);
  });

  it('renderer/ imports only shared/ (and its own files and UI packages)', () => {
    const bad = sources('renderer').flatMap((f) =>
      imports(f)
        .filter((s) => s.startsWith('node:') || s === 'electron' || (s.startsWith('.') && !['renderer', 'shared'].includes(layerOf(f, s)!)))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('hub/ imports shared/ and its own files, never electron/ or renderer/ (../shared/design/hub.md)', () => {
    const files = sources('hub');
    expect(files.length).toBeGreaterThan(2);
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((s) => s === 'electron' || s === 'react' || (s.startsWith('.') && !['hub', 'shared', 'sheets'].includes(layerOf(f, s)!)))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('sheets/ (a report as XLSX and PDF, for the terminal and the hub) imports only shared/', () => {
    const files = sources('sheets');
    expect(files.length).toBeGreaterThan(1);
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((s) => s === 'electron' || s === 'react' || (s.startsWith('.') && !['sheets', 'shared'].includes(layerOf(f, s)!)))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('only electron/main.ts and electron/preload.ts import electron; no service imports the renderer', () => {
    const allowed = new Set(['electron/main.ts', 'electron/preload.ts']);
    const bad = sources('electron').flatMap((f) =>
      imports(f)
        .filter((s) => (s === 'electron' && !allowed.has(f)) || s === 'react' || (s.startsWith('.') && layerOf(f, s) === 'renderer'))
        .map((s) => `${f} imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('the checker itself sees a bad import', () => {
    expect(imports('electron/ledger/db.ts')).toContain('better-sqlite3');
    expect(layerOf('shared/rules/decide.ts', '../../electron/ledger/db')).toBe('electron');
  });
});

describe('the date in tests', () => {
  // A test that reads today's date fails on some day (the suite once failed every December, when
  // 附表2 fell due in a year whose calendar was not loaded). Tests take the date from a clock they
  // set (openHarness({start}), TestClock, browser mode's --clock, the simulator's --now/--from);
  // Date.now() stays allowed for elapsed time. .ci/run also runs the date-sensitive files under
  // faketime to prove it.
  const wallClock = /new Date\(\s*\)|businessDate\(\s*new Date\(\s*Date\.now/;
  it('no test reads the wall clock for a date (a Date made without an argument), the benchmark aside', () => {
    const bad = sources('test')
      .filter((f) => !f.startsWith('test/bench/') && f !== 'test/layers.test.ts')
      .filter((f) => wallClock.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(bad).toEqual([]);
  });

  it('the check sees a wall-clock date', () => {
    expect(wallClock.test(`const month = businessDate(new ${'Date'}()).slice(0, 7);`)).toBe(true);
    expect(wallClock.test("const now = () => new Date('2026-03-10T02:00:00Z');")).toBe(false);
  });
});

describe('the inner loop', () => {
  // `npm run test:unit` must stay under a minute: a file that starts processes (the simulator,
  // browser mode, a browser, crash children) belongs in vitest.config.ts SLOW_TESTS.
  it('every test file that starts a process is left out of test:unit', async () => {
    const { SLOW_TESTS } = await import('../vitest.config');
    const starts = sources('test').filter((f) => f.endsWith('.test.ts') && !f.startsWith('test/e2e/') && f !== 'test/layers.test.ts')
      .filter((f) => /\b(spawn|startSimulator|launchBrowser|startServer)\(/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(starts.length).toBeGreaterThan(5);
    expect(starts.filter((f) => !SLOW_TESTS.includes(f))).toEqual([]);
  });
});

describe('the layers inside electron/ (issue 15)', () => {
  /** Which folders of electron/ (and shared/) each folder may import: lower layers never the terminal. */
  const ALLOWED: Record<string, readonly string[]> = {
    ledger: ['shared'],
    // loop (electron/loop.ts): the one background loop (outbox sync, print spool), a utility below both.
    monitoring: ['ledger', 'shared', 'loop'],
    printer: ['ledger', 'shared'],
    // keyFile (electron/keyFile.ts): an Ed25519 key in the data folder, for 附表3 and for the hub.
    reports: ['ledger', 'shared', 'keyFile'],
    // hubClient: the link to the institution's hub (issue 16): events up, reference data down (applied
    // by terminal/hubSync, handed in), the look-ups.
    hubClient: ['ledger', 'shared', 'loop', 'keyFile'],
    // sheets (top level): a report as XLSX and PDF, shared with the hub.
    terminal: ['ledger', 'monitoring', 'printer', 'reports', 'hubClient', 'shared', 'loop', 'sheets'],
    transport: ['terminal', 'shared'],
    app: ['terminal', 'ledger', 'monitoring', 'printer', 'shared'],
    dev: [],
  };
  /** electron/<folder> or shared of a relative import, or undefined for a package. */
  function target(file: string, spec: string): string | undefined {
    if (!spec.startsWith('.')) return undefined;
    const parts = relative(ROOT, resolve(ROOT, file, '..', spec)).split(/[\\/]/);
    return parts[0] === 'electron' ? parts[1] : parts[0];
  }
  const bad = (folder: string) => sources(`electron/${folder}`).flatMap((f) =>
    imports(f)
      .map((s) => [s, target(f, s)] as const)
      .filter(([, t]) => t !== undefined && t !== folder && !ALLOWED[folder]!.includes(t))
      .map(([s]) => `${f} imports ${s}`));

  it.each(Object.keys(ALLOWED))('electron/%s imports only the layers below it', (folder) => {
    expect(sources(`electron/${folder}`).length).toBeGreaterThan(0);
    expect(bad(folder)).toEqual([]);
  });

  it('the check sees an import of the terminal from the ledger', () => {
    expect(target('electron/ledger/backup.ts', '../terminal/context')).toBe('terminal');
    expect(target('electron/monitoring/simulator/server.ts', '../../ledger/sql')).toBe('ledger');
    expect(ALLOWED.ledger!.includes('terminal')).toBe(false);
  });
});

describe('import cycles', () => {
  /**
   * The files a file imports, type-only imports included (a type cycle is a knot a reader has to
   * untie too: issue 15), resolved to source files.
   */
  function fileImports(file: string, known: ReadonlySet<string>): string[] {
    const specs = imports(file);
    return specs.filter((s) => s.startsWith('.')).flatMap((s) => {
      const base = relative(ROOT, resolve(ROOT, file, '..', s));
      const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => known.has(c));
      return hit ? [hit] : [];
    });
  }

  /** Every cycle's files (strongly connected components of more than one file, or a self-import). */
  function cycles(files: readonly string[]): string[][] {
    const known = new Set(files);
    const edges = new Map(files.map((f) => [f, fileImports(f, known)]));
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const found: string[][] = [];
    const visit = (v: string): void => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      onStack.add(v);
      for (const w of edges.get(v)!) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== v);
        if (scc.length > 1 || edges.get(v)!.includes(v)) found.push(scc.sort());
      }
    };
    for (const f of files) if (!index.has(f)) visit(f);
    return found;
  }

  // No cycle at all: not at run time (a module used before it is initialised), not through types
  // (the services a handler gets are one type, the per-call Call another: electron/terminal/services.ts).
  it('electron/, hub/, shared/, sheets/ and renderer/ import one another in no cycle, type-only imports included', () => {
    const files = ['electron', 'hub', 'shared', 'sheets', 'renderer'].flatMap((d) => sources(d));
    expect(files.length).toBeGreaterThan(100);
    expect(cycles(files)).toEqual([]);
  });

  it('the check sees a cycle', () => {
    const dir = join(ROOT, 'node_modules', '.cache', `cycle-check-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nimport type { c } from './c';\nexport const b = () => a;\n");
    writeFileSync(join(dir, 'c.ts'), "import type { b } from './b';\nexport type c = typeof b;\n");
    try {
      const rel = (f: string) => relative(ROOT, join(dir, f));
      // a ⇄ b at run time, b ⇄ c through types: one knot of three files.
      expect(cycles([rel('a.ts'), rel('b.ts'), rel('c.ts')])).toEqual([[rel('a.ts'), rel('b.ts'), rel('c.ts')]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one writer per table (issue 15)', () => {
  /**
   * The one file that inserts, updates or deletes each table of the ledger (Kysely's insertInto,
   * updateTable, deleteFrom, or raw SQL). Others read it, and ask its writer to write. Tables not
   * here are written by triggers (account_balances, note_stock) or only by migrations. A counter
   * rebuilt from the hub (electron/ledger/replay.ts) gets the rows its events carry written back as
   * they were, by the table each event names — a restore, as a backup file copied whole is — and
   * asks the owners above for the rest (an account, an audit entry, the chain's start).
   */
  const OWNERS: Record<string, string> = {
    accounts: 'electron/ledger/accounts.ts', postings: 'electron/ledger/accounts.ts',
    audit_log: 'electron/ledger/audit.ts', audit_chain: 'electron/ledger/audit.ts',
    outbox: 'electron/monitoring/outbox.ts', outbox_resolutions: 'electron/monitoring/resolve.ts',
    realtime_intents: 'electron/monitoring/intents.ts',
    approval_uses: 'electron/terminal/auth/sessions.ts', people: 'electron/terminal/people/staff.ts',
    attempts: 'electron/terminal/trades/commit.ts', customers: 'electron/terminal/trades/book.ts', trades: 'electron/terminal/trades/book.ts',
    voids: 'electron/terminal/trades/void.ts',
    // issue 19 item 2 (refund on another day)
    refunds: 'electron/terminal/trades/refund.ts',
    print_jobs: 'electron/ledger/printJobs.ts',
    basic_account: 'electron/terminal/reserves/accounts.ts', reserve_accounts: 'electron/terminal/reserves/accounts.ts',
    reserve_banks: 'electron/terminal/reserves/accounts.ts', reserve_movements: 'electron/terminal/reserves/movements.ts',
    calendar_years: 'electron/terminal/calendar/calendars.ts', clock_mark: 'electron/terminal/clock/guard.ts',
    day_balances: 'electron/terminal/dayClose/close.ts', day_closes: 'electron/terminal/dayClose/close.ts',
    day_costs: 'electron/terminal/dayClose/close.ts', handovers: 'electron/terminal/cash/handover.ts',
    outlet: 'electron/terminal/settings.ts', policy_versions: 'electron/terminal/settings.ts', hub_outlet: 'electron/terminal/settings.ts',
    rates: 'electron/terminal/rates/board.ts', usd_conversion_rates: 'electron/terminal/conversionRates/index.ts',
    // issue 19 item 3 (第三十四条): a currency's filing with SAFE
    currency_listings: 'electron/terminal/rates/listings.ts',
    hub_reference: 'electron/terminal/hubSync/apply.ts', receipt_books: 'electron/ledger/receipts.ts', receipt_restarts: 'electron/ledger/receipts.ts', cash_transfers: 'electron/ledger/transfers.ts', outlet_days: 'electron/terminal/dayClose/outletClose.ts',
    // watch-list screening (第五十四条)
    screening_lists: 'electron/terminal/screening/lists.ts', screening_entries: 'electron/terminal/screening/lists.ts',
    screening_hits: 'electron/terminal/screening/hits.ts', screening_decisions: 'electron/terminal/screening/hits.ts',
    // ---- issue 19 item 7 (inspection and retention): the day's archive (migration 026) ----
    day_archives: 'electron/terminal/archive/store.ts',
    // ---- issue 21 (notes kept with the trade): note_movements became note_bundles (migration 028) ----
    note_bundles: 'electron/ledger/notes.ts',
  };

  // issue 21 (no query built twice): insertRows(db, 'table', rows) (electron/ledger/sql.ts) is a write too.
  const WRITE = /(?:insertInto|updateTable|deleteFrom)\(\s*'([a-z_]+)'|\binsertRows\(\s*[\w.]+\s*,\s*'([a-z_]+)'|\b(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+([a-z_]+)\b/gi;
  function writers(files: readonly string[]): Map<string, Set<string>> {
    const byTable = new Map<string, Set<string>>();
    for (const f of files) {
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(WRITE)) {
        const table = (m[1] ?? m[2] ?? m[3])!.toLowerCase();
        if (!Object.hasOwn(OWNERS, table) && !m[1] && !m[2]) continue; // prose ("update the board"), not a table
        if (!byTable.has(table)) byTable.set(table, new Set());
        byTable.get(table)!.add(f);
      }
    }
    return byTable;
  }

  it('every table of the ledger has its one writer, and nothing else writes it', () => {
    // The simulator keeps its own database (SAFE's side), not the ledger.
    const files = sources('electron').filter((f) => !f.startsWith('electron/monitoring/simulator/'));
    const found = writers(files);
    const wrong = [...found].filter(([t, fs]) => fs.size !== 1 || [...fs][0] !== OWNERS[t]).map(([t, fs]) => `${t}: written by ${[...fs].join(', ')}, owner ${OWNERS[t] ?? 'none'}`);
    expect(wrong).toEqual([]);
    expect(Object.keys(OWNERS).filter((t) => !found.has(t)), 'owners that write nothing: take them off').toEqual([]);
  });

  it('the check sees a second writer', () => {
    const dir = join(ROOT, 'node_modules', '.cache', `writers-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.ts'), "run(db, q.updateTable('outbox').set({ state: 'delivered' }));\ndb.prepare('insert into trades (id) values (?)');\ninsertRows(ctx.db, 'voids', [row]);\n");
    try {
      const f = relative(ROOT, join(dir, 'x.ts'));
      expect([...writers([f])].map(([t]) => t).sort()).toEqual(['outbox', 'trades', 'voids']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
