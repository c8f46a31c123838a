/** Per-request DataLoaders of 万人助万企 (officials, assignments, visits and what hangs off them): one statement per batch. */
import { byKeys, connectionsByKey, groupByKeys, loaderFamily, type Connection } from '@qq/kit';
import DataLoader from 'dataloader';
import {
  visitCursor,
  type AssignmentRow,
  type OfficialRow,
  type OfficialStore,
  type ProblemRow,
  type VisitRow,
  type WorkflowEventRow,
} from './store/officials.store.ts';

export function createOfficialLoaders(store: OfficialStore) {
  const visitCountByEnterprise = new DataLoader<string, number>(async (codes) => {
    const counts = new Map((await store.visitCounts(codes)).map((r) => [r.code, r.n]));
    return codes.map((c) => counts.get(c) ?? 0);
  });
  return {
    /** Officials named by rows the caller already read. */
    official: new DataLoader<string, OfficialRow | null>(async (ids) =>
      byKeys(ids, await store.findOfficials(ids), (r) => r.id),
    ),
    /** Enterprises each official serves now. */
    activeCountByOfficial: new DataLoader<string, number>(async (ids) => {
      const counts = new Map((await store.activeCounts(ids)).map((r) => [r.officialId, r.n]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    /** Assignments the caller may read, by id. */
    assignment: new DataLoader<string, AssignmentRow | null>(async (ids) =>
      byKeys(ids, await store.findAssignments(ids), (r) => r.id),
    ),
    /** Assignments in force of each enterprise that the caller may read. */
    activeAssignmentsByEnterprise: new DataLoader<string, AssignmentRow[]>(async (codes) =>
      groupByKeys(codes, await store.activeOfEnterprises(codes), (r) => r.enterpriseCode),
    ),
    assignmentEvents: new DataLoader<string, WorkflowEventRow[]>(async (ids) =>
      groupByKeys(ids, await store.findAssignmentEvents(ids), (r) => r.subjectId),
    ),
    /** Visits the caller may read, by id. */
    visit: new DataLoader<string, VisitRow | null>(async (ids) =>
      byKeys(ids, await store.findVisits(ids), (r) => r.id),
    ),
    /** The first `limit` visits of each enterprise that the caller may read, with their count. */
    visitsByEnterprise: loaderFamily(
      (limit: number) =>
        new DataLoader<string, Connection<VisitRow>, string>(async (codes) =>
          connectionsByKey(
            codes,
            await store.visitsOfEnterprises(codes, limit),
            (r) => r.enterpriseCode,
            limit,
            visitCursor,
            (code) => () => visitCountByEnterprise.load(code),
          ),
        ),
    ),
    problemsByVisit: new DataLoader<string, ProblemRow[]>(async (ids) =>
      groupByKeys(ids, await store.findProblems(ids), (r) => r.visitId),
    ),
    visitEvents: new DataLoader<string, WorkflowEventRow[]>(async (ids) =>
      groupByKeys(ids, await store.findVisitEvents(ids), (r) => r.subjectId),
    ),
  };
}

export type OfficialLoaders = ReturnType<typeof createOfficialLoaders>;
