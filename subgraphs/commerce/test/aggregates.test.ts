/**
 * `commerceAggregates` through GraphQL against hand-counted rows: opportunities and investment projects by the month of
 * their first publication, financing needs by the month they were raised, financing applications by the month they
 * were submitted (China time, both edges of the range), grouped by department, county, industry (an enterprise's from
 * the copy of the registry and the statistical units, a project's own sector) and month; the caller's scope; refusals.
 */
import type { Database } from '@qq/db/client';
import { enterpriseIndustries, opportunityInterests } from '@qq/db/schema/commerce';
import { createTestDatabase, statementCounter, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import {
  enterpriseA,
  enterpriseB,
  insertApplication,
  insertFinancingNeed,
  insertInstitution,
  insertOpportunity,
  insertProduct,
  insertProject,
  JIAXIAN,
  roleTokens,
  subgraphConnection,
  YEXIAN,
  type Roles,
} from './factories.ts';
import { expectError, ok, runner, type Json } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Roles;
let leader: string;
const run = runner(() => server);
const at = (iso: string) => new Date(iso);
const counter = statementCounter();
const A = enterpriseA.creditCode;
const B = enterpriseB.creditCode;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = await subgraphConnection(db);
  server = createServer({ db: await db.connectAs('commerce', { onQuery: counter.onQuery }) });
  await server.start();
  t = await roleTokens();
  leader = await tokenFor({ sub: 'leader-1', role: 'leader' });
  await conn.insert(enterpriseIndustries).values([
    { creditCode: A, countyCode: YEXIAN, industryCode: 'C', unitIndustryCode: 'C3311', refreshedAt: new Date() },
    { creditCode: B, countyCode: JIAXIAN, industryCode: 'F', unitIndustryCode: 'F5212', refreshedAt: new Date() },
  ]);

  const o1 = await insertOpportunity(conn, { enterpriseCode: A, publishedAt: at('2026-10-05T02:00:00Z') });
  await insertOpportunity(conn, {
    enterpriseCode: B,
    countyCode: JIAXIAN,
    status: 'EXPIRED',
    publishedAt: at('2026-11-06T02:00:00Z'),
  });
  await insertOpportunity(conn, { enterpriseCode: A, status: 'PENDING' });
  for (const enterpriseCode of [B, '91410402MA00000019']) {
    await conn.insert(opportunityInterests).values({
      opportunityId: o1.id,
      ownerCode: A,
      enterpriseCode,
      message: '希望洽谈',
      contactName: '王经理',
      contactPhone: '13800001111',
      createdBy: 'factory',
      departmentCode: 'mofcom',
      countyCode: YEXIAN,
    });
  }

  await insertProject(conn, { stage: 'SIGNED', investmentAmount: 65_000, publishedAt: at('2026-10-10T02:00:00Z') });
  await insertProject(conn, {
    departmentCode: 'ndrc',
    industryCode: 'D',
    stage: 'PLANNING',
    investmentAmount: 180_000,
    publishedAt: at('2026-11-11T02:00:00Z'),
  });
  await insertProject(conn, { countyCode: JIAXIAN, status: 'DRAFT' });
  // 1 December 00:00 China time: outside the range.
  await insertProject(conn, { industryCode: 'I', investmentAmount: 1, publishedAt: at('2026-11-30T16:00:00Z') });

  const bank = await insertInstitution(conn);
  const loan = await insertProduct(conn, bank);
  const other = await insertProduct(conn, bank, { name: '测试抵押贷' });
  const n1 = await insertFinancingNeed(conn, {
    enterpriseCode: A,
    amount: 500,
    status: 'FUNDED',
    matchedAt: at('2026-10-21T02:00:00Z'),
    fundedAt: at('2026-10-30T02:00:00Z'),
    createdAt: at('2026-10-20T02:00:00Z'),
  });
  // 1 November 01:00 China time (31 October in UTC): November.
  const n2 = await insertFinancingNeed(conn, {
    enterpriseCode: B,
    countyCode: JIAXIAN,
    amount: 300,
    createdAt: at('2026-10-31T17:00:00Z'),
  });
  await insertApplication(conn, n1, loan, {
    status: 'DISBURSED',
    submittedAt: at('2026-10-21T02:00:00Z'),
    answeredAt: at('2026-10-22T02:00:00Z'),
    approvedAmount: 450,
    disbursedAt: at('2026-10-25T02:00:00Z'),
    disbursedAmount: 450,
  });
  await insertApplication(conn, n2, loan, {
    status: 'DECLINED',
    submittedAt: at('2026-11-03T02:00:00Z'),
    answeredAt: at('2026-11-04T02:00:00Z'),
  });
  await insertApplication(conn, n2, other, { amount: 200, submittedAt: at('2026-11-05T02:00:00Z') });
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const Q = `query($from: String!, $to: String!, $g: [CommerceAggregateDimension!]!, $l: IndustryLevel,
  $f: CommerceAggregateFilter, $first: Int, $after: String) {
  commerceAggregates(from: $from, to: $to, groupBy: $g, industryLevel: $l, filter: $f, first: $first, after: $after) {
    totalCount
    nodes {
      department { code } county { code } industryCode month
      opportunities opportunitiesOpen opportunityInterests investmentProjects investmentProjectsSigned investmentAmount
      financingNeeds financingNeedsMatched financingNeedsFunded amountSought financingEnterprises
      financingApplications applicationsAnswered applicationsApproved applicationsDeclined approvalRate
      applicationsDisbursed amountApplied amountApproved amountDisbursed
    }
  }
}`;
const ask = (token: string | undefined, variables: Record<string, unknown>) =>
  run(token, Q, { from: '2026-10', to: '2026-11', ...variables });
const nodes = async (token: string | undefined, variables: Record<string, unknown>): Promise<Json[]> =>
  ok(await ask(token, variables)).commerceAggregates.nodes;

describe('commerceAggregates', () => {
  it('sums listings, needs and applications of the range', async () => {
    expect(await nodes(t.analyst, { g: [] })).toEqual([
      {
        department: null,
        county: null,
        industryCode: null,
        month: null,
        opportunities: 2,
        opportunitiesOpen: 1,
        opportunityInterests: 2,
        investmentProjects: 2,
        investmentProjectsSigned: 1,
        investmentAmount: 245_000,
        financingNeeds: 2,
        financingNeedsMatched: 1,
        financingNeedsFunded: 1,
        amountSought: 800,
        financingEnterprises: 2,
        financingApplications: 3,
        applicationsAnswered: 2,
        applicationsApproved: 1,
        applicationsDeclined: 1,
        approvalRate: 0.5,
        applicationsDisbursed: 1,
        amountApplied: 1000,
        amountApproved: 450,
        amountDisbursed: 450,
      },
    ]);
  });

  it('groups by department, county and month', async () => {
    const departments = await nodes(t.analyst, { g: ['DEPARTMENT'] });
    expect(
      departments.map((r) => [r.department.code, r.opportunities, r.investmentProjects, r.financingApplications]),
    ).toEqual([
      ['mofcom', 2, 1, 3],
      ['ndrc', 0, 1, 0],
    ]);
    counter.reset();
    const counties = await nodes(t.analyst, { g: ['COUNTY', 'MONTH'] });
    expect(counter.count).toBe(1);
    expect(
      counties.map((r) => [
        r.county.code,
        r.month,
        r.opportunities,
        r.investmentProjects,
        r.financingNeeds,
        r.amountApplied,
      ]),
    ).toEqual([
      ['410422', '2026-10', 1, 1, 1, 500],
      ['410422', '2026-11', 0, 1, 0, 0],
      ['410425', '2026-11', 1, 0, 1, 500],
    ]);
  });

  it("groups by industry: an enterprise's class, a project's own sector", async () => {
    const sections = await nodes(t.analyst, { g: ['INDUSTRY'] });
    expect(
      sections.map((r) => [
        r.industryCode,
        r.opportunities,
        r.investmentProjects,
        r.financingNeeds,
        r.financingApplications,
      ]),
    ).toEqual([
      ['C', 1, 1, 1, 1],
      ['D', 0, 1, 0, 0],
      ['F', 1, 0, 1, 2],
    ]);
    const divisions = await nodes(t.analyst, { g: ['INDUSTRY'], l: 'DIVISION' });
    expect(divisions.map((r) => [r.industryCode, r.opportunities, r.investmentProjects, r.amountSought])).toEqual([
      ['C', 0, 1, 0],
      ['C33', 1, 0, 500],
      ['D', 0, 1, 0],
      ['F52', 1, 0, 300],
    ]);
    const [f] = await nodes(t.analyst, { g: [], f: { industryPrefix: 'F52' } });
    expect(f).toMatchObject({ opportunities: 1, financingApplications: 2, amountApplied: 500, investmentProjects: 0 });
  });

  it('counts the caller’s rows and refuses those who may not read aggregates', async () => {
    const total = async (token: string) => {
      const [row] = await nodes(token, { g: [] });
      return [row.opportunities, row.investmentProjects, row.financingNeeds, row.financingApplications];
    };
    expect(await total(t.countyClerk)).toEqual([1, 2, 1, 1]); // 叶县 商务局: every row of 叶县
    expect(await total(t.otherStaff)).toEqual([0, 1, 0, 0]); // 发改委: its own project
    expect(await total(t.admin)).toEqual([2, 2, 2, 3]);
    expect(await total(leader)).toEqual([2, 2, 2, 3]);
    for (const token of [t.enterpriseA, t.person]) expectError(await ask(token, { g: [] }), 'FORBIDDEN');
    expectError(await ask(undefined, { g: [] }), 'UNAUTHENTICATED');
    expectError(
      await ask(t.analyst, { g: [], f: { departmentCode: 'nasa' } }),
      'BAD_USER_INPUT',
      'filter.departmentCode',
    );
  });
});
