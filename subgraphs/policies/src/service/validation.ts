/** Input validation with zod: the first problem becomes BAD_USER_INPUT naming the field (`input.materials`). */
import { BadUserInputError, CITY_CODE, COUNTY_CODES, DEPARTMENTS, isValidCreditCode } from '@qq/kit';
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** An id argument: a UUID, else BAD_USER_INPUT on `field`. */
export function assertUuid(value: string, field: string): void {
  if (!isUuid(value)) throw new BadUserInputError(field, 'must be a UUID (编号格式错误)');
}

export function isUnitCode(code: string): boolean {
  return code === CITY_CODE || (COUNTY_CODES as readonly string[]).includes(code);
}

export function isDepartmentCode(code: string): boolean {
  return (DEPARTMENTS as readonly string[]).includes(code);
}

export const uuid = z.string().regex(UUID, 'must be a UUID (编号格式错误)');

/** Characters, not UTF-16 units: 政策 is two. */
export function length(min: number, max: number, what: string) {
  return z
    .string()
    .trim()
    .refine((s) => [...s].length >= min && [...s].length <= max, {
      message: `must be ${min}–${max} characters (${what}长度应为 ${min}–${max} 个字符)`,
    });
}

/** A positive amount in yuan with at most two decimals. */
export const amount = z
  .number()
  .positive('must be positive (金额必须大于零)')
  .max(1e12, 'is too large (金额过大)')
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'has more than two decimals (金额最多两位小数)');

export const creditCode = z.string().refine(isValidCreditCode, 'is not a valid unified social credit code');

/** Parses `value`; the first issue is thrown as BAD_USER_INPUT on `prefix.path`. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, prefix = 'input'): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [prefix, ...(issue?.path ?? []).map(String)].join('.');
  throw new BadUserInputError(field, issue?.message ?? 'is not valid');
}
