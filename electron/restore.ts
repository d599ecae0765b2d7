// Restoring the ledger from a backup, offline (the running terminal holds the ledger open):
//   npm run restore -- --data DIR --from FILE [--by NAME]
// or a counter from the institution's hub (a new PC in place of a dead one; issue 17 item 6):
//   npm run restore -- --data DIR --from-hub [--from FILE] [--by NAME] [--clock ISO]
// which enrols with terminal.json's hub.enrolmentCode (unless enrolled) and rebuilds the counter
// from the events the hub holds (on the backup FILE if given: the hub's events after it).
// The key is TERMINAL_DB_KEY (the escrowed key, on a replacement PC), else DIR/ledger.key. The
// backup must be of this outlet (DIR/terminal.json, else the ledger already in DIR) and of a
// schema this program knows; the ledger it replaces is kept as ledger.sqlite.replaced-<time>.
// README "Backups and recovery".
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Refusal } from '../shared/errors';
import { clockFrom } from '../shared/time';
import { readConfig } from './app/compose';
import { checkDataFolder } from './app/dataFolder';
import { restoreLedger } from './ledger/backup';
import { assertBackupFile } from './ledger/backupFiles';
import { fileKeyStore, KEY_ENV, KEY_FILE, newKey, parseKey, SEALED_KEY_FILE, type KeyStore } from './ledger/key';
import { restoreFromHub } from './ledger/hubRestore';
import { createHubLink, HubRefused } from './hubClient/link';
import { historyAnswer } from '../shared/sync/protocol';
import { loadMigrations } from './ledger/migrate';

const { values } = parseArgs({
  options: { data: { type: 'string' }, from: { type: 'string' }, 'from-hub': { type: 'boolean', default: false }, by: { type: 'string', default: 'restore' }, clock: { type: 'string' } },
});

function say(zh: string, en: string): void {
  process.stdout.write(`${zh}\n${en}\n`);
}

function fail(zh: string, en: string): never {
  process.stderr.write(`${zh}\n${en}\n`);
  process.exit(1);
}

/** The restored ledger opens with its key from now on: kept here, or (the desktop app's, sealed) given once at its start. */
function keepKey(store: KeyStore, stored: Buffer | undefined, key: Buffer, sealed: boolean): void {
  if (stored?.equals(key)) return;
  if (sealed) {
    say(
      `桌面程序的密钥由系统加密保存：请第一次启动时设置 ${KEY_ENV}=<此密钥>，程序会保存它。`,
      `The desktop app keeps its key sealed: start it once with ${KEY_ENV}=<this key> and it keeps the key.`,
    );
  } else {
    store.write(key);
    say(`密钥已保存到 ${store.where}`, `The key is kept in ${store.where} from now on.`);
  }
}

if (!values.data || (!values.from && !values['from-hub'])) {
  fail('用法：npm run restore -- --data 数据文件夹 --from 备份文件\n或：npm run restore -- --data 数据文件夹 --from-hub [--from 备份文件]', 'usage: npm run restore -- --data DIR --from BACKUP_FILE\n   or: npm run restore -- --data DIR --from-hub [--from BACKUP_FILE]');
}
const dataDir = resolve(values.data);
if (values.clock !== undefined && Number.isNaN(Date.parse(values.clock))) fail(`--clock: 不是时间 ${values.clock}`, `--clock: not an instant (e.g. 2026-12-04T10:00:00+08:00): ${values.clock}`);
// The time the hub is told and the restore is audited at: the PC's, or (tests, demonstrations) one
// that runs on from --clock, as browser mode's (electron/serve.ts).
const now = values.clock !== undefined ? clockFrom(values.clock) : () => new Date();

if (values['from-hub']) {
  fromHub(dataDir, values.from ? resolve(values.from) : undefined, values.by!).catch((e: unknown) => {
    if (e instanceof Refusal) fail(e.failure.message.zh, e.failure.message.en);
    if (e instanceof HubRefused) fail(e.failure.message.zh, e.failure.message.en);
    const message = e instanceof Error ? e.message : String(e);
    // The link (fetch's own failure, a timeout) is said as such; anything else is not dressed up as it.
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError' || message === 'fetch failed')) {
      fail(`连不上中心，未恢复任何内容：${message}。请检查网络后重试。`, `The hub cannot be reached; nothing was restored: ${message}. Check the network and try again.`);
    }
    fail(`恢复失败，未恢复任何内容：${message}。请联系技术支持。`, `The restore failed; nothing was restored: ${message}. Call support.`);
  });
} else fromBackup(resolve(values.from!));

function fromBackup(from: string): void {
  try {
    assertBackupFile(from);
    checkDataFolder(dataDir);
    const store = fileKeyStore(join(dataDir, KEY_FILE));
    const stored = store.read();
    const env = process.env[KEY_ENV];
    const key = env ? parseKey(env, KEY_ENV) : stored;
    if (!key) throw new Refusal('LEDGER_KEY_MISSING', { file: from, where: `${KEY_ENV} / ${join(dataDir, KEY_FILE)}` });
    const outlet = readConfig(dataDir).outlet;

    const result = restoreLedger({
      dataDir,
      from,
      key,
      outlet: outlet ? { institutionCode: outlet.institutionCode, outletCode: outlet.outletCode } : undefined,
      migrations: loadMigrations(),
      now: now(),
      by: values.by!,
      otherKeys: stored && !stored.equals(key) ? [stored] : [],
    });
    say(`已恢复：${result.restored}（网点 ${result.backup.outletCode}，备份版本 ${result.backup.schemaVersion}）`, `Restored ${result.restored} (outlet ${result.backup.outletCode}, backup schema ${result.backup.schemaVersion}).`);
    if (result.replaced) say(`原账本保留为 ${result.replaced}`, `The ledger it replaced is kept as ${result.replaced}.`);

    keepKey(store, stored, key, existsSync(join(dataDir, SEALED_KEY_FILE)));
    const n = result.numbering;
    say(
      `备份中最后的水单号为 ${n.lastReceiptNo}；恢复后的账本从新的一本开始编号，下一张为 ${n.nextReceiptNo}${n.closedBook ? `（水单本 ${n.closedBook} 不再使用）` : ''}：备份之后打印过的号码不会重复使用。`,
      `The backup's last receipt number is ${n.lastReceiptNo}; the restored ledger numbers in a new book, from ${n.nextReceiptNo}${n.closedBook ? ` (receipt book ${n.closedBook} is used no more)` : ''}: no number printed after the backup is issued again.`,
    );
    say(
      '请启动终端并核对最近的交易：备份之后办理的业务不在恢复的账本中，请对照水单存根和监测系统的记录处理。',
      'Start the terminal and check the latest trades: business done after the backup is not in the restored ledger; check it against the receipt stubs and the monitoring system.',
    );
  } catch (e) {
    if (e instanceof Refusal) fail(e.failure.message.zh, e.failure.message.en);
    throw e;
  }
}

async function fromHub(dataDir: string, from: string | undefined, by: string): Promise<void> {
  if (from !== undefined) assertBackupFile(from);
  checkDataFolder(dataDir);
  const config = readConfig(dataDir);
  if (!config.hub || !config.outlet) throw new Refusal('RESTORE_HUB_NOT_SET', { dataDir });
  const outlet = config.outlet;
  const store = fileKeyStore(join(dataDir, KEY_FILE));
  const stored = store.read();
  const env = process.env[KEY_ENV];
  const sealed = existsSync(join(dataDir, SEALED_KEY_FILE));
  // The key the rebuilt ledger is made with: TERMINAL_DB_KEY (a backup's, or the desktop app's own,
  // which it keeps sealed), else this folder's, else a new one, kept before the ledger is built so
  // that a restore cut short never leaves a ledger nobody can open.
  let key: Buffer;
  if (env) key = parseKey(env, KEY_ENV);
  else if (stored) key = stored;
  else if (sealed) throw new Refusal('LEDGER_KEY_MISSING', { file: join(dataDir, 'ledger.sqlite'), where: `${KEY_ENV} (npm start -- --export-key)` });
  else {
    key = newKey();
    store.write(key);
    say(`新密钥已保存到 ${store.where}`, `A new key is kept in ${store.where}.`);
  }
  const kept = stored ?? (env || sealed ? undefined : key);
  const link = createHubLink({ url: config.hub.url, dataDir, terminalId: outlet.terminalId, outletCode: outlet.outletCode, now });
  if (!link.enrolled()) {
    await link.enrol(config.hub.enrolmentCode);
    say('已在中心登记这台电脑。', 'This PC is enrolled at the hub.');
  }
  const result = await restoreFromHub({
    dataDir, key, migrations: loadMigrations(), terminalId: outlet.terminalId,
    outlet: { institutionCode: outlet.institutionCode, outletCode: outlet.outletCode },
    history: async (after) => historyAnswer.parse(await link.post('/v1/history', { after }, true, 60_000)),
    from, now, by, otherKeys: stored && !stored.equals(key) ? [stored] : [],
  });
  keepKey(store, kept, key, sealed);
  say(
    `已从中心恢复柜台 ${outlet.terminalId}：${result.events} 条记录（至第 ${result.held} 条），${result.trades} 笔交易。`,
    `Counter ${outlet.terminalId} restored from the hub: ${result.events} entries (to ${result.held}), ${result.trades} trades.`,
  );
  if (result.replaced) say(`原账本保留为 ${result.replaced}`, `The ledger it replaced is kept as ${result.replaced}.`);
  const n = result.numbering;
  say(
    `旧电脑的水单本${n.closedBooks.length > 0 ? ` ${n.closedBooks.join('、')} ` : ''}不再使用，柜台启动后从中心领取新的水单本；离线时本柜台自有编号从 ${n.nextReceiptNo} 开始：旧电脑打印过的号码不会重复使用。`,
    `The old PC's receipt books${n.closedBooks.length > 0 ? ` ${n.closedBooks.join(', ')}` : ''} are used no more; the counter takes a new book from the hub when it starts, and offline numbers its own from ${n.nextReceiptNo}: no number the old PC printed is issued again.`,
  );
  say(
    `待报送监测系统：补录 ${result.owed.backfill} 笔，撤销 ${result.owed.cancel} 笔，终端启动后自动报送（按流水号，不会重复记录）。`,
    `Owed to the monitoring system: ${result.owed.backfill} back-fills and ${result.owed.cancel} cancels, delivered when the terminal starts (by serial: recorded once).`,
  );
  say(
    '旧电脑最后一次同步之后办理的业务不在中心：请对照水单存根和监测系统的记录逐笔核查，存根与恢复记录一并保存；这些水单号码不会再被使用。',
    'Business the old PC did after its last sync is not at the hub: check each receipt stub against the monitoring system and keep the stubs with the restore\'s record; their numbers are never issued again.',
  );
}
