/** Argument checks shared by the services; each failure names the offending field. */
import { BadUserInputError } from '@qq/kit';
import {
  ABOVE_SCALE_CATEGORIES,
  REPORT_STATUSES,
  type AboveScaleCategory,
  type ReportStatus,
} from '@qq/db/schema/statistics';
import { formByCode, PERIOD_PATTERN } from './forms.ts';

export function period(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!PERIOD_PATTERN.test(value)) throw new BadUserInputError(field, 'must be a month, YYYY-MM');
  return value;
}

export function day(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new BadUserInputError(field, 'must be a date, YYYY-MM-DD');
  }
  return value;
}

export function formCode(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!formByCode(value)) throw new BadUserInputError(field, 'is not a form the platform collects');
  return value;
}

// Enum arguments are checked by GraphQL; these guard calls that do not come through it.
export function category(value: string | null | undefined, field: string): AboveScaleCategory | null {
  if (value === null || value === undefined) return null;
  if (!(ABOVE_SCALE_CATEGORIES as readonly string[]).includes(value)) throw new BadUserInputError(field, 'unknown');
  return value as AboveScaleCategory;
}

export function status(value: string | null | undefined, field: string): ReportStatus | null {
  if (value === null || value === undefined) return null;
  if (!(REPORT_STATUSES as readonly string[]).includes(value)) throw new BadUserInputError(field, 'unknown');
  return value as ReportStatus;
}
