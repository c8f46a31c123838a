import { execute, createTestDatabase, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { seedReference } from '@qq/db/seed/platform';
import { demoEnterprises } from '@qq/db/seed';
import { enterprises } from '@qq/db/schema/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let server: ReturnType<typeof createServer>;
const list = demoEnterprises(30);
const [a, b] = list as [(typeof list)[0], (typeof list)[0]];

beforeAll(async () => {
  db = await createTestDatabase();
  const conn = db.connect();
  await seedReference(conn);
  await conn.insert(enterprises).values(list);
  server = createServer({ db: conn });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
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
});
