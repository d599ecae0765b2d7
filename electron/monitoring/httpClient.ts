// The interface-mode client (联机接口模式): JSON over HTTP with a connect timeout and a response
// timeout. It classifies every failure (see MonitoringError): a refused or reset connection before
// the request was sent is transient; anything after it was sent that is not a well-formed answer
// (timeout, dropped connection, HTTP error, garbled body, unknown code, malformed reference number)
// is unknown, because the monitoring system may have recorded it.
import http from 'node:http';
import { MonitoringError, type CancelRequest, type MonitoringAdapter, type PersonRef } from './adapter';
import {
  CODES,
  PATHS,
  PERMANENT_CODES,
  REF_NO,
  TRANSIENT_CODES,
  type Entry,
  type Envelope,
  type Operation,
  type QuotaData,
  type RecordData,
  type RecordsData,
  type RegisterData,
} from './protocol';

/** Records a page: the most the interface gives (protocol.ts `pageSize`). */
export const RECORD_PAGE_SIZE = 500;
/** A day's pages asked for at once after the first (a bound on what one close asks of SAFE at a time). */
export const RECORD_PAGES_IN_FLIGHT = 4;
/** The most pages read for a day (500,000 records): a bound, never near at ~3,000 a busy day. */
export const MAX_RECORD_PAGES = 1_000;

export interface HttpClientOptions {
  baseUrl: string;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
}

export class InterfaceModeClient implements MonitoringAdapter {
  private readonly url: URL;
  private readonly connectTimeoutMs: number;
  private readonly responseTimeoutMs: number;

  constructor(opts: HttpClientOptions) {
    this.url = new URL(opts.baseUrl);
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 2_000;
    this.responseTimeoutMs = opts.responseTimeoutMs ?? 5_000;
  }

  async quota(person: PersonRef, tradeType: 'JH' | 'GH'): Promise<QuotaData> {
    const data = await this.call<QuotaData>('quota', { ...person, tradeType });
    if (!data || typeof data.leftUsd !== 'string' || typeof data.cashTodayUsd !== 'string' || !['01', '02', '03'].includes(data.status)) {
      throw new MonitoringError('unknown', 'quota answer without its figures');
    }
    return data;
  }

  register(entry: Entry): Promise<{ refNo: string }> {
    return this.enter('register', entry);
  }

  backfill(entry: Entry): Promise<{ refNo: string }> {
    return this.enter('backfill', entry);
  }

  async cancel(request: CancelRequest): Promise<void> {
    try {
      await this.call('cancel', request);
    } catch (e) {
      if (e instanceof MonitoringError && e.code === CODES.ALREADY_CANCELLED) return;
      throw e;
    }
  }

  async findBySerial(serial: string): Promise<RecordData | undefined> {
    const data = await this.call<RecordsData>('records', { serial });
    if (!data || !Array.isArray(data.records)) throw new MonitoringError('unknown', 'records answer without records');
    return data.records.find((r) => r.serial === serial);
  }

  async notice(person: PersonRef, status: '02' | '03'): Promise<void> {
    await this.call('notice', { idType: person.idType, idNumber: person.idNumber, country: person.country, status });
  }

  async findByRef(refNo: string): Promise<RecordData | undefined> {
    const data = await this.call<RecordsData>('records', { refNo });
    if (!data || !Array.isArray(data.records)) throw new MonitoringError('unknown', 'records answer without records');
    return data.records.find((r) => r.refNo === refNo);
  }

  /**
   * A day's records, every page. The first answer says how many pages there are; the others are
   * then asked RECORD_PAGES_IN_FLIGHT at a time rather than one after another: the busiest day's
   * 3,000 records are 7 pages of 500 (the largest the interface gives), 7 round trips to SAFE one by
   * one. In SAFE's order, page by page. A page that fails fails the whole (the day close says so).
   */
  async recordsOn(date: string): Promise<RecordData[]> {
    const page = async (n: number): Promise<RecordsData> => {
      const data = await this.call<RecordsData>('records', { date, page: n, pageSize: RECORD_PAGE_SIZE });
      if (!data || !Array.isArray(data.records)) throw new MonitoringError('unknown', 'records answer without records');
      return data;
    };
    const first = await page(1);
    const pages = Math.min(Number.isSafeInteger(first.pages) ? first.pages : 1, MAX_RECORD_PAGES);
    const rest: RecordData[][] = [];
    let next = 2;
    const fetcher = async (): Promise<void> => {
      while (next <= pages) {
        const n = next++;
        rest[n - 2] = (await page(n)).records;
      }
    };
    await Promise.all(Array.from({ length: Math.min(RECORD_PAGES_IN_FLIGHT, pages - 1) }, fetcher));
    return [first.records, ...rest].flat();
  }

  private async enter(op: 'register' | 'backfill', entry: Entry): Promise<{ refNo: string }> {
    const data = await this.call<RegisterData>(op, entry);
    if (!data || typeof data.refNo !== 'string' || !REF_NO.test(data.refNo)) {
      throw new MonitoringError('unknown', `answer without a valid reference number (${String(data?.refNo)})`);
    }
    return { refNo: data.refNo };
  }

  /** One request and its classified answer. Resolves with `data` for 0000 and 0001 (already recorded). */
  private call<T>(op: Operation, body: unknown): Promise<T | undefined> {
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise((resolve, reject) => {
      let sent = false;
      let settled = false;
      const fail = (kind: 'transient' | 'unknown', message: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(responseTimer);
        req.destroy();
        reject(new MonitoringError(kind, `${op}: ${message}`));
      };
      const req = http.request({
        hostname: this.url.hostname,
        port: this.url.port,
        path: PATHS[op],
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
        agent: false,
      });
      const connectTimer = setTimeout(() => fail('transient', 'connect timeout'), this.connectTimeoutMs);
      let responseTimer: NodeJS.Timeout | undefined;
      req.on('socket', (socket) => {
        socket.on('connect', () => {
          clearTimeout(connectTimer);
          responseTimer = setTimeout(() => fail('unknown', 'no answer in time'), this.responseTimeoutMs);
        });
      });
      req.on('finish', () => (sent = true));
      req.on('error', (e) => fail(sent ? 'unknown' : 'transient', e.message));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => fail('unknown', e.message));
        res.on('end', () => {
          if (settled) return;
          if (res.statusCode !== 200) return fail('unknown', `HTTP ${res.statusCode}`);
          let envelope: Envelope<T>;
          try {
            envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope<T>;
          } catch {
            return fail('unknown', 'answer is not JSON');
          }
          settled = true;
          clearTimeout(connectTimer);
          clearTimeout(responseTimer);
          const code = typeof envelope?.code === 'string' ? envelope.code : '';
          const message = typeof envelope?.message === 'string' ? envelope.message : '';
          if (code === CODES.OK || code === CODES.ALREADY_RECORDED) return resolve(envelope.data);
          if (PERMANENT_CODES.has(code) || code === CODES.ALREADY_CANCELLED) {
            return reject(new MonitoringError('permanent', `${op}: ${code} ${message}`, code, envelope.data));
          }
          if (TRANSIENT_CODES.has(code)) return reject(new MonitoringError('transient', `${op}: ${code} ${message}`, code));
          reject(new MonitoringError('unknown', `${op}: unknown answer code "${code}"`, code));
        });
      });
      req.end(payload);
    });
  }
}
