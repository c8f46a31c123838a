/**
 * Applications (应聘) through GraphQL: a person applies to a published posting; the posting enterprise sees its
 * applicants and answers (shortlist, invite to an interview, reject, hire), each step recorded and told to the person;
 * the person sees its applications and withdraws; personal data in clear for the applicant, the enterprise and 人社局
 * only; each refused actor.
 */
import type { Database } from '@qq/db/client';
import { outbox } from '@qq/db/schema/talent';
import { addDays, chinaDay } from '@qq/kit';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { asc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, makePosting, tokens, type PostingRow, type RoleName, type Tokens } from './fixtures.ts';
import { expectError, ok, runner, type Json } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Tokens;
let person2: string;
let jiaxianClerk: string;
let open: PostingRow;
const run = runner(() => server);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  t = await tokens();
  person2 = await tokenFor({ sub: 'person-2', role: 'person' });
  jiaxianClerk = await tokenFor({ sub: 'hrss-jx', role: 'staff', dept: 'hrss', county: '410425' });
  server = createServer({ db: await db.connectAs('talent') });
  await server.start();
  open = await makePosting(conn, {
    enterpriseCode: A.creditCode,
    countyCode: '410422',
    status: 'PUBLISHED',
    title: '数控车床操作工',
    expiresOn: addDays(chinaDay(new Date()), 30),
  });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const FIELDS = `id status postingTitle name phone resume education yearsOfExperience submittedAt answeredAt
  shortlistedAt invitedAt interviewAt interviewPlace rejectedAt rejectionReason hiredAt withdrawnAt
  enterprise { creditCode } county { code } jobPosting { id } availableActions
  events { action fromStatus toStatus actorRole note }`;

const application = {
  name: '王小明',
  phone: '13700001234',
  education: 'JUNIOR_COLLEGE',
  yearsOfExperience: 3,
  resume: '三年数控车床操作经验，持中级车工证，能看懂机械图纸。',
};

function apply(token: string | undefined, jobPostingId: string, input: Record<string, unknown> = application) {
  return run(
    token,
    `mutation($input: SubmitJobApplicationInput!) { submitJobApplication(input: $input) { ${FIELDS} } }`,
    { input: { jobPostingId, ...input } },
  );
}

function answer(token: string | undefined, step: string, id: string, args = '') {
  return run(token, `mutation($id: ID!) { ${step}(id: $id${args}) { ${FIELDS} } }`, { id });
}

async function sent(id: string) {
  return conn
    .select()
    .from(outbox)
    .where(like(outbox.idempotencyKey, `%:${id}:%`))
    .orderBy(asc(outbox.id));
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

describe('applying and answering', () => {
  let mine: Json;

  it('lets a person apply to a published posting: recorded, the enterprise told, the person told by SMS', async () => {
    mine = ok(await apply(t.person, open.id)).submitJobApplication;
    expect(mine).toMatchObject({
      status: 'SUBMITTED',
      postingTitle: '数控车床操作工',
      name: '王小明',
      phone: '13700001234',
      enterprise: { creditCode: A.creditCode },
      county: { code: '410422' },
      jobPosting: { id: open.id },
      answeredAt: null,
      availableActions: ['WITHDRAW'],
      events: [{ action: 'SUBMIT', fromStatus: null, toStatus: 'SUBMITTED', actorRole: 'person' }],
    });
    const messages = await sent(mine.id);
    expect(messages.map((m) => [m.topic, m.channel])).toEqual([
      ['jobApplication.received', 'inbox'],
      ['jobApplication.submitted', 'inbox'],
      ['jobApplication.submitted', 'sms'],
    ]);
    expect(messages[0]!.payload).toMatchObject({ to: { enterprise: A.creditCode } });
    expect(messages[1]!.payload).toMatchObject({ to: { user: 'person-1' } });
    expect(messages[2]!.payload).toMatchObject({ phone: '13700001234' });
    // Once only while it is open.
    expectError(await apply(t.person, open.id), 'CONFLICT');
    const own = ok(
      await run(t.person, `query($id: ID!) { jobPosting(id: $id) { myApplication { id status } } }`, { id: open.id }),
    );
    expect(own.jobPosting.myApplication).toEqual({ id: mine.id, status: 'SUBMITTED' });
  });

  it('shows the enterprise its applicants in clear, and lets it shortlist, invite and hire, telling the person', async () => {
    const list = ok(
      await run(
        t.enterpriseA,
        `query($id: ID!) { jobPosting(id: $id) { applications { totalCount nodes { id name phone resume availableActions } } } }`,
        { id: open.id },
      ),
    ).jobPosting.applications;
    expect(list).toEqual({
      totalCount: 1,
      nodes: [
        {
          id: mine.id,
          name: '王小明',
          phone: '13700001234',
          resume: application.resume,
          availableActions: ['SHORTLIST', 'INVITE', 'REJECT', 'HIRE'],
        },
      ],
    });
    const shortlisted = ok(await answer(t.enterpriseA, 'shortlistJobApplication', mine.id)).shortlistJobApplication;
    expect(shortlisted.status).toBe('SHORTLISTED');
    expect(shortlisted.answeredAt).toBe(shortlisted.shortlistedAt);
    expectError(await answer(t.enterpriseA, 'shortlistJobApplication', mine.id), 'CONFLICT');
    const at = tomorrow();
    const invited = ok(
      await run(
        t.enterpriseA,
        `mutation($id: ID!, $at: String!) { inviteJobApplication(id: $id, interviewAt: $at, place: "叶县产业集聚区3号楼") { ${FIELDS} } }`,
        { id: mine.id, at },
      ),
    ).inviteJobApplication;
    expect(invited).toMatchObject({ status: 'INTERVIEW', interviewAt: at, interviewPlace: '叶县产业集聚区3号楼' });
    // The first answer is the one the evaluation counts.
    expect(invited.answeredAt).toBe(shortlisted.answeredAt);
    const hired = ok(await answer(t.enterpriseA, 'hireJobApplication', mine.id)).hireJobApplication;
    expect(hired).toMatchObject({ status: 'HIRED', availableActions: [] });
    expect(hired.events.map((e: Json) => e.action)).toEqual(['SUBMIT', 'SHORTLIST', 'INVITE', 'HIRE']);
    const sms = (await sent(mine.id)).filter((m) => m.channel === 'sms').map((m) => m.topic);
    expect(sms).toEqual([
      'jobApplication.submitted',
      'jobApplication.shortlisted',
      'jobApplication.invited',
      'jobApplication.hired',
    ]);
    const invitedText = (await sent(mine.id)).find((m) => m.topic === 'jobApplication.invited')!.payload;
    expect(invitedText).toMatchObject({ text: expect.stringContaining('叶县产业集聚区3号楼') });
  });

  it('lets the enterprise decline with a reason, and the person withdraw an open application', async () => {
    const declined = ok(
      await apply(person2, open.id, { ...application, name: '李华', phone: '13800002222' }),
    ).submitJobApplication;
    const rejected = ok(
      await answer(t.enterpriseA, 'rejectJobApplication', declined.id, ', reason: "岗位要求三年以上经验"'),
    ).rejectJobApplication;
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: '岗位要求三年以上经验' });
    expect(rejected.answeredAt).not.toBeNull();
    expectError(await answer(person2, 'withdrawJobApplication', declined.id), 'CONFLICT');

    const other = await makePosting(conn, {
      enterpriseCode: A.creditCode,
      countyCode: '410422',
      status: 'PUBLISHED',
      title: '质检员',
      expiresOn: addDays(chinaDay(new Date()), 30),
    });
    const applied = ok(await apply(person2, other.id)).submitJobApplication;
    const withdrawn = ok(await answer(person2, 'withdrawJobApplication', applied.id)).withdrawJobApplication;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', availableActions: [], answeredAt: null });
    expect((await sent(applied.id)).at(-1)).toMatchObject({ topic: 'jobApplication.withdrawn' });
    // A withdrawn application does not stop a new one.
    expect(ok(await apply(person2, other.id)).submitJobApplication.status).toBe('SUBMITTED');
    const listed = ok(await run(person2, `{ jobApplications { totalCount nodes { postingTitle status } } }`));
    expect(listed.jobApplications.totalCount).toBe(3);
    expect(listed.jobApplications.nodes.map((n: Json) => n.status)).toEqual(['SUBMITTED', 'WITHDRAWN', 'REJECTED']);
  });
});

describe('who sees applicants', () => {
  it('gives personal data to the applicant, the enterprise and 人社局, masked to admins and analysts', async () => {
    const q = `{ jobApplications(filter: { status: HIRED }) { totalCount nodes { name phone resume } } }`;
    const clear = { totalCount: 1, nodes: [{ name: '王小明', phone: '13700001234', resume: application.resume }] };
    for (const role of ['person', 'enterpriseA', 'countyClerk', 'cityStaff'] as RoleName[]) {
      expect(ok(await run(t[role], q)).jobApplications, role).toEqual(clear);
    }
    const masked = { totalCount: 1, nodes: [{ name: '王**', phone: '137****1234', resume: null }] };
    for (const role of ['analyst', 'admin'] as RoleName[]) {
      expect(ok(await run(t[role], q)).jobApplications, role).toEqual(masked);
    }
    for (const token of [t.enterpriseB, t.otherStaff, jiaxianClerk, person2]) {
      expect(ok(await run(token, q)).jobApplications.totalCount).toBe(0);
    }
    expectError(await run(undefined, q), 'UNAUTHENTICATED');
    // Another enterprise sees the published posting, not its applicants; the rest of the posting stands.
    const res = await run(
      t.enterpriseB,
      `query($id: ID!) { jobPosting(id: $id) { title applications { totalCount } } }`,
      {
        id: open.id,
      },
    );
    expectError(res, 'FORBIDDEN');
    expect(res.data.jobPosting).toEqual({ title: '数控车床操作工', applications: null });
  });

  it('refuses each caller who may not take a step', async () => {
    const fresh = await makePosting(conn, {
      enterpriseCode: A.creditCode,
      countyCode: '410422',
      status: 'PUBLISHED',
      title: '焊工',
      expiresOn: addDays(chinaDay(new Date()), 30),
    });
    const app = ok(await apply(t.person, fresh.id)).submitJobApplication;
    const cases: Array<[string | undefined, string, string]> = [
      [undefined, 'shortlistJobApplication', 'UNAUTHENTICATED'],
      [t.person, 'shortlistJobApplication', 'FORBIDDEN'],
      [t.countyClerk, 'hireJobApplication', 'FORBIDDEN'],
      [t.analyst, 'rejectJobApplication', 'FORBIDDEN'],
      [t.enterpriseB, 'hireJobApplication', 'NOT_FOUND'],
      [person2, 'withdrawJobApplication', 'NOT_FOUND'],
      [t.enterpriseA, 'withdrawJobApplication', 'FORBIDDEN'],
    ];
    for (const [token, step, code] of cases) {
      expect((await answer(token, step, app.id)).errors?.[0]?.extensions?.code, step).toBe(code);
    }
    for (const role of ['enterpriseA', 'countyClerk', 'analyst'] as RoleName[]) {
      expectError(await apply(t[role], fresh.id), 'FORBIDDEN');
    }
    expectError(await apply(undefined, fresh.id), 'UNAUTHENTICATED');
  });

  it('refuses postings that are not open, and bad input naming the field', async () => {
    const today = chinaDay(new Date());
    const pending = await makePosting(conn, {
      enterpriseCode: A.creditCode,
      countyCode: '410422',
      status: 'PENDING_REVIEW',
    });
    const closed = await makePosting(conn, { enterpriseCode: A.creditCode, countyCode: '410422', status: 'CLOSED' });
    const past = await makePosting(conn, {
      enterpriseCode: A.creditCode,
      countyCode: '410422',
      status: 'PUBLISHED',
      expiresOn: addDays(today, -1),
    });
    expectError(await apply(person2, pending.id), 'NOT_FOUND');
    expectError(await apply(person2, closed.id), 'NOT_FOUND');
    expectError(await apply(person2, past.id), 'CONFLICT');
    expectError(
      await apply(person2, open.id, { ...application, phone: '0375-1234567' }),
      'BAD_USER_INPUT',
      'input.phone',
    );
    expectError(await apply(person2, open.id, { ...application, resume: '短' }), 'BAD_USER_INPUT', 'input.resume');
    expectError(await apply(person2, 'nope'), 'BAD_USER_INPUT', 'input.jobPostingId');
    const app = ok(await run(t.enterpriseA, `{ jobApplications(filter: { status: SUBMITTED }) { nodes { id } } }`))
      .jobApplications.nodes[0].id;
    expectError(
      await run(
        t.enterpriseA,
        `mutation($id: ID!) { inviteJobApplication(id: $id, interviewAt: "2020-01-01T09:00:00+08:00", place: "会议室") { id } }`,
        { id: app },
      ),
      'BAD_USER_INPUT',
      'interviewAt',
    );
  });
});
