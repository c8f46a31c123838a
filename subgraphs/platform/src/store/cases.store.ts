/** Every SQL statement on cases (办件), their events and licences (证照). */
import type { Database } from '@qq/db/client';
import { caseEvents, cases, licences } from '@qq/db/schema/platform';
import { afterCursor, CITY_CODE, orderBy, readScope, type Principal, type Tx } from '@qq/kit';
import { and, asc, count, eq, gt, gte, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { FACILITATION_SCOPE } from '../service/facilitation.workflows.ts';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type LicenceRow = typeof licences.$inferSelect;

export interface CaseListFilter {
  status: string | null;
  enterpriseCode: string | null;
  serviceId: string | null;
  /** Open cases past their deadline (`true`) or not (`false`), as of `now`. */
  overdue: boolean | null;
}

export interface ServiceFigureRow {
  received: number;
  concludedOnTime: number;
  concludedLate: number;
  overdue: number;
}

const SORT = [cases.appliedAt, cases.id];

/** Past its deadline at `now`: concluded late, or still open after the deadline. */
function overdueAt(now: Date): SQL {
  return and(
    lt(cases.dueAt, now),
    or(
      gt(cases.concludedAt, cases.dueAt),
      and(isNull(cases.concludedAt), inArray(cases.status, ['ACCEPTED', 'PROCESSING'])),
    ),
  )!;
}

export class CaseStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): CaseStore {
    return new CaseStore(db, this.principal);
  }

  /** The caller's cases: the enterprise's own, the unit's for its staff and its system, all for analysts. */
  private scope(): SQL | undefined {
    return readScope(
      this.principal,
      { departmentCode: cases.departmentCode, countyCode: cases.countyCode, enterpriseCode: cases.enterpriseCode },
      FACILITATION_SCOPE,
    );
  }

  private where(filter: CaseListFilter, now: Date): SQL | undefined {
    return and(
      this.scope(),
      filter.status ? eq(cases.status, filter.status as CaseRow['status']) : undefined,
      filter.enterpriseCode ? eq(cases.enterpriseCode, filter.enterpriseCode) : undefined,
      filter.serviceId ? eq(cases.serviceId, filter.serviceId) : undefined,
      filter.overdue === true ? overdueAt(now) : undefined,
      filter.overdue === false ? sql`not coalesce(${overdueAt(now)}, false)` : undefined,
    );
  }

  /** listCases: newest applications first. */
  list(filter: CaseListFilter, now: Date, limit: number, after: unknown[] | null): Promise<CaseRow[]> {
    return this.db
      .select()
      .from(cases)
      .where(and(this.where(filter, now), afterCursor(SORT, after, 'desc')))
      .orderBy(...orderBy(SORT, 'desc'))
      .limit(limit);
  }

  /** countCases */
  async count(filter: CaseListFilter, now: Date): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(cases).where(this.where(filter, now));
    return Number(row?.n ?? 0);
  }

  /** findCasesByIds: those the caller may see. */
  findByIds(ids: readonly string[]): Promise<CaseRow[]> {
    return this.db
      .select()
      .from(cases)
      .where(and(inArray(cases.id, [...ids]), this.scope()));
  }

  /** findCaseForUpdate: the case the caller may see, locked until the transaction ends. */
  async findForUpdate(id: string): Promise<CaseRow | null> {
    const [row] = await this.db
      .select()
      .from(cases)
      .where(and(eq(cases.id, id), this.scope()))
      .for('update');
    return row ?? null;
  }

  /** findCaseBySource: a case an exchange client created, by the sender's case id, locked (any scope). */
  async findBySource(client: string, externalId: string): Promise<CaseRow | null> {
    const [row] = await this.db
      .select()
      .from(cases)
      .where(and(eq(cases.sourceClient, client), eq(cases.externalId, externalId)))
      .for('update');
    return row ?? null;
  }

  /** findCaseByReferenceForUpdate: the case the caller may see, by its platform number, locked. */
  async findByReferenceForUpdate(referenceNo: string): Promise<CaseRow | null> {
    const [row] = await this.db
      .select()
      .from(cases)
      .where(and(eq(cases.referenceNo, referenceNo), this.scope()))
      .for('update');
    return row ?? null;
  }

  /** insertCase */
  async insert(values: CaseInsert): Promise<CaseRow> {
    const [row] = await this.db.insert(cases).values(values).returning();
    return row!;
  }

  /** updateCase: only while it is in the state it was read in. */
  async transition(id: string, from: string, set: Partial<CaseInsert>): Promise<CaseRow | null> {
    const [row] = await this.db
      .update(cases)
      .set(set)
      .where(and(eq(cases.id, id), eq(cases.status, from as CaseRow['status'])))
      .returning();
    return row ?? null;
  }

  /** insertCaseEvent */
  async appendEvent(values: typeof caseEvents.$inferInsert): Promise<number> {
    const [row] = await this.db.insert(caseEvents).values(values).returning({ id: caseEvents.id });
    return row!.id;
  }

  /** listCaseEvents: of several cases, in the order of their steps. */
  events(ids: readonly string[]): Promise<CaseEventRow[]> {
    return this.db
      .select()
      .from(caseEvents)
      .where(inArray(caseEvents.subjectId, [...ids]))
      .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  }

  /** insertLicence */
  async insertLicence(values: typeof licences.$inferInsert): Promise<LicenceRow> {
    const [row] = await this.db.insert(licences).values(values).returning();
    return row!;
  }

  /** listLicencesByEnterprises: soonest expiry first. */
  licencesOf(enterpriseCodes: readonly string[]): Promise<LicenceRow[]> {
    return this.db
      .select()
      .from(licences)
      .where(inArray(licences.enterpriseCode, [...enterpriseCodes]))
      .orderBy(asc(licences.expiresOn), asc(licences.id));
  }

  /** listLicencesByCases */
  licencesOfCases(caseIds: readonly string[]): Promise<LicenceRow[]> {
    return this.db
      .select()
      .from(licences)
      .where(inArray(licences.caseId, [...caseIds]));
  }

  /**
   * countServiceFigures: cases received in the month, concluded in it on time or late, and those whose deadline fell
   * in it and passed before `now` without conclusion in time; of a department (every county) or of a unit (410400:
   * every unit).
   */
  async figures(
    unit: { departmentCode?: string; countyCode?: string },
    from: Date,
    to: Date,
    now: Date,
  ): Promise<ServiceFigureRow> {
    const where = and(
      unit.departmentCode ? eq(cases.departmentCode, unit.departmentCode) : undefined,
      unit.countyCode && unit.countyCode !== CITY_CODE ? eq(cases.countyCode, unit.countyCode) : undefined,
    );
    const inMonth = (c: PgColumn) => and(gte(c, from), lt(c, to));
    const [row] = await this.db
      .select({
        received: sql<number>`count(*) filter (where ${inMonth(cases.receivedAt)})`,
        concludedOnTime: sql<number>`count(*) filter (where ${and(inMonth(cases.concludedAt), lte(cases.concludedAt, cases.dueAt))})`,
        concludedLate: sql<number>`count(*) filter (where ${and(inMonth(cases.concludedAt), gt(cases.concludedAt, cases.dueAt))})`,
        overdue: sql<number>`count(*) filter (where ${and(inMonth(cases.dueAt), lt(cases.dueAt, now), or(isNull(cases.concludedAt), gt(cases.concludedAt, cases.dueAt)), notInArray(cases.status, ['REJECTED', 'RETURNED']))})`,
      })
      .from(cases)
      .where(and(where, or(inMonth(cases.receivedAt), inMonth(cases.concludedAt), inMonth(cases.dueAt))));
    return {
      received: Number(row?.received ?? 0),
      concludedOnTime: Number(row?.concludedOnTime ?? 0),
      concludedLate: Number(row?.concludedLate ?? 0),
      overdue: Number(row?.overdue ?? 0),
    };
  }

  /** listLicencesToRemind: not expired, within 30 days, with a reminder of its window not yet sent. */
  licencesToRemind(today: string, in30: string, in7: string): Promise<LicenceRow[]> {
    return this.db
      .select()
      .from(licences)
      .where(
        and(
          gte(licences.expiresOn, today),
          or(
            and(lte(licences.expiresOn, in30), isNull(licences.reminded30At), gt(licences.expiresOn, in7)),
            and(lte(licences.expiresOn, in7), isNull(licences.reminded7At)),
          ),
        ),
      )
      .orderBy(asc(licences.expiresOn), asc(licences.id))
      .for('update');
  }

  /** markLicenceReminded */
  async markReminded(id: string, window: 30 | 7, at: Date): Promise<void> {
    await this.db
      .update(licences)
      .set(
        window === 30
          ? { reminded30At: at }
          : {
              reminded7At: at,
              reminded30At: sql`coalesce(${licences.reminded30At}, ${at.toISOString()}::timestamptz)`,
            },
      )
      .where(eq(licences.id, id));
  }
}
