/** Per-request DataLoaders of the statistics subgraph: one statement per batch, however many parents. */
import { byKeys, groupByKeys, connectionsByKey, loaderFamily, type Connection } from '@qq/kit';
import DataLoader from 'dataloader';
import { figuresOfMonth } from './service/compliance.service.ts';
import type { ComplianceStore } from './store/compliance.store.ts';
import type { DerivationStore, RegisterChangeEventRow, UnitRow } from './store/derivation.store.ts';
import type { AnnualFactsRow, FactsStore } from './store/facts.store.ts';
import type { RegisterRow, RegisterStore } from './store/register.store.ts';
import type { ReportEventRow, ReportRow, ReportStore } from './store/reports.store.ts';

export interface Stores {
  register: RegisterStore;
  reports: ReportStore;
  facts: FactsStore;
  figures: ComplianceStore;
  derivation: DerivationStore;
}

/** `today` is the China calendar day the request reads the register at. */
export function createLoaders(stores: Stores, today: string) {
  const reportCountByEnterprise = new DataLoader(async (codes: readonly string[]) => {
    const counts = await stores.reports.countByEnterprises(codes);
    return codes.map((c) => counts.get(c) ?? 0);
  });
  return {
    /** Visible report versions by id (null where missing or out of scope). */
    report: new DataLoader(async (ids: readonly string[]) =>
      byKeys(ids, await stores.reports.findByIds(ids), (r) => r.id),
    ),
    /** Every visible version of the form and period of each version, oldest first. */
    reportVersions: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.reports.versionsOf(ids), (r) => r.of),
    ),
    reportEvents: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.reports.eventsByReports(ids), (e: ReportEventRow) => e.subjectId),
    ),
    /** The first `first` current reports of each enterprise, counted with them; one loader per page size. */
    reportsByEnterprise: loaderFamily(
      ({ first }: { first: number }) =>
        new DataLoader<string, Connection<ReportRow>, string>(async (codes) => {
          const { rows, totals } = await stores.reports.firstByEnterprises(codes, first);
          return connectionsByKey(
            codes,
            rows,
            (r) => r.enterpriseCode,
            first,
            (r) => [r.period, r.id],
            totals,
          );
        }),
    ),
    reportCountByEnterprise,
    /** The month's reporting figures per county and per department, computed once per month asked. */
    statisticsFigures: new DataLoader(async (months: readonly string[]) =>
      Promise.all(months.map((m) => figuresOfMonth(stores.figures, m, new Date()))),
    ),
    /** The latest complete year's accepted figures per enterprise (null when there is none). */
    annualFacts: new DataLoader(async (codes: readonly string[]) =>
      byKeys(codes, await stores.facts.annualByEnterprises(codes), (r: AnnualFactsRow) => r.enterpriseCode),
    ),
    /** Statistical units by credit code (null where unclassified). */
    unit: new DataLoader(async (codes: readonly string[]) =>
      byKeys(codes, await stores.derivation.unitsOf(codes), (u: UnitRow) => u.enterpriseCode),
    ),
    /** Every threshold version by id (one read of the small table per request). */
    threshold: new DataLoader(async (ids: readonly string[]) =>
      byKeys(ids, await stores.derivation.allThresholds(), (t) => t.id),
    ),
    registerChangeEvents: new DataLoader(async (ids: readonly string[]) =>
      groupByKeys(ids, await stores.derivation.eventsBySubjects(ids), (e: RegisterChangeEventRow) => e.subjectId),
    ),
    /** Register records in force today, per enterprise. */
    aboveScaleByEnterprise: new DataLoader(async (codes: readonly string[]) =>
      groupByKeys(
        codes,
        await stores.register.inForceByEnterprises(codes, today),
        (r: RegisterRow) => r.enterpriseCode,
      ),
    ),
    /** Enterprises in the register today, per county code (410400: the city). */
    aboveScaleCountByCounty: new DataLoader(async (codes: readonly string[]) => {
      const counts = await stores.register.countEnterprisesByCounties(codes, today);
      return codes.map((c) => counts.get(c) ?? 0);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
