/**
 * A subgraph's worker: delivers its outbox and runs its scheduled checks on pg-boss, a maintained Postgres-backed job
 * queue, in a queue schema of its own (`<subgraph>_jobs`, owned by the subgraph's role).
 *
 * Delivery: the relay hands every pending outbox row to pg-boss as one job (its id derived from the row's id and
 * generation, so handing it over twice makes one job); the job sends the row to its channel's provider with the row's
 * idempotency key and marks it delivered. A failure is retried with backoff by pg-boss; after the last attempt the job
 * goes to the dead-letter queue and the row is marked `dead`, where an admin may retry it (a new generation, so a new
 * job). A crash between the provider's send and the mark redelivers, and the provider sends nothing for a key it has.
 *
 * Schedules: each job of the subgraph runs on its cron in China Standard Time; pg-boss makes one job per tick across
 * all processes, and the job ledger (`runJobOnce`) makes a repeated run of the same slot a no-op.
 */
import type { Database, DatabaseHandle, JobsConnection } from '@qq/db/client';
import { jobSchemaName, roleName } from '@qq/db/roles';
import type { SchemaName } from '@qq/db/migrate';
import type { outboxTable } from '@qq/db/schema/common';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { anyOf } from './sql.ts';
import type { PgTable } from 'drizzle-orm/pg-core';
import PgBoss from 'pg-boss';
import { v5 as uuidv5 } from 'uuid';
import { auditHeadsJob } from './audit.ts';
import { rowsOf, runJobOnce, type JobOutcome, type ScheduledJob } from './jobs.ts';
import type { MessagePayload } from './messaging.ts';
import {
  MessageCentreProvider,
  smsProviderFromEnv,
  type InboxProvider,
  type Providers,
  type SmsProvider,
} from './providers.ts';

type OutboxTable = ReturnType<typeof outboxTable>;

export interface DeliveryTables {
  outbox: OutboxTable;
  smsLog: PgTable;
  jobRuns: PgTable;
}

export interface WorkerOptions {
  /** The subgraph's name; its queue schema is `<subgraph>_jobs`. */
  subgraph: string;
  /** The subgraph's own connection (its role on PostgreSQL). */
  db: Database;
  /** pg-boss's connection (`handle.jobsConnection({ role })`). */
  jobsConnection: JobsConnection;
  tables: DeliveryTables;
  jobs?: readonly ScheduledJob[];
  providers?: Partial<Providers>;
  /** Attempts after the first before a message is dead (`OUTBOX_RETRY_LIMIT`, default 5). */
  retryLimit?: number;
  /** Seconds before the first retry, doubled each time (`OUTBOX_RETRY_DELAY`, default 10; 0: retry at once). */
  retryDelaySeconds?: number;
  /** How often the relay looks for new outbox rows (`OUTBOX_RELAY_MS`, default 500). */
  relayMs?: number;
  /**
   * Poll, deliver and run schedules in the background (the default). Tests turn it off and call `drain()` and
   * `runJob()`, so nothing runs unless asked and nothing sleeps.
   */
  background?: boolean;
}

const DELIVER = 'outbox-deliver';
/** Deliveries fetched at a time by the background worker. */
const DELIVER_BATCH = 50;
const DEAD = 'outbox-dead';
const TIME_ZONE = 'Asia/Shanghai';
/** A row handed to the queue this long ago and still pending is handed over again (same job id: no duplicate). */
const STALE_MS = 15 * 60_000;
const JOB_ID_NAMESPACE = '6f1d8a52-3c0e-4b7a-9d55-0b8f3a2f4e61';

interface DeliverData {
  id: number;
  generation: number;
}

export interface DrainResult {
  delivered: number;
  failed: number;
  dead: number;
}

export class SubgraphWorker {
  readonly subgraph: string;
  private readonly db: Database;
  private readonly outbox: OutboxTable;
  private readonly jobRuns: PgTable;
  private readonly sms: SmsProvider;
  private readonly inbox: InboxProvider;
  private readonly jobs: readonly ScheduledJob[];
  private readonly retryLimit: number;
  private readonly retryDelay: number;
  private readonly relayMs: number;
  private readonly background: boolean;
  private readonly boss: PgBoss;
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying: Promise<number> | null = null;
  private deliverWorkerId: string | null = null;
  private started = false;
  private readonly auditHeads: string;
  /** Messages this worker has delivered (for logs and the benchmark). */
  deliveredCount = 0;

  constructor(options: WorkerOptions) {
    this.subgraph = options.subgraph;
    this.db = options.db;
    this.outbox = options.tables.outbox;
    this.jobRuns = options.tables.jobRuns;
    this.sms = options.providers?.sms ?? smsProviderFromEnv(options.db, options.tables.smsLog);
    this.inbox = options.providers?.inbox ?? new MessageCentreProvider(options.db);
    // Every subgraph records the heads of its hash chains once a day.
    const audit = auditHeadsJob(options.subgraph);
    this.auditHeads = audit.name;
    this.jobs = [...(options.jobs ?? []).filter((j) => j.name !== audit.name), audit];
    this.retryLimit = options.retryLimit ?? Number(process.env.OUTBOX_RETRY_LIMIT ?? 5);
    this.retryDelay = options.retryDelaySeconds ?? Number(process.env.OUTBOX_RETRY_DELAY ?? 10);
    this.relayMs = options.relayMs ?? Number(process.env.OUTBOX_RELAY_MS ?? 500);
    this.background = options.background ?? true;
    this.boss = new PgBoss({
      db: options.jobsConnection,
      schema: jobSchemaName(options.subgraph as SchemaName),
      supervise: this.background,
      schedule: this.background,
      cronMonitorIntervalSeconds: 30,
    });
    this.boss.on('error', (error: Error) => console.error(`[${this.subgraph} worker] ${error.message}`));
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    await this.ensureQueue({ name: DEAD, retryLimit: 0 });
    await this.ensureQueue({
      name: DELIVER,
      retryLimit: this.retryLimit,
      retryDelay: this.retryDelay,
      retryBackoff: this.retryDelay > 0,
      deadLetter: DEAD,
      expireInSeconds: 120,
    });
    for (const job of this.jobs) await this.ensureQueue({ name: job.name, policy: 'stately', retryLimit: 2 });
    this.started = true;
    if (!this.background) return;
    this.deliverWorkerId = await this.boss.work<DeliverData>(
      DELIVER,
      { batchSize: DELIVER_BATCH, pollingIntervalSeconds: 1 },
      (jobs) => this.deliverBatch(jobs),
    );
    await this.boss.work<DeliverData>(DEAD, { pollingIntervalSeconds: 5 }, async (jobs) => {
      for (const job of jobs) await this.markDead(job.data);
    });
    for (const job of this.jobs) {
      await this.boss.schedule(job.name, job.cron, {}, { tz: TIME_ZONE });
      await this.boss.work<{ now?: string }>(job.name, { pollingIntervalSeconds: 5 }, async (runs) => {
        for (const run of runs) await this.runJob(job.name, run.data?.now ? new Date(run.data.now) : new Date());
      });
    }
    this.relayTimer = setInterval(() => {
      void this.relay().catch((error: Error) => console.error(`[${this.subgraph} relay] ${error.message}`));
    }, this.relayMs);
    this.relayTimer.unref();
    // The chains' heads of the day are recorded at start too (once a day still: the day's slot), so that a cut tail or
    // a rewritten chain is found on a database younger than its first 00:20.
    await this.runJob(this.auditHeads).catch((error: Error) =>
      console.error(`[${this.subgraph} worker] recording the audit heads at start failed: ${error.message}`),
    );
  }

  /**
   * Stops taking jobs, waits for the running ones (up to `timeoutMs`; what is still running then is failed back to
   * the queue and retried), and stops the relay. Nothing is lost: undelivered rows stay pending in the outbox.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.relayTimer) clearInterval(this.relayTimer);
    this.relayTimer = null;
    await this.relaying;
    const stopped = new Promise<void>((resolve) => this.boss.once('stopped', () => resolve()));
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
    await Promise.race([stopped, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  private async ensureQueue(queue: PgBoss.Queue): Promise<void> {
    const existing = await this.boss.getQueue(queue.name);
    if (existing) await this.boss.updateQueue(queue.name, queue);
    else await this.boss.createQueue(queue.name, queue);
  }

  /** The pg-boss job id of a row's delivery: the same row and generation always give the same id. */
  private jobId(row: DeliverData): string {
    return uuidv5(`${this.subgraph}:${row.id}:${row.generation}`, JOB_ID_NAMESPACE);
  }

  /** Hands pending rows to the queue; returns how many. One relay at a time per process. */
  relay(now: Date = new Date()): Promise<number> {
    this.relaying ??= this.relayOnce(now).finally(() => {
      this.relaying = null;
    });
    return this.relaying;
  }

  private async relayOnce(now: Date): Promise<number> {
    const o = this.outbox;
    const rows = await this.db
      .select({ id: o.id, generation: o.generation })
      .from(o)
      .where(
        and(eq(o.status, 'pending'), or(isNull(o.enqueuedAt), lt(o.enqueuedAt, new Date(now.getTime() - STALE_MS)))),
      )
      .orderBy(asc(o.id))
      .limit(500);
    if (rows.length === 0) return 0;
    // Into the queue first, then marked: a crash in between hands the rows over again with the same job ids.
    await this.boss.insert(rows.map((r) => ({ id: this.jobId(r), name: DELIVER, data: r })));
    await this.db
      .update(o)
      .set({ enqueuedAt: now })
      .where(
        inArray(
          o.id,
          rows.map((r) => r.id),
        ),
      );
    if (this.deliverWorkerId) this.boss.notifyWorker(this.deliverWorkerId);
    return rows.length;
  }

  private async deliverBatch(jobs: PgBoss.Job<DeliverData>[]): Promise<void> {
    const failed = await this.deliverMany(jobs);
    // Fails those jobs alone (pg-boss retries them); the others of the batch are completed by the worker.
    for (const [job, error] of failed) await this.boss.fail(DELIVER, job.id, { message: error.message });
    // A full batch means more are waiting: fetch again at once instead of waiting for the next poll.
    if (jobs.length === DELIVER_BATCH && this.deliverWorkerId) this.boss.notifyWorker(this.deliverWorkerId);
  }

  /**
   * Delivers the rows of a batch of jobs: one read, one provider call per message, one mark for every success.
   * Returns the jobs that failed, with their errors (their rows carry the attempt and the error).
   */
  async deliverMany<J extends { data: DeliverData }>(jobs: readonly J[]): Promise<Array<[J, Error]>> {
    const failed: Array<[J, Error]> = [];
    if (jobs.length === 0) return failed;
    const o = this.outbox;
    const rows = await this.db
      .select()
      .from(o)
      .where(
        inArray(
          o.id,
          jobs.map((j) => j.data.id),
        ),
      );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const sent: number[] = [];
    for (const job of jobs) {
      const row = byId.get(job.data.id);
      // Delivered already, dead, or a job of an older generation: nothing to do.
      if (!row || row.status !== 'pending' || row.generation !== job.data.generation) continue;
      try {
        await this.send(row);
        sent.push(row.id);
      } catch (error) {
        await this.db
          .update(o)
          .set({ attempts: sql`${o.attempts} + 1`, lastError: errorText(error) })
          .where(eq(o.id, row.id));
        failed.push([job, error as Error]);
      }
    }
    if (sent.length) {
      await this.db
        .update(o)
        .set({ status: 'delivered', deliveredAt: new Date(), attempts: sql`${o.attempts} + 1`, lastError: null })
        .where(and(inArray(o.id, sent), eq(o.status, 'pending')));
    }
    this.deliveredCount += sent.length;
    return failed;
  }

  /** Hands one row to its channel's provider with its idempotency key. */
  private async send(row: OutboxTable['$inferSelect']): Promise<void> {
    const payload = row.payload as unknown as MessagePayload;
    if (row.channel === 'sms') {
      if (!payload.phone) throw new Error('SMS without a phone number');
      await this.sms.send({
        idempotencyKey: row.idempotencyKey,
        phone: payload.phone,
        template: payload.template,
        params: payload.params ?? {},
        text: payload.text,
      });
    } else if (row.channel === 'inbox') {
      await this.inbox.deliver({
        idempotencyKey: row.idempotencyKey,
        source: this.subgraph,
        topic: row.topic,
        payload,
      });
    } else {
      throw new Error(`unknown channel ${row.channel}`);
    }
  }

  private async markDead(data: DeliverData): Promise<void> {
    const o = this.outbox;
    await this.db
      .update(o)
      .set({ status: 'dead', deadAt: new Date() })
      .where(and(eq(o.id, data.id), eq(o.status, 'pending'), eq(o.generation, data.generation)));
  }

  /**
   * Processes the queues until nothing is left to do (relay, deliveries, retries due now, dead letters): the
   * deterministic way for tests and tools, without the background pollers.
   */
  async drain(maxRounds = 10_000): Promise<DrainResult> {
    const result: DrainResult = { delivered: 0, failed: 0, dead: 0 };
    for (let round = 0; round < maxRounds; round++) {
      const relayed = await this.relay();
      const jobs = await this.boss.fetch<DeliverData>(DELIVER, { batchSize: 100 });
      const before = this.deliveredCount;
      const failed = await this.deliverMany(jobs);
      result.delivered += this.deliveredCount - before;
      result.failed += failed.length;
      for (const [job, error] of failed) await this.boss.fail(DELIVER, job.id, { message: error.message });
      const failedIds = new Set(failed.map(([job]) => job.id));
      const done = jobs.filter((j) => !failedIds.has(j.id)).map((j) => j.id);
      if (done.length) await this.boss.complete(DELIVER, done);
      const dead = await this.boss.fetch<DeliverData>(DEAD, { batchSize: 100 });
      for (const job of dead) await this.markDead(job.data);
      if (dead.length) {
        result.dead += dead.length;
        await this.boss.complete(
          DEAD,
          dead.map((j) => j.id),
        );
      }
      if (relayed === 0 && jobs.length === 0 && dead.length === 0) return result;
    }
    return result;
  }

  /** Runs a scheduled job for `now`, once per slot (tests, tools and the cron handler). */
  async runJob(name: string, now: Date = new Date(), options: { force?: boolean } = {}): Promise<JobOutcome> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`${this.subgraph} has no job ${name}`);
    return runJobOnce(this.db, this.jobRuns, job, now, options);
  }

  /**
   * Asks for a run of a scheduled job now, through the queue, as its cron does: every process may ask, one runs it.
   * Returns the job id, or null when a run is already queued.
   */
  async triggerJob(name: string, now: Date = new Date()): Promise<string | null> {
    if (!this.jobs.some((j) => j.name === name)) throw new Error(`${this.subgraph} has no job ${name}`);
    return this.boss.send(name, { now: now.toISOString() });
  }

  /** Runs the queued runs of a scheduled job (tests: what the background worker would do). */
  async processJobQueue(name: string): Promise<JobOutcome[]> {
    const runs = await this.boss.fetch<{ now?: string }>(name, { batchSize: 10 });
    const outcomes: JobOutcome[] = [];
    for (const run of runs) {
      outcomes.push(await this.runJob(name, run.data?.now ? new Date(run.data.now) : new Date()));
      await this.boss.complete(name, run.id);
    }
    return outcomes;
  }
}

/** What a failed attempt records: the driver's own message rather than drizzle's wrapper with the whole statement. */
function errorText(error: unknown): string {
  const e = error as Error & { cause?: Error };
  return String(e.cause?.message ?? e.message).slice(0, 500);
}

/** Puts dead rows back to pending with a new generation (a new job); returns the ids retried. */
export async function retryDeadMessages(
  db: Database,
  outbox: OutboxTable,
  ids: readonly number[],
  scope: (o: OutboxTable) => ReturnType<typeof and> | undefined,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', enqueuedAt: null, deadAt: null, generation: sql`${outbox.generation} + 1` })
    .where(and(anyOf(outbox.id, ids), eq(outbox.status, 'dead'), scope(outbox)))
    .returning({ id: outbox.id });
  return rows.map((r) => r.id);
}

/**
 * Installs a subgraph's job queue schema on PostgreSQL as the subgraph's role (which owns `<subgraph>_jobs`, made by
 * `ensureRoles`), so its worker needs no right on the database itself. Idempotent. On PGlite pg-boss installs itself
 * at start.
 */
export async function installJobQueue(handle: DatabaseHandle, schema: SchemaName): Promise<void> {
  if (handle.kind !== 'postgres') return;
  const name = jobSchemaName(schema);
  const check = handle.connect({ max: 1 });
  const [state] = rowsOf<{ installed: boolean }>(
    await check.execute(sql.raw(`select to_regclass('${name}.version') is not null as installed`)),
  );
  if (state?.installed) return;
  const plans = PgBoss.getConstructionPlans(name)
    // The schema exists already (owned by the role); creating it would need a right on the database.
    .replace(/CREATE SCHEMA IF NOT EXISTS \S+/i, 'SELECT 1')
    .replace(/BEGIN;/, `BEGIN;\nSET LOCAL ROLE ${roleName(schema)};`);
  try {
    await handle.exec(plans);
  } catch (error) {
    // Another process installed it at the same time: fine when it is there now.
    const [again] = rowsOf<{ installed: boolean }>(
      await check.execute(sql.raw(`select to_regclass('${name}.version') is not null as installed`)),
    );
    if (!again?.installed) throw error;
  }
}

/**
 * Starts the worker of a subgraph on a database, as its role: installs its queue schema where needed, then delivers
 * its outbox and runs its jobs in the background. Null when the subgraph has no outbox.
 */
export async function startWorker(
  handle: DatabaseHandle,
  definition: { name: string; delivery?: DeliveryTables; jobs?: readonly ScheduledJob[] },
  options: Partial<WorkerOptions> & { role?: string } = {},
): Promise<SubgraphWorker | null> {
  if (!definition.delivery) return null;
  const schema = definition.name as SchemaName;
  const role = options.role ?? (handle.kind === 'postgres' ? roleName(schema) : undefined);
  await installJobQueue(handle, schema);
  const worker = new SubgraphWorker({
    subgraph: definition.name,
    db: handle.connect({ max: 3, role }),
    jobsConnection: handle.jobsConnection({ role }),
    tables: definition.delivery,
    jobs: definition.jobs,
    ...options,
  });
  await worker.start();
  return worker;
}
