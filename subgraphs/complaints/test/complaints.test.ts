import type { Database } from '@qq/db/client';
import { matterEvents, matters, outbox } from '@qq/db/schema/complaints';
import { demoCreditCode, demoEnterprises } from '@qq/db/seed';
import { seedComplaints } from '../../../db/src/seed/complaints.ts';
import { workingDeadline, type Claims } from '@qq/kit';
import {
  createTestDatabase,
  execute,
  statementCounter,
  tokenFor,
  type GraphQLResult,
  type TestDatabase,
} from '@qq/kit/testing';
import { asc, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_PROFILES, createServer } from '../src/index.ts';
import { deadlinesFor } from '../src/clock.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;

/** Enterprise A in 叶县 (410422), B in 郏县 (410425), C in 叶县; D's code names no unit of Pingdingshan. */
const A = demoCreditCode('410422', 9001);
const B = demoCreditCode('410425', 9002);
const C = demoCreditCode('410422', 9003);
const D = demoCreditCode('110105', 9004);

const ROLES = {
  anonymous: null,
  enterpriseA: { sub: 'ent-a', role: 'enterprise', enterprise: A },
  enterpriseB: { sub: 'ent-b', role: 'enterprise', enterprise: B },
  clerk: { sub: 'ndrc-yexian', role: 'staff', dept: 'ndrc', county: '410422' },
  city: { sub: 'ndrc-city', role: 'staff', dept: 'ndrc', county: '410400' },
  otherDept: { sub: 'hrss-yexian', role: 'staff', dept: 'hrss', county: '410422' },
  analyst: { sub: 'analyst-1', role: 'analyst' },
  admin: { sub: 'admin-1', role: 'admin', county: '410400' },
} as const satisfies Record<string, Claims | null>;
type RoleName = keyof typeof ROLES;
const tokens = {} as Record<RoleName, string | undefined>;

async function run<T = Record<string, unknown>>(
  role: RoleName,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResult<T>> {
  return execute<T>(server, query, { variables, token: tokens[role] });
}

const codeOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions?.code;

let serial = 0;
/** A matter row as the workflow leaves it; the clock follows the 13710 profile from `submittedAt`. */
async function makeMatter(
  over: Partial<typeof matters.$inferInsert> & { enterpriseCode: string; countyCode: string },
): Promise<typeof matters.$inferSelect> {
  serial++;
  // Outside March 2025, the month of the fixture that the list tests filter on.
  const submittedAt = over.submittedAt ?? new Date(Date.UTC(2025, 0, 6, 1, 0) + serial * 60_000);
  const kind = over.kind ?? 'COMPLAINT';
  const [row] = await conn
    .insert(matters)
    .values({
      referenceNo: `${kind === 'COMPLAINT' ? 'TS' : 'SQ'}-20250303-${String(5000 + serial)}`,
      kind,
      category: 'LAW_ENFORCEMENT',
      title: `重复检查问题 ${serial}`,
      content: '本月内多次重复检查，影响正常生产。',
      contactName: '王伟',
      contactPhone: '13812345678',
      status: 'SUBMITTED',
      clockProfile: '13710',
      departmentCode: 'ndrc',
      ...deadlinesFor(CLOCK_PROFILES['13710'], submittedAt),
      ...over,
      submittedAt,
    })
    .returning();
  await conn.insert(matterEvents).values({
    subjectId: row!.id,
    action: 'SUBMIT',
    fromStatus: null,
    toStatus: 'SUBMITTED',
    actor: 'ent',
    actorRole: 'enterprise',
    at: submittedAt,
  });
  return row!;
}

/** The fixture of March 2025 (every list query below filters on that month). */
let a1: typeof matters.$inferSelect; // A, 叶县, 发改委, submitted and never signed: overdue
let a2: typeof matters.$inferSelect; // A, 叶县, dispatched to 人社局, confirmed in time
let b1: typeof matters.$inferSelect; // B, 郏县, 发改委, submitted
const MARCH = { submittedFrom: '2025-03-01', submittedTo: '2025-03-31' };

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('complaints') });
  await server.start();
  for (const [name, claims] of Object.entries(ROLES)) {
    tokens[name as RoleName] = claims ? await tokenFor(claims) : undefined;
  }
  a1 = await makeMatter({ enterpriseCode: A, countyCode: '410422', submittedAt: new Date('2025-03-10T02:00:00Z') });
  const at = new Date('2025-03-03T02:00:00Z');
  a2 = await makeMatter({
    enterpriseCode: A,
    countyCode: '410422',
    kind: 'REQUEST',
    category: 'EMPLOYMENT',
    departmentCode: 'hrss',
    status: 'CONFIRMED',
    submittedAt: at,
    firstAcceptorDepartmentCode: 'ndrc',
    firstAcceptorCountyCode: '410422',
    signedAt: new Date(at.getTime() + 3_600_000),
    repliedAt: new Date(at.getTime() + 86_400_000),
    resolvedAt: new Date(at.getTime() + 2 * 86_400_000),
    reportedAt: new Date(at.getTime() + 2 * 86_400_000),
    closedAt: new Date(at.getTime() + 3 * 86_400_000),
  });
  b1 = await makeMatter({
    enterpriseCode: B,
    countyCode: '410425',
    contactName: '李娜',
    contactPhone: '0375-2345678',
    submittedAt: new Date('2025-03-17T02:00:00Z'),
  });
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const LIST = `query($filter: MatterFilter) {
  matters(filter: $filter) { totalCount nodes { id referenceNo contactName contactPhone status department { code } } }
}`;
type ListResult = {
  matters: {
    totalCount: number;
    nodes: Array<{ id: string; referenceNo: string; contactName: string; contactPhone: string }>;
  };
};

describe('the 13710 clock', () => {
  it('counts working days on the calendar, across the National Day holiday and its make-up Saturday', () => {
    const d = deadlinesFor(CLOCK_PROFILES['13710'], new Date('2026-09-30T02:00:00Z'));
    expect(Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.toISOString()]))).toEqual({
      signDueAt: '2026-10-08T15:59:59.999Z',
      replyDueAt: '2026-10-10T15:59:59.999Z',
      resolveDueAt: '2026-10-15T15:59:59.999Z',
      reportDueAt: '2026-10-20T15:59:59.999Z',
    });
  });

  it('exposes the active profile publicly', async () => {
    const res = await run('anonymous', `{ matterClockProfile { name signDays replyDays resolveDays reportDays } }`);
    expect(res.data).toEqual({
      matterClockProfile: { name: '13710', signDays: 1, replyDays: 3, resolveDays: 7, reportDays: 10 },
    });
  });
});

describe('entities', () => {
  it('resolves Enterprise, County, Department and Matter references with their fields', async () => {
    const res = await run(
      'clerk',
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Enterprise { creditCode matters(first: 5) { totalCount nodes { referenceNo } } }
        ... on County { code openMatterCount }
        ... on Department { code openMatterCount }
        ... on Matter { id referenceNo status enterprise { creditCode } county { code } }
      } }`,
      {
        r: [
          { __typename: 'Enterprise', creditCode: A },
          { __typename: 'Enterprise', creditCode: '91410400MA00000000' },
          { __typename: 'County', code: '410422' },
          { __typename: 'County', code: '999999' },
          { __typename: 'Department', code: 'hrss' },
          { __typename: 'Department', code: 'nope' },
          { __typename: 'Matter', id: a1.id },
          { __typename: 'Matter', id: 'not-a-uuid' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      {
        creditCode: A,
        matters: { totalCount: 2, nodes: [{ referenceNo: a1.referenceNo }, { referenceNo: a2.referenceNo }] },
      },
      null,
      { code: '410422', openMatterCount: 1 },
      null,
      // a2 (人社局) is confirmed, so not open.
      { code: 'hrss', openMatterCount: 0 },
      null,
      {
        id: a1.id,
        referenceNo: a1.referenceNo,
        status: 'SUBMITTED',
        enterprise: { creditCode: A },
        county: { code: '410422' },
      },
      null,
    ]);
  });

  it('counts the city (410400) as every unit of the caller’s scope', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { code openMatterCount } } }`;
    const r = [
      { __typename: 'County', code: '410400' },
      { __typename: 'County', code: '410425' },
    ];
    const city = await run('city', q, { r });
    expect(city.data?._entities).toEqual([
      { code: '410400', openMatterCount: 2 },
      { code: '410425', openMatterCount: 1 },
    ]);
    const anonymous = await run('anonymous', q, { r });
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    expect(anonymous.data?._entities).toEqual([
      { code: '410400', openMatterCount: null },
      { code: '410425', openMatterCount: null },
    ]);
  });
});

describe('role matrix', () => {
  const expectations: Record<RoleName, string[] | 'UNAUTHENTICATED'> = {
    anonymous: 'UNAUTHENTICATED',
    enterpriseA: ['a1', 'a2'],
    enterpriseB: ['b1'],
    clerk: ['a1', 'a2'],
    city: ['a1', 'a2', 'b1'],
    otherDept: ['a2'],
    analyst: ['a1', 'a2', 'b1'],
    admin: ['a1', 'a2', 'b1'],
  };

  for (const [role, expected] of Object.entries(expectations) as Array<[RoleName, string[] | 'UNAUTHENTICATED']>) {
    it(`lists matters for ${role}`, async () => {
      const res = await run<ListResult>(role, LIST, { filter: MARCH });
      if (expected === 'UNAUTHENTICATED') {
        expect(codeOf(res)).toBe('UNAUTHENTICATED');
        expect(res.data).toBeNull();
        return;
      }
      expect(res.errors).toBeUndefined();
      const byName = { a1, a2, b1 } as Record<string, typeof a1>;
      const ids = expected.map((n) => byName[n]!.id);
      expect(res.data!.matters.totalCount).toBe(expected.length);
      expect(res.data!.matters.nodes.map((n) => n.id).sort()).toEqual([...ids].sort());
      const b = res.data!.matters.nodes.find((n) => n.id === b1.id);
      const a = res.data!.matters.nodes.find((n) => n.id === a1.id);
      if (role === 'analyst') {
        expect(a).toMatchObject({ contactName: '王*', contactPhone: '138****5678' });
        expect(b).toMatchObject({ contactName: '李*', contactPhone: '037****5678' });
      } else if (a) {
        expect(a).toMatchObject({ contactName: '王伟', contactPhone: '13812345678' });
      }
    });
  }

  it('looks a matter up by id and by reference number for each role', async () => {
    const q = `query($id: ID!, $ref: String!) { matter(id: $id) { referenceNo contactName } matterByReference(referenceNo: $ref) { id } }`;
    const vars = { id: b1.id, ref: b1.referenceNo };
    const seen: Record<string, unknown> = {};
    for (const role of Object.keys(ROLES) as RoleName[]) {
      const res = await run(role, q, vars);
      seen[role] = codeOf(res) ?? res.data;
    }
    const found = { matter: { referenceNo: b1.referenceNo, contactName: '李娜' }, matterByReference: { id: b1.id } };
    expect(seen).toEqual({
      anonymous: 'UNAUTHENTICATED',
      enterpriseA: { matter: null, matterByReference: null },
      enterpriseB: found,
      clerk: { matter: null, matterByReference: null },
      city: found,
      otherDept: { matter: null, matterByReference: null },
      analyst: { matter: { referenceNo: b1.referenceNo, contactName: '李*' }, matterByReference: { id: b1.id } },
      admin: found,
    });
  });

  it('shows the steps to the enterprise and staff accounts only to staff', async () => {
    const q = `query($id: ID!) { matter(id: $id) { events { action toStatus actorRole } } }`;
    const own = await run('enterpriseA', q, { id: a1.id });
    expect(own.data).toEqual({
      matter: { events: [{ action: 'SUBMIT', toStatus: 'SUBMITTED', actorRole: 'enterprise' }] },
    });
    const actor = `query($id: ID!) { matter(id: $id) { events { actor } } }`;
    expect(codeOf(await run('enterpriseA', actor, { id: a1.id }))).toBe('FORBIDDEN');
    expect((await run('clerk', actor, { id: a1.id })).data).toEqual({ matter: { events: [{ actor: 'ent' }] } });
  });

  it('filters by status, kind, category, department, county and overdue', async () => {
    const ids = async (filter: Record<string, unknown>) => {
      const res = await run<ListResult>('admin', LIST, { filter: { ...MARCH, ...filter } });
      expect(res.errors).toBeUndefined();
      return res.data!.matters.nodes.map((n) => n.id).sort();
    };
    expect(await ids({ status: ['SUBMITTED'] })).toEqual([a1.id, b1.id].sort());
    expect(await ids({ kind: 'REQUEST' })).toEqual([a2.id]);
    expect(await ids({ category: 'EMPLOYMENT', departmentCode: 'hrss' })).toEqual([a2.id]);
    expect(await ids({ countyCode: '410425' })).toEqual([b1.id]);
    expect(await ids({ overdue: true })).toEqual([a1.id, b1.id].sort());
    expect(await ids({ overdue: false })).toEqual([a2.id]);
    const flags = await run('admin', `query($id: ID!) { matter(id: $id) { overdue overdueSteps } }`, { id: a1.id });
    expect(flags.data).toEqual({ matter: { overdue: true, overdueSteps: ['SIGN', 'REPLY', 'RESOLVE', 'REPORT'] } });
  });

  it('pages through a list with keyset cursors', async () => {
    const q = `query($after: String) { matters(first: 2, after: $after, filter: { submittedFrom: "2025-03-01", submittedTo: "2025-03-31" }) {
      totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      matters: {
        totalCount: number;
        edges: Array<{ node: { id: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = await run<Page>('admin', q);
    expect(first.data!.matters.pageInfo.hasNextPage).toBe(true);
    const second = await run<Page>('admin', q, { after: first.data!.matters.pageInfo.endCursor });
    expect(second.data!.matters.pageInfo.hasNextPage).toBe(false);
    const order = [...first.data!.matters.edges, ...second.data!.matters.edges].map((e) => e.node.id);
    // Newest first.
    expect(order).toEqual([b1.id, a1.id, a2.id]);
    const bad = await run('admin', `{ matters(after: "garbage") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('lets enterprise users, staff and systems submit, and nobody else', async () => {
    const submit = `mutation { submitMatter(input: { kind: REQUEST, category: FINANCING, title: "续贷", content: "请协调续贷。", contactName: "赵强", contactPhone: "13900001111" }) { id } }`;
    for (const role of ['anonymous', 'analyst', 'admin'] as RoleName[]) {
      const res = await run(role, submit);
      expect(codeOf(res), role).toBe(role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    }
    // Staff must name the enterprise and the channel.
    const res = await run('otherDept', submit);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.enterpriseCreditCode' });
  });
});

describe('submitMatter', () => {
  const SUBMIT = `mutation($input: SubmitMatterInput!) { submitMatter(input: $input) {
    id referenceNo kind status title contactPhone enterprise { creditCode } department { code } county { code }
    source sourceReference raisedByDepartment { code }
    submittedAt dispatchDueAt signDueAt replyDueAt resolveDueAt reportDueAt clockProfile overdue
    clock { step dueAt doneAt met overdue } events { action toStatus } availableActions
  } }`;
  const input = {
    kind: 'COMPLAINT',
    category: 'LAW_ENFORCEMENT',
    title: '执法检查过于频繁',
    content: '本月内三个部门先后五次到厂检查，内容重复。',
    contactName: '张建国',
    contactPhone: '138 3750 1234',
  };
  type Submitted = {
    submitMatter: {
      id: string;
      referenceNo: string;
      submittedAt: string;
      dispatchDueAt: string;
      [k: string]: unknown;
    };
  };

  it('submits a matter with its dispatch deadline, its event and its SMS in one go', async () => {
    const res = await run<Submitted>('enterpriseA', SUBMIT, { input });
    expect(res.errors).toBeUndefined();
    const m = res.data!.submitMatter;
    expect(m).toMatchObject({
      kind: 'COMPLAINT',
      status: 'SUBMITTED',
      contactPhone: '13837501234',
      enterprise: { creditCode: A },
      department: { code: 'ndrc' },
      // Characters 3–8 of A's credit code: 叶县.
      county: { code: '410422' },
      source: 'PORTAL',
      raisedByDepartment: null,
      clockProfile: '13710',
      // The 13710 stages start at dispatch.
      signDueAt: null,
      reportDueAt: null,
      overdue: false,
      events: [{ action: 'SUBMIT', toStatus: 'SUBMITTED' }],
      availableActions: ['SUPPLEMENT', 'FOLLOW'],
    });
    expect(m.referenceNo).toMatch(/^TS-\d{8}-\d{4}$/);
    expect(m.dispatchDueAt).toBe(workingDeadline(new Date(m.submittedAt), 1).toISOString());
    expect((m.clock as Array<{ step: string; dueAt: string | null }>).map((c) => [c.step, c.dueAt])).toEqual([
      ['DISPATCH', m.dispatchDueAt],
      ['SIGN', null],
      ['REPLY', null],
      ['RESOLVE', null],
      ['REPORT', null],
    ]);
    const [submitEvent] = await conn.select().from(matterEvents).where(eq(matterEvents.subjectId, m.id));
    expect(submitEvent).toMatchObject({ action: 'SUBMIT', fromStatus: null, toStatus: 'SUBMITTED', actor: 'ent-a' });
    const [message] = await conn
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `matter.received:sms:${m.id}:${submitEvent!.id}`));
    expect(message).toMatchObject({ topic: 'matter.received', channel: 'sms', status: 'pending', deliveredAt: null });
    expect(message?.payload).toMatchObject({ phone: '13837501234', data: { referenceNo: m.referenceNo } });
    expect(String(message?.payload.text)).toContain(m.referenceNo);
    const [inApp] = await conn
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `matter.received:inbox:${m.id}:${submitEvent!.id}`));
    expect(inApp?.payload).toMatchObject({ channel: 'inbox', to: { enterprise: A } });

    // The next complaint of the day gets the next number; the county can be chosen.
    const next = await run<Submitted>('enterpriseA', SUBMIT, { input: { ...input, countyCode: '410471' } });
    const [, day, seq] = m.referenceNo.split('-');
    const [, day2, seq2] = next.data!.submitMatter.referenceNo.split('-');
    if (day === day2) expect(Number(seq2)).toBe(Number(seq) + 1);
    expect(next.data!.submitMatter.county).toEqual({ code: '410471' });
    const byRef = await run('enterpriseA', `query($r: String!) { matterByReference(referenceNo: $r) { id } }`, {
      r: m.referenceNo,
    });
    expect(byRef.data).toEqual({ matterByReference: { id: m.id } });
  });

  it('gives payment arrears their own clock profile', async () => {
    const res = await run<Submitted>('enterpriseA', SUBMIT, { input: { ...input, category: 'PAYMENT_ARREARS' } });
    expect(res.data?.submitMatter.clockProfile).toBe('extended');
    const profiles = await run('anonymous', `{ matterClockProfiles { name replyDays resolveDays categories } }`);
    expect(profiles.data).toEqual({
      matterClockProfiles: [
        { name: '13710', replyDays: 3, resolveDays: 7, categories: [] },
        { name: 'extended', replyDays: 5, resolveDays: 15, categories: ['PAYMENT_ARREARS'] },
      ],
    });
  });

  it('lets staff of any department and a department’s system raise a matter for an enterprise (a visit)', async () => {
    const visit = { ...input, enterpriseCreditCode: C, source: 'VISIT', sourceReference: 'visit-2026-0042' };
    const res = await run<Submitted>('otherDept', SUBMIT, { input: visit });
    expect(res.errors).toBeUndefined();
    expect(res.data?.submitMatter).toMatchObject({
      enterprise: { creditCode: C },
      county: { code: '410422' },
      department: { code: 'ndrc' },
      source: 'VISIT',
      sourceReference: 'visit-2026-0042',
      raisedByDepartment: { code: 'hrss' },
      status: 'SUBMITTED',
    });
    // The raising unit keeps seeing what it raised.
    const id = res.data!.submitMatter.id;
    const seen = await run('otherDept', `query($id: ID!) { matter(id: $id) { id source } }`, { id });
    expect(seen.data).toEqual({ matter: { id, source: 'VISIT' } });
    const system = await tokenFor({ sub: 'wrzwq-system', role: 'system', dept: 'wrzwq', county: '410400' });
    const bySystem = await execute<Submitted>(server, SUBMIT, { token: system, variables: { input: visit } });
    expect(bySystem.data?.submitMatter).toMatchObject({ raisedByDepartment: { code: 'wrzwq' }, source: 'VISIT' });
    const events = await conn
      .select()
      .from(matterEvents)
      .where(eq(matterEvents.subjectId, bySystem.data!.submitMatter.id));
    expect(events).toMatchObject([{ action: 'SUBMIT', actor: 'wrzwq-system', actorRole: 'system' }]);
  });

  it('refuses an enterprise naming another, a staff channel for an enterprise, and staff without a channel', async () => {
    const other = await run('enterpriseA', SUBMIT, { input: { ...input, enterpriseCreditCode: B } });
    expect(codeOf(other)).toBe('FORBIDDEN');
    const channel = await run('enterpriseA', SUBMIT, { input: { ...input, source: 'VISIT' } });
    expect(channel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.source' });
    const noSource = await run('clerk', SUBMIT, { input: { ...input, enterpriseCreditCode: C } });
    expect(noSource.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.source' });
    const badCode = await run('clerk', SUBMIT, {
      input: { ...input, enterpriseCreditCode: '91410422MA0000000X', source: 'HOTLINE' },
    });
    expect(badCode.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.enterpriseCreditCode',
    });
  });
});

describe('leaks', () => {
  it('keeps 郏县 and enterprise B out of reach of a 叶县 clerk and of enterprise A, by every path', async () => {
    for (const role of ['clerk', 'enterpriseA'] as RoleName[]) {
      const list = await run<ListResult>(role, LIST, { filter: { countyCode: '410425' } });
      expect(list.data?.matters, role).toEqual({ totalCount: 0, nodes: [] });
      const all = await run<ListResult>(role, LIST, {});
      expect(
        all.data!.matters.nodes.some((n) => n.id === b1.id),
        role,
      ).toBe(false);
      const byId = await run(role, `query($id: ID!) { matter(id: $id) { id } }`, { id: b1.id });
      expect(byId.data, role).toEqual({ matter: null });
      const byRef = await run(role, `query($r: String!) { matterByReference(referenceNo: $r) { id } }`, {
        r: b1.referenceNo,
      });
      expect(byRef.data, role).toEqual({ matterByReference: null });
      const entity = await run(
        role,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Matter { id title } } }`,
        {
          r: [{ __typename: 'Matter', id: b1.id }],
        },
      );
      expect(entity.data, role).toEqual({ _entities: [null] });
      const county = await run(
        role,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { openMatterCount } } }`,
        { r: [{ __typename: 'County', code: '410425' }] },
      );
      expect(county.data, role).toEqual({ _entities: [{ openMatterCount: 0 }] });
    }
    const enterpriseField = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { matters { totalCount nodes { id } } } } }`;
    const clerk = await run('clerk', enterpriseField, { r: [{ __typename: 'Enterprise', creditCode: B }] });
    expect(clerk.data).toEqual({ _entities: [{ matters: { totalCount: 0, nodes: [] } }] });
    const other = await run('enterpriseA', enterpriseField, { r: [{ __typename: 'Enterprise', creditCode: B }] });
    expect(codeOf(other)).toBe('FORBIDDEN');
    expect(JSON.stringify(other.data)).not.toContain(b1.id);
    const signB = await run('clerk', `mutation($id: ID!) { signMatter(id: $id) { id } }`, { id: b1.id });
    expect(codeOf(signB)).toBe('NOT_FOUND');
  });
});

describe('validation', () => {
  const good = {
    kind: 'REQUEST',
    category: 'FINANCING',
    title: '流动资金贷款续贷困难',
    content: '贷款即将到期，请求协调续贷。',
    contactName: '刘洋',
    contactPhone: '0375-2345678',
  };
  const SUBMIT = `mutation($input: SubmitMatterInput!) { submitMatter(input: $input) { id } }`;
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a phone that is neither mobile nor landline', { contactPhone: '12345' }, 'input.contactPhone'],
    ['a mobile number with a bad prefix', { contactPhone: '12812345678' }, 'input.contactPhone'],
    ['a title over 60 characters', { title: '长'.repeat(61) }, 'input.title'],
    ['a blank title', { title: '   ' }, 'input.title'],
    ['a title on two lines', { title: '第一行\n第二行' }, 'input.title'],
    ['content over 2000 characters', { content: '字'.repeat(2001) }, 'input.content'],
    ['an empty contact name', { contactName: '' }, 'input.contactName'],
    ['the city as county', { countyCode: '410400' }, 'input.countyCode'],
    ['an unknown county', { countyCode: '110105' }, 'input.countyCode'],
  ];

  const counts = async () => {
    const [m] = await conn.select({ n: count() }).from(matters);
    const [e] = await conn.select({ n: count() }).from(matterEvents);
    const [o] = await conn.select({ n: count() }).from(outbox);
    return [m?.n, e?.n, o?.n].map(Number);
  };

  it.each(cases)('refuses %s, naming the field, and writes nothing', async (_label, change, field) => {
    const before = await counts();
    const res = await run('enterpriseA', SUBMIT, { input: { ...good, ...change } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.data).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('asks for a county when the credit code names none of Pingdingshan', async () => {
    const token = await tokenFor({ sub: 'ent-d', role: 'enterprise', enterprise: D });
    const before = await counts();
    const res = await execute(server, SUBMIT, { variables: { input: good }, token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.countyCode' });
    expect(await counts()).toEqual(before);
    const ok = await execute<{ submitMatter: { id: string } }>(server, SUBMIT, {
      variables: { input: { ...good, countyCode: '410402' } },
      token,
    });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses bad filters and ids naming the field', async () => {
    const bad = async (query: string, field: string) => {
      const res = await run('admin', query);
      expect(res.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', field });
    };
    await bad(`{ matters(filter: { countyCode: "999999" }) { totalCount } }`, 'filter.countyCode');
    await bad(`{ matters(filter: { departmentCode: "police" }) { totalCount } }`, 'filter.departmentCode');
    await bad(`{ matters(filter: { submittedFrom: "yesterday" }) { totalCount } }`, 'filter.submittedFrom');
    // A day that does not exist is refused, not rolled over to March.
    await bad(`{ matters(filter: { submittedFrom: "2025-02-30" }) { totalCount } }`, 'filter.submittedFrom');
    await bad(`{ matters(filter: { submittedTo: "2025-02-29T10:00:00+08:00" }) { totalCount } }`, 'filter.submittedTo');
    await bad(
      `{ matters(filter: { submittedFrom: "2025-03-02", submittedTo: "2025-03-01" }) { totalCount } }`,
      'filter.submittedTo',
    );
    await bad(`{ matters(first: 101) { totalCount } }`, 'first');
    await bad(`{ matter(id: "42") { id } }`, 'id');
    await bad(`{ matterByReference(referenceNo: "X-1") { id } }`, 'referenceNo');
  });
});

describe('statements', () => {
  it('costs the same number of statements for Enterprise.matters of 10 and of 50 enterprises', async () => {
    const list = demoEnterprises(50, 7000);
    for (const e of list) {
      await makeMatter({ enterpriseCode: e.creditCode, countyCode: e.countyCode });
      await makeMatter({ enterpriseCode: e.creditCode, countyCode: e.countyCode, kind: 'REQUEST' });
    }
    const counter = statementCounter();
    const counted = createServer({ db: await db.connectAs('complaints', { onQuery: counter.onQuery }) });
    await counted.start();
    const token = await tokenFor(ROLES.admin);
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise {
      creditCode matters(first: 1) { totalCount nodes { referenceNo events { action } } pageInfo { hasNextPage } }
    } } }`;
    type R = {
      _entities: Array<{ matters: { totalCount: number; nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }>;
    };
    const measure = async (n: number) => {
      counter.reset();
      const res = await execute<R>(counted, q, {
        variables: { r: list.slice(0, n).map((e) => ({ __typename: 'Enterprise', creditCode: e.creditCode })) },
        token,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toHaveLength(n);
      for (const e of res.data!._entities) {
        expect(e.matters.totalCount).toBe(2);
        expect(e.matters.nodes).toHaveLength(1);
        expect(e.matters.pageInfo.hasNextPage).toBe(true);
      }
      return counter.count;
    };
    const ten = await measure(10);
    const fifty = await measure(50);
    // One statement for the pages with their counts, one for the events.
    expect(ten).toBe(2);
    expect(fifty).toBe(ten);
    // Asked for the count alone: one grouped count, no page of rows.
    counter.reset();
    const counts = await execute<{ _entities: Array<{ matters: { totalCount: number } }> }>(
      counted,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { matters(first: 1) { totalCount } } } }`,
      { variables: { r: list.map((e) => ({ __typename: 'Enterprise', creditCode: e.creditCode })) }, token },
    );
    expect(counts.errors).toBeUndefined();
    expect(counts.data!._entities.map((e) => e.matters.totalCount)).toEqual(list.map(() => 2));
    expect(counter.count).toBe(1);
    await counted.stop();
    await conn.delete(matters).where(
      inArray(
        matters.enterpriseCode,
        list.map((e) => e.creditCode),
      ),
    );
  });
});

describe('demo seed', () => {
  it('seeds matters over the twelve units with events and unique reference numbers', async () => {
    const list = demoEnterprises(160, 8000);
    await conn.transaction(async (tx) => seedComplaints(tx as unknown as Database, list));
    const codes = list.map((e) => e.creditCode);
    const rows = await conn.select().from(matters).where(inArray(matters.enterpriseCode, codes));
    expect(rows.length).toBeGreaterThan(50);
    expect(new Set(rows.map((r) => r.countyCode)).size).toBeGreaterThanOrEqual(10);
    expect(rows.every((r) => /^(TS|SQ)-2026\d{4}-\d{4}$/.test(r.referenceNo))).toBe(true);
    const events = await conn
      .select()
      .from(matterEvents)
      .where(
        inArray(
          matterEvents.subjectId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(matterEvents.id));
    expect(new Set(events.map((e) => e.subjectId)).size).toBe(rows.length);
    // Every state of the workflow; the 13710 clock runs from dispatch; the first acceptor is the unit that signed.
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set([
        'SUBMITTED',
        'DISPATCHED',
        'SIGNED',
        'REPLIED',
        'PARTLY_RESOLVED',
        'RESOLVED',
        'REOPENED',
        'CONFIRMED',
        'CLOSED',
      ]),
    );
    for (const row of rows) {
      expect(row.dispatchDueAt).not.toBeNull();
      if (row.dispatchedAt) expect(row.signDueAt!.getTime()).toBeGreaterThan(row.dispatchedAt.getTime());
      if (row.signedAt) expect(row.firstAcceptorDepartmentCode).toBe(row.departmentCode);
      const actions = events.filter((e) => e.subjectId === row.id).map((e) => e.action);
      if (actions.includes('SIGN')) expect(actions.indexOf('DISPATCH')).toBeLessThan(actions.indexOf('SIGN'));
    }
    expect(rows.some((r) => r.source === 'VISIT' && r.raisedByDepartmentCode === 'wrzwq')).toBe(true);
  });
});
