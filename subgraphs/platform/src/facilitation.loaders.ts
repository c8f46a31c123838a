/** Per-request DataLoaders of 企业便利化 (办业务): one statement per batch, whatever the list length. */
import { byKeys, groupByKeys } from '@qq/kit';
import DataLoader from 'dataloader';
import type { CatalogueStore } from './store/catalogue.store.ts';
import type { CaseStore } from './store/cases.store.ts';

export function createFacilitationLoaders(stores: { catalogue: CatalogueStore; cases: CaseStore }) {
  return {
    service: new DataLoader(async (ids: readonly string[]) =>
      byKeys(ids, await stores.catalogue.findByIds(ids), (r) => r.id),
    ),
    serviceEvents: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.catalogue.events(ids), (r) => r.subjectId),
    ),
    serviceVersions: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.catalogue.versions(ids), (r) => r.subjectId),
    ),
    case: new DataLoader(async (ids: readonly string[]) => byKeys(ids, await stores.cases.findByIds(ids), (r) => r.id)),
    caseEvents: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.cases.events(ids), (r) => r.subjectId),
    ),
    licenceOfCase: new DataLoader(async (ids: readonly string[]) =>
      byKeys(ids, await stores.cases.licencesOfCases(ids), (r) => r.caseId!),
    ),
    licencesOfEnterprise: new DataLoader(async (codes: readonly string[]) =>
      groupByKeys(codes, await stores.cases.licencesOf(codes), (r) => r.enterpriseCode),
    ),
  };
}

export type FacilitationLoaders = ReturnType<typeof createFacilitationLoaders>;
