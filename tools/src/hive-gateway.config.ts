/**
 * Hive Gateway as `pnpm bench` runs it beside ours (`hive-gateway supergraph <file> -c <this file>`): its defaults,
 * except what the comparison needs. The supergraph file it is given is ours, with the subgraph URLs where they listen.
 *
 * - The caller's `Authorization` header is passed to every subgraph request, as our gateway does (the subgraphs
 *   verify the token again and answer by it).
 * - No usage reporting, tracing or schema polling from a registry: none is configured, so it makes no outbound call
 *   (the benchmark checks its sockets).
 */
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const authorization = request.headers.get('authorization');
      return authorization ? { authorization } : {};
    },
  },
});
