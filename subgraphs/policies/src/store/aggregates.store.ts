/**
 * The policy aggregates (惠企政策汇总): redemption applications by submission month, 免申即享 entitlements by the month
 * they were found, and visits by the month they took place, each summed into the same groups of department, county,
 * industry and month in one statement (kit `sumAggregateGroups`). The industry is the enterprise's, from the facts
 * snapshot (`enterprise_facts`: the statistical unit's class where statistics classified the enterprise, else the
 * registry's code), never from another schema. Rows are the caller's (`aggregateScope`); only counts and sums leave.
 */
import type { Database } from '@qq/db/client';
import {
  enterpriseFacts as facts,
  entitlements,
  redemptionApplications as apps,
  visitProblems,
  visits,
} from '@qq/db/schema/policies';
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
import { MODULE_SCOPE } from '../access.ts';

/** The summed measures, in the order of the statement's columns. */
export const POLICY_MEASURES = [
  'applications',
  'applicationsFromEntitlements',
  'applicationsOpen',
  'applicationsOverdue',
  'applicationsReturned',
  'applicationsCompleted',
  'completedOnTime',
  'approved',
  'refused',
  'amountRequested',
  'amountGranted',
  'entitlementsOffered',
  'entitlementsConfirmed',
  'entitlementsDeclined',
  'visits',
  'problemsRaised',
] as const;
/** The distinct counts. */
export const POLICY_DISTINCT = ['applyingEnterprises', 'enterprisesVisited'] as const;

type Measure = (typeof POLICY_MEASURES)[number];

/** The enterprise's industry in the snapshot: the statistical unit's class, else the registry's code. */
const INDUSTRY = sql`coalesce(${facts.unitIndustryCode}, ${facts.industryCode})`;
const count = (condition: SQL) => sql`case when ${condition} then 1 else 0 end`;

export class AggregatesStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  /** One kind of row: its table joined to the snapshot, the caller's scope, the range and the filters. */
  private source(
    q: AggregateRequest,
    table: { from: SQL; departmentCode: PgColumn; countyCode: PgColumn; enterpriseCode: PgColumn; at: PgColumn },
    measures: Partial<Record<Measure, SQL>>,
    distinct: Partial<Record<(typeof POLICY_DISTINCT)[number], SQL>> = {},
  ): AggregateSource {
    return {
      from: sql`${table.from} left join ${facts} on ${facts.creditCode} = ${table.enterpriseCode}`,
      where: [
        aggregateScope(this.principal, table, MODULE_SCOPE),
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

  /** aggregatePolicies: the groups of the request, every group of the range (the service pages them). */
  async aggregate(q: AggregateRequest): Promise<AggregateGroup[]> {
    const redemption = this.source(
      q,
      { from: sql`${apps}`, ...pick(apps), at: apps.submittedAt },
      {
        applications: sql`1`,
        applicationsFromEntitlements: count(sql`${apps.origin} = 'ENTITLEMENT'`),
        applicationsOpen: count(sql`${apps.status} not in ('COMPLETED', 'DISCLOSED')`),
        applicationsOverdue: count(sql`${apps.overdueAt} is not null`),
        applicationsReturned: count(sql`${apps.returnedAt} is not null`),
        applicationsCompleted: count(sql`${apps.completedAt} is not null`),
        completedOnTime: count(sql`${apps.completedAt} <= ${apps.dueAt}`),
        approved: count(sql`${apps.result} = 'APPROVED'`),
        refused: count(sql`${apps.result} = 'REFUSED'`),
        amountRequested: sql`coalesce(${apps.amountRequested}, 0)`,
        amountGranted: sql`case when ${apps.result} = 'APPROVED' then coalesce(${apps.amountGranted}, 0) else 0 end`,
      },
      { applyingEnterprises: sql`${apps.enterpriseCode}` },
    );
    const exemption = this.source(
      q,
      { from: sql`${entitlements}`, ...pick(entitlements), at: entitlements.entitledAt },
      {
        entitlementsOffered: sql`1`,
        entitlementsConfirmed: count(sql`${entitlements.status} = 'CONFIRMED'`),
        entitlementsDeclined: count(sql`${entitlements.status} = 'DECLINED'`),
      },
    );
    const visiting = this.source(
      q,
      { from: sql`${visits}`, ...pick(visits), at: visits.visitedAt },
      {
        visits: sql`1`,
        problemsRaised: sql`(select count(*) from ${visitProblems} where ${visitProblems.visitId} = ${visits.id}
          and ${visitProblems.raisedAt} is not null)`,
      },
      { enterprisesVisited: sql`${visits.enterpriseCode}` },
    );
    return sumAggregateGroups(this.db, [redemption, exemption, visiting], q.groupBy, POLICY_MEASURES, POLICY_DISTINCT);
  }
}

function pick(t: { departmentCode: PgColumn; countyCode: PgColumn; enterpriseCode: PgColumn }) {
  return { departmentCode: t.departmentCode, countyCode: t.countyCode, enterpriseCode: t.enterpriseCode };
}
