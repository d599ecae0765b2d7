// Restoring the ledger from a backup, offline (the running terminal holds the ledger open):
//   npm run restore -- --data DIR --from FILE [--by NAME]
// The key is TERMINAL_DB_KEY (the escrowed key, on a replacement PC), else DIR/ledger.key. The
// backup must be of this outlet (DIR/terminal.json, else the ledger already in DIR) and of a
// schema this program knows; the ledger it replaces is kept as ledger.sqlite.replaced-<time>.
// README "Backups and recovery".
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Refusal } from '../shared/errors';
import { readConfig } from './app/compose';
import { restoreLedger } from './ledger/backup';
import { fileKeyStore, KEY_ENV, KEY_FILE, parseKey, SEALED_KEY_FILE } from './ledger/key';
import { loadMigrations } from './ledger/migrate';

const { values } = parseArgs({
  options: { data: { type: 'string' }, from: { type: 'string' }, by: { type: 'string', default: 'restore' } },
});

function say(zh: string, en: string): void {
  process.stdout.write(`${zh}\n${en}\n`);
}

function fail(zh: string, en: string): never {
  process.stderr.write(`${zh}\n${en}\n`);
  process.exit(1);
}

if (!values.data || !values.from) fail('用法：npm run restore -- --data 数据文件夹 --from 备份文件', 'usage: npm run restore -- --data DIR --from BACKUP_FILE');
const dataDir = resolve(values.data);
const from = resolve(values.from);

try {
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
    now: new Date(),
    by: values.by!,
    otherKeys: stored && !stored.equals(key) ? [stored] : [],
  });
  say(`已恢复：${result.restored}（网点 ${result.backup.outletCode}，备份版本 ${result.backup.schemaVersion}）`, `Restored ${result.restored} (outlet ${result.backup.outletCode}, backup schema ${result.backup.schemaVersion}).`);
  if (result.replaced) say(`原账本保留为 ${result.replaced}`, `The ledger it replaced is kept as ${result.replaced}.`);

  // The restored ledger opens with this key from now on.
  if (!stored?.equals(key)) {
    if (existsSync(join(dataDir, SEALED_KEY_FILE))) {
      say(
        `桌面程序的密钥由系统加密保存：请第一次启动时设置 ${KEY_ENV}=<此密钥>，程序会保存它。`,
        `The desktop app keeps its key sealed: start it once with ${KEY_ENV}=<this key> and it keeps the key.`,
      );
    } else {
      store.write(key);
      say(`密钥已保存到 ${store.where}`, `The key is kept in ${store.where} from now on.`);
    }
  }
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
