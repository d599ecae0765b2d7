// Properties of the layout over random Chinese/ASCII text: at 42 and 48 columns no line is ever
// wider than the paper, no two-byte character is ever split (the bytes decode back to exactly the
// lines), a value's pieces join back to the value, and text the printer cannot print is refused
// rather than printed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode } from '../electron/printer/decoder';
import { receiptBytes } from '../electron/printer/escpos';
import { displayWidth, layout, LayoutError, unprintable, wrap, wrapWords } from '../electron/printer/layout';
import type { Block, Receipt } from '../electron/printer/receipt';

const PROFILES = [42, 48] as const;

/** Printable ASCII, common Chinese (U+4E00–U+9FA5: all two-byte in GB18030), full-width punctuation. */
const unit = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom('，', '。', '（', '）', '·', '—', '￥', 'é', 'ü'),
);
const text = (maxLength: number) => fc.string({ unit, maxLength });

const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ kind: fc.constant('title' as const), text: text(80) }),
  fc.record({ kind: fc.constant('banner' as const), text: text(60), fill: fc.constantFrom('*', '=', '#') }),
  fc.record({ kind: fc.constant('field' as const), key: fc.constant('customerName' as const), label: text(30), value: text(150) }),
  fc.record({ kind: fc.constant('note' as const), text: text(150) }),
  fc.constant({ kind: 'separator' as const }),
  fc.record({ kind: fc.constant('signature' as const), label: text(30) }),
);

const receipt: fc.Arbitrary<Receipt> = fc.record({
  receiptNo: fc.integer({ min: 1, max: 1_000_000 }),
  institution: fc.array(block, { maxLength: 12 }),
  customer: fc.array(block, { maxLength: 12 }),
});

describe.each(PROFILES)('layout at %i columns', (columns) => {
  it('never exceeds the width, and the encoded job decodes back to exactly the lines', () => {
    fc.assert(
      fc.property(receipt, (r) => {
        const lines = layout(r, { columns });
        for (const line of [...lines.institution, ...lines.customer]) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
        const decoded = decode(receiptBytes(lines, { qr: String(r.receiptNo) }));
        expect(decoded.parts).toEqual([lines.institution, lines.customer]);
        expect(decoded.fourByteSequences).toBe(0);
        expect(decoded.qr).toBe(String(r.receiptNo));
      }),
    );
  });

  it("a value's pieces fit and join back to the value; prose loses only spaces", () => {
    fc.assert(
      fc.property(text(300), (value) => {
        const pieces = wrap(value, columns);
        for (const p of pieces) expect(displayWidth(p)).toBeLessThanOrEqual(columns);
        expect(pieces.join('')).toBe(value);
        const prose = wrapWords(value, columns);
        for (const p of prose) expect(displayWidth(p)).toBeLessThanOrEqual(columns);
        expect(prose.join('').replaceAll(' ', '')).toBe(value.replaceAll(' ', ''));
      }),
    );
  });

  it('any Unicode text is either refused (it holds an unprintable character) or prints without a four-byte sequence', () => {
    // Mostly printable text with now and then any code point at all (mostly four-byte ones).
    const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
    const mixed = fc.string({ unit: fc.oneof({ weight: 19, arbitrary: unit }, { weight: 1, arbitrary: anyChar }), maxLength: 40 });
    fc.assert(
      fc.property(mixed, (value) => {
        const r: Receipt = { receiptNo: 1, institution: [{ kind: 'field', key: 'customerName', label: '客户姓名 Name', value }], customer: [] };
        if (unprintable(value).length > 0) {
          expect(() => layout(r, { columns })).toThrow(LayoutError);
          return;
        }
        const lines = layout(r, { columns });
        const decoded = decode(receiptBytes(lines));
        expect(decoded.fourByteSequences).toBe(0);
        expect(decoded.parts[0]).toEqual(lines.institution);
      }),
    );
  });
});
