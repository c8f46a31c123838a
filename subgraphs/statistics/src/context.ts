/** The per-request context of the statistics subgraph: stores scoped to the caller and fresh DataLoaders. */
import type { Database } from '@qq/db/client';
import { chinaDay, type BaseContext } from '@qq/kit';
import { createLoaders } from './loaders.ts';
import { FactsService } from './service/facts.service.ts';
import { FilingService } from './service/filing.service.ts';
import { RegisterService } from './service/register.service.ts';
import { ReportService } from './service/report.service.ts';
import { FactsStore } from './store/facts.store.ts';
import { RegisterStore } from './store/register.store.ts';
import { ReportStore } from './store/reports.store.ts';

export function createContext(base: BaseContext & { db: Database }) {
  const today = chinaDay(new Date());
  const stores = {
    register: new RegisterStore(base.db),
    reports: new ReportStore(base.db, base.principal),
    facts: new FactsStore(base.db),
  };
  const loaders = createLoaders(stores, today);
  return {
    principal: base.principal,
    requestId: base.requestId,
    loaders,
    register: new RegisterService(stores.register, today),
    reports: new ReportService(base.principal, stores.reports, loaders),
    facts: new FactsService(base.principal, loaders),
    filing: new FilingService(base.principal, base.db, stores.reports, stores.register),
  };
}

export type Context = ReturnType<typeof createContext>;
