/** Builds the policies subgraph server (no listen). */
import { jobRuns, outbox, smsLog } from '@qq/db/schema/policies';
import { defineSubgraph } from '@qq/kit';
import { createContext, type Context } from './context.ts';
import { exemptionJobs } from './exemptionJobs.ts';
import { jobs } from './jobs.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers/index.ts';

export const { definition, schemaFile, createServer } = defineSubgraph<Context>({
  name: 'policies',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  delivery: { outbox, smsLog, jobRuns },
  resolvers,
  permissions,
  createContext,
  jobs: [...jobs, ...exemptionJobs],
});
