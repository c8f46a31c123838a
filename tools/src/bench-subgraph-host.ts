/**
 * The six subgraphs of `pnpm bench --layout one`, in one process of their own (started by the benchmark with an IPC
 * channel): one database, embedded PGlite in memory by default, or PostgreSQL when DATABASE_URL is set. The gateways
 * under test run in processes of their own, so the CPU of this process is what the subgraphs cost.
 *
 * Data: a fresh in-memory PGlite seeded with BENCH_ENTERPRISES enterprises and a synthetic library of
 * BENCH_POLICIES policies. Seeding takes minutes on a busy machine, so the seeded database is kept as a tarball in
 * the system's temporary folder (keyed by the sizes and a hash of the migrations and the seed code) and loaded from it
 * next time; BENCH_FRESH=true seeds anew. BENCH_EXISTING=true uses the database of the environment as it is.
 *
 * Messages: it sends `{ type: 'ready', urls, kind, note }` once listening; asked `{ type: 'counts' }` it answers
 * `{ type: 'counts', statements, requests, connections }` (SQL statements, GraphQL requests and new connections
 * per subgraph since the previous ask); `{ type: 'stop' }` stops it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, openPglite, type DatabaseHandle } from '@qq/db/client';
import { migrate } from '@qq/db/migrate';
import { ensureRoles } from '@qq/db/roles';
import { seedDemo } from '@qq/db/seed';
import { authConfigFromEnv } from '@qq/kit';
import { generatePolicyLibrary } from './policy-library.ts';
import { startSubgraphs, subgraphPortsFromEnv } from './platform.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const enterprises = Number(process.env.BENCH_ENTERPRISES ?? 5000);
const policies = Number(process.env.BENCH_POLICIES ?? 5000);
const existing = process.env.BENCH_EXISTING === 'true';
const fresh = process.env.BENCH_FRESH === 'true';

/** Every file under the given folders (relative to the repository), in a stable order. */
function filesUnder(...folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  for (const f of folders) walk(join(ROOT, f));
  return out;
}

/** The snapshot's file: same sizes, same migrations, same seed code. */
function snapshotFile(): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder('db/migrations', 'db/src/seed'), join(ROOT, 'tools/src/policy-library.ts')]) {
    hash.update(file.slice(ROOT.length)).update(readFileSync(file));
  }
  return join(tmpdir(), `qq-bench-${enterprises}e-${policies}p-${hash.digest('hex').slice(0, 12)}.tar.gz`);
}

async function seed(handle: DatabaseHandle): Promise<string> {
  const began = Date.now();
  await migrate(handle);
  await ensureRoles(handle);
  await seedDemo(handle, { enterprises });
  if (policies > 0) await generatePolicyLibrary(handle.connect({ max: 1 }), policies);
  return `seeded ${enterprises} enterprises and ${policies} synthetic policies in ${((Date.now() - began) / 1000).toFixed(0)} s`;
}

let handle: DatabaseHandle;
let note: string;
if (existing || process.env.DATABASE_URL) {
  handle = await openDatabase();
  await migrate(handle);
  await ensureRoles(handle);
  if (existing) note = 'existing data';
  else {
    const result = await seedDemo(handle, { enterprises });
    note = result.seeded ? `seeded ${enterprises} enterprises` : 'existing data';
  }
} else {
  const file = snapshotFile();
  if (!fresh && existsSync(file)) {
    const began = Date.now();
    handle = await openPglite('memory://', { loadDataDir: new Blob([readFileSync(file)]) });
    await migrate(handle);
    note = `${enterprises} enterprises and ${policies} synthetic policies loaded from ${file} in ${((Date.now() - began) / 1000).toFixed(1)} s`;
  } else {
    handle = await openPglite('memory://');
    note = await seed(handle);
    const dump = await handle.dumpDataDir!();
    writeFileSync(`${file}.part`, Buffer.from(await dump.arrayBuffer()));
    renameSync(`${file}.part`, file);
    note += `; kept in ${file}`;
  }
}

const statements: Record<string, number> = {};
const requests: Record<string, number> = {};
const connections: Record<string, number> = {};
const subgraphs = await startSubgraphs(handle, {
  subgraphPorts: subgraphPortsFromEnv(),
  auth: authConfigFromEnv(),
  onQuery: (subgraph) => {
    statements[subgraph] = (statements[subgraph] ?? 0) + 1;
  },
});
for (const [name, server] of Object.entries(subgraphs.servers)) {
  server.on('request', (req: { url?: string }) => {
    if (req.url?.startsWith('/graphql')) requests[name] = (requests[name] ?? 0) + 1;
  });
  server.on('connection', () => {
    connections[name] = (connections[name] ?? 0) + 1;
  });
}

const take = (counts: Record<string, number>) => {
  const copy = { ...counts };
  for (const k of Object.keys(counts)) counts[k] = 0;
  return copy;
};

process.on('message', (message: { type: string }) => {
  if (message.type === 'counts') {
    process.send!({
      type: 'counts',
      statements: take(statements),
      requests: take(requests),
      connections: take(connections),
    });
  } else if (message.type === 'stop') {
    void subgraphs
      .stop()
      .then(() => handle.close())
      .finally(() => process.exit(0));
  }
});
// The benchmark gone, this process goes too.
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready', urls: subgraphs.urls, kind: handle.kind, note });
