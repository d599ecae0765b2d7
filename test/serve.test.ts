// `npm ci` then `npm run serve` opens a working counter (issue 12): the page with the app's script
// and its assets, the terminal on the clock it was given, and Ctrl-C or SIGTERM stops serve and
// everything it started — through npm, as a newcomer runs it, with nothing left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rendererStale } from '../electron/dev/rendererBuild';
import { tempDir } from './helpers/terminal';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLOCK = '2026-12-04T02:00:00.000Z';

interface Served {
  npm: ChildProcess;
  url: string;
  token: string;
  out: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm run serve` in a process group of its own, so the test can see every process it made. */
async function serve(): Promise<Served> {
  const data = tempDir('serve-npm-');
  const npm = spawn('npm', ['run', 'serve', '--', '--port', '0', '--data', data, '--clock', CLOCK], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TERMINAL_TOKEN: '' },
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.once('exit', (code, signal) => resolve({ code, signal })));
  let out = '';
  let err = '';
  npm.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    npm.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^ready (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(({ code, signal }) => reject(new Error(`serve ended (${code ?? signal}) before ready: ${out}\n${err}`)));
  });
  const token = /^token (\S+)/m.exec(out)?.[1];
  if (!token) throw new Error(`no token line: ${out}`);
  return { npm, url, token, out, exited };
}

/** True while any process of the group is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pgid: number): Promise<boolean> {
  for (let i = 0; i < 300 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 100));
  return !groupAlive(pgid);
}

describe('npm run serve on a fresh clone', () => {
  it('serves the counter page with its script, on the --clock given, and SIGTERM to npm ends every process it started', async () => {
    const s = await serve();
    const pgid = s.npm.pid!;
    try {
      const page = await fetch(`${s.url}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      // The app's script, and the token the page needs (the browser needs only the address).
      const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
      expect(script, html).toBeTruthy();
      expect(html).toContain(`<meta name="terminal-token" content="${s.token}">`);
      expect((await fetch(new URL(script!, s.url))).status).toBe(200);
      // The terminal runs on the clock it was given, not the machine's date.
      const info = await (await fetch(`${s.url}/api/session.info`, { method: 'POST', headers: { authorization: `Bearer ${s.token}` }, body: '{}' })).json() as { ok: boolean; value: { businessDate: string; training: boolean } };
      expect(info.value).toMatchObject({ businessDate: '2026-12-04', training: true });
      expect(s.out).toContain('--clock');
    } finally {
      s.npm.kill('SIGTERM');
    }
    // npm ends by the signal it passed on; what matters is that nothing it started is left.
    await s.exited;
    expect(await waitGone(pgid), 'a process of `npm run serve` outlived SIGTERM').toBe(true);
    await expect(fetch(`${s.url}/`)).rejects.toThrow();
  });

  it('Ctrl-C (SIGINT to the foreground group) ends serve and everything it started', async () => {
    const s = await serve();
    const pgid = s.npm.pid!;
    process.kill(-pgid, 'SIGINT');
    await s.exited;
    expect(await waitGone(pgid), 'a process of `npm run serve` outlived Ctrl-C').toBe(true);
    await expect(fetch(`${s.url}/`)).rejects.toThrow();
  });
});

describe('the renderer build serve makes when it must', () => {
  it('is stale when dist/renderer is missing or older than a source of renderer/ or shared/, current otherwise', () => {
    const root = tempDir('renderer-stale-');
    mkdirSync(join(root, 'renderer/screens'), { recursive: true });
    mkdirSync(join(root, 'shared'), { recursive: true });
    writeFileSync(join(root, 'renderer/screens/Counter.tsx'), 'x');
    writeFileSync(join(root, 'shared/time.ts'), 'x');
    expect(rendererStale(root)).toBe(true);
    mkdirSync(join(root, 'dist/renderer'), { recursive: true });
    const index = join(root, 'dist/renderer/index.html');
    writeFileSync(index, '<html></html>');
    const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
    at(join(root, 'renderer/screens/Counter.tsx'), 1_000);
    at(join(root, 'shared/time.ts'), 1_000);
    at(index, 2_000);
    expect(rendererStale(root)).toBe(false);
    at(join(root, 'shared/time.ts'), 3_000);
    expect(rendererStale(root)).toBe(true);
    at(index, 4_000);
    at(join(root, 'renderer/screens/Counter.tsx'), 5_000);
    expect(rendererStale(root)).toBe(true);
  });
});
