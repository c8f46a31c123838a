/**
 * `policyFigures(month)` and `exemptionFigures(month)` on Department and County, through GraphQL against hand-counted
 * rows: policies published (within 24 hours or late), drafts past their deadline, redemption steps on time and
 * overdue (recorded by the steps themselves), entitlements offered, confirmed and declined, their applications
 * completed on time or late, visits, enterprises visited, officials visiting and problems raised. Instants on both
 * sides of the month's edges (China time); distinct counts exact at every level; who may read them.
 */
import type { Database } from '@qq/db/client';
import {
  applicationEvents,
  eligibilityRules,
  entitlements,
  officialAssignments,
  serviceOfficials,
  visitProblems,
  visits,
} from '@qq/db/schema/policies';
import { makeCreditCode, monthOf } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { FigureStore } from '../src/store/figures.store.ts';
import { A, B, factories, roleTokens, type ApplicationRow, type ItemRow } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let leader: string;
let miitYe: string;
const X = makeCreditCode('410422', 909);
const at = (s: string) => new Date(s);
const HOUR = 3600_000;

type Gql = { data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> };
const run = (token: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
  execute(server, query, { token, variables }) as Promise<Gql>;

const POLICY_FIELDS = `month published publishedWithin24Hours publishedLate publishedWithin24HoursRate
  draftsPastDeadline redemptionStepsOnTime redemptionStepsOverdue redemptionStepsOnTimeRate`;
const EXEMPTION_FIELDS = `month entitlementsOffered entitlementsConfirmed entitlementsDeclined completedOnTime
  completedLate completedOnTimeRate visits enterprisesVisited officialsVisiting problemsRaised`;

async function figures(
  token: string,
  month: string,
  units: Array<{ __typename: 'County' | 'Department'; code: string }>,
  kind: 'policyFigures' | 'exemptionFigures',
) {
  const fields = kind === 'policyFigures' ? POLICY_FIELDS : EXEMPTION_FIELDS;
  const res = await run(
    token,
    `query($r: [_Any!]!, $m: String!) { _entities(representations: $r) {
      ... on County { code ${kind}(month: $m) { ${fields} } }
      ... on Department { code ${kind}(month: $m) { ${fields} } } } }`,
    { r: units, m: month },
  );
  expect(res.errors).toBeUndefined();
  const rows = (res.data as { _entities: Array<Record<string, Record<string, unknown>>> })._entities;
  return Object.fromEntries(units.map((u, i) => [`${u.__typename}:${u.code}`, rows[i]![kind]]));
}

const county = (code: string) => ({ __typename: 'County' as const, code });
const department = (code: string) => ({ __typename: 'Department' as const, code });

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  tokens = await roleTokens();
  leader = await tokenFor({ sub: 'leader-1', role: 'leader' });
  miitYe = await tokenFor({ sub: 'miit-ye', role: 'staff', dept: 'miit', county: '410422' });
  const make = factories(conn);
  const policy = async (
    departmentCode: string,
    countyCode: string,
    issued: string,
    published: string | null,
    status: 'PUBLISHED' | 'DRAFT' = 'PUBLISHED',
  ) =>
    make.policy({
      departmentCode,
      countyCode,
      status,
      issuedAt: at(issued),
      publishDeadlineAt: new Date(at(issued).getTime() + 24 * HOUR),
      publishedAt: published ? at(published) : null,
    });
  // November 2026 runs from 2026-10-31T16:00Z to 2026-11-30T16:00Z (China time).
  const p1 = await policy('miit', '410422', '2026-11-05T01:00:00Z', '2026-11-05T09:00:00Z'); // on time
  await policy('miit', '410422', '2026-11-10T00:00:00Z', '2026-11-12T00:00:00Z'); // late; deadline missed in Nov
  await policy('wrzwq', '410400', '2026-11-20T00:00:00Z', null, 'DRAFT'); // deadline missed in Nov
  await policy('hrss', '410425', '2026-10-31T10:00:00Z', '2026-11-01T12:00:00Z'); // issued in Nov (CST), late
  await policy('miit', '410422', '2026-10-14T00:00:00Z', '2026-10-15T00:00:00Z'); // October
  await policy('miit', '410422', '2026-11-30T10:00:00Z', '2026-11-30T15:59:59Z'); // last second of November
  await policy('miit', '410422', '2026-11-30T10:00:00Z', '2026-11-30T16:00:00Z'); // first second of December
  const wrzwqPolicy = await policy('wrzwq', '410425', '2026-09-01T00:00:00Z', '2026-09-01T02:00:00Z');
  const hrssPolicy = await policy('hrss', '410425', '2026-09-01T00:00:00Z', '2026-09-01T02:00:00Z');

  // Redemption steps recorded with their clock (hand-written events; the steps' own recording is tested below).
  const miitItem = await make.item(p1, { name: '技改补助' });
  const hrssItem = await make.item(hrssPolicy, { name: '稳岗补贴' });
  const wrzwqItem = await make.item(wrzwqPolicy, { name: '郏县奖励' });
  const miitApp = await make.application(miitItem, A);
  const hrssApp = await make.application(hrssItem, B);
  const step = (app: ApplicationRow, action: string, when: string, data: Record<string, unknown> | null) =>
    conn.insert(applicationEvents).values({
      subjectId: app.id,
      action,
      fromStatus: 'RECEIVED',
      toStatus: 'ACCEPTED',
      actor: 'clerk',
      actorRole: 'staff',
      data,
      at: at(when),
    });
  await step(miitApp, 'ACCEPT', '2026-11-03T02:00:00Z', { onTime: true });
  await step(miitApp, 'COMPLETE', '2026-11-25T02:00:00Z', { onTime: true });
  await step(miitApp, 'PROCESS', '2026-11-04T02:00:00Z', { onTime: false }); // not a step with a clock of its own
  await step(miitApp, 'RECEIVE', '2026-11-02T02:00:00Z', null); // no clock recorded: not counted
  await step(miitApp, 'RETURN', '2026-10-30T02:00:00Z', { onTime: false }); // October
  await step(hrssApp, 'RECEIVE', '2026-11-15T02:00:00Z', { onTime: false });

  // Entitlements and their applications.
  const rule = async (item: ItemRow) =>
    (
      await conn
        .insert(eligibilityRules)
        .values({
          itemId: item.id,
          version: 1,
          expression: { '==': [{ var: 'aboveScale' }, true] },
          facts: ['aboveScale'],
          description: '四上企业',
          effectiveFrom: at('2026-01-01T00:00:00Z'),
          createdBy: 'wrzwq-city',
          departmentCode: item.departmentCode,
          countyCode: item.countyCode,
        })
        .returning()
    )[0]!;
  const miitRule = await rule(miitItem);
  const wrzwqRule = await rule(wrzwqItem);
  const entitle = (
    item: ItemRow,
    ruleId: string,
    code: string,
    times: { entitled: string; confirmed?: string; declined?: string },
  ) =>
    conn.insert(entitlements).values({
      enterpriseCode: code,
      enterpriseName: '企业',
      enterpriseCountyCode: code.slice(2, 8),
      itemId: item.id,
      ruleId,
      ruleVersion: 1,
      facts: { aboveScale: true },
      reason: '四上企业',
      runId: '3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a',
      status: times.confirmed ? 'CONFIRMED' : times.declined ? 'DECLINED' : 'ENTITLED',
      entitledAt: at(times.entitled),
      confirmedAt: times.confirmed ? at(times.confirmed) : null,
      declinedAt: times.declined ? at(times.declined) : null,
      departmentCode: item.departmentCode,
      countyCode: item.countyCode,
    });
  const e = [A, X, makeCreditCode('410422', 910), B, makeCreditCode('410425', 911)];
  await entitle(miitItem, miitRule.id, e[0]!, { entitled: '2026-11-03T02:00:00Z', confirmed: '2026-11-05T02:00:00Z' });
  await entitle(miitItem, miitRule.id, e[1]!, { entitled: '2026-11-04T02:00:00Z', declined: '2026-11-06T02:00:00Z' });
  await entitle(miitItem, miitRule.id, e[2]!, { entitled: '2026-10-20T02:00:00Z', confirmed: '2026-11-02T02:00:00Z' });
  await entitle(wrzwqItem, wrzwqRule.id, e[3]!, { entitled: '2026-11-10T02:00:00Z' });
  await entitle(wrzwqItem, wrzwqRule.id, e[4]!, { entitled: '2026-10-01T02:00:00Z', declined: '2026-10-02T02:00:00Z' });
  const done = (code: string, completed: string, due: string, origin = 'ENTITLEMENT') =>
    make.application(miitItem, code, {
      status: 'COMPLETED',
      origin,
      projectName: `免申即享${code.slice(-4)}${origin}`,
      completedAt: at(completed),
      dueAt: at(due),
    });
  await done(e[0]!, '2026-11-20T02:00:00Z', '2026-11-25T02:00:00Z'); // on time
  await done(e[2]!, '2026-11-28T02:00:00Z', '2026-11-27T02:00:00Z'); // late
  await done(e[1]!, '2026-11-21T02:00:00Z', '2026-11-27T02:00:00Z', 'APPLICATION'); // not 免申即享

  // Officials, assignments and visits.
  const official = async (userId: string, departmentCode: string, countyCode: string) =>
    (
      await conn
        .insert(serviceOfficials)
        .values({
          userId,
          name: userId,
          position: '干部',
          phone: '13900000000',
          registeredBy: 'wrzwq-city',
          registeredAt: at('2026-09-01T00:00:00Z'),
          updatedAt: at('2026-09-01T00:00:00Z'),
          departmentCode,
          countyCode,
        })
        .returning()
    )[0]!;
  const o1 = await official('o1', 'miit', '410422');
  const o2 = await official('o2', 'wrzwq', '410422');
  const o3 = await official('o3', 'miit', '410425');
  const assign = async (o: typeof o1, code: string) =>
    (
      await conn
        .insert(officialAssignments)
        .values({
          officialId: o.id,
          officialUserId: o.userId,
          enterpriseCode: code,
          status: 'ACTIVE',
          assignedAt: at('2026-09-02T00:00:00Z'),
          assignedBy: 'wrzwq-city',
          departmentCode: o.departmentCode,
          countyCode: code.slice(2, 8),
          updatedAt: at('2026-09-02T00:00:00Z'),
        })
        .returning()
    )[0]!;
  const visit = async (o: typeof o1, code: string, when: string, raised?: string) => {
    const a = await assign(o, code).catch(async () => {
      const [row] = await conn.select().from(officialAssignments).where(eq(officialAssignments.officialId, o.id));
      return row!;
    });
    const [v] = await conn
      .insert(visits)
      .values({
        assignmentId: a.id,
        officialId: o.id,
        officialUserId: o.userId,
        enterpriseCode: code,
        visitedAt: at(when),
        metWith: '负责人',
        notes: '走访',
        status: 'RECORDED',
        recordedAt: at(when),
        recordedBy: o.userId,
        departmentCode: o.departmentCode,
        countyCode: code.slice(2, 8),
        updatedAt: at(when),
      })
      .returning();
    await conn.insert(visitProblems).values({
      visitId: v!.id,
      position: 0,
      description: '问题',
      ...(raised
        ? {
            matterId: '0b6f1c9e-2d3a-4e5f-8a7b-000000000001',
            matterReference: 'SQ',
            raisedAt: at(raised),
            raisedBy: o.userId,
          }
        : {}),
    });
  };
  await visit(o1, A, '2026-11-05T02:00:00Z', '2026-11-06T02:00:00Z');
  await visit(o1, A, '2026-11-20T02:00:00Z', '2026-12-02T02:00:00Z');
  await visit(o2, A, '2026-11-08T02:00:00Z');
  await visit(o1, X, '2026-11-09T02:00:00Z');
  await visit(o3, B, '2026-11-12T02:00:00Z', '2026-11-13T02:00:00Z');
  await visit(o1, A, '2026-10-30T02:00:00Z');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('policyFigures', () => {
  it('counts November’s publishing and redemption steps per department and unit, by hand', async () => {
    const f = await figures(
      leader,
      '2026-11',
      [
        department('miit'),
        department('hrss'),
        department('wrzwq'),
        county('410422'),
        county('410425'),
        county('410400'),
        county('410402'),
      ],
      'policyFigures',
    );
    const row = (published: number, within: number, late: number, drafts: number, onTime: number, overdue: number) => ({
      month: '2026-11',
      published,
      publishedWithin24Hours: within,
      publishedLate: late,
      publishedWithin24HoursRate: published === 0 ? null : within / published,
      draftsPastDeadline: drafts,
      redemptionStepsOnTime: onTime,
      redemptionStepsOverdue: overdue,
      redemptionStepsOnTimeRate: onTime + overdue === 0 ? null : onTime / (onTime + overdue),
    });
    expect(f).toEqual({
      'Department:miit': row(3, 2, 1, 1, 2, 0),
      'Department:hrss': row(1, 0, 1, 1, 0, 1),
      'Department:wrzwq': row(0, 0, 0, 1, 0, 0),
      'County:410422': row(3, 2, 1, 1, 2, 0),
      'County:410425': row(1, 0, 1, 1, 0, 1),
      'County:410400': row(4, 2, 2, 3, 2, 1),
      'County:410402': row(0, 0, 0, 0, 0, 0),
    });
    const october = await figures(leader, '2026-10', [county('410400')], 'policyFigures');
    expect(october['County:410400']).toMatchObject({ published: 1, redemptionStepsOverdue: 1 });
  });

  it('counts a draft past its deadline only once the deadline has passed', async () => {
    const store = new FigureStore(conn);
    const from = at('2026-10-31T16:00:00Z');
    const to = at('2026-11-30T16:00:00Z');
    // The 叶县 miit draft's deadline was 2026-11-11T00:00Z, 郏县 hrss's 2026-11-01T10:00Z, the city's 2026-11-21T00:00Z.
    expect((await store.policy(from, to, at('2026-11-10T00:00:00Z'))).city.draftsPastDeadline).toBe(1);
    expect((await store.policy(from, to, at('2026-11-11T00:00:01Z'))).city.draftsPastDeadline).toBe(2);
    expect((await store.policy(from, to, at('2026-12-01T00:00:00Z'))).city.draftsPastDeadline).toBe(3);
  });

  it('records each timed step’s clock when staff take it, and counts it in its month', async () => {
    const make = factories(conn);
    const p = await make.policy({ departmentCode: 'miit', countyCode: '410402' });
    const item = await make.item(p);
    const now = Date.now();
    const early = await make.application(item, makeCreditCode('410402', 1), {
      stepDueAt: new Date(now + 48 * HOUR),
    });
    const overdue = await make.application(item, makeCreditCode('410402', 2), {
      stepDueAt: new Date(now - 48 * HOUR),
    });
    const clerk = await tokenFor({ sub: 'miit-xh', role: 'staff', dept: 'miit', county: '410402' });
    const RECEIVE = `mutation($id: ID!) { receiveRedemptionApplication(id: $id) { status } }`;
    for (const app of [early, overdue]) {
      expect((await run(clerk, RECEIVE, { id: app.id })).errors).toBeUndefined();
    }
    const recorded = async (id: string) =>
      (await conn.select().from(applicationEvents).where(eq(applicationEvents.subjectId, id))).find(
        (e) => e.action === 'RECEIVE',
      )!.data;
    expect(await recorded(early.id)).toMatchObject({
      onTime: true,
      stepDueAt: new Date(now + 48 * HOUR).toISOString(),
    });
    expect(await recorded(overdue.id)).toMatchObject({ onTime: false });
    const month = monthOf(new Date());
    const f = await figures(leader, month, [county('410402')], 'policyFigures');
    expect(f['County:410402']).toMatchObject({ redemptionStepsOnTime: 1, redemptionStepsOverdue: 1 });
  });

  it('is read by staff, leaders, analysts, admins and systems only, for a month YYYY-MM', async () => {
    const Q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { policyFigures(month: "2026-11") { published } } } }`;
    const r = { r: [county('410422')] };
    for (const token of [tokens.countyClerk, tokens.analyst, tokens.admin, leader]) {
      expect((await run(token, Q, r)).errors).toBeUndefined();
    }
    const system = await tokenFor({ sub: 'sys', role: 'system', dept: 'bigdata', county: '410400' });
    expect((await run(system, Q, r)).errors).toBeUndefined();
    expect((await run(tokens.enterpriseA, Q, r)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await run(undefined, Q, r)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await run(
      leader,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Department { exemptionFigures(month: "2026-13") { visits } } } }`,
      { r: [department('miit')] },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
  });
});

describe('exemptionFigures', () => {
  it('counts November’s entitlements, their applications and the visits per department and unit, by hand', async () => {
    const f = await figures(
      miitYe,
      '2026-11',
      [
        department('miit'),
        department('wrzwq'),
        department('hrss'),
        county('410422'),
        county('410425'),
        county('410400'),
      ],
      'exemptionFigures',
    );
    const row = (
      offered: number,
      confirmed: number,
      declined: number,
      onTime: number,
      late: number,
      visitCount: number,
      enterprises: number,
      officials: number,
      raised: number,
    ) => ({
      month: '2026-11',
      entitlementsOffered: offered,
      entitlementsConfirmed: confirmed,
      entitlementsDeclined: declined,
      completedOnTime: onTime,
      completedLate: late,
      completedOnTimeRate: onTime + late === 0 ? null : onTime / (onTime + late),
      visits: visitCount,
      enterprisesVisited: enterprises,
      officialsVisiting: officials,
      problemsRaised: raised,
    });
    expect(f).toEqual({
      'Department:miit': row(2, 2, 1, 1, 1, 4, 3, 2, 2),
      'Department:wrzwq': row(1, 0, 0, 0, 0, 1, 1, 1, 0),
      'Department:hrss': row(0, 0, 0, 0, 0, 0, 0, 0, 0),
      // A was visited by officials of two departments: one enterprise, not two.
      'County:410422': row(2, 2, 1, 1, 1, 4, 2, 2, 1),
      'County:410425': row(1, 0, 0, 0, 0, 1, 1, 1, 1),
      'County:410400': row(3, 2, 1, 1, 1, 5, 3, 3, 2),
    });
    const october = await figures(miitYe, '2026-10', [county('410400')], 'exemptionFigures');
    expect(october['County:410400']).toMatchObject({
      entitlementsOffered: 2,
      entitlementsDeclined: 1,
      visits: 1,
      problemsRaised: 0,
    });
  });
});
