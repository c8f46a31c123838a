/**
 * `talentAggregates` (招聘汇总): job postings, positions and applications grouped by any of department, county, industry
 * (GB/T 4754, any level) and month, for staff (their scope: 人社局 every row of its county), leaders and analysts (the
 * city) and admins (their county). Enterprises, persons and systems are refused, anonymous callers unauthenticated.
 */
import {
  aggregatePage,
  parseAggregateArgs,
  ratio,
  requireAggregateReader,
  type AggregateArgs,
  type Principal,
} from '@qq/kit';
import type { AggregatesStore } from '../store/aggregates.store.ts';

export class AggregatesService {
  constructor(
    private readonly principal: Principal,
    private readonly store: AggregatesStore,
  ) {}

  async aggregates(args: AggregateArgs) {
    requireAggregateReader(this.principal);
    const req = parseAggregateArgs(args);
    const groups = await this.store.aggregate(req);
    return aggregatePage(
      req,
      groups.map(({ measures: m, ...keys }) => ({
        ...keys,
        ...m,
        averageSalaryMin: ratio(m.salaryMinTotal!, m.jobPostings!),
        averageSalaryMax: ratio(m.salaryMaxTotal!, m.jobPostings!),
        answerRate: ratio(m.applicationsAnswered!, m.applications!),
      })),
    );
  }
}
