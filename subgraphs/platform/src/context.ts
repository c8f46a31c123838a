/** The per-request context of the platform subgraph. */
import type { Database } from '@qq/db/client';
import type { BaseContext } from '@qq/kit';
import { createLoaders } from './loaders.ts';
import { EnterpriseService } from './service/enterprise.service.ts';
import { EnterpriseStore } from './store/enterprises.store.ts';
import { UnitStore } from './store/units.store.ts';

export function createContext(base: BaseContext & { db: Database }) {
  const stores = { enterprises: new EnterpriseStore(base.db), units: new UnitStore(base.db) };
  const loaders = createLoaders(stores);
  return {
    principal: base.principal,
    requestId: base.requestId,
    loaders,
    units: stores.units,
    enterprises: new EnterpriseService(base.principal, stores.enterprises, loaders),
  };
}

export type Context = ReturnType<typeof createContext>;
