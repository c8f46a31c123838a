/**
 * Per-request DataLoaders of the commerce subgraph: one statement per batch, whatever the number of parents. The
 * stores are bound to the caller, so every loader applies the caller's scope in its SQL.
 */
import { byKeys, groupByKeys, CITY_CODE, connectionsByKey, loaderFamily } from '@qq/kit';
import DataLoader from 'dataloader';
import type { FinancingNeedStore } from './store/financing.store.ts';
import { financingNeedCursor } from './store/financing.store.ts';
import type { OpportunityStore } from './store/opportunities.store.ts';
import { opportunityCursor } from './store/opportunities.store.ts';
import type { ParkRow, ParkStore } from './store/parks.store.ts';

export interface Stores {
  parks: ParkStore;
  opportunities: OpportunityStore;
  financingNeeds: FinancingNeedStore;
}

export function createLoaders(stores: Stores) {
  const opportunityCountByEnterprise = new DataLoader(async (codes: readonly string[]) => {
    const counts = await stores.opportunities.countByEnterprises(codes);
    return codes.map((c) => counts.get(c) ?? 0);
  });
  const financingNeedCountByEnterprise = new DataLoader(async (codes: readonly string[]) => {
    const counts = await stores.financingNeeds.countByEnterprises(codes);
    return codes.map((c) => counts.get(c) ?? 0);
  });
  return {
    park: new DataLoader(async (ids: readonly string[]) => byKeys(ids, await stores.parks.findByIds(ids), (r) => r.id)),
    parksByCounty: new DataLoader(async (codes: readonly string[]) => {
      const rows = await stores.parks.findByCounties(codes);
      const byCounty = groupByKeys(codes, rows, (r: ParkRow) => r.countyCode);
      // The city lists every park.
      return codes.map((code, i): ParkRow[] => (code === CITY_CODE ? rows : byCounty[i]!));
    }),
    publishedOpportunityCountByCounty: new DataLoader(async (codes: readonly string[]) => {
      const counts = await stores.opportunities.countPublishedByCounties(codes);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      return codes.map((c) => (c === CITY_CODE ? total : (counts.get(c) ?? 0)));
    }),
    opportunity: new DataLoader(async (ids: readonly string[]) =>
      byKeys(ids, await stores.opportunities.findByIds(ids), (r) => r.id),
    ),
    financingNeed: new DataLoader(async (ids: readonly string[]) =>
      byKeys(ids, await stores.financingNeeds.findByIds(ids), (r) => r.id),
    ),
    opportunityCountByEnterprise,
    financingNeedCountByEnterprise,
    /** The first `first` opportunities of each enterprise, one loader per page size. */
    opportunitiesOfEnterprise: loaderFamily(
      ({ first }: { first: number }) =>
        new DataLoader(async (codes: readonly string[]) =>
          connectionsByKey(
            codes,
            await stores.opportunities.firstByEnterprises(codes, first + 1),
            (r) => r.enterpriseCode ?? '',
            first,
            opportunityCursor,
            (code) => () => opportunityCountByEnterprise.load(code),
          ),
        ),
    ),
    /** The first `first` financing needs of each enterprise, one loader per page size. */
    financingNeedsOfEnterprise: loaderFamily(
      ({ first }: { first: number }) =>
        new DataLoader(async (codes: readonly string[]) =>
          connectionsByKey(
            codes,
            await stores.financingNeeds.firstByEnterprises(codes, first + 1),
            (r) => r.enterpriseCode,
            first,
            financingNeedCursor,
            (code) => () => financingNeedCountByEnterprise.load(code),
          ),
        ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
