/**
 * `pnpm start`: the whole platform on this machine, with demo data on first start.
 *   PORT                gateway port (default 4000)
 *   SUBGRAPH_PORT_BASE  first of six consecutive subgraph ports (e.g. 4001); unset: free ports on 127.0.0.1, printed
 *                       at start, so a second platform on the same machine does not collide with this one
 *   DATA_DIR            embedded database folder (default .data/); DATABASE_URL uses PostgreSQL instead
 *   SEED                `false` to start without demo data
 */
import { demoEnterprises } from '@qq/db/seed';
import { signDevToken } from '@qq/kit';
import { generateEvaluationHistory } from './evaluation-history.ts';
import { startPlatform, subgraphPortsFromEnv } from './platform.ts';

// One machine, development tokens: the public development secret is meant for exactly this.
process.env.NODE_ENV ??= 'development';

let subgraphPorts: ReturnType<typeof subgraphPortsFromEnv>;
try {
  subgraphPorts = subgraphPortsFromEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const began = Date.now();
const platform = await startPlatform({
  seed: process.env.SEED !== 'false',
  host: process.env.HOST ?? '127.0.0.1',
  // Every subgraph's worker delivers its outbox (SMS, in-app messages) and runs its scheduled checks.
  workers: true,
  subgraphPorts,
}).catch((error: unknown) => {
  const e = error as { code?: string; port?: number };
  if (e?.code !== 'EADDRINUSE') throw error;
  console.error(`Port ${e.port ?? '?'} is in use: start with another PORT (gateway) or SUBGRAPH_PORT_BASE.`);
  process.exit(1);
});
// The demo's twelve months of evaluation reports, made through the graph like the monthly job's.
const history = platform.seed?.seeded
  ? await generateEvaluationHistory({ handle: platform.handle, url: platform.url })
  : [];
const base = platform.url.replace(/\/graphql$/, '');
const seconds = ((Date.now() - began) / 1000).toFixed(1);

const demo = [
  [
    'enterprise user (企业用户)',
    { sub: 'demo-enterprise', role: 'enterprise', enterprise: demoEnterprises(1)[0]!.creditCode },
  ],
  ['叶县 发改委 clerk (县级工作人员)', { sub: 'demo-clerk-yexian', role: 'staff', dept: 'ndrc', county: '410422' }],
  [
    'city 万人助万企办 staff (市级工作人员)',
    { sub: 'demo-staff-wrzwq', role: 'staff', dept: 'wrzwq', county: '410400', perms: ['policy:review'] },
  ],
  ['analyst (分析人员)', { sub: 'demo-analyst', role: 'analyst' }],
  ['leader (领导, read-only)', { sub: 'demo-leader', role: 'leader' }],
  ['大数据局 admin (管理员)', { sub: 'demo-admin', role: 'admin', county: '410400' }],
] as const;

console.log(`
亲清政商关系信息化平台 GraphQL is ready (${seconds} s${platform.seed?.seeded ? `, seeded ${platform.seed.enterprises} demo enterprises` : ''}).
  GraphQL endpoint  ${platform.url}
  GraphiQL          ${base}/graphiql
  Health            ${base}/health
  Subgraphs         ${Object.entries(platform.subgraphs)
    .map(([name, url]) => `${name} ${new URL(url).port}`)
    .join(', ')} (127.0.0.1)
  Database          ${platform.handle.kind === 'pglite' ? `embedded PGlite in ${process.env.DATA_DIR ?? '.data'}/` : 'PostgreSQL (DATABASE_URL)'}${
    history.length
      ? `\n  Evaluation        ${history.filter((h) => h.generated).length} monthly reports, ${history[0]!.month} to ${history.at(-1)!.month} (重点督查对象 of ${history.at(-1)!.month}: ${history.at(-1)!.supervised.join('、') || 'none'})`
      : ''
  }

Demo tokens (12 h; paste into GraphiQL's Headers as {"Authorization": "Bearer <token>"}):`);
for (const [label, claims] of demo)
  console.log(
    `  ${label}\n    ${await signDevToken({ ...claims, perms: 'perms' in claims ? [...claims.perms] : [] })}`,
  );
console.log('\nMore with `pnpm token --help`. Ctrl-C stops.');

const shutdown = async () => {
  await platform.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
