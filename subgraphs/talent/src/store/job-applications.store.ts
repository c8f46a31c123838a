/**
 * Every SQL statement on `talent.job_applications`. The store is bound to one caller, and every read carries the
 * caller's visibility condition: a person reads its own applications; the posting enterprise its applicants; 人社局
 * staff those of their county (the city's: all); admins those of their county scope; analysts all.
 */
import type { Database } from '@qq/db/client';
import { jobApplications, type JobApplicationStatus } from '@qq/db/schema/talent';
import {
  afterCursor,
  CITY_CODE,
  firstRowsPerKey,
  isUuid,
  orderBy,
  readScope,
  type Page,
  type Principal,
  type Tx,
  anyOf,
} from '@qq/kit';
import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { TALENT_SCOPE } from '../domain.ts';

export type JobApplicationRow = typeof jobApplications.$inferSelect;
export type NewJobApplication = typeof jobApplications.$inferInsert;

export interface JobApplicationFilter {
  jobPostingId?: string | null;
  status?: string | null;
  countyCode?: string | null;
}

/** Newest first. */
const SORT = [jobApplications.createdAt, jobApplications.id];

export function applicationCursor(row: JobApplicationRow): unknown[] {
  return [row.createdAt, row.id];
}

function filterCondition(filter: JobApplicationFilter): SQL | undefined {
  return and(
    filter.jobPostingId ? eq(jobApplications.postingId, filter.jobPostingId) : undefined,
    filter.status ? eq(jobApplications.status, filter.status as JobApplicationStatus) : undefined,
    filter.countyCode && filter.countyCode !== CITY_CODE
      ? eq(jobApplications.countyCode, filter.countyCode)
      : undefined,
  );
}

export class JobApplicationStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): JobApplicationStore {
    return new JobApplicationStore(db, this.principal);
  }

  /** Rows the caller may read (undefined: every row). */
  private visible(): SQL | undefined {
    const p = this.principal;
    if (p.role === 'person') return p.sub ? eq(jobApplications.applicantSub, p.sub) : sql`false`;
    return readScope(
      p,
      {
        departmentCode: jobApplications.departmentCode,
        countyCode: jobApplications.countyCode,
        enterpriseCode: jobApplications.enterpriseCode,
      },
      TALENT_SCOPE,
    );
  }

  /** findJobApplicationsByIds: visible rows among these ids (malformed ids match nothing). */
  async findByIds(ids: readonly string[]): Promise<JobApplicationRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.db
      .select()
      .from(jobApplications)
      .where(and(inArray(jobApplications.id, valid), this.visible()));
  }

  /** listJobApplications: one page of visible rows, newest first. */
  list(filter: JobApplicationFilter, page: Page): Promise<JobApplicationRow[]> {
    return this.db
      .select()
      .from(jobApplications)
      .where(and(this.visible(), filterCondition(filter), afterCursor(SORT, page.after, 'desc')))
      .orderBy(...orderBy(SORT, 'desc'))
      .limit(page.limit + 1);
  }

  /** countJobApplications */
  async count(filter: JobApplicationFilter): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(jobApplications)
      .where(and(this.visible(), filterCondition(filter)));
    return Number(row?.n ?? 0);
  }

  /** firstJobApplicationsByPostings: the first `perParent` visible applications of each posting, newest first. */
  firstByPostings(ids: readonly string[], perParent: number, status: string | null): Promise<JobApplicationRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return firstRowsPerKey(
      this.db,
      jobApplications,
      jobApplications.postingId,
      orderBy(SORT, 'desc'),
      and(anyOf(jobApplications.postingId, ids), this.visible(), filterCondition({ status })),
      perParent,
    );
  }

  /** countJobApplicationsByPostings: visible applications per posting (with a status, of that status). */
  async countByPostings(ids: readonly string[], status: string | null): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ id: jobApplications.postingId, n: count() })
      .from(jobApplications)
      .where(and(anyOf(jobApplications.postingId, ids), this.visible(), filterCondition({ status })))
      .groupBy(jobApplications.postingId);
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** findOwnApplicationsOfPostings: the caller's (a person's) applications to these postings, not withdrawn. */
  async mineByPostings(ids: readonly string[], sub: string): Promise<JobApplicationRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(jobApplications)
      .where(
        and(
          anyOf(jobApplications.postingId, ids),
          eq(jobApplications.applicantSub, sub),
          sql`${jobApplications.status} <> 'WITHDRAWN'`,
        ),
      );
  }

  /** insertJobApplication */
  async insert(values: NewJobApplication): Promise<JobApplicationRow> {
    const [row] = await this.db.insert(jobApplications).values(values).returning();
    if (!row) throw new Error('insertJobApplication returned no row');
    return row;
  }

  /** transitionJobApplication: the change, only if the application is still in the state it was read in. */
  async transition(
    id: string,
    from: { status: string },
    set: Partial<NewJobApplication>,
  ): Promise<JobApplicationRow | null> {
    const [row] = await this.db
      .update(jobApplications)
      .set(set)
      .where(and(eq(jobApplications.id, id), eq(jobApplications.status, from.status as JobApplicationStatus)))
      .returning();
    return row ?? null;
  }
}
