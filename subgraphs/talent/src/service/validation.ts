/** Input validation shared by the services: zod issues become BAD_USER_INPUT naming the field. */
import { BadUserInputError, CITY_CODE, COUNTY_CODES } from '@qq/kit';
import type { z } from 'zod';

/** Parses `value` with `schema`; the first issue becomes BAD_USER_INPUT on `prefix.path`. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, prefix: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? `${prefix}.${issue.path.join('.')}` : prefix;
  throw new BadUserInputError(path, issue?.message ?? 'is not valid');
}

/** A county filter: one of the twelve units, or the city (meaning every unit). */
export function readCountyFilter(code: string | null | undefined, field: string): string | null {
  if (code === undefined || code === null || code === CITY_CODE) return null;
  if (!(COUNTY_CODES as readonly string[]).includes(code)) {
    throw new BadUserInputError(field, 'must be the GB/T 2260 code of a county-level unit of Pingdingshan or 410400');
  }
  return code;
}

/** A search keyword of 2–50 characters, trimmed; null when absent. */
export function readKeyword(keyword: string | null | undefined, field: string): string | null {
  if (keyword === undefined || keyword === null) return null;
  const trimmed = keyword.trim();
  const length = [...trimmed].length;
  if (length < 2 || length > 50) throw new BadUserInputError(field, 'must be 2 to 50 characters');
  return trimmed;
}
