/** Builds the complaints subgraph server (no listen). */
import type { Database } from '@qq/db/client';
import { jobRuns, outbox, personalDataAccesses, smsLog } from '@qq/db/schema/complaints';
import { createSubgraphServer, subgraphTypeDefs, type AuthConfig, type SubgraphDefinition } from '@qq/kit';
import { clockConfigFromEnv, clockConfigOf, type ClockConfig, type ClockProfile } from './clock.ts';
import { contextFactory, type Context } from './context.ts';
import { matterJobs } from './jobs.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers/index.ts';

export const schemaFile = new URL('./schema.graphql', import.meta.url);

/** The subgraph with a given clock configuration (default: from the environment, see `clock.ts`). */
export function defineComplaints(clock: ClockConfig = clockConfigFromEnv()): SubgraphDefinition<Context> {
  return {
    name: 'complaints',
    typeDefs: subgraphTypeDefs(schemaFile),
    resolvers,
    permissions,
    createContext: contextFactory(clock),
    delivery: { outbox, smsLog, jobRuns },
    accessLog: {
      table: personalDataAccesses,
      fields: {
        Matter: {
          fields: { contactName: 'contactName', contactPhone: 'contactPhone' },
          key: (m) => String(m.id),
          county: (m) => String(m.countyCode),
          enterprise: (m) => String(m.enterpriseCode),
        },
      },
    },
    jobs: matterJobs(clock),
  };
}

export const definition: SubgraphDefinition<Context> = defineComplaints();

export function createServer(options: {
  db: Database;
  auth?: AuthConfig;
  /** One profile for every category (tests, or an operator's choice). */
  clockProfile?: ClockProfile;
  clock?: ClockConfig;
}) {
  const clock = options.clock ?? (options.clockProfile ? clockConfigOf(options.clockProfile) : null);
  return createSubgraphServer(clock ? defineComplaints(clock) : definition, options);
}
