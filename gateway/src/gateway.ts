/**
 * The gateway: @apollo/gateway over a static supergraph (no introspection polling). It verifies the caller's token,
 * forwards it to the subgraphs (which verify it again), and serves GraphiQL from local files.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  authConfigFromEnv,
  createHttpHandler,
  formatError,
  listen,
  principalFromHeader,
  type AuthConfig,
  type Listening,
  type Principal,
} from '@qq/kit';
import { graphiqlRoute } from './graphiql.ts';

export const SUPERGRAPH_FILE = new URL('../../schema/supergraph.graphql', import.meta.url);

export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /** The caller's Authorization header, forwarded as is to every subgraph. */
  authorization: string | null;
}

export interface GatewayOptions {
  /** Supergraph SDL; defaults to the committed `schema/supergraph.graphql`. */
  supergraphSdl?: string;
  /** Subgraph URLs by name, overriding the ones in the supergraph (ports chosen at start, tests on port 0). */
  subgraphUrls?: Record<string, string>;
  auth?: AuthConfig;
  maxBodyBytes?: number;
}

export function createGateway(options: GatewayOptions = {}) {
  const auth = options.auth ?? authConfigFromEnv();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readFileSync(SUPERGRAPH_FILE, 'utf8'),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: options.subgraphUrls?.[name] ?? url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  let started = false;
  const subgraphHealth = Object.values(options.subgraphUrls ?? {}).map((u) => new URL('/health', u).toString());
  const ready = async () => {
    if (!started) return false;
    const checks = await Promise.all(
      subgraphHealth.map((u) =>
        fetch(u)
          .then((r) => r.ok)
          .catch(() => false),
      ),
    );
    return checks.every(Boolean);
  };
  const handler = createHttpHandler<GatewayContext>({
    apollo,
    maxBodyBytes: options.maxBodyBytes,
    ready,
    routes: [graphiqlRoute('/graphql')],
    context: async (headers, requestId) => {
      const authorization = headers.get('authorization') ?? null;
      const principal = await principalFromHeader(authorization, auth);
      return { principal, requestId, authorization };
    },
  });
  return {
    apollo,
    handler,
    start: async () => {
      await apollo.start();
      started = true;
    },
    stop: async () => {
      started = false;
      await apollo.stop();
    },
    listen: (port: number, host?: string): Promise<Listening> => listen(handler, port, host),
  };
}

export type Gateway = ReturnType<typeof createGateway>;
