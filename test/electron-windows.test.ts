// Electron cannot start here, so the desktop shell is checked by reading what it passes: the
// window settings (isolation, sandbox, CSP) and main.ts's denial of navigation, new windows and
// permission requests, and the one IPC channel through which the preload reaches the Terminal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { methods } from '../shared/contract';
import { boardWindow, CONTENT_SECURITY_POLICY, counterWindow, IPC_CHANNEL, isAppUrl } from '../electron/windows';

const main = readFileSync(new URL('../electron/main.ts', import.meta.url), 'utf8');
const preload = readFileSync(new URL('../electron/preload.ts', import.meta.url), 'utf8');

describe('Electron windows', () => {
  it.each([
    ['counter', counterWindow('/app/preload.cjs')],
    ['rate board', boardWindow('/app/preload.cjs', { x: 1920, y: 0, width: 1920, height: 1080 })],
  ])('the %s window is isolated and sandboxed, with no Node in the page', (_name, w) => {
    expect(w.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });

  it('main.ts passes exactly these settings, for both windows', () => {
    expect(main).toContain('new BrowserWindow(counterWindow(preload)');
    expect(main).toContain('new BrowserWindow(boardWindow(preload, second.bounds)');
    expect(main).toContain('app.enableSandbox()');
  });

  it('the Content-Security-Policy allows nothing but the app itself, and main.ts sets it on every response', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
    expect(main).toMatch(/'Content-Security-Policy': \[CONTENT_SECURITY_POLICY\]/);
  });

  it('navigation away from the app, new windows and permission requests are denied', () => {
    expect(main).toMatch(/will-navigate[\s\S]*if \(!isAppUrl\(url, appUrl\)\) event\.preventDefault\(\)/);
    expect(main).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(main).toContain('setPermissionRequestHandler((_wc, _permission, callback) => callback(false))');
    expect(isAppUrl('file:///app/renderer/index.html#/board', 'file:///app/renderer/index.html')).toBe(true);
    expect(isAppUrl('https://evil.example/', 'file:///app/renderer/index.html')).toBe(false);
    expect(isAppUrl('file:///app/renderer/index.html.evil', 'file:///app/renderer/index.html')).toBe(false);
  });

  it('IPC: one channel, the sender checked, every input (and the session) through the Terminal (which validates it against the contract and the role)', () => {
    expect(main).toMatch(/ipcMain\.handle\(IPC_CHANNEL[\s\S]*isAppUrl\(event\.senderFrame\.url, appUrl\)[\s\S]*callUnknown\(method, input, session\)/);
    expect(preload).toContain('ipcRenderer.invoke(IPC_CHANNEL, name, input, session)');
    expect(IPC_CHANNEL).toBe('terminal:call');
    expect(preload).toContain("contextBridge.exposeInMainWorld('terminal', api)");
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(Object.keys(methods).length).toBeGreaterThan(20);
  });
});
