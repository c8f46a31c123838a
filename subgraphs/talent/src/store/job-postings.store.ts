/**
 * Every SQL statement on `talent.job_postings`. The store is bound to one caller, and every read carries the caller's
 * visibility condition: published postings, or rows in the caller's scope (readScope: the own enterprise, 人社局
 * staff of the county, admins, analysts).
 */
import type { Database } from '@qq/db/client';
import { jobPostings, type JobPostingStatus } from '@qq/db/schema/talent';
import {
  afterCursor,
  chinaDay,
  CITY_CODE,
  containsPattern,
  pagePerKey,
  isUuid,
  orderBy,
  type Page,
  type PagePerKey,
  type Principal,
  readScope,
  staleBefore,
  type Tx,
  anyOf,
} from '@qq/kit';
import { and, count, eq, gte, ilike, inArray, isNull, lt, ne, or, sum, type SQL } from 'drizzle-orm';
import { TALENT_SCOPE } from '../domain.ts';

export type JobPostingRow = typeof jobPostings.$inferSelect;
export type NewJobPosting = typeof jobPostings.$inferInsert;

export interface JobPostingFilter {
  /** A county code; absent or the city code means every unit. */
  countyCode?: string | null;
  enterpriseCode?: string | null;
  category?: string | null;
  education?: string | null;
  keyword?: string | null;
  salaryAtLeast?: number | null;
  status?: string | null;
  /** True: published and not updated for 90 days; false: the others. */
  stale?: boolean | null;
}

/** The sort key of every posting list: newest first. */
const SORT = [jobPostings.createdAt, jobPostings.id];

export function postingCursor(row: JobPostingRow): unknown[] {
  return [row.createdAt, row.id];
}

/** Published and open on the China calendar day of `now` (not past its last day). */
export function isOpen(now: Date): SQL {
  return and(
    eq(jobPostings.status, 'PUBLISHED'),
    or(isNull(jobPostings.expiresOn), gte(jobPostings.expiresOn, chinaDay(now))),
  )!;
}

function filterCondition(filter: JobPostingFilter, now: Date): SQL | undefined {
  const keyword = filter.keyword ? containsPattern(filter.keyword) : null;
  const before = staleBefore(now);
  return and(
    filter.countyCode && filter.countyCode !== CITY_CODE ? eq(jobPostings.countyCode, filter.countyCode) : undefined,
    filter.enterpriseCode ? eq(jobPostings.enterpriseCode, filter.enterpriseCode) : undefined,
    filter.category ? eq(jobPostings.category, filter.category as JobPostingRow['category']) : undefined,
    filter.education ? eq(jobPostings.education, filter.education as JobPostingRow['education']) : undefined,
    keyword ? or(ilike(jobPostings.title, keyword), ilike(jobPostings.description, keyword)) : undefined,
    filter.salaryAtLeast !== undefined && filter.salaryAtLeast !== null
      ? gte(jobPostings.salaryMax, filter.salaryAtLeast)
      : undefined,
    filter.status ? eq(jobPostings.status, filter.status as JobPostingStatus) : undefined,
    filter.stale === true ? and(eq(jobPostings.status, 'PUBLISHED'), lt(jobPostings.revisedAt, before)) : undefined,
    filter.stale === false ? or(ne(jobPostings.status, 'PUBLISHED'), gte(jobPostings.revisedAt, before)) : undefined,
  );
}

export class JobPostingStore {
  constructor(
    private readonly db: Database | Tx,
    private readonly principal: Principal,
  ) {}

  withDb(db: Database | Tx): JobPostingStore {
    return new JobPostingStore(db, this.principal);
  }

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

  /** findJobPostingsByIdsUnscoped: for the posting facts an application shows its applicant (title, enterprise). */
  async findAnyByIds(ids: readonly string[]): Promise<JobPostingRow[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.db.select().from(jobPostings).where(inArray(jobPostings.id, valid));
  }

  /** listJobPostings: one page of visible rows, newest first. */
  async list(filter: JobPostingFilter, page: Page, now: Date): Promise<JobPostingRow[]> {
    return this.db
      .select()
      .from(jobPostings)
      .where(and(this.visible(), filterCondition(filter, now), afterCursor(SORT, page.after, 'desc')))
      .orderBy(...orderBy(SORT, 'desc'))
      .limit(page.limit + 1);
  }

  /** countJobPostings: visible rows matching the filter. */
  async count(filter: JobPostingFilter, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(jobPostings)
      .where(and(this.visible(), filterCondition(filter, now)));
    return Number(row?.n ?? 0);
  }

  /**
   * firstJobPostingsByEnterprises: the first `perParent` visible rows of each enterprise, newest first, and how many
   * each has, in one statement.
   */
  async firstByEnterprises(codes: readonly string[], perParent: number): Promise<PagePerKey<JobPostingRow>> {
    if (codes.length === 0) return { rows: [], totals: new Map() };
    return pagePerKey(
      this.db,
      jobPostings,
      jobPostings.enterpriseCode,
      orderBy(SORT, 'desc'),
      and(anyOf(jobPostings.enterpriseCode, codes), this.visible()),
      perParent,
    );
  }

  /** countJobPostingsByEnterprises: visible rows per enterprise. */
  async countByEnterprises(codes: readonly string[]): Promise<Map<string, number>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db
      .select({ code: jobPostings.enterpriseCode, n: count() })
      .from(jobPostings)
      .where(and(anyOf(jobPostings.enterpriseCode, codes), this.visible()))
      .groupBy(jobPostings.enterpriseCode);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  }

  /**
   * countOpenPositionsByCounties: per county, the open postings and their headcount (public figures); null: every
   * county.
   */
  async openByCounties(
    codes: readonly string[] | null,
    now: Date,
  ): Promise<Map<string, { postings: number; headcount: number }>> {
    const rows = await this.db
      .select({ code: jobPostings.countyCode, n: count(), heads: sum(jobPostings.headcount) })
      .from(jobPostings)
      .where(and(isOpen(now), codes ? anyOf(jobPostings.countyCode, codes) : undefined))
      .groupBy(jobPostings.countyCode);
    return new Map(rows.map((r) => [r.code, { postings: Number(r.n), headcount: Number(r.heads ?? 0) }]));
  }

  /** insertJobPosting */
  async insert(values: NewJobPosting): Promise<JobPostingRow> {
    const [row] = await this.db.insert(jobPostings).values(values).returning();
    if (!row) throw new Error('insertJobPosting returned no row');
    return row;
  }

  /** transitionJobPosting: the change, only if the posting is still in the state and version it was read in. */
  async transition(
    id: string,
    from: { status: string; version: number },
    set: Partial<NewJobPosting>,
  ): Promise<JobPostingRow | null> {
    const [row] = await this.db
      .update(jobPostings)
      .set(set)
      .where(
        and(
          eq(jobPostings.id, id),
          eq(jobPostings.status, from.status as JobPostingStatus),
          eq(jobPostings.version, from.version),
        ),
      )
      .returning();
    return row ?? null;
  }
}
