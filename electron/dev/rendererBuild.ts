// The renderer's build (dist/renderer) for browser mode and the end-to-end tests, made when it is
// missing or older than its sources (renderer/ and shared/), so `npm ci` then `npm run serve`
// opens a working counter with no other command. Several processes may ask at once (test files
// run in parallel, each starting a server): a lock folder makes one build and the others wait.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A lock older than this was left by a killed build. */
const STALE_LOCK_MS = 120_000;
const WAIT_FOR_OTHER_BUILD_MS = 180_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (name.includes('node_modules')) continue;
    const s = statSync(join(dir, name));
    if (s.isFile()) newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

export function rendererIndex(root: string): string {
  return join(root, 'dist/renderer/index.html');
}

/** True when dist/renderer is missing or older than a file of renderer/ or shared/. */
export function rendererStale(root: string): boolean {
  const index = rendererIndex(root);
  if (!existsSync(index)) return true;
  // A packaged app has the build and no sources: nothing to compare.
  if (!existsSync(join(root, 'renderer'))) return false;
  return statSync(index).mtimeMs < Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'shared')));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the renderer with Vite when it is stale; resolves false when it was already current.
 * Rejects with the build's output when Vite fails.
 */
export async function ensureRendererBuilt(root: string, onBuild: () => void = () => undefined): Promise<boolean> {
  if (!rendererStale(root)) return false;
  mkdirSync(join(root, 'dist'), { recursive: true });
  const lock = join(root, 'dist/.renderer-build.lock');
  const deadline = Date.now() + WAIT_FOR_OTHER_BUILD_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmdirSync(lock);
      } catch {
        // gone already
      }
      if (Date.now() > deadline) throw new Error(`waited ${WAIT_FOR_OTHER_BUILD_MS / 1000} s for another renderer build (remove ${lock} if none is running)`);
      await sleep(200);
    }
  }
  try {
    if (!rendererStale(root)) return false;
    onBuild();
    const vite = join(root, 'node_modules/vite/bin/vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
      cwd: root,
      encoding: 'utf8',
      // vitest sets NODE_ENV=test, which would bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`);
    return true;
  } finally {
    rmdirSync(lock);
  }
}
