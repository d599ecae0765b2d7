// The Electron main process, kept thin: it builds the Terminal (composeApp), binds the contract's
// methods to one IPC channel (validating the sender; the Terminal validates every input against
// the contract), and opens the counter and, on a second display, the customer rate board.
import { app, BrowserWindow, dialog, ipcMain, safeStorage, screen, session, type BrowserWindowConstructorOptions } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeApp, type App } from './app/compose';
import { startFailure } from './app/startFailure';
import { desktopKeyStore, escrowText } from './ledger/key';
import { boardWindow, CONTENT_SECURITY_POLICY, counterWindow, IPC_CHANNEL, isAppUrl } from './windows';

const here = import.meta.dirname;
const preload = join(here, 'preload.cjs');
const indexFile = join(here, '../renderer/index.html');
const appUrl = pathToFileURL(indexFile).href;

function harden(win: BrowserWindow): void {
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

async function start(): Promise<void> {
  const dataDir = join(app.getPath('userData'), 'terminal-data');
  // The ledger's key, sealed by the OS for this user (README "Personal data at rest").
  const keyStore = desktopKeyStore(dataDir, safeStorage);
  if (app.commandLine.hasSwitch('export-key')) {
    // Key escrow: the manager copies the key for the sealed envelope, then the app quits.
    const key = keyStore.read();
    dialog.showMessageBoxSync({ type: 'info', title: 'Ledger key', message: key ? escrowText(key, dataDir) : `No key in ${keyStore.where}` });
    app.quit();
    return;
  }
  let running: App;
  try {
    running = await composeApp({
      dataDir,
      keyStore,
      // better-sqlite3 built for Electron's ABI: shipped in resources, or built by `npm start`.
      nativeBinding: app.isPackaged ? join(process.resourcesPath, 'native/better_sqlite3.node') : process.env.TERMINAL_NATIVE_BINDING,
    });
  } catch (e) {
    // Said in both languages, never a window that does not open without a word (startFailure.ts).
    const message = startFailure(e, dataDir, new Date());
    dialog.showErrorBox('兑换柜台 Teller Terminal', `${message.zh}\n\n${message.en}`);
    app.quit();
    return;
  }
  app.on('will-quit', () => void running.close());

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown, session: unknown) => {
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url, appUrl)) return { ok: false, error: { code: 'UNAUTHORIZED', message: { zh: '未授权', en: 'Not authorised' } } };
    return running.terminal.callUnknown(method, input, session);
  });

  const counter = new BrowserWindow(counterWindow(preload) satisfies BrowserWindowConstructorOptions);
  harden(counter);
  await counter.loadFile(indexFile);

  const second = screen.getAllDisplays().find((d) => d.id !== screen.getPrimaryDisplay().id);
  if (second) {
    const board = new BrowserWindow(boardWindow(preload, second.bounds) satisfies BrowserWindowConstructorOptions);
    harden(board);
    await board.loadFile(indexFile, { hash: '/board' });
  }
}

// No heap cap is set here (issue 21 "Memory", docs/performance.md): V8 in this process, where the
// Terminal runs, is set up before this file runs, so app.commandLine.appendSwitch('js-flags', …)
// would reach the windows' renderers only. The Terminal's cap is on Electron's command line,
// --js-flags=--max-old-space-size=512 (build/start.mjs takes it from `npm run serve`'s script: a
// guard against a leak; the largest XLSX export is streamed and peaks near 100 MB of heap).
app.enableSandbox();
app.whenReady().then(start, (e: unknown) => {
  console.error(e);
  app.quit();
});
app.on('window-all-closed', () => app.quit());
