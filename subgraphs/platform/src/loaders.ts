/** Per-request DataLoaders of the platform subgraph: one statement per batch, whatever the list length. */
import { byKeys, groupByKeys, CITY_CODE, loaderFamily } from '@qq/kit';
import DataLoader from 'dataloader';
import type { EnterpriseStore } from './store/enterprises.store.ts';
import type { UnitStore } from './store/units.store.ts';

export function createLoaders(stores: { enterprises: EnterpriseStore; units: UnitStore }) {
  return {
    enterprise: new DataLoader(async (codes: readonly string[]) =>
      byKeys(codes, await stores.enterprises.findByCodes(codes), (r) => r.creditCode),
    ),
    county: new DataLoader(async (codes: readonly string[]) =>
      byKeys(codes, await stores.units.findCountiesByCodes(codes), (r) => r.code),
    ),
    department: new DataLoader(async (codes: readonly string[]) =>
      byKeys(codes, await stores.units.findDepartmentsByCodes(codes), (r) => r.code),
    ),
    /** The first page (`first + 1` rows, to tell whether more follow) of each county's enterprises. */
    firstEnterprisesByCounty: loaderFamily(
      (first: number) =>
        new DataLoader(async (codes: readonly string[]) => {
          const rows = await stores.enterprises.firstByCounties(codes, first + 1);
          return groupByKeys(codes, rows, (r) => r.countyCode);
        }),
    ),
    enterpriseCountByCounty: new DataLoader(async (codes: readonly string[]) => {
      const counts = await stores.enterprises.countByCounties(codes.filter((c) => c !== CITY_CODE));
      // The city counts every enterprise of its units.
      if (codes.includes(CITY_CODE)) counts.set(CITY_CODE, await stores.enterprises.count({}));
      return codes.map((c) => counts.get(c) ?? 0);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
