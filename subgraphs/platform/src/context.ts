/** The per-request context of the platform subgraph. */
import type { Database } from '@qq/db/client';
import type { BaseContext } from '@qq/kit';
import { createLoaders } from './loaders.ts';
import { EnterpriseService } from './service/enterprise.service.ts';
import { EnterpriseStore } from './store/enterprises.store.ts';
import { UnitStore } from './store/units.store.ts';
import { CalendarService } from './service/calendar.service.ts';
import { MessageService } from './service/message.service.ts';
import { MessageStore } from './store/messages.store.ts';
import { createFacilitationLoaders } from './facilitation.loaders.ts';
import { CatalogueService } from './service/catalogue.service.ts';
import { CatalogueStore } from './store/catalogue.store.ts';
import { CaseService } from './service/cases.service.ts';
import { CaseStore } from './store/cases.store.ts';
import { ExchangeService } from './service/exchange.service.ts';
import { ExchangeStore } from './store/exchange.store.ts';
import { EvaluationService } from './evaluation/evaluation.service.ts';
import { EvaluationStore } from './evaluation/evaluation.store.ts';
import { figureSourceFromEnv } from './evaluation/figures.ts';
import { redemptionRelayFromEnv } from './service/redemptionRelay.ts';

/** Redemption steps pushed to the exchange go on to policies through the gateway (one relay per process). */
const redemptionRelay = redemptionRelayFromEnv();

export function createContext(base: BaseContext & { db: Database }) {
  const now = new Date();
  const stores = { enterprises: new EnterpriseStore(base.db), units: new UnitStore(base.db) };
  const loaders = createLoaders(stores);
  const catalogueStore = new CatalogueStore(base.db, base.principal);
  const caseStore = new CaseStore(base.db, base.principal);
  const cases = new CaseService(
    base.principal,
    base.db,
    caseStore,
    catalogueStore,
    stores.enterprises,
    stores.units,
    now,
  );
  return {
    principal: base.principal,
    requestId: base.requestId,
    loaders,
    units: stores.units,
    enterprises: new EnterpriseService(base.principal, stores.enterprises, loaders),
    messages: new MessageService(base.principal, new MessageStore(base.db, base.principal)),
    calendar: new CalendarService(base.principal, base.db, now),
    // 企业便利化 (办业务): the service catalogue, cases, licences and the exchange.
    facilitation: createFacilitationLoaders({ catalogue: catalogueStore, cases: caseStore }),
    catalogue: new CatalogueService(base.principal, base.db, catalogueStore, now),
    cases,
    exchange: new ExchangeService(
      base.principal,
      base.db,
      new ExchangeStore(base.db),
      cases,
      caseStore,
      now,
      redemptionRelay,
    ),
    // The monthly evaluation (Art. 9–11): figures through the graph, stored reports.
    evaluation: new EvaluationService(
      base.principal,
      base.db,
      new EvaluationStore(base.db),
      figureSourceFromEnv(),
      now,
    ),
  };
}

export type Context = ReturnType<typeof createContext>;
