/**
 * The whole platform in one process: one database (embedded PGlite by default), the six subgraphs each on its own
 * loopback port, and the gateway in front. Used by `pnpm start` and by the cross-department tests.
 */
import type { DatabaseHandle } from '@qq/db/client';
import { openDatabase } from '@qq/db/client';
import { migrate, type SchemaName } from '@qq/db/migrate';
import { ensureRoles, roleName } from '@qq/db/roles';
import { seedDemo, type SeedResult } from '@qq/db/seed';
import { createGateway, type GatewayOptions } from '@qq/gateway';
import { authConfigFromEnv, type AuthConfig, type Listening } from '@qq/kit';
import { startWorker, type SubgraphWorker, type WorkerOptions } from '@qq/kit/worker';
import { SUBGRAPHS } from '@qq/schema';
import { FACTORIES } from './subgraphs.ts';

export interface PlatformOptions {
  /** An open database; otherwise one is opened from the environment (DATABASE_URL or DATA_DIR). */
  handle?: DatabaseHandle;
  /** Gateway port (0 picks a free one). */
  port?: number;
  host?: string;
  /**
   * Subgraph ports: `fixed` uses the registry's (4001…), `random` lets the system choose free ones, a number is the
   * first of consecutive ports in registry order.
   */
  subgraphPorts?: 'fixed' | 'random' | number;
  /** How long the subgraphs keep idle connections (default KEEP_ALIVE_TIMEOUT_MS or 65 s). */
  subgraphKeepAliveMs?: number;
  /** Seed demo data on an empty database. */
  seed?: boolean | { enterprises: number };
  /** Start each subgraph's worker (outbox delivery, scheduled jobs): `true`, or its options (tests). */
  workers?: boolean | Partial<WorkerOptions>;
  /** Observes every SQL statement, by subgraph (statement counting). */
  onQuery?: (subgraph: string, sql: string, params: unknown[]) => void;
  auth?: AuthConfig;
  /** Further options of the gateway (subgraph client, public cache). */
  gateway?: Omit<GatewayOptions, 'subgraphUrls' | 'auth'>;
}

/**
 * The subgraph ports of `pnpm start`: SUBGRAPH_PORT_BASE (six consecutive ports from it), or free ones, so that a
 * second platform on the same machine (another checkout, a test run) does not collide with the first.
 */
export function subgraphPortsFromEnv(env: NodeJS.ProcessEnv = process.env): 'random' | number {
  const base = env.SUBGRAPH_PORT_BASE;
  if (base === undefined || base === '') return 'random';
  const port = Number(base);
  if (!/^[1-9]\d*$/.test(base) || port + SUBGRAPHS.length - 1 > 65_535) {
    throw new Error('SUBGRAPH_PORT_BASE must be a port number, such as 4001.');
  }
  return port;
}

export interface RunningPlatform {
  url: string;
  port: number;
  handle: DatabaseHandle;
  subgraphs: Record<string, string>;
  seed: SeedResult | null;
  /** The subgraphs' workers, by name (when started). */
  workers: Record<string, SubgraphWorker>;
  stop(): Promise<void>;
}

export interface RunningSubgraphs {
  /** Subgraph URLs by name. */
  urls: Record<string, string>;
  /** Their HTTP servers, by name (request counting in the benchmark). */
  servers: Record<string, Listening['server']>;
  /** The subgraphs' workers, by name (when started). */
  workers: Record<string, SubgraphWorker>;
  stop(): Promise<void>;
}

/** The six subgraphs on their loopback ports, over an open and migrated database; no gateway. */
export async function startSubgraphs(
  handle: DatabaseHandle,
  options: Pick<PlatformOptions, 'subgraphPorts' | 'subgraphKeepAliveMs' | 'workers' | 'onQuery'> & {
    auth: AuthConfig;
  },
): Promise<RunningSubgraphs> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const listening: Listening[] = [];
  const urls: Record<string, string> = {};
  const servers: Record<string, Listening['server']> = {};
  const workers: Record<string, SubgraphWorker> = {};
  const stop = async () => {
    for (const l of listening.reverse()) await l.close();
    for (const w of Object.values(workers).reverse()) await w.stop();
    for (const s of started.reverse()) await s.stop();
  };
  try {
    for (const [index, entry] of SUBGRAPHS.entries()) {
      const factory = FACTORIES[entry.name];
      if (!factory) throw new Error(`No server factory for subgraph ${entry.name}`);
      const db = handle.connect({
        max: 5,
        role: roleName(entry.name as SchemaName),
        onQuery: options.onQuery && ((q, p) => options.onQuery!(entry.name, q, p)),
      });
      const server = factory({ db, auth: options.auth });
      await server.start();
      started.push(server);
      const ports = options.subgraphPorts;
      const port = ports === 'random' ? 0 : typeof ports === 'number' ? ports + index : entry.port;
      const l = await server.listen(port, '127.0.0.1', { keepAliveTimeout: options.subgraphKeepAliveMs });
      listening.push(l);
      urls[entry.name] = l.url;
      servers[entry.name] = l.server;
      if (options.workers) {
        const worker = await startWorker(
          handle,
          server.definition,
          typeof options.workers === 'object' ? options.workers : {},
        );
        if (worker) workers[entry.name] = worker;
      }
    }
    return { urls, servers, workers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const handle = options.handle ?? (await openDatabase());
  const ownsHandle = !options.handle;
  await migrate(handle);
  // On PostgreSQL each subgraph acts as its own role, which reaches only its schema.
  await ensureRoles(handle);
  const seed = options.seed ? await seedDemo(handle, typeof options.seed === 'object' ? options.seed : {}) : null;
  const auth = options.auth ?? authConfigFromEnv();
  const host = options.host ?? '127.0.0.1';
  let subgraphs: RunningSubgraphs | null = null;
  let gateway: ReturnType<typeof createGateway> | null = null;
  let gl: Listening | null = null;
  try {
    subgraphs = await startSubgraphs(handle, { ...options, auth });
    gateway = createGateway({ ...options.gateway, subgraphUrls: subgraphs.urls, auth });
    await gateway.start();
    gl = await gateway.listen(options.port ?? Number(process.env.PORT ?? 4000), host);
    const running = { subgraphs, gateway, gl };
    return {
      url: gl.url,
      port: gl.port,
      handle,
      subgraphs: subgraphs.urls,
      seed,
      workers: subgraphs.workers,
      stop: async () => {
        await running.gl.close();
        await running.subgraphs.stop();
        await running.gateway.stop();
        if (ownsHandle) await handle.close();
      },
    };
  } catch (error) {
    await gl?.close();
    await subgraphs?.stop();
    await gateway?.stop();
    if (ownsHandle) await handle.close();
    throw error;
  }
}
