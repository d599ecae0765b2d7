// Browser mode's transport: the same Terminal over HTTP, bound to 127.0.0.1 only.
//   POST /api/<method>  JSON body, Authorization: Bearer <token>, X-Session: <auth.signIn's session>
//     → {"ok":true,"value":…} or {"ok":false,"error":{"code":…,"message":{"zh":…,"en":…}}}
//   GET  /api/contract  the methods and their input and output JSON schemas
//   GET  /…             the built renderer (index.html carries the token in a meta tag)
// Input is validated by the Terminal against the contract, exactly as over IPC. There are no CORS
// headers, so a page from another origin can neither read the token nor send the Authorization
// header. And against DNS rebinding (a page whose name is made to resolve to 127.0.0.1 becomes
// "same origin" with us): every request must name this server's own loopback address and port in
// its Host header (127.0.0.1, localhost or [::1]), and a request with an Origin must come from one
// of those too; the token is only ever put into a page served to an allowed Host.
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { z } from 'zod';
import { methods, outputs } from '../../shared/api';
import { LIST_MAX_CHARS } from '../../shared/api/screening';
import { failure, type Result } from '../../shared/errors';
import type { Terminal } from '../terminal/terminal';

/**
 * The largest body taken: a watch list file (第五十四条; the UN consolidated list is 2–3 MB) of up to
 * LIST_MAX_CHARS characters, each at most 3 bytes of UTF-8 in the JSON, and the rest of the call.
 * Electron's IPC has no such limit; browser mode must take what the API takes.
 */
const MAX_BODY = 3 * LIST_MAX_CHARS + (1 << 20);
/** HTTP statuses of refusals that are not about the input (422). */
const STATUS: Record<string, number> = { UNKNOWN_METHOD: 404, INTERNAL_ERROR: 500, NOT_SIGNED_IN: 401, SESSION_EXPIRED: 401, ROLE_NOT_ALLOWED: 403 };
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
/** The same policy as the Electron windows: nothing but this origin. */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/**
 * Every method with the JSON schema of its input (what a caller may send: defaults optional) and
 * of its answer (what the `value` of an ok Result holds). A method still without an output schema
 * (shared/api) has none here rather than a made-up one.
 */
export function contractDocument(): { methods: { name: string; input: unknown; output?: unknown }[] } {
  return {
    methods: Object.entries(methods).map(([name, schema]) => {
      const output = (outputs as Partial<Record<string, z.ZodType>>)[name];
      return {
        name,
        input: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
        ...(output ? { output: z.toJSONSchema(output, { io: 'output', unrepresentable: 'any' }) } : {}),
      };
    }),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function refuse(res: http.ServerResponse, status: number, result: Result<never>): void {
  send(res, status, result);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'tooLarge'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped, and the refusal sent at its end: answered while
    // the browser still sends, the connection would be reset and the screen see no refusal.
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? 'tooLarge' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The loopback names this server answers to; with the port it listens on, nothing else. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `host[:port]` (a Host header, or an origin's authority) is this server's own address. */
function ownAuthority(authority: string, localPort: number | undefined): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!m) return false;
  const port = m[2] === undefined ? 80 : Number(m[2]);
  return LOOPBACK_HOSTS.has(m[1]!.toLowerCase()) && port === localPort;
}

/** Why a request is refused before anything else: a foreign Host or Origin (DNS rebinding). */
function foreignRequest(req: http.IncomingMessage): Result<never> | undefined {
  const localPort = req.socket.localPort;
  const host = req.headers.host ?? '';
  if (!ownAuthority(host, localPort)) return { ok: false, error: failure('HOST_NOT_ALLOWED', { host: host.slice(0, 100) }) };
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const m = /^http:\/\/([^/]+)$/.exec(origin);
    if (!m || !ownAuthority(m[1]!, localPort)) return { ok: false, error: failure('ORIGIN_NOT_ALLOWED', { origin: origin.slice(0, 100) }) };
  }
  return undefined;
}

function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

export function createHttpHandler(terminal: Terminal, opts: { token: string; staticDir: string }): http.RequestListener {
  const invalid = (problemZh: string, problemEn: string) => ({ ok: false as const, error: failure('INVALID_INPUT', { field: 'body', problemZh, problemEn }) });

  async function api(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, invalid('须用 POST', 'must be sent with POST'));
    if (!tokenMatches(req.headers.authorization, opts.token)) return refuse(res, 401, { ok: false, error: failure('UNAUTHORIZED') });
    const body = await readBody(req);
    if (body === 'tooLarge') return refuse(res, 413, invalid(`超过 ${MAX_BODY >> 20} MB`, `is larger than ${MAX_BODY >> 20} MB`));
    let input: unknown = undefined;
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return refuse(res, 400, invalid('不是 JSON', 'is not JSON'));
      }
    }
    // The person's session (auth.signIn) travels beside the body; the bearer token only says the
    // request comes from this terminal's own page.
    const session = req.headers['x-session'];
    const result = await terminal.callUnknown(method, input, typeof session === 'string' ? session : undefined);
    send(res, result.ok ? 200 : (STATUS[result.error.code] ?? 422), result);
  }

  function file(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    // A path that does not decode (`/%E0%A4`, a stray `%`) names no file: not found, not a failure.
    const relative = pathname === '/' ? 'index.html' : decodedPath(pathname)?.replace(/^\/+/, '');
    // resolve() drops a trailing separator, so `dir/` and `dir` guard the same folder.
    const root = resolve(opts.staticDir);
    const full = relative === undefined ? '' : normalize(join(root, relative));
    if (relative === undefined || !full.startsWith(root + sep) || !existsSync(full) || !statSync(full).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    let content: Buffer | string = readFileSync(full);
    if (relative === 'index.html') {
      content = content.toString('utf8').replace('</head>', `<meta name="terminal-token" content="${opts.token}"></head>`);
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(full)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  }

  return (req, res) => {
    const done = (e: unknown) => {
      console.error('http: request failed', e);
      if (!res.headersSent) send(res, 500, { ok: false, error: failure('INTERNAL_ERROR', { ref: 'http' }) });
      else res.end();
    };
    try {
      const foreign = foreignRequest(req);
      if (foreign) return send(res, 403, foreign);
      // A request target that is no path (`//`, `//%`, `*`) names nothing here; thrown outside
      // this try, it would have ended the process (an exception in a request listener).
      const pathname = requestPath(req.url);
      if (pathname === undefined) return void res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad request');
      if (pathname === '/api/contract') return send(res, 200, contractDocument());
      if (pathname.startsWith('/api/')) return void api(req, res, pathname.slice('/api/'.length)).catch(done);
      file(req, res, pathname);
    } catch (e) {
      done(e);
    }
  };
}

function requestPath(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}
