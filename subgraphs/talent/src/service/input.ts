/** Argument checks of the talent services beyond the kit's: every failure is BAD_USER_INPUT naming the field. */
import { addDays, chinaDay } from '@qq/kit';
import { z } from 'zod';

/** A calendar date YYYY-MM-DD. */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    { message: 'is not a calendar date' },
  );

/** Common field schemas. */
export const fields = {
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
  personName: z
    .string()
    .trim()
    .refine((s) => [...s].length >= 1 && [...s].length <= 30, { message: 'must be 1–30 characters' }),
  phone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, {
      message: 'must be a mobile number or a landline such as 0375-1234567',
    }),
  mobile: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, { message: 'must be an 11-digit mobile number' }),
  salary: z
    .number()
    .int({ message: 'must be whole yuan' })
    .min(1, { message: 'must be 1 to 1,000,000 yuan' })
    .max(1_000_000, { message: 'must be 1 to 1,000,000 yuan' }),
  headcount: z
    .number()
    .int({ message: 'must be a whole number' })
    .min(1, 'must be 1 to 9999')
    .max(9999, 'must be 1 to 9999'),
  /** A last valid day from tomorrow to `maxDays` ahead of `now` (China calendar). */
  expiresOn: (now: Date, maxDays: number) => {
    const today = chinaDay(now);
    return day.refine((d) => d > today && d <= addDays(today, maxDays), {
      message: `must be from tomorrow to ${maxDays} days ahead`,
    });
  },
};

/** Drops the keys whose value is null or undefined (omitted fields of an update keep their value). */
export function given<T extends Record<string, unknown>>(input: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}
