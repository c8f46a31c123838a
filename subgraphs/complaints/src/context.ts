/** The per-request context of the complaints subgraph: the caller's scoped store, fresh DataLoaders, the service. */
import type { Database } from '@qq/db/client';
import type { BaseContext } from '@qq/kit';
import type { ClockConfig } from './clock.ts';
import { createLoaders } from './loaders.ts';
import { MatterService } from './service/matter.service.ts';
import { MatterStore } from './store/matters.store.ts';
import { FiguresService } from './service/figures.service.ts';
import { InboxService } from './service/inbox.service.ts';
import { publicMatters } from './service/public.service.ts';
import { InboxStore } from './store/inbox.store.ts';

/** A context factory bound to the active clock profile. */
export function contextFactory(clock: ClockConfig) {
  return (base: BaseContext & { db: Database }) => {
    const now = new Date();
    const store = new MatterStore(base.db, base.principal);
    const loaders = createLoaders(store);
    return {
      principal: base.principal,
      requestId: base.requestId,
      now,
      clock,
      loaders,
      matters: new MatterService({ principal: base.principal, db: base.db, store, loaders, clock, now }),
      publicMatters: (args: { filter?: unknown; first?: number | null }) => publicMatters(base.db, args),
      figures: new FiguresService({ principal: base.principal, db: base.db, now }),
      inbox: new InboxService({
        principal: base.principal,
        store: new InboxStore(base.db, base.principal),
        loaders,
        now,
      }),
    };
  };
}

export type Context = ReturnType<ReturnType<typeof contextFactory>>;
