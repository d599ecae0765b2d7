// The wire protocol between the terminal's interface-mode client and the monitoring system
// (个人外汇业务监测系统, 联机接口模式). SAFE does not publish its specification; this follows the
// operations, fields and code lists of ../shared/regulation/monitoring-interface.md, and is what
// our simulator speaks. Everything is JSON over HTTP POST; every answer is an envelope with a code.
import { z } from 'zod';

export const PATHS = {
  quota: '/api/quota',
  register: '/api/register',
  backfill: '/api/backfill',
  cancel: '/api/cancel',
  modify: '/api/modify',
  records: '/api/records',
  conversionRates: '/api/conversion-rates',
  notice: '/api/notice',
} as const;

export type Operation = keyof typeof PATHS;

/**
 * Answer codes. 0000 success; 0001 already recorded (the same serial was entered before: the answer
 * carries its reference number, and counts as success). 1xxx bad data and 2xxx refusals are
 * permanent (a person must act); 9xxx are transient (retry later).
 */
export const CODES = {
  OK: '0000',
  ALREADY_RECORDED: '0001',
  INVALID_DATA: '1001',
  SPLIT_MISMATCH: '1002',
  NOT_TODAY: '1003',
  OUTSIDE_WINDOW: '1004',
  OVER_QUOTA: '2001',
  NOTICE_REQUIRED: '2002',
  NOT_FOUND: '3001',
  ALREADY_CANCELLED: '3002',
  BUSY: '9001',
  END_OF_DAY: '9002',
  SYSTEM_ERROR: '9999',
} as const;

export const PERMANENT_CODES: ReadonlySet<string> = new Set(['1001', '1002', '1003', '1004', '2001', '2002', '3001']);
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(['9001', '9002', '9999']);

/** 外管业务参号 as the monitoring system issues it: trade type, business date, 10-digit sequence. */
export const REF_NO = /^(JH|GH)\d{8}\d{10}$/;

export interface Envelope<T = unknown> {
  code: string;
  message: string;
  data?: T;
}

const decimal = z.string().regex(/^\d+(\.\d+)?$/);
const positive = decimal.refine((v) => /[1-9]/.test(v), 'must be more than zero');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const personFields = { idType: z.string().min(2).max(2), idNumber: z.string().min(1).max(40), country: z.string().length(3) };

/** A register or back-fill entry (MonitoringEntry in entry.ts). */
export const entrySchema = z.object({
  serial: z.string().min(1).max(40),
  tradeType: z.enum(['JH', 'GH']),
  usesQuota: z.enum(['Y', 'N']),
  businessType: z.string().min(2).max(2),
  ...personFields,
  supplementaryId: z.string().max(40).optional(),
  name: z.string().min(1).max(100),
  fundAttribute: z.string().regex(/^\d{3,4}$/),
  currency: z.string().length(3),
  amount: positive,
  split: z.object({ cash: decimal, remittance: decimal, account: decimal, travellersCheque: decimal }),
  noticeGiven: z.boolean(),
  tradeTime: z.string().datetime(),
  backfill: z.object({ reason: z.enum(['01', '02', '03', '04']), remark: z.string().min(1).max(200) }).optional(),
});

export const quotaRequest = z.object({ ...personFields, tradeType: z.enum(['JH', 'GH']) });
export const cancelRequest = z.object({
  refNo: z.string(),
  tradeType: z.enum(['JH', 'GH']),
  /** 01 wrong ID type, 02 wrong ID number, 03 wrong country, 04 wrong business type, 05 did not happen, 06 other. */
  reason: z.enum(['01', '02', '03', '04', '05', '06']),
  remark: z.string().max(200).optional(),
});
export const modifyRequest = z.object({ refNo: z.string(), reason: z.enum(['01', '02', '03', '04', '05', '06']), fields: z.record(z.string(), z.string()) });
export const recordsRequest = z.object({
  refNo: z.string().optional(),
  serial: z.string().optional(),
  idType: z.string().optional(),
  idNumber: z.string().optional(),
  country: z.string().optional(),
  /** A business date (China), or a range. */
  date: date.optional(),
  from: date.optional(),
  to: date.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(100),
});
export const conversionRatesRequest = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), currency: z.string().length(3).optional() });
export const noticeRequest = z.object({ ...personFields, status: z.enum(['02', '03']) });

export type Entry = z.infer<typeof entrySchema>;

/** 01 normal, 02 pre-watch (预关注), 03 watch list (关注名单). */
export type PersonStatus = '01' | '02' | '03';

export interface QuotaData {
  tradeType: 'JH' | 'GH';
  usedUsd: string;
  leftUsd: string;
  /** USD of the person's cash trades today, at every outlet and institution. */
  cashTodayUsd: string;
  name?: string;
  personType: 'domestic' | 'foreign';
  status: PersonStatus;
  listing?: { date: string; expiry: string; reasonCode: string };
  noticeGiven: '0' | '1';
}

export interface RegisterData {
  serial: string;
  refNo: string;
  usdEquivalent: string;
  leftUsd: string;
  status: PersonStatus;
}

export interface RecordData {
  refNo: string;
  serial: string;
  tradeType: 'JH' | 'GH';
  idType: string;
  idNumber: string;
  country: string;
  name: string;
  /**
   * 资金属性 as recorded (第三十二条(三)); the reconciliation compares it field by field (第三十二条(五)).
   * Optional: a system that does not return it is not compared on it.
   */
  fundAttribute?: string;
  currency: string;
  amount: string;
  usdEquivalent: string;
  /** 42 interface mode, 41 page mode. */
  channel: '41' | '42';
  tradeTime: string;
  businessDate: string;
  backfill: boolean;
  status: 'recorded' | 'cancelled';
}

export interface RecordsData {
  records: RecordData[];
  page: number;
  pages: number;
  total: number;
}

export interface ConversionRatesData {
  month: string;
  rates: { currency: string; usdPerUnit: string }[];
}
