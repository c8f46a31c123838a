/**
 * The reporting workflow through GraphQL: drafts, submission with every problem at once and warnings that need an
 * explanation, review (accept, return with reasons) per role, resubmission of a returned version and correction of an
 * accepted one as new versions with their history, the events and the outbox messages of each step.
 */
import type { Database } from '@qq/db/client';
import { outbox, reportEvents, reports } from '@qq/db/schema/statistics';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { creditCode, registerRecord, report, roleTokens } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let jiaxianClerk: string;

// A and C in 叶县 (industry, services), B in 郏县 (industry), D not in the register, E left it at the end of 2025.
const A = creditCode('410422');
const B = creditCode('410425');
const C = creditCode('410422');
const D = creditCode('410422');
const E = creditCode('410425');
const WHO = { preparer: '李娜', preparerPhone: '13812345678' };

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  await registerRecord(conn, { enterpriseCode: A, countyCode: '410422', category: 'INDUSTRY', since: '2019-01-01' });
  await registerRecord(conn, { enterpriseCode: B, countyCode: '410425', category: 'INDUSTRY' });
  await registerRecord(conn, { enterpriseCode: C, countyCode: '410422', category: 'SERVICES' });
  await registerRecord(conn, {
    enterpriseCode: E,
    countyCode: '410425',
    category: 'WHOLESALE_RETAIL',
    since: '2021-01-01',
    until: '2025-12-31',
  });
  // Last year's October, accepted: the reference of the revenue warning.
  await report(conn, {
    enterpriseCode: A,
    countyCode: '410422',
    category: 'INDUSTRY',
    formCode: 'B203-1',
    period: '2025-10',
    status: 'ACCEPTED',
    revenue: 1000,
    mainBusinessRevenue: 900,
    employees: 100,
  });
  tokens = await roleTokens(A, B);
  jiaxianClerk = await tokenFor({ sub: 'stats-jiaxian', role: 'staff', dept: 'stats', county: '410425' });
  server = createServer({ db: await db.connectAs('statistics') });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

type Role = keyof typeof tokens;
const run = <T = Record<string, unknown>>(role: Role | string, query: string, variables?: Record<string, unknown>) =>
  execute<T>(server, query, { token: role in tokens ? tokens[role as Role] : role, variables });
const codeOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions?.code;

const FIELDS = `id formCode period version latest status category county { code } department { code }
  figures { revenue mainBusinessRevenue outputValue employees } preparer preparerPhone
  submittedAt acceptedAt returnedAt returnReasons { figure text } warnings { code figure message value reference }
  explanation correctionReason availableActions versions { version status latest }
  events { action fromStatus toStatus actorRole note }`;
const DRAFT = `mutation($input: StatisticalReportInput!) { draftStatisticalReport(input: $input) { ${FIELDS} } }`;
const SUBMIT = `mutation($input: StatisticalReportInput!) { submitStatisticalReport(input: $input) { ${FIELDS} } }`;
const ACCEPT = `mutation($id: ID!, $note: String) { acceptStatisticalReport(id: $id, note: $note) { ${FIELDS} } }`;
const RETURN = `mutation($id: ID!, $reasons: [ReturnReasonInput!]!) {
  returnStatisticalReport(id: $id, reasons: $reasons) { ${FIELDS} }
}`;
const RESUBMIT = `mutation($id: ID!, $input: StatisticalReportFiguresInput!) {
  resubmitStatisticalReport(id: $id, input: $input) { ${FIELDS} }
}`;
const CORRECT = `mutation($id: ID!, $input: StatisticalReportFiguresInput!, $reason: String!) {
  correctStatisticalReport(id: $id, input: $input, reason: $reason) { ${FIELDS} }
}`;
const ONE = `query($id: ID!) { statisticalReport(id: $id) { ${FIELDS} } }`;

type Report = {
  id: string;
  version: number;
  status: string;
  availableActions: string[];
  events: Array<Record<string, unknown>>;
} & Record<string, unknown>;

async function rowCounts() {
  const [r] = await conn.select({ n: count() }).from(reports);
  const [e] = await conn.select({ n: count() }).from(reportEvents);
  const [o] = await conn.select({ n: count() }).from(outbox);
  return { reports: Number(r!.n), events: Number(e!.n), outbox: Number(o!.n) };
}

async function messagesFor(id: string) {
  const rows = await conn
    .select()
    .from(outbox)
    .where(like(outbox.idempotencyKey, `%:${id}`));
  return rows.map((r) => ({ key: r.idempotencyKey, channel: r.channel, to: r.payload.to, phone: r.payload.phone }));
}

describe('drafts and submission', () => {
  let draftId: string;

  it('saves a draft with required fields still missing, only the enterprise sees it, and saves it again', async () => {
    const res = await run<{ draftStatisticalReport: Report }>('enterpriseA', DRAFT, {
      input: { formCode: 'B203-1', period: '2026-09', revenue: 2000 },
    });
    expect(res.errors).toBeUndefined();
    const draft = res.data!.draftStatisticalReport;
    draftId = draft.id;
    expect(draft).toMatchObject({
      version: 1,
      status: 'DRAFT',
      submittedAt: null,
      figures: { revenue: 2000, mainBusinessRevenue: null, employees: null },
      availableActions: ['DRAFT', 'SUBMIT'],
      events: [{ action: 'draft', fromStatus: null, toStatus: 'DRAFT', actorRole: 'enterprise' }],
    });
    for (const role of ['countyClerk', 'cityStaff', 'analyst', 'admin', 'enterpriseB'] as const) {
      expect((await run(role, ONE, { id: draftId })).data, role).toEqual({ statisticalReport: null });
    }
    const again = await run<{ draftStatisticalReport: Report }>('enterpriseA', DRAFT, {
      input: { formCode: 'B203-1', period: '2026-09', revenue: 2100, employees: 130 },
    });
    expect(again.data!.draftStatisticalReport).toMatchObject({
      id: draftId,
      status: 'DRAFT',
      figures: { revenue: 2100, employees: 130 },
    });
    // A draft is checked for types and ranges.
    const bad = await run('enterpriseA', DRAFT, { input: { formCode: 'B203-1', period: '2026-09', revenue: 1.234 } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.revenue' });
  });

  it('refuses a submission with every problem at once, each field named, writing nothing', async () => {
    const before = await rowCounts();
    const res = await run('enterpriseA', SUBMIT, {
      input: {
        formCode: 'B203-1',
        period: '2026-09',
        revenue: 100.555,
        mainBusinessRevenue: -1,
        outputValue: 5,
        preparerPhone: '12345',
      },
    });
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    const ext = res.errors![0]!.extensions as { code: string; field: string; problems: Array<{ field: string }> };
    expect(ext.code).toBe('BAD_USER_INPUT');
    expect(ext.field).toBe('input.revenue');
    expect(ext.problems.map((p) => p.field)).toEqual([
      'input.revenue',
      'input.mainBusinessRevenue',
      'input.outputValue',
      'input.employees',
      'input.preparer',
      'input.preparerPhone',
    ]);
    // The cross-field rule: a part not above its total.
    const cross = await run('enterpriseA', SUBMIT, {
      input: { formCode: 'B203-1', period: '2026-09', revenue: 100, mainBusinessRevenue: 120, employees: 5, ...WHO },
    });
    expect(cross.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.mainBusinessRevenue',
      problems: [
        { field: 'input.mainBusinessRevenue', message: expect.stringContaining('主营业务收入不能大于营业收入') },
      ],
    });
    expect(await rowCounts()).toEqual(before);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ formCode: 'B203-1', period: '2026-13' }, 'input.period'],
    [{ formCode: 'B203-1', period: '2099-01' }, 'input.period'],
    [{ formCode: 'C204-1', period: '2026-08', outputValue: 1 }, 'input.period'],
    [{ formCode: 'Z999', period: '2026-09' }, 'input.formCode'],
    [{ formCode: 'B204-1', period: '2026-06' }, 'input.outputValue'],
    [{ formCode: 'B204-1', period: '2026-06', outputValue: 1, revenue: 3 }, 'input.revenue'],
    [{ formCode: 'B204-1', period: '2026-06', outputValue: 1e14 }, 'input.outputValue'],
    [{ formCode: 'B204-1', period: '2026-06', outputValue: 1, employees: -3 }, 'input.employees'],
    [{ formCode: 'B204-1', period: '2026-06', outputValue: 1, preparer: '王' }, 'input.preparer'],
    [{ formCode: 'B204-1', period: '2026-06', outputValue: 1, explanation: '短' }, 'input.explanation'],
  ])('refuses %j naming %s', async (input, field) => {
    const before = await rowCounts();
    const res = await run('enterpriseA', SUBMIT, { input: { ...WHO, ...input } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const problems = res.errors![0]!.extensions!.problems as Array<{ field: string }>;
    expect(problems.map((p) => p.field)).toContain(field);
    expect(await rowCounts()).toEqual(before);
  });

  it('asks for an explanation when revenue is more than 50% away from last year, then keeps it', async () => {
    const input = {
      formCode: 'B203-1',
      period: '2026-10',
      revenue: 1600,
      mainBusinessRevenue: 1500,
      employees: 101,
      ...WHO,
    };
    const before = await rowCounts();
    const refused = await run('enterpriseA', SUBMIT, { input });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.explanation',
      warnings: [{ field: 'input.revenue', code: 'YOY_DEVIATION', message: expect.stringContaining('+60.0%') }],
    });
    expect(await rowCounts()).toEqual(before);
    const res = await run<{ submitStatisticalReport: Report }>('enterpriseA', SUBMIT, {
      input: { ...input, explanation: '新生产线十月投产，销售收入大幅增加。' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitStatisticalReport).toMatchObject({
      status: 'SUBMITTED',
      explanation: '新生产线十月投产，销售收入大幅增加。',
      warnings: [{ code: 'YOY_DEVIATION', figure: 'REVENUE', value: 1600, reference: 1000 }],
    });
  });

  it('submits the draft in place as version 1, telling the reviewing unit', async () => {
    const res = await run<{ submitStatisticalReport: Report }>('enterpriseA', SUBMIT, {
      input: {
        formCode: 'B203-1',
        period: '2026-09',
        revenue: 2100,
        mainBusinessRevenue: 2000,
        employees: 130,
        ...WHO,
      },
    });
    expect(res.errors).toBeUndefined();
    const r = res.data!.submitStatisticalReport;
    expect(r).toMatchObject({
      id: draftId,
      version: 1,
      latest: true,
      status: 'SUBMITTED',
      category: 'INDUSTRY',
      county: { code: '410422' },
      department: { code: 'miit' },
      submittedAt: expect.stringMatching(/^\d{4}-/),
      // The enterprise waits: nothing to do until the review.
      availableActions: [],
      events: [
        { action: 'draft', fromStatus: null, toStatus: 'DRAFT' },
        { action: 'draft', fromStatus: 'DRAFT', toStatus: 'DRAFT' },
        { action: 'submit', fromStatus: 'DRAFT', toStatus: 'SUBMITTED', actorRole: 'enterprise' },
      ],
    });
    expect(await messagesFor(draftId)).toEqual([
      {
        key: `report.submitted:inbox:${draftId}`,
        channel: 'inbox',
        to: { dept: 'miit', county: '410422' },
        phone: undefined,
      },
    ]);
    // Filed: a second submission or a draft of the same form and period is a conflict.
    for (const q of [SUBMIT, DRAFT]) {
      const again = await run('enterpriseA', q, {
        input: { formCode: 'B203-1', period: '2026-09', revenue: 1, mainBusinessRevenue: 1, employees: 1, ...WHO },
      });
      expect(again.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'AWAITING_REVIEW',
        reportId: draftId,
      });
    }
  });

  it('lets only the enterprise file, and only while it is in the register for the form', async () => {
    const input = { formCode: 'B204-1', period: '2026-08', outputValue: 10, ...WHO };
    const before = await rowCounts();
    for (const [role, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['countyClerk', 'FORBIDDEN'],
      ['cityStaff', 'FORBIDDEN'],
      ['otherStaff', 'FORBIDDEN'],
      ['analyst', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      ['person', 'FORBIDDEN'],
    ] as const) {
      for (const q of [SUBMIT, DRAFT]) expect(codeOf(await run(role, q, { input })), role).toBe(code);
    }
    const d = await tokenFor({ sub: 'ent-d', role: 'enterprise', enterprise: D });
    const e = await tokenFor({ sub: 'ent-e', role: 'enterprise', enterprise: E });
    expect((await run(d, SUBMIT, { input })).errors?.[0]?.extensions).toMatchObject({ reason: 'NOT_IN_REGISTER' });
    const services = { formCode: 'F203', period: '2026-08', revenue: 1, employees: 1, ...WHO };
    expect((await run('enterpriseA', SUBMIT, { input: services })).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_IN_REGISTER',
    });
    const trade = { formCode: 'E203', revenue: 10, employees: 3, ...WHO };
    expect((await run(e, SUBMIT, { input: { ...trade, period: '2026-09' } })).errors?.[0]?.extensions).toMatchObject({
      reason: 'NOT_IN_REGISTER',
    });
    expect(await rowCounts()).toEqual(before);
    // E was still in the register in December 2025.
    const inTime = await run<{ submitStatisticalReport: Report }>(e, SUBMIT, {
      input: { ...trade, period: '2025-12' },
    });
    expect(inTime.data!.submitStatisticalReport).toMatchObject({
      category: 'WHOLESALE_RETAIL',
      county: { code: '410425' },
    });
  });

  it('lets one of two simultaneous filings through and refuses the other with CONFLICT', async () => {
    const input = { formCode: 'F203', period: '2026-10', revenue: 1600, employees: 41, ...WHO };
    const c = await tokenFor({ sub: 'ent-c', role: 'enterprise', enterprise: C });
    const results = await Promise.all([1, 2].map(() => run(c, SUBMIT, { input })));
    expect(results.map((r) => codeOf(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    const rows = await conn.select().from(reports).where(eq(reports.enterpriseCode, C));
    expect(rows.filter((r) => r.period === '2026-10')).toHaveLength(1);
  });
});

describe('review, resubmission and correction', () => {
  let v1: Report;
  let v2: Report;

  beforeAll(async () => {
    const res = await run<{ submitStatisticalReport: Report }>('enterpriseA', SUBMIT, {
      input: { formCode: 'B203-1', period: '2026-08', revenue: 980, mainBusinessRevenue: 900, employees: 99, ...WHO },
    });
    v1 = res.data!.submitStatisticalReport;
  });

  it('refuses review to every caller but lead staff of the report county, writing nothing', async () => {
    const before = await rowCounts();
    const reasons = [{ text: '数据有误' }];
    for (const [role, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['enterpriseB', 'FORBIDDEN'],
      ['otherStaff', 'FORBIDDEN'],
      ['analyst', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      ['person', 'FORBIDDEN'],
      [jiaxianClerk, 'NOT_FOUND'],
    ] as const) {
      expect(codeOf(await run(role, ACCEPT, { id: v1.id })), role).toBe(code);
      expect(codeOf(await run(role, RETURN, { id: v1.id, reasons })), role).toBe(code);
    }
    // A missing or malformed id is the same NOT_FOUND as one out of scope.
    expect(codeOf(await run('countyClerk', ACCEPT, { id: '0190a000-0000-7000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(codeOf(await run('countyClerk', ACCEPT, { id: 'nope' }))).toBe('NOT_FOUND');
    expect(await rowCounts()).toEqual(before);
    const seen = await run<{ statisticalReport: Report }>('countyClerk', ONE, { id: v1.id });
    expect(seen.data!.statisticalReport.availableActions).toEqual(['ACCEPT', 'RETURN']);
  });

  it('returns a report with reasons: checked, recorded with the instant, told to the enterprise by inbox and SMS', async () => {
    const bad = await run('countyClerk', RETURN, {
      id: v1.id,
      reasons: [{ text: '营业收入与上月差异较大' }, { figure: 'OUTPUT_VALUE', text: '总产值' }, { text: 'x' }],
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'reasons.2.text' }],
    });
    const offForm = await run('countyClerk', RETURN, {
      id: v1.id,
      reasons: [{ figure: 'OUTPUT_VALUE', text: '总产值有误' }],
    });
    expect(offForm.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reasons.0.figure' });
    expect(codeOf(await run('countyClerk', RETURN, { id: v1.id, reasons: [] }))).toBe('BAD_USER_INPUT');
    const res = await run<{ returnStatisticalReport: Report }>('countyClerk', RETURN, {
      id: v1.id,
      reasons: [{ figure: 'REVENUE', text: '营业收入与上月差异较大，请核实' }, { text: '请补充说明' }],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.returnStatisticalReport).toMatchObject({
      status: 'RETURNED',
      returnedAt: expect.stringMatching(/^\d{4}-/),
      returnReasons: [
        { figure: 'REVENUE', text: '营业收入与上月差异较大，请核实' },
        { figure: null, text: '请补充说明' },
      ],
      availableActions: [],
      events: [
        { action: 'submit' },
        {
          action: 'return',
          fromStatus: 'SUBMITTED',
          toStatus: 'RETURNED',
          actorRole: 'staff',
          note: '营业收入与上月差异较大，请核实；请补充说明',
        },
      ],
    });
    expect(await messagesFor(v1.id)).toEqual(
      expect.arrayContaining([
        { key: `report.returned:inbox:${v1.id}`, channel: 'inbox', to: { enterprise: A }, phone: undefined },
        { key: `report.returned:sms:${v1.id}`, channel: 'sms', to: undefined, phone: '13812345678' },
      ]),
    );
    const own = await run<{ statisticalReport: Report }>('enterpriseA', ONE, { id: v1.id });
    expect(own.data!.statisticalReport.availableActions).toEqual(['RESUBMIT']);
    // Not possible in RETURNED.
    expect(res.data && (await run('countyClerk', ACCEPT, { id: v1.id })).errors?.[0]?.extensions?.code).toBe(
      'CONFLICT',
    );
    expect(codeOf(await run('countyClerk', RETURN, { id: v1.id, reasons: [{ text: '再次退回' }] }))).toBe('CONFLICT');
  });

  it('resubmits a returned report as version 2, keeping version 1 and its history', async () => {
    expect(codeOf(await run('enterpriseB', RESUBMIT, { id: v1.id, input: { revenue: 1 } }))).toBe('NOT_FOUND');
    expect(codeOf(await run('countyClerk', RESUBMIT, { id: v1.id, input: { revenue: 1 } }))).toBe('FORBIDDEN');
    const incomplete = await run('enterpriseA', RESUBMIT, { id: v1.id, input: { revenue: 990 } });
    expect(incomplete.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.mainBusinessRevenue',
    });
    const res = await run<{ resubmitStatisticalReport: Report }>('enterpriseA', RESUBMIT, {
      id: v1.id,
      input: { revenue: 990, mainBusinessRevenue: 905, employees: 99, ...WHO },
    });
    expect(res.errors).toBeUndefined();
    v2 = res.data!.resubmitStatisticalReport;
    expect(v2).toMatchObject({
      version: 2,
      latest: true,
      status: 'SUBMITTED',
      figures: { revenue: 990, mainBusinessRevenue: 905 },
      versions: [
        { version: 1, status: 'RETURNED', latest: false },
        { version: 2, status: 'SUBMITTED', latest: true },
      ],
      events: [{ action: 'submit', fromStatus: null, toStatus: 'SUBMITTED' }],
    });
    const old = await run<{ statisticalReport: Report }>('enterpriseA', ONE, { id: v1.id });
    expect(old.data!.statisticalReport).toMatchObject({
      status: 'RETURNED',
      latest: false,
      availableActions: [],
      events: [
        { action: 'submit' },
        { action: 'return' },
        { action: 'resubmit', fromStatus: 'RETURNED', toStatus: 'RETURNED' },
      ],
    });
    expect(await messagesFor(v2.id)).toEqual([
      {
        key: `report.submitted:inbox:${v2.id}`,
        channel: 'inbox',
        to: { dept: 'miit', county: '410422' },
        phone: undefined,
      },
    ]);
    // The replaced version takes no more steps.
    const stale = await run('enterpriseA', RESUBMIT, {
      id: v1.id,
      input: { revenue: 990, mainBusinessRevenue: 905, employees: 99, ...WHO },
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_CURRENT' });
    // Waiting for review: not yet correctable.
    expect(codeOf(await run('enterpriseA', CORRECT, { id: v2.id, input: { revenue: 1 }, reason: '更正数据' }))).toBe(
      'CONFLICT',
    );
  });

  it('accepts version 2 (city staff of 工信局), recording the instant and telling the enterprise', async () => {
    const res = await run<{ acceptStatisticalReport: Report }>('cityStaff', ACCEPT, { id: v2.id, note: '核实无误' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.acceptStatisticalReport).toMatchObject({
      status: 'ACCEPTED',
      acceptedAt: expect.stringMatching(/^\d{4}-/),
      events: [
        { action: 'submit' },
        { action: 'accept', fromStatus: 'SUBMITTED', toStatus: 'ACCEPTED', note: '核实无误' },
      ],
    });
    expect(await messagesFor(v2.id)).toContainEqual({
      key: `report.accepted:inbox:${v2.id}`,
      channel: 'inbox',
      to: { enterprise: A },
      phone: undefined,
    });
    expect(codeOf(await run('countyClerk', ACCEPT, { id: v2.id }))).toBe('CONFLICT');
    const own = await run<{ statisticalReport: Report }>('enterpriseA', ONE, { id: v2.id });
    expect(own.data!.statisticalReport.availableActions).toEqual(['CORRECT']);
  });

  it('corrects an accepted report as version 3 with the reason, the accepted version kept as it was', async () => {
    const input = { revenue: 995, mainBusinessRevenue: 905, employees: 99, ...WHO };
    expect(
      (await run('enterpriseA', CORRECT, { id: v2.id, input, reason: '改' })).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    expect(codeOf(await run('enterpriseB', CORRECT, { id: v2.id, input, reason: '更正营业收入' }))).toBe('NOT_FOUND');
    const res = await run<{ correctStatisticalReport: Report }>('enterpriseA', CORRECT, {
      id: v2.id,
      input,
      reason: '更正营业收入：漏计一笔销售',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.correctStatisticalReport).toMatchObject({
      version: 3,
      status: 'SUBMITTED',
      correctionReason: '更正营业收入：漏计一笔销售',
      figures: { revenue: 995 },
      versions: [
        { version: 1, status: 'RETURNED' },
        { version: 2, status: 'ACCEPTED', latest: false },
        { version: 3, status: 'SUBMITTED', latest: true },
      ],
      events: [{ action: 'submit', note: '更正营业收入：漏计一笔销售' }],
    });
    const accepted = await run<{ statisticalReport: Report }>('countyClerk', ONE, { id: v2.id });
    expect(accepted.data!.statisticalReport).toMatchObject({
      status: 'ACCEPTED',
      latest: false,
      figures: { revenue: 990 },
      availableActions: [],
      events: [
        { action: 'submit' },
        { action: 'accept' },
        { action: 'correct', fromStatus: 'ACCEPTED', toStatus: 'ACCEPTED' },
      ],
    });
  });
});
