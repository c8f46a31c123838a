/**
 * The monthly figures of 惠企政策, 政策兑现, 免申即享 and 万人助万企 for the evaluation (Art. 9–11): one statement per
 * module and month counts, per department and county, the recorded instants that fall in the month. The caller adds
 * them up per department or per county (the city: every unit).
 */
import type { Database } from '@qq/db/client';
import {
  applicationEvents,
  entitlements,
  policies,
  redemptionApplications as apps,
  visitProblems,
  visits,
} from '@qq/db/schema/policies';
import { rowsOf } from '@qq/kit';
import { sql, type SQL } from 'drizzle-orm';

/** Staff steps with a time limit: 收件, 受理, 退回, 办结. */
export const TIMED_STEPS = ['RECEIVE', 'ACCEPT', 'RETURN', 'COMPLETE'] as const;

export interface PolicyCounts {
  published: number;
  publishedWithin24Hours: number;
  publishedLate: number;
  draftsPastDeadline: number;
  redemptionStepsOnTime: number;
  redemptionStepsOverdue: number;
}

export interface ExemptionCounts {
  entitlementsOffered: number;
  entitlementsConfirmed: number;
  entitlementsDeclined: number;
  completedOnTime: number;
  completedLate: number;
  visits: number;
  enterprisesVisited: number;
  officialsVisiting: number;
  problemsRaised: number;
}

/**
 * Counts by department (all counties), by county (all departments) and for the city (everything): each distinct count
 * is exact at its own level, never a sum of finer ones.
 */
export interface FigureLevels<T> {
  byDepartment: Map<string, T>;
  byCounty: Map<string, T>;
  city: T;
}

type Row = { department_code: string | null; county_code: string | null; kind: string; n: unknown };

function collect<T extends object>(result: unknown, empty: () => T): FigureLevels<T> {
  const out: FigureLevels<T> = { byDepartment: new Map(), byCounty: new Map(), city: empty() };
  const at = (map: Map<string, T>, key: string) => {
    let v = map.get(key);
    if (!v) map.set(key, (v = empty()));
    return v;
  };
  for (const row of rowsOf<Row>(result)) {
    const target =
      row.department_code !== null
        ? at(out.byDepartment, row.department_code)
        : row.county_code !== null
          ? at(out.byCounty, row.county_code)
          : out.city;
    (target as Record<string, number>)[row.kind] = Number(row.n);
  }
  return out;
}

/**
 * One part of a figures statement: `count` of the rows of `from` grouped by department, by county and for all.
 * `kind` is a literal, or an expression that is grouped on as well.
 */
function part(o: { kind: string | SQL; department: unknown; county: unknown; count?: SQL; from: SQL }): SQL {
  const grouped = typeof o.kind === 'string' ? null : o.kind;
  const kind = grouped ?? sql.raw(`'${o.kind as string}'`);
  const sets = grouped
    ? sql`grouping sets ((${o.department}, ${grouped}), (${o.county}, ${grouped}), (${grouped}))`
    : sql`grouping sets ((${o.department}), (${o.county}), ())`;
  return sql`select ${o.department} as department_code, ${o.county} as county_code, ${kind} as kind,
      ${o.count ?? sql`count(*)`} as n ${o.from} group by ${sets}`;
}

export const noPolicyCounts = (): PolicyCounts => ({
  published: 0,
  publishedWithin24Hours: 0,
  publishedLate: 0,
  draftsPastDeadline: 0,
  redemptionStepsOnTime: 0,
  redemptionStepsOverdue: 0,
});

export const noExemptionCounts = (): ExemptionCounts => ({
  entitlementsOffered: 0,
  entitlementsConfirmed: 0,
  entitlementsDeclined: 0,
  completedOnTime: 0,
  completedLate: 0,
  visits: 0,
  enterprisesVisited: 0,
  officialsVisiting: 0,
  problemsRaised: 0,
});

export class FigureStore {
  constructor(private readonly db: Database) {}

  /** countPolicyFigures: policies and redemption steps of [from, to). */
  async policy(from: Date, to: Date, now: Date): Promise<FigureLevels<PolicyCounts>> {
    const within = (col: unknown) =>
      sql`${col} >= ${from.toISOString()}::timestamptz and ${col} < ${to.toISOString()}::timestamptz`;
    const p = { department: policies.departmentCode, county: policies.countyCode };
    const published = sql`from ${policies} where ${within(policies.publishedAt)}`;
    const onTime = sql`(${applicationEvents.data} ->> 'onTime')`;
    const steps = sql.join(
      TIMED_STEPS.map((step) => sql.raw(`'${step}'`)),
      sql`, `,
    );
    const result = await this.db.execute(
      sql.join(
        [
          part({ ...p, kind: 'published', from: published }),
          part({
            ...p,
            kind: 'publishedWithin24Hours',
            from: sql`${published} and ${policies.publishedAt} <= ${policies.publishDeadlineAt}`,
          }),
          part({
            ...p,
            kind: 'publishedLate',
            from: sql`${published} and ${policies.publishedAt} > ${policies.publishDeadlineAt}`,
          }),
          part({
            ...p,
            kind: 'draftsPastDeadline',
            from: sql`from ${policies} where ${within(policies.publishDeadlineAt)}
            and ${policies.publishDeadlineAt} < ${now.toISOString()}::timestamptz
            and (${policies.publishedAt} is null or ${policies.publishedAt} > ${policies.publishDeadlineAt})`,
          }),
          part({
            department: apps.departmentCode,
            county: apps.countyCode,
            kind: sql`(case when ${onTime} = 'true' then 'redemptionStepsOnTime' else 'redemptionStepsOverdue' end)`,
            from: sql`from ${applicationEvents} join ${apps} on ${apps.id} = ${applicationEvents.subjectId}
            where ${within(applicationEvents.at)} and ${applicationEvents.action} in (${steps})
              and ${onTime} in ('true', 'false')`,
          }),
        ],
        sql` union all `,
      ),
    );
    return collect(result, noPolicyCounts);
  }

  /** countExemptionFigures: entitlements, their applications, visits and problems raised of [from, to). */
  async exemption(from: Date, to: Date): Promise<FigureLevels<ExemptionCounts>> {
    const within = (col: unknown) =>
      sql`${col} >= ${from.toISOString()}::timestamptz and ${col} < ${to.toISOString()}::timestamptz`;
    const e = { department: entitlements.departmentCode, county: entitlements.countyCode };
    const v = { department: visits.departmentCode, county: visits.countyCode };
    const visited = sql`from ${visits} where ${within(visits.visitedAt)}`;
    const result = await this.db.execute(
      sql.join(
        [
          part({
            ...e,
            kind: 'entitlementsOffered',
            from: sql`from ${entitlements} where ${within(entitlements.entitledAt)}`,
          }),
          part({
            ...e,
            kind: 'entitlementsConfirmed',
            from: sql`from ${entitlements} where ${within(entitlements.confirmedAt)}`,
          }),
          part({
            ...e,
            kind: 'entitlementsDeclined',
            from: sql`from ${entitlements} where ${within(entitlements.declinedAt)}`,
          }),
          part({
            department: apps.departmentCode,
            county: apps.countyCode,
            kind: sql`(case when ${apps.completedAt} <= ${apps.dueAt} then 'completedOnTime' else 'completedLate' end)`,
            from: sql`from ${apps} where ${apps.origin} = 'ENTITLEMENT' and ${within(apps.completedAt)}`,
          }),
          part({ ...v, kind: 'visits', from: visited }),
          part({
            ...v,
            kind: 'enterprisesVisited',
            count: sql`count(distinct ${visits.enterpriseCode})`,
            from: visited,
          }),
          part({ ...v, kind: 'officialsVisiting', count: sql`count(distinct ${visits.officialId})`, from: visited }),
          part({
            ...v,
            kind: 'problemsRaised',
            from: sql`from ${visitProblems} join ${visits} on ${visits.id} = ${visitProblems.visitId}
            where ${within(visitProblems.raisedAt)}`,
          }),
        ],
        sql` union all `,
      ),
    );
    return collect(result, noExemptionCounts);
  }
}
