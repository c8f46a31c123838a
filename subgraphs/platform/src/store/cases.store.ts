/** Every SQL statement on cases (办件), their events and licences (证照). */
import type { Database } from '@qq/db/client';
import { caseEvents, cases, licences } from '@qq/db/schema/platform';
import { afterCursor, CITY_CODE, orderBy, readScope, rowsOf, type Principal, type Tx, anyOf } from '@qq/kit';
import { and, asc, count, eq, gt, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
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

/** A unit asked for its figures of a month: a department (every county) or a county (410400: every unit). */
export interface FigureUnit {
  departmentCode?: string | null;
  countyCode?: string | null;
  from: Date;
  to: Date;
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
      .where(and(anyOf(cases.id, ids), this.scope()));
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
      .where(anyOf(caseEvents.subjectId, ids))
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
      .where(anyOf(licences.enterpriseCode, enterpriseCodes))
      .orderBy(asc(licences.expiresOn), asc(licences.id));
  }

  /** listLicencesByCases */
  licencesOfCases(caseIds: readonly string[]): Promise<LicenceRow[]> {
    return this.db.select().from(licences).where(anyOf(licences.caseId, caseIds));
  }

  /**
   * countServiceFigures, for every unit and month asked in one statement: cases received in the month, concluded in it
   * on time or late, and those whose deadline fell in it and passed before `now` without conclusion in time; of a
   * department (every county) or of a unit (410400: every unit). Answers in the order asked.
   */
  async figures(units: readonly FigureUnit[], now: Date): Promise<ServiceFigureRow[]> {
    if (units.length === 0) return [];
    const asked = sql.join(
      units.map(
        (u, i) =>
          sql`(${sql.raw(String(i))}, ${u.departmentCode ?? null}::text, ${u.countyCode && u.countyCode !== CITY_CODE ? u.countyCode : null}::text, ${u.from.toISOString()}::timestamptz, ${u.to.toISOString()}::timestamptz)`,
      ),
      sql`, `,
    );
    const inMonth = (c: PgColumn) => sql`(${c} >= k.month_from and ${c} < k.month_to)`;
    const result = await this.db.execute(sql`
      select k.i,
        count(${cases.id}) filter (where ${inMonth(cases.receivedAt)}) as received,
        count(${cases.id}) filter (where ${inMonth(cases.concludedAt)} and ${cases.concludedAt} <= ${cases.dueAt}) as on_time,
        count(${cases.id}) filter (where ${inMonth(cases.concludedAt)} and ${cases.concludedAt} > ${cases.dueAt}) as late,
        count(${cases.id}) filter (where ${inMonth(cases.dueAt)} and ${cases.dueAt} < ${now.toISOString()}::timestamptz
          and (${cases.concludedAt} is null or ${cases.concludedAt} > ${cases.dueAt})
          and ${cases.status} not in ('REJECTED', 'RETURNED')) as overdue
      from (values ${asked}) as k(i, dept, county, month_from, month_to)
      left join ${cases} on (k.dept is null or ${cases.departmentCode} = k.dept)
        and (k.county is null or ${cases.countyCode} = k.county)
        and (${inMonth(cases.receivedAt)} or ${inMonth(cases.concludedAt)} or ${inMonth(cases.dueAt)})
      group by k.i`);
    const byIndex = new Map(
      rowsOf<{ i: unknown; received: unknown; on_time: unknown; late: unknown; overdue: unknown }>(result).map((r) => [
        Number(r.i),
        {
          received: Number(r.received),
          concludedOnTime: Number(r.on_time),
          concludedLate: Number(r.late),
          overdue: Number(r.overdue),
        },
      ]),
    );
    return units.map((_, i) => byIndex.get(i) ?? { received: 0, concludedOnTime: 0, concludedLate: 0, overdue: 0 });
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
