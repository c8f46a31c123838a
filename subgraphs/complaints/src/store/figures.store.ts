/**
 * The monthly figures and statistics of matters, each one SQL statement per request:
 * - `facts`: every counted instant of the months asked (dispatches, first signatures, first replies and resolutions
 *   against their deadlines, reopenings, escalation levels, ratings, transfer decisions), grouped by unit, month and
 *   measure; the service sums the units of a department or a county.
 * - `statistics`: matters submitted in a range of months grouped by the dimensions asked, in the caller's scope.
 */
import type { Database } from '@qq/db/client';
import { matterEscalations, matterEvents, matters } from '@qq/db/schema/complaints';
import { rowsOf } from '@qq/kit';
import { and, gte, lt, sql, type SQL } from 'drizzle-orm';
import { OPEN_STATUSES } from '../domain.ts';
import { overdueCondition } from './matters.store.ts';

/** One group of counted instants: a unit, a month (YYYY-MM, China time), a measure, how many, and their sum. */
export interface FactRow {
  departmentCode: string;
  countyCode: string;
  month: string;
  measure: string;
  n: number;
  total: number;
}

const monthOf = (column: SQL) => sql`to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;

/** Instants inside one of the ranges. */
function within(column: SQL, ranges: ReadonlyArray<{ from: Date; to: Date }>): SQL {
  return sql.join(
    ranges.map(
      (r) =>
        sql`(${column} >= ${r.from.toISOString()}::timestamptz and ${column} < ${r.to.toISOString()}::timestamptz)`,
    ),
    sql` or `,
  );
}

export type StatisticsDimension = 'DEPARTMENT' | 'COUNTY' | 'CATEGORY' | 'MONTH';

export interface StatisticsRow {
  departmentCode: string | null;
  countyCode: string | null;
  category: string | null;
  month: string | null;
  matters: number;
  open: number;
  overdue: number;
  replied: number;
  repliedOnTime: number;
  resolved: number;
  resolvedOnTime: number;
  reopened: number;
  rated: number;
  satisfactionSum: number;
}

export class FiguresStore {
  constructor(private readonly db: Database) {}

  /** complaintFacts: the counted instants of these months (China time), by unit, month and measure. */
  async facts(ranges: ReadonlyArray<{ from: Date; to: Date }>): Promise<FactRow[]> {
    if (ranges.length === 0) return [];
    const m = sql`m`;
    const col = (name: string) => sql.raw(`m.${name}`);
    const e = (name: string) => sql.raw(`e.${name}`);
    const x = (name: string) => sql.raw(`x.${name}`);
    const result = await this.db.execute(sql`
      with facts(department_code, county_code, measure, at, value) as (
        select ${e('data')}->>'toDepartmentCode', ${e('data')}->>'toCountyCode', 'dispatched', ${e('at')}, 1
          from ${matterEvents} e where ${e('action')} = 'DISPATCH' and (${within(e('at'), ranges)})
        union all
        select ${col('first_acceptor_department_code')}, ${col('first_acceptor_county_code')}, 'signed', ${col('signed_at')}, 1
          from ${matters} ${m} where ${col('first_acceptor_department_code')} is not null and (${within(col('signed_at'), ranges)})
        union all
        select ${col('department_code')}, ${col('county_code')},
            case when ${col('replied_at')} <= ${col('reply_due_at')} then 'repliedOnTime' else 'repliedLate' end,
            ${col('replied_at')}, 1
          from ${matters} ${m} where ${within(col('replied_at'), ranges)}
        union all
        select ${col('department_code')}, ${col('county_code')},
            case when ${col('resolved_at')} <= ${col('resolve_due_at')} then 'resolvedOnTime' else 'resolvedLate' end,
            ${col('resolved_at')}, 1
          from ${matters} ${m} where ${within(col('resolved_at'), ranges)}
        union all
        select ${col('department_code')}, ${col('county_code')}, 'reopened', ${e('at')}, 1
          from ${matterEvents} e join ${matters} ${m} on ${col('id')} = ${e('subject_id')}
          where ${e('action')} = 'REOPEN' and (${within(e('at'), ranges)})
        union all
        select ${x('department_code')}, ${x('county_code')}, 'level' || ${x('level')}, ${x('at')}, 1
          from ${matterEscalations} x where ${within(x('at'), ranges)}
        union all
        select ${col('department_code')}, ${col('county_code')}, 'rated', ${col('rated_at')}, ${col('satisfaction')}
          from ${matters} ${m} where ${col('satisfaction')} is not null and (${within(col('rated_at'), ranges)})
        union all
        select ${col('transfer_from_department_code')}, ${col('transfer_from_county_code')},
            case when ${col('transfer_approved')} then 'transfersOut' else 'transfersRefused' end,
            ${col('transfer_decided_at')}, 1
          from ${matters} ${m}
          where ${col('transfer_approved')} is not null and ${col('transfer_from_department_code')} is not null
            and (${within(col('transfer_decided_at'), ranges)})
        union all
        select ${col('transfer_to_department_code')}, ${col('transfer_to_county_code')}, 'transfersIn',
            ${col('transfer_decided_at')}, 1
          from ${matters} ${m}
          where ${col('transfer_approved')} and ${col('transfer_to_department_code')} is not null
            and (${within(col('transfer_decided_at'), ranges)})
      )
      select department_code, county_code, ${monthOf(sql`at`)} as month, measure,
          count(*)::int as n, coalesce(sum(value), 0)::int as total
        from facts where department_code is not null and county_code is not null
        group by 1, 2, 3, 4`);
    return rowsOf<Record<string, unknown>>(result).map((r) => ({
      departmentCode: String(r.department_code),
      countyCode: String(r.county_code),
      month: String(r.month),
      measure: String(r.measure),
      n: Number(r.n),
      total: Number(r.total),
    }));
  }

  /**
   * matterStatistics: matters submitted in `[from, to)` (either open-ended) within `scope`, grouped by the dimensions
   * asked (none: one row of totals), at the instant `now` for `open` and `overdue`.
   */
  async statistics(
    groupBy: readonly StatisticsDimension[],
    where: { scope: SQL | undefined; from: Date | null; to: Date | null; category?: string | null },
    now: Date,
  ): Promise<StatisticsRow[]> {
    const keys: Record<StatisticsDimension, SQL> = {
      DEPARTMENT: sql`${matters.departmentCode}`,
      COUNTY: sql`${matters.countyCode}`,
      CATEGORY: sql`${matters.category}`,
      MONTH: monthOf(sql`${matters.submittedAt}`),
    };
    const key = (d: StatisticsDimension) => (groupBy.includes(d) ? keys[d] : sql`null`);
    const open = sql.join(
      OPEN_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    );
    const query = this.db
      .select({
        departmentCode: sql<string | null>`${key('DEPARTMENT')}`,
        countyCode: sql<string | null>`${key('COUNTY')}`,
        category: sql<string | null>`${key('CATEGORY')}`,
        month: sql<string | null>`${key('MONTH')}`,
        matters: sql<number>`count(*)::int`,
        open: sql<number>`(count(*) filter (where ${matters.status} in (${open})))::int`,
        overdue: sql<number>`(count(*) filter (where ${overdueCondition(now)}))::int`,
        replied: sql<number>`(count(${matters.repliedAt}))::int`,
        repliedOnTime: sql<number>`(count(*) filter (where ${matters.repliedAt} <= ${matters.replyDueAt}))::int`,
        resolved: sql<number>`(count(${matters.resolvedAt}))::int`,
        resolvedOnTime: sql<number>`(count(*) filter (where ${matters.resolvedAt} <= ${matters.resolveDueAt}))::int`,
        reopened: sql<number>`(count(*) filter (where ${matters.reopenCount} > 0))::int`,
        rated: sql<number>`(count(${matters.satisfaction}))::int`,
        satisfactionSum: sql<number>`(coalesce(sum(${matters.satisfaction}), 0))::int`,
      })
      .from(matters)
      .where(
        and(
          where.scope,
          where.from ? gte(matters.submittedAt, where.from) : undefined,
          where.to ? lt(matters.submittedAt, where.to) : undefined,
          where.category ? sql`${matters.category} = ${where.category}` : undefined,
        ),
      )
      .$dynamic();
    // Grouped by the four keys (those not asked are a constant null), ordered in the order the dimensions were asked.
    const position: Record<StatisticsDimension, SQL> = {
      DEPARTMENT: sql`1`,
      COUNTY: sql`2`,
      CATEGORY: sql`3`,
      MONTH: sql`4`,
    };
    const rows = groupBy.length
      ? await query.groupBy(sql`1`, sql`2`, sql`3`, sql`4`).orderBy(...groupBy.map((d) => position[d]))
      : await query;
    return rows.map((r) => ({
      ...r,
      matters: Number(r.matters),
      open: Number(r.open),
      overdue: Number(r.overdue),
      replied: Number(r.replied),
      repliedOnTime: Number(r.repliedOnTime),
      resolved: Number(r.resolved),
      resolvedOnTime: Number(r.resolvedOnTime),
      reopened: Number(r.reopened),
      rated: Number(r.rated),
      satisfactionSum: Number(r.satisfactionSum),
    }));
  }
}
