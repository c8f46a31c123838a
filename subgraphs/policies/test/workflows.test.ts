/**
 * The two workflows step by step through GraphQL: publishing with review (谁发布，谁审核) and the 24-hour clock,
 * redemption from 申报 to 公示 with materials, and the scheduled checks; each refused transition (CONFLICT) and each
 * refused actor (FORBIDDEN).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@qq/db/client';
import { jobRuns, outbox, policies, redemptionApplications } from '@qq/db/schema/policies';
import { runJobOnce } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { and, eq } from 'drizzle-orm';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createServer,
  expirePolicies,
  flagOverdueApplications,
  LocalMaterialStorage,
  remindPublishDeadline,
  setMaterialStorage,
} from '../src/index.ts';
import { A, B, factories } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let folder: string;
const t = {} as Record<
  'author' | 'reviewer' | 'selfReviewer' | 'otherDept' | 'otherCounty' | 'entA' | 'entB' | 'clerk',
  string
>;

const HOUR = 3600_000;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('营业执照副本 测试内容'.repeat(20))]);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  folder = await mkdtemp(join(tmpdir(), 'qq-materials-'));
  setMaterialStorage(new LocalMaterialStorage(folder));
  const staff = (sub: string, perms: string[] = [], dept = 'miit', county = '410422') =>
    tokenFor({ sub, role: 'staff', dept: dept as 'miit', county, perms });
  t.author = await staff('miit-ye-author', ['policy:review']);
  t.reviewer = await staff('miit-ye-reviewer', ['policy:review']);
  t.selfReviewer = t.author;
  t.otherDept = await staff('hrss-ye-reviewer', ['policy:review'], 'hrss');
  t.otherCounty = await staff('miit-jia-reviewer', ['policy:review'], 'miit', '410425');
  t.clerk = await staff('miit-ye-clerk');
  t.entA = await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: A });
  t.entB = await tokenFor({ sub: 'ent-b', role: 'enterprise', enterprise: B });
});
afterAll(async () => {
  setMaterialStorage(null);
  await server?.stop();
  await db?.close();
  await rm(folder, { recursive: true, force: true });
});

async function gql<T = Record<string, unknown>>(token: string | undefined, query: string, variables = {}) {
  return execute<T>(server, query, { token, variables });
}
const code = (r: GraphQLResult) => r.errors?.[0]?.extensions?.code ?? 'ok';
function ok<T>(r: GraphQLResult<T>): T {
  expect(r.errors).toBeUndefined();
  return r.data!;
}

const POLICY = `id status version publishedAt publishedLate publishedWithinDeadline lateMinutes sendBackReason
  availableActions events { action fromStatus toStatus actor note } versions { version title note items { name } }`;

function draftInput(over: Record<string, unknown> = {}) {
  return {
    title: '叶县支持企业研发创新若干措施',
    documentNumber: '叶政〔2026〕8号',
    summary: '对研发投入增长的企业给予奖励。',
    body: '第一条 对年度研发费用增长的规上工业企业给予补贴。',
    industries: ['C'],
    scales: ['SMALL', 'MEDIUM'],
    tags: ['研发'],
    issuedAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    redemptionItems: [
      {
        name: '研发费用增长奖励',
        guide: '按研发费用增量的10%给予奖励。',
        requiredMaterials: ['营业执照副本', '研发费用专项审计报告'],
        timeLimitDays: 10,
        maxAmount: 300000,
      },
    ],
    ...over,
  };
}

async function draft(over: Record<string, unknown> = {}, token = t.author) {
  const r = await gql<{ createPolicyDraft: { id: string } }>(
    token,
    `mutation($input: CreatePolicyDraftInput!) { createPolicyDraft(input: $input) { id } }`,
    { input: draftInput(over) },
  );
  return ok(r).createPolicyDraft.id;
}

const step = (mutation: string, withInput = false) =>
  withInput
    ? `mutation($id: ID!, $input: PolicyReasonInput!) { ${mutation}(id: $id, input: $input) { ${POLICY} } }`
    : `mutation($id: ID!) { ${mutation}(id: $id) { ${POLICY} } }`;

describe('publishing (谁发布，谁审核)', () => {
  it('goes draft → review → sent back → revised (v2, v1 kept) → review → published on time', async () => {
    const id = await draft();
    const submitted = ok(await gql(t.author, step('submitPolicyForReview'), { id })) as Record<string, never>;
    expect(submitted.submitPolicyForReview).toMatchObject({ status: 'PENDING_REVIEW' });
    // The author, even holding policy:review, may not approve their own policy.
    expect(code(await gql(t.selfReviewer, step('publishPolicy'), { id }))).toBe('FORBIDDEN');
    expect(code(await gql(t.clerk, step('publishPolicy'), { id }))).toBe('FORBIDDEN');
    // Another department does not see the draft at all; another county neither.
    expect(code(await gql(t.otherDept, step('publishPolicy'), { id }))).toBe('NOT_FOUND');
    expect(code(await gql(t.otherCounty, step('publishPolicy'), { id }))).toBe('NOT_FOUND');
    // A reason is required to send back.
    const noReason = await gql(t.reviewer, step('rejectPolicy', true), { id, input: { reason: '' } });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const rejected = ok(
      await gql<{ rejectPolicy: Record<string, unknown> }>(t.reviewer, step('rejectPolicy', true), {
        id,
        input: { reason: '补充申报条件' },
      }),
    ).rejectPolicy;
    expect(rejected).toMatchObject({ status: 'DRAFT', sendBackReason: '补充申报条件' });
    expect(code(await gql(t.reviewer, step('publishPolicy'), { id }))).toBe('CONFLICT');
    const revised = ok(
      await gql<{ revisePolicy: Record<string, unknown> }>(
        t.author,
        `mutation($id: ID!, $input: RevisePolicyInput!) { revisePolicy(id: $id, input: $input) { ${POLICY} } }`,
        {
          id,
          input: (({ issuedAt: _issuedAt, ...rest }) => rest)(
            draftInput({ title: '叶县支持企业研发创新若干措施（修订）', note: '已补充申报条件' }),
          ),
        },
      ),
    ).revisePolicy;
    expect(revised).toMatchObject({
      version: 2,
      versions: [
        { version: 1, title: '叶县支持企业研发创新若干措施', note: null },
        { version: 2, title: '叶县支持企业研发创新若干措施（修订）', note: '已补充申报条件' },
      ],
    });
    ok(await gql(t.author, step('submitPolicyForReview'), { id }));
    const published = ok(
      await gql<{ publishPolicy: Record<string, unknown> }>(t.reviewer, step('publishPolicy'), { id }),
    ).publishPolicy;
    expect(published).toMatchObject({
      status: 'PUBLISHED',
      version: 2,
      publishedLate: false,
      publishedWithinDeadline: true,
      lateMinutes: 0,
      availableActions: ['WITHDRAW', 'EXPIRE'],
    });
    expect((published.events as Array<{ action: string }>).map((e) => e.action)).toEqual([
      'CREATE',
      'SUBMIT',
      'REJECT',
      'REVISE',
      'SUBMIT',
      'PUBLISH',
    ]);
    expect(code(await gql(t.reviewer, step('publishPolicy'), { id }))).toBe('CONFLICT');
    expect(code(await gql(t.reviewer, step('submitPolicyForReview'), { id }))).toBe('CONFLICT');
    // Anonymous callers read the published policy and its versions, not its events.
    const pub = await gql(
      undefined,
      `query($id: ID!) { policy(id: $id) { status events { action } versions { version } } }`,
      {
        id,
      },
    );
    expect(pub.data).toEqual({
      policy: { status: 'PUBLISHED', events: null, versions: [{ version: 1 }, { version: 2 }] },
    });
    // The department's reviewers were told of each submission.
    const told = await conn.select().from(outbox).where(eq(outbox.topic, 'policy.submitted'));
    expect(told.map((m) => m.payload.to)).toEqual([
      { dept: 'miit', county: '410422' },
      { dept: 'miit', county: '410422' },
    ]);
  });

  it('records a late publication and by how much, lists late drafts, and reminds before the deadline', async () => {
    const late = await draft({
      title: '叶县逾期发布测试政策',
      issuedAt: new Date(Date.now() - 30 * HOUR).toISOString(),
    });
    const soon = await draft({
      title: '叶县即将逾期测试政策',
      issuedAt: new Date(Date.now() - 21 * HOUR).toISOString(),
    });
    const list = await gql<{ latePolicyDrafts: { nodes: Array<{ id: string }> } }>(
      t.clerk,
      `{ latePolicyDrafts(first: 50) { totalCount nodes { id title } } }`,
    );
    expect(ok(list).latePolicyDrafts.nodes.map((n) => n.id)).toContain(late);
    expect(ok(list).latePolicyDrafts.nodes.map((n) => n.id)).not.toContain(soon);
    expect(code(await gql(t.entA, `{ latePolicyDrafts { totalCount } }`))).toBe('FORBIDDEN');
    const other = await gql<{ latePolicyDrafts: { nodes: unknown[] } }>(
      t.otherDept,
      `{ latePolicyDrafts { nodes { id } } }`,
    );
    expect(ok(other).latePolicyDrafts.nodes).toEqual([]);

    const now = new Date();
    const run1 = await runJobOnce(conn, jobRuns, remindPublishDeadline, now);
    expect(run1.result).toMatchObject({ reminded: 1 });
    const again = await runJobOnce(conn, jobRuns, remindPublishDeadline, new Date(now.getTime() + 10 * 60_000));
    expect(again.result).toMatchObject({ reminded: 0 });
    const reminders = await conn.select().from(outbox).where(eq(outbox.topic, 'policy.publishDue'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      idempotencyKey: `policy.publishDue:inbox:${soon}`,
      payload: { to: { dept: 'miit', county: '410422' }, data: { policyId: soon } },
    });

    ok(await gql(t.author, step('submitPolicyForReview'), { id: late }));
    const published = ok(
      await gql<{ publishPolicy: Record<string, number> }>(t.reviewer, step('publishPolicy'), { id: late }),
    ).publishPolicy;
    expect(published).toMatchObject({ publishedLate: true, publishedWithinDeadline: false });
    expect(published.lateMinutes).toBeGreaterThanOrEqual(6 * 60 - 1);
    expect(published.lateMinutes).toBeLessThanOrEqual(6 * 60 + 2);
  });

  it('withdraws with a reason, expires by the validity date (job) or early, and refuses other callers', async () => {
    const make = async (over: Record<string, unknown> = {}) => {
      const id = await draft(over);
      ok(await gql(t.author, step('submitPolicyForReview'), { id }));
      ok(await gql(t.reviewer, step('publishPolicy'), { id }));
      return id;
    };
    const w = await make();
    expect(code(await gql(t.clerk, step('withdrawPolicy', true), { id: w, input: { reason: '政策调整' } }))).toBe(
      'FORBIDDEN',
    );
    expect(code(await gql(t.otherDept, step('withdrawPolicy', true), { id: w, input: { reason: '政策调整' } }))).toBe(
      'FORBIDDEN',
    );
    const withdrawn = ok(
      await gql<{ withdrawPolicy: Record<string, unknown> }>(t.reviewer, step('withdrawPolicy', true), {
        id: w,
        input: { reason: '政策调整' },
      }),
    ).withdrawPolicy;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', availableActions: [] });
    expect(code(await gql(t.reviewer, step('withdrawPolicy', true), { id: w, input: { reason: '再次撤回' } }))).toBe(
      'CONFLICT',
    );
    // Withdrawn policies leave the public view.
    expect((await gql(undefined, `query($id: ID!) { policy(id: $id) { id } }`, { id: w })).data).toEqual({
      policy: null,
    });

    const e = await make({ validUntil: new Date(Date.now() + 2 * HOUR).toISOString() });
    const early = await make();
    const expiredNow = ok(
      await gql<{ expirePolicy: { status: string } }>(
        t.reviewer,
        `mutation($id: ID!) { expirePolicy(id: $id) { status } }`,
        { id: early },
      ),
    );
    expect(expiredNow.expirePolicy.status).toBe('EXPIRED');
    const before = await runJobOnce(conn, jobRuns, expirePolicies, new Date(Date.now() + HOUR));
    expect(before.result).toMatchObject({ expired: 0 });
    const after = await runJobOnce(conn, jobRuns, expirePolicies, new Date(Date.now() + 3 * HOUR));
    expect(after.result).toMatchObject({ expired: 1 });
    const row = await gql<{ policy: Record<string, unknown> }>(
      t.author,
      `query($id: ID!) { policy(id: $id) { status expiredAt events { action actor } } }`,
      { id: e },
    );
    expect(ok(row).policy).toMatchObject({
      status: 'EXPIRED',
      events: expect.arrayContaining([{ action: 'EXPIRE', actor: 'system' }]),
    });
    // Expired policies stay readable by everybody.
    expect((await gql(undefined, `query($id: ID!) { policy(id: $id) { status } }`, { id: e })).data).toEqual({
      policy: { status: 'EXPIRED' },
    });
  });
});

describe('redemption (申报 → 收件 → 受理 / 退回 → 办理 → 办结 → 公示)', () => {
  let itemId = '';
  let policyId = '';
  const APP = `id status round stepDueAt dueAt overdue result amountGranted refusalReason returnReason availableActions
    disclosureEndsAt events { action fromStatus toStatus note round materials { name fileId } }
    materials { name fileId file { fileName contentType sizeBytes sha256 } }`;
  const act = (m: string, input?: string) =>
    input
      ? `mutation($id: ID!, $input: ${input}) { ${m}(id: $id, input: $input) { ${APP} } }`
      : `mutation($id: ID!) { ${m}(id: $id) { ${APP} } }`;

  async function upload(
    token: string,
    fileName = '营业执照副本.pdf',
    bytes: Buffer = PDF,
    contentType = 'application/pdf',
  ) {
    return gql<{ uploadRedemptionMaterial: { id: string; sha256: string; sizeBytes: number } }>(
      token,
      `mutation($input: UploadRedemptionMaterialInput!) { uploadRedemptionMaterial(input: $input) { id fileName contentType sizeBytes sha256 } }`,
      { input: { fileName, contentType, contentBase64: bytes.toString('base64') } },
    );
  }

  beforeAll(async () => {
    policyId = await draft({ title: '叶县兑现流程测试政策' });
    ok(await gql(t.author, step('submitPolicyForReview'), { id: policyId }));
    ok(await gql(t.reviewer, step('publishPolicy'), { id: policyId }));
    const r = await gql<{ policy: { redemptionItems: Array<{ id: string }> } }>(
      undefined,
      `query($id: ID!) { policy(id: $id) { redemptionItems { id } } }`,
      { id: policyId },
    );
    itemId = ok(r).policy.redemptionItems[0]!.id;
  });

  it('uploads allowed files only, and lets only the handling staff download them', async () => {
    const good = ok(await upload(t.entA)).uploadRedemptionMaterial;
    expect(good.sizeBytes).toBe(PDF.length);
    expect(code(await upload(t.entA, 'a.exe', Buffer.from('MZ...'), 'application/x-msdownload'))).toBe(
      'BAD_USER_INPUT',
    );
    const liar = await upload(t.entA, 'fake.pdf', Buffer.from('not a pdf at all'));
    expect(liar.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.contentType' });
    const huge = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(10 * 1024 * 1024)]);
    expect(code(await upload(t.entA, 'huge.pdf', huge))).toBe('BAD_USER_INPUT');
    expect(code(await upload(t.clerk))).toBe('FORBIDDEN');
    expect(code(await upload(undefined as unknown as string))).toBe('UNAUTHENTICATED');
  });

  it('walks every step, with 一次性告知, a returned round, the SMS at 办结 once, and the public disclosure', async () => {
    const licence = ok(await upload(t.entA)).uploadRedemptionMaterial;
    const audit = ok(await upload(t.entA, '审计报告.pdf')).uploadRedemptionMaterial;
    const applyInput = (materials: Array<{ name: string; fileId: string }>) => ({
      itemId,
      projectName: '叶县测试科技2026年度研发费用增长奖励',
      amountRequested: 250000,
      materials,
      contactName: '王海燕',
      contactPhone: '15837560001',
    });
    const SUBMIT = `mutation($input: ApplyForRedemptionInput!) { submitRedemptionApplication(input: $input) { ${APP} } }`;
    // 一次性告知: both missing materials named at once.
    const missing = await gql(t.entA, SUBMIT, { input: applyInput([]) });
    expect(missing.errors?.[0]?.message).toContain('营业执照副本、研发费用专项审计报告');
    // Another enterprise's file is refused.
    const foreign = ok(await upload(t.entB)).uploadRedemptionMaterial;
    const stolen = await gql(t.entA, SUBMIT, {
      input: applyInput([
        { name: '营业执照副本', fileId: foreign.id },
        { name: '研发费用专项审计报告', fileId: audit.id },
      ]),
    });
    expect(stolen.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.materials.0.fileId' });

    const submitted = ok(
      await gql<{ submitRedemptionApplication: Record<string, unknown> & { id: string } }>(t.entA, SUBMIT, {
        input: applyInput([
          { name: '营业执照副本', fileId: licence.id },
          { name: '研发费用专项审计报告', fileId: audit.id },
        ]),
      }),
    ).submitRedemptionApplication;
    const id = submitted.id;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', round: 1, availableActions: [] });
    expect(submitted.materials).toMatchObject([{ file: { fileName: '营业执照副本.pdf', sha256: licence.sha256 } }, {}]);

    // Out of order: CONFLICT; wrong actor: FORBIDDEN; another county's staff: NOT_FOUND.
    expect(code(await gql(t.clerk, act('acceptRedemptionApplication'), { id }))).toBe('CONFLICT');
    expect(code(await gql(t.entA, act('receiveRedemptionApplication'), { id }))).toBe('FORBIDDEN');
    expect(code(await gql(t.otherCounty, act('receiveRedemptionApplication'), { id }))).toBe('NOT_FOUND');
    expect(code(await gql(t.entB, act('resubmitRedemptionApplication'), { id }))).toBe('NOT_FOUND');

    // Only the handling staff download the materials.
    const download = `query($a: ID!, $f: ID!) { redemptionMaterialContent(applicationId: $a, fileId: $f) { contentBase64 file { sha256 } } }`;
    const got = await gql<{ redemptionMaterialContent: { contentBase64: string } }>(t.clerk, download, {
      a: id,
      f: licence.id,
    });
    expect(Buffer.from(ok(got).redemptionMaterialContent.contentBase64, 'base64').equals(PDF)).toBe(true);
    expect(code(await gql(t.entA, download, { a: id, f: licence.id }))).toBe('FORBIDDEN');
    expect(code(await gql(t.otherDept, download, { a: id, f: licence.id }))).toBe('NOT_FOUND');
    expect(code(await gql(t.clerk, download, { a: id, f: foreign.id }))).toBe('NOT_FOUND');

    const received = ok(
      await gql<Record<string, Record<string, unknown>>>(t.clerk, act('receiveRedemptionApplication'), { id }),
    ).receiveRedemptionApplication!;
    expect(received).toMatchObject({ status: 'RECEIVED', availableActions: ['ACCEPT', 'RETURN'] });
    const noReason = await gql(t.clerk, act('returnRedemptionApplication', 'ReturnRedemptionApplicationInput!'), {
      id,
      input: { reason: ' ' },
    });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const returned = ok(
      await gql<Record<string, Record<string, unknown>>>(
        t.clerk,
        act('returnRedemptionApplication', 'ReturnRedemptionApplicationInput!'),
        { id, input: { reason: '审计报告缺少签章' } },
      ),
    ).returnRedemptionApplication!;
    expect(returned).toMatchObject({ status: 'RETURNED', returnReason: '审计报告缺少签章', stepDueAt: null });
    const audit2 = ok(await upload(t.entA, '审计报告（签章）.pdf')).uploadRedemptionMaterial;
    const resubmitted = ok(
      await gql<Record<string, Record<string, unknown>>>(
        t.entA,
        act('resubmitRedemptionApplication', 'ResubmitRedemptionApplicationInput'),
        {
          id,
          input: {
            materials: [
              { name: '营业执照副本', fileId: licence.id },
              { name: '研发费用专项审计报告', fileId: audit2.id },
            ],
            note: '已补充签章',
          },
        },
      ),
    ).resubmitRedemptionApplication!;
    expect(resubmitted).toMatchObject({ status: 'SUBMITTED', round: 2 });
    ok(await gql(t.clerk, act('receiveRedemptionApplication'), { id }));
    ok(await gql(t.clerk, act('acceptRedemptionApplication'), { id }));
    ok(await gql(t.clerk, act('processRedemptionApplication'), { id }));
    const COMPLETE = act('completeRedemptionApplication', 'CompleteRedemptionApplicationInput!');
    expect(code(await gql(t.clerk, COMPLETE, { id, input: { approved: true, amountGranted: 300001 } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await gql(t.clerk, COMPLETE, { id, input: { approved: false } }))).toBe('BAD_USER_INPUT');
    // Approving grants a positive amount in yuan and fen, as the 办业务 relay requires: nothing, or fractions of a fen,
    // are refused on the field and the application stays in 办理.
    for (const amountGranted of [0, 0.001, 1000.005]) {
      const refused = await gql(t.clerk, COMPLETE, { id, input: { approved: true, amountGranted } });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amountGranted' });
    }
    const stillProcessing = await conn.select().from(redemptionApplications).where(eq(redemptionApplications.id, id));
    expect(stillProcessing[0]).toMatchObject({ status: 'PROCESSING', amountGranted: null, result: null });
    const completed = ok(
      await gql<Record<string, Record<string, unknown>>>(t.clerk, COMPLETE, {
        id,
        input: { approved: true, amountGranted: 240000 },
      }),
    ).completeRedemptionApplication!;
    expect(completed).toMatchObject({ status: 'COMPLETED', result: 'APPROVED', amountGranted: 240000 });
    expect(code(await gql(t.clerk, COMPLETE, { id, input: { approved: true, amountGranted: 1 } }))).toBe('CONFLICT');
    const sms = await conn
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, 'redemption.completed'), eq(outbox.channel, 'sms')));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({
      idempotencyKey: `redemption.completed:sms:${id}:2`,
      payload: {
        phone: '15837560001',
        template: 'SMS_QQ_REDEMPTION_COMPLETED',
        text: '【鹰城亲清在线】您的项目“叶县测试科技2026年度研发费用增长奖励”已办结：准予兑现，兑现金额240000元。',
      },
    });
    const disclosed = ok(
      await gql<Record<string, Record<string, unknown>>>(t.clerk, act('discloseRedemptionApplication'), { id }),
    ).discloseRedemptionApplication!;
    expect(disclosed.status).toBe('DISCLOSED');
    expect(disclosed.disclosureEndsAt).not.toBeNull();
    const steps = (disclosed.events as Array<{ action: string; round: number; note: string | null }>).map(
      (e) => `${e.action}:${e.round}`,
    );
    expect(steps).toEqual([
      'SUBMIT:1',
      'RECEIVE:1',
      'RETURN:1',
      'RESUBMIT:2',
      'RECEIVE:2',
      'ACCEPT:2',
      'PROCESS:2',
      'COMPLETE:2',
      'DISCLOSE:2',
    ]);

    // Anyone finds it by a two-character part of the project name, without a token.
    const lookup = await gql(
      undefined,
      `{ redemptionDisclosures(projectName: "研发") { totalCount nodes { projectName result amountGranted policyTitle policyWithdrawn underDisclosure } } }`,
    );
    expect(ok(lookup)).toEqual({
      redemptionDisclosures: {
        totalCount: 1,
        nodes: [
          {
            projectName: '叶县测试科技2026年度研发费用增长奖励',
            result: 'APPROVED',
            amountGranted: 240000,
            policyTitle: '叶县兑现流程测试政策',
            policyWithdrawn: false,
            underDisclosure: true,
          },
        ],
      },
    });
  });

  it('flags overdue steps once and lists them for the department', async () => {
    const f1 = ok(await upload(t.entB)).uploadRedemptionMaterial.id;
    const f2 = ok(await upload(t.entB)).uploadRedemptionMaterial.id;
    const r = await gql<{ applyForRedemption: { id: string; stepDueAt: string } }>(
      t.entB,
      `mutation($input: ApplyForRedemptionInput!) { applyForRedemption(input: $input) { id stepDueAt } }`,
      {
        input: {
          itemId,
          projectName: '郏县测试超期项目',
          materials: [
            { name: '营业执照副本', fileId: f1 },
            { name: '研发费用专项审计报告', fileId: f2 },
          ],
          contactName: '赵磊',
          contactPhone: '13912345678',
        },
      },
    );
    const { id, stepDueAt } = ok(r).applyForRedemption;
    const late = new Date(Date.parse(stepDueAt) + 60_000);
    expect(
      (await runJobOnce(conn, jobRuns, flagOverdueApplications, new Date(Date.parse(stepDueAt) - 60_000))).result,
    ).toMatchObject({ flagged: 0 });
    expect((await runJobOnce(conn, jobRuns, flagOverdueApplications, late)).result).toMatchObject({ flagged: 1 });
    expect(
      (await runJobOnce(conn, jobRuns, flagOverdueApplications, new Date(late.getTime() + 600_000))).result,
    ).toMatchObject({ flagged: 0 });
    const list = await gql<{ redemptionApplications: { nodes: Array<{ id: string; overdue: boolean }> } }>(
      t.clerk,
      `{ redemptionApplications(filter: { overdue: true }) { totalCount nodes { id overdue } } }`,
    );
    expect(ok(list).redemptionApplications.nodes).toEqual([{ id, overdue: true }]);
    const told = await conn.select().from(outbox).where(eq(outbox.topic, 'redemption.overdue'));
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({ to: { dept: 'miit', county: '410422' } });
    // The next step clears the flag.
    const received = await gql<{ receiveRedemptionApplication: { overdue: boolean } }>(
      t.clerk,
      `mutation($id: ID!) { receiveRedemptionApplication(id: $id) { overdue } }`,
      { id },
    );
    expect(ok(received).receiveRedemptionApplication.overdue).toBe(false);
  });

  it('takes a withdrawn policy out of new applications, and its disclosures say so', async () => {
    const before = await gql(
      undefined,
      `{ redemptionDisclosures(projectName: "研发费用") { nodes { policyWithdrawn } } }`,
    );
    expect(ok(before)).toEqual({ redemptionDisclosures: { nodes: [{ policyWithdrawn: false }] } });
    ok(await gql(t.reviewer, step('withdrawPolicy', true), { id: policyId, input: { reason: '政策调整' } }));
    const after = await gql(
      undefined,
      `{ redemptionDisclosures(projectName: "研发费用") { nodes { policyWithdrawn } } }`,
    );
    expect(ok(after)).toEqual({ redemptionDisclosures: { nodes: [{ policyWithdrawn: true }] } });
    const f = ok(await upload(t.entA)).uploadRedemptionMaterial.id;
    const res = await gql(
      t.entA,
      `mutation($input: ApplyForRedemptionInput!) { applyForRedemption(input: $input) { id } }`,
      {
        input: {
          itemId,
          projectName: '撤回后的申报',
          materials: [
            { name: '营业执照副本', fileId: f },
            { name: '研发费用专项审计报告', fileId: f },
          ],
          contactName: '王海燕',
          contactPhone: '15837560001',
        },
      },
    );
    expect(code(res)).toBe('NOT_FOUND');
    const rows = await conn
      .select()
      .from(redemptionApplications)
      .where(eq(redemptionApplications.projectName, '撤回后的申报'));
    expect(rows).toHaveLength(0);
  });
});

describe('search (找政策)', () => {
  beforeAll(async () => {
    const make = factories(conn);
    await make.policy({ title: '平顶山市人才引进安家补贴办法', summary: '对引进人才给予安家补贴。', body: '正文。' });
    await make.policy({
      title: '平顶山市稳就业若干措施',
      summary: '支持企业稳岗扩岗。',
      body: '对新引进的高校毕业生人才给予补贴。',
    });
    await make.policy({ title: '平顶山市物流降本措施', summary: '支持人才公寓建设。', body: '正文。' });
    // A library large enough for the planner to prefer the index: 3,000 policies without the rare term.
    await conn.execute(
      `insert into policies.policies (title, document_number, summary, body, status, issued_at, publish_deadline_at,
        created_by, department_code, county_code)
       select '平顶山市产业发展政策第' || g || '号', '平政〔2024〕' || g || '号', '支持产业发展的措施' || g, repeat('制造业高质量发展。', 20),
         'PUBLISHED', now() - g * interval '1 hour', now(), 'bulk', 'ndrc', '410400'
       from generate_series(1, 3000) g` as never,
    );
    await conn.execute('analyze policies.policies' as never);
    // Computing 3,000 rows' bigram keys and their GIN entries takes a while on a busy machine.
  }, 300_000);

  it('ranks title matches above summary matches above full-text matches, with cursor pages', async () => {
    const q = `query($after: String) { policies(first: 2, after: $after, filter: { keyword: "人才" }) { totalCount pageInfo { hasNextPage endCursor } nodes { title } } }`;
    const first = ok(
      await gql<{ policies: { totalCount: number; pageInfo: { endCursor: string }; nodes: unknown[] } }>(undefined, q),
    );
    expect(first.policies.totalCount).toBe(3);
    expect(first.policies.nodes).toEqual([
      { title: '平顶山市人才引进安家补贴办法' },
      { title: '平顶山市物流降本措施' },
    ]);
    type SearchPage = { policies: { totalCount: number; pageInfo: { endCursor: string }; nodes: unknown[] } };
    const second = ok(await gql<SearchPage>(undefined, q, { after: first.policies.pageInfo.endCursor }));
    expect(second.policies.nodes).toEqual([{ title: '平顶山市稳就业若干措施' }]);
    // The count of every page is the whole search's, also of an empty page past the last match.
    expect(second.policies.totalCount).toBe(3);
    const past = ok(await gql<SearchPage>(undefined, q, { after: second.policies.pageInfo.endCursor }));
    expect(past.policies).toEqual({ totalCount: 3, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] });
    // Four characters: bigrams from the index, confirmed by LIKE.
    const four = ok(
      await gql<{ policies: { nodes: unknown[] } }>(
        undefined,
        `{ policies(filter: { keyword: "高校毕业" }) { nodes { title } } }`,
      ),
    );
    expect(four.policies.nodes).toEqual([{ title: '平顶山市稳就业若干措施' }]);
    const apart = ok(
      await gql<{ policies: { nodes: unknown[] } }>(
        undefined,
        `{ policies(filter: { keyword: "人才补贴办" }) { nodes { title } } }`,
      ),
    );
    expect(apart.policies.nodes).toEqual([]);
  });

  it('serves a two-character term from the bigram index (EXPLAIN)', async () => {
    const { PolicyStore } = await import('../src/store/policies.store.ts');
    const store = new PolicyStore(conn, { role: 'anonymous', perms: [] } as never);
    const plan = await store.explainSearch('人才', {});
    expect(plan).toContain('policies_search_bigrams_index');
    expect(plan).not.toMatch(/Seq Scan on policies\b/);
  });

  it("says for an enterprise whether it fits each policy's targeting (@requires from the registry)", async () => {
    const id = await draft({ title: '叶县中小制造企业研发奖励', industries: ['C'], scales: ['SMALL'] });
    ok(await gql(t.author, step('submitPolicyForReview'), { id }));
    ok(await gql(t.reviewer, step('publishPolicy'), { id }));
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise {
      policyMatches(filter: { keyword: "中小制造" }) { totalCount nodes { fits mismatches policy { title } } } } } }`;
    const rep = (industry: string, scale: string, county: string) => ({
      __typename: 'Enterprise',
      creditCode: A,
      industry: { code: industry },
      scale,
      county: { code: county },
    });
    const fits = await gql(t.entA, query, { r: [rep('C', 'SMALL', '410422')] });
    expect(ok(fits)).toEqual({
      _entities: [
        {
          policyMatches: {
            totalCount: 1,
            nodes: [{ fits: true, mismatches: [], policy: { title: '叶县中小制造企业研发奖励' } }],
          },
        },
      ],
    });
    const not = await gql(t.entA, query, { r: [rep('F', 'LARGE', '410425')] });
    expect(ok(not)).toMatchObject({
      _entities: [{ policyMatches: { nodes: [{ fits: false, mismatches: ['INDUSTRY', 'SCALE', 'COUNTY'] }] } }],
    });
    expect(code(await gql(t.entB, query, { r: [rep('C', 'SMALL', '410422')] }))).toBe('FORBIDDEN');
  });
});

describe('API shape', () => {
  it('has a mutation for every value of every …Action enum, named verb + entity', () => {
    const sdl = parse(readFileSync(new URL('../src/schema.graphql', import.meta.url), 'utf8'));
    const mutations: string[] = [];
    const actions = new Map<string, string[]>();
    for (const def of sdl.definitions) {
      if (
        (def.kind === 'ObjectTypeDefinition' || def.kind === 'ObjectTypeExtension') &&
        def.name.value === 'Mutation'
      ) {
        mutations.push(...(def.fields ?? []).map((f) => f.name.value.toLowerCase()));
      }
      if (def.kind === 'EnumTypeDefinition' && def.name.value.endsWith('Action')) {
        actions.set(
          def.name.value.replace(/Action$/, '').toLowerCase(),
          (def.values ?? []).map((v) => v.name.value),
        );
      }
    }
    expect([...actions.keys()].sort()).toEqual(['entitlement', 'officialassignment', 'policy', 'redemption', 'visit']);
    for (const [entity, values] of actions) {
      for (const value of values) {
        const verb = value.toLowerCase().replace(/_/g, '');
        expect(
          mutations.some((m) => m.startsWith(verb) && m.includes(entity)),
          `${entity} ${value}`,
        ).toBe(true);
      }
    }
  });

  it('records the publishing instants of the policies it publishes', async () => {
    const rows = await conn.select().from(policies).where(eq(policies.createdBy, 'miit-ye-author'));
    for (const row of rows.filter((r) => r.status === 'PUBLISHED')) {
      expect(row.publishedAt).not.toBeNull();
      expect(row.lateMinutes).not.toBeNull();
      expect(row.submittedAt).not.toBeNull();
    }
  });
});
