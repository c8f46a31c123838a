/** The whole platform through the real gateway over HTTP. */
import { demoEnterprises } from '@qq/db/seed';
import { createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';

let db: TestDatabase;
let platform: RunningPlatform;
const [first] = demoEnterprises(1) as [ReturnType<typeof demoEnterprises>[0]];

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as {
      data?: Record<string, unknown>;
      errors?: Array<{ extensions?: Record<string, unknown> }>;
    },
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({ handle: db, port: 0, subgraphPorts: 'random', seed: { enterprises: 60 } });
});
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

describe('gateway', () => {
  it('answers /health once every subgraph is ready', async () => {
    const res = await fetch(platform.url.replace('/graphql', '/health'));
    expect(res.status).toBe(200);
  });

  it('returns an enterprise by credit code through the gateway', async () => {
    const { status, json } = await post({
      query: `query($c: String!) { enterprise(creditCode: $c) { creditCode name county { code name } } }`,
      variables: { c: first.creditCode },
    });
    expect(status).toBe(200);
    expect(json.errors).toBeUndefined();
    expect(json.data).toEqual({
      enterprise: {
        creditCode: first.creditCode,
        name: first.name,
        county: { code: first.countyCode, name: expect.any(String) },
      },
    });
  });

  it('serves GraphiQL from local files', async () => {
    const page = await fetch(platform.url.replace('/graphql', '/graphiql'));
    const html = await page.text();
    expect(html).toContain('/graphiql/graphiql.js');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const script = await fetch(platform.url.replace('/graphql', '/graphiql/graphiql.js'));
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });

  it('answers a malformed body with 400, not 500', async () => {
    const res = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
  });

  it('refuses a garbage token as UNAUTHENTICATED, not anonymous', async () => {
    const { status, json } = await post({ query: '{ counties { code } }' }, { authorization: 'Bearer abc.def.ghi' });
    expect(status).toBe(401);
    expect(json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses batched requests', async () => {
    const res = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ counties { code } }' }, { query: '{ departments { code } }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const query = `{ counties { code } } # ${'x'.repeat(70 * 1024)}`;
    const { status } = await post({ query });
    expect(status).toBe(413);
  });

  it('refuses cross-site simple requests (CSRF prevention)', async () => {
    const form = await fetch(platform.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ counties { code } }' }),
    });
    expect(form.status).toBe(400);
    const get = await fetch(`${platform.url}?query=${encodeURIComponent('{ counties { code } }')}`);
    expect(get.status).toBe(400);
    const preflighted = await fetch(`${platform.url}?query=${encodeURIComponent('{ counties { code } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });

  it('answers an unknown operation name with a 4xx', async () => {
    const { status, json } = await post({ query: 'query A { counties { code } }', operationName: 'B' });
    expect(status).toBe(400);
    expect(json.errors?.[0]).toMatchObject({ message: 'Unknown operation named "B".' });
  });

  it('refuses a query over the anonymous depth budget with 400', async () => {
    const deep = `{ county(code: "410422") { enterprises { nodes { county { enterprises { nodes { county { enterprises { nodes { name } } } } } } } } } }`;
    const { status, json } = await post({ query: deep });
    expect(status).toBe(400);
    expect(json.errors?.[0]?.extensions?.code).toBe('GATEWAY_BUDGET_EXCEEDED');
  });

  it('makes a subgraph called directly verify the token itself', async () => {
    const res = await fetch(platform.subgraphs.platform!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer forged.token.value' },
      body: JSON.stringify({ query: '{ enterprises { totalCount } }' }),
    });
    expect(res.status).toBe(401);
    const anonymous = await fetch(platform.subgraphs.platform!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ enterprises { totalCount } }' }),
    });
    const body = (await anonymous.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
