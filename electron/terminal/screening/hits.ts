// Screening a customer at the quote (第五十四条) and a supervisor's decision on each hit. The one
// writer of screening_hits and screening_decisions.
//
// What is recorded (the commit path's cost, docs/compliance-screening.md): a hit in full, once per
// customer, entry and list version, with its audit entry; a decision in full with its own. A
// customer who clears is not written here: the list versions screened go with the trade's (or the
// attempt's) audit entry.
import { Refusal } from '../../../shared/errors';
import { countryNamesEn } from '../../../shared/id/countries';
import type { IdDocument } from '../../../shared/id/idDocument';
import { screen, type Hit } from '../../../shared/screening/screen';
import type { ScreeningHitView } from '../../../shared/api';
import type { ScreeningFacts, ScreeningHitFact } from '../../../shared/rules/decide';
import { audit } from '../../ledger/audit';
import { all, first, q, run, type Database } from '../../ledger/sql';
import type { ScreeningListTable } from '../../ledger/schema';
import { activeLists, preparedEntries } from './lists';

/** The customer against every active list: the versions screened and each hit with what was decided of it. */
export function screenCustomer(db: Database, doc: IdDocument, name: string, personKey: string, threshold: number): ScreeningFacts {
  const lists = activeLists(db);
  // The document's country by its code and every English name of it: lists name nationalities in words.
  const nationality = [doc.country, ...countryNamesEn(doc.country)];
  const hits: ScreeningHitFact[] = [];
  for (const list of lists) {
    const found = screen({ name, idNumber: doc.idNumber, nationality, ...(doc.birthDate ? { dateOfBirth: doc.birthDate } : {}) }, preparedEntries(db, list.id), threshold);
    for (const h of found) hits.push({ ...h, list: { id: list.id, listId: list.list_id, name: list.name, version: Number(list.version) }, decision: decisionOf(db, personKey, list.id, h.reference) });
  }
  return { versions: lists.map((l) => `${l.list_id}@${l.version}`), hits, threshold };
}

function decisionOf(db: Database, personKey: string, listVersion: string, reference: string): ScreeningHitFact['decision'] {
  const d = first(db, q.selectFrom('screening_hits').innerJoin('screening_decisions', 'screening_decisions.hit_id', 'screening_hits.id')
    .select('screening_decisions.decision')
    .where('screening_hits.person_key', '=', personKey).where('screening_hits.list_version', '=', listVersion).where('screening_hits.reference', '=', reference));
  return d?.decision;
}

/** The hits not seen before for this customer, entry and version, written and audited (the quote's). */
export function recordHits(db: Database, facts: ScreeningFacts, who: { personKey: string; name: string; tellerId: string; at: string; businessDate: string }, newId: () => string): void {
  for (const h of facts.hits) {
    const seen = first(db, q.selectFrom('screening_hits').select('id')
      .where('person_key', '=', who.personKey).where('list_version', '=', h.list.id).where('reference', '=', h.reference));
    if (seen) continue;
    const id = newId();
    run(db, q.insertInto('screening_hits').values({
      id, created_at: who.at, business_date: who.businessDate, person_key: who.personKey, customer_name: who.name,
      list_version: h.list.id, reference: h.reference, entry_name: h.name, matched: h.matched, matched_on: h.on,
      score: String(h.score), threshold: BigInt(facts.threshold), teller_id: who.tellerId,
    }));
    audit(db, {
      at: who.at, actor: who.tellerId, action: 'screening.hit', entity: 'screeningHit', entityId: id,
      detail: { customer: who.personKey, list: `${h.list.listId}@${h.list.version}`, reference: h.reference, on: h.on, score: String(h.score) },
    });
  }
}

type HitRow = Awaited<ReturnType<typeof hitRows>>[number];

function hitRows(db: Database, where: { id?: string; state?: 'pending' | 'refused' | 'all'; limit?: number }) {
  let query = q.selectFrom('screening_hits')
    .innerJoin('screening_lists', 'screening_lists.id', 'screening_hits.list_version')
    .leftJoin('screening_decisions', 'screening_decisions.hit_id', 'screening_hits.id')
    .selectAll('screening_hits')
    .select(['screening_lists.list_id', 'screening_lists.name as list_name', 'screening_lists.version as list_version_no',
      'screening_decisions.decision', 'screening_decisions.reason', 'screening_decisions.decided_by', 'screening_decisions.decided_at']);
  if (where.id !== undefined) query = query.where('screening_hits.id', '=', where.id);
  if (where.state === 'pending') query = query.where('screening_decisions.hit_id', 'is', null);
  if (where.state === 'refused') query = query.where('screening_decisions.decision', '=', 'refuse');
  return all(db, query.orderBy('screening_hits.created_at', 'desc').limit(where.limit ?? 100));
}

function hitView(r: HitRow): ScreeningHitView {
  return {
    id: r.id, createdAt: r.created_at, businessDate: r.business_date, customerKey: r.person_key, customerName: r.customer_name,
    list: { id: r.list_version, listId: r.list_id, name: r.list_name, version: Number(r.list_version_no) },
    reference: r.reference, entryName: r.entry_name, matched: r.matched, on: r.matched_on, score: r.score, threshold: Number(r.threshold), tellerId: r.teller_id,
    ...(r.decision && r.reason !== null && r.decided_by !== null && r.decided_at !== null
      ? { decision: { decision: r.decision, reason: r.reason, by: r.decided_by, at: r.decided_at } } : {}),
  };
}

export function listHits(db: Database, state: 'pending' | 'refused' | 'all', limit: number): ScreeningHitView[] {
  // A pending hit of a list version no longer active is screened again under the new version: not shown as pending.
  const active = new Set(activeLists(db).map((l: ScreeningListTable) => l.id));
  return hitRows(db, { state, limit }).filter((r) => state !== 'pending' || active.has(r.list_version)).map(hitView);
}

/** A supervisor's decision on a pending hit, written and audited in the caller's transaction. */
export function examineHit(db: Database, input: { hitId: string; decision: 'falsePositive' | 'refuse'; reason: string; by: string; at: string }): ScreeningHitView {
  const [r] = hitRows(db, { id: input.hitId });
  if (!r || r.decision) throw new Refusal('SCREENING_HIT_NOT_FOUND', { hitId: input.hitId });
  run(db, q.insertInto('screening_decisions').values({ hit_id: r.id, decision: input.decision, reason: input.reason, decided_by: input.by, decided_at: input.at }));
  audit(db, {
    at: input.at, actor: input.by, action: 'screening.examine', entity: 'screeningHit', entityId: r.id,
    // A refusal is a suspicious-transaction report pending (第五十四条): the detail says so for the AML officer.
    detail: { decision: input.decision, reason: input.reason, customer: r.person_key, list: `${r.list_id}@${r.list_version_no}`, reference: r.reference, ...(input.decision === 'refuse' ? { suspiciousReport: 'pending' } : {}) },
  });
  return hitView(hitRows(db, { id: r.id })[0]!);
}

export type { Hit };
