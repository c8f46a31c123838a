/** Builds the statistics subgraph server (no listen). */
import { jobRuns, outbox, personalDataAccesses, smsLog } from '@qq/db/schema/statistics';
import { defineSubgraph } from '@qq/kit';
import { createContext, type Context } from './context.ts';
import { jobs } from './jobs.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers/index.ts';

export const { definition, schemaFile, createServer } = defineSubgraph<Context>({
  name: 'statistics',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  delivery: { outbox, smsLog, jobRuns },
  accessLog: {
    table: personalDataAccesses,
    fields: {
      StatisticalReport: {
        fields: { preparer: 'preparerName', preparerPhone: 'preparerPhone' },
        key: (r) => String(r.id),
        county: (r) => String(r.countyCode),
        enterprise: (r) => String(r.enterpriseCode),
      },
    },
  },
  resolvers,
  permissions,
  createContext,
  jobs,
});
