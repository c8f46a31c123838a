/**
 * `pnpm start:cluster`: the gateway and each subgraph as its own process on PostgreSQL, as production runs them.
 *   DATABASE_URL  the PostgreSQL database (required); migrations, roles and, on an empty database, demo data first
 *   PORT          gateway port (default 4000); subgraphs listen on the six ports after it, on 127.0.0.1
 *   SEED          `false` to start without demo data
 * REDIS_URL, when set, reaches every process: the public read cache and its versions live there.
 */
import { signDevToken } from '@qq/kit';
import { startCluster } from './cluster.ts';

// One machine, development tokens, as `pnpm start`; production sets JWT_JWKS_FILE or JWT_SECRET instead.
process.env.NODE_ENV ??= 'development';

if (!process.env.DATABASE_URL) {
  console.error(
    'Set DATABASE_URL to a PostgreSQL database, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/qinqing',
  );
  process.exit(1);
}
const began = Date.now();
const cluster = await startCluster({ seed: process.env.SEED !== 'false', host: process.env.HOST ?? '127.0.0.1' });
console.log(`
亲清政商关系信息化平台 GraphQL is ready as ${Object.keys(cluster.pids).length} processes (${((Date.now() - began) / 1000).toFixed(1)} s).
  GraphQL endpoint  ${cluster.url}
  Health            ${cluster.url.replace(/\/graphql$/, '/health')}
  Processes         ${Object.entries(cluster.pids)
    .map(([name, pid]) => `${name} ${pid}`)
    .join(', ')}
  A token for trying it: pnpm token --help, e.g.
    ${await signDevToken({ sub: 'demo-analyst', role: 'analyst' })}
Ctrl-C stops every process.`);

const shutdown = async () => {
  await cluster.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
