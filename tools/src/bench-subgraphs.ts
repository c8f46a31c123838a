/**
 * `pnpm bench:subgraphs`: what one operation costs the subgraphs. The six subgraphs run in a child process of their
 * own (as `pnpm start` runs them, one process, one database); the gateway and the callers run in this one. Each
 * operation is sent N times through the gateway (and a floor, `{ __typename }`, straight to one subgraph), and the
 * script prints, per operation: the subgraph process's CPU (user + system, from `process.cpuUsage` in that process),
 * the CPU of this process (gateway and callers), subgraph requests and SQL statements.
 *
 *   --requests N      operations per scenario (default 300)
 *   --concurrency N   operations in flight (default 4)
 *   --enterprises N   enterprises seeded (default 5000)
 *   --policies N      synthetic policies added for the search (default 5000; 0 skips)
 *   --only NAME       run only the scenarios whose name contains NAME
 *   --sql             print the SQL statements of one operation of each scenario
 *   --prof DIR        write a CPU profile of the subgraph process per scenario into DIR (`<scenario>.cpuprofile`)
 *
 * On PGlite (in memory) by default; with DATABASE_URL, on that PostgreSQL (seeded when empty: use a fresh database).
 * The gateway's public cache and its merging of identical in-flight requests are off: every operation reaches the
 * subgraphs. Figures, not assertions.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, openPglite } from '@qq/db/client';
import { migrate, type SchemaName } from '@qq/db/migrate';
import { ensureRoles, roleName } from '@qq/db/roles';
import { demoEnterprises, seedDemo } from '@qq/db/seed';
import { createGateway } from '@qq/gateway';
import { authConfigFromEnv, signDevToken } from '@qq/kit';
import { SUBGRAPHS } from '@qq/schema';
import { generatePolicyLibrary } from './policy-library.ts';
import { FACTORIES } from './subgraphs.ts';

process.env.RATE_LIMIT ??= 'off';
// One machine, development tokens: the public development secret is meant for exactly this.
process.env.NODE_ENV ??= 'development';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
    enterprises: { type: 'string', default: '5000' },
    policies: { type: 'string', default: '5000' },
    only: { type: 'string' },
    prof: { type: 'string' },
    sql: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
  },
});

interface Stats {
  cpu: number;
  requests: Record<string, number>;
  statements: Record<string, number>;
}
type FromChild = { ready: Record<string, string>; kind: string; seconds: number } | { stats: Stats };

if (values.serve) await serve();
else await drive();

/** The child: the six subgraphs on one database, counting requests and statements. */
async function serve(): Promise<void> {
  const began = Date.now();
  const handle = process.env.DATABASE_URL ? await openDatabase() : await seededPglite();
  await migrate(handle);
  await ensureRoles(handle);
  const seed = await seedDemo(handle, { enterprises: Number(values.enterprises) });
  // A database seeded by an earlier run (PostgreSQL) or restored from the cache (PGlite) has its library already.
  if (seed.seeded && Number(values.policies) > 0) {
    await generatePolicyLibrary(handle.connect({ max: 1 }), Number(values.policies));
    if (handle.dumpDataDir) await writeFile(cacheFile(), Buffer.from(await (await handle.dumpDataDir()).arrayBuffer()));
  }
  const requests: Record<string, number> = {};
  const statements: Record<string, number> = {};
  const urls: Record<string, string> = {};
  let logging = false;
  const auth = authConfigFromEnv();
  for (const entry of SUBGRAPHS) {
    const db = handle.connect({
      max: 5,
      role: roleName(entry.name as SchemaName),
      onQuery: (text, params) => {
        statements[entry.name] = (statements[entry.name] ?? 0) + 1;
        if (logging) console.log(`[${entry.name}] ${text} -- ${JSON.stringify(params).slice(0, 200)}`);
      },
    });
    const server = FACTORIES[entry.name]!({ db, auth });
    await server.start();
    const l = await server.listen(0, '127.0.0.1');
    const inner = l.server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
    l.server.removeAllListeners('request');
    l.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'POST') requests[entry.name] = (requests[entry.name] ?? 0) + 1;
      inner(req, res);
    });
    urls[entry.name] = l.url;
  }
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  process.on('message', (m: string | { profile: string }) => {
    const reply = () => {
      const u = process.cpuUsage();
      process.send!({ stats: { cpu: (u.user + u.system) / 1000, requests, statements } });
    };
    if (m === 'stats') reply();
    else if (m === 'log') {
      logging = !logging;
      reply();
    } else if (m === 'stop') void handle.close().finally(() => process.exit(0));
    else if (typeof m === 'object' && m.profile === '') {
      void post('Profiler.enable')
        .then(() => post('Profiler.start'))
        .then(() => reply());
    } else if (typeof m === 'object') {
      const file = m.profile;
      void post('Profiler.stop').then(async (result) => {
        await writeFile(file, JSON.stringify((result as { profile: unknown }).profile));
        reply();
      });
    }
  });
  process.send!({ ready: urls, kind: handle.kind, seconds: (Date.now() - began) / 1000 });
}

/**
 * Seeding 5,000 enterprises and 5,000 policies takes minutes: the seeded in-memory PGlite is kept as a tarball in the
 * system's temporary folder, named by the migrations and the seed sizes, and restored by the next run.
 */
function cacheFile(): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const hash = createHash('sha256');
  const files = [
    ...readdirSync(join(root, 'db/migrations'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name)),
    ...readdirSync(join(root, 'db/src/seed')).map((f) => join(root, 'db/src/seed', f)),
    join(root, 'tools/src/policy-library.ts'),
  ].sort();
  for (const f of files) hash.update(relative(root, f)).update(readFileSync(f));
  const key = `${values.enterprises}-${values.policies}-${hash.digest('hex').slice(0, 12)}`;
  return join(tmpdir(), `qq-bench-subgraphs-${key}.tar.gz`);
}

async function seededPglite() {
  const file = cacheFile();
  if (!existsSync(file)) return openPglite('memory://');
  return openPglite('memory://', { loadDataDir: new Blob([await readFile(file)]) });
}

/** This process: the gateway and the callers. */
async function drive(): Promise<void> {
  const child: ChildProcess = fork(new URL(import.meta.url).pathname, [...process.argv.slice(2), '--serve'], {
    execArgv: process.execArgv,
  });
  const inbox: FromChild[] = [];
  const waiters: Array<(m: FromChild) => void> = [];
  child.on('message', (m: FromChild) => {
    const w = waiters.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  child.once('exit', (code) => {
    if (code !== 0) {
      console.error(`the subgraph process exited with ${code}`);
      process.exit(1);
    }
  });
  const receive = () =>
    new Promise<FromChild>((resolve) => (inbox.length ? resolve(inbox.shift()!) : waiters.push(resolve)));
  const ready = (await receive()) as Extract<FromChild, { ready: unknown }>;
  const ask = async (m: string | { profile: string }) => {
    child.send(m);
    return ((await receive()) as Extract<FromChild, { stats: unknown }>).stats;
  };
  const stats = () => ask('stats');

  const gateway = createGateway({
    subgraphUrls: ready.ready,
    publicCache: false,
    rateLimit: false,
    subgraphClient: { dedupe: false },
  });
  await gateway.start();
  const gl = await gateway.listen(0, '127.0.0.1');
  console.log(
    `subgraphs on ${ready.kind}, ${values.enterprises} enterprises, ${values.policies} synthetic policies, ready in ${ready.seconds.toFixed(1)} s; ${cpus().length} cores`,
  );

  const enterprises = demoEnterprises(Math.min(1000, Number(values.enterprises)));
  const enterpriseTokens = await Promise.all(
    enterprises.map((e, i) => signDevToken({ sub: `bench-e-${i}`, role: 'enterprise', enterprise: e.creditCode })),
  );
  const analyst = await signDevToken({ sub: 'bench-a', role: 'analyst' });
  const author = await signDevToken({ sub: 'bench-w', role: 'staff', dept: 'wrzwq', county: '410422' });
  const runId = Date.now().toString(36);
  let drafts = 0;
  const DRAFT = `mutation($input: CreatePolicyDraftInput!) { createPolicyDraft(input: $input) { id status } }`;
  const FIND = readFileSync(new URL('../../schema/operations/portal/FindPolicies.graphql', import.meta.url), 'utf8');
  // The README's query: one enterprise, with fields from all six departments.
  const ENTERPRISE = `query($c: String!) { enterprise(creditCode: $c) { name county { name openPositionCount aboveScaleEnterpriseCount }
    redemptionApplications(first: 3) { totalCount nodes { projectName status } }
    matters(first: 3) { totalCount nodes { referenceNo title status } }
    jobPostings(first: 3) { nodes { title status } } aboveScale { category }
    statisticalReports(first: 3) { totalCount } opportunities(first: 3) { totalCount } }
    policies(first: 3, filter: { keyword: "企业" }) { totalCount nodes { title department { shortName } } } }`;
  const ANALYST = `{ enterprises(first: 100) { nodes { name legalRepresentative county { name } matters(first: 2) { totalCount } jobPostings(first: 2) { totalCount } redemptionApplications(first: 2) { totalCount } statisticalReports(first: 2) { totalCount } opportunities(first: 2) { totalCount } } } }`;
  const KEYWORDS = ['企业', '补贴', '人才', '创新', '科技', '研发费用', '专精特新', '数字经济', '贷款', '园区'];

  type Request = { query: string; variables?: Record<string, unknown>; token?: string; url?: string };
  const scenarios: Array<{ name: string; next: (i: number) => Request }> = [
    {
      name: 'enterprise: own enterprise across six departments (README query)',
      next: (i) => {
        const k = i % enterprises.length;
        return { query: ENTERPRISE, variables: { c: enterprises[k]!.creditCode }, token: enterpriseTokens[k] };
      },
    },
    {
      name: 'anonymous: FindPolicies',
      next: (i) => ({ query: FIND, variables: { keyword: KEYWORDS[i % KEYWORDS.length], first: 10 } }),
    },
    { name: 'analyst: 100 enterprises × 5 departments', next: () => ({ query: ANALYST, token: analyst }) },
    {
      // A workflow mutation: a policy draft (起草), its event row and its tamper-evident link in one transaction.
      name: 'mutation: createPolicyDraft',
      next: () => ({
        query: DRAFT,
        variables: {
          input: {
            title: `压测政策 ${runId}-${++drafts}`,
            documentNumber: `平政〔2026〕${runId}${drafts}号`,
            summary: '摘要',
            body: '正文',
            issuedAt: '2026-01-05T08:00:00+08:00',
          },
        },
        token: author,
      }),
    },
    {
      // What any subgraph request costs before its fields: HTTP, the token, the context, Apollo's pipeline.
      name: 'floor: `{ __typename }` straight to the platform subgraph, enterprise token',
      next: (i) => ({ query: '{ __typename }', token: enterpriseTokens[i % 10], url: ready.ready.platform }),
    },
  ];

  const once = async ({ query, variables, token, url }: Request) => {
    const res = await fetch(url ?? gl.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (!res.ok || body.errors) throw new Error(`request failed: ${res.status} ${JSON.stringify(body.errors)}`);
  };
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const diff = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.keys(a).map((k) => [k, a[k]! - (b[k] ?? 0)]));

  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const s of scenarios) {
    if (values.only && !s.name.includes(values.only)) continue;
    for (let i = 0; i < 30; i++) await once(s.next(i));
    if (values.sql) {
      await ask('log');
      console.log(`\n${s.name}: the statements of one operation`);
      await once(s.next(0));
      await ask('log');
    }
    if (values.prof) await ask({ profile: '' });
    const before = await stats();
    const gwBefore = process.cpuUsage();
    const began = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) await once(s.next(next++));
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const gw = process.cpuUsage(gwBefore);
    const after = await stats();
    if (values.prof) {
      mkdirSync(values.prof, { recursive: true });
      const file = join(values.prof, `${s.name.split(':')[0]}.cpuprofile`);
      await ask({ profile: resolve(file) });
      console.log(`  profile of the subgraph process: ${file}`);
    }
    const req = diff(after.requests, before.requests);
    const st = diff(after.statements, before.statements);
    const per = (o: Record<string, number>) =>
      Object.entries(o)
        .filter(([, v]) => v > 0)
        .sort()
        .map(([k, v]) => `${k} ${(v / requests).toFixed(1)}`)
        .join(', ');
    console.log(
      `\n${s.name}: ${requests} operations, concurrency ${concurrency}, ${(requests / seconds).toFixed(0)} op/s`,
    );
    console.log(`  subgraph CPU per operation   ${((after.cpu - before.cpu) / requests).toFixed(2)} ms`);
    console.log(`  gateway + callers CPU per op ${((gw.user + gw.system) / 1000 / requests).toFixed(2)} ms`);
    console.log(`  subgraph requests per op     ${(sum(req) / requests).toFixed(1)} (${per(req)})`);
    console.log(`  SQL statements per op        ${(sum(st) / requests).toFixed(1)} (${per(st)})`);
  }
  console.log(
    `\nload average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await gl.close();
  await gateway.stop();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await exited;
}
