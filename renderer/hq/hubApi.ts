// The hub's API as the console calls it: POST JSON to this page's own origin, the bearer token of
// the person signed in (hub/server.ts). Every answer is a value or a refusal with both messages; a
// hub that cannot be reached is said the same way (HUB_UNREACHABLE), never thrown at the screen.
import type { Message } from '../../shared/errors';

export interface HubError {
  code: string;
  message: Message;
}
export type HubResult<T> = { ok: true; value: T } | { ok: false; error: HubError };

const UNREACHABLE: HubError = {
  code: 'HUB_UNREACHABLE',
  message: { zh: '连不上机构中心：检查网络，稍后重试。', en: 'The hub cannot be reached: check the network and try again shortly.' },
};

export async function hubCall<T>(path: string, body: unknown, token?: string): Promise<HubResult<T>> {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { ok: boolean; value?: T; error?: HubError };
    if (answer.ok) return { ok: true, value: answer.value as T };
    return { ok: false, error: answer.error ?? UNREACHABLE };
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}
