/**
 * Every SQL statement of the register's derivation (名录维护): the statistical units, the dated thresholds, the
 * annual figures from accepted reports, and the proposed changes with their events. Reads of proposed changes carry
 * the caller's row scope (lead staff their county, admins their county scope, analysts all); the derivation run and
 * the job read without one, because they work on the whole city.
 */
import type { Database } from '@qq/db/client';
import {
  aboveScale,
  outbox,
  registerChangeEvents,
  registerChanges,
  reports,
  scaleThresholds,
  units,
  type AboveScaleCategory,
  type RegisterChangeStatus,
} from '@qq/db/schema/statistics';
import {
  afterCursor,
  CITY_CODE,
  enqueueMessages,
  orderBy,
  readScope,
  rowsOf,
  type OutboundMessage,
  type Page,
  type Principal,
  type Tx,
  anyOf,
} from '@qq/kit';
import { and, asc, count, eq, gte, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { SCOPE_POLICY } from '../service/access.ts';

export type UnitRow = typeof units.$inferSelect;
export type ThresholdRow = typeof scaleThresholds.$inferSelect;
export type RegisterChangeRow = typeof registerChanges.$inferSelect;
export type RegisterChangeInsert = typeof registerChanges.$inferInsert;
export type RegisterChangeEventRow = typeof registerChangeEvents.$inferSelect;

/** One enterprise's accepted figures of a year, 千元: sums of the current accepted versions. */
export interface AnnualFigures {
  enterpriseCode: string;
  revenue: number | null;
  mainBusinessRevenue: number | null;
  /** Whether the December report (or the fourth quarter's) of a form carrying revenue is accepted. */
  complete: boolean;
}

export interface RegisterChangeFilter {
  year?: number | null;
  status?: RegisterChangeStatus | null;
  countyCode?: string | null;
  enterpriseCode?: string | null;
}

const LIST_KEY = [registerChanges.year, registerChanges.enterpriseCode, registerChanges.id];

export class DerivationStore {
  private readonly scope: SQL | undefined;

  /** `principal` null: no row scope (the derivation itself). */
  constructor(
    private readonly db: Database | Tx,
    principal: Principal | null,
  ) {
    this.scope = principal
      ? readScope(
          principal,
          { departmentCode: registerChanges.departmentCode, countyCode: registerChanges.countyCode },
          SCOPE_POLICY,
        )
      : undefined;
  }

  /** thresholdsInForce: every version that took effect on or before `day` (the caller keeps the latest per prefix). */
  thresholdsUpTo(day: string): Promise<ThresholdRow[]> {
    return this.db
      .select()
      .from(scaleThresholds)
      .where(lte(scaleThresholds.validFrom, day))
      .orderBy(asc(scaleThresholds.industryPrefix), asc(scaleThresholds.validFrom));
  }

  /** allThresholds: every version, by prefix then date. */
  allThresholds(): Promise<ThresholdRow[]> {
    return this.db
      .select()
      .from(scaleThresholds)
      .orderBy(asc(scaleThresholds.industryPrefix), asc(scaleThresholds.validFrom));
  }

  async insertThreshold(tx: Tx, values: typeof scaleThresholds.$inferInsert): Promise<ThresholdRow> {
    const [row] = await tx.insert(scaleThresholds).values(values).returning();
    return row!;
  }

  /** allUnits: the statistical units, by credit code. */
  allUnits(): Promise<UnitRow[]> {
    return this.db.select().from(units).orderBy(asc(units.enterpriseCode));
  }

  async upsertUnit(tx: Tx, values: typeof units.$inferInsert): Promise<UnitRow> {
    const [row] = await tx
      .insert(units)
      .values(values)
      .onConflictDoUpdate({
        target: units.enterpriseCode,
        set: {
          industryCode: values.industryCode,
          qualification: values.qualification ?? null,
          countyCode: values.countyCode,
          updatedAt: sql`now()`,
        },
      })
      .returning();
    return row!;
  }

  /** unitsByEnterprises */
  unitsOf(codes: readonly string[]): Promise<UnitRow[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.db.select().from(units).where(anyOf(units.enterpriseCode, codes));
  }

  unit(tx: Tx | Database, enterpriseCode: string): Promise<UnitRow | undefined> {
    return tx
      .select()
      .from(units)
      .where(eq(units.enterpriseCode, enterpriseCode))
      .then((r) => r[0]);
  }

  /** lockUnit: the unit, locked so that proposals by hand for one enterprise are made one after the other. */
  lockUnit(tx: Tx, enterpriseCode: string): Promise<UnitRow | undefined> {
    return tx
      .select()
      .from(units)
      .where(eq(units.enterpriseCode, enterpriseCode))
      .for('update')
      .then((r) => r[0]);
  }

  /** changesOfEnterpriseYear: every change of one enterprise and year, whatever its state (no row scope). */
  changesOf(tx: Tx, enterpriseCode: string, year: number): Promise<RegisterChangeRow[]> {
    return tx
      .select()
      .from(registerChanges)
      .where(and(eq(registerChanges.enterpriseCode, enterpriseCode), eq(registerChanges.year, year)))
      .orderBy(asc(registerChanges.proposedAt));
  }

  /**
   * annualFiguresOfYear: per enterprise (or of one), the year's revenue and main business revenue summed over the current accepted
   * versions, and whether the year is complete (a December report of a form carrying revenue accepted).
   */
  async annualFigures(year: number, enterpriseCode?: string): Promise<AnnualFigures[]> {
    const prefix = `${year}-%`;
    const december = `${year}-12`;
    const one = enterpriseCode === undefined ? sql`` : sql`and ${reports.enterpriseCode} = ${enterpriseCode}`;
    const result = await this.db.execute(sql`
      select ${reports.enterpriseCode} as "enterpriseCode",
        sum(${reports.revenue}) as "revenue",
        sum(${reports.mainBusinessRevenue}) as "mainBusinessRevenue",
        bool_or(${reports.period} = ${december} and ${reports.revenue} is not null) as "complete"
      from ${reports}
      where ${reports.current} and ${reports.status} = 'ACCEPTED' and ${reports.period} like ${prefix} ${one}
      group by ${reports.enterpriseCode}
    `);
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return rowsOf<Record<string, unknown>>(result).map((r) => ({
      enterpriseCode: String(r.enterpriseCode),
      revenue: num(r.revenue),
      mainBusinessRevenue: num(r.mainBusinessRevenue),
      complete: r.complete === true || r.complete === 't',
    }));
  }

  /** recordsInForceOn: every register record in force on `day`. */
  recordsInForce(day: string): Promise<Array<typeof aboveScale.$inferSelect>> {
    return this.db
      .select()
      .from(aboveScale)
      .where(and(lte(aboveScale.since, day), or(isNull(aboveScale.until), gte(aboveScale.until, day))));
  }

  /** insertProposals: the new proposals; those already made for the enterprise, category, year and direction stay. */
  insertChanges(tx: Tx, rows: RegisterChangeInsert[]): Promise<RegisterChangeRow[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return tx.insert(registerChanges).values(rows).onConflictDoNothing().returning();
  }

  async insertEvents(tx: Tx, rows: Array<typeof registerChangeEvents.$inferInsert>): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await tx.insert(registerChangeEvents).values(rows.slice(i, i + 500));
  }

  private filterCondition(filter: RegisterChangeFilter): SQL | undefined {
    return and(
      this.scope,
      filter.year ? eq(registerChanges.year, filter.year) : undefined,
      filter.status ? eq(registerChanges.status, filter.status) : undefined,
      filter.countyCode && filter.countyCode !== CITY_CODE
        ? eq(registerChanges.countyCode, filter.countyCode)
        : undefined,
      filter.enterpriseCode ? eq(registerChanges.enterpriseCode, filter.enterpriseCode) : undefined,
    );
  }

  /** listRegisterChanges: one page by (year, credit code, id). */
  list(filter: RegisterChangeFilter, page: Page): Promise<RegisterChangeRow[]> {
    return this.db
      .select()
      .from(registerChanges)
      .where(and(this.filterCondition(filter), afterCursor(LIST_KEY, page.after, 'asc')))
      .orderBy(...orderBy(LIST_KEY, 'asc'))
      .limit(page.limit + 1);
  }

  async count(filter: RegisterChangeFilter): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(registerChanges).where(this.filterCondition(filter));
    return Number(row?.n ?? 0);
  }

  /** registerChangesByIds, within the caller's scope. */
  findByIds(ids: readonly string[]): Promise<RegisterChangeRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(registerChanges)
      .where(and(this.scope, anyOf(registerChanges.id, ids)));
  }

  lockById(tx: Tx, id: string): Promise<RegisterChangeRow | undefined> {
    return tx
      .select()
      .from(registerChanges)
      .where(eq(registerChanges.id, id))
      .for('update')
      .then((r) => r[0]);
  }

  async updateChange(tx: Tx, id: string, values: Partial<RegisterChangeInsert>): Promise<RegisterChangeRow> {
    const [row] = await tx
      .update(registerChanges)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(registerChanges.id, id))
      .returning();
    return row!;
  }

  eventsBySubjects(ids: readonly string[]): Promise<RegisterChangeEventRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(registerChangeEvents)
      .where(anyOf(registerChangeEvents.subjectId, ids))
      .orderBy(asc(registerChangeEvents.subjectId), asc(registerChangeEvents.id));
  }

  /** The enterprise's record of a category in force on `day`, locked for the change. */
  lockRecord(tx: Tx, enterpriseCode: string, category: AboveScaleCategory, day: string) {
    return tx
      .select()
      .from(aboveScale)
      .where(
        and(
          eq(aboveScale.enterpriseCode, enterpriseCode),
          eq(aboveScale.category, category),
          or(isNull(aboveScale.until), gte(aboveScale.until, day)),
        ),
      )
      .orderBy(asc(aboveScale.since))
      .for('update');
  }

  async insertRecord(tx: Tx, values: typeof aboveScale.$inferInsert): Promise<void> {
    await tx.insert(aboveScale).values(values);
  }

  async closeRecord(
    tx: Tx,
    record: { enterpriseCode: string; category: string; since: string },
    until: string,
    exitReason: string,
  ): Promise<void> {
    await tx
      .update(aboveScale)
      .set({ until, exitReason, updatedAt: sql`now()` })
      .where(
        and(
          eq(aboveScale.enterpriseCode, record.enterpriseCode),
          eq(aboveScale.category, record.category as AboveScaleCategory),
          eq(aboveScale.since, record.since),
        ),
      );
  }

  enqueue(tx: Tx, messages: OutboundMessage[]) {
    return enqueueMessages(tx, outbox, messages);
  }
}
