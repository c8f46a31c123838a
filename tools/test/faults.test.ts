/**
 * Faults, with real processes on loopback and bounded loops:
 * - SIGTERM: `/health` turns unready first, a request in flight (half its body sent) is answered, the process exits 0;
 *   for the gateway (PGlite and PostgreSQL) and for a subgraph in the middle of a mutation (PostgreSQL).
 * - A subgraph killed (SIGKILL) under load: queries that touch only the others keep answering; those that touch it
 *   get their other data with SERVICE_UNAVAILABLE on its part, within the subgraph timeout; restarted, it serves the
 *   next request.
 * - PostgreSQL's backends terminated under load: no request hangs, every error is coded (SERVICE_UNAVAILABLE), the
 *   pools recover, and no change is half-written.
 * - A process killed in the middle of many workflow transitions: every state change has its event and every event
 *   its state change, and the outbox holds exactly the messages of the committed changes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { verifyAuditChains } from '@qq/db/audit';
import type { Database } from '@qq/db/client';
import { roleName } from '@qq/db/roles';
import { demoEnterprises } from '@qq/db/seed';
import { createGateway } from '@qq/gateway';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/cluster.ts';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';

const onPostgres = !!process.env.DATABASE_URL;
const ROOT = new URL('../../', import.meta.url).pathname;
/** The gateway's subgraph timeout in these tests; a request that outlives it by far has hung. */
const SUBGRAPH_TIMEOUT_MS = 3000;
const HANG_MS = SUBGRAPH_TIMEOUT_MS + 15_000;
/** Child processes start slowly on a loaded machine: each test may take this long. */
const PROCESS_TEST_MS = 180_000;

type Json = {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
};

let db: TestDatabase;
let owner: Database;
let platform: RunningPlatform;
let enterpriseToken: string;
/** The last event id of the seeded demo. */
let seededEvents = 0;
const children: ChildProcess[] = [];
const [first] = demoEnterprises(1) as [ReturnType<typeof demoEnterprises>[0]];
const NAME = `{ enterprise(creditCode: "${first.creditCode}") { name } }`;
const SUBMIT = `mutation($input: SubmitMatterInput!) { submitMatter(input: $input) { id status } }`;
const MATTER_INPUT = {
  kind: 'REQUEST',
  category: 'EMPLOYMENT',
  title: '用工对接',
  content: '请协助对接技工院校。',
  contactName: '王伟',
  contactPhone: '13812345678',
};

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A process of this repository (`node --import tsx <entry>`), its output kept. */
function spawnNode(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitHealthy(url: string, proc: { child: ChildProcess; output(): string }): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (proc.child.exitCode !== null) throw new Error(`exited early: ${proc.output()}`);
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${url} never became healthy: ${proc.output()}`);
}

/** Polls `/health` until it answers 503 (bounded); returns what it answered. */
async function waitUnready(url: string): Promise<{ status: number; body: unknown } | null> {
  let last: { status: number; body: unknown } | null = null;
  for (let i = 0; i < 400; i++) {
    last = await fetch(url)
      .then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }))
      .catch(() => null);
    if (last?.status === 503) return last;
    await sleep(25);
  }
  return last;
}

async function gql(
  url: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown> } = {},
): Promise<{ status: number; json: Json }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, variables: options.variables }),
    // Far beyond the subgraph timeout: reaching it means the request hung.
    signal: AbortSignal.timeout(HANG_MS),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

/** Polls until the server refuses new connections (bounded); true when it does. */
async function waitRefused(url: string): Promise<boolean> {
  for (let i = 0; i < 800; i++) {
    const refused = await fetch(url).then(
      () => false,
      () => true,
    );
    if (refused) return true;
    await sleep(25);
  }
  return false;
}

/**
 * A request in flight: its headers and half its body are sent now, the rest when `finish` is called, so the server
 * holds it for as long as the test wants.
 */
async function halfSent(url: string, body: string, token?: string) {
  const target = new URL(url);
  const req = request({
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  const response = new Promise<{ status: number; connection?: string; json: Json }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode!, connection: res.headers.connection, json: JSON.parse(text) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  await new Promise<void>((resolve) => req.write(body.slice(0, half), () => resolve()));
  return { response, finish: () => req.end(body.slice(half)) };
}

/**
 * Matters against their events and outbox: every matter's status is its last event's `to_status`, every event
 * belongs to a matter, every outbox row names a committed event, and every event of an action has as many messages as
 * every other event of that action (the demo's seeded events have no messages, so only events written here count).
 */
async function consistency() {
  const [states] = rowsOf<{ n: number }>(
    await owner.execute(sql`select count(*)::int as n from complaints.matters m
      left join lateral (select to_status from complaints.matter_events e where e.subject_id = m.id
                         order by e.chain_seq desc limit 1) last on true
      where last.to_status is distinct from m.status`),
  );
  const [orphans] = rowsOf<{ n: number }>(
    await owner.execute(sql`select count(*)::int as n from complaints.matter_events e
      where not exists (select 1 from complaints.matters m where m.id = e.subject_id)`),
  );
  const [strays] = rowsOf<{ n: number }>(
    await owner.execute(sql`select count(*)::int as n from complaints.outbox o
      where not exists (select 1 from complaints.matter_events e
                        where e.id::text = split_part(o.idempotency_key, ':', 4)
                          and e.subject_id::text = split_part(o.idempotency_key, ':', 3))`),
  );
  const perAction = rowsOf<{ action: string; counts: number[] }>(
    await owner.execute(sql`select action, array_agg(distinct n order by n) as counts from (
        select e.action, e.id, (select count(*)::int from complaints.outbox o
                                where split_part(o.idempotency_key, ':', 4) = e.id::text) as n
        from complaints.matter_events e where e.id > ${seededEvents}) x group by action order by action`),
  );
  const [matters] = rowsOf<{ n: number }>(await owner.execute(sql`select count(*)::int as n from complaints.matters`));
  return {
    matters: matters!.n,
    mismatchedStates: states!.n,
    eventsWithoutMatter: orphans!.n,
    messagesWithoutEvent: strays!.n,
    messagesPerAction: Object.fromEntries(perAction.map((r) => [r.action, r.counts.map(Number)])),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  owner = db.connect({ max: 1 });
  platform = await startPlatform({
    handle: db,
    port: 0,
    subgraphPorts: 'random',
    seed: { enterprises: 5 },
    gateway: { rateLimit: false, subgraphClient: { timeoutMs: SUBGRAPH_TIMEOUT_MS } },
  });
  enterpriseToken = await tokenFor({ sub: 'ent-1', role: 'enterprise', enterprise: first.creditCode });
  const [last] = rowsOf<{ n: number }>(
    await owner.execute(sql`select coalesce(max(id), 0)::int as n from complaints.matter_events`),
  );
  seededEvents = last!.n;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await platform?.stop();
  await db?.close();
});

describe('SIGTERM', () => {
  it(
    'turns the gateway unready first, answers the requests in flight, then exits 0',
    async () => {
      const port = await freePort();
      const gateway = spawnNode('gateway/src/main.ts', {
        PORT: String(port),
        HOST: '127.0.0.1',
        SUBGRAPH_URLS: JSON.stringify(platform.subgraphs),
        SHUTDOWN_DELAY_MS: '3000',
        RATE_LIMIT: 'off',
      });
      const base = `http://127.0.0.1:${port}`;
      await waitHealthy(`${base}/health`, gateway);
      const inFlight = await halfSent(`${base}/graphql`, JSON.stringify({ query: NAME }));
      const load = Array.from({ length: 8 }, () => gql(`${base}/graphql`, NAME));
      gateway.child.kill('SIGTERM');
      expect(await waitUnready(`${base}/health`)).toMatchObject({ status: 503, body: { status: 'draining' } });
      // Then it stops accepting; the request in flight is still answered, on a connection closed after it.
      expect(await waitRefused(`${base}/health`)).toBe(true);
      inFlight.finish();
      const answered = await inFlight.response;
      expect(answered).toEqual({
        status: 200,
        connection: 'close',
        json: { data: { enterprise: { name: first.name } } },
      });
      for (const r of await Promise.all(load)) {
        expect(r).toEqual({ status: 200, json: { data: { enterprise: { name: first.name } } } });
      }
      expect(await gateway.exited).toBe(0);
    },
    PROCESS_TEST_MS,
  );

  it.runIf(onPostgres)(
    'lets a subgraph finish a mutation in flight before it exits (PostgreSQL)',
    async () => {
      const port = await freePort();
      const complaints = spawnNode('subgraphs/complaints/src/main.ts', {
        DATABASE_URL: db.url!,
        DB_ROLE: roleName('complaints'),
        MIGRATE: 'false',
        WORKER: 'false',
        PORT: String(port),
        SHUTDOWN_DELAY_MS: '3000',
      });
      const base = `http://127.0.0.1:${port}`;
      await waitHealthy(`${base}/health`, complaints);
      const body = JSON.stringify({ query: SUBMIT, variables: { input: MATTER_INPUT } });
      const inFlight = await halfSent(`${base}/graphql`, body, enterpriseToken);
      complaints.child.kill('SIGTERM');
      expect(await waitUnready(`${base}/health`)).toMatchObject({ status: 503, body: { status: 'draining' } });
      // Then it stops accepting; the request in flight is still answered, on a connection closed after it.
      expect(await waitRefused(`${base}/health`)).toBe(true);
      inFlight.finish();
      const answered = await inFlight.response;
      expect(answered).toMatchObject({ status: 200, connection: 'close' });
      const made = (answered.json.data?.submitMatter ?? null) as { id: string; status: string } | null;
      expect(made).toMatchObject({ status: 'SUBMITTED' });
      expect(await complaints.exited).toBe(0);
      const events = rowsOf(
        await owner.execute(sql`select action from complaints.matter_events where subject_id = ${made!.id}`),
      );
      expect(events).toEqual([{ action: 'SUBMIT' }]);
    },
    PROCESS_TEST_MS,
  );
});

describe.runIf(onPostgres)('a subgraph killed under load (PostgreSQL)', () => {
  it(
    'keeps the other subgraphs answering, gives partial data with SERVICE_UNAVAILABLE, and serves again after restart',
    async () => {
      const port = await freePort();
      const env = {
        DATABASE_URL: db.url!,
        DB_ROLE: roleName('complaints'),
        MIGRATE: 'false',
        WORKER: 'false',
        PORT: String(port),
      };
      let complaints = spawnNode('subgraphs/complaints/src/main.ts', env);
      await waitHealthy(`http://127.0.0.1:${port}/health`, complaints);
      const gateway = createGateway({
        subgraphUrls: { ...platform.subgraphs, complaints: `http://127.0.0.1:${port}/graphql` },
        subgraphClient: { timeoutMs: SUBGRAPH_TIMEOUT_MS },
        rateLimit: false,
      });
      await gateway.start();
      const listening = await gateway.listen(0);
      try {
        const made = await gql(listening.url, SUBMIT, { token: enterpriseToken, variables: { input: MATTER_INPUT } });
        const id = (made.json.data!.submitMatter as { id: string }).id;
        const MIXED = `{ enterprise(creditCode: "${first.creditCode}") { name } matter(id: "${id}") { id status } }`;
        type Outcome = { phase: 'up' | 'down'; kind: 'others' | 'mixed'; status: number; json: Json };
        const outcomes: Outcome[] = [];
        let phase: Outcome['phase'] = 'up';
        let downCount = 0;
        const lane = async () => {
          // Bounded: some requests before the kill, and at least 8 per lane after it.
          for (let i = 0; i < 200; i++) {
            const p = phase;
            const kind = i % 2 === 0 ? 'others' : 'mixed';
            const r = await gql(listening.url, kind === 'others' ? NAME : MIXED, { token: enterpriseToken });
            outcomes.push({ phase: p, kind, ...r });
            if (p === 'down' && ++downCount >= 32) return;
          }
        };
        const lanes = Array.from({ length: 4 }, lane);
        while (outcomes.length < 16) await sleep(20);
        complaints.child.kill('SIGKILL');
        await complaints.exited;
        phase = 'down';
        await Promise.all(lanes);

        const down = outcomes.filter((o) => o.phase === 'down');
        expect(down.length).toBeGreaterThanOrEqual(32);
        for (const o of outcomes) {
          expect(o.status).toBe(200);
          expect((o.json.data?.enterprise as { name: string }).name).toBe(first.name);
          if (o.kind === 'others') expect(o.json.errors).toBeUndefined();
          for (const e of o.json.errors ?? []) expect(e.extensions?.code).toBe('SERVICE_UNAVAILABLE');
        }
        for (const o of down.filter((d) => d.kind === 'mixed')) {
          expect(o.json.data?.matter).toBeNull();
          expect(o.json.errors?.map((e) => e.extensions)).toEqual([
            expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', service: 'complaints' }),
          ]);
        }

        complaints = spawnNode('subgraphs/complaints/src/main.ts', env);
        await waitHealthy(`http://127.0.0.1:${port}/health`, complaints);
        const again = await gql(listening.url, MIXED, { token: enterpriseToken });
        expect(again).toEqual({
          status: 200,
          json: { data: { enterprise: { name: first.name }, matter: { id, status: 'SUBMITTED' } } },
        });
      } finally {
        await listening.close();
        await gateway.stop();
        complaints.child.kill('SIGKILL');
      }
    },
    PROCESS_TEST_MS,
  );
});

describe.runIf(onPostgres)("PostgreSQL's backends terminated under load", () => {
  it(
    'answers every request with data or a coded error, recovers, and half-writes nothing',
    async () => {
      const before = await consistency();
      const outcomes: Array<{ kind: string; status: number; json: Json }> = [];
      let terminated = 0;
      let done = false;
      const lane = async (n: number) => {
        for (let i = 0; !done && i < 300; i++) {
          const kind = ['others', 'matters', 'submit'][(i + n) % 3]!;
          const r =
            kind === 'others'
              ? await gql(platform.url, NAME)
              : kind === 'matters'
                ? await gql(platform.url, `{ matters(first: 5) { totalCount } }`, { token: enterpriseToken })
                : await gql(platform.url, SUBMIT, { token: enterpriseToken, variables: { input: MATTER_INPUT } });
          outcomes.push({ kind, ...r });
        }
      };
      const lanes = Array.from({ length: 4 }, (_, n) => lane(n));
      for (let round = 0; round < 3; round++) {
        const target = outcomes.length + 12;
        while (outcomes.length < target) await sleep(20);
        const killed = rowsOf<{ n: number }>(
          await owner.execute(sql`select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend') t`),
        );
        terminated += killed[0]!.n;
      }
      const target = outcomes.length + 12;
      while (outcomes.length < target) await sleep(20);
      done = true;
      await Promise.all(lanes);

      expect(terminated).toBeGreaterThan(0);
      for (const o of outcomes) {
        expect(o.status).toBe(200);
        for (const e of o.json.errors ?? []) expect(e.extensions?.code, JSON.stringify(e)).toBe('SERVICE_UNAVAILABLE');
      }
      // The pools recover: every kind of request succeeds again.
      expect(await gql(platform.url, NAME)).toEqual({
        status: 200,
        json: { data: { enterprise: { name: first.name } } },
      });
      const again = await gql(platform.url, SUBMIT, { token: enterpriseToken, variables: { input: MATTER_INPUT } });
      expect(again.json.errors).toBeUndefined();
      // Nothing half-written: every answered submission is a matter with its event and its messages, and no more.
      const after = await consistency();
      const submitted = outcomes.filter((o) => o.kind === 'submit' && o.json.data?.submitMatter).length + 1;
      expect(after).toMatchObject({ mismatchedStates: 0, eventsWithoutMatter: 0, messagesWithoutEvent: 0 });
      expect(after.matters - before.matters).toBeGreaterThanOrEqual(submitted);
      for (const counts of Object.values(after.messagesPerAction)) expect(counts).toHaveLength(1);
      const chains = await verifyAuditChains(owner, { schemas: ['complaints'] });
      expect(chains.filter((c) => c.broken)).toEqual([]);
    },
    PROCESS_TEST_MS,
  );
});

describe.runIf(onPostgres)('a process killed in the middle of workflow transitions (PostgreSQL)', () => {
  it(
    'leaves every state change with its event and the outbox with exactly the committed messages',
    async () => {
      const worker = spawnNode('tools/test/fixtures/transitions.ts', { DATABASE_URL: db.url! });
      for (let i = 0; i < 3000 && !/committed (3\d|[4-9]\d|\d{3,})\n/.test(worker.output()); i++) {
        if (worker.child.exitCode !== null) throw new Error(worker.output());
        await sleep(20);
      }
      worker.child.kill('SIGKILL');
      await worker.exited;
      const committed = Math.max(...[...worker.output().matchAll(/committed (\d+)/g)].map((m) => Number(m[1])));
      expect(committed).toBeGreaterThanOrEqual(30);
      const state = await consistency();
      expect(state).toMatchObject({ mismatchedStates: 0, eventsWithoutMatter: 0, messagesWithoutEvent: 0 });
      // Each action always sends the same messages: none was half-written by the kill.
      expect(Object.keys(state.messagesPerAction)).toEqual(expect.arrayContaining(['DISPATCH', 'SIGN', 'SUBMIT']));
      for (const counts of Object.values(state.messagesPerAction)) expect(counts).toHaveLength(1);
      const [events] = rowsOf<{ n: number }>(
        await owner.execute(sql`select count(*)::int as n from complaints.matter_events where actor in
        ('ent-k', 'ndrc-yexian', 'hrss-yexian')`),
      );
      // Every step the process reported is committed (a step in flight at the kill may have committed unreported).
      expect(events!.n).toBeGreaterThanOrEqual(committed);
      expect((await verifyAuditChains(owner, { schemas: ['complaints'] })).filter((c) => c.broken)).toEqual([]);
    },
    PROCESS_TEST_MS,
  );
});
