/**
 * Monthly figures (Art. 9–11): every department's `…Figures(month)` fields on `Department` and `County` count the
 * instants that fall in one calendar month of China time (UTC+8, no daylight saving). This is the one definition of
 * that month.
 */
import { BadUserInputError } from './errors.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The instants a month (YYYY-MM, China time) starts (inclusive) and ends (exclusive); BAD_USER_INPUT on `field` otherwise. */
export function monthRange(month: string, field = 'month'): { from: Date; to: Date } {
  const m = MONTH.exec(month);
  if (!m) throw new BadUserInputError(field, 'must be a month YYYY-MM');
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  const from = new Date(Date.UTC(year, index, 1) - 8 * 3600_000);
  const to = new Date(Date.UTC(year, index + 1, 1) - 8 * 3600_000);
  return { from, to };
}

/** The month (YYYY-MM, China time) an instant falls in. */
export function monthOf(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}
