/**
 * The analysts' aggregates (统计汇总): current report versions of a range of periods summed per county, industry (at a
 * GB/T 4754 level, from the statistical units) and month, in one statement per range. The row scope is the caller's
 * (lead staff and admins their county scope, analysts and leaders the city); only sums leave this store.
 */
import type { Database } from '@qq/db/client';
import { reports, units, type AboveScaleCategory, type ReportStatus } from '@qq/db/schema/statistics';
import { CITY_CODE, INDUSTRY_LEVEL_LENGTH, rowsOf, type IndustryLevel } from '@qq/kit';
import { sql, type SQL } from 'drizzle-orm';

export type AggregateDimension = 'PERIOD' | 'COUNTY' | 'INDUSTRY';
export type { IndustryLevel };

export interface AggregateQuery {
  from: string;
  to: string;
  dims: ReadonlySet<AggregateDimension>;
  level: IndustryLevel;
  statuses: readonly ReportStatus[];
  /** The caller's county scope; null for the whole city. */
  scopeCounty: string | null;
  countyCode: string | null;
  industryPrefix: string | null;
  category: AboveScaleCategory | null;
}

export interface AggregateRow {
  period: string | null;
  countyCode: string | null;
  industryCode: string | null;
  reportCount: number;
  enterpriseCount: number;
  revenue: number;
  mainBusinessRevenue: number;
  outputValue: number;
  employees: number;
}

export class AggregatesStore {
  constructor(private readonly db: Database) {}

  /** aggregateReports: sums per group of the requested dimensions over [from, to]. */
  async aggregate(q: AggregateQuery): Promise<AggregateRow[]> {
    // The length is inlined (a number from the table above): the grouped expression must read the same in `select`
    // and `group by`, which two bind parameters would not.
    const industry = sql`substr(${units.industryCode}, 1, ${sql.raw(String(INDUSTRY_LEVEL_LENGTH[q.level]))})`;
    const keys: SQL[] = [];
    if (q.dims.has('PERIOD')) keys.push(sql`${reports.period}`);
    if (q.dims.has('COUNTY')) keys.push(sql`${reports.countyCode}`);
    if (q.dims.has('INDUSTRY')) keys.push(industry);
    const conditions: SQL[] = [
      sql`${reports.current}`,
      sql`${reports.status} in (${sql.join(
        q.statuses.map((s) => sql`${s}`),
        sql`, `,
      )})`,
      sql`${reports.period} between ${q.from} and ${q.to}`,
    ];
    if (q.scopeCounty && q.scopeCounty !== CITY_CODE) conditions.push(sql`${reports.countyCode} = ${q.scopeCounty}`);
    if (q.countyCode && q.countyCode !== CITY_CODE) conditions.push(sql`${reports.countyCode} = ${q.countyCode}`);
    if (q.industryPrefix) conditions.push(sql`${units.industryCode} like ${`${q.industryPrefix}%`}`);
    if (q.category) conditions.push(sql`${reports.category} = ${q.category}`);
    const result = await this.db.execute(sql`
      select
        ${q.dims.has('PERIOD') ? sql`${reports.period}` : sql`null`} as "period",
        ${q.dims.has('COUNTY') ? sql`${reports.countyCode}` : sql`null`} as "countyCode",
        ${q.dims.has('INDUSTRY') ? industry : sql`null`} as "industryCode",
        count(*) as "reportCount",
        count(distinct ${reports.enterpriseCode}) as "enterpriseCount",
        coalesce(sum(${reports.revenue}), 0) as "revenue",
        coalesce(sum(${reports.mainBusinessRevenue}), 0) as "mainBusinessRevenue",
        coalesce(sum(${reports.outputValue}), 0) as "outputValue",
        coalesce(sum(${reports.employees}), 0) as "employees"
      from ${reports}
      left join ${units} on ${units.enterpriseCode} = ${reports.enterpriseCode}
      where ${sql.join(conditions, sql` and `)}
      ${keys.length > 0 ? sql`group by ${sql.join(keys, sql`, `)}` : sql``}
      ${keys.length > 0 ? sql`order by ${sql.join(keys, sql`, `)}` : sql``}
    `);
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
    return rowsOf<Record<string, unknown>>(result).map((r) => ({
      period: text(r.period),
      countyCode: text(r.countyCode),
      industryCode: text(r.industryCode),
      reportCount: Number(r.reportCount),
      enterpriseCount: Number(r.enterpriseCount),
      revenue: Number(r.revenue),
      mainBusinessRevenue: Number(r.mainBusinessRevenue),
      outputValue: Number(r.outputValue),
      employees: Number(r.employees),
    }));
  }
}
