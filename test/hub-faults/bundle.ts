// The fault campaigns' children, bundled once with esbuild: the hub (./hub.ts: hub/main.ts, as
// `npm run hub` runs it, loaded ahead) and the counter (./counter.ts). Loaded through tsx, each
// start costs two to three seconds of module loading on a busy 2-core machine, against under one
// bundled; the campaigns start the hub and the counters over a hundred times. The same code runs, only loaded
// from one file: each module keeps its own `import.meta.url` (so the hub finds hub/migrations/,
// the ledger its migrations and its quick-check worker, where they are in the repository).
// Inside node_modules/.cache, so that the packages left out of the bundle (the native SQLite,
// PGlite with its WebAssembly, the pg driver) resolve from the project's node_modules.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { withoutReportLibraries } from '../helpers/bundle';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Each of the project's modules sees its own file as `import.meta.url`, as under tsx. */
const ownImportMeta: Plugin = {
  name: 'own-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (a) => {
      if (a.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const source = readFileSync(a.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(a.path)));
      return { contents: source, loader: 'ts', resolveDir: dirname(a.path) };
    });
  },
};


export interface Bundles {
  hub: string;
  counter: string;
  remove(): void;
}

export async function bundleChildren(): Promise<Bundles> {
  const dir = join(ROOT, 'node_modules', '.cache', 'hub-faults', String(process.pid));
  mkdirSync(dir, { recursive: true });
  const common = {
    bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  } as const;
  const hub = join(dir, 'hub.mjs');
  const counter = join(dir, 'counter.mjs');
  await Promise.all([
    build({ ...common, entryPoints: [join(ROOT, 'test', 'hub-faults', 'hub.ts')], outfile: hub, packages: 'external', plugins: [ownImportMeta] }),
    build({ ...common, entryPoints: [join(ROOT, 'test', 'hub-faults', 'counter.ts')], outfile: counter, external: ['better-sqlite3'], plugins: [ownImportMeta, withoutReportLibraries('hub faults')] }),
  ]);
  return { hub, counter, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
