/**
 * Per-request DataLoaders of the talent subgraph: one statement per batch, whatever the number of parents. The stores
 * they call are bound to the caller, so every batch carries the caller's visibility condition.
 */
import { byKeys, groupByKeys, CITY_CODE, connectionsByKey, loaderFamily, type Connection } from '@qq/kit';
import DataLoader from 'dataloader';
import {
  postingCursor,
  type JobPostingEventRow,
  type JobPostingRow,
  type JobPostingStore,
} from './store/job-postings.store.ts';
import { policyCursor, type TalentPolicyRow, type TalentPolicyStore } from './store/talent-policies.store.ts';

export interface Stores {
  jobPostings: JobPostingStore;
  talentPolicies: TalentPolicyStore;
}

export function createLoaders(stores: Stores) {
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
        const rows = await stores.jobPostings.firstByEnterprises(codes, limit + 1);
        for (const row of rows) jobPosting.prime(row.id, row);
        return connectionsByKey(
          codes,
          rows,
          (r) => r.enterpriseCode,
          limit,
          postingCursor,
          (code) => () => jobPostingCountByEnterprise.load(code),
        );
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

  const openPositionsByCounty = new DataLoader(async (codes: readonly string[]) => {
    // The city's figure is the sum over its units, so asking for it reads every unit.
    const city = codes.includes(CITY_CODE);
    const sums = await stores.jobPostings.openPositionsByCounties(city ? null : codes);
    const total = [...sums.values()].reduce((a, b) => a + b, 0);
    return codes.map((c) => (c === CITY_CODE ? total : (sums.get(c) ?? 0)));
  });

  const eventsByPosting = new DataLoader(async (ids: readonly string[]) => {
    const rows = await stores.jobPostings.eventsBySubjects(ids);
    return groupByKeys(ids, rows, (row: JobPostingEventRow) => row.subjectId);
  });

  return {
    jobPosting,
    talentPolicy,
    jobPostingsByEnterprise,
    jobPostingCountByEnterprise,
    talentPoliciesByDepartment,
    talentPolicyCountByDepartment,
    openPositionsByCounty,
    eventsByPosting,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
