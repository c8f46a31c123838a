/**
 * Scheduled checks (marking overdue steps, expiring what passed its date, reminders before deadlines). A job is a
 * function of the database and `now`, so tests call it with any instant and never sleep; in a running subgraph the
 * worker (pg-boss) starts it on its cron schedule in China Standard Time, once across every process of the subgraph.
 * Each run is recorded in the subgraph's `job_runs` ledger by job and time slot in the same transaction as its work,
 * so a run repeated in the same slot changes nothing.
 */
import type { Database } from '@qq/db/client';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './workflow.ts';

export interface JobContext {
  /** The run's transaction: the job's changes, its outbox messages and its ledger row commit together. */
  db: Tx;
  /** The instant the run counts from (a test passes any). */
  now: Date;
  /** What the job's `prepare` returned (undefined without one). */
  prepared?: unknown;
}

export interface ScheduledJob {
  /** `<subgraph>.<what>`, e.g. `complaints.escalate`. */
  name: string;
  /** What it does, for the README and logs. */
  description: string;
  /** Five-field cron in China Standard Time (`*\/5 * * * *`: every five minutes). */
  cron: string;
  /**
   * The time slot a run belongs to; runs of the same slot happen once. Defaults to the minute of `now` (CST), so
   * two processes woken by the same cron tick run it once.
   */
  slot?: (now: Date) => string;
  /**
   * Work done before the run's transaction opens, such as reading other departments' data through the gateway (a
   * query that the embedded database would hold behind an open transaction). Its result reaches `run` as
   * `prepared`. Skipped when the slot has already run.
   */
  prepare?: (ctx: { now: Date }) => Promise<unknown>;
  run(ctx: JobContext): Promise<Record<string, unknown> | void>;
}

export function defineJob(job: ScheduledJob): ScheduledJob {
  if (!/^[a-z]+\.[a-zA-Z0-9.-]+$/.test(job.name)) throw new Error(`job name ${job.name}: use <subgraph>.<what>`);
  return job;
}

const CST_OFFSET_MS = 8 * 3600_000;

/** The minute of an instant in China Standard Time, `2026-11-30T21:05`. */
export function minuteSlot(now: Date): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 16);
}

/** The China calendar day of an instant, `2026-11-30`: for jobs that run once a day. */
export function daySlot(now: Date): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export interface JobOutcome {
  job: string;
  slot: string;
  /** False when the slot had already run (nothing was done). */
  ran: boolean;
  result: Record<string, unknown> | null;
}

/**
 * Runs a job for `now` once per slot: the ledger row and the job's work are one transaction, so a crash leaves
 * neither and a repeat finds the row and does nothing.
 */
export async function runJobOnce(
  db: Database,
  jobRuns: PgTable,
  job: ScheduledJob,
  now: Date,
  options: { force?: boolean } = {},
): Promise<JobOutcome> {
  const slot = options.force ? `${(job.slot ?? minuteSlot)(now)}#${now.toISOString()}` : (job.slot ?? minuteSlot)(now);
  let prepared: unknown;
  if (job.prepare) {
    const done = await db.execute(sql`select 1 from ${jobRuns} where job = ${job.name} and slot = ${slot}`);
    if (rowsOf(done).length > 0) return { job: job.name, slot, ran: false, result: null };
    prepared = await job.prepare({ now });
  }
  return db.transaction(async (tx) => {
    const claimed = await tx.execute(
      sql`insert into ${jobRuns} (job, slot) values (${job.name}, ${slot}) on conflict do nothing returning job`,
    );
    if (rowsOf(claimed).length === 0) return { job: job.name, slot, ran: false, result: null };
    const result = (await job.run({ db: tx, now, prepared })) ?? {};
    await tx.execute(
      sql`update ${jobRuns} set result = ${JSON.stringify(result)}::jsonb where job = ${job.name} and slot = ${slot}`,
    );
    return { job: job.name, slot, ran: true, result };
  });
}

/** Rows of a raw `execute` result on either driver (PGlite returns `{ rows }`, postgres.js an array). */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
