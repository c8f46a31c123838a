/**
 * Across departments, through the real gateway over HTTP: one enterprise with fields of every subgraph, no N+1 when
 * listing many enterprises, and no leaks between counties and enterprises by any path.
 */
import { demoEnterprises, type DemoEnterprise } from '@qq/db/seed';
import { tokenFor, createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';

type Json = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes vary by query; values are asserted.
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
};

let db: TestDatabase;
let platform: RunningPlatform;
const statements = new Map<string, number>();
const ENTERPRISES = 500;
const list: DemoEnterprise[] = demoEnterprises(ENTERPRISES);
let admin: string;

async function gql(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  url = platform.url,
): Promise<Json> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Json;
}

const rowsOf = (result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;

async function count(query: string, code: string): Promise<number> {
  const result = await db.connect({ max: 1 }).execute(sql.raw(query.replace('$1', `'${code}'`)));
  return Number(rowsOf(result)[0]?.n ?? 0);
}

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({
    handle: db,
    port: 0,
    subgraphPorts: 'random',
    seed: { enterprises: ENTERPRISES },
    onQuery: (subgraph) => statements.set(subgraph, (statements.get(subgraph) ?? 0) + 1),
  });
  admin = await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' });
});
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

const DETAIL = /* GraphQL */ `
  query Detail($code: String!) {
    enterprise(creditCode: $code) {
      creditCode
      name
      county {
        code
        name
        aboveScaleEnterpriseCount
        openPositionCount
        publishedPolicyCount
      }
      redemptionApplications(first: 5) {
        totalCount
        nodes {
          projectName
          status
        }
      }
      matters(first: 5) {
        totalCount
        nodes {
          referenceNo
          status
        }
      }
      opportunities(first: 5) {
        totalCount
      }
      financingNeeds(first: 5) {
        totalCount
      }
      jobPostings(first: 5) {
        totalCount
        nodes {
          title
          status
        }
      }
      aboveScale {
        category
      }
      statisticalReports(first: 5) {
        totalCount
      }
    }
  }
`;

describe('one graph across departments', () => {
  it('returns one enterprise with fields from all six subgraphs, matching each department’s own tables', async () => {
    // The demo enterprise with the most records across departments.
    const ranked = rowsOf(
      await db.connect({ max: 1 }).execute(
        sql.raw(`
        select code, count(*) as n from (
          select enterprise_code as code from policies.redemption_applications
          union all select enterprise_code from complaints.matters
          union all select enterprise_code from talent.job_postings
          union all select enterprise_code from statistics.reports
        ) x group by code order by n desc, code limit 1`),
      ),
    );
    const code = String(ranked[0]!.code);
    const expected = list.find((e) => e.creditCode === code)!;
    const res = await gql(DETAIL, { code }, admin);
    expect(res.errors).toBeUndefined();
    const e = res.data!.enterprise;
    expect(e.creditCode).toBe(code);
    expect(e.name).toBe(expected.name);
    expect(e.county.code).toBe(expected.countyCode);
    expect(e.redemptionApplications.totalCount).toBe(
      await count('select count(*) as n from policies.redemption_applications where enterprise_code = $1', code),
    );
    expect(e.matters.totalCount).toBe(
      await count('select count(*) as n from complaints.matters where enterprise_code = $1', code),
    );
    expect(e.jobPostings.totalCount).toBe(
      await count('select count(*) as n from talent.job_postings where enterprise_code = $1', code),
    );
    expect(e.financingNeeds.totalCount).toBe(
      await count('select count(*) as n from commerce.financing_needs where enterprise_code = $1', code),
    );
    const nonEmpty = [
      e.redemptionApplications.totalCount,
      e.matters.totalCount,
      e.jobPostings.totalCount,
      e.statisticalReports.totalCount,
      e.opportunities.totalCount,
      e.financingNeeds.totalCount,
      e.aboveScale.length,
    ].filter((n: number) => n > 0).length;
    expect(nonEmpty).toBeGreaterThanOrEqual(4);
    expect(e.county.aboveScaleEnterpriseCount).toBeGreaterThan(0);
  });

  it('costs the same statements per subgraph for 10 or 500 enterprises (no N+1)', async () => {
    const LIST = /* GraphQL */ `
      query List($n: Int!) {
        enterprises(first: $n) {
          nodes {
            creditCode
            county {
              name
              openPositionCount
            }
            redemptionApplications(first: 2) {
              totalCount
              nodes {
                status
              }
            }
            matters(first: 2) {
              totalCount
              nodes {
                status
              }
            }
            opportunities(first: 2) {
              totalCount
            }
            jobPostings(first: 2) {
              totalCount
              nodes {
                title
              }
            }
            aboveScale {
              category
            }
            statisticalReports(first: 2) {
              totalCount
            }
          }
        }
      }
    `;
    const measure = async (n: number) => {
      statements.clear();
      const res = await gql(LIST, { n }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data!.enterprises.nodes).toHaveLength(n);
      return Object.fromEntries([...statements.entries()].sort());
    };
    const small = await measure(10);
    const large = await measure(500);
    expect(large).toEqual(small);
    expect(Object.keys(small).sort()).toEqual([
      'commerce',
      'complaints',
      'platform',
      'policies',
      'statistics',
      'talent',
    ]);
    // Figures for the issue note.
    console.log('statements per subgraph, 10 and 500 enterprises:', JSON.stringify(small));
  });
});

describe('no leaks between counties and enterprises', () => {
  // 叶县 (410422) and 郏县 (410425) enterprises of the demo data.
  const yexian = list.filter((e) => e.countyCode === '410422');
  const jiaxian = list.filter((e) => e.countyCode === '410425');

  async function withRecords(table: string, candidates: DemoEnterprise[]): Promise<DemoEnterprise> {
    for (const e of candidates)
      if ((await count(`select count(*) as n from ${table} where enterprise_code = $1`, e.creditCode)) > 0) return e;
    throw new Error(`no demo enterprise with ${table}`);
  }

  /** The field returned no records: either refused (null with FORBIDDEN) or an empty connection. */
  function expectNothing(res: Json, field: string) {
    const value = res.data?.enterprise?.[field];
    if (value === null || value === undefined) {
      expect(res.errors?.some((e) => ['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(e.extensions?.code)))).toBe(true);
    } else {
      expect(value.totalCount).toBe(0);
      expect(value.nodes).toEqual([]);
    }
  }

  it('keeps a 叶县 clerk out of 郏县 matters by list, entity field and direct subgraph call', async () => {
    const clerk = await tokenFor({ sub: 'clerk-yx', role: 'staff', dept: 'ndrc', county: '410422' });
    const target = await withRecords('complaints.matters', jiaxian);
    const viaEntity = await gql(
      `query($c: String!) { enterprise(creditCode: $c) { matters(first: 50) { totalCount nodes { id } } } }`,
      { c: target.creditCode },
      clerk,
    );
    expectNothing(viaEntity, 'matters');
    const listed = await gql(
      `{ matters(first: 100, filter: { countyCode: "410425" }) { totalCount nodes { id } } }`,
      {},
      clerk,
    );
    expect(listed.data?.matters?.totalCount ?? 0).toBe(0);
    const direct = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { matters(first: 50) { totalCount } } } }`,
      { r: [{ __typename: 'Enterprise', creditCode: target.creditCode }] },
      clerk,
      platform.subgraphs.complaints,
    );
    const entity = direct.data?._entities?.[0];
    expect(entity?.matters?.totalCount ?? 0).toBe(0);
    // The clerk does see 叶县 matters: the scope is not simply empty.
    const own = await gql(`{ matters(first: 100) { totalCount nodes { county { code } } } }`, {}, clerk);
    expect(own.data!.matters.totalCount).toBeGreaterThan(0);
    expect(new Set(own.data!.matters.nodes.map((n: { county: { code: string } }) => n.county.code))).toEqual(
      new Set(['410422']),
    );
  });

  it.each([
    ['redemptionApplications', 'policies.redemption_applications'],
    ['matters', 'complaints.matters'],
    ['financingNeeds', 'commerce.financing_needs'],
    ['statisticalReports', 'statistics.reports'],
  ])("keeps enterprise A out of enterprise B's %s through the gateway and the subgraph", async (field, table) => {
    const b = await withRecords(table, [...yexian, ...jiaxian]);
    const a = list.find((e) => e.creditCode !== b.creditCode)!;
    const token = await tokenFor({ sub: 'user-a', role: 'enterprise', enterprise: a.creditCode });
    const res = await gql(
      `query($c: String!) { enterprise(creditCode: $c) { ${field}(first: 50) { totalCount nodes { id } } } }`,
      { c: b.creditCode },
      token,
    );
    expectNothing(res, field);
    const subgraph = table.split('.')[0]!;
    const direct = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { ${field}(first: 50) { totalCount nodes { id } } } } }`,
      { r: [{ __typename: 'Enterprise', creditCode: b.creditCode }] },
      token,
      platform.subgraphs[subgraph],
    );
    const value = direct.data?._entities?.[0]?.[field];
    if (value) expect(value.totalCount).toBe(0);
    else expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("keeps a 叶县 人社局 clerk out of the review history of 郏县's postings", async () => {
    const clerk = await tokenFor({ sub: 'hrss-yx', role: 'staff', dept: 'hrss', county: '410422' });
    const q = `query($c: String!) { jobPostings(first: 20, filter: { countyCode: $c }) { nodes { id status events { action } reviewedAt } } }`;
    // The published postings are public; their review history is not: asking for it is refused.
    const listed = await gql(
      `{ jobPostings(first: 20, filter: { countyCode: "410425" }) { nodes { id status } } }`,
      {},
      clerk,
    );
    expect(listed.data!.jobPostings.nodes.length).toBeGreaterThan(0);
    const other = await gql(q, { c: '410425' }, clerk);
    // The refused fields are null; the postings themselves stand.
    expect(other.data!.jobPostings.nodes.length).toBeGreaterThan(0);
    expect(
      other.data!.jobPostings.nodes.every(
        (n: { events: unknown; reviewedAt: unknown }) => n.events === null && n.reviewedAt === null,
      ),
    ).toBe(true);
    expect(other.errors?.length).toBeGreaterThan(0);
    expect(other.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    const own = await gql(q, { c: '410422' }, clerk);
    expect(own.errors).toBeUndefined();
    expect(own.data!.jobPostings.nodes.some((n: { events: unknown[] }) => n.events.length > 0)).toBe(true);
  });

  it('gives a poster’s contact to an enterprise once it expressed interest, never to persons or anonymous callers', async () => {
    const q = `{ opportunities(first: 3) { nodes { title contactPhone } } }`;
    const person = await gql(q, {}, await tokenFor({ sub: 'p', role: 'person' }));
    expect(person.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(q);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const viewer = list.at(-1)!;
    const token = await tokenFor({ sub: 'e', role: 'enterprise', enterprise: viewer.creditCode });
    const listed = await gql(
      `{ opportunities(first: 20, filter: { status: PUBLISHED }) { nodes { id contactPhone myInterest { id } enterprise { creditCode } } } }`,
      {},
      token,
    );
    expect(listed.errors).toBeUndefined();
    const target = listed.data!.opportunities.nodes.find(
      (n: { myInterest: unknown; enterprise: { creditCode: string } }) =>
        !n.myInterest && n.enterprise.creditCode !== viewer.creditCode,
    );
    expect(target.contactPhone).toBeNull();
    const interest = await gql(
      `mutation($id: ID!) { expressOpportunityInterest(input: { opportunityId: $id, message: "希望洽谈合作",
        contactName: "测试联系人", contactPhone: "13800001234" }) { opportunity { contactPhone } } }`,
      { id: target.id },
      token,
    );
    expect(interest.errors).toBeUndefined();
    expect(interest.data!.expressOpportunityInterest.opportunity.contactPhone).toMatch(/^[0-9-]{7,}$/);
  });
});

describe('registry particulars passed to commerce (@requires)', () => {
  it('orders an enterprise’s opportunity feed by its industry and unit, and matches bank products to its need', async () => {
    const demo = list[0]!;
    const token = await tokenFor({ sub: 'demo', role: 'enterprise', enterprise: demo.creditCode });
    const res = await gql(
      `query($c: String!) { enterprise(creditCode: $c) { industry { code } county { code }
        opportunityFeed(first: 30) { totalCount nodes { industryCode county { code } enterprise { creditCode } } }
        financingNeeds(first: 10) { nodes { id status amount termMonths } } } }`,
      { c: demo.creditCode },
      token,
    );
    expect(res.errors).toBeUndefined();
    const e = res.data!.enterprise;
    const rank = (n: { industryCode: string; county: { code: string } }) =>
      n.industryCode === e.industry.code
        ? n.county.code === e.county.code
          ? 0
          : 1
        : n.county.code === e.county.code
          ? 2
          : 3;
    const ranks = e.opportunityFeed.nodes.map(rank);
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
    expect(ranks[0]).toBeLessThan(3);
    expect(
      e.opportunityFeed.nodes.every(
        (n: { enterprise: { creditCode: string } }) => n.enterprise.creditCode !== demo.creditCode,
      ),
    ).toBe(true);
    const open = e.financingNeeds.nodes.find((n: { status: string }) => n.status === 'OPEN');
    const matches = await gql(
      `query($c: String!, $n: ID!) { enterprise(creditCode: $c) { bankProductMatches(needId: $n) {
        name amountMin amountMax termMinMonths termMaxMonths eligibility { scales } } } }`,
      { c: demo.creditCode, n: open.id },
      token,
    );
    expect(matches.errors).toBeUndefined();
    const products = matches.data!.enterprise.bankProductMatches;
    expect(products.length).toBeGreaterThan(1);
    for (const p of products) {
      expect(p.amountMin <= open.amount && open.amount <= p.amountMax).toBe(true);
      expect(p.termMinMonths <= open.termMonths && open.termMonths <= p.termMaxMonths).toBe(true);
      if (p.eligibility.scales.length) expect(p.eligibility.scales).toContain(demo.scale);
    }
    // Another enterprise's user gets nothing for this need.
    const other = await tokenFor({ sub: 'x', role: 'enterprise', enterprise: list[1]!.creditCode });
    const refused = await gql(
      `query($c: String!, $n: ID!) { enterprise(creditCode: $c) { bankProductMatches(needId: $n) { name } } }`,
      { c: demo.creditCode, n: open.id },
      other,
    );
    expect(refused.data!.enterprise.bankProductMatches).toBeNull();
  });
});
