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
import { asc, count, ne } from 'drizzle-orm';
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
  await report(conn, {
    ...ind,
    enterpriseCode: A,
    countyCode: '410422',
    formCode: 'B203-1',
    period: '2026-08',
    status: 'ACCEPTED',
    revenue: 4800,
    employees: 118,
  });
  await report(conn, {
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
const SUBMIT = `mutation($input: StatisticalReportInput!) {
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
      form: {
        code: 'B203-1',
        name: '工业企业财务状况',
        frequency: 'MONTHLY',
        figures: ['REVENUE', 'MAIN_BUSINESS_REVENUE', 'EMPLOYEES'],
      },
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
    const input = {
      formCode: 'B204-1',
      period: '2026-10',
      outputValue: 100,
      preparer: '王芳',
      preparerPhone: '13900001111',
    };
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
    // Drafts are the enterprise's own: the admin lists every other version.
    const all = await conn
      .select({ id: reports.id, period: reports.period })
      .from(reports)
      .where(ne(reports.status, 'DRAFT'))
      .orderBy(asc(reports.id));
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
