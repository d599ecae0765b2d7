// Training by accident, and training data in clear (issue 13 item 6). A terminal with an outlet in
// terminal.json but no monitoring endpoint used to run in training mode without a word: real
// customers served, nothing reported to SAFE (第三十二条). Training is chosen now ("training": true
// or --training; a fresh install with nothing configured has no outlet to serve from and starts
// in training); a live configuration without a monitoring URL refuses to start and says why. The
// training simulator keeps its records in memory, and every data file is this user's only.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseMode, readConfig } from '../electron/app/compose';
import { checkDataFolder, DATA_FILES } from '../electron/app/dataFolder';
import { START_ERROR_LOG } from '../electron/app/startFailure';
import { TRAINING_PEOPLE } from '../shared/api';
import { Refusal } from '../shared/errors';
import { OUTLET, tempDir } from './helpers/terminal';

const SERVE = fileURLToPath(new URL('../electron/serve.ts', import.meta.url));
const CLOCK = '2026-03-10T02:00:00.000Z';
const TOKEN = 'training-choice-token-0123';
const PRINTER = { host: '192.168.1.50', port: 9100, columns: 48, qr: true, cashDrawer: true, onNoAnswer: 'block' } as const;

function refusalCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof Refusal ? e.failure.code : `threw ${String(e)}`;
  }
  return undefined;
}

/** `npm run serve` on the folder, which must end with 1 before it is ready and without a stack trace: what it said. */
async function serveRefused(data: string, args: string[] = []): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--port', '0', '--data', data, '--clock', CLOCK, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TERMINAL_TOKEN: TOKEN } });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(out).not.toContain('ready');
  expect(out).not.toMatch(/\n\s+at /); // no stack trace
  return out;
}

describe('training is chosen, never fallen into', () => {
  it('an outlet without a monitoring URL is refused; chosen training, a URL, or nothing configured are not', () => {
    expect(refusalCode(() => chooseMode({ outlet: { ...OUTLET } }, {}, '/data'))).toBe('LIVE_WITHOUT_MONITORING');
    expect(chooseMode({ outlet: { ...OUTLET }, training: true }, {}, '/data')).toEqual({ training: true });
    expect(chooseMode({ outlet: { ...OUTLET } }, { training: true }, '/data')).toEqual({ training: true });
    expect(chooseMode({ outlet: { ...OUTLET }, monitoring: { url: 'https://safe.example/api' }, printer: PRINTER }, {}, '/data')).toEqual({ training: false, monitoringUrl: 'https://safe.example/api' });
    expect(chooseMode({ outlet: { ...OUTLET }, printer: PRINTER }, { monitoringUrl: 'https://safe.example/api' }, '/data')).toEqual({ training: false, monitoringUrl: 'https://safe.example/api' });
    expect(chooseMode({}, {}, '/data')).toEqual({ training: true });
  });

  it('第三十五条: live trading without a receipt printer is refused; a printer in terminal.json or --printer, or training, is not', () => {
    const live = { outlet: { ...OUTLET }, monitoring: { url: 'https://safe.example/api' } };
    expect(refusalCode(() => chooseMode(live, {}, '/data'))).toBe('LIVE_WITHOUT_PRINTER');
    expect(refusalCode(() => chooseMode({ outlet: { ...OUTLET } }, { monitoringUrl: 'https://safe.example/api' }, '/data'))).toBe('LIVE_WITHOUT_PRINTER');
    expect(chooseMode(live, { printer: '192.168.1.50:9100' }, '/data')).toEqual({ training: false, monitoringUrl: 'https://safe.example/api' });
    expect(chooseMode({ ...live, printer: PRINTER }, {}, '/data')).toEqual({ training: false, monitoringUrl: 'https://safe.example/api' });
    // Training prints to its built-in virtual printer; no monitoring URL is still that refusal first.
    expect(chooseMode({ ...live, training: true }, {}, '/data')).toEqual({ training: true });
    expect(refusalCode(() => chooseMode({ outlet: { ...OUTLET } }, {}, '/data'))).toBe('LIVE_WITHOUT_MONITORING');
  });

  it('browser mode with an outlet and no monitoring URL does not start, says why in both languages, and writes no ledger', async () => {
    const data = tempDir('live-no-url-');
    writeFileSync(join(data, 'terminal.json'), JSON.stringify({ outlet: OUTLET }));
    const out = await serveRefused(data);
    expect(out).toContain('monitoring.url');
    expect(out).toContain('监测系统');
    expect(out).toContain('"training": true');
    expect(existsSync(join(data, 'ledger.sqlite'))).toBe(false);
    expect(existsSync(join(data, 'training.sqlite'))).toBe(false);
  });

  it('browser mode with an outlet and a monitoring URL but no printer does not start, says why in both languages, and writes no ledger', async () => {
    const data = tempDir('live-no-printer-');
    writeFileSync(join(data, 'terminal.json'), JSON.stringify({ outlet: OUTLET, monitoring: { url: 'http://127.0.0.1:9/' } }));
    const out = await serveRefused(data);
    expect(out).toContain('收据打印机');
    expect(out).toContain('第三十五条');
    expect(out).toContain('--printer HOST:PORT');
    expect(out).toContain(join(data, 'terminal.json'));
    expect(existsSync(join(data, 'ledger.sqlite'))).toBe(false);
    expect(existsSync(join(data, 'ledger.key'))).toBe(false);
  });
});

describe('a mistyped terminal.json or --printer is refused, field by field, never with a stack trace (CONFIG_INVALID)', () => {
  const live = { outlet: OUTLET, monitoring: { url: 'http://127.0.0.1:9/' }, printer: { host: '192.168.1.50' } };
  function configRefusal(json: string): { zh: string; en: string } | string {
    const data = tempDir('config-');
    writeFileSync(join(data, 'terminal.json'), json);
    try {
      readConfig(data);
    } catch (e) {
      if (!(e instanceof Refusal)) return `threw ${String(e)}`;
      expect(e.failure.code).toBe('CONFIG_INVALID');
      expect(e.failure.message.zh).toContain(join(data, 'terminal.json'));
      return e.failure.message;
    }
    return 'read';
  }

  it('each wrong field named in both languages: a port in quotes, a URL that is none, a choice not offered, a field left out', () => {
    const m = configRefusal(JSON.stringify({ ...live, monitoring: { url: 'safe.example' }, printer: { host: '192.168.1.50', port: '9100', onNoAnswer: 'wait' } }));
    expect(m).toEqual({
      zh: expect.stringContaining('monitoring.url 格式不对（应为 url）；printer.port 应为数字；printer.onNoAnswer 只能是 "block"、"allow"。请按 README'),
      en: expect.stringContaining('monitoring.url is not a valid url; printer.port must be a number; printer.onNoAnswer must be one of "block", "allow". Correct it'),
    });
    const { institutionName: _left, ...outlet } = OUTLET;
    expect(configRefusal(JSON.stringify({ ...live, outlet }))).toEqual({ zh: expect.stringContaining('缺少 outlet.institutionName'), en: expect.stringContaining('outlet.institutionName is missing') });
    expect(configRefusal(JSON.stringify({ ...live, printer: { host: '192.168.1.50', port: 70000 } }))).toEqual({ zh: expect.stringContaining('printer.port 不能大于 65535'), en: expect.stringContaining('printer.port must be at most 65535') });
    expect(configRefusal(JSON.stringify({ ...live, outlet: { ...OUTLET, outletCode: '' } }))).toEqual({ zh: expect.stringContaining('outlet.outletCode 不能为空'), en: expect.stringContaining('outlet.outletCode must not be empty') });
    expect(configRefusal('{ "outlet": ')).toEqual({ zh: expect.stringContaining('不是有效的 JSON'), en: expect.stringContaining('is not valid JSON') });
    // The same file written right is read.
    expect(configRefusal(JSON.stringify(live))).toBe('read');
  });

  it('browser mode on such a file, or with --printer not HOST:PORT, does not start, says which field, and writes no ledger', async () => {
    const data = tempDir('config-serve-');
    writeFileSync(join(data, 'terminal.json'), JSON.stringify({ ...live, printer: { host: '192.168.1.50', port: '9100' } }));
    const out = await serveRefused(data);
    expect(out).toContain('printer.port 应为数字');
    expect(out).toContain('printer.port must be a number');
    expect(existsSync(join(data, 'ledger.sqlite'))).toBe(false);
    const flag = await serveRefused(tempDir('config-flag-'), ['--monitoring', 'http://127.0.0.1:9/', '--printer', '192.168.1.50']);
    expect(flag).toContain('--printer 有误：应为 地址:端口');
    expect(flag).toContain('expected HOST:PORT (such as 192.168.1.50:9100), not "192.168.1.50"');
  });
});

describe('the data folder\'s shape (DATA_FOLDER_NOT_A_FOLDER, DATA_FILE_NOT_A_FILE)', () => {
  it('a folder under each data file\'s name, or a data folder that is a file, is refused by name; anything else is not', () => {
    for (const name of DATA_FILES) {
      const data = tempDir('shape-');
      mkdirSync(join(data, name));
      expect(refusalCode(() => checkDataFolder(data)), name).toBe('DATA_FILE_NOT_A_FILE');
    }
    const file = join(tempDir('shape-file-'), 'data');
    writeFileSync(file, 'not a folder');
    expect(refusalCode(() => checkDataFolder(file))).toBe('DATA_FOLDER_NOT_A_FOLDER');
    // A folder not made yet, an empty one, and one with the files as files, are all fine.
    expect(refusalCode(() => checkDataFolder(join(tempDir('shape-new-'), 'data')))).toBeUndefined();
    const ok = tempDir('shape-ok-');
    for (const name of DATA_FILES) writeFileSync(join(ok, name), '');
    mkdirSync(join(ok, 'backups'));
    expect(refusalCode(() => checkDataFolder(ok))).toBeUndefined();
  });

  it('browser mode says which one and what to do, in both languages, and makes nothing (not a key, not a log)', async () => {
    const data = tempDir('shape-serve-');
    mkdirSync(join(data, 'training.sqlite'));
    const out = await serveRefused(data, ['--training']);
    expect(out).toContain(`${join(data, 'training.sqlite')} 应是一个文件，这里却是文件夹`);
    expect(out).toContain(`${join(data, 'training.sqlite')} should be a file, but here it is a folder (or something else that is no file); nothing was done. See how it got there, move it out of ${data} and start again`);
    expect(out).not.toContain('key');
    expect(readdirSync(data)).toEqual(['training.sqlite']);
    const file = join(tempDir('shape-serve-file-'), 'data');
    writeFileSync(file, 'not a folder');
    const fileOut = await serveRefused(file);
    expect(fileOut).toContain(`数据目录 ${file} 是一个文件，不是文件夹，什么也没有做`);
    expect(fileOut).toContain(`The data folder ${file} is a file, not a folder; nothing was done. Give --data a folder`);
  });
});

describe('a fault at start that is no refusal (START_FAILED)', () => {
  it('is said in both languages with what to do, without a stack trace; the stack is in start-error.log for support', async () => {
    const data = tempDir('start-fault-');
    // The training ledger's WAL is a folder: SQLite fails with an I/O error, a fault no refusal foresees.
    mkdirSync(join(data, 'training.sqlite-wal'));
    const out = await serveRefused(data, ['--training']);
    expect(out).toContain('兑换柜台未能启动：disk I/O error。请联系技术支持');
    expect(out).toContain('The teller terminal could not start: disk I/O error. Call support');
    const log = readFileSync(join(data, START_ERROR_LOG), 'utf8');
    // Dated by the terminal's clock (--clock here), which runs on from CLOCK.
    expect(log).toMatch(/^2026-03-10T02:0\d:\d\d\.\d{3}Z SqliteError: disk I\/O error/);
    expect(log).toMatch(/SqliteError: disk I\/O error\n\s+at /);
    expect(statSync(join(data, START_ERROR_LOG)).mode & 0o777).toBe(0o600);
  });
});

describe('training data is not kept in clear', () => {
  it('after a training trade: no simulator file, no customer ID in any file in clear, every file and folder this user\'s only', async () => {
    const data = tempDir('training-files-');
    // A store left by an earlier version, in clear: removed at start.
    mkdirSync(join(data, 'training-simulator'));
    writeFileSync(join(data, 'training-simulator', 'simulator.sqlite'), 'old store 11010519491231002X');
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--port', '0', '--data', data, '--clock', CLOCK, '--training'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TERMINAL_TOKEN: TOKEN } });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /^ready (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (m) resolve(m[1]!);
        });
        void exited.then(() => reject(new Error(`serve ended: ${out}`)));
      });
      let session = '';
      const call = async (method: string, body: unknown) =>
        (await (await fetch(`${url}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'x-session': session }, body: JSON.stringify(body) })).json()) as { ok: boolean; value: any };
      const teller = TRAINING_PEOPLE.find((p) => p.role === 'teller')!;
      session = (await call('auth.signIn', { userId: teller.id, password: teller.password })).value.session;
      // Over 500 USD: a real-time entry, so the simulator holds the customer's ID number.
      const request = { customer: { idType: '01', idNumber: '11010519491231002X', name: '张三' }, direction: 'settlement', currency: 'USD', amount: '800', side: 'foreign' };
      const q = await call('trades.quote', request);
      expect(q.ok, JSON.stringify(q)).toBe(true);
      const c = await call('trades.commit', { ...request, quoteToken: q.value.quoteToken });
      expect(c.ok, JSON.stringify(c)).toBe(true);
      expect(c.value.reportingPath).toBe('realtime');
      await call('queue.syncNow', {});
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(existsSync(join(data, 'training-simulator'))).toBe(false);
    const files = readdirSync(data, { recursive: true, encoding: 'utf8' }).map((f) => join(data, f));
    expect(files.some((f) => f.endsWith('training.sqlite'))).toBe(true);
    for (const f of [data, ...files]) {
      const st = statSync(f);
      expect((st.mode & 0o077).toString(8), `${f} is open to group or others`).toBe('0');
      if (st.isFile()) {
        const bytes = readFileSync(f);
        expect(bytes.includes(Buffer.from('11010519491231002X')), `${f} holds the ID number in clear`).toBe(false);
        expect(bytes.includes(Buffer.from('张三')), `${f} holds the name in clear`).toBe(false);
      }
    }
  });
});
