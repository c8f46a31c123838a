/** Reads of the talent subgraph: entities, lists and lookups, the role matrix, the leak test and statement counts. */
import { demoEnterprises } from '@qq/db/seed';
import { jobPostings, talentPolicies } from '@qq/db/schema/talent';
import type { Database } from '@qq/db/client';
import { createTestDatabase, execute, statementCounter, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { and, count, eq, inArray, sum } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTalent } from '../../../db/src/seed/talent.ts';
import { createServer } from '../src/index.ts';
import { A, B, makePosting, tokens, type PostingRow, type RoleName, type Tokens } from './fixtures.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Tokens;
const seeded = demoEnterprises(60);
let pA1: PostingRow, pA2: PostingRow, pA3: PostingRow, pB1: PostingRow, pB2: PostingRow, pB3: PostingRow;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  // The demo seed must work inside a transaction (start-up seeds every department in one).
  await conn.transaction(async (tx) => seedTalent(tx, seeded));
  pA1 = await makePosting(conn, {
    enterpriseCode: A.creditCode,
    countyCode: '410422',
    status: 'PUBLISHED',
    title: '数控车床操作工',
    headcount: 5,
    salaryMin: 4500,
    salaryMax: 7000,
    contactName: '王建国',
    contactPhone: '13912345678',
  });
  pA2 = await makePosting(conn, { enterpriseCode: A.creditCode, countyCode: '410422', status: 'PENDING_REVIEW' });
  pA3 = await makePosting(conn, { enterpriseCode: A.creditCode, countyCode: '410422', status: 'REJECTED' });
  pB1 = await makePosting(conn, {
    enterpriseCode: B.creditCode,
    countyCode: '410425',
    status: 'PUBLISHED',
    title: '陶瓷釉料研发工程师',
    category: 'RESEARCH',
    education: 'BACHELOR',
    headcount: 3,
    salaryMin: 6000,
    salaryMax: 9000,
  });
  pB2 = await makePosting(conn, { enterpriseCode: B.creditCode, countyCode: '410425', status: 'PENDING_REVIEW' });
  pB3 = await makePosting(conn, { enterpriseCode: B.creditCode, countyCode: '410425', status: 'REJECTED' });
  t = await tokens();
  server = createServer({ db: await db.connectAs('talent') });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

type Node = { id: string; status: string; county: { code: string }; enterprise: { creditCode: string } };
type ListData = { jobPostings: { totalCount: number; nodes: Node[] } };

const LIST = `query($filter: JobPostingFilter, $first: Int) {
  jobPostings(first: $first, filter: $filter) { totalCount nodes { id status county { code } enterprise { creditCode } } }
}`;

function run<T = Record<string, unknown>>(query: string, token?: string, variables?: Record<string, unknown>) {
  return execute<T>(server, query, { token, variables });
}

async function visibleFixtures(role: RoleName): Promise<string[]> {
  const fixtures = new Set([pA1, pA2, pA3, pB1, pB2, pB3].map((p) => p.id));
  // Fixture postings are newer than every seeded one, so they fill the first page.
  const res = await run<ListData>(LIST, t[role], { first: 100 });
  expect(res.errors).toBeUndefined();
  return res
    .data!.jobPostings.nodes.map((n) => n.id)
    .filter((id) => fixtures.has(id))
    .sort();
}

describe('entities', () => {
  it('resolves Enterprise with its job postings (published ones for an anonymous caller)', async () => {
    const res = await run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode jobPostings(first: 5) { totalCount nodes { id title status } } } } }`,
      undefined,
      {
        r: [
          { __typename: 'Enterprise', creditCode: A.creditCode },
          { __typename: 'Enterprise', creditCode: B.creditCode },
          { __typename: 'Enterprise', creditCode: '91410400MA00000000' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      {
        creditCode: A.creditCode,
        jobPostings: { totalCount: 1, nodes: [{ id: pA1.id, title: '数控车床操作工', status: 'PUBLISHED' }] },
      },
      {
        creditCode: B.creditCode,
        jobPostings: { totalCount: 1, nodes: [{ id: pB1.id, title: '陶瓷釉料研发工程师', status: 'PUBLISHED' }] },
      },
      null,
    ]);
  });

  it('gives the owner every posting of its enterprise through the entity, newest first', async () => {
    const res = await run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { jobPostings(first: 2) { totalCount nodes { id } pageInfo { hasNextPage } } } } }`,
      t.enterpriseA,
      { r: [{ __typename: 'Enterprise', creditCode: A.creditCode }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { jobPostings: { totalCount: 3, nodes: [{ id: pA3.id }, { id: pA2.id }], pageInfo: { hasNextPage: true } } },
    ]);
  });

  it('resolves County with the open positions of published postings', async () => {
    const sums = await conn
      .select({ county: jobPostings.countyCode, n: sum(jobPostings.headcount) })
      .from(jobPostings)
      .where(eq(jobPostings.status, 'PUBLISHED'))
      .groupBy(jobPostings.countyCode);
    const of = (code: string) => Number(sums.find((s) => s.county === code)?.n ?? 0);
    const total = sums.reduce((a, s) => a + Number(s.n), 0);
    const res = await run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { code openPositionCount } } }`,
      undefined,
      {
        r: [
          { __typename: 'County', code: '410422' },
          { __typename: 'County', code: '410425' },
          { __typename: 'County', code: '410400' },
          { __typename: 'County', code: '999999' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(of('410422')).toBeGreaterThanOrEqual(5);
    expect(res.data?._entities).toEqual([
      { code: '410422', openPositionCount: of('410422') },
      { code: '410425', openPositionCount: of('410425') },
      { code: '410400', openPositionCount: total },
      null,
    ]);
  });

  it('resolves Department with its talent policies', async () => {
    // Anonymous callers see the published policies only.
    const counts = await conn
      .select({ dept: talentPolicies.departmentCode, n: count() })
      .from(talentPolicies)
      .where(eq(talentPolicies.status, 'PUBLISHED'))
      .groupBy(talentPolicies.departmentCode);
    const of = (code: string) => Number(counts.find((c) => c.dept === code)?.n ?? 0);
    const res = await run<{
      _entities: Array<{
        code: string;
        talentPolicies: { totalCount: number; nodes: Array<{ title: string }> };
      } | null>;
    }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Department { code talentPolicies(first: 3) { totalCount nodes { title department { code } } } } } }`,
      undefined,
      {
        r: [
          { __typename: 'Department', code: 'hrss' },
          { __typename: 'Department', code: 'miit' },
          { __typename: 'Department', code: 'ndrc' },
          { __typename: 'Department', code: 'nope' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const [hrss, miit, ndrc, nope] = res.data!._entities;
    expect(of('hrss')).toBeGreaterThan(3);
    expect(hrss).toMatchObject({ code: 'hrss', talentPolicies: { totalCount: of('hrss') } });
    expect(hrss!.talentPolicies.nodes).toHaveLength(3);
    expect(miit).toEqual({
      code: 'miit',
      talentPolicies: {
        totalCount: 1,
        nodes: [{ title: '专精特新企业急需紧缺人才薪酬补贴', department: { code: 'miit' } }],
      },
    });
    expect(ndrc).toEqual({ code: 'ndrc', talentPolicies: { totalCount: 0, nodes: [] } });
    expect(nope).toBeNull();
  });

  it('resolves JobPosting and TalentPolicy by key, null when not visible or missing', async () => {
    const [policy] = await conn.select().from(talentPolicies).where(eq(talentPolicies.status, 'PUBLISHED')).limit(1);
    const [draft] = await conn.select().from(talentPolicies).where(eq(talentPolicies.status, 'DRAFT')).limit(1);
    const res = await run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on JobPosting { id title headcount county { code } } ... on TalentPolicy { id title county { code } } } }`,
      undefined,
      {
        r: [
          { __typename: 'JobPosting', id: pA1.id },
          { __typename: 'JobPosting', id: pA2.id },
          { __typename: 'JobPosting', id: 'not-a-uuid' },
          { __typename: 'TalentPolicy', id: policy!.id },
          { __typename: 'TalentPolicy', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'TalentPolicy', id: draft!.id },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: pA1.id, title: '数控车床操作工', headcount: 5, county: { code: '410422' } },
      null,
      null,
      { id: policy!.id, title: policy!.title, county: { code: policy!.countyCode } },
      null,
      null,
    ]);
  });
});

describe('job posting queries', () => {
  it('pages through the published postings with keyset cursors and totalCount', async () => {
    const expected = (
      await conn
        .select({ id: jobPostings.id, at: jobPostings.createdAt })
        .from(jobPostings)
        .where(eq(jobPostings.status, 'PUBLISHED'))
    )
      .sort((x, y) => y.at.getTime() - x.at.getTime() || (x.id < y.id ? 1 : -1))
      .map((r) => r.id);
    type Page = {
      jobPostings: {
        totalCount: number;
        edges: Array<{ cursor: string; node: { id: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const q = `query($after: String) { jobPostings(first: 10, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResult<Page> = await run<Page>(q, undefined, { after });
      expect(res.errors).toBeUndefined();
      expect(res.data!.jobPostings.totalCount).toBe(expected.length);
      seen.push(...res.data!.jobPostings.edges.map((e) => e.node.id));
      if (!res.data!.jobPostings.pageInfo.hasNextPage) break;
      after = res.data!.jobPostings.pageInfo.endCursor;
    }
    expect(expected.length).toBeGreaterThan(20);
    expect(seen).toEqual(expected);
  });

  it('filters by county, category, education, keyword and salary', async () => {
    const res = await run<{ jobPostings: { totalCount: number; nodes: Array<{ id: string; salaryMax: number }> } }>(
      `{ jobPostings(filter: { countyCode: "410425", category: RESEARCH, education: BACHELOR, keyword: "釉料", salaryAtLeast: 8500 }) { totalCount nodes { id salaryMax } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.jobPostings).toEqual({ totalCount: 1, nodes: [{ id: pB1.id, salaryMax: 9000 }] });

    const above = await run<ListData>(LIST, undefined, { filter: { keyword: '釉料', salaryAtLeast: 9001 } });
    expect(above.data!.jobPostings.totalCount).toBe(0);

    const county = await run<ListData>(LIST, undefined, { filter: { countyCode: '410422' }, first: 100 });
    const [n] = await conn
      .select({ n: count() })
      .from(jobPostings)
      .where(and(eq(jobPostings.countyCode, '410422'), eq(jobPostings.status, 'PUBLISHED')));
    expect(county.data!.jobPostings.totalCount).toBe(Number(n!.n));
    expect(county.data!.jobPostings.nodes.every((p) => p.county.code === '410422' && p.status === 'PUBLISHED')).toBe(
      true,
    );
  });

  it('answers a lookup by id with the posting and its stubs, and refuses a malformed id', async () => {
    const res = await run(
      `query($id: ID!) { jobPosting(id: $id) { id title category education headcount salaryMin salaryMax status publishedAt submittedAt enterprise { creditCode } county { code } department { code } } }`,
      undefined,
      { id: pB1.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.jobPosting).toEqual({
      id: pB1.id,
      title: '陶瓷釉料研发工程师',
      category: 'RESEARCH',
      education: 'BACHELOR',
      headcount: 3,
      salaryMin: 6000,
      salaryMax: 9000,
      status: 'PUBLISHED',
      publishedAt: pB1.publishedAt!.toISOString(),
      submittedAt: pB1.submittedAt!.toISOString(),
      enterprise: { creditCode: B.creditCode },
      county: { code: '410425' },
      department: { code: 'hrss' },
    });
    const bad = await run(`{ jobPosting(id: "42") { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('refuses bad arguments with BAD_USER_INPUT naming the field', async () => {
    const cases: Array<[string, string]> = [
      [`{ jobPostings(first: 101) { totalCount } }`, 'first'],
      [`{ jobPostings(after: "garbage") { totalCount } }`, 'after'],
      [`{ jobPostings(filter: { countyCode: "110101" }) { totalCount } }`, 'filter.countyCode'],
      [`{ jobPostings(filter: { keyword: "焊" }) { totalCount } }`, 'filter.keyword'],
      [`{ jobPostings(filter: { salaryAtLeast: -1 }) { totalCount } }`, 'filter.salaryAtLeast'],
      [`{ talentPolicies(filter: { countyCode: "4104" }) { totalCount } }`, 'filter.countyCode'],
      [`{ talentPolicy(id: "x") { id } }`, 'id'],
    ];
    for (const [query, field] of cases) {
      const res = await run(query);
      expect(res.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('talent policies', () => {
  it('lists the published policies that apply in a county (its own and the city-wide ones), newest first', async () => {
    const rows = await conn
      .select()
      .from(talentPolicies)
      .where(and(inArray(talentPolicies.countyCode, ['410422', '410400']), eq(talentPolicies.status, 'PUBLISHED')));
    const expected = rows.sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime()).map((r) => r.title);
    const res = await run<{ talentPolicies: { totalCount: number; nodes: Array<{ title: string }> } }>(
      `{ talentPolicies(first: 50, filter: { countyCode: "410422" }) { totalCount nodes { title } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.talentPolicies.totalCount).toBe(expected.length);
    expect(res.data!.talentPolicies.nodes.map((n) => n.title)).toEqual(expected);
    expect(expected).toContain('叶县“归雁计划”人才回引工作方案');
    expect(expected).not.toContain('郏县乡村工匠和技能人才评选激励');
  });

  it('finds policies by keyword and by id', async () => {
    const res = await run<{
      talentPolicies: { nodes: Array<{ id: string; title: string; county: { code: string } }> };
    }>(`{ talentPolicies(filter: { keyword: "人才公寓" }) { nodes { id title county { code } } } }`);
    expect(res.errors).toBeUndefined();
    const titles = res.data!.talentPolicies.nodes.map((n) => n.title);
    expect(titles).toContain('青年人才安居工程：人才公寓申请办法');
    const first = res.data!.talentPolicies.nodes[0]!;
    const one = await run(
      `query($id: ID!) { talentPolicy(id: $id) { id title summary body publishedAt } }`,
      undefined,
      {
        id: first.id,
      },
    );
    expect(one.data?.talentPolicy).toMatchObject({ id: first.id, title: first.title });
    const missing = await run(`{ talentPolicy(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(missing).toEqual({ data: { talentPolicy: null } });
  });
});

describe('role matrix', () => {
  const expected: Record<RoleName, () => PostingRow[]> = {
    anonymous: () => [pA1, pB1],
    person: () => [pA1, pB1],
    enterpriseA: () => [pA1, pA2, pA3, pB1],
    enterpriseB: () => [pA1, pB1, pB2, pB3],
    countyClerk: () => [pA1, pA2, pA3, pB1],
    cityStaff: () => [pA1, pA2, pA3, pB1, pB2, pB3],
    otherStaff: () => [pA1, pB1],
    analyst: () => [pA1, pA2, pA3, pB1, pB2, pB3],
    admin: () => [pA1, pA2, pA3, pB1, pB2, pB3],
  };

  for (const role of Object.keys(expected) as RoleName[]) {
    it(`${role} lists exactly the postings of its scope`, async () => {
      expect(await visibleFixtures(role)).toEqual(
        expected[role]()
          .map((p) => p.id)
          .sort(),
      );
    });
  }

  it('shows contact details to signed-in callers, masked for analysts, and refuses anonymous callers', async () => {
    const q = `query($id: ID!) { jobPosting(id: $id) { title contactName contactPhone } }`;
    for (const role of ['person', 'enterpriseB', 'countyClerk', 'otherStaff', 'admin'] as const) {
      const res = await run(q, t[role], { id: pA1.id });
      expect(res.errors, role).toBeUndefined();
      expect(res.data?.jobPosting, role).toEqual({
        title: '数控车床操作工',
        contactName: '王建国',
        contactPhone: '13912345678',
      });
    }
    const analyst = await run(q, t.analyst, { id: pA1.id });
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data?.jobPosting).toEqual({
      title: '数控车床操作工',
      contactName: '王**',
      contactPhone: '139****5678',
    });
    const anonymous = await run(q, undefined, { id: pA1.id });
    expect(anonymous.data?.jobPosting).toEqual({ title: '数控车床操作工', contactName: null, contactPhone: null });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('shows the review details to the owner, 人社局 staff, admins and analysts only', async () => {
    const q = `query($id: ID!) { jobPosting(id: $id) { status rejectionReason events { action toStatus actorRole } } }`;
    const details = {
      status: 'REJECTED',
      rejectionReason: '岗位描述不完整',
      events: [{ action: 'SUBMIT', toStatus: 'PENDING_REVIEW', actorRole: 'enterprise' }],
    };
    for (const role of ['enterpriseA', 'countyClerk', 'cityStaff', 'analyst', 'admin'] as const) {
      const res = await run(q, t[role], { id: pA3.id });
      expect(res.errors, role).toBeUndefined();
      expect(res.data?.jobPosting, role).toEqual(details);
    }
    // Published postings are public, their history is not: the field is refused and the rest of the posting stands.
    const q1 = `query($id: ID!) { jobPosting(id: $id) { title status events { action } } }`;
    const refused: Array<[RoleName, string]> = [
      ['anonymous', 'UNAUTHENTICATED'],
      ['person', 'FORBIDDEN'],
      ['enterpriseB', 'FORBIDDEN'],
      ['otherStaff', 'FORBIDDEN'],
    ];
    for (const [role, code] of refused) {
      const res = await run(q1, t[role], { id: pA1.id });
      expect(res.errors?.[0]?.extensions?.code, role).toBe(code);
      expect(res.errors?.[0]?.path, role).toEqual(['jobPosting', 'events']);
      expect(res.data?.jobPosting, role).toEqual({ title: pA1.title, status: 'PUBLISHED', events: null });
    }
  });

  it('refuses the mutations to callers who may not take them', async () => {
    const submit = `mutation { createJobPosting(input: { title: "焊工", category: MANUFACTURING, headcount: 1, salaryMin: 5000, salaryMax: 7000, education: ANY, description: "从事二保焊作业，持焊工证。", contactName: "李强", contactPhone: "13800001111" }) { id } }`;
    const review = `mutation($id: ID!) { approveJobPosting(id: $id) { id } }`;
    const cases: Array<[RoleName, string, string]> = [
      ['anonymous', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
      ['person', 'FORBIDDEN', 'FORBIDDEN'],
      ['enterpriseA', '', 'FORBIDDEN'],
      ['countyClerk', 'FORBIDDEN', ''],
      ['otherStaff', 'FORBIDDEN', 'FORBIDDEN'],
      ['analyst', 'FORBIDDEN', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN', 'FORBIDDEN'],
    ];
    for (const [role, submitCode, reviewCode] of cases) {
      if (submitCode) {
        const res = await run(submit, t[role]);
        expect(res.errors?.[0]?.extensions?.code, `${role} submit`).toBe(submitCode);
      }
      if (reviewCode) {
        const res = await run(review, t[role], { id: pB2.id });
        expect(res.errors?.[0]?.extensions?.code, `${role} review`).toBe(reviewCode);
      }
    }
    const [row] = await conn.select().from(jobPostings).where(eq(jobPostings.id, pB2.id));
    expect(row!.status).toBe('PENDING_REVIEW');
  });
});

describe('leak test: a 叶县 clerk and enterprise A reach no 郏县 or enterprise B records beyond the published ones', () => {
  for (const role of ['countyClerk', 'enterpriseA'] as const) {
    it(`${role}: list, filters, lookup by id, JobPosting and Enterprise entities`, async () => {
      const all = await run<ListData>(LIST, t[role], { first: 100 });
      expect(all.errors).toBeUndefined();
      const leaked = all.data!.jobPostings.nodes.filter(
        (n) => n.status !== 'PUBLISHED' && (n.county.code === '410425' || n.enterprise.creditCode === B.creditCode),
      );
      expect(leaked).toEqual([]);

      for (const status of ['PENDING_REVIEW', 'REJECTED']) {
        const byCounty = await run<ListData>(LIST, t[role], { filter: { countyCode: '410425', status } });
        expect(byCounty.data!.jobPostings).toEqual({ totalCount: 0, nodes: [] });
      }

      for (const id of [pB2.id, pB3.id]) {
        const one = await run(`query($id: ID!) { jobPosting(id: $id) { id } }`, t[role], { id });
        expect(one).toEqual({ data: { jobPosting: null } });
      }

      const entities = await run(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on JobPosting { id } ... on Enterprise { jobPostings { totalCount nodes { id status } } } } }`,
        t[role],
        {
          r: [
            { __typename: 'JobPosting', id: pB2.id },
            { __typename: 'JobPosting', id: pB3.id },
            { __typename: 'Enterprise', creditCode: B.creditCode },
          ],
        },
      );
      expect(entities.errors).toBeUndefined();
      expect(entities.data?._entities).toEqual([
        null,
        null,
        { jobPostings: { totalCount: 1, nodes: [{ id: pB1.id, status: 'PUBLISHED' }] } },
      ]);
    });
  }

  it('a 叶县 clerk cannot review a 郏县 posting', async () => {
    const res = await run(`mutation($id: ID!) { approveJobPosting(id: $id) { id } }`, t.countyClerk, {
      id: pB2.id,
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('statement count', () => {
  it('costs the same number of statements for 10 and for 50 enterprises', async () => {
    const counter = statementCounter();
    const counted = createServer({ db: await db.connectAs('talent', { onQuery: counter.onQuery }) });
    await counted.start();
    try {
      const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode jobPostings(first: 2) { totalCount nodes { id title contactName events { action } } } } } }`;
      const measure = async (n: number) => {
        const r = seeded.slice(0, n).map((e) => ({ __typename: 'Enterprise', creditCode: e.creditCode }));
        counter.reset();
        const res = await execute<{ _entities: Array<{ jobPostings: { totalCount: number } }> }>(counted, q, {
          variables: { r },
          token: t.analyst,
        });
        expect(res.errors).toBeUndefined();
        expect(res.data!._entities).toHaveLength(n);
        return {
          statements: counter.count,
          postings: res.data!._entities.reduce((a, e) => a + e.jobPostings.totalCount, 0),
        };
      };
      const ten = await measure(10);
      const fifty = await measure(50);
      expect(fifty.postings).toBeGreaterThan(ten.postings);
      // One for the first postings per enterprise with their counts, one for the review histories.
      expect(ten.statements).toBe(2);
      expect(fifty.statements).toBe(ten.statements);
    } finally {
      await counted.stop();
    }
  });
});
