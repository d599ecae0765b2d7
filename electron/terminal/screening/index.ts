// Watch-list screening's methods (第五十四条): import a list, the lists, the hits, examine a hit.
// Each method's spec: shared/api/screening.ts. The quote screens (trades/facts.ts).
import type { Call, HandlerInput, HandlersOf, Services } from '../services';
import { examineHit, listHits } from './hits';
import { importList, listLists, listView } from './lists';

export const screeningHandlers = {
  'screening.import': (ctx: Services, input: HandlerInput<'screening.import'>, call: Call) => {
    const row = call.act(() => importList(ctx.db, {
      id: ctx.newId(), listId: input.listId, name: input.name, format: input.format, content: input.content,
      at: ctx.now().toISOString(), by: input.actor, source: 'terminal',
    }));
    return listView(row, true);
  },
  'screening.lists': (ctx: Services, input: HandlerInput<'screening.lists'>) => listLists(ctx.db, input.all),
  'screening.hits': (ctx: Services, input: HandlerInput<'screening.hits'>) => listHits(ctx.db, input.state, input.limit),
  'screening.examine': (ctx: Services, input: HandlerInput<'screening.examine'>, call: Call) =>
    call.act(() => examineHit(ctx.db, { hitId: input.hitId, decision: input.decision, reason: input.reason.trim(), by: input.actor, at: ctx.now().toISOString() })),
} satisfies HandlersOf<'screening'>;
