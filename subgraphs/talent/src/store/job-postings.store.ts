/**
 * Every SQL statement on `talent.job_postings`, `talent.job_posting_events` and `talent.outbox`. The store is made per
 * request for one caller, and every read carries the caller's visibility condition: published postings, or rows in
 * the caller's scope (readScope: own enterprise, 人社局 staff of the county, admins, analysts).
 */
import type { Database } from '@qq/db/client';
import { jobPostingEvents, jobPostings, outbox, type JobPostingStatus } from '@qq/db/schema/talent';
import {
  afterCursor,
  CITY_CODE,
  containsPattern,
  firstRowsPerKey,
  isUuid,
  orderBy,
  readScope,
  type Page,
  type Principal,
  type Tx,
} from '@qq/kit';
import { and, asc, count, eq, getTableColumns, gte, ilike, inArray, or, sql, sum, type SQL } from 'drizzle-orm';
import { TALENT_SCOPE } from './scope.ts';

export type JobPostingRow = typeof jobPostings.$inferSelect;
export type NewJobPosting = typeof jobPostings.$inferInsert;
export type JobPostingEventRow = typeof jobPostingEvents.$inferSelect;
export type NewJobPostingEvent = typeof jobPostingEvents.$inferInsert;
export type NewOutboxMessage = typeof outbox.$inferInsert;

export interface JobPostingFilter {
  /** A county code; absent or the city code means every unit. */
  countyCode?: string | null;
  category?: string | null;
  education?: string | null;
  keyword?: string | null;
  salaryAtLeast?: number | null;
  status?: string | null;
}

/** The sort key of every posting list: newest submissions first. */
const SORT = [jobPostings.submittedAt, jobPostings.id];

export function postingCursor(row: JobPostingRow): unknown[] {
  return [row.submittedAt, row.id];
}

function filterCondition(filter: JobPostingFilter): SQL | undefined {
  const keyword = filter.keyword ? containsPattern(filter.keyword) : null;
  return and(
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(jobPostings.countyCode, filter.countyCode) : undefined,
    filter.category ? eq(jobPostings.category, filter.category as JobPostingRow['category']) : undefined,
    filter.education ? eq(jobPostings.education, filter.education as JobPostingRow['education']) : undefined,
    keyword ? or(ilike(jobPostings.title, keyword), ilike(jobPostings.description, keyword)) : undefined,
    filter.salaryAtLeast !== undefined && filter.salaryAtLeast !== null
      ? gte(jobPostings.salaryMax, filter.salaryAtLeast)
      : undefined,
    filter.status ? eq(jobPostings.status, filter.status as JobPostingStatus) : undefined,
  );
}

export class JobPostingStore {
  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {}

  /** Rows the caller may read: published ones, or those of its scope. */
  private visible(): SQL | undefined {
    const scoped = readScope(
      this.principal,
      {
        departmentCode: jobPostings.departmentCode,
        countyCode: jobPostings.countyCode,
        enterpriseCode: jobPostings.enterpriseCode,
      },
      TALENT_SCOPE,
    );
    return scoped === undefined ? undefined : or(eq(jobPostings.status, 'PUBLISHED'), scoped);
  }

  /** findJobPostingsByIds: visible rows among these ids (any order; malformed ids match nothing). */
  async findByIds(ids: readonly string[]): Promise<JobPostingRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.db
      .select()
      .from(jobPostings)
      .where(and(inArray(jobPostings.id, valid), this.visible()));
  }

  /** listJobPostings: one page of visible rows, newest first. */
  async list(filter: JobPostingFilter, page: Page): Promise<JobPostingRow[]> {
    return this.db
      .select()
      .from(jobPostings)
      .where(and(this.visible(), filterCondition(filter), afterCursor(SORT, page.after, 'desc')))
      .orderBy(...orderBy(SORT, 'desc'))
      .limit(page.limit + 1);
  }

  /** countJobPostings: visible rows matching the filter. */
  async count(filter: JobPostingFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(jobPostings)
      .where(and(this.visible(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /** firstJobPostingsByEnterprises: the first `perParent` visible rows of each enterprise, newest first. */
  async firstByEnterprises(codes: readonly string[], perParent: number): Promise<JobPostingRow[]> {
    if (codes.length === 0) return [];
    return firstRowsPerKey(
      this.db,
      jobPostings,
      jobPostings.enterpriseCode,
      orderBy(SORT, 'desc'),
      and(inArray(jobPostings.enterpriseCode, [...codes]), this.visible()),
      perParent,
    );
  }

  /** countJobPostingsByEnterprises: visible rows per enterprise. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db
      .select({ code: jobPostings.enterpriseCode, n: count() })
      .from(jobPostings)
      .where(and(inArray(jobPostings.enterpriseCode, [...codes]), this.visible()))
      .groupBy(jobPostings.enterpriseCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  /** openPositionsByCounties: headcount of published postings per county (public figures); null: every county. */
  async openPositionsByCounties(codes: readonly string[] | null): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ code: jobPostings.countyCode, n: sum(jobPostings.headcount) })
      .from(jobPostings)
      .where(and(eq(jobPostings.status, 'PUBLISHED'), codes ? inArray(jobPostings.countyCode, [...codes]) : undefined))
      .groupBy(jobPostings.countyCode);
    return new Map(rows.map((r) => [r.code, Number(r.n ?? 0)]));
  }

  /** findEventsBySubjects: the review history of visible postings, oldest first. */
  async eventsBySubjects(ids: readonly string[]): Promise<JobPostingEventRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.db
      .select(getTableColumns(jobPostingEvents))
      .from(jobPostingEvents)
      .innerJoin(jobPostings, eq(jobPostings.id, jobPostingEvents.subjectId))
      .where(and(inArray(jobPostingEvents.subjectId, valid), this.visible()))
      .orderBy(asc(jobPostingEvents.subjectId), asc(jobPostingEvents.id));
  }

  /** lockJobPosting: a visible row, locked for a transition in this transaction. */
  async lockById(tx: Tx, id: string): Promise<JobPostingRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await tx
      .select()
      .from(jobPostings)
      .where(and(eq(jobPostings.id, id), this.visible()))
      .for('update');
    return row ?? null;
  }

  /** insertJobPosting */
  async insert(tx: Tx, values: NewJobPosting): Promise<JobPostingRow> {
    const [row] = await tx.insert(jobPostings).values(values).returning();
    if (!row) throw new Error('insert returned no row');
    return row;
  }

  /** transitionJobPosting: updates a row still in `fromStatus`; null when it moved meanwhile. */
  async transition(
    tx: Tx,
    id: string,
    fromStatus: JobPostingStatus,
    patch: Partial<Pick<NewJobPosting, 'status' | 'reviewedBy' | 'reviewedAt' | 'rejectionReason' | 'publishedAt'>>,
  ): Promise<JobPostingRow | null> {
    const [row] = await tx
      .update(jobPostings)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(jobPostings.id, id), eq(jobPostings.status, fromStatus)))
      .returning();
    return row ?? null;
  }

  /** insertJobPostingEvent */
  async insertEvent(tx: Tx, values: NewJobPostingEvent): Promise<void> {
    await tx.insert(jobPostingEvents).values(values);
  }

  /** insertOutboxMessage: idempotent on the key. */
  async enqueue(tx: Tx, values: NewOutboxMessage): Promise<void> {
    await tx.insert(outbox).values(values).onConflictDoNothing({ target: outbox.idempotencyKey });
  }
}
