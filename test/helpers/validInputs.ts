// For every method of the contract, an input that succeeds on a stocked outlet, and the inputs a
// teller sends for a trade (test/bad-input.test.ts, test/fuzz.test.ts). A new method needs its
// example here: bad-input checks every method has one and that it succeeds.
import { api, methods, type MethodName, type MethodSpec } from '../../shared/api';
import { POLICY_V1 } from '../../shared/policy';
import { applyReferenceChanges } from '../../electron/terminal/hubSync/apply';
import { ALICE, ok, passwordOf, trade, type Harness } from './terminal';
import { verifyAuditChain } from '../../electron/ledger/auditChain';
import { paperSlot, restartNumbering } from '../../electron/ledger/receipts';
// watch-list screening (第五十四条)
import { importList } from '../../electron/terminal/screening/lists';
import { recordHits, screenCustomer } from '../../electron/terminal/screening/hits';

// ---- building inputs ----

export type TradeReq = {
  customer: Record<string, string>;
  direction: 'settlement' | 'purchase';
  currency: string;
  amount: unknown;
  side?: 'foreign' | 'rmb';
  paymentIn?: 'cash' | 'travellersCheque';
};

export function quoteInput(req: TradeReq): Record<string, unknown> {
  return { side: 'foreign', tellerId: 'teller1', ...req, customer: { name: '', ...req.customer } };
}

/**
 * Quotes `req` (which must quote) and gives the commit input a teller would send for it: the
 * request and the quote's token, and `extra`. It confirms no prompt and names no supervisor on its
 * own: a test whose quote prompts says what it acknowledges (`acknowledgedPrompts`) and who
 * approves (`supervisorId`) in `extra`.
 */
export async function commitInput(h: Harness, req: TradeReq, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const request = quoteInput(req);
  const q = ok(await h.terminal.call('trades.quote', request as never));
  return { ...request, quoteToken: q.quoteToken, ...extra };
}

export function without(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = o;
  return rest;
}

/**
 * A committed trade of 50 USD by ALICE, for the examples that need one. They run again and again on
 * one harness (test/bad-input.test.ts), and ALICE's fifth trade of the day is prompted
 * (第三十二条(一), realtimeCountReached): the teller confirms that prompt, and no other.
 */
const aliceTrade = (h: Harness) =>
  trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '50' }, { acknowledge: ['realtimeCountReached'] });

export const ALICE_USD_100: TradeReq = { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' };

type Example = (h: Harness) => Promise<Record<string, unknown>>;

/** Inputs built in the harness, for the methods that need something made first (or predate `example`). */
const BUILT: Partial<Record<MethodName, Example>> = {
  'outlet.get': async () => ({}),
  'policies.list': async () => ({}),
  'policies.load': async () => ({ version: 2, effectiveDate: '2026-04-01', source: 'test', params: POLICY_V1.params, loadedBy: 'mgr1' }),
  'rates.set': async () => ({ currency: 'USD', buyPer100: '711.00', sellPer100: '721.00', fee: '0', setBy: 'sup1' }),
  'rates.board': async () => ({}),
  'rates.history': async () => ({ currency: 'USD', limit: 10 }),
  // issue 19 item 3 (第三十四条): a currency's filing with SAFE
  'rates.listCurrency': async () => ({ currency: 'MYR', filedOn: '2026-01-05', actor: 'sup1' }),
  'rates.listings': async () => ({}),
  'conversionRates.import': async () => ({ month: '2026-04', csv: 'currency,usd_per_unit\nEUR,1.25\n', importedBy: 'sup1' }),
  'conversionRates.get': async () => ({ month: '2026-03' }),
  'customers.lookup': async () => ({ idType: '01', idNumber: ALICE.idNumber, country: 'CHN' }),
  'trades.quote': async () => quoteInput(ALICE_USD_100),
  'trades.commit': async (h) => commitInput(h, ALICE_USD_100),
  'trades.void': async (h) => {
    const t = ok(await aliceTrade(h));
    return { receiptNo: t.receiptNo, reason: '录入错误 typo', tellerId: 'teller1', supervisorId: 'sup1' };
  },
  // issue 19 item 2: a refund on a later day. ALICE's trade of today, the clock moved to the next
  // day (the board set again there, so the examples after it still quote on a fresh board).
  'trades.refund': async (h) => {
    const t = ok(await aliceTrade(h));
    h.clock.advance(24 * 3_600_000);
    for (const [currency, buyPer100, sellPer100] of [['USD', '710.00', '720.00'], ['EUR', '770.00', '790.00'], ['JPY', '4.7000', '4.9000'], ['HKD', '90.50', '92.50']] as const) {
      ok(await h.terminal.call('rates.set', { currency, buyPer100, sellPer100, setBy: 'sup1' }));
    }
    return { receiptNo: t.receiptNo, customer: { idType: ALICE.idType, idNumber: ALICE.idNumber }, reason: '客户退回 customer returned', tellerId: 'teller1', supervisorId: 'sup1' };
  },
  // A paper receipt printed after a backup: the restore closed the own book after what the ledger
  // held (restartNumbering, as ledger/backupRestore.ts does), and each run enters the next number of
  // it, at the harness's time, as a 50 USD settlement at the board's 710.
  'trades.enterPaper': async (h) => {
    const db = h.terminal.ledger;
    const at = h.clock.now().toISOString();
    if (db.prepare('select count(*) from receipt_restarts').pluck().get() === 0n) db.transaction(() => restartNumbering(db, at, 'mgr1'))();
    const top = BigInt(db.prepare('select max(receipt_no) from trades where receipt_no < 200000').pluck().get() as bigint | null ?? 0n);
    const slot = paperSlot(db, top + 1n)!;
    return {
      customer: { ...ALICE }, direction: 'settlement', currency: 'USD', foreign: '50', ratePer100: '710.00', rmb: '355.00', fee: '0',
      receiptNo: Number(slot.next), tradedAt: at, remark: '恢复备份后补录 entered after the restore', actor: 'teller1', supervisorId: 'sup1',
    };
  },
  'trades.get': async (h) => {
    const t = ok(await aliceTrade(h));
    return { receiptNo: t.receiptNo };
  },
  'trades.personDay': async () => ({ idType: '01', idNumber: ALICE.idNumber, date: '2026-03-10' }),
  'cash.onHand': async () => ({}),
  'cash.fund': async () => ({ currency: 'USD', amount: '100', note: 'top-up', actor: 'mgr1' }),
  'calendar.load': async () => ({ year: 2027, holidays: ['2027-01-01'], workdays: [], source: 'test', loadedBy: 'mgr1' }),
  'calendar.get': async () => ({ year: 2026 }),
  'calendar.list': async () => ({}),
  'audit.verify': async () => ({}),
  // A break to examine, made as someone with the file would (the append-only trigger dropped, the
  // first entry edited, the trigger put back); an outlet already broken keeps its first break.
  'audit.examineBreak': async (h) => {
    const db = h.terminal.ledger;
    let entryId = verifyAuditChain(db).firstBroken?.id;
    if (entryId === undefined) {
      entryId = Number(db.prepare('select min(id) from audit_log where hash is not null').pluck().get());
      const trigger = db.prepare("select sql from sqlite_master where name = 'audit_append_only_u'").pluck().get() as string;
      db.exec('drop trigger audit_append_only_u');
      db.prepare("update audit_log set detail = json_set(detail, '$.edited', 1) where id = ?").run(entryId);
      db.exec(trigger);
    }
    return { entryId, note: '核查：与纸质记录一致 examined against the paper records', actor: 'mgr1', supervisorId: 'sup1' };
  },
  'audit.list': async () => ({ from: '2026-03-10', to: '2026-03-10', action: 'trade.commit', limit: 10 }),
  'trades.reprint': async (h) => {
    const t = ok(await aliceTrade(h));
    return { receiptNo: t.receiptNo, tellerId: 'teller1' };
  },
  'trades.preview': async (h) => {
    const t = ok(await aliceTrade(h));
    return { receiptNo: t.receiptNo };
  },
  'printer.status': async () => ({}),
  'printer.jobs': async () => ({ limit: 10 }),
  'printer.printPending': async () => ({}),
  'session.info': async () => ({}),
  'trades.list': async () => ({ date: '2026-03-10', search: '张', limit: 10 }),
  'queue.status': async () => ({}),
  'queue.list': async () => ({ state: 'pending', limit: 10 }),
  'queue.retry': async (h) => {
    const t = ok(await aliceTrade(h));
    // As if the monitoring system had refused it and a person had since fixed the cause.
    h.terminal.ledger.prepare("update outbox set state = 'needs_attention' where trade_id = ?").run(t.id);
    const id = h.terminal.ledger.prepare('select id from outbox where trade_id = ?').pluck().get(t.id);
    return { id: Number(id), supervisorId: 'sup1' };
  },
  'queue.resolve': async (h) => {
    const t = ok(await aliceTrade(h));
    // As if the monitoring system had refused the back-fill for good (over the annual quota).
    h.terminal.ledger.prepare("update outbox set state = 'needs_attention', last_error = 'backfill: 2001 超过年度总额 / over the annual quota' where trade_id = ?").run(t.id);
    const id = h.terminal.ledger.prepare('select id from outbox where trade_id = ?').pluck().get(t.id);
    return { id: Number(id), resolution: { kind: 'reversed', note: '已联系客户，退回外币 customer returned the currency' }, supervisorId: 'sup1' };
  },
  'queue.syncNow': async () => ({}),
  'monitoring.backfillList': async () => ({ date: '2026-03-10' }),
  'monitoring.reconcile': async () => ({ date: '2026-03-10' }),
  'backup.create': async () => ({ actor: 'sup1' }),
  'backup.list': async () => ({}),
  'backup.verify': async (h) => ({ file: ok(await h.terminal.call('backup.create', { actor: 'sup1' })).file }),
  'clock.confirm': async () => ({ supervisorId: 'sup1' }),
  // People, sign-in and approvals (test/auth.test.ts tests what they mean; these, that they are well guarded).
  'auth.signIn': async () => ({ userId: 'teller2', password: passwordOf('teller2') }),
  'auth.signOut': async () => ({}),
  'auth.whoami': async () => ({}),
  'auth.approve': async () => ({ userId: 'sup1', password: passwordOf('sup1'), action: 'trades.void', subject: 'receipt:1' }),
  // Refused with PEOPLE_EXIST on any terminal that has people: see 'the valid examples do succeed'.
  'people.bootstrap': async () => ({ id: 'first1', name: '首位经理', password: 'first-manager-pw' }),
  'people.create': async () => ({ id: `new${++newPeople}`, name: '新柜员', role: 'teller', password: 'new-teller-pw' }),
  'people.list': async () => ({}),
  'people.disable': async (h) => ({ id: ok(await h.terminal.call('people.create', { id: `gone${++newPeople}`, name: '离职', role: 'teller', password: 'leaving-pw1' })).id }),
  'people.unlock': async () => ({ id: 'teller2' }),
  'people.setPassword': async () => ({ id: 'teller1', password: 'teller1-password', oldPassword: passwordOf('teller1') }),
  // Reserves, cash by note, the day close and the reports (test/reserves, day-close, reports tests).
  'cash.notes': async () => ({}),
  'cash.proposePayout': async () => ({ currency: 'USD', amount: '370', location: 'till' }),
  'cash.handover': async (h) => ({ fromTeller: 'teller2', toTeller: 'teller1', counts: (await expectedCounts(h, '2026-03-10')).filter((c) => c.location === 'till') }),
  // Notes to another counter of the outlet (known from the outlet the hub published), and from one.
  'cash.transferSend': async (h) => {
    otherCounter(h);
    return { toCounter: 'T02', from: 'till', currency: 'USD', amount: '100', notes: [{ denomination: '100', count: 1 }], actor: 'teller1' };
  },
  'cash.transferReceive': async (h) => ({ id: incomingTransfer(h), to: 'till', notes: [{ denomination: '100', count: 1 }], actor: 'teller1' }),
  'cash.transfers': async () => ({ all: true }),
  'reserves.setBasicAccount': async () => ({ bankName: '工商银行', accountNo: 'B-1', actor: 'mgr1' }),
  'reserves.openAccount': async () => ({ bankName: '工商银行', currency: 'CNY', accountNo: `R-${++newPeople}`, actor: 'mgr1' }),
  'reserves.accounts': async () => ({}),
  'reserves.move': async () => ({ kind: 'till_safe', currency: 'USD', amount: '100', from: 'till', to: 'safe', actor: 'sup1' }),
  'reserves.ledger': async () => ({ month: '2026-03' }),
  'dayClose.prepare': async () => ({ date: CLOSE_DAY }),
  'dayClose.close': async (h) => ({ date: CLOSE_DAY, counts: await expectedCounts(h), resolutions: await resolutions(h), actor: 'teller1' }),
  'dayClose.get': async (h) => {
    await closeOnce(h);
    return { date: CLOSE_DAY };
  },
  'dayClose.list': async () => ({ limit: 10 }),
  // Refused on a standalone terminal (OUTLET_CLOSE_NO_HUB): bad-input says so; test/outlet-close.test.ts closes an outlet.
  'dayClose.outletStatus': async () => ({ date: CLOSE_DAY }),
  'dayClose.outletClose': async () => ({ date: CLOSE_DAY, excused: [{ terminalId: 'T02', reason: '未营业' }], resolutions: [], actor: 'sup1' }),
  'dayClose.print': async (h) => {
    await closeOnce(h);
    return { date: CLOSE_DAY, actor: 'teller1' };
  },
  'reports.form1': async () => ({ from: '2026-03-01', to: '2026-03-10' }),
  'reports.form2': async () => ({ month: '2026-03' }),
  'reports.trialBalance': async () => ({ date: '2026-03-10' }),
  'reports.profit': async () => ({ from: '2026-03-01', to: '2026-03-10' }),
  'reports.export': async () => ({ report: 'form1', format: 'xlsx', from: '2026-03-01', to: '2026-03-10' }),
  'reports.outletExport': async () => ({ month: '2026-03' }),
  // ---- issue 19 item 7 (inspection and retention) ----
  'journal.search': async () => ({ from: '2026-03-01', to: '2026-03-31', idType: '01', idNumber: ALICE.idNumber, limit: 10 }),
  'journal.export': async () => ({ from: '2026-03-01', to: '2026-03-31', format: 'csv' }),
  'archive.get': async (h) => {
    await closeOnce(h);
    return { date: CLOSE_DAY };
  },
  'reports.consolidate': async (h) => {
    const file = ok(await h.terminal.call('reports.outletExport', { month: '2026-03' }));
    return { files: [{ name: file.fileName, content: file.content }], trusted: [{ outletCode: 'PEK-T3-01', publicKey: (JSON.parse(file.content) as { publicKey: string }).publicKey }] };
  },
  // ---- watch-list screening (第五十四条): nobody the other examples trade with is on the list ----
  'screening.import': async () => ({ listId: 'sample', name: '示例名单 sample list', format: 'csv', content: SCREENING_CSV, actor: 'sup1' }),
  'screening.lists': async () => ({ all: true }),
  'screening.hits': async () => ({ state: 'all', limit: 10 }),
  'screening.examine': async (h) => ({ hitId: pendingHit(h), decision: 'falsePositive', reason: '出生日期不符 date of birth differs', actor: 'sup1' }),
};

const SCREENING_CSV = 'name,aliases,date_of_birth,nationality,document_number,reference\nZEBULON QUIXOTE,,1950,Atlantis,QQ000001,EX-1\n';

/** A pending screening hit, made as a quote makes one (the examples may run after the day is closed, when no quote is). */
function pendingHit(h: Harness): string {
  const db = h.raw.ledger;
  const pending = db.prepare('SELECT h.id FROM screening_hits h LEFT JOIN screening_decisions d ON d.hit_id = h.id WHERE d.hit_id IS NULL').pluck().get() as string | undefined;
  if (pending) return pending;
  const at = h.clock.now().toISOString();
  db.transaction(() => {
    const list = importList(db, { id: `L${++versions}`, listId: 'example-hits', name: 'example', format: 'csv', content: `${SCREENING_CSV}# ${versions}\n`, at, by: 'sup1', source: 'terminal' });
    const doc = { idType: '04', idNumber: 'QQ000001', country: 'USA' } as const;
    recordHits(db, screenCustomer(db, doc as never, 'ZEBULON QUIXOTE', '04:QQ000001:USA', 85), { personKey: '04:QQ000001:USA', name: 'ZEBULON QUIXOTE', tellerId: 'teller1', at, businessDate: at.slice(0, 10) }, () => `H${list.id}`);
  })();
  return db.prepare('SELECT h.id FROM screening_hits h LEFT JOIN screening_decisions d ON d.hit_id = h.id WHERE d.hit_id IS NULL').pluck().get() as string;
}

/**
 * For every method, an input that succeeds on a stocked outlet: one built above, or else the spec's
 * own `example` (shared/api/<domain>.ts), so a new method that needs nothing made first brings its
 * example with its spec. bad-input checks that every method has one, and that it succeeds.
 */
export const VALID = Object.fromEntries(
  (Object.keys(api) as MethodName[]).flatMap((m) => {
    const spec: MethodSpec = api[m];
    const example = BUILT[m] ?? (spec.example !== undefined ? async () => ({ ...spec.example }) : undefined);
    return example ? [[m, example]] : [];
  }),
) as Record<MethodName, Example>;

/**
 * The day the examples close: the eve of the harness's day, so that closing it (days close in
 * order) does not lock the day the other examples trade on.
 */
const CLOSE_DAY = '2026-03-09';

export async function closeOnce(h: Harness) {
  if (ok(await h.terminal.call('dayClose.list', {})).length === 0) {
    ok(await h.terminal.call('dayClose.close', { date: CLOSE_DAY, counts: await expectedCounts(h), resolutions: await resolutions(h), actor: 'teller1' }));
  }
}

/** The counts a teller who counted right would give at the day close. */
/** Whatever the three-way reconciliation lists on a harness other examples have used: resolved. */
export async function resolutions(h: Harness) {
  const prep = ok(await h.terminal.call('dayClose.prepare', { date: CLOSE_DAY }));
  return prep.reconciliation.items.map((i) => ({ key: i.key, resolution: '已核实 checked' }));
}

export async function expectedCounts(h: Harness, date = CLOSE_DAY) {
  const prep = ok(await h.terminal.call('dayClose.prepare', { date }));
  return prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes }));
}
let newPeople = 0;

/** The harness's outlet as the hub would publish it, with a second counter T02 (applied as a pull applies it). */
function otherCounter(h: Harness): void {
  const self = h.raw.ledger.prepare('SELECT outlet_code, terminal_id FROM outlet').get() as { outlet_code: string; terminal_id: string };
  if (h.raw.ledger.prepare('SELECT count(*) FROM hub_outlet').pluck().get() !== 0n) return;
  const at = h.clock.now().toISOString();
  const version = String(++versions);
  applyReferenceChanges(h.raw.ledger, [{
    version, kind: 'outlet', at,
    body: { code: self.outlet_code, name: '示例网点', cityCode: null, address: '', counters: [{ terminalId: self.terminal_id, name: '1号柜台', revoked: false }, { terminalId: 'T02', name: '2号柜台', revoked: false }] },
  }], version, at);
}

/** Hub versions, rising across every harness (each ledger takes only a version above the one it holds). */
let versions = 0;
let transfers = 0;
/** USD 100 sent to this counter by T02, as the hub tells it (applied as a pull applies it). */
function incomingTransfer(h: Harness): string {
  const self = h.raw.ledger.prepare('SELECT outlet_code, terminal_id FROM outlet').get() as { outlet_code: string; terminal_id: string };
  const at = h.clock.now().toISOString();
  const id = `X${++transfers}`;
  const version = String(++versions);
  applyReferenceChanges(h.raw.ledger, [{
    version, kind: 'transfer', at,
    body: {
      id, fromTerminal: 'T02', fromOutlet: self.outlet_code, fromPlace: 'till', toTerminal: self.terminal_id, toOutlet: self.outlet_code, currency: 'USD', amountMinor: '10000',
      notes: [['10000', '1']], note: '', sentBy: 'teller2', sentAt: at, sentDate: at.slice(0, 10), received: null,
    },
  }], version, at);
  return id;
}

export const METHODS = Object.keys(methods) as MethodName[];

export function shapeOf(method: MethodName): Record<string, { safeParse(v: unknown): { success: boolean } }> {
  const schema = methods[method] as unknown as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }>; options?: { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }[] };
  // A union of shapes (reserves.move by kind): the keys every option shares, e.g. kind, amount, actor.
  if (!schema.shape && schema.options) {
    const [first, ...rest] = schema.options.map((o) => o.shape);
    return Object.fromEntries(Object.entries(first!).filter(([k]) => rest.every((r) => k in r)));
  }
  return schema.shape!;
}

/** Keys the schema cannot do without (neither optional nor defaulted). */
export function requiredKeys(method: MethodName): string[] {
  return Object.entries(shapeOf(method)).filter(([, s]) => !s.safeParse(undefined).success).map(([k]) => k);
}
