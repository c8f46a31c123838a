/**
 * Argument checks every subgraph makes the same way. Each failure is BAD_USER_INPUT naming the offending field as a
 * dotted path (`input.contactPhone`, `filter.countyCode`).
 */
import { z } from 'zod';
import { isCountyCode, isUnitCode } from './auth.ts';
import { isValidCreditCode } from './creditCode.ts';
import { BadUserInputError } from './errors.ts';

/**
 * Parses `value` with `schema`; the first issue becomes BAD_USER_INPUT on `prefix` followed by the issue's path
 * (`input.redemptionItems.0.name`).
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, prefix = 'input'): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [prefix, ...(issue?.path ?? []).map(String)].join('.');
  throw new BadUserInputError(field, issue?.message ?? 'is not valid');
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be a row id: a malformed one would be a SQL error, not a miss. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** An id argument: a UUID, else BAD_USER_INPUT on `field` (with the subgraph's own wording where it has one). */
export function assertUuid(value: string, field: string, message = 'must be a UUID (编号格式错误)'): void {
  if (!isUuid(value)) throw new BadUserInputError(field, message);
}

const UNIT_CODE_MESSAGE = 'must be the GB/T 2260 code of a county-level unit of Pingdingshan or 410400';

/**
 * A county filter: one of the twelve county-level units, or the city (`410400`); null when absent. The code is
 * returned as given: what the city means (every unit, or the city's own rows) is the caller's to decide.
 */
export function readCountyFilter(code: string | null | undefined, field: string): string | null {
  if (code === undefined || code === null) return null;
  if (!isUnitCode(code)) throw new BadUserInputError(field, UNIT_CODE_MESSAGE);
  return code;
}

/** A search keyword of 2–50 characters (code points: 政策 is two), trimmed; null when absent. */
export function readKeyword(keyword: string | null | undefined, field: string): string | null {
  if (keyword === undefined || keyword === null) return null;
  const trimmed = keyword.trim();
  const length = [...trimmed].length;
  if (length < 2 || length > 50) throw new BadUserInputError(field, 'must be 2–50 characters (关键词应为 2–50 个字)');
  return trimmed;
}

/** zod: the county-level unit a record belongs to (one of the twelve; the city is not one). */
export const countyCodeSchema = z
  .string()
  .refine(isCountyCode, 'must be the GB/T 2260 code of one of the twelve county-level units of Pingdingshan');

/** zod: a county filter, as `readCountyFilter`. */
export const unitCodeSchema = z.string().refine(isUnitCode, UNIT_CODE_MESSAGE);

/** A calendar day YYYY-MM-DD that exists: no 30 February, which `Date.parse` would silently roll over to March. */
export function isCalendarDay(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = m.slice(1, 4).map(Number) as [number, number, number];
  // setUTCFullYear, not Date.UTC: that reads years 0–99 as 1900–1999.
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d);
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** zod: a calendar day YYYY-MM-DD that exists (`isCalendarDay`). */
export const calendarDaySchema = z.string().refine(isCalendarDay, 'must be an existing day YYYY-MM-DD');

/**
 * zod: an instant a machine reports (ISO 8601 with an offset, e.g. `2026-11-30T09:15:00+08:00`) that exists: no 30
 * February and no 24:61, which `Date.parse` would silently roll over. Parsed to a Date.
 */
export const reportedInstantSchema = z
  .string()
  .refine(isReportedInstant, 'must be an existing ISO 8601 instant with an offset, e.g. 2026-11-30T09:15:00+08:00')
  .transform((v) => new Date(v));

function isReportedInstant(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/.exec(v);
  if (!m || Number.isNaN(Date.parse(v)) || !isCalendarDay(v.slice(0, 10))) return false;
  return Number(m[4]) < 24 && Number(m[5]) < 60;
}

/**
 * The county-level unit an enterprise's record belongs to: the one given, else the division code in its credit code
 * (characters 3–8, the registering authority's unit) when that is one of the twelve units. Enterprises registered by
 * the city (410400) or outside Pingdingshan must say which unit handles them.
 */
export function unitOfEnterprise(creditCode: string, given: string | null | undefined, field: string): string {
  if (given !== null && given !== undefined) return given;
  const division = isValidCreditCode(creditCode) ? creditCode.slice(2, 8) : '';
  if (isCountyCode(division)) return division;
  throw new BadUserInputError(field, 'is required: the credit code does not name a county-level unit of Pingdingshan');
}
