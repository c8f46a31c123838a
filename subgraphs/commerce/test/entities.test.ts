/** Entities, read queries with filters and pages, and the statement count of the contributed Enterprise fields. */
import type { Database } from '@qq/db/client';
import { demoEnterprises } from '@qq/db/seed';
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
import {
  enterpriseA,
  insertApplication,
  insertFinancingNeed,
  insertInstitution,
  insertOpportunity,
  insertPark,
  insertProduct,
  insertProject,
  YEXIAN,
  subgraphConnection,
} from './factories.ts';

let db: TestDatabase;
let server: ReturnType<typeof createServer>;
let conn: Database;
let staff: string;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = await subgraphConnection(db);
  server = createServer({ db: await db.connectAs('commerce') });
  await server.start();
  staff = await tokenFor({ sub: 'staff', role: 'staff', dept: 'mofcom', county: '410400' });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('entities', () => {
  it('resolves every entity it owns or extends, and null for what does not exist', async () => {
    const park = await insertPark(conn, { name: '实体测试园区', level: 'NATIONAL', countyCode: '410471' });
    const project = await insertProject(conn, {
      title: '实体测试招商项目',
      investmentAmount: 120000,
      parkId: park.id,
      countyCode: '410471',
    });
    const own = await insertOpportunity(conn, { enterpriseCode: enterpriseA.creditCode, title: '实体测试供应' });
    const need = await insertFinancingNeed(conn, { enterpriseCode: enterpriseA.creditCode, amount: 880 });
    const institution = await insertInstitution(conn, { name: '实体测试银行' });
    const product = await insertProduct(conn, institution, { name: '实体测试贷' });
    const application = await insertApplication(conn, need, product);
    const res = await execute(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Enterprise { creditCode opportunities { totalCount nodes { id title } } financingNeeds { totalCount nodes { id amount } } }
        ... on County { code parks { name level } currentOpportunityCount currentInvestmentProjectCount }
        ... on Department { code listingFigures { currentParks currentInvestmentProjects } }
        ... on IndustrialPark { id name level areaHectares county { code } investmentProjects { title } }
        ... on InvestmentProject { id title investmentAmount stage status park { name } county { code } industryName }
        ... on Opportunity { id kind title status enterprise { creditCode } county { code } industryName }
        ... on FinancingNeed { id amount termMonths needStatus: status owner: enterprise { creditCode } county { code } }
        ... on FinancialInstitution { creditCode name products { name } }
        ... on BankProduct { id name institution { name } }
        ... on FinancingApplication { id appStatus: status product { name } need { id } }
      } }`,
      {
        token: staff,
        variables: {
          r: [
            { __typename: 'Enterprise', creditCode: enterpriseA.creditCode },
            { __typename: 'Enterprise', creditCode: '91410400MA00000000' },
            { __typename: 'County', code: '410471' },
            { __typename: 'County', code: '999999' },
            { __typename: 'Department', code: 'ndrc' },
            { __typename: 'Department', code: 'nobody' },
            { __typename: 'IndustrialPark', id: park.id },
            { __typename: 'IndustrialPark', id: 'not-a-uuid' },
            { __typename: 'InvestmentProject', id: project.id },
            { __typename: 'Opportunity', id: own.id },
            { __typename: 'Opportunity', id: '00000000-0000-4000-8000-000000000000' },
            { __typename: 'FinancingNeed', id: need.id },
            { __typename: 'FinancialInstitution', creditCode: institution.creditCode },
            { __typename: 'BankProduct', id: product.id },
            { __typename: 'FinancingApplication', id: application.id },
          ],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      {
        creditCode: enterpriseA.creditCode,
        opportunities: { totalCount: 1, nodes: [{ id: own.id, title: '实体测试供应' }] },
        financingNeeds: { totalCount: 1, nodes: [{ id: need.id, amount: 880 }] },
      },
      null,
      {
        code: '410471',
        parks: [{ name: '实体测试园区', level: 'NATIONAL' }],
        currentOpportunityCount: 0,
        currentInvestmentProjectCount: 1,
      },
      null,
      { code: 'ndrc', listingFigures: { currentParks: 1, currentInvestmentProjects: 0 } },
      null,
      {
        id: park.id,
        name: '实体测试园区',
        level: 'NATIONAL',
        areaHectares: 1200.5,
        county: { code: '410471' },
        investmentProjects: [{ title: '实体测试招商项目' }],
      },
      null,
      {
        id: project.id,
        title: '实体测试招商项目',
        investmentAmount: 120000,
        stage: 'NEGOTIATING',
        status: 'PUBLISHED',
        park: { name: '实体测试园区' },
        county: { code: '410471' },
        industryName: '制造业',
      },
      {
        id: own.id,
        kind: 'SUPPLY',
        title: '实体测试供应',
        status: 'PUBLISHED',
        enterprise: { creditCode: enterpriseA.creditCode },
        county: { code: YEXIAN },
        industryName: '制造业',
      },
      null,
      {
        id: need.id,
        amount: 880,
        termMonths: 12,
        needStatus: 'OPEN',
        owner: { creditCode: enterpriseA.creditCode },
        county: { code: YEXIAN },
      },
      { creditCode: institution.creditCode, name: '实体测试银行', products: [{ name: '实体测试贷' }] },
      { id: product.id, name: '实体测试贷', institution: { name: '实体测试银行' } },
      { id: application.id, appStatus: 'SUBMITTED', product: { name: '实体测试贷' }, need: { id: need.id } },
    ]);
  });

  it('counts current opportunities and projects per county, and all of them for the city', async () => {
    await insertOpportunity(conn, { countyCode: '410404', title: '石龙区已发布' });
    await insertOpportunity(conn, { countyCode: '410404', title: '石龙区待审核', status: 'PENDING' });
    await insertOpportunity(conn, { countyCode: '410404', title: '石龙区已过有效期', expiresOn: '2025-01-01' });
    await insertProject(conn, { countyCode: '410404' });
    await insertProject(conn, { countyCode: '410404', status: 'DRAFT' });
    const res = await execute<{
      _entities: Array<{
        code: string;
        currentOpportunityCount: number;
        currentInvestmentProjectCount: number;
        publishedOpportunityCount: number;
      }>;
    }>(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { code currentOpportunityCount
        currentInvestmentProjectCount publishedOpportunityCount } } }`,
      {
        variables: {
          r: [
            { __typename: 'County', code: '410404' },
            { __typename: 'County', code: '410400' },
          ],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const [shilong, city] = res.data!._entities;
    // The opportunity past its last valid day is still PUBLISHED until the expiry job runs, but not current.
    expect(shilong).toEqual({
      code: '410404',
      currentOpportunityCount: 1,
      currentInvestmentProjectCount: 1,
      publishedOpportunityCount: 3,
    });
    const all = await execute<{ opportunities: { totalCount: number }; investmentProjects: { totalCount: number } }>(
      server,
      `{ opportunities(filter: { status: PUBLISHED }) { totalCount } investmentProjects(filter: { status: PUBLISHED }) { totalCount } }`,
    );
    expect(city?.publishedOpportunityCount).toBe(
      all.data!.opportunities.totalCount + all.data!.investmentProjects.totalCount,
    );
    expect(city!.currentOpportunityCount).toBeLessThan(all.data!.opportunities.totalCount);
  });
});

describe('lists', () => {
  it('pages through parks, national first, with level and county filters', async () => {
    for (const [i, level] of (['COUNTY', 'CITY', 'PROVINCIAL', 'NATIONAL', 'PROVINCIAL'] as const).entries()) {
      await insertPark(conn, { name: `鲁山分页园区${i}`, level, countyCode: '410423' });
    }
    type Page = {
      parks: {
        totalCount: number;
        nodes: Array<{ name: string; level: string }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const q = `query($after: String) { parks(first: 2, after: $after, filter: { countyCode: "410423" }) {
      totalCount nodes { name level } pageInfo { hasNextPage endCursor } } }`;
    const seen: Array<{ name: string; level: string }> = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResult<Page> = await execute<Page>(server, q, { variables: { after } });
      expect(res.errors).toBeUndefined();
      expect(res.data!.parks.totalCount).toBe(5);
      seen.push(...res.data!.parks.nodes);
      if (!res.data!.parks.pageInfo.hasNextPage) break;
      after = res.data!.parks.pageInfo.endCursor;
    }
    expect(seen.map((p) => p.level)).toEqual(['NATIONAL', 'PROVINCIAL', 'PROVINCIAL', 'CITY', 'COUNTY']);
    expect(new Set(seen.map((p) => p.name)).size).toBe(5);

    const provincial = await execute<{ parks: { nodes: Array<{ name: string }> } }>(
      server,
      `{ parks(filter: { countyCode: "410423", level: PROVINCIAL }) { nodes { name } } }`,
    );
    expect(provincial.data!.parks.nodes.map((p) => p.name).sort()).toEqual(['鲁山分页园区2', '鲁山分页园区4']);
  });

  it('filters opportunities by kind, industry, county and keyword, newest first, and pages with cursors', async () => {
    const rows = [];
    for (let i = 0; i < 5; i++) {
      rows.push(
        await insertOpportunity(conn, {
          countyCode: '410481',
          kind: i % 2 ? 'DEMAND' : 'SUPPLY',
          industryCode: i < 4 ? 'C' : 'G',
          title: i === 3 ? '求购特种钢板边角料' : `舞钢供应信息${i}`,
        }),
      );
    }
    const ids = (r: GraphQLResult<{ opportunities: { nodes: Array<{ id: string }> } }>) =>
      r.data!.opportunities.nodes.map((n) => n.id);
    const supply = await execute<{ opportunities: { nodes: Array<{ id: string }> } }>(
      server,
      `{ opportunities(filter: { countyCode: "410481", kind: SUPPLY, industryCode: "C" }) { nodes { id } } }`,
    );
    expect(ids(supply)).toEqual([rows[2]!.id, rows[0]!.id]);
    const keyword = await execute<{ opportunities: { nodes: Array<{ id: string }> } }>(
      server,
      `{ opportunities(filter: { keyword: "钢板" }) { nodes { id } } }`,
    );
    expect(ids(keyword)).toEqual([rows[3]!.id]);
    const first = await execute<{
      opportunities: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string; hasNextPage: boolean } };
    }>(
      server,
      `{ opportunities(first: 3, filter: { countyCode: "410481" }) { nodes { id } pageInfo { endCursor hasNextPage } } }`,
    );
    expect(ids(first)).toEqual([rows[4]!.id, rows[3]!.id, rows[2]!.id]);
    expect(first.data!.opportunities.pageInfo.hasNextPage).toBe(true);
    const second = await execute<{
      opportunities: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean } };
    }>(
      server,
      `query($a: String) { opportunities(first: 3, after: $a, filter: { countyCode: "410481" }) { nodes { id } pageInfo { hasNextPage } } }`,
      { variables: { a: first.data!.opportunities.pageInfo.endCursor } },
    );
    expect(ids(second)).toEqual([rows[1]!.id, rows[0]!.id]);
    expect(second.data!.opportunities.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses bad arguments with BAD_USER_INPUT naming the field', async () => {
    const cases: Array<[string, string]> = [
      [`{ opportunities(filter: { keyword: "钢" }) { totalCount } }`, 'filter.keyword'],
      [`{ opportunities(filter: { industryCode: "Z" }) { totalCount } }`, 'filter.industryCode'],
      [`{ parks(filter: { countyCode: "110000" }) { totalCount } }`, 'filter.countyCode'],
      [`{ parks(first: 101) { totalCount } }`, 'first'],
      [`{ opportunities(after: "bm9wZQ") { totalCount } }`, 'after'],
      [`{ opportunity(id: "42") { id } }`, 'id'],
      [`{ park(id: "x") { id } }`, 'id'],
    ];
    for (const [query, field] of cases) {
      const res = await execute(server, query);
      expect(res.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const nested = await execute(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { opportunities(first: 51) { totalCount } } } }`,
      { variables: { r: [{ __typename: 'Enterprise', creditCode: enterpriseA.creditCode }] } },
    );
    expect(nested.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('returns null for an id nobody has', async () => {
    const res = await execute(server, `{ park(id: "00000000-0000-4000-8000-000000000001") { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ park: null });
  });
});

describe('statement count', () => {
  it('costs the same number of statements for 10 and for 50 enterprises', async () => {
    const many = demoEnterprises(50, 5000);
    for (const [i, e] of many.entries()) {
      await insertOpportunity(conn, { enterpriseCode: e.creditCode, countyCode: e.countyCode, title: `批量商机${i}` });
      await insertOpportunity(conn, {
        enterpriseCode: e.creditCode,
        countyCode: e.countyCode,
        status: 'PENDING',
        title: `批量待审${i}`,
      });
      await insertFinancingNeed(conn, { enterpriseCode: e.creditCode, countyCode: e.countyCode });
    }
    const counter = statementCounter();
    const counted = createServer({ db: await subgraphConnection(db, { onQuery: counter.onQuery }) });
    await counted.start();
    try {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode
        opportunities(first: 1) { totalCount nodes { id title interestCount } pageInfo { hasNextPage } }
        financingNeeds(first: 5) { totalCount nodes { id amount } } } } }`;
      const run = async (n: number) => {
        counter.reset();
        const res = await execute<{
          _entities: Array<{
            opportunities: { totalCount: number; nodes: unknown[]; pageInfo: { hasNextPage: boolean } };
          }>;
        }>(counted, query, {
          token: staff,
          variables: { r: many.slice(0, n).map((e) => ({ __typename: 'Enterprise', creditCode: e.creditCode })) },
        });
        expect(res.errors).toBeUndefined();
        expect(res.data!._entities).toHaveLength(n);
        for (const e of res.data!._entities) {
          expect(e.opportunities.totalCount).toBe(2);
          expect(e.opportunities.nodes).toHaveLength(1);
          expect(e.opportunities.pageInfo.hasNextPage).toBe(true);
        }
        return counter.count;
      };
      const ten = await run(10);
      const fifty = await run(50);
      // Opportunities and financing needs, each page with its counts, and the interest counts: one statement each.
      expect(ten).toBe(3);
      expect(fifty).toBe(ten);
    } finally {
      await counted.stop();
    }
  });
});
