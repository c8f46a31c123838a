/**
 * Every SQL statement of the scheduled jobs (jobs.ts): expiring postings past their last day and finding the stale
 * ones. Jobs act for the system, not a caller: no row scope applies.
 */
import { jobPostings } from '@qq/db/schema/talent';
import type { Tx } from '@qq/kit';
import { and, asc, eq, lt } from 'drizzle-orm';
import { staleBefore } from '../domain.ts';

/** What a job needs of a posting to record its step and tell its enterprise. */
export interface PostingSummary {
  id: string;
  title: string;
  version: number;
  expiresOn: string | null;
  enterpriseCode: string;
  contactPhone: string;
  departmentCode: string;
  countyCode: string;
}

const SUMMARY = {
  id: jobPostings.id,
  title: jobPostings.title,
  version: jobPostings.version,
  expiresOn: jobPostings.expiresOn,
  enterpriseCode: jobPostings.enterpriseCode,
  contactPhone: jobPostings.contactPhone,
  departmentCode: jobPostings.departmentCode,
  countyCode: jobPostings.countyCode,
};

export class MaintenanceStore {
  constructor(private readonly db: Tx) {}

  /** expireJobPostings: published postings whose last day is before `today` become EXPIRED at `now`. */
  expirePostings(today: string, now: Date): Promise<PostingSummary[]> {
    return this.db
      .update(jobPostings)
      .set({ status: 'EXPIRED', expiredAt: now, updatedAt: now })
      .where(and(eq(jobPostings.status, 'PUBLISHED'), lt(jobPostings.expiresOn, today)))
      .returning(SUMMARY);
  }

  /** findStaleJobPostings: published postings whose content was not updated for 90 days before `now`. */
  stalePostings(now: Date): Promise<PostingSummary[]> {
    return this.db
      .select(SUMMARY)
      .from(jobPostings)
      .where(and(eq(jobPostings.status, 'PUBLISHED'), lt(jobPostings.revisedAt, staleBefore(now))))
      .orderBy(asc(jobPostings.id));
  }
}
