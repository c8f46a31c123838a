/**
 * The platform as production runs it: each subgraph and the gateway in its own process, on PostgreSQL, each subgraph
 * as its own database role. Applies the migrations and creates the roles once, seeds demo data on an empty database,
 * then starts the processes (`node --import tsx <package>/src/main.ts`) and waits for every `/health`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@qq/db/client';
import { migrate, type SchemaName } from '@qq/db/migrate';
import { ensureRoles, roleName } from '@qq/db/roles';
import { seedDemo, type SeedResult } from '@qq/db/seed';
import { SUBGRAPHS } from '@qq/schema';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ClusterOptions {
  /** PostgreSQL URL (default DATABASE_URL). */
  databaseUrl?: string;
  /** Gateway port; subgraphs listen on the following six (default 4000: subgraphs on 4001–4006). `0`: free ports. */
  basePort?: number;
  host?: string;
  /** Seed demo data on an empty database. */
  seed?: boolean | { enterprises: number };
  /** Extra environment of every process. */
  env?: Record<string, string>;
  /** Where the processes' output goes (default: this process's, prefixed). */
  output?: 'inherit' | 'ignore';
}

export interface RunningCluster {
  url: string;
  subgraphs: Record<string, string>;
  /** Process id by name (`gateway`, `platform`, …). */
  pids: Record<string, number>;
  seed: SeedResult | null;
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not healthy within ${timeoutMs / 1000} s`);
}

export async function startCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('The cluster runs on PostgreSQL: set DATABASE_URL.');
  const host = options.host ?? '127.0.0.1';
  const handle = await openDatabase({ url: databaseUrl });
  let seed: SeedResult | null = null;
  try {
    await migrate(handle);
    await ensureRoles(handle);
    if (options.seed) seed = await seedDemo(handle, typeof options.seed === 'object' ? options.seed : {});
  } finally {
    await handle.close();
  }

  const base = options.basePort ?? Number(process.env.PORT ?? 4000);
  const children: Array<{ name: string; child: ChildProcess }> = [];
  const stop = async () => {
    for (const { child } of children.reverse()) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  const run = (name: string, entry: string, env: Record<string, string>) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', ...options.env, ...env },
      stdio: options.output === 'ignore' ? 'ignore' : ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n'))
          if (line) console.log(line.startsWith(`[${name}]`) ? line : `[${name}] ${line}`);
      });
    }
    children.push({ name, child });
    return child;
  };

  try {
    const subgraphs: Record<string, string> = {};
    const started: Array<Promise<void>> = [];
    for (const [i, entry] of SUBGRAPHS.entries()) {
      const port = base === 0 ? await freePort() : base + i + 1;
      const child = run(entry.name, `subgraphs/${entry.name}/src/main.ts`, {
        DATABASE_URL: databaseUrl,
        DB_ROLE: roleName(entry.name as SchemaName),
        MIGRATE: 'false',
        PORT: String(port),
        HOST: '127.0.0.1',
      });
      subgraphs[entry.name] = `http://127.0.0.1:${port}/graphql`;
      started.push(waitHealthy(`http://127.0.0.1:${port}/health`, child));
    }
    await Promise.all(started);
    const port = base === 0 ? await freePort() : base;
    const gateway = run('gateway', 'gateway/src/main.ts', {
      PORT: String(port),
      HOST: host,
      SUBGRAPH_URLS: JSON.stringify(subgraphs),
    });
    const url = `http://${host}:${port}/graphql`;
    await waitHealthy(`http://${host}:${port}/health`, gateway);
    return {
      url,
      subgraphs,
      pids: Object.fromEntries(children.map(({ name, child }) => [name, child.pid!])),
      seed,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
