/**
 * The clock of a matter in SQL, for the statements that must not load every matter to decide (the escalation job,
 * the staff inbox): the stage a matter is at now and its deadline. The stage is the first of the clock (dispatch,
 * sign, reply, resolve, report) not done yet; a closed matter, and one whose stages are all done (resolved and
 * reported, or reopened after that), has none. Mirrors `clockStages` of `domain.ts`.
 */
import { matters } from '@qq/db/schema/complaints';
import { sql, type SQL } from 'drizzle-orm';

/** The step (`MatterClockStep`) the matter is at now, or null. */
export const currentStage: SQL<string | null> = sql<string | null>`(case
  when ${matters.closedAt} is not null then null
  when ${matters.dispatchedAt} is null then 'DISPATCH'
  when ${matters.signedAt} is null then 'SIGN'
  when ${matters.repliedAt} is null then 'REPLY'
  when ${matters.resolvedAt} is null then 'RESOLVE'
  when ${matters.reportedAt} is null then 'REPORT'
end)`;

/** The deadline of that stage, or null. */
export const currentDueAt: SQL<Date | null> = sql<Date | null>`(case
  when ${matters.closedAt} is not null then null
  when ${matters.dispatchedAt} is null then ${matters.dispatchDueAt}
  when ${matters.signedAt} is null then ${matters.signDueAt}
  when ${matters.repliedAt} is null then ${matters.replyDueAt}
  when ${matters.resolvedAt} is null then ${matters.resolveDueAt}
  when ${matters.reportedAt} is null then ${matters.reportDueAt}
end)`;

/** An instant as a SQL timestamptz parameter. */
export const at = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;
