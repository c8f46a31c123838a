/**
 * The clock's scheduled jobs, run with chosen instants on the working-day calendar of 2026 (weekends, the National Day
 * holiday, the make-up working days of 20 September and 10 October): the escalation ladder (催办 → 交办单 → 督办函),
 * each level once, and the quiet-period close. Read back through GraphQL.
 */
import type { Database } from '@qq/db/client';
import { jobRuns, matterEscalations, matters, outbox } from '@qq/db/schema/complaints';
import { demoCreditCode } from '@qq/db/seed';
import { chinaDay, runJobOnce, type Claims } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_PROFILES, createServer } from '../src/index.ts';
import { clockConfigOf, deadlinesFor, dispatchDeadline } from '../src/clock.ts';
import { closeQuietJob, escalateJob } from '../src/jobs.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;

const clock = clockConfigOf(CLOCK_PROFILES['13710'], { quietDays: 3 });
const escalate = escalateJob({ gaps: [2, 3] });
const closeQuiet = closeQuietJob(clock);

const ROLES = {
  admin: { sub: 'admin-1', role: 'admin', county: '410400' },
  hrss: { sub: 'hrss-yexian', role: 'staff', dept: 'hrss', county: '410422' },
  enterprise: { sub: 'ent-a', role: 'enterprise', enterprise: demoCreditCode('410422', 9301) },
} as const satisfies Record<string, Claims>;
const tokens = {} as Record<keyof typeof ROLES, string>;

const VIEW = `query($id: ID!) { matter(id: $id) { status closedAt availableActions
  escalations { level levelNumber stage at department { code } county { code } }
  events { action fromStatus toStatus actorRole note } } }`;
type View = {
  status: string;
  closedAt: string | null;
  availableActions: string[];
  escalations: Array<{ level: string; levelNumber: number; stage: string; at: string; department: { code: string } }>;
  events: Array<{ action: string; fromStatus: string | null; toStatus: string; actorRole: string; note: string }>;
};

async function view(id: string, role: keyof typeof ROLES = 'admin'): Promise<View> {
  const res = await execute<{ matter: View }>(server, VIEW, { variables: { id }, token: tokens[role] });
  expect(res.errors).toBeUndefined();
  return res.data!.matter;
}

/** 09:00 China time of a day. */
const nine = (day: string) => new Date(`${day}T09:00:00+08:00`);

let serial = 0;
/** A matter of enterprise 9301 (叶县) dispatched to 人社局 of 叶县 at `dispatchedAt` on the 13710 profile. */
async function dispatchedMatter(dispatchedAt: Date, over: Partial<typeof matters.$inferInsert> = {}) {
  serial++;
  const submittedAt = new Date(dispatchedAt.getTime() - 3_600_000);
  const [row] = await conn
    .insert(matters)
    .values({
      referenceNo: `SQ-20260901-${String(7000 + serial)}`,
      kind: 'REQUEST',
      category: 'EMPLOYMENT',
      title: `用工对接 ${serial}`,
      content: '请协助对接技工院校。',
      enterpriseCode: ROLES.enterprise.enterprise,
      contactName: '王伟',
      contactPhone: '13812345678',
      status: 'DISPATCHED',
      clockProfile: '13710',
      submittedAt,
      dispatchDueAt: dispatchDeadline(CLOCK_PROFILES['13710'], submittedAt),
      dispatchedAt,
      ...deadlinesFor(CLOCK_PROFILES['13710'], dispatchedAt),
      departmentCode: 'hrss',
      countyCode: '410422',
      ...over,
    })
    .returning();
  return row!;
}

/** Runs the ladder at 09:00 of each day from `from` to `to` (once per day: the job's ledger) and says what it did. */
async function ladderDays(from: string, to: string): Promise<Record<string, unknown>> {
  const done: Record<string, unknown> = {};
  for (let day = from; day <= to; day = next(day)) {
    const outcome = await runJobOnce(conn, jobRuns, escalate, nine(day));
    done[day] = outcome.result;
  }
  return done;
}
function next(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The China day each level of a matter's stage was taken on. */
async function levelDays(id: string, stage = 'SIGN'): Promise<Record<number, string>> {
  const v = await view(id);
  return Object.fromEntries(
    v.escalations.filter((e) => e.stage === stage).map((e) => [e.levelNumber, chinaDay(new Date(e.at))]),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('complaints'), clock });
  await server.start();
  for (const [name, claims] of Object.entries(ROLES)) tokens[name as keyof typeof ROLES] = await tokenFor(claims);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('escalation ladder (complaints.escalate)', () => {
  it('climbs across the National Day holiday and its make-up working day, one level per gap of working days', async () => {
    // Dispatched Monday 28 September: signing is due at the end of Tuesday 29 September.
    const m = await dispatchedMatter(new Date('2026-09-28T10:00:00+08:00'));
    expect(chinaDay(m.signDueAt!)).toBe('2026-09-29');
    const runs = await ladderDays('2026-09-29', '2026-10-14');
    // Tuesday 29: not past due yet. Wednesday 30: the reminder. 1–7 October: holidays, the job does nothing. The
    // assignment notice 2 working days after the reminder: Thursday 8 (1), Friday 9 (2). The supervision letter 3
    // working days after it: Saturday 10 (a make-up working day, 1), Monday 12 (2), Tuesday 13 (3).
    expect(await levelDays(m.id)).toEqual({ 1: '2026-09-30', 2: '2026-10-09', 3: '2026-10-13' });
    expect(runs['2026-10-05']).toEqual({ skipped: 'not a working day', 1: 0, 2: 0, 3: 0 });
    expect(runs['2026-10-11']).toEqual({ skipped: 'not a working day', 1: 0, 2: 0, 3: 0 });
    expect(runs['2026-10-10']).toEqual({ 1: 0, 2: 0, 3: 0 });
    expect(runs['2026-09-30']).toEqual({ 1: 1, 2: 0, 3: 0 });

    const v = await view(m.id);
    expect(v.escalations.map((e) => [e.level, e.stage, e.department.code])).toEqual([
      ['REMINDER', 'SIGN', 'hrss'],
      ['ASSIGNMENT_NOTICE', 'SIGN', 'hrss'],
      ['SUPERVISION_LETTER', 'SIGN', 'hrss'],
    ]);
    // Each level is an event on the matter, by the system, in the state the matter is in.
    const events = v.events.filter((e) => e.action === 'ESCALATE');
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.actorRole])).toEqual([
      ['DISPATCHED', 'DISPATCHED', 'system'],
      ['DISPATCHED', 'DISPATCHED', 'system'],
      ['DISPATCHED', 'DISPATCHED', 'system'],
    ]);
    expect(events.map((e) => e.note)).toEqual([
      '催办：签收超期（时限2026-09-29）',
      '交办单：签收超期（时限2026-09-29）',
      '督办函：签收超期（时限2026-09-29）',
    ]);
    // Messages: the unit; from the assignment notice the county's 发改委; the supervision letter the city's too.
    const sent = await conn
      .select({ topic: outbox.topic, key: outbox.idempotencyKey })
      .from(outbox)
      .where(like(outbox.idempotencyKey, `%:${m.id}:%`));
    expect(sent.map((r) => r.key.split(':').slice(-2).join(':') + ' ' + r.topic).sort()).toEqual([
      'hrss:410422 matter.assignmentNotice',
      'hrss:410422 matter.reminder',
      'hrss:410422 matter.supervisionLetter',
      'ndrc:410400 matter.supervisionLetter',
      'ndrc:410422 matter.assignmentNotice',
      'ndrc:410422 matter.supervisionLetter',
    ]);
    // The enterprise sees the escalations of its own matter.
    expect((await view(m.id, 'enterprise')).escalations).toHaveLength(3);
  });

  it('waits over a weekend, sends nothing twice, and starts the next stage at level 1 once the unit signs', async () => {
    // Dispatched Thursday 26 November: signing due Friday 27, reply due Tuesday 1 December.
    const y = await dispatchedMatter(new Date('2026-11-26T15:00:00+08:00'));
    const z = await dispatchedMatter(new Date('2026-11-26T15:30:00+08:00'));
    expect([chinaDay(y.signDueAt!), chinaDay(y.replyDueAt!)]).toEqual(['2026-11-27', '2026-12-01']);
    await ladderDays('2026-11-27', '2026-12-02');
    // Saturday and Sunday are not working days: the reminder waits for Monday 30; the notice follows on Wednesday 2.
    expect(await levelDays(y.id)).toEqual({ 1: '2026-11-30', 2: '2026-12-02' });

    // A rerun with the same instant (past the job's ledger) takes no step and sends nothing.
    const before = await conn.select({ n: sql<number>`count(*)::int` }).from(outbox);
    const again = await runJobOnce(conn, jobRuns, escalate, nine('2026-12-02'), { force: true });
    expect(again).toMatchObject({ ran: true, result: { 1: 0, 2: 0, 3: 0 } });
    expect(await conn.select({ n: sql<number>`count(*)::int` }).from(outbox)).toEqual(before);
    // A second row for the same level is refused by the table itself.
    await expect(
      conn.insert(matterEscalations).values({
        matterId: y.id,
        stage: 'SIGN',
        level: 1,
        departmentCode: 'hrss',
        countyCode: '410422',
        at: new Date(),
        actor: 'test',
      }),
    ).rejects.toThrow();

    // Z is signed (late) on Thursday 3 December: the SIGN ladder stops; the reply, due 1 December, starts at level 1.
    await conn
      .update(matters)
      .set({ status: 'SIGNED', signedAt: new Date('2026-12-03T08:30:00+08:00') })
      .where(eq(matters.id, z.id));
    await ladderDays('2026-12-03', '2026-12-08');
    expect(await levelDays(z.id, 'SIGN')).toEqual({ 1: '2026-11-30', 2: '2026-12-02' });
    expect(await levelDays(z.id, 'REPLY')).toEqual({ 1: '2026-12-03', 2: '2026-12-07' });
    // Y, still not signed: the supervision letter 3 working days after the notice (Thursday 3, Friday 4, Monday 7).
    expect(await levelDays(y.id)).toEqual({ 1: '2026-11-30', 2: '2026-12-02', 3: '2026-12-07' });
    // The top of the ladder: nothing more for Y's stage.
    await ladderDays('2026-12-09', '2026-12-15');
    expect(Object.keys(await levelDays(y.id))).toEqual(['1', '2', '3']);
  });

  it('does not escalate a stage done on time, nor a closed matter', async () => {
    const onTime = await dispatchedMatter(new Date('2026-11-16T10:00:00+08:00'), {
      status: 'SIGNED',
      signedAt: new Date('2026-11-16T11:00:00+08:00'),
      repliedAt: new Date('2026-11-17T11:00:00+08:00'),
      resolvedAt: new Date('2026-11-18T11:00:00+08:00'),
      reportedAt: new Date('2026-11-18T11:00:00+08:00'),
    });
    const closed = await dispatchedMatter(new Date('2026-11-16T10:00:00+08:00'), {
      status: 'CLOSED',
      closedAt: new Date('2026-11-17T10:00:00+08:00'),
    });
    await runJobOnce(conn, jobRuns, escalate, nine('2026-12-16'));
    expect((await view(onTime.id)).escalations).toEqual([]);
    expect((await view(closed.id)).escalations).toEqual([]);
  });
});

describe('quiet-period close (complaints.closeQuiet)', () => {
  it('closes a resolved matter after 3 working days counted over a make-up Sunday, once', async () => {
    // Resolved Friday 18 September; working days after it: Sunday 20 (make-up), Monday 21, Tuesday 22.
    const resolvedAt = new Date('2026-09-18T16:00:00+08:00');
    const done = {
      status: 'RESOLVED',
      signedAt: resolvedAt,
      repliedAt: resolvedAt,
      resolvedAt,
      reportedAt: resolvedAt,
    };
    const r = await dispatchedMatter(new Date('2026-09-17T10:00:00+08:00'), { ...done, lastResolvedAt: resolvedAt });
    // Partly resolved matters stay open: they never close by silence.
    const partly = await dispatchedMatter(new Date('2026-09-17T10:00:00+08:00'), {
      ...done,
      status: 'PARTLY_RESOLVED',
      reportedAt: null,
      lastResolvedAt: resolvedAt,
    });
    const early = await runJobOnce(conn, jobRuns, closeQuiet, new Date('2026-09-21T00:30:00+08:00'));
    expect(early.result).toEqual({ closed: 0 });
    expect((await view(r.id)).status).toBe('RESOLVED');

    const at = new Date('2026-09-22T00:30:00+08:00');
    const run = await runJobOnce(conn, jobRuns, closeQuiet, at);
    expect(run.result).toEqual({ closed: 1 });
    const v = await view(r.id, 'enterprise');
    // Closed for good: the enterprise may still rate it once.
    expect(v).toMatchObject({ status: 'CLOSED', closedAt: at.toISOString(), availableActions: ['RATE'] });
    expect(v.events.at(-1)).toEqual({
      action: 'CLOSE',
      fromStatus: 'RESOLVED',
      toStatus: 'CLOSED',
      actorRole: 'system',
      note: '办结后3个工作日内企业未确认也未申请重办，自动结案',
    });
    expect((await view(partly.id)).status).toBe('PARTLY_RESOLVED');
    const sent = await conn
      .select({ topic: outbox.topic, payload: outbox.payload })
      .from(outbox)
      .where(like(outbox.idempotencyKey, `matter.closed:%:${r.id}:%`));
    expect(sent.map((s) => (s.payload as { to: unknown }).to)).toEqual(
      expect.arrayContaining([{ enterprise: ROLES.enterprise.enterprise }, { dept: 'hrss', county: '410422' }]),
    );
    expect(sent).toHaveLength(2);

    // Rerun with the same instant: nothing closes twice.
    const again = await runJobOnce(conn, jobRuns, closeQuiet, at, { force: true });
    expect(again.result).toEqual({ closed: 0 });
    expect((await view(r.id)).events.filter((e) => e.action === 'CLOSE')).toHaveLength(1);
  });
});
