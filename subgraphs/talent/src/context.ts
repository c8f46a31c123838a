/** The per-request context of the talent subgraph: stores bound to the caller, fresh DataLoaders, services. */
import type { Database } from '@qq/db/client';
import { type BaseContext, HistoryStore } from '@qq/kit';
import { createLoaders } from './loaders.ts';
import { AggregatesService } from './service/aggregates.service.ts';
import { JobApplicationService } from './service/job-application.service.ts';
import { JobPostingService } from './service/job-posting.service.ts';
import { TalentPolicyService } from './service/talent-policy.service.ts';
import { AggregatesStore } from './store/aggregates.store.ts';
import { JobApplicationStore } from './store/job-applications.store.ts';
import { JobPostingStore } from './store/job-postings.store.ts';
import { FigureStore } from './store/figures.store.ts';
import { OutboxStore } from './store/outbox.store.ts';
import { TalentPolicyStore } from './store/talent-policies.store.ts';

export function createContext(base: BaseContext & { db: Database }) {
  const { principal, db } = base;
  // The instant of the request: staleness, expiry and the records of every step agree within one response.
  const now = new Date();
  const stores = {
    jobPostings: new JobPostingStore(db, principal),
    talentPolicies: new TalentPolicyStore(db, principal),
    jobApplications: new JobApplicationStore(db, principal),
    history: new HistoryStore(db),
    figures: new FigureStore(db),
  };
  const outbox = new OutboxStore(db);
  const loaders = createLoaders(stores, principal, now);
  return {
    principal,
    requestId: base.requestId,
    now,
    loaders,
    jobPostings: new JobPostingService(principal, db, stores.jobPostings, stores.history, outbox, loaders, now),
    jobApplications: new JobApplicationService(
      principal,
      db,
      stores.jobApplications,
      stores.history,
      outbox,
      loaders,
      now,
    ),
    aggregates: new AggregatesService(principal, new AggregatesStore(db, principal)),
    talentPolicies: new TalentPolicyService(principal, db, stores.talentPolicies, stores.history, outbox, loaders, now),
  };
}

export type Context = ReturnType<typeof createContext>;
