// Child process of the crash harness (test/crash-harness.test.ts): a Terminal at work on a real
// ledger file, with the monitoring-system simulator over HTTP and the virtual printer over TCP
// (both started by the parent), doing mixed work until it is killed with SIGKILL.
//
// It loads, says `loaded`, and waits for `go` on stdin before it opens anything: the parent keeps
// the next child loaded while this one works, so a restart costs little more than opening the
// ledger, and two children never have the ledger open at once.
//
// Every state change the Terminal answered is printed as a line (stdout to a pipe is synchronous
// on Linux, so a printed line means the Terminal had answered before the kill):
//   C <receiptNo> <tradeId>   a trade committed          V <receiptNo>   a trade voided
//   F <movementId>            cash put in                R <rateId>      a rate set
//   P <printJobId>            a reprint requested
// `open` once the Terminal is open. With mode `drain` it sends the whole queue (the cancels of
// real-time entries left without their trade by a kill among it) and prints every pending receipt,
// prints `drained <json>`, reconciles the day with the monitoring system and prints `reconciled
// <json>`, closes the Terminal and exits 0.
import { createInterface } from 'node:readline';
import { mod11_2CheckCharacter } from '../../shared/id/idDocument';
import { businessDate, monthOf } from '../../shared/time';
import { loadMigrations } from '../../electron/ledger/migrate';
import { InterfaceModeClient } from '../../electron/monitoring/httpClient';
import { TcpPrinter } from '../../electron/printer/transport';
import { hashPasswordSync } from '../../electron/terminal/people/passwords';
import { findPerson, insertPerson } from '../../electron/terminal/people/staff';
import { createTerminal, type Terminal } from '../../electron/terminal/terminal';
import { approvalSubject, isApprovalAction, type Role } from '../../shared/api';
import type { Input, MethodName } from '../../shared/api';
import { TEST_KEY } from '../helpers/key';

export interface MixedConfig {
  databasePath: string;
  migrationsDir: string;
  monitoringUrl: string;
  printerPort: number;
  /** The terminal's clock: `clockBase` plus the real time since `clockStart` (epoch ms), so time runs on across restarts. */
  clockBase: string;
  clockStart: number;
  mode: 'work' | 'drain';
}

const config = JSON.parse(process.argv[2] ?? 'null') as MixedConfig | null;
if (!config) throw new Error('usage: mixed <json config>');
const base = Date.parse(config.clockBase);
const now = () => new Date(base + (Date.now() - config.clockStart));

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: { en: string } } };

/** A refusal the work may meet (a person over the day's limit, a trade already voided) is fine; anything else is a bug. */
function must<T>(r: Answer<T>, allow: readonly string[] = []): T | undefined {
  if (r.ok) return r.value;
  if (allow.includes(r.error.code)) return undefined;
  throw new Error(`unexpected ${r.error.code} from ${lastCall}: ${r.error.message.en}`);
}

/** The last call made, named in an unexpected refusal. */
let lastCall = '';
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The outlet's staff (the same IDs and passwords as test/helpers/terminal.ts PEOPLE). */
const STAFF: readonly { id: string; name: string; role: Role }[] = [
  { id: 'mgr1', name: '经理 Manager', role: 'manager' },
  { id: 'sup1', name: '主管一 Supervisor one', role: 'supervisor' },
  { id: 'teller1', name: '柜员一 Teller one', role: 'teller' },
];
const passwordOf = (id: string) => `${id}-password`;

/**
 * The staff signed in: each call is made in the session of the person it is for, and a call that
 * names a supervisor carries that supervisor's approval (auth.approve, with their password), as
 * at the counter. No vitest here (test/helpers/terminal.ts has the same for the tests).
 */
function signedIn(t: Terminal) {
  const db = t.ledger;
  db.transaction(() => {
    for (const p of STAFF) if (!findPerson(db, p.id)) insertPerson(db, { ...p, passwordHash: hashPasswordSync(passwordOf(p.id), 2 ** 10) }, now().toISOString(), 'crash-harness');
  }).immediate();
  // Signed in when first needed: each sign-in is a write (audited), and a short life may need none.
  const sessions = new Map<string, string>();
  return async <M extends MethodName>(as: 'teller1' | 'sup1' | 'mgr1', method: M, input: Input<M>) => {
    let session = sessions.get(as);
    if (!session) sessions.set(as, (session = t.openSession(as)));
    lastCall = `${method} ${JSON.stringify(input)}`;
    let call = input as Record<string, unknown>;
    const sup = call.supervisorId;
    if (isApprovalAction(method) && typeof sup === 'string' && sup !== as) {
      const approved = await t.call('auth.approve', { userId: sup, password: passwordOf(sup), action: method, subject: approvalSubject(method, call) }, session);
      if (!approved.ok) throw new Error(`approval refused: ${approved.error.code}`);
      call = { ...call, approval: approved.value.approval };
    }
    return t.call(method, call as Input<M>, session);
  };
}

function resident(n: number) {
  const first17 = `11010519800101${String(n).padStart(3, '0')}`;
  return { idType: '01', idNumber: first17 + mod11_2CheckCharacter(first17), name: `客户${n}` };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

/** Refusals a trade may meet at a busy counter: they are the rules working, not failures. */
const TRADE_REFUSALS = ['DAILY_LIMIT_EXCEEDED', 'ANNUAL_QUOTA_EXCEEDED', 'CASH_INSUFFICIENT', 'NOTES_UNAVAILABLE', 'CHANGE_UNAVAILABLE', 'QUOTE_EXPIRED', 'QUOTE_STALE', 'PROMPT_NOT_ACKNOWLEDGED'] as const;

async function main(cfg: MixedConfig): Promise<void> {
  const terminal = createTerminal({
    databasePath: cfg.databasePath,
    databaseKey: TEST_KEY,
    migrations: loadMigrations(cfg.migrationsDir),
    outlet: { institutionCode: 'INST001', institutionName: '环球通兑换有限公司', outletCode: 'PEK-T3-01', outletName: '首都机场T3网点', terminalId: 'T1', borderPort: false },
    clock: now,
    monitoring: new InterfaceModeClient({ baseUrl: cfg.monitoringUrl, connectTimeoutMs: 500, responseTimeoutMs: 2_000 }),
    // The loops run as in the app, only faster; a failed delivery is tried again within a second.
    // An entry whose answer never came is looked up 8 s after its intent: longer than the entry,
    // its retry and the look-up between can take with the client's timeouts below (2 × 2.5 s and
    // 2.5 s), rather than the app's minute, so the drain does not wait that long for the last ones.
    sync: { intervalMs: 20, batch: 5, backoffBaseMs: 50, backoffCapMs: 1_000, intentGraceMs: 8_000 },
    printer: {
      transport: new TcpPrinter({ host: '127.0.0.1', port: cfg.printerPort, connectTimeoutMs: 500, writeTimeoutMs: 1_000, idleTimeoutMs: 2_000, statusTimeoutMs: 500 }),
      profile: { columns: 48, qr: true, cashDrawer: true, onNoAnswer: 'block' },
    },
    quotaTimeoutMs: 500,
    log: (m, e) => process.stderr.write(`${m}: ${e instanceof Error ? e.stack : String(e)}\n`),
    idleSignOutMs: 86_400_000,
    scryptN: 2 ** 10,
  });
  say('open');
  const as = signedIn(terminal);

  // The outlet's board, conversion table and float, as far as an earlier life has not set them.
  const month = monthOf(businessDate(now()));
  if (must(await as('teller1', 'rates.board', {}))!.length < 3) {
    for (const [currency, buy, sell] of [['USD', '710', '720'], ['EUR', '770', '790'], ['JPY', '4.7', '4.9']] as const) {
      say(`R ${must(await as('sup1', 'rates.set', { currency, buyPer100: buy, sellPer100: sell }))!.id}`);
    }
  }
  must(await as('sup1', 'conversionRates.import', { month, csv: 'EUR,1.25\nJPY,0.0068\nHKD,0.128\n' }), ['CONVERSION_TABLE_EXISTS']);
  const float = { CNY: '5000000', USD: '500000', EUR: '500000', JPY: '90000000' } as const;
  const onHand = new Map(must(await as('teller1', 'cash.onHand', {}))!.map((c) => [c.currency, c.amount]));
  for (const [currency, amount] of Object.entries(float)) {
    if (!onHand.has(currency)) say(`F ${must(await as('mgr1', 'cash.fund', { currency, amount, note: 'crash harness float' }))!.id}`);
  }

  // The reserve accounts, opened once (第四十二条: the RMB account first, then its FX pair).
  const accounts = must(await as('sup1', 'reserves.accounts', {}))!.accounts;
  const cnyAccount = accounts.find((a) => a.currency === 'CNY')?.id
    ?? must(await as('mgr1', 'reserves.openAccount', { bankName: '工商银行', currency: 'CNY', accountNo: 'R-CNY-1' }))!.id;
  const usdAccount = accounts.find((a) => a.currency === 'USD')?.id
    ?? must(await as('mgr1', 'reserves.openAccount', { bankName: '工商银行', currency: 'USD', accountNo: 'R-USD-1' }))!.id;

  if (cfg.mode === 'drain') return drain(terminal, as);

  // Trades to void or reprint: the day's standing ones, from earlier lives too.
  const recent = must(await as('teller1', 'trades.list', { limit: 30 }))!.filter((t) => t.status === 'committed').map((t) => t.id);
  async function trade(realtime: boolean): Promise<void> {
    const currency = realtime ? pick(['USD', 'EUR'] as const) : pick(['USD', 'EUR', 'JPY'] as const);
    // Below 500 USD a trade is a back-fill (unless the person's sixth of the day); above, real-time.
    const amount = realtime ? (currency === 'USD' ? between(600, 1500) : between(110, 300) * 5) : currency === 'JPY' ? between(1, 60) * 1000 : currency === 'EUR' ? between(1, 60) * 5 : between(1, 400);
    const request = { customer: resident(between(0, 999)), direction: pick(['settlement', 'purchase'] as const), currency, amount: String(amount), side: 'foreign' as const };
    const quote = must(await as('teller1', 'trades.quote', request), TRADE_REFUSALS);
    if (!quote) return;
    // This teller confirms every prompt the quote shows, with sup1 approving where one needs a
    // supervisor: the harness is about what survives a kill, not about the prompts (tested in
    // test/rules-boundaries.test.ts and test/bad-input.test.ts).
    const supervisor = quote.prompts.some((p) => p.level === 'supervisor') ? { supervisorId: 'sup1' } : {};
    const done = must(await as('teller1', 'trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: quote.prompts.map((p) => p.code), ...supervisor }), TRADE_REFUSALS);
    if (!done) return;
    say(`C ${done.receiptNo} ${done.id}`);
    recent.push(done.id);
  }

  for (;;) {
    const r = Math.random();
    if (r < 0.4) await trade(false);
    else if (r < 0.55) await trade(true);
    else if (r < 0.62) {
      if (recent.length === 0) continue;
      const tradeId = recent.splice(Math.floor(Math.random() * recent.length), 1)[0]!;
      const voided = must(await as('teller1', 'trades.void', { tradeId, reason: '客户取消 crash harness', supervisorId: 'sup1' }), ['VOID_CASH_INSUFFICIENT', 'NOTES_UNAVAILABLE', 'CHANGE_UNAVAILABLE']);
      if (voided) say(`V ${voided.receiptNo}`);
    } else if (r < 0.68) {
      const currency = pick(['CNY', 'USD', 'EUR'] as const);
      // In whole notes: EUR's smallest is 5.
      const amount = currency === 'EUR' ? between(20, 1000) * 5 : between(100, 5000);
      say(`F ${must(await as('mgr1', 'cash.fund', { currency, amount: String(amount), note: '补充备付金 top-up' }))!.id}`);
    } else if (r < 0.7) {
      // Reserve movements (第四十三–四十五条): cash between the till, the safe and the USD reserve
      // account, and a rebalancing with the bank; reported like `F` and checked by the parent.
      const m = Math.random();
      const amount = String(between(1, 50) * 100);
      const move = m < 0.3
        ? await as('sup1', 'reserves.move', { kind: 'cash_deposit', currency: 'USD', amount, from: 'till', accountId: usdAccount })
        : m < 0.55
          ? await as('sup1', 'reserves.move', { kind: 'cash_withdrawal', currency: 'USD', amount, accountId: usdAccount, to: pick(['till', 'safe'] as const) })
          : m < 0.8
            ? await as('sup1', 'reserves.move', { kind: 'till_safe', currency: 'CNY', amount, from: pick(['till', 'safe'] as const), to: 'till' === pick(['till', 'safe'] as const) ? 'safe' : 'till' })
            : await as('sup1', 'reserves.move', {
              kind: 'rebalance', channel: 'bank', counterparty: '工商银行', method: 'transfer',
              out: { currency: 'USD', amount, place: usdAccount }, in: { currency: 'CNY', amount: String(Number(amount) * 7), place: cnyAccount }, ratePer100: '700',
            });
      // Not enough in the place it would come from, or the same place twice: the rules working.
      const done = must(move, ['RESERVE_INSUFFICIENT', 'NOTES_UNAVAILABLE', 'CHANGE_UNAVAILABLE', 'INVALID_INPUT']);
      if (done) say(`F ${done.id}`);
    } else if (r < 0.8) {
      must(await as('teller1', 'queue.syncNow', {}));
    } else if (r < 0.9) {
      must(await as('teller1', 'printer.printPending', {}));
    } else if (r < 0.95) {
      if (recent.length === 0) continue;
      const job = must(await as('teller1', 'trades.reprint', { tradeId: pick(recent), supervisorId: 'sup1' }));
      if (job) say(`P ${job.id}`);
    } else {
      const currency = pick(['USD', 'EUR'] as const);
      const buy = currency === 'USD' ? between(705, 715) : between(765, 775);
      say(`R ${must(await as('sup1', 'rates.set', { currency, buyPer100: String(buy), sellPer100: String(buy + 10) }))!.id}`);
    }
  }
}

/** Sends everything still queued and prints every pending receipt, then closes. */
async function drain(terminal: Terminal, as: ReturnType<typeof signedIn>): Promise<void> {
  // Generous: the queue is sent in full however loaded the machine is; the parent checks it was.
  const deadline = Date.now() + 10 * 60_000;
  let status;
  for (;;) {
    must(await as('teller1', 'queue.syncNow', {}));
    must(await as('teller1', 'printer.printPending', {}));
    status = must(await as('teller1', 'queue.status', {}))!;
    if (status.pending === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  say(`drained ${JSON.stringify({ pending: status.pending, needsAttention: status.needsAttention.length })}`);
  // 第三十二条(五): the day against SAFE's records. An entry whose trade was never committed is
  // cancelled there by now, so not listed at all.
  const day = must(await as('sup1', 'monitoring.reconcile', { date: businessDate(now()) }))!;
  say(`reconciled ${JSON.stringify({ missingOnTerminal: day.missingOnTerminal.length, cancelDue: day.voidedStillRecorded.length })}`);
  terminal.close();
  process.exit(0);
}

const lines = createInterface({ input: process.stdin });
lines.once('line', (line) => {
  if (line !== 'go') throw new Error(`expected go, got ${line}`);
  main(config).catch((e: unknown) => {
    process.stderr.write(`mixed failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
});
say('loaded');
