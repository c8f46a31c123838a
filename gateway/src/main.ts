/**
 * Runs the gateway alone, in front of subgraphs that run as their own processes. Subgraph URLs come from the
 * supergraph, or from `SUBGRAPH_URLS` (JSON, e.g. {"platform":"http://platform:4001/graphql"}).
 */
import { drainGracefully } from '@qq/kit';
import { createGateway } from './gateway.ts';

const gateway = createGateway({
  subgraphUrls: process.env.SUBGRAPH_URLS
    ? (JSON.parse(process.env.SUBGRAPH_URLS) as Record<string, string>)
    : undefined,
});
await gateway.start();
const listening = await gateway.listen(Number(process.env.PORT ?? 4000), process.env.HOST ?? '127.0.0.1');
console.log(`gateway ready at ${listening.url}`);
// SIGTERM: unready first, the requests in flight answered, then the gateway stops.
process.once('SIGTERM', () => {
  void drainGracefully(listening, () => gateway.markDraining())
    .then(() => gateway.stop())
    .then(() => process.exit(0));
});
