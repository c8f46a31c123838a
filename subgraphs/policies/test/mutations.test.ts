/** The first steps of the two workflows: 申报 (applyForRedemption) and 起草 (createPolicyDraft), and their validation. */
import type { Database } from '@qq/db/client';
import {
  applicationEvents,
  outbox,
  policies,
  policyEvents,
  redemptionApplications,
  redemptionItems,
} from '@qq/db/schema/policies';
import { chinaDay, workdayCalendar } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, factories, type ItemRow } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let enterpriseA: string;
let yeClerk: string;
let item: ItemRow;
let grantless: ItemRow;
/** Files uploaded for enterprise A. */
let files: string[];

const APPLY = `mutation($input: ApplyForRedemptionInput!) { applyForRedemption(input: $input) {
  id projectName status amountRequested submittedAt dueAt contactName contactPhone
  materials { name fileId } item { id name } enterprise { creditCode } department { code } county { code }
  events { action fromStatus toStatus } } }`;

const DRAFT = `mutation($input: CreatePolicyDraftInput!) { createPolicyDraft(input: $input) {
  id title documentNumber status industries issuedAt publishDeadlineAt publishedAt publishedLate version
  department { code } county { code } redemptionItems { name requiredMaterials timeLimitDays maxAmount } } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  enterpriseA = await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: A });
  yeClerk = await tokenFor({ sub: 'ye-clerk', role: 'staff', dept: 'wrzwq', county: '410422' });
  const make = factories(conn);
  const policy = await make.policy({ departmentCode: 'miit', countyCode: '410422' });
  item = await make.item(policy, {
    name: '首次升规纳统企业奖励',
    requiredMaterials: ['营业执照副本', '统计部门入库证明', '兑现申请表'],
    timeLimitDays: 15,
    maxAmount: 200_000,
  });
  grantless = await make.item(policy, { name: '专精特新企业认定', maxAmount: null });
  files = [await make.file(A), await make.file(A), await make.file(A)];
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

function validInput(over: Record<string, unknown> = {}) {
  return {
    itemId: item.id,
    projectName: '2025年度首次升规纳统奖励',
    amountRequested: 200_000,
    materials: item.requiredMaterials.map((name, i) => ({ name, fileId: files[i]! })),
    contactName: '王海燕',
    contactPhone: '15837560001',
    ...over,
  };
}

async function rowCounts() {
  const n = async (
    table:
      | typeof redemptionApplications
      | typeof applicationEvents
      | typeof outbox
      | typeof policies
      | typeof policyEvents
      | typeof redemptionItems,
  ) => Number((await conn.select({ n: count() }).from(table))[0]!.n);
  return {
    applications: await n(redemptionApplications),
    applicationEvents: await n(applicationEvents),
    outbox: await n(outbox),
    policies: await n(policies),
    policyEvents: await n(policyEvents),
    items: await n(redemptionItems),
  };
}

describe('applyForRedemption', () => {
  it('submits an application with its first step, a working-day due date and an SMS in the outbox', async () => {
    const before = Date.now();
    const res = await execute(server, APPLY, { variables: { input: validInput() }, token: enterpriseA });
    expect(res.errors).toBeUndefined();
    const a = (
      res.data as { applyForRedemption: Record<string, unknown> & { id: string; submittedAt: string; dueAt: string } }
    ).applyForRedemption;
    expect(a).toMatchObject({
      projectName: '2025年度首次升规纳统奖励',
      status: 'SUBMITTED',
      amountRequested: 200000,
      contactName: '王海燕',
      contactPhone: '15837560001',
      materials: [
        { name: '营业执照副本', fileId: files[0] },
        { name: '统计部门入库证明', fileId: files[1] },
        { name: '兑现申请表', fileId: files[2] },
      ],
      item: { id: item.id, name: '首次升规纳统企业奖励' },
      enterprise: { creditCode: A },
      // Copied from the item: 叶县工信局 handles it.
      department: { code: 'miit' },
      county: { code: '410422' },
      events: [{ action: 'SUBMIT', fromStatus: null, toStatus: 'SUBMITTED' }],
    });
    const submittedAt = new Date(a.submittedAt);
    expect(submittedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // 办结 due at the end (23:59:59.999 China time) of the 19th working day after submission: 1 day to receive, 3 to
    // accept, 15 to complete.
    const dueDay = workdayCalendar().addWorkingDays(chinaDay(submittedAt), 19);
    expect(a.dueAt).toBe(new Date(Date.parse(`${dueDay}T23:59:59.999+08:00`)).toISOString());

    const [event] = await conn.select().from(applicationEvents).where(eq(applicationEvents.subjectId, a.id));
    expect(event).toMatchObject({
      action: 'SUBMIT',
      fromStatus: null,
      toStatus: 'SUBMITTED',
      actor: 'ent-a',
      actorRole: 'enterprise',
    });
    const messages = await conn.select().from(outbox);
    expect(messages).toHaveLength(2);
    const text = '【鹰城亲清在线】您的项目“2025年度首次升规纳统奖励”已申报“首次升规纳统企业奖励”，请留意办理进度。';
    expect(messages.find((m) => m.channel === 'sms')).toMatchObject({
      topic: 'redemption.submitted',
      idempotencyKey: `redemption.submitted:sms:${a.id}:1`,
      countyCode: '410422',
      deliveredAt: null,
      payload: { channel: 'sms', phone: '15837560001', template: 'SMS_QQ_REDEMPTION_SUBMITTED', text },
    });
    expect(messages.find((m) => m.channel === 'inbox')).toMatchObject({
      idempotencyKey: `redemption.submitted:inbox:${a.id}:1`,
      payload: { to: { enterprise: A }, data: { applicationId: a.id } },
    });
  });

  it('refuses a second application for the same project and item with CONFLICT', async () => {
    const before = await rowCounts();
    const res = await execute(server, APPLY, { variables: { input: validInput() }, token: enterpriseA });
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await rowCounts()).toEqual(before);
  });

  it('lets exactly one of two concurrent submissions of the same project through', async () => {
    const input = validInput({ projectName: '并发申报项目' });
    const results = await Promise.all(
      [0, 1].map(() => execute(server, APPLY, { variables: { input }, token: enterpriseA })),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok').sort();
    expect(codes).toEqual(['CONFLICT', 'ok']);
    const rows = await conn
      .select()
      .from(redemptionApplications)
      .where(eq(redemptionApplications.projectName, '并发申报项目'));
    expect(rows).toHaveLength(1);
  });

  it('answers NOT_FOUND for an unknown item', async () => {
    const res = await execute(server, APPLY, {
      variables: { input: validInput({ itemId: '00000000-0000-4000-8000-000000000000' }) },
      token: enterpriseA,
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ materials: [{ name: '营业执照副本', fileId: '00000000-0000-4000-8000-000000000000' }] }, 'input.materials'],
      [{ materials: [] }, 'input.materials'],
      [{ projectName: '项' }, 'input.projectName'],
      [{ projectName: '   ' }, 'input.projectName'],
      [{ amountRequested: -5 }, 'input.amountRequested'],
      [{ amountRequested: 10.005 }, 'input.amountRequested'],
      [{ amountRequested: 200_000.01 }, 'input.amountRequested'],
      [
        {
          itemId: grantless.id,
          materials: grantless.requiredMaterials.map((name, i) => ({ name, fileId: files[i]! })),
        },
        'input.amountRequested',
      ],
      [{ itemId: 'item-1' }, 'input.itemId'],
      [{ contactPhone: '0375-1234567' }, 'input.contactPhone'],
      [{ materials: [{ name: '营业执照副本', fileId: 'has space' }] }, 'input.materials.0.fileId'],
      [{ contactName: '' }, 'input.contactName'],
    ];
    const before = await rowCounts();
    for (const [over, field] of cases) {
      const res = await execute(server, APPLY, {
        variables: { input: validInput({ projectName: '验证测试项目', ...over }) },
        token: enterpriseA,
      });
      expect(res.errors?.[0]?.extensions, JSON.stringify(over)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.data, JSON.stringify(over)).toBeNull();
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('names the missing materials', async () => {
    const res = await execute(server, APPLY, {
      variables: {
        input: validInput({ projectName: '缺材料项目', materials: [{ name: '兑现申请表', fileId: files[2] }] }),
      },
      token: enterpriseA,
    });
    expect(res.errors?.[0]?.message).toContain('营业执照副本、统计部门入库证明');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.materials' });
  });
});

describe('createPolicyDraft', () => {
  it("drafts a policy for the clerk's department and county with its items, the 24-hour deadline and an event", async () => {
    const res = await execute(server, DRAFT, {
      token: yeClerk,
      variables: {
        input: {
          title: '叶县支持尼龙新材料产业发展十条措施',
          documentNumber: '叶政〔2025〕18号',
          summary: '支持尼龙新材料企业技术改造和市场开拓。',
          body: '第一条 ……',
          industries: ['C', 'C', 'M'],
          issuedAt: '2025-06-03T09:30:00+08:00',
          redemptionItems: [
            {
              name: '技术改造奖补',
              guide: '按设备投资额的10%给予奖补。',
              requiredMaterials: ['项目备案证明', '设备发票'],
              timeLimitDays: 20,
              maxAmount: 1_000_000,
            },
            { name: '首台套认定', guide: '认定后授牌。', requiredMaterials: ['认定申请书'], timeLimitDays: 30 },
          ],
        },
      },
    });
    expect(res.errors).toBeUndefined();
    const policy = (res.data as { createPolicyDraft: Record<string, unknown> & { id: string } }).createPolicyDraft;
    expect(policy).toMatchObject({
      title: '叶县支持尼龙新材料产业发展十条措施',
      documentNumber: '叶政〔2025〕18号',
      status: 'DRAFT',
      industries: ['C', 'M'],
      issuedAt: '2025-06-03T01:30:00.000Z',
      publishDeadlineAt: '2025-06-04T01:30:00.000Z',
      publishedAt: null,
      publishedLate: false,
      version: 1,
      department: { code: 'wrzwq' },
      county: { code: '410422' },
      redemptionItems: [
        {
          name: '技术改造奖补',
          requiredMaterials: ['项目备案证明', '设备发票'],
          timeLimitDays: 20,
          maxAmount: 1000000,
        },
        { name: '首台套认定', requiredMaterials: ['认定申请书'], timeLimitDays: 30, maxAmount: null },
      ],
    });
    const events = await conn.select().from(policyEvents).where(eq(policyEvents.subjectId, policy.id));
    expect(events).toMatchObject([{ action: 'CREATE', fromStatus: null, toStatus: 'DRAFT', actor: 'ye-clerk' }]);
    const [row] = await conn.select().from(policies).where(eq(policies.id, policy.id));
    expect(row).toMatchObject({ createdBy: 'ye-clerk', departmentCode: 'wrzwq', countyCode: '410422' });
    // A draft is not public.
    const anon = await execute(server, `query($id: ID!) { policy(id: $id) { id } }`, { variables: { id: policy.id } });
    expect(anon.data).toEqual({ policy: null });
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const base = {
      title: '测试政策标题',
      documentNumber: '平政〔2025〕1号',
      summary: '摘要',
      body: '正文',
      issuedAt: '2025-06-03T09:30:00+08:00',
    };
    const item = { name: '测试事项', guide: '指南', requiredMaterials: ['申请表'], timeLimitDays: 10 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '短' }, 'input.title'],
      [{ issuedAt: '2025-06-03' }, 'input.issuedAt'],
      [{ issuedAt: 'yesterday' }, 'input.issuedAt'],
      [{ issuedAt: new Date(Date.now() + 86_400_000).toISOString() }, 'input.issuedAt'],
      [{ industries: ['C', 'Z'] }, 'input.industries.1'],
      [{ redemptionItems: [{ ...item, timeLimitDays: 0 }] }, 'input.redemptionItems.0.timeLimitDays'],
      [
        { redemptionItems: [item, { ...item, requiredMaterials: ['申请表', '申请表'] }] },
        'input.redemptionItems.1.requiredMaterials',
      ],
      [{ redemptionItems: [{ ...item, maxAmount: 0 }] }, 'input.redemptionItems.0.maxAmount'],
    ];
    const before = await rowCounts();
    for (const [over, field] of cases) {
      const res = await execute(server, DRAFT, { token: yeClerk, variables: { input: { ...base, ...over } } });
      expect(res.errors?.[0]?.extensions, JSON.stringify(over)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await rowCounts()).toEqual(before);
  });
});
