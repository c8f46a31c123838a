/** The per-request context of the policies subgraph: stores bound to the caller, fresh DataLoaders, services. */
import type { Database } from '@qq/db/client';
import type { BaseContext } from '@qq/kit';
import { createLoaders } from './loaders.ts';
import { PolicyService } from './service/policy.service.ts';
import { RedemptionService } from './service/redemption.service.ts';
import { ApplicationStore } from './store/applications.store.ts';
import { PolicyStore } from './store/policies.store.ts';

export function createContext(base: BaseContext & { db: Database }) {
  const stores = {
    policies: new PolicyStore(base.db, base.principal),
    applications: new ApplicationStore(base.db, base.principal),
  };
  const loaders = createLoaders(stores);
  return {
    principal: base.principal,
    requestId: base.requestId,
    loaders,
    policies: new PolicyService(base.principal, base.db, stores.policies, loaders),
    redemption: new RedemptionService(base.principal, base.db, stores.applications, stores.policies, loaders),
  };
}

export type Context = ReturnType<typeof createContext>;
