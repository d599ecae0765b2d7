// The day close's methods (日终, 第三十二条(五)): what it shows before, the close itself, the closes
// kept and their print; at an outlet of several counters, the outlet's close over them (outletClose.ts). Specs: shared/api/dayClose.ts.
import type { HandlersOf } from '../services';
import { close } from './close';
import { outletClose, outletStatus } from './outletClose';
import { prepare } from './prepare';
import { get, list, printSummary } from './views';

export const dayCloseHandlers = {
  'dayClose.prepare': prepare,
  'dayClose.close': close,
  'dayClose.get': get,
  'dayClose.list': list,
  'dayClose.print': printSummary,
  'dayClose.outletStatus': outletStatus,
  'dayClose.outletClose': outletClose,
} satisfies HandlersOf<'dayClose'>;
