// The simulator's HTTP side (node:http, loopback only): /api/* speaks protocol.ts and is subject
// to the faults; /control/* lets tests and training mode set the clock, the faults and people's
// standing, insert records and read counts, and is never affected by a fault.
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { CODES, PATHS, entrySchema, type Envelope, type Operation } from '../protocol';
import { SimulatorClock } from './clock';
import { Faults, faultRequest, type FaultMode } from './faults';
import { listingSchema, type Fixture } from './fixture';
import { Operations } from './operations';
import { SimulatorStore } from './store';
import { ALTERABLE } from './storeSchema';

export interface SimulatorOptions {
  /**
   * Folder of simulator.sqlite; created if missing. None: the records are kept in memory only
   * (training mode: practice customers' names and ID numbers are never written in clear).
   */
  dataDir?: string;
  fixture: Fixture;
  /** Freezes the clock at this instant; the running clock otherwise. */
  now?: string;
  /** The running clock (training mode: the terminal's); real time by default. */
  clock?: () => Date;
  port?: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const OPERATIONS = new Map<string, Operation>(Object.entries(PATHS).map(([op, path]) => [path, op as Operation]));

const decimal = z.string().regex(/^\d+(\.\d+)?$/);
const instant = z.iso.datetime({ offset: true });
const personKey = { idType: z.string().length(2), idNumber: z.string().min(1).max(40), country: z.string().length(3) };

const clockRequest = z.object({ now: instant.nullable() });
const downRequest = z.object({ until: instant });
const personRequest = z.object({
  ...personKey,
  status: z.enum(['01', '02', '03']).optional(),
  usedUsd: z.object({ JH: decimal.optional(), GH: decimal.optional() }).optional(),
  cashTodayUsd: decimal.optional(),
  /** null takes the person off the list's dates. */
  listing: listingSchema.nullable().optional(),
  noticeGiven: z.enum(['0', '1']).optional(),
  name: z.string().min(1).max(100).optional(),
});
const recordRequest = z.object({ entry: entrySchema, channel: z.enum(['41', '42']).default('41') });
/** A stored record's field altered behind the terminal's back (storeSchema.ts ALTERABLE), for the reconciliation's tests. */
const alterRequest = z.object({ refNo: z.string().min(1), field: z.enum(Object.keys(ALTERABLE) as [string, ...string[]]), value: z.string().min(1).max(100) });

class BadRequest extends Error {}

export async function startSimulatorServer(opts: SimulatorOptions): Promise<RunningSimulator> {
  if (opts.dataDir !== undefined) mkdirSync(opts.dataDir, { recursive: true });
  const store = new SimulatorStore(opts.dataDir === undefined ? ':memory:' : join(opts.dataDir, 'simulator.sqlite'));
  store.seed(opts.fixture.persons);
  const clock = new SimulatorClock(opts.now, opts.clock);
  const faults = new Faults();
  const ops = new Operations(store, clock, opts.fixture);
  let apiRequests = 0;

  async function api(req: http.IncomingMessage, res: http.ServerResponse, op: Operation | undefined): Promise<void> {
    apiRequests += 1;
    const fault: FaultMode = faults.take(clock.now().getTime());
    if (fault === 'refuse') return drop(req);
    // Hang: not processed, never answered; the socket stays open until the client gives up
    // (or the simulator closes).
    if (fault === 'hang') return;
    const text = await readBody(req);
    switch (fault) {
      case 'busy':
        return sendJson(res, 200, { code: CODES.BUSY, message: '系统繁忙，请稍后再试 / system busy, try again later' });
      case 'http500':
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error');
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('not json{');
        return;
      case 'unknownCode':
        return sendJson(res, 200, { code: '7777', message: '?' });
      case 'badRefNo':
        return sendJson(res, 200, { code: CODES.OK, message: '成功 / success', data: { serial: serialOf(text), refNo: 'BAD-REF', usdEquivalent: '0', leftUsd: '0', status: '01' } });
      case 'none':
      case 'dropAfterCommit':
        break;
    }
    if (!op) return sendJson(res, 404, { code: CODES.INVALID_DATA, message: `无此接口 / no such operation: ${req.url}` });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 200, { code: CODES.INVALID_DATA, message: '报文不是 JSON / the body is not JSON' });
    }
    let envelope: Envelope;
    try {
      envelope = ops.handle(op, body);
    } catch (e) {
      envelope = { code: CODES.SYSTEM_ERROR, message: `系统错误 / system error: ${(e as Error).message}` };
    }
    // Committed (better-sqlite3 is synchronous: the record is on disk), and the answer is lost.
    if (fault === 'dropAfterCommit') return drop(req);
    sendJson(res, 200, envelope);
  }

  async function control(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/control/stats') {
      return sendJson(res, 200, { ...store.stats(), requests: apiRequests });
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST expected' });
    const body = parseJson(await readBody(req));
    switch (path) {
      case '/control/clock': {
        const { now } = parse(clockRequest, body);
        clock.set(now);
        return sendJson(res, 200, { now: clock.now().toISOString() });
      }
      case '/control/fault': {
        const { mode, count } = parse(faultRequest, body);
        faults.set(mode, count);
        return sendJson(res, 200, { mode, ...(count !== undefined ? { count } : {}) });
      }
      case '/control/down': {
        const { until } = parse(downRequest, body);
        faults.downUntil(Date.parse(until));
        return sendJson(res, 200, { until });
      }
      case '/control/person': {
        const p = parse(personRequest, body);
        const current = store.person(p) ?? {
          idType: p.idType, idNumber: p.idNumber, country: p.country, status: '01' as const, noticeGiven: '0' as const,
          seedUsedUsd: { JH: '0', GH: '0' }, seedCashTodayUsd: '0',
        };
        const { listing, ...rest } = current;
        store.putPerson({
          ...rest,
          ...(p.name !== undefined ? { name: p.name } : {}),
          ...(p.status !== undefined ? { status: p.status } : {}),
          ...(p.noticeGiven !== undefined ? { noticeGiven: p.noticeGiven } : {}),
          ...(p.cashTodayUsd !== undefined ? { seedCashTodayUsd: p.cashTodayUsd } : {}),
          seedUsedUsd: { JH: p.usedUsd?.JH ?? current.seedUsedUsd.JH, GH: p.usedUsd?.GH ?? current.seedUsedUsd.GH },
          ...(p.listing === null ? {} : p.listing ? { listing: p.listing } : listing ? { listing } : {}),
        });
        return sendJson(res, 200, store.person(p));
      }
      case '/control/record': {
        const { entry, channel } = parse(recordRequest, body);
        try {
          return sendJson(res, 200, { refNo: ops.insertDirect(entry, channel).refNo });
        } catch (e) {
          throw new BadRequest((e as Error).message);
        }
      }
      case '/control/alter': {
        const { refNo, field, value } = parse(alterRequest, body);
        if (!store.alter(refNo, field, value)) throw new BadRequest(`no record with reference number ${refNo}`);
        return sendJson(res, 200, { refNo, field, value });
      }
      default:
        return sendJson(res, 404, { error: `no such control endpoint: ${path}` });
    }
  }

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handled = path.startsWith('/api/')
      ? api(req, res, req.method === 'POST' ? OPERATIONS.get(path) : undefined)
      : path.startsWith('/control/')
        ? control(req, res, path)
        : Promise.resolve(sendJson(res, 404, { error: `not found: ${path}` }));
    handled.catch((e: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (e instanceof BadRequest) sendJson(res, 400, { error: e.message });
      else sendJson(res, 500, { error: (e as Error).message });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests and idle keep-alive sockets would otherwise hold the close open.
        server.closeAllConnections();
      });
      store.close();
    },
  };
}

/** As if the connection failed: an RST, no HTTP answer at all. */
function drop(req: http.IncomingMessage): void {
  req.socket.resetAndDestroy();
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new BadRequest('the body is not JSON');
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new BadRequest(parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  return parsed.data;
}

/** The serial of an entry, if the body is one: echoed in a badRefNo answer so it looks plausible. */
function serialOf(text: string): string {
  try {
    const body = JSON.parse(text) as { serial?: unknown };
    return typeof body?.serial === 'string' ? body.serial : '';
  } catch {
    return '';
  }
}
