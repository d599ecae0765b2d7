// The receipt (水单, 第三十五条) as it comes out of the printer: both parts carry every required
// field, lines fit the paper at 42 and 48 columns, the bytes read back to the same lines, and the
// markings (void, copy, training) cannot be missed. What a person reading the paper would notice.
import { describe, expect, it } from 'vitest';
import type { TradeView } from '../shared/api';
import { decode, DecodeError } from '../electron/printer/decoder';
import { assertJob, JobError, receiptBytes, statusQuery, JOB_END_REQUEST } from '../electron/printer/escpos';
import { displayWidth, layout, LayoutError, unprintable, wrap } from '../electron/printer/layout';
import { previewHtml } from '../electron/printer/preview';
import { receiptOf, type Receipt } from '../electron/printer/receipt';

/** A settlement of USD 1,000.00 at 710.00 per 100, fee CNY 10.00, entered in real time. */
const TRADE: TradeView = {
  id: '01JPRINTERTEST0000000000012',
  receiptNo: 12,
  receiptText: '12',
  status: 'committed',
  businessDate: '2026-03-10',
  createdAt: '2026-03-10T02:15:30.000Z', // 10:15:30 in China
  institutionName: '北京环球通外币兑换有限公司',
  outletCode: '0101',
  outletName: '首都机场T3网点',
  customer: { idType: '01', idNumber: '11010519491231002X', country: 'CHN', name: '张三', residency: 'domestic' },
  direction: 'settlement',
  kind: 'settlement',
  currency: 'USD',
  foreign: { currency: 'USD', amount: '1000' },
  rmb: { currency: 'CNY', amount: '7100' },
  fee: { currency: 'CNY', amount: '10' },
  customerPays: { currency: 'USD', amount: '1000' },
  customerReceives: { currency: 'CNY', amount: '7090' },
  tradeType: 'JH',
  ratePer100: '710.00',
  usdEquivalent: '1000',
  usdEquivalentShown: '1,000.00',
  paymentIn: 'cash',
  paymentOut: 'cash',
  reportingPath: 'realtime',
  channel: '42',
  refNo: 'JH202603100000000001',
  fundAttribute: '1221',
  policyVersion: 1,
  prompts: [],
  tellerId: 'T001',
};

const OPTS = { teller: 'T001 李四', training: false };
const PROFILES = [42, 48] as const;

function linesAt(columns: number, trade: TradeView = TRADE, opts: Parameters<typeof receiptOf>[1] = OPTS) {
  return layout(receiptOf(trade, opts), { columns });
}

/** The value printed for a label: beside it on the same line, or right-aligned below it. */
function valueOf(part: string[], label: string): string {
  const i = part.findIndex((l) => l.startsWith(label));
  if (i < 0) throw new Error(`no line starts with "${label}"`);
  const beside = part[i]!.slice(label.length).trim();
  return beside !== '' ? beside : part[i + 1]!.trim();
}

describe.each(PROFILES)('receipt at %i columns', (columns) => {
  const lines = linesAt(columns);
  const parts = { institution: lines.institution, customer: lines.customer };

  it('every line fits the paper (GB18030 width: Chinese 2 columns, ASCII 1)', () => {
    for (const line of [...lines.institution, ...lines.customer]) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
    // A field whose value does not fit beside its label goes right-aligned on the next line.
    const at = lines.institution.findIndex((l) => l.startsWith('特许机构 Institution'));
    if (columns === 42) {
      expect(lines.institution[at]).toBe('特许机构 Institution');
      expect(lines.institution[at + 1]).toBe(`${' '.repeat(42 - 26)}北京环球通外币兑换有限公司`);
    } else {
      expect(lines.institution[at]).toBe(`特许机构 Institution${' '.repeat(48 - 20 - 26)}北京环球通外币兑换有限公司`);
    }
  });

  it.each(['institution', 'customer'] as const)('the %s part holds every field of 第三十五条', (name) => {
    const part = parts[name];
    expect(part.some((l) => l.includes('兑换水单 EXCHANGE RECEIPT'))).toBe(true);
    expect(valueOf(part, '特许机构 Institution')).toBe('北京环球通外币兑换有限公司');
    expect(valueOf(part, '网点 Outlet')).toBe('首都机场T3网点 (0101)');
    expect(valueOf(part, '日期时间 Date/time')).toBe('2026-03-10 10:15:30');
    expect(valueOf(part, '客户姓名 Name')).toBe('张三');
    expect(valueOf(part, '证件类型 ID type')).toBe('居民身份证');
    expect(valueOf(part, '证件号码 ID No.')).toBe('11010519491231002X');
    expect(valueOf(part, '国家/地区 Country')).toBe('CHN');
    expect(valueOf(part, '交易类型 Type')).toBe('客户卖出外币 Customer sells FX');
    expect(valueOf(part, '外币金额 FX amount')).toBe('USD 1,000.00');
    expect(valueOf(part, '人民币金额 RMB amount')).toBe('CNY 7,100.00');
    expect(valueOf(part, '牌价 Rate')).toBe('USD 100 = CNY 710.00');
    expect(valueOf(part, '手续费 Fee')).toBe('CNY 10.00');
    expect(valueOf(part, '客户付出 Customer pays')).toBe('USD 1,000.00');
    expect(valueOf(part, '付款方式 Paid in')).toBe('现钞 Cash');
    expect(valueOf(part, '客户收到 Customer gets')).toBe('CNY 7,090.00');
    expect(valueOf(part, '收款方式 Paid out')).toBe('现钞 Cash');
    expect(valueOf(part, '水单号 No.')).toBe('12');
    expect(valueOf(part, '申报方式 Reporting')).toBe('实时录入 Real-time');
    expect(valueOf(part, '外管业务参号 Ref No.')).toBe('JH202603100000000001');
    expect(valueOf(part, '柜员 Teller')).toBe('T001 李四');
    expect(valueOf(part, '政策版本 Policy')).toBe('1');
    // Money is printed with ISO codes, never a currency symbol.
    expect(part.join('\n')).not.toMatch(/[¥￥$€£]/);
  });

  it('names its part, and only the institution part has the line for the customer to sign', () => {
    expect(lines.institution.some((l) => l.includes('特许机构联 INSTITUTION COPY'))).toBe(true);
    expect(lines.customer.some((l) => l.includes('客户联 CUSTOMER COPY'))).toBe(true);
    expect(lines.institution.some((l) => l.startsWith('客户签名 Customer signature'))).toBe(true);
    expect(lines.institution).toContain('_'.repeat(columns));
    expect(lines.customer.some((l) => l.includes('签名') || l.includes('signature'))).toBe(false);
  });

  it('encodes to bytes that read back to the same lines: two parts, two cuts, no four-byte sequence', () => {
    const bytes = receiptBytes(lines, { qr: '12', cashDrawer: true });
    expect([...bytes.subarray(0, 4)]).toEqual([0x1b, 0x40, 0x1c, 0x26]); // ESC @, FS &
    const decoded = decode(bytes);
    expect(decoded.parts).toEqual([lines.institution, lines.customer]);
    expect(decoded.lines).toEqual([...lines.institution, ...lines.customer]);
    expect(decoded.cuts).toBeGreaterThanOrEqual(2);
    expect(decoded.fourByteSequences).toBe(0);
    expect(decoded.qr).toBe('12');
    expect(decoded.drawerKicks).toBe(1);
    expect(decoded.commands).toEqual(['ESC @', 'FS &', 'GS V', 'ESC a', 'GS ( k 65', 'GS ( k 67', 'GS ( k 69', 'GS ( k 80', 'GS ( k 81', 'ESC a', 'GS V', 'ESC p']);
  });

  it('without QR and drawer, the job is just text and two cuts', () => {
    const decoded = decode(receiptBytes(lines, {}));
    expect(decoded.commands).toEqual(['ESC @', 'FS &', 'GS V', 'GS V']);
    expect(decoded.qr).toBeUndefined();
    expect(decoded.drawerKicks).toBe(0);
  });

  it('is byte-exact (snapshot)', () => {
    expect(lines).toMatchSnapshot('lines');
    expect(receiptBytes(lines, { qr: '12', cashDrawer: true }).toString('hex')).toMatchSnapshot('bytes');
  });
});

describe('markings', () => {
  const voided: TradeView = {
    ...TRADE,
    status: 'void',
    void: { reason: '客户取消 customer cancelled', supervisorId: 'S009 王主管', tellerId: 'T001', at: '2026-03-10T02:20:00.000Z' },
  };

  it.each(PROFILES)('a voided receipt says 作废 VOID at the top and bottom of both parts, with reason and supervisor (%i)', (columns) => {
    const lines = linesAt(columns, voided);
    for (const part of [lines.institution, lines.customer]) {
      const banners = part.filter((l) => l.includes('作废 VOID'));
      expect(banners).toHaveLength(2);
      expect(banners[0]).toMatch(/^\*+ 作废 VOID \*+$/);
      expect(displayWidth(banners[0]!)).toBe(columns);
      expect(part.findIndex((l) => l.includes('作废 VOID'))).toBe(0);
      expect(part.at(-1)).toContain('作废 VOID');
      expect(valueOf(part, '作废原因 Reason')).toBe('客户取消 customer cancelled');
      expect(valueOf(part, '批准主管 Approved by')).toBe('S009 王主管');
      expect(valueOf(part, '作废时间 Voided at')).toBe('2026-03-10 10:20:00');
      expect(valueOf(part, '水单号 No.')).toBe('12'); // the void keeps its number
    }
  });

  it.each(PROFILES)('a reprint says 重打 / COPY n with its time and operator on every part (%i)', (columns) => {
    const lines = linesAt(columns, TRADE, { ...OPTS, copy: { n: 2, at: '2026-03-11T01:00:05.000Z', by: 'T002 赵六' } });
    for (const part of [lines.institution, lines.customer]) {
      expect(part.filter((l) => l.includes('重打 / COPY 2'))).toHaveLength(2);
      expect(part[0]).toContain('重打 / COPY 2');
      expect(part.at(-1)).toContain('重打 / COPY 2');
      expect(valueOf(part, '重打时间 Reprinted')).toBe('2026-03-11 09:00:05');
      expect(valueOf(part, '操作员 By')).toBe('T002 赵六');
      expect(valueOf(part, '水单号 No.')).toBe('12'); // never a new number
    }
  });

  it.each(PROFILES)('training mode prints 培训模式 TRAINING at the top and the bottom of every part (%i)', (columns) => {
    const lines = linesAt(columns, TRADE, { ...OPTS, training: true });
    for (const part of [lines.institution, lines.customer]) {
      expect(part[0]).toMatch(/^#+ 培训模式 TRAINING #+$/);
      expect(part.slice(-3).some((l) => l.includes('培训模式 TRAINING'))).toBe(true);
      expect(part.some((l) => l.includes('not a valid receipt'))).toBe(true);
    }
  });

  it('all three at once: training outermost, then void, then copy, on both parts', () => {
    const lines = linesAt(48, voided, { ...OPTS, training: true, copy: { n: 1, at: '2026-03-11T01:00:05.000Z', by: 'T002' } });
    for (const part of [lines.institution, lines.customer]) {
      const top = part.slice(0, 8).join('\n');
      expect(top.indexOf('培训模式')).toBeLessThan(top.indexOf('作废 VOID'));
      expect(top.indexOf('作废 VOID')).toBeLessThan(top.indexOf('重打 / COPY 1'));
      const bottom = part.slice(-6).join('\n');
      expect(bottom).toContain('重打 / COPY 1');
      expect(bottom).toContain('作废 VOID');
      expect(bottom).toContain('培训模式 TRAINING');
    }
  });
});

describe('other trades', () => {
  it('a zero fee is not printed; a purchase says the customer buys FX and pays RMB', () => {
    const purchase: TradeView = {
      ...TRADE,
      direction: 'purchase',
      kind: 'purchase',
      tradeType: 'GH',
      ratePer100: '712.5',
      rmb: { currency: 'CNY', amount: '7125' },
      fee: { currency: 'CNY', amount: '0' },
      customerPays: { currency: 'CNY', amount: '7125' },
      customerReceives: { currency: 'USD', amount: '1000' },
    };
    const { customer } = linesAt(42, purchase);
    expect(customer.some((l) => l.startsWith('手续费'))).toBe(false);
    expect(valueOf(customer, '交易类型 Type')).toBe('客户买入外币 Customer buys FX');
    expect(valueOf(customer, '客户付出 Customer pays')).toBe('CNY 7,125.00');
    expect(valueOf(customer, '牌价 Rate')).toBe('USD 100 = CNY 712.50');
  });

  it("a foreigner's reconversion says 兑回 and the original receipt; traveller's cheques are named", () => {
    const reconversion: TradeView = {
      ...TRADE,
      direction: 'purchase',
      kind: 'reconversion',
      tradeType: 'GH',
      customer: { idType: '04', idNumber: 'X12345678', country: 'DEU', name: 'MUELLER-LUEDENSCHEIDT JOHANN-FRIEDRICH MAXIMILIAN', residency: 'foreign' },
      originalReceiptNo: 7,
      paymentIn: 'travellersCheque',
      reportingPath: 'backfill',
    };
    delete reconversion.refNo;
    for (const columns of PROFILES) {
      const { customer } = linesAt(columns, reconversion);
      for (const l of customer) expect(displayWidth(l)).toBeLessThanOrEqual(columns);
      expect(customer.join('\n')).toContain('兑回 Reconversion');
      expect(valueOf(customer, '原水单号 Orig. receipt')).toBe('7');
      expect(valueOf(customer, '证件类型 ID type')).toBe('外国护照');
      expect(valueOf(customer, '付款方式 Paid in')).toBe("旅行支票 Traveller's cheque");
      expect(valueOf(customer, '申报方式 Reporting')).toBe('事后补录 Back-fill');
      expect(customer.some((l) => l.startsWith('外管业务参号'))).toBe(false); // not known yet
      // A name longer than a line is wrapped by the layout, right-aligned, nothing lost.
      const at = customer.findIndex((l) => l.startsWith('客户姓名 Name'));
      const nameLines = customer.slice(at + 1, at + 3);
      expect(nameLines.map((l) => l.trimStart()).join('')).toBe('MUELLER-LUEDENSCHEIDT JOHANN-FRIEDRICH MAXIMILIAN');
      for (const l of nameLines) expect(displayWidth(l)).toBe(columns);
    }
  });
});

describe('characters the printer cannot print', () => {
  it('reports four-byte GB18030 characters: ¥ £ • ₩ and CJK Extension A/B name characters', () => {
    expect(unprintable('吉𠮷')).toEqual(['𠮷']);
    expect(unprintable('阮𡨸')).toEqual(['𡨸']);
    expect(unprintable('㐀')).toEqual(['㐀']); // Extension A
    expect(unprintable('¥£•₩ ¥')).toEqual(['¥', '£', '•', '₩']);
    expect(unprintable('张三 Müller O’Brien ￥')).toEqual([]); // two-byte: fine
    expect(unprintable('A\x1bB')).toEqual(['\x1b']); // would act as a command
  });

  it('the layout refuses a ¥ in a value: it would print as garbage', () => {
    const receipt = receiptOf({ ...TRADE, customer: { ...TRADE.customer, name: '张三 ¥' } }, OPTS);
    expect(() => layout(receipt, { columns: 48 })).toThrow(LayoutError);
    expect(() => layout(receipt, { columns: 48 })).toThrow(/U\+00A5/);
  });

  it('a name with 𠮷 never reaches the paper', () => {
    const receipt = receiptOf({ ...TRADE, customer: { ...TRADE.customer, name: '吉𠮷' } }, OPTS);
    expect(() => layout(receipt, { columns: 42 })).toThrow(/U\+20BB7/);
  });

  it('the job builder refuses four-byte text too, and checks the finished job', () => {
    expect(() => receiptBytes({ institution: ['USD 100 = ¥ 710'], customer: [] })).toThrow(JobError);
    const sneaked = Buffer.concat([Buffer.from([0x1b, 0x40, 0x1c, 0x26]), Buffer.from('81308436', 'hex'), Buffer.from([0x0a])]);
    expect(decode(sneaked).fourByteSequences).toBe(1);
    expect(() => assertJob(sneaked)).toThrow(/four-byte/);
  });
});

describe('decoder', () => {
  it('throws on a command this project never sends', () => {
    expect(() => decode(Buffer.from([0x1b, 0x40, 0x1b, 0x74, 0x00]))).toThrow(DecodeError); // ESC t
    expect(() => decode(Buffer.from([0x1b, 0x40, 0x09]))).toThrow(/unknown command/); // HT
    expect(() => decode(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x30, 0x41, 0x00]))).toThrow(/GS \( k/); // PDF417
  });

  it('throws on Chinese bytes before FS &, on text never ended by a line feed, and on a cut-short job', () => {
    expect(() => decode(Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from('d5c50a', 'hex')]))).toThrow(/outside Chinese mode/);
    expect(() => decode(Buffer.from([0x1b, 0x40, 0x1c, 0x26, 0x41]))).toThrow(/line feed/);
    expect(() => decode(Buffer.from([0x1b, 0x40, 0x1c, 0x26, 0x1d, 0x56]))).toThrow(/ends inside/);
  });

  it('reads status queries and the job-end request', () => {
    const decoded = decode(Buffer.concat([statusQuery(2), statusQuery(4), JOB_END_REQUEST]));
    expect(decoded.commands).toEqual(['DLE EOT 2', 'DLE EOT 4', 'GS r 1']);
    expect([...statusQuery(4)]).toEqual([0x10, 0x04, 0x04]);
    expect([...JOB_END_REQUEST]).toEqual([0x1d, 0x72, 0x01]);
  });

  it('round-trips a long QR payload (two-byte length)', () => {
    const payload = 'RECEIPT-0101-'.padEnd(600, '9');
    expect(decode(receiptBytes({ institution: ['a'], customer: ['b'] }, { qr: payload })).qr).toBe(payload);
    expect(() => receiptBytes({ institution: ['a'], customer: ['b'] }, { qr: '水单12' })).toThrow(/ASCII/);
  });
});

describe('layout', () => {
  it('refuses a profile too narrow to hold a field', () => {
    expect(() => layout(receiptOf(TRADE, OPTS), { columns: 20 })).toThrow(/columns/);
  });

  it('wraps only between characters: a Chinese character is never split, even at an odd width', () => {
    expect(wrap('一二三四五', 5)).toEqual(['一二', '三四', '五']);
    expect(wrap('ab一二三', 5)).toEqual(['ab一', '二三']);
    expect(wrap('', 5)).toEqual(['']);
  });

  it('a receipt model is plain data the layout reads (no hidden state)', () => {
    const receipt: Receipt = {
      receiptNo: 1,
      institution: [{ kind: 'field', key: 'receiptNo', label: '水单号 No.', value: '1' }, { kind: 'separator' }],
      customer: [{ kind: 'title', text: '客户联' }],
    };
    expect(layout(receipt, { columns: 24 })).toEqual({
      institution: ['水单号 No.             1', '-'.repeat(24)],
      customer: ['         客户联'],
    });
  });
});

describe('preview', () => {
  it.each(PROFILES)('shows both parts with a dashed cut between, columns wide, Chinese characters double width (%i)', (columns) => {
    const lines = linesAt(columns, { ...TRADE, customer: { ...TRADE.customer, name: '张三 <O&Brien>' } });
    const html = previewHtml(lines, { columns });
    expect(html).toContain(`width:${columns}ch`);
    expect(html).toContain('data-part="institution"');
    expect(html).toContain('data-part="customer"');
    expect(html.indexOf('data-part="institution"')).toBeLessThan(html.indexOf('class="cut"'));
    expect(html.indexOf('class="cut"')).toBeLessThan(html.indexOf('data-part="customer"'));
    expect(html).toMatch(/border-top:2px dashed/);
    expect(html).toContain('<span class="w2">张</span><span class="w2">三</span> &lt;O&amp;Brien&gt;');
    expect(html).not.toContain('<O&Brien>');
    expect(html).toMatch(/\.w2\{display:inline-block;width:2ch/);
    // One line element per printed line.
    expect(html.match(/class="ln"/g)).toHaveLength(lines.institution.length + lines.customer.length);
    expect(html).not.toContain('¥');
  });
});
