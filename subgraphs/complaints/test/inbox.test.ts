/**
 * The staff inbox through GraphQL: whose matters each caller gets, nearest deadline first, the filters, the counts by
 * state and the keyset pages, all in a fixed number of SQL statements. Deadlines are in 2025 (past, overdue whatever
 * the day the test runs) or in 2099 (not yet due).
 */
import type { Database } from '@qq/db/client';
import { matterCoHandlers, matters } from '@qq/db/schema/complaints';
import { demoCreditCode } from '@qq/db/seed';
import type { Claims } from '@qq/kit';
import { createTestDatabase, execute, statementCounter, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;

const A = demoCreditCode('410422', 9401);
const B = demoCreditCode('410425', 9402);

const ROLES = {
  anonymous: null,
  enterprise: { sub: 'ent-a', role: 'enterprise', enterprise: A },
  hrss: { sub: 'hrss-yexian', role: 'staff', dept: 'hrss', county: '410422' },
  hrssCity: { sub: 'hrss-city', role: 'staff', dept: 'hrss', county: '410400' },
  dispatcher: { sub: 'ndrc-yexian', role: 'staff', dept: 'ndrc', county: '410422' },
  analyst: { sub: 'analyst-1', role: 'analyst' },
  admin: { sub: 'admin-1', role: 'admin', county: '410400' },
  leader: { sub: 'leader-1', role: 'leader', county: '410400' },
} as const satisfies Record<string, Claims | null>;
type RoleName = keyof typeof ROLES;
const tokens = {} as Record<RoleName, string | undefined>;

const INBOX = `query($filter: MatterInboxFilter, $first: Int, $after: String) {
  matterInbox(filter: $filter, first: $first, after: $after) {
    totalCount
    nodes { referenceNo status currentStage currentDueAt overdue contactName }
    pageInfo { hasNextPage endCursor }
    counts { status count overdue }
  } }`;
type Inbox = {
  totalCount: number;
  nodes: Array<{ referenceNo: string; status: string; currentStage: string | null; currentDueAt: string | null }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  counts: Array<{ status: string; count: number; overdue: number }>;
};

async function inbox(role: RoleName, variables: Record<string, unknown> = {}) {
  return execute<{ matterInbox: Inbox }>(server, INBOX, { variables, token: tokens[role] });
}
async function refs(role: RoleName, variables: Record<string, unknown> = {}): Promise<string[]> {
  const res = await inbox(role, variables);
  expect(res.errors).toBeUndefined();
  return res.data!.matterInbox.nodes.map((n) => n.referenceNo);
}

const t = (s: string) => new Date(s);
let serial = 0;
async function matter(ref: string, over: Partial<typeof matters.$inferInsert>) {
  serial++;
  await conn.insert(matters).values({
    referenceNo: ref,
    kind: 'REQUEST',
    category: 'EMPLOYMENT',
    title: `事项 ${ref}`,
    content: '内容',
    enterpriseCode: A,
    contactName: '王伟',
    contactPhone: '13812345678',
    status: 'DISPATCHED',
    clockProfile: '13710',
    submittedAt: t(`2025-01-0${serial}T02:00:00Z`),
    dispatchDueAt: t('2025-01-10T15:59:59.999Z'),
    dispatchedAt: t(`2025-01-0${serial}T03:00:00Z`),
    departmentCode: 'hrss',
    countyCode: '410422',
    ...over,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('complaints') });
  await server.start();
  for (const [name, claims] of Object.entries(ROLES)) {
    tokens[name as RoleName] = claims ? await tokenFor(claims) : undefined;
  }
  const future = { signDueAt: t('2099-01-01T15:59:59.999Z') };
  // 人社局 of 叶县: M1 waits to be signed since 2025 (overdue); M2 signed, reply due 2099; M3 replied, resolve due
  // 2099 (financing); M4 resolved and reported on time (no current stage).
  await matter('SQ-20250101-0001', { signDueAt: t('2025-01-07T15:59:59.999Z') });
  await matter('SQ-20250101-0002', {
    status: 'SIGNED',
    signedAt: t('2025-01-02T05:00:00Z'),
    signDueAt: t('2025-01-07T15:59:59.999Z'),
    replyDueAt: t('2099-01-05T15:59:59.999Z'),
  });
  await matter('SQ-20250101-0003', {
    status: 'REPLIED',
    category: 'FINANCING',
    signedAt: t('2025-01-03T05:00:00Z'),
    // Replied a day late.
    repliedAt: t('2025-01-10T06:00:00Z'),
    signDueAt: t('2025-01-07T15:59:59.999Z'),
    replyDueAt: t('2025-01-09T15:59:59.999Z'),
    resolveDueAt: t('2099-01-03T15:59:59.999Z'),
  });
  const done = t('2025-01-04T06:00:00Z');
  await matter('SQ-20250101-0004', {
    status: 'RESOLVED',
    ...{ signedAt: done, repliedAt: done, resolvedAt: done, reportedAt: done, lastResolvedAt: done },
    ...{ signDueAt: future.signDueAt, replyDueAt: future.signDueAt, resolveDueAt: future.signDueAt },
    reportDueAt: future.signDueAt,
  });
  // 工信局 of 叶县 handles M5; 人社局 of 叶县 co-handles it (协办).
  await matter('SQ-20250101-0005', { departmentCode: 'miit', ...future });
  // 人社局 of 郏县: M6. 发改委 of 叶县 has not dispatched M7 since 2025 (overdue).
  await matter('SQ-20250101-0006', { countyCode: '410425', enterpriseCode: B, ...future });
  await matter('SQ-20250101-0007', {
    status: 'SUBMITTED',
    departmentCode: 'ndrc',
    dispatchedAt: null,
    dispatchDueAt: t('2025-02-01T15:59:59.999Z'),
  });
  const [m5] = await conn.select({ id: matters.id }).from(matters).where(eqRef('SQ-20250101-0005'));
  await conn.insert(matterCoHandlers).values({
    matterId: m5!.id,
    departmentCode: 'hrss',
    countyCode: '410422',
    addedAt: t('2025-01-06T00:00:00Z'),
    addedBy: 'ndrc-yexian',
  });
});

const eqRef = (ref: string) => eq(matters.referenceNo, ref);

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const R = (n: number) => `SQ-20250101-000${n}`;

describe('matterInbox', () => {
  it('gives a unit its own and co-handled matters, nearest deadline first, with counts by state', async () => {
    const res = await inbox('hrss');
    expect(res.errors).toBeUndefined();
    const box = res.data!.matterInbox;
    expect(box.nodes.map((n) => [n.referenceNo, n.currentStage, n.currentDueAt])).toEqual([
      [R(1), 'SIGN', '2025-01-07T15:59:59.999Z'],
      [R(5), 'SIGN', '2099-01-01T15:59:59.999Z'],
      [R(3), 'RESOLVE', '2099-01-03T15:59:59.999Z'],
      [R(2), 'REPLY', '2099-01-05T15:59:59.999Z'],
      [R(4), null, null],
    ]);
    expect(box.totalCount).toBe(5);
    // M3 replied after its deadline: overdue though its current stage is not (the rule of Matter.overdue).
    expect(box.counts.filter((c) => c.count > 0)).toEqual([
      { status: 'DISPATCHED', count: 2, overdue: 1 },
      { status: 'SIGNED', count: 1, overdue: 0 },
      { status: 'REPLIED', count: 1, overdue: 1 },
      { status: 'RESOLVED', count: 1, overdue: 0 },
    ]);
    expect(box.counts.map((c) => c.status)).toHaveLength(10);
  });

  it('filters by status, stage, overdue, category and submission time; counts ignore the status filter', async () => {
    const res = await inbox('hrss', { filter: { status: ['RESOLVED'] } });
    expect(res.data!.matterInbox.nodes.map((n) => n.referenceNo)).toEqual([R(4)]);
    expect(res.data!.matterInbox.totalCount).toBe(1);
    expect(res.data!.matterInbox.counts.find((c) => c.status === 'DISPATCHED')).toEqual({
      status: 'DISPATCHED',
      count: 2,
      overdue: 1,
    });
    expect(await refs('hrss', { filter: { stage: 'REPLY' } })).toEqual([R(2)]);
    expect(await refs('hrss', { filter: { stage: 'SIGN' } })).toEqual([R(1), R(5)]);
    expect(await refs('hrss', { filter: { overdue: true } })).toEqual([R(1), R(3)]);
    expect(await refs('hrss', { filter: { overdue: false } })).toEqual([R(5), R(2), R(4)]);
    expect(await refs('hrss', { filter: { category: 'FINANCING' } })).toEqual([R(3)]);
    expect(await refs('hrss', { filter: { submittedFrom: '2025-01-02', submittedTo: '2025-01-03' } })).toEqual([
      R(3),
      R(2),
    ]);
    expect(await refs('hrss', { filter: { overdue: true, status: ['DISPATCHED'] } })).toEqual([R(1)]);
  });

  it('pages with a keyset cursor, matters without a deadline last', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await inbox('hrss', { first: 2, after });
      expect(res.errors).toBeUndefined();
      const box = res.data!.matterInbox;
      seen.push(...box.nodes.map((n) => n.referenceNo));
      if (!box.pageInfo.hasNextPage) break;
      after = box.pageInfo.endCursor;
    }
    expect(seen).toEqual([R(1), R(5), R(3), R(2), R(4)]);
  });

  it('gives 发改委 its county, admins their scope, leaders every matter with contact data masked', async () => {
    expect(await refs('dispatcher')).toEqual([R(1), R(7), R(5), R(3), R(2), R(4)]);
    expect((await refs('hrssCity')).sort()).toEqual([R(1), R(2), R(3), R(4), R(5), R(6)].sort());
    expect(await refs('admin')).toHaveLength(7);
    const leader = await inbox('leader');
    expect(leader.errors).toBeUndefined();
    expect(leader.data!.matterInbox.totalCount).toBe(7);
    expect(new Set(leader.data!.matterInbox.nodes.map((n) => (n as { contactName?: string }).contactName))).toEqual(
      new Set(['王*']),
    );
  });

  it('refuses callers who have no inbox and bad input, naming the field', async () => {
    const code = async (role: RoleName, v: Record<string, unknown> = {}) =>
      (await inbox(role, v)).errors?.[0]?.extensions?.code;
    expect(await code('anonymous')).toBe('UNAUTHENTICATED');
    expect(await code('enterprise')).toBe('FORBIDDEN');
    expect(await code('analyst')).toBe('FORBIDDEN');
    const bad = await inbox('hrss', { filter: { submittedFrom: 'yesterday' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.submittedFrom' });
    const cursor = await inbox('hrss', { after: 'bm90LWEtY3Vyc29y' });
    expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('costs three statements whatever the size of the inbox (page, total, counts)', async () => {
    const counter = statementCounter();
    const counted = createServer({ db: await db.connectAs('complaints', { onQuery: counter.onQuery }) });
    await counted.start();
    const token = await tokenFor(ROLES.admin);
    const q = `{ matterInbox(first: 3) { totalCount nodes { referenceNo overdue } counts { status count overdue } } }`;
    counter.reset();
    const res = await execute<{ matterInbox: Inbox }>(counted, q, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.matterInbox.nodes).toHaveLength(3);
    expect(counter.count).toBe(3);
    await counted.stop();
  });
});
