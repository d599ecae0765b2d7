// The audit chain cannot be poisoned from outside, and a break does not lock an outlet out for
// ever (issue 13 item 2). A sign-in with a lone surrogate as its user id used to be refused, yet
// its audit entry was stored with U+FFFD and no longer matched its hash: audit.verify reported a
// break and every day close was refused (DAY_CLOSE_AUDIT_BROKEN), for good. Now every string of
// every method is well-formed and free of controls (shared/text.ts), the hash covers exactly what
// is stored, and a manager with a second person's approval records a break as examined.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit, entryHash } from '../electron/ledger/audit';
import { verifyAuditChain } from '../electron/ledger/auditChain';
import { ALICE, ok, openHarness, refused, stockOutlet, trade, type Harness } from './helpers/terminal';
import type { AuditAction } from '../electron/ledger/auditActions';

let h: Harness;
beforeEach(async () => {
  h = openHarness();
  await stockOutlet(h.terminal);
});
afterEach(() => h.close());

const DAY = '2026-03-10';
const t = () => h.terminal;

async function rightCounts() {
  const prep = ok(await t().call('dayClose.prepare', { date: DAY }));
  return prep.expected.map((e) => ({ location: e.location, currency: e.currency, notes: e.notes }));
}

describe('well-formed text everywhere (one rule for every field of every method)', () => {
  it('a sign-in with a lone surrogate, a NUL or an RTL override is refused as input and writes nothing; the chain still verifies', async () => {
    const before = t().ledger.prepare('select count(*) from audit_log').pluck().get();
    for (const userId of ['\ud800', 'T0\u0000', '\u202eT001', 'ab\udc00cd']) {
      const e = refused(await h.raw.call('auth.signIn', { userId, password: 'x' }), 'INVALID_INPUT');
      expect(e.message.en).toContain('userId');
    }
    expect(t().ledger.prepare('select count(*) from audit_log').pluck().get()).toBe(before);
    expect(ok(await t().call('audit.verify', {}))).toMatchObject({ ok: true });
    // And so the day still closes.
    ok(await t().call('dayClose.close', { date: DAY, counts: await rightCounts(), actor: 'teller1' }));
  });

  it('refuses controls in a customer name, a void reason, a note, and amounts with white space around them — never trims them', async () => {
    refused(await trade(t(), { customer: { ...ALICE, name: '张\u202e三' }, direction: 'settlement', currency: 'USD', amount: '100' }), 'INVALID_INPUT');
    refused(await trade(t(), { customer: { ...ALICE, name: '张三\n' }, direction: 'settlement', currency: 'USD', amount: '100' }), 'INVALID_INPUT');
    for (const amount of [' 100', '100 ', '100\n', '\t100']) {
      const r = await trade(t(), { customer: ALICE, direction: 'settlement', currency: 'USD', amount });
      expect(r.ok, JSON.stringify(amount)).toBe(false);
      if (!r.ok) expect(['INVALID_INPUT', 'AMOUNT_INVALID']).toContain(r.error.code);
    }
    refused(await t().call('cash.fund', { currency: 'USD', amount: '100', note: 'top\u0007up', actor: 'mgr1' }), 'INVALID_INPUT');
    const done = ok(await trade(t(), { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    refused(await t().call('trades.void', { receiptNo: done.receiptNo, reason: '客户\u0000取消', tellerId: 'teller1', supervisorId: 'sup1' }), 'INVALID_INPUT');
    // A pasted file keeps its line breaks (MULTILINE_FIELDS), but not a NUL.
    refused(await t().call('conversionRates.import', { month: '2026-04', csv: 'EUR,1.25\u0000\n', importedBy: 'sup1' }), 'INVALID_INPUT');
    ok(await t().call('conversionRates.import', { month: '2026-04', csv: 'EUR,1.25\nJPY,0.0068\n', importedBy: 'sup1' }));
  });

  it('an entry is hashed as it is stored: a lone surrogate reaching audit() still verifies when read back', () => {
    const db = t().ledger;
    db.transaction(() => audit(db, { at: '2026-03-10T02:00:00.000Z', actor: 'x\ud800', action: 'test.entry' as AuditAction /* not one of the list: written below the API */, entity: 'e\udfff', entityId: '1', detail: { name: 'y\ud800' } })).immediate();
    expect(db.prepare("select actor from audit_log where action = 'test.entry'").pluck().get()).toBe('x\ufffd');
    expect(verifyNow()).toMatchObject({ ok: true });
  });
});

/** What someone with the file does: the append-only trigger dropped, an entry edited, the trigger put back. */
function tamper(id: number, from: string, to: string): void {
  const db = h.terminal.ledger;
  const trigger = db.prepare("select sql from sqlite_master where name = 'audit_append_only_u'").pluck().get() as string;
  db.exec('drop trigger audit_append_only_u');
  db.prepare('update audit_log set detail = replace(detail, ?, ?) where id = ?').run(from, to, id);
  db.exec(trigger);
}

function verifyNow() {
  return verifyAuditChain(h.terminal.ledger);
}

describe('a break examined: the outlet closes its day again, and the break stays in sight', () => {
  it('a manager with a second person\'s approval examines the first break; the close goes on and lists it', async () => {
    ok(await trade(t(), { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    // Someone with the file edits an entry: the chain breaks there.
    const db = t().ledger;
    const victim = Number(db.prepare("select id from audit_log where action = 'trade.commit' order by id limit 1").pluck().get());
    tamper(victim, '100', '900');
    const v = ok(await t().call('audit.verify', {}));
    expect(v).toMatchObject({ ok: false, firstBroken: { id: victim, reason: 'hash mismatch' } });
    refused(await t().call('dayClose.close', { date: DAY, counts: await rightCounts(), actor: 'teller1' }), 'DAY_CLOSE_AUDIT_BROKEN');

    // Not a teller's to do, not without a second person, not the manager approving their own, not another entry.
    refused(await t().call('audit.examineBreak', { entryId: victim, note: '核查', actor: 'teller1', supervisorId: 'sup1' }), 'ROLE_NOT_ALLOWED');
    refused(await h.raw.call('audit.examineBreak', { entryId: victim, note: '核查' }, h.session('mgr1')), 'SUPERVISOR_REQUIRED');
    // The manager approving their own: auth.approve refuses it (the harness answers that refusal).
    refused(await t().call('audit.examineBreak', { entryId: victim, note: '核查', actor: 'mgr1', supervisorId: 'mgr1' }), 'APPROVER_IS_REQUESTER');
    refused(await t().call('audit.examineBreak', { entryId: victim + 1, note: '核查', actor: 'mgr1', supervisorId: 'sup1' }), 'AUDIT_BREAK_NOT_FIRST');

    const examined = ok(await t().call('audit.examineBreak', { entryId: victim, note: '文件被改动，已与纸质水单核对 detail edited; checked against the paper receipt', actor: 'mgr1', supervisorId: 'sup1' }));
    expect(examined.examined).toEqual({ id: victim, reason: 'hash mismatch' });
    const after = ok(await t().call('audit.verify', {}));
    expect(after.ok).toBe(true);
    expect(after.examined).toEqual([expect.objectContaining({ id: victim, reason: 'hash mismatch', examinedBy: 'mgr1' })]);
    expect(after.head!.id).toBeGreaterThan(victim);

    const closed = ok(await t().call('dayClose.close', { date: DAY, counts: await rightCounts(), actor: 'teller1' }));
    expect(closed).toBeTruthy();
    const prep = ok(await t().call('dayClose.prepare', { date: DAY }));
    expect(prep.audit.examined).toEqual([expect.stringContaining(`${victim}: hash mismatch`)]);

    // The examined entry changed again afterwards: a new break, not covered by the examination.
    tamper(victim, '900', '800');
    expect(ok(await t().call('audit.verify', {}))).toMatchObject({ ok: false, firstBroken: { id: victim } });
  });
});

describe('the schema is what the migrations make (tamper evidence that holds)', () => {
  it('a dropped append-only trigger is found at start: queries only, and the refusal says what differs', async () => {
    const dir = h.dir;
    h.terminal.ledger.exec('drop trigger audit_append_only_u');
    h.raw.close();
    h = openHarness({ dir });
    const info = ok(await h.terminal.call('session.info', {}));
    expect(info.integrity).toBe('damaged');
    const e = refused(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }), 'LEDGER_DAMAGED');
    expect(e.message.en).toContain('trigger audit_append_only_u is missing');
    // Queries still answer.
    ok(await h.terminal.call('trades.list', {}));
  });

  it('an extra index is found too; an untouched ledger reopens clean', async () => {
    const dir = h.dir;
    h.raw.close();
    h = openHarness({ dir });
    expect(ok(await h.terminal.call('session.info', {})).integrity).not.toBe('damaged');
    h.terminal.ledger.exec('create index sneaky on trades (receipt_no)');
    h.raw.close();
    h = openHarness({ dir });
    const e = refused(await trade(h.terminal, { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }), 'LEDGER_DAMAGED');
    expect(e.message.en).toContain('index sneaky is not made by any migration');
  });
});

describe('the head the day close verified: on the slip, in the backup name and the outlet export, and checked from', () => {
  it('a rewrite of the chain with every later hash recomputed passes audit.verify, but not the next close, which checks from the printed head', async () => {
    ok(await trade(t(), { customer: ALICE, direction: 'settlement', currency: 'USD', amount: '100' }));
    const closed = ok(await t().call('dayClose.close', { date: DAY, counts: await rightCounts(), actor: 'teller1' }));
    const db = t().ledger;
    const summary = JSON.parse(db.prepare('select summary from day_closes where business_date = ?').pluck().get(DAY) as string) as { auditHead: { id: number; hash: string } };
    const head = summary.auditHead;
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
    // The backup taken after the close carries the head it verified.
    expect(closed.backup).toContain(`_a${head.id}-${head.hash.slice(0, 12)}_v`);
    expect(ok(await t().call('backup.list', {})).map((b) => b.file)).toContain(closed.backup);
    // So does the signed export headquarters keeps.
    const exported = JSON.parse(ok(await t().call('reports.outletExport', { month: '2026-03' })).content) as { auditHead?: unknown };
    expect(exported.auditHead).toEqual(head);

    // Someone with the file rewrites the trade's entry and recomputes every hash after it.
    const victim = Number(db.prepare("select id from audit_log where action = 'trade.commit' order by id limit 1").pluck().get());
    const triggers = db.prepare("select sql from sqlite_master where name in ('audit_append_only_u')").pluck().all() as string[];
    db.exec('drop trigger audit_append_only_u');
    db.prepare("update audit_log set detail = replace(detail, '100', '900') where id = ?").run(victim);
    const rows = db.prepare('select * from audit_log where id >= ? order by id').safeIntegers(true).all(victim) as { id: bigint; prev_hash: string; hash: string; at: string; actor: string; action: string; entity: string; entity_id: string; detail: string }[];
    let prev = rows[0]!.prev_hash;
    for (const r of rows) {
      const hash = entryHash(prev, r);
      db.prepare('update audit_log set prev_hash = ?, hash = ? where id = ?').run(prev, hash, r.id);
      prev = hash;
    }
    for (const sql of triggers) db.exec(sql);
    // The chain alone cannot tell (docs/security.md says so)…
    expect(ok(await t().call('audit.verify', {})).ok).toBe(true);
    // …the head on yesterday's slip can: the next day's close checks from it.
    h.clock.set('2026-03-11T02:00:00Z');
    const next = ok(await t().call('dayClose.prepare', { date: '2026-03-11' }));
    expect(next.audit.ok).toBe(false);
    expect(next.audit.firstBroken).toContain(String(head.id));
  });
});
