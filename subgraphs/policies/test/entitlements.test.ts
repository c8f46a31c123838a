/**
 * 免申即享 from facts to a confirmed application, through GraphQL: the facts feed (statistics absent from the graph is
 * tolerated), the matching run on demand and as the nightly job (entitlements with rule version, facts and reason;
 * each enterprise told once, also when the run is repeated or crashed halfway), confirmation straight to 受理,
 * declining, and who may do what.
 */
import type { Database } from '@qq/db/client';
import { enterpriseFacts, entitlements, jobRuns, outbox, redemptionApplications } from '@qq/db/schema/policies';
import { makeCreditCode, runJobOnce } from '@qq/kit';
import { createTestDatabase, execute, type TestDatabase } from '@qq/kit/testing';
import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchEntitlements } from '../src/exemptionJobs.ts';
import { createServer } from '../src/index.ts';
import { graphFactFeed, collectFacts, storeFacts, type FactRecord } from '../src/service/facts.ts';
import { runMatching } from '../src/service/matching.ts';
import { A, B, C, factories, roleTokens, type ItemRow } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let wrzwqYe: string;
const i = {} as Record<'upgrade' | 'revenue' | 'jia', ItemRow>;
/** Further enterprises of 叶县 for the crash test. */
const MORE = Array.from({ length: 6 }, (_, n) => makeCreditCode('410422', 500 + n));

const run = (token: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
  execute(server, query, { token, variables });
const codeOf = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0]?.extensions?.code;

const ENTITLEMENT = `id status ruleVersion reason enterpriseName entitledAt confirmedAt declinedAt declineReason
  facts { name value } item { name } rule { version } enterprise { creditCode } department { code } county { code }
  availableActions events { action fromStatus toStatus actor note }
  application { id status origin materials { name } acceptedAt dueAt projectName }`;

function record(code: string, over: Partial<FactRecord> = {}): FactRecord {
  return {
    creditCode: code,
    name: `企业${code.slice(-4)}`,
    countyCode: '410422',
    industryCode: 'C',
    scale: 'SMALL',
    registeredCapital: 500,
    establishedOn: '2018-04-01',
    ...over,
  };
}

const stats = (employees: number, revenue: number) => ({
  aboveScale: true,
  aboveScaleSince: '2025-03-01',
  annualRevenue: revenue,
  employees,
  period: '2025',
});

async function saveRule(itemId: string, rule: unknown) {
  const res = await run(
    tokens.cityStaff,
    `mutation($input: SaveEligibilityRuleInput!) { saveEligibilityRule(input: $input) { id } }`,
    {
      input: { itemId, rule: JSON.stringify(rule), description: '测试资格条件', effectiveFrom: '2025-01-01' },
    },
  );
  expect(res.errors).toBeUndefined();
}

async function messagesTo(code: string) {
  const rows = await conn
    .select()
    .from(outbox)
    .where(like(outbox.idempotencyKey, `exemption.entitled:inbox:${code}:%`));
  return rows.map((r) => r.idempotencyKey).sort();
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  tokens = await roleTokens();
  wrzwqYe = tokens.countyClerk;
  const make = factories(conn);
  const ye = await make.policy({ title: '叶县工业企业升规奖励政策', departmentCode: 'miit', countyCode: '410422' });
  const jia = await make.policy({ title: '郏县稳岗政策', departmentCode: 'wrzwq', countyCode: '410425' });
  i.upgrade = await make.item(ye, { name: '首次升规奖励', maxAmount: 200_000 });
  i.revenue = await make.item(ye, { name: '营收增长奖励' });
  i.jia = await make.item(jia, { name: '郏县稳岗补贴' });
  await saveRule(i.upgrade.id, {
    and: [{ '==': [{ var: 'aboveScale' }, true] }, { '>=': [{ var: 'employees' }, 20] }],
  });
  await saveRule(i.revenue.id, { '>=': [{ var: 'annualRevenue' }, 2000] });
  await saveRule(i.jia.id, { in: [{ var: 'county' }, ['410425']] });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('the facts feed', () => {
  it('pages through the graph, and without statisticalFacts keeps the statistics the snapshot has', async () => {
    const pages = [
      [record(A), record(B, { countyCode: '410425', industryCode: 'I' })],
      [record(C, { countyCode: '410402' })],
    ];
    let withStats = true;
    const asked: Array<{ after: string | null; statistics: boolean }> = [];
    const fakeGateway = (async (_url: string, init: { body: string; headers: Record<string, string> }) => {
      expect(init.headers.authorization).toBe('Bearer system-token');
      const body = JSON.parse(init.body) as { query: string; variables: { after: string | null } };
      const statistics = body.query.includes('statisticalFacts');
      asked.push({ after: body.variables.after, statistics });
      if (statistics && !withStats) {
        return new Response(
          JSON.stringify({
            errors: [
              {
                message: 'Cannot query field "statisticalFacts" on type "Enterprise".',
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              },
            ],
          }),
        );
      }
      const n = body.variables.after === null ? 0 : 1;
      const nodes = pages[n]!.map((r) => ({
        creditCode: r.creditCode,
        name: r.name,
        county: { code: r.countyCode },
        industry: { code: r.industryCode },
        scale: r.scale,
        registeredCapital: r.registeredCapital,
        establishedOn: r.establishedOn,
        // Statistics publishes revenue in yuan: 15,000,000 元 is 1,500 万元 in the snapshot.
        ...(statistics ? { statisticalFacts: r.creditCode === A ? stats(80, 15_000_000) : null } : {}),
      }));
      return new Response(
        JSON.stringify({
          data: { enterprises: { pageInfo: { hasNextPage: n === 0, endCursor: n === 0 ? 'c1' : 'c2' }, nodes } },
        }),
      );
    }) as unknown as typeof fetch;
    const feed = () =>
      graphFactFeed({ url: 'http://127.0.0.1:1/graphql', token: async () => 'system-token', fetch: fakeGateway });
    const now = new Date('2026-01-05T02:00:00Z');
    const first = await collectFacts(feed());
    expect(first.map((r) => [r.creditCode, r.statistics])).toEqual([
      [A, stats(80, 1500)],
      [B, null],
      [C, null],
    ]);
    expect(await storeFacts(conn, first, now)).toEqual({ records: 3, added: 3, changed: 0 });
    // Statistics no longer in the graph: the registry's particulars are refreshed, the statistics kept.
    withStats = false;
    asked.length = 0;
    const second = await collectFacts(feed());
    expect(asked).toEqual([
      { after: null, statistics: true },
      { after: null, statistics: false },
      { after: 'c1', statistics: false },
    ]);
    expect(second.every((r) => r.statistics === undefined)).toBe(true);
    const later = new Date('2026-01-06T02:00:00Z');
    expect(await storeFacts(conn, second, later)).toEqual({ records: 3, added: 0, changed: 0 });
    const [a] = await conn.select().from(enterpriseFacts).where(eq(enterpriseFacts.creditCode, A));
    expect(a).toMatchObject({
      employees: 80,
      annualRevenue: 1500,
      aboveScale: true,
      statisticsPeriod: '2025',
      registryRefreshedAt: later,
      statisticsRefreshedAt: now,
      changedAt: now,
    });
  });
});

describe('matching', () => {
  it('lets only 万人助万企办 staff run it, for their unit', async () => {
    const RUN = `mutation { runExemptionMatching { trigger countyCode rules enterprises evaluations entitled } }`;
    expect(codeOf(await run(tokens.enterpriseA, RUN))).toBe('FORBIDDEN');
    expect(codeOf(await run(tokens.otherStaff, RUN))).toBe('FORBIDDEN');
    expect(codeOf(await run(tokens.analyst, RUN))).toBe('FORBIDDEN');
    // The 叶县 clerk of 万人助万企办 matches 叶县's enterprises (A only so far).
    const ye = await run(wrzwqYe, RUN);
    expect(ye.data).toEqual({
      runExemptionMatching: {
        trigger: 'DEMAND',
        countyCode: '410422',
        rules: 3,
        enterprises: 1,
        evaluations: 3,
        entitled: 1,
      },
    });
    const city = await run(tokens.cityStaff, RUN);
    expect(city.data).toMatchObject({
      runExemptionMatching: { countyCode: '410400', enterprises: 3, evaluations: 9, entitled: 1 },
    });
    // Repeated: nothing new, nobody told twice.
    const again = await run(tokens.cityStaff, RUN);
    expect(again.data).toMatchObject({ runExemptionMatching: { entitled: 0 } });
    expect(await messagesTo(A)).toEqual([`exemption.entitled:inbox:${A}:${i.upgrade.id}`]);
    expect(await messagesTo(B)).toEqual([`exemption.entitled:inbox:${B}:${i.jia.id}`]);
    expect(await messagesTo(C)).toEqual([]);
  });

  it('records the rule version, the facts used and why, visible to the enterprise and to staff in scope', async () => {
    const LIST = `query($f: EntitlementFilter) { entitlements(filter: $f) { totalCount nodes { ${ENTITLEMENT} } } }`;
    const mine = await run(tokens.enterpriseA, LIST);
    expect(mine.errors).toBeUndefined();
    const nodes = (mine.data as { entitlements: { nodes: Array<Record<string, unknown>> } }).entitlements.nodes;
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({
      status: 'ENTITLED',
      ruleVersion: 1,
      rule: { version: 1 },
      item: { name: '首次升规奖励' },
      enterprise: { creditCode: A },
      department: { code: 'miit' },
      county: { code: '410422' },
      facts: [
        { name: 'aboveScale', value: 'true' },
        { name: 'employees', value: '80' },
      ],
      reason: '测试资格条件（资格规则第1版）：是否四上企业：true；从业人员（人）：80',
      availableActions: ['CONFIRM', 'DECLINE'],
      events: [{ action: 'ENTITLE', fromStatus: null, toStatus: 'ENTITLED', actor: 'wrzwq-exemption' }],
      application: null,
    });
    const count = async (token: string | undefined) =>
      ((await run(token, `{ entitlements { totalCount } }`)).data as { entitlements: { totalCount: number } } | null)
        ?.entitlements.totalCount;
    expect(await count(tokens.countyClerk)).toBe(1);
    expect(await count(tokens.cityStaff)).toBe(2);
    expect(await count(tokens.otherStaff)).toBe(0);
    expect(await count(tokens.analyst)).toBe(2);
    expect(await count(tokens.enterpriseB)).toBe(1);
    expect(codeOf(await run(undefined, `{ entitlements { totalCount } }`))).toBe('UNAUTHENTICATED');
    const id = nodes[0]!.id as string;
    expect((await run(tokens.enterpriseB, `query($id: ID!) { entitlement(id: $id) { id } }`, { id })).data).toEqual({
      entitlement: null,
    });
  });

  it('gives the same entitlements and tells each enterprise once when a run crashes halfway and runs again', async () => {
    await storeFacts(
      conn,
      MORE.map((code, n) => record(code, { statistics: stats(10 + n * 10, 1000 * n) })),
      new Date('2026-01-07T02:00:00Z'),
    );
    const now = new Date('2026-01-08T02:00:00Z');
    // Crash after the second page of two enterprises: what was committed stays, nothing is half-written.
    await expect(
      runMatching(conn, {
        now,
        trigger: 'SCHEDULE',
        pageSize: 2,
        afterPage: (page) => {
          if (page === 2) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    const partial = await conn.select({ n: count() }).from(entitlements);
    // The nightly job runs the whole again.
    const outcome = await runJobOnce(conn, jobRuns, matchEntitlements, now);
    expect(outcome.ran).toBe(true);
    const repeat = await runJobOnce(conn, jobRuns, matchEntitlements, now);
    expect(repeat.ran).toBe(false);
    await runMatching(conn, { now, trigger: 'SCHEDULE' });
    // Expected: employees ≥ 20 for 首次升规 (MORE[1..5]), revenue ≥ 2000 for 营收增长 (MORE[2..5]).
    const rows = await conn.select().from(entitlements);
    const pairs = rows.map((r) => `${r.enterpriseCode}|${r.itemId}`).sort();
    const expected = [
      `${A}|${i.upgrade.id}`,
      `${B}|${i.jia.id}`,
      ...MORE.slice(1).map((c) => `${c}|${i.upgrade.id}`),
      ...MORE.slice(2).map((c) => `${c}|${i.revenue.id}`),
    ].sort();
    expect(pairs).toEqual(expected);
    expect(Number(partial[0]!.n)).toBeGreaterThan(2);
    expect(Number(partial[0]!.n)).toBeLessThan(expected.length);
    const keys = (await conn.select().from(outbox).where(like(outbox.topic, 'exemption.entitled'))).map(
      (r) => r.idempotencyKey,
    );
    expect(keys.sort()).toEqual(expected.map((p) => `exemption.entitled:inbox:${p.replace('|', ':')}`).sort());
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('confirming and declining', () => {
  const CONFIRM = `mutation($id: ID!, $input: ConfirmEntitlementInput) { confirmEntitlement(id: $id, input: $input) {
    ${ENTITLEMENT} } }`;
  const DECLINE = `mutation($id: ID!, $input: DeclineEntitlementInput) { declineEntitlement(id: $id, input: $input) {
    ${ENTITLEMENT} } }`;
  const idOf = async (code: string, itemId: string) => {
    const rows = await conn.select().from(entitlements).where(eq(entitlements.enterpriseCode, code));
    return rows.find((r) => r.itemId === itemId)!.id;
  };

  it('creates the redemption application directly at 受理 with no materials on confirmation', async () => {
    const id = await idOf(A, i.upgrade.id);
    // Only the enterprise itself; another enterprise answers as for a random id.
    expect(codeOf(await run(tokens.countyClerk, CONFIRM, { id }))).toBe('FORBIDDEN');
    expect(codeOf(await run(tokens.enterpriseB, CONFIRM, { id }))).toBe('NOT_FOUND');
    expect(codeOf(await run(tokens.enterpriseB, CONFIRM, { id: '3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a' }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await run(tokens.enterpriseA, CONFIRM, { id, input: { contactPhone: '123' } }))).toBe(
      'BAD_USER_INPUT',
    );
    const res = await run(tokens.enterpriseA, CONFIRM, {
      id,
      input: { contactName: '李建国', contactPhone: '13937561234' },
    });
    expect(res.errors).toBeUndefined();
    const e = (res.data as { confirmEntitlement: Record<string, unknown> }).confirmEntitlement;
    expect(e).toMatchObject({
      status: 'CONFIRMED',
      availableActions: [],
      application: {
        status: 'ACCEPTED',
        origin: 'ENTITLEMENT',
        materials: [],
        projectName: '首次升规奖励（免申即享）',
      },
    });
    expect(e.confirmedAt).toBe((e.application as { acceptedAt: string }).acceptedAt);
    expect((e.events as Array<{ action: string }>).map((x) => x.action)).toEqual(['ENTITLE', 'CONFIRM']);
    // The rest of the redemption workflow follows: the handling staff process it.
    const appId = (e.application as { id: string }).id;
    const processed = await run(
      tokens.countyClerk,
      `mutation($id: ID!) { processRedemptionApplication(id: $id) { status } }`,
      { id: appId },
    );
    expect(processed.data).toEqual({ processRedemptionApplication: { status: 'PROCESSING' } });
    const [app] = await conn.select().from(redemptionApplications).where(eq(redemptionApplications.id, appId));
    expect(app).toMatchObject({ enterpriseCode: A, itemId: i.upgrade.id, contactPhone: '13937561234' });
    // Not twice, and not declined afterwards.
    expect(codeOf(await run(tokens.enterpriseA, CONFIRM, { id }))).toBe('CONFLICT');
    expect(codeOf(await run(tokens.enterpriseA, DECLINE, { id }))).toBe('CONFLICT');
  });

  it('lets the enterprise decline, with its reason', async () => {
    const id = await idOf(B, i.jia.id);
    const res = await run(tokens.enterpriseB, DECLINE, { id, input: { reason: '本年度已享受同类补贴' } });
    expect(res.data).toMatchObject({
      declineEntitlement: { status: 'DECLINED', declineReason: '本年度已享受同类补贴', application: null },
    });
    expect(codeOf(await run(tokens.enterpriseB, CONFIRM, { id }))).toBe('CONFLICT');
  });
});
