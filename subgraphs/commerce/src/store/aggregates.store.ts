/**
 * The commerce aggregates (招商与融资汇总): opportunities and investment projects by the month of their first
 * publication, financing needs by the month they were raised and financing applications by the month they were
 * submitted, summed into the same groups of department, county, industry and month in one statement (kit
 * `sumAggregateGroups`). The industry of an opportunity, a need or an application is its enterprise's, from this
 * schema's copy (`enterprise_industries`: the statistical unit's class where statistics classified the enterprise, else
 * the registry's code), refreshed through the graph; a project has no enterprise: its own sector (a section letter).
 * Rows are the caller's (`aggregateScope`); only counts and sums leave: no contact, no enterprise's name.
 */
import type { Database } from '@qq/db/client';
import {
  enterpriseIndustries as industries,
  financingApplications as applications,
  financingNeeds as needs,
  investmentProjects as projects,
  opportunities,
  opportunityInterests as interests,
} from '@qq/db/schema/commerce';
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
import { COMMERCE_SCOPE } from '../domain.ts';

/** The summed measures, in the order of the statement's columns. */
export const COMMERCE_MEASURES = [
  'opportunities',
  'opportunitiesOpen',
  'opportunityInterests',
  'investmentProjects',
  'investmentProjectsSigned',
  'investmentAmount',
  'financingNeeds',
  'financingNeedsMatched',
  'financingNeedsFunded',
  'amountSought',
  'financingApplications',
  'applicationsAnswered',
  'applicationsApproved',
  'applicationsDeclined',
  'applicationsDisbursed',
  'amountApplied',
  'amountApproved',
  'amountDisbursed',
] as const;
/** The distinct counts. */
export const COMMERCE_DISTINCT = ['financingEnterprises'] as const;

type Measure = (typeof COMMERCE_MEASURES)[number];

/** An enterprise's industry in the copy: the statistical unit's class, else the registry's code. */
const ENTERPRISE_INDUSTRY = sql`coalesce(${industries.unitIndustryCode}, ${industries.industryCode})`;
const count = (condition: SQL) => sql`case when ${condition} then 1 else 0 end`;
const withIndustry = (table: SQL, enterpriseCode: PgColumn) =>
  sql`${table} left join ${industries} on ${industries.creditCode} = ${enterpriseCode}`;

interface Rows {
  /** The table and its joins. */
  from: SQL;
  departmentCode: PgColumn;
  countyCode: PgColumn;
  /** The instant that places a row in its month. */
  at: PgColumn;
  /** The row's industry code, full length. */
  industry: SQL;
}

export class AggregatesStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  private source(
    q: AggregateRequest,
    rows: Rows,
    measures: Partial<Record<Measure, SQL>>,
    distinct: Partial<Record<(typeof COMMERCE_DISTINCT)[number], SQL>> = {},
  ): AggregateSource {
    return {
      from: rows.from,
      where: [
        aggregateScope(this.principal, rows, COMMERCE_SCOPE),
        sql`${rows.at} >= ${q.start.toISOString()}::timestamptz and ${rows.at} < ${q.end.toISOString()}::timestamptz`,
        q.countyCode ? sql`${rows.countyCode} = ${q.countyCode}` : undefined,
        q.departmentCode ? sql`${rows.departmentCode} = ${q.departmentCode}` : undefined,
        q.industryPrefix ? sql`${rows.industry} like ${`${q.industryPrefix}%`}` : undefined,
      ],
      keys: {
        DEPARTMENT: sql`${rows.departmentCode}`,
        COUNTY: sql`${rows.countyCode}`,
        INDUSTRY: industryAtLevel(rows.industry, q.level),
        MONTH: monthOfInstant(sql`${rows.at}`),
      },
      measures,
      distinct,
    };
  }

  /** aggregateCommerce: the groups of the request, every group of the range (the service pages them). */
  async aggregate(q: AggregateRequest): Promise<AggregateGroup[]> {
    const o = opportunities;
    const posted = this.source(
      q,
      {
        from: withIndustry(sql`${o}`, o.enterpriseCode),
        departmentCode: o.departmentCode,
        countyCode: o.countyCode,
        at: o.publishedAt,
        industry: ENTERPRISE_INDUSTRY,
      },
      {
        opportunities: sql`1`,
        opportunitiesOpen: count(sql`${o.status} = 'PUBLISHED'`),
        opportunityInterests: sql`(select count(*) from ${interests} where ${interests.opportunityId} = ${o.id})`,
      },
    );
    const listed = this.source(
      q,
      {
        from: sql`${projects}`,
        departmentCode: projects.departmentCode,
        countyCode: projects.countyCode,
        at: projects.publishedAt,
        industry: sql`${projects.industryCode}`,
      },
      {
        investmentProjects: sql`1`,
        investmentProjectsSigned: count(sql`${projects.stage} = 'SIGNED'`),
        investmentAmount: sql`${projects.investmentAmount}`,
      },
    );
    const raised = this.source(
      q,
      {
        from: withIndustry(sql`${needs}`, needs.enterpriseCode),
        departmentCode: needs.departmentCode,
        countyCode: needs.countyCode,
        at: needs.createdAt,
        industry: ENTERPRISE_INDUSTRY,
      },
      {
        financingNeeds: sql`1`,
        financingNeedsMatched: count(sql`${needs.matchedAt} is not null`),
        financingNeedsFunded: count(sql`${needs.fundedAt} is not null`),
        amountSought: sql`${needs.amount}`,
      },
      { financingEnterprises: sql`${needs.enterpriseCode}` },
    );
    const a = applications;
    const applied = this.source(
      q,
      {
        from: withIndustry(sql`${a}`, a.enterpriseCode),
        departmentCode: a.departmentCode,
        countyCode: a.countyCode,
        at: a.submittedAt,
        industry: ENTERPRISE_INDUSTRY,
      },
      {
        financingApplications: sql`1`,
        applicationsAnswered: count(sql`${a.answeredAt} is not null`),
        applicationsApproved: count(sql`${a.approvedAmount} is not null`),
        applicationsDeclined: count(sql`${a.status} = 'DECLINED'`),
        applicationsDisbursed: count(sql`${a.disbursedAt} is not null`),
        amountApplied: sql`${a.amount}`,
        amountApproved: sql`coalesce(${a.approvedAmount}, 0)`,
        amountDisbursed: sql`coalesce(${a.disbursedAmount}, 0)`,
      },
      { financingEnterprises: sql`${a.enterpriseCode}` },
    );
    return sumAggregateGroups(
      this.db,
      [posted, listed, raised, applied],
      q.groupBy,
      COMMERCE_MEASURES,
      COMMERCE_DISTINCT,
    );
  }
}
