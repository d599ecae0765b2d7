// Child process of the hub's fault campaigns (test/hub-faults.test.ts): one counter, a Terminal on
// its own encrypted SQLite ledger in its own data folder, enrolled with the hub by the one-time
// code HQ made and pushing its events by the terminal's own loop (electron/hubClient/push.ts, as
// createTerminal starts it from terminal.json's hub section, only with a short interval), while a
// teller trades at the counter (and now and then voids a trade) until the child is killed or told
// to stop.
//
// It loads, says `loaded`, and waits for `go` on stdin before it opens anything: the parent keeps
// the next child loaded while this one works, and two children never have one ledger open at once.
// Every line is written as it happens (stdout to a pipe is synchronous on Linux, so a printed line
// means it had happened before a kill):
//   open                      the Terminal is open
//   C <receiptNo> <tradeId>   a trade the counter committed (the teller was told)
//   V <receiptNo> <tradeId>   a trade voided
//   P <from> <to>             a push of the events from..to leaves for the hub
//   H <held>                  the hub answered a push: it holds the events up to `held`
//   E <path> <code>           the hub refused a request (its code)
//   U <path>                  the hub could not be reached (no answer)
//   closed <held> <entries>   after `stop`: trading stopped, the loop caught up, the Terminal closed
// and on a busy day:
//   Q <tradeId> <hub>         the committed trade's quote counted the other counters (online) or not
//   S <transferId> <to>       notes sent to another counter
//   R <transferId>            notes counted in from another counter
//   X <tradeId>               a receipt reprinted
//   K <currency>              a rate changed
//   B <tradeId> <receiptNo>   a visitor's reconversion committed against the original receipt <receiptNo>
// The P/H/E/U lines come from watching `fetch`, which the push loop calls: nothing of the loop is
// changed.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { mod11_2CheckCharacter } from '../../shared/id/idDocument';
import { businessDate, monthOf } from '../../shared/time';
import { createTerminal } from '../../electron/terminal/terminal';
import { TEST_KEY } from '../helpers/key';
import { staffed, TEST_SCRYPT_N } from '../helpers/people';
import { RecordingMonitoring } from '../helpers/recordingMonitoring';

export interface CounterConfig {
  /** The counter's data folder: ledger.sqlite, hub-key.pem, hub.json. */
  dataDir: string;
  terminalId: string;
  hubUrl: string;
  /** The one-time code (used by the first life; later lives are enrolled: hub.json). */
  enrolmentCode: string;
  /** The counter's clock: `clockBase` plus the real time since `clockStart` (epoch ms), so time runs on across lives. */
  clockBase: string;
  clockStart: number;
  /** The push loop's interval. */
  intervalMs: number;
  /** The teller's pause between two trades. */
  paceMs: number;
  /**
   * A busy day at an outlet of several counters (test/busy-day.test.ts): customers from one pool
   * shared by the counters, larger amounts (the daily limit across counters), reprints, rate
   * changes, and notes sent to the other counters (`peers`) and counted in from them. Visitors
   * (foreign passports, a pool of their own) sell foreign currency at any counter; each such
   * receipt is written to `visitorReceipts`, a file every counter reads, and the visitor comes back
   * at any counter to change part of the RMB back against it (第三十一条): two counters may try the
   * same receipt at once.
   */
  busy?: { peers: string[]; customers: number; visitorReceipts: string } | undefined;
}

export const OUTLET = { institutionCode: 'INST001', institutionName: '环球通兑换有限公司', outletCode: 'PEK-T3-01', outletName: '首都机场T3网点', borderPort: false } as const;

const cfg = JSON.parse(process.argv[2] ?? 'null') as CounterConfig | null;
if (!cfg) throw new Error('usage: counter <json config>');
const base = Date.parse(cfg.clockBase);
const now = () => new Date(base + (Date.now() - cfg.clockStart));
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The push loop's requests, watched.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  if (path === '/v1/events' && typeof init?.body === 'string') {
    const seqs = [...init.body.matchAll(/"seq":"(\d+)"/g)].map((m) => m[1]!);
    if (seqs.length > 0) say(`P ${seqs[0]} ${seqs.at(-1)}`);
  }
  let res: Response;
  try {
    res = await realFetch(input, init);
  } catch (e) {
    say(`U ${path}`);
    throw e;
  }
  try {
    const answer = (await res.clone().json()) as { ok: boolean; value?: { held?: string }; error?: { code: string } };
    if (!answer.ok) say(`E ${path} ${answer.error?.code ?? '?'}`);
    else if (path === '/v1/events') say(`H ${answer.value?.held ?? '?'}`);
  } catch {
    say(`E ${path} NOT_JSON`);
  }
  return res;
};

let stopping = false;
const go = new Promise<void>((resolve) => {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line === 'go') resolve();
    if (line === 'stop') stopping = true;
  });
});

function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: { en: string } } }, allow: readonly string[] = []): T | undefined {
  if (r.ok) return r.value;
  if (allow.includes(r.error.code)) return undefined;
  throw new Error(`unexpected ${r.error.code}: ${r.error.message.en}`);
}

function person(n: number) {
  const first17 = `110105${1960 + (n % 40)}0${1 + (n % 9)}1${n % 10}${String(100 + (n % 900)).padStart(3, '0')}`;
  return { idType: '01', idNumber: first17 + mod11_2CheckCharacter(first17), name: `客户${n}` };
}

/** A visitor of the busy day's pool (a foreign passport: settlements, and reconversions against them). */
function visitor(n: number) {
  return { idType: '04', idNumber: `V${String(1_000_000 + n)}`, country: 'USA', name: `VISITOR ${n}` };
}
const VISITORS = 12;

/** Refusals a trade may meet at a busy counter: the rules working, not failures. */
// QUOTE_STALE: the hub answered the quote's look-up and not the commit's (or the other way round),
// so the customer's figure changed between the two: the teller quotes again.
// LIMIT_HOLD_UNCONFIRMED: the hub answered the commit's look-up and went before the day's hold.
// COUNTER_AWAITING_HUB: a new counter before its first contact with the hub (no receipt book yet).
const TRADE_REFUSALS = ['COUNTER_AWAITING_HUB', 'LIMIT_HOLD_UNCONFIRMED', 'DAILY_LIMIT_EXCEEDED', 'CASH_INSUFFICIENT', 'NOTES_UNAVAILABLE', 'CHANGE_UNAVAILABLE', 'QUOTE_EXPIRED', 'QUOTE_STALE'];
// A reconversion's own (第三十一条): more than is left on the receipt (another counter changed it
// back first); a receipt only the hub knows, with the hub away (not found, or not held); one of
// this counter's that may be at the hub, with the hub away.
const RECONVERSION_REFUSALS = [...TRADE_REFUSALS, 'RECONVERSION_EXCEEDS_RECEIPT', 'RECONVERSION_RECEIPT_INVALID', 'RECEIPT_HOLD_UNCONFIRMED', 'RECEIPT_HUB_NEEDED'];

/** A visitor back with a receipt from the shared file, changing 30–80 % of it back here. */
async function reconversion(terminal: ReturnType<typeof staffed>, file: string): Promise<void> {
  if (!existsSync(file)) return;
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => /^\d+ \d+ \d+$/.test(l));
  if (lines.length === 0) return;
  const [receiptNo, n, usd] = lines[Math.floor(Math.random() * lines.length)]!.split(' ').map(Number) as [number, number, number];
  const request = {
    customer: visitor(n), direction: 'purchase' as const, currency: 'USD', amount: String(Math.max(1, Math.floor(usd * (0.3 + Math.random() * 0.5)))),
    side: 'foreign' as const, reconversion: true, originalReceiptNo: receiptNo, tellerId: 'teller1',
  };
  const quote = must(await terminal.call('trades.quote', request), RECONVERSION_REFUSALS);
  const trade = quote && must(await terminal.call('trades.commit', { ...request, quoteToken: quote.quoteToken, acknowledgedPrompts: quote.prompts.map((p) => p.code), supervisorId: 'sup1' }), RECONVERSION_REFUSALS);
  if (trade) {
    say(`C ${trade.receiptNo} ${trade.id}`);
    say(`Q ${trade.id} ${quote.institution.hub}`);
    say(`B ${trade.id} ${receiptNo}`);
  }
}

/** The rest of a busy counter's work between two customers (see CounterConfig.busy). */
async function busyWork(terminal: ReturnType<typeof staffed>, peers: readonly string[], recent: readonly string[], visitorReceipts: string): Promise<void> {
  if (Math.random() < 0.15) await reconversion(terminal, visitorReceipts);
  // Notes from the other counters, counted in as sent.
  for (const t of must(await terminal.call('cash.transfers', {}))!) {
    if (t.direction !== 'in' || t.state !== 'inTransit') continue;
    const got = must(await terminal.call('cash.transferReceive', { id: t.id, to: 'till', notes: t.notes, actor: 'teller1' }), ['DAY_CLOSED']);
    if (got) say(`R ${t.id}`);
  }
  const roll = Math.random();
  if (roll < 0.08 && peers.length > 0) {
    const to = peers[Math.floor(Math.random() * peers.length)]!;
    const count = 1 + Math.floor(Math.random() * 5);
    const sent = must(await terminal.call('cash.transferSend', { toCounter: to, from: 'till', currency: 'USD', amount: String(100 * count), notes: [{ denomination: '100', count }], actor: 'teller1' }), ['NOTES_UNAVAILABLE', 'TRANSFER_COUNTER_UNKNOWN', 'TRANSFER_HUB_OFFLINE']);
    if (sent) say(`S ${sent.id} ${to}`);
  } else if (roll < 0.13 && recent.length > 0) {
    const tradeId = recent[Math.floor(Math.random() * recent.length)]!;
    const copy = must(await terminal.call('trades.reprint', { tradeId, tellerId: 'teller1', supervisorId: 'sup1' } as never), ['TRADE_VOIDED', 'PRINTER_NOT_CONFIGURED', 'PRINTER_UNAVAILABLE']);
    if (copy) say(`X ${tradeId}`);
  } else if (roll < 0.16) {
    const buy = 705 + Math.floor(Math.random() * 10);
    must(await terminal.call('rates.set', { currency: 'USD', buyPer100: String(buy), sellPer100: String(buy + 10), setBy: 'sup1' }));
    say('K USD');
  }
}

async function main(c: CounterConfig): Promise<void> {
  say('loaded');
  await go;
  const terminal = staffed(createTerminal({
    databasePath: join(c.dataDir, 'ledger.sqlite'),
    databaseKey: TEST_KEY,
    outlet: { ...OUTLET, terminalId: c.terminalId },
    clock: now,
    monitoring: new RecordingMonitoring(),
    hub: { url: c.hubUrl, enrolmentCode: c.enrolmentCode, intervalMs: c.intervalMs, autoStart: true },
    // The hub being away is what this child lives through: said by the U lines, not logged.
    log: (m, e) => {
      if (!m.startsWith('hub:')) process.stderr.write(`${m}: ${e instanceof Error ? e.stack : String(e)}\n`);
    },
    idleSignOutMs: 86_400_000,
    scryptN: TEST_SCRYPT_N,
  }));
  say('open');

  const month = monthOf(businessDate(now()));
  for (const [currency, buy, sell] of [['USD', '710', '720'], ['EUR', '770', '790'], ['JPY', '4.7', '4.9']] as const) {
    must(await terminal.call('rates.set', { currency, buyPer100: buy, sellPer100: sell, setBy: 'sup1' }));
  }
  must(await terminal.call('conversionRates.import', { month, csv: 'EUR,1.25\nJPY,0.0068\n', importedBy: 'sup1' }), ['CONVERSION_TABLE_EXISTS']);
  if (must(await terminal.call('cash.onHand', {}))!.length === 0) {
    for (const [currency, amount] of [['CNY', '50000000'], ['USD', '5000000'], ['EUR', '5000000'], ['JPY', '900000000']] as const) {
      must(await terminal.call('cash.fund', { currency, amount, note: 'hub faults float', actor: 'mgr1' }));
    }
  }

  const notes = { USD: 1, EUR: 5, JPY: 1000 } as const;
  // On a busy day, up to about 1,500 USD a trade: a customer reaches the limit in a few trades.
  const BUSY_NOTES = { USD: 1500, EUR: 240, JPY: 150 } as const;
  const recent: string[] = [];
  const busy = c.busy;
  for (let i = 0; !stopping; i++) {
    // On a busy day a quarter of the customers are visitors selling USD (they buy none but back: 第三十一条).
    const visiting = busy !== undefined && Math.random() < 0.25 ? Math.floor(Math.random() * VISITORS) : undefined;
    const currency = visiting !== undefined ? 'USD' : (['USD', 'EUR', 'JPY'] as const)[i % 3]!;
    const request = {
      customer: visiting !== undefined ? visitor(visiting) : person(Math.floor(Math.random() * (busy?.customers ?? 5000))),
      direction: visiting !== undefined || Math.random() < 0.5 ? ('settlement' as const) : ('purchase' as const),
      currency,
      amount: String((1 + Math.floor(Math.random() * (busy ? BUSY_NOTES[currency] : 120))) * notes[currency]),
      side: 'foreign' as const,
      tellerId: 'teller1',
    };
    const quote = must(await terminal.call('trades.quote', request), TRADE_REFUSALS);
    const trade = quote && must(await terminal.call('trades.commit', {
      ...request,
      quoteToken: quote.quoteToken,
      acknowledgedPrompts: quote.prompts.map((p) => p.code),
      supervisorId: 'sup1',
    }), TRADE_REFUSALS);
    if (trade) {
      say(`C ${trade.receiptNo} ${trade.id}`);
      if (busy) say(`Q ${trade.id} ${quote.institution.hub}`);
      // The visitor's receipt, for any counter to change back against (one line, appended whole).
      if (busy && visiting !== undefined) appendFileSync(busy.visitorReceipts, `${trade.receiptNo} ${visiting} ${request.amount}\n`);
      recent.push(trade.id);
      if (Math.random() < 0.1) {
        const tradeId = recent.splice(Math.floor(Math.random() * recent.length), 1)[0]!;
        const voided = must(await terminal.call('trades.void', { tradeId, reason: 'hub faults', tellerId: 'teller1', supervisorId: 'sup1' }), ['VOID_CASH_INSUFFICIENT', 'NOTES_UNAVAILABLE', 'CHANGE_UNAVAILABLE']);
        if (voided) say(`V ${voided.receiptNo} ${tradeId}`);
      }
    }
    if (busy) await busyWork(terminal, busy.peers, recent, busy.visitorReceipts);
    await sleep(c.paceMs);
  }

  // Stopped: the loop catches up with the ledger, then the Terminal closes.
  const entries = () => String(terminal.ledger.prepare('SELECT max(id) FROM audit_log').pluck().get());
  for (;;) {
    const state = await terminal.hub!.runOnce();
    if (state.problem === undefined && state.held === entries()) break;
    await sleep(50);
  }
  const [held, last] = [terminal.hub!.state().held, entries()];
  terminal.close();
  say(`closed ${held} ${last}`);
  process.exit(0);
}

main(cfg).catch((e: unknown) => {
  process.stderr.write(`counter failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
