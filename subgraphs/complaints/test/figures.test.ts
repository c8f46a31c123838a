/**
 * `complaintFigures(month)` on Department and County and `matterStatistics`, against hand-counted rows: four matters
 * of November 2026 (one at a month boundary in China time), their dispatch and reopening events, escalations, ratings
 * and transfer decisions.
 */
import type { Database } from '@qq/db/client';
import { matterEscalations, matterEvents, matters } from '@qq/db/schema/complaints';
import { demoCreditCode } from '@qq/db/seed';
import type { Claims } from '@qq/kit';
import { createTestDatabase, execute, statementCounter, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;

const ROLES = {
  anonymous: null,
  enterprise: { sub: 'ent-a', role: 'enterprise', enterprise: demoCreditCode('410422', 9501) },
  hrss: { sub: 'hrss-yexian', role: 'staff', dept: 'hrss', county: '410422' },
  analyst: { sub: 'analyst-1', role: 'analyst' },
  admin: { sub: 'admin-1', role: 'admin', county: '410400' },
  leader: { sub: 'leader-1', role: 'leader' },
} as const satisfies Record<string, Claims | null>;
type RoleName = keyof typeof ROLES;
const tokens = {} as Record<RoleName, string | undefined>;

const t = (s: string) => new Date(s);
const FAR = t('2099-01-01T15:59:59.999Z');

async function matter(ref: string, over: Partial<typeof matters.$inferInsert>): Promise<string> {
  const [row] = await conn
    .insert(matters)
    .values({
      referenceNo: ref,
      kind: 'COMPLAINT',
      category: 'EMPLOYMENT',
      title: ref,
      content: '内容',
      enterpriseCode: ROLES.enterprise.enterprise,
      contactName: '王伟',
      contactPhone: '13812345678',
      status: 'SIGNED',
      clockProfile: '13710',
      submittedAt: t('2026-11-02T02:00:00Z'),
      dispatchDueAt: FAR,
      signDueAt: FAR,
      replyDueAt: FAR,
      resolveDueAt: FAR,
      reportDueAt: FAR,
      departmentCode: 'hrss',
      countyCode: '410422',
      ...over,
    })
    .returning({ id: matters.id });
  return row!.id;
}

async function event(subjectId: string, action: string, at: string, data: Record<string, unknown> = {}) {
  await conn.insert(matterEvents).values({
    subjectId,
    action,
    fromStatus: null,
    toStatus: 'DISPATCHED',
    actor: 'x',
    actorRole: 'staff',
    at: t(at),
    data,
  });
}

async function escalation(matterId: string, stage: string, level: number, dept: string, county: string, at: string) {
  await conn.insert(matterEscalations).values({
    matterId,
    stage,
    level,
    departmentCode: dept,
    countyCode: county,
    at: t(at),
    actor: 'complaints.escalate',
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('complaints') });
  await server.start();
  for (const [name, claims] of Object.entries(ROLES)) {
    tokens[name as RoleName] = claims ? await tokenFor(claims) : undefined;
  }
  // F1, 人社局 of 叶县: dispatched 3 Nov, signed, replied on time, resolved late (20 Nov, due 12 Nov), rated 4,
  // reopened 22 Nov; reminder 13 Nov and assignment notice 17 Nov; it asked for a transfer, approved 15 Nov (the
  // dispatcher later gave it back: it handles the matter again).
  const f1 = await matter('TS-F1', {
    status: 'REOPENED',
    dispatchedAt: t('2026-11-03T01:00:00Z'),
    signedAt: t('2026-11-03T02:00:00Z'),
    firstAcceptorDepartmentCode: 'hrss',
    firstAcceptorCountyCode: '410422',
    replyDueAt: t('2026-11-06T15:59:59.999Z'),
    repliedAt: t('2026-11-05T02:00:00Z'),
    resolveDueAt: t('2026-11-12T15:59:59.999Z'),
    resolvedAt: t('2026-11-20T02:00:00Z'),
    reportedAt: t('2026-11-20T02:00:00Z'),
    reopenCount: 1,
    reopenedAt: t('2026-11-22T02:00:00Z'),
    satisfaction: 4,
    ratedAt: t('2026-11-25T02:00:00Z'),
    transferFromDepartmentCode: 'hrss',
    transferFromCountyCode: '410422',
    transferToDepartmentCode: 'miit',
    transferToCountyCode: '410422',
    transferApproved: true,
    transferDecidedAt: t('2026-11-15T02:00:00Z'),
  });
  await event(f1, 'DISPATCH', '2026-11-03T01:00:00Z', { toDepartmentCode: 'hrss', toCountyCode: '410422' });
  await event(f1, 'REOPEN', '2026-11-22T02:00:00Z');
  await escalation(f1, 'RESOLVE', 1, 'hrss', '410422', '2026-11-13T01:00:00Z');
  await escalation(f1, 'RESOLVE', 2, 'hrss', '410422', '2026-11-17T01:00:00Z');
  // F2, 人社局 of 郏县: dispatched 30 October, signed 1 November 01:00 China time (31 October in UTC), replied late,
  // resolved on time, rated 2; a reminder 4 November and one in December.
  const f2 = await matter('TS-F2', {
    status: 'RESOLVED',
    submittedAt: t('2026-10-30T02:00:00Z'),
    countyCode: '410425',
    dispatchedAt: t('2026-10-30T03:00:00Z'),
    signedAt: t('2026-10-31T17:00:00Z'),
    firstAcceptorDepartmentCode: 'hrss',
    firstAcceptorCountyCode: '410425',
    replyDueAt: t('2026-11-03T15:59:59.999Z'),
    repliedAt: t('2026-11-04T02:00:00Z'),
    resolveDueAt: t('2026-11-10T15:59:59.999Z'),
    resolvedAt: t('2026-11-06T02:00:00Z'),
    reportedAt: t('2026-11-06T02:00:00Z'),
    satisfaction: 2,
    ratedAt: t('2026-11-07T02:00:00Z'),
  });
  await event(f2, 'DISPATCH', '2026-10-30T03:00:00Z', { toDepartmentCode: 'hrss', toCountyCode: '410425' });
  await escalation(f2, 'REPLY', 1, 'hrss', '410425', '2026-11-04T01:00:00Z');
  await escalation(f2, 'REPLY', 2, 'hrss', '410425', '2026-12-02T01:00:00Z');
  // F3, 工信局 of 叶县: dispatched 28 November, replied 1 December 00:30 China time (30 November in UTC); a
  // supervision letter 27 November.
  const f3 = await matter('TS-F3', {
    status: 'REPLIED',
    category: 'FINANCING',
    submittedAt: t('2026-11-27T02:00:00Z'),
    departmentCode: 'miit',
    dispatchedAt: t('2026-11-28T01:00:00Z'),
    repliedAt: t('2026-11-30T16:30:00Z'),
  });
  await event(f3, 'DISPATCH', '2026-11-28T01:00:00Z', { toDepartmentCode: 'miit', toCountyCode: '410422' });
  await escalation(f3, 'SIGN', 3, 'miit', '410422', '2026-11-27T01:00:00Z');
  // F4, 工信局 of 叶县: its transfer request to 发改委 refused (退回) 16 November.
  await matter('TS-F4', {
    category: 'FINANCING',
    submittedAt: t('2026-11-10T02:00:00Z'),
    departmentCode: 'miit',
    transferFromDepartmentCode: 'miit',
    transferFromCountyCode: '410422',
    transferToDepartmentCode: 'ndrc',
    transferToCountyCode: '410422',
    transferApproved: false,
    transferDecidedAt: t('2026-11-16T02:00:00Z'),
  });
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const FIELDS = `month dispatched signed repliedOnTime repliedLate resolvedOnTime resolvedLate replyOnTimeRate
  resolveOnTimeRate reopened reminders assignmentNotices supervisionLetters rated averageSatisfaction transfersIn
  transfersOut transfersRefused`;
const ENTITIES = `query($r: [_Any!]!, $m: String!, $o: String!) { _entities(representations: $r) {
  ... on County { code complaintFigures(month: $m) { ${FIELDS} } october: complaintFigures(month: $o) { dispatched } }
  ... on Department { code complaintFigures(month: $m) { ${FIELDS} } october: complaintFigures(month: $o) { dispatched } }
} }`;
const UNITS = [
  { __typename: 'Department', code: 'hrss' },
  { __typename: 'Department', code: 'miit' },
  { __typename: 'County', code: '410422' },
  { __typename: 'County', code: '410425' },
  { __typename: 'County', code: '410400' },
];
type Entity = { code: string; complaintFigures: Record<string, unknown>; october: { dispatched: number } };

const zero = {
  dispatched: 0,
  signed: 0,
  repliedOnTime: 0,
  repliedLate: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  replyOnTimeRate: null,
  resolveOnTimeRate: null,
  reopened: 0,
  reminders: 0,
  assignmentNotices: 0,
  supervisionLetters: 0,
  rated: 0,
  averageSatisfaction: null,
  transfersIn: 0,
  transfersOut: 0,
  transfersRefused: 0,
};

describe('complaintFigures', () => {
  it('counts the instants of the month per department and county, in one statement for every unit and month', async () => {
    const counter = statementCounter();
    const counted = createServer({ db: await db.connectAs('complaints', { onQuery: counter.onQuery }) });
    await counted.start();
    counter.reset();
    const res = await execute<{ _entities: Entity[] }>(counted, ENTITIES, {
      variables: { r: UNITS, m: '2026-11', o: '2026-10' },
      token: tokens.leader,
    });
    expect(res.errors).toBeUndefined();
    expect(counter.count).toBe(1);
    await counted.stop();
    const [hrss, miit, yexian, jiaxian, city] = res.data!._entities;
    expect(hrss!.complaintFigures).toEqual({
      ...zero,
      month: '2026-11',
      dispatched: 1,
      signed: 2,
      repliedOnTime: 1,
      repliedLate: 1,
      resolvedOnTime: 1,
      resolvedLate: 1,
      replyOnTimeRate: 0.5,
      resolveOnTimeRate: 0.5,
      reopened: 1,
      reminders: 2,
      assignmentNotices: 1,
      rated: 2,
      averageSatisfaction: 3,
      transfersOut: 1,
    });
    expect(miit!.complaintFigures).toEqual({
      ...zero,
      month: '2026-11',
      dispatched: 1,
      supervisionLetters: 1,
      transfersIn: 1,
      transfersRefused: 1,
    });
    expect(yexian!.complaintFigures).toEqual({
      ...zero,
      month: '2026-11',
      dispatched: 2,
      signed: 1,
      repliedOnTime: 1,
      resolvedLate: 1,
      replyOnTimeRate: 1,
      resolveOnTimeRate: 0,
      reopened: 1,
      reminders: 1,
      assignmentNotices: 1,
      supervisionLetters: 1,
      rated: 1,
      averageSatisfaction: 4,
      transfersIn: 1,
      transfersOut: 1,
      transfersRefused: 1,
    });
    expect(jiaxian!.complaintFigures).toEqual({
      ...zero,
      month: '2026-11',
      signed: 1,
      repliedLate: 1,
      resolvedOnTime: 1,
      replyOnTimeRate: 0,
      resolveOnTimeRate: 1,
      reminders: 1,
      rated: 1,
      averageSatisfaction: 2,
    });
    expect(city!.complaintFigures).toEqual({
      ...zero,
      month: '2026-11',
      dispatched: 2,
      signed: 2,
      repliedOnTime: 1,
      repliedLate: 1,
      resolvedOnTime: 1,
      resolvedLate: 1,
      replyOnTimeRate: 0.5,
      resolveOnTimeRate: 0.5,
      reopened: 1,
      reminders: 2,
      assignmentNotices: 1,
      supervisionLetters: 1,
      rated: 2,
      averageSatisfaction: 3,
      transfersIn: 1,
      transfersOut: 1,
      transfersRefused: 1,
    });
    expect(res.data!._entities.map((e) => e.october.dispatched)).toEqual([1, 0, 0, 1, 1]);
  });

  it('is for staff, leaders, analysts and admins; a bad month names the field', async () => {
    const q = `query($m: String!) { _entities(representations: [{ __typename: "County", code: "410422" }]) {
      ... on County { complaintFigures(month: $m) { dispatched } } } }`;
    for (const role of ['hrss', 'analyst', 'admin'] as const) {
      const ok = await execute(server, q, { variables: { m: '2026-11' }, token: tokens[role] });
      expect(ok.errors, role).toBeUndefined();
    }
    const ent = await execute(server, q, { variables: { m: '2026-11' }, token: tokens.enterprise });
    expect(ent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anon = await execute(server, q, { variables: { m: '2026-11' } });
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await execute(server, q, { variables: { m: '2026-13' }, token: tokens.admin });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
  });
});

describe('matterStatistics', () => {
  const Q = `query($g: [MatterStatisticsDimension!]!, $f: MatterStatisticsFilter) { matterStatistics(groupBy: $g, filter: $f) {
    department { code } county { code } category month matters open overdue replied repliedOnTime replyOnTimeRate
    resolved resolvedOnTime resolveOnTimeRate reopened rated averageSatisfaction } }`;
  type Row = Record<string, unknown>;
  const stats = async (role: RoleName, g: string[], f?: Record<string, unknown>) => {
    const res = await execute<{ matterStatistics: Row[] }>(server, Q, { variables: { g, f }, token: tokens[role] });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!.matterStatistics;
  };

  it('counts matters by department with on-time rates and satisfaction', async () => {
    expect(await stats('admin', ['DEPARTMENT'], { fromMonth: '2026-10', toMonth: '2026-11' })).toEqual([
      {
        department: { code: 'hrss' },
        county: null,
        category: null,
        month: null,
        matters: 2,
        open: 1,
        overdue: 2,
        replied: 2,
        repliedOnTime: 1,
        replyOnTimeRate: 0.5,
        resolved: 2,
        resolvedOnTime: 1,
        resolveOnTimeRate: 0.5,
        reopened: 1,
        rated: 2,
        averageSatisfaction: 3,
      },
      {
        department: { code: 'miit' },
        county: null,
        category: null,
        month: null,
        matters: 2,
        open: 2,
        overdue: 0,
        replied: 1,
        repliedOnTime: 1,
        replyOnTimeRate: 1,
        resolved: 0,
        resolvedOnTime: 0,
        resolveOnTimeRate: null,
        reopened: 0,
        rated: 0,
        averageSatisfaction: null,
      },
    ]);
  });

  it('groups by category and month of submission, by county, or not at all; staff count their scope', async () => {
    const byCategoryMonth = await stats('leader', ['CATEGORY', 'MONTH']);
    expect(byCategoryMonth.map((r) => [r.category, r.month, r.matters])).toEqual([
      ['EMPLOYMENT', '2026-10', 1],
      ['EMPLOYMENT', '2026-11', 1],
      ['FINANCING', '2026-11', 2],
    ]);
    const byCounty = await stats('analyst', ['COUNTY', 'DEPARTMENT']);
    expect(
      byCounty.map((r) => [(r.county as { code: string }).code, (r.department as { code: string }).code, r.matters]),
    ).toEqual([
      ['410422', 'hrss', 1],
      ['410422', 'miit', 2],
      ['410425', 'hrss', 1],
    ]);
    expect((await stats('admin', [])).map((r) => r.matters)).toEqual([4]);
    expect((await stats('admin', [], { toMonth: '2026-10' })).map((r) => r.matters)).toEqual([1]);
    expect((await stats('admin', [], { category: 'FINANCING' })).map((r) => r.matters)).toEqual([2]);
    // 人社局 of 叶县 counts only what it handles there.
    expect((await stats('hrss', [])).map((r) => r.matters)).toEqual([1]);
  });

  it('refuses enterprises and bad months, naming the field', async () => {
    const res = await execute(server, Q, { variables: { g: [] }, token: tokens.enterprise });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await execute(server, Q, { variables: { g: [], f: { fromMonth: '2026-1' } }, token: tokens.admin });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.fromMonth' });
    const order = await execute(server, Q, {
      variables: { g: [], f: { fromMonth: '2026-11', toMonth: '2026-10' } },
      token: tokens.admin,
    });
    expect(order.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.toMonth' });
  });
});
