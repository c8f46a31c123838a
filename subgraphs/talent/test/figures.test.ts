/**
 * `talentFigures(month)` on County and Department against hand-counted factory rows of September 2026 (China time):
 * postings published, updated, kept current and stale at the month's end (from their events and versions, not their
 * state today), applications received and answered, talent policies published on time or late; the city adds up every
 * unit; who may read them; one statement for every unit and department of a request.
 */
import type { Database } from '@qq/db/client';
import {
  jobApplications,
  jobPostingEvents,
  jobPostings,
  jobPostingVersions,
  talentPolicies,
  talentPolicyEvents,
  talentPolicyVersions,
} from '@qq/db/schema/talent';
import { createTestDatabase, statementCounter, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, B, tokens, type Tokens } from './fixtures.ts';
import { expectError, ok, runner } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Tokens;
const counter = statementCounter();
const run = runner(() => server);

const at = (iso: string) => new Date(iso);

/** A posting with its events (action, to, instant) and its versions (instants), as the workflow would have left them. */
async function posting(
  county: string,
  status: 'PUBLISHED' | 'CLOSED' | 'WITHDRAWN' | 'PENDING_REVIEW',
  publishedAt: string | null,
  events: Array<[string, string, string]>,
  versions: string[],
) {
  const [row] = await conn
    .insert(jobPostings)
    .values({
      enterpriseCode: county === '410422' ? A.creditCode : B.creditCode,
      title: '焊工',
      category: 'MANUFACTURING',
      headcount: 2,
      salaryMin: 5000,
      salaryMax: 8000,
      education: 'ANY',
      description: '从事二保焊作业，持特种作业操作证。',
      contactName: '张伟',
      contactPhone: '13812345678',
      status,
      submittedBy: 'fixture',
      publishedAt: publishedAt ? at(publishedAt) : null,
      version: versions.length,
      revisedAt: at(versions.at(-1)!),
      departmentCode: 'hrss',
      countyCode: county,
      createdAt: at(versions[0]!),
    })
    .returning();
  await conn.insert(jobPostingEvents).values(
    events.map(([action, toStatus, when]) => ({
      subjectId: row!.id,
      action,
      toStatus,
      actor: 'fixture',
      actorRole: 'staff',
      at: at(when),
    })),
  );
  await conn.insert(jobPostingVersions).values(
    versions.map((when, i) => ({
      subjectId: row!.id,
      version: i + 1,
      content: {},
      actor: 'fixture',
      actorRole: 'enterprise',
      at: at(when),
    })),
  );
  return row!;
}

async function policy(county: string, dept: string, issuedAt: string, publishedAt: string | null, versions: string[]) {
  const [row] = await conn
    .insert(talentPolicies)
    .values({
      title: '人才政策',
      summary: '人才政策摘要不少于十个字。',
      body: '人才政策正文',
      status: publishedAt ? 'PUBLISHED' : 'DRAFT',
      issuedAt: at(issuedAt),
      publishedAt: publishedAt ? at(publishedAt) : null,
      version: versions.length,
      revisedAt: at(versions.at(-1)!),
      departmentCode: dept,
      countyCode: county,
      createdAt: at(versions[0]!),
    })
    .returning();
  if (publishedAt) {
    await conn.insert(talentPolicyEvents).values({
      subjectId: row!.id,
      action: 'PUBLISH',
      fromStatus: 'DRAFT',
      toStatus: 'PUBLISHED',
      actor: 'fixture',
      actorRole: 'staff',
      at: at(publishedAt),
    });
  }
  await conn.insert(talentPolicyVersions).values(
    versions.map((when, i) => ({
      subjectId: row!.id,
      version: i + 1,
      content: {},
      actor: 'fixture',
      actorRole: 'staff',
      at: at(when),
    })),
  );
}

async function application(postingId: string, submittedAt: string, answeredAt: string | null) {
  await conn.insert(jobApplications).values({
    postingId,
    postingTitle: '焊工',
    enterpriseCode: A.creditCode,
    applicantSub: `person-${submittedAt}`,
    name: '李雷',
    phone: '13900001111',
    education: 'ANY',
    yearsOfExperience: 3,
    resume: '有三年焊接经验，持证上岗。',
    status: answeredAt ? 'SHORTLISTED' : 'SUBMITTED',
    submittedAt: at(submittedAt),
    answeredAt: answeredAt ? at(answeredAt) : null,
    departmentCode: 'hrss',
    countyCode: '410422',
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  t = await tokens();
  // 叶县 (410422).
  // P1: first published in September, current at its end; withdrawn in October (still counted as published then).
  const p1 = await posting(
    '410422',
    'WITHDRAWN',
    '2026-09-05T02:00:00Z',
    [
      ['APPROVE', 'PUBLISHED', '2026-09-05T02:00:00Z'],
      ['WITHDRAW', 'WITHDRAWN', '2026-10-10T02:00:00Z'],
    ],
    ['2026-09-01T02:00:00Z'],
  );
  // P2: published in May, never updated: stale at September's end.
  await posting(
    '410422',
    'PUBLISHED',
    '2026-05-10T02:00:00Z',
    [['APPROVE', 'PUBLISHED', '2026-05-10T02:00:00Z']],
    ['2026-05-09T02:00:00Z'],
  );
  // P3: published in May, updated in September: current, updated.
  await posting(
    '410422',
    'PUBLISHED',
    '2026-05-10T02:00:00Z',
    [
      ['APPROVE', 'PUBLISHED', '2026-05-10T02:00:00Z'],
      ['UPDATE', 'PUBLISHED', '2026-09-12T02:00:00Z'],
    ],
    ['2026-05-09T02:00:00Z', '2026-09-12T02:00:00Z'],
  );
  // P4: closed in September: not published at its end.
  await posting(
    '410422',
    'CLOSED',
    '2026-08-01T02:00:00Z',
    [
      ['APPROVE', 'PUBLISHED', '2026-08-01T02:00:00Z'],
      ['CLOSE', 'CLOSED', '2026-09-20T02:00:00Z'],
    ],
    ['2026-07-31T02:00:00Z'],
  );
  // 郏县 (410425).
  // P5: approved 1 October 00:30 China time: not September's, and not yet published at its end.
  await posting(
    '410425',
    'PUBLISHED',
    '2026-09-30T16:30:00Z',
    [
      ['SUBMIT', 'PENDING_REVIEW', '2026-09-29T02:00:00Z'],
      ['APPROVE', 'PUBLISHED', '2026-09-30T16:30:00Z'],
    ],
    ['2026-09-29T02:00:00Z'],
  );
  // P6: approved 1 September 00:30 China time (31 August in UTC): September's.
  await posting(
    '410425',
    'PUBLISHED',
    '2026-08-31T16:30:00Z',
    [['APPROVE', 'PUBLISHED', '2026-08-31T16:30:00Z']],
    ['2026-08-30T02:00:00Z'],
  );
  // Applications to P1: received in September 2 (A1, A3), answered in September 2 (A1, A2).
  await application(p1.id, '2026-09-03T02:00:00Z', '2026-09-05T02:00:00Z');
  await application(p1.id, '2026-08-28T02:00:00Z', '2026-09-02T02:00:00Z');
  await application(p1.id, '2026-09-29T02:00:00Z', null);
  await application(p1.id, '2026-09-30T16:30:00Z', null);
  // Talent policies. T1 叶县: on time (4 h after the issue), current.
  await policy('410422', 'hrss', '2026-09-10T01:00:00Z', '2026-09-10T05:00:00Z', ['2026-09-10T01:30:00Z']);
  // T2 the city: 26 hours after the issue, late; current.
  await policy('410400', 'hrss', '2026-09-14T00:00:00Z', '2026-09-15T02:00:00Z', ['2026-09-14T03:00:00Z']);
  // T3 叶县: published in April, never updated: stale.
  await policy('410422', 'hrss', '2026-04-01T00:00:00Z', '2026-04-01T02:00:00Z', ['2026-04-01T01:00:00Z']);
  // T4 the city, 工信局: published in April, updated in September: updated, current.
  await policy('410400', 'miit', '2026-04-01T00:00:00Z', '2026-04-01T02:00:00Z', [
    '2026-04-01T01:00:00Z',
    '2026-09-20T02:00:00Z',
  ]);
  // T5 叶县: a draft.
  await policy('410422', 'hrss', '2026-09-25T00:00:00Z', null, ['2026-09-25T01:00:00Z']);
  server = createServer({ db: await db.connectAs('talent', { onQuery: counter.onQuery }) });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const FIGURES = `month jobPostingsPublished jobPostingsUpdated jobPostingsCurrent jobPostingsStale jobApplicationsReceived
  jobApplicationsAnswered talentPoliciesPublished talentPoliciesPublishedOnTime talentPoliciesPublishedLate
  talentPoliciesUpdated talentPoliciesCurrent talentPoliciesStale talentPoliciesOnTimeRate currentRate`;
const Q = `query($r: [_Any!]!, $m: String!) { _entities(representations: $r) {
  ... on County { code talentFigures(month: $m) { ${FIGURES} } }
  ... on Department { code talentFigures(month: $m) { ${FIGURES} } } } }`;

const zero = {
  month: '2026-09',
  jobPostingsPublished: 0,
  jobPostingsUpdated: 0,
  jobPostingsCurrent: 0,
  jobPostingsStale: 0,
  jobApplicationsReceived: 0,
  jobApplicationsAnswered: 0,
  talentPoliciesPublished: 0,
  talentPoliciesPublishedOnTime: 0,
  talentPoliciesPublishedLate: 0,
  talentPoliciesUpdated: 0,
  talentPoliciesCurrent: 0,
  talentPoliciesStale: 0,
  talentPoliciesOnTimeRate: null,
  currentRate: null,
};

describe('talentFigures', () => {
  it('counts September 2026 per unit, for the city and per department, in one statement', async () => {
    const r = [
      { __typename: 'County', code: '410422' },
      { __typename: 'County', code: '410425' },
      { __typename: 'County', code: '410400' },
      { __typename: 'County', code: '410423' },
      { __typename: 'Department', code: 'hrss' },
      { __typename: 'Department', code: 'miit' },
      { __typename: 'Department', code: 'ndrc' },
    ];
    counter.reset();
    const res = ok(await run(t.analyst, Q, { r, m: '2026-09' }));
    expect(counter.count).toBe(1);
    const [yexian, jiaxian, city, lushan, hrss, miit, ndrc] = res._entities;
    expect(yexian).toEqual({
      code: '410422',
      talentFigures: {
        ...zero,
        jobPostingsPublished: 1,
        jobPostingsUpdated: 1,
        jobPostingsCurrent: 2,
        jobPostingsStale: 1,
        jobApplicationsReceived: 2,
        jobApplicationsAnswered: 2,
        talentPoliciesPublished: 1,
        talentPoliciesPublishedOnTime: 1,
        talentPoliciesCurrent: 1,
        talentPoliciesStale: 1,
        talentPoliciesOnTimeRate: 1,
        currentRate: 0.6,
      },
    });
    expect(jiaxian).toEqual({
      code: '410425',
      talentFigures: { ...zero, jobPostingsPublished: 1, jobPostingsCurrent: 1, currentRate: 1 },
    });
    const cityFigures = {
      ...zero,
      jobPostingsPublished: 2,
      jobPostingsUpdated: 1,
      jobPostingsCurrent: 3,
      jobPostingsStale: 1,
      jobApplicationsReceived: 2,
      jobApplicationsAnswered: 2,
      talentPoliciesPublished: 2,
      talentPoliciesPublishedOnTime: 1,
      talentPoliciesPublishedLate: 1,
      talentPoliciesUpdated: 1,
      talentPoliciesCurrent: 3,
      talentPoliciesStale: 1,
      talentPoliciesOnTimeRate: 0.5,
      currentRate: 0.75,
    };
    expect(city).toEqual({ code: '410400', talentFigures: cityFigures });
    expect(lushan).toEqual({ code: '410423', talentFigures: zero });
    expect(hrss).toEqual({
      code: 'hrss',
      talentFigures: {
        ...cityFigures,
        talentPoliciesUpdated: 0,
        talentPoliciesCurrent: 2,
        currentRate: 5 / 7,
      },
    });
    expect(miit).toEqual({
      code: 'miit',
      talentFigures: { ...zero, talentPoliciesUpdated: 1, talentPoliciesCurrent: 1, currentRate: 1 },
    });
    expect(ndrc).toEqual({ code: 'ndrc', talentFigures: zero });
  });

  it('counts at the end of August what was current then', async () => {
    const r = [{ __typename: 'County', code: '410422' }];
    const [yexian] = ok(await run(t.cityStaff, Q, { r, m: '2026-08' }))._entities;
    // At August's end: P4 published on 1 August (current); P2 and P3 last saved on 9 May, more than 90 days before
    // (P3's update came in September); P1 not yet created; A2 received on 28 August; T3 stale.
    expect(yexian.talentFigures).toEqual({
      ...zero,
      month: '2026-08',
      jobPostingsPublished: 1,
      jobPostingsCurrent: 1,
      jobPostingsStale: 2,
      jobApplicationsReceived: 1,
      talentPoliciesStale: 1,
      currentRate: 0.25,
    });
  });

  it('is for staff, leaders, analysts, admins and systems; BAD_USER_INPUT on the month', async () => {
    const r = [{ __typename: 'County', code: '410422' }];
    for (const role of ['countyClerk', 'otherStaff', 'admin'] as const) {
      ok(await run(t[role], Q, { r, m: '2026-09' }));
    }
    for (const role of ['enterpriseA', 'person'] as const)
      expectError(await run(t[role], Q, { r, m: '2026-09' }), 'FORBIDDEN');
    expectError(await run(undefined, Q, { r, m: '2026-09' }), 'UNAUTHENTICATED');
    for (const m of ['2026-13', '2026-9', 'September']) {
      expectError(await run(t.analyst, Q, { r, m }), 'BAD_USER_INPUT', 'month');
    }
  });
});
