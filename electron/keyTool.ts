// Key escrow (README "Personal data at rest"):
//   npm run key -- export [--data DIR] [--plain]   the ledger's key, for the manager's sealed envelope
//   npm run key -- fingerprint [--data DIR]        which key this PC holds, without showing it
// Reads TERMINAL_DB_KEY, else DIR/ledger.key (browser mode). The desktop app keeps its key sealed
// by the OS, which only the app can open: there, start the app with --export-key.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Refusal } from '../shared/errors';
import { escrowText, fileKeyStore, KEY_ENV, KEY_FILE, keyFingerprint, keyHex, parseKey, SEALED_KEY_FILE } from './ledger/key';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { data: { type: 'string', default: './terminal-data' }, plain: { type: 'boolean', default: false } },
});

function fail(text: string): never {
  process.stderr.write(`${text}\n`);
  process.exit(1);
}

const command = positionals[0];
if (command !== 'export' && command !== 'fingerprint') fail('usage: npm run key -- export|fingerprint [--data DIR] [--plain]');

const dataDir = values.data!;
try {
  const env = process.env[KEY_ENV];
  const key = env ? parseKey(env, KEY_ENV) : fileKeyStore(join(dataDir, KEY_FILE)).read();
  if (!key) {
    if (existsSync(join(dataDir, SEALED_KEY_FILE))) {
      fail('此密钥由桌面程序加密保存，只能由程序导出：以 --export-key 参数启动桌面程序。\nThe desktop app keeps this key sealed by the OS: start the app with --export-key to export it.');
    }
    fail(`${join(dataDir, KEY_FILE)} 不存在：终端尚未在此文件夹启动过。\nThere is no ${join(dataDir, KEY_FILE)}: the terminal has not started with this data folder yet.`);
  }
  if (command === 'fingerprint') process.stdout.write(`${keyFingerprint(key)}\n`);
  else process.stdout.write(values.plain ? `${keyHex(key)}\n` : `${escrowText(key, dataDir)}\n`);
} catch (e) {
  if (e instanceof Refusal) fail(`${e.failure.message.zh}\n${e.failure.message.en}`);
  throw e;
}
