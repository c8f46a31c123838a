/**
 * Every SQL statement on `statistics.reports`, `statistics.report_events` and `statistics.outbox`. The store is made
 * per request for one caller, and every read carries the caller's row scope (`readScope`) in its WHERE clause: lists,
 * lookups by id, the rows reached through `Enterprise`, their events and the totals.
 */
import type { Database } from '@qq/db/client';
import { outbox, reportEvents, reports, type ReportStatus } from '@qq/db/schema/statistics';
import {
  afterCursor,
  CITY_CODE,
  pagePerKey,
  orderBy,
  readScope,
  enqueueMessages,
  type OutboundMessage,
  type Page,
  type PagePerKey,
  type Principal,
  type Tx,
  anyOf,
} from '@qq/kit';
import { and, asc, count, countDistinct, eq, getTableColumns, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { SCOPE_POLICY } from '../service/access.ts';

export type ReportRow = typeof reports.$inferSelect;
export type ReportInsert = typeof reports.$inferInsert;
export type ReportEventRow = typeof reportEvents.$inferSelect;
export type ReportEventInsert = typeof reportEvents.$inferInsert;

export interface ReportFilter {
  period?: string | null;
  formCode?: string | null;
  status?: ReportStatus | null;
  countyCode?: string | null;
  allVersions?: boolean | null;
}

export interface TotalsRow {
  /** True for a per-form row, false for a per-category row. */
  byForm: boolean;
  category: string | null;
  formCode: string | null;
  reportCount: number;
  enterpriseCount: number;
  revenue: number;
  outputValue: number;
  employees: number;
}

const LIST_KEY = [reports.period, reports.id];

function countyCondition(countyCode: string | null | undefined): SQL | undefined {
  return countyCode && countyCode !== CITY_CODE ? eq(reports.countyCode, countyCode) : undefined;
}

export class ReportStore {
  private readonly scope: SQL | undefined;

  constructor(
    private readonly db: Database,
    principal: Principal,
  ) {
    this.scope = and(
      readScope(
        principal,
        {
          departmentCode: reports.departmentCode,
          countyCode: reports.countyCode,
          enterpriseCode: reports.enterpriseCode,
        },
        SCOPE_POLICY,
      ),
      // A draft has not been reported: only its enterprise sees it.
      principal.role === 'enterprise' ? undefined : ne(reports.status, 'DRAFT'),
    );
  }

  private filterCondition(filter: ReportFilter): SQL | undefined {
    return and(
      this.scope,
      filter.allVersions ? undefined : eq(reports.current, true),
      filter.period ? eq(reports.period, filter.period) : undefined,
      filter.formCode ? eq(reports.formCode, filter.formCode) : undefined,
      filter.status ? eq(reports.status, filter.status) : undefined,
      countyCondition(filter.countyCode),
    );
  }

  /**
   * versionsOfReports: every visible version of the (enterprise, form, period) of each given version, oldest first.
   */
  versionsOf(ids: readonly string[]): Promise<Array<ReportRow & { of: string }>> {
    const of = alias(reports, 'of');
    return this.db
      .select({ ...getTableColumns(reports), of: of.id })
      .from(reports)
      .innerJoin(
        of,
        and(
          eq(of.enterpriseCode, reports.enterpriseCode),
          eq(of.formCode, reports.formCode),
          eq(of.period, reports.period),
        ),
      )
      .where(and(this.scope, anyOf(of.id, ids)))
      .orderBy(asc(of.id), asc(reports.version));
  }

  /** findReportsByIds: the visible versions among `ids` (any order). */
  findByIds(ids: readonly string[]): Promise<ReportRow[]> {
    return this.db
      .select()
      .from(reports)
      .where(and(this.scope, anyOf(reports.id, ids)));
  }

  /** listReports: one page, newest period first, then newest filing first (ids are time-ordered). */
  list(filter: ReportFilter, page: Page): Promise<ReportRow[]> {
    return this.db
      .select()
      .from(reports)
      .where(and(this.filterCondition(filter), afterCursor(LIST_KEY, page.after, 'desc')))
      .orderBy(...orderBy(LIST_KEY, 'desc'))
      .limit(page.limit + 1);
  }

  /** countReports */
  async count(filter: ReportFilter): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(reports).where(this.filterCondition(filter));
    return Number(row?.n ?? 0);
  }

  /**
   * firstReportsByEnterprises: the first `limit + 1` current versions of each enterprise, in list order, and how many
   * each has, in one statement.
   */
  async firstByEnterprises(codes: readonly string[], limit: number): Promise<PagePerKey<ReportRow>> {
    return pagePerKey(
      this.db,
      reports,
      reports.enterpriseCode,
      orderBy(LIST_KEY, 'desc'),
      and(this.scope, eq(reports.current, true), anyOf(reports.enterpriseCode, codes)),
      limit + 1,
    );
  }

  /** countReportsByEnterprises: visible current versions per enterprise. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ enterpriseCode: reports.enterpriseCode, n: count() })
      .from(reports)
      .where(and(this.scope, eq(reports.current, true), anyOf(reports.enterpriseCode, codes)))
      .groupBy(reports.enterpriseCode);
    return new Map(rows.map((r) => [r.enterpriseCode, Number(r.n)]));
  }

  /** eventsByReports: the events of the visible versions among `ids`, oldest first. */
  eventsByReports(ids: readonly string[]): Promise<ReportEventRow[]> {
    return this.db
      .select(getTableColumns(reportEvents))
      .from(reportEvents)
      .innerJoin(reports, eq(reports.id, reportEvents.subjectId))
      .where(and(this.scope, anyOf(reportEvents.subjectId, ids)))
      .orderBy(asc(reportEvents.subjectId), asc(reportEvents.id));
  }

  /**
   * reportTotals: the current versions of one period in the given states, summed per category and per form in one
   * statement (`grouping sets`).
   */
  async totals(period: string, countyCode: string | null, statuses: readonly ReportStatus[]): Promise<TotalsRow[]> {
    const rows = await this.db
      .select({
        byForm: sql<number>`grouping(${reports.category})`,
        category: reports.category,
        formCode: reports.formCode,
        reportCount: count(),
        enterpriseCount: countDistinct(reports.enterpriseCode),
        revenue: sql<string>`coalesce(sum(${reports.revenue}), 0)`,
        outputValue: sql<string>`coalesce(sum(${reports.outputValue}), 0)`,
        employees: sql<string>`coalesce(sum(${reports.employees}), 0)`,
      })
      .from(reports)
      .where(
        and(
          this.scope,
          eq(reports.current, true),
          eq(reports.period, period),
          anyOf(reports.status, statuses),
          countyCondition(countyCode),
        ),
      )
      .groupBy(sql`grouping sets ((${reports.category}), (${reports.formCode}))`);
    return rows.map((r) => ({
      byForm: Number(r.byForm) === 1,
      category: r.category,
      formCode: r.formCode,
      reportCount: Number(r.reportCount),
      enterpriseCount: Number(r.enterpriseCount),
      revenue: Number(r.revenue),
      outputValue: Number(r.outputValue),
      employees: Number(r.employees),
    }));
  }

  // Writes: the service runs them in one transaction and has checked the caller first.

  /** lockCurrentReport: the current version of (enterprise, form, period), locked for the filing. */
  async lockCurrent(tx: Tx, enterpriseCode: string, formCode: string, period: string): Promise<ReportRow | null> {
    const [row] = await tx
      .select()
      .from(reports)
      .where(
        and(
          eq(reports.enterpriseCode, enterpriseCode),
          eq(reports.formCode, formCode),
          eq(reports.period, period),
          eq(reports.current, true),
        ),
      )
      .for('update');
    return row ?? null;
  }

  /** insertReport */
  async insert(tx: Tx, values: ReportInsert): Promise<ReportRow> {
    const [row] = await tx.insert(reports).values(values).returning();
    return row!;
  }

  /** updateReport: changes one version in place (a draft being submitted). */
  async update(tx: Tx, id: string, values: Partial<ReportInsert>): Promise<ReportRow> {
    const [row] = await tx
      .update(reports)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(reports.id, id))
      .returning();
    return row!;
  }

  /** supersedeReport: the version is no longer current; false when another filing got there first. */
  async supersede(tx: Tx, id: string): Promise<boolean> {
    const rows = await tx
      .update(reports)
      .set({ current: false, updatedAt: new Date() })
      .where(and(eq(reports.id, id), eq(reports.current, true)))
      .returning({ id: reports.id });
    return rows.length === 1;
  }

  /** insertReportEvent */
  async insertEvent(tx: Tx, values: ReportEventInsert): Promise<void> {
    await tx.insert(reportEvents).values(values);
  }

  /** lockReport: one version by id, locked for a step of the workflow (the caller was checked first). */
  async lockById(tx: Tx, id: string): Promise<ReportRow | null> {
    const [row] = await tx.select().from(reports).where(eq(reports.id, id)).for('update');
    return row ?? null;
  }

  /** acceptedCurrentReport: the accepted current version of (enterprise, form, period), for the warnings. */
  async acceptedCurrent(tx: Tx, enterpriseCode: string, formCode: string, period: string): Promise<ReportRow | null> {
    const [row] = await tx
      .select()
      .from(reports)
      .where(
        and(
          eq(reports.enterpriseCode, enterpriseCode),
          eq(reports.formCode, formCode),
          eq(reports.period, period),
          eq(reports.current, true),
          eq(reports.status, 'ACCEPTED'),
        ),
      );
    return row ?? null;
  }

  /** enqueueMessages: the step's messages, in its transaction (a key already written is skipped). */
  async enqueue(tx: Tx, messages: readonly OutboundMessage[]): Promise<void> {
    await enqueueMessages(tx, outbox, messages);
  }
}
