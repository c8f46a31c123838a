/**
 * `pnpm bench`: starts the whole platform in this process and measures representative operations through the
 * gateway over HTTP: throughput, latency percentiles, SQL statements per request by subgraph, and memory.
 *
 *   --enterprises N   seed a fresh in-memory database with N enterprises (default 5000)
 *   --existing        use the database of the environment as it is (DATA_DIR after `pnpm seed:city`, or
 *                     DATABASE_URL, which is otherwise seeded when empty)
 *   --requests N      requests per scenario (default 300)
 *   --concurrency N   requests in flight (default 8)
 *   --policies N      add a synthetic library of N policies for the search scenarios (default 5000; 20000 for the
 *                     province-wide figure, which takes minutes to generate;
 *                     0 skips it)
 *
 * Traffic goes to 127.0.0.1 only, bounded in count. Figures, not assertions: tests never time anything.
 */
import { parseArgs } from 'node:util';
import { openDatabase, openPglite } from '@qq/db/client';
import { demoEnterprises } from '@qq/db/seed';
import { signDevToken } from '@qq/kit';
import { generatePolicyLibrary } from './policy-library.ts';
import { startPlatform } from './platform.ts';

// One machine, development tokens: the public development secret is meant for exactly this.
process.env.NODE_ENV ??= 'development';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '5000' },
    existing: { type: 'boolean', default: false },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    policies: { type: 'string', default: '5000' },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);

const statements = new Map<string, number>();
// PostgreSQL when DATABASE_URL is set (seeded when empty), else a fresh in-memory PGlite unless --existing.
const handle = values.existing || process.env.DATABASE_URL ? await openDatabase() : await openPglite('memory://');
const seeding = Date.now();
const platform = await startPlatform({
  handle,
  port: 0,
  subgraphPorts: 'random',
  seed: values.existing ? false : { enterprises: Number(values.enterprises) },
  onQuery: (subgraph) => statements.set(subgraph, (statements.get(subgraph) ?? 0) + 1),
});
console.log(
  `platform on ${handle.kind}${values.existing ? ' (existing data)' : `, seeded ${values.enterprises} enterprises`} in ${((Date.now() - seeding) / 1000).toFixed(1)} s`,
);

const library = Number(values.policies);
if (library > 0 && !values.existing) {
  const started = Date.now();
  await generatePolicyLibrary(handle.connect({ max: 1 }), library);
  console.log(`added ${library} synthetic policies in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const code = demoEnterprises(1)[0]!.creditCode;
const tokens = {
  enterprise: await signDevToken({ sub: 'bench-e', role: 'enterprise', enterprise: code }),
  clerk: await signDevToken({ sub: 'bench-c', role: 'staff', dept: 'ndrc', county: '410422' }),
  analyst: await signDevToken({ sub: 'bench-a', role: 'analyst' }),
};

const scenarios: Array<{ name: string; token?: string; query: string }> = [
  {
    name: 'mini-program: my enterprise across six departments',
    token: tokens.enterprise,
    query: `{ enterprise(creditCode: "${code}") { name county { name } redemptionApplications(first: 5) { totalCount nodes { projectName status } } matters(first: 5) { totalCount nodes { referenceNo status } } jobPostings(first: 5) { nodes { title } } aboveScale { category } statisticalReports(first: 5) { totalCount } financingNeeds(first: 5) { totalCount } } }`,
  },
  {
    name: 'anonymous: find policies (找政策)',
    query: `{ policies(first: 20) { totalCount nodes { title documentNumber publishedAt department { shortName } } } }`,
  },
  ...(library > 0
    ? [
        ['研发', 'two-character term, in about a fifth of the library'],
        ['人工智能', 'four-character term'],
        ['税收', 'two-character term'],
        ['专精特新', 'four-character term'],
      ].map(([term, what]) => ({
        name: `anonymous: 找政策 "${term}" (${what}) over ${library} policies`,
        query: `{ policies(first: 20, filter: { keyword: "${term}" }) { totalCount nodes { title summary publishedAt } } }`,
      }))
    : []),
  {
    name: 'county clerk: inbox of matters',
    token: tokens.clerk,
    query: `{ matters(first: 20) { totalCount nodes { referenceNo title status signDueAt enterprise { name } } } }`,
  },
  {
    name: 'analyst: 100 enterprises with fields of five subgraphs',
    token: tokens.analyst,
    query: `{ enterprises(first: 100) { nodes { name legalRepresentative county { name } matters(first: 2) { totalCount } jobPostings(first: 2) { totalCount } redemptionApplications(first: 2) { totalCount } statisticalReports(first: 2) { totalCount } opportunities(first: 2) { totalCount } } } }`,
  },
];

async function once(query: string, token?: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  if (!res.ok || body.errors) throw new Error(`request failed: ${res.status} ${JSON.stringify(body.errors)}`);
  return performance.now() - started;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

for (const s of scenarios) {
  for (let i = 0; i < 20; i++) await once(s.query, s.token);
  statements.clear();
  const latencies: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        latencies.push(await once(s.query, s.token));
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const perRequest = [...statements.entries()]
    .sort()
    .map(([k, v]) => `${k} ${(v / latencies.length).toFixed(1)}`)
    .join(', ');
  console.log(`\n${s.name}`);
  console.log(
    `  ${latencies.length} requests, concurrency ${concurrency}: ${(latencies.length / seconds).toFixed(0)} req/s, p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms`,
  );
  console.log(`  SQL statements per request: ${perRequest}`);
}

const mem = process.memoryUsage();
console.log(
  `\nmemory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
);
await platform.stop();
await handle.close();
