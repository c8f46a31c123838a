/** Builds the complaints subgraph server (no listen). */
import type { Database } from '@qq/db/client';
import { jobRuns, outbox, smsLog } from '@qq/db/schema/complaints';
import { createSubgraphServer, subgraphTypeDefs, type AuthConfig, type SubgraphDefinition } from '@qq/kit';
import { checkClockProfile, clockProfileFromEnv, type ClockProfile } from './clock.ts';
import { contextFactory, type Context } from './context.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers/index.ts';

export const schemaFile = new URL('./schema.graphql', import.meta.url);

/** The subgraph with a given clock profile (default: MATTER_CLOCK_PROFILE, else `13710`). */
export function defineComplaints(clock: ClockProfile = clockProfileFromEnv()): SubgraphDefinition<Context> {
  return {
    name: 'complaints',
    typeDefs: subgraphTypeDefs(schemaFile),
    resolvers,
    permissions,
    createContext: contextFactory(checkClockProfile(clock)),
    delivery: { outbox, smsLog, jobRuns },
  };
}

export const definition: SubgraphDefinition<Context> = defineComplaints();

export function createServer(options: { db: Database; auth?: AuthConfig; clockProfile?: ClockProfile }) {
  return createSubgraphServer(options.clockProfile ? defineComplaints(options.clockProfile) : definition, options);
}
