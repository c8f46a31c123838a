import {
  execute,
  createTestDatabase,
  statementCounter,
  tokenFor,
  type GraphQLResult,
  type TestDatabase,
} from '@qq/kit/testing';
import { seedReference } from '@qq/db/seed/platform';
import { demoEnterprises } from '@qq/db/seed';
import { enterprises } from '@qq/db/schema/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let server: ReturnType<typeof createServer>;
let counted: ReturnType<typeof createServer>;
const counter = statementCounter();
const list = demoEnterprises(30);
const [a, b] = list as [(typeof list)[0], (typeof list)[0]];

beforeAll(async () => {
  db = await createTestDatabase();
  const conn = db.connect();
  await seedReference(conn);
  await conn.insert(enterprises).values(list);
  server = createServer({ db: await db.connectAs('platform') });
  await server.start();
  counted = createServer({ db: await db.connectAs('platform', { onQuery: counter.onQuery }) });
  await counted.start();
});
afterAll(async () => {
  await server?.stop();
  await counted?.stop();
  await db?.close();
});

describe('platform subgraph', () => {
  it('looks an enterprise up by credit code with its county and industry', async () => {
    const res = await execute(
      server,
      `query($c: String!) { enterprise(creditCode: $c) { creditCode name county { code name } industry { code name } } }`,
      {
        variables: { c: a.creditCode },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      enterprise: {
        creditCode: a.creditCode,
        name: a.name,
        county: expect.objectContaining({ code: a.countyCode }),
        industry: expect.objectContaining({ code: a.industryCode }),
      },
    });
  });

  it('refuses a malformed credit code with BAD_USER_INPUT naming the field', async () => {
    const bad = a.creditCode.slice(0, 17) + (a.creditCode.endsWith('0') ? '1' : '0');
    const res = await execute(server, `{ enterprise(creditCode: "${bad}") { name } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditCode' });
  });

  it('resolves Enterprise, County and Department entities', async () => {
    const res = await execute(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode name } ... on County { code name } ... on Department { code shortName } } }`,
      {
        variables: {
          r: [
            { __typename: 'Enterprise', creditCode: b.creditCode },
            { __typename: 'County', code: '410422' },
            { __typename: 'Department', code: 'ndrc' },
            { __typename: 'Enterprise', creditCode: '91410400MA00000000' },
          ],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { creditCode: b.creditCode, name: b.name },
      { code: '410422', name: '叶县' },
      { code: 'ndrc', shortName: '市发改委' },
      null,
    ]);
  });

  it('pages through enterprises with cursors, filters and totalCount', async () => {
    const token = await tokenFor({ sub: 'u1', role: 'staff', dept: 'bigdata', county: '410400' });
    type Page = {
      enterprises: {
        totalCount: number;
        nodes: Array<{ creditCode: string }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const q = `query($after: String) { enterprises(first: 2, after: $after, filter: { countyCode: "${a.countyCode}" }) { totalCount nodes { creditCode } pageInfo { hasNextPage endCursor } } }`;
    const expected = list
      .filter((e) => e.countyCode === a.countyCode)
      .map((e) => e.creditCode)
      .sort()
      .reverse();
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResult<Page> = await execute<Page>(server, q, { variables: { after }, token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.enterprises.totalCount).toBe(expected.length);
      seen.push(...res.data!.enterprises.nodes.map((n) => n.creditCode));
      if (!res.data!.enterprises.pageInfo.hasNextPage) break;
      after = res.data!.enterprises.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('asks anonymous callers to sign in for the enterprise list', async () => {
    const res = await execute(server, `{ enterprises { totalCount } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows the legal representative in full only to the enterprise itself, staff and admins', async () => {
    const q = `query($c: String!) { enterprise(creditCode: $c) { legalRepresentative } }`;
    const masked = [...a.legalRepresentative].map((ch, i) => (i === 0 ? ch : '*')).join('');
    const as = async (token?: string) =>
      (
        await execute<{ enterprise: { legalRepresentative: string } }>(server, q, {
          variables: { c: a.creditCode },
          token,
        })
      ).data?.enterprise.legalRepresentative;
    expect(await as()).toBe(masked);
    expect(await as(await tokenFor({ sub: 'x', role: 'analyst' }))).toBe(masked);
    expect(await as(await tokenFor({ sub: 'x', role: 'enterprise', enterprise: b.creditCode }))).toBe(masked);
    expect(await as(await tokenFor({ sub: 'x', role: 'enterprise', enterprise: a.creditCode }))).toBe(
      a.legalRepresentative,
    );
    expect(await as(await tokenFor({ sub: 'x', role: 'staff', dept: 'ndrc', county: '410400' }))).toBe(
      a.legalRepresentative,
    );
  });

  it("gives the contact phone to the enterprise and to staff of its county, not to another county's", async () => {
    const q = `query($c: String!) { enterprise(creditCode: $c) { contactPhone } }`;
    const other = a.countyCode === '410422' ? '410425' : '410422';
    const phone = async (token?: string) =>
      execute<{ enterprise: { contactPhone: string | null } }>(server, q, { variables: { c: a.creditCode }, token });
    expect(
      (await phone(await tokenFor({ sub: 'x', role: 'staff', dept: 'ndrc', county: a.countyCode }))).data?.enterprise
        .contactPhone,
    ).toBe(a.contactPhone);
    expect(
      (await phone(await tokenFor({ sub: 'x', role: 'enterprise', enterprise: a.creditCode }))).data?.enterprise
        .contactPhone,
    ).toBe(a.contactPhone);
    const refused = await phone(await tokenFor({ sub: 'x', role: 'staff', dept: 'ndrc', county: other }));
    expect(refused.data?.enterprise.contactPhone).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await phone()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await phone(await tokenFor({ sub: 'x', role: 'analyst' }))).data?.enterprise.contactPhone).toMatch(
      /^\d{3}\*{4}\d{4}$/,
    );
  });

  it('lists the first enterprises of every county in one statement (no N+1)', async () => {
    const token = await tokenFor({ sub: 'x', role: 'analyst' });
    const q = `{ counties { code enterprises(first: 2) { totalCount nodes { creditCode } } } }`;
    counter.reset();
    const res = await execute<{
      counties: Array<{ code: string; enterprises: { totalCount: number; nodes: Array<{ creditCode: string }> } }>;
    }>(counted, q, { token });
    expect(res.errors).toBeUndefined();
    const yexian = res.data!.counties.find((c) => c.code === '410422')!;
    const expected = list
      .filter((e) => e.countyCode === '410422')
      .map((e) => e.creditCode)
      .sort()
      .reverse();
    expect(yexian.enterprises.nodes.map((n) => n.creditCode)).toEqual(expected.slice(0, 2));
    expect(yexian.enterprises.totalCount).toBe(expected.length);
    // counties, the first rows per county, the count per county, and the city's page and count.
    expect(counter.count).toBeLessThanOrEqual(5);
  });
});
