/**
 * Rate limits and introspection at the gateway, in front of a stand-in subgraph: per address for anonymous callers,
 * per token subject for signed-in ones, counters in memory or in the real Redis at REDIS_URL (127.0.0.1:6379), and
 * a refusal as HTTP 429 with Retry-After and RATE_LIMITED. Introspection: off for anonymous callers in production,
 * on for staff, analysts and admins.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { introspectionFromEnv, PRODUCTION_INTROSPECTION_ROLES, signDevToken } from '@qq/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type GatewayOptions } from '../src/index.ts';
import { clientAddress, DEFAULT_RATE_LIMITS, rateLimitsFromEnv } from '../src/rateLimit.ts';

const READ = '{ matterClockProfile { name } }';
let stub: Server;
let stubUrl: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  stub = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { matterClockProfile: { __typename: 'MatterClockProfile', name: '13710' } } }));
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  stub.closeAllConnections();
  await new Promise((resolve) => stub.close(resolve));
});

async function gatewayUrl(options: Omit<GatewayOptions, 'subgraphUrls'>): Promise<string> {
  const gateway = createGateway({ subgraphUrls: { complaints: stubUrl }, publicCache: false, ...options });
  await gateway.start();
  const listening = await gateway.listen(0);
  cleanups.push(async () => {
    await listening.close();
    await gateway.stop();
  });
  return listening.url;
}

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    json: (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    },
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function expectRateLimited(res: Awaited<ReturnType<typeof post>>) {
  expect(res.status).toBe(429);
  expect(Number(res.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(res.retryAfter)).toBeLessThanOrEqual(60);
  expect(res.json.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: Number(res.retryAfter) });
}

async function send(url: string, n: number, headers: Record<string, string> = {}) {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await post(url, READ, headers)).status);
  return statuses;
}

describe('rate limits in memory', () => {
  it('has documented defaults: 600 a minute per anonymous address', () => {
    expect(DEFAULT_RATE_LIMITS.anonymous).toBe(600);
    expect(rateLimitsFromEnv({})).toEqual(DEFAULT_RATE_LIMITS);
    expect(rateLimitsFromEnv({ RATE_LIMITS: '{"anonymous": 5}' }).anonymous).toBe(5);
    expect(() => rateLimitsFromEnv({ RATE_LIMITS: '{"robot": 5}' })).toThrow(/unknown role/);
    expect(() => rateLimitsFromEnv({ RATE_LIMITS: '{"anonymous": 0}' })).toThrow(/positive integer/);
  });

  it('limits anonymous callers per address and signed-in callers per token subject', async () => {
    const url = await gatewayUrl({
      rateLimit: { limits: { anonymous: 3, enterprise: 2 }, trustProxyHops: 1, keyPrefix: `t-${process.pid}-mem` },
    });
    // Three anonymous requests from one address pass, the fourth is refused; another address is counted apart.
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    expect(await send(url, 3, from('203.0.113.7'))).toEqual([200, 200, 200]);
    expectRateLimited(await post(url, READ, from('203.0.113.7')));
    expect(await send(url, 1, from('203.0.113.8'))).toEqual([200]);

    // Two users of the same enterprise from the same address: each subject has its own count.
    const a = await signDevToken({ sub: 'user-a', role: 'enterprise', enterprise: '91410404MA0002547Q' });
    const a2 = await signDevToken({ sub: 'user-a', role: 'enterprise', enterprise: '91410404MA0002547Q' });
    const b = await signDevToken({ sub: 'user-b', role: 'enterprise', enterprise: '91410404MA0002547Q' });
    expect(await send(url, 2, { ...from('203.0.113.7'), ...bearer(a) })).toEqual([200, 200]);
    // A fresh token of the same subject shares its count.
    expectRateLimited(await post(url, READ, { ...from('203.0.113.9'), ...bearer(a2) }));
    expect(await send(url, 2, { ...from('203.0.113.7'), ...bearer(b) })).toEqual([200, 200]);
  });

  it('counts requests refused before the caller is known (a bad token, a malformed body) against the address', async () => {
    const url = await gatewayUrl({ rateLimit: { limits: { anonymous: 3 }, keyPrefix: `t-${process.pid}-unknown` } });
    const forged = await signDevToken({ sub: 'e', role: 'enterprise', enterprise: '91410404MA0002547Q' });
    const badToken = bearer(`${forged.slice(0, -4)}AAAA`);
    expect((await post(url, READ, badToken)).status).toBe(401);
    expect((await post(url, READ, bearer('not-a-token'))).status).toBe(401);
    const malformed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(400);
    // The address has used its three: a fourth guess at a token, a plain request and a malformed body are refused.
    const guess = await post(url, READ, badToken);
    expectRateLimited(guess);
    expectRateLimited(await post(url, READ));
    const again = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(
      ((await again.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
    ).toBe('RATE_LIMITED');
    // A valid token counts for its subject, not the address: still answered.
    expect((await post(url, READ, bearer(forged))).status).toBe(200);
  });

  it('reads the address from the socket unless proxies are trusted', async () => {
    const url = await gatewayUrl({ rateLimit: { limits: { anonymous: 2 }, keyPrefix: `t-${process.pid}-sock` } });
    // A forged X-Forwarded-For does not give a new count.
    expect(await send(url, 2, { 'x-forwarded-for': '198.51.100.1' })).toEqual([200, 200]);
    expectRateLimited(await post(url, READ, { 'x-forwarded-for': '198.51.100.2' }));
  });

  it('counts IPv6 callers per /64', () => {
    const req = (remoteAddress: string, xff?: string) =>
      ({ socket: { remoteAddress }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as IncomingMessage;
    expect(clientAddress(req('2001:db8:1:2:aaaa::1'))).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req('2001:db8:1:2:bbbb:cccc:dddd:eeee'))).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req('2001:db8::1'))).toBe('2001:db8:0:0::/64');
    expect(clientAddress(req('::ffff:192.0.2.4'))).toBe('192.0.2.4');
    expect(clientAddress(req('10.0.0.2', '192.0.2.9, 10.0.0.1'), 1)).toBe('10.0.0.1');
    expect(clientAddress(req('10.0.0.2', '192.0.2.9, 10.0.0.1'), 2)).toBe('192.0.2.9');
    expect(clientAddress(req('10.0.0.2', 'not-an-address'), 1)).toBe('10.0.0.2');
  });
});

async function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(Number(port || 6379), hostname);
  });
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = await redisReachable(REDIS_URL);

describe.skipIf(!redisUp)('rate limits in Redis', () => {
  it('shares the counts between gateways', async () => {
    const rateLimit = { limits: { anonymous: 4 }, redisUrl: REDIS_URL, keyPrefix: `t-${process.pid}-${Date.now()}` };
    const one = await gatewayUrl({ rateLimit });
    const two = await gatewayUrl({ rateLimit });
    expect(await send(one, 2)).toEqual([200, 200]);
    expect(await send(two, 2)).toEqual([200, 200]);
    expectRateLimited(await post(one, READ));
    expectRateLimited(await post(two, READ));
  });

  it('falls back to counting in memory when Redis cannot be reached', async () => {
    const url = await gatewayUrl({
      rateLimit: { limits: { anonymous: 2 }, redisUrl: 'redis://127.0.0.1:1', keyPrefix: `t-${process.pid}-down` },
    });
    expect(await send(url, 2)).toEqual([200, 200]);
    expectRateLimited(await post(url, READ));
  });
});

describe('introspection', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';
  const TYPE = '{ __type(name: "Enterprise") { name } }';

  it('is off for anonymous callers in production, on for staff, analysts and admins; configurable', () => {
    expect(introspectionFromEnv({ NODE_ENV: 'production' })).toEqual(['staff', 'analyst', 'admin']);
    expect(introspectionFromEnv({ NODE_ENV: 'development' })).toBe('all');
    expect(introspectionFromEnv({ NODE_ENV: 'production', INTROSPECTION: 'all' })).toBe('all');
    expect(introspectionFromEnv({ INTROSPECTION: 'none' })).toEqual([]);
    expect(introspectionFromEnv({ INTROSPECTION: 'analyst,leader' })).toEqual(['analyst', 'leader']);
    expect(() => introspectionFromEnv({ INTROSPECTION: 'anonymous' })).toThrow(/unknown role/);
  });

  it('refuses anonymous and enterprise callers and answers staff, analysts and admins', async () => {
    const url = await gatewayUrl({ rateLimit: false, introspection: PRODUCTION_INTROSPECTION_ROLES });
    for (const query of [INTROSPECT, TYPE, `query { ...F } fragment F on Query { __schema { types { name } } }`]) {
      const anonymous = await post(url, query);
      expect(anonymous.status).toBe(400);
      expect(anonymous.json.data).toBeUndefined();
      expect(anonymous.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const enterprise = await signDevToken({ sub: 'e', role: 'enterprise', enterprise: '91410404MA0002547Q' });
    expect((await post(url, INTROSPECT, bearer(enterprise))).status).toBe(400);
    for (const claims of [
      { sub: 's', role: 'staff', dept: 'ndrc', county: '410422' },
      { sub: 'a', role: 'analyst' },
      { sub: 'ad', role: 'admin', county: '410400' },
    ] as const) {
      const res = await post(url, INTROSPECT, bearer(await signDevToken(claims)));
      expect(res.status).toBe(200);
      expect(res.json.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    }
    // `__typename` is not introspection.
    const typename = await post(url, '{ __typename matterClockProfile { name } }');
    expect(typename.json).toEqual({ data: { __typename: 'Query', matterClockProfile: { name: '13710' } } });
  });

  it('gives callers who may not introspect no suggestions of field, argument or enum names', async () => {
    const url = await gatewayUrl({ rateLimit: false, introspection: PRODUCTION_INTROSPECTION_ROLES });
    const probes: Array<[string, object | undefined, string]> = [
      ['{ matterClockProfil { name } }', undefined, 'Cannot query field "matterClockProfil" on type "Query".'],
      [
        '{ similarOpenMatters(categry: GOVERNMENT_SERVICE) { id } }',
        undefined,
        'Unknown argument "categry" on field "Query.similarOpenMatters".',
      ],
      [
        '{ similarOpenMatters(category: GOVERNMENT_SERVIC) { id } }',
        undefined,
        'Value "GOVERNMENT_SERVIC" does not exist in "MatterCategory" enum.',
      ],
      [
        'query($c: MatterCategory!) { similarOpenMatters(category: $c) { id } }',
        { c: 'GOVERNMENT_SERVIC' },
        'Variable "$c" got invalid value "GOVERNMENT_SERVIC"; Value "GOVERNMENT_SERVIC" does not exist in "MatterCategory" enum.',
      ],
    ];
    const staff = bearer(await signDevToken({ sub: 's', role: 'staff', dept: 'ndrc', county: '410422' }));
    for (const [query, variables, bare] of probes) {
      const ask = async (headers: Record<string, string>) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
        });
        return ((await res.json()) as { errors: Array<{ message: string }> }).errors.map((e) => e.message);
      };
      const enterprise = await signDevToken({ sub: 'e', role: 'enterprise', enterprise: '91410404MA0002547Q' });
      for (const headers of [{}, bearer(enterprise)]) {
        const messages = await ask(headers);
        expect(messages).toContain(bare);
        expect(messages.filter((m) => m.includes('Did you mean'))).toEqual([]);
      }
      // Staff may introspect: they keep the suggestion.
      expect((await ask(staff)).filter((m) => m.startsWith(`${bare} Did you mean `))).toHaveLength(1);
    }
  });
});
