/**
 * 万人助万企 through GraphQL: officials registered by 万人助万企办 of their county, assigned to enterprises, visits
 * recorded by the official with what the enterprise raised, follow-ups, problems raised as complaints matters through
 * the gateway as 万人助万企办's system (source VISIT) with the matter's id kept, closing; who sees and does what.
 */
import type { Database } from '@qq/db/client';
import { outbox, visitEvents, visitProblems } from '@qq/db/schema/policies';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { graphMatterGateway, setMatterGateway } from '../src/service/matters.ts';
import { A, B, roleTokens } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let li: string;
let wang: string;
let liId: string;
let assignmentA: string;
let assignmentB: string;
let visitId: string;
let problemIds: string[];

type Gql = { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
const run = (token: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
  execute(server, query, { token, variables }) as Promise<Gql>;
const codeOf = (r: Gql) => r.errors?.[0]?.extensions?.code;
const fieldOf = (r: Gql) => r.errors?.[0]?.extensions?.field;
const dataOf = <T>(r: Gql): T => {
  expect(r.errors).toBeUndefined();
  return r.data as T;
};

/** What the fake gateway received, and how it answers next. */
const submitted: Array<{ authorization: string; query: string; input: Record<string, unknown> }> = [];
let answer: 'ok' | 'down' | 'badPhone' = 'ok';
let matterNo = 0;
const fakeGateway = (async (_url: string, init: { body: string; headers: Record<string, string> }) => {
  if (answer === 'down') throw new Error('connect ECONNREFUSED');
  const body = JSON.parse(init.body) as { query: string; variables: { input: Record<string, unknown> } };
  submitted.push({ authorization: init.headers.authorization!, query: body.query, input: body.variables.input });
  if (answer === 'badPhone') {
    return new Response(
      JSON.stringify({
        data: null,
        errors: [
          {
            message: 'input.contactPhone: must be a mainland mobile number or a landline with area code',
            extensions: { code: 'BAD_USER_INPUT', field: 'input.contactPhone' },
          },
        ],
      }),
    );
  }
  matterNo++;
  return new Response(
    JSON.stringify({
      data: {
        submitMatter: {
          id: `0b6f1c9e-2d3a-4e5f-8a7b-00000000000${matterNo}`,
          referenceNo: `SQ20261130000${matterNo}`,
          status: 'SUBMITTED',
        },
      },
    }),
  );
}) as unknown as typeof fetch;

const OFFICIAL = `id userId name position phone department { code } county { code } activeAssignmentCount`;
const ASSIGNMENT = `id status availableActions assignedAt endedAt endReason enterprise { creditCode } county { code }
  official { name phone } events { action fromStatus toStatus actor note }`;
const VISIT = `id status availableActions visitedAt metWith notes closedAt closeNote county { code } department { code }
  official { name } enterprise { creditCode }
  problems { id description matterReference raisedAt matter { id } }
  followUps { note actor } events { action fromStatus toStatus actor note }`;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  tokens = await roleTokens();
  li = await tokenFor({ sub: 'official-li', role: 'staff', dept: 'miit', county: '410422' });
  wang = await tokenFor({ sub: 'official-wang', role: 'staff', dept: 'miit', county: '410422' });
  setMatterGateway(
    graphMatterGateway({
      url: 'http://127.0.0.1:1/graphql',
      token: async (county) => `system-wrzwq-${county}`,
      fetch: fakeGateway,
    }),
  );
});
afterAll(async () => {
  setMatterGateway(null);
  await server?.stop();
  await db?.close();
});

describe('officials and assignments', () => {
  const REGISTER = `mutation($input: RegisterServiceOfficialInput!) { registerServiceOfficial(input: $input) { ${OFFICIAL} } }`;
  const liInput = {
    userId: 'official-li',
    name: '李卫东',
    position: '叶县工信局副局长',
    phone: '0375-8123456',
    departmentCode: 'miit',
  };

  it('lets 万人助万企办 of the county register officials of any department', async () => {
    expect(codeOf(await run(tokens.enterpriseA, REGISTER, { input: liInput }))).toBe('FORBIDDEN');
    expect(codeOf(await run(tokens.otherStaff, REGISTER, { input: liInput }))).toBe('FORBIDDEN');
    expect(codeOf(await run(li, REGISTER, { input: liInput }))).toBe('FORBIDDEN');
    // The 叶县 clerk may not register for 郏县.
    expect(codeOf(await run(tokens.countyClerk, REGISTER, { input: { ...liInput, countyCode: '410425' } }))).toBe(
      'FORBIDDEN',
    );
    const bad = await run(tokens.countyClerk, REGISTER, { input: { ...liInput, phone: '12345' } });
    expect([codeOf(bad), fieldOf(bad)]).toEqual(['BAD_USER_INPUT', 'input.phone']);
    const res = dataOf<{ registerServiceOfficial: Record<string, unknown> }>(
      await run(tokens.countyClerk, REGISTER, { input: liInput }),
    );
    expect(res.registerServiceOfficial).toMatchObject({
      userId: 'official-li',
      name: '李卫东',
      department: { code: 'miit' },
      county: { code: '410422' },
      activeAssignmentCount: 0,
    });
    liId = res.registerServiceOfficial.id as string;
    expect(codeOf(await run(tokens.countyClerk, REGISTER, { input: liInput }))).toBe('CONFLICT');
    await run(tokens.countyClerk, REGISTER, {
      input: { ...liInput, userId: 'official-wang', name: '王建设', phone: '13937561111' },
    });
    const mine = dataOf<{ myServiceOfficial: { name: string } | null }>(
      await run(li, `{ myServiceOfficial { name } }`),
    );
    expect(mine.myServiceOfficial).toEqual({ name: '李卫东' });
    expect(dataOf(await run(tokens.countyClerk, `{ myServiceOfficial { name } }`))).toEqual({
      myServiceOfficial: null,
    });
  });

  it('assigns officials to enterprises of the clerk’s county, tells the enterprise, once per pair', async () => {
    const ASSIGN = `mutation($input: CreateOfficialAssignmentInput!) { createOfficialAssignment(input: $input) { ${ASSIGNMENT} } }`;
    expect(codeOf(await run(li, ASSIGN, { input: { officialId: liId, enterpriseCreditCode: A } }))).toBe('FORBIDDEN');
    // B is in 郏县: not for the 叶县 clerk, but for the city's.
    expect(
      codeOf(await run(tokens.countyClerk, ASSIGN, { input: { officialId: liId, enterpriseCreditCode: B } })),
    ).toBe('FORBIDDEN');
    const unknown = await run(tokens.countyClerk, ASSIGN, {
      input: { officialId: '3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a', enterpriseCreditCode: A },
    });
    expect([codeOf(unknown), fieldOf(unknown)]).toEqual(['BAD_USER_INPUT', 'input.officialId']);
    // An official the caller may not see is answered exactly as an unknown one: 郏县's 万人助万企办 (another county),
    // 人社局's city staff (another department), an admin of 郏县.
    const jiaxian = await tokenFor({ sub: 'wrzwq-jiaxian', role: 'staff', dept: 'wrzwq', county: '410425' });
    const jiaxianAdmin = await tokenFor({ sub: 'admin-jiaxian', role: 'admin', county: '410425' });
    for (const [token, enterprise] of [
      [jiaxian, B],
      [tokens.otherStaff, A],
      [jiaxianAdmin, B],
    ] as const) {
      const hidden = await run(token, ASSIGN, { input: { officialId: liId, enterpriseCreditCode: enterprise } });
      const nothing = await run(token, ASSIGN, {
        input: { officialId: '3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a', enterpriseCreditCode: enterprise },
      });
      expect(hidden.errors).toEqual(nothing.errors);
    }
    expect(fieldOf(await run(jiaxian, ASSIGN, { input: { officialId: liId, enterpriseCreditCode: B } }))).toBe(
      'input.officialId',
    );
    const a = dataOf<{ createOfficialAssignment: Record<string, unknown> }>(
      await run(tokens.countyClerk, ASSIGN, { input: { officialId: liId, enterpriseCreditCode: A } }),
    ).createOfficialAssignment;
    expect(a).toMatchObject({
      status: 'ACTIVE',
      availableActions: ['END'],
      enterprise: { creditCode: A },
      county: { code: '410422' },
      official: { name: '李卫东', phone: '0375-8123456' },
      events: [{ action: 'ASSIGN', fromStatus: null, toStatus: 'ACTIVE', actor: 'wrzwq-yexian' }],
    });
    assignmentA = a.id as string;
    expect(
      codeOf(await run(tokens.countyClerk, ASSIGN, { input: { officialId: liId, enterpriseCreditCode: A } })),
    ).toBe('CONFLICT');
    assignmentB = dataOf<{ createOfficialAssignment: { id: string } }>(
      await run(tokens.cityStaff, ASSIGN, { input: { officialId: liId, enterpriseCreditCode: B } }),
    ).createOfficialAssignment.id;
    const told = await conn.select().from(outbox).where(like(outbox.idempotencyKey, 'official.assigned:%'));
    expect(told.map((m) => m.idempotencyKey).sort()).toEqual(
      [`official.assigned:inbox:${assignmentA}`, `official.assigned:inbox:${assignmentB}`].sort(),
    );
    expect(told.find((m) => m.idempotencyKey.endsWith(assignmentA))!.payload).toMatchObject({
      to: { enterprise: A },
      text: '万人助万企：叶县工信局副局长李卫东为贵企业的助企干部，联系电话0375-8123456，有困难和诉求可随时联系。',
    });
  });

  it('shows officials their own enterprises, 万人助万企办 its county, the enterprise its officials', async () => {
    const LIST = `{ officialAssignments { totalCount nodes { enterprise { creditCode } availableActions canRecordVisit } } }`;
    const total = async (token: string | undefined) =>
      (await run(token, LIST)).data as { officialAssignments: { totalCount: number } } | null;
    expect((await total(li))?.officialAssignments.totalCount).toBe(2);
    expect((await total(tokens.countyClerk))?.officialAssignments.totalCount).toBe(1);
    expect((await total(tokens.cityStaff))?.officialAssignments.totalCount).toBe(2);
    // 人社局 staff: none of theirs; 工信局 colleagues of the same county: their department's officials' (A only).
    expect((await total(tokens.otherStaff))?.officialAssignments.totalCount).toBe(0);
    expect((await total(wang))?.officialAssignments.totalCount).toBe(1);
    expect((await total(tokens.enterpriseA))?.officialAssignments.totalCount).toBe(1);
    expect((await total(tokens.analyst))?.officialAssignments.totalCount).toBe(2);
    expect(codeOf(await run(undefined, LIST))).toBe('UNAUTHENTICATED');
    type Nodes = { officialAssignments: { nodes: Array<{ availableActions: string[]; canRecordVisit: boolean }> } };
    const own = dataOf<Nodes>(await run(li, LIST));
    expect(own.officialAssignments.nodes.map((n) => [n.availableActions, n.canRecordVisit])).toEqual([
      [[], true],
      [[], true],
    ]);
    const clerk = dataOf<Nodes>(await run(tokens.countyClerk, LIST));
    expect(clerk.officialAssignments.nodes.map((n) => [n.availableActions, n.canRecordVisit])).toEqual([
      [['END'], false],
    ]);
    // The enterprise sees who serves it and how to reach them; analysts see the contact masked.
    const ENT = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise {
      serviceOfficials { official { name position phone } } } } }`;
    expect(dataOf(await run(tokens.enterpriseA, ENT, { r: [{ __typename: 'Enterprise', creditCode: A }] }))).toEqual({
      _entities: [
        { serviceOfficials: [{ official: { name: '李卫东', position: '叶县工信局副局长', phone: '0375-8123456' } }] },
      ],
    });
    const masked = dataOf<{
      _entities: Array<{ serviceOfficials: Array<{ official: { name: string; phone: string } }> }>;
    }>(await run(tokens.analyst, ENT, { r: [{ __typename: 'Enterprise', creditCode: A }] }));
    expect(masked._entities[0]!.serviceOfficials[0]!.official.phone).not.toBe('0375-8123456');
    expect(masked._entities[0]!.serviceOfficials[0]!.official.name).not.toBe('李卫东');
    // Another enterprise sees none of A's.
    expect(
      (await run(tokens.enterpriseB, ENT, { r: [{ __typename: 'Enterprise', creditCode: A }] })).data,
    ).toMatchObject({ _entities: [{ serviceOfficials: null }] });
  });
});

describe('visits', () => {
  const RECORD = `mutation($input: RecordVisitInput!) { recordVisit(input: $input) { ${VISIT} } }`;
  const RAISE = `mutation($id: ID!, $input: RaiseProblemFromVisitInput!) { raiseProblemFromVisit(id: $id, input: $input) { ${VISIT} } }`;
  const FOLLOW = `mutation($id: ID!, $input: FollowUpVisitInput!) { followUpVisit(id: $id, input: $input) { ${VISIT} } }`;
  const CLOSE = `mutation($id: ID!, $input: CloseVisitInput) { closeVisit(id: $id, input: $input) { ${VISIT} } }`;
  const visitInput = () => ({
    assignmentId: assignmentA,
    visitedAt: '2026-11-26T02:00:00.000Z',
    metWith: '张总经理',
    notes: '了解企业生产经营、用工和融资情况。',
    problems: ['新厂区用电增容审批进展缓慢', '一线技术工人招工困难'],
  });
  const raiseInput = (problemId: string, over: Record<string, unknown> = {}) => ({
    problemId,
    kind: 'REQUEST',
    category: 'FACTOR_SUPPORT',
    contactName: '张伟',
    contactPhone: '13812345678',
    ...over,
  });

  it('lets only the assigned official record a visit that took place', async () => {
    expect(codeOf(await run(wang, RECORD, { input: visitInput() }))).toBe('FORBIDDEN');
    expect(codeOf(await run(tokens.countyClerk, RECORD, { input: visitInput() }))).toBe('FORBIDDEN');
    expect(codeOf(await run(tokens.enterpriseA, RECORD, { input: visitInput() }))).toBe('FORBIDDEN');
    const other = await run(tokens.otherStaff, RECORD, { input: visitInput() });
    expect([codeOf(other), fieldOf(other)]).toEqual(['BAD_USER_INPUT', 'input.assignmentId']);
    const future = await run(li, RECORD, { input: { ...visitInput(), visitedAt: '2999-01-01T00:00:00Z' } });
    expect([codeOf(future), fieldOf(future)]).toEqual(['BAD_USER_INPUT', 'input.visitedAt']);
    // A day that does not exist is refused, not rolled over into March.
    for (const visitedAt of ['2026-02-30T10:00:00+08:00', '2026-11-25T24:30:00+08:00']) {
      const missing = await run(li, RECORD, { input: { ...visitInput(), visitedAt } });
      expect([codeOf(missing), fieldOf(missing)]).toEqual(['BAD_USER_INPUT', 'input.visitedAt']);
    }
    const empty = await run(li, RECORD, { input: { ...visitInput(), problems: ['x'] } });
    expect([codeOf(empty), fieldOf(empty)]).toEqual(['BAD_USER_INPUT', 'input.problems.0']);
    const v = dataOf<{ recordVisit: Record<string, unknown> }>(
      await run(li, RECORD, { input: visitInput() }),
    ).recordVisit;
    expect(v).toMatchObject({
      status: 'RECORDED',
      availableActions: ['FOLLOW_UP', 'RAISE_PROBLEM', 'CLOSE'],
      visitedAt: '2026-11-26T02:00:00.000Z',
      metWith: '张总经理',
      county: { code: '410422' },
      department: { code: 'miit' },
      official: { name: '李卫东' },
      enterprise: { creditCode: A },
      problems: [
        { description: '新厂区用电增容审批进展缓慢', matter: null, matterReference: null, raisedAt: null },
        { description: '一线技术工人招工困难', matter: null, matterReference: null, raisedAt: null },
      ],
      followUps: [],
      events: [{ action: 'RECORD', fromStatus: null, toStatus: 'RECORDED', actor: 'official-li' }],
    });
    visitId = v.id as string;
    problemIds = (v.problems as Array<{ id: string }>).map((p) => p.id);
    const [told] = await conn
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `visit.recorded:inbox:${visitId}`));
    expect(told!.payload).toMatchObject({
      to: { enterprise: A },
      text: '助企干部李卫东于2026-11-26走访贵企业，记录反映问题2项，办理进度可在走访记录中查看。',
    });
  });

  it('shows the visit to the enterprise, its official and 万人助万企办, and to nobody else', async () => {
    const ONE = `query($id: ID!) { visit(id: $id) { id availableActions } }`;
    const seen = async (token: string) => ((await run(token, ONE, { id: visitId })).data as { visit: unknown }).visit;
    expect(await seen(tokens.enterpriseA)).toEqual({ id: visitId, availableActions: [] });
    expect(await seen(li)).toEqual({ id: visitId, availableActions: ['FOLLOW_UP', 'RAISE_PROBLEM', 'CLOSE'] });
    expect(await seen(tokens.countyClerk)).toEqual({
      id: visitId,
      availableActions: ['FOLLOW_UP', 'RAISE_PROBLEM', 'CLOSE'],
    });
    expect(await seen(wang)).toEqual({ id: visitId, availableActions: [] });
    expect(await seen(tokens.enterpriseB)).toBeNull();
    expect(await seen(tokens.otherStaff)).toBeNull();
    const list = dataOf<{ visits: { totalCount: number } }>(
      await run(tokens.enterpriseA, `{ visits(filter: { month: "2026-11" }) { totalCount } }`),
    );
    expect(list.visits.totalCount).toBe(1);
    const october = dataOf<{ visits: { totalCount: number } }>(
      await run(li, `{ visits(filter: { month: "2026-10" }) { totalCount } }`),
    );
    expect(october.visits.totalCount).toBe(0);
    const badMonth = await run(li, `{ visits(filter: { month: "2026-13" }) { totalCount } }`);
    expect([codeOf(badMonth), fieldOf(badMonth)]).toEqual(['BAD_USER_INPUT', 'filter.month']);
    // Analysts see whom the official met masked.
    const masked = dataOf<{ visit: { metWith: string } }>(
      await run(tokens.analyst, `query($id: ID!) { visit(id: $id) { metWith } }`, { id: visitId }),
    );
    expect(masked.visit.metWith).not.toBe('张总经理');
  });

  it('raises a problem as a complaints matter through the gateway as 万人助万企办’s system, once', async () => {
    expect(codeOf(await run(tokens.enterpriseA, RAISE, { id: visitId, input: raiseInput(problemIds[0]!) }))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await run(wang, RAISE, { id: visitId, input: raiseInput(problemIds[0]!) }))).toBe('FORBIDDEN');
    const notMine = await run(li, RAISE, { id: visitId, input: raiseInput('3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a') });
    expect([codeOf(notMine), fieldOf(notMine)]).toEqual(['BAD_USER_INPUT', 'input.problemId']);
    expect(submitted).toHaveLength(0);
    const v = dataOf<{ raiseProblemFromVisit: Record<string, unknown> }>(
      await run(li, RAISE, { id: visitId, input: raiseInput(problemIds[0]!) }),
    ).raiseProblemFromVisit;
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({
      authorization: 'Bearer system-wrzwq-410422',
      input: {
        kind: 'REQUEST',
        category: 'FACTOR_SUPPORT',
        title: '新厂区用电增容审批进展缓慢',
        contactName: '张伟',
        contactPhone: '13812345678',
        enterpriseCreditCode: A,
        countyCode: '410422',
        source: 'VISIT',
        sourceReference: problemIds[0],
      },
    });
    expect(submitted[0]!.query).toContain('submitMatter(input: $input)');
    expect(submitted[0]!.input.content).toBe(
      `新厂区用电增容审批进展缓慢\n（李卫东2026-11-26走访时企业反映，走访记录 ${visitId}）`,
    );
    expect(v).toMatchObject({
      status: 'FOLLOWING_UP',
      problems: [
        {
          id: problemIds[0],
          matter: { id: '0b6f1c9e-2d3a-4e5f-8a7b-000000000001' },
          matterReference: 'SQ202611300001',
        },
        { id: problemIds[1], matter: null },
      ],
    });
    expect((v.events as Array<{ action: string }>).map((e) => e.action)).toEqual(['RECORD', 'RAISE_PROBLEM']);
    // Not twice.
    expect(codeOf(await run(li, RAISE, { id: visitId, input: raiseInput(problemIds[0]!) }))).toBe('CONFLICT');
    expect(submitted).toHaveLength(1);
  });

  it('records nothing when complaints cannot take it, and passes its refusals on naming our field', async () => {
    const events = async () => Number((await conn.select({ n: count() }).from(visitEvents))[0]!.n);
    const before = await events();
    answer = 'down';
    const down = await run(tokens.countyClerk, RAISE, { id: visitId, input: raiseInput(problemIds[1]!) });
    expect(codeOf(down)).toBe('SERVICE_UNAVAILABLE');
    answer = 'badPhone';
    const phone = await run(tokens.countyClerk, RAISE, {
      id: visitId,
      input: raiseInput(problemIds[1]!, { contactPhone: '0000000' }),
    });
    expect([codeOf(phone), fieldOf(phone)]).toEqual(['BAD_USER_INPUT', 'input.contactPhone']);
    expect(await events()).toBe(before);
    const [p] = await conn.select().from(visitProblems).where(eq(visitProblems.id, problemIds[1]!));
    expect(p).toMatchObject({ matterId: null, raisingAt: null });
    // The claim was released: 万人助万企办 of the county raises it now.
    answer = 'ok';
    const v = dataOf<{ raiseProblemFromVisit: { problems: Array<{ matterReference: string | null }> } }>(
      await run(tokens.countyClerk, RAISE, { id: visitId, input: raiseInput(problemIds[1]!, { kind: 'COMPLAINT' }) }),
    ).raiseProblemFromVisit;
    expect(v.problems.map((p) => p.matterReference)).toEqual(['SQ202611300001', 'SQ202611300002']);
  });

  it('follows up and closes; nothing more after closing', async () => {
    const followed = dataOf<{ followUpVisit: Record<string, unknown> }>(
      await run(tokens.countyClerk, FOLLOW, { id: visitId, input: { note: '已协调供电公司现场勘查' } }),
    ).followUpVisit;
    expect(followed).toMatchObject({
      status: 'FOLLOWING_UP',
      followUps: [{ note: '已协调供电公司现场勘查', actor: 'wrzwq-yexian' }],
    });
    const bad = await run(li, FOLLOW, { id: visitId, input: { note: '' } });
    expect([codeOf(bad), fieldOf(bad)]).toEqual(['BAD_USER_INPUT', 'input.note']);
    expect(codeOf(await run(wang, CLOSE, { id: visitId }))).toBe('FORBIDDEN');
    expect(codeOf(await run(li, CLOSE, { id: '3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a' }))).toBe('NOT_FOUND');
    expect(codeOf(await run(tokens.otherStaff, CLOSE, { id: visitId }))).toBe('NOT_FOUND');
    const closed = dataOf<{ closeVisit: Record<string, unknown> }>(
      await run(li, CLOSE, { id: visitId, input: { note: '问题均已转交办理' } }),
    ).closeVisit;
    expect(closed).toMatchObject({ status: 'CLOSED', availableActions: [], closeNote: '问题均已转交办理' });
    expect((closed.events as Array<{ action: string }>).map((e) => e.action)).toEqual([
      'RECORD',
      'RAISE_PROBLEM',
      'RAISE_PROBLEM',
      'FOLLOW_UP',
      'CLOSE',
    ]);
    expect(codeOf(await run(li, FOLLOW, { id: visitId, input: { note: '再次回访' } }))).toBe('CONFLICT');
    expect(codeOf(await run(li, CLOSE, { id: visitId }))).toBe('CONFLICT');
  });

  it('ends an assignment (万人助万企办 only); no visits under it afterwards', async () => {
    const END = `mutation($id: ID!, $input: EndOfficialAssignmentInput) { endOfficialAssignment(id: $id, input: $input) {
      ${ASSIGNMENT} } }`;
    expect(codeOf(await run(li, END, { id: assignmentA }))).toBe('FORBIDDEN');
    const ended = dataOf<{ endOfficialAssignment: Record<string, unknown> }>(
      await run(tokens.countyClerk, END, { id: assignmentA, input: { reason: '干部岗位调整' } }),
    ).endOfficialAssignment;
    expect(ended).toMatchObject({ status: 'ENDED', endReason: '干部岗位调整', availableActions: [] });
    expect(codeOf(await run(tokens.countyClerk, END, { id: assignmentA }))).toBe('CONFLICT');
    expect(codeOf(await run(li, RECORD, { input: visitInput() }))).toBe('CONFLICT');
    const count = dataOf<{ myServiceOfficial: { activeAssignmentCount: number } }>(
      await run(li, `{ myServiceOfficial { activeAssignmentCount } }`),
    );
    expect(count.myServiceOfficial.activeAssignmentCount).toBe(1);
  });
});
