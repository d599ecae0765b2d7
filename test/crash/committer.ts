// Child process for the crash test: opens the Terminal on the given ledger file and commits
// trades (and now and then voids one) as fast as it can until it is killed. After each commit
// returns it prints `C <receipt>`, after each void `V <receipt>`: stdout to a pipe is synchronous
// on Linux, so a printed line means the Terminal had answered before the kill.
import { mod11_2CheckCharacter } from '../../shared/id/idDocument';
import { businessDate, monthOf } from '../../shared/time';
import { createTerminal } from '../../electron/terminal/terminal';
import { TEST_KEY } from '../helpers/key';
import { staffed, TEST_SCRYPT_N } from '../helpers/people';
import { RecordingMonitoring } from '../helpers/recordingMonitoring';

const [databasePath, clockBase, clockStart] = process.argv.slice(2);
if (!databasePath || !clockBase || !clockStart) throw new Error('usage: committer <ledger.sqlite> <clock base ISO> <clock start epoch ms>');
/** The test's day, whatever the machine's date: time runs on from `clockBase` across restarts. */
const now = () => new Date(Date.parse(clockBase) + (Date.now() - Number(clockStart)));

const monitoring = new RecordingMonitoring();

const terminal = staffed(createTerminal({
  databasePath,
  databaseKey: TEST_KEY,
  outlet: { institutionCode: 'INST001', institutionName: '环球通兑换有限公司', outletCode: 'PEK-T3-01', outletName: '首都机场T3网点', terminalId: 'T1', borderPort: false },
  clock: now,
  monitoring,
  scryptN: TEST_SCRYPT_N,
}));

function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }, allow: string[] = []): T | undefined {
  if (r.ok) return r.value;
  if (allow.includes(r.error.code)) return undefined;
  throw new Error(`unexpected ${r.error.code}`);
}

function person(n: number) {
  const first17 = `110105${1960 + (n % 40)}0${1 + (n % 9)}1${n % 10}${String(100 + (n % 900)).padStart(3, '0')}`;
  return { idType: '01', idNumber: first17 + mod11_2CheckCharacter(first17), name: `客户${n}` };
}

async function main(): Promise<void> {
  const month = monthOf(businessDate(now()));
  for (const [currency, buy, sell] of [['USD', '710', '720'], ['EUR', '770', '790'], ['JPY', '4.7', '4.9']] as const) {
    must(await terminal.call('rates.set', { currency, buyPer100: buy, sellPer100: sell, setBy: 'sup1' }));
  }
  must(await terminal.call('conversionRates.import', { month, csv: 'EUR,1.25\nJPY,0.0068\n', importedBy: 'sup1' }), ['CONVERSION_TABLE_EXISTS']);
  const cash = must(await terminal.call('cash.onHand', {}))!;
  if (cash.length === 0) {
    for (const [currency, amount] of [['CNY', '50000000'], ['USD', '5000000'], ['EUR', '5000000'], ['JPY', '900000000']] as const) {
      must(await terminal.call('cash.fund', { currency, amount, note: 'crash test', actor: 'mgr1' }));
    }
  }
  const notes = { USD: 1, EUR: 5, JPY: 1000 } as const;
  const recent: string[] = [];
  for (let i = 0; ; i++) {
    const currency = (['USD', 'EUR', 'JPY'] as const)[i % 3]!;
    const request = {
      customer: person(Math.floor(Math.random() * 2000)),
      direction: Math.random() < 0.5 ? ('settlement' as const) : ('purchase' as const),
      currency,
      amount: String((1 + Math.floor(Math.random() * 120)) * notes[currency]),
      side: 'foreign' as const,
      tellerId: 'teller1',
    };
    const quote = must(await terminal.call('trades.quote', request))!;
    // This teller confirms every prompt the quote shows, and sup1 approves each commit (an approval
    // auth.approve refuses fails the child): the test is about what survives a kill, not about
    // the prompts (test/rules-boundaries.test.ts, test/bad-input.test.ts).
    const trade = must(await terminal.call('trades.commit', {
      ...request,
      quoteToken: quote.quoteToken,
      acknowledgedPrompts: quote.prompts.map((p) => p.code),
      supervisorId: 'sup1',
    }), ['DAILY_LIMIT_EXCEEDED']);
    if (!trade) continue;
    process.stdout.write(`C ${trade.receiptNo}\n`);
    recent.push(trade.id);
    if (Math.random() < 0.1) {
      const tradeId = recent.splice(Math.floor(Math.random() * recent.length), 1)[0]!;
      const voided = must(await terminal.call('trades.void', { tradeId, reason: 'crash test', tellerId: 'teller1', supervisorId: 'sup1' }), ['VOID_NOT_SAME_DAY', 'VOID_CASH_INSUFFICIENT']);
      if (voided) process.stdout.write(`V ${voided.receiptNo}\n`);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`committer failed: ${String(e)}\n`);
  process.exit(1);
});
