/**
 * The job posting life cycle through GraphQL: drafted and submitted by the enterprise, moderated by 人社局 (approve,
 * or reject with a reason), updated with history, corrected by 人社局, closed and reopened, withdrawn and taken down;
 * events, versions, instants and messages; each refused actor; bad input.
 */
import type { Database } from '@qq/db/client';
import { jobPostings, outbox } from '@qq/db/schema/talent';
import { addDays, chinaDay } from '@qq/kit';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, B, CITY_LEVEL_CODE, tokens, type RoleName, type Tokens } from './fixtures.ts';
import { expectError, ok, runner, type Json } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Tokens;
const run = runner(() => server);

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

const FIELDS = `id title headcount status version expiresOn stale createdAt submittedAt publishedAt reviewedAt revisedAt
  closedAt reopenedAt withdrawnAt rejectionReason withdrawalReason county { code } availableActions
  events { action fromStatus toStatus version actorRole note }`;

const valid = {
  title: '数控车床操作工',
  category: 'MANUFACTURING',
  headcount: 4,
  salaryMin: 4500,
  salaryMax: 7000,
  education: 'HIGH_SCHOOL',
  description: '按图纸操作数控车床完成零件加工，两班倒，提供食宿。',
  contactName: '李红梅',
  contactPhone: '13987654321',
};

async function create(token: string | undefined, input: Record<string, unknown> = valid) {
  return run(token, `mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { ${FIELDS} } }`, {
    input,
  });
}

async function act(
  token: string | undefined,
  name: string,
  id: string,
  extra: Record<string, unknown> = {},
  args = '',
): Promise<ReturnType<typeof run>> {
  const decl = Object.keys(extra)
    .map(
      (k) =>
        `, $${k}: ${k === 'input' ? 'UpdateJobPostingInput!' : k === 'reason' && name === 'rejectJobPosting' ? 'String!' : 'String'}`,
    )
    .join('');
  const pass = Object.keys(extra)
    .map((k) => `, ${k}: $${k}`)
    .join('');
  return run(token, `mutation($id: ID!${decl}) { ${name}(id: $id${pass}${args}) { ${FIELDS} } }`, { id, ...extra });
}

/** A posting of enterprise A (叶县) carried to PUBLISHED by the 叶县 clerk. */
async function published(title = '焊工'): Promise<Json> {
  const draft = ok(await create(t.enterpriseA, { ...valid, title })).createJobPosting;
  ok(await act(t.enterpriseA, 'submitJobPosting', draft.id));
  return ok(await act(t.countyClerk, 'approveJobPosting', draft.id)).approveJobPosting;
}

async function messagesOf(id: string) {
  return conn
    .select()
    .from(outbox)
    .where(like(outbox.idempotencyKey, `%:${id}:%`))
    .orderBy(asc(outbox.id));
}

describe('drafting and moderation', () => {
  it('drafts a posting in the unit of the credit code, open 90 days, version 1, told to nobody', async () => {
    const draft = ok(await create(t.enterpriseA)).createJobPosting;
    expect(draft).toMatchObject({
      status: 'DRAFT',
      version: 1,
      county: { code: '410422' },
      expiresOn: addDays(chinaDay(new Date()), 90),
      submittedAt: null,
      publishedAt: null,
      stale: false,
      availableActions: ['SUBMIT', 'UPDATE', 'WITHDRAW'],
      events: [{ action: 'CREATE', fromStatus: null, toStatus: 'DRAFT', version: 1, actorRole: 'enterprise' }],
    });
    expect(await messagesOf(draft.id)).toEqual([]);
    // A draft is the enterprise's own: the public, other enterprises and persons do not find it.
    for (const role of ['anonymous', 'enterpriseB', 'person', 'otherStaff'] as RoleName[]) {
      const res = await run(t[role], `query($id: ID!) { jobPosting(id: $id) { id } }`, { id: draft.id });
      expect(ok(res).jobPosting, role).toBeNull();
    }
    const other = ok(await create(t.enterpriseB, { ...valid, countyCode: '410471' })).createJobPosting;
    expect(other.county.code).toBe('410471');
  });

  it('submits it to 人社局 of the unit, which approves it: published, each step recorded and told', async () => {
    const draft = ok(await create(t.enterpriseA, { ...valid, title: '质检员' })).createJobPosting;
    const pending = ok(await act(t.enterpriseA, 'submitJobPosting', draft.id)).submitJobPosting;
    expect(pending).toMatchObject({ status: 'PENDING_REVIEW', availableActions: ['UPDATE', 'WITHDRAW'] });
    expect(pending.submittedAt).not.toBeNull();
    const inbox = ok(
      await run(t.countyClerk, `{ jobPostings(filter: { status: PENDING_REVIEW }) { nodes { id availableActions } } }`),
    );
    expect(inbox.jobPostings.nodes).toContainEqual({
      id: draft.id,
      availableActions: ['APPROVE', 'REJECT', 'UPDATE', 'WITHDRAW'],
    });
    const approved = ok(await act(t.countyClerk, 'approveJobPosting', draft.id)).approveJobPosting;
    expect(approved).toMatchObject({
      status: 'PUBLISHED',
      version: 1,
      availableActions: ['UPDATE', 'CLOSE', 'WITHDRAW'],
      events: [
        { action: 'CREATE', toStatus: 'DRAFT' },
        { action: 'SUBMIT', fromStatus: 'DRAFT', toStatus: 'PENDING_REVIEW', actorRole: 'enterprise' },
        { action: 'APPROVE', fromStatus: 'PENDING_REVIEW', toStatus: 'PUBLISHED', actorRole: 'staff' },
      ],
    });
    expect(approved.publishedAt).toBe(approved.reviewedAt);
    const sent = await messagesOf(draft.id);
    expect(sent.map((m) => [m.topic, m.channel])).toEqual([
      ['jobPosting.submitted', 'inbox'],
      ['jobPosting.received', 'inbox'],
      ['jobPosting.approved', 'inbox'],
      ['jobPosting.approved', 'sms'],
    ]);
    expect(sent[0]!.payload).toMatchObject({ to: { dept: 'hrss', county: '410422' } });
    expect(sent[2]!.payload).toMatchObject({ to: { enterprise: A.creditCode } });
    expect(sent[3]!.payload).toMatchObject({ phone: valid.contactPhone });
    // The enterprise sees its own actions; a second approval is not possible.
    const own = ok(await run(t.enterpriseA, `query($id: ID!) { jobPosting(id: $id) { availableActions } }`, draft));
    expect(own.jobPosting.availableActions).toEqual(['UPDATE', 'CLOSE', 'WITHDRAW']);
    expectError(await act(t.cityStaff, 'approveJobPosting', draft.id), 'CONFLICT');
  });

  it('rejects with the reason, told by SMS; the enterprise updates and submits again', async () => {
    const draft = ok(await create(t.enterpriseB, { ...valid, title: '陶瓷成型工' })).createJobPosting;
    ok(await act(t.enterpriseB, 'submitJobPosting', draft.id));
    expectError(await act(t.cityStaff, 'rejectJobPosting', draft.id, { reason: ' ' }), 'BAD_USER_INPUT', 'reason');
    const rejected = ok(
      await act(t.cityStaff, 'rejectJobPosting', draft.id, { reason: '薪酬范围填写不完整' }),
    ).rejectJobPosting;
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: '薪酬范围填写不完整' });
    expect(rejected.events.at(-1)).toMatchObject({ action: 'REJECT', note: '薪酬范围填写不完整' });
    const sms = (await messagesOf(draft.id)).find((m) => m.channel === 'sms')!;
    expect(sms.payload).toMatchObject({ text: expect.stringContaining('薪酬范围填写不完整') });
    const updated = ok(
      await act(t.enterpriseB, 'updateJobPosting', draft.id, { input: { salaryMax: 8000 } }),
    ).updateJobPosting;
    expect(updated).toMatchObject({
      status: 'REJECTED',
      version: 2,
      availableActions: ['SUBMIT', 'UPDATE', 'WITHDRAW'],
    });
    const again = ok(await act(t.enterpriseB, 'submitJobPosting', draft.id)).submitJobPosting;
    expect(again.status).toBe('PENDING_REVIEW');
  });
});

describe('keeping a posting current', () => {
  it("sends the enterprise's update of a published posting to moderation again, with its version kept", async () => {
    const post = await published('机械设计工程师');
    const res = await run(
      t.enterpriseA,
      `mutation($id: ID!) { updateJobPosting(id: $id, input: { headcount: 6, salaryMin: 6000 }) {
        status version headcount versions { version headcount salaryMin title county { code } } } }`,
      { id: post.id },
    );
    expect(ok(res).updateJobPosting).toEqual({
      status: 'PENDING_REVIEW',
      version: 2,
      headcount: 6,
      versions: [
        { version: 1, headcount: 4, salaryMin: 4500, title: '机械设计工程师', county: { code: '410422' } },
        { version: 2, headcount: 6, salaryMin: 6000, title: '机械设计工程师', county: { code: '410422' } },
      ],
    });
    const topics = (await messagesOf(post.id)).map((m) => m.topic);
    expect(topics.slice(-2)).toEqual(['jobPosting.submitted', 'jobPosting.received']);
  });

  it('keeps a published posting published when 人社局 corrects it, and tells the enterprise', async () => {
    const post = await published('设备维修电工');
    const fixed = ok(await act(t.cityStaff, 'updateJobPosting', post.id, { input: { headcount: 3 } })).updateJobPosting;
    expect(fixed).toMatchObject({ status: 'PUBLISHED', version: 2, headcount: 3, stale: false });
    expect(fixed.revisedAt > post.revisedAt).toBe(true);
    expect((await messagesOf(post.id)).at(-1)!.topic).toBe('jobPosting.corrected');
    expectError(
      await act(t.cityStaff, 'updateJobPosting', post.id, { input: { salaryMax: 100 } }),
      'BAD_USER_INPUT',
      'input.salaryMax',
    );
    expectError(await act(t.cityStaff, 'updateJobPosting', post.id, { input: {} }), 'BAD_USER_INPUT', 'input');
  });

  it('closes and reopens a posting; closing a closed one is a CONFLICT', async () => {
    const post = await published('仓库管理员');
    const closed = ok(await act(t.enterpriseA, 'closeJobPosting', post.id, { reason: '已招满' })).closeJobPosting;
    expect(closed).toMatchObject({ status: 'CLOSED', availableActions: ['UPDATE', 'REOPEN', 'WITHDRAW'] });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.events.at(-1)).toMatchObject({ action: 'CLOSE', note: '已招满' });
    expectError(await act(t.enterpriseA, 'closeJobPosting', post.id), 'CONFLICT');
    // Closed postings leave the public list and the county's open count.
    const listed = ok(await run(undefined, `{ jobPostings(first: 100) { nodes { id } } }`)).jobPostings.nodes;
    expect(listed.map((n: Json) => n.id)).not.toContain(post.id);
    const reopened = ok(await act(t.enterpriseA, 'reopenJobPosting', post.id)).reopenJobPosting;
    expect(reopened).toMatchObject({ status: 'PUBLISHED', version: 1 });
    expect(reopened.reopenedAt).not.toBeNull();
    expectError(await act(t.enterpriseA, 'reopenJobPosting', post.id), 'CONFLICT');
    // 人社局 may close it too, but reopening is the enterprise's.
    ok(await act(t.countyClerk, 'closeJobPosting', post.id));
    expectError(await act(t.countyClerk, 'reopenJobPosting', post.id), 'FORBIDDEN');
  });

  it('lets the enterprise withdraw; 人社局 takes a posting down only with a reason, told by SMS', async () => {
    const own = await published('会计');
    const withdrawn = ok(await act(t.enterpriseA, 'withdrawJobPosting', own.id)).withdrawJobPosting;
    expect(withdrawn).toMatchObject({
      status: 'WITHDRAWN',
      withdrawalReason: null,
      availableActions: ['SUBMIT', 'UPDATE'],
    });
    expectError(await act(t.enterpriseA, 'withdrawJobPosting', own.id), 'CONFLICT');

    const post = await published('销售代表');
    expectError(await act(t.countyClerk, 'withdrawJobPosting', post.id), 'BAD_USER_INPUT', 'reason');
    const down = ok(
      await act(t.countyClerk, 'withdrawJobPosting', post.id, { reason: '岗位信息与实际不符' }),
    ).withdrawJobPosting;
    expect(down).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '岗位信息与实际不符' });
    const last = (await messagesOf(post.id)).slice(-2);
    expect(last.map((m) => [m.topic, m.channel])).toEqual([
      ['jobPosting.withdrawn', 'inbox'],
      ['jobPosting.withdrawn', 'sms'],
    ]);
  });
});

describe('refused actors', () => {
  it('refuses each caller who may not take a step, and hides what it may not see', async () => {
    const post = await published('叉车司机');
    const draft = ok(await create(t.enterpriseA, { ...valid, title: '前台文员' })).createJobPosting;
    const cases: Array<[RoleName, string, string, string]> = [
      // role, step, on, code
      ['anonymous', 'createJobPosting', '', 'UNAUTHENTICATED'],
      ['person', 'createJobPosting', '', 'FORBIDDEN'],
      ['countyClerk', 'createJobPosting', '', 'FORBIDDEN'],
      ['analyst', 'createJobPosting', '', 'FORBIDDEN'],
      ['anonymous', 'approveJobPosting', draft.id, 'UNAUTHENTICATED'],
      ['enterpriseA', 'approveJobPosting', draft.id, 'FORBIDDEN'],
      ['otherStaff', 'approveJobPosting', draft.id, 'FORBIDDEN'],
      ['admin', 'approveJobPosting', draft.id, 'FORBIDDEN'],
      ['person', 'closeJobPosting', post.id, 'FORBIDDEN'],
      ['otherStaff', 'closeJobPosting', post.id, 'FORBIDDEN'],
      ['analyst', 'withdrawJobPosting', post.id, 'FORBIDDEN'],
      // Enterprise B sees the published posting but may not act on it; A's draft does not exist for B.
      ['enterpriseB', 'closeJobPosting', post.id, 'FORBIDDEN'],
      ['enterpriseB', 'submitJobPosting', draft.id, 'NOT_FOUND'],
      ['enterpriseB', 'withdrawJobPosting', draft.id, 'NOT_FOUND'],
      // 人社局 does not act on a draft (it is the enterprise's), nor submit for the enterprise.
      ['countyClerk', 'submitJobPosting', draft.id, 'FORBIDDEN'],
    ];
    for (const [role, step, id, code] of cases) {
      const res = step === 'createJobPosting' ? await create(t[role]) : await act(t[role], step, id);
      expect(res.errors?.[0]?.extensions?.code, `${role} ${step}`).toBe(code);
    }
    // A 郏县 clerk finds nothing pending in 叶县.
    const jiaxian = await tokenFor({ sub: 'hrss-jx', role: 'staff', dept: 'hrss', county: '410425' });
    ok(await act(t.enterpriseA, 'submitJobPosting', draft.id));
    expectError(await act(jiaxian, 'approveJobPosting', draft.id), 'NOT_FOUND');
    expectError(await act(jiaxian, 'closeJobPosting', post.id), 'FORBIDDEN');
    const [row] = await conn.select().from(jobPostings).where(eq(jobPostings.id, draft.id));
    expect(row!.status).toBe('PENDING_REVIEW');
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const cases: Array<[string | undefined, Record<string, unknown>, string]> = [
      [t.enterpriseA, { ...valid, title: 'x' }, 'input.title'],
      [t.enterpriseA, { ...valid, salaryMax: 1000 }, 'input.salaryMax'],
      [t.enterpriseA, { ...valid, headcount: 0 }, 'input.headcount'],
      [t.enterpriseA, { ...valid, contactPhone: '12345' }, 'input.contactPhone'],
      [t.enterpriseA, { ...valid, countyCode: '110101' }, 'input.countyCode'],
      [t.enterpriseA, { ...valid, expiresOn: '2020-01-01' }, 'input.expiresOn'],
      [await tokenFor({ sub: 'c', role: 'enterprise', enterprise: CITY_LEVEL_CODE }), valid, 'input.countyCode'],
    ];
    const before = (await conn.select().from(jobPostings)).length;
    for (const [token, input, field] of cases) expectError(await create(token, input), 'BAD_USER_INPUT', field);
    expect((await conn.select().from(jobPostings)).length).toBe(before);
    expectError(await act(t.enterpriseA, 'submitJobPosting', 'not-an-id'), 'BAD_USER_INPUT', 'id');
    expectError(
      await act(t.enterpriseA, 'reopenJobPosting', (await published('装卸工')).id, { expiresOn: '2020-01-01' }),
      'BAD_USER_INPUT',
      'expiresOn',
    );
    expect(B.countyCode).toBe('410425');
  });
});
