/** The per-request context of the policies subgraph: stores bound to the caller, fresh DataLoaders, services. */
import type { Database } from '@qq/db/client';
import type { BaseContext } from '@qq/kit';
import { createExemptionLoaders } from './exemptionLoaders.ts';
import { createLoaders } from './loaders.ts';
import { createOfficialLoaders } from './officialLoaders.ts';
import { materialStorage } from './materials/storage.ts';
import { AggregatesService } from './service/aggregates.service.ts';
import { EntitlementService } from './service/entitlement.service.ts';
import { ExemptionService } from './service/exemption.service.ts';
import { FigureService } from './service/figures.service.ts';
import { MaterialService } from './service/material.service.ts';
import { OfficialService } from './service/official.service.ts';
import { PolicyService } from './service/policy.service.ts';
import { RedemptionService } from './service/redemption.service.ts';
import { RedemptionExchangeService } from './service/redemptionExchange.service.ts';
import { AggregatesStore } from './store/aggregates.store.ts';
import { ApplicationStore } from './store/applications.store.ts';
import { EntitlementStore } from './store/entitlements.store.ts';
import { ExemptionStore } from './store/exemption.store.ts';
import { FigureStore } from './store/figures.store.ts';
import { OfficialStore } from './store/officials.store.ts';
import { PolicyStore } from './store/policies.store.ts';

export function createContext(base: BaseContext & { db: Database }) {
  // One instant per request: every step it takes is recorded at the same time.
  const now = new Date();
  const principal = base.principal;
  const stores = {
    policies: new PolicyStore(base.db, principal),
    applications: new ApplicationStore(base.db, principal),
  };
  const loaders = createLoaders(stores);
  const exemptionStore = new ExemptionStore(base.db, principal);
  const entitlementStore = new EntitlementStore(base.db, principal);
  const rules = createExemptionLoaders(exemptionStore, entitlementStore);
  const officialStore = new OfficialStore(base.db, principal);
  const officialLoaders = createOfficialLoaders(officialStore);
  const redemption = new RedemptionService({
    principal,
    db: base.db,
    store: stores.applications,
    policies: stores.policies,
    loaders,
    now,
  });
  return {
    principal,
    requestId: base.requestId,
    now,
    loaders,
    rules,
    officialLoaders,
    policies: new PolicyService({ principal, db: base.db, store: stores.policies, loaders, now }),
    redemption,
    // The exchange: redemption steps of departments' own systems, relayed by the platform.
    redemptionExchange: new RedemptionExchangeService(principal, base.db, now),
    exemption: new ExemptionService({ principal, db: base.db, store: exemptionStore, loaders, rules, now }),
    entitlements: new EntitlementService({
      principal,
      db: base.db,
      store: entitlementStore,
      policies: stores.policies,
      redemption,
      rules,
      now,
    }),
    figures: new FigureService(new FigureStore(base.db), now),
    aggregates: new AggregatesService(principal, new AggregatesStore(base.db, principal)),
    officials: new OfficialService({ principal, db: base.db, store: officialStore, loaders: officialLoaders, now }),
    materials: new MaterialService({ principal, store: stores.applications, loaders, storage: materialStorage, now }),
  };
}

export type Context = ReturnType<typeof createContext>;
