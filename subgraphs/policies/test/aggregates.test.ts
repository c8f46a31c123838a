/**
 * `policyAggregates` through GraphQL against hand-counted rows: redemption applications (by submission month, China
 * time, on both sides of the range's edges), 免申即享 entitlements and visits summed into groups of county, industry
 * (the statistical unit's class from the facts snapshot, else the registry's code, at each GB/T 4754 level), month and
 * department; the caller's scope; pages; refusals and bad arguments.
 */
import type { Database } from '@qq/db/client';
import {
  eligibilityRules,
  enterpriseFacts,
  entitlements,
  officialAssignments,
  serviceOfficials,
  visitProblems,
  visits,
} from '@qq/db/schema/policies';
import { makeCreditCode } from '@qq/kit';
import { createTestDatabase, execute, statementCounter, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, B, factories, roleTokens, type ItemRow } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let leader: string;
let miitYe: string;
let system: string;

/** 叶县: F (retail, registry code only), U (not in the snapshot). A (叶县) and B (郏县) are industry (C). */
const F = makeCreditCode('410422', 501);
const U = makeCreditCode('410422', 502);
const at = (s: string) => new Date(s);
const counter = statementCounter();

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies', { onQuery: counter.onQuery }) });
  await server.start();
  tokens = await roleTokens();
  leader = await tokenFor({ sub: 'leader-1', role: 'leader' });
  miitYe = await tokenFor({ sub: 'miit-ye', role: 'staff', dept: 'miit', county: '410422' });
  system = await tokenFor({ sub: 'sys', role: 'system', dept: 'wrzwq', county: '410400' });
  const make = factories(conn);

  const fact = (creditCode: string, countyCode: string, industryCode: string, unitIndustryCode: string | null) => ({
    creditCode,
    name: `企业${creditCode.slice(-3)}`,
    countyCode,
    industryCode,
    unitIndustryCode,
    scale: 'SMALL',
    registryRefreshedAt: at('2026-11-01T00:00:00Z'),
    fingerprint: 'test',
    changedAt: at('2026-11-01T00:00:00Z'),
  });
  await conn
    .insert(enterpriseFacts)
    .values([fact(A, '410422', 'C', 'C3311'), fact(B, '410425', 'C', 'C1711'), fact(F, '410422', 'F5212', null)]);

  const miitItem = await make.item(await make.policy({ departmentCode: 'miit', countyCode: '410422' }));
  const cityItem = await make.item(await make.policy({ departmentCode: 'wrzwq', countyCode: '410400' }));
  const hrssItem = await make.item(await make.policy({ departmentCode: 'hrss', countyCode: '410425' }));
  const apply = (item: ItemRow, code: string, submitted: string, over: Parameters<typeof make.application>[2] = {}) =>
    make.application(item, code, { submittedAt: at(submitted), ...over });
  // 1: October, approved on time. 2: October, returned once, refused late. 3: November, 免申即享, overdue now.
  await apply(miitItem, A, '2026-10-05T02:00:00Z', {
    status: 'COMPLETED',
    result: 'APPROVED',
    amountRequested: 100_000,
    amountGranted: 80_000,
    dueAt: at('2026-10-20T02:00:00Z'),
    completedAt: at('2026-10-15T02:00:00Z'),
  });
  await apply(miitItem, F, '2026-10-20T02:00:00Z', {
    status: 'COMPLETED',
    result: 'REFUSED',
    amountRequested: 50_000,
    amountGranted: null,
    returnedAt: at('2026-10-21T02:00:00Z'),
    round: 2,
    dueAt: at('2026-11-01T02:00:00Z'),
    completedAt: at('2026-11-03T02:00:00Z'),
  });
  await apply(miitItem, A, '2026-11-03T02:00:00Z', {
    status: 'PROCESSING',
    origin: 'ENTITLEMENT',
    amountRequested: 200_000,
    overdueAt: at('2026-11-25T02:00:00Z'),
  });
  // 4: the city's item, November. 5: 郏县 人社局, approved and disclosed on time.
  await apply(cityItem, B, '2026-11-10T02:00:00Z', { amountRequested: 30_000 });
  await apply(hrssItem, B, '2026-11-12T02:00:00Z', {
    status: 'DISCLOSED',
    result: 'APPROVED',
    amountRequested: 60_000,
    amountGranted: 60_000,
  });
  // 6: 1 October 01:00 China time (still 30 September in UTC): in October. 7: 1 December 00:00 China time: outside.
  await apply(miitItem, U, '2026-09-30T17:00:00Z', { amountRequested: 10_000 });
  await apply(miitItem, A, '2026-11-30T16:00:00Z', { amountRequested: 999_999 });

  const rule = async (item: ItemRow) =>
    (
      await conn
        .insert(eligibilityRules)
        .values({
          itemId: item.id,
          version: 1,
          expression: { '==': [{ var: 'aboveScale' }, true] },
          facts: ['aboveScale'],
          description: '四上企业',
          effectiveFrom: at('2026-01-01T00:00:00Z'),
          createdBy: 'wrzwq-city',
          departmentCode: item.departmentCode,
          countyCode: item.countyCode,
        })
        .returning()
    )[0]!;
  const miitRule = await rule(miitItem);
  const cityRule = await rule(cityItem);
  const entitle = (item: ItemRow, ruleId: string, code: string, entitled: string, status: string) =>
    conn.insert(entitlements).values({
      enterpriseCode: code,
      enterpriseName: '企业',
      enterpriseCountyCode: code.slice(2, 8),
      itemId: item.id,
      ruleId,
      ruleVersion: 1,
      facts: { aboveScale: true },
      reason: '四上企业',
      runId: '3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a',
      status: status as 'ENTITLED',
      entitledAt: at(entitled),
      departmentCode: item.departmentCode,
      countyCode: item.countyCode,
    });
  await entitle(miitItem, miitRule.id, A, '2026-11-02T02:00:00Z', 'CONFIRMED');
  await entitle(miitItem, miitRule.id, F, '2026-11-04T02:00:00Z', 'DECLINED');
  await entitle(cityItem, cityRule.id, B, '2026-10-15T02:00:00Z', 'ENTITLED');

  const official = async (userId: string, departmentCode: string, countyCode: string) =>
    (
      await conn
        .insert(serviceOfficials)
        .values({
          userId,
          name: userId,
          position: '干部',
          phone: '13900000000',
          registeredBy: 'wrzwq-city',
          registeredAt: at('2026-09-01T00:00:00Z'),
          updatedAt: at('2026-09-01T00:00:00Z'),
          departmentCode,
          countyCode,
        })
        .returning()
    )[0]!;
  const visit = async (o: Awaited<ReturnType<typeof official>>, code: string, when: string, raised: boolean) => {
    const [a] = await conn
      .insert(officialAssignments)
      .values({
        officialId: o.id,
        officialUserId: o.userId,
        enterpriseCode: code,
        status: 'ENDED',
        assignedAt: at('2026-09-02T00:00:00Z'),
        assignedBy: 'wrzwq-city',
        departmentCode: o.departmentCode,
        countyCode: code.slice(2, 8),
        updatedAt: at('2026-09-02T00:00:00Z'),
      })
      .returning();
    const [v] = await conn
      .insert(visits)
      .values({
        assignmentId: a!.id,
        officialId: o.id,
        officialUserId: o.userId,
        enterpriseCode: code,
        visitedAt: at(when),
        metWith: '负责人',
        notes: '走访',
        status: 'RECORDED',
        recordedAt: at(when),
        recordedBy: o.userId,
        departmentCode: o.departmentCode,
        countyCode: code.slice(2, 8),
        updatedAt: at(when),
      })
      .returning();
    await conn.insert(visitProblems).values({
      visitId: v!.id,
      position: 0,
      description: '问题',
      ...(raised ? { matterId: '0b6f1c9e-2d3a-4e5f-8a7b-000000000001', raisedAt: at(when), raisedBy: o.userId } : {}),
    });
  };
  const o1 = await official('o1', 'miit', '410422');
  const o2 = await official('o2', 'wrzwq', '410425');
  const o3 = await official('o3', 'wrzwq', '410422');
  await visit(o1, A, '2026-11-05T02:00:00Z', true);
  await visit(o1, A, '2026-11-20T02:00:00Z', false);
  await visit(o1, F, '2026-10-10T02:00:00Z', false);
  await visit(o2, B, '2026-11-08T02:00:00Z', true);
  await visit(o3, U, '2026-11-15T02:00:00Z', false);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const Q = `query($from: String!, $to: String!, $g: [PolicyAggregateDimension!]!, $l: IndustryLevel,
  $f: PolicyAggregateFilter, $first: Int, $after: String) {
  policyAggregates(from: $from, to: $to, groupBy: $g, industryLevel: $l, filter: $f, first: $first, after: $after) {
    from to totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      department { code } county { code } industryCode month
      applications applicationsFromEntitlements applyingEnterprises applicationsOpen applicationsOverdue
      applicationsReturned applicationsCompleted completedOnTime completedOnTimeRate approved refused
      amountRequested amountGranted entitlementsOffered entitlementsConfirmed entitlementsDeclined
      visits enterprisesVisited problemsRaised
    }
  }
}`;
type Node = Record<string, unknown> & { county: { code: string } | null; department: { code: string } | null };
type Result = {
  policyAggregates: {
    from: string;
    to: string;
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Node[];
  };
};
const run = (token: string | undefined, variables: Record<string, unknown>) =>
  execute<Result>(server, Q, { token, variables: { from: '2026-10', to: '2026-11', ...variables } });
const ok = async (token: string | undefined, variables: Record<string, unknown>) => {
  const res = await run(token, variables);
  expect(res.errors).toBeUndefined();
  return res.data!.policyAggregates;
};
const nodes = async (token: string | undefined, variables: Record<string, unknown>) =>
  (await ok(token, variables)).nodes;
const NONE = { department: null, county: null, industryCode: null, month: null };

describe('policyAggregates', () => {
  it('sums the range into one total without dimensions', async () => {
    const page = await ok(tokens.analyst, { g: [] });
    expect(page).toMatchObject({ from: '2026-10', to: '2026-11', totalCount: 1 });
    expect(page.nodes).toEqual([
      {
        ...NONE,
        applications: 6,
        applicationsFromEntitlements: 1,
        applyingEnterprises: 4,
        applicationsOpen: 3,
        applicationsOverdue: 1,
        applicationsReturned: 1,
        applicationsCompleted: 3,
        completedOnTime: 2,
        completedOnTimeRate: 2 / 3,
        approved: 2,
        refused: 1,
        amountRequested: 450_000,
        amountGranted: 140_000,
        entitlementsOffered: 3,
        entitlementsConfirmed: 1,
        entitlementsDeclined: 1,
        visits: 5,
        enterprisesVisited: 4,
        problemsRaised: 2,
      },
    ]);
  });

  it('answers one row of zeros for a range with nothing in it', async () => {
    const [row] = await nodes(tokens.analyst, { from: '2025-01', to: '2025-02', g: [] });
    expect(row).toMatchObject({ applications: 0, amountGranted: 0, visits: 0, completedOnTimeRate: null });
  });

  it('groups by county: the item’s unit for applications and entitlements, the enterprise’s for visits', async () => {
    const rows = await nodes(tokens.analyst, { g: ['COUNTY'] });
    expect(
      rows.map((r) => [r.county!.code, r.applications, r.entitlementsOffered, r.visits, r.problemsRaised]),
    ).toEqual([
      ['410400', 1, 1, 0, 0],
      ['410422', 4, 2, 4, 1],
      ['410425', 1, 0, 1, 1],
    ]);
    expect(rows.every((r) => r.department === null && r.industryCode === null && r.month === null)).toBe(true);
  });

  it('groups by the enterprise’s industry at each GB/T 4754 level, unknown enterprises last', async () => {
    const sections = await nodes(tokens.analyst, { g: ['INDUSTRY'] });
    expect(sections.map((r) => [r.industryCode, r.applications, r.entitlementsOffered, r.visits])).toEqual([
      ['C', 4, 2, 3],
      ['F', 1, 1, 1],
      [null, 1, 0, 1],
    ]);
    const divisions = await nodes(tokens.analyst, { g: ['INDUSTRY'], l: 'DIVISION' });
    expect(divisions.map((r) => [r.industryCode, r.applications, r.amountRequested])).toEqual([
      ['C17', 2, 90_000],
      ['C33', 2, 300_000],
      ['F52', 1, 50_000],
      [null, 1, 10_000],
    ]);
    const classes = await nodes(tokens.analyst, { g: ['INDUSTRY'], l: 'CLASS', f: { industryPrefix: 'C33' } });
    expect(classes.map((r) => [r.industryCode, r.applications, r.amountGranted, r.visits])).toEqual([
      ['C3311', 2, 80_000, 2],
    ]);
  });

  it('groups by month (China time) and department together', async () => {
    const months = await nodes(tokens.analyst, { g: ['MONTH'] });
    expect(months.map((r) => [r.month, r.applications, r.entitlementsOffered, r.visits])).toEqual([
      ['2026-10', 3, 1, 1],
      ['2026-11', 3, 2, 4],
    ]);
    const rows = await nodes(tokens.analyst, { g: ['DEPARTMENT', 'MONTH'] });
    expect(rows.map((r) => [r.department!.code, r.month, r.applications, r.entitlementsOffered, r.visits])).toEqual([
      ['hrss', '2026-11', 1, 0, 0],
      ['miit', '2026-10', 3, 0, 1],
      ['miit', '2026-11', 1, 2, 2],
      ['wrzwq', '2026-10', 0, 1, 0],
      ['wrzwq', '2026-11', 1, 0, 2],
    ]);
  });

  it('filters by county and department', async () => {
    const [jia] = await nodes(tokens.analyst, { g: [], f: { countyCode: '410425' } });
    expect(jia).toMatchObject({ applications: 1, amountGranted: 60_000, visits: 1 });
    const [hrss] = await nodes(tokens.analyst, { g: [], f: { departmentCode: 'hrss' } });
    expect(hrss).toMatchObject({ applications: 1, entitlementsOffered: 0, visits: 0 });
    const [city] = await nodes(tokens.analyst, { g: [], f: { countyCode: '410400' } });
    expect(city).toMatchObject({ applications: 6, visits: 5 });
  });

  it('counts the caller’s rows: staff their scope, leaders and admins the city', async () => {
    const total = async (token: string | undefined) => {
      const [row] = await nodes(token, { g: [] });
      return [row!.applications, row!.entitlementsOffered, row!.visits];
    };
    expect(await total(tokens.countyClerk)).toEqual([4, 2, 4]); // 万人助万企办 of 叶县: every row of 叶县
    expect(await total(miitYe)).toEqual([4, 2, 3]); // 叶县 工信局: its own items and officials
    expect(await total(tokens.otherStaff)).toEqual([1, 0, 0]); // 市人社局: its item in 郏县
    expect(await total(tokens.admin)).toEqual([6, 3, 5]);
    expect(await total(leader)).toEqual([6, 3, 5]);
  });

  it('answers every dimension at once in one SQL statement', async () => {
    counter.reset();
    const rows = await nodes(tokens.analyst, {
      g: ['DEPARTMENT', 'COUNTY', 'INDUSTRY', 'MONTH'],
      l: 'CLASS',
      first: 200,
    });
    expect(counter.count).toBe(1);
    expect(rows.reduce((n, r) => n + Number(r.applications), 0)).toBe(6);
    expect(rows.reduce((n, r) => n + Number(r.visits), 0)).toBe(5);
  });

  it('pages the groups', async () => {
    const first = await ok(tokens.analyst, { g: ['COUNTY'], first: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.nodes.map((r) => r.county!.code)).toEqual(['410400', '410422']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await ok(tokens.analyst, { g: ['COUNTY'], first: 2, after: first.pageInfo.endCursor });
    expect(rest.nodes.map((r) => r.county!.code)).toEqual(['410425']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses enterprises, persons and systems, and anonymous callers', async () => {
    for (const token of [tokens.enterpriseA, tokens.person, system]) {
      const res = await run(token, { g: [] });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    }
    const anonymous = await run(undefined, { g: [] });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('names the argument that is wrong', async () => {
    const field = async (variables: Record<string, unknown>) =>
      (await run(tokens.analyst, { g: [], ...variables })).errors?.[0]?.extensions;
    expect(await field({ from: '2026-11', to: '2026-10' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await field({ from: '2023-01', to: '2026-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await field({ from: '2026-13' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(await field({ f: { industryPrefix: 'C9' } })).toMatchObject({ field: 'filter.industryPrefix' });
    expect(await field({ f: { departmentCode: 'police' } })).toMatchObject({ field: 'filter.departmentCode' });
    expect(await field({ f: { countyCode: '110000' } })).toMatchObject({ field: 'filter.countyCode' });
    expect(await field({ first: 201 })).toMatchObject({ field: 'first' });
    expect(await field({ after: 'nonsense' })).toMatchObject({ field: 'after' });
  });
});
