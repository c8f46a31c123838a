/** The per-request context of the talent subgraph: stores bound to the caller, fresh DataLoaders, services. */
import type { Database } from '@qq/db/client';
import type { BaseContext } from '@qq/kit';
import { createLoaders } from './loaders.ts';
import { JobPostingService } from './service/job-posting.service.ts';
import { TalentPolicyService } from './service/talent-policy.service.ts';
import { JobPostingStore } from './store/job-postings.store.ts';
import { TalentPolicyStore } from './store/talent-policies.store.ts';

export function createContext(base: BaseContext & { db: Database }) {
  const stores = {
    jobPostings: new JobPostingStore(base.db, base.principal),
    talentPolicies: new TalentPolicyStore(base.db),
  };
  const loaders = createLoaders(stores);
  return {
    principal: base.principal,
    requestId: base.requestId,
    loaders,
    jobPostings: new JobPostingService(base.principal, base.db, stores.jobPostings, loaders),
    talentPolicies: new TalentPolicyService(stores.talentPolicies, loaders),
  };
}

export type Context = ReturnType<typeof createContext>;
