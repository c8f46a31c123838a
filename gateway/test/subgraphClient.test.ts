/**
 * The gateway's subgraph client against a stand-in subgraph that counts what it receives: identical in-flight queries
 * are merged, mutations and queries of different callers never are, and cache hints reach the response.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authConfigFromEnv, principalFromHeader, signDevToken } from '@qq/kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../src/index.ts';
import { withImportedKey } from '../src/gateway.ts';
import { cacheHint } from '../src/subgraphClient.ts';

let stub: Server;
let received: Array<{ query: string; authorization: string | undefined }> = [];
let gateway: Gateway;
let url: string;
let close: () => Promise<void>;

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  stub = createServer((req, res) => {
    void body(req).then((text) => {
      const { query } = JSON.parse(text) as { query: string };
      received.push({ query, authorization: req.headers.authorization });
      const data = query.includes('signMatter')
        ? { signMatter: { __typename: 'Matter' } }
        : { matterClockProfile: { __typename: 'MatterClockProfile', name: '13710', signDays: 1 } };
      // Answer late, so that concurrent requests overlap.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=30, public' });
        res.end(JSON.stringify({ data }));
      }, 100);
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/graphql`;
  gateway = createGateway({ subgraphUrls: { complaints: stubUrl }, publicCache: false });
  await gateway.start();
  const listening = await gateway.listen(0);
  url = listening.url;
  close = listening.close;
});
afterAll(async () => {
  await close?.();
  await gateway?.stop();
  await new Promise((resolve) => stub?.close(resolve));
});
beforeEach(() => {
  received = [];
});

function post(query: string, token?: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as { data?: Record<string, unknown> } }));
}

const READ = '{ matterClockProfile { name signDays } }';

describe('subgraph client', () => {
  it('merges identical queries in flight into one subgraph request, each caller getting the answer', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(READ)));
    expect(received).toHaveLength(1);
    for (const a of answers) expect(a.json.data).toEqual({ matterClockProfile: { name: '13710', signDays: 1 } });
  });

  it('never merges queries of different callers', async () => {
    const a = await signDevToken({ sub: 'a', role: 'analyst' });
    const b = await signDevToken({ sub: 'b', role: 'analyst' });
    await Promise.all([post(READ, a), post(READ, a), post(READ, b), post(READ, b), post(READ)]);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.authorization))).toEqual(new Set([`Bearer ${a}`, `Bearer ${b}`, undefined]));
  });

  it('never merges mutations', async () => {
    const token = await signDevToken({ sub: 's', role: 'staff', dept: 'ndrc', county: '410422' });
    const m = 'mutation { signMatter(id: "1") { __typename } }';
    await Promise.all(Array.from({ length: 3 }, () => post(m, token)));
    expect(received).toHaveLength(3);
    expect(received.every((r) => r.query.startsWith('mutation'))).toBe(true);
  });

  it('sends every query when merging is off', async () => {
    const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/graphql`;
    const plain = createGateway({ subgraphUrls: { complaints: stubUrl }, subgraphClient: { dedupe: false } });
    await plain.start();
    const l = await plain.listen(0);
    try {
      await Promise.all(
        Array.from({ length: 3 }, () =>
          fetch(l.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: READ }),
          }),
        ),
      );
      expect(received).toHaveLength(3);
    } finally {
      await l.close();
      await plain.stop();
    }
  });

  it("forwards the caller's Authorization and answers each variable value of one document by its own value", async () => {
    // The gateway makes the query's operation once per document; @include must still follow each request's variables.
    const q = 'query($all: Boolean!) { matterClockProfile { name signDays @include(if: $all) } }';
    const token = await signDevToken({ sub: 'a', role: 'analyst' });
    const ask = (all: boolean) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: q, variables: { all } }),
      }).then(async (r) => (await r.json()) as { data?: unknown });
    expect((await ask(true)).data).toEqual({ matterClockProfile: { name: '13710', signDays: 1 } });
    expect((await ask(false)).data).toEqual({ matterClockProfile: { name: '13710' } });
    expect((await ask(true)).data).toEqual({ matterClockProfile: { name: '13710', signDays: 1 } });
    expect(received.map((r) => r.authorization)).toEqual(Array(3).fill(`Bearer ${token}`));
  });

  it('verifies tokens with the HMAC key imported once', async () => {
    const auth = withImportedKey(authConfigFromEnv());
    expect(typeof auth.key).toBe('function');
    const token = await signDevToken({ sub: 'k', role: 'analyst' });
    expect((await principalFromHeader(`Bearer ${token}`, auth)).sub).toBe('k');
    const forged = await signDevToken({ sub: 'k', role: 'admin', county: '410400' }, { secret: 'x'.repeat(40) });
    await expect(principalFromHeader(`Bearer ${forged}`, auth)).rejects.toThrow(/signature/);
  });

  it('reads cache hints of subgraphs', () => {
    expect(cacheHint('max-age=30, public')).toEqual({ maxAge: 30, scope: 'PUBLIC' });
    expect(cacheHint('private, max-age=5')).toEqual({ maxAge: 5, scope: 'PRIVATE' });
    expect(cacheHint(null)).toEqual({ maxAge: 0 });
  });
});
