/**
 * Runs one subgraph as its own process, as production deploys it:
 *   DATABASE_URL   PostgreSQL (unset: embedded PGlite in DATA_DIR, for trying a subgraph alone)
 *   DB_ROLE        the PostgreSQL role to act as (each subgraph has one that reaches only its schema)
 *   PORT           port to listen on (default 4001); HOST (default 127.0.0.1)
 *   MIGRATE        `false` to skip applying this subgraph's migrations at start
 *   SHUTDOWN_DELAY_MS, SHUTDOWN_TIMEOUT_MS   the graceful stop on SIGTERM (`drainGracefully`)
 */
import { openDatabase } from '@qq/db/client';
import { migrate } from '@qq/db/migrate';
import type { SchemaName } from '@qq/db/migrate';
import { drainGracefully } from './http.ts';
import { createSubgraphServer, type BaseContext, type SubgraphDefinition } from './server.ts';
import { startWorker } from './worker.ts';

export async function runStandalone<C extends BaseContext>(
  def: SubgraphDefinition<C>,
  schema: SchemaName,
): Promise<void> {
  const handle = await openDatabase();
  if (process.env.MIGRATE !== 'false') await migrate(handle, [schema]);
  const role = process.env.DB_ROLE || undefined;
  const server = createSubgraphServer(def, { db: handle.connect({ role }) });
  await server.start();
  const listening = await server.listen(Number(process.env.PORT ?? 4001), process.env.HOST ?? '127.0.0.1');
  // The worker delivers the outbox and runs the scheduled jobs; WORKER=false leaves that to other processes.
  const worker = process.env.WORKER === 'false' ? null : await startWorker(handle, def, { role });
  console.log(`[${def.name}] subgraph ready at ${listening.url}${worker ? ' (worker running)' : ''}`);
  // SIGTERM: unready first, the requests in flight answered, then the worker, the server and the database stop.
  const shutdown = async () => {
    await drainGracefully(listening, () => server.markDraining());
    await worker?.stop();
    await server.stop();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
