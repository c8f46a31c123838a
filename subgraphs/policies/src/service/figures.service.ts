/**
 * `policyFigures(month)` and `exemptionFigures(month)` on Department and County for the monthly evaluation: one
 * statement per module and month for every unit the request asks about (a DataLoader keyed by month), read at the
 * unit's level (a department across counties, a county across departments, the city 410400 across everything).
 */
import { CITY_CODE, monthRange } from '@qq/kit';
import DataLoader from 'dataloader';
import {
  noExemptionCounts,
  noPolicyCounts,
  type ExemptionCounts,
  type FigureLevels,
  type FigureStore,
  type PolicyCounts,
} from '../store/figures.store.ts';

export type FigureUnit = 'department' | 'county';

function pick<T>(levels: FigureLevels<T>, by: FigureUnit, code: string, empty: () => T): T {
  if (by === 'department') return levels.byDepartment.get(code) ?? empty();
  return code === CITY_CODE ? levels.city : (levels.byCounty.get(code) ?? empty());
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export class FigureService {
  private readonly policyByMonth: DataLoader<string, FigureLevels<PolicyCounts>>;
  private readonly exemptionByMonth: DataLoader<string, FigureLevels<ExemptionCounts>>;

  constructor(store: FigureStore, now: Date) {
    this.policyByMonth = new DataLoader(async (months) =>
      Promise.all(
        months.map((m) => {
          const { from, to } = monthRange(m);
          return store.policy(from, to, now);
        }),
      ),
    );
    this.exemptionByMonth = new DataLoader(async (months) =>
      Promise.all(
        months.map((m) => {
          const { from, to } = monthRange(m);
          return store.exemption(from, to);
        }),
      ),
    );
  }

  async policy(month: string, by: FigureUnit, code: string) {
    monthRange(month);
    const c = pick(await this.policyByMonth.load(month), by, code, noPolicyCounts);
    return {
      month,
      ...c,
      publishedWithin24HoursRate: rate(c.publishedWithin24Hours, c.published),
      redemptionStepsOnTimeRate: rate(c.redemptionStepsOnTime, c.redemptionStepsOnTime + c.redemptionStepsOverdue),
    };
  }

  async exemption(month: string, by: FigureUnit, code: string) {
    monthRange(month);
    const c = pick(await this.exemptionByMonth.load(month), by, code, noExemptionCounts);
    return { month, ...c, completedOnTimeRate: rate(c.completedOnTime, c.completedOnTime + c.completedLate) };
  }
}
