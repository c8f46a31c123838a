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
 *                     province-wide figure, which takes minutes to generate; 0 skips it)
 *   --layout L        `one` (default): every subgraph and the gateway in this process; `cluster`: each in its own
 *                     process on PostgreSQL (DATABASE_URL), as `pnpm start:cluster` runs them
 *
 * Scenarios follow real traffic: enterprise users with distinct tokens (up to 1,000), anonymous policy searches over
 * 50 keywords of two and four characters drawn with a Zipf distribution, a county clerk's inbox, an analyst's list,
 * and a workflow mutation (a policy draft). CPU per operation is measured per process (from /proc in the cluster).
 *
 * Traffic goes to 127.0.0.1 only, bounded in count. Figures, not assertions: tests never time anything.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase, openPglite } from '@qq/db/client';
import { demoEnterprises } from '@qq/db/seed';
import { signDevToken } from '@qq/kit';
import { startCluster } from './cluster.ts';
import { generatePolicyLibrary } from './policy-library.ts';
import { startPlatform } from './platform.ts';

// Every simulated caller sends from this one address: the gateway's per-address limit would measure itself.
process.env.RATE_LIMIT ??= 'off';

// One machine, development tokens: the public development secret is meant for exactly this.
process.env.NODE_ENV ??= 'development';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '5000' },
    existing: { type: 'boolean', default: false },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    layout: { type: 'string', default: 'one' },
    policies: { type: 'string', default: '5000' },
  },
});
const cluster = values.layout === 'cluster';
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);

const statements = new Map<string, number>();
const seeding = Date.now();
const enterpriseCount = Number(values.enterprises);
let url: string;
let pids: Record<string, number> = {};
let stopAll: () => Promise<void>;
if (cluster) {
  if (!process.env.DATABASE_URL) throw new Error('--layout cluster runs on PostgreSQL: set DATABASE_URL.');
  const c = await startCluster({
    basePort: 0,
    seed: values.existing ? false : { enterprises: enterpriseCount },
    output: 'ignore',
  });
  url = c.url;
  pids = c.pids;
  stopAll = c.stop;
  console.log(
    `cluster of ${Object.keys(pids).length} processes on PostgreSQL, ready in ${((Date.now() - seeding) / 1000).toFixed(1)} s`,
  );
} else {
  // PostgreSQL when DATABASE_URL is set (seeded when empty), else a fresh in-memory PGlite unless --existing.
  const handle = values.existing || process.env.DATABASE_URL ? await openDatabase() : await openPglite('memory://');
  const platform = await startPlatform({
    handle,
    port: 0,
    subgraphPorts: 'random',
    seed: values.existing ? false : { enterprises: enterpriseCount },
    onQuery: (subgraph) => statements.set(subgraph, (statements.get(subgraph) ?? 0) + 1),
  });
  const library = Number(values.policies);
  if (library > 0 && !values.existing) {
    const started = Date.now();
    await generatePolicyLibrary(handle.connect({ max: 1 }), library);
    console.log(`added ${library} synthetic policies in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  url = platform.url;
  pids = { 'all (one process)': process.pid };
  stopAll = async () => {
    await platform.stop();
    await handle.close();
  };
  console.log(
    `platform on ${handle.kind}${values.existing ? ' (existing data)' : `, seeded ${values.enterprises} enterprises`} in ${((Date.now() - seeding) / 1000).toFixed(1)} s`,
  );
}

/** CPU seconds (user + system) of a process so far, from /proc (Linux). */
function cpuOf(pid: number): number {
  if (pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const cpuAll = () => Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuOf(pid)]));

const enterprises = demoEnterprises(Math.min(1000, enterpriseCount));
const enterpriseTokens = await Promise.all(
  enterprises.map((e, i) => signDevToken({ sub: `bench-e-${i}`, role: 'enterprise', enterprise: e.creditCode })),
);
const tokens = {
  clerk: await signDevToken({ sub: 'bench-c', role: 'staff', dept: 'ndrc', county: '410422' }),
  analyst: await signDevToken({ sub: 'bench-a', role: 'analyst' }),
  author: await signDevToken({ sub: 'bench-w', role: 'staff', dept: 'wrzwq', county: '410422' }),
};

// 50 keywords of two and four characters; their popularity follows Zipf's law (weight 1/rank).
const KEYWORDS = (
  '企业 补贴 人才 创新 科技 奖励 税收 融资 贷款 就业 培训 技改 专精特新 高新技术 中小企业 数字经济 绿色发展 ' +
  '招商引资 稳岗补贴 研发费用 首台套 上市 担保 园区 物流 外贸 出口 电商 文旅 农业 乡村振兴 制造业 新能源 ' +
  '汽车 尼龙 装备 医药 建筑 住房 社保 减税降费 贴息 奖补 认定 评定 申报 兑现 扶持 服务业 民营经济'
)
  .split(' ')
  .slice(0, 50);
const zipf = KEYWORDS.map((_, i) => 1 / (i + 1));
const zipfTotal = zipf.reduce((a, b) => a + b, 0);
function keyword(): string {
  let r = Math.random() * zipfTotal;
  for (const [i, w] of zipf.entries()) if ((r -= w) <= 0) return KEYWORDS[i]!;
  return KEYWORDS[0]!;
}

type Request = { query: string; variables?: Record<string, unknown>; token?: string };
const FIND = readFileSync(new URL('../../schema/operations/portal/FindPolicies.graphql', import.meta.url), 'utf8');
const ENTERPRISE = `query($c: String!) { enterprise(creditCode: $c) { name county { name } redemptionApplications(first: 5) { totalCount nodes { projectName status } } matters(first: 5) { totalCount nodes { referenceNo status } } jobPostings(first: 5) { nodes { title } } aboveScale { category } statisticalReports(first: 5) { totalCount } financingNeeds(first: 5) { totalCount } } }`;
let drafts = 0;

const scenarios: Array<{ name: string; next: () => Request }> = [
  {
    name: `mini-program: own enterprise across six departments (${enterprises.length} enterprise users)`,
    next: () => {
      const i = Math.floor(Math.random() * enterprises.length);
      return { query: ENTERPRISE, variables: { c: enterprises[i]!.creditCode }, token: enterpriseTokens[i] };
    },
  },
  {
    name: 'anonymous: find policies (找政策), 50 keywords, Zipf',
    next: () => ({ query: FIND, variables: { keyword: keyword(), first: 10 } }),
  },
  {
    name: 'county clerk: inbox of matters',
    next: () => ({
      query: `{ matters(first: 20) { totalCount nodes { referenceNo title status signDueAt enterprise { name } } } }`,
      token: tokens.clerk,
    }),
  },
  {
    name: 'analyst: 100 enterprises with fields of five subgraphs',
    next: () => ({
      query: `{ enterprises(first: 100) { nodes { name legalRepresentative county { name } matters(first: 2) { totalCount } jobPostings(first: 2) { totalCount } redemptionApplications(first: 2) { totalCount } statisticalReports(first: 2) { totalCount } opportunities(first: 2) { totalCount } } } }`,
      token: tokens.analyst,
    }),
  },
  {
    name: 'workflow mutation: a policy draft (起草)',
    next: () => ({
      query: `mutation($input: CreatePolicyDraftInput!) { createPolicyDraft(input: $input) { id status } }`,
      variables: {
        input: {
          title: `压测政策 ${++drafts}`,
          documentNumber: `平政〔2026〕${drafts}号`,
          summary: '摘要',
          body: '正文',
          issuedAt: '2026-01-05T08:00:00+08:00',
        },
      },
      token: tokens.author,
    }),
  },
];

async function once({ query, variables, token }: Request): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  if (!res.ok || body.errors) throw new Error(`request failed: ${res.status} ${JSON.stringify(body.errors)}`);
  return performance.now() - started;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

for (const s of scenarios) {
  for (let i = 0; i < 20; i++) await once(s.next());
  statements.clear();
  const cpuBefore = cpuAll();
  const latencies: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        latencies.push(await once(s.next()));
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
  const cpuAfter = cpuAll();
  const cpu = Object.entries(cpuAfter)
    .map(([k, v]) => `${k} ${(((v - cpuBefore[k]!) * 1000) / latencies.length).toFixed(1)}`)
    .join(', ');
  console.log(`  CPU ms per request: ${cpu}`);
  console.log(`  SQL statements per request: ${cluster ? 'counted in the one-process layout' : perRequest}`);
}

const peaks = Object.entries(pids).map(([name, pid]) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return `${name} ${(kib / 1024).toFixed(0)} MiB`;
});
console.log(`\npeak memory (resident): ${peaks.join(', ')}`);
await stopAll();
