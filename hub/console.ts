// HQ's console (issue 18 item 1): a page of the renderer's build (dist/renderer/hq.html and its
// assets: renderer/hq/), served by the hub from its own address, so the page speaks to the hub's
// API as the same origin with the bearer token of a hub person's sign-in. GET only; nothing outside
// the build folder is served.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:renderer` puts the build (the counter's pages and the console's). */
export const CONSOLE_DIR = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json',
};
// As the counter's page (electron/transport/http.ts): scripts and calls to this origin only.
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Whether this request is for the console's page or its assets (GET /, /console, /assets/…). */
export function isConsolePath(method: string | undefined, pathname: string): boolean {
  return (method === 'GET' || method === 'HEAD') && (pathname === '/' || pathname === '/console' || pathname.startsWith('/assets/'));
}

export function serveConsole(req: IncomingMessage, res: ServerResponse, pathname: string, dir: string = CONSOLE_DIR): void {
  let relative: string | undefined;
  try {
    relative = pathname === '/' || pathname === '/console' ? 'hq.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    relative = undefined;
  }
  const root = resolve(dir);
  const full = relative === undefined ? '' : normalize(join(root, relative));
  if (relative === undefined || !full.startsWith(root + sep) || !existsSync(full) || !statSync(full).isFile()) {
    const missing = relative === 'hq.html';
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      .end(missing ? 'The console is not built: run `npm run build:renderer` on the hub machine.\n总部控制台尚未构建：请在中心电脑上运行 npm run build:renderer。' : 'not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(full)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : readFileSync(full));
}
