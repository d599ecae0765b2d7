// The institution live (issue 18 item 2): every outlet and its counters as the hub holds them —
// online or when last seen, the events held, the day closed, receipt numbers left, notes in transit,
// back-fills not yet at SAFE (those past the policy's window), till and safe by currency — and what is
// wrong at each, said as a sentence with what to do. One query a table, whatever the
// number of outlets: the console's page for 500 outlets is a handful of queries.
import { sql } from 'kysely';
import { BOOKS_LOW, ONLINE_WITHIN_MS, type AnchorsAnswer, type LiveAnswer, type LiveCounter, type LiveProblem } from '../shared/sync/live';
import { businessDate } from '../shared/time';
import { policyFor } from '../shared/policy';
import { publishedPolicies } from './reference';
import { RMB } from '../shared/money/currencies';
import { fromMinor } from '../shared/money/money';
import type { HubDatabase } from './db/open';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function minutesSince(at: Date, then: Date): number {
  return Math.max(1, Math.floor((at.getTime() - then.getTime()) / 60_000));
}

/** What is wrong at a counter, each with what to do. */
function problemsOf(c: Omit<LiveCounter, 'problems'>, at: Date, backfillHours: number): LiveProblem[] {
  if (c.revokedAt !== null) {
    return [{ kind: 'revoked', zh: `已于 ${c.revokedAt.slice(0, 10)} 停用：不再接收其记录；更换的电脑须用新接入码接入并从中心恢复。`, en: `Revoked on ${c.revokedAt.slice(0, 10)}: nothing more is taken from it; a PC in its place enrols with a new code and is restored from the hub.` }];
  }
  const out: LiveProblem[] = [];
  if (c.chainProblem !== null) {
    const fork = c.chainProblem.code === 'HUB_EVENTS_FORK';
    out.push({
      kind: 'chainBroken',
      zh: `记录链校验失败（第 ${c.chainProblem.seq} 条${fork ? '与中心已收的不同' : '与前一条不符'}）：该柜台账本可能被改动或换成了另一本；中心不再接收其记录。请暂停该柜台，由审计核查后从中心恢复（npm run restore -- --from-hub）。`,
      en: `Its chain does not verify (entry ${c.chainProblem.seq} ${fork ? 'differs from the one the hub holds' : 'does not follow the one before'}): its ledger may have been altered or replaced, and the hub takes nothing more from it. Stop the counter; have the auditor examine it, then restore it from the hub (npm run restore -- --from-hub).`,
    });
  }
  if (c.enrolledAt === null) {
    return [...out, { kind: 'notEnrolled', zh: '尚未接入：在该柜台电脑的 terminal.json 中填写接入码后启动终端。', en: 'Not enrolled yet: put its enrolment code in the counter PC\'s terminal.json and start the terminal.' }];
  }
  if (!c.online) {
    const since = c.lastSeenAt ?? c.lastEventAt;
    const m = since === null ? undefined : minutesSince(at, new Date(since));
    out.push(m === undefined
      ? { kind: 'offline', zh: '从未联系中心：检查该柜台电脑是否开机、网络是否连通。', en: 'Never reached the hub: check that the counter\'s PC is on and its network connected.' }
      : { kind: 'offline', zh: `${m} 分钟未联系中心：检查该柜台电脑和网络；断网期间柜台照常营业，联网后自动补传。`, en: `No contact for ${m} min: check the counter's PC and network. It keeps trading offline and sends everything once back.` });
  }
  if (c.backfill.late > 0) {
    out.push({
      kind: 'backfillLate',
      zh: `${c.backfill.late} 笔事后补录已超过 ${backfillHours} 小时仍未报送监测系统（第三十二条(二)）：检查该柜台与监测系统的连接，并在柜台“待报送”中处理。`,
      en: `${c.backfill.late} back-fill(s) are past their ${backfillHours} hours and not at SAFE yet (第三十二条(二)): check the counter's link to the monitoring system and work its queue at the counter.`,
    });
  }
  if (c.receiptsLeft < BOOKS_LOW) {
    out.push({
      kind: 'booksLow',
      zh: `水单号仅剩 ${c.receiptsLeft} 个：柜台联网时中心会自动下发下一本；长时间离线请手工下发（领用登记）。`,
      en: `Only ${c.receiptsLeft} receipt numbers left: the hub issues the next book when the counter is online; if it stays offline, issue one by hand (the register).`,
    });
  }
  return out;
}

function chainProblemOf(t: { chain_problem: 'HUB_CHAIN_BROKEN' | 'HUB_EVENTS_FORK' | null; chain_problem_seq: bigint | null; chain_problem_at: Date | null }): LiveCounter['chainProblem'] {
  return t.chain_problem === null ? null : { code: t.chain_problem, seq: String(t.chain_problem_seq ?? 0n), at: iso(t.chain_problem_at) ?? '' };
}

/** Every terminal's chain head as last received, with the time, and any flag (issue 18 item 6): what an auditor anchors a ledger to. */
export async function auditAnchors(db: HubDatabase, now: () => Date): Promise<AnchorsAnswer> {
  const rows = await db.selectFrom('hub_terminals as t').leftJoin('hub_heads as h', 'h.terminal_id', 't.id')
    .select(['t.id', 't.outlet_code', 't.chain_problem', 't.chain_problem_seq', 't.chain_problem_at', 'h.seq', 'h.hash', 'h.updated_at']).orderBy('t.id').execute();
  return {
    at: now().toISOString(),
    anchors: rows.map((r) => ({
      terminalId: r.id, outletCode: r.outlet_code, seq: r.seq === null ? '0' : String(r.seq), hash: r.hash ?? null,
      receivedAt: r.seq !== null && BigInt(r.seq) > 0n ? iso(r.updated_at) : null, chainProblem: chainProblemOf(r),
    })),
  };
}

export async function liveView(db: HubDatabase, input: { date?: string | undefined }, now: () => Date): Promise<LiveAnswer> {
  const at = now();
  const date = input.date ?? businessDate(at);
  // A back-fill is due at SAFE within the policy's window of its trade (第三十二条(二)).
  const backfillHours = policyFor(await publishedPolicies(db), date).params.backfillWindowHours;
  const [outlets, terminals, heads, closedCounters, closedOutlets, books, transit, backfills, places] = await Promise.all([
    db.selectFrom('hub_outlets').select(['code', 'name', 'city_code']).orderBy('code').execute(),
    db.selectFrom('hub_terminals').select(['id', 'outlet_code', 'name', 'enrolled_at', 'revoked_at', 'last_seen_at', 'chain_problem', 'chain_problem_seq', 'chain_problem_at', 'reported_seq']).orderBy('id').execute(),
    db.selectFrom('hub_heads').select(['terminal_id', 'seq', 'hash', 'updated_at']).execute(),
    db.selectFrom('hub_counter_days').select('terminal_id').where('business_date', '=', date).execute(),
    db.selectFrom('hub_outlet_days').select('outlet_code').where('business_date', '=', date).execute(),
    // Per counter, the numbers left in its books not returned: above the highest the hub holds a trade for.
    db.selectFrom('hub_receipt_books as b').where('b.returned_at', 'is', null)
      .select(['b.terminal_id', 'b.reserve', sql<string>`sum(b.last_no - greatest(b.first_no - 1, coalesce((SELECT max(receipt_no) FROM hub_trades h WHERE h.receipt_no BETWEEN b.first_no AND b.last_no), 0)))::text`.as('left')])
      .groupBy(['b.terminal_id', 'b.reserve']).execute(),
    db.selectFrom('hub_cash_transfers').select(['from_terminal', 'to_terminal']).where('received_at', 'is', null).execute(),
    // Back-fills not at SAFE (the partial index hub_trades_backfill_waiting), those past their window.
    sql<{ terminal_id: string; waiting: string; late: string }>`
      SELECT terminal_id, count(*)::text AS waiting, count(*) FILTER (WHERE created_at < ${new Date(at.getTime() - backfillHours * 3_600_000).toISOString()})::text AS late
      FROM hub_trades WHERE reporting_path = 'backfill' AND NOT entered AND NOT voided GROUP BY terminal_id`.execute(db),
    // Till and safe by currency: their balances as the hub sums the postings (hub/reportDays.ts).
    sql<{ terminal_id: string; account_id: string; currency: string; minor: string }>`
      SELECT terminal_id, account_id, currency, balance_minor::text AS minor FROM hub_balances
      WHERE account_id LIKE 'cash:%' OR account_id LIKE 'safe:%'`.execute(db),
  ]);
  const waiting = new Map(backfills.rows.map((r) => [r.terminal_id, { waiting: Number(r.waiting), late: Number(r.late) }]));
  const positions = new Map<string, Map<string, { till: bigint; safe: bigint }>>();
  for (const p of places.rows) {
    const byCurrency = positions.get(p.terminal_id) ?? positions.set(p.terminal_id, new Map()).get(p.terminal_id)!;
    const slot = byCurrency.get(p.currency) ?? { till: 0n, safe: 0n };
    if (p.account_id.startsWith('cash:')) slot.till += BigInt(p.minor);
    else slot.safe += BigInt(p.minor);
    byCurrency.set(p.currency, slot);
  }
  const positionsOf = (id: string) => [...(positions.get(id) ?? new Map<string, { till: bigint; safe: bigint }>())]
    .filter(([, v]) => v.till !== 0n || v.safe !== 0n)
    .sort(([a], [b]) => (a === RMB ? -1 : b === RMB ? 1 : a < b ? -1 : 1))
    .map(([currency, v]) => ({ currency, till: fromMinor(v.till, currency).toString(), safe: fromMinor(v.safe, currency).toString() }));
  const head = new Map(heads.map((h) => [h.terminal_id, h]));
  const closed = new Set(closedCounters.map((c) => c.terminal_id));
  const outletClosed = new Set(closedOutlets.map((o) => o.outlet_code));
  const left = new Map<string, { regular: number; reserve: number }>();
  for (const b of books) {
    const l = left.get(b.terminal_id) ?? { regular: 0, reserve: 0 };
    if (b.reserve) l.reserve += Number(b.left);
    else l.regular += Number(b.left);
    left.set(b.terminal_id, l);
  }
  const inTransit = new Map<string, number>();
  for (const t of transit) for (const id of [t.from_terminal, t.to_terminal]) inTransit.set(id, (inTransit.get(id) ?? 0) + 1);
  const byOutlet = new Map<string, LiveCounter[]>();
  for (const t of terminals) {
    const h = head.get(t.id);
    const lastSeenAt = iso(t.last_seen_at);
    const counter = {
      terminalId: t.id, name: t.name, enrolledAt: iso(t.enrolled_at), revokedAt: iso(t.revoked_at), lastSeenAt,
      online: t.revoked_at === null && lastSeenAt !== null && at.getTime() - Date.parse(lastSeenAt) <= ONLINE_WITHIN_MS,
      held: h ? String(h.seq) : '0', lastEventAt: h && h.seq > 0n ? iso(h.updated_at) : null,
      notReceived: t.reported_seq === null ? null : Math.max(0, Number(t.reported_seq - (h?.seq ?? 0n))),
      headHash: h?.hash ?? null, chainProblem: chainProblemOf(t),
      closed: closed.has(t.id), receiptsLeft: left.get(t.id)?.regular ?? 0, reserveLeft: left.get(t.id)?.reserve ?? 0, inTransit: inTransit.get(t.id) ?? 0,
      backfill: waiting.get(t.id) ?? { waiting: 0, late: 0 }, positions: positionsOf(t.id),
    };
    const list = byOutlet.get(t.outlet_code) ?? [];
    list.push({ ...counter, problems: problemsOf(counter, at, backfillHours) });
    byOutlet.set(t.outlet_code, list);
  }
  return {
    date, at: at.toISOString(),
    outlets: outlets.map((o) => ({ code: o.code, name: o.name, cityCode: o.city_code, closed: outletClosed.has(o.code), counters: byOutlet.get(o.code) ?? [] })),
  };
}
