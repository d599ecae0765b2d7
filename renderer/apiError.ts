// A refusal or a failed call as the renderer holds it, typed by its code: the Terminal's codes
// (shared/errors.ts ERRORS) and the few the renderer gives itself. A branch on `error.code` with a
// misspelt code then fails the type-check. Pure (no DOM): the counter's machine and its tests use it.
import type { ErrorCode, Message } from '../shared/errors';

/** Codes the renderer gives itself: a call that could not be made, and checks made on this screen. */
export type RendererErrorCode =
  /** The Terminal could not be asked (a transport failure, or a malformed answer). */
  | 'TERMINAL_UNREACHABLE'
  /** A calendar file that is not JSON or not a calendar (screens/Calendar.tsx). */
  | 'CALENDAR_FILE_INVALID'
  /** A new password and its repetition differ (sign-in's first run, People). */
  | 'PASSWORDS_DIFFER';

export type ApiErrorCode = ErrorCode | RendererErrorCode;

export interface ApiError {
  code: ApiErrorCode;
  message: Message;
  details?: Record<string, string>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * A code that came as a plain string (a quote's refusal is typed `string` by the contract) against
 * the code it is expected to be: the expected code is type-checked.
 */
export function isCode(code: string | undefined, expected: ApiErrorCode): boolean {
  return code === expected;
}
