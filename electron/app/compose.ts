// Builds the Terminal the app runs, for both transports (Electron's IPC and browser mode's HTTP),
// from a data folder and its optional `terminal.json`:
//   { "outlet": {...OutletSettings}, "monitoring": { "url": "http://…" },
//     "printer": { "host": "192.168.1.50", "port": 9100, "columns": 48, "qr": true, "cashDrawer": true, "onNoAnswer": "block" } }
// In training mode (培训模式: chosen with "training": true or --training, or nothing configured at
// all; see chooseMode) the terminal runs the monitoring
// simulator itself, keeps a separate training ledger, prints to a built-in virtual printer unless a
// printer is named, marks every receipt and screen, and stocks itself with sample rates and cash so
// that a fresh install can do a full trade with no configuration. Live, the monitoring URL and
// the printer are required (chooseMode).
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { Refusal } from '../../shared/errors';
import { isMissing } from '../../shared/api/invalid';
import { join } from 'node:path';
import { z } from 'zod';
import { businessDate, monthOf, addMonths } from '../../shared/time';
import { InterfaceModeClient } from '../monitoring/httpClient';
import { startSimulatorServer, type RunningSimulator } from '../monitoring/simulator/server';
import { TcpPrinter } from '../printer/transport';
import { startVirtualPrinter, type VirtualPrinter } from '../printer/virtualPrinter';
import type { OutletSettings } from '../terminal/settings';
import { createTerminal, type Terminal } from '../terminal/terminal';
import { TRAINING_PEOPLE } from '../../shared/api';
import { checkDataFolder } from './dataFolder';
import { fileKeyStore, KEY_FILE, resolveDatabaseKey, type KeyStore, type ResolvedKey } from '../ledger/key';

const configSchema = z.object({
  outlet: z.object({
    institutionCode: z.string().min(1),
    institutionName: z.string().min(1),
    outletCode: z.string().min(1),
    outletName: z.string().min(1),
    terminalId: z.string().min(1),
    borderPort: z.boolean().default(false),
  }).optional(),
  monitoring: z.object({ url: z.string().url() }).optional(),
  /** The institution's hub (issue 16, docs/hub.md): its address and, until enrolled, HQ's one-time code. */
  hub: z.object({
    url: z.string().url(),
    enrolmentCode: z.string().min(1).max(64).optional(),
    /** Between rounds of push and pull (default 5 s). */
    intervalSeconds: z.number().min(0.2).max(3600).optional(),
  }).optional(),
  /** Training mode (培训模式), chosen: the built-in simulator, the training ledger, the marks. */
  training: z.boolean().optional(),
  printer: z.object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(9100),
    columns: z.number().int().min(32).max(64).default(48),
    qr: z.boolean().default(true),
    cashDrawer: z.boolean().default(true),
    onNoAnswer: z.enum(['block', 'allow']).default('block'),
  }).optional(),
  /** Backups (README "Backups and recovery"): default <data dir>/backups, the newest 30 kept. */
  backup: z.object({ dir: z.string().min(1).optional(), keep: z.number().int().min(1).max(3650).optional() }).optional(),
});

export type AppConfig = z.infer<typeof configSchema>;

export interface AppOptions {
  dataDir: string;
  /** Overrides terminal.json's monitoring URL. */
  monitoringUrl?: string;
  /** Training mode, chosen (browser mode's --training); terminal.json's `"training": true` too. */
  training?: boolean;
  /** Overrides terminal.json's printer: `host:port`. */
  printer?: string;
  /** A better-sqlite3 binary built for Electron's ABI (the app), not Node's (tests). */
  nativeBinding?: string | undefined;
  log?: (message: string, error: unknown) => void;
  /**
   * Where the ledger's key is kept: the desktop app passes the safeStorage-sealed store
   * (electron/ledger/key.ts desktopKeyStore); browser mode uses <data dir>/ledger.key.
   */
  keyStore?: KeyStore;
  /** Where TERMINAL_DB_KEY is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * The terminal's clock, and the training simulator's (browser mode's --clock: tests and
   * demonstrations on a fixed date); the PC's clock by default.
   */
  clock?: () => Date;
}

export interface App {
  terminal: Terminal;
  training: boolean;
  close(): Promise<void>;
}

const TRAINING_OUTLET: OutletSettings = {
  institutionCode: 'TRAINING',
  institutionName: '培训机构 Training Institution',
  outletCode: 'TRAIN-01',
  outletName: '培训网点 Training Outlet',
  terminalId: 'T1',
  borderPort: false,
};

/** Sample figures for training only: a board, SAFE's table for the month, and opening cash. */
const TRAINING_RATES = [
  ['USD', '709.50', '718.50', '0'], ['EUR', '768.00', '792.00', '0'], ['JPY', '4.6800', '4.9200', '0'],
  ['HKD', '90.60', '92.40', '0'], ['GBP', '895.00', '925.00', '0'],
] as const;
const TRAINING_CONVERSION = { EUR: '1.0800', JPY: '0.0066', HKD: '0.1282', GBP: '1.2600' };

/**
 * terminal.json, checked. A mistyped file (the installer's likeliest slip) is refused with each
 * wrong field named, in both languages (CONFIG_INVALID): never a stack trace, and in the desktop
 * app never a window that does not open without a word.
 */
export function readConfig(dataDir: string): AppConfig {
  const path = join(dataDir, 'terminal.json');
  if (!existsSync(path)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Refusal('CONFIG_INVALID', { file: path, problemZh: `不是有效的 JSON（${why}）`, problemEn: `it is not valid JSON (${why})` });
  }
  const parsed = configSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => describeIssue(issue, json));
  throw new Refusal('CONFIG_INVALID', { file: path, problemZh: problems.map((p) => p.zh).join('；'), problemEn: problems.map((p) => p.en).join('; ') });
}

const TYPE_ZH: Record<string, string> = { number: '数字', string: '文字（加引号）', boolean: 'true 或 false', object: '{ … }' };

/** One wrong field of terminal.json, named by its path (`printer.port`), said in both languages. */
function describeIssue(issue: z.core.$ZodIssue, json: unknown): { zh: string; en: string } {
  const at = issue.path.length > 0 ? issue.path.join('.') : '(the whole file)';
  if (isMissing(issue, json)) return { zh: `缺少 ${at}`, en: `${at} is missing` };
  if (issue.code === 'invalid_type') return { zh: `${at} 应为${TYPE_ZH[issue.expected] ?? issue.expected}`, en: `${at} must be a ${issue.expected}` };
  const chars = 'origin' in issue && issue.origin === 'string';
  if (issue.code === 'too_small' && chars && Number(issue.minimum) === 1) return { zh: `${at} 不能为空`, en: `${at} must not be empty` };
  if (issue.code === 'too_small') return { zh: `${at} 不能小于 ${String(issue.minimum)}${chars ? ' 个字符' : ''}`, en: `${at} must be at least ${String(issue.minimum)}${chars ? ' characters long' : ''}` };
  if (issue.code === 'too_big') return { zh: `${at} 不能大于 ${String(issue.maximum)}${chars ? ' 个字符' : ''}`, en: `${at} must be at most ${String(issue.maximum)}${chars ? ' characters long' : ''}` };
  if (issue.code === 'invalid_value') return { zh: `${at} 只能是 ${issue.values.map((v) => JSON.stringify(v)).join('、')}`, en: `${at} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
  if (issue.code === 'invalid_format') return { zh: `${at} 格式不对（应为 ${issue.format}）`, en: `${at} is not a valid ${issue.format}` };
  return { zh: `${at} 有误（${issue.message}）`, en: `${at}: ${issue.message}` };
}

function parseHostPort(text: string): { host: string; port: number } {
  const m = /^([^:]+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535) throw new Refusal('CONFIG_INVALID', { file: '--printer', problemZh: `应为 地址:端口（如 192.168.1.50:9100），不是“${text}”`, problemEn: `expected HOST:PORT (such as 192.168.1.50:9100), not "${text}"` });
  return { host: m[1]!, port };
}

/**
 * Training or live, never by accident: training when chosen (`"training": true`, or browser mode's
 * --training), or when nothing at all is configured (a fresh install, which has no outlet to serve
 * real customers from); an outlet configured without a monitoring endpoint is refused, since real
 * customers would be served and nothing reported to SAFE (第三十二条). Live trading without a receipt
 * printer is refused too: every trade prints its numbered receipt before the cash is handed over
 * (第三十五条), and a live terminal with none used to trade on and queue its receipts, which then
 * all printed as originals, days late, once a printer was named.
 */
export function chooseMode(config: AppConfig, opts: { monitoringUrl?: string; training?: boolean; printer?: string }, dataDir: string): { training: boolean; monitoringUrl?: string } {
  const monitoringUrl = opts.monitoringUrl ?? config.monitoring?.url;
  if (opts.training === true || config.training === true) return { training: true };
  if (monitoringUrl === undefined) {
    if (config.outlet !== undefined) throw new Refusal('LIVE_WITHOUT_MONITORING', { file: join(dataDir, 'terminal.json') });
    return { training: true };
  }
  if (opts.printer === undefined && config.printer === undefined) throw new Refusal('LIVE_WITHOUT_PRINTER', { file: join(dataDir, 'terminal.json') });
  return { training: false, monitoringUrl };
}

export async function composeApp(opts: AppOptions): Promise<App> {
  // Data files (ledger, its WAL, the key, backups) readable by this user only: set before any is made.
  process.umask(0o077);
  checkDataFolder(opts.dataDir);
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(opts.dataDir, 0o700);
  const config = readConfig(opts.dataDir);
  const { training, monitoringUrl } = chooseMode(config, opts, opts.dataDir);
  const closers: (() => Promise<void>)[] = [];
  const now = opts.clock ?? (() => new Date());

  let simulator: RunningSimulator | undefined;
  if (training) {
    const month = monthOf(businessDate(now()));
    const months = [addMonths(`${month}-01`, -1), `${month}-01`, addMonths(`${month}-01`, 1)].map(monthOf);
    // In memory: the practice customers' names and ID numbers are never on disk in clear. An
    // earlier version kept them in training-simulator/, in clear: removed.
    rmSync(join(opts.dataDir, 'training-simulator'), { recursive: true, force: true });
    simulator = await startSimulatorServer({
      clock: now,
      fixture: { persons: [], conversionRates: Object.fromEntries(months.map((m) => [m, TRAINING_CONVERSION])) },
    });
    closers.push(() => simulator!.close());
  }

  let printerAt = opts.printer ? parseHostPort(opts.printer) : config.printer;
  let virtual: VirtualPrinter | undefined;
  if (!printerAt && training) {
    virtual = await startVirtualPrinter();
    closers.push(() => virtual!.close());
    printerAt = { host: '127.0.0.1', port: virtual.port };
  }
  const profile = { columns: config.printer?.columns ?? 48, qr: config.printer?.qr ?? true, cashDrawer: config.printer?.cashDrawer ?? true, onNoAnswer: config.printer?.onNoAnswer ?? 'block' } as const;

  const outlet = config.outlet ?? (training ? TRAINING_OUTLET : undefined);
  if (!outlet) throw new Refusal('CONFIG_INVALID', { file: join(opts.dataDir, 'terminal.json'), problemZh: '没有网点设置（outlet）：真实交易须写明机构与网点', problemEn: 'no outlet: real trading needs the institution and outlet written in outlet' });

  const databasePath = join(opts.dataDir, training ? 'training.sqlite' : 'ledger.sqlite');
  // TERMINAL_DB_KEY, else the key store's, else a new key for a new ledger (README "Personal data at rest").
  let key: ResolvedKey;
  let terminal: Terminal;
  try {
    key = resolveDatabaseKey({ store: opts.keyStore ?? fileKeyStore(join(opts.dataDir, KEY_FILE)), databasePath, env: opts.env ?? process.env });
    terminal = createTerminal({
      databasePath,
      databaseKey: key.key,
      ...(config.backup ? { backup: config.backup } : {}),
      outlet,
      training,
      clock: now,
      monitoring: new InterfaceModeClient({ baseUrl: simulator?.url ?? monitoringUrl! }),
      ...(printerAt ? { printer: { transport: new TcpPrinter({ host: printerAt.host, port: printerAt.port }), profile } } : {}),
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
      ...(opts.log ? { log: opts.log } : {}),
      // A training ledger is never the institution's: it does not talk to the hub.
      ...(config.hub && !training ? { hub: { url: config.hub.url, enrolmentCode: config.hub.enrolmentCode, ...(config.hub.intervalSeconds ? { intervalMs: Math.round(config.hub.intervalSeconds * 1000) } : {}) } } : {}),
    });
  } catch (e) {
    for (const close of closers.reverse()) await close();
    throw e;
  }
  // The key opened the ledger: one given by TERMINAL_DB_KEY is kept in the store from now on.
  key.adopt();
  if (training) await stockTraining(terminal, now, opts.log ?? ((message) => console.error(message)));
  return {
    terminal,
    training,
    async close() {
      terminal.close();
      for (const close of closers.reverse()) await close();
    },
  };
}

/**
 * A training outlet has its practice people (shared/api TRAINING_PEOPLE: a teller, a
 * supervisor and a manager, whose passwords the sign-in screen shows in training mode only), and
 * always a fresh board, this month's table and cash in the till, set by the practice manager.
 */
async function stockTraining(t: Terminal, now: () => Date, log: (message: string, error: unknown) => void): Promise<void> {
  const [manager, ...others] = [...TRAINING_PEOPLE].sort((a, b) => (a.role === 'manager' ? -1 : b.role === 'manager' ? 1 : 0));
  const first = await t.call('people.bootstrap', { id: manager!.id, name: manager!.name, password: manager!.password });
  const signedIn = await t.call('auth.signIn', { userId: manager!.id, password: manager!.password });
  if (!signedIn.ok) {
    // Someone changed the practice manager's password: training goes on with what it has.
    log(`training: cannot sign in as ${manager!.id} to stock the outlet (${signedIn.error.code})`, undefined);
    return;
  }
  const s = signedIn.value.session;
  if (first.ok) {
    for (const p of others) await t.call('people.create', { id: p.id, name: p.name, role: p.role, password: p.password }, s);
  }
  const board = await t.call('rates.board', {});
  if (!board.ok || board.value.length === 0 || board.value.some((r) => r.stale)) {
    for (const [currency, buyPer100, sellPer100, fee] of TRAINING_RATES) {
      await t.call('rates.set', { currency, buyPer100, sellPer100, fee }, s);
    }
  }
  const month = monthOf(businessDate(now()));
  const csv = Object.entries(TRAINING_CONVERSION).map(([c, r]) => `${c},${r}`).join('\n');
  await t.call('conversionRates.import', { month, csv }, s); // CONVERSION_TABLE_EXISTS after the first time
  const cash = await t.call('cash.onHand', {}, s);
  if (cash.ok && cash.value.length === 0) {
    for (const [currency, amount] of [['CNY', '500000'], ['USD', '50000'], ['EUR', '30000'], ['JPY', '5000000'], ['HKD', '200000'], ['GBP', '20000']] as const) {
      await t.call('cash.fund', { currency, amount, note: '培训备付金 training float' }, s);
    }
  }
  await t.call('auth.signOut', {}, s);
}
