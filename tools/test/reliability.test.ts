/**
 * Reliability of the whole platform through the real gateway and subgraphs: asking again after idling past the
 * subgraphs' keep-alive, a field refused to the caller that leaves the rest of the response standing, introspection
 * (and the SDL, and field suggestions) refused to anonymous callers by the subgraphs too (production policy), and a
 * second platform on the same machine on its own subgraph ports.
 */
import { createServer, type AddressInfo } from 'node:net';
import { demoEnterprises } from '@qq/db/seed';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, subgraphPortsFromEnv, type RunningPlatform } from '../src/platform.ts';

// The production policy of introspection, for the subgraphs built in this file.
process.env.INTROSPECTION = 'staff,analyst,admin';

type Json = {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
};

let db: TestDatabase;
let platform: RunningPlatform;
const [first] = demoEnterprises(1) as [ReturnType<typeof demoEnterprises>[0]];

async function gql(url: string, query: string, token?: string): Promise<{ status: number; json: Json }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({
    handle: db,
    port: 0,
    subgraphPorts: 'random',
    seed: { enterprises: 5 },
    // Subgraphs that close idle connections after 150 ms, far sooner than the gateway's 30 s.
    subgraphKeepAliveMs: 150,
    gateway: { rateLimit: false },
  });
});
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

const NAME = `{ enterprise(creditCode: "${first.creditCode}") { name } }`;

describe('idle connections', () => {
  it('answers after idling past the subgraphs keep-alive', async () => {
    for (let round = 0; round < 3; round++) {
      const res = await gql(platform.url, NAME);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ data: { enterprise: { name: first.name } } });
      // Longer than the subgraphs' keep-alive: each round meets connections the subgraph has closed.
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  });
});

describe('partial results', () => {
  const QUERY = `{ enterprise(creditCode: "${first.creditCode}") { name contactPhone } }`;

  it('answers an anonymous caller the name, with a coded error on contactPhone only (gateway)', async () => {
    const res = await gql(platform.url, QUERY);
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ enterprise: { name: first.name, contactPhone: null } });
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors?.[0]?.path).toEqual(['enterprise', 'contactPhone']);
    expect(res.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers the same with HTTP 200 from the subgraph itself', async () => {
    const res = await gql(platform.subgraphs.platform!, QUERY);
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ enterprise: { name: first.name, contactPhone: null } });
    expect(res.json.errors?.[0]?.path).toEqual(['enterprise', 'contactPhone']);
    expect(res.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps 401 for a refused token, before anything runs', async () => {
    const res = await gql(platform.url, QUERY, 'not-a-token');
    expect(res.status).toBe(401);
    expect(res.json.data).toBeUndefined();
    expect(res.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a signed-in analyst the phone, masked or not as the platform decides, with no error', async () => {
    const analyst = await tokenFor({ sub: 'analyst-1', role: 'analyst' });
    const res = await gql(platform.url, QUERY, analyst);
    expect(res.json.errors).toBeUndefined();
    expect((res.json.data?.enterprise as { name: string }).name).toBe(first.name);
    expect(typeof (res.json.data?.enterprise as { contactPhone: unknown }).contactPhone).toBe('string');
  });
});

describe('introspection on a subgraph', () => {
  it('is refused to anonymous callers sent straight to a subgraph, answered for analysts', async () => {
    const direct = platform.subgraphs.platform!;
    const anonymous = await gql(direct, '{ __schema { queryType { name } } }');
    expect(anonymous.status).toBe(400);
    expect(anonymous.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const analyst = await tokenFor({ sub: 'analyst-1', role: 'analyst' });
    const answered = await gql(direct, '{ __schema { queryType { name } } }', analyst);
    expect(answered.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    // The federation entry point is the whole SDL: the same policy (the gateway serves the committed supergraph and
    // never asks for it, as the platform started here shows by answering).
    const sdl = await gql(direct, '{ _service { sdl } }');
    expect(sdl.status).toBe(400);
    expect(sdl.json.data).toBeUndefined();
    expect(sdl.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const staffSdl = await gql(direct, '{ _service { sdl } }', analyst);
    expect(staffSdl.status).toBe(200);
    expect(JSON.stringify(staffSdl.json.data)).toContain('type Enterprise');
    // Nor does a typo spell the schema out to them.
    const typo = await gql(direct, `{ enterprise(creditCode: "${first.creditCode}") { nam } }`);
    expect(typo.json.errors?.map((e) => e.message)).toEqual(['Cannot query field "nam" on type "Enterprise".']);
    const staffTypo = await gql(direct, `{ enterprise(creditCode: "${first.creditCode}") { nam } }`, analyst);
    expect(staffTypo.json.errors?.map((e) => e.message)).toEqual([
      'Cannot query field "nam" on type "Enterprise". Did you mean "name"?',
    ]);
  });
});

describe('subgraph ports', () => {
  it('are free ones unless SUBGRAPH_PORT_BASE fixes them', () => {
    expect(subgraphPortsFromEnv({})).toBe('random');
    expect(subgraphPortsFromEnv({ SUBGRAPH_PORT_BASE: '5101' })).toBe(5101);
    expect(() => subgraphPortsFromEnv({ SUBGRAPH_PORT_BASE: 'x' })).toThrow(/SUBGRAPH_PORT_BASE/);
    expect(() => subgraphPortsFromEnv({ SUBGRAPH_PORT_BASE: '65533' })).toThrow(/SUBGRAPH_PORT_BASE/);
  });

  it('lets a second platform start beside the first, on the ports it was given', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    // Six consecutive ports from a free one; another process may take one meanwhile, then free ones do.
    const second = await startPlatform({
      handle: db,
      port: 0,
      subgraphPorts: free,
      gateway: { rateLimit: false },
    }).catch(() => startPlatform({ handle: db, port: 0, subgraphPorts: subgraphPortsFromEnv({}) }));
    try {
      for (const [name, url] of Object.entries(second.subgraphs)) {
        expect(url).not.toBe(platform.subgraphs[name]);
      }
      const res = await gql(second.url, NAME);
      expect(res.json).toEqual({ data: { enterprise: { name: first.name } } });
      expect((await gql(platform.url, NAME)).json).toEqual(res.json);
    } finally {
      await second.stop();
    }
  });
});
