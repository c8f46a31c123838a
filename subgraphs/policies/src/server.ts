/** Builds the policies subgraph server (no listen). */
import { jobRuns, outbox, personalDataAccesses, smsLog } from '@qq/db/schema/policies';
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
  accessLog: {
    table: personalDataAccesses,
    fields: {
      RedemptionApplication: {
        fields: { contactName: 'contactName', contactPhone: 'contactPhone' },
        key: (a) => String(a.id),
        county: (a) => String(a.countyCode),
        enterprise: (a) => String(a.enterpriseCode),
      },
      ServiceOfficial: {
        fields: { name: 'name', phone: 'phone' },
        key: (o) => String(o.id),
        county: (o) => String(o.countyCode),
      },
      Visit: {
        fields: { metWith: 'metWith' },
        key: (v) => String(v.id),
        county: (v) => String(v.countyCode),
        enterprise: (v) => String(v.enterpriseCode),
      },
    },
  },
  resolvers,
  permissions,
  createContext,
  jobs: [...jobs, ...exemptionJobs],
});
