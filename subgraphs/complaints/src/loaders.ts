/** Per-request DataLoaders of the complaints subgraph: one statement per batch, however many parents ask. */
import { byKeys, groupByKeys, connectionsByKey, loaderFamily, type Connection, type Page } from '@qq/kit';
import DataLoader from 'dataloader';
import type { CoHandlerRow, MatterEventRow, MatterRow, MatterStore } from './store/matters.store.ts';

export const matterCursor = (row: MatterRow): unknown[] => [row.submittedAt, row.id];

function counts(load: (keys: readonly string[]) => Promise<Map<string, number>>) {
  return new DataLoader(async (keys: readonly string[]) => {
    const found = await load(keys);
    return keys.map((k) => found.get(k) ?? 0);
  });
}

export function createLoaders(store: MatterStore) {
  const matterCountByEnterprise = counts((codes) => store.countByEnterprises(codes));
  return {
    /** Visible matters by id (null when missing or out of scope). */
    matter: new DataLoader(async (ids: readonly string[]) => byKeys(ids, await store.findByIds(ids), (r) => r.id)),
    /** Visible matters by reference number. */
    matterByReference: new DataLoader(async (refs: readonly string[]) =>
      byKeys(refs, await store.findByReferences(refs), (r) => r.referenceNo),
    ),
    /**
     * The first page of each enterprise's visible matters, one loader per page argument; counted with the rows (after a
     * cursor, by the count loader: the rows' count is of those after it).
     */
    mattersOfEnterprise: loaderFamily(
      (page: Page) =>
        new DataLoader<string, Connection<MatterRow>, string>(async (codes) => {
          const { rows, totals } = await store.firstPerEnterprise(codes, page);
          return connectionsByKey(
            codes,
            rows,
            (r) => r.enterpriseCode,
            page.limit,
            matterCursor,
            page.after ? (code) => () => matterCountByEnterprise.load(code) : totals,
          );
        }),
    ),
    matterCountByEnterprise,
    openMatterCountByCounty: counts((codes) => store.openCountByCounties(codes)),
    openMatterCountByDepartment: counts((codes) => store.openCountByDepartments(codes)),
    /** Events of matters already returned by a scoped read, oldest first. */
    eventsOfMatter: new DataLoader(async (ids: readonly string[]) => {
      return groupByKeys(ids, await store.eventsOf(ids), (row: MatterEventRow) => row.subjectId);
    }),
    /** Co-handling units of matters already returned by a scoped read, in the order they were added. */
    coHandlersOfMatter: new DataLoader(async (ids: readonly string[]) => {
      return groupByKeys(ids, await store.coHandlersOf(ids), (row: CoHandlerRow) => row.matterId);
    }),
    /** Escalation steps of matters already returned by a scoped read, oldest first. */
    escalationsOfMatter: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await store.escalationsOf(ids), (row) => row.matterId),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
