/**
 * Who had to file a form for a period and whether they did (报送情况): the enterprises in the register for a category of
 * the form on some day of the period, with the first submission of the form and period. Reads carry the caller's row
 * scope on the register (lead staff their county, admins their county scope, analysts all); the deadline job reads
 * without one.
 */
import type { Database } from '@qq/db/client';
import { aboveScale, reports, reportingCalendar, type ReportStatus } from '@qq/db/schema/statistics';
import { CITY_CODE, readScope, rowsOf, type Principal, type Tx, anyOf } from '@qq/kit';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { SCOPE_POLICY } from '../service/access.ts';
import type { StatisticalFormDefinition } from '@qq/db/schema/statistics';
import { periodDays } from '../service/forms.ts';

export interface ObligationRow {
  enterpriseCode: string;
  countyCode: string;
  departmentCode: string;
  /** The first submission of any version of the form and period; null when nothing was submitted. */
  firstSubmittedAt: Date | null;
  /** State of the current version; null when nothing was submitted. */
  status: ReportStatus | null;
}

export interface ObligationFilter {
  countyCode?: string | null;
  departmentCode?: string | null;
}

export type CalendarRow = typeof reportingCalendar.$inferSelect;

export class ComplianceStore {
  private readonly scope: SQL | undefined;

  /** `principal` null: no row scope (the deadline job). */
  constructor(
    private readonly db: Database | Tx,
    principal: Principal | null,
  ) {
    this.scope = principal
      ? readScope(
          principal,
          { departmentCode: aboveScale.departmentCode, countyCode: aboveScale.countyCode },
          SCOPE_POLICY,
        )
      : undefined;
  }

  /** obligationsOfFormPeriod: the enterprises that had to file `form` for `period`, with their filing, by credit code. */
  async obligations(
    form: StatisticalFormDefinition,
    period: string,
    filter: ObligationFilter = {},
  ): Promise<ObligationRow[]> {
    const { first, last } = periodDays(period);
    const where = and(
      this.scope,
      inArray(aboveScale.category, [...form.categories]),
      sql`${aboveScale.since} <= ${last}`,
      sql`(${aboveScale.until} is null or ${aboveScale.until} >= ${first})`,
      filter.countyCode && filter.countyCode !== CITY_CODE ? eq(aboveScale.countyCode, filter.countyCode) : undefined,
      filter.departmentCode ? eq(aboveScale.departmentCode, filter.departmentCode) : undefined,
    );
    const result = await this.db.execute(sql`
      select o.enterprise_code as "enterpriseCode", o.county_code as "countyCode",
        o.department_code as "departmentCode", f.first_submitted as "firstSubmittedAt", f.status as "status"
      from (
        select distinct on (${aboveScale.enterpriseCode}) ${aboveScale.enterpriseCode} as enterprise_code,
          ${aboveScale.countyCode} as county_code, ${aboveScale.departmentCode} as department_code
        from ${aboveScale}
        where ${where}
        order by ${aboveScale.enterpriseCode}, ${aboveScale.since} desc
      ) o
      left join (
        select ${reports.enterpriseCode} as enterprise_code, min(${reports.submittedAt}) as first_submitted,
          max(${reports.status}) filter (where ${reports.current}) as status
        from ${reports}
        where ${reports.formCode} = ${form.code} and ${reports.period} = ${period} and ${reports.submittedAt} is not null
        group by ${reports.enterpriseCode}
      ) f on f.enterprise_code = o.enterprise_code
      order by o.enterprise_code
    `);
    return rowsOf<Record<string, unknown>>(result).map((r) => ({
      enterpriseCode: String(r.enterpriseCode),
      countyCode: String(r.countyCode),
      departmentCode: String(r.departmentCode),
      firstSubmittedAt: r.firstSubmittedAt ? new Date(r.firstSubmittedAt as string) : null,
      status: (r.status as ReportStatus | null) ?? null,
    }));
  }

  /** calendarOverrides: the bureau's entries among the given forms and periods. */
  overrides(formCodes: readonly string[], periods: readonly string[]): Promise<CalendarRow[]> {
    if (formCodes.length === 0 || periods.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(reportingCalendar)
      .where(and(anyOf(reportingCalendar.formCode, formCodes), anyOf(reportingCalendar.period, periods)));
  }

  /** upsertCalendarEntry */
  async upsert(tx: Tx, values: typeof reportingCalendar.$inferInsert): Promise<CalendarRow> {
    const [row] = await tx
      .insert(reportingCalendar)
      .values(values)
      .onConflictDoUpdate({
        target: [reportingCalendar.formCode, reportingCalendar.period],
        set: {
          opensOn: values.opensOn,
          dueOn: values.dueOn,
          exempt: values.exempt,
          setBy: values.setBy,
          updatedAt: new Date(),
        },
      })
      .returning();
    return row!;
  }
}
