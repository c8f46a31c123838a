/**
 * Per-request DataLoaders of the commerce subgraph: one statement per batch, whatever the number of parents. The
 * stores are bound to the caller, so every loader applies the caller's scope in its SQL.
 */
import {
  bankProductEvents,
  bankProductVersions,
  financingApplicationEvents,
  financingNeedEvents,
  investmentProjectEvents,
  investmentProjectVersions,
  opportunityEvents,
  opportunityVersions,
  parkEvents,
  parkVersions,
  type EventTable,
  type VersionTable,
} from '@qq/db/schema/commerce';
import {
  byKeys,
  CITY_CODE,
  connectionsByKey,
  type EventRow,
  groupByKeys,
  type HistoryStore,
  loaderFamily,
  type Page,
  type Principal,
  type VersionRow,
} from '@qq/kit';
import DataLoader from 'dataloader';
import type { BankProductRow, BankProductStore } from './store/bank-products.store.ts';
import type { FinancingApplicationStore } from './store/financing-applications.store.ts';
import { financingNeedCursor, type FinancingNeedStore } from './store/financing.store.ts';
import { NO_FIGURES, type FigureStore, type ListingFigures } from './store/figures.store.ts';
import { interestCursor, type InterestStore } from './store/interests.store.ts';
import type { InvestmentProjectStore } from './store/investment-projects.store.ts';
import { opportunityCursor, type OpportunityStore } from './store/opportunities.store.ts';
import type { ParkRow, ParkStore } from './store/parks.store.ts';

export interface Stores {
  parks: ParkStore;
  investmentProjects: InvestmentProjectStore;
  opportunities: OpportunityStore;
  interests: InterestStore;
  bankProducts: BankProductStore;
  financingNeeds: FinancingNeedStore;
  financingApplications: FinancingApplicationStore;
  history: HistoryStore;
  figures: FigureStore;
}

export const EVENT_TABLES = {
  park: parkEvents,
  investmentProject: investmentProjectEvents,
  opportunity: opportunityEvents,
  bankProduct: bankProductEvents,
  financingNeed: financingNeedEvents,
  financingApplication: financingApplicationEvents,
} as const satisfies Record<string, EventTable>;

export const VERSION_TABLES = {
  park: parkVersions,
  investmentProject: investmentProjectVersions,
  opportunity: opportunityVersions,
  bankProduct: bankProductVersions,
} as const satisfies Record<string, VersionTable>;

/** Rows found by id, in key order (null where the caller may not see one). */
function byId<T extends { id: string }>(find: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader(async (ids: readonly string[]) => byKeys(ids, await find(ids), (r) => r.id));
}

/** A count per key from a grouped count (0 where none). */
function countBy(count: (keys: readonly string[]) => Promise<Map<string, number>>) {
  return new DataLoader(async (keys: readonly string[]) => {
    const counts = await count(keys);
    return keys.map((k) => counts.get(k) ?? 0);
  });
}

/** A count per unit; the city adds up every unit. */
function countByCounty(count: (codes: readonly string[]) => Promise<Map<string, number>>) {
  return new DataLoader(async (codes: readonly string[]) => {
    const counts = await count(codes);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    return codes.map((c) => (c === CITY_CODE ? total : (counts.get(c) ?? 0)));
  });
}

export function createLoaders(stores: Stores, principal: Principal, now: Date) {
  const opportunityCountByEnterprise = countBy((codes) => stores.opportunities.countByEnterprises(codes));
  const financingNeedCountByEnterprise = countBy((codes) => stores.financingNeeds.countByEnterprises(codes));
  const visibleInterestCount = countBy((ids) => stores.interests.countByOpportunities(ids, true));
  const events = Object.fromEntries(
    Object.entries(EVENT_TABLES).map(([kind, table]) => [
      kind,
      new DataLoader(async (ids: readonly string[]) =>
        groupByKeys(ids, await stores.history.eventsOf(table, ids), (r: EventRow) => r.subjectId),
      ),
    ]),
  ) as Record<keyof typeof EVENT_TABLES, DataLoader<string, EventRow[]>>;
  const versions = Object.fromEntries(
    Object.entries(VERSION_TABLES).map(([kind, table]) => [
      kind,
      new DataLoader(async (ids: readonly string[]) =>
        groupByKeys(ids, await stores.history.versionsOf(table, ids), (r: VersionRow) => r.subjectId),
      ),
    ]),
  ) as Record<keyof typeof VERSION_TABLES, DataLoader<string, VersionRow[]>>;
  const figures = (by: 'county' | 'department') =>
    new DataLoader(async (keys: readonly string[]): Promise<ListingFigures[]> => {
      const found = await stores.figures.figures(by, keys, now);
      return keys.map((k) => found.get(k) ?? NO_FIGURES);
    });

  return {
    park: byId((ids) => stores.parks.findByIds(ids)),
    parksByCounty: new DataLoader(async (codes: readonly string[]) => {
      const rows = await stores.parks.findPublishedByCounties(codes);
      const byCounty = groupByKeys(codes, rows, (r: ParkRow) => r.countyCode);
      // The city lists every park.
      return codes.map((code, i): ParkRow[] => (code === CITY_CODE ? rows : byCounty[i]!));
    }),
    investmentProject: byId((ids) => stores.investmentProjects.findByIds(ids)),
    investmentProjectsByPark: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.investmentProjects.findPublishedByParks(ids), (r) => r.parkId ?? ''),
    ),
    opportunity: byId((ids) => stores.opportunities.findByIds(ids)),
    bankProduct: byId((ids) => stores.bankProducts.findByIds(ids)),
    institution: new DataLoader(async (codes: readonly string[]) =>
      byKeys(codes, await stores.bankProducts.findInstitutions(codes), (r) => r.creditCode),
    ),
    productsByInstitution: new DataLoader(async (codes: readonly string[]) =>
      groupByKeys(
        codes,
        await stores.bankProducts.findPublishedByInstitutions(codes),
        (r: BankProductRow) => r.institutionCode,
      ),
    ),
    financingNeed: byId((ids) => stores.financingNeeds.findByIds(ids)),
    financingApplication: byId((ids) => stores.financingApplications.findByIds(ids)),
    applicationsByNeed: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.financingApplications.findByNeeds(ids), (r) => r.needId),
    ),
    interest: byId((ids) => stores.interests.findByIds(ids)),
    interestCount: countBy((ids) => stores.interests.countByOpportunities(ids, false)),
    /** The interest of the caller's enterprise in each opportunity. */
    myInterest: new DataLoader(async (ids: readonly string[]) =>
      principal.enterprise
        ? byKeys(ids, await stores.interests.findOfEnterprise(principal.enterprise, ids), (r) => r.opportunityId)
        : ids.map(() => null),
    ),
    /** A page of interests of each opportunity, one loader per page. */
    interestsOfOpportunity: loaderFamily(
      (page: Page) =>
        new DataLoader(async (ids: readonly string[]) =>
          connectionsByKey(
            ids,
            await stores.interests.firstByOpportunities(ids, page),
            (r) => r.opportunityId,
            page.limit,
            interestCursor,
            (id) => () => visibleInterestCount.load(id),
          ),
        ),
    ),
    publishedOpportunityCountByCounty: countByCounty(async (codes) => {
      const [opportunities, projects] = await Promise.all([
        stores.opportunities.countByCounties(codes, now, false),
        stores.investmentProjects.countByCounties(codes, now, false),
      ]);
      for (const [code, n] of projects) opportunities.set(code, (opportunities.get(code) ?? 0) + n);
      return opportunities;
    }),
    currentOpportunityCountByCounty: countByCounty((codes) => stores.opportunities.countByCounties(codes, now, true)),
    currentProjectCountByCounty: countByCounty((codes) => stores.investmentProjects.countByCounties(codes, now, true)),
    figuresByCounty: figures('county'),
    figuresByDepartment: figures('department'),
    events,
    versions,
    opportunityCountByEnterprise,
    financingNeedCountByEnterprise,
    /** The first `first` opportunities of each enterprise, counted with them; one loader per page size. */
    opportunitiesOfEnterprise: loaderFamily(
      ({ first }: { first: number }) =>
        new DataLoader(async (codes: readonly string[]) => {
          const { rows, totals } = await stores.opportunities.firstByEnterprises(codes, first + 1);
          return connectionsByKey(codes, rows, (r) => r.enterpriseCode, first, opportunityCursor, totals);
        }),
    ),
    /** The first `first` financing needs of each enterprise, counted with them; one loader per page size. */
    financingNeedsOfEnterprise: loaderFamily(
      ({ first }: { first: number }) =>
        new DataLoader(async (codes: readonly string[]) => {
          const { rows, totals } = await stores.financingNeeds.firstByEnterprises(codes, first + 1);
          return connectionsByKey(codes, rows, (r) => r.enterpriseCode, first, financingNeedCursor, totals);
        }),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
