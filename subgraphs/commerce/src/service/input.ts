/** Argument checks of the commerce services beyond the kit's: every failure is BAD_USER_INPUT naming the field. */
import { INDUSTRIES } from '@qq/db/reference';
import { addDays, BadUserInputError, chinaDay, readPage } from '@qq/kit';
import { z } from 'zod';

export function assertIndustry(code: string | null | undefined, field: string): void {
  if (code !== null && code !== undefined && !INDUSTRIES[code]) {
    throw new BadUserInputError(field, 'must be a GB/T 4754 section letter A–T');
  }
}

/** `first` of a list contributed to an entity: smaller pages than the top-level lists (at most 50, 10 by default). */
export function nestedFirst(first: number | null | undefined): number {
  return readPage({ first }, 0, 50, 10).limit;
}

const twoDecimals = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/** A calendar date YYYY-MM-DD. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    { message: 'is not a calendar date' },
  );

/** Common field schemas. */
export const fields = {
  industryCode: z.string().refine((c) => !!INDUSTRIES[c], { message: 'must be a GB/T 4754 section letter A–T' }),
  contactName: z
    .string()
    .trim()
    .refine((s) => [...s].length >= 2 && [...s].length <= 20, { message: 'must be 2–20 characters' }),
  contactPhone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, {
      message: 'must be an 11-digit mobile number or a landline with its area code',
    }),
  /** A text of `min`–`max` characters (counted as Unicode characters, not UTF-16 units). */
  text: (min: number, max: number) =>
    z
      .string()
      .trim()
      .refine((s) => [...s].length >= min && [...s].length <= max, { message: `must be ${min}–${max} characters` }),
  /** An optional note or reason of at most `max` characters; blank is none. */
  note: (max = 500) =>
    z
      .string()
      .trim()
      .refine((s) => [...s].length <= max, { message: `must be at most ${max} characters` })
      .nullish()
      .transform((s) => (s ? s : null)),
  /** An amount in 万元: more than 0, at most `max`, two decimals at most. */
  amount: (max: number) =>
    z
      .number()
      .gt(0, { message: 'must be more than 0' })
      .max(max, { message: `must be at most ${max.toLocaleString('en')} (万元)` })
      .refine(twoDecimals, { message: 'must have at most two decimals' }),
  months: z
    .number()
    .int({ message: 'must be a whole number of months' })
    .min(1, { message: 'must be 1–360' })
    .max(360, { message: 'must be 1–360' }),
  /** A last valid day from tomorrow to `maxDays` ahead of `now` (China calendar). */
  expiresOn: (now: Date, maxDays: number) => {
    const today = chinaDay(now);
    return day.refine((d) => d > today && d <= addDays(today, maxDays), {
      message: `must be from tomorrow to ${maxDays} days ahead`,
    });
  },
};

/** How far ahead a department's listing may be valid (three years) and a poster's (one year). */
export const LISTING_MAX_DAYS = 3 * 366;
export const POST_MAX_DAYS = 366;
/** The default validity of a new listing: one year. */
export const DEFAULT_VALID_DAYS = 365;

/** The last valid day of a new listing when none is given: one year ahead. */
export function defaultExpiry(now: Date): string {
  return addDays(chinaDay(now), DEFAULT_VALID_DAYS);
}
