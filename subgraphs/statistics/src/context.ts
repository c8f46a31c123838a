/** The per-request context of the statistics subgraph: stores scoped to the caller and fresh DataLoaders. */
import type { Database } from '@qq/db/client';
import { chinaDay, type BaseContext } from '@qq/kit';
import { createLoaders } from './loaders.ts';
import { AggregatesService } from './service/aggregates.service.ts';
import { ComplianceService } from './service/compliance.service.ts';
import { DerivationService } from './service/derivation.service.ts';
import { FactsService } from './service/facts.service.ts';
import { FilingService } from './service/filing.service.ts';
import { RegisterService } from './service/register.service.ts';
import { ReportService } from './service/report.service.ts';
import { AggregatesStore } from './store/aggregates.store.ts';
import { ComplianceStore } from './store/compliance.store.ts';
import { DerivationStore } from './store/derivation.store.ts';
import { FactsStore } from './store/facts.store.ts';
import { RegisterStore } from './store/register.store.ts';
import { ReportStore } from './store/reports.store.ts';

export function createContext(base: BaseContext & { db: Database }) {
  const today = chinaDay(new Date());
  const stores = {
    register: new RegisterStore(base.db),
    reports: new ReportStore(base.db, base.principal),
    facts: new FactsStore(base.db),
    // Figures for the evaluation are counts: read without a row scope.
    figures: new ComplianceStore(base.db, null),
    // Units and thresholds are public; register changes are scoped in the service's own store.
    derivation: new DerivationStore(base.db, null),
  };
  const loaders = createLoaders(stores, today);
  return {
    principal: base.principal,
    requestId: base.requestId,
    loaders,
    register: new RegisterService(stores.register, today),
    reports: new ReportService(base.principal, stores.reports, loaders),
    facts: new FactsService(base.principal, loaders),
    compliance: new ComplianceService(base.principal, base.db, new ComplianceStore(base.db, base.principal)),
    aggregates: new AggregatesService(base.principal, new AggregatesStore(base.db)),
    derivation: new DerivationService(base.principal, base.db),
    filing: new FilingService(base.principal, base.db, stores.reports, stores.register),
  };
}

export type Context = ReturnType<typeof createContext>;
