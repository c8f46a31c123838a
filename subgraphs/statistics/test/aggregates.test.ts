/**
 * Analysts' aggregates: sums by county, industry at each GB/T 4754 level and month, growth year on year and month on
 * month, accepted reports only by default, the caller's scope, groups withheld from leaders, bounded pages.
 */
import type { Database } from '@qq/db/client';
import { units } from '@qq/db/schema/statistics';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { creditCode, report, roleTokens } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let leader: string;

const YE = '410422';
const JIA = '410425';
// 叶县: A (C3311) and B (C3312) industry, D (F5212) retail, X services without a statistical unit; 郏县: C (C1711).
const A = creditCode(YE);
const B = creditCode(YE);
const C = creditCode(JIA);
const D = creditCode(YE);
const X = creditCode(YE);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  await conn.insert(units).values([
    { enterpriseCode: A, industryCode: 'C3311', countyCode: YE },
    { enterpriseCode: B, industryCode: 'C3312', countyCode: YE },
    { enterpriseCode: C, industryCode: 'C1711', countyCode: JIA },
    { enterpriseCode: D, industryCode: 'F5212', countyCode: YE },
  ]);
  const ind = (enterpriseCode: string, countyCode: string, period: string, revenue: number, status = 'ACCEPTED') =>
    report(conn, {
      enterpriseCode,
      countyCode,
      category: 'INDUSTRY',
      formCode: 'B203-1',
      period,
      status: status as 'ACCEPTED',
      revenue,
      mainBusinessRevenue: revenue - 10,
      employees: 10,
      preparerName: '王伟',
      preparerPhone: '13812345678',
    });
  await ind(A, YE, '2025-09', 100);
  await ind(B, YE, '2025-09', 200);
  await ind(C, JIA, '2025-09', 300);
  await ind(A, YE, '2025-10', 110);
  await ind(A, YE, '2026-09', 150);
  await ind(B, YE, '2026-09', 250);
  await ind(C, JIA, '2026-09', 330);
  await ind(A, YE, '2026-10', 165);
  await ind(B, YE, '2026-10', 250, 'SUBMITTED');
  await ind(C, JIA, '2026-10', 363);
  await report(conn, {
    enterpriseCode: D,
    countyCode: YE,
    category: 'WHOLESALE_RETAIL',
    formCode: 'E203',
    period: '2026-10',
    status: 'ACCEPTED',
    revenue: 40,
    employees: 5,
  });
  await report(conn, {
    enterpriseCode: X,
    countyCode: YE,
    category: 'SERVICES',
    formCode: 'F203',
    period: '2026-10',
    status: 'ACCEPTED',
    revenue: 70,
    employees: 7,
  });
  tokens = await roleTokens(A, B);
  leader = await tokenFor({ sub: 'leader-1', role: 'leader' });
  server = createServer({ db: await db.connectAs('statistics') });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const AGG = `query($from: String!, $to: String!, $g: [AggregateDimension!]!, $l: IndustryLevel, $f: ReportAggregateFilter, $first: Int, $after: String) {
  reportAggregates(from: $from, to: $to, groupBy: $g, industryLevel: $l, filter: $f, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      period county { code } industryCode reportCount enterpriseCount withheld revenue employees
      yearOnYear { revenue } monthOnMonth { revenue }
    }
  }
}`;
type Node = {
  period: string | null;
  county: { code: string } | null;
  industryCode: string | null;
  reportCount: number;
  enterpriseCount: number;
  withheld: boolean;
  revenue: number | null;
  employees: number | null;
  yearOnYear: { revenue: number | null };
  monthOnMonth: { revenue: number | null };
};
type Result = {
  reportAggregates: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Node[] };
};
const run = (role: keyof typeof tokens | string, variables: Record<string, unknown>) =>
  execute<Result>(server, AGG, { token: role in tokens ? tokens[role as keyof typeof tokens] : role, variables });
const ok = async (role: keyof typeof tokens | string, variables: Record<string, unknown>) => {
  const res = await run(role, variables);
  expect(res.errors).toBeUndefined();
  return res.data!.reportAggregates;
};
const codeOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions?.code;
const brief = (n: Node) => [
  n.period,
  n.county?.code ?? null,
  n.industryCode,
  n.revenue,
  n.yearOnYear.revenue,
  n.monthOnMonth.revenue,
];

describe('reportAggregates', () => {
  it('sums by county and industry section with growth on last year and last month', async () => {
    const res = await ok('analyst', { from: '2026-10', to: '2026-10', g: ['COUNTY', 'INDUSTRY'] });
    expect(res.totalCount).toBe(4);
    expect(res.nodes.map(brief)).toEqual([
      [null, YE, 'C', 165, 0.5, -0.5875],
      [null, YE, 'F', 40, null, null],
      [null, YE, null, 70, null, null],
      [null, JIA, 'C', 363, null, 0.1],
    ]);
    expect(res.nodes[0]).toMatchObject({ reportCount: 1, enterpriseCount: 1, withheld: false, employees: 10 });
  });

  it('sums by month within an industry division, accepted reports unless asked otherwise', async () => {
    const vars = { from: '2026-09', to: '2026-10', g: ['PERIOD'], f: { industryPrefix: 'C33' } };
    const res = await ok('analyst', vars);
    expect(res.nodes.map(brief)).toEqual([
      ['2026-09', null, null, 400, 0.333333, null],
      ['2026-10', null, null, 165, 0.5, -0.5875],
    ]);
    expect(res.nodes.map((n) => n.enterpriseCount)).toEqual([2, 1]);
    const all = await ok('analyst', { ...vars, f: { industryPrefix: 'C33', acceptedOnly: false } });
    expect(all.nodes.map((n) => n.revenue)).toEqual([400, 415]);
  });

  it('groups at the class level over a range, the reference ranges shifted alike', async () => {
    const res = await ok('admin', {
      from: '2026-09',
      to: '2026-10',
      g: ['INDUSTRY'],
      l: 'CLASS',
      f: { countyCode: YE },
    });
    expect(res.nodes.map(brief)).toEqual([
      [null, null, 'C3311', 315, 0.5, 1.1],
      [null, null, 'C3312', 250, 0.25, 0],
      [null, null, 'F5212', 40, null, null],
      [null, null, null, 70, null, null],
    ]);
    const division = await ok('analyst', { from: '2026-09', to: '2026-09', g: ['INDUSTRY'], l: 'DIVISION' });
    expect(division.nodes.map((n) => [n.industryCode, n.revenue])).toEqual([
      ['C17', 330],
      ['C33', 400],
    ]);
    const group = await ok('analyst', { from: '2026-09', to: '2026-09', g: ['INDUSTRY'], l: 'GROUP' });
    expect(group.nodes.map((n) => n.industryCode)).toEqual(['C171', 'C331']);
    const total = await ok('analyst', { from: '2026-10', to: '2026-10', g: [] });
    expect(total.nodes.map(brief)).toEqual([[null, null, null, 638, 4.8, -0.126027]]);
  });

  it('withholds from leaders the figures of groups of fewer than three enterprises', async () => {
    const res = await ok(leader, { from: '2026-10', to: '2026-10', g: ['COUNTY'] });
    expect(res.nodes).toEqual([
      expect.objectContaining({ county: { code: YE }, enterpriseCount: 3, withheld: false, revenue: 275 }),
      expect.objectContaining({
        county: { code: JIA },
        enterpriseCount: 1,
        withheld: true,
        revenue: null,
        employees: null,
        yearOnYear: { revenue: null },
        monthOnMonth: { revenue: null },
      }),
    ]);
  });

  it('keeps each caller to its scope and refuses the others', async () => {
    const clerk = await ok('countyClerk', { from: '2026-10', to: '2026-10', g: ['COUNTY'] });
    expect(clerk.nodes.map((n) => [n.county?.code, n.revenue])).toEqual([[YE, 275]]);
    const elsewhere = await ok('countyClerk', {
      from: '2026-10',
      to: '2026-10',
      g: ['COUNTY'],
      f: { countyCode: JIA },
    });
    expect(elsewhere.totalCount).toBe(0);
    const vars = { from: '2026-10', to: '2026-10', g: ['COUNTY'] };
    expect(codeOf(await run('anonymous', vars))).toBe('UNAUTHENTICATED');
    expect(codeOf(await run('enterpriseA', vars))).toBe('FORBIDDEN');
    expect(codeOf(await run('otherStaff', vars))).toBe('FORBIDDEN');
  });

  it('bounds the range and the page, and names each bad argument', async () => {
    for (const [vars, field] of [
      [{ from: '2026-13', to: '2026-10' }, 'from'],
      [{ from: '2026-10', to: '2026-09' }, 'to'],
      [{ from: '2023-01', to: '2026-01' }, 'to'],
      [{ from: '2026-10', to: '2026-10', f: { industryPrefix: 'C99' } }, 'filter.industryPrefix'],
      [{ from: '2026-10', to: '2026-10', first: 500 }, 'first'],
      [{ from: '2026-10', to: '2026-10', after: 'nope' }, 'after'],
    ] as const) {
      const res = await run('analyst', { g: [], ...vars });
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const first = await ok('analyst', { from: '2026-10', to: '2026-10', g: ['COUNTY', 'INDUSTRY'], first: 3 });
    expect(first.nodes).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await ok('analyst', {
      from: '2026-10',
      to: '2026-10',
      g: ['COUNTY', 'INDUSTRY'],
      first: 3,
      after: first.pageInfo.endCursor,
    });
    expect(next.nodes.map(brief)).toEqual([[null, JIA, 'C', 363, null, 0.1]]);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });
});
