/**
 * `pnpm bench`: our gateway and Hive Gateway side by side, on the same supergraph and the same running subgraphs, with
 * the same traffic; figures per scenario for each, and ours ÷ Hive.
 *
 *   --scenarios S     `mix` (default): the realistic mix, each scenario on its own, then all five at once;
 *                     `fixed`: the three fixed operations at 16 and 32 connections (subgraph CPU per operation, for
 *                     before/after figures); `all`: both
 *   --together S      `on` (default): after the mix's scenarios one by one, the five at the same time on one gateway
 *                     (the connections shared out by SHARES below), as production traffic arrives; `only`: just that;
 *                     `off`: not
 *   --layout L        `one` (default): the six subgraphs in one process on one database (in-memory PGlite, or
 *                     PostgreSQL with DATABASE_URL); `cluster`: each subgraph in its own process on PostgreSQL
 *                     (DATABASE_URL), as `pnpm start:cluster` runs them. Each gateway is always a process of its own.
 *   --duration S      about how many seconds of traffic per scenario and gateway (default 10): a timed --warmup
 *                     (default 3 s) gives the rate, then that many requests are sent and every answer awaited;
 *                     before the first measurement every scenario is sent to every gateway for --warmup seconds
 *   --connections N   connections of the mix (default 16); the fixed operations run at 16 and at 32
 *   --rounds N        repeat each measurement N times, alternating which gateway goes first (default 1)
 *   --gateways LIST   which gateways to run (default `ours,hive,uncached`): `ours` with its defaults, `hive` (Hive
 *                     Gateway with its defaults, header propagation added), `uncached` (ours with
 *                     GATEWAY_DEDUPE=false and PUBLIC_CACHE=off: every operation reaches the subgraphs; fixed only)
 *   --samples N       requests per scenario whose answers are compared between the gateways (default 20)
 *   --enterprises N   enterprises of the seeded database (default 5000); --policies N synthetic policies (default
 *                     5000); the seeded in-memory database is kept in the temporary folder and reused (--fresh seeds
 *                     anew); --existing uses the database of the environment as it is (DATA_DIR or DATABASE_URL)
 *   --port-base N     ports from N: ours N, subgraphs N+1…N+6, ours uncached N+7, Hive N+8 (default: free ports)
 *   --only TEXT       only the scenarios whose name contains TEXT
 *   --profile DIR     run our gateway with `node --cpu-prof`, profiles written to DIR when it stops
 *
 * The mix follows real traffic: enterprise users with distinct tokens (1,000), anonymous policy searches over 50
 * keywords of two and four characters drawn with a Zipf distribution, a county clerk's inbox, an analyst's list, and
 * a workflow mutation (a policy draft). The requests come from a seeded generator: each gateway gets the same
 * sequence. Load comes from autocannon in this process; CPU is read per process from /proc (Linux).
 *
 * Printed per scenario and gateway: req/s, p50/p95/p99, errors, subgraph requests and SQL statements per operation
 * (one-process layout), CPU per operation of the subgraphs and of the gateway, peak memory; mismatches between the
 * gateways' answers on a sample; and any connection a gateway opened to an address other than loopback.
 *
 * Traffic goes to 127.0.0.1 only. Figures, not assertions: tests never time anything.
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoEnterprises } from '@qq/db/seed';
import { signDevToken } from '@qq/kit';
import autocannon from 'autocannon';
import { freePort, startCluster } from './cluster.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'mix' },
    together: { type: 'string', default: 'on' },
    layout: { type: 'string', default: 'one' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '1' },
    gateways: { type: 'string', default: 'ours,hive,uncached' },
    samples: { type: 'string', default: '20' },
    enterprises: { type: 'string', default: '5000' },
    policies: { type: 'string', default: '5000' },
    existing: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    'port-base': { type: 'string', default: '0' },
    profile: { type: 'string' },
    only: { type: 'string' },
  },
});
if (!['mix', 'fixed', 'all'].includes(values.scenarios)) throw new Error('--scenarios is mix, fixed or all');
if (!['one', 'cluster'].includes(values.layout)) throw new Error('--layout is one or cluster');
if (!['on', 'only', 'off'].includes(values.together)) throw new Error('--together is on, only or off');
const cluster = values.layout === 'cluster';
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const mixConnections = Number(values.connections);
const rounds = Number(values.rounds);
const sampleCount = Number(values.samples);
const enterpriseCount = Number(values.enterprises);
const portBase = Number(values['port-base']);
const wanted = new Set(values.gateways.split(',').map((g) => g.trim()));

// One machine, development tokens: the public development secret is meant for exactly this.
process.env.NODE_ENV ??= 'development';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`load average at start: ${load()} (${(await import('node:os')).cpus().length} cores)`);

// ---------------------------------------------------------------------------------------------------------------
// Processes

const portAt = async (offset: number) => (portBase > 0 ? portBase + offset : freePort());

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not healthy within ${timeoutMs / 1000} s`);
}

/** The environment of a child: this one's, without anything that would point a gateway at a registry. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(HIVE_|APOLLO_KEY|APOLLO_GRAPH_REF)/.test(k)) env[k] = v;
  return { ...env, RATE_LIMIT: 'off', ...extra };
}

const children: ChildProcess[] = [];
function run(command: string, args: string[], env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) console.error(`[${name}] ${line}`);
  });
  children.push(child);
  return child;
}
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

// Subgraphs, and our gateway in the cluster layout.
const began = Date.now();
let subgraphUrls: Record<string, string>;
let subgraphPids: Record<string, number>;
let counts:
  | (() => Promise<{
      statements: Record<string, number>;
      requests: Record<string, number>;
      connections: Record<string, number>;
    }>)
  | null = null;
let stopSubgraphs: () => Promise<void>;
let clusterGateway: { url: string; pid: number } | null = null;
if (cluster) {
  if (!process.env.DATABASE_URL) throw new Error('--layout cluster runs on PostgreSQL: set DATABASE_URL.');
  const c = await startCluster({
    basePort: portBase,
    seed: values.existing ? false : { enterprises: enterpriseCount },
    output: 'ignore',
    env: { RATE_LIMIT: 'off' },
  });
  subgraphUrls = c.subgraphs;
  const { gateway: gatewayPid, ...rest } = c.pids;
  subgraphPids = rest;
  clusterGateway = { url: c.url, pid: gatewayPid! };
  stopSubgraphs = c.stop;
  console.log(
    `cluster: ${Object.keys(rest).length} subgraph processes and the gateway on PostgreSQL, ready in ${((Date.now() - began) / 1000).toFixed(0)} s`,
  );
} else {
  const host = fork(join(ROOT, 'tools/src/bench-subgraph-host.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: childEnv({
      BENCH_ENTERPRISES: String(enterpriseCount),
      BENCH_POLICIES: values.policies,
      BENCH_EXISTING: String(values.existing),
      BENCH_FRESH: String(values.fresh),
      ...(portBase > 0 ? { SUBGRAPH_PORT_BASE: String(portBase + 1) } : {}),
    }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(host);
  const ready = await new Promise<{ urls: Record<string, string>; kind: string; note: string }>((resolve, reject) => {
    host.once('exit', (code) => reject(new Error(`the subgraph process exited with ${code}`)));
    host.on('message', (m: { type: string }) => {
      if (m.type === 'ready') resolve(m as never);
    });
  });
  subgraphUrls = ready.urls;
  subgraphPids = { subgraphs: host.pid! };
  counts = () =>
    new Promise((resolve) => {
      const listener = (m: { type: string }) => {
        if (m.type !== 'counts') return;
        host.off('message', listener);
        resolve(m as never);
      };
      host.on('message', listener);
      host.send({ type: 'counts' });
    });
  stopSubgraphs = async () => {
    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.send({ type: 'stop' });
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await stopChild(host);
  };
  console.log(
    `six subgraphs in one process on ${ready.kind} (${ready.note}), ready in ${((Date.now() - began) / 1000).toFixed(0)} s`,
  );
}

interface GatewayUnderTest {
  key: 'ours' | 'uncached' | 'hive';
  label: string;
  url: string;
  pid: number;
}
const gateways: GatewayUnderTest[] = [];
const workDir = mkdtempSync(join(tmpdir(), 'qq-bench-'));

async function startOurs(key: 'ours' | 'uncached', offset: number, extra: Record<string, string>) {
  const port = await portAt(offset);
  const profile = values.profile && key === 'ours' ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = run(
    process.execPath,
    [...profile, '--import', 'tsx', 'gateway/src/main.ts'],
    childEnv({ PORT: String(port), HOST: '127.0.0.1', SUBGRAPH_URLS: JSON.stringify(subgraphUrls), ...extra }),
    key,
  );
  await waitHealthy(`http://127.0.0.1:${port}/health`, child);
  return { url: `http://127.0.0.1:${port}/graphql`, pid: child.pid! };
}

if (wanted.has('ours')) {
  const g = clusterGateway && !values.profile ? clusterGateway : await startOurs('ours', 0, {});
  gateways.push({ key: 'ours', label: 'ours', ...g });
}
if (wanted.has('uncached') && values.scenarios !== 'mix') {
  const g = await startOurs('uncached', 7, { GATEWAY_DEDUPE: 'false', PUBLIC_CACHE: 'off' });
  gateways.push({ key: 'uncached', label: 'ours, no dedupe or cache', ...g });
}
if (wanted.has('hive')) {
  // Our supergraph, with the subgraph URLs where they listen.
  let sdl = readFileSync(join(ROOT, 'schema/supergraph.graphql'), 'utf8');
  for (const [name, url] of Object.entries(subgraphUrls)) {
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`), `$1"${url}"`);
  }
  const file = join(workDir, 'supergraph.graphql');
  writeFileSync(file, sdl);
  const port = await portAt(8);
  const bin = join(ROOT, 'tools/node_modules/@graphql-hive/gateway/dist/bin.js');
  const child = run(
    process.execPath,
    [
      bin,
      'supergraph',
      file,
      '--config-path',
      join(ROOT, 'tools/src/hive-gateway.config.ts'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--fork',
      '1',
    ],
    childEnv({}),
    'hive',
  );
  await waitHealthy(`http://127.0.0.1:${port}/healthcheck`, child);
  gateways.push({ key: 'hive', label: 'Hive Gateway', url: `http://127.0.0.1:${port}/graphql`, pid: child.pid! });
}
console.log(`gateways: ${gateways.map((g) => `${g.label} (pid ${g.pid})`).join(', ')}`);

// Any socket of a gateway towards an address other than loopback, or a name lookup, looked for every second.
const outbound = new Map<string, Set<string>>(gateways.map((g) => [g.key, new Set<string>()]));
function loopback(hex: string): boolean {
  // /proc/net addresses: IPv4 as 8 hex digits, low byte first (127.x.x.x ends in 7F); IPv6 as 32.
  if (/^0+$/.test(hex)) return true;
  if (hex.length === 8) return hex.endsWith('7F');
  return (
    hex === '00000000000000000000000001000000' || (hex.startsWith('0000000000000000FFFF0000') && hex.endsWith('7F'))
  );
}
function watchSockets(g: GatewayUnderTest) {
  let inodes: Set<string>;
  try {
    inodes = new Set(
      readdirSync(`/proc/${g.pid}/fd`)
        .map((fd) => {
          try {
            return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${g.pid}/fd/${fd}`))?.[1];
          } catch {
            return undefined;
          }
        })
        .filter((x): x is string => !!x),
    );
  } catch {
    return;
  }
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${g.pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9]!)) continue;
      const [addr, port] = f[2]!.split(':') as [string, string];
      if (!loopback(addr) || (table.startsWith('udp') && parseInt(port, 16) === 53)) {
        outbound.get(g.key)!.add(`${table} ${f[2]}`);
      }
    }
  }
}
const watcher = setInterval(() => gateways.forEach(watchSockets), 1000);
watcher.unref();

// ---------------------------------------------------------------------------------------------------------------
// Traffic

/** A small seeded generator (mulberry32): the same sequence of requests for every gateway. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
function keyword(random: () => number): string {
  let r = random() * zipfTotal;
  for (const [i, w] of zipf.entries()) if ((r -= w) <= 0) return KEYWORDS[i]!;
  return KEYWORDS[0]!;
}

interface Request {
  query: string;
  variables?: Record<string, unknown>;
  token?: string;
}
const FIND = readFileSync(join(ROOT, 'schema/operations/portal/FindPolicies.graphql'), 'utf8');
const ENTERPRISE = `query($c: String!) { enterprise(creditCode: $c) { name county { name } redemptionApplications(first: 5) { totalCount nodes { projectName status } } matters(first: 5) { totalCount nodes { referenceNo status } } jobPostings(first: 5) { nodes { title } } aboveScale { category } statisticalReports(first: 5) { totalCount } financingNeeds(first: 5) { totalCount } } }`;
const ANALYST = `{ enterprises(first: 100) { nodes { name legalRepresentative county { name } matters(first: 2) { totalCount } jobPostings(first: 2) { totalCount } redemptionApplications(first: 2) { totalCount } statisticalReports(first: 2) { totalCount } opportunities(first: 2) { totalCount } } } }`;
/** The README's query: one enterprise with fields from all six departments, and a policy search. */
const README_QUERY = `{
  enterprise(creditCode: "${enterprises[0]!.creditCode}") {
    name
    county { name openPositionCount aboveScaleEnterpriseCount }
    redemptionApplications(first: 3) { totalCount nodes { projectName status } }
    matters(first: 3) { totalCount nodes { referenceNo title status } }
    jobPostings(first: 3) { nodes { title status } }
    aboveScale { category }
    statisticalReports(first: 3) { totalCount }
    opportunities(first: 3) { totalCount }
  }
  policies(first: 3, filter: { keyword: "企业" }) { totalCount nodes { title department { shortName } } }
}`;
// Drafts are numbered across the whole run, so that no gateway meets another's document number.
let drafts = 0;
const runId = Date.now().toString(36);

interface Scenario {
  name: string;
  short: string;
  mutation?: boolean;
  /** Its part of the connections when the mix runs all at once (out of the mix's total of parts). */
  share?: number;
  next: (random: () => number) => Request;
}
const MIX: Scenario[] = [
  {
    name: `mini-program: own enterprise across six departments (${enterprises.length} enterprise users)`,
    short: 'enterprise users (1,000 tokens)',
    share: 6,
    next: (random) => {
      const i = Math.floor(random() * enterprises.length);
      return { query: ENTERPRISE, variables: { c: enterprises[i]!.creditCode }, token: enterpriseTokens[i] };
    },
  },
  {
    name: 'anonymous: find policies (找政策), 50 keywords, Zipf',
    short: 'anonymous searches (Zipf)',
    share: 4,
    next: (random) => ({ query: FIND, variables: { keyword: keyword(random), first: 10 } }),
  },
  {
    name: 'county clerk: inbox of matters',
    short: 'clerk inbox',
    share: 2,
    next: () => ({
      query: `{ matters(first: 20) { totalCount nodes { referenceNo title status signDueAt enterprise { name } } } }`,
      token: tokens.clerk,
    }),
  },
  {
    name: 'analyst: 100 enterprises with fields of five subgraphs',
    short: 'analyst list',
    share: 2,
    next: () => ({ query: ANALYST, token: tokens.analyst }),
  },
  {
    name: 'workflow mutation: a policy draft (起草)',
    short: 'workflow mutation',
    share: 2,
    mutation: true,
    next: () => {
      const n = ++drafts;
      return {
        query: `mutation($input: CreatePolicyDraftInput!) { createPolicyDraft(input: $input) { id status } }`,
        variables: {
          input: {
            title: `压测政策 ${runId}-${n}`,
            documentNumber: `平政〔2026〕${runId}${n}号`,
            summary: '摘要',
            body: '正文',
            issuedAt: '2026-01-05T08:00:00+08:00',
          },
        },
        token: tokens.author,
      };
    },
  },
];
const FIXED: Scenario[] = [
  {
    name: "one enterprise across six departments (the README's query, an enterprise token)",
    short: 'README query',
    next: () => ({ query: README_QUERY, token: enterpriseTokens[0] }),
  },
  {
    name: 'anonymous policy search (FindPolicies, 企业)',
    short: 'FindPolicies',
    next: () => ({ query: FIND, variables: { keyword: '企业', first: 10 } }),
  },
  {
    name: 'analyst, 100 enterprises × 5 departments',
    short: 'analyst 100 × 5',
    next: () => ({ query: ANALYST, token: tokens.analyst }),
  },
];

async function post(url: string, r: Request): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(r.token ? { authorization: `Bearer ${r.token}` } : {}) },
    body: JSON.stringify({ query: r.query, variables: r.variables }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** JSON with object keys sorted and ids of new rows blanked (the mutation's), for comparing answers. */
function canonical(value: unknown, blankIds: boolean): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (blankIds && key === 'id') return '…';
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

/** Sends a sample of the scenario's requests to every gateway in turn and counts differing answers. */
async function compare(s: Scenario): Promise<{ compared: number; mismatches: number; errors: number }> {
  const random = seeded(7);
  let mismatches = 0;
  let errors = 0;
  for (let i = 0; i < sampleCount; i++) {
    const request = s.next(random);
    const answers = [];
    for (const g of gateways) {
      // A mutation is sent to each gateway as its own draft; the answers are compared without the new ids.
      answers.push(await post(g.url, s.mutation && answers.length ? s.next(random) : request));
    }
    for (const a of answers) if (a.status !== 200 || a.body.errors) errors++;
    const first = canonical(answers[0]!.body.data ?? null, !!s.mutation);
    if (answers.some((a) => canonical(a.body.data ?? null, !!s.mutation) !== first)) mismatches++;
  }
  return { compared: sampleCount, mismatches, errors };
}

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuOf(pid: number): number {
  if (pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const sumCpu = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuOf(pid), 0);

function peakMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Measured {
  gateway: GatewayUnderTest;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  subgraphRequests: number | null;
  statements: number | null;
  /** New connections the gateway opened to the subgraphs during the run. */
  subgraphConnections: number | null;
  subgraphCpu: number;
  gatewayCpu: number;
  loaderCpu: number;
  load: string;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

/**
 * Traffic of one scenario to one gateway, for `seconds` or until `amount` answers have come back: autocannon, the
 * seeded sequence from its start.
 */
async function traffic(
  g: GatewayUnderTest,
  s: Scenario,
  connections: number,
  until: { seconds: number } | { amount: number },
  seed: number,
) {
  const random = seeded(seed);
  const latencies: number[] = [];
  let errors = 0;
  let done!: (value: autocannon.Result) => void;
  let failed!: (error: unknown) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const instance = autocannon(
    {
      url: g.url,
      connections,
      ...('amount' in until ? { amount: until.amount } : { duration: until.seconds }),
      // Slow answers are figures, not failures.
      timeout: 120,
      method: 'POST',
      requests: [
        {
          setupRequest: (req) => {
            const r = s.next(random);
            return {
              ...req,
              method: 'POST',
              path: '/graphql',
              headers: {
                'content-type': 'application/json',
                ...(r.token ? { authorization: `Bearer ${r.token}` } : {}),
              },
              body: JSON.stringify({ query: r.query, variables: r.variables }),
            };
          },
          onResponse: (status, body) => {
            if (status !== 200 || body.includes('"errors"')) errors++;
          },
        },
      ],
    },
    (error, result) => (error ? failed(error) : done(result)),
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const started = performance.now();
  const result = await finished;
  const seconds = (performance.now() - started) / 1000;
  return { latencies, errors: errors + result.errors + result.timeouts, seconds };
}

/** Waits until the gateway and the subgraphs are idle (requests cut off at the end of a timed run still run). */
async function quiesce(g: GatewayUnderTest): Promise<void> {
  const pids = [g.pid, ...Object.values(subgraphPids)];
  const deadline = Date.now() + 60_000;
  let last = sumCpu(pids);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = sumCpu(pids);
    if (now - last < 0.02) return;
    last = now;
  }
}

/**
 * A timed warm-up, then as many requests as the warm-up's rate gives in --duration seconds, every answer awaited: the
 * CPU, subgraph requests and statements counted are exactly those of the operations counted.
 */
async function measure(g: GatewayUnderTest, s: Scenario, connections: number): Promise<Measured> {
  const warm = await traffic(g, s, connections, { seconds: warmup }, 99);
  await quiesce(g);
  const amount = Math.max(connections * 3, Math.round((warm.latencies.length / warm.seconds) * duration));
  await counts?.();
  const pids = Object.values(subgraphPids);
  const before = { subgraphs: sumCpu(pids), gateway: cpuOf(g.pid), loader: cpuOf(process.pid) };
  const loadBefore = load();
  const { latencies, errors, seconds } = await traffic(g, s, connections, { amount }, 1);
  const after = { subgraphs: sumCpu(pids), gateway: cpuOf(g.pid), loader: cpuOf(process.pid) };
  const c = await counts?.();
  const n = latencies.length;
  latencies.sort((a, b) => a - b);
  const total = (o: Record<string, number> | undefined) => Object.values(o ?? {}).reduce((a, b) => a + b, 0);
  return {
    gateway: g,
    connections,
    requests: n,
    rps: n / seconds,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    errors,
    subgraphRequests: c ? total(c.requests) / n : null,
    statements: c ? total(c.statements) / n : null,
    subgraphConnections: c ? total(c.connections) : null,
    subgraphCpu: ((after.subgraphs - before.subgraphs) * 1000) / n,
    gatewayCpu: ((after.gateway - before.gateway) * 1000) / n,
    loaderCpu: ((after.loader - before.loader) * 1000) / n,
    load: loadBefore,
  };
}

const f0 = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(0));
const f1 = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(1));
function printMeasured(m: Measured) {
  console.log(
    `  ${m.gateway.label.padEnd(26)} ${f0(m.rps).padStart(6)} req/s  p50 ${f1(m.p50).padStart(6)}  p95 ${f1(m.p95).padStart(6)}  p99 ${f1(m.p99).padStart(6)} ms  ` +
      `errors ${m.errors}  subgraph requests/op ${m.subgraphRequests === null ? '–' : m.subgraphRequests.toFixed(2)}  SQL/op ${f1(m.statements)}  new subgraph connections ${m.subgraphConnections ?? '–'}  ` +
      `CPU ms/op: subgraphs ${f1(m.subgraphCpu)}, gateway ${f1(m.gatewayCpu)}, load generator ${f1(m.loaderCpu)}  (load ${m.load})`,
  );
}

interface Together {
  gateway: GatewayUnderTest;
  seconds: number;
  perScenario: Array<{
    scenario: Scenario;
    connections: number;
    rps: number;
    p50: number;
    p99: number;
    errors: number;
  }>;
  /** CPU seconds per second of wall time. */
  subgraphCores: number;
  gatewayCores: number;
  load: string;
}

/** Connections of each scenario when all run at once: the mix's connections shared out by `share`, at least one. */
function sharedOut(list: Scenario[], connections: number): number[] {
  const parts = list.reduce((sum, s) => sum + (s.share ?? 1), 0);
  return list.map((s) => Math.max(1, Math.round((connections * (s.share ?? 1)) / parts)));
}

/**
 * All the mix's scenarios at the same time on one gateway for --duration seconds, after a --warmup of the same: what
 * each kind of caller gets while the others are served too. Timed (every scenario runs for the whole window), so
 * CPU is given per second, not per operation.
 */
async function measureTogether(g: GatewayUnderTest, list: Scenario[], connections: number): Promise<Together> {
  const split = sharedOut(list, connections);
  await Promise.all(list.map((s, i) => traffic(g, s, split[i]!, { seconds: warmup }, 99 + i)));
  await quiesce(g);
  const pids = Object.values(subgraphPids);
  const before = { subgraphs: sumCpu(pids), gateway: cpuOf(g.pid) };
  const loadBefore = load();
  const started = performance.now();
  const runs = await Promise.all(list.map((s, i) => traffic(g, s, split[i]!, { seconds: duration }, 1 + i)));
  const seconds = (performance.now() - started) / 1000;
  const after = { subgraphs: sumCpu(pids), gateway: cpuOf(g.pid) };
  await quiesce(g);
  return {
    gateway: g,
    seconds,
    perScenario: runs.map((r, i) => {
      const sorted = [...r.latencies].sort((a, b) => a - b);
      return {
        scenario: list[i]!,
        connections: split[i]!,
        rps: r.latencies.length / r.seconds,
        p50: pct(sorted, 50),
        p99: pct(sorted, 99),
        errors: r.errors,
      };
    }),
    subgraphCores: (after.subgraphs - before.subgraphs) / seconds,
    gatewayCores: (after.gateway - before.gateway) / seconds,
    load: loadBefore,
  };
}

/** The mix all at once against each gateway, `rounds` times, alternating which goes first; printed with ours ÷ Hive. */
async function runTogether(list: Scenario[], connections: number, which: GatewayUnderTest[]) {
  const selected = list.filter((x) => !values.only || x.name.includes(values.only));
  const split = sharedOut(selected, connections);
  if (values.together === 'only') await warmAll(selected, connections, which);
  console.log(
    `\nall at once — ${connections} connections (${selected.map((s, i) => `${s.short} ${split[i]}`).join(', ')}), ${duration} s each`,
  );
  const measured: Together[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? which : [...which].reverse();
    for (const g of order) {
      const t = await measureTogether(g, selected, connections);
      measured.push(t);
      console.log(
        `  ${t.gateway.label}: CPU cores busy: subgraphs ${t.subgraphCores.toFixed(2)}, gateway ${t.gatewayCores.toFixed(2)}  (load ${t.load})`,
      );
      for (const r of t.perScenario) {
        console.log(
          `    ${r.scenario.short.padEnd(32)} ${f0(r.rps).padStart(6)} req/s  p50 ${f1(r.p50).padStart(6)}  p99 ${f1(r.p99).padStart(6)} ms  errors ${r.errors}`,
        );
      }
    }
  }
  const of = (key: string) => measured.filter((m) => m.gateway.key === key);
  const label = (k: string) => gateways.find((g) => g.key === k)!.label;
  const keys = which.map((g) => g.key);
  const header = ['scenario', 'conns'];
  for (const k of keys) header.push(`${label(k)} req/s`, 'p50/p99 ms');
  if (keys.includes('ours') && keys.includes('hive')) header.push('ours ÷ Hive');
  console.log(`\nThe mix all at once (${values.layout === 'one' ? 'subgraphs in one process' : 'cluster'})\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  selected.forEach((s, i) => {
    const row = [s.short, String(split[i])];
    for (const k of keys) {
      const rs = of(k).map((m) => m.perScenario[i]!);
      row.push(rs.map((r) => f0(r.rps)).join(', '), rs.map((r) => `${f0(r.p50)}/${f0(r.p99)}`).join(', '));
    }
    if (keys.includes('ours') && keys.includes('hive')) {
      const rate = (k: string) => mean(of(k).map((m) => m.perScenario[i]!.rps));
      row.push((rate('ours') / rate('hive')).toFixed(2));
    }
    console.log(`| ${row.join(' | ')} |`);
  });
  for (const k of keys) {
    console.log(
      `${label(k)}: cores busy, subgraphs ${of(k)
        .map((m) => m.subgraphCores.toFixed(2))
        .join(', ')}; gateway ${of(k)
        .map((m) => m.gatewayCores.toFixed(2))
        .join(', ')}`,
    );
  }
}

/**
 * Every scenario sent to every gateway for --warmup seconds before anything is measured: the subgraphs' caches, the
 * database's buffers and the JIT are warm whichever gateway is measured first.
 */
async function warmAll(list: Scenario[], connections: number, which: GatewayUnderTest[]): Promise<void> {
  for (const s of list) {
    for (const g of which) {
      await traffic(g, s, connections, { seconds: warmup }, 98);
      await quiesce(g);
    }
  }
}

/** Each scenario against each gateway, `rounds` times, alternating which goes first. */
async function runScenarios(list: Scenario[], connectionsList: number[], which: GatewayUnderTest[]) {
  const results: Array<{ scenario: Scenario; connections: number; measured: Measured[] }> = [];
  const selected = list.filter((x) => !values.only || x.name.includes(values.only));
  await warmAll(selected, connectionsList[0]!, which);
  for (const s of selected) {
    const check = await compare(s);
    for (const connections of connectionsList) {
      console.log(`\n${s.name} — ${connections} connections, ${duration} s each`);
      console.log(
        `  answers compared on ${check.compared} requests: ${check.mismatches} mismatches, ${check.errors} errors`,
      );
      const measured: Measured[] = [];
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? which : [...which].reverse();
        for (const g of order) {
          const m = await measure(g, s, connections);
          printMeasured(m);
          measured.push(m);
        }
      }
      results.push({ scenario: s, connections, measured });
    }
  }
  return results;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function summary(
  title: string,
  results: Awaited<ReturnType<typeof runScenarios>>,
  columns: Array<GatewayUnderTest['key']>,
) {
  const present = columns.filter((k) => gateways.some((g) => g.key === k));
  const of = (ms: Measured[], key: string) => ms.filter((m) => m.gateway.key === key);
  const label = (k: string) => gateways.find((g) => g.key === k)!.label;
  const header = ['scenario', 'conns'];
  for (const k of present) header.push(`${label(k)} req/s`, `p50/p99 ms`, `subgraph req/op`, `subgraph CPU ms/op`);
  if (present.includes('ours') && present.includes('hive')) header.push('ours ÷ Hive');
  console.log(`\n${title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const r of results) {
    const row = [r.scenario.short, String(r.connections)];
    for (const k of present) {
      const ms = of(r.measured, k);
      row.push(
        ms.map((m) => f0(m.rps)).join(', '),
        ms.map((m) => `${f0(m.p50)}/${f0(m.p99)}`).join(', '),
        ms[0]!.subgraphRequests === null ? '–' : mean(ms.map((m) => m.subgraphRequests!)).toFixed(2),
        mean(ms.map((m) => m.subgraphCpu)).toFixed(1),
      );
    }
    if (present.includes('ours') && present.includes('hive')) {
      row.push(
        (mean(of(r.measured, 'ours').map((m) => m.rps)) / mean(of(r.measured, 'hive').map((m) => m.rps))).toFixed(2),
      );
    }
    console.log(`| ${row.join(' | ')} |`);
  }
}

try {
  const mixGateways = gateways.filter((g) => g.key !== 'uncached');
  if (values.scenarios !== 'fixed') {
    if (values.together !== 'only') {
      const results = await runScenarios(MIX, [mixConnections], mixGateways);
      summary(`The mix (${values.layout === 'one' ? 'subgraphs in one process' : 'cluster'})`, results, [
        'ours',
        'hive',
      ]);
    }
    if (values.together !== 'off') await runTogether(MIX, mixConnections, mixGateways);
  }
  if (values.scenarios !== 'mix') {
    const results = await runScenarios(FIXED, [16, 32], gateways);
    summary(`The fixed operations (${values.layout === 'one' ? 'subgraphs in one process' : 'cluster'})`, results, [
      'uncached',
      'ours',
      'hive',
    ]);
  }
  gateways.forEach(watchSockets);
  console.log(
    `\npeak memory (resident): ${[
      ...Object.entries(subgraphPids).map(([k, pid]) => `${k} ${peakMiB(pid).toFixed(0)} MiB`),
      ...gateways.map((g) => `${g.label} ${peakMiB(g.pid).toFixed(0)} MiB`),
    ].join(', ')}`,
  );
  for (const g of gateways) {
    const seen = outbound.get(g.key)!;
    console.log(
      `${g.label}: ${seen.size} connections to addresses other than loopback${seen.size ? `: ${[...seen].join(', ')}` : ''}`,
    );
  }
  console.log(`load average at the end: ${load()}`);
} finally {
  clearInterval(watcher);
  for (const child of [...children].reverse()) {
    if (!Object.values(subgraphPids).includes(child.pid!)) await stopChild(child);
  }
  await stopSubgraphs();
  rmSync(workDir, { recursive: true, force: true });
}
