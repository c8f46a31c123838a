/**
 * Every SQL statement of 万人助万企: `policies.service_officials`, `policies.official_assignments`,
 * `policies.visits`, `policies.visit_problems` and their events. The store is bound to the caller: officials read
 * their own assignments and visits, 万人助万企办 staff all of their county, other staff their department's officials',
 * an enterprise its own (readScope), and every read carries that in its WHERE clause.
 */
import type { Database } from '@qq/db/client';
import {
  assignmentEvents,
  officialAssignments as assignments,
  outbox,
  serviceOfficials as officials,
  visitEvents,
  visitProblems as problems,
  visits,
  type AssignmentStatus,
  type VisitStatus,
} from '@qq/db/schema/policies';
import {
  afterCursor,
  enqueueMessages,
  firstRowsPerKey,
  orderBy,
  readScope,
  type OutboundMessage,
  type Page,
  type Principal,
  anyOf,
} from '@qq/kit';
import { and, asc, count, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { MODULE_SCOPE } from '../access.ts';

export type OfficialRow = typeof officials.$inferSelect;
export type AssignmentRow = typeof assignments.$inferSelect;
export type VisitRow = typeof visits.$inferSelect;
export type ProblemRow = typeof problems.$inferSelect;
export type WorkflowEventRow = typeof visitEvents.$inferSelect;
type NewEvent = typeof visitEvents.$inferInsert;

export interface OfficialFilter {
  countyCode?: string | null;
  departmentCode?: string | null;
}
export interface AssignmentFilter {
  status?: AssignmentStatus | null;
  officialId?: string | null;
  enterpriseCode?: string | null;
}
export interface VisitFilter {
  status?: VisitStatus | null;
  officialId?: string | null;
  enterpriseCode?: string | null;
  /** Visits that took place in [from, to). */
  range?: { from: Date; to: Date } | null;
}

export const OFFICIAL_ORDER = [officials.name, officials.id];
export const officialCursor = (o: OfficialRow): unknown[] => [o.name, o.id];
export const ASSIGNMENT_ORDER = [assignments.assignedAt, assignments.id];
export const assignmentCursor = (a: AssignmentRow): unknown[] => [a.assignedAt, a.id];
export const VISIT_ORDER = [visits.visitedAt, visits.id];
export const visitCursor = (v: VisitRow): unknown[] => [v.visitedAt, v.id];

/** How long a claim on a problem being raised holds before another attempt may take it over. */
const CLAIM_MS = 2 * 60_000;

export class OfficialStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  withTx(tx: Database): OfficialStore {
    return new OfficialStore(tx, this.principal);
  }

  /** Rows of the caller's scope, or of the official the caller is (`official_user_id`). */
  private rowScope(cols: {
    departmentCode: PgColumn;
    countyCode: PgColumn;
    enterpriseCode: PgColumn;
    officialUserId: PgColumn;
  }): SQL | undefined {
    const p = this.principal;
    const base = readScope(p, cols, MODULE_SCOPE);
    if (base === undefined) return undefined;
    return p.role === 'staff' && p.sub ? or(base, eq(cols.officialUserId, p.sub)) : base;
  }

  private assignmentScope(): SQL | undefined {
    return this.rowScope(assignments);
  }

  private visitScope(): SQL | undefined {
    return this.rowScope(visits);
  }

  /** Officials the caller may list: by their unit (readScope), and the caller's own entry. */
  private officialScope(): SQL | undefined {
    const p = this.principal;
    if (p.role === 'enterprise') return sql`false`;
    const base = readScope(p, officials, MODULE_SCOPE);
    if (base === undefined) return undefined;
    return p.role === 'staff' && p.sub ? or(base, eq(officials.userId, p.sub)) : base;
  }

  // ── officials ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** listServiceOfficials: by name. */
  listOfficials(filter: OfficialFilter, page: Page): Promise<OfficialRow[]> {
    return this.db
      .select()
      .from(officials)
      .where(and(this.officialScope(), officialFilter(filter), afterCursor(OFFICIAL_ORDER, page.after, 'asc')))
      .orderBy(...orderBy(OFFICIAL_ORDER, 'asc'))
      .limit(page.limit + 1);
  }

  /** countServiceOfficials */
  async countOfficials(filter: OfficialFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(officials)
      .where(and(this.officialScope(), officialFilter(filter)));
    return Number(row?.n ?? 0);
  }

  /** findOfficialsByIds: unscoped, for officials named by rows the caller already read. */
  findOfficials(ids: readonly string[]): Promise<OfficialRow[]> {
    return this.db.select().from(officials).where(anyOf(officials.id, ids));
  }

  /** findOfficialByUser */
  async officialByUser(userId: string): Promise<OfficialRow | null> {
    const [row] = await this.db.select().from(officials).where(eq(officials.userId, userId));
    return row ?? null;
  }

  /** insertServiceOfficial: null when the user is registered already. */
  async insertOfficial(values: typeof officials.$inferInsert): Promise<OfficialRow | null> {
    const [row] = await this.db.insert(officials).values(values).onConflictDoNothing().returning();
    return row ?? null;
  }

  /** updateServiceOfficial */
  async updateOfficial(id: string, values: Partial<typeof officials.$inferInsert>): Promise<OfficialRow> {
    const [row] = await this.db.update(officials).set(values).where(eq(officials.id, id)).returning();
    return row!;
  }

  /** countActiveAssignmentsByOfficials */
  async activeCounts(ids: readonly string[]): Promise<Array<{ officialId: string; n: number }>> {
    const rows = await this.db
      .select({ officialId: assignments.officialId, n: count() })
      .from(assignments)
      .where(and(anyOf(assignments.officialId, ids), eq(assignments.status, 'ACTIVE')))
      .groupBy(assignments.officialId);
    return rows.map((r) => ({ officialId: r.officialId, n: Number(r.n) }));
  }

  // ── assignments ────────────────────────────────────────────────────────────────────────────────────────────────

  /** listOfficialAssignments: newest first. */
  listAssignments(filter: AssignmentFilter, page: Page): Promise<AssignmentRow[]> {
    return this.db
      .select()
      .from(assignments)
      .where(and(this.assignmentScope(), assignmentFilter(filter), afterCursor(ASSIGNMENT_ORDER, page.after, 'desc')))
      .orderBy(...orderBy(ASSIGNMENT_ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countOfficialAssignments */
  async countAssignments(filter: AssignmentFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(assignments)
      .where(and(this.assignmentScope(), assignmentFilter(filter)));
    return Number(row?.n ?? 0);
  }

  /** findOfficialAssignmentsByIds: those the caller may read. */
  findAssignments(ids: readonly string[]): Promise<AssignmentRow[]> {
    return this.db
      .select()
      .from(assignments)
      .where(and(anyOf(assignments.id, ids), this.assignmentScope()));
  }

  /** activeAssignmentsOfEnterprises: those in force that the caller may read, oldest first. */
  activeOfEnterprises(codes: readonly string[]): Promise<AssignmentRow[]> {
    return this.db
      .select()
      .from(assignments)
      .where(and(anyOf(assignments.enterpriseCode, codes), eq(assignments.status, 'ACTIVE'), this.assignmentScope()))
      .orderBy(asc(assignments.assignedAt), asc(assignments.id));
  }

  /** insertOfficialAssignment: null when the official is assigned to the enterprise already. */
  async insertAssignment(values: typeof assignments.$inferInsert): Promise<AssignmentRow | null> {
    const [row] = await this.db.insert(assignments).values(values).onConflictDoNothing().returning();
    return row ?? null;
  }

  /** updateAssignmentInState: null when it left `from` meanwhile. */
  async updateAssignmentInState(
    id: string,
    from: AssignmentStatus,
    values: Partial<typeof assignments.$inferInsert>,
  ): Promise<AssignmentRow | null> {
    const [row] = await this.db
      .update(assignments)
      .set(values)
      .where(and(eq(assignments.id, id), eq(assignments.status, from)))
      .returning();
    return row ?? null;
  }

  /** insertAssignmentEvent */
  async insertAssignmentEvent(values: NewEvent): Promise<void> {
    await this.db.insert(assignmentEvents).values(values);
  }

  /** findAssignmentEvents: oldest first. */
  findAssignmentEvents(ids: readonly string[]): Promise<WorkflowEventRow[]> {
    return this.db
      .select()
      .from(assignmentEvents)
      .where(anyOf(assignmentEvents.subjectId, ids))
      .orderBy(asc(assignmentEvents.subjectId), asc(assignmentEvents.id));
  }

  // ── visits ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** listVisits: latest visit first. */
  listVisits(filter: VisitFilter, page: Page): Promise<VisitRow[]> {
    return this.db
      .select()
      .from(visits)
      .where(and(this.visitScope(), visitFilter(filter), afterCursor(VISIT_ORDER, page.after, 'desc')))
      .orderBy(...orderBy(VISIT_ORDER, 'desc'))
      .limit(page.limit + 1);
  }

  /** countVisits */
  async countVisits(filter: VisitFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(visits)
      .where(and(this.visitScope(), visitFilter(filter)));
    return Number(row?.n ?? 0);
  }

  /** The first `limit + 1` visits of each enterprise that the caller may read. */
  visitsOfEnterprises(codes: readonly string[], limit: number): Promise<VisitRow[]> {
    return firstRowsPerKey(
      this.db,
      visits,
      visits.enterpriseCode,
      orderBy(VISIT_ORDER, 'desc'),
      and(anyOf(visits.enterpriseCode, codes), this.visitScope()),
      limit + 1,
    );
  }

  /** countVisitsByEnterprises */
  async visitCounts(codes: readonly string[]): Promise<Array<{ code: string; n: number }>> {
    const rows = await this.db
      .select({ code: visits.enterpriseCode, n: count() })
      .from(visits)
      .where(and(anyOf(visits.enterpriseCode, codes), this.visitScope()))
      .groupBy(visits.enterpriseCode);
    return rows.map((r) => ({ code: r.code, n: Number(r.n) }));
  }

  /** findVisitsByIds: those the caller may read. */
  findVisits(ids: readonly string[]): Promise<VisitRow[]> {
    return this.db
      .select()
      .from(visits)
      .where(and(anyOf(visits.id, ids), this.visitScope()));
  }

  /** insertVisit */
  async insertVisit(values: typeof visits.$inferInsert): Promise<VisitRow> {
    const [row] = await this.db.insert(visits).values(values).returning();
    return row!;
  }

  /** updateVisitInState: null when it left `from` meanwhile. */
  async updateVisitInState(
    id: string,
    from: VisitStatus,
    values: Partial<typeof visits.$inferInsert>,
  ): Promise<VisitRow | null> {
    const [row] = await this.db
      .update(visits)
      .set(values)
      .where(and(eq(visits.id, id), eq(visits.status, from)))
      .returning();
    return row ?? null;
  }

  /** insertVisitEvent */
  async insertVisitEvent(values: NewEvent): Promise<void> {
    await this.db.insert(visitEvents).values(values);
  }

  /** findVisitEvents: oldest first. */
  findVisitEvents(ids: readonly string[]): Promise<WorkflowEventRow[]> {
    return this.db
      .select()
      .from(visitEvents)
      .where(anyOf(visitEvents.subjectId, ids))
      .orderBy(asc(visitEvents.subjectId), asc(visitEvents.id));
  }

  /** insertVisitProblems */
  async insertProblems(values: Array<typeof problems.$inferInsert>): Promise<void> {
    if (values.length > 0) await this.db.insert(problems).values(values);
  }

  /** findVisitProblems: of visits the caller already read, in their order. */
  findProblems(visitIds: readonly string[]): Promise<ProblemRow[]> {
    return this.db
      .select()
      .from(problems)
      .where(anyOf(problems.visitId, visitIds))
      .orderBy(asc(problems.visitId), asc(problems.position));
  }

  /** findVisitProblem */
  async problem(visitId: string, id: string): Promise<ProblemRow | null> {
    const [row] = await this.db
      .select()
      .from(problems)
      .where(and(eq(problems.visitId, visitId), eq(problems.id, id)));
    return row ?? null;
  }

  /**
   * claimVisitProblem: marks a problem as being raised, unless it was raised already or another attempt holds a
   * recent claim; null then.
   */
  async claimProblem(id: string, at: Date): Promise<ProblemRow | null> {
    const [row] = await this.db
      .update(problems)
      .set({ raisingAt: at })
      .where(
        and(
          eq(problems.id, id),
          isNull(problems.matterId),
          or(isNull(problems.raisingAt), lt(problems.raisingAt, new Date(at.getTime() - CLAIM_MS))),
        ),
      )
      .returning();
    return row ?? null;
  }

  /** releaseVisitProblem: the attempt failed; another may raise it now. */
  async releaseProblem(id: string): Promise<void> {
    await this.db
      .update(problems)
      .set({ raisingAt: null })
      .where(and(eq(problems.id, id), isNull(problems.matterId)));
  }

  /** recordVisitProblemMatter */
  async recordMatter(
    id: string,
    values: { matterId: string; matterReference: string; raisedAt: Date; raisedBy: string },
  ) {
    await this.db
      .update(problems)
      .set({ ...values, raisingAt: null })
      .where(eq(problems.id, id));
  }

  async enqueue(messages: OutboundMessage[]): Promise<void> {
    await enqueueMessages(this.db, outbox, messages);
  }
}

function officialFilter(f: OfficialFilter): SQL | undefined {
  return and(
    f.countyCode ? eq(officials.countyCode, f.countyCode) : undefined,
    f.departmentCode ? eq(officials.departmentCode, f.departmentCode) : undefined,
  );
}

function assignmentFilter(f: AssignmentFilter): SQL | undefined {
  return and(
    f.status ? eq(assignments.status, f.status) : undefined,
    f.officialId ? eq(assignments.officialId, f.officialId) : undefined,
    f.enterpriseCode ? eq(assignments.enterpriseCode, f.enterpriseCode) : undefined,
  );
}

function visitFilter(f: VisitFilter): SQL | undefined {
  return and(
    f.status ? eq(visits.status, f.status) : undefined,
    f.officialId ? eq(visits.officialId, f.officialId) : undefined,
    f.enterpriseCode ? eq(visits.enterpriseCode, f.enterpriseCode) : undefined,
    f.range ? and(gte(visits.visitedAt, f.range.from), lt(visits.visitedAt, f.range.to)) : undefined,
  );
}
