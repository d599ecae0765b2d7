// Electron cannot start here, so the desktop shell is run against a stand-in for the `electron`
// module: main.ts and preload.ts are imported as they are, and the handlers they register (the
// navigation guard, the window-open and permission handlers, the CSP header, the IPC channel) are
// called as Electron would call them. The window settings are checked against Electron's security
// checklist (https://www.electronjs.org/docs/latest/tutorial/security), and the CSP is parsed.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { methods } from '../shared/api';
import { boardWindow, CONTENT_SECURITY_POLICY, counterWindow, IPC_CHANNEL, isAppUrl, type WindowSettings } from '../electron/windows';

const ELECTRON_DIR = join(dirname(fileURLToPath(import.meta.url)), '../electron');
const PRELOAD = join(ELECTRON_DIR, 'preload.cjs');
const INDEX_FILE = join(ELECTRON_DIR, '../renderer/index.html');
const APP_URL = pathToFileURL(INDEX_FILE).href;

// ---- the stand-in for `electron` (and for what main.ts builds the Terminal with) ----

type Fn = (...args: never[]) => unknown;

const fake = vi.hoisted(() => {
  class FakeWindow {
    navigateHandlers: ((event: { preventDefault(): void }, url: string) => void)[] = [];
    openHandler: ((details: { url: string }) => unknown) | undefined;
    loaded: { file: string; options?: { hash?: string } } | undefined;
    webContents = {
      on: (event: string, handler: (event: { preventDefault(): void }, url: string) => void) => {
        state.log.push(`webContents.on ${event}`);
        if (event === 'will-navigate') this.navigateHandlers.push(handler);
      },
      setWindowOpenHandler: (handler: (details: { url: string }) => unknown) => {
        state.log.push('setWindowOpenHandler');
        this.openHandler = handler;
      },
    };
    constructor(public options: unknown) {
      state.log.push('new BrowserWindow');
      state.windows.push(this);
    }
    async loadFile(file: string, options?: { hash?: string }): Promise<void> {
      state.log.push('loadFile');
      this.loaded = { file, ...(options ? { options } : {}) };
    }
    // A remote page would come through loadURL: there is none, and calling it fails the test.
    loadURL(): never {
      throw new Error('main.ts loaded a URL');
    }
  }
  const state = {
    log: [] as string[],
    windows: [] as FakeWindow[],
    appHandlers: new Map<string, () => void>(),
    ready: undefined as undefined | (() => void),
    ipc: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    permission: undefined as undefined | ((wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void),
    headers: undefined as undefined | ((details: { responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders?: Record<string, string[]> }) => void) => void),
    displays: [] as { id: number; bounds: { x: number; y: number; width: number; height: number } }[],
    switches: new Set<string>(),
    composeError: false as false | 'refusal' | 'fault',
    terminalCalls: [] as unknown[][],
    closed: 0,
    exposed: new Map<string, unknown>(),
    invoked: [] as unknown[][],
    errorBoxes: [] as string[],
  };
  const electron = {
    app: {
      enableSandbox: () => state.log.push('app.enableSandbox'),
      whenReady: () => {
        state.log.push('app.whenReady');
        return new Promise<void>((resolve) => (state.ready = resolve));
      },
      on: (event: string, handler: () => void) => state.appHandlers.set(event, handler),
      quit: () => state.log.push('app.quit'),
      getPath: () => '/nowhere/userData',
      commandLine: { hasSwitch: (s: string) => state.switches.has(s) },
      isPackaged: false,
    },
    BrowserWindow: FakeWindow,
    dialog: {
      showMessageBoxSync: () => state.log.push('dialog.showMessageBoxSync'),
      showErrorBox: (_title: string, text: string) => {
        state.log.push('dialog.showErrorBox');
        state.errorBoxes.push(text);
      },
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
        state.log.push(`ipcMain.handle ${channel}`);
        state.ipc.set(channel, handler);
      },
    },
    safeStorage: {},
    screen: {
      getAllDisplays: () => state.displays,
      getPrimaryDisplay: () => state.displays[0],
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof state.permission) => {
          state.log.push('setPermissionRequestHandler');
          state.permission = handler;
        },
        webRequest: {
          onHeadersReceived: (handler: typeof state.headers) => {
            state.log.push('onHeadersReceived');
            state.headers = handler;
          },
        },
      },
    },
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        if (state.exposed.has(key)) throw new Error(`${key} exposed twice`);
        state.exposed.set(key, api);
      },
    },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        state.invoked.push(args);
        return 'answer';
      },
    },
  };
  function reset(opts: { displays?: number; switches?: string[]; composeError?: false | 'refusal' | 'fault' } = {}): void {
    state.log = [];
    state.windows = [];
    state.appHandlers.clear();
    state.ready = undefined;
    state.ipc.clear();
    state.permission = undefined;
    state.headers = undefined;
    state.displays = [
      { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } },
      { id: 2, bounds: { x: 1366, y: 0, width: 1920, height: 1080 } },
    ].slice(0, opts.displays ?? 1);
    state.switches = new Set(opts.switches ?? []);
    state.composeError = opts.composeError ?? false;
    state.terminalCalls = [];
    state.closed = 0;
    state.exposed.clear();
    state.invoked = [];
    state.errorBoxes = [];
  }
  return { state, electron, reset, FakeWindow };
});

vi.mock('electron', () => fake.electron);
vi.mock('../electron/app/compose', () => ({
  composeApp: async () => {
    fake.state.log.push('composeApp');
    // Made from the shared/errors main.ts imported (vi.resetModules gives each run its own).
    if (fake.state.composeError === 'refusal') throw new (await import('../shared/errors')).Refusal('LEDGER_KEY_WRONG', { file: 'ledger.sqlite', dataDir: '/nowhere' });
    if (fake.state.composeError === 'fault') throw new Error("EACCES: permission denied, open '/nowhere/userData/terminal-data/ledger.sqlite'");
    return {
      terminal: {
        callUnknown: async (...args: unknown[]) => {
          fake.state.terminalCalls.push(args);
          return { ok: true, value: 'from the Terminal' };
        },
      },
      close: async () => {
        fake.state.closed++;
      },
    };
  },
}));
vi.mock('../electron/ledger/key', () => ({
  desktopKeyStore: () => ({ read: () => 'the key', where: '/nowhere' }),
  escrowText: () => 'escrow',
}));

/** main.ts run afresh against the stand-in, the app made ready, and its start left to finish. */
async function startMain(opts: Parameters<typeof fake.reset>[0] = {}) {
  fake.reset(opts);
  vi.resetModules();
  await import('../electron/main');
  // Electron requires the sandbox to be enabled before the app is ready.
  expect(fake.state.ready, 'main.ts waits for app.whenReady').toBeTypeOf('function');
  fake.state.ready!();
  await new Promise((resolve) => setImmediate(resolve));
  return fake.state;
}

const navigationAllowed = (w: InstanceType<typeof fake.FakeWindow>, url: string): boolean => {
  let prevented = false;
  for (const h of w.navigateHandlers) h({ preventDefault: () => (prevented = true) }, url);
  return !prevented;
};

/** Pages that are not the app: other origins, and file URLs that only start like it. */
const NOT_THE_APP = [
  'https://evil.example/',
  'http://localhost:5173/',
  `${APP_URL}.evil`,
  `${APP_URL}/../../../etc/passwd`,
  `${APP_URL}?x=1`,
  `${APP_URL}%23/board`,
  APP_URL.replace('index.html', 'other.html'),
  APP_URL.replace('file://', 'FILE://').replace('index.html', 'INDEX.HTML'),
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '',
];

beforeEach(() => fake.reset());

// ---- the window settings ----

/**
 * Electron's security checklist, as webPreferences. WindowSettings fixes these as literal types, so
 * their values cannot change without the type; what the test checks is that nothing else is set:
 * a preference added to the type and the settings (experimentalFeatures, enableBlinkFeatures,
 * nodeIntegrationInSubFrames, additionalArguments, a shared partition, …) fails here until it is
 * added to this list on purpose.
 */
const CHECKLIST = {
  contextIsolation: true, // 3. context isolation
  sandbox: true, // 4. process sandboxing
  nodeIntegration: false, // 2. no Node in the page
  nodeIntegrationInWorker: false,
  webSecurity: true, // 6. web security on
  allowRunningInsecureContent: false, // 8.
  webviewTag: false, // 12. no <webview>
  spellcheck: false, // not security: no dictionary downloads at the counter
} as const;

/** What is wrong with a Content-Security-Policy for a local app that talks to nothing: none, ideally. */
function cspProblems(policy: string): string[] {
  const problems: string[] = [];
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    // A repeated directive is ignored by the browser: never what was meant.
    if (directives.has(name!.toLowerCase())) problems.push(`${name} repeated`);
    else directives.set(name!.toLowerCase(), sources);
  }
  const exactly = (name: string, sources: string[]) => {
    if (JSON.stringify(directives.get(name)) !== JSON.stringify(sources)) problems.push(`${name} is ${directives.get(name)?.join(' ')}, not ${sources.join(' ')}`);
  };
  exactly('default-src', ["'self'"]);
  exactly('script-src', ["'self'"]);
  exactly('connect-src', ["'self'"]);
  for (const none of ['object-src', 'base-uri', 'frame-ancestors', 'form-action']) exactly(none, ["'none'"]);
  for (const [name, sources] of directives) {
    for (const source of sources) {
      if (source.includes('*')) problems.push(`${name} ${source}: a wildcard`);
      if (/^'(unsafe-eval|unsafe-hashes|wasm-unsafe-eval)'$/.test(source)) problems.push(`${name} ${source}: eval`);
      if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !(name === 'img-src' && source === 'data:')) problems.push(`${name} ${source}: a scheme or host source`);
      // Inline code only for styles (React's style attributes), never for scripts.
      if (source === "'unsafe-inline'" && name !== 'style-src') problems.push(`${name} ${source}: inline code`);
    }
  }
  return problems;
}

describe('Electron windows', () => {
  it.each([
    ['counter', counterWindow('/app/preload.cjs')],
    ['rate board', boardWindow('/app/preload.cjs', { x: 1920, y: 0, width: 1920, height: 1080 })],
  ])('the %s window sets exactly the checklist preferences and the preload it was given, nothing else', (_name, w: WindowSettings) => {
    expect(w.webPreferences).toStrictEqual({ ...CHECKLIST, preload: '/app/preload.cjs' });
  });

  it('main.ts enables the sandbox before the app is ready, and opens only the counter on one display, with these settings and the local renderer', async () => {
    const s = await startMain({ displays: 1 });
    expect(s.log.indexOf('app.enableSandbox')).toBeGreaterThanOrEqual(0);
    expect(s.log.indexOf('app.enableSandbox')).toBeLessThan(s.log.indexOf('app.whenReady'));
    expect(s.windows).toHaveLength(1);
    expect(s.windows[0]!.options).toStrictEqual(counterWindow(PRELOAD));
    expect(s.windows[0]!.loaded).toEqual({ file: INDEX_FILE });
  });

  it('with a second display main.ts opens the rate board there, with the same preferences, at #/board', async () => {
    const s = await startMain({ displays: 2 });
    expect(s.windows).toHaveLength(2);
    expect(s.windows[1]!.options).toStrictEqual(boardWindow(PRELOAD, s.displays[1]!.bounds));
    expect(s.windows[1]!.loaded).toEqual({ file: INDEX_FILE, options: { hash: '/board' } });
  });

  it('every window is guarded before it loads anything: navigation away from the app is prevented, new windows are denied', async () => {
    const s = await startMain({ displays: 2 });
    // Per window: the guard is set up between its construction and its load.
    const order = s.log.filter((l) => ['new BrowserWindow', 'webContents.on will-navigate', 'setWindowOpenHandler', 'loadFile'].includes(l));
    expect(order).toEqual(['new BrowserWindow', 'webContents.on will-navigate', 'setWindowOpenHandler', 'loadFile', 'new BrowserWindow', 'webContents.on will-navigate', 'setWindowOpenHandler', 'loadFile']);
    for (const w of s.windows) {
      expect(navigationAllowed(w, APP_URL)).toBe(true);
      expect(navigationAllowed(w, `${APP_URL}#/board`)).toBe(true);
      for (const url of NOT_THE_APP) expect(navigationAllowed(w, url), url).toBe(false);
      for (const url of [APP_URL, 'https://evil.example/']) expect(w.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('every permission request is refused, whatever it is', async () => {
    const s = await startMain();
    expect(s.permission).toBeTypeOf('function');
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb']) {
      const callback = vi.fn();
      s.permission!({}, permission, callback, { requestingUrl: APP_URL });
      expect(callback, permission).toHaveBeenCalledTimes(1);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
  });

  it('main.ts sets the Content-Security-Policy on every response, over one the response brings', async () => {
    const s = await startMain();
    expect(s.headers).toBeTypeOf('function');
    const cases: (Record<string, string[]> | undefined)[] = [undefined, {}, { 'Content-Type': ['text/html'] }, { 'Content-Security-Policy': ["default-src *; script-src * 'unsafe-eval'"] }];
    for (const responseHeaders of cases) {
      const callback = vi.fn();
      s.headers!(responseHeaders ? { responseHeaders } : {}, callback);
      expect(callback).toHaveBeenCalledTimes(1);
      const headers = (callback.mock.calls[0]![0] as { responseHeaders: Record<string, string[]> }).responseHeaders;
      expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
      if (responseHeaders && 'Content-Type' in responseHeaders) expect(headers['Content-Type']).toEqual(['text/html']);
    }
  });

  it('the Content-Security-Policy allows nothing but the app itself: no wildcard, no scheme source, no eval, no inline script', () => {
    expect(cspProblems(CONTENT_SECURITY_POLICY)).toEqual([]);
    // The check itself catches what it is for.
    const weakened = (from: string, to: string) => {
      expect(CONTENT_SECURITY_POLICY).toContain(from);
      return CONTENT_SECURITY_POLICY.replace(from, to);
    };
    expect(cspProblems(weakened("script-src 'self'", "script-src 'self' *"))).not.toEqual([]);
    expect(cspProblems(weakened("script-src 'self'", "script-src 'self' 'unsafe-eval'"))).not.toEqual([]);
    expect(cspProblems(weakened("script-src 'self'", "script-src 'self' 'unsafe-inline'"))).not.toEqual([]);
    expect(cspProblems(weakened("script-src 'self'", "script-src 'self' https:"))).not.toEqual([]);
    expect(cspProblems(weakened("connect-src 'self'", "connect-src 'self' https://api.example"))).not.toEqual([]);
    expect(cspProblems(weakened("object-src 'none'", "object-src 'self'"))).not.toEqual([]);
    expect(cspProblems(weakened("script-src 'self'", "script-src 'self'; script-src *"))).not.toEqual([]);
    expect(cspProblems(weakened("img-src 'self' data:", "img-src 'self' data: blob:"))).not.toEqual([]);
  });

  it('isAppUrl: the app and its in-page routes only, no lookalike', () => {
    expect(isAppUrl(APP_URL, APP_URL)).toBe(true);
    expect(isAppUrl(`${APP_URL}#/board`, APP_URL)).toBe(true);
    for (const url of NOT_THE_APP) expect(isAppUrl(url, APP_URL), url).toBe(false);
  });

  it("IPC: one channel, and only the app's own page gets through, to the Terminal, with its method, input and session as sent", async () => {
    const s = await startMain({ displays: 2 });
    expect([...s.ipc.keys()]).toEqual([IPC_CHANNEL]);
    const handle = s.ipc.get(IPC_CHANNEL)!;
    for (const senderFrame of [null, undefined, ...NOT_THE_APP.map((url) => ({ url }))]) {
      const answer = (await handle({ senderFrame }, 'trades.list', {}, 'a-session')) as { ok: boolean; error?: { code: string } };
      expect(answer, JSON.stringify(senderFrame)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(s.terminalCalls).toEqual([]);
    for (const url of [APP_URL, `${APP_URL}#/board`]) {
      expect(await handle({ senderFrame: { url } }, 'trades.list', { limit: 1 }, 'a-session')).toEqual({ ok: true, value: 'from the Terminal' });
    }
    expect(s.terminalCalls).toEqual([
      ['trades.list', { limit: 1 }, 'a-session'],
      ['trades.list', { limit: 1 }, 'a-session'],
    ]);
  });

  it('closing: the last window closed quits the app, and quitting closes the Terminal', async () => {
    const s = await startMain();
    s.appHandlers.get('window-all-closed')!();
    expect(s.log).toContain('app.quit');
    expect(s.closed).toBe(0);
    s.appHandlers.get('will-quit')!();
    expect(s.closed).toBe(1);
  });

  it('no window and no IPC when the ledger cannot be opened (a wrong key), or when only the key is exported', async () => {
    const refused = await startMain({ composeError: 'refusal' });
    expect(refused.windows).toEqual([]);
    expect(refused.ipc.size).toBe(0);
    expect(refused.log).toEqual(expect.arrayContaining(['dialog.showErrorBox', 'app.quit']));
    expect(refused.errorBoxes).toEqual([expect.stringContaining('ledger.sqlite')]);

    const exported = await startMain({ switches: ['export-key'] });
    expect(exported.windows).toEqual([]);
    expect(exported.ipc.size).toBe(0);
    expect(exported.log).not.toContain('composeApp');
    expect(exported.log).toEqual(expect.arrayContaining(['dialog.showMessageBoxSync', 'app.quit']));
  });

  it('START_FAILED: a fault at start that is no refusal (the disk refuses the ledger) is said in both languages, without its stack, and the app quits', async () => {
    const s = await startMain({ composeError: 'fault' });
    expect(s.windows).toEqual([]);
    expect(s.ipc.size).toBe(0);
    expect(s.log).toEqual(expect.arrayContaining(['dialog.showErrorBox', 'app.quit']));
    expect(s.errorBoxes).toEqual([
      "兑换柜台未能启动：EACCES: permission denied, open '/nowhere/userData/terminal-data/ledger.sqlite'。请联系技术支持，并告知这条信息。\n\n" +
        "The teller terminal could not start: EACCES: permission denied, open '/nowhere/userData/terminal-data/ledger.sqlite'. Call support and give them this message.",
    ]);
  });

  it('the preload exposes one object, window.terminal: one function per contract method, each sending its name, input and session over the one channel', async () => {
    vi.resetModules();
    await import('../electron/preload');
    expect([...fake.state.exposed.keys()]).toEqual(['terminal']);
    const api = fake.state.exposed.get('terminal') as Record<string, Fn>;
    expect(Object.keys(api).sort()).toEqual(Object.keys(methods).sort());
    for (const [name, f] of Object.entries(api)) {
      expect(f, name).toBeTypeOf('function');
      expect(f, `${name} is ipcRenderer's own`).not.toBe(fake.electron.ipcRenderer.invoke);
    }
    expect(Object.values(api)).not.toContain(fake.electron.ipcRenderer);
    expect(await (api['trades.quote'] as (input: unknown, session?: string) => Promise<unknown>)({ amount: '1' }, 's1')).toBe('answer');
    expect(fake.state.invoked).toEqual([[IPC_CHANNEL, 'trades.quote', { amount: '1' }, 's1']]);
  });
});
