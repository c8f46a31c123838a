/**
 * Analysts' aggregates of the reported figures (统计汇总与增速): sums and counts by county, industry at any GB/T 4754
 * level and month over a bounded range, with growth year on year (the same groups twelve months earlier) and month on
 * month (one month earlier). Only sums leave the subgraph; for leaders, who may not read an enterprise's report, a
 * group of fewer than three enterprises has its figures withheld (统计数据保密), so no one enterprise's figures show.
 */
import { ABOVE_SCALE_CATEGORIES, type AboveScaleCategory, type ReportStatus } from '@qq/db/schema/statistics';
import {
  BadUserInputError,
  decodeCursor,
  encodeCursor,
  ForbiddenError,
  isIndustryCode,
  readCountyFilter,
  UnauthenticatedError,
  type Principal,
} from '@qq/kit';
import {
  AggregatesStore,
  type AggregateDimension,
  type AggregateQuery,
  type AggregateRow,
  type IndustryLevel,
} from '../store/aggregates.store.ts';
import { isLeadStaff } from './access.ts';

import * as valid from './validation.ts';

/** The widest range one request may sum: three years of months. */
export const MAX_MONTHS = 36;
/** Groups smaller than this are withheld from leaders. */
export const MIN_GROUP = 3;

export interface AggregateArgs {
  from: string;
  to: string;
  groupBy: readonly string[];
  industryLevel?: string | null;
  filter?: {
    countyCode?: string | null;
    industryPrefix?: string | null;
    category?: string | null;
    acceptedOnly?: boolean | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

type Figures = Pick<AggregateRow, 'revenue' | 'mainBusinessRevenue' | 'outputValue' | 'employees'>;

export interface Aggregate extends AggregateRow {
  /** True when the figures are withheld (a group of fewer than three enterprises, for leaders). */
  withheld: boolean;
  yearOnYear: Record<keyof Figures, number | null>;
  monthOnMonth: Record<keyof Figures, number | null>;
}

const DIMENSIONS: readonly AggregateDimension[] = ['PERIOD', 'COUNTY', 'INDUSTRY'];
const LEVELS: readonly IndustryLevel[] = ['SECTION', 'DIVISION', 'GROUP', 'CLASS'];
const FIGURES: ReadonlyArray<keyof Figures> = ['revenue', 'mainBusinessRevenue', 'outputValue', 'employees'];

/** Months from YYYY-MM as a count, and back. */
const monthIndex = (period: string) => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
const periodOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
const shift = (period: string, months: number) => periodOf(monthIndex(period) + months);

function refuse(principal: Principal): never {
  throw principal.role === 'anonymous' ? new UnauthenticatedError() : new ForbiddenError();
}

function rate(current: number, reference: number | undefined): number | null {
  if (reference === undefined || reference <= 0) return null;
  return Math.round(((current - reference) / reference) * 1e6) / 1e6;
}

export class AggregatesService {
  constructor(
    private readonly principal: Principal,
    private readonly store: AggregatesStore,
  ) {}

  private scopeCounty(): string | null {
    const p = this.principal;
    switch (p.role) {
      case 'analyst':
      case 'leader':
        return null;
      case 'admin':
        return p.county;
      case 'staff':
        if (isLeadStaff(p)) return p.county;
        return refuse(p);
      case 'anonymous':
      case 'enterprise':
      case 'person':
      case 'system':
        return refuse(p);
    }
  }

  async aggregates(args: AggregateArgs) {
    const scopeCounty = this.scopeCounty();
    const from = valid.period(args.from, 'from')!;
    const to = valid.period(args.to, 'to')!;
    const span = monthIndex(to) - monthIndex(from) + 1;
    if (span < 1) throw new BadUserInputError('to', 'must not be before `from`');
    if (span > MAX_MONTHS) throw new BadUserInputError('to', `the range may cover at most ${MAX_MONTHS} months`);
    const dims = new Set<AggregateDimension>();
    for (const d of args.groupBy) {
      if (!(DIMENSIONS as readonly string[]).includes(d)) throw new BadUserInputError('groupBy', 'unknown dimension');
      dims.add(d as AggregateDimension);
    }
    const level = (args.industryLevel ?? 'SECTION') as IndustryLevel;
    if (!LEVELS.includes(level)) throw new BadUserInputError('industryLevel', 'unknown');
    const f = args.filter ?? {};
    const industryPrefix = f.industryPrefix ?? null;
    if (industryPrefix !== null && !isIndustryCode(industryPrefix, false)) {
      throw new BadUserInputError('filter.industryPrefix', 'must be a GB/T 4754 code or prefix, such as C or C33');
    }
    const category = f.category ?? null;
    if (category !== null && !(ABOVE_SCALE_CATEGORIES as readonly string[]).includes(category)) {
      throw new BadUserInputError('filter.category', 'unknown');
    }
    const first = args.first ?? 50;
    if (!Number.isInteger(first) || first < 0 || first > 200) {
      throw new BadUserInputError('first', 'must be an integer from 0 to 200');
    }
    const offset = args.after ? Number(decodeCursor(args.after, 1)[0]) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new BadUserInputError('after', 'is not a cursor of this list');
    const statuses: ReportStatus[] = (f.acceptedOnly ?? true) ? ['ACCEPTED'] : ['SUBMITTED', 'ACCEPTED'];
    const query: AggregateQuery = {
      from,
      to,
      dims,
      level,
      statuses,
      scopeCounty,
      countyCode: readCountyFilter(f.countyCode, 'filter.countyCode'),
      industryPrefix,
      category: category as AboveScaleCategory | null,
    };
    // The same groups over the range shifted back a year and a month: three statements, each one grouped scan.
    const [rows, lastYear, lastMonth] = await Promise.all([
      this.store.aggregate(query),
      this.store.aggregate({ ...query, from: shift(from, -12), to: shift(to, -12) }),
      this.store.aggregate({ ...query, from: shift(from, -1), to: shift(to, -1) }),
    ]);
    const keyOf = (r: AggregateRow, months: number) =>
      `${r.period === null ? '' : shift(r.period, months)}|${r.countyCode ?? ''}|${r.industryCode ?? ''}`;
    const yoy = new Map(lastYear.map((r) => [keyOf(r, 12), r]));
    const mom = new Map(lastMonth.map((r) => [keyOf(r, 1), r]));
    const withholds = this.principal.role === 'leader';
    const nodes: Aggregate[] = rows.slice(offset, offset + first).map((r) => {
      const withheld = withholds && r.enterpriseCount < MIN_GROUP;
      const growth = (ref: AggregateRow | undefined) =>
        Object.fromEntries(
          FIGURES.map((k) => [
            k,
            withheld || !ref || (withholds && ref.enterpriseCount < MIN_GROUP) ? null : rate(r[k], ref[k]),
          ]),
        ) as Aggregate['yearOnYear'];
      return {
        ...r,
        withheld,
        yearOnYear: growth(yoy.get(keyOf(r, 0))),
        monthOnMonth: growth(mom.get(keyOf(r, 0))),
      };
    });
    const edges = nodes.map((node, i) => ({ cursor: encodeCursor([offset + i + 1]), node }));
    return {
      from,
      to,
      edges,
      nodes,
      totalCount: rows.length,
      pageInfo: {
        hasNextPage: offset + first < rows.length,
        hasPreviousPage: offset > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
