// Child for the spool test: commits one trade on a terminal whose printer is not started (the
// job stays pending), prints `committed <receipt>`, and waits to be killed.
import { createTerminal } from '../../electron/terminal/terminal';
import { TEST_KEY } from '../helpers/key';
import { staffed, TEST_SCRYPT_N } from '../helpers/people';
import { RecordingMonitoring } from '../helpers/recordingMonitoring';

const [databasePath] = process.argv.slice(2);
if (!databasePath) throw new Error('usage: commit-one <ledger.sqlite>');
const now = () => new Date('2026-03-10T02:00:00Z');
const t = staffed(createTerminal({
  databasePath,
  databaseKey: TEST_KEY,
  outlet: { institutionCode: 'INST001', institutionName: '环球通兑换有限公司', outletCode: 'PEK-T3-01', outletName: '首都机场T3网点', terminalId: 'T1', borderPort: false },
  clock: now,
  monitoring: new RecordingMonitoring(),
  sync: { autoStart: false },
  scryptN: TEST_SCRYPT_N,
}));

async function main(): Promise<void> {
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
    if (!r.ok) throw new Error(r.error.code);
    return r.value;
  };
  must(await t.call('rates.set', { currency: 'USD', buyPer100: '710', sellPer100: '720', setBy: 'sup1' }));
  must(await t.call('cash.fund', { currency: 'CNY', amount: '100000', note: 'test', actor: 'mgr1' }));
  const request = { customer: { idType: '01', idNumber: '11010519491231002X', name: '张三' }, direction: 'settlement' as const, currency: 'USD', amount: '100', side: 'foreign' as const, tellerId: 'teller1' };
  const quote = must(await t.call('trades.quote', request));
  const trade = must(await t.call('trades.commit', { ...request, quoteToken: quote.quoteToken }));
  process.stdout.write(`committed ${trade.receiptNo}\n`);
  setInterval(() => undefined, 1 << 30);
}
main().catch((e: unknown) => {
  process.stderr.write(String(e));
  process.exit(1);
});
