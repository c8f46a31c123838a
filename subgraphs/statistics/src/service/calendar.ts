/**
 * The reporting calendar (报表日历): for each form and period, the day filing opens and the deadline. The default rule
 * is the national one: a period opens the day after it ends and is due on the 18th of the next month (the next
 * working day when the 18th is not one, on the kit's working-day calendar); a monthly form's January is exempt (the
 * February report covers January and February). The bureau (统计局, city-wide) overrides single entries; an override
 * is a row of `statistics.reporting_calendar`.
 */
import { workdayCalendar, type Calendar } from '@qq/kit';
import type { StatisticalFormDefinition } from '@qq/db/schema/statistics';
import { fitsFrequency } from './forms.ts';

export interface CalendarEntry {
  formCode: string;
  period: string;
  opensOn: string;
  dueOn: string;
  exempt: boolean;
  /** Whether the bureau set it (otherwise the default rule). */
  custom: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The month after `period` (YYYY-MM). */
export function nextMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

/** The month before `period` (YYYY-MM). */
export function previousMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

export function defaultEntry(
  form: StatisticalFormDefinition,
  period: string,
  calendar: Calendar = workdayCalendar(),
): CalendarEntry {
  const after = nextMonth(period);
  return {
    formCode: form.code,
    period,
    opensOn: `${after}-01`,
    dueOn: calendar.addWorkingDays(`${after}-18`, 0),
    exempt: form.frequency === 'MONTHLY' && period.endsWith('-01'),
    custom: false,
  };
}

/** The periods of `year` a form is filed for. */
export function periodsOfYear(form: StatisticalFormDefinition, year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`).filter((p) => fitsFrequency(p, form.frequency));
}
