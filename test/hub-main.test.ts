// `npm run hub` as an operator runs it (issue 16 item 1): with nothing but a data folder it keeps an
// embedded database there, prints its address and answers its health check; an enrolment code is
// made from the command line; a database a newer hub migrated is refused at start with a sentence.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/terminal';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HUB = ['--import', 'tsx', join(ROOT, 'hub', 'main.ts')];
const children: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('npm run hub', () => {
  it('runs on a data folder, prints its address, answers /health, and stops on SIGTERM', async () => {
    const data = tempDir('hub-main-');
    const child = spawn(process.execPath, [...HUB, '--data', data, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`hub exited ${code}: ${out}`)));
    });
    expect(out).toContain(`embedded database in ${data}`);
    const health = (await (await fetch(`${url}/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Stopped: the folder is free for the command line, which makes a code.
    // An outlet first: a code is for a counter of a registered outlet.
    const unknown = spawnSync(process.execPath, [...HUB, '--data', data, 'enrol-code', '--terminal', 'T1', '--outlet', '110000001'], { cwd: ROOT, encoding: 'utf8' });
    expect([unknown.status, unknown.stderr.trim()]).toEqual([1, 'hub: Outlet 110000001 is not registered at the hub. Register the outlet (name, city, address) first, then its counters.']);
    const outlet = spawnSync(process.execPath, [...HUB, '--data', data, 'add-outlet', '--outlet', '110000001', '--name', '首都机场T3网点', '--city', '110100', '--address', '北京市顺义区首都机场T3航站楼'], { cwd: ROOT, encoding: 'utf8' });
    expect([outlet.status, outlet.stdout.trim()]).toEqual([0, 'outlet 110000001 (首都机场T3网点), city 110100: 0 counter(s) registered']);
    const made = spawnSync(process.execPath, [...HUB, '--data', data, 'enrol-code', '--terminal', 'T1', '--outlet', '110000001'], { cwd: ROOT, encoding: 'utf8' });
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/enrolment code for T1 \(outlet 110000001\): [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    const bad = spawnSync(process.execPath, [...HUB, '--data', data, 'enrol-code', '--outlet', '1'], { cwd: ROOT, encoding: 'utf8' });
    expect([bad.status, bad.stderr.trim()]).toEqual([1, 'hub: --terminal ID is needed']);
    // The institution's reserve accounts, registered from the command line (第四十二条).
    const hub = (...args: string[]) => spawnSync(process.execPath, [...HUB, '--data', data, ...args], { cwd: ROOT, encoding: 'utf8' });
    const fx = hub('reserve-account', '--bank', '中国银行首都机场支行', '--currency', 'USD', '--account', '3388-0002');
    expect([fx.status, fx.stderr.trim()]).toEqual([1, 'hub: An FX reserve account needs its RMB reserve account at the same bank (第四十二条(二)). Open the RMB reserve account at 中国银行首都机场支行 first.']);
    const rmb = hub('reserve-account', '--bank', '中国银行首都机场支行', '--currency', 'CNY', '--account', '3388-0001');
    expect([rmb.status, rmb.stdout.trim()]).toEqual([0, expect.stringMatching(/^reserve account CNY at 中国银行首都机场支行: 3388-0001 \(id [0-9a-f-]{36}\), sent to every counter$/)]);
    expect(hub('basic-account', '--bank', '工商银行顺义支行', '--account', '0200-0001').stdout.trim()).toBe('basic account: 工商银行顺义支行 0200-0001');
    expect(hub('reserve-accounts').stdout.trim().split('\n')).toEqual(['basic account: 工商银行顺义支行 0200-0001', '中国银行首都机场支行  CNY  3388-0001  balance 0.00  held 0.00']);
  });

  it('refuses plain HTTP off loopback', () => {
    const r = spawnSync(process.execPath, [...HUB, '--data', tempDir('hub-main-'), '--host', '0.0.0.0', '--port', '0'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('plain HTTP is for loopback only');
  });
});
