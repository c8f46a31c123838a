/** Builds the platform subgraph server (no listen). */
import { jobRuns, outbox, personalDataAccesses, smsLog } from '@qq/db/schema/platform';
import { defineSubgraph } from '@qq/kit';
import { createContext, type Context } from './context.ts';
import { jobs } from './jobs.ts';
import { permissions } from './permissions.ts';
import { personalPayload } from './resolvers/exchange.ts';
import { resolvers } from './resolvers/index.ts';

export const { definition, schemaFile, createServer } = defineSubgraph<Context>({
  name: 'platform',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  delivery: { outbox, smsLog, jobRuns },
  accessLog: {
    table: personalDataAccesses,
    fields: {
      Enterprise: {
        fields: { legalRepresentative: 'legalRepresentative', contactPhone: 'contactPhone' },
        key: (e) => String(e.creditCode),
        county: (e) => String(e.countyCode),
        enterprise: (e) => String(e.creditCode),
      },
      Case: {
        fields: { applicantName: 'applicantName', applicantPhone: 'applicantPhone' },
        key: (c) => String(c.id),
        county: (c) => String(c.countyCode),
        enterprise: (c) => String(c.enterpriseCode),
      },
      // A pushed case's input as sent holds its applicant's name and phone; the sending system reads its own.
      ExchangePush: {
        fields: { payload: (p) => personalPayload({ payload: p.payload }) },
        key: (p) => String(p.id),
        county: (p) => (p.countyCode == null ? null : String(p.countyCode)),
        owner: (p) => String(p.clientId),
      },
    },
  },
  jobs,
  resolvers,
  permissions,
  createContext,
});
