/**
 * Outbox delivery on pg-boss: every row delivered once to its channel across two subgraphs, a crash between the
 * provider's send and the mark sends nothing twice, a failing provider ends in the dead letters and an admin's retry
 * delivers, and a scheduled job asked for by two workers runs once. On PGlite and on PostgreSQL (each subgraph as its
 * own role).
 */
import * as complaints from '@qq/db/schema/complaints';
import { messages as centre } from '@qq/db/schema/platform';
import * as policies from '@qq/db/schema/policies';
import type { SchemaName } from '@qq/db/migrate';
import { defineJob, enqueueMessages, type OutboundMessage } from '@qq/kit';
import { createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import {
  installJobQueue,
  retryDeadMessages,
  SubgraphWorker,
  type DeliveryTables,
  type WorkerOptions,
} from '@qq/kit/worker';
import { MessageCentreProvider, RecordingSmsProvider, type SmsMessage, type SmsProvider } from '@qq/kit/providers';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: TestDatabase;
const workers: SubgraphWorker[] = [];
const tablesOf = (m: typeof complaints | typeof policies): DeliveryTables => ({
  outbox: m.outbox,
  smsLog: m.smsLog,
  jobRuns: m.jobRuns,
});

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await db?.close();
});

/** A worker of `schema` acting as its role, with no background pollers. */
async function workerOf(
  schema: SchemaName,
  tables: DeliveryTables,
  options: Partial<WorkerOptions> = {},
): Promise<{ worker: SubgraphWorker; conn: Awaited<ReturnType<TestDatabase['connectAs']>> }> {
  const conn = await db.connectAs(schema, { max: 3 });
  await installJobQueue(db, schema);
  const worker = new SubgraphWorker({
    subgraph: schema,
    db: conn,
    jobsConnection: db.jobsConnection({ role: db.kind === 'postgres' ? `qq_${schema}` : undefined }),
    tables,
    background: false,
    retryDelaySeconds: 0,
    ...options,
  });
  await worker.start();
  workers.push(worker);
  return { worker, conn };
}

function message(i: number, prefix: string, channel: 'sms' | 'inbox'): OutboundMessage {
  return {
    topic: 'test.notice',
    idempotencyKey: `${prefix}:${channel}:${i}`,
    countyCode: '410422',
    channel,
    ...(channel === 'sms' ? { phone: `1380000${String(i).padStart(4, '0')}` } : { to: { enterprise: `E${i}` } }),
    template: 'test.notice',
    params: { n: i },
    title: '通知',
    text: `【鹰城亲清在线】第${i}号通知`,
  };
}

/** Counts calls per key, then does what `inner` does (optionally failing as told). */
function countingSms(inner: SmsProvider, fail?: (m: SmsMessage, call: number) => 'before' | 'after' | null) {
  const calls = new Map<string, number>();
  const provider: SmsProvider = {
    name: 'counting',
    async send(m) {
      const call = (calls.get(m.idempotencyKey) ?? 0) + 1;
      calls.set(m.idempotencyKey, call);
      const mode = fail?.(m, call) ?? null;
      if (mode === 'before') throw new Error('SMS gateway unavailable');
      await inner.send(m);
      // The process "dies" after the gateway accepted the message and before the row is marked.
      if (mode === 'after') throw new Error('crashed after send');
    },
  };
  return { provider, calls };
}

describe('outbox delivery', () => {
  it('delivers 1,000 rows of two subgraphs once each: none lost, none sent twice', async () => {
    const c = await workerOf('complaints', tablesOf(complaints));
    const p = await workerOf('policies', tablesOf(policies));
    const rows = (prefix: string) =>
      Array.from({ length: 500 }, (_, i) => message(i, prefix, i % 2 === 0 ? 'sms' : 'inbox'));
    await enqueueMessages(c.conn, complaints.outbox, rows('c'));
    await enqueueMessages(p.conn, policies.outbox, rows('p'));
    const [rc, rp] = await Promise.all([c.worker.drain(), p.worker.drain()]);
    expect(rc).toMatchObject({ delivered: 500, failed: 0, dead: 0 });
    expect(rp).toMatchObject({ delivered: 500, failed: 0, dead: 0 });

    const owner = db.connect();
    for (const [table, prefix] of [
      [complaints, 'c'],
      [policies, 'p'],
    ] as const) {
      const states = await owner
        .select({ status: table.outbox.status, n: count() })
        .from(table.outbox)
        .where(sql`${table.outbox.idempotencyKey} like ${prefix + ':%'}`)
        .groupBy(table.outbox.status);
      expect(states).toEqual([{ status: 'delivered', n: 500 }]);
      const [sent] = await owner.select({ n: count() }).from(table.smsLog);
      expect(sent?.n).toBe(250);
    }
    const inApp = await owner.select({ key: centre.idempotencyKey, source: centre.source }).from(centre);
    expect(inApp).toHaveLength(500);
    expect(new Set(inApp.map((m) => m.key)).size).toBe(500);
    expect(inApp.filter((m) => m.source === 'complaints')).toHaveLength(250);
    // Every row was delivered in one attempt.
    const [attempts] = await owner
      .select({ max: sql<number>`max(${complaints.outbox.attempts})::int` })
      .from(complaints.outbox);
    expect(attempts?.max).toBe(1);

    // Draining again finds nothing to do.
    expect(await c.worker.drain()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    // A thousand deliveries take a few seconds on their own, far more on a machine busy with other work.
  }, 180_000);

  it('sends nothing twice when the process dies between the send and the mark', async () => {
    const conn = await db.connectAs('complaints');
    const { provider, calls } = countingSms(new RecordingSmsProvider(conn, complaints.smsLog), (_m, call) =>
      call === 1 ? 'after' : null,
    );
    const { worker } = await workerOf('complaints', tablesOf(complaints), {
      providers: { sms: provider, inbox: new MessageCentreProvider(conn) },
    });
    await enqueueMessages(conn, complaints.outbox, [message(1, 'crash', 'sms')]);
    const result = await worker.drain();
    expect(result).toMatchObject({ delivered: 1, failed: 1, dead: 0 });
    expect(calls.get('crash:sms:1')).toBe(2);
    const owner = db.connect();
    const sent = await owner
      .select()
      .from(complaints.smsLog)
      .where(eq(complaints.smsLog.idempotencyKey, 'crash:sms:1'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ phone: '13800000001', template: 'test.notice', provider: 'recording' });
    const [row] = await owner
      .select()
      .from(complaints.outbox)
      .where(eq(complaints.outbox.idempotencyKey, 'crash:sms:1'));
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
  });

  it('moves a message that keeps failing to the dead letters, and an admin retry delivers it', async () => {
    const conn = await db.connectAs('policies');
    let gatewayUp = false;
    const { provider, calls } = countingSms(new RecordingSmsProvider(conn, policies.smsLog), () =>
      gatewayUp ? null : 'before',
    );
    const { worker } = await workerOf('policies', tablesOf(policies), {
      retryLimit: 2,
      providers: { sms: provider, inbox: new MessageCentreProvider(conn) },
    });
    await enqueueMessages(conn, policies.outbox, [message(7, 'dead', 'sms')]);
    const result = await worker.drain();
    expect(result).toMatchObject({ delivered: 0, failed: 3, dead: 1 });
    const owner = db.connect();
    const [row] = await owner.select().from(policies.outbox).where(eq(policies.outbox.idempotencyKey, 'dead:sms:7'));
    expect(row).toMatchObject({ status: 'dead', attempts: 3, lastError: 'SMS gateway unavailable', generation: 0 });
    expect(row?.deadAt).toBeInstanceOf(Date);

    gatewayUp = true;
    expect(await retryDeadMessages(conn, policies.outbox, [row!.id], () => undefined)).toEqual([row!.id]);
    expect(await worker.drain()).toMatchObject({ delivered: 1, failed: 0, dead: 0 });
    const [after] = await owner.select().from(policies.outbox).where(eq(policies.outbox.id, row!.id));
    expect(after).toMatchObject({ status: 'delivered', generation: 1, attempts: 4 });
    expect(calls.get('dead:sms:7')).toBe(4);
    // A row that is not dead is not retried.
    expect(await retryDeadMessages(conn, policies.outbox, [row!.id], () => undefined)).toEqual([]);
  });
});

describe('scheduled jobs', () => {
  it('runs a job once when two workers are asked for the same tick', async () => {
    let runs = 0;
    const job = defineJob({
      name: 'complaints.example',
      description: 'counts its runs',
      cron: '*/5 * * * *',
      run: async ({ now }) => {
        runs++;
        return { at: now.toISOString() };
      },
    });
    const a = await workerOf('complaints', tablesOf(complaints), { jobs: [job] });
    const b = await workerOf('complaints', tablesOf(complaints), { jobs: [job] });
    const now = new Date('2026-11-30T02:05:00Z');
    await Promise.all([a.worker.triggerJob(job.name, now), b.worker.triggerJob(job.name, now)]);
    const outcomes = [...(await a.worker.processJobQueue(job.name)), ...(await b.worker.processJobQueue(job.name))];
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o.ran)).toEqual([
      { job: job.name, slot: '2026-11-30T10:05', ran: true, result: { at: now.toISOString() } },
    ]);
    // Run again for the same tick, directly: the ledger says it ran.
    expect(await b.worker.runJob(job.name, now)).toMatchObject({ ran: false });
    // The next tick runs.
    expect(await a.worker.runJob(job.name, new Date('2026-11-30T02:10:00Z'))).toMatchObject({ ran: true });
    expect(runs).toBe(2);
    const rows = await db.connect().select().from(complaints.jobRuns);
    expect(rows.map((r) => r.slot).sort()).toEqual(['2026-11-30T10:05', '2026-11-30T10:10']);
  });

  it('rolls back a run that fails, so the slot runs again', async () => {
    let attempt = 0;
    const job = defineJob({
      name: 'policies.flaky',
      description: 'fails the first time',
      cron: '0 * * * *',
      run: async () => {
        attempt++;
        if (attempt === 1) throw new Error('database hiccup');
        return { attempt };
      },
    });
    const { worker } = await workerOf('policies', tablesOf(policies), { jobs: [job] });
    const now = new Date('2026-11-30T03:00:00Z');
    await expect(worker.runJob(job.name, now)).rejects.toThrow('database hiccup');
    expect(await worker.runJob(job.name, now)).toMatchObject({ ran: true, result: { attempt: 2 } });
  });
});
