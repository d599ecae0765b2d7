// A day's records from the monitoring system, every page (electron/monitoring/httpClient.ts
// recordsOn, read by the day close's reconciliation, 第三十二条(五)): the first answer says how
// many pages there are; the others are asked RECORD_PAGES_IN_FLIGHT at a time, not one round trip
// after another. Through a real HTTP proxy in front of the simulator process, which holds each
// answer a moment and counts the requests in flight.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InterfaceModeClient, RECORD_PAGE_SIZE, RECORD_PAGES_IN_FLIGHT } from '../electron/monitoring/httpClient';
import { MonitoringError } from '../electron/monitoring/adapter';
import type { RecordsData } from '../electron/monitoring/protocol';
import { businessDate } from '../shared/time';
import { SIM_NOW, entry, startSimulator, type Simulator } from './helpers/simulator';

const DATE = businessDate(new Date(SIM_NOW));
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

interface Proxy {
  url: string;
  /** The most requests in flight at once, and the pages asked for, in the order they came. */
  maxInFlight: number;
  pages: number[];
  /** The next request with this page number is answered with a dropped connection. */
  dropPage?: number;
}

/** A proxy to the simulator: each answer held `holdMs`, the requests in flight counted. */
async function proxyTo(sim: Simulator, holdMs: number): Promise<Proxy> {
  let inFlight = 0;
  const p: Proxy = { url: '', maxInFlight: 0, pages: [] };
  const server = http.createServer((req, res) => {
    inFlight++;
    p.maxInFlight = Math.max(p.maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const page = (JSON.parse(body) as { page?: number }).page ?? 1;
      p.pages.push(page);
      void fetch(`${sim.url}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (answer) => {
          const text = await answer.text();
          setTimeout(() => {
            inFlight--;
            if (p.dropPage === page) {
              p.dropPage = undefined;
              res.socket?.destroy();
              return;
            }
            res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
          }, holdMs);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  p.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return p;
}

/** The simulator holding `n` records of the day, entered 16 at a time. */
async function simulatorWith(n: number): Promise<Simulator> {
  const sim = await startSimulator({ now: SIM_NOW });
  stops.push(() => sim.stop());
  for (let i = 0; i < n; i += 16) {
    await Promise.all(Array.from({ length: Math.min(16, n - i) }, (_, k) => sim.record(entry({ amount: String(100 + i + k) }))));
  }
  return sim;
}

/** Every page asked one after another, straight from the simulator: what the day holds, in its order. */
async function pageByPage(sim: Simulator): Promise<string[]> {
  const refs: string[] = [];
  for (let page = 1; ; page++) {
    const answer = await sim.api<RecordsData>('records', { date: DATE, page, pageSize: RECORD_PAGE_SIZE });
    refs.push(...answer.data!.records.map((r) => r.refNo));
    if (page >= answer.data!.pages) return refs;
  }
}

describe('a day\'s records, every page (the day close\'s reconciliation, 第三十二条(五))', () => {
  it(`2,600 records (6 pages of ${RECORD_PAGE_SIZE}): every record once, in SAFE's order; after the first page, ${RECORD_PAGES_IN_FLIGHT} asked at a time`, async () => {
    const sim = await simulatorWith(2_600);
    const proxy = await proxyTo(sim, 150);
    const records = await new InterfaceModeClient({ baseUrl: proxy.url }).recordsOn(DATE);
    expect(records).toHaveLength(2_600);
    expect(records.map((r) => r.refNo)).toEqual(await pageByPage(sim));
    expect(new Set(records.map((r) => r.refNo)).size).toBe(2_600);
    // Page 1 alone (it says how many there are), then the other five, four at once at most.
    expect(proxy.pages[0]).toBe(1);
    expect([...proxy.pages].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(proxy.maxInFlight).toBe(RECORD_PAGES_IN_FLIGHT);
  }, 60_000);

  it('a day of one page is one request; a page whose answer is lost fails the whole, as the monitoring system being out of reach (the close says so)', async () => {
    const sim = await simulatorWith(3);
    const proxy = await proxyTo(sim, 0);
    const client = new InterfaceModeClient({ baseUrl: proxy.url });
    expect((await client.recordsOn(DATE)).map((r) => r.refNo)).toEqual(await pageByPage(sim));
    expect(proxy.pages).toEqual([1]);
    expect(proxy.maxInFlight).toBe(1);
    // 1,100 records: three pages; the third's connection dropped.
    for (let i = 0; i < 1_097; i += 16) await Promise.all(Array.from({ length: Math.min(16, 1_097 - i) }, () => sim.record(entry())));
    proxy.dropPage = 3;
    const failed = await client.recordsOn(DATE).then(() => undefined, (e: unknown) => e);
    expect(failed).toBeInstanceOf(MonitoringError);
    expect((failed as MonitoringError).kind).toBe('unknown');
    // Asked again, the day is whole.
    expect(await client.recordsOn(DATE)).toHaveLength(1_100);
  }, 60_000);
});
