/**
 * What the complaints subgraph's scheduled jobs (`subgraphs/complaints/src/jobs.ts`) would have done to the demo
 * matters by the demo's anchor, replayed on the same working-day calendar so that the demo is as a running platform
 * leaves it:
 * - the escalation ladder, at 09:00 China time on working days: a stage is current from the end of the previous one;
 *   once past its deadline it gets a reminder (催办) on the first run, an assignment notice (交办单) 2 working days
 *   later, a supervision letter (督办函) 3 working days after that, until the stage is done;
 * - the quiet-period close, at 00:30 daily: a resolved matter with no answer 10 working days after its last
 *   resolution is closed.
 * Gaps and quiet period are the subgraph's defaults (MATTER_ESCALATION_GAPS `2,3`, MATTER_QUIET_DAYS 10).
 */
import { chinaDay, workdayCalendar } from '../calendar.ts';
import type { matterEscalations, matterEvents, matters } from '../schema/complaints.ts';

type MatterRow = typeof matters.$inferInsert;
type EventRow = typeof matterEvents.$inferInsert;
type EscalationRow = typeof matterEscalations.$inferInsert;

const GAPS = [2, 3] as const;
const QUIET_DAYS = 10;
const LABEL = { 1: '催办', 2: '交办单', 3: '督办函' } as const;
const STAGE_LABEL = { DISPATCH: '分派', SIGN: '签收', REPLY: '答复', RESOLVE: '办结', REPORT: '反馈' } as const;

/** An instant at a China time of day. */
const at = (day: string, time: string) => new Date(`${day}T${time}+08:00`);

/** The first run of a 09:00 job strictly after `from`. */
function firstRunAfter(from: Date): Date {
  const calendar = workdayCalendar();
  const day = chinaDay(from);
  if (calendar.isWorkingDay(day) && at(day, '09:00:00') > from) return at(day, '09:00:00');
  return at(calendar.addWorkingDays(day, 1), '09:00:00');
}

/** The status of a matter at an instant, from its events (oldest first). */
function statusAt(events: readonly EventRow[], when: Date): string {
  let status = 'SUBMITTED';
  for (const e of events) if ((e.at as Date) <= when) status = e.toStatus;
  return status;
}

/**
 * Adds the escalations and their `ESCALATE` events of one matter, and closes it (`CLOSE`) when its quiet period ended
 * by `anchor`. `events` are the matter's events, oldest first; the new ones are appended in order.
 */
export function replayClockJobs(row: MatterRow, events: EventRow[], anchor: Date): EscalationRow[] {
  const calendar = workdayCalendar();
  const escalations: EscalationRow[] = [];
  const stages = [
    { step: 'DISPATCH', due: row.dispatchDueAt, done: row.dispatchedAt },
    { step: 'SIGN', due: row.signDueAt, done: row.signedAt },
    { step: 'REPLY', due: row.replyDueAt, done: row.repliedAt },
    { step: 'RESOLVE', due: row.resolveDueAt, done: row.resolvedAt },
    { step: 'REPORT', due: row.reportDueAt, done: row.reportedAt },
  ] as const;
  let previousDone = row.submittedAt as Date;
  const added: EventRow[] = [];
  for (const { step, due, done } of stages) {
    if (!due) break;
    const until = (done as Date | null | undefined) ?? (row.closedAt as Date | null | undefined) ?? anchor;
    const start = due > previousDone ? (due as Date) : previousDone;
    const department = step === 'DISPATCH' ? 'ndrc' : row.departmentCode;
    let when = firstRunAfter(start);
    for (const level of [1, 2, 3] as const) {
      if (when > until || when > anchor) break;
      escalations.push({
        matterId: row.id!,
        stage: step,
        level,
        departmentCode: department,
        countyCode: row.countyCode,
        at: when,
        actor: 'complaints.escalate',
      });
      const status = statusAt(events, when);
      added.push({
        subjectId: row.id!,
        action: 'ESCALATE',
        fromStatus: status,
        toStatus: status,
        actor: 'complaints.escalate',
        actorRole: 'system',
        at: when,
        note: `${LABEL[level]}：${STAGE_LABEL[step]}超期（时限${chinaDay(due as Date)}）`,
        data: { stage: step, level, escalatedDepartmentCode: department, escalatedCountyCode: row.countyCode },
      });
      if (level < 3) when = at(calendar.addWorkingDays(chinaDay(when), level === 1 ? GAPS[0] : GAPS[1]), '09:00:00');
    }
    if (!done) break;
    previousDone = done as Date;
  }
  if (row.status === 'RESOLVED' && row.lastResolvedAt) {
    const closeDay = calendar.addWorkingDays(chinaDay(row.lastResolvedAt as Date), QUIET_DAYS);
    const closedAt = at(closeDay, '00:30:00');
    if (closedAt <= anchor) {
      added.push({
        subjectId: row.id!,
        action: 'CLOSE',
        fromStatus: 'RESOLVED',
        toStatus: 'CLOSED',
        actor: 'complaints.closeQuiet',
        actorRole: 'system',
        at: closedAt,
        note: `办结后${QUIET_DAYS}个工作日内企业未确认也未申请重办，自动结案`,
        data: { quietDays: QUIET_DAYS, lastResolvedAt: (row.lastResolvedAt as Date).toISOString() },
      });
      row.status = 'CLOSED';
      row.closedAt = closedAt;
    }
  }
  events.push(...added);
  events.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
  return escalations;
}
