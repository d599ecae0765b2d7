// DNS rebinding (issue 13 item 3): a page at evil.example whose name is made to resolve to
// 127.0.0.1 is "same origin" with browser mode as far as the browser knows. The transport answers
// only requests whose Host names its own loopback address and port, refuses a request whose
// Origin is another page, and puts the token only into a page served to an allowed Host. Raw
// node:http requests, so the Host and Origin headers are exactly what a rebinding page sends.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHandler } from '../electron/transport/http';
import { openHarness, tempDir, type Harness } from './helpers/terminal';

const TOKEN = 'rebinding-token-0123456789';
let h: Harness;
let server: http.Server;
let port: number;

beforeAll(async () => {
  h = openHarness();
  const staticDir = tempDir('static-');
  writeFileSync(join(staticDir, 'index.html'), '<html><head><title>counter</title></head><body></body></html>');
  server = http.createServer(createHttpHandler(h.terminal, { token: TOKEN, staticDir }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
  h.close();
});

function request(opts: { method?: string; path: string; host: string; origin?: string; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: opts.host };
    if (opts.origin !== undefined) headers.origin = opts.origin;
    if (opts.body !== undefined) Object.assign(headers, { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('browser mode answers only its own loopback name (DNS rebinding)', () => {
  it('serves the page with the token to 127.0.0.1, localhost and [::1] at its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const r = await request({ path: '/', host });
      expect(r.status, host).toBe(200);
      expect(r.body, host).toContain(TOKEN);
    }
  });

  it('refuses the page to any other Host, and the token is not in the answer', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, '127.0.0.1', `127.0.0.2:${port}`, `localhost.evil.example:${port}`, '', `127.0.0.1:${port}@evil.example`]) {
      const r = await request({ path: '/', host });
      expect(r.status, host).toBe(403);
      expect(r.body, host).not.toContain(TOKEN);
      expect(JSON.parse(r.body).error.code, host).toBe('HOST_NOT_ALLOWED');
    }
  });

  it('refuses an API call with a foreign Host even with the right token, and reads nothing', async () => {
    const r = await request({ method: 'POST', path: '/api/session.info', host: `evil.example:${port}`, body: '{}' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'HOST_NOT_ALLOWED' } });
    expect(r.body).not.toContain('institution');
    const contract = await request({ path: '/api/contract', host: `evil.example:${port}` });
    expect(contract.status).toBe(403);
  });

  it('refuses a call whose Origin is another page, answers one from its own page or with no Origin', async () => {
    const own = `127.0.0.1:${port}`;
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, 'null', `http://127.0.0.1:${port}/x`]) {
      const r = await request({ method: 'POST', path: '/api/session.info', host: own, origin, body: '{}' });
      expect(r.status, origin).toBe(403);
      const e = JSON.parse(r.body).error;
      expect(e.code, origin).toBe('ORIGIN_NOT_ALLOWED');
      expect(e.message.zh).toContain('其他网页');
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, undefined]) {
      const r = await request({ method: 'POST', path: '/api/session.info', host: own, ...(origin ? { origin } : {}), body: '{}' });
      expect(r.status, String(origin)).toBe(200);
      expect(JSON.parse(r.body).ok).toBe(true);
    }
  });
});
