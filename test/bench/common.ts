// What the ledger builder and the benchmark share: the outlet, where the ledger lives, the marker
// that says a build is complete, the currencies of the synthetic outlet, and the synthetic
// customers (an integer index → a valid ID document and a name, the same every time).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mod11_2CheckCharacter } from '../../shared/id/idDocument';
import type { OutletSettings } from '../../electron/terminal/settings';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH_DIR = join(ROOT, '.bench');

/** Bumped whenever the builder writes something different: a ledger of another version is rebuilt (4: notes with every transaction, issue 21). */
export const GENERATOR_VERSION = 4;

export const OUTLET: OutletSettings = {
  institutionCode: 'INST001',
  institutionName: '环球通兑换有限公司',
  outletCode: 'PEK-T3-01',
  outletName: '首都机场T3网点',
  terminalId: 'T1',
  borderPort: false,
};

export interface BuildParams {
  years: number;
  perDay: number;
  /** The last synthetic business date: trades stop at LAST_DAY_CUTOFF_HOUR on it ("now"). */
  endDate: string;
  seed: number;
}

export const DEFAULT_PARAMS: BuildParams = { years: 5, perDay: 1500, endDate: '2026-03-10', seed: 20260310 };

/** The last day is built up to this hour (China time): the benchmark's "now" starts there. */
export const LAST_DAY_CUTOFF_HOUR = 12;

export interface Marker {
  complete: true;
  generatorVersion: number;
  params: BuildParams;
  trades: number;
  postings: number;
  customers: number;
  voids: number;
  attempts: number;
  /** Reserve movements (floats, deposits, withdrawals, transfers, rebalancing). */
  movements: number;
  /** Days closed (日终) as the outlet closed them, and the last days left open (the eve of "now", the busiest day, and "now"). */
  closedDays: number;
  openDays: string[];
  firstDay: string;
  lastDay: string;
  busiestDay: { date: string; trades: number };
  busiestMonth: { month: string; trades: number };
  /** The customer with HEAVY_TRADES trades on the last day (for quote_p99_ms). */
  heavyCustomer: SyntheticCustomer;
  heavyTrades: number;
  schemaVersion: number;
  buildSeconds: number;
  builtAt: string;
}

export function ledgerName(p: BuildParams): string {
  return `ledger-${p.years}y-${p.perDay}pd-${p.endDate}-s${p.seed}-v${GENERATOR_VERSION}`;
}

export function ledgerPaths(p: BuildParams, dir = BENCH_DIR): { db: string; marker: string } {
  const name = ledgerName(p);
  return { db: join(dir, `${name}.sqlite`), marker: join(dir, `${name}.json`) };
}

/** The marker of a complete build of exactly these parameters, or undefined. */
export function readMarker(p: BuildParams, dir = BENCH_DIR): Marker | undefined {
  const paths = ledgerPaths(p, dir);
  if (!existsSync(paths.db) || !existsSync(paths.marker)) return undefined;
  try {
    const m = JSON.parse(readFileSync(paths.marker, 'utf8')) as Marker;
    if (m.complete !== true || m.generatorVersion !== GENERATOR_VERSION || JSON.stringify(m.params) !== JSON.stringify(p)) return undefined;
    return m;
  } catch {
    return undefined;
  }
}

// ---- currencies of the outlet ----

export interface CurrencySpec {
  code: string;
  /** Minor units (ISO 4217) and the smallest note, as in shared/money/currencies.ts. */
  minorUnits: number;
  noteMinor: number;
  /** Mid rate, CNY per 100 units, at the start; decimals the board quotes. */
  mid: number;
  rateDecimals: number;
  /** RMB fee per trade in fen. */
  feeFen: number;
  /** Share of trades by customers who bring no currency of their own country. */
  weight: number;
}

export const CURRENCY_SPECS: readonly CurrencySpec[] = [
  { code: 'USD', minorUnits: 2, noteMinor: 100, mid: 710, rateDecimals: 2, feeFen: 0, weight: 40 },
  { code: 'EUR', minorUnits: 2, noteMinor: 500, mid: 775, rateDecimals: 2, feeFen: 0, weight: 13 },
  { code: 'HKD', minorUnits: 2, noteMinor: 1000, mid: 91, rateDecimals: 2, feeFen: 0, weight: 14 },
  { code: 'JPY', minorUnits: 0, noteMinor: 1000, mid: 4.8, rateDecimals: 4, feeFen: 0, weight: 12 },
  { code: 'GBP', minorUnits: 2, noteMinor: 500, mid: 905, rateDecimals: 2, feeFen: 0, weight: 6 },
  { code: 'KRW', minorUnits: 0, noteMinor: 1000, mid: 0.53, rateDecimals: 4, feeFen: 1000, weight: 6 },
  { code: 'THB', minorUnits: 2, noteMinor: 2000, mid: 20.5, rateDecimals: 4, feeFen: 1000, weight: 5 },
  { code: 'AUD', minorUnits: 2, noteMinor: 500, mid: 470, rateDecimals: 2, feeFen: 0, weight: 4 },
];

// ---- synthetic customers ----

export interface SyntheticCustomer {
  idType: string;
  idNumber: string;
  country: string;
  supplementaryId?: string;
  name: string;
  residency: 'domestic' | 'foreign';
}

/** A 32-bit integer hash (murmur3's finaliser): the same customer for the same index, always. */
export function hash32(x: number): number {
  let h = (x ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '晓东'];
const FIRST_NAMES = ['JOHN', 'MARY', 'JAMES', 'ANNA', 'DAVID', 'SARAH', 'MICHAEL', 'EMMA', 'THOMAS', 'LAURA', 'PETER', 'YUKI', 'HIROSHI', 'MIN', 'JI', 'SOMCHAI', 'OLIVER', 'SOPHIE'];
const LAST_NAMES = ['SMITH', 'JONES', 'MUELLER', 'MARTIN', 'ROSSI', 'GARCIA', 'TANAKA', 'SATO', 'KIM', 'LEE', 'PARK', 'BROWN', 'WILSON', 'TAYLOR', 'NGUYEN', 'WONG', 'CHAN', 'SUZUKI'];
const REGIONS = ['110105', '110108', '310101', '310115', '440305', '440106', '510104', '330106', '320102', '420106', '610113', '120101'];
/** Passport countries and the currency their people usually bring. */
export const PASSPORT_COUNTRIES: readonly (readonly [string, string])[] = [
  ['USA', 'USD'], ['USA', 'USD'], ['USA', 'USD'], ['GBR', 'GBP'], ['DEU', 'EUR'], ['FRA', 'EUR'], ['ITA', 'EUR'], ['ESP', 'EUR'],
  ['NLD', 'EUR'], ['JPN', 'JPY'], ['JPN', 'JPY'], ['KOR', 'KRW'], ['KOR', 'KRW'], ['THA', 'THB'], ['AUS', 'AUD'], ['CAN', 'USD'],
  ['SGP', 'USD'], ['RUS', 'USD'], ['MYS', 'USD'],
];

/** The currency a customer most likely brings, by country (undefined: domestic customers pick by weight). */
export function homeCurrency(c: SyntheticCustomer): string | undefined {
  if (c.idType === '06') return 'HKD';
  if (c.idType === '07') return 'USD';
  if (c.residency === 'domestic') return undefined;
  return PASSPORT_COUNTRIES.find(([country]) => country === c.country)?.[1] ?? 'USD';
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Customer number `idx` (0 … 2^31): resident ID cards (58 %), foreign passports (22 %), Hong
 * Kong/Macau permits (12 %), Taiwan permits (5 %), Chinese passports with an overseas residence
 * permit (2 %), permanent-residence cards (1 %). Every number is valid and distinct per index.
 */
export function customerOf(idx: number): SyntheticCustomer {
  const h = hash32(idx);
  const h2 = hash32(idx + 0x5bd1e995);
  const kind = h % 100;
  if (kind < 58) {
    // 18 characters: region, birth date, sequence, check character. idx → (birth day, sequence).
    const region = REGIONS[(h >>> 8) % REGIONS.length]!;
    const day = idx % 18_000; // 1950-01-01 + day, up to mid-1999
    const birth = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const seq = pad(Math.floor(idx / 18_000) % 1000, 3);
    const first17 = `${region}${birth}${seq}`;
    const name = SURNAMES[h2 % SURNAMES.length]! + GIVEN[(h2 >>> 8) % GIVEN.length]!;
    // Distinct regions keep distinct (birth, seq) pairs apart: idx ≥ 18,000,000 reuses them.
    return { idType: '01', idNumber: first17 + mod11_2CheckCharacter(first17), country: 'CHN', name, residency: 'domestic' };
  }
  const latin = `${FIRST_NAMES[h2 % FIRST_NAMES.length]!} ${LAST_NAMES[(h2 >>> 8) % LAST_NAMES.length]!}`;
  if (kind < 80) {
    const [country] = PASSPORT_COUNTRIES[(h >>> 8) % PASSPORT_COUNTRIES.length]!;
    return { idType: '04', idNumber: `P${pad(idx, 9)}`, country, name: latin, residency: 'foreign' };
  }
  if (kind < 92) {
    const macau = (h >>> 8) % 6 === 0;
    return { idType: '06', idNumber: `${macau ? 'M' : 'H'}${pad(idx % 100_000_000, 8)}`, country: macau ? 'MAC' : 'HKG', name: SURNAMES[h2 % SURNAMES.length]! + GIVEN[(h2 >>> 8) % GIVEN.length]!, residency: 'foreign' };
  }
  if (kind < 97) {
    return { idType: '07', idNumber: pad(idx % 100_000_000, 8), country: 'TWN', name: SURNAMES[h2 % SURNAMES.length]! + GIVEN[(h2 >>> 8) % GIVEN.length]!, residency: 'foreign' };
  }
  if (kind < 99) {
    return {
      idType: '09', idNumber: `E${pad(idx % 100_000_000, 8)}`, country: 'CHN', supplementaryId: `PR${pad(idx, 10)}`,
      name: SURNAMES[h2 % SURNAMES.length]! + GIVEN[(h2 >>> 8) % GIVEN.length]!, residency: 'domestic',
    };
  }
  const [country] = PASSPORT_COUNTRIES[(h >>> 8) % PASSPORT_COUNTRIES.length]!;
  return { idType: '05', idNumber: `${country}${pad(idx, 12)}`, country, name: latin, residency: 'domestic' };
}

export function personKeyOf(c: Pick<SyntheticCustomer, 'idType' | 'idNumber' | 'country'>): string {
  return `${c.idType}:${c.idNumber}:${c.country}`;
}

/** The dedicated customer with HEAVY_TRADES trades on the last day: a resident, outside every other range. */
export const HEAVY_CUSTOMER_IDX = (() => {
  let idx = 1_900_000_000;
  while (hash32(idx) % 100 >= 58) idx++;
  return idx;
})();
export const HEAVY_TRADES = 40;

// ---- small helpers ----

/** A deterministic PRNG (mulberry32): the same ledger for the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
