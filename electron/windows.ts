// The windows' settings, kept apart from main.ts so a test can read them without Electron (which
// cannot start on our build machines). main.ts passes exactly these objects.
// Both windows: context isolation, the sandbox, no Node in the page, web security on, a strict
// Content-Security-Policy; navigation, new windows and permission requests are denied in main.ts.

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export interface WindowSettings {
  width: number;
  height: number;
  x?: number;
  y?: number;
  fullscreen?: boolean;
  title: string;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: false;
  };
}

const webPreferences = (preload: string): WindowSettings['webPreferences'] => ({
  preload,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
});

export function counterWindow(preload: string): WindowSettings {
  return { width: 1366, height: 768, title: '兑换柜台 Exchange Counter', backgroundColor: '#ffffff', autoHideMenuBar: true, webPreferences: webPreferences(preload) };
}

/** The customer rate board, full screen on the second display (第三十三条: shown at the counter). */
export function boardWindow(preload: string, display: { x: number; y: number; width: number; height: number }): WindowSettings {
  return { ...display, fullscreen: true, title: '汇率牌价 Rate Board', backgroundColor: '#0b1d33', autoHideMenuBar: true, webPreferences: webPreferences(preload) };
}

/** The only page the windows may show: the app's own renderer. */
export function isAppUrl(url: string, appUrl: string): boolean {
  return url === appUrl || url.startsWith(`${appUrl}#`);
}

/** The single IPC channel: every call is one of the contract's methods, checked in main. */
export const IPC_CHANNEL = 'terminal:call';
