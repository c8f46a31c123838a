/**
 * The monthly talent figures (Art. 8–9, read by the evaluation): counted from the recorded instants of postings,
 * applications and talent policies, their versions and events, in one statement per month for every unit and
 * department at once. Figures are aggregates: no row scope applies.
 */
import type { Database } from '@qq/db/client';
import {
  jobApplications,
  jobPostingEvents,
  jobPostings,
  jobPostingVersions,
  talentPolicies,
  talentPolicyEvents,
  talentPolicyVersions,
} from '@qq/db/schema/talent';
import { rowsOf, STALE_DAYS, type EventTable, type Tx, type VersionTable } from '@qq/kit';
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

export interface TalentCounts {
  jobPostingsPublished: number;
  jobPostingsUpdated: number;
  jobPostingsCurrent: number;
  jobPostingsStale: number;
  jobApplicationsReceived: number;
  jobApplicationsAnswered: number;
  talentPoliciesPublished: number;
  talentPoliciesPublishedOnTime: number;
  talentPoliciesUpdated: number;
  talentPoliciesCurrent: number;
  talentPoliciesStale: number;
}

export const NO_COUNTS: TalentCounts = {
  jobPostingsPublished: 0,
  jobPostingsUpdated: 0,
  jobPostingsCurrent: 0,
  jobPostingsStale: 0,
  jobApplicationsReceived: 0,
  jobApplicationsAnswered: 0,
  talentPoliciesPublished: 0,
  talentPoliciesPublishedOnTime: 0,
  talentPoliciesUpdated: 0,
  talentPoliciesCurrent: 0,
  talentPoliciesStale: 0,
};

/** The counts of one (unit, department) pair. */
export interface TalentCountsRow extends TalentCounts {
  countyCode: string;
  departmentCode: string;
}

interface Kept {
  table: PgTable;
  events: EventTable;
  versions: VersionTable;
}

/**
 * One row per record kept current (a posting or a policy): first published in the month; a later version saved in
 * the month; PUBLISHED at `asOf` (its last event by then) with its last version by then saved within the 90 days
 * before `asOf` (current) or not (stale).
 */
function kept(k: Kept, from: SQL, to: SQL, asOf: Date | null, onTime: SQL) {
  const at = asOf ? instant(asOf) : null;
  const published = at
    ? sql`(select ${k.events.toStatus} from ${k.events} where ${k.events.subjectId} = r.id and ${k.events.at} <= ${at}
          order by ${k.events.at} desc, ${k.events.id} desc limit 1) = 'PUBLISHED'`
    : sql`false`;
  const fresh = asOf
    ? sql`(select max(${k.versions.at}) from ${k.versions} where ${k.versions.subjectId} = r.id
          and ${k.versions.at} <= ${at}) >= ${instant(new Date(asOf.getTime() - STALE_DAYS * 86_400_000))}`
    : sql`false`;
  return sql`select r.county_code, r.department_code,
      (r.published_at >= ${from} and r.published_at < ${to}) as first_published,
      ${onTime} as on_time,
      exists (select 1 from ${k.versions} where ${k.versions.subjectId} = r.id and ${k.versions.version} > 1
        and ${k.versions.at} >= ${from} and ${k.versions.at} < ${to}) as updated,
      ${published} as published,
      ${fresh} as fresh
    from ${k.table} r
    where r.created_at < ${to}`;
}

/** An instant as a SQL parameter (both drivers take the ISO text). */
const instant = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

export class FigureStore {
  constructor(private readonly db: Database | Tx) {}

  /**
   * countTalentFigures: per (unit, department), the month's counts. `asOf` is the instant the current and stale
   * records are counted at (the month's end, or now while it runs; null before it starts).
   */
  async month(start: Date, end: Date, asOf: Date | null): Promise<TalentCountsRow[]> {
    const from = instant(start);
    const to = instant(end);
    const postings = kept(
      { table: jobPostings, events: jobPostingEvents, versions: jobPostingVersions },
      from,
      to,
      asOf,
      sql`false`,
    );
    const policies = kept(
      { table: talentPolicies, events: talentPolicyEvents, versions: talentPolicyVersions },
      from,
      to,
      asOf,
      sql`r.published_at <= r.issued_at + interval '24 hours'`,
    );
    const result = await this.db.execute(sql`
      select county_code, department_code,
        count(*) filter (where kind = 'posting' and first_published) as job_postings_published,
        count(*) filter (where kind = 'posting' and updated) as job_postings_updated,
        count(*) filter (where kind = 'posting' and published and fresh) as job_postings_current,
        count(*) filter (where kind = 'posting' and published and not coalesce(fresh, false)) as job_postings_stale,
        count(*) filter (where kind = 'application' and first_published) as job_applications_received,
        count(*) filter (where kind = 'application' and updated) as job_applications_answered,
        count(*) filter (where kind = 'policy' and first_published) as talent_policies_published,
        count(*) filter (where kind = 'policy' and first_published and on_time) as talent_policies_published_on_time,
        count(*) filter (where kind = 'policy' and updated) as talent_policies_updated,
        count(*) filter (where kind = 'policy' and published and fresh) as talent_policies_current,
        count(*) filter (where kind = 'policy' and published and not coalesce(fresh, false)) as talent_policies_stale
      from (
        select 'posting' as kind, * from (${postings}) p
        union all
        select 'policy' as kind, * from (${policies}) q
        union all
        select 'application' as kind, a.county_code, a.department_code,
          (a.submitted_at >= ${from} and a.submitted_at < ${to}) as first_published,
          false as on_time,
          (a.answered_at >= ${from} and a.answered_at < ${to}) as updated,
          false as published, false as fresh
        from ${jobApplications} a
        where (a.submitted_at >= ${from} and a.submitted_at < ${to}) or (a.answered_at >= ${from} and a.answered_at < ${to})
      ) facts
      group by county_code, department_code`);
    return rowsOf<Record<string, unknown>>(result).map((row) => ({
      countyCode: String(row.county_code),
      departmentCode: String(row.department_code),
      jobPostingsPublished: Number(row.job_postings_published),
      jobPostingsUpdated: Number(row.job_postings_updated),
      jobPostingsCurrent: Number(row.job_postings_current),
      jobPostingsStale: Number(row.job_postings_stale),
      jobApplicationsReceived: Number(row.job_applications_received),
      jobApplicationsAnswered: Number(row.job_applications_answered),
      talentPoliciesPublished: Number(row.talent_policies_published),
      talentPoliciesPublishedOnTime: Number(row.talent_policies_published_on_time),
      talentPoliciesUpdated: Number(row.talent_policies_updated),
      talentPoliciesCurrent: Number(row.talent_policies_current),
      talentPoliciesStale: Number(row.talent_policies_stale),
    }));
  }
}
