// Child process for the sync crash test: opens the Terminal on the given ledger with the
// interface-mode client pointed at the simulator, and lets the sync loop run flat out until killed.
// It prints `ready` once open and `answered` each time the monitoring system answers a back-fill,
// so the parent times its kill by the sync's progress, not by the wall clock (a loaded machine
// makes the child slower, and a kill timed by the clock would land before any row went out).
import { InterfaceModeClient } from '../../electron/monitoring/httpClient';
import type { MonitoringAdapter } from '../../electron/monitoring/adapter';
import { createTerminal } from '../../electron/terminal/terminal';
import { TEST_KEY } from '../helpers/key';

const [databasePath, baseUrl, now] = process.argv.slice(2);
if (!databasePath || !baseUrl || !now) throw new Error('usage: syncer <ledger.sqlite> <monitoring url> <now>');

const client = new InterfaceModeClient({ baseUrl, connectTimeoutMs: 500, responseTimeoutMs: 1000 });
const monitoring: MonitoringAdapter = {
  quota: (p, t) => client.quota(p, t),
  register: (e) => client.register(e),
  backfill: async (e) => {
    const answer = await client.backfill(e);
    process.stdout.write('answered\n');
    return answer;
  },
  cancel: (c) => client.cancel(c),
  findBySerial: (s) => client.findBySerial(s),
  recordsOn: (d) => client.recordsOn(d),
};

createTerminal({
  databasePath,
  databaseKey: TEST_KEY,
  outlet: { institutionCode: 'INST001', institutionName: '环球通兑换有限公司', outletCode: 'PEK-T3-01', outletName: '首都机场T3网点', terminalId: 'T1', borderPort: false },
  clock: () => new Date(now),
  monitoring,
  sync: { intervalMs: 1, batch: 5 },
});
// The sync loop's timer does not hold the process open (in the app, Electron does): this does.
setInterval(() => undefined, 1 << 30);
process.stdout.write('ready\n');
