/**
 * Per-request DataLoaders of the talent subgraph: one statement per batch, whatever the number of parents. The stores
 * they call are bound to the caller, so every batch carries the caller's visibility condition.
 */
import {
  jobApplicationEvents,
  jobPostingEvents,
  jobPostingVersions,
  talentPolicyEvents,
  talentPolicyVersions,
} from '@qq/db/schema/talent';
import {
  byKeys,
  CITY_CODE,
  type Connection,
  connectionsByKey,
  type EventRow,
  groupByKeys,
  type HistoryStore,
  loaderFamily,
  monthRange,
  type Principal,
  type VersionRow,
} from '@qq/kit';
import DataLoader from 'dataloader';
import { NO_COUNTS, type FigureStore, type TalentCounts } from './store/figures.store.ts';
import { applicationCursor, type JobApplicationRow, type JobApplicationStore } from './store/job-applications.store.ts';
import { postingCursor, type JobPostingRow, type JobPostingStore } from './store/job-postings.store.ts';
import { policyCursor, type TalentPolicyRow, type TalentPolicyStore } from './store/talent-policies.store.ts';

/** A month's counts per unit and per department; the city (410400) adds up every unit. */
export interface MonthFigures {
  byCounty: Map<string, TalentCounts>;
  byDepartment: Map<string, TalentCounts>;
}

function add(into: Map<string, TalentCounts>, key: string, row: TalentCounts): void {
  const sum = { ...(into.get(key) ?? NO_COUNTS) };
  for (const k of Object.keys(NO_COUNTS) as Array<keyof TalentCounts>) sum[k] += row[k];
  into.set(key, sum);
}

export interface Stores {
  jobPostings: JobPostingStore;
  talentPolicies: TalentPolicyStore;
  jobApplications: JobApplicationStore;
  history: HistoryStore;
  figures: FigureStore;
}

export function createLoaders(stores: Stores, principal: Principal, now: Date) {
  const jobPosting = new DataLoader(async (ids: readonly string[]) =>
    byKeys(ids, await stores.jobPostings.findByIds(ids), (r) => r.id),
  );
  const talentPolicy = new DataLoader(async (ids: readonly string[]) =>
    byKeys(ids, await stores.talentPolicies.findByIds(ids), (r) => r.id),
  );

  const jobPostingCountByEnterprise = new DataLoader(async (codes: readonly string[]) => {
    const counts = await stores.jobPostings.countByEnterprises(codes);
    return codes.map((c) => counts.get(c) ?? 0);
  });
  const jobPostingsByEnterprise = loaderFamily(
    (limit: number) =>
      new DataLoader<string, Connection<JobPostingRow>, string>(async (codes) => {
        const { rows, totals } = await stores.jobPostings.firstByEnterprises(codes, limit + 1);
        for (const row of rows) jobPosting.prime(row.id, row);
        return connectionsByKey(codes, rows, (r) => r.enterpriseCode, limit, postingCursor, totals);
      }),
  );

  const talentPolicyCountByDepartment = new DataLoader(async (codes: readonly string[]) => {
    const counts = await stores.talentPolicies.countByDepartments(codes);
    return codes.map((c) => counts.get(c) ?? 0);
  });
  const talentPoliciesByDepartment = loaderFamily(
    (limit: number) =>
      new DataLoader<string, Connection<TalentPolicyRow>, string>(async (codes) => {
        const rows = await stores.talentPolicies.firstByDepartments(codes, limit + 1);
        for (const row of rows) talentPolicy.prime(row.id, row);
        return connectionsByKey(
          codes,
          rows,
          (r) => r.departmentCode,
          limit,
          policyCursor,
          (code) => () => talentPolicyCountByDepartment.load(code),
        );
      }),
  );

  /** Open postings and their headcount per county; the city's figure is the sum over its units. */
  const openByCounty = new DataLoader(async (codes: readonly string[]) => {
    const city = codes.includes(CITY_CODE);
    const sums = await stores.jobPostings.openByCounties(city ? null : codes, now);
    const total = { postings: 0, headcount: 0 };
    for (const v of sums.values()) {
      total.postings += v.postings;
      total.headcount += v.headcount;
    }
    return codes.map((c) => (c === CITY_CODE ? total : (sums.get(c) ?? { postings: 0, headcount: 0 })));
  });

  const jobApplication = new DataLoader(async (ids: readonly string[]) =>
    byKeys(ids, await stores.jobApplications.findByIds(ids), (r) => r.id),
  );
  const applicationCountByPosting = loaderFamily(
    (status: string | null) =>
      new DataLoader<string, number, string>(async (ids) => {
        const counts = await stores.jobApplications.countByPostings(ids, status);
        return ids.map((id) => counts.get(id) ?? 0);
      }),
  );
  const applicationsByPosting = loaderFamily(
    ({ limit, status }: { limit: number; status: string | null }) =>
      new DataLoader<string, Connection<JobApplicationRow>, string>(async (ids) => {
        const rows = await stores.jobApplications.firstByPostings(ids, limit + 1, status);
        for (const row of rows) jobApplication.prime(row.id, row);
        return connectionsByKey(
          ids,
          rows,
          (r) => r.postingId,
          limit,
          applicationCursor,
          (id) => () => applicationCountByPosting(status).load(id),
        );
      }),
  );
  /** A person's open application per posting. */
  const myApplicationByPosting = new DataLoader(async (ids: readonly string[]) =>
    byKeys(
      ids,
      principal.sub ? await stores.jobApplications.mineByPostings(ids, principal.sub) : [],
      (r) => r.postingId,
    ),
  );

  const events = {
    jobPosting: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.history.eventsOf(jobPostingEvents, ids), (e: EventRow) => e.subjectId),
    ),
    jobApplication: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.history.eventsOf(jobApplicationEvents, ids), (e: EventRow) => e.subjectId),
    ),
    talentPolicy: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.history.eventsOf(talentPolicyEvents, ids), (e: EventRow) => e.subjectId),
    ),
  };
  const versions = {
    jobPosting: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.history.versionsOf(jobPostingVersions, ids), (v: VersionRow) => v.subjectId),
    ),
    talentPolicy: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.history.versionsOf(talentPolicyVersions, ids), (v: VersionRow) => v.subjectId),
    ),
  };

  /** One statement per month asked, whatever the number of units and departments. */
  const talentFigures = new DataLoader(async (months: readonly string[]) =>
    Promise.all(
      months.map(async (month): Promise<MonthFigures> => {
        const { from, to } = monthRange(month);
        // Current and stale are counted at the month's end, or now while it runs; nothing before it starts.
        const asOf = now < from ? null : now < to ? now : to;
        const rows = await stores.figures.month(from, to, asOf);
        const figures: MonthFigures = { byCounty: new Map(), byDepartment: new Map() };
        for (const row of rows) {
          add(figures.byCounty, row.countyCode, row);
          if (row.countyCode !== CITY_CODE) add(figures.byCounty, CITY_CODE, row);
          add(figures.byDepartment, row.departmentCode, row);
        }
        return figures;
      }),
    ),
  );

  return {
    talentFigures,
    jobPosting,
    talentPolicy,
    jobPostingsByEnterprise,
    jobPostingCountByEnterprise,
    talentPoliciesByDepartment,
    talentPolicyCountByDepartment,
    openByCounty,
    jobApplication,
    applicationsByPosting,
    applicationCountByPosting,
    myApplicationByPosting,
    events,
    versions,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
