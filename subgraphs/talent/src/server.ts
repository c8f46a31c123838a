/** Builds the talent subgraph server (no listen). */
import { jobRuns, outbox, personalDataAccesses, smsLog } from '@qq/db/schema/talent';
import { defineSubgraph } from '@qq/kit';
import { createContext, type Context } from './context.ts';
import { jobs } from './jobs.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers/index.ts';

export const { definition, schemaFile, createServer } = defineSubgraph<Context>({
  name: 'talent',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  delivery: { outbox, smsLog, jobRuns },
  accessLog: {
    table: personalDataAccesses,
    fields: {
      JobPosting: {
        fields: { contactName: 'contactName', contactPhone: 'contactPhone' },
        key: (p) => String(p.id),
        county: (p) => String(p.countyCode),
        enterprise: (p) => String(p.enterpriseCode),
      },
      // The applicant's data: the posting enterprise's reads are logged, the applicant's own are not.
      JobApplication: {
        fields: { name: 'name', phone: 'phone' },
        key: (a) => String(a.id),
        county: (a) => String(a.countyCode),
        owner: (a) => String(a.applicantSub),
      },
    },
  },
  resolvers,
  permissions,
  createContext,
  jobs,
});
