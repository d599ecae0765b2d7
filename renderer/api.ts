// The one way the renderer talks to the Terminal: `call(method, input)` answers the contract's
// Result. Under Electron the preload exposes `window.terminal`, one async function per method; in
// browser mode it is POST /api/<method> with the token the server put in index.html's
// <meta name="terminal-token">. A call never throws: a transport failure is a Result too, with a
// message from the catalogue, so no stack trace ever reaches the screen.
//
// The signed-in person's session (auth.signIn) is held here, in memory only (a reload signs out),
// and goes with every call: the preload's second argument, or the X-Session header. When the
// Terminal answers SESSION_EXPIRED or NOT_SIGNED_IN the session is dropped and the screens are told
// (onSignedOut), so they go back to sign-in.
import type { Input, MethodName } from '../shared/api';
import type { ApiError, ApiErrorCode, ApiResult } from './apiError';
import type { Outputs } from './apiTypes';
import { messages } from './i18n/messages';

export type { ApiError, ApiErrorCode, ApiResult } from './apiError';
export type Output<M extends MethodName> = M extends keyof Outputs ? Outputs[M] : unknown;

type Bridge = { [M in MethodName]?: (input: unknown, session?: string) => Promise<ApiResult<unknown>> };

declare global {
  interface Window {
    /** Electron's preload bridge: one function per method of the contract. */
    terminal?: Bridge;
  }
}

function unreachable(detail: string): ApiResult<never> {
  const m = messages['error.terminalUnreachable'];
  return { ok: false, error: { code: 'TERMINAL_UNREACHABLE', message: { zh: m.zh, en: m.en }, details: { detail: detail.slice(0, 200) } } };
}

let token: string | undefined;
function browserToken(): string {
  token ??= document.querySelector<HTMLMetaElement>('meta[name="terminal-token"]')?.content ?? '';
  return token;
}

function isResult(v: unknown): v is ApiResult<unknown> {
  if (typeof v !== 'object' || v === null || !('ok' in v)) return false;
  const r = v as { ok: unknown; error?: { code?: unknown; message?: { zh?: unknown; en?: unknown } } };
  if (r.ok === true) return 'value' in v;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message?.zh === 'string' && typeof r.error.message.en === 'string';
}

let session: string | undefined;
const signedOutListeners = new Set<(why: ApiError) => void>();

/** The session auth.signIn gave (undefined: signed out). */
export function setSession(s: string | undefined): void {
  session = s;
}

export function hasSession(): boolean {
  return session !== undefined;
}

/** Told when the Terminal says the session is over (idle sign-out, a disabled person). */
export function onSignedOut(listener: (why: ApiError) => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

const SESSION_OVER: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>(['SESSION_EXPIRED', 'NOT_SIGNED_IN']);

export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<ApiResult<Output<M>>> {
  const sent = session;
  const r = await send(method, input, sent);
  if (!r.ok && SESSION_OVER.has(r.error.code) && sent !== undefined && sent === session) {
    session = undefined;
    for (const listener of signedOutListeners) listener(r.error);
  }
  return r;
}

async function send<M extends MethodName>(method: M, input: Input<M>, session: string | undefined): Promise<ApiResult<Output<M>>> {
  try {
    const bridge = window.terminal;
    if (bridge) {
      const fn = bridge[method];
      if (!fn) return unreachable(`no bridge function ${method}`) as ApiResult<Output<M>>;
      const result = await fn(input, session);
      return (isResult(result) ? result : unreachable('malformed answer')) as ApiResult<Output<M>>;
    }
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${browserToken()}`, ...(session ? { 'x-session': session } : {}) },
      body: JSON.stringify(input),
    });
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return unreachable(`HTTP ${res.status}`) as ApiResult<Output<M>>;
    }
    return (isResult(body) ? body : unreachable(`HTTP ${res.status}`)) as ApiResult<Output<M>>;
  } catch (e) {
    return unreachable(e instanceof Error ? e.message : String(e)) as ApiResult<Output<M>>;
  }
}
