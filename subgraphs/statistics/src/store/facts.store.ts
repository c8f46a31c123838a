/**
 * The statistical facts of enterprises (the fact feed of 免申即享): read without a row scope, because the callers that
 * need them (the enterprise itself, lead staff, the policies subgraph's matching job as `system`) are checked by the
 * service before the loader runs, and only the facts leave this store, never a report.
 */
import type { Database } from '@qq/db/client';
import { reports } from '@qq/db/schema/statistics';
import { rowsOf } from '@qq/kit';
import { sql } from 'drizzle-orm';

export interface AnnualFactsRow {
  enterpriseCode: string;
  /** The latest year (YYYY) whose December report is accepted. */
  year: string;
  /** Sum of the year's accepted revenue, 千元. */
  revenue: number | null;
  /** Persons employed at the end of that year (December reports). */
  employees: number | null;
  /** The county of the December report. */
  countyCode: string;
}

export class FactsStore {
  constructor(private readonly db: Database) {}

  /**
   * annualFactsByEnterprises: per enterprise, the latest year with an accepted December report (a complete year), the
   * sum of that year's accepted revenue and the persons employed at its end; current versions only.
   */
  async annualByEnterprises(codes: readonly string[]): Promise<AnnualFactsRow[]> {
    const list = sql.join(
      codes.map((c) => sql`${c}`),
      sql`, `,
    );
    const result = await this.db.execute(sql`
      with closed as (
        select ${reports.enterpriseCode} as code, max(substr(${reports.period}, 1, 4)) as year
        from ${reports}
        where ${reports.current} and ${reports.status} = 'ACCEPTED' and ${reports.period} like '%-12'
          and ${reports.enterpriseCode} in (${list})
        group by ${reports.enterpriseCode}
      )
      select closed.code as "enterpriseCode", closed.year as "year",
        sum(${reports.revenue}) as "revenue",
        sum(${reports.employees}) filter (where ${reports.period} = closed.year || '-12') as "employees",
        max(${reports.countyCode}) filter (where ${reports.period} = closed.year || '-12') as "countyCode"
      from closed
      join ${reports} on ${reports.enterpriseCode} = closed.code and substr(${reports.period}, 1, 4) = closed.year
      where ${reports.current} and ${reports.status} = 'ACCEPTED'
      group by closed.code, closed.year
    `);
    return rowsOf<Record<string, unknown>>(result).map((r) => ({
      enterpriseCode: String(r.enterpriseCode),
      year: String(r.year),
      revenue: r.revenue === null || r.revenue === undefined ? null : Number(r.revenue),
      employees: r.employees === null || r.employees === undefined ? null : Number(r.employees),
      countyCode: String(r.countyCode),
    }));
  }
}
