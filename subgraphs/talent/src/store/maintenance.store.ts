/**
 * Every SQL statement of the scheduled jobs (jobs.ts): expiring postings and talent policies past their last day and
 * finding the stale ones. Jobs act for the system, not a caller: no row scope applies.
 */
import { jobPostings, talentPolicies } from '@qq/db/schema/talent';
import { isStale, type Tx } from '@qq/kit';
import { and, asc, eq, lt } from 'drizzle-orm';

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

/** What a job needs of a talent policy to record its step and tell 人社局 of its unit. */
export interface PolicySummary {
  id: string;
  title: string;
  version: number;
  expiresOn: string | null;
  departmentCode: string;
  countyCode: string;
}

const POLICY_SUMMARY = {
  id: talentPolicies.id,
  title: talentPolicies.title,
  version: talentPolicies.version,
  expiresOn: talentPolicies.expiresOn,
  departmentCode: talentPolicies.departmentCode,
  countyCode: talentPolicies.countyCode,
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
    return this.db.select(SUMMARY).from(jobPostings).where(isStale(jobPostings, now)).orderBy(asc(jobPostings.id));
  }

  /** expireTalentPolicies: published policies whose last valid day is before `today` become EXPIRED at `now`. */
  expirePolicies(today: string, now: Date): Promise<PolicySummary[]> {
    return this.db
      .update(talentPolicies)
      .set({ status: 'EXPIRED', expiredAt: now, updatedAt: now })
      .where(and(eq(talentPolicies.status, 'PUBLISHED'), lt(talentPolicies.expiresOn, today)))
      .returning(POLICY_SUMMARY);
  }

  /** findStaleTalentPolicies: published policies whose content was not updated for 90 days before `now`. */
  stalePolicies(now: Date): Promise<PolicySummary[]> {
    return this.db
      .select(POLICY_SUMMARY)
      .from(talentPolicies)
      .where(isStale(talentPolicies, now))
      .orderBy(asc(talentPolicies.id));
  }
}
