/**
 * Caching of public reads at the gateway, with the real subgraphs: anonymous public reads are served from the cache
 * until a mutation through the gateway (or `publicDataChanged`) changes the versions of the subgraphs that made them;
 * nothing behind a token is cached; in Redis, two gateways share entries and versions.
 */
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { createGateway, type Gateway } from '@qq/gateway';
import { PublicDataVersions, publicDataChanged, signDevToken, type Listening } from '@qq/kit';
import { createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCacheStore } from '../../gateway/src/publicCache.ts';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';

let db: TestDatabase;
let platform: RunningPlatform;
let statements = 0;
let staff: string;
let reviewer: string;
const FIND = readFileSync(new URL('../../schema/operations/portal/FindPolicies.graphql', import.meta.url), 'utf8');

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  return { cache: res.headers.get('x-cache'), control: res.headers.get('cache-control'), json };
}

const find = (url = platform.url, token?: string) =>
  post(url, { query: FIND, variables: { first: 5, keyword: null } }, token);

const step = (name: string, id: string, token: string, url = platform.url) =>
  post(url, { query: `mutation($id: ID!) { ${name}(id: $id) { status } }`, variables: { id } }, token);

const draft = (url = platform.url) =>
  post(
    url,
    {
      query: `mutation($input: CreatePolicyDraftInput!) { createPolicyDraft(input: $input) { id status } }`,
      variables: {
        input: {
          title: '缓存测试政策',
          documentNumber: '平政〔2025〕98号',
          summary: '摘要',
          body: '正文',
          issuedAt: '2025-06-01T08:00:00+08:00',
        },
      },
    },
    staff,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({
    handle: db,
    port: 0,
    subgraphPorts: 'random',
    seed: { enterprises: 30 },
    onQuery: () => statements++,
  });
  staff = await signDevToken({ sub: 'wrzwq-city', role: 'staff', dept: 'wrzwq', county: '410400' });
  reviewer = await signDevToken({
    sub: 'wrzwq-city-reviewer',
    role: 'staff',
    dept: 'wrzwq',
    county: '410400',
    perms: ['policy:review'],
  });
});
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

describe('public read cache', () => {
  it('serves a repeated anonymous public read from the cache, without touching a subgraph', async () => {
    const first = await find();
    expect(first.json.errors).toBeUndefined();
    expect(first.cache).toBe('MISS');
    expect(first.control).toMatch(/public/);
    statements = 0;
    const second = await find();
    expect(second.cache).toBe('HIT');
    expect(second.json).toEqual(first.json);
    expect(statements).toBe(0);
  });

  it('never caches a read behind a token, and subgraphs hint only anonymous reads', async () => {
    const token = await signDevToken({ sub: 'a', role: 'analyst' });
    await find(platform.url, token);
    statements = 0;
    const again = await find(platform.url, token);
    expect(again.cache).toBeNull();
    expect(again.control ?? '').not.toMatch(/public/);
    expect(statements).toBeGreaterThan(0);
    const direct = (t?: string) =>
      fetch(platform.subgraphs.policies!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}) },
        body: JSON.stringify({ query: '{ policies(first: 1) { totalCount } }' }),
      }).then((r) => r.headers.get('cache-control'));
    expect(await direct()).toBe('public, max-age=30');
    expect(await direct(token)).toBeNull();
  });

  it('forgets answers of a subgraph after a mutation through the gateway or publicDataChanged', async () => {
    const title = '缓存失效测试';
    const before = await find();
    expect(before.cache).toBe('HIT');
    // A publication written behind the gateway's back is not seen until the versions change (or the TTL ends).
    await db
      .connect({ max: 1 })
      .execute(
        sql.raw(
          `update policies.policies set title = '${title}' where id = (select id from policies.policies where status = 'PUBLISHED' order by published_at desc, id desc limit 1)`,
        ),
      );
    expect((await find()).cache).toBe('HIT');
    // A draft (@publicDataUnchanged) changes nothing anonymous callers read: the cached answers stay.
    const drafted = await draft();
    expect(drafted.json.errors).toBeUndefined();
    expect(drafted.json.data).toMatchObject({ createPolicyDraft: { status: 'DRAFT' } });
    const kept = await find();
    expect(kept.cache).toBe('HIT');
    expect(JSON.stringify(kept.json)).not.toContain(title);
    // So does sending it for review (it stays out of anonymous callers' sight).
    const id = (drafted.json.data as { createPolicyDraft: { id: string } }).createPolicyDraft.id;
    expect((await step('submitPolicyForReview', id, staff)).json.errors).toBeUndefined();
    expect((await find()).cache).toBe('HIT');
    // Publishing is not declared so: the answers of the policies subgraph are forgotten.
    const published = await step('publishPolicy', id, reviewer);
    expect(published.json.data).toMatchObject({ publishPolicy: { status: 'PUBLISHED' } });
    const fresh = await find();
    expect(fresh.cache).toBe('MISS');
    expect(JSON.stringify(fresh.json)).toContain(title);
    const total = (r: Awaited<ReturnType<typeof find>>) =>
      (r.json.data as { policies: { totalCount: number } }).policies.totalCount;
    expect(total(fresh)).toBe(total(kept) + 1);
    expect((await find()).cache).toBe('HIT');
    await publicDataChanged('policies');
    expect((await find()).cache).toBe('MISS');
  });

  it('a subgraph answers x-public-data: unchanged only to mutations whose root fields all leave public data unchanged', async () => {
    const direct = async (query: string, variables: Record<string, unknown>) =>
      fetch(platform.subgraphs.policies!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.headers.get('x-public-data'));
    const input = {
      title: '缓存标记测试',
      documentNumber: '平政〔2025〕97号',
      summary: '摘要',
      body: '正文',
      issuedAt: '2025-06-01T08:00:00+08:00',
    };
    const create = `mutation($input: CreatePolicyDraftInput!) { createPolicyDraft(input: $input) { id } }`;
    expect(await direct(create, { input })).toBe('unchanged');
    // With a root field that may change public data beside it, the whole mutation may.
    expect(
      await direct(
        `mutation($input: CreatePolicyDraftInput!, $id: ID!) { createPolicyDraft(input: $input) { id } publishPolicy(id: $id) { status } }`,
        { input, id: '00000000-0000-4000-8000-000000000000' },
      ),
    ).toBeNull();
    expect(await direct('{ policies(first: 1) { totalCount } }', {})).toBeNull();
  });
});

async function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(false));
    socket.connect(Number(port || 6379), hostname);
  }).finally(() => undefined) as Promise<boolean>;
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = await redisReachable(REDIS_URL);

describe.skipIf(!redisUp)('public read cache in Redis', () => {
  const namespace = `qq-test-${process.pid}-${Date.now()}`;
  const gateways: Array<{ gateway: Gateway; listening: Listening }> = [];
  const start = async () => {
    const gateway = createGateway({
      subgraphUrls: platform.subgraphs,
      publicCache: {
        store: new RedisCacheStore(REDIS_URL, namespace),
        versions: new PublicDataVersions(REDIS_URL, namespace),
      },
    });
    await gateway.start();
    const listening = await gateway.listen(0);
    gateways.push({ gateway, listening });
    return listening.url;
  };
  afterAll(async () => {
    for (const { gateway, listening } of gateways) {
      await listening.close();
      await gateway.stop();
    }
  });

  it('shares entries between gateways and invalidates them on every gateway', async () => {
    process.env.PUBLIC_VERSION_POLL_MS = '50';
    const a = await start();
    const b = await start();
    expect((await find(a)).cache).toBe('MISS');
    statements = 0;
    expect((await find(b)).cache).toBe('HIT');
    expect(statements).toBe(0);
    const drafted = await draft(a);
    expect(drafted.json.errors).toBeUndefined();
    const id = (drafted.json.data as { createPolicyDraft: { id: string } }).createPolicyDraft.id;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await find(b)).cache).toBe('HIT');
    expect((await step('submitPolicyForReview', id, staff, a)).json.errors).toBeUndefined();
    expect((await step('publishPolicy', id, reviewer, a)).json.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await find(b)).cache).toBe('MISS');
    expect((await find(a)).cache).toBe('HIT');
  });
});
