// The hub's HTTP API (issue 16): the health check, a terminal's enrolment, and its events pushed.
// HTTPS when given a certificate; plain HTTP only on loopback, for development (hub/main.ts). Every
// refusal is a stable code with both messages (shared/errors.ts), never a stack trace; anything
// else is logged with a reference and answered INTERNAL_ERROR.
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { randomUUID } from 'node:crypto';
import { failure, Refusal, type ErrorCode } from '../shared/errors';
import { pushRequest } from '../shared/sync/protocol';
import type { HubDatabase } from './db/open';
import { ingest } from './ingest';
import { enrol, verifySigned } from './trust';

/** A body larger than this is refused before it is read whole (a batch of 1,000 events fits). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const STATUS: Partial<Record<ErrorCode, number>> = {
  HUB_SIGNATURE_INVALID: 401, HUB_REPLAYED: 409, HUB_TERMINAL_REVOKED: 403, HUB_TERMINAL_UNKNOWN: 403,
  HUB_ENROLMENT_CODE_INVALID: 403, HUB_EVENTS_GAP: 409, HUB_EVENTS_FORK: 409, HUB_CHAIN_BROKEN: 422, HUB_BATCH_INVALID: 400,
};

export interface HubServerOptions {
  db: HubDatabase;
  now: () => Date;
  host: string;
  port: number;
  /** PEM certificate and key: HTTPS. Without them the hub listens on loopback only. */
  tls?: { cert: string; key: string };
  log?: (line: Record<string, unknown>) => void;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new Refusal('HUB_BATCH_INVALID', { problem: 'the body is not JSON' });
  }
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

export async function startHubServer(opts: HubServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  if (!opts.tls && !isLoopback(opts.host)) throw new Error(`plain HTTP is for loopback only: give --cert and --key to listen on ${opts.host}`);
  const log = opts.log ?? ((line) => console.log(JSON.stringify(line)));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const route = `${req.method ?? ''} ${url.pathname}`;
    try {
      if (route === 'GET /health') return send(res, 200, { ok: true, at: opts.now().toISOString() });
      if (route !== 'POST /v1/enrol' && route !== 'POST /v1/events') return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: { zh: '没有这个地址。', en: 'No such path.' } } });
      const body = await readBody(req);
      if (route === 'POST /v1/enrol') {
        const value = await enrol(opts.db, parseJson(body), opts.now);
        log({ at: opts.now().toISOString(), event: 'enrolled', terminal: value.terminalId });
        return send(res, 200, { ok: true, value });
      }
      // Signed before anything is read of it.
      const terminalId = await verifySigned(opts.db, { method: req.method!, path: url.pathname, headers: req.headers, body }, opts.now);
      const parsed = pushRequest.safeParse(parseJson(body));
      if (!parsed.success) throw new Refusal('HUB_BATCH_INVALID', { problem: `${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}` });
      const value = await ingest(opts.db, terminalId, parsed.data.events, opts.now);
      if (value.stored > 0) log({ at: opts.now().toISOString(), event: 'events', terminal: terminalId, stored: value.stored, held: value.held });
      return send(res, 200, { ok: true, value });
    } catch (e) {
      if (e instanceof BodyTooLarge) return send(res, 413, { ok: false, error: failure('HUB_BATCH_INVALID', { problem: `the body is larger than ${MAX_BODY_BYTES} bytes` }) });
      if (e instanceof Refusal) return send(res, STATUS[e.code] ?? 400, { ok: false, error: e.failure });
      const ref = randomUUID();
      log({ at: opts.now().toISOString(), event: 'error', route, ref, error: e instanceof Error ? e.message : String(e) });
      return send(res, 500, { ok: false, error: failure('INTERNAL_ERROR', { ref }) });
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  const server = opts.tls ? createHttps({ cert: opts.tls.cert, key: opts.tls.key }, listener) : createHttp(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    server,
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
