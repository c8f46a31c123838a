/** Argument checks of the commerce services beyond the kit's: every failure is BAD_USER_INPUT naming the field. */
import { INDUSTRIES } from '@qq/db/reference';
import { BadUserInputError, readPage } from '@qq/kit';
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
};
