/**
 * The monthly figures of matters (`complaintFigures` on Department and County, the evaluation's contract) and the
 * staff's statistics (`matterStatistics`). Both are aggregates: readable by staff, leaders, analysts, admins and
 * systems. Figures count the recorded instants of the month (China time), one statement for every unit and month of a
 * request; statistics count matters by submission month in the caller's scope (leaders and analysts: all), one
 * statement per request.
 */
import type { Database } from '@qq/db/client';
import {
  BadUserInputError,
  CITY_CODE,
  ForbiddenError,
  monthRange,
  parseInput,
  UnauthenticatedError,
  type Principal,
} from '@qq/kit';
import DataLoader from 'dataloader';
import { z } from 'zod';
import { CATEGORIES } from '../domain.ts';
import { FiguresStore, type FactRow, type StatisticsDimension } from '../store/figures.store.ts';
import { matterScope } from '../store/matters.store.ts';

const FIGURE_ROLES: ReadonlyArray<Principal['role']> = ['staff', 'leader', 'analyst', 'admin', 'system'];

/** The measures of `facts` that the figures add up, by field. */
const MEASURES = {
  dispatched: 'dispatched',
  signed: 'signed',
  repliedOnTime: 'repliedOnTime',
  repliedLate: 'repliedLate',
  resolvedOnTime: 'resolvedOnTime',
  resolvedLate: 'resolvedLate',
  reopened: 'reopened',
  reminders: 'level1',
  assignmentNotices: 'level2',
  supervisionLetters: 'level3',
  rated: 'rated',
  transfersIn: 'transfersIn',
  transfersOut: 'transfersOut',
  transfersRefused: 'transfersRefused',
} as const;
type Counts = Record<keyof typeof MEASURES, number>;

const DIMENSIONS = ['DEPARTMENT', 'COUNTY', 'CATEGORY', 'MONTH'] as const;
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
const groupByInput = z.array(z.enum(DIMENSIONS)).max(4);
const statisticsFilterInput = z
  .object({ fromMonth: month.nullish(), toMonth: month.nullish(), category: z.enum(CATEGORIES).nullish() })
  .nullish();

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export class FiguresService {
  private readonly store: FiguresStore;
  /** The facts of each month asked in this request, fetched in one statement. */
  private readonly months: DataLoader<string, FactRow[]>;

  constructor(private readonly deps: { principal: Principal; db: Database; now: Date }) {
    this.store = new FiguresStore(deps.db);
    this.months = new DataLoader(async (keys: readonly string[]) => {
      const rows = await this.store.facts(keys.map((k) => monthRange(k)));
      return keys.map((k) => rows.filter((r) => r.month === k));
    });
  }

  private requireReader(): void {
    const { role } = this.deps.principal;
    if (role === 'anonymous') throw new UnauthenticatedError();
    if (!FIGURE_ROLES.includes(role)) throw new ForbiddenError('Figures are for staff, leaders, analysts and admins.');
  }

  /**
   * The figures of a department (every unit of it, city and counties) or a county-level unit (every department of it;
   * 410400: the whole city) for a month.
   */
  async figures(by: 'department' | 'county', code: string, monthArg: string) {
    this.requireReader();
    monthRange(monthArg);
    const rows = (await this.months.load(monthArg)).filter((r) =>
      by === 'department' ? r.departmentCode === code : code === CITY_CODE || r.countyCode === code,
    );
    const counts = Object.fromEntries(Object.keys(MEASURES).map((k) => [k, 0])) as Counts;
    let satisfaction = 0;
    for (const [field, measure] of Object.entries(MEASURES) as Array<[keyof Counts, string]>) {
      for (const r of rows) if (r.measure === measure) counts[field] += r.n;
    }
    for (const r of rows) if (r.measure === 'rated') satisfaction += r.total;
    return {
      month: monthArg,
      ...counts,
      averageSatisfaction: counts.rated === 0 ? null : satisfaction / counts.rated,
      replyOnTimeRate: rate(counts.repliedOnTime, counts.repliedOnTime + counts.repliedLate),
      resolveOnTimeRate: rate(counts.resolvedOnTime, counts.resolvedOnTime + counts.resolvedLate),
    };
  }

  /** Counts and on-time rates of matters by the dimensions asked, submitted in a range of months. */
  async statistics(args: { groupBy: unknown; filter?: unknown }) {
    this.requireReader();
    const groupBy = [...new Set(parseInput(groupByInput, args.groupBy, 'groupBy'))] as StatisticsDimension[];
    const filter = parseInput(statisticsFilterInput, args.filter, 'filter') ?? {};
    const from = filter.fromMonth ? monthRange(filter.fromMonth, 'filter.fromMonth').from : null;
    const to = filter.toMonth ? monthRange(filter.toMonth, 'filter.toMonth').to : null;
    if (from && to && from >= to) throw new BadUserInputError('filter.toMonth', 'must not be before filter.fromMonth');
    const { principal, now } = this.deps;
    const scope = principal.role === 'leader' ? undefined : matterScope(principal);
    const rows = await this.store.statistics(groupBy, { scope, from, to, category: filter.category }, now);
    return rows.map((r) => ({
      ...r,
      resolveOnTimeRate: rate(r.resolvedOnTime, r.resolved),
      replyOnTimeRate: rate(r.repliedOnTime, r.replied),
      averageSatisfaction: r.rated === 0 ? null : r.satisfactionSum / r.rated,
    }));
  }
}
