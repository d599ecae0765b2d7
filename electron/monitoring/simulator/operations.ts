// What the simulated monitoring system does with each operation of protocol.ts: the checks, in
// the order a trade meets them, and the answer codes. Synchronous over the store (better-sqlite3),
// so a check and the record it allows are one step: two copies of an entry arriving together
// cannot both pass the serial check.
import type { z } from 'zod';
import { Decimal, dec, formatUsd } from '../../../shared/money/money';
import { businessDate, monthOf } from '../../../shared/time';
import { fundAttributeFits } from '../../../shared/codeLists';
import {
  CODES,
  cancelRequest,
  conversionRatesRequest,
  entrySchema,
  modifyRequest,
  noticeRequest,
  quotaRequest,
  recordsRequest,
  type ConversionRatesData,
  type Entry,
  type Envelope,
  type Operation,
  type PersonStatus,
  type QuotaData,
  type RecordData,
  type RecordsData,
  type RegisterData,
} from '../protocol';
import type { SimulatorClock } from './clock';
import type { Fixture } from './fixture';
import { MODIFIABLE, type PersonKey, type SimulatorStore, type StoredRecord } from './store';

/** 个人外汇管理办法实施细则 第二条: 50,000 USD a year per person, settlement and purchase each. */
const ANNUAL_QUOTA_USD = new Decimal(50_000);
const BACKFILL_WINDOW_MS = 24 * 60 * 60 * 1000;
/** ID types of domestic individuals; every other type is a foreign individual's. */
const DOMESTIC_ID_TYPES: ReadonlySet<string> = new Set(['01', '05', '09']);

function answer<T>(code: string, zh: string, en: string, data?: T): Envelope<T> {
  return { code, message: `${zh} / ${en}`, ...(data !== undefined ? { data } : {}) };
}

const ok = <T>(data: T): Envelope<T> => answer(CODES.OK, '成功', 'success', data);

/** 1001 naming every field that failed, so a person can see what to correct. */
function invalid(error: z.ZodError): Envelope {
  const fields = error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  return { code: CODES.INVALID_DATA, message: `数据无效 / invalid data: ${fields}` };
}

/** Plain decimal notation, never an exponent ('1e-7' is not a wire decimal). */
const plain = (d: Decimal) => d.toFixed();

export class Operations {
  constructor(
    private readonly store: SimulatorStore,
    private readonly clock: SimulatorClock,
    private readonly fixture: Fixture,
  ) {}

  handle(op: Operation, body: unknown): Envelope {
    switch (op) {
      case 'quota':
        return this.quota(body);
      case 'register':
      case 'backfill':
        return this.enter(op, body);
      case 'cancel':
        return this.cancel(body);
      case 'modify':
        return this.modify(body);
      case 'records':
        return this.records(body);
      case 'conversionRates':
        return this.conversionRates(body);
      case 'notice':
        return this.notice(body);
    }
  }

  /** A record made elsewhere (page mode, another outlet): no checks but that the entry is well formed and has a rate. */
  insertDirect(entry: Entry, channel: '41' | '42'): StoredRecord {
    const date = businessDate(new Date(entry.tradeTime));
    const rate = this.rate(monthOf(date), entry.currency);
    if (!rate) throw new Error(`no conversion rate for ${entry.currency} in ${monthOf(date)}`);
    return this.store.insertRecord({
      entry,
      usdEquivalent: dec(entry.amount).times(rate),
      channel,
      businessDate: date,
      backfill: entry.backfill !== undefined,
      createdAt: this.clock.now().toISOString(),
    });
  }

  private today(): string {
    return businessDate(this.clock.now());
  }

  /** USD per unit of a currency in a month; USD is always 1. */
  private rate(month: string, currency: string): Decimal | undefined {
    if (currency === 'USD') return new Decimal(1);
    const text = this.fixture.conversionRates[month]?.[currency];
    return text === undefined ? undefined : dec(text);
  }

  /**
   * USD a person has used of a trade type's quota in a calendar year: the seed (which stands for
   * the simulator's current year) plus the standing records that use quota.
   */
  private usedUsd(person: PersonKey, tradeType: 'JH' | 'GH', year: string): Decimal {
    const seed = year === this.today().slice(0, 4) ? dec(this.store.person(person)?.seedUsedUsd[tradeType] ?? '0') : new Decimal(0);
    return seed.plus(this.store.usdOf(person, `${year}-01-01`, `${year}-12-31`, { tradeType, usesQuota: 'Y' }));
  }

  private left(used: Decimal): Decimal {
    return Decimal.max(ANNUAL_QUOTA_USD.minus(used), 0);
  }

  private status(person: PersonKey): PersonStatus {
    return this.store.person(person)?.status ?? '01';
  }

  private quota(body: unknown): Envelope {
    const parsed = quotaRequest.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const q = parsed.data;
    const today = this.today();
    const person = this.store.person(q);
    const used = this.usedUsd(q, q.tradeType, today.slice(0, 4));
    const cashToday = dec(person?.seedCashTodayUsd ?? '0').plus(this.store.usdOf(q, today, today));
    const data: QuotaData = {
      tradeType: q.tradeType,
      usedUsd: plain(used),
      leftUsd: plain(this.left(used)),
      cashTodayUsd: plain(cashToday),
      ...(person?.name !== undefined ? { name: person.name } : {}),
      personType: DOMESTIC_ID_TYPES.has(q.idType) ? 'domestic' : 'foreign',
      status: person?.status ?? '01',
      ...(person?.listing ? { listing: person.listing } : {}),
      noticeGiven: person?.noticeGiven ?? '0',
    };
    return ok(data);
  }

  /** Register (real-time entry) and back-fill: the same entry, different rules for its time. */
  private enter(op: 'register' | 'backfill', body: unknown): Envelope {
    const parsed = entrySchema.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const e = parsed.data;
    if (op === 'backfill' && !e.backfill) return answer(CODES.INVALID_DATA, '补录须填写补录原因 backfill', 'a back-fill needs backfill {reason, remark}');
    if (dec(e.amount).isZero()) return answer(CODES.INVALID_DATA, '金额须大于零 amount', 'amount must be positive');

    return this.store.transaction(() => {
      // Idempotent on the terminal's serial: the first question, before any check that could
      // have changed since (the day, the window), so a retry always finds what it entered.
      const existing = this.store.liveBySerial(e.serial);
      if (existing) {
        return answer(CODES.ALREADY_RECORDED, '该流水号已录入', 'this serial is already recorded', existing.answer ?? this.answerOf(existing));
      }

      // 资金属性 (第三十二条(三)) from the code list, for the trade type and the person's class: the
      // system refuses an unknown or mismatched code, as the terminal does before sending one.
      const kind = e.tradeType === 'JH' ? 'settlement' : DOMESTIC_ID_TYPES.has(e.idType) ? 'purchase' : 'reconversion';
      if (!fundAttributeFits(e.fundAttribute, kind)) {
        return answer(CODES.INVALID_DATA, `资金属性 ${e.fundAttribute} 与交易类型 ${e.tradeType} 及个人类别不符 fundAttribute`, `fundAttribute: ${e.fundAttribute} does not fit a ${e.tradeType} entry of this person's class`);
      }

      const s = e.split;
      const splitTotal = dec(s.cash).plus(dec(s.remittance)).plus(dec(s.account)).plus(dec(s.travellersCheque));
      if (!splitTotal.eq(dec(e.amount))) {
        return answer(CODES.SPLIT_MISMATCH, `资金形态合计 ${splitTotal.toFixed()} 与金额 ${e.amount} 不符`, `the split adds up to ${splitTotal.toFixed()}, not the amount ${e.amount}`);
      }

      const tradeInstant = new Date(e.tradeTime);
      const date = businessDate(tradeInstant);
      const rate = this.rate(monthOf(date), e.currency);
      if (!rate) {
        return answer(CODES.INVALID_DATA, `币种 ${e.currency} 无 ${monthOf(date)} 折算率 currency`, `currency ${e.currency} has no conversion rate for ${monthOf(date)}`);
      }

      const now = this.clock.now();
      if (op === 'register' && date !== this.today()) {
        return answer(CODES.NOT_TODAY, `实时录入的交易时间须为当日（${this.today()}），而非 ${date}`, `a real-time entry must be dated today (${this.today()}), not ${date}`);
      }
      if (op === 'backfill') {
        const age = now.getTime() - tradeInstant.getTime();
        if (age < 0 || age > BACKFILL_WINDOW_MS) {
          return answer(CODES.OUTSIDE_WINDOW, '交易时间不在补录期限（24小时）内', 'the trade time is not within the back-fill window (the last 24 hours)');
        }
      }

      const status = this.status(e);
      if (status !== '01' && !e.noticeGiven) {
        return answer(CODES.NOTICE_REQUIRED, '该个人在关注名单或预关注名单上，须先告知', 'the person is on the watch or pre-watch list: the notice must be given first');
      }

      const usd = dec(e.amount).times(rate);
      const year = date.slice(0, 4);
      const used = this.usedUsd(e, e.tradeType, year);
      if (e.usesQuota === 'Y' && used.plus(usd).gt(ANNUAL_QUOTA_USD)) {
        const left = this.left(used);
        return answer(CODES.OVER_QUOTA, `超过年度总额，剩余 ${formatUsd(left)} 美元`, `over the annual quota, ${formatUsd(left)} USD left`, { leftUsd: plain(left) });
      }

      const leftAfter = this.left(e.usesQuota === 'Y' ? used.plus(usd) : used);
      const record = this.store.insertRecord(
        { entry: e, usdEquivalent: usd, channel: '42', businessDate: date, backfill: op === 'backfill', createdAt: now.toISOString() },
        (refNo): RegisterData => ({ serial: e.serial, refNo, usdEquivalent: plain(usd), leftUsd: plain(leftAfter), status }),
      );
      // An entry that says the notice was given is the notice being recorded.
      if (status !== '01') this.markNotice(e);
      return ok(record.answer!);
    });
  }

  /** The answer for a record made without one (inserted directly): its figures as they stand now. */
  private answerOf(r: StoredRecord): RegisterData {
    return {
      serial: r.serial,
      refNo: r.refNo,
      usdEquivalent: r.usdEquivalent,
      leftUsd: plain(this.left(this.usedUsd(r, r.tradeType, r.businessDate.slice(0, 4)))),
      status: this.status(r),
    };
  }

  private markNotice(key: PersonKey): void {
    const person = this.store.person(key);
    if (person && person.noticeGiven !== '1') this.store.putPerson({ ...person, noticeGiven: '1' });
  }

  private cancel(body: unknown): Envelope {
    const parsed = cancelRequest.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const c = parsed.data;
    if (c.reason === '06' && !c.remark) return answer(CODES.INVALID_DATA, '撤销原因为其他时须填写说明 remark', 'reason 06 (other) needs a remark');
    const record = this.store.byRef(c.refNo);
    if (!record) return answer(CODES.NOT_FOUND, `无此业务参号 ${c.refNo}`, `no record with reference number ${c.refNo}`);
    if (record.tradeType !== c.tradeType) {
      return answer(CODES.INVALID_DATA, `业务参号 ${c.refNo} 的交易类型为 ${record.tradeType} tradeType`, `tradeType: ${c.refNo} is a ${record.tradeType} record`);
    }
    if (record.status === 'cancelled') return answer(CODES.ALREADY_CANCELLED, `业务参号 ${c.refNo} 已撤销`, `${c.refNo} is already cancelled`);
    this.store.cancel(c.refNo, c.reason, c.remark, this.clock.now().toISOString());
    return ok({ refNo: record.refNo, serial: record.serial });
  }

  private modify(body: unknown): Envelope {
    const parsed = modifyRequest.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const m = parsed.data;
    const fields = Object.keys(m.fields);
    const bad = fields.filter((f) => !Object.hasOwn(MODIFIABLE, f));
    if (bad.length) return answer(CODES.INVALID_DATA, `不可修改的字段 ${bad.join(', ')}`, `fields that cannot be modified: ${bad.join(', ')}`);
    if (!fields.length) return answer(CODES.INVALID_DATA, '未提供修改内容 fields', 'fields: nothing to modify');
    const record = this.store.byRef(m.refNo);
    if (!record) return answer(CODES.NOT_FOUND, `无此业务参号 ${m.refNo}`, `no record with reference number ${m.refNo}`);
    if (record.status === 'cancelled') return answer(CODES.ALREADY_CANCELLED, `业务参号 ${m.refNo} 已撤销`, `${m.refNo} is cancelled`);
    this.store.modify(m.refNo, m.fields, m.reason, this.clock.now().toISOString());
    return ok({ refNo: m.refNo });
  }

  private records(body: unknown): Envelope {
    const parsed = recordsRequest.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const { page, pageSize, ...filter } = parsed.data;
    const { records, total } = this.store.query(filter, page, pageSize);
    const data: RecordsData = { records: records.map(wire), page, pages: Math.max(1, Math.ceil(total / pageSize)), total };
    return ok(data);
  }

  private conversionRates(body: unknown): Envelope {
    const parsed = conversionRatesRequest.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const { month, currency } = parsed.data;
    const table = this.fixture.conversionRates[month];
    if (!table && currency !== 'USD') return answer(CODES.NOT_FOUND, `无 ${month} 折算率表`, `no conversion-rate table for ${month}`);
    const all = [{ currency: 'USD', usdPerUnit: '1' }, ...Object.entries(table ?? {}).filter(([c]) => c !== 'USD').map(([c, r]) => ({ currency: c, usdPerUnit: r }))];
    const rates = currency === undefined ? all : all.filter((r) => r.currency === currency);
    if (!rates.length) return answer(CODES.NOT_FOUND, `币种 ${currency} 无 ${month} 折算率`, `no conversion rate for ${currency} in ${month}`);
    const data: ConversionRatesData = { month, rates };
    return ok(data);
  }

  private notice(body: unknown): Envelope {
    const parsed = noticeRequest.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const person = this.store.person(parsed.data);
    if (!person || person.status === '01') return answer(CODES.NOT_FOUND, '该个人不在关注名单或预关注名单上', 'the person is not on the watch or pre-watch list');
    return this.store.transaction(() => {
      this.markNotice(person);
      this.store.logNotice(person, person.status, this.clock.now().toISOString());
      return ok({ noticeGiven: '1' as const });
    });
  }
}

/** A stored record as the wire shows it. */
function wire(r: StoredRecord): RecordData {
  return {
    refNo: r.refNo,
    serial: r.serial,
    tradeType: r.tradeType,
    idType: r.idType,
    idNumber: r.idNumber,
    country: r.country,
    name: r.name,
    fundAttribute: r.entry.fundAttribute,
    currency: r.currency,
    amount: r.amount,
    usdEquivalent: r.usdEquivalent,
    channel: r.channel,
    tradeTime: r.tradeTime,
    businessDate: r.businessDate,
    backfill: r.backfill,
    status: r.status,
  };
}
