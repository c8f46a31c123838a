/**
 * `pnpm bench:delivery`: how fast a subgraph's worker delivers its outbox. Writes N messages (half SMS to the
 * recording provider, half in-app to the message centre) into a fresh database's `complaints` outbox, then times the
 * worker as it runs in production (relay, pg-boss polling, batches of 20) until every row is delivered, and checks
 * that none was lost or sent twice.
 *
 *   --messages N   messages to deliver (default 10000)
 *   --workers N    worker processes' worth of workers on the same outbox (default 1)
 *
 * On PostgreSQL when DATABASE_URL is set (a throwaway database is made on that server and dropped), else on an
 * in-memory PGlite. Figures, not assertions.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openDatabase, openPglite, type DatabaseHandle } from '@qq/db/client';
import { migrate } from '@qq/db/migrate';
import { ensureRoles, roleName } from '@qq/db/roles';
import * as complaints from '@qq/db/schema/complaints';
import { messages as centre } from '@qq/db/schema/platform';
import { enqueueMessages, type OutboundMessage } from '@qq/kit';
import { startWorker, type SubgraphWorker } from '@qq/kit/worker';
import { count, eq } from 'drizzle-orm';
import postgres from 'postgres';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '10000' }, workers: { type: 'string', default: '1' } },
});
const total = Number(values.messages);
const workerCount = Number(values.workers);

let handle: DatabaseHandle;
let dropDatabase = async () => {};
if (process.env.DATABASE_URL) {
  const name = `qq_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  handle = await openDatabase({ url: url.toString() });
  dropDatabase = async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
} else {
  handle = await openPglite('memory://');
}
await migrate(handle);
await ensureRoles(handle);
const owner = handle.connect();

const rows: OutboundMessage[] = Array.from({ length: total }, (_, i) => ({
  topic: 'bench.notice',
  idempotencyKey: `bench:${i}`,
  countyCode: '410422',
  ...(i % 2 === 0
    ? { channel: 'sms' as const, phone: `138${String(i).padStart(8, '0')}` }
    : { channel: 'inbox' as const, to: { enterprise: `E${i % 300}` } }),
  template: 'bench.notice',
  params: { n: i },
  title: '通知',
  text: `【鹰城亲清在线】第${i}号通知`,
}));
for (let i = 0; i < rows.length; i += 1000) await enqueueMessages(owner, complaints.outbox, rows.slice(i, i + 1000));

const definition = {
  name: 'complaints',
  delivery: { outbox: complaints.outbox, smsLog: complaints.smsLog, jobRuns: complaints.jobRuns },
};
const memoryBefore = process.memoryUsage().rss;
const began = performance.now();
const workers: SubgraphWorker[] = [];
for (let i = 0; i < workerCount; i++) {
  const worker = await startWorker(handle, definition, {
    role: handle.kind === 'postgres' ? roleName('complaints') : undefined,
    relayMs: 200,
  });
  if (worker) workers.push(worker);
}
let peakRss = memoryBefore;
const deadline = Date.now() + 10 * 60_000;
for (;;) {
  const [left] = await owner
    .select({ n: count() })
    .from(complaints.outbox)
    .where(eq(complaints.outbox.status, 'pending'));
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (!left?.n || Date.now() > deadline) break;
  await new Promise((r) => setTimeout(r, 100));
}
const seconds = (performance.now() - began) / 1000;
for (const w of workers) await w.stop();

const [delivered] = await owner
  .select({ n: count() })
  .from(complaints.outbox)
  .where(eq(complaints.outbox.status, 'delivered'));
const [sms] = await owner.select({ n: count() }).from(complaints.smsLog);
const [inApp] = await owner.select({ n: count() }).from(centre);
console.log(`Outbox delivery on ${handle.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${workerCount} worker(s)`);
console.log(`  messages          ${total}`);
console.log(`  delivered         ${delivered?.n ?? 0} (SMS recorded ${sms?.n ?? 0}, in-app ${inApp?.n ?? 0})`);
console.log(
  `  lost / twice      ${total - (delivered?.n ?? 0)} / ${(sms?.n ?? 0) + (inApp?.n ?? 0) - (delivered?.n ?? 0)}`,
);
console.log(`  time              ${seconds.toFixed(2)} s`);
console.log(`  messages/s        ${Math.round((delivered?.n ?? 0) / seconds)}`);
console.log(`  peak RSS          ${Math.round(peakRss / 1024 / 1024)} MiB`);
await handle.close();
await dropDatabase();
