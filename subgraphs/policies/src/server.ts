/** Builds the policies subgraph server (no listen). */
import type { Database } from '@qq/db/client';
import { createSubgraphServer, subgraphTypeDefs, type AuthConfig, type SubgraphDefinition } from '@qq/kit';
import { createContext, type Context } from './context.ts';
import { permissions } from './permissions.ts';
import { resolvers } from './resolvers/index.ts';

export const schemaFile = new URL('./schema.graphql', import.meta.url);

export const definition: SubgraphDefinition<Context> = {
  name: 'policies',
  typeDefs: subgraphTypeDefs(schemaFile),
  resolvers,
  permissions,
  createContext,
};

export function createServer(options: { db: Database; auth?: AuthConfig }) {
  return createSubgraphServer(definition, options);
}
