// "Send now" on the queue screen (queue.syncNow with ignoreBackoff): a supervisor asking to send
// means every pending back-fill and cancel now, whatever its backoff says (第三十二条(二): the
// 24-hour window is what matters); the background loop and a plain queue.syncNow keep the backoff.
// The Terminal talks over HTTP to the simulator running as its own process, both on one clock.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InterfaceModeClient } from '../electron/monitoring/httpClient';
import { REF_NO, type Entry } from '../electron/monitoring/protocol';
import { createSync } from '../electron/monitoring/sync';
import type { Terminal } from '../electron/terminal/terminal';
import { RecordingMonitoring, type TestClock, ok, openHarness, stockOutlet, trade, type Harness } from './helpers/terminal';
import { resident, startSimulator, type Simulator } from './helpers/simulator';

const T0 = '2026-03-10T01:00:00.000Z';
const FAR = '2026-03-11T12:00:00.000Z';
const FIXTURE = {
  conversionRates: { '2026-03': { EUR: '1.25', JPY: '0.0068', HKD: '0.128' } },
  // 49,800 USD of settlement used this year: a back-fill of 300 is refused for good.
  persons: [{ idType: '01', idNumber: resident(950).idNumber, country: 'CHN', status: '01', usedUsd: { JH: '49800' } }],
};

let sim: Simulator;
let h: Harness | undefined;

beforeAll(async () => {
  sim = await startSimulator({ fixture: FIXTURE, now: T0 });
});
afterAll(async () => {
  await sim.stop();
});
afterEach(async () => {
  h?.close();
  h = undefined;
  await sim.fault('none');
  await sim.down(T0); // no longer down
});

const client = () => new InterfaceModeClient({ baseUrl: sim.url, connectTimeoutMs: 500, responseTimeoutMs: 800 });
const person = (n: number) => ({ idType: '01', idNumber: resident(n).idNumber, name: `客户${n}` });

async function open(start: string): Promise<Harness> {
  await sim.clock(start);
  h = openHarness({ start, monitoring: client() });
  await stockOutlet(h.terminal);
  return h;
}

async function at(hh: { clock: TestClock }, iso: string): Promise<void> {
  hh.clock.set(iso);
  await sim.clock(iso);
}

interface Row { id: bigint; state: string; attempts: bigint; next_attempt_at: string | null; ref_no: string | null }

function rows(t: Terminal): Row[] {
  return t.ledger.prepare("select id, state, attempts, next_attempt_at, ref_no from outbox where kind = 'backfill' order by id").all() as Row[];
}

/**
 * Small trades made while the monitoring system is down, then failed sends until each row waits
 * `rounds` backoffs: the rows are pending and not due for a while.
 */
async function backedOff(hh: { terminal: Terminal; clock: TestClock }, people: number[], rounds: number): Promise<string[]> {
  await sim.down(FAR);
  const ids: string[] = [];
  for (const n of people) ids.push(ok(await trade(hh.terminal, { customer: person(n), direction: 'settlement', currency: 'USD', amount: '50' })).id);
  for (let i = 0; i < rounds; i++) {
    // When every row is due again (a plain syncNow is one round of the loop).
    const pending = rows(hh.terminal).filter((r) => r.state === 'pending');
    const due = pending.map((r) => r.next_attempt_at!).sort().at(-1)!;
    await at(hh, due > hh.clock.now().toISOString() ? due : hh.clock.now().toISOString());
    expect(ok(await hh.terminal.call('queue.syncNow', {}))).toEqual({ delivered: 0, retrying: pending.length, needsAttention: 0 });
  }
  return ids;
}

describe('queue.syncNow with ignoreBackoff', () => {
  it('sends every pending row now, though none is due; a plain syncNow leaves them to their backoff', async () => {
    const hh = await open(T0);
    const ids = await backedOff(hh, [1, 2, 3], 4);
    await sim.down(T0); // the system is back
    const next = rows(hh.terminal).map((r) => r.next_attempt_at!);
    for (const n of next) expect(n > hh.clock.now().toISOString()).toBe(true);

    const before = await sim.stats();
    expect(ok(await hh.terminal.call('queue.syncNow', {}))).toEqual({ delivered: 0, retrying: 0, needsAttention: 0 });
    expect((await sim.stats()).requests).toBe(before.requests);
    expect(rows(hh.terminal).map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);

    expect(ok(await hh.terminal.call('queue.syncNow', { ignoreBackoff: true }))).toEqual({ delivered: 3, retrying: 0, needsAttention: 0 });
    for (const r of rows(hh.terminal)) {
      expect(r.state).toBe('delivered');
      expect(r.ref_no).toMatch(REF_NO);
    }
    const stats = await sim.stats();
    for (const id of ids) expect(stats.bySerial[id]).toBe(1);
    expect(ok(await hh.terminal.call('queue.status', {})).pending).toBe(0);
  });

  it('still down: stops at the first row it cannot send, so the supervisor hears at once; the rest keep their place', async () => {
    const hh = await open('2026-03-10T02:00:00.000Z');
    await backedOff(hh, [11, 12, 13], 2);
    const before = rows(hh.terminal);
    const requests = (await sim.stats()).requests;
    expect(ok(await hh.terminal.call('queue.syncNow', { ignoreBackoff: true }))).toEqual({ delivered: 0, retrying: 1, needsAttention: 0 });
    expect((await sim.stats()).requests).toBe(requests + 1);
    const after = rows(hh.terminal);
    expect(after.map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
    expect(after.map((r, i) => r.attempts - before[i]!.attempts)).toEqual([1n, 0n, 0n]);
    expect(after.slice(1).map((r) => r.next_attempt_at)).toEqual(before.slice(1).map((r) => r.next_attempt_at));
    const status = ok(await hh.terminal.call('queue.status', {}));
    expect(status.monitoring.online).toBe(false);
  });

  it('a row refused for good (over the annual quota) needs attention, and the rows after it are still sent', async () => {
    const hh = await open('2026-03-10T03:00:00.000Z');
    await sim.down(FAR); // offline: the quote cannot see the quota, so the trade is made
    ok(await trade(hh.terminal, { customer: person(950), direction: 'settlement', currency: 'USD', amount: '300' }));
    hh.clock.advance(1_000);
    await backedOff(hh, [21, 22], 1);
    await sim.down(T0);
    expect(ok(await hh.terminal.call('queue.syncNow', { ignoreBackoff: true }))).toEqual({ delivered: 2, retrying: 0, needsAttention: 1 });
    expect(rows(hh.terminal).map((r) => r.state)).toEqual(['needs_attention', 'delivered', 'delivered']);
  });
});

describe('the background loop keeps the backoff', () => {
  it('running on its own it sends nothing that is not due; "send now" sends it', async () => {
    const hh = await open('2026-03-10T04:00:00.000Z');
    await backedOff(hh, [31, 32], 3);
    await sim.down(T0);
    // The loop as the Terminal starts it (createTerminal: createSync(...).start()), every 20 ms.
    const loop = createSync(hh.terminal.ledger, client(), hh.clock.now, { intervalMs: 20 });
    const requests = (await sim.stats()).requests;
    loop.start();
    try {
      await new Promise((r) => setTimeout(r, 300)); // about 15 rounds
    } finally {
      loop.stop();
    }
    expect((await sim.stats()).requests).toBe(requests);
    expect(rows(hh.terminal).map((r) => r.state)).toEqual(['pending', 'pending']);
    expect(ok(await hh.terminal.call('queue.syncNow', { ignoreBackoff: true })).delivered).toBe(2);
    expect(rows(hh.terminal).map((r) => r.state)).toEqual(['delivered', 'delivered']);
  });

  it('asked while a round that keeps the backoff is under way: waits for it, then sends the rest (never two rounds at once)', async () => {
    h = openHarness({ start: '2026-03-10T05:00:00.000Z', monitoring: new RecordingMonitoring() });
    const t = h.terminal;
    await stockOutlet(t);
    for (const n of [41, 42]) ok(await trade(t, { customer: person(n), direction: 'settlement', currency: 'USD', amount: '60' }));
    // The second row waits out a backoff; the first is due.
    const [, second] = rows(t);
    t.ledger.prepare('update outbox set next_attempt_at = ?, attempts = 3 where id = ?').run('2026-03-10T06:00:00.000Z', second!.id);

    // A monitoring system that holds each back-fill until released, and counts the sends in flight.
    let release: () => void = () => {};
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    class Gated extends RecordingMonitoring {
      override async backfill(entry: Entry): Promise<{ refNo: string }> {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>((r) => (release = r));
        inFlight--;
        sent.push(entry.serial);
        return super.backfill(entry);
      }
    }
    const sync = createSync(t.ledger, new Gated(), h.clock.now);
    const plain = sync.runOnce();
    await new Promise((r) => setTimeout(r, 10));
    const forced = sync.runOnce({ ignoreBackoff: true });
    await new Promise((r) => setTimeout(r, 10));
    expect(inFlight).toBe(1);
    release(); // the plain round's row
    expect(await plain).toEqual({ delivered: 1, retrying: 0, needsAttention: 0 });
    await new Promise((r) => setTimeout(r, 10));
    release(); // the forced round's row
    expect(await forced).toEqual({ delivered: 1, retrying: 0, needsAttention: 0 });
    expect(most).toBe(1);
    const ids = t.ledger.prepare("select trade_id from outbox where kind = 'backfill' order by id").pluck().all() as string[];
    expect(sent).toEqual(ids);
    expect(rows(t).map((r) => r.state)).toEqual(['delivered', 'delivered']);
  });
});
