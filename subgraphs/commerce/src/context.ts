/** The per-request context of the commerce subgraph: stores bound to the caller, fresh DataLoaders, services. */
import type { Database } from '@qq/db/client';
import type { BaseContext } from '@qq/kit';
import { createLoaders } from './loaders.ts';
import { FinancingNeedService } from './service/financing.service.ts';
import { OpportunityService } from './service/opportunity.service.ts';
import { ParkService } from './service/park.service.ts';
import { FinancingNeedStore } from './store/financing.store.ts';
import { OpportunityStore } from './store/opportunities.store.ts';
import { OutboxStore } from './store/outbox.store.ts';
import { ParkStore } from './store/parks.store.ts';

export function createContext(base: BaseContext & { db: Database }) {
  const { principal, db } = base;
  const stores = {
    parks: new ParkStore(db),
    opportunities: new OpportunityStore(db, principal),
    financingNeeds: new FinancingNeedStore(db, principal),
  };
  const outbox = new OutboxStore(db);
  const loaders = createLoaders(stores);
  return {
    principal,
    requestId: base.requestId,
    loaders,
    parks: new ParkService(stores.parks, loaders),
    opportunities: new OpportunityService(principal, db, stores.opportunities, outbox, loaders),
    financingNeeds: new FinancingNeedService(principal, db, stores.financingNeeds, outbox, loaders),
  };
}

export type Context = ReturnType<typeof createContext>;
