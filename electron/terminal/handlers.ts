// Every method's handler, one map merged from the domains' folders (electron/terminal/<domain>/,
// named by the method's prefix, as its spec is shared/api/<domain>.ts). The map must have every
// method of the API (a method without a handler fails the type-check here) and each answer must
// fit its spec's output schema (compile time, below).
import type { MethodName, Outputs } from '../../shared/api';
import { auditHandlers } from './audit';
import { authHandlers } from './auth';
import { backupHandlers } from './backup';
import { calendarHandlers } from './calendar';
import { cashHandlers } from './cash';
import { clockHandlers } from './clock';
import { conversionRatesHandlers } from './conversionRates';
import { customersHandlers } from './customers';
import { dayCloseHandlers } from './dayClose';
import { monitoringHandlers } from './monitoring';
import { outletHandlers } from './outlet';
import { peopleHandlers } from './people';
import { policiesHandlers } from './policies';
import { printerHandlers } from './printer';
import { queueHandlers } from './queue';
import { ratesHandlers } from './rates';
import { reportsHandlers } from './reports';
import { reservesHandlers } from './reserves';
import { sessionHandlers } from './session';
import { tradesHandlers } from './trades';
// watch-list screening (第五十四条)
import { screeningHandlers } from './screening';
// ---- issue 19 item 7 (inspection and retention) ----
import { archiveHandlers } from './archive';
import { journalHandlers } from './journal';

export const handlers = {
  ...sessionHandlers,
  ...outletHandlers,
  ...policiesHandlers,
  ...ratesHandlers,
  ...conversionRatesHandlers,
  ...calendarHandlers,
  ...customersHandlers,
  ...tradesHandlers,
  ...printerHandlers,
  ...cashHandlers,
  ...queueHandlers,
  ...monitoringHandlers,
  ...auditHandlers,
  ...reservesHandlers,
  ...dayCloseHandlers,
  ...reportsHandlers,
  ...authHandlers,
  ...peopleHandlers,
  ...backupHandlers,
  ...clockHandlers,
  ...screeningHandlers,
  // ---- issue 19 item 7 (inspection and retention, 第四十九条) ----
  ...journalHandlers,
  ...archiveHandlers,
} satisfies { readonly [M in MethodName]: unknown };

/** What a method answers: its handler's value. */
export type Output<M extends MethodName> = Awaited<ReturnType<(typeof handlers)[M]>>;

/**
 * Compile-time: every handler's answer fits its method's output schema (shared/api), so what the
 * screens and the HTTP contract document say is what the Terminal sends. A mismatch names the
 * method: "Type 'true' is not assignable to type '{ "<method>": ... }'".
 */
type Matches<A, B> = [A] extends [B] ? true : false;
type OutputMismatch = { [M in keyof Outputs & MethodName]: Matches<Output<M>, Outputs[M]> extends true ? never : M }[keyof Outputs & MethodName];
const outputsMatchContract: [OutputMismatch] extends [never] ? true : { [M in OutputMismatch]: 'answer does not fit the output schema' } = true;
void outputsMatchContract;
