// What every screen shows, without a session: training or not, the outlet, the business date, the
// currencies and ID types, whether this is the first run, the ledger's check, and a missing year of
// the holiday calendar (附表2's due dates need it).
import { ID_TYPES } from '../../../shared/id/idDocument';
import { CURRENCIES } from '../../../shared/money/currencies';
import { businessDate } from '../../../shared/time';
import { policyFor } from '../../../shared/policy';
import { calendarMissingYear } from '../calendar/calendars';
import { isDayClosed, isOutletDayClosed } from '../dayLock';
import { anyPerson } from '../people/staff';
import type { SessionInfo } from '../../../shared/api';
import type { HubState } from '../../hubClient/push';
import { first, q, type Database } from '../../ledger/sql';
import { hubReference } from '../hubSync/apply';
import type { HandlersOf } from '../services';
import { hubCounterName, readHubOutlet } from '../settings';

function hubStatus(db: Database, s: HubState): NonNullable<SessionInfo['hub']> {
  const ref = hubReference(db);
  const last = first(db, q.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')))?.id ?? 0n;
  return {
    enrolled: s.enrolled,
    ...(s.held !== undefined ? { eventsBehind: Number(BigInt(last) - BigInt(s.held) > 0n ? BigInt(last) - BigInt(s.held) : 0n) } : {}),
    ...(s.lastContactAt ? { lastContactAt: s.lastContactAt } : {}),
    ...(s.problem ? { problem: s.problem } : {}),
    referenceVersion: ref.version,
    ...(ref.pulledAt ? { referencePulledAt: ref.pulledAt } : {}),
  };
}

export const sessionHandlers = {
  'session.info': (ctx) => {
    const o = ctx.outlet();
    const today = businessDate(ctx.now());
    const missingYear = calendarMissingYear(ctx.db, today);
    const counterName = hubCounterName(readHubOutlet(ctx.db), o.terminal_id);
    return {
      training: ctx.training,
      businessDate: today,
      now: ctx.now().toISOString(),
      institutionName: o.institution_name,
      outletCode: o.outlet_code,
      outletName: o.outlet_name,
      terminalId: o.terminal_id,
      ...(counterName !== undefined ? { counterName } : {}),
      currencies: [...CURRENCIES.values()].filter((c) => c.code !== 'CNY').map((c) => ({ code: c.code, zh: c.zh, en: c.en, minorUnits: c.minorUnits, smallestNote: c.smallestNote })),
      idTypes: Object.entries(ID_TYPES).map(([code, t]) => ({ code, zh: t.zh, en: t.en, residency: t.residency })),
      // Issue 19 item 6: the outlet's settlement fund attributes, for the counter to offer (第三十二条(三)).
      settlementFundAttributes: policyFor(ctx.policies(), today).params.settlementFundAttributes,
      firstRun: !anyPerson(ctx.db),
      // Issue 20 item 1: a closed day is shown on the counter and refused at its first key (DAY_CLOSED).
      dayClosed: isDayClosed(ctx.db, today) || isOutletDayClosed(ctx.db, today),
      integrity: ctx.integrity(),
      ...(missingYear !== undefined ? { calendarMissingYear: missingYear } : {}),
      ...(ctx.hub ? { hub: hubStatus(ctx.db, ctx.hub.state()) } : {}),
    };
  },
} satisfies HandlersOf<'session'>;
