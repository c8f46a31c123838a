/** The form catalogue (configuration in the db package) and the period rules that go with it. */
import { STATISTICAL_FORMS, type ReportFrequency, type StatisticalFormDefinition } from '@qq/db/schema/statistics';

export { STATISTICAL_FORMS, type StatisticalFormDefinition };

const BY_CODE = new Map(STATISTICAL_FORMS.map((f) => [f.code, f]));

export function formByCode(code: string): StatisticalFormDefinition | undefined {
  return BY_CODE.get(code);
}

export const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first and the last day (YYYY-MM-DD) of a period `YYYY-MM` that matches PERIOD_PATTERN. */
export function periodDays(period: string): { first: string; last: string } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(last).padStart(2, '0')}` };
}

/** Whether `period` is a valid period of a form filed at this frequency. */
export function fitsFrequency(period: string, frequency: ReportFrequency): boolean {
  switch (frequency) {
    case 'MONTHLY':
      return true;
    case 'QUARTERLY':
      return ['03', '06', '09', '12'].includes(period.slice(5));
  }
}
