/**
 * Per-request DataLoaders of the policies subgraph: one statement per batch, whatever the number of parents. The
 * stores they call are bound to the caller, so every loader applies the caller's scope.
 */
import { byKeys, groupByKeys, connectionsByKey, loaderFamily, type Connection } from '@qq/kit';
import DataLoader from 'dataloader';
import {
  applicationCursor,
  type ApplicationEventRow,
  type ApplicationRow,
  type ApplicationStore,
  type MaterialFileRow,
} from './store/applications.store.ts';
import {
  policyCursor,
  type ItemRow,
  type PolicyEventRow,
  type PolicyRow,
  type PolicyStore,
  type PolicyVersionRow,
} from './store/policies.store.ts';

export interface Stores {
  policies: PolicyStore;
  applications: ApplicationStore;
}

export function createLoaders(stores: Stores) {
  const applicationCountByEnterprise = new DataLoader(async (codes: readonly string[]) => {
    const counts = await stores.applications.countByEnterprises(codes);
    return codes.map((c) => counts.get(c) ?? 0);
  });
  const publishedPolicyCountByDepartment = new DataLoader(async (codes: readonly string[]) => {
    const counts = await stores.policies.countPublishedByDepartments(codes);
    return codes.map((c) => counts.get(c) ?? 0);
  });
  return {
    /** Policies the caller may read, by id. */
    policy: new DataLoader(async (ids: readonly string[]) =>
      byKeys(ids, await stores.policies.findByIds(ids), (r) => r.id),
    ),
    /** Items whose policy the caller may read, by id. */
    visibleItem: new DataLoader(async (ids: readonly string[]) =>
      byKeys(ids, await stores.policies.findVisibleItemsByIds(ids), (r) => r.id),
    ),
    /** Items named by an application or a disclosure the caller already read. */
    itemOfParent: new DataLoader<string, ItemRow | null>(async (ids) =>
      byKeys(ids, await stores.policies.findItemsByIds(ids), (r) => r.id),
    ),
    /** Items of policies the caller already read. */
    itemsByPolicy: new DataLoader<string, ItemRow[]>(async (ids) =>
      groupByKeys(ids, await stores.policies.findItemsByPolicyIds(ids), (r) => r.policyId),
    ),
    /** Versions of policies the caller already read, oldest first. */
    versionsByPolicy: new DataLoader<string, PolicyVersionRow[]>(async (ids) =>
      groupByKeys(ids, await stores.policies.findVersionsByPolicyIds(ids), (r) => r.policyId),
    ),
    /** Transitions of policies the caller already read, oldest first. */
    eventsByPolicy: new DataLoader<string, PolicyEventRow[]>(async (ids) =>
      groupByKeys(ids, await stores.policies.findEventsByPolicyIds(ids), (r) => r.subjectId),
    ),
    /** Title and state of the policies of disclosures (public: a disclosure says when its policy was withdrawn). */
    policyOfDisclosure: new DataLoader<string, Pick<PolicyRow, 'id' | 'title' | 'status'> | null>(async (ids) =>
      byKeys(ids, await stores.policies.findPoliciesByIdsUnscoped(ids), (r) => r.id),
    ),
    /** Files named by applications the caller already read. */
    materialFile: new DataLoader<string, MaterialFileRow | null>(async (ids) =>
      byKeys(ids, await stores.applications.findFilesByIds(ids), (r) => r.id),
    ),
    /** Applications the caller may read, by id. */
    application: new DataLoader<string, ApplicationRow | null>(async (ids) =>
      byKeys(ids, await stores.applications.findByIds(ids), (r) => r.id),
    ),
    /** Steps of applications the caller already read. */
    eventsByApplication: new DataLoader<string, ApplicationEventRow[]>(async (ids) =>
      groupByKeys(ids, await stores.applications.findEventsByApplications(ids), (r) => r.subjectId),
    ),
    /** The first `limit` applications of each enterprise that the caller may read, counted with them. */
    applicationsByEnterprise: loaderFamily(
      (limit: number) =>
        new DataLoader<string, Connection<ApplicationRow>, string>(async (codes) => {
          const { rows, totals } = await stores.applications.listByEnterprises(codes, limit);
          return connectionsByKey(codes, rows, (r) => r.enterpriseCode, limit, applicationCursor, totals);
        }),
    ),
    applicationCountByEnterprise,
    /** The first `limit` published policies of each department, with their count. */
    publishedPoliciesByDepartment: loaderFamily(
      (limit: number) =>
        new DataLoader<string, Connection<PolicyRow>, string>(async (codes) =>
          connectionsByKey(
            codes,
            await stores.policies.listPublishedByDepartments(codes, limit),
            (r) => r.departmentCode,
            limit,
            policyCursor,
            (code) => () => publishedPolicyCountByDepartment.load(code),
          ),
        ),
    ),
    publishedPolicyCountByDepartment,
    /** Published policies issued for each unit. */
    publishedPolicyCountByCounty: new DataLoader(async (codes: readonly string[]) => {
      const counts = await stores.policies.countPublishedByCounties(codes);
      return codes.map((c) => counts.get(c) ?? 0);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
