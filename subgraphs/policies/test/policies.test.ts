/** Reads of the policies subgraph: entities, lists and filters, pagination, disclosures, and the cost of batching. */
import type { Database } from '@qq/db/client';
import { makeCreditCode } from '@qq/kit';
import {
  createTestDatabase,
  execute,
  statementCounter,
  tokenFor,
  type GraphQLResult,
  type TestDatabase,
} from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, B, C, factories, type ApplicationRow, type ItemRow, type PolicyRow } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let admin: string;

const f = () => factories(conn);
let manufacturing: PolicyRow;
let talent: PolicyRow;
let universal: PolicyRow;
let late: PolicyRow;
let draft: PolicyRow;
let item: ItemRow;
let disclosed: ApplicationRow;
const published: PolicyRow[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  admin = await tokenFor({ sub: 'admin', role: 'admin', county: '410400' });
  const make = factories(conn);
  manufacturing = await make.policy({
    title: '平顶山市支持制造业高质量发展若干政策措施',
    summary: '对首次升规纳统的制造业企业给予奖励。',
    industries: ['C'],
    departmentCode: 'miit',
  });
  talent = await make.policy({
    title: '鹰城英才计划实施办法',
    summary: '引进高层次人才给予安家补贴。',
    industries: ['I', 'M'],
    departmentCode: 'hrss',
    countyCode: '410422',
  });
  universal = await make.policy({ title: '平顶山市普惠性减税降费政策汇编', summary: '面向所有企业的减税降费措施。' });
  // Published 30 hours after issue: six hours past the 24-hour deadline.
  late = await make.policy({
    title: '稳经济促发展二十条措施',
    summary: '逾期发布的政策。',
    issuedAt: new Date(Date.UTC(2025, 4, 31)),
    publishDeadlineAt: new Date(Date.UTC(2025, 5, 1)),
    publishedAt: new Date(Date.UTC(2025, 5, 1, 6)),
  });
  draft = await make.policy({ title: '制造业数字化转型奖补办法（征求意见稿）', status: 'DRAFT' });
  published.push(manufacturing, talent, universal, late);
  item = await make.item(manufacturing, { name: '首次升规纳统企业奖励', maxAmount: 200_000 });
  await make.item(manufacturing, { name: '技术改造设备补助', sortOrder: 1 });
  disclosed = await make.application(item, C, { status: 'DISCLOSED', projectName: '2025年度首次升规纳统奖励' });
  await make.application(item, A, { status: 'COMPLETED', projectName: '2025年度首次升规纳统奖励（叶县）' });
  await make.application(item, B, { status: 'DISCLOSED', projectName: '智能化改造示范项目' });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('entities', () => {
  it('resolves Enterprise with its redemption applications, and refuses invalid codes', async () => {
    const res = await execute(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode
        redemptionApplications(first: 5) { totalCount nodes { projectName status amountGranted item { name } } } } } }`,
      {
        variables: {
          r: [
            { __typename: 'Enterprise', creditCode: C },
            { __typename: 'Enterprise', creditCode: '91410400MA00000000' },
          ],
        },
        token: admin,
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      {
        creditCode: C,
        redemptionApplications: {
          totalCount: 1,
          nodes: [
            {
              projectName: '2025年度首次升规纳统奖励',
              status: 'DISCLOSED',
              amountGranted: 80000,
              item: { name: '首次升规纳统企业奖励' },
            },
          ],
        },
      },
      null,
    ]);
  });

  it('resolves County with its published policy count', async () => {
    const res = await execute(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { code publishedPolicyCount } } }`,
      {
        variables: {
          r: [
            { __typename: 'County', code: '410400' },
            { __typename: 'County', code: '410422' },
            { __typename: 'County', code: '410425' },
            { __typename: 'County', code: '999999' },
          ],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { code: '410400', publishedPolicyCount: 3 },
      { code: '410422', publishedPolicyCount: 1 },
      { code: '410425', publishedPolicyCount: 0 },
      null,
    ]);
  });

  it('resolves Department with the policies it published, to anonymous callers too', async () => {
    const res = await execute(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Department { code
        publishedPolicies(first: 1) { totalCount nodes { title } pageInfo { hasNextPage } } } } }`,
      {
        variables: {
          r: [
            { __typename: 'Department', code: 'wrzwq' },
            { __typename: 'Department', code: 'miit' },
            { __typename: 'Department', code: 'stats' },
            { __typename: 'Department', code: 'nope' },
          ],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      // The draft of 万人助万企办 is not counted.
      {
        code: 'wrzwq',
        publishedPolicies: { totalCount: 2, nodes: [{ title: late.title }], pageInfo: { hasNextPage: true } },
      },
      {
        code: 'miit',
        publishedPolicies: { totalCount: 1, nodes: [{ title: manufacturing.title }], pageInfo: { hasNextPage: false } },
      },
      { code: 'stats', publishedPolicies: { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } } },
      null,
    ]);
  });
});

describe('policies', () => {
  type Page = {
    policies: {
      totalCount: number;
      nodes: Array<{ id: string; title: string }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };

  it('pages through published policies, newest documents first, with totalCount', async () => {
    const q = `query($after: String) { policies(first: 2, after: $after) { totalCount nodes { id title } pageInfo { hasNextPage endCursor } } }`;
    const expected = [...published].sort((x, y) => y.issuedAt.getTime() - x.issuedAt.getTime()).map((p) => p.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResult<Page> = await execute<Page>(server, q, { variables: { after } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.policies.totalCount).toBe(4);
      seen.push(...res.data!.policies.nodes.map((n) => n.id));
      if (!res.data!.policies.pageInfo.hasNextPage) break;
      after = res.data!.policies.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('filters by a two-character keyword, industry, department and county', async () => {
    const titles = async (filter: string) => {
      const res = await execute<Page>(server, `{ policies(filter: ${filter}) { totalCount nodes { title } } }`);
      expect(res.errors).toBeUndefined();
      return res.data!.policies.nodes.map((n) => n.title).sort();
    };
    expect(await titles('{ keyword: "英才" }')).toEqual([talent.title]);
    // In the summary only.
    expect(await titles('{ keyword: "安家" }')).toEqual([talent.title]);
    // Industry C: the manufacturing policy and the ones for every industry.
    expect(await titles('{ industry: "C" }')).toEqual([manufacturing.title, universal.title, late.title].sort());
    expect(await titles('{ departmentCode: "hrss" }')).toEqual([talent.title]);
    expect(await titles('{ countyCode: "410422" }')).toEqual([talent.title]);
    expect(await titles('{ keyword: "100%" }')).toEqual([]);
  });

  it('shows a policy with its items, the deadline and whether it was published late', async () => {
    const res = await execute(
      server,
      `query($a: ID!, $b: ID!) {
        a: policy(id: $a) { title documentNumber status industries department { code } county { code } version
          publishDeadlineAt publishedLate redemptionItems { name requiredMaterials timeLimitDays maxAmount policy { id } } }
        b: policy(id: $b) { title publishedAt publishDeadlineAt publishedLate } }`,
      { variables: { a: manufacturing.id, b: late.id } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      a: {
        title: manufacturing.title,
        documentNumber: manufacturing.documentNumber,
        status: 'PUBLISHED',
        industries: ['C'],
        department: { code: 'miit' },
        county: { code: '410400' },
        version: 1,
        publishDeadlineAt: new Date(manufacturing.issuedAt.getTime() + 24 * 3600_000).toISOString(),
        publishedLate: false,
        redemptionItems: [
          {
            name: '首次升规纳统企业奖励',
            requiredMaterials: ['营业执照副本', '兑现申请表'],
            timeLimitDays: 10,
            maxAmount: 200000,
            policy: { id: manufacturing.id },
          },
          {
            name: '技术改造设备补助',
            requiredMaterials: ['营业执照副本', '兑现申请表'],
            timeLimitDays: 10,
            maxAmount: 500000,
            policy: { id: manufacturing.id },
          },
        ],
      },
      b: {
        title: late.title,
        publishedAt: '2025-06-01T06:00:00.000Z',
        publishDeadlineAt: '2025-06-01T00:00:00.000Z',
        publishedLate: true,
      },
    });
  });

  it('hides drafts from anonymous callers and shows them to staff in scope', async () => {
    const q = `query($id: ID!) { policy(id: $id) { title status } }`;
    const anon = await execute(server, q, { variables: { id: draft.id } });
    expect(anon.data).toEqual({ policy: null });
    const staff = await tokenFor({ sub: 's', role: 'staff', dept: 'wrzwq', county: '410400' });
    const res = await execute(server, q, { variables: { id: draft.id }, token: staff });
    expect(res.data).toEqual({ policy: { title: draft.title, status: 'DRAFT' } });
  });

  it('refuses bad arguments with BAD_USER_INPUT naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['{ policies(filter: { keyword: "政" }) { totalCount } }', 'filter.keyword'],
      ['{ policies(filter: { countyCode: "110000" }) { totalCount } }', 'filter.countyCode'],
      ['{ policies(filter: { departmentCode: "nasa" }) { totalCount } }', 'filter.departmentCode'],
      ['{ policies(filter: { industry: "Z" }) { totalCount } }', 'filter.industry'],
      ['{ policies(first: 1000) { totalCount } }', 'first'],
      ['{ policies(after: "not-a-cursor") { totalCount } }', 'after'],
      ['{ policy(id: "42") { title } }', 'id'],
      ['{ redemptionDisclosures(projectName: "项") { totalCount } }', 'projectName'],
    ];
    for (const [query, field] of cases) {
      const res = await execute(server, query);
      expect(res.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('redemption', () => {
  it('finds public disclosures by project name, with no personal data, to anonymous callers', async () => {
    const res = await execute(
      server,
      `{ redemptionDisclosures(projectName: "升规纳统") { totalCount nodes { id projectName amountGranted
          enterprise { creditCode } item { name } county { code } department { code } completedAt disclosedAt
          steps { status at } } } }`,
    );
    expect(res.errors).toBeUndefined();
    // The completed (not yet disclosed) application of enterprise A is not listed.
    expect(res.data).toEqual({
      redemptionDisclosures: {
        totalCount: 1,
        nodes: [
          {
            id: disclosed.id,
            projectName: '2025年度首次升规纳统奖励',
            amountGranted: 80000,
            enterprise: { creditCode: C },
            item: { name: '首次升规纳统企业奖励' },
            county: { code: '410400' },
            department: { code: 'miit' },
            completedAt: disclosed.completedAt!.toISOString(),
            disclosedAt: disclosed.disclosedAt!.toISOString(),
            steps: ['SUBMITTED', 'RECEIVED', 'ACCEPTED', 'PROCESSING', 'COMPLETED', 'DISCLOSED'].map((status, i) => ({
              status,
              at: new Date(disclosed.submittedAt.getTime() + i * 24 * 3600_000).toISOString(),
            })),
          },
        ],
      },
    });
  });

  it('pages through the applications with keyset cursors', async () => {
    type P = {
      redemptionApplications: {
        totalCount: number;
        nodes: Array<{ projectName: string }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const q = `query($after: String) { redemptionApplications(first: 2, after: $after) { totalCount nodes { projectName } pageInfo { hasNextPage endCursor } } }`;
    const first: GraphQLResult<P> = await execute<P>(server, q, { token: admin });
    expect(first.data!.redemptionApplications.totalCount).toBe(3);
    expect(first.data!.redemptionApplications.nodes.map((n) => n.projectName)).toEqual([
      '智能化改造示范项目',
      '2025年度首次升规纳统奖励（叶县）',
    ]);
    const second = await execute<P>(server, q, {
      token: admin,
      variables: { after: first.data!.redemptionApplications.pageInfo.endCursor },
    });
    expect(second.data!.redemptionApplications.nodes.map((n) => n.projectName)).toEqual(['2025年度首次升规纳统奖励']);
    expect(second.data!.redemptionApplications.pageInfo.hasNextPage).toBe(false);
  });
});

describe('batching', () => {
  it('costs the same number of SQL statements for 10 and for 50 enterprises through _entities', async () => {
    const codes = Array.from({ length: 50 }, (_, i) => makeCreditCode('410411', 5000 + i));
    const make = f();
    for (const code of codes) {
      await make.application(item, code, { status: 'COMPLETED' });
      await make.application(item, code, { status: 'SUBMITTED' });
    }
    const counter = statementCounter();
    const counted = createServer({ db: await db.connectAs('policies', { onQuery: counter.onQuery }) });
    await counted.start();
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode
      redemptionApplications(first: 1) { totalCount nodes { projectName status item { name policy { title } }
      events { action toStatus } } pageInfo { hasNextPage } } } } }`;
    const run = async (n: number) => {
      counter.reset();
      const res = await execute<{ _entities: Array<{ redemptionApplications: { totalCount: number } }> }>(
        counted,
        query,
        {
          token: admin,
          variables: { r: codes.slice(0, n).map((creditCode) => ({ __typename: 'Enterprise', creditCode })) },
        },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toHaveLength(n);
      expect(res.data!._entities.every((e) => e.redemptionApplications.totalCount === 2)).toBe(true);
      return counter.count;
    };
    const ten = await run(10);
    const fifty = await run(50);
    await counted.stop();
    // applications with their count, items, policies, events: one statement each.
    expect(ten).toBe(4);
    expect(fifty).toBe(ten);
  });
});
