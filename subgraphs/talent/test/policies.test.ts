/**
 * Talent policies (人才政策) through GraphQL: drafted, published within (or after) Art. 5's 24 hours, updated with
 * history, withdrawn and published again by 人社局 of the policy's unit (the city's for every unit); who sees drafts;
 * each refused actor; bad input; expiry and staleness by the daily jobs.
 */
import type { Database } from '@qq/db/client';
import { jobRuns, outbox, talentPolicies, talentPolicyEvents, talentPolicyVersions } from '@qq/db/schema/talent';
import { addDays, chinaDay, runJobOnce } from '@qq/kit';
import { createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import { asc, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, expirePolicies, remindStalePolicies } from '../src/index.ts';
import { policyContent } from '../src/service/talent-policy.service.ts';
import { tokens, type RoleName, type Tokens } from './fixtures.ts';
import { expectError, ok, runner, type Json } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Tokens;
const run = runner(() => server);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  t = await tokens();
  server = createServer({ db: await db.connectAs('talent') });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const FIELDS = `id title summary status version issuedAt publishDeadlineAt publishedWithinDeadline publishedAt revisedAt
  stale expiresOn expiredAt withdrawnAt withdrawalReason policyId county { code } department { code } availableActions
  versions { version title body county { code } issuedAt } events { action fromStatus toStatus version actorRole actor note }`;

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function input(over: Record<string, unknown> = {}) {
  return {
    title: '叶县青年人才安居补贴办法',
    summary: '新引进到叶县企业工作的高校毕业生，可申请三年租房补贴。',
    body: '在叶县企业全职工作并缴纳社会保险的高校毕业生，本人及配偶在县内无自有住房的，可按月申请租房补贴。',
    issuedAt: ago(2 * HOUR),
    ...over,
  };
}

async function create(token: string | undefined, over: Record<string, unknown> = {}) {
  return run(token, `mutation($input: CreateTalentPolicyInput!) { createTalentPolicy(input: $input) { ${FIELDS} } }`, {
    input: input(over),
  });
}

function act(token: string | undefined, name: string, id: string, extra: Record<string, unknown> = {}) {
  const params = Object.keys(extra);
  const type = (k: string) => (k === 'input' ? 'UpdateTalentPolicyInput!' : k === 'reason' ? 'String!' : 'String');
  const decl = params.map((k) => `, $${k}: ${type(k)}`).join('');
  const args = params.map((k) => `, ${k}: $${k}`).join('');
  return run(token, `mutation($id: ID!${decl}) { ${name}(id: $id${args}) { ${FIELDS} } }`, { id, ...extra });
}

const ONE = `query($id: ID!) { talentPolicy(id: $id) { id status } }`;

describe('publishing a talent policy', () => {
  it('drafts, publishes within 24 hours, updates with history, withdraws and publishes again', async () => {
    const draft = ok(await create(t.countyClerk)).createTalentPolicy;
    expect(draft).toMatchObject({
      status: 'DRAFT',
      version: 1,
      publishedAt: null,
      publishedWithinDeadline: null,
      stale: false,
      expiresOn: null,
      county: { code: '410422' },
      department: { code: 'hrss' },
      availableActions: ['PUBLISH', 'UPDATE', 'WITHDRAW'],
      events: [
        { action: 'CREATE', fromStatus: null, toStatus: 'DRAFT', version: 1, actorRole: 'staff', actor: 'hrss-yexian' },
      ],
    });
    expect(Date.parse(draft.publishDeadlineAt) - Date.parse(draft.issuedAt)).toBe(DAY);
    expect(draft.versions).toEqual([
      {
        version: 1,
        title: '叶县青年人才安居补贴办法',
        body: input().body,
        county: { code: '410422' },
        issuedAt: draft.issuedAt,
      },
    ]);

    // A draft is not public: it is found only in the keepers' scope.
    const seen: Record<RoleName, boolean> = {
      anonymous: false,
      enterpriseA: false,
      enterpriseB: false,
      person: false,
      otherStaff: false,
      countyClerk: true,
      cityStaff: true,
      admin: true,
      analyst: true,
    };
    for (const [role, visible] of Object.entries(seen) as Array<[RoleName, boolean]>) {
      const res = ok(await run(t[role], ONE, { id: draft.id }));
      expect(res.talentPolicy, role).toEqual(visible ? { id: draft.id, status: 'DRAFT' } : null);
    }

    const published = ok(await act(t.countyClerk, 'publishTalentPolicy', draft.id)).publishTalentPolicy;
    expect(published).toMatchObject({
      status: 'PUBLISHED',
      version: 1,
      publishedWithinDeadline: true,
      availableActions: ['UPDATE', 'WITHDRAW'],
    });
    expect(Date.parse(published.publishedAt)).toBeLessThanOrEqual(Date.parse(published.publishDeadlineAt));
    expect(ok(await run(undefined, ONE, { id: draft.id })).talentPolicy).toEqual({ id: draft.id, status: 'PUBLISHED' });
    expectError(await act(t.countyClerk, 'publishTalentPolicy', draft.id), 'CONFLICT');

    const updated = ok(
      await act(t.cityStaff, 'updateTalentPolicy', draft.id, {
        input: { summary: '新引进高校毕业生可申请三年租房补贴，第四年起减半。' },
      }),
    ).updateTalentPolicy;
    expect(updated).toMatchObject({
      status: 'PUBLISHED',
      version: 2,
      summary: '新引进高校毕业生可申请三年租房补贴，第四年起减半。',
    });
    expect(updated.versions.map((v: Json) => v.version)).toEqual([1, 2]);
    expect(Date.parse(updated.revisedAt)).toBeGreaterThanOrEqual(Date.parse(published.publishedAt));
    // The issue instant is what the 24 hours were measured from: fixed once published.
    expectError(
      await act(t.countyClerk, 'updateTalentPolicy', draft.id, { input: { issuedAt: ago(HOUR) } }),
      'BAD_USER_INPUT',
      'input.issuedAt',
    );
    expectError(await act(t.countyClerk, 'updateTalentPolicy', draft.id, { input: {} }), 'BAD_USER_INPUT', 'input');

    expectError(await act(t.countyClerk, 'withdrawTalentPolicy', draft.id, { reason: '' }), 'BAD_USER_INPUT', 'reason');
    const withdrawn = ok(
      await act(t.countyClerk, 'withdrawTalentPolicy', draft.id, { reason: '并入市级人才安居政策' }),
    ).withdrawTalentPolicy;
    expect(withdrawn).toMatchObject({
      status: 'WITHDRAWN',
      withdrawalReason: '并入市级人才安居政策',
      availableActions: ['PUBLISH', 'UPDATE'],
    });
    expect(ok(await run(undefined, ONE, { id: draft.id })).talentPolicy).toBeNull();
    expectError(await act(t.countyClerk, 'withdrawTalentPolicy', draft.id, { reason: '重复撤回' }), 'CONFLICT');

    const again = ok(await act(t.countyClerk, 'publishTalentPolicy', draft.id)).publishTalentPolicy;
    expect(again).toMatchObject({ status: 'PUBLISHED', publishedAt: published.publishedAt, withdrawnAt: null });
    expect(again.events.map((e: Json) => `${e.action}:${e.fromStatus}>${e.toStatus}:v${e.version}`)).toEqual([
      'CREATE:null>DRAFT:v1',
      'PUBLISH:DRAFT>PUBLISHED:v1',
      'UPDATE:PUBLISHED>PUBLISHED:v2',
      'WITHDRAW:PUBLISHED>WITHDRAWN:v2',
      'PUBLISH:WITHDRAWN>PUBLISHED:v2',
    ]);
    // Events show accounts to staff only.
    const pub = ok(
      await run(undefined, `query($id: ID!) { talentPolicy(id: $id) { events { actor actorRole } } }`, {
        id: draft.id,
      }),
    );
    expect(pub.talentPolicy.events[0]).toEqual({ actor: null, actorRole: 'staff' });
  });

  it('records a publication later than 24 hours after the issue', async () => {
    const late = ok(await create(t.cityStaff, { countyCode: '410400', issuedAt: ago(30 * HOUR) })).createTalentPolicy;
    expect(late.county).toEqual({ code: '410400' });
    const published = ok(await act(t.cityStaff, 'publishTalentPolicy', late.id)).publishTalentPolicy;
    expect(published.publishedWithinDeadline).toBe(false);
    expect(Date.parse(published.publishedAt) - Date.parse(published.publishDeadlineAt)).toBeGreaterThan(5 * HOUR);
  });

  it('refuses each actor who may not keep the policy', async () => {
    for (const role of ['enterpriseA', 'person', 'otherStaff', 'analyst', 'admin'] as const) {
      expectError(await create(t[role]), 'FORBIDDEN');
    }
    expectError(await create(undefined), 'UNAUTHENTICATED');
    // A county's 人社局 keeps its own unit only; the city's keeps every unit and the city.
    expectError(await create(t.countyClerk, { countyCode: '410425' }), 'FORBIDDEN');
    expectError(await create(t.countyClerk, { countyCode: '410400' }), 'FORBIDDEN');
    const jiaxian = ok(await create(t.cityStaff, { countyCode: '410425' })).createTalentPolicy;
    // The 叶县 clerk does not see 郏县's draft: the same answer as an id that does not exist.
    expectError(await act(t.countyClerk, 'publishTalentPolicy', jiaxian.id), 'NOT_FOUND');
    expectError(await act(t.countyClerk, 'publishTalentPolicy', '00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
    ok(await act(t.cityStaff, 'publishTalentPolicy', jiaxian.id));
    // Published, it is public, but still not the 叶县 clerk's to change.
    expectError(
      await act(t.countyClerk, 'updateTalentPolicy', jiaxian.id, { input: { title: '郏县人才政策' } }),
      'FORBIDDEN',
    );
    expectError(await act(t.countyClerk, 'withdrawTalentPolicy', jiaxian.id, { reason: '不属本县' }), 'FORBIDDEN');
    expectError(await act(t.enterpriseA, 'withdrawTalentPolicy', jiaxian.id, { reason: '不属本县' }), 'FORBIDDEN');
    const seen = ok(
      await run(t.countyClerk, `query($id: ID!) { talentPolicy(id: $id) { availableActions } }`, { id: jiaxian.id }),
    );
    expect(seen.talentPolicy.availableActions).toEqual([]);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, writing nothing', async () => {
    const rows = async () => (await conn.select({ n: count() }).from(talentPolicies))[0]!.n;
    const before = await rows();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '短' }, 'input.title'],
      [{ summary: '太短' }, 'input.summary'],
      [{ body: '正文太短' }, 'input.body'],
      [{ issuedAt: new Date(Date.now() + DAY).toISOString() }, 'input.issuedAt'],
      [{ issuedAt: '2026-11-30' }, 'input.issuedAt'],
      [{ expiresOn: chinaDay(new Date()) }, 'input.expiresOn'],
      [{ policyId: 'policy-1' }, 'input.policyId'],
      [{ countyCode: '110101' }, 'input.countyCode'],
    ];
    for (const [over, field] of cases) expectError(await create(t.cityStaff, over), 'BAD_USER_INPUT', field);
    expectError(await act(t.cityStaff, 'publishTalentPolicy', 'x'), 'BAD_USER_INPUT', 'id');
    expect(await rows()).toBe(before);
  });

  it('lists by state and staleness in scope, and links the policy in 找政策', async () => {
    const policyId = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
    const linked = ok(await create(t.countyClerk, { title: '叶县技能人才评价补贴', policyId })).createTalentPolicy;
    expect(linked.policyId).toBe(policyId);
    const q = `query($f: TalentPolicyFilter) { talentPolicies(first: 100, filter: $f) { totalCount nodes { id status } } }`;
    const ids = async (token: string | undefined, f: Record<string, unknown>) =>
      ok(await run(token, q, { f })).talentPolicies.nodes.map((n: Json) => n.id);
    expect(await ids(t.countyClerk, { status: 'DRAFT' })).toContain(linked.id);
    expect(await ids(undefined, { status: 'DRAFT' })).toEqual([]);
    expect(await ids(t.enterpriseA, {})).not.toContain(linked.id);
    expectError(await run(undefined, q, { f: { keyword: '补' } }), 'BAD_USER_INPUT', 'filter.keyword');
    expectError(await run(undefined, q, { f: { status: 'LOST' } }), 'BAD_USER_INPUT');
  });
});

describe('talent policy jobs', () => {
  async function policy(over: Partial<typeof talentPolicies.$inferInsert>) {
    const now = Date.now();
    const [row] = await conn
      .insert(talentPolicies)
      .values({
        title: '测试人才政策',
        summary: '测试摘要不少于十个字。',
        body: '测试正文',
        status: 'PUBLISHED',
        issuedAt: new Date(now - 200 * DAY),
        publishedAt: new Date(now - 200 * DAY),
        revisedAt: new Date(now - 10 * DAY),
        departmentCode: 'hrss',
        countyCode: '410422',
        ...over,
      })
      .returning();
    await conn
      .insert(talentPolicyVersions)
      .values({ subjectId: row!.id, version: 1, content: policyContent(row!), actor: 'fixture', actorRole: 'staff' });
    return row!;
  }
  const sent = (prefix: string) =>
    conn
      .select()
      .from(outbox)
      .where(like(outbox.idempotencyKey, `${prefix}%`))
      .orderBy(asc(outbox.id));

  it('expires published policies past their last valid day, once, and tells 人社局 of the unit', async () => {
    const now = new Date();
    const today = chinaDay(now);
    const past = await policy({ expiresOn: addDays(today, -1) });
    const lastDay = await policy({ expiresOn: today });
    const open = await policy({ expiresOn: null });
    const outcome = await runJobOnce(conn, jobRuns, expirePolicies, now);
    expect(outcome).toMatchObject({ ran: true, result: { talentPolicies: 1 } });
    const statuses = await conn.select({ id: talentPolicies.id, status: talentPolicies.status }).from(talentPolicies);
    const of = (id: string) => statuses.find((s) => s.id === id)!.status;
    expect([of(past.id), of(lastDay.id), of(open.id)]).toEqual(['EXPIRED', 'PUBLISHED', 'PUBLISHED']);
    const events = await conn.select().from(talentPolicyEvents).where(eq(talentPolicyEvents.subjectId, past.id));
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actorRole, e.note])).toEqual([
      ['EXPIRE', 'PUBLISHED', 'EXPIRED', 'system', `有效期至${addDays(today, -1)}`],
    ]);
    const told = await sent(`talentPolicy.expired:inbox:${past.id}:`);
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({ to: { dept: 'hrss', county: '410422' } });
    expect((await runJobOnce(conn, jobRuns, expirePolicies, now, { force: true })).result).toEqual({
      talentPolicies: 0,
    });
    expect(await sent(`talentPolicy.expired:inbox:${past.id}:`)).toHaveLength(1);

    // Published again, it needs a new last valid day.
    expectError(await act(t.countyClerk, 'publishTalentPolicy', past.id), 'BAD_USER_INPUT', 'expiresOn');
    const again = ok(await act(t.countyClerk, 'publishTalentPolicy', past.id, { expiresOn: addDays(today, 365) }));
    expect(again.publishTalentPolicy).toMatchObject({
      status: 'PUBLISHED',
      expiresOn: addDays(today, 365),
      version: 2,
    });
  });

  it('shows stale policies, reminds 人社局 once per version, and clears them on update', async () => {
    const now = new Date();
    const stale = await policy({ countyCode: '410425', revisedAt: new Date(now.getTime() - 100 * DAY) });
    const q = `query($s: Boolean) { talentPolicies(first: 100, filter: { stale: $s, countyCode: "410425" }) { nodes { id stale } } }`;
    const ids = async (s: boolean) => ok(await run(undefined, q, { s })).talentPolicies.nodes.map((n: Json) => n.id);
    expect(await ids(true)).toContain(stale.id);
    expect(await ids(false)).not.toContain(stale.id);
    await runJobOnce(conn, jobRuns, remindStalePolicies, now);
    await runJobOnce(conn, jobRuns, remindStalePolicies, new Date(now.getTime() + DAY));
    expect((await sent(`talentPolicy.stale:inbox:${stale.id}:`)).map((m) => m.idempotencyKey)).toEqual([
      `talentPolicy.stale:inbox:${stale.id}:v1`,
    ]);
    const updated = ok(
      await act(t.cityStaff, 'updateTalentPolicy', stale.id, {
        input: { body: '经核实，本政策继续有效，申报条件和补贴标准不变。' },
      }),
    );
    expect(updated.updateTalentPolicy).toMatchObject({ stale: false, version: 2 });
    expect(await ids(true)).not.toContain(stale.id);
  });
});
