/** The posting review workflow: submission by an enterprise, review by 人社局, events and outbox, validation. */
import type { Database } from '@qq/db/client';
import { jobPostingEvents, jobPostings, outbox } from '@qq/db/schema/talent';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, CITY_LEVEL_CODE, tokens, type Tokens } from './fixtures.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Tokens;

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

const SUBMIT = `mutation($input: SubmitJobPostingInput!) {
  submitJobPosting(input: $input) {
    id title category headcount salaryMin salaryMax education status publishedAt submittedAt
    contactName contactPhone enterprise { creditCode } county { code } department { code }
    events { action fromStatus toStatus actorRole }
  }
}`;
const REVIEW = `mutation($id: ID!, $approve: Boolean!, $reason: String) {
  reviewJobPosting(id: $id, approve: $approve, reason: $reason) {
    id status publishedAt reviewedAt rejectionReason events { action fromStatus toStatus actorRole note }
  }
}`;

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

type Posting = {
  id: string;
  status: string;
  publishedAt: string | null;
  reviewedAt: string | null;
  rejectionReason: string | null;
  county: { code: string };
  events: Array<Record<string, unknown>>;
};

async function submit(token: string | undefined, input: Record<string, unknown>) {
  return execute<{ submitJobPosting: Posting }>(server, SUBMIT, { token, variables: { input } });
}

async function review(token: string | undefined, id: string, approve: boolean, reason?: string) {
  return execute<{ reviewJobPosting: Posting }>(server, REVIEW, { token, variables: { id, approve, reason } });
}

async function counts() {
  const [p] = await conn.select({ n: count() }).from(jobPostings);
  const [e] = await conn.select({ n: count() }).from(jobPostingEvents);
  const [o] = await conn.select({ n: count() }).from(outbox);
  return { postings: Number(p!.n), events: Number(e!.n), outbox: Number(o!.n) };
}

describe('submitJobPosting', () => {
  it('creates a pending posting of the caller enterprise in its county, with its event and the reviewers notified', async () => {
    const res = await submit(t.enterpriseA, valid);
    expect(res.errors).toBeUndefined();
    const posting = res.data!.submitJobPosting;
    expect(posting).toMatchObject({
      title: '数控车床操作工',
      category: 'MANUFACTURING',
      headcount: 4,
      salaryMin: 4500,
      salaryMax: 7000,
      education: 'HIGH_SCHOOL',
      status: 'PENDING_REVIEW',
      publishedAt: null,
      contactName: '李红梅',
      contactPhone: '13987654321',
      enterprise: { creditCode: A.creditCode },
      county: { code: '410422' },
      department: { code: 'hrss' },
      events: [{ action: 'submit', fromStatus: null, toStatus: 'PENDING_REVIEW', actorRole: 'enterprise' }],
    });
    const messages = await conn
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `jobposting.pending:${posting.id}`));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      topic: 'notify.jobposting.pending',
      payload: {
        postingId: posting.id,
        enterpriseCode: A.creditCode,
        recipients: { departmentCode: 'hrss', countyCode: '410422' },
      },
    });
    // Not public yet, but the reviewers of 叶县 and the enterprise see it.
    const anon = await execute(server, `query($id: ID!) { jobPosting(id: $id) { id } }`, {
      variables: { id: posting.id },
    });
    expect(anon).toEqual({ data: { jobPosting: null } });
    const clerk = await execute(server, `query($id: ID!) { jobPosting(id: $id) { status } }`, {
      token: t.countyClerk,
      variables: { id: posting.id },
    });
    expect(clerk.data?.jobPosting).toEqual({ status: 'PENDING_REVIEW' });
  });

  it('takes the county from the input when given', async () => {
    const res = await submit(t.enterpriseB, { ...valid, title: '仓库管理员', countyCode: '410471' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitJobPosting.county).toEqual({ code: '410471' });
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await counts();
    const cityLevel = await tokenFor({ sub: 'ent-city', role: 'enterprise', enterprise: CITY_LEVEL_CODE });
    const cases: Array<[string | undefined, Record<string, unknown>, string]> = [
      [t.enterpriseA, { ...valid, title: ' 工 ' }, 'input.title'],
      [t.enterpriseA, { ...valid, headcount: 0 }, 'input.headcount'],
      [t.enterpriseA, { ...valid, salaryMin: 0 }, 'input.salaryMin'],
      [t.enterpriseA, { ...valid, salaryMin: 8000, salaryMax: 6000 }, 'input.salaryMax'],
      [t.enterpriseA, { ...valid, description: '太短' }, 'input.description'],
      [t.enterpriseA, { ...valid, contactName: '' }, 'input.contactName'],
      [t.enterpriseA, { ...valid, contactPhone: '12345' }, 'input.contactPhone'],
      [t.enterpriseA, { ...valid, countyCode: '410400' }, 'input.countyCode'],
      [cityLevel, valid, 'input.countyCode'],
    ];
    for (const [token, input, field] of cases) {
      const res = await submit(token, input);
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.data ?? null).toBeNull();
    }
    expect(await counts()).toEqual(before);
  });
});

describe('reviewJobPosting', () => {
  it('lets a 叶县 clerk publish a 叶县 posting, recording the event and notifying the enterprise', async () => {
    const created = (await submit(t.enterpriseA, { ...valid, title: '质检员' })).data!.submitJobPosting;
    const res = await review(t.countyClerk, created.id, true);
    expect(res.errors).toBeUndefined();
    const reviewed = res.data!.reviewJobPosting;
    expect(reviewed).toMatchObject({ id: created.id, status: 'PUBLISHED', rejectionReason: null });
    expect(reviewed.publishedAt).toBe(reviewed.reviewedAt);
    expect(Date.parse(reviewed.publishedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(reviewed.events).toEqual([
      { action: 'submit', fromStatus: null, toStatus: 'PENDING_REVIEW', actorRole: 'enterprise', note: null },
      { action: 'approve', fromStatus: 'PENDING_REVIEW', toStatus: 'PUBLISHED', actorRole: 'staff', note: null },
    ]);
    const events = await conn
      .select()
      .from(jobPostingEvents)
      .where(eq(jobPostingEvents.subjectId, created.id))
      .orderBy(asc(jobPostingEvents.id));
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['submit', 'ent-a'],
      ['approve', 'hrss-yexian'],
    ]);
    const [message] = await conn
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `jobposting.reviewed:${created.id}:PUBLISHED`));
    expect(message).toMatchObject({
      topic: 'notify.jobposting.reviewed',
      payload: { status: 'PUBLISHED', recipients: { enterpriseCode: A.creditCode } },
    });
    // Now public.
    const anon = await execute(server, `query($id: ID!) { jobPosting(id: $id) { status } }`, {
      variables: { id: created.id },
    });
    expect(anon).toEqual({ data: { jobPosting: { status: 'PUBLISHED' } } });
  });

  it('lets city-wide 人社局 staff reject a 郏县 posting with a reason; a second review is a CONFLICT', async () => {
    const created = (await submit(t.enterpriseB, { ...valid, title: '陶瓷成型工' })).data!.submitJobPosting;
    expect(created.county).toEqual({ code: '410425' });

    const noReason = await review(t.cityStaff, created.id, false);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });

    const clerk = await review(t.countyClerk, created.id, false, '不在本县');
    expect(clerk.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const res = await review(t.cityStaff, created.id, false, '岗位描述含有年龄歧视性表述，请修改。');
    expect(res.errors).toBeUndefined();
    expect(res.data!.reviewJobPosting).toMatchObject({
      status: 'REJECTED',
      publishedAt: null,
      rejectionReason: '岗位描述含有年龄歧视性表述，请修改。',
    });
    expect(res.data!.reviewJobPosting.events.at(-1)).toEqual({
      action: 'reject',
      fromStatus: 'PENDING_REVIEW',
      toStatus: 'REJECTED',
      actorRole: 'staff',
      note: '岗位描述含有年龄歧视性表述，请修改。',
    });

    const before = await counts();
    const again = await review(t.cityStaff, created.id, true);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'REJECTED', action: 'approve' });
    expect(await counts()).toEqual(before);

    // The enterprise sees the reason; another enterprise does not see the posting at all.
    const owner = await execute(server, `query($id: ID!) { jobPosting(id: $id) { status rejectionReason } }`, {
      token: t.enterpriseB,
      variables: { id: created.id },
    });
    expect(owner.data?.jobPosting).toEqual({
      status: 'REJECTED',
      rejectionReason: '岗位描述含有年龄歧视性表述，请修改。',
    });
    const other = await execute(server, `query($id: ID!) { jobPosting(id: $id) { id } }`, {
      token: t.enterpriseA,
      variables: { id: created.id },
    });
    expect(other).toEqual({ data: { jobPosting: null } });
  });

  it('refuses a malformed id, an overlong reason and an unknown posting', async () => {
    const bad = await review(t.cityStaff, 'abc', true);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const created = (await submit(t.enterpriseA, { ...valid, title: '设备维修电工' })).data!.submitJobPosting;
    const long = await review(t.cityStaff, created.id, false, '原'.repeat(501));
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const missing = await review(t.cityStaff, '00000000-0000-4000-8000-000000000000', true);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [row] = await conn.select().from(jobPostings).where(eq(jobPostings.id, created.id));
    expect(row!.status).toBe('PENDING_REVIEW');
  });

  it('is refused to enterprises, other departments, analysts and admins', async () => {
    const created = (await submit(t.enterpriseA, { ...valid, title: '叉车司机' })).data!.submitJobPosting;
    for (const role of ['enterpriseA', 'otherStaff', 'analyst', 'admin', 'person'] as const) {
      const res = await review(t[role], created.id, true);
      expect(res.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    const anon = await review(undefined, created.id, true);
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const [row] = await conn.select().from(jobPostings).where(eq(jobPostings.id, created.id));
    expect(row!.status).toBe('PENDING_REVIEW');
  });
});
