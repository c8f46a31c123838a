/** Builds the commerce subgraph server (no listen). */
import { jobRuns, outbox, personalDataAccesses, smsLog } from '@qq/db/schema/commerce';
import { defineSubgraph } from '@qq/kit';
import { createContext, type Context } from './context.ts';
import { jobs } from './jobs.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers/index.ts';

export const { definition, schemaFile, createServer } = defineSubgraph<Context>({
  name: 'commerce',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  delivery: { outbox, smsLog, jobRuns },
  accessLog: {
    table: personalDataAccesses,
    fields: {
      InvestmentProject: {
        fields: { contactName: 'contactName', contactPhone: 'contactPhone' },
        key: (r) => String(r.id),
        county: (r) => String(r.countyCode),
      },
      Opportunity: {
        fields: { contactName: 'contactName', contactPhone: 'contactPhone' },
        key: (r) => String(r.id),
        county: (r) => String(r.countyCode),
        enterprise: (r) => String(r.enterpriseCode),
      },
      OpportunityInterest: {
        fields: { contactName: 'contactName', contactPhone: 'contactPhone' },
        key: (r) => String(r.id),
        county: (r) => String(r.countyCode),
        enterprise: (r) => String(r.enterpriseCode),
      },
      BankProduct: {
        fields: { contactName: 'contactName', contactPhone: 'contactPhone' },
        key: (r) => String(r.id),
        county: (r) => String(r.countyCode),
        enterprise: (r) => String(r.institutionCode),
      },
      FinancingNeed: {
        fields: { contactName: 'contactName', contactPhone: 'contactPhone' },
        key: (r) => String(r.id),
        county: (r) => String(r.countyCode),
        enterprise: (r) => String(r.enterpriseCode),
      },
      // An application shows the contact of its financing need, which the request's loader has read.
      FinancingApplication: {
        fields: {
          contactName: async (a, ctx) => (await ctx.loaders.financingNeed.load(String(a.needId)))?.contactName,
          contactPhone: async (a, ctx) => (await ctx.loaders.financingNeed.load(String(a.needId)))?.contactPhone,
        },
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
