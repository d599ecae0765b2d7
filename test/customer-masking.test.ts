// Customers as the roles that may not see them see them (issue 13 item 4): the reporters (统计报表
// A角/B角) read reports and nothing about customers (shared/api/roles.ts). Every method such a caller
// may call is walked, as each role, after trades with known customers, and the whole answer (and
// every exported file's text) is searched for a customer's full name or ID number.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, ACTOR_FIELDS, CUSTOMER_READERS, ROLES, mayCall, seesCustomers, type Role } from '../shared/api';
import type { MethodName } from '../shared/api';
import type { Result } from '../shared/errors';
import { maskCustomers, maskIdNumber, maskName } from '../shared/masking';
import { ALICE, BOB_PASSPORT, ok, openHarness, passwordOf, PEOPLE, stockOutlet, trade, type Harness } from './helpers/terminal';
import { VALID } from './helpers/validInputs';

const CUSTOMERS = [ALICE, BOB_PASSPORT];
/** What must not leave for a role that may not see customers: each customer's whole name and whole ID number. */
const SECRETS = CUSTOMERS.flatMap((c) => [c.name, c.idNumber]);
const ROLES_BLIND = ROLES.filter((r) => !seesCustomers(r));
const personOfRole = (role: Role) => PEOPLE.find((p) => p.role === role)!.id;
/** A method such a role may call, with or without a session: the readers this test walks. */
const READERS = (Object.keys(ACCESS) as MethodName[]).filter((m) => ROLES_BLIND.some((r) => mayCall(m, r)));

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.toLowerCase().includes(s.toLowerCase()));
}

/** The walk's input for a method as `id` calls it: the valid example, acting as the session's person. */
async function inputFor(h: Harness, method: MethodName, id: string): Promise<Record<string, unknown>> {
  // Changing one's own password is the only people.setPassword a reporter may make.
  if (method === 'people.setPassword') return { password: passwordOf(id), oldPassword: passwordOf(id) };
  const input = await VALID[method](h);
  for (const f of [...ACTOR_FIELDS, 'supervisorId']) delete input[f];
  return input;
}

describe('masking (shared/masking.ts)', () => {
  it('a name by its initial, an ID by its last 4 characters, in fixed-length masks', () => {
    expect(maskName('张三')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧**');
    expect(maskName('BOB SMITH')).toBe('B**');
    expect(maskName('王')).toBe('**');
    expect(maskName('')).toBe('');
    expect(maskIdNumber('11010519491231002X')).toBe('****002X');
    expect(maskIdNumber('X1234567')).toBe('****4567');
    // Four characters or fewer would be the whole number.
    expect(maskIdNumber('1234')).toBe('****');
  });

  it('masks customer keys at any depth, a customer object\'s name, and nothing of the staff', () => {
    const answer = {
      person: { id: 'teller1', name: '柜员一', role: 'teller' },
      lines: [{ receiptNo: 1, customerName: '张三', idType: '01', idNumber: '11010519491231002X', currency: 'USD' }],
      trade: { customer: { idType: '04', idNumber: 'X1234567', country: 'USA', supplementaryId: 'S7654321', name: 'BOB SMITH' } },
      looked: { idNumber: '11010519491231002X', name: '张三', known: true },
      banks: [{ id: 'b1', name: '工商银行' }],
      row: { customer_name: '张三', id_number: 'X1234567' },
    };
    const before = JSON.stringify(answer);
    const masked = maskCustomers(answer);
    expect(masked).toEqual({
      person: { id: 'teller1', name: '柜员一', role: 'teller' },
      lines: [{ receiptNo: 1, customerName: '张**', idType: '01', idNumber: '****002X', currency: 'USD' }],
      trade: { customer: { idType: '04', idNumber: '****4567', country: 'USA', supplementaryId: '****4321', name: 'B**' } },
      looked: { idNumber: '****002X', name: '张**', known: true },
      banks: [{ id: 'b1', name: '工商银行' }],
      row: { customer_name: '张**', id_number: '****4567' },
    });
    // A copy: the handler's own value is left as it was.
    expect(JSON.stringify(answer)).toBe(before);
  });

  it('the roles that see customers are the staff, who may look them up; the reporters are not among them', () => {
    expect([...CUSTOMER_READERS].sort()).toEqual(ROLES.filter((r) => mayCall('customers.lookup', r)).sort());
    expect(ROLES_BLIND).toEqual(['reporterA', 'reporterB']);
  });
});

describe('every method a reporter may call, as each role, after trades with known customers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = openHarness();
    await stockOutlet(h.terminal);
    // Small trades: reported by back-fill, so monitoring.backfillList lists them with the customer.
    for (const customer of CUSTOMERS) {
      ok(await trade(h.terminal, { customer, direction: 'settlement', currency: 'USD', amount: '100' }));
      ok(await trade(h.terminal, { customer, direction: 'purchase', currency: 'EUR', amount: '50' }));
    }
  }, 60_000);
  afterAll(() => h?.close());

  it('staff see the customers the walk looks for (the data is there to leak)', async () => {
    const lines = ok(await h.raw.call('monitoring.backfillList', { date: '2026-03-10' }, h.session('sup1')));
    const text = JSON.stringify(lines);
    expect(leaks(text).sort()).toEqual([...SECRETS].sort());
  });

  for (const role of ROLES) {
    it(`${role}: every reader method it may call answers, ${seesCustomers(role) ? 'unmasked (staff see customers)' : 'with no customer\'s full name or ID number in it'}`, async () => {
      const id = personOfRole(role);
      // A session of its own: the walk ends by signing it out.
      const session = h.raw.openSession(id);
      const called: string[] = [];
      for (const method of READERS) {
        if (!mayCall(method, role)) continue;
        // Signing out is public and ends the session: a call of its own below.
        if (method === 'auth.signOut') continue;
        const r: Result<unknown> = await h.raw.callUnknown(method, await inputFor(h, method, id), session);
        // The walk reaches every method: each answers (the first manager exists already, so bootstrap is refused).
        if (method === 'people.bootstrap') expect(r.ok ? 'ok' : r.error.code, method).toBe('PEOPLE_EXIST');
        else expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message.en}`, method).toBe('ok');
        const text = JSON.stringify(r);
        if (!seesCustomers(role)) expect(leaks(text), `${role} ${method}`).toEqual([]);
        if (method === 'monitoring.backfillList' && r.ok) {
          const lines = r.value as { customerName: string; idNumber: string }[];
          expect(lines.length).toBe(4);
          // Masked, not removed: the initial and the last 4 characters are there to match a paper receipt.
          const shown = lines.map((l) => [l.customerName, l.idNumber]);
          expect(shown).toEqual(
            seesCustomers(role) ? [[ALICE.name, ALICE.idNumber], [ALICE.name, ALICE.idNumber], [BOB_PASSPORT.name, BOB_PASSPORT.idNumber], [BOB_PASSPORT.name, BOB_PASSPORT.idNumber]]
              : [['张**', '****002X'], ['张**', '****002X'], ['B**', '****4567'], ['B**', '****4567']],
          );
        }
        called.push(method);
      }
      if (!seesCustomers(role)) {
        // Every reader method was called by this role: a new one it may call is walked too.
        expect(called.sort()).toEqual(READERS.filter((m) => mayCall(m, role) && m !== 'auth.signOut').sort());
      }
      const out = await h.raw.call('auth.signOut', {}, session);
      expect(ok(out).signedOut).toBe(true);
      if (!seesCustomers(role)) expect(leaks(JSON.stringify(out))).toEqual([]);
    }, 120_000);
  }
});

describe('report exports (XLSX and PDF) for a reporter', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = openHarness();
    dir = mkdtempSync(join(tmpdir(), 'masked-export-'));
    await stockOutlet(h.terminal);
    for (const customer of CUSTOMERS) ok(await trade(h.terminal, { customer, direction: 'settlement', currency: 'USD', amount: '100' }));
  }, 60_000);
  afterAll(() => {
    h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const REPORTS = [
    { report: 'form1', from: '2026-03-01', to: '2026-03-10' },
    { report: 'form2', month: '2026-03' },
    { report: 'trialBalance', date: '2026-03-10' },
    { report: 'profit', from: '2026-03-01', to: '2026-03-10' },
    { report: 'reserveLedger', month: '2026-03' },
  ] as const;

  it('no customer\'s name or ID number in the text of any report file a reporter exports', async () => {
    const session = h.session('statA');
    for (const params of REPORTS) {
      const xlsx = ok(await h.raw.call('reports.export', { ...params, format: 'xlsx' }, session));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as never);
      const cells: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
      // The file was read: the outlet's name heads every form.
      expect(cells.join('|'), `${params.report}.xlsx`).toContain('首都机场T3网点');
      expect(leaks(cells.join('|')), `${params.report}.xlsx`).toEqual([]);

      const pdf = ok(await h.raw.call('reports.export', { ...params, format: 'pdf' }, session));
      const file = join(dir, `${params.report}.pdf`);
      writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
      const text = execFileSync('pdftotext', [file, '-']).toString();
      expect(text, `${params.report}.pdf`).toContain('首都机场T3网点');
      expect(leaks(text), `${params.report}.pdf`).toEqual([]);
    }
  }, 120_000);
});
