/**
 * `talentAggregates` through GraphQL against hand-counted rows: job postings by the month of their first publication
 * and applications by the month of submission (China time, both edges of the range), grouped by county, industry (the
 * copy of the registry and the statistical units, at each GB/T 4754 level) and month; the caller's scope; refusals.
 * Then the copy refreshed from a feed as the gateway would deliver it (two pages, one enterprise whose class statistics
 * did not answer), and the groups follow it.
 */
import type { Database } from '@qq/db/client';
import { enterpriseIndustries, jobApplications, jobPostings } from '@qq/db/schema/talent';
import { collectIndustries, graphIndustryFeed, makeCreditCode, storeIndustries } from '@qq/kit';
import { createTestDatabase, statementCounter, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, B, tokens, type Tokens } from './fixtures.ts';
import { expectError, ok, runner, type Json } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Tokens;
let leader: string;
const run = runner(() => server);
const at = (iso: string) => new Date(iso);
const counter = statementCounter();
/** 叶县, not in the copy of the registry. */
const U = makeCreditCode('410422', 777);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('talent', { onQuery: counter.onQuery }) });
  await server.start();
  t = await tokens();
  leader = await tokenFor({ sub: 'leader-1', role: 'leader' });
  await conn.insert(enterpriseIndustries).values([
    {
      creditCode: A.creditCode,
      countyCode: '410422',
      industryCode: 'C',
      unitIndustryCode: 'C3311',
      refreshedAt: at('2026-11-01T00:00:00Z'),
    },
    {
      creditCode: B.creditCode,
      countyCode: '410425',
      industryCode: 'F',
      unitIndustryCode: null,
      refreshedAt: at('2026-11-01T00:00:00Z'),
    },
  ]);
  const posting = async (
    enterpriseCode: string,
    countyCode: string,
    status: 'PUBLISHED' | 'CLOSED' | 'EXPIRED' | 'PENDING_REVIEW',
    publishedAt: string | null,
    headcount: number,
    salary: [number, number],
  ) =>
    (
      await conn
        .insert(jobPostings)
        .values({
          enterpriseCode,
          title: '操作工',
          category: 'MANUFACTURING',
          headcount,
          salaryMin: salary[0],
          salaryMax: salary[1],
          education: 'ANY',
          description: '负责生产线设备操作。',
          contactName: '张伟',
          contactPhone: '13812345678',
          status,
          submittedBy: 'fixture',
          submittedAt: at('2026-09-01T00:00:00Z'),
          publishedAt: publishedAt ? at(publishedAt) : null,
          departmentCode: 'hrss',
          countyCode,
        })
        .returning()
    )[0]!;
  const p1 = await posting(A.creditCode, '410422', 'PUBLISHED', '2026-10-03T02:00:00Z', 3, [4000, 6000]);
  const p2 = await posting(A.creditCode, '410422', 'CLOSED', '2026-11-05T02:00:00Z', 2, [5000, 8000]);
  const p3 = await posting(B.creditCode, '410425', 'PUBLISHED', '2026-11-10T02:00:00Z', 10, [3000, 4000]);
  // 1 October 00:30 China time: October. Never published, and published on 1 December (China time): not counted.
  await posting(U, '410422', 'EXPIRED', '2026-09-30T16:30:00Z', 1, [6000, 9000]);
  await posting(A.creditCode, '410422', 'PENDING_REVIEW', null, 5, [4000, 5000]);
  await posting(A.creditCode, '410422', 'PUBLISHED', '2026-11-30T16:00:00Z', 7, [4000, 5000]);
  const apply = (
    p: typeof p1,
    applicantSub: string,
    submitted: string,
    status: 'SUBMITTED' | 'INTERVIEW' | 'REJECTED' | 'HIRED' | 'WITHDRAWN',
    steps: { answered?: string; invited?: string; hired?: string } = {},
  ) =>
    conn.insert(jobApplications).values({
      postingId: p.id,
      postingTitle: p.title,
      enterpriseCode: p.enterpriseCode,
      applicantSub,
      name: '李娜',
      phone: '13912345678',
      education: 'BACHELOR',
      yearsOfExperience: 3,
      resume: '三年生产线经验。',
      status,
      submittedAt: at(submitted),
      answeredAt: steps.answered ? at(steps.answered) : null,
      invitedAt: steps.invited ? at(steps.invited) : null,
      hiredAt: steps.hired ? at(steps.hired) : null,
      departmentCode: p.departmentCode,
      countyCode: p.countyCode,
    });
  await apply(p1, 'p1', '2026-10-10T02:00:00Z', 'HIRED', {
    answered: '2026-10-11T02:00:00Z',
    invited: '2026-10-12T02:00:00Z',
    hired: '2026-10-20T02:00:00Z',
  });
  await apply(p1, 'p2', '2026-10-15T02:00:00Z', 'REJECTED', { answered: '2026-10-16T02:00:00Z' });
  await apply(p3, 'p1', '2026-11-12T02:00:00Z', 'SUBMITTED');
  await apply(p3, 'p3', '2026-11-13T02:00:00Z', 'WITHDRAWN');
  await apply(p2, 'p2', '2026-11-06T02:00:00Z', 'INTERVIEW', {
    answered: '2026-11-07T02:00:00Z',
    invited: '2026-11-07T02:00:00Z',
  });
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const Q = `query($from: String!, $to: String!, $g: [TalentAggregateDimension!]!, $l: IndustryLevel,
  $f: TalentAggregateFilter, $first: Int, $after: String) {
  talentAggregates(from: $from, to: $to, groupBy: $g, industryLevel: $l, filter: $f, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      department { code } county { code } industryCode month
      jobPostings positions jobPostingsOpen hiringEnterprises averageSalaryMin averageSalaryMax
      applications applicants applicationsAnswered answerRate interviews hires applicationsWithdrawn
    }
  }
}`;
const nodes = async (token: string | undefined, variables: Record<string, unknown>): Promise<Json[]> =>
  ok(await run(token, Q, { from: '2026-10', to: '2026-11', ...variables })).talentAggregates.nodes;

describe('talentAggregates', () => {
  it('sums postings, positions and applications of the range', async () => {
    expect(await nodes(t.analyst, { g: [] })).toEqual([
      {
        department: null,
        county: null,
        industryCode: null,
        month: null,
        jobPostings: 4,
        positions: 16,
        jobPostingsOpen: 2,
        hiringEnterprises: 3,
        averageSalaryMin: 4500,
        averageSalaryMax: 6750,
        applications: 5,
        applicants: 3,
        applicationsAnswered: 3,
        answerRate: 0.6,
        interviews: 2,
        hires: 1,
        applicationsWithdrawn: 1,
      },
    ]);
  });

  it('groups by county, month and department', async () => {
    const counties = await nodes(t.analyst, { g: ['COUNTY'] });
    expect(counties.map((r) => [r.county.code, r.jobPostings, r.positions, r.applications])).toEqual([
      ['410422', 3, 6, 3],
      ['410425', 1, 10, 2],
    ]);
    counter.reset();
    const months = await nodes(t.analyst, { g: ['MONTH', 'DEPARTMENT'] });
    expect(counter.count).toBe(1);
    expect(months.map((r) => [r.month, r.department.code, r.jobPostings, r.applications, r.hires])).toEqual([
      ['2026-10', 'hrss', 2, 2, 1],
      ['2026-11', 'hrss', 2, 3, 0],
    ]);
  });

  it('groups by the enterprise’s industry at each level; a registry section stays a section', async () => {
    const sections = await nodes(t.analyst, { g: ['INDUSTRY'] });
    expect(sections.map((r) => [r.industryCode, r.jobPostings, r.applications])).toEqual([
      ['C', 2, 3],
      ['F', 1, 2],
      [null, 1, 0],
    ]);
    const divisions = await nodes(t.analyst, { g: ['INDUSTRY'], l: 'DIVISION' });
    expect(divisions.map((r) => [r.industryCode, r.positions])).toEqual([
      ['C33', 5],
      ['F', 10],
      [null, 1],
    ]);
    const c = await nodes(t.analyst, { g: ['INDUSTRY'], l: 'CLASS', f: { industryPrefix: 'C' } });
    expect(c.map((r) => [r.industryCode, r.jobPostings])).toEqual([['C3311', 2]]);
  });

  it('counts the caller’s rows and refuses those who may not read aggregates', async () => {
    const total = async (token: string) => {
      const [row] = await nodes(token, { g: [] });
      return [row.jobPostings, row.applications];
    };
    expect(await total(t.countyClerk)).toEqual([3, 3]); // 叶县 人社局
    expect(await total(t.otherStaff)).toEqual([0, 0]); // 发改委: no talent rows
    expect(await total(t.admin)).toEqual([4, 5]);
    expect(await total(leader)).toEqual([4, 5]);
    for (const token of [t.enterpriseA, t.person])
      expectError(await run(token, Q, { from: '2026-10', to: '2026-11', g: [] }), 'FORBIDDEN');
    expectError(await run(undefined, Q, { from: '2026-10', to: '2026-11', g: [] }), 'UNAUTHENTICATED');
    expectError(await run(t.analyst, Q, { from: '2026-10', to: '2026-09', g: [] }), 'BAD_USER_INPUT', 'to');
  });

  it('regroups after the copy is refreshed from the feed; a class statistics did not answer is kept', async () => {
    const page = (nodes: unknown[], endCursor: string | null, errors?: unknown[]) =>
      new Response(
        JSON.stringify({ data: { enterprises: { pageInfo: { hasNextPage: !!endCursor, endCursor }, nodes } }, errors }),
      );
    const asked: string[] = [];
    const fakeGateway = (async (_url: string, init: { body: string; headers: Record<string, string> }) => {
      const body = JSON.parse(init.body) as { query: string; variables: { after: string | null } };
      expect(init.headers.authorization).toBe('Bearer system-token');
      expect(body.query).toContain('statisticalUnit { industryCode }');
      asked.push(String(body.variables.after));
      return body.variables.after === null
        ? page(
            [
              { creditCode: A.creditCode, county: { code: '410422' }, industry: { code: 'C' }, statisticalUnit: null },
              { creditCode: B.creditCode, county: { code: '410425' }, industry: { code: 'G' }, statisticalUnit: null },
            ],
            'c1',
            [{ message: 'boom', path: ['enterprises', 'nodes', 0, 'statisticalUnit'] }],
          )
        : page(
            [
              {
                creditCode: U,
                county: { code: '410422' },
                industry: { code: 'F' },
                statisticalUnit: { industryCode: 'F5212' },
              },
            ],
            null,
          );
    }) as unknown as typeof fetch;
    const records = await collectIndustries(
      graphIndustryFeed({ url: 'http://gateway/graphql', token: async () => 'system-token', fetch: fakeGateway }),
    );
    expect(asked).toEqual(['null', 'c1']);
    expect(records.map((r) => [r.creditCode, r.industryCode, r.unitIndustryCode])).toEqual([
      [A.creditCode, 'C', undefined],
      [B.creditCode, 'G', null],
      [U, 'F', 'F5212'],
    ]);
    expect(await storeIndustries(conn, enterpriseIndustries, records, at('2026-12-01T17:40:00Z'))).toEqual({
      records: 3,
    });
    const divisions = await nodes(t.analyst, { g: ['INDUSTRY'], l: 'DIVISION' });
    // A keeps its class C3311; B is now G; U is known: F5212.
    expect(divisions.map((r) => [r.industryCode, r.jobPostings])).toEqual([
      ['C33', 2],
      ['F52', 1],
      ['G', 1],
    ]);
  });
});
