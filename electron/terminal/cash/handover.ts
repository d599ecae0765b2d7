// A teller handing over the till to another (交接): the incoming teller's blind count against what
// the till should hold (they never saw the figures), recorded with its differences.
import { Refusal } from '../../../shared/errors';
import { businessDate } from '../../../shared/time';
import { audit } from '../../ledger/audit';
import { q, run } from '../../ledger/sql';
import type { Call, HandlerInput, Services } from '../services';
import { compareCounts, differenceView, expectedNotes } from '../dayClose/counts';

/** A teller handing over the till: the second teller's blind count (they never saw the figures). */
export function handover(ctx: Services, input: HandlerInput<'cash.handover'>, call: Call) {
  if (input.fromTeller === input.toTeller) throw new Refusal('INVALID_INPUT', { field: 'toTeller', problemZh: '须为另一位柜员', problemEn: 'must be another teller' });
  // The incoming teller counts, signed in: the handover is theirs, not something typed for them.
  if (call.caller && call.caller.id.toLowerCase() !== input.toTeller.toLowerCase()) {
    throw new Refusal('ACTOR_MISMATCH', { field: 'toTeller', given: input.toTeller, signedIn: call.caller.id });
  }
  const date = businessDate(ctx.now());
  const expected = new Map([...expectedNotes(ctx.db, date)].filter(([, v]) => v.location === 'till'));
  for (const c of input.counts) {
    if (c.location !== 'till') throw new Refusal('INVALID_INPUT', { field: 'counts.location', problemZh: '交接只清点尾箱', problemEn: 'a handover counts the till only' });
  }
  const differences = compareCounts(ctx.db, date, input.counts, expected);
  const off = differences.filter((d) => d.counted !== d.expected || d.mixDiffers).map(differenceView);
  const id = ctx.newId();
  const at = ctx.now().toISOString();
  ctx.db.transaction(() => {
    run(ctx.db, q.insertInto('handovers').values({ id, business_date: date, from_teller: input.fromTeller, to_teller: input.toTeller, counted: JSON.stringify(input.counts), differences: JSON.stringify(off), created_at: at }));
    audit(ctx.db, { at, actor: input.toTeller, action: 'cash.handover', entity: 'handover', entityId: id, detail: { from: input.fromTeller, differences: off.length } });
  }).immediate();
  return { id, matches: off.length === 0, differences: off };
}
