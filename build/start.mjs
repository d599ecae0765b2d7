// `npm start`: the desktop app on a machine with a network.
// 1. fetch the Electron binary (electron 45 has no install hook, so `npm ci` never downloads it);
// 2. build better-sqlite3 for Electron's ABI in .electron-native/, beside (not over) the Node build
//    that the tests and browser mode load;
// 3. build the renderer and bundle main and preload; 4. start Electron.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });

const electronVersion = require('electron/package.json').version;
if (!existsSync(join(root, 'node_modules/electron/path.txt'))) run('npx', ['install-electron']);

const nativeRoot = join(root, '.electron-native');
const binding = join(nativeRoot, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
// `better-sqlite3` is an alias of better-sqlite3-multiple-ciphers (the ledger is encrypted): the
// stamp names the package too, so a build of another package or version is never reused.
const sqlitePackage = require('better-sqlite3/package.json');
const stamp = join(nativeRoot, `electron-${electronVersion}-${sqlitePackage.name}-${sqlitePackage.version}`);
if (!existsSync(binding) || !existsSync(stamp)) {
  rmSync(nativeRoot, { recursive: true, force: true });
  mkdirSync(join(nativeRoot, 'node_modules'), { recursive: true });
  cpSync(join(root, 'node_modules/better-sqlite3'), join(nativeRoot, 'node_modules/better-sqlite3'), {
    recursive: true,
    filter: (src) => !src.includes(`${'better-sqlite3'}/build`),
  });
  writeFileSync(join(nativeRoot, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': '*' } }));
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: nativeRoot, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  writeFileSync(stamp, '');
}

run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts']);
run('node', ['build/bundle.mjs']);

const electron = require('electron');
// The Terminal's heap cap, the same as `npm run serve`'s (docs/performance.md "Memory"): V8 in the
// main process takes flags only from Electron's command line, not from main.ts.
const heapFlags = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.serve.match(/--max-(old|semi)-space-size=\d+/g) ?? []).join(' ');
const child = spawn(electron, [...(heapFlags ? [`--js-flags=${heapFlags}`] : []), join(root, 'dist/electron/main.mjs')], { stdio: 'inherit', env: { ...process.env, TERMINAL_NATIVE_BINDING: binding } });
child.on('exit', (code) => process.exit(code ?? 0));
