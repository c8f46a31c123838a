/** The per-request context of the commerce subgraph: stores bound to the caller, fresh DataLoaders, services. */
import type { Database } from '@qq/db/client';
import { type BaseContext, HistoryStore } from '@qq/kit';
import { createLoaders } from './loaders.ts';
import { AggregatesService } from './service/aggregates.service.ts';
import { BankProductService } from './service/bank-product.service.ts';
import { FinancingApplicationService } from './service/financing-application.service.ts';
import { FinancingNeedService } from './service/financing.service.ts';
import { InvestmentProjectService } from './service/investment-project.service.ts';
import { OpportunityService } from './service/opportunity.service.ts';
import { ParkService } from './service/park.service.ts';
import { AggregatesStore } from './store/aggregates.store.ts';
import { BankProductStore } from './store/bank-products.store.ts';
import { FigureStore } from './store/figures.store.ts';
import { FinancingApplicationStore } from './store/financing-applications.store.ts';
import { FinancingNeedStore } from './store/financing.store.ts';
import { InterestStore } from './store/interests.store.ts';
import { InvestmentProjectStore } from './store/investment-projects.store.ts';
import { OpportunityStore } from './store/opportunities.store.ts';
import { OutboxStore } from './store/outbox.store.ts';
import { ParkStore } from './store/parks.store.ts';

export function createContext(base: BaseContext & { db: Database }) {
  const { principal, db } = base;
  // The instant of the request: staleness, expiry and the records of every step agree within one response.
  const now = new Date();
  const stores = {
    parks: new ParkStore(db, principal),
    investmentProjects: new InvestmentProjectStore(db, principal),
    opportunities: new OpportunityStore(db, principal),
    interests: new InterestStore(db, principal),
    bankProducts: new BankProductStore(db, principal),
    financingNeeds: new FinancingNeedStore(db, principal),
    financingApplications: new FinancingApplicationStore(db, principal),
    history: new HistoryStore(db),
    figures: new FigureStore(db),
  };
  const outbox = new OutboxStore(db);
  const loaders = createLoaders(stores, principal, now);
  const { history } = stores;
  const financingNeeds = new FinancingNeedService(
    principal,
    db,
    stores.financingNeeds,
    stores.bankProducts,
    history,
    outbox,
    loaders,
    now,
  );
  return {
    principal,
    requestId: base.requestId,
    now,
    loaders,
    aggregates: new AggregatesService(principal, new AggregatesStore(db, principal)),
    parks: new ParkService(principal, db, stores.parks, history, outbox, loaders, now),
    investmentProjects: new InvestmentProjectService(
      principal,
      db,
      stores.investmentProjects,
      history,
      outbox,
      loaders,
      now,
    ),
    opportunities: new OpportunityService(
      principal,
      db,
      stores.opportunities,
      stores.interests,
      history,
      outbox,
      loaders,
      now,
    ),
    bankProducts: new BankProductService(principal, db, stores.bankProducts, history, outbox, loaders, now),
    financingNeeds,
    financingApplications: new FinancingApplicationService(
      principal,
      db,
      stores.financingApplications,
      financingNeeds,
      history,
      outbox,
      loaders,
      now,
    ),
  };
}

export type Context = ReturnType<typeof createContext>;
