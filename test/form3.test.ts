// 附表3 (第五十一条): each outlet signs its month's 附表2 export with its own Ed25519 key, and
// headquarters consolidates the files it can trust. A file changed in any single byte is refused;
// a file signed by a key not registered for its outlet is refused; the consolidation's rows are the
// exact sums of the outlets' rows, and the identity (7) = (6) + Σdiff(1..5) + (8) carries over.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SIGNING_KEY_FILE,
  canonicalJson,
  consolidateExports,
  exportForm2,
  loadOrCreateSigningKey,
  parseTrustedKeys,
  readExport,
  signingKeyFromPem,
  type OutletKey,
  type TrustedKey,
} from '../electron/reports/outletExport';
import { Refusal } from '../shared/errors';
import { Decimal } from '../shared/money/money';
import { consolidate } from '../shared/reports/consolidate';
import { FORM2_FLOW_ROWS, type Form2, type Form2Flow, type Form2FlowRow } from '../shared/reports/types';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'form3-'));
  dirs.push(d);
  return d;
}

function newKey(): OutletKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signingKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
}

function refusalOf(f: () => unknown): { code: string; details?: Record<string, string> } | 'accepted' {
  try {
    f();
  } catch (e) {
    if (e instanceof Refusal) return { code: e.code, details: e.failure.details };
    throw e;
  }
  return 'accepted';
}

/** Minor units at a scale as a decimal string: (12345n, 2) is "123.45". */
function fmt(minor: bigint, scale: number): string {
  const digits = (minor < 0n ? -minor : minor).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return minor < 0n ? `-${text}` : text;
}

const INSTITUTION = '环球通兑换有限公司';
const IDENTITY_ROWS: Form2FlowRow[] = ['customers', 'internal', 'otherInstitution', 'bank', 'otherApproved'];

/** A 附表2 whose identity holds, amounts in 万美元 at `scale` decimals. */
function form2Arb(outletCode: string, month = '2026-03'): fc.Arbitrary<Form2> {
  const big = fc.bigInt({ min: 0n, max: 10n ** 13n });
  const count = fc.integer({ min: 0, max: 100_000 });
  return fc
    .record({
      scale: fc.integer({ min: 0, max: 6 }),
      rows: fc.array(fc.tuple(big, count, big, count), { minLength: FORM2_FLOW_ROWS.length, maxLength: FORM2_FLOW_ROWS.length }),
      opening: big,
      adjustment: fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }),
    })
    .map(({ scale, rows, opening, adjustment }) => {
      const flows = {} as Record<Form2FlowRow, Form2Flow>;
      let closing = opening + adjustment;
      FORM2_FLOW_ROWS.forEach((row, i) => {
        const [buy, buyCount, sell, sellCount] = rows[i]!;
        flows[row] = { buyAmount: fmt(buy, scale), buyCount, sellAmount: fmt(sell, scale), sellCount, diff: fmt(buy - sell, scale) };
        if (IDENTITY_ROWS.includes(row)) closing += buy - sell;
      });
      return {
        form: 'form2' as const,
        outlet: { institutionName: INSTITUTION, outletCode, outletName: `网点 ${outletCode}` },
        month,
        conversionMonth: '2026-03',
        dueDate: '2026-04-08',
        dueDateProvisional: false,
        flows,
        opening: fmt(opening, scale),
        closing: fmt(closing, scale),
        adjustment: fmt(adjustment, scale),
      };
    });
}

const sample = (outletCode: string, month = '2026-03'): Form2 => fc.sample(form2Arb(outletCode, month), { numRuns: 1, seed: 42 })[0]!;

function identityHolds(f: Form2): boolean {
  const sumDiff = IDENTITY_ROWS.reduce((acc, r) => acc.plus(f.flows[r].diff), new Decimal(0));
  return new Decimal(f.closing).eq(new Decimal(f.opening).plus(sumDiff).plus(f.adjustment));
}

describe('the outlet\'s signing key', () => {
  it('is made on first use as a PKCS8 PEM beside the ledger that only its owner can read, and the same key is used after', () => {
    const dir = tempDir();
    const first = loadOrCreateSigningKey(dir);
    const path = join(dir, SIGNING_KEY_FILE);
    expect(readFileSync(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loadOrCreateSigningKey(dir).publicKey).toBe(first.publicKey);
  });

  it('a key file that is not an Ed25519 private key is refused, not replaced', () => {
    const dir = tempDir();
    writeFileSync(join(dir, SIGNING_KEY_FILE), 'not a key', { mode: 0o600 });
    expect(refusalOf(() => loadOrCreateSigningKey(dir))).toMatchObject({ code: 'EXPORT_KEY_INVALID' });
    expect(readFileSync(join(dir, SIGNING_KEY_FILE), 'utf8')).toBe('not a key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    expect(refusalOf(() => signingKeyFromPem(rsa))).toMatchObject({ code: 'EXPORT_KEY_INVALID' });
  });
});

describe('the signed export of 附表2', () => {
  const key = newKey();
  const trusted: TrustedKey[] = [{ outletCode: 'PEK-T3-01', publicKey: key.publicKey }];
  const form2 = sample('PEK-T3-01');
  const file = exportForm2(form2, key);

  it('round trip: headquarters reads back exactly the outlet\'s 附表2', () => {
    const doc = JSON.parse(file.toString('utf8')) as Record<string, unknown>;
    expect(doc).toMatchObject({ format: 'teller-terminal/form2-export', version: 1, outlet: 'PEK-T3-01', month: '2026-03', publicKey: key.publicKey });
    expect(readExport({ name: 'pek.json', content: file }, trusted)).toEqual(form2);
    expect(readExport({ name: 'pek.json', content: file.toString('utf8') }, trusted)).toEqual(form2);
  });

  it('a provisional due date (第五十一条(三), a holiday notice missing) travels signed; a file from before such dates reads as final', () => {
    const provisional: Form2 = { ...form2, dueDate: '2027-01-07', month: '2026-12', dueDateProvisional: true, dueDateMissingYear: 2027 };
    const signed = exportForm2(provisional, key);
    expect(JSON.parse(signed.toString('utf8'))).toMatchObject({ form2: { dueDateProvisional: true, dueDateMissingYear: 2027 } });
    expect(readExport({ name: 'pek-12.json', content: signed }, trusted)).toEqual(provisional);
    // As an older terminal wrote it: neither field.
    const { dueDateProvisional: _dropped, ...older } = form2;
    const olderFile = exportForm2(older as Form2, key);
    expect(olderFile.toString('utf8')).not.toContain('dueDateProvisional');
    expect(readExport({ name: 'old.json', content: olderFile }, trusted)).toEqual({ ...older, dueDateProvisional: false });
  });

  it('flipping the low bit of any one byte of the file makes it refused (every position)', () => {
    for (let i = 0; i < file.length; i++) {
      const changed = Buffer.from(file);
      changed[i] = changed[i]! ^ 0x01;
      const r = refusalOf(() => readExport({ name: 'pek.json', content: changed }, trusted));
      expect(r, `byte ${i} (${JSON.stringify(String.fromCharCode(file[i]!))})`).not.toBe('accepted');
      expect((r as { code: string }).code).toMatch(/^EXPORT_(MALFORMED|SIGNATURE_INVALID|SIGNER_UNKNOWN)$/);
    }
  });

  it('any single-byte alteration at any position is refused (fast-check over positions and values)', () => {
    fc.assert(
      fc.property(fc.nat({ max: file.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, delta) => {
        const changed = Buffer.from(file);
        changed[i] = (changed[i]! + delta) % 256;
        expect(refusalOf(() => readExport({ name: 'pek.json', content: changed }, trusted))).not.toBe('accepted');
      }),
      { numRuns: 2000 },
    );
  });

  it('a changed figure, written back in the exact layout with the old signature, is refused as a bad signature naming the file and outlet', () => {
    const doc = JSON.parse(file.toString('utf8')) as { form2: Form2 };
    doc.form2.flows.customers.buyCount += 1;
    const forged = canonicalJson(doc);
    expect(forged).not.toBe(file.toString('utf8'));
    const r = refusalOf(() => readExport({ name: 'pek-2026-03.json', content: forged }, trusted));
    expect(r).toEqual({ code: 'EXPORT_SIGNATURE_INVALID', details: { file: 'pek-2026-03.json', outlet: 'PEK-T3-01' } });
    // The same file laid out differently (as an editor might re-save it) is refused too.
    const relaid = `${JSON.stringify(JSON.parse(file.toString('utf8')))}\n`;
    expect(refusalOf(() => readExport({ name: 'pek.json', content: relaid }, trusted))).toMatchObject({ code: 'EXPORT_SIGNATURE_INVALID' });
  });

  it('the spare bits of the last base64url character of the signature and of the key count too', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const doc = JSON.parse(file.toString('utf8')) as { signature: string; publicKey: string };
    const spare = (text: string) => text.slice(0, -1) + ALPHABET[ALPHABET.indexOf(text.at(-1)!) ^ 1];
    for (const field of ['signature', 'publicKey'] as const) {
      const changed = spare(doc[field]);
      // The same bytes, spelled differently: only the one spelling is accepted.
      expect(Buffer.from(changed, 'base64url').equals(Buffer.from(doc[field], 'base64url'))).toBe(true);
      const content = file.toString('utf8').replace(doc[field], changed);
      expect(refusalOf(() => readExport({ name: 'pek.json', content }, [...trusted, { outletCode: 'PEK-T3-01', publicKey: changed }]))).toMatchObject({ code: 'EXPORT_SIGNATURE_INVALID' });
    }
  });

  it('a file signed by a key headquarters has not registered for that outlet is refused', () => {
    const stranger = newKey();
    const r = refusalOf(() => readExport({ name: 'pek.json', content: exportForm2(form2, stranger) }, trusted));
    expect(r).toEqual({ code: 'EXPORT_SIGNER_UNKNOWN', details: { file: 'pek.json', outlet: 'PEK-T3-01' } });
    // The outlet's own key, registered for another outlet only, is no better.
    const other = sample('SHA-01');
    expect(refusalOf(() => readExport({ name: 'sha.json', content: exportForm2(other, key) }, trusted))).toMatchObject({ code: 'EXPORT_SIGNER_UNKNOWN' });
  });

  it('what is not an export is refused as malformed, naming the file', () => {
    for (const content of ['{"format":', '[]', '{}', Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), `\ufeff${file.toString('utf8')}`]) {
      const r = refusalOf(() => readExport({ name: 'odd.json', content }, trusted));
      expect(r).toMatchObject({ code: 'EXPORT_MALFORMED', details: { file: 'odd.json' } });
    }
  });

  it('the trusted-keys file is a list of {outletCode, publicKey}', () => {
    expect(parseTrustedKeys(JSON.stringify(trusted))).toEqual(trusted);
    expect(refusalOf(() => parseTrustedKeys('[{"outletCode":"A"}]'))).toMatchObject({ code: 'EXPORT_MALFORMED' });
  });
});

describe('附表3: consolidation of the outlets\' files', () => {
  const codes = ['CAN-01', 'PEK-T3-01', 'SHA-02'];
  const keys = new Map(codes.map((c) => [c, newKey()]));
  const trusted = codes.map((c) => ({ outletCode: c, publicKey: keys.get(c)!.publicKey }));
  const fileOf = (f: Form2, name = `${f.outlet.outletCode}.json`) => ({ name, content: exportForm2(f, keys.get(f.outlet.outletCode)!) });

  it('consolidates the trusted files of one month into form3, listing the outlets', () => {
    const parts = codes.map((c) => sample(c));
    const form3 = consolidateExports(parts.map((p) => fileOf(p)), trusted);
    expect(form3.form).toBe('form3');
    expect(form3.outlet).toEqual({ institutionName: INSTITUTION, outletCode: '*', outletName: INSTITUTION });
    expect(form3.month).toBe('2026-03');
    expect(form3.outlets!.map((o) => o.outletCode)).toEqual(codes);
    expect(identityHolds(form3)).toBe(true);
  });

  it('refuses files of different months, naming the odd one', () => {
    const r = refusalOf(() => consolidateExports([fileOf(sample('CAN-01')), fileOf(sample('SHA-02', '2026-02'), 'sha-feb.json')], trusted));
    expect(r).toEqual({ code: 'EXPORT_MONTH_MISMATCH', details: { file: 'sha-feb.json', outlet: 'SHA-02', month: '2026-02', expected: '2026-03' } });
  });

  it('refuses the same outlet twice, and no files at all', () => {
    const a = sample('CAN-01');
    const r = refusalOf(() => consolidateExports([fileOf(a, 'can-a.json'), fileOf(sample('SHA-02')), fileOf(a, 'can-b.json')], trusted));
    expect(r).toEqual({ code: 'EXPORT_DUPLICATE_OUTLET', details: { outlet: 'CAN-01', file: 'can-a.json', other: 'can-b.json' } });
    expect(refusalOf(() => consolidateExports([], trusted))).toEqual({ code: 'EXPORT_NONE', details: {} });
  });

  it('one bad file stops the consolidation: nothing is summed without it silently', () => {
    const files = codes.map((c) => fileOf(sample(c)));
    // Headquarters' copy of PEK's file with one more customer purchase written in.
    const doc = JSON.parse(Buffer.from(files[1]!.content).toString('utf8')) as { form2: Form2 };
    doc.form2.flows.customers.buyCount += 1;
    const r = refusalOf(() => consolidateExports([files[0]!, { ...files[1]!, content: canonicalJson(doc) }, files[2]!], trusted));
    expect(r).toMatchObject({ code: 'EXPORT_SIGNATURE_INVALID', details: { file: 'PEK-T3-01.json', outlet: 'PEK-T3-01' } });
  });

  it('refuses outlets of another institution and parts converted with another month\'s table', () => {
    const a = sample('CAN-01');
    const b = { ...sample('SHA-02'), outlet: { institutionName: '别家公司', outletCode: 'SHA-02', outletName: 'x' } };
    expect(refusalOf(() => consolidate([a, b]))).toMatchObject({ code: 'EXPORT_INSTITUTION_MISMATCH' });
    expect(refusalOf(() => consolidate([a, { ...sample('SHA-02'), conversionMonth: '2026-02' }]))).toMatchObject({ code: 'EXPORT_CONVERSION_MISMATCH' });
    expect(refusalOf(() => consolidate([{ ...a, form: 'form3' }]))).toMatchObject({ code: 'EXPORT_MALFORMED' });
  });

  it('第五十一条(三): the due date is the earliest final one; provisional only when every part is, naming the year missing', () => {
    const final = { ...sample('CAN-01'), dueDate: '2027-01-08', dueDateProvisional: false };
    const provisional = { ...sample('SHA-02'), dueDate: '2027-01-07', dueDateProvisional: true, dueDateMissingYear: 2027 };
    const provisionalLater = { ...sample('PEK-03'), dueDate: '2027-01-11', dueDateProvisional: true, dueDateMissingYear: 2027 };
    const mixed = consolidate([provisional, final]);
    expect([mixed.dueDate, mixed.dueDateProvisional, mixed.dueDateMissingYear]).toEqual(['2027-01-08', false, undefined]);
    const allProvisional = consolidate([provisionalLater, provisional]);
    expect([allProvisional.dueDate, allProvisional.dueDateProvisional, allProvisional.dueDateMissingYear]).toEqual(['2027-01-07', true, 2027]);
  });

  it('writes sums at the parts\' number of decimals: 1.50 + 2.50 is 4.00', () => {
    const a = sample('CAN-01');
    const b = sample('SHA-02');
    const set = (f: Form2, v: string): Form2 => ({ ...f, flows: { ...f.flows, bank: { ...f.flows.bank, buyAmount: v } } });
    expect(consolidate([set(a, '1.50'), set(b, '2.50')]).flows.bank.buyAmount).toMatch(/^4\.0+$/);
  });

  it('every row is the exact sum of the outlets\' rows, and the identity (7)=(6)+Σdiff(1..5)+(8) holds when it holds for each part (fast-check)', () => {
    const partsArb = fc
      .uniqueArray(fc.constantFrom('A01', 'B02', 'C03', 'D04', 'E05', 'F06'), { minLength: 1, maxLength: 6 })
      .chain((outlets) => fc.tuple(...outlets.map((o) => form2Arb(o))));
    fc.assert(
      fc.property(partsArb, (parts) => {
        const form3 = consolidate(parts);
        const total = (get: (f: Form2) => string) => parts.reduce((acc, p) => acc.plus(get(p)), new Decimal(0));
        for (const row of FORM2_FLOW_ROWS) {
          const r = form3.flows[row];
          for (const field of ['buyAmount', 'sellAmount', 'diff'] as const) {
            expect(new Decimal(r[field]).eq(total((p) => p.flows[row][field])), `${row}.${field}`).toBe(true);
            expect(r[field]).toMatch(/^-?\d+(\.\d+)?$/);
          }
          expect(r.buyCount).toBe(parts.reduce((n, p) => n + p.flows[row].buyCount, 0));
          expect(r.sellCount).toBe(parts.reduce((n, p) => n + p.flows[row].sellCount, 0));
        }
        for (const field of ['opening', 'closing', 'adjustment'] as const) {
          expect(new Decimal(form3[field]).eq(total((p) => p[field])), field).toBe(true);
        }
        expect(parts.every(identityHolds)).toBe(true);
        expect(identityHolds(form3)).toBe(true);
        expect(form3.outlets).toHaveLength(parts.length);
      }),
      { numRuns: 150 },
    );
  });
});
