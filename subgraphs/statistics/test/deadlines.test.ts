/**
 * Deadlines: the reporting calendar (the 18th of the next month on the working-day calendar, January exempt, the
 * bureau's entries), who had to file what and how they did (on time, late, missing, pending) per county, department,
 * form and period, the monthly figures on County and Department, and the reminder job (before and after, never twice).
 */
import type { Database } from '@qq/db/client';
import { jobRuns, outbox } from '@qq/db/schema/statistics';
import { runJobOnce } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { remindDeadlines } from '../src/jobs.ts';
import { creditCode, registerRecord, report, roleTokens } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;

// 叶县 industry: A on time, B late, C missing; 郏县 industry: D on time; 叶县 services: S missing (F203);
// L left the register before September 2026 and owes nothing.
const A = creditCode('410422');
const B = creditCode('410422');
const C = creditCode('410422');
const D = creditCode('410425');
const S = creditCode('410422');
const L = creditCode('410422');

/** 2026-10-18 is a Sunday: the September deadline moves to Monday 19 October. */
const DUE = '2026-10-19';
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  for (const code of [A, B, C])
    await registerRecord(conn, { enterpriseCode: code, countyCode: '410422', category: 'INDUSTRY' });
  await registerRecord(conn, { enterpriseCode: D, countyCode: '410425', category: 'INDUSTRY' });
  await registerRecord(conn, { enterpriseCode: S, countyCode: '410422', category: 'SERVICES' });
  await registerRecord(conn, { enterpriseCode: L, countyCode: '410422', category: 'INDUSTRY', until: '2026-08-31' });
  const ind = { category: 'INDUSTRY' as const, formCode: 'B203-1', period: '2026-09', revenue: 100, employees: 5 };
  await report(conn, {
    ...ind,
    enterpriseCode: A,
    countyCode: '410422',
    status: 'ACCEPTED',
    submittedAt: at('2026-10-10T02:00:00Z'),
  });
  // Filed on the deadline day late in the evening (CST): on time; then B on the 20th: late.
  await report(conn, {
    ...ind,
    enterpriseCode: D,
    countyCode: '410425',
    status: 'SUBMITTED',
    submittedAt: at('2026-10-19T15:30:00Z'),
  });
  await report(conn, {
    ...ind,
    enterpriseCode: B,
    countyCode: '410422',
    status: 'SUBMITTED',
    submittedAt: at('2026-10-20T01:00:00Z'),
  });
  tokens = await roleTokens(A, B);
  server = createServer({ db: await db.connectAs('statistics') });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const run = <T = Record<string, unknown>>(
  role: keyof typeof tokens | string,
  query: string,
  variables?: Record<string, unknown>,
) => execute<T>(server, query, { token: role in tokens ? tokens[role as keyof typeof tokens] : role, variables });
const codeOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions?.code;

const CALENDAR = `query($y: Int!, $f: String) {
  reportingCalendar(year: $y, formCode: $f) { form { code } period opensOn dueOn exempt custom }
}`;
const OBLIGATIONS = `query($f: String!, $p: String!, $s: FilingStatus, $c: String, $d: String) {
  reportingObligations(formCode: $f, period: $p, status: $s, countyCode: $c, departmentCode: $d) {
    enterprise { creditCode } county { code } department { code } period dueOn status submittedAt reportStatus daysLate
  }
}`;
type Obligations = {
  reportingObligations: Array<{ enterprise: { creditCode: string }; status: string; daysLate: number | null }>;
};

describe('reporting calendar', () => {
  it('gives the 18th of the next month, moved to the next working day, January exempt', async () => {
    const res = await execute<{ reportingCalendar: Array<Record<string, unknown>> }>(server, CALENDAR, {
      variables: { y: 2026, f: 'B203-1' },
    });
    expect(res.errors).toBeUndefined();
    const cal = res.data!.reportingCalendar;
    expect(cal).toHaveLength(12);
    expect(cal[0]).toEqual({
      form: { code: 'B203-1' },
      period: '2026-01',
      opensOn: '2026-02-01',
      dueOn: '2026-02-24',
      exempt: true,
      custom: false,
    });
    expect(cal[8]).toMatchObject({ period: '2026-09', opensOn: '2026-10-01', dueOn: DUE, exempt: false });
    expect(cal[10]).toMatchObject({ period: '2026-11', dueOn: '2026-12-18' });
    const quarterly = await execute<{ reportingCalendar: Array<{ period: string }> }>(server, CALENDAR, {
      variables: { y: 2026, f: 'C204-1' },
    });
    expect(quarterly.data!.reportingCalendar.map((e) => e.period)).toEqual([
      '2026-03',
      '2026-06',
      '2026-09',
      '2026-12',
    ]);
  });

  it('lets only 市统计局 city staff set an entry', async () => {
    const SET = `mutation($i: ReportingCalendarEntryInput!) { setReportingCalendarEntry(input: $i) { period opensOn dueOn exempt custom } }`;
    const input = { formCode: 'F203', period: '2026-11', opensOn: '2026-12-01', dueOn: '2026-12-21' };
    const statsCity = await tokenFor({ sub: 'stats-city', role: 'staff', dept: 'stats', county: '410400' });
    for (const [role, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['countyClerk', 'FORBIDDEN'],
      ['cityStaff', 'FORBIDDEN'],
      ['otherStaff', 'FORBIDDEN'],
      ['analyst', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
    ] as const) {
      expect(codeOf(await run(role, SET, { i: input })), role).toBe(code);
    }
    const bad = await run(statsCity, SET, { i: { ...input, dueOn: '2026-11-30' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.dueOn' });
    const res = await run(statsCity, SET, { i: input });
    expect(res.errors).toBeUndefined();
    expect(res.data!.setReportingCalendarEntry).toEqual({
      period: '2026-11',
      opensOn: '2026-12-01',
      dueOn: '2026-12-21',
      exempt: false,
      custom: true,
    });
    const cal = await execute<{ reportingCalendar: Array<{ period: string; dueOn: string; custom: boolean }> }>(
      server,
      CALENDAR,
      {
        variables: { y: 2026, f: 'F203' },
      },
    );
    expect(cal.data!.reportingCalendar.find((e) => e.period === '2026-11')).toMatchObject({
      dueOn: '2026-12-21',
      custom: true,
    });
  });
});

describe('late and missing lists', () => {
  it('lists who had to file B203-1 for 2026-09 and how they did, by county and department', async () => {
    const res = await run<Obligations>('cityStaff', OBLIGATIONS, { f: 'B203-1', p: '2026-09' });
    expect(res.errors).toBeUndefined();
    const got = Object.fromEntries(res.data!.reportingObligations.map((o) => [o.enterprise.creditCode, o]));
    expect(Object.keys(got).sort()).toEqual([A, B, C, D].sort());
    expect(got[A]).toMatchObject({ status: 'ON_TIME', reportStatus: 'ACCEPTED', dueOn: DUE, daysLate: null });
    expect(got[D]).toMatchObject({ status: 'ON_TIME', county: { code: '410425' }, department: { code: 'miit' } });
    expect(got[B]).toMatchObject({ status: 'LATE', daysLate: 1, submittedAt: '2026-10-20T01:00:00.000Z' });
    expect(got[C]).toMatchObject({ status: 'MISSING', submittedAt: null, reportStatus: null });
    const late = await run<Obligations>('cityStaff', OBLIGATIONS, {
      f: 'B203-1',
      p: '2026-09',
      s: 'LATE',
      c: '410422',
      d: 'miit',
    });
    expect(late.data!.reportingObligations.map((o) => o.enterprise.creditCode)).toEqual([B]);
    // A 叶县 clerk sees 叶县 only.
    const clerk = await run<Obligations>('countyClerk', OBLIGATIONS, { f: 'B203-1', p: '2026-09' });
    expect(clerk.data!.reportingObligations.map((o) => o.enterprise.creditCode).sort()).toEqual([A, B, C].sort());
    const missing = await run<Obligations>('analyst', OBLIGATIONS, { f: 'F203', p: '2026-09', s: 'MISSING' });
    expect(missing.data!.reportingObligations.map((o) => o.enterprise.creditCode)).toEqual([S]);
  });

  it('refuses the lists to callers outside the module and bad arguments naming the field', async () => {
    for (const [role, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['otherStaff', 'FORBIDDEN'],
      ['person', 'FORBIDDEN'],
    ] as const) {
      expect(codeOf(await run(role, OBLIGATIONS, { f: 'B203-1', p: '2026-09' })), role).toBe(code);
    }
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ f: 'Z1', p: '2026-09' }, 'formCode'],
      [{ f: 'B203-1', p: '2026-9' }, 'period'],
      [{ f: 'C204-1', p: '2026-08' }, 'period'],
      [{ f: 'B203-1', p: '2026-09', c: '110101' }, 'countyCode'],
      [{ f: 'B203-1', p: '2026-09', d: 'ndrc' }, 'departmentCode'],
    ];
    for (const [v, field] of cases) {
      expect((await run('admin', OBLIGATIONS, v)).errors?.[0]?.extensions, field).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
  });
});

describe('monthly figures for the evaluation', () => {
  it('counts the reports due in October 2026 per county, the city and per department', async () => {
    const q = `query($r: [_Any!]!, $m: String!) { _entities(representations: $r) {
      ... on County { code statisticsFigures(month: $m) { month due onTime late missing pending filingRate onTimeRate } }
      ... on Department { code statisticsFigures(month: $m) { due onTime late missing } }
    } }`;
    const leader = await tokenFor({ sub: 'leader-1', role: 'leader', county: '410400' });
    const res = await run<{ _entities: Array<{ code: string; statisticsFigures: Record<string, unknown> }> }>(
      leader,
      q,
      {
        m: '2026-10',
        r: [
          { __typename: 'County', code: '410422' },
          { __typename: 'County', code: '410425' },
          { __typename: 'County', code: '410400' },
          { __typename: 'Department', code: 'miit' },
          { __typename: 'Department', code: 'stats' },
          { __typename: 'Department', code: 'ndrc' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const [yexian, jiaxian, city, miit, stats, ndrc] = res.data!._entities.map((e) => e.statisticsFigures);
    // 叶县: B203-1 A on time, B late, C missing; B204-1 A, B, C missing; F203 S missing. L left in August.
    expect(yexian).toMatchObject({ month: '2026-10', due: 7, onTime: 1, late: 1, missing: 5, pending: 0 });
    expect(yexian!.filingRate).toBeCloseTo(2 / 7);
    expect(yexian!.onTimeRate).toBeCloseTo(1 / 7);
    expect(jiaxian).toMatchObject({ due: 2, onTime: 1, late: 0, missing: 1, filingRate: 0.5 });
    expect(city).toMatchObject({ due: 9, onTime: 2, late: 1, missing: 6 });
    expect(miit).toEqual({ due: 8, onTime: 2, late: 1, missing: 5 });
    expect(stats).toEqual({ due: 1, onTime: 0, late: 0, missing: 1 });
    expect(ndrc).toEqual({ due: 0, onTime: 0, late: 0, missing: 0 });
    const none = await run(tokens.enterpriseA, q, { m: '2026-10', r: [{ __typename: 'County', code: '410422' }] });
    expect(codeOf(none)).toBe('FORBIDDEN');
    const bad = await run(leader, q, { m: '2026-1', r: [{ __typename: 'County', code: '410422' }] });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
  });
});

describe('reminder job', () => {
  const keys = async (prefix: string) =>
    (
      await conn
        .select({ key: outbox.idempotencyKey, to: outbox.payload })
        .from(outbox)
        .where(like(outbox.idempotencyKey, `${prefix}%`))
    )
      .map((r) => r.key)
      .sort();

  it('reminds those not yet filed three working days before the deadline, once', async () => {
    // Wednesday 14 October 2026, 09:00 CST: the deadline (Monday 19th) is three working days away.
    const now = at('2026-10-14T01:00:00Z');
    const first = await runJobOnce(conn, jobRuns, remindDeadlines, now);
    expect(first.ran).toBe(true);
    // Of B203-1, C has filed nothing (A, B and D have: B and D later, but the job counts any submission); nobody has
    // filed B204-1 or S its F203.
    expect(await keys('report.dueSoon:')).toEqual(
      [
        `report.dueSoon:inbox:B203-1:2026-09:${C}`,
        `report.dueSoon:inbox:F203:2026-09:${S}`,
        `report.dueSoon:inbox:B204-1:2026-09:${A}`,
        `report.dueSoon:inbox:B204-1:2026-09:${B}`,
        `report.dueSoon:inbox:B204-1:2026-09:${C}`,
        `report.dueSoon:inbox:B204-1:2026-09:${D}`,
      ].sort(),
    );
    const again = await runJobOnce(conn, jobRuns, remindDeadlines, now);
    expect(again.ran).toBe(false);
    // The next day's run finds the same enterprises and sends nothing new.
    const before = (await keys('report.')).length;
    await runJobOnce(conn, jobRuns, remindDeadlines, at('2026-10-15T01:00:00Z'));
    expect((await keys('report.')).length).toBe(before);
  });

  it('tells the missing and their unit the day after the deadline, once', async () => {
    await runJobOnce(conn, jobRuns, remindDeadlines, at('2026-10-20T01:00:00Z'));
    const overdue = await keys('report.overdue:');
    expect(overdue).toContain(`report.overdue:inbox:B203-1:2026-09:${C}`);
    expect(overdue).toContain(`report.overdue:inbox:F203:2026-09:${S}`);
    expect(overdue.some((k) => k.endsWith(`B203-1:2026-09:${A}`) || k.endsWith(`B203-1:2026-09:${B}`))).toBe(false);
    expect(await keys('report.overdueList:inbox:B203-1:2026-09:')).toEqual([
      'report.overdueList:inbox:B203-1:2026-09:miit:410422',
    ]);
    const count = (await keys('report.')).length;
    await runJobOnce(conn, jobRuns, remindDeadlines, at('2026-10-21T01:00:00Z'));
    expect((await keys('report.')).length).toBe(count);
  });
});
