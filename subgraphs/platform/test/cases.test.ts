/**
 * Cases (办件) through GraphQL: the steps with their instants, handling units, messages and deadline; the enterprise's
 * one list across departments; refusals per role; overdue cases, the monthly figures, and licence reminders.
 */
import type { Database } from '@qq/db/client';
import { cases, enterprises, jobRuns, licences, outbox, services } from '@qq/db/schema/platform';
import { demoEnterprises } from '@qq/db/seed';
import { seedReference } from '@qq/db/seed/platform';
import { runJobOnce, workingDeadline } from '@qq/kit';
import {
  createTestDatabase,
  execute,
  statementCounter,
  tokenFor,
  type GraphQLResult,
  type TestDatabase,
} from '@qq/kit/testing';
import { asc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenceReminders } from '../src/facilitation.jobs.ts';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
const twelve = demoEnterprises(12);
const entA = twelve[4]!;
const entB = twelve[6]!;
const t = {} as Record<
  'a' | 'b' | 'mofcomCity' | 'mofcomYexian' | 'hrssCity' | 'bigdataCity' | 'analyst' | 'admin' | 'leader',
  string
>;
const svc = {} as Record<'mofcom' | 'hrss' | 'draft', string>;

const CASE = `id referenceNo status channel serviceName handlingUnit applicantName applicantPhone
  enterprise { creditCode name } department { code } county { code }
  appliedAt receivedAt acceptedAt processingAt concludedAt rejectedAt returnedAt dueAt overdue timeLimitDays
  outcome reason licence { name number expiresOn department { code } }
  events { action fromStatus toStatus at handlingUnit actorRole note } availableActions`;

type C = Record<string, unknown> & {
  id: string;
  status: string;
  events: Array<Record<string, unknown>>;
  availableActions: string[];
};

function run<T = Record<string, unknown>>(token: string | undefined, query: string, variables?: object) {
  return execute<T>(server, query, { token, variables: variables as Record<string, unknown> });
}
const codeOf = (res: GraphQLResult) => res.errors?.[0]?.extensions?.code;

async function receive(token: string, input: Record<string, unknown>) {
  const res = await run<{ receiveCase: C }>(
    token,
    `mutation($input: ReceiveCaseInput!) { receiveCase(input: $input) { ${CASE} } }`,
    { input },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.receiveCase;
}

const step = (token: string | undefined, name: string, id: string, extra = '') =>
  run<Record<string, C>>(token, `mutation($id: ID!) { ${name}(id: $id${extra}) { ${CASE} } }`, { id });

async function insertService(values: Partial<typeof services.$inferInsert>) {
  const [row] = await conn
    .insert(services)
    .values({
      name: '对外贸易经营者备案登记',
      category: 'TRADE',
      conditions: '依法办理工商登记的经营者。',
      materials: ['备案登记表'],
      timeLimitDays: 5,
      fees: '不收费',
      onlineUrl: 'https://pds.hnzwfw.gov.cn/',
      status: 'PUBLISHED',
      publishedAt: new Date(),
      createdBy: 'seed',
      departmentCode: 'mofcom',
      countyCode: '410400',
      ...values,
    })
    .returning();
  return row!.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  await seedReference(conn);
  await conn.insert(enterprises).values(twelve);
  server = createServer({ db: await db.connectAs('platform') });
  await server.start();
  t.a = await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: entA.creditCode });
  t.b = await tokenFor({ sub: 'ent-b', role: 'enterprise', enterprise: entB.creditCode });
  t.mofcomCity = await tokenFor({ sub: 'mofcom-city', role: 'staff', dept: 'mofcom', county: '410400' });
  t.mofcomYexian = await tokenFor({ sub: 'mofcom-yexian', role: 'staff', dept: 'mofcom', county: '410422' });
  t.hrssCity = await tokenFor({ sub: 'hrss-city', role: 'staff', dept: 'hrss', county: '410400' });
  t.bigdataCity = await tokenFor({ sub: 'bigdata-city', role: 'staff', dept: 'bigdata', county: '410400' });
  t.analyst = await tokenFor({ sub: 'analyst-1', role: 'analyst' });
  t.admin = await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' });
  t.leader = await tokenFor({ sub: 'leader-1', role: 'leader' });
  svc.mofcom = await insertService({ issuesLicence: true, name: '成品油零售经营资格审批' });
  svc.hrss = await insertService({
    name: '单位参保登记',
    category: 'SOCIAL_SECURITY',
    departmentCode: 'hrss',
    timeLimitDays: 1,
  });
  svc.draft = await insertService({ name: '草稿事项', status: 'DRAFT', publishedAt: null });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('a case through its steps', () => {
  it('receives online, accepts with the legal deadline, processes and concludes with a licence, telling the enterprise each step', async () => {
    const received = await receive(t.a, {
      serviceId: svc.mofcom,
      applicantName: '王建军',
      applicantPhone: '13937500001',
    });
    expect(received).toMatchObject({
      status: 'RECEIVED',
      channel: 'ONLINE',
      serviceName: '成品油零售经营资格审批',
      handlingUnit: '市商务局',
      enterprise: { creditCode: entA.creditCode, name: entA.name },
      department: { code: 'mofcom' },
      county: { code: '410400' },
      dueAt: null,
      overdue: false,
      availableActions: [],
    });
    expect(received.referenceNo).toMatch(/^BJ\d{14}$/);
    const id = received.id;
    expect(
      (await run<{ case: C }>(t.mofcomCity, `query($id: ID!) { case(id: $id) { availableActions } }`, { id })).data!
        .case.availableActions,
    ).toEqual(['ACCEPT', 'REJECT', 'RETURN']);

    const accepted = (await step(t.mofcomCity, 'acceptCase', id, ', handlingUnit: "市商务局市场运行科"')).data!
      .acceptCase!;
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.handlingUnit).toBe('市商务局市场运行科');
    expect(accepted.dueAt).toBe(workingDeadline(new Date(accepted.acceptedAt as string), 5).toISOString());
    const processing = (await step(t.mofcomCity, 'processCase', id)).data!.processCase!;
    expect(processing.status).toBe('PROCESSING');

    const concluded = await run<{ concludeCase: C }>(
      t.mofcomCity,
      `mutation($input: ConcludeCaseInput!) { concludeCase(input: $input) { ${CASE} } }`,
      { input: { id, outcome: 'APPROVED', licence: { number: '豫平油零2026001', expiresOn: '2031-06-30' } } },
    );
    expect(concluded.errors).toBeUndefined();
    const c = concluded.data!.concludeCase;
    expect(c).toMatchObject({
      status: 'CONCLUDED',
      outcome: 'APPROVED',
      overdue: false,
      licence: {
        name: '成品油零售经营资格审批',
        number: '豫平油零2026001',
        expiresOn: '2031-06-30',
        department: { code: 'mofcom' },
      },
      availableActions: [],
    });
    expect(c.events.map((e) => [e.action, e.fromStatus, e.toStatus, e.handlingUnit, e.actorRole])).toEqual([
      ['RECEIVE', null, 'RECEIVED', '市商务局', 'enterprise'],
      ['ACCEPT', 'RECEIVED', 'ACCEPTED', '市商务局市场运行科', 'staff'],
      ['PROCESS', 'ACCEPTED', 'PROCESSING', '市商务局市场运行科', 'staff'],
      ['CONCLUDE', 'PROCESSING', 'CONCLUDED', '市商务局市场运行科', 'staff'],
    ]);

    const sent = await conn
      .select()
      .from(outbox)
      .where(like(outbox.idempotencyKey, `case.%${id}%`))
      .orderBy(asc(outbox.id));
    expect(sent.map((m) => [m.topic, m.channel])).toEqual([
      ['case.received', 'inbox'],
      ['case.accepted', 'inbox'],
      ['case.processing', 'inbox'],
      ['case.concluded', 'inbox'],
      ['case.concluded', 'sms'],
    ]);
    expect(sent[1]!.payload).toMatchObject({ to: { enterprise: entA.creditCode } });
    expect(String(sent[1]!.payload.text)).toContain('法定办结时限5个工作日');
    expect(sent[4]!.payload).toMatchObject({ phone: '13937500001' });

    const own = await run<{ enterprise: { licences: unknown[] } }>(
      t.a,
      `query($c: String!) { enterprise(creditCode: $c) { licences { number expiresOn } } }`,
      { c: entA.creditCode },
    );
    expect(own.data!.enterprise.licences).toEqual([{ number: '豫平油零2026001', expiresOn: '2031-06-30' }]);
    const other = await run(t.b, `query($c: String!) { enterprise(creditCode: $c) { licences { number } } }`, {
      c: entA.creditCode,
    });
    expect(codeOf(other)).toBe('FORBIDDEN');
  });

  it('returns a case for correction and takes the resubmission; refuses another with a reason', async () => {
    const kase = await receive(t.mofcomCity, {
      serviceId: svc.mofcom,
      enterpriseCode: entB.creditCode,
      applicantName: '刘芳',
      handlingUnit: '市民服务中心三楼商务窗口',
    });
    expect(kase).toMatchObject({ channel: 'OFFICE', handlingUnit: '市民服务中心三楼商务窗口' });
    const returned = (await step(t.mofcomCity, 'returnCase', kase.id, ', reason: "安全评价报告未盖章"')).data!
      .returnCase!;
    expect(returned).toMatchObject({ status: 'RETURNED', reason: '安全评价报告未盖章' });
    expect(
      (await run<{ case: C }>(t.b, `query($id: ID!) { case(id: $id) { availableActions } }`, { id: kase.id })).data!
        .case.availableActions,
    ).toEqual(['RESUBMIT']);
    const again = (await step(t.b, 'resubmitCase', kase.id)).data!.resubmitCase!;
    expect(again).toMatchObject({ status: 'RECEIVED', reason: null, handlingUnit: '市民服务中心三楼商务窗口' });
    const refused = (await step(t.mofcomCity, 'rejectCase', kase.id, ', reason: "不符合成品油零售网点规划"')).data!
      .rejectCase!;
    expect(refused).toMatchObject({ status: 'REJECTED', reason: '不符合成品油零售网点规划', availableActions: [] });
    expect(refused.events.map((e) => e.action)).toEqual(['RECEIVE', 'RETURN', 'RESUBMIT', 'REJECT']);
    expect(refused.events[1]).toMatchObject({ note: '安全评价报告未盖章' });
  });
});

describe('who sees which cases', () => {
  it("lists all of an enterprise's cases across departments for it, and each unit's for its staff", async () => {
    const hrss = await receive(t.a, { serviceId: svc.hrss, applicantName: '王建军', applicantPhone: '13937500001' });
    const list = async (token: string | undefined, filter: object = {}) => {
      const res = await run<{
        cases: { totalCount: number; nodes: Array<{ id: string; department: { code: string } }> };
      }>(
        token,
        `query($f: CaseFilter) { cases(first: 100, filter: $f) { totalCount nodes { id department { code } applicantName applicantPhone } } }`,
        { f: filter },
      );
      return res;
    };
    const mine = (await list(t.a)).data!.cases;
    expect(new Set(mine.nodes.map((n) => n.department.code))).toEqual(new Set(['mofcom', 'hrss']));
    expect(mine.totalCount).toBe(mine.nodes.length);
    const b = (await list(t.b)).data!.cases;
    expect(b.nodes.every((n) => !mine.nodes.some((m) => m.id === n.id))).toBe(true);
    const hrssStaff = (await list(t.hrssCity)).data!.cases;
    expect(hrssStaff.nodes.map((n) => n.id)).toEqual([hrss.id]);
    // The county clerk of 商务局 handles 叶县's services, not the city's.
    expect((await list(t.mofcomYexian)).data!.cases.totalCount).toBe(0);
    const all = (await list(t.bigdataCity)).data!.cases.totalCount;
    expect(all).toBe((await list(t.admin)).data!.cases.totalCount);
    expect(all).toBeGreaterThanOrEqual(3);
    const masked = await list(t.analyst, { enterpriseCode: entA.creditCode, status: 'RECEIVED' });
    expect(masked.data!.cases.nodes).toContainEqual(
      expect.objectContaining({ id: hrss.id, applicantName: '王**', applicantPhone: '139****0001' }),
    );
    expect(codeOf(await list(undefined))).toBe('UNAUTHENTICATED');
    expect((await list(t.leader)).data!.cases.totalCount).toBe(0);
    // A case another enterprise or department may not see is null, as a missing one.
    for (const token of [t.b, t.mofcomCity, t.mofcomYexian]) {
      expect((await run(token, `query($id: ID!) { case(id: $id) { id } }`, { id: hrss.id })).data).toEqual({
        case: null,
      });
    }
  });

  it("answers Enterprise.cases: the enterprise's whole list for itself, its scope for staff, FORBIDDEN for others", async () => {
    const ofA = async (token: string | undefined, args = 'first: 100') => {
      const res = await run<{
        enterprise: {
          name: string;
          cases: { totalCount: number; nodes: Array<{ id: string; status: string; department: { code: string } }> };
        };
      }>(
        token,
        `query($code: String!) { enterprise(creditCode: $code) { name cases(${args}) {
           totalCount nodes { id status department { code } } } } }`,
        { code: entA.creditCode },
      );
      return res;
    };
    const all = (await run<{ cases: { nodes: Array<{ id: string; status: string; department: { code: string } }> } }>(
      t.a,
      `{ cases(first: 100) { nodes { id status department { code } } } }`,
    ))!.data!.cases.nodes;
    const own = (await ofA(t.a)).data!.enterprise.cases;
    expect(own.nodes).toEqual(all);
    expect(own.totalCount).toBe(all.length);
    expect(new Set(own.nodes.map((n) => n.department.code))).toEqual(new Set(['mofcom', 'hrss']));
    // Staff read the enterprise's cases of their unit only; the Big Data Bureau's every department's.
    const hrss = (await ofA(t.hrssCity)).data!.enterprise.cases;
    expect(hrss.nodes.map((n) => n.id)).toEqual(all.filter((n) => n.department.code === 'hrss').map((n) => n.id));
    expect((await ofA(t.bigdataCity)).data!.enterprise.cases.totalCount).toBe(all.length);
    expect((await ofA(t.mofcomYexian)).data!.enterprise.cases.totalCount).toBe(0);
    const received = (await ofA(t.a, 'first: 100, status: RECEIVED')).data!.enterprise.cases;
    expect(received.nodes.map((n) => n.id)).toEqual(all.filter((n) => n.status === 'RECEIVED').map((n) => n.id));
    const paged = (await ofA(t.a, 'first: 1')).data!.enterprise.cases;
    expect(paged.nodes).toEqual(all.slice(0, 1));
    // Another enterprise, a leader and anonymous callers get the registry's particulars, not the cases.
    for (const token of [t.b, t.leader, undefined]) {
      const res = await ofA(token);
      expect(res.data!.enterprise).toEqual({ name: entA.name, cases: null });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('refusals', () => {
  it('refuses steps by role, state and input', async () => {
    const kase = await receive(t.a, { serviceId: svc.mofcom, applicantName: '王建军' });
    expect(codeOf(await step(t.a, 'acceptCase', kase.id))).toBe('FORBIDDEN');
    expect(codeOf(await step(t.hrssCity, 'acceptCase', kase.id))).toBe('NOT_FOUND');
    expect(codeOf(await step(t.mofcomYexian, 'acceptCase', kase.id))).toBe('NOT_FOUND');
    expect(codeOf(await step(t.admin, 'acceptCase', kase.id))).toBe('FORBIDDEN');
    expect(codeOf(await step(t.b, 'resubmitCase', kase.id))).toBe('NOT_FOUND');
    expect(codeOf(await step(t.a, 'resubmitCase', kase.id))).toBe('CONFLICT');
    expect(codeOf(await step(t.mofcomCity, 'processCase', kase.id))).toBe('CONFLICT');
    const noReason = await step(t.mofcomCity, 'rejectCase', kase.id, ', reason: ""');
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const conclude = (input: object) =>
      run(t.mofcomCity, `mutation($input: ConcludeCaseInput!) { concludeCase(input: $input) { id } }`, { input });
    expect(codeOf(await conclude({ id: kase.id, outcome: 'APPROVED' }))).toBe('CONFLICT');
    expect((await conclude({ id: kase.id, outcome: 'DENIED' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.reason',
    });
    const badInput = async (token: string, input: object, field: string, code = 'BAD_USER_INPUT') => {
      const res = await run(token, `mutation($input: ReceiveCaseInput!) { receiveCase(input: $input) { id } }`, {
        input,
      });
      expect(res.errors?.[0]?.extensions).toMatchObject(code === 'BAD_USER_INPUT' ? { code, field } : { code });
    };
    await badInput(t.mofcomCity, { serviceId: svc.mofcom, applicantName: '刘芳' }, 'input.enterpriseCode');
    await badInput(
      t.mofcomCity,
      { serviceId: svc.mofcom, applicantName: '刘芳', enterpriseCode: '91410400MA000000XX' },
      'input.enterpriseCode',
    );
    await badInput(t.a, { serviceId: svc.mofcom, applicantName: '王', applicantPhone: '12345' }, 'input.applicantName');
    await badInput(
      t.a,
      { serviceId: svc.mofcom, applicantName: '王建军', applicantPhone: '12345' },
      'input.applicantPhone',
    );
    await badInput(t.a, { serviceId: 'x', applicantName: '王建军' }, 'input.serviceId');
    await badInput(t.a, { serviceId: svc.draft, applicantName: '王建军' }, '', 'NOT_FOUND');
    await badInput(
      t.mofcomCity,
      { serviceId: svc.draft, applicantName: '王建军', enterpriseCode: entB.creditCode },
      '',
      'CONFLICT',
    );
    await badInput(
      t.a,
      { serviceId: svc.mofcom, applicantName: '王建军', enterpriseCode: entB.creditCode },
      '',
      'FORBIDDEN',
    );
    // Staff of another department may not receive for 商务局's service.
    await badInput(
      t.hrssCity,
      { serviceId: svc.mofcom, applicantName: '王建军', enterpriseCode: entB.creditCode },
      '',
      'FORBIDDEN',
    );
    expect(
      codeOf(
        await run(t.analyst, `mutation($input: ReceiveCaseInput!) { receiveCase(input: $input) { id } }`, {
          input: { serviceId: svc.mofcom, applicantName: '王建军', enterpriseCode: entB.creditCode },
        }),
      ),
    ).toBe('FORBIDDEN');
  });
});

describe('deadlines and figures', () => {
  const base = (values: Partial<typeof cases.$inferInsert>): typeof cases.$inferInsert => ({
    referenceNo: `BJ${Math.random().toString().slice(2, 16)}`,
    serviceId: svc.mofcom,
    serviceName: '成品油零售经营资格审批',
    timeLimitDays: 5,
    enterpriseCode: entA.creditCode,
    applicantName: '王建军',
    channel: 'ONLINE',
    status: 'RECEIVED',
    handlingUnit: '叶县商务局',
    appliedAt: new Date('2026-03-02T01:00:00Z'),
    receivedAt: new Date('2026-03-02T01:00:00Z'),
    lastStepAt: new Date('2026-03-02T01:00:00Z'),
    departmentCode: 'mofcom',
    countyCode: '410422',
    ...values,
  });

  it('marks open cases past their deadline overdue and counts the month per department and unit', async () => {
    const accepted = new Date('2026-03-03T02:00:00Z');
    const due = workingDeadline(accepted, 5);
    await conn.insert(cases).values([
      // received in March, still open past its deadline: overdue
      base({ status: 'ACCEPTED', acceptedAt: accepted, dueAt: due }),
      // received and concluded on time in March
      base({
        status: 'CONCLUDED',
        acceptedAt: accepted,
        dueAt: due,
        concludedAt: new Date('2026-03-05T02:00:00Z'),
        outcome: 'APPROVED',
      }),
      // concluded late in March
      base({
        status: 'CONCLUDED',
        acceptedAt: accepted,
        dueAt: due,
        concludedAt: new Date('2026-03-20T02:00:00Z'),
        outcome: 'APPROVED',
      }),
      // another department, received in March
      base({ departmentCode: 'hrss', countyCode: '410425' }),
      // received in February
      base({ receivedAt: new Date('2026-02-10T02:00:00Z'), appliedAt: new Date('2026-02-10T02:00:00Z') }),
    ]);
    const overdue = await run<{ cases: { nodes: Array<{ overdue: boolean; status: string }> } }>(
      t.mofcomYexian,
      `{ cases(first: 50, filter: { overdue: true }) { nodes { overdue status } } }`,
    );
    expect(overdue.data!.cases.nodes.map((n) => `${n.status}:${n.overdue}`).sort()).toEqual([
      'ACCEPTED:true',
      'CONCLUDED:true',
    ]);

    const figures = await run(
      t.leader,
      `{ department(code: "mofcom") { serviceFigures(month: "2026-03") { month received concludedOnTime concludedLate overdue } }
         yexian: county(code: "410422") { serviceFigures(month: "2026-03") { received concludedOnTime concludedLate overdue } }
         jiaxian: county(code: "410425") { serviceFigures(month: "2026-03") { received overdue } }
         city: county(code: "410400") { serviceFigures(month: "2026-03") { received } }
         feb: county(code: "410422") { serviceFigures(month: "2026-02") { received } } }`,
    );
    expect(figures.errors).toBeUndefined();
    expect(figures.data).toEqual({
      department: {
        serviceFigures: { month: '2026-03', received: 3, concludedOnTime: 1, concludedLate: 1, overdue: 2 },
      },
      yexian: { serviceFigures: { received: 3, concludedOnTime: 1, concludedLate: 1, overdue: 2 } },
      jiaxian: { serviceFigures: { received: 1, overdue: 0 } },
      city: { serviceFigures: { received: 4 } },
      feb: { serviceFigures: { received: 1 } },
    });
    const bad = await run(t.leader, `{ department(code: "mofcom") { serviceFigures(month: "2026-13") { received } } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    // The evaluation's figures are for staff, leaders, analysts, admins and systems, not the public.
    for (const token of [undefined, t.a]) {
      const refused = await run(
        token,
        `{ county(code: "410422") { name serviceFigures(month: "2026-03") { received } } }`,
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    for (const token of [t.mofcomYexian, t.analyst, t.admin]) {
      const read = await run(token, `{ county(code: "410422") { serviceFigures(month: "2026-03") { received } } }`);
      expect(read.data).toEqual({ county: { serviceFigures: { received: 3 } } });
    }
  });

  it('counts every unit and month of a list in one statement, with the same numbers as asked one by one', async () => {
    const counter = statementCounter();
    const counted = createServer({ db: await db.connectAs('platform', { onQuery: counter.onQuery }) });
    await counted.start();
    try {
      const FIELDS = 'month received concludedOnTime concludedLate overdue';
      const figureStatements = () => counter.statements.filter((q) => q.includes('month_from')).length;
      const byDepartment = await execute<{ departments: Array<{ code: string; march: object; feb: object }> }>(
        counted,
        `{ departments { code march: serviceFigures(month: "2026-03") { ${FIELDS} } feb: serviceFigures(month: "2026-02") { ${FIELDS} } } }`,
        { token: t.leader },
      );
      expect(byDepartment.errors).toBeUndefined();
      // Seven departments, two months each: one statement.
      expect(figureStatements()).toBe(1);
      counter.reset();
      const byCounty = await execute<{ counties: Array<{ code: string; march: object }> }>(
        counted,
        `{ counties { code march: serviceFigures(month: "2026-03") { ${FIELDS} } } }`,
        { token: t.leader },
      );
      expect(byCounty.errors).toBeUndefined();
      expect(figureStatements()).toBe(1);
      const batched = { data: { ...byDepartment.data!, ...byCounty.data! } };
      const { departments, counties } = batched.data!;
      expect(departments.length).toBeGreaterThanOrEqual(7);
      expect(counties.length).toBe(13);
      for (const d of departments) {
        const one = await run<{ department: { march: object; feb: object } }>(
          t.leader,
          `query($c: String!) { department(code: $c) { march: serviceFigures(month: "2026-03") { ${FIELDS} } feb: serviceFigures(month: "2026-02") { ${FIELDS} } } }`,
          { c: d.code },
        );
        expect({ march: d.march, feb: d.feb }).toEqual(one.data!.department);
      }
      for (const c of counties) {
        const one = await run<{ county: { march: object } }>(
          t.leader,
          `query($c: String!) { county(code: $c) { march: serviceFigures(month: "2026-03") { ${FIELDS} } } }`,
          { c: c.code },
        );
        expect(c.march).toEqual(one.data!.county.march);
      }
      expect(departments.find((d) => d.code === 'mofcom')!.march).toEqual({
        month: '2026-03',
        received: 3,
        concludedOnTime: 1,
        concludedLate: 1,
        overdue: 2,
      });
      expect(counties.find((c) => c.code === '410400')!.march).toMatchObject({ received: 4 });
    } finally {
      await counted.stop();
    }
  });
});

describe('licence reminders', () => {
  it('reminds 30 and 7 days before expiry, each once', async () => {
    const now = new Date('2026-06-01T00:30:00Z');
    const lic = (expiresOn: string, number: string) => ({
      enterpriseCode: entB.creditCode,
      name: '食品经营许可证核发',
      number,
      issuedOn: '2021-06-30',
      expiresOn,
      departmentCode: 'bigdata',
      countyCode: '410425',
    });
    const [in20, in5, in40] = await conn
      .insert(licences)
      .values([lic('2026-06-21', 'JY1'), lic('2026-06-06', 'JY2'), lic('2026-07-11', 'JY3')])
      .returning();
    const keys = async () =>
      (
        await conn
          .select()
          .from(outbox)
          .where(like(outbox.idempotencyKey, 'licence.expiring:%'))
          .orderBy(asc(outbox.id))
      ).map((m) => m.idempotencyKey);
    const first = await runJobOnce(conn, jobRuns, licenceReminders, now);
    expect(first.result).toEqual({ reminded: 2 });
    expect(await keys()).toEqual([`licence.expiring:${in5!.id}:7`, `licence.expiring:${in20!.id}:30`]);
    // The same morning again, and the next morning: nothing new.
    expect((await runJobOnce(conn, jobRuns, licenceReminders, now)).ran).toBe(false);
    expect((await runJobOnce(conn, jobRuns, licenceReminders, new Date('2026-06-02T00:30:00Z'))).result).toEqual({
      reminded: 0,
    });
    // Two weeks later the first is within 7 days, the third within 30.
    const later = await runJobOnce(conn, jobRuns, licenceReminders, new Date('2026-06-15T00:30:00Z'));
    expect(later.result).toEqual({ reminded: 2 });
    expect(await keys()).toEqual([
      `licence.expiring:${in5!.id}:7`,
      `licence.expiring:${in20!.id}:30`,
      `licence.expiring:${in20!.id}:7`,
      `licence.expiring:${in40!.id}:30`,
    ]);
    const [message] = await conn
      .select()
      .from(outbox)
      .where(like(outbox.idempotencyKey, `licence.expiring:${in5!.id}:7`));
    expect(message!.payload).toMatchObject({ to: { enterprise: entB.creditCode }, title: '证照7天内到期' });
    expect(String(message!.payload.text)).toContain('2026-06-06');
  });
});
