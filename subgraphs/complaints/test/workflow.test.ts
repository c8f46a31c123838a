/**
 * The life of a matter through GraphQL, step by step, with the refusals of each step per role: CONFLICT when the
 * state does not allow it, FORBIDDEN when the caller may not, NOT_FOUND when the caller may not see the matter.
 */
import type { Database } from '@qq/db/client';
import { matterEvents, matters, outbox } from '@qq/db/schema/complaints';
import { demoCreditCode } from '@qq/db/seed';
import { chinaDay, workingDeadline, type Claims } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { workingDaysLeft } from '../src/clock.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;

/** Enterprise A in 叶县 (410422), B in 郏县 (410425). */
const A = demoCreditCode('410422', 9101);
const B = demoCreditCode('410425', 9102);

const ROLES = {
  anonymous: null,
  enterpriseA: { sub: 'ent-a', role: 'enterprise', enterprise: A },
  enterpriseB: { sub: 'ent-b', role: 'enterprise', enterprise: B },
  dispatcher: { sub: 'ndrc-yexian', role: 'staff', dept: 'ndrc', county: '410422' },
  cityDispatcher: { sub: 'ndrc-city', role: 'staff', dept: 'ndrc', county: '410400' },
  jiaDispatcher: { sub: 'ndrc-jiaxian', role: 'staff', dept: 'ndrc', county: '410425' },
  hrss: { sub: 'hrss-yexian', role: 'staff', dept: 'hrss', county: '410422' },
  miit: { sub: 'miit-yexian', role: 'staff', dept: 'miit', county: '410422' },
  analyst: { sub: 'analyst-1', role: 'analyst' },
  admin: { sub: 'admin-1', role: 'admin', county: '410400' },
  leader: { sub: 'leader-1', role: 'leader', county: '410400' },
} as const satisfies Record<string, Claims | null>;
type RoleName = keyof typeof ROLES;
const tokens = {} as Record<RoleName, string | undefined>;

function run<T = Record<string, unknown>>(role: RoleName, query: string, variables?: Record<string, unknown>) {
  return execute<T>(server, query, { variables, token: tokens[role] });
}
const codeOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions?.code;

const FIELDS = `id status availableActions department { code } county { code }
  firstAcceptorDepartment { code } firstAcceptorCounty { code }
  dispatchedAt signedAt repliedAt resolvedAt reportedAt confirmedAt closedAt reopenedAt reopenCount
  resolution remaining promisedOn signDueAt replyDueAt resolveDueAt reportDueAt
  clock { step dueAt doneAt met overdue workingDaysLeft hoursLeft }
  events { action fromStatus toStatus actorRole note department { code } county { code } }`;

const M = {
  submit: `mutation($input: SubmitMatterInput!) { submitMatter(input: $input) { ${FIELDS} } }`,
  dispatch: `mutation($id: ID!, $input: DispatchMatterInput!) { dispatchMatter(id: $id, input: $input) { ${FIELDS} } }`,
  sign: `mutation($id: ID!) { signMatter(id: $id) { ${FIELDS} } }`,
  reply: `mutation($id: ID!, $input: ReplyMatterInput!) { replyMatter(id: $id, input: $input) { ${FIELDS} } }`,
  resolve: `mutation($id: ID!, $input: ResolveMatterInput!) { resolveMatter(id: $id, input: $input) { ${FIELDS} } }`,
  supplement: `mutation($id: ID!, $input: SupplementMatterInput!) { supplementMatter(id: $id, input: $input) { ${FIELDS} } }`,
  confirm: `mutation($id: ID!, $input: ConfirmMatterInput) { confirmMatter(id: $id, input: $input) { ${FIELDS} } }`,
  reopen: `mutation($id: ID!, $input: ReopenMatterInput!) { reopenMatter(id: $id, input: $input) { ${FIELDS} } }`,
};
const ACTIONS_OF = `query($id: ID!) { matter(id: $id) { availableActions } }`;

type MatterView = Record<string, unknown> & {
  id: string;
  status: string;
  availableActions: string[];
  events: Array<{ action: string; note: string | null }>;
  clock: Array<{
    step: string;
    dueAt: string | null;
    doneAt: string | null;
    met: boolean | null;
    overdue: boolean;
    workingDaysLeft: number | null;
    hoursLeft: number | null;
  }>;
};

/** Runs a step and returns the matter it answered with, failing on an error. */
async function step(role: RoleName, name: keyof typeof M, variables: Record<string, unknown>): Promise<MatterView> {
  const res = await run<Record<string, MatterView>>(role, M[name], variables);
  expect(res.errors, `${role} ${name}`).toBeUndefined();
  return Object.values(res.data!)[0]!;
}

const NEW = {
  kind: 'REQUEST',
  category: 'EMPLOYMENT',
  title: '技能工人招聘困难',
  content: '新生产线投产，急需焊工和电工各20名，请协助对接技工院校。',
  contactName: '王伟',
  contactPhone: '13812345678',
};

async function submitted(role: RoleName = 'enterpriseA', over: Record<string, unknown> = {}): Promise<MatterView> {
  return step(role, 'submit', { input: { ...NEW, ...over } });
}
/** A matter of A dispatched to 人社局 of 叶县 and signed for by it. */
async function signed(): Promise<MatterView> {
  const m = await submitted();
  await step('dispatcher', 'dispatch', { id: m.id, input: { departmentCode: 'hrss' } });
  return step('hrss', 'sign', { id: m.id });
}
async function replied(): Promise<MatterView> {
  const m = await signed();
  return step('hrss', 'reply', { id: m.id, input: { reply: '已联系市技师学院，下周组织专场对接。' } });
}
async function resolved(): Promise<MatterView> {
  const m = await replied();
  return step('hrss', 'resolve', { id: m.id, input: { resolution: '专场招聘会已举办，企业招到焊工18名、电工20名。' } });
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('complaints') });
  await server.start();
  for (const [name, claims] of Object.entries(ROLES)) {
    tokens[name as RoleName] = claims ? await tokenFor(claims) : undefined;
  }
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('the life of a matter', () => {
  it('goes from submission through dispatch, signing, reply, partial and full resolution, reopening to confirmation', async () => {
    const m = await submitted();
    expect(m).toMatchObject({ status: 'SUBMITTED', department: { code: 'ndrc' }, county: { code: '410422' } });
    expect((await run('dispatcher', ACTIONS_OF, { id: m.id })).data).toEqual({
      matter: { availableActions: ['DISPATCH'] },
    });

    // 分派: to 人社局 of 叶县; the 13710 clock starts at dispatch.
    const d = await step('dispatcher', 'dispatch', {
      id: m.id,
      input: { departmentCode: 'hrss', note: '用工问题，请人社局承办。' },
    });
    const dispatchedAt = new Date(d.dispatchedAt as string);
    expect(d).toMatchObject({
      status: 'DISPATCHED',
      department: { code: 'hrss' },
      county: { code: '410422' },
      firstAcceptorDepartment: null,
      signDueAt: workingDeadline(dispatchedAt, 1).toISOString(),
      replyDueAt: workingDeadline(dispatchedAt, 3).toISOString(),
      resolveDueAt: workingDeadline(dispatchedAt, 7).toISOString(),
      reportDueAt: workingDeadline(dispatchedAt, 10).toISOString(),
    });
    expect(d.clock[0]).toMatchObject({ step: 'DISPATCH', met: true, overdue: false });
    expect(d.clock[1]).toMatchObject({ step: 'SIGN', doneAt: null, met: null, overdue: false });
    expect(d.events.at(-1)).toMatchObject({
      action: 'DISPATCH',
      fromStatus: 'SUBMITTED',
      toStatus: 'DISPATCHED',
      note: '用工问题，请人社局承办。',
      department: { code: 'ndrc' },
    });
    expect((await run('hrss', ACTIONS_OF, { id: m.id })).data).toEqual({ matter: { availableActions: ['SIGN'] } });
    expect((await run('dispatcher', ACTIONS_OF, { id: m.id })).data).toEqual({ matter: { availableActions: [] } });

    // 签收: 人社局 of 叶县 owns it from now on (首接责任制).
    const s = await step('hrss', 'sign', { id: m.id });
    expect(s).toMatchObject({
      status: 'SIGNED',
      firstAcceptorDepartment: { code: 'hrss' },
      firstAcceptorCounty: { code: '410422' },
      availableActions: ['REPLY', 'REQUEST_TRANSFER', 'ADD_CO_HANDLER'],
    });
    expect(s.clock[1]).toMatchObject({ step: 'SIGN', met: true, overdue: false });

    const r = await step('hrss', 'reply', { id: m.id, input: { reply: '已联系市技师学院，下周组织专场对接。' } });
    expect(r).toMatchObject({ status: 'REPLIED', availableActions: ['RESOLVE', 'ADD_CO_HANDLER'] });
    expect(r.events.at(-1)).toMatchObject({ action: 'REPLY', note: '已联系市技师学院，下周组织专场对接。' });

    // 阶段性办结: something remains, promised for a later day; the matter stays open.
    const promisedOn = chinaDay(new Date(Date.now() + 20 * 86_400_000));
    const p = await step('hrss', 'resolve', {
      id: m.id,
      input: { resolution: '已招到焊工18名。', remaining: '电工尚缺20名。', promisedOn },
    });
    expect(p).toMatchObject({ status: 'PARTLY_RESOLVED', remaining: '电工尚缺20名。', promisedOn, reportedAt: null });
    expect(p.resolvedAt).not.toBeNull();
    expect((await run('enterpriseA', ACTIONS_OF, { id: m.id })).data).toEqual({
      matter: { availableActions: ['SUPPLEMENT', 'REOPEN', 'FOLLOW'] },
    });

    const full = await step('hrss', 'resolve', { id: m.id, input: { resolution: '电工20名已到岗。' } });
    expect(full).toMatchObject({
      status: 'RESOLVED',
      resolution: '电工20名已到岗。',
      remaining: null,
      promisedOn: null,
    });
    expect(full.reportedAt).not.toBeNull();
    // The clock keeps the first resolution.
    expect(full.resolvedAt).toBe(p.resolvedAt);

    // 重办: back to the owner, counted.
    const re = await step('enterpriseA', 'reopen', { id: m.id, input: { reason: '到岗电工无证，不能上岗。' } });
    expect(re).toMatchObject({ status: 'REOPENED', reopenCount: 1, department: { code: 'hrss' } });
    expect((await run('hrss', ACTIONS_OF, { id: m.id })).data).toEqual({
      matter: { availableActions: ['REPLY', 'RESOLVE', 'ADD_CO_HANDLER'] },
    });
    await step('hrss', 'resolve', { id: m.id, input: { resolution: '已更换持证电工20名。' } });

    // 补充材料 is possible until the matter closes.
    const sup = await step('enterpriseA', 'supplement', { id: m.id, input: { information: '已收到人员名单。' } });
    expect(sup.status).toBe('RESOLVED');

    const c = await step('enterpriseA', 'confirm', { id: m.id, input: { note: '满意。' } });
    expect(c).toMatchObject({ status: 'CONFIRMED', availableActions: ['RATE'] });
    expect(c.confirmedAt).toBe(c.closedAt);
    expect(c.events.map((e) => e.action)).toEqual([
      'SUBMIT',
      'DISPATCH',
      'SIGN',
      'REPLY',
      'RESOLVE',
      'RESOLVE',
      'REOPEN',
      'RESOLVE',
      'SUPPLEMENT',
      'CONFIRM',
    ]);
    expect(c.clock.map((s) => [s.step, s.met])).toEqual([
      ['DISPATCH', true],
      ['SIGN', true],
      ['REPLY', true],
      ['RESOLVE', true],
      ['REPORT', true],
    ]);

    // Every step told someone, through the outbox, once per event.
    const sent = await conn
      .select({ key: outbox.idempotencyKey, topic: outbox.topic, payload: outbox.payload })
      .from(outbox)
      .where(like(outbox.idempotencyKey, `%:${m.id}:%`))
      .orderBy(asc(outbox.id));
    const byTopic = (topic: string) =>
      sent
        .filter((x) => x.topic === topic)
        .map((x) => `${String(x.payload.channel)}→${JSON.stringify(x.payload.to ?? x.payload.phone)}`);
    expect(byTopic('matter.received')).toEqual(['sms→"13812345678"', `inbox→{"enterprise":"${A}"}`]);
    expect(byTopic('matter.dispatched')).toEqual(['inbox→{"dept":"hrss","county":"410422"}']);
    expect(byTopic('matter.signed')).toEqual([`inbox→{"enterprise":"${A}"}`]);
    expect(byTopic('matter.replied')).toEqual(['sms→"13812345678"', `inbox→{"enterprise":"${A}"}`]);
    expect(byTopic('matter.partlyResolved')).toHaveLength(2);
    expect(byTopic('matter.resolved')).toHaveLength(4);
    expect(byTopic('matter.reopened')).toEqual([
      'inbox→{"dept":"hrss","county":"410422"}',
      'inbox→{"dept":"ndrc","county":"410422"}',
    ]);
    expect(byTopic('matter.supplemented')).toEqual(['inbox→{"dept":"hrss","county":"410422"}']);
    expect(byTopic('matter.confirmed')).toEqual(['inbox→{"dept":"hrss","county":"410422"}']);
  });

  it('lets the city dispatcher send a matter to another county, and 发改委 keep one itself', async () => {
    const m = await submitted();
    const d = await step('cityDispatcher', 'dispatch', {
      id: m.id,
      input: { departmentCode: 'miit', countyCode: '410400' },
    });
    expect(d).toMatchObject({ department: { code: 'miit' }, county: { code: '410400' } });
    const own = await submitted();
    await step('dispatcher', 'dispatch', { id: own.id, input: { departmentCode: 'ndrc' } });
    const s = await step('dispatcher', 'sign', { id: own.id });
    expect(s).toMatchObject({ status: 'SIGNED', firstAcceptorDepartment: { code: 'ndrc' } });
  });
});

describe('refusals, step by step', () => {
  it('dispatchMatter', async () => {
    const m = await submitted();
    const vars = { id: m.id, input: { departmentCode: 'hrss' } };
    const refused: Array<[RoleName, string]> = [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['enterpriseB', 'FORBIDDEN'],
      ['analyst', 'FORBIDDEN'],
      ['leader', 'FORBIDDEN'],
      // 发改委 of 郏县 may not see a matter of 叶县; 人社局 sees nothing before it is dispatched to it.
      ['jiaDispatcher', 'NOT_FOUND'],
      ['hrss', 'NOT_FOUND'],
    ];
    for (const [role, code] of refused) expect(codeOf(await run(role, M.dispatch, vars)), role).toBe(code);
    const outside = await run('dispatcher', M.dispatch, {
      id: m.id,
      input: { departmentCode: 'hrss', countyCode: '410425' },
    });
    expect(codeOf(outside)).toBe('FORBIDDEN');
    const bad = await run('dispatcher', M.dispatch, { id: m.id, input: { departmentCode: 'police' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.departmentCode' });
    await step('dispatcher', 'dispatch', vars);
    expect(codeOf(await run('cityDispatcher', M.dispatch, vars))).toBe('CONFLICT');
    const [row] = await conn.select().from(matters).where(eq(matters.id, m.id));
    expect(row).toMatchObject({ status: 'DISPATCHED', departmentCode: 'hrss' });
  });

  it('signMatter', async () => {
    const m = await submitted();
    expect(codeOf(await run('dispatcher', M.sign, { id: m.id }))).toBe('CONFLICT');
    await step('dispatcher', 'dispatch', { id: m.id, input: { departmentCode: 'hrss' } });
    // 发改委 sees the matter but it is 人社局's to sign; 工信局 does not see it.
    expect(codeOf(await run('dispatcher', M.sign, { id: m.id }))).toBe('FORBIDDEN');
    expect(codeOf(await run('miit', M.sign, { id: m.id }))).toBe('NOT_FOUND');
    expect(codeOf(await run('enterpriseA', M.sign, { id: m.id }))).toBe('FORBIDDEN');
    expect(codeOf(await run('admin', M.sign, { id: m.id }))).toBe('FORBIDDEN');
    await step('hrss', 'sign', { id: m.id });
    expect(codeOf(await run('hrss', M.sign, { id: m.id }))).toBe('CONFLICT');
  });

  it('replyMatter and resolveMatter', async () => {
    const d = await submitted();
    await step('dispatcher', 'dispatch', { id: d.id, input: { departmentCode: 'hrss' } });
    const reply = { reply: '已收到。' };
    expect(codeOf(await run('hrss', M.reply, { id: d.id, input: reply }))).toBe('CONFLICT');
    const m = await signed();
    expect(codeOf(await run('hrss', M.resolve, { id: m.id, input: { resolution: '已办。' } }))).toBe('CONFLICT');
    expect(codeOf(await run('dispatcher', M.reply, { id: m.id, input: reply }))).toBe('FORBIDDEN');
    expect(codeOf(await run('enterpriseA', M.reply, { id: m.id, input: reply }))).toBe('FORBIDDEN');
    expect(codeOf(await run('miit', M.reply, { id: m.id, input: reply }))).toBe('NOT_FOUND');
    const blank = await run('hrss', M.reply, { id: m.id, input: { reply: '  ' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reply' });
    await step('hrss', 'reply', { id: m.id, input: reply });
    const noDate = await run('hrss', M.resolve, { id: m.id, input: { resolution: '部分办结。', remaining: '余下。' } });
    expect(noDate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.promisedOn' });
    const past = await run('hrss', M.resolve, {
      id: m.id,
      input: { resolution: '部分办结。', remaining: '余下。', promisedOn: '2025-01-01' },
    });
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.promisedOn' });
    // 30 February of a later year is not a day: refused, never stored as a promise.
    const impossible = await run('hrss', M.resolve, {
      id: m.id,
      input: { resolution: '部分办结。', remaining: '余下。', promisedOn: '2099-02-30' },
    });
    expect(impossible.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.promisedOn' });
    expect(impossible.errors?.[0]?.message).toBe('input.promisedOn: must be an existing day YYYY-MM-DD');
    expect(codeOf(await run('dispatcher', M.resolve, { id: m.id, input: { resolution: '已办。' } }))).toBe('FORBIDDEN');
    await step('hrss', 'resolve', { id: m.id, input: { resolution: '已办。' } });
    expect(codeOf(await run('hrss', M.resolve, { id: m.id, input: { resolution: '再办。' } }))).toBe('CONFLICT');
  });

  it('confirmMatter, reopenMatter and supplementMatter', async () => {
    const open = await replied();
    expect(codeOf(await run('enterpriseA', M.confirm, { id: open.id }))).toBe('CONFLICT');
    expect(codeOf(await run('enterpriseA', M.reopen, { id: open.id, input: { reason: '不满意。' } }))).toBe('CONFLICT');
    const m = await resolved();
    expect(codeOf(await run('enterpriseB', M.confirm, { id: m.id }))).toBe('NOT_FOUND');
    expect(codeOf(await run('hrss', M.confirm, { id: m.id }))).toBe('FORBIDDEN');
    expect(codeOf(await run('dispatcher', M.reopen, { id: m.id, input: { reason: '不满意。' } }))).toBe('FORBIDDEN');
    const noReason = await run('enterpriseA', M.reopen, { id: m.id, input: { reason: '' } });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    expect(codeOf(await run('hrss', M.supplement, { id: m.id, input: { information: '补充。' } }))).toBe('FORBIDDEN');
    await step('enterpriseA', 'confirm', { id: m.id });
    expect(codeOf(await run('enterpriseA', M.confirm, { id: m.id }))).toBe('CONFLICT');
    expect(codeOf(await run('enterpriseA', M.reopen, { id: m.id, input: { reason: '不满意。' } }))).toBe('CONFLICT');
    expect(codeOf(await run('enterpriseA', M.supplement, { id: m.id, input: { information: '补充。' } }))).toBe(
      'CONFLICT',
    );
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(codeOf(await run('enterpriseA', M.confirm, { id: missing }))).toBe('NOT_FOUND');
    const malformed = await run('enterpriseA', M.confirm, { id: 'x' });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('lets only one of two racing steps through', async () => {
    const m = await submitted();
    const vars = { id: m.id, input: { departmentCode: 'hrss' } };
    const results = await Promise.all([run('dispatcher', M.dispatch, vars), run('cityDispatcher', M.dispatch, vars)]);
    expect(results.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    const events = await conn.select().from(matterEvents).where(eq(matterEvents.subjectId, m.id));
    expect(events.map((e) => e.action)).toEqual(['SUBMIT', 'DISPATCH']);
  });
});

describe('the clock', () => {
  it('counts working days left across the National Day holiday and its make-up Saturday', () => {
    // Due at the end of 9 October 2026 (a working day); 1–7 October are off, Saturday 10 October is worked.
    const due = new Date('2026-10-09T15:59:59.999Z');
    expect(workingDaysLeft(due, new Date('2026-09-30T02:00:00Z'))).toBe(2);
    expect(workingDaysLeft(due, new Date('2026-10-03T02:00:00Z'))).toBe(2);
    expect(workingDaysLeft(due, new Date('2026-10-09T02:00:00Z'))).toBe(0);
    // The make-up Saturday is the first working day past the deadline.
    expect(workingDaysLeft(due, new Date('2026-10-10T02:00:00Z'))).toBe(-1);
    expect(workingDaysLeft(due, new Date('2026-10-12T02:00:00Z'))).toBe(-2);
  });

  it('shows each stage met, late, or overdue', async () => {
    // Dispatched on the Friday before the 2026 National Day holiday (30 September is a working day).
    const at = new Date('2026-09-30T02:00:00Z');
    const [row] = await conn
      .insert(matters)
      .values({
        referenceNo: 'SQ-20260930-9001',
        kind: 'REQUEST',
        category: 'EMPLOYMENT',
        title: '用工',
        content: '用工',
        enterpriseCode: A,
        contactName: '王伟',
        contactPhone: '13812345678',
        status: 'REPLIED',
        clockProfile: '13710',
        submittedAt: at,
        dispatchDueAt: workingDeadline(at, 1),
        dispatchedAt: at,
        signDueAt: workingDeadline(at, 1),
        replyDueAt: workingDeadline(at, 3),
        resolveDueAt: workingDeadline(at, 7),
        reportDueAt: workingDeadline(at, 10),
        signedAt: new Date('2026-10-08T03:00:00Z'),
        repliedAt: new Date('2026-10-12T03:00:00Z'),
        departmentCode: 'hrss',
        countyCode: '410422',
      })
      .returning();
    const res = await run<{ matter: MatterView }>('hrss', `query($id: ID!) { matter(id: $id) { ${FIELDS} overdue } }`, {
      id: row!.id,
    });
    const clock = res.data!.matter.clock;
    expect(clock.map((s) => [s.step, s.dueAt, s.met, s.overdue])).toEqual([
      ['DISPATCH', '2026-10-08T15:59:59.999Z', true, false],
      // Signed on 8 October, the first working day after the holiday: in time.
      ['SIGN', '2026-10-08T15:59:59.999Z', true, false],
      // Replied on Monday 12 October, after the make-up Saturday deadline: late.
      ['REPLY', '2026-10-10T15:59:59.999Z', false, true],
      // Not resolved, and long past the deadline.
      ['RESOLVE', '2026-10-15T15:59:59.999Z', false, true],
      ['REPORT', '2026-10-20T15:59:59.999Z', false, true],
    ]);
    expect(res.data!.matter.overdue).toBe(true);
    const resolve = res.data!.matter.clock[3]!;
    expect(resolve.workingDaysLeft).toBeLessThan(0);
    expect(resolve.hoursLeft).toBeLessThan(0);
  });
});
