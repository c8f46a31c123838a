/**
 * The statements of the clock's scheduled jobs (`jobs.ts`), inside the job run's transaction: the missed stages due
 * for their next escalation level, the escalation rows (unique per matter, stage and level), and the quiet-period
 * close. Not scoped to a caller: jobs act for the subgraph itself.
 */
import { matterEscalations, matterEvents, matters, outbox } from '@qq/db/schema/complaints';
import { enqueueMessages, type OutboundMessage, type Tx, anyOf } from '@qq/kit';
import { and, eq, isNull, lte, max, or, sql } from 'drizzle-orm';
import { OPEN_STATUSES } from '../domain.ts';
import { at, currentDueAt, currentStage } from './clock.sql.ts';
import type { MatterRow, NewMatterEvent } from './matters.store.ts';

export type EscalationRow = typeof matterEscalations.$inferSelect;

/** A missed stage whose next level is due. */
export interface LadderCandidate {
  matter: MatterRow;
  stage: string;
  dueAt: Date;
  /** The level reached so far (0: none). */
  level: number;
}

export class ClockJobStore {
  constructor(private readonly tx: Tx) {}

  /**
   * findLadderCandidates: open matters whose current stage is past due at `now`, with no escalation of that stage
   * yet, or whose last level was taken on or before the cut-off of the next one (`nextAfter[level]`: the latest
   * instant of the previous level that makes the gap of working days).
   */
  async ladderCandidates(now: Date, nextAfter: { 1: Date; 2: Date }): Promise<LadderCandidate[]> {
    const last = this.tx
      .select({
        matterId: matterEscalations.matterId,
        stage: matterEscalations.stage,
        level: max(matterEscalations.level).as('level'),
        at: max(matterEscalations.at).as('last_at'),
      })
      .from(matterEscalations)
      .groupBy(matterEscalations.matterId, matterEscalations.stage)
      .as('last');
    const rows = await this.tx
      .select({ matter: matters, stage: currentStage, dueAt: currentDueAt, level: last.level })
      .from(matters)
      .leftJoin(last, and(eq(last.matterId, matters.id), sql`${last.stage} = ${currentStage}`))
      .where(
        and(
          isNull(matters.closedAt),
          anyOf(matters.status, OPEN_STATUSES),
          sql`${currentDueAt} < ${at(now)}`,
          or(
            isNull(last.level),
            sql`(${last.level} = 1 and ${last.at} <= ${at(nextAfter[1])})`,
            sql`(${last.level} = 2 and ${last.at} <= ${at(nextAfter[2])})`,
          ),
        ),
      )
      .orderBy(matters.submittedAt, matters.id);
    return rows.map((r) => ({
      matter: r.matter,
      stage: r.stage!,
      dueAt: new Date(r.dueAt as unknown as string),
      level: Number(r.level ?? 0),
    }));
  }

  /** insertEscalation: the row of one level, or null when that level of that stage was taken already. */
  async insertEscalation(values: typeof matterEscalations.$inferInsert): Promise<EscalationRow | null> {
    const [row] = await this.tx.insert(matterEscalations).values(values).onConflictDoNothing().returning();
    return row ?? null;
  }

  /** closeQuietMatters: resolved matters last resolved on or before `resolvedBy` become CLOSED at `now`. */
  async closeQuiet(resolvedBy: Date, now: Date): Promise<MatterRow[]> {
    return this.tx
      .update(matters)
      .set({ status: 'CLOSED', closedAt: now, updatedAt: now })
      .where(and(eq(matters.status, 'RESOLVED'), isNull(matters.closedAt), lte(matters.lastResolvedAt, resolvedBy)))
      .returning();
  }

  /** insertMatterEvent: the event's id (part of its messages' idempotency keys). */
  async insertEvent(values: NewMatterEvent): Promise<number> {
    const [row] = await this.tx.insert(matterEvents).values(values).returning({ id: matterEvents.id });
    if (!row) throw new Error('insertMatterEvent: no row returned');
    return row.id;
  }

  async enqueue(messages: OutboundMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 500) await enqueueMessages(this.tx, outbox, messages.slice(i, i + 500));
  }
}
