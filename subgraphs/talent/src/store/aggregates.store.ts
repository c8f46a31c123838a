/**
 * The talent aggregates (招聘汇总): job postings by the month of their first publication and applications by the month
 * they were submitted, summed into the same groups of department, county, industry and month in one statement (kit
 * `sumAggregateGroups`). The industry is the posting enterprise's, from this schema's copy (`enterprise_industries`:
 * the statistical unit's class where statistics classified the enterprise, else the registry's code), refreshed
 * through the graph. Rows are the caller's (`aggregateScope`); only counts and sums leave: never an applicant's name,
 * phone or résumé.
 */
import type { Database } from '@qq/db/client';
import { enterpriseIndustries as industries, jobApplications, jobPostings } from '@qq/db/schema/talent';
import {
  aggregateScope,
  industryAtLevel,
  monthOfInstant,
  sumAggregateGroups,
  type AggregateGroup,
  type AggregateRequest,
  type AggregateSource,
  type Principal,
} from '@qq/kit';
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { TALENT_SCOPE } from '../domain.ts';

/** The summed measures, in the order of the statement's columns. */
export const TALENT_MEASURES = [
  'jobPostings',
  'positions',
  'jobPostingsOpen',
  'salaryMinTotal',
  'salaryMaxTotal',
  'applications',
  'applicationsAnswered',
  'interviews',
  'hires',
  'applicationsWithdrawn',
] as const;
/** The distinct counts. */
export const TALENT_DISTINCT = ['hiringEnterprises', 'applicants'] as const;

type Measure = (typeof TALENT_MEASURES)[number];

/** The enterprise's industry in the copy: the statistical unit's class, else the registry's code. */
const INDUSTRY = sql`coalesce(${industries.unitIndustryCode}, ${industries.industryCode})`;
const count = (condition: SQL) => sql`case when ${condition} then 1 else 0 end`;

export class AggregatesStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  private source(
    q: AggregateRequest,
    table: { from: SQL; departmentCode: PgColumn; countyCode: PgColumn; enterpriseCode: PgColumn; at: PgColumn },
    measures: Partial<Record<Measure, SQL>>,
    distinct: Partial<Record<(typeof TALENT_DISTINCT)[number], SQL>>,
  ): AggregateSource {
    return {
      from: sql`${table.from} left join ${industries} on ${industries.creditCode} = ${table.enterpriseCode}`,
      where: [
        aggregateScope(this.principal, table, TALENT_SCOPE),
        sql`${table.at} >= ${q.start.toISOString()}::timestamptz and ${table.at} < ${q.end.toISOString()}::timestamptz`,
        q.countyCode ? sql`${table.countyCode} = ${q.countyCode}` : undefined,
        q.departmentCode ? sql`${table.departmentCode} = ${q.departmentCode}` : undefined,
        q.industryPrefix ? sql`${INDUSTRY} like ${`${q.industryPrefix}%`}` : undefined,
      ],
      keys: {
        DEPARTMENT: sql`${table.departmentCode}`,
        COUNTY: sql`${table.countyCode}`,
        INDUSTRY: industryAtLevel(INDUSTRY, q.level),
        MONTH: monthOfInstant(sql`${table.at}`),
      },
      measures,
      distinct,
    };
  }

  /** aggregateTalent: the groups of the request, every group of the range (the service pages them). */
  async aggregate(q: AggregateRequest): Promise<AggregateGroup[]> {
    const p = jobPostings;
    const a = jobApplications;
    const postings = this.source(
      q,
      {
        from: sql`${p}`,
        departmentCode: p.departmentCode,
        countyCode: p.countyCode,
        enterpriseCode: p.enterpriseCode,
        at: p.publishedAt,
      },
      {
        jobPostings: sql`1`,
        positions: sql`${p.headcount}`,
        jobPostingsOpen: count(sql`${p.status} = 'PUBLISHED'`),
        salaryMinTotal: sql`${p.salaryMin}`,
        salaryMaxTotal: sql`${p.salaryMax}`,
      },
      { hiringEnterprises: sql`${p.enterpriseCode}` },
    );
    const applications = this.source(
      q,
      {
        from: sql`${a}`,
        departmentCode: a.departmentCode,
        countyCode: a.countyCode,
        enterpriseCode: a.enterpriseCode,
        at: a.submittedAt,
      },
      {
        applications: sql`1`,
        applicationsAnswered: count(sql`${a.answeredAt} is not null`),
        interviews: count(sql`${a.invitedAt} is not null`),
        hires: count(sql`${a.hiredAt} is not null`),
        applicationsWithdrawn: count(sql`${a.status} = 'WITHDRAWN'`),
      },
      { applicants: sql`${a.applicantSub}` },
    );
    return sumAggregateGroups(this.db, [postings, applications], q.groupBy, TALENT_MEASURES, TALENT_DISTINCT);
  }
}
