/**
 * The gateway against stand-in subgraphs that misbehave: a connection reset under a query is retried once (never under
 * a mutation), an idle connection the subgraph closed is not reused, and a subgraph slower than the subgraph timeout
 * yields the coded error SERVICE_UNAVAILABLE instead of a hang or an uncoded 500.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { signDevToken } from '@qq/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../src/index.ts';
import { isConnectionReset } from '../src/subgraphClient.ts';

const READ = '{ matterClockProfile { name signDays } }';
const WRITE = 'mutation { signMatter(id: "1") { __typename } }';

interface Stub {
  url: string;
  server: Server;
  /** Requests received, in order, with the connection they came on. */
  received: Array<{ query: string; socket: number }>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A complaints stand-in. `resetReused`: a request on a connection that already served one is cut (the socket is
 * destroyed), as when a server closes an idle connection just as the client reuses it. `stallOn`: queries containing
 * this text are never answered.
 */
async function stub(
  options: { resetReused?: boolean; stallOn?: string; keepAliveTimeout?: number; refuseWith401?: boolean } = {},
) {
  const sockets = new Map<Socket, { id: number; served: number }>();
  const received: Stub['received'] = [];
  const server = createServer((req, res) => {
    let info = sockets.get(req.socket);
    if (!info) sockets.set(req.socket, (info = { id: sockets.size + 1, served: 0 }));
    const conn = info;
    void body(req).then((text) => {
      const { query } = JSON.parse(text) as { query: string };
      received.push({ query, socket: conn.id });
      conn.served++;
      if (options.resetReused && conn.served > 1) {
        req.socket.destroy();
        return;
      }
      if (options.stallOn && query.includes(options.stallOn)) return;
      if (options.refuseWith401) {
        // As Apollo Server answers when one field's error carries `http.status: 401`: the data is still there.
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            data: { matterClockProfile: { __typename: 'MatterClockProfile', name: '13710' } },
            errors: [
              {
                message: 'Authentication required (需要登录).',
                path: ['matterClockProfile', 'name'],
                extensions: { code: 'UNAUTHENTICATED' },
              },
            ],
          }),
        );
        return;
      }
      const data = query.includes('signMatter')
        ? { signMatter: { __typename: 'Matter' } }
        : { matterClockProfile: { __typename: 'MatterClockProfile', name: '13710', signDays: 1 } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data }));
    });
  });
  server.keepAliveTimeout = options.keepAliveTimeout ?? 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server, received };
}

async function gatewayFor(stubUrl: string, client: { timeoutMs?: number; keepAliveMs?: number } = {}) {
  const gateway: Gateway = createGateway({
    subgraphUrls: { complaints: stubUrl },
    publicCache: false,
    rateLimit: false,
    subgraphClient: { dedupe: false, ...client },
  });
  await gateway.start();
  const listening = await gateway.listen(0);
  cleanups.push(async () => {
    await listening.close();
    await gateway.stop();
  });
  return listening.url;
}

async function post(url: string, query: string, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    json: (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    },
  };
}

describe('connection resets', () => {
  it('sends a query once more on a fresh connection when the reused one is cut', async () => {
    const s = await stub({ resetReused: true });
    const url = await gatewayFor(s.url);
    expect((await post(url, READ)).json.data).toEqual({ matterClockProfile: { name: '13710', signDays: 1 } });
    const second = await post(url, READ);
    expect(second.status).toBe(200);
    expect(second.json.errors).toBeUndefined();
    expect(second.json.data).toEqual({ matterClockProfile: { name: '13710', signDays: 1 } });
    // The cut request on connection 1, then the retry on a new connection.
    expect(s.received.map((r) => r.socket)).toEqual([1, 1, 2]);
  });

  it('never sends a mutation twice: a cut mutation is a coded error', async () => {
    const s = await stub({ resetReused: true });
    const url = await gatewayFor(s.url);
    const token = await signDevToken({ sub: 's', role: 'staff', dept: 'ndrc', county: '410422' });
    await post(url, READ, token);
    const cut = await post(url, WRITE, token);
    expect(cut.status).toBe(200);
    expect(cut.json.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(s.received.filter((r) => r.query.startsWith('mutation'))).toHaveLength(1);
  });

  it('tells a reset from other failures', () => {
    expect(isConnectionReset(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))).toBe(true);
    expect(isConnectionReset({ cause: { code: 'ECONNRESET' } })).toBe(true);
    expect(isConnectionReset(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});

describe('idle connections', () => {
  it('asks again after idling past the subgraph keep-alive, even with a longer client keep-alive', async () => {
    // The subgraph closes idle connections after 100 ms; the gateway would keep them 10 s.
    const s = await stub({ keepAliveTimeout: 100 });
    const url = await gatewayFor(s.url, { keepAliveMs: 10_000 });
    expect((await post(url, READ)).json.errors).toBeUndefined();
    // Idle well past the subgraph's keep-alive: it has closed the connection by now.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const again = await post(url, READ);
    expect(again.status).toBe(200);
    expect(again.json.errors).toBeUndefined();
    expect(again.json.data).toEqual({ matterClockProfile: { name: '13710', signDays: 1 } });
  });
});

describe('subgraph timeout', () => {
  it('answers a stalled subgraph with SERVICE_UNAVAILABLE once the timeout passes', async () => {
    const s = await stub({ stallOn: 'matterClockProfile' });
    const url = await gatewayFor(s.url, { timeoutMs: 300 });
    const res = await post(url, READ);
    expect(res.status).toBe(200);
    expect(res.json.data).toBeNull();
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', service: 'complaints' });
    expect(res.json.errors?.[0]?.message).toMatch(/did not answer in time/);
  });

  it('answers a subgraph that is down with SERVICE_UNAVAILABLE', async () => {
    const s = await stub();
    const url = await gatewayFor(s.url);
    await new Promise<void>((resolve) => {
      s.server.closeAllConnections();
      s.server.close(() => resolve());
    });
    const res = await post(url, READ);
    expect(res.json.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', service: 'complaints' });
    expect(res.json.errors?.[0]?.message).toMatch(/unavailable/);
  });
});

describe('partial results', () => {
  it('keeps the data and the field error of a subgraph that answers 401 for one field', async () => {
    const s = await stub({ refuseWith401: true });
    const url = await gatewayFor(s.url);
    const res = await post(url, '{ matterClockProfile { name } }');
    expect(res.status).toBe(200);
    // Without the fix the whole subgraph answer is dropped: `data` null and one error for the subgraph.
    expect(res.json.data).toEqual({ matterClockProfile: { name: '13710' } });
    expect(res.json.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});
