// End-to-end tests drive the real renderer in Debian's Chromium (playwright-core, no downloaded
// browser) against browser mode's server (electron/serve.ts) as its own process, with the
// virtual printer and, where a test controls it, the monitoring-system simulator.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { TRAINING_PEOPLE } from '../../shared/api';
import type { Input, MethodName } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type { Output } from '../../electron/terminal/terminal';
import { ensureRendererBuilt as buildRenderer } from '../../electron/dev/rendererBuild';
import { startVirtualPrinter } from '../../electron/printer/virtualPrinter';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');
/** The server under test; another entry with the same arguments may be named for a local run. */
const SERVER_SCRIPT = process.env.E2E_SERVER_SCRIPT ?? join(ROOT, 'electron/serve.ts');
const READY_TIMEOUT_MS = 60_000;
/**
 * The instant every end-to-end server's clock starts at (and runs on from), whatever the
 * machine's date: a Friday, 10:00 in China, in December, so 附表2 of the month is due in a year
 * whose calendar is not bundled (the provisional due date).
 */
export const E2E_NOW = '2026-12-04T02:00:00.000Z';

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's with "apt-get install -y chromium fonts-noto-cjk" (see .ci/run)`);
  }
}

// ---- the renderer build ----

/** Builds dist/renderer when it is missing or older than its sources (one build for all files). */
export async function ensureRendererBuilt(): Promise<void> {
  await buildRenderer(ROOT);
}

// ---- the server ----

/**
 * The people of a (non-training) test server, made through the first-run and People methods when
 * it starts; a training server has its practice people (shared/api TRAINING_PEOPLE).
 */
export const E2E_PEOPLE = [
  { id: 'M001', name: '王经理', role: 'manager', password: 'manager-M001' },
  { id: 'S001', name: '李主管', role: 'supervisor', password: 'supervisor-S001' },
  { id: 'T001', name: '张柜员', role: 'teller', password: 'teller-T001' },
] as const;

export function passwordOf(id: string): string {
  const p = [...E2E_PEOPLE, ...TRAINING_PEOPLE].find((x) => x.id === id);
  if (!p) throw new Error(`no e2e person ${id}`);
  return p.password;
}

export interface Server {
  url: string;
  token: string;
  dataDir: string;
  /** A call in the session of `as` (the supervisor S001, or S01 in training, by default). */
  api<M extends MethodName>(method: M, input: Input<M>, as?: string): Promise<Result<Output<M>>>;
  /** A session of a person, signed in over HTTP (auth.signIn). */
  session(id: string): Promise<string>;
  /** The value of a call that must succeed. */
  ok<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Ends the server; its data folder is removed unless `keepData` (a next server starts on it). */
  stop(how?: { keepData?: boolean }): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** The outlet of a terminal that is not in training mode (terminal.json). */
export const OUTLET = {
  institutionCode: 'INST001',
  institutionName: '环球通兑换有限公司',
  outletCode: 'PEK-T3-01',
  outletName: '首都机场T3网点',
  terminalId: 'T1',
  borderPort: false,
};

/**
 * Browser mode's server on a free port. With `monitoringUrl` it is a real (not training) terminal
 * of OUTLET; without, it is in training mode.
 */
export async function startServer(opts: { printerPort?: number; monitoringUrl?: string; clock?: string; terminalId?: string; hub?: { url: string; enrolmentCode: string }; dataDir?: string } = {}): Promise<Server> {
  // `dataDir`: a folder a server before this one left (stop({ keepData: true })), its people and
  // terminal.json in it; the caller removes it.
  const own = opts.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'e2e-server-')) : undefined;
  const dataDir = opts.dataDir ?? join(own!, 'data');
  if (opts.monitoringUrl && own !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    // A counter of the institution's hub pushes and pulls every half second here (5 s by default).
    const hub = opts.hub ? { hub: { ...opts.hub, intervalSeconds: 0.5 } } : {};
    writeFileSync(join(dataDir, 'terminal.json'), JSON.stringify({ outlet: { ...OUTLET, ...(opts.terminalId ? { terminalId: opts.terminalId } : {}) }, ...hub }));
  }
  const token = randomBytes(18).toString('base64url');
  const args = ['--import', 'tsx', SERVER_SCRIPT, '--port', '0', '--data', dataDir, '--clock', opts.clock ?? E2E_NOW];
  // A live counter does not start without its receipt printer (第三十五条, compose.ts chooseMode):
  // a virtual one of its own for the server's life, unless the test brings one to read receipts.
  const ownPrinter = opts.monitoringUrl && !opts.printerPort ? await startVirtualPrinter() : undefined;
  const printerPort = opts.printerPort ?? ownPrinter?.port;
  if (printerPort) args.push('--printer', `127.0.0.1:${printerPort}`);
  if (opts.monitoringUrl) args.push('--monitoring', opts.monitoringUrl);
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, TERMINAL_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (children.delete(child), resolve())));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server not ready after ${READY_TIMEOUT_MS} ms: ${stderr}`)), READY_TIMEOUT_MS);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = /^ready (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server ended (${code ?? signal}) before it was ready: ${stderr}`));
    });
  }).catch(async (e: unknown) => {
    child.kill('SIGKILL');
    await exited;
    await ownPrinter?.close();
    if (own !== undefined) rmSync(own, { recursive: true, force: true });
    throw e;
  });

  const post = async (method: string, input: unknown, session?: string): Promise<Result<any>> => {
    const res = await fetch(`${url}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(session ? { 'x-session': session } : {}) },
      body: JSON.stringify(input),
    });
    return (await res.json()) as Result<unknown>;
  };
  const sessions = new Map<string, string>();
  const session = async (id: string): Promise<string> => {
    const known = sessions.get(id);
    if (known) return known;
    const r = await post('auth.signIn', { userId: id, password: passwordOf(id) });
    if (!r.ok) throw new Error(`sign-in of ${id}: ${r.error.code} ${r.error.message.en}`);
    sessions.set(id, r.value.session);
    return r.value.session;
  };
  if (opts.monitoringUrl && own !== undefined) {
    // First run of a real terminal: the manager, who adds the others.
    const [manager, ...others] = E2E_PEOPLE;
    const first = await post('people.bootstrap', { id: manager.id, name: manager.name, password: manager.password });
    if (!first.ok) throw new Error(`people.bootstrap: ${first.error.code}`);
    for (const p of others) {
      const r = await post('people.create', { id: p.id, name: p.name, role: p.role, password: p.password }, await session(manager.id));
      if (!r.ok) throw new Error(`people.create ${p.id}: ${r.error.code}`);
    }
  }
  const supervisor = opts.monitoringUrl ? 'S001' : TRAINING_PEOPLE.find((p) => p.role === 'supervisor')!.id;
  const api = async <M extends MethodName>(method: M, input: Input<M>, as = supervisor): Promise<Result<Output<M>>> => post(method, input, await session(as));
  return {
    url,
    token,
    dataDir,
    api,
    session,
    async ok(method, input) {
      const r = await api(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message.en}`);
      return r.value as Output<typeof method>;
    },
    async stop(how = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await ownPrinter?.close();
      if (own !== undefined && !how.keepData) rmSync(own, { recursive: true, force: true });
    },
  };
}

/** What a counter needs before its first trade: a board, SAFE's table for the month, cash. */
export async function stockOutlet(server: Server, rates: readonly (readonly [string, string, string])[] = [['USD', '709.50', '718.50'], ['EUR', '768.00', '792.00'], ['JPY', '4.6800', '4.9200']]): Promise<void> {
  for (const [currency, buyPer100, sellPer100] of rates) {
    await server.ok('rates.set', { currency, buyPer100, sellPer100, fee: '0', setBy: 'S001' });
  }
  const info = await server.ok('session.info', {});
  const month = info.businessDate.slice(0, 7);
  const table = await server.api('conversionRates.import', { month, csv: 'currency,usd_per_unit\nEUR,1.0800\nJPY,0.0066\nHKD,0.1282\nGBP,1.2600', importedBy: 'S001' });
  if (!table.ok && table.error.code !== 'CONVERSION_TABLE_EXISTS') throw new Error(`conversionRates.import: ${table.error.code}`);
  for (const [currency, amount] of [['CNY', '500000'], ['USD', '50000'], ['EUR', '30000'], ['JPY', '5000000']] as const) {
    await server.ok('cash.fund', { currency, amount, note: 'e2e float', actor: 'S001' });
  }
}

// ---- the browser ----

export interface Browsing {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors other than failed loads: a test expects none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browsing> {
  requireChromium();
  // Chromium does not start its pages under libfaketime (.ci/run preloads it to move the
  // machine's date): the browser keeps the real clock. The counter never takes a date from it;
  // every date on screen is the terminal's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME'))) as Record<string, string>;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    env,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // playwright gives the browser a fresh temporary profile; each run also gets a fresh context.
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    browser,
    context,
    page,
    pageErrors,
    async close() {
      await browser.close();
    },
  };
}

/** Through the sign-in screen, as a person does: staff ID, Enter, password, Enter. */
/**
 * A test file's server (training mode unless `opts` say otherwise) and browser, started before its
 * tests and stopped after. `ready` takes them (the file keeps them in its own variables) and does
 * the file's own set-up.
 */
export function withServerAndBrowser(ready: (server: Server, b: Browsing) => void | Promise<void>, opts: Parameters<typeof startServer>[0] = {}): void {
  let server: Server | undefined;
  let b: Browsing | undefined;
  beforeAll(async () => {
    requireChromium();
    await ensureRendererBuilt();
    server = await startServer(opts);
    b = await launchBrowser();
    await ready(server, b);
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });
}

export async function signIn(page: Page, url: string, id = 'T001', password = passwordOf(id)): Promise<void> {
  await page.goto(`${url}/#/signin`);
  await page.getByTestId('signin-teller').fill(id);
  await page.getByTestId('signin-teller').press('Enter');
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('customer-idnumber').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** How long the e2e tests wait for the screen to show something, and how often they look. */
export const POLL = { timeout: 15_000, interval: 100 } as const;

/** The first element with a test id: its text and an attribute, waiting up to 10 s for it. */
export function readers(page: () => Page): { text(testId: string): Promise<string | null>; attr(testId: string, name: string): Promise<string | null> } {
  return {
    text: (testId) => page().getByTestId(testId).first().textContent({ timeout: 10_000 }),
    attr: (testId, name) => page().getByTestId(testId).first().getAttribute(name, { timeout: 10_000 }),
  };
}

/** The data-testid of the element that has focus. */
export function focused(page: Page): Promise<string | null> {
  return page.locator(':focus').getAttribute('data-testid', { timeout: 2_000 }).catch(() => null);
}

/** At the counter: the customer's ID (and the name of a customer new here), currency, amount, Enter for the quote. */
export async function typeTrade(page: Page, kb: Keyboard, t: { idNumber: string; name?: string; currency: string; amount: string }): Promise<void> {
  await page.getByTestId('customer-idnumber').waitFor({ state: 'visible' });
  await expect.poll(() => focused(page), POLL).toBe('customer-idnumber');
  await kb.type(t.idNumber);
  await kb.press('Enter');
  if (t.name !== undefined) {
    await expect.poll(() => focused(page), POLL).toBe('customer-name');
    await kb.type(t.name);
    await kb.press('Enter');
  }
  await expect.poll(() => focused(page), POLL).toBe('trade-currency');
  await kb.type(t.currency);
  // Three letters of a known currency move on by themselves.
  await expect.poll(() => focused(page), POLL).toBe('trade-amount');
  await kb.type(t.amount);
  await kb.press('Enter');
}

/**
 * Keys pressed that are not data (Enter, Esc, F-keys), so a test can count the keystrokes a
 * trade takes beyond what is typed.
 */
export class Keyboard {
  controlKeys = 0;
  constructor(private readonly page: Page) {}
  /** Data: what the teller types or the scanner sends. */
  type(text: string): Promise<void> {
    return this.page.keyboard.type(text);
  }
  press(key: 'Enter' | 'Escape' | 'Tab' | `F${number}`): Promise<void> {
    this.controlKeys++;
    return this.page.keyboard.press(key);
  }
}

/**
 * The day close's blind count lists the same currencies in the till and the safe (issue 20 item
 * 6): "None" for each one not counted in this place.
 */
export async function noneForTheRest(page: Page, place: 'till' | 'safe'): Promise<void> {
  const rest = page.locator(`[data-testid^="count-none-${place}-"]`);
  while ((await rest.count()) > 0) await rest.first().click();
}
