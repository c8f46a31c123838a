/** Shared argument checks of the commerce services: every failure is BAD_USER_INPUT naming the field. */
import { INDUSTRIES } from '@qq/db/reference';
import { BadUserInputError, CITY_CODE, COUNTY_CODES, isValidCreditCode } from '@qq/kit';
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** An id argument: a malformed one is the caller's error. */
export function assertId(id: string, field = 'id'): void {
  if (!isUuid(id)) throw new BadUserInputError(field, 'is not a valid id');
}

export function isUnitCode(code: string): boolean {
  return (COUNTY_CODES as readonly string[]).includes(code);
}

/** A county filter: one of the twelve units, or the city (410400) for all of them. */
export function assertCountyFilter(code: string | null | undefined, field: string): void {
  if (code !== null && code !== undefined && code !== CITY_CODE && !isUnitCode(code)) {
    throw new BadUserInputError(field, 'must be the GB/T 2260 code of a county-level unit of Pingdingshan or 410400');
  }
}

export function assertIndustry(code: string | null | undefined, field: string): void {
  if (code !== null && code !== undefined && !INDUSTRIES[code]) {
    throw new BadUserInputError(field, 'must be a GB/T 4754 section letter A–T');
  }
}

/** `first` of a list contributed to an entity: smaller pages than the top-level lists. */
export function nestedFirst(first: number | null | undefined, max = 50, fallback = 10): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new BadUserInputError('first', `must be an integer from 0 to ${max}`);
  return n;
}

/**
 * The unit an enterprise's record belongs to: the one given, else the division code in its credit code (characters
 * 3–8, the registering authority's unit) when that is one of the twelve units. Enterprises registered by the city
 * (410400) must say which unit handles them.
 */
export function unitOf(creditCode: string, given: string | null | undefined, field: string): string {
  if (given !== null && given !== undefined) return given;
  const division = isValidCreditCode(creditCode) ? creditCode.slice(2, 8) : '';
  if (isUnitCode(division)) return division;
  throw new BadUserInputError(field, 'is required: the credit code does not name a county-level unit');
}

/** Parses `value` with `schema`; the first issue becomes BAD_USER_INPUT with its dotted path under `root`. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, root = 'input'): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = [root, ...(issue?.path ?? []).map(String)].join('.');
  throw new BadUserInputError(field, issue?.message ?? 'is not valid');
}

/** Common field schemas. */
export const fields = {
  unitCode: z
    .string()
    .refine(isUnitCode, { message: 'must be the GB/T 2260 code of one of the twelve county-level units' }),
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
};
