// Bundles the Electron main process and preload for `npm start` and the installers:
// main → dist/electron/main.mjs (ESM; better-sqlite3 and electron stay external),
// preload → dist/electron/preload.cjs (a sandboxed preload must be one CommonJS file),
// the ledger's background check → dist/electron/quickCheckWorker.mjs (a worker thread's entry is a
// file of its own: electron/ledger/db.ts finds it beside main.mjs; plain JavaScript, copied as is),
// and the ledger's WAL checkpoints → dist/electron/checkpointWorker.mjs (electron/ledger/checkpoints.ts).
import { copyFileSync } from 'node:fs';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };
await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist/electron/main.mjs',
  format: 'esm',
  external: ['electron', 'better-sqlite3'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] });
copyFileSync('electron/ledger/quickCheckWorker.mjs', 'dist/electron/quickCheckWorker.mjs');
copyFileSync('electron/ledger/checkpointWorker.mjs', 'dist/electron/checkpointWorker.mjs');
