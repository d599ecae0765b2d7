// The simulator's fixture: who is on the status list and what they have used before the
// simulator saw them, and the monthly USD conversion-rate table (折算率). Amounts are decimal
// strings, as everywhere on the wire; nothing here is ever a JavaScript number.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string such as "49800" or "0.0068"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const listingSchema = z.object({ date: isoDate, expiry: isoDate, reasonCode: z.string().min(1).max(10) });

/** One person's standing. Seeded USD figures count for the simulator's current year and day. */
export const personSchema = z.object({
  idType: z.string().length(2),
  idNumber: z.string().min(1).max(40),
  country: z.string().length(3),
  name: z.string().min(1).max(100).optional(),
  status: z.enum(['01', '02', '03']).default('01'),
  listing: listingSchema.optional(),
  noticeGiven: z.enum(['0', '1']).default('0'),
  usedUsd: z.object({ JH: decimal.optional(), GH: decimal.optional() }).default({}),
  cashTodayUsd: decimal.default('0'),
});

export const fixtureSchema = z.object({
  persons: z.array(personSchema).default([]),
  /** 'YYYY-MM' → currency → USD per unit of the currency. */
  conversionRates: z.record(z.string().regex(/^\d{4}-\d{2}$/), z.record(z.string().length(3), decimal)).default({}),
});

export type FixturePerson = z.infer<typeof personSchema>;
export type Fixture = z.infer<typeof fixtureSchema>;

export const EMPTY_FIXTURE: Fixture = { persons: [], conversionRates: {} };

export function loadFixture(path: string | undefined): Fixture {
  if (!path) return EMPTY_FIXTURE;
  const parsed = fixtureSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`fixture ${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
