// A Terminal on a real SQLite file in a fresh temp folder, with a clock the test moves.
import type { HubSetup } from '../../electron/hubClient/push';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Result } from '../../shared/errors';
import type { Input, Outputs } from '../../shared/api';
import type { PromptCode } from '../../shared/rules/prompts';
import type { MonitoringAdapter } from '../../electron/monitoring/adapter';
import { RecordingMonitoring } from './recordingMonitoring';
import { createTerminal, type Terminal } from '../../electron/terminal/terminal';
import type { OutletSettings } from '../../electron/terminal/settings';
import { TEST_KEY } from './key';
import { rowCounts } from './ledgerSnapshot';
import { staffed, TEST_SCRYPT_N, type Staffed } from './people';

export const OUTLET: OutletSettings = {
  institutionCode: 'INST001',
  institutionName: '环球通兑换有限公司',
  outletCode: 'PEK-T3-01',
  outletName: '首都机场T3网点',
  terminalId: 'T1',
  borderPort: false,
};

/** The ledger is encrypted (README "Personal data at rest"): every test ledger under TEST_KEY. */
export { TEST_KEY, openRaw } from './key';

export class TestClock {
  constructor(public current: Date) {}
  now = (): Date => new Date(this.current.getTime());
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Harness {
  /**
   * The Terminal as most tests use it: each call is made in a session of the person its input
   * names as the actor (tellerId, setBy, importedBy, loadedBy, actor; teller1 by default, or the
   * first test person whose role may call the method), and a `supervisorId` without an `approval`
   * is turned into one: that supervisor approves with their password (auth.approve); if the
   * approval is refused, that refusal is the answer. A session that expired stays expired until
   * the test signs the person in again (terminal.signInAgain). A test convenience only; a call
   * given a session goes through as it is.
   */
  terminal: Staffed;
  /** The Terminal itself: every call needs its session (tests of sign-in and approvals). */
  raw: Terminal;
  /** A session of a test person (PEOPLE), opened when the harness was. */
  session(id: string): string;
  clock: TestClock;
  dir: string;
  path: string;
  close(): void;
}

export function tempDir(prefix = 'teller-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export { RecordingMonitoring, unreachableMonitoring } from './recordingMonitoring';
export { PEOPLE, passwordOf, seedPeople, staffed, TEST_SCRYPT_N, type Staffed } from './people';

export function openHarness(
  opts: { start?: string; borderPort?: boolean; monitoring?: MonitoringAdapter | null; dir?: string; idleSignOutMs?: number; backup?: { dir?: string; keep?: number }; outlet?: Partial<OutletSettings>; hub?: HubSetup } = {},
): Harness {
  const dir = opts.dir ?? tempDir();
  const path = join(dir, 'ledger.sqlite');
  const clock = new TestClock(new Date(opts.start ?? '2026-03-10T02:00:00Z'));
  const raw = createTerminal({
    databasePath: path,
    databaseKey: TEST_KEY,
    ...(opts.backup ? { backup: opts.backup } : {}),
    ...(opts.hub ? { hub: opts.hub } : {}),
    outlet: { ...OUTLET, borderPort: opts.borderPort ?? false, ...opts.outlet },
    clock: clock.now,
    monitoring: opts.monitoring === null ? undefined : (opts.monitoring ?? new RecordingMonitoring()),
    // Tests send the queue with queue.syncNow when they mean to: no background loop.
    sync: { autoStart: false },
    log: process.env.TEST_LOG ? (m, e) => console.error(m, e) : () => {},
    // Tests move the clock by hours and days; the 15-minute sign-out is tested on its own.
    idleSignOutMs: opts.idleSignOutMs ?? 100 * 365 * 86_400_000,
    scryptN: TEST_SCRYPT_N,
  });
  const terminal = staffed(raw);
  return {
    terminal,
    raw,
    session: terminal.session,
    clock,
    dir,
    path,
    close() {
      terminal.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message.en}`);
  return r.value;
}

/** A refusal with `code` that wrote nothing: every table's row count is as it was. */
export async function refusedWithoutWrites<T>(h: Harness, call: () => Promise<Result<T>>, code: string): Promise<{ code: string; message: { zh: string; en: string } }> {
  const before = rowCounts(h.raw.ledger);
  const f = refused(await call(), code);
  expect(rowCounts(h.raw.ledger), `${code} wrote something`).toEqual(before);
  return f;
}

export function refused<T>(r: Result<T>, code: string): { code: string; message: { zh: string; en: string } } {
  expect(r.ok, r.ok ? 'expected a refusal' : '').toBe(false);
  if (r.ok) throw new Error('unreachable');
  expect(r.error.code).toBe(code);
  expect(r.error.message.zh).not.toMatch(/\{\w+\}/);
  expect(r.error.message.en).not.toMatch(/\{\w+\}/);
  return r.error;
}

/** The usual board: rates for USD, EUR, JPY and HKD, this month's conversion table, cash in the till. */
export async function stockOutlet(t: Terminal, month = '2026-03'): Promise<void> {
  ok(await t.call('rates.set', { currency: 'USD', buyPer100: '710.00', sellPer100: '720.00', setBy: 'sup1' }));
  ok(await t.call('rates.set', { currency: 'EUR', buyPer100: '770.00', sellPer100: '790.00', setBy: 'sup1' }));
  ok(await t.call('rates.set', { currency: 'JPY', buyPer100: '4.7000', sellPer100: '4.9000', setBy: 'sup1' }));
  ok(await t.call('rates.set', { currency: 'HKD', buyPer100: '90.50', sellPer100: '92.50', setBy: 'sup1' }));
  ok(await t.call('conversionRates.import', { month, csv: 'currency,usd_per_unit\nEUR,1.25\nJPY,0.0068\nHKD,0.128\n', importedBy: 'sup1' }));
  for (const [currency, amount] of [['CNY', '2000000'], ['USD', '100000'], ['EUR', '100000'], ['JPY', '20000000'], ['HKD', '500000']] as const) {
    ok(await t.call('cash.fund', { currency, amount, note: '开业备付金 opening reserves', actor: 'mgr1' }));
  }
}

export const ALICE = { idType: '01', idNumber: '11010519491231002X', name: '张三' };
export const BOB_PASSPORT = { idType: '04', idNumber: 'X1234567', country: 'USA', name: 'BOB SMITH' };

/** The one place trade() names its teller (the actor field; tellerId until it is renamed). */
const TRADE_ACTOR = { tellerId: 'teller1' } as const satisfies Partial<Input<'trades.quote'>>;

/** A trade as the tests ask for it: the side is the foreign one and the name empty unless given. */
export type TradeRequest = Omit<Input<'trades.quote'>, 'customer' | 'side' | keyof typeof TRADE_ACTOR> & {
  customer: Omit<Input<'trades.quote'>['customer'], 'name'> & { name?: string };
  side?: Input<'trades.quote'>['side'];
};

/** What the teller adds to the quote at the commit. */
export type TradeCommit = Pick<Input<'trades.commit'>, 'supervisorId' | 'approval' | 'pageModeRefNo' | 'notesIn' | 'notesOut'> & {
  /**
   * The codes of the prompts (第三十七条) the teller confirms. None by default: a prompt not
   * acknowledged is refused at the commit (PROMPT_NOT_ACKNOWLEDGED), as at the counter. A prompt
   * whose level is 'supervisor' needs `supervisorId` too; none is named on the test's behalf.
   */
  acknowledge?: readonly PromptCode[];
};

/** Quotes `req` and commits that quote, acknowledging what `commit.acknowledge` names and nothing else. */
export async function trade(t: Terminal, req: TradeRequest, commit: TradeCommit = {}): Promise<Result<Outputs['trades.commit']>> {
  const request: Input<'trades.quote'> = { side: 'foreign', ...TRADE_ACTOR, ...req, customer: { name: '', ...req.customer } };
  const quote = await t.call('trades.quote', request);
  if (!quote.ok) return quote;
  const { acknowledge = [], ...rest } = commit;
  return t.call('trades.commit', { ...request, quoteToken: quote.value.quoteToken, acknowledgedPrompts: [...acknowledge], ...rest });
}
