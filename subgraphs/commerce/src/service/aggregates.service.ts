/**
 * `commerceAggregates` (招商与融资汇总): opportunities, investment projects, financing needs and applications grouped
 * by any of department, county, industry (GB/T 4754, any level) and month, for staff (their scope: 商务局 every row of
 * its county, 发改委 its own projects), leaders and analysts (the city) and admins (their county). Enterprises, persons
 * and systems are refused, anonymous callers unauthenticated.
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
        approvalRate: ratio(m.applicationsApproved!, m.applicationsAnswered!),
      })),
    );
  }
}
