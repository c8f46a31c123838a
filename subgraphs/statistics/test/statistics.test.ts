import type { Database } from '@qq/db/client';
import { outbox, reportEvents, reports } from '@qq/db/schema/statistics';
import {
  createTestDatabase,
  execute,
  statementCounter,
  tokenFor,
  type GraphQLResult,
  type TestDatabase,
} from '@qq/kit/testing';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStatistics } from '../../../db/src/seed/statistics.ts';
import { demoEnterprises } from '@qq/db/seed';
import { createServer } from '../src/index.ts';
import { creditCode, registerRecord, report, roleTokens } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let counted: ReturnType<typeof createServer>;
const counter = statementCounter();

// 叶县 (410422) and 郏县 (410425) enterprises; D is not in the register; E left it at the end of 2025.
const A = creditCode('410422');
const B = creditCode('410425');
const C = creditCode('410422');
const D = creditCode('410422');
const E = creditCode('410425');
// Fifty more in 舞钢市 for the statement count.
const MANY = Array.from({ length: 50 }, () => creditCode('410481'));

let tokens: Awaited<ReturnType<typeof roleTokens>>;
let rA1: { id: string };
let rA2: { id: string };
let rB1: { id: string };
let rC1: { id: string };
let rA3: { id: string };
let draft: { id: string };

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  tokens = await roleTokens(A, B);
  await registerRecord(conn, { enterpriseCode: A, countyCode: '410422', category: 'INDUSTRY', since: '2019-01-01' });
  await registerRecord(conn, { enterpriseCode: B, countyCode: '410425', category: 'INDUSTRY' });
  await registerRecord(conn, { enterpriseCode: C, countyCode: '410422', category: 'SERVICES', since: '2024-01-01' });
  await registerRecord(conn, {
    enterpriseCode: E,
    countyCode: '410425',
    category: 'WHOLESALE_RETAIL',
    since: '2021-01-01',
    until: '2025-12-31',
  });
  const ind = { category: 'INDUSTRY' as const };
  rA1 = await report(conn, {
    ...ind,
    enterpriseCode: A,
    countyCode: '410422',
    formCode: 'B203-1',
    period: '2026-09',
    status: 'ACCEPTED',
    revenue: 5000.5,
    employees: 120,
    preparerName: '张伟',
    preparerPhone: '13812345678',
  });
  rA2 = await report(conn, {
    ...ind,
    enterpriseCode: A,
    countyCode: '410422',
    formCode: 'B204-1',
    period: '2026-09',
    status: 'SUBMITTED',
    outputValue: 5200,
  });
  rB1 = await report(conn, {
    ...ind,
    enterpriseCode: B,
    countyCode: '410425',
    formCode: 'B203-1',
    period: '2026-09',
    status: 'ACCEPTED',
    revenue: 8000,
    employees: 300,
  });
  rC1 = await report(conn, {
    enterpriseCode: C,
    countyCode: '410422',
    category: 'SERVICES',
    formCode: 'F203',
    period: '2026-09',
    status: 'SUBMITTED',
    revenue: 1500,
    employees: 40,
  });
  rA3 = await report(conn, {
    ...ind,
    enterpriseCode: A,
    countyCode: '410422',
    formCode: 'B203-1',
    period: '2026-08',
    status: 'ACCEPTED',
    revenue: 4800,
    employees: 118,
  });
  draft = await report(conn, {
    ...ind,
    enterpriseCode: A,
    countyCode: '410422',
    formCode: 'B203-1',
    period: '2026-07',
    status: 'DRAFT',
  });
  for (const code of MANY) {
    await registerRecord(conn, { enterpriseCode: code, countyCode: '410481', category: 'INDUSTRY' });
    for (const period of ['2026-05', '2026-06']) {
      await report(conn, {
        ...ind,
        enterpriseCode: code,
        countyCode: '410481',
        formCode: 'B204-1',
        period,
        status: 'ACCEPTED',
        outputValue: 1000,
      });
    }
  }
  server = createServer({ db: await db.connectAs('statistics') });
  counted = createServer({ db: await db.connectAs('statistics', { onQuery: counter.onQuery }) });
  await server.start();
  await counted.start();
});

afterAll(async () => {
  await server?.stop();
  await counted?.stop();
  await db?.close();
});

type Tokens = typeof tokens;
type Role = keyof Tokens;
const run = <T = Record<string, unknown>>(role: Role, query: string, variables?: Record<string, unknown>) =>
  execute<T>(server, query, { token: tokens[role], variables });
const codeOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions?.code;

const LIST = `query($f: StatisticalReportFilter) {
  statisticalReports(first: 50, filter: $f) { totalCount nodes { id enterprise { creditCode } } }
}`;
type ListResult = { statisticalReports: { totalCount: number; nodes: Array<{ id: string }> } };
const ONE = `query($id: ID!) {
  statisticalReport(id: $id) {
    id formCode period version latest status category county { code } department { code }
    enterprise { creditCode } form { code name frequency figures }
    figures { revenue outputValue employees } preparer preparerPhone submittedAt
    events { action fromStatus toStatus actor actorRole }
  }
}`;
const TOTALS = `query($p: String!, $c: String) {
  reportTotals(period: $p, countyCode: $c) {
    period county { code } acceptedOnly
    byCategory { category reportCount enterpriseCount revenue outputValue employees }
    byForm { form { code } reportCount enterpriseCount revenue outputValue employees }
  }
}`;
const SUBMIT = `mutation($input: SubmitStatisticalReportInput!) {
  submitStatisticalReport(input: $input) {
    id formCode period version latest status category county { code } department { code }
    figures { revenue outputValue employees } preparer preparerPhone events { action fromStatus toStatus actorRole }
  }
}`;
const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Enterprise {
      creditCode
      aboveScale { category since until current county { code } department { code } enterprise { creditCode } }
      statisticalReports(first: 5) { totalCount nodes { id period formCode } }
    }
  }
}`;
const sept = (extra: Record<string, unknown> = {}) => ({ f: { period: '2026-09', ...extra } });
const ids = (res: GraphQLResult<ListResult>) => res.data!.statisticalReports.nodes.map((n) => n.id).sort();

async function rowCounts() {
  const [r] = await conn.select({ n: count() }).from(reports);
  const [e] = await conn.select({ n: count() }).from(reportEvents);
  const [o] = await conn.select({ n: count() }).from(outbox);
  return { reports: Number(r!.n), events: Number(e!.n), outbox: Number(o!.n) };
}

describe('entities', () => {
  it('resolves Enterprise with its register records and reports', async () => {
    const res = await run('admin', ENTITIES, {
      r: [
        { __typename: 'Enterprise', creditCode: A },
        { __typename: 'Enterprise', creditCode: D },
        { __typename: 'Enterprise', creditCode: '91410400MA00000000' },
      ],
    });
    expect(res.errors).toBeUndefined();
    const [a, d, bad] = res.data!._entities as Array<Record<string, unknown> | null>;
    expect(a).toMatchObject({
      creditCode: A,
      aboveScale: [
        {
          category: 'INDUSTRY',
          since: '2019-01-01',
          until: null,
          current: true,
          county: { code: '410422' },
          department: { code: 'miit' },
          enterprise: { creditCode: A },
        },
      ],
      // The draft is the enterprise's own: staff and admins do not see it.
      statisticalReports: { totalCount: 3 },
    });
    const periods = (a!.statisticalReports as { nodes: Array<{ period: string }> }).nodes.map((n) => n.period);
    expect(periods).toEqual([...periods].sort().reverse());
    expect(d).toEqual({ creditCode: D, aboveScale: [], statisticalReports: { totalCount: 0, nodes: [] } });
    expect(bad).toBeNull();
  });

  it('resolves County with the size of its register, the city counting each enterprise once', async () => {
    const res = await execute(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { code aboveScaleEnterpriseCount } } }`,
      {
        variables: {
          r: [
            { __typename: 'County', code: '410422' },
            { __typename: 'County', code: '410425' },
            { __typename: 'County', code: '410400' },
            { __typename: 'County', code: '999999' },
          ],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { code: '410422', aboveScaleEnterpriseCount: 2 },
      // E left the register at the end of 2025.
      { code: '410425', aboveScaleEnterpriseCount: 1 },
      { code: '410400', aboveScaleEnterpriseCount: 53 },
      null,
    ]);
  });

  it('resolves StatisticalReport by id within the caller scope', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on StatisticalReport { id period status figures { revenue employees } } } }`;
    const r = [
      { __typename: 'StatisticalReport', id: rA1.id },
      { __typename: 'StatisticalReport', id: rB1.id },
      { __typename: 'StatisticalReport', id: 'not-a-uuid' },
    ];
    const admin = await run('admin', q, { r });
    expect(admin.errors).toBeUndefined();
    expect(admin.data!._entities).toEqual([
      { id: rA1.id, period: '2026-09', status: 'ACCEPTED', figures: { revenue: 5000.5, employees: 120 } },
      { id: rB1.id, period: '2026-09', status: 'ACCEPTED', figures: { revenue: 8000, employees: 300 } },
      null,
    ]);
    const own = await run('enterpriseA', q, { r });
    expect(own.errors).toBeUndefined();
    expect(own.data!._entities).toEqual([
      { id: rA1.id, period: '2026-09', status: 'ACCEPTED', figures: expect.anything() },
      null,
      null,
    ]);
  });
});

describe('public register', () => {
  it('lists the register page by page for anonymous callers, as it stood on a day', async () => {
    type Page = {
      aboveScaleEnterprises: {
        totalCount: number;
        nodes: Array<{ enterprise: { creditCode: string }; category: string; current: boolean }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const q = `query($after: String, $f: AboveScaleFilter) {
      aboveScaleEnterprises(first: 1, after: $after, filter: $f) {
        totalCount nodes { enterprise { creditCode } category current } pageInfo { hasNextPage endCursor }
      }
    }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResult<Page> = await execute<Page>(server, q, {
        variables: { after, f: { countyCode: '410425' } },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.aboveScaleEnterprises.totalCount).toBe(1);
      seen.push(...res.data!.aboveScaleEnterprises.nodes.map((n) => n.enterprise.creditCode));
      if (!res.data!.aboveScaleEnterprises.pageInfo.hasNextPage) break;
      after = res.data!.aboveScaleEnterprises.pageInfo.endCursor;
    }
    expect(seen).toEqual([B]);
    const past = await execute<Page>(server, q.replace('first: 1', 'first: 10'), {
      variables: { f: { countyCode: '410425', asOf: '2025-06-30', category: 'WHOLESALE_RETAIL' } },
    });
    expect(past.data!.aboveScaleEnterprises.nodes).toEqual([
      { enterprise: { creditCode: E }, category: 'WHOLESALE_RETAIL', current: false },
    ]);
  });

  it('refuses bad filters naming the field', async () => {
    const q = `query($f: AboveScaleFilter) { aboveScaleEnterprises(filter: $f) { totalCount } }`;
    const bad = await execute(server, q, { variables: { f: { asOf: '2026-02-30' } } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.asOf' });
    const county = await execute(server, q, { variables: { f: { countyCode: '110101' } } });
    expect(county.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.countyCode' });
  });

  it('lists the forms', async () => {
    const res = await execute(server, `{ statisticalForms { code name categories frequency figures } }`);
    expect(res.data!.statisticalForms).toContainEqual({
      code: 'B204-1',
      name: '工业产销总值及主要产品产量',
      categories: ['INDUSTRY'],
      frequency: 'MONTHLY',
      figures: ['OUTPUT_VALUE'],
    });
  });
});

describe('role matrix', () => {
  const allSept = () => [rA1.id, rA2.id, rB1.id, rC1.id].sort();

  it('lists the reports each role may see', async () => {
    const expected: Record<Role, string[] | 'UNAUTHENTICATED' | 'FORBIDDEN'> = {
      anonymous: 'UNAUTHENTICATED',
      enterpriseA: [rA1.id, rA2.id].sort(),
      enterpriseB: [rB1.id],
      countyClerk: [rA1.id, rA2.id, rC1.id].sort(),
      cityStaff: allSept(),
      otherStaff: 'FORBIDDEN',
      analyst: allSept(),
      admin: allSept(),
      person: 'FORBIDDEN',
    };
    for (const [role, want] of Object.entries(expected) as Array<[Role, (typeof expected)[Role]]>) {
      const res = await run<ListResult>(role, LIST, sept());
      if (typeof want === 'string') {
        expect(codeOf(res), role).toBe(want);
        expect(res.data?.statisticalReports ?? null, role).toBeNull();
      } else {
        expect(res.errors, role).toBeUndefined();
        expect(ids(res), role).toEqual(want);
        expect(res.data!.statisticalReports.totalCount, role).toBe(want.length);
      }
    }
  });

  it('reads one report: whole for the owner and staff, masked for analysts, refused or null for others', async () => {
    const full = await run('cityStaff', ONE, { id: rA1.id });
    expect(full.errors).toBeUndefined();
    expect(full.data!.statisticalReport).toEqual({
      id: rA1.id,
      formCode: 'B203-1',
      period: '2026-09',
      version: 1,
      latest: true,
      status: 'ACCEPTED',
      category: 'INDUSTRY',
      county: { code: '410422' },
      department: { code: 'miit' },
      enterprise: { creditCode: A },
      form: { code: 'B203-1', name: '工业企业财务状况', frequency: 'MONTHLY', figures: ['REVENUE', 'EMPLOYEES'] },
      figures: { revenue: 5000.5, outputValue: null, employees: 120 },
      preparer: '张伟',
      preparerPhone: '13812345678',
      submittedAt: '2026-10-10T02:00:00.000Z',
      events: [
        { action: 'submit', fromStatus: null, toStatus: 'SUBMITTED', actor: `ent-${A}`, actorRole: 'enterprise' },
        { action: 'accept', fromStatus: 'SUBMITTED', toStatus: 'ACCEPTED', actor: 'clerk-zhang', actorRole: 'staff' },
      ],
    });
    for (const role of ['countyClerk', 'admin'] as const) {
      const res = await run(role, ONE, { id: rA1.id });
      expect(res.data!.statisticalReport, role).toEqual(full.data!.statisticalReport);
    }
    // The enterprise sees its own report whole, but not the account of the clerk who accepted it.
    const own = await run<{ statisticalReport: { events: Array<{ actor: string }> } }>('enterpriseA', ONE, {
      id: rA1.id,
    });
    expect(own.data!.statisticalReport).toEqual({
      ...(full.data!.statisticalReport as object),
      events: [
        { action: 'submit', fromStatus: null, toStatus: 'SUBMITTED', actor: `ent-${A}`, actorRole: 'enterprise' },
        { action: 'accept', fromStatus: 'SUBMITTED', toStatus: 'ACCEPTED', actor: 'staff', actorRole: 'staff' },
      ],
    });
    const masked = await run<{ statisticalReport: Record<string, unknown> }>('analyst', ONE, { id: rA1.id });
    expect(masked.errors).toBeUndefined();
    expect(masked.data!.statisticalReport).toMatchObject({
      figures: { revenue: 5000.5, outputValue: null, employees: 120 },
      preparer: '张*',
      preparerPhone: '138****5678',
      events: [{ actor: 'e' + '*'.repeat(`ent-${A}`.length - 1) }, { actor: 'c**********' }],
    });
    expect((await run('enterpriseB', ONE, { id: rA1.id })).data).toEqual({ statisticalReport: null });
    expect(codeOf(await run('anonymous', ONE, { id: rA1.id }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await run('otherStaff', ONE, { id: rA1.id }))).toBe('FORBIDDEN');
    expect(codeOf(await run('person', ONE, { id: rA1.id }))).toBe('FORBIDDEN');
    expect((await run('admin', ONE, { id: '0190a4d0-0000-7000-8000-000000000000' })).data).toEqual({
      statisticalReport: null,
    });
    expect((await run('admin', ONE, { id: 'x' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
  });

  it('sums a period per category and per form within the caller scope', async () => {
    const admin = await run('admin', TOTALS, { p: '2026-09' });
    expect(admin.errors).toBeUndefined();
    expect(admin.data!.reportTotals).toEqual({
      period: '2026-09',
      county: null,
      acceptedOnly: false,
      byCategory: [
        {
          category: 'INDUSTRY',
          reportCount: 3,
          enterpriseCount: 2,
          revenue: 13000.5,
          outputValue: 5200,
          employees: 420,
        },
        { category: 'SERVICES', reportCount: 1, enterpriseCount: 1, revenue: 1500, outputValue: 0, employees: 40 },
      ],
      byForm: [
        { form: { code: 'B204-1' }, reportCount: 1, enterpriseCount: 1, revenue: 0, outputValue: 5200, employees: 0 },
        {
          form: { code: 'B203-1' },
          reportCount: 2,
          enterpriseCount: 2,
          revenue: 13000.5,
          outputValue: 0,
          employees: 420,
        },
        { form: { code: 'F203' }, reportCount: 1, enterpriseCount: 1, revenue: 1500, outputValue: 0, employees: 40 },
      ],
    });
    expect((await run('analyst', TOTALS, { p: '2026-09' })).data).toEqual(admin.data);
    expect((await run('cityStaff', TOTALS, { p: '2026-09' })).data).toEqual(admin.data);
    const clerk = await run<{ reportTotals: { byCategory: unknown[] } }>('countyClerk', TOTALS, { p: '2026-09' });
    expect(clerk.data!.reportTotals.byCategory).toEqual([
      { category: 'INDUSTRY', reportCount: 2, enterpriseCount: 1, revenue: 5000.5, outputValue: 5200, employees: 120 },
      { category: 'SERVICES', reportCount: 1, enterpriseCount: 1, revenue: 1500, outputValue: 0, employees: 40 },
    ]);
    const accepted = await run<{ reportTotals: { byForm: unknown[] } }>(
      'admin',
      `{ reportTotals(period: "2026-09", countyCode: "410422", acceptedOnly: true) { county { code } byForm { form { code } reportCount revenue } } }`,
    );
    expect(accepted.data!.reportTotals).toEqual({
      county: { code: '410422' },
      byForm: [{ form: { code: 'B203-1' }, reportCount: 1, revenue: 5000.5 }],
    });
    for (const [role, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['otherStaff', 'FORBIDDEN'],
      ['person', 'FORBIDDEN'],
    ] as const) {
      const res = await run(role, TOTALS, { p: '2026-09' });
      expect(codeOf(res), role).toBe(code);
      expect(res.data, role).toBeNull();
    }
    const bad = await run('admin', TOTALS, { p: '2026-9' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
  });

  it('lets only the enterprise itself submit', async () => {
    const input = { formCode: 'B204-1', period: '2026-10', outputValue: 100 };
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
      const res = await run(role, SUBMIT, { input });
      expect(codeOf(res), role).toBe(code);
      expect(res.data, role).toBeNull();
    }
    expect(await rowCounts()).toEqual(before);
    const b = await run<{ submitStatisticalReport: Record<string, unknown> }>('enterpriseB', SUBMIT, { input });
    expect(b.errors).toBeUndefined();
    expect(b.data!.submitStatisticalReport).toMatchObject({
      formCode: 'B204-1',
      period: '2026-10',
      version: 1,
      status: 'SUBMITTED',
      county: { code: '410425' },
      department: { code: 'miit' },
    });
  });
});

describe('leaks', () => {
  it('keeps 郏县 and enterprise B records from a 叶县 clerk and from enterprise A on every path', async () => {
    for (const role of ['countyClerk', 'enterpriseA'] as const) {
      const byCounty = await run<ListResult>(role, LIST, sept({ countyCode: '410425' }));
      expect(byCounty.errors, role).toBeUndefined();
      expect(byCounty.data!.statisticalReports, role).toEqual({ totalCount: 0, nodes: [] });
      const all = await run<ListResult>(role, LIST, { f: { allVersions: true } });
      expect(ids(all).includes(rB1.id), role).toBe(false);
      expect((await run(role, ONE, { id: rB1.id })).data, role).toEqual({ statisticalReport: null });
      const entity = await run(
        role,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on StatisticalReport { id figures { revenue } } } }`,
        { r: [{ __typename: 'StatisticalReport', id: rB1.id }] },
      );
      expect(entity.data, role).toEqual({ _entities: [null] });
    }
    // Through the Enterprise entity: the clerk sees no rows of B, enterprise A is refused.
    const clerk = await run('countyClerk', ENTITIES, { r: [{ __typename: 'Enterprise', creditCode: B }] });
    expect(clerk.errors).toBeUndefined();
    expect(clerk.data!._entities).toEqual([
      {
        creditCode: B,
        aboveScale: [expect.objectContaining({ category: 'INDUSTRY' })],
        statisticalReports: { totalCount: 0, nodes: [] },
      },
    ]);
    const own = await run('enterpriseA', ENTITIES, { r: [{ __typename: 'Enterprise', creditCode: B }] });
    expect(codeOf(own)).toBe('FORBIDDEN');
    expect(JSON.stringify(own.data)).not.toContain(rB1.id);
    const totals = await run<{ reportTotals: { byCategory: unknown[]; byForm: unknown[] } }>('countyClerk', TOTALS, {
      p: '2026-09',
      c: '410425',
    });
    expect(totals.data!.reportTotals).toMatchObject({ byCategory: [], byForm: [] });
  });
});

describe('submitStatisticalReport', () => {
  it('files version 1 with its event and outbox row in one transaction', async () => {
    const token = await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: A });
    const res = await execute<{ submitStatisticalReport: { id: string } & Record<string, unknown> }>(server, SUBMIT, {
      token,
      variables: {
        input: {
          formCode: 'B203-1',
          period: '2026-10',
          revenue: 5100.25,
          employees: 121,
          preparer: ' 李娜 ',
          preparerPhone: '0375-2345678',
        },
      },
    });
    expect(res.errors).toBeUndefined();
    const created = res.data!.submitStatisticalReport;
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
      formCode: 'B203-1',
      period: '2026-10',
      version: 1,
      latest: true,
      status: 'SUBMITTED',
      category: 'INDUSTRY',
      county: { code: '410422' },
      department: { code: 'miit' },
      figures: { revenue: 5100.25, outputValue: null, employees: 121 },
      preparer: '李娜',
      preparerPhone: '0375-2345678',
      events: [{ action: 'submit', fromStatus: null, toStatus: 'SUBMITTED', actorRole: 'enterprise' }],
    });
    const [message] = await conn
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `notify.report.submitted:${created.id}`));
    expect(message).toMatchObject({
      topic: 'notify.report.submitted',
      payload: {
        reportId: created.id,
        enterpriseCode: A,
        formCode: 'B203-1',
        period: '2026-10',
        version: 1,
        correction: false,
        departmentCode: 'miit',
        countyCode: '410422',
      },
    });
  });

  it('files a correction of an accepted report as the next version', async () => {
    const res = await run<{ submitStatisticalReport: { id: string; version: number; latest: boolean } }>(
      'enterpriseA',
      SUBMIT,
      { input: { formCode: 'B203-1', period: '2026-08', revenue: 4850, employees: 118 } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitStatisticalReport).toMatchObject({ version: 2, latest: true, status: 'SUBMITTED' });
    const old = await run('enterpriseA', ONE, { id: rA3.id });
    expect(old.data!.statisticalReport).toMatchObject({
      version: 1,
      latest: false,
      status: 'ACCEPTED',
      events: [
        { action: 'submit' },
        { action: 'accept' },
        { action: 'correct', fromStatus: 'ACCEPTED', toStatus: 'ACCEPTED', actorRole: 'enterprise' },
      ],
    });
    const current = await run<ListResult>('enterpriseA', LIST, { f: { period: '2026-08' } });
    expect(ids(current)).toEqual([res.data!.submitStatisticalReport.id]);
    const history = await run<ListResult>('enterpriseA', LIST, { f: { period: '2026-08', allVersions: true } });
    expect(history.data!.statisticalReports.totalCount).toBe(2);
    const [outboxRow] = await conn
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `notify.report.submitted:${res.data!.submitStatisticalReport.id}`));
    expect(outboxRow?.payload).toMatchObject({ version: 2, correction: true });
  });

  it('refuses a correction while the current version waits for review (CONFLICT), writing nothing', async () => {
    const before = await rowCounts();
    const res = await run('enterpriseA', SUBMIT, {
      input: { formCode: 'B204-1', period: '2026-09', outputValue: 5300 },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'AWAITING_REVIEW',
      reportId: rA2.id,
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('submits a current draft in place', async () => {
    const res = await run<{ submitStatisticalReport: { id: string } }>('enterpriseA', SUBMIT, {
      input: { formCode: 'B203-1', period: '2026-07', revenue: 4700, employees: 117 },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitStatisticalReport).toMatchObject({
      id: draft.id,
      version: 1,
      status: 'SUBMITTED',
      figures: { revenue: 4700, outputValue: null, employees: 117 },
      events: [{ action: 'submit', fromStatus: 'DRAFT', toStatus: 'SUBMITTED' }],
    });
  });

  it('requires the enterprise to be in the register for the form during the period', async () => {
    const d = await tokenFor({ sub: 'ent-d', role: 'enterprise', enterprise: D });
    const e = await tokenFor({ sub: 'ent-e', role: 'enterprise', enterprise: E });
    const before = await rowCounts();
    const notIn = await execute(server, SUBMIT, {
      token: d,
      variables: { input: { formCode: 'B204-1', period: '2026-09', outputValue: 10 } },
    });
    expect(notIn.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_IN_REGISTER' });
    // A is in the register for industry, not for services.
    const wrongForm = await run('enterpriseA', SUBMIT, {
      input: { formCode: 'F203', period: '2026-09', revenue: 1, employees: 1 },
    });
    expect(wrongForm.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_IN_REGISTER' });
    const left = await execute(server, SUBMIT, {
      token: e,
      variables: { input: { formCode: 'E203', period: '2026-09', revenue: 10, employees: 3 } },
    });
    expect(left.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_IN_REGISTER' });
    expect(await rowCounts()).toEqual(before);
    // E was still in the register in December 2025.
    const inTime = await execute<{ submitStatisticalReport: { category: string; county: { code: string } } }>(
      server,
      SUBMIT,
      { token: e, variables: { input: { formCode: 'E203', period: '2025-12', revenue: 10, employees: 3 } } },
    );
    expect(inTime.errors).toBeUndefined();
    expect(inTime.data!.submitStatisticalReport).toMatchObject({
      category: 'WHOLESALE_RETAIL',
      county: { code: '410425' },
    });
  });

  it('lets one of two simultaneous filings through and refuses the other with CONFLICT', async () => {
    const input = { formCode: 'F203', period: '2026-10', revenue: 1600, employees: 41 };
    const c = await tokenFor({ sub: 'ent-c', role: 'enterprise', enterprise: C });
    const results = await Promise.all([1, 2].map(() => execute(server, SUBMIT, { token: c, variables: { input } })));
    const codes = results.map((r) => codeOf(r) ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const rows = await conn.select().from(reports).where(eq(reports.enterpriseCode, C));
    expect(rows.filter((r) => r.period === '2026-10')).toHaveLength(1);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, writing nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ formCode: 'B203-1', period: '2026-13', revenue: 1, employees: 1 }, 'input.period'],
      [{ formCode: 'B203-1', period: '2099-01', revenue: 1, employees: 1 }, 'input.period'],
      [{ formCode: 'C204-1', period: '2026-08', revenue: 1, outputValue: 1, employees: 1 }, 'input.period'],
      [{ formCode: 'Z999', period: '2026-09', revenue: 1 }, 'input.formCode'],
      [{ formCode: 'B203-1', period: '2026-06', revenue: -1, employees: 1 }, 'input.revenue'],
      [{ formCode: 'B203-1', period: '2026-06', revenue: 1.234, employees: 1 }, 'input.revenue'],
      [{ formCode: 'B203-1', period: '2026-06', revenue: 1 }, 'input.employees'],
      [{ formCode: 'B203-1', period: '2026-06', revenue: 1, employees: -3 }, 'input.employees'],
      [{ formCode: 'B203-1', period: '2026-06', revenue: 1, employees: 1, outputValue: 5 }, 'input.outputValue'],
      [{ formCode: 'B204-1', period: '2026-06' }, 'input.outputValue'],
      [{ formCode: 'B204-1', period: '2026-06', outputValue: 1, preparerPhone: '12345' }, 'input.preparerPhone'],
      [{ formCode: 'B204-1', period: '2026-06', outputValue: 1, preparer: '王' }, 'input.preparer'],
    ];
    const before = await rowCounts();
    for (const [input, field] of cases) {
      const res = await run('enterpriseA', SUBMIT, { input });
      expect(res.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.data, field).toBeNull();
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe('statement count', () => {
  it('costs the same number of statements for 10 and for 50 enterprises through _entities', async () => {
    const admin = await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' });
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise {
      creditCode aboveScale { category current }
      statisticalReports(first: 1) { totalCount nodes { id period figures { outputValue } events { action } } }
    } } }`;
    const measure = async (codes: string[]) => {
      counter.reset();
      const res = await execute<{ _entities: Array<{ statisticalReports: { totalCount: number; nodes: unknown[] } }> }>(
        counted,
        q,
        { token: admin, variables: { r: codes.map((creditCode) => ({ __typename: 'Enterprise', creditCode })) } },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toHaveLength(codes.length);
      for (const e of res.data!._entities) {
        expect(e.statisticalReports.totalCount).toBe(2);
        expect(e.statisticalReports.nodes).toHaveLength(1);
      }
      return counter.count;
    };
    const ten = await measure(MANY.slice(0, 10));
    const fifty = await measure(MANY);
    expect(ten).toBe(fifty);
    expect(fifty).toBeLessThanOrEqual(4);
  });
});

describe('ordering', () => {
  it('lists reports newest period first with stable cursors', async () => {
    const token = await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' });
    const q = `query($after: String) { statisticalReports(first: 7, after: $after, filter: { allVersions: true }) {
      totalCount edges { cursor node { id period } } pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      statisticalReports: {
        totalCount: number;
        edges: Array<{ node: { id: string; period: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const seen: Array<{ id: string; period: string }> = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const res: GraphQLResult<Page> = await execute<Page>(server, q, { token, variables: { after } });
      expect(res.errors).toBeUndefined();
      total = res.data!.statisticalReports.totalCount;
      seen.push(...res.data!.statisticalReports.edges.map((e) => e.node));
      if (!res.data!.statisticalReports.pageInfo.hasNextPage) break;
      after = res.data!.statisticalReports.pageInfo.endCursor;
    }
    const all = await conn.select({ id: reports.id, period: reports.period }).from(reports).orderBy(asc(reports.id));
    expect(seen).toHaveLength(all.length);
    expect(total).toBe(all.length);
    expect(new Set(seen.map((s) => s.id)).size).toBe(all.length);
    const periods = seen.map((s) => s.period);
    expect(periods).toEqual([...periods].sort().reverse());
  });
});

describe('demo seed', () => {
  it('seeds a register over the twelve units with reports, idempotently', async () => {
    const list = demoEnterprises(300);
    await conn.transaction(async (tx) => seedStatistics(tx, list));
    const once = await rowCounts();
    await seedStatistics(conn, list);
    expect(await rowCounts()).toEqual(once);
    const counties = await execute<{ _entities: Array<{ aboveScaleEnterpriseCount: number }> }>(
      server,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { aboveScaleEnterpriseCount } } }`,
      { variables: { r: [...new Set(list.map((e) => e.countyCode))].map((code) => ({ __typename: 'County', code })) } },
    );
    expect(counties.data!._entities).toHaveLength(12);
    for (const c of counties.data!._entities) expect(c.aboveScaleEnterpriseCount).toBeGreaterThan(0);
    const totals = await run<{ reportTotals: { byCategory: Array<{ category: string; reportCount: number }> } }>(
      'admin',
      TOTALS,
      { p: '2026-09' },
    );
    const industry = totals.data!.reportTotals.byCategory.find((t) => t.category === 'INDUSTRY');
    expect(industry!.reportCount).toBeGreaterThan(20);
  });
});
