/** Field schemas of this subgraph's inputs (zod); `parseInput` from the kit reports the first problem by field. */
import { isValidCreditCode, UUID_PATTERN } from '@qq/kit';
import { z } from 'zod';

export const uuid = z.string().regex(UUID_PATTERN, 'must be a UUID (编号格式错误)');

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
