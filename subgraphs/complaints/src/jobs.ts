/**
 * The clock's scheduled jobs (kit job contract: a function of the database and `now`, run once per slot; each step
 * is also unique on its own, so a forced rerun with the same `now` sends nothing new):
 *
 * - `complaints.escalate` (09:00 CST, working days only): the escalation ladder (督办). The stage a matter is at
 *   (dispatch, sign, reply, resolve, report: the first not done) is missed once its deadline has passed. A missed
 *   stage climbs one level per run at most:
 *   1. 催办 (reminder) to the handling unit, on the first run after the deadline;
 *   2. 交办单 (assignment notice) to the unit's leadership, once `gaps[0]` working days have passed since the reminder;
 *   3. 督办函 (supervision letter) to the unit, its leadership and the dispatching 发改委, once `gaps[1]` working days
 *      have passed since the assignment notice; counted against the unit in `complaintFigures`.
 *   Each level is a row of `matter_escalations` (unique per matter, stage and level), an `ESCALATE` event on the
 *   matter and its messages, in the run's transaction. When the unit completes the stage the ladder of that stage
 *   stops; a later missed stage starts its own at level 1. The unit is the one handling the matter when the level is
 *   taken (发改委 of the county for a missed dispatch).
 * - `complaints.closeQuiet` (00:30 CST daily): a resolved matter (已办结) the enterprise neither confirmed nor reopened
 *   within `quietDays` working days of its last resolution closes (`CLOSE`, a system action of the transition table):
 *   status CLOSED, `closedAt`, a `CLOSE` event, and a message to the enterprise and the owner.
 *
 * Working days count on the calendar (kit `workdayCalendar`: weekends, public holidays, make-up working days), by China
 * calendar day: "n working days since a day" are the working days after it up to and including today.
 *
 * Environment:
 * - MATTER_ESCALATION_GAPS: working days from the reminder to the assignment notice, and from it to the supervision
 *   letter, `2,3` by default.
 * - MATTER_QUIET_DAYS: the quiet period (see `clock.ts`, default 10).
 */
import {
  chinaDay,
  CITY_CODE,
  daySlot,
  defineJob,
  endOfChinaDay,
  eventValues,
  workdayCalendar,
  type OutboundMessage,
  type Principal,
  type ScheduledJob,
} from '@qq/kit';
import type { ClockConfig } from './clock.ts';
import { FIRST_HANDLER, KIND_LABEL, unitLabel, type ClockStep, type MatterKind, type MatterStatus } from './domain.ts';
import { messages } from './messages.ts';
import { matterWorkflow } from './service/matter.workflow.ts';
import { ClockJobStore } from './store/clockJobs.store.ts';
import type { MatterRow } from './store/matters.store.ts';

/** The escalation ladder's configuration. */
export interface LadderConfig {
  /** Working days from level 1 to level 2, and from level 2 to level 3. */
  gaps: readonly [number, number];
}

export const DEFAULT_ESCALATION_GAPS = '2,3';

export function ladderConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LadderConfig {
  const raw = env.MATTER_ESCALATION_GAPS || DEFAULT_ESCALATION_GAPS;
  const parts = raw.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new Error('MATTER_ESCALATION_GAPS: two whole numbers of working days ≥ 1, such as 2,3');
  }
  return { gaps: [parts[0]!, parts[1]!] };
}

/** The levels of the ladder by number, as `MatterEscalationLevel` names them. */
export const LEVELS = { 1: 'REMINDER', 2: 'ASSIGNMENT_NOTICE', 3: 'SUPERVISION_LETTER' } as const;
const TOPICS = { 1: 'matter.reminder', 2: 'matter.assignmentNotice', 3: 'matter.supervisionLetter' } as const;
const LEVEL_LABEL = { 1: '催办', 2: '交办单', 3: '督办函' } as const;
export const STAGE_LABEL: Record<ClockStep, string> = {
  DISPATCH: '分派',
  SIGN: '签收',
  REPLY: '答复',
  RESOLVE: '办结',
  REPORT: '反馈',
};

/** The principals the jobs act as (the transition table allows the clock's actions to them alone). */
const jobPrincipal = (name: string): Principal => ({
  role: 'system',
  sub: name,
  dept: null,
  county: CITY_CODE,
  enterprise: null,
  perms: [],
});

function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The latest instant of a day `n` working days before `today`: whatever happened on or before it has had at least `n`
 * working days since (the working days after its day, up to and including today).
 */
export function workingDaysAgo(today: string, n: number): Date {
  const calendar = workdayCalendar();
  let day = today;
  let counted = 0;
  while (counted < n) {
    if (calendar.isWorkingDay(day)) counted++;
    day = previousDay(day);
  }
  return endOfChinaDay(day);
}

function refOf(m: MatterRow) {
  return { kindLabel: KIND_LABEL[m.kind as MatterKind], title: m.title, referenceNo: m.referenceNo };
}

/** Who receives a level: the unit; from level 2 the dispatching 发改委 of the county too; at level 3 the city's. */
function recipients(level: 1 | 2 | 3, m: MatterRow): Array<{ dept: string; county: string }> {
  const list = [{ dept: m.departmentCode, county: m.countyCode }];
  if (level >= 2) list.push({ dept: FIRST_HANDLER, county: m.countyCode });
  if (level === 3) list.push({ dept: FIRST_HANDLER, county: CITY_CODE });
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(`${r.dept}:${r.county}`) && !!seen.add(`${r.dept}:${r.county}`));
}

export function escalateJob(ladder: LadderConfig): ScheduledJob {
  const name = 'complaints.escalate';
  const actor = jobPrincipal(name);
  return defineJob({
    name,
    description:
      'Escalates missed stages of the 13710 clock one level per working day at most: reminder (催办), assignment notice (交办单), supervision letter (督办函).',
    cron: '0 9 * * *',
    slot: daySlot,
    async run({ db, now }) {
      const today = chinaDay(now);
      if (!workdayCalendar().isWorkingDay(today)) return { skipped: 'not a working day', 1: 0, 2: 0, 3: 0 };
      const store = new ClockJobStore(db);
      const candidates = await store.ladderCandidates(now, {
        1: workingDaysAgo(today, ladder.gaps[0]),
        2: workingDaysAgo(today, ladder.gaps[1]),
      });
      const taken = { 1: 0, 2: 0, 3: 0 };
      const out: OutboundMessage[] = [];
      for (const { matter: m, stage, dueAt, level: reached } of candidates) {
        const level = (reached + 1) as 1 | 2 | 3;
        const status = m.status as MatterStatus;
        matterWorkflow.next(status, 'ESCALATE', actor, m);
        const row = await store.insertEscalation({
          matterId: m.id,
          stage,
          level,
          departmentCode: m.departmentCode,
          countyCode: m.countyCode,
          at: now,
          actor: name,
        });
        if (!row) continue;
        taken[level]++;
        const stageLabel = STAGE_LABEL[stage as ClockStep];
        const eventId = await store.insertEvent({
          ...eventValues(actor, {
            subjectId: m.id,
            action: 'ESCALATE',
            fromStatus: status,
            toStatus: status,
            note: `${LEVEL_LABEL[level]}：${stageLabel}超期（时限${chinaDay(dueAt)}）`,
            data: {
              stage,
              level,
              escalatedDepartmentCode: m.departmentCode,
              escalatedCountyCode: m.countyCode,
            },
          }),
          at: now,
        });
        const topic = TOPICS[level];
        const text = messages.render(topic, {
          ...refOf(m),
          unit: unitLabel(m.departmentCode, m.countyCode),
          stageLabel,
          dueOn: chinaDay(dueAt),
          nextDays: level < 3 ? ladder.gaps[level - 1]! : 0,
        });
        for (const to of recipients(level, m)) {
          out.push({
            topic,
            idempotencyKey: `${topic}:inbox:${m.id}:${stage}:${level}:${to.dept}:${to.county}`,
            countyCode: m.countyCode,
            channel: 'inbox',
            to,
            ...text,
            data: { matterId: m.id, referenceNo: m.referenceNo, stage, level, eventId },
          });
        }
      }
      await store.enqueue(out);
      return taken;
    },
  });
}

export function closeQuietJob(clock: ClockConfig): ScheduledJob {
  const name = 'complaints.closeQuiet';
  const actor = jobPrincipal(name);
  return defineJob({
    name,
    description: `Closes resolved matters the enterprise neither confirmed nor reopened within the quiet period of working days.`,
    cron: '30 0 * * *',
    slot: daySlot,
    async run({ db, now }) {
      const to = matterWorkflow.next('RESOLVED', 'CLOSE', actor);
      const store = new ClockJobStore(db);
      const closed = await store.closeQuiet(workingDaysAgo(chinaDay(now), clock.quietDays), now);
      const out: OutboundMessage[] = [];
      for (const m of closed) {
        const eventId = await store.insertEvent({
          ...eventValues(actor, {
            subjectId: m.id,
            action: 'CLOSE',
            fromStatus: 'RESOLVED',
            toStatus: to,
            note: `办结后${clock.quietDays}个工作日内企业未确认也未申请重办，自动结案`,
            data: { quietDays: clock.quietDays, lastResolvedAt: m.lastResolvedAt?.toISOString() ?? null },
          }),
          at: now,
        });
        const text = messages.render('matter.closed', { ...refOf(m), quietDays: clock.quietDays });
        const data = { matterId: m.id, referenceNo: m.referenceNo };
        out.push(
          {
            topic: 'matter.closed',
            idempotencyKey: `matter.closed:inbox:${m.id}:${eventId}`,
            countyCode: m.countyCode,
            channel: 'inbox',
            to: { enterprise: m.enterpriseCode },
            ...text,
            data,
          },
          {
            topic: 'matter.closed',
            idempotencyKey: `matter.closed:inbox:${m.id}:${eventId}:${m.departmentCode}:${m.countyCode}`,
            countyCode: m.countyCode,
            channel: 'inbox',
            to: { dept: m.departmentCode, county: m.countyCode },
            ...text,
            data,
          },
        );
      }
      await store.enqueue(out);
      return { closed: closed.length };
    },
  });
}

/** The subgraph's jobs for a clock configuration. */
export function matterJobs(clock: ClockConfig, ladder: LadderConfig = ladderConfigFromEnv()): ScheduledJob[] {
  return [escalateJob(ladder), closeQuietJob(clock)];
}
