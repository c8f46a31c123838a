/**
 * Units of the facts feed: statistics publishes `annualRevenue` in yuan (元), the rule language's fact
 * `annualRevenue` is in 10,000 yuan (万元). A rule `annualRevenue >= 2000` matches 25,000,000 元 and not 15,000,000 元,
 * in the calculator and in a matching run, when the facts came through the feed.
 */
import type { Database } from '@qq/db/client';
import { enterpriseFacts, entitlements } from '@qq/db/schema/policies';
import { makeCreditCode } from '@qq/kit';
import { createTestDatabase, execute, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { collectFacts, graphFactFeed, storeFacts, yuanToWan } from '../src/service/facts.ts';
import { runMatching } from '../src/service/matching.ts';
import { factories, roleTokens, type ItemRow } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let item: ItemRow;
const BIG = makeCreditCode('410422', 801);
const SMALL = makeCreditCode('410422', 802);
/** What statistics publishes (yuan). */
const REVENUE_YUAN: Record<string, number> = { [BIG]: 25_000_000, [SMALL]: 15_000_000 };

const run = (token: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
  execute(server, query, { token, variables });

const fakeGateway = (async (_url: string, init: { body: string }) => {
  const body = JSON.parse(init.body) as { query: string };
  expect(body.query).toContain('statisticalFacts');
  const nodes = [BIG, SMALL].map((code) => ({
    creditCode: code,
    name: `企业${code.slice(-4)}`,
    county: { code: '410422' },
    industry: { code: 'C' },
    scale: 'SMALL',
    registeredCapital: 500,
    establishedOn: '2018-04-01',
    statisticalFacts: {
      aboveScale: true,
      aboveScaleSince: '2024-01-01',
      annualRevenue: REVENUE_YUAN[code],
      employees: 50,
      period: '2025',
    },
  }));
  return new Response(
    JSON.stringify({ data: { enterprises: { pageInfo: { hasNextPage: false, endCursor: 'c1' }, nodes } } }),
  );
}) as unknown as typeof fetch;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  tokens = await roleTokens();
  const make = factories(conn);
  const policy = await make.policy({ title: '叶县营收奖励政策', departmentCode: 'wrzwq', countyCode: '410422' });
  item = await make.item(policy, { name: '营收两千万元以上奖励' });
  const saved = await run(
    tokens.cityStaff,
    `mutation($input: SaveEligibilityRuleInput!) { saveEligibilityRule(input: $input) { id } }`,
    {
      input: {
        itemId: item.id,
        rule: JSON.stringify({ '>=': [{ var: 'annualRevenue' }, 2000] }),
        description: '年营业收入2000万元以上',
        effectiveFrom: '2025-01-01',
      },
    },
  );
  expect(saved.errors).toBeUndefined();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('annual revenue through the facts feed', () => {
  it('converts yuan to 万元 to the snapshot column’s two decimals', () => {
    expect(yuanToWan(25_000_000)).toBe(2500);
    expect(yuanToWan(12_345_678)).toBe(1234.57);
    expect(yuanToWan(0)).toBe(0);
    expect(yuanToWan(null)).toBeNull();
  });

  it('matches a rule annualRevenue >= 2000 for 25,000,000 yuan and not for 15,000,000 yuan', async () => {
    const records = await collectFacts(
      graphFactFeed({ url: 'http://127.0.0.1:1/graphql', token: async () => 'system-token', fetch: fakeGateway }),
    );
    expect(records.map((r) => [r.creditCode, r.statistics?.annualRevenue])).toEqual([
      [BIG, 2500],
      [SMALL, 1500],
    ]);
    await storeFacts(conn, records, new Date('2026-11-02T02:00:00Z'));
    const stored = await conn.select().from(enterpriseFacts);
    expect(Object.fromEntries(stored.map((r) => [r.creditCode, r.annualRevenue]))).toEqual({
      [BIG]: 2500,
      [SMALL]: 1500,
    });

    const CALC = `query($c: String) { exemptionCalculator(creditCode: $c) {
      facts { annualRevenue } items { eligible failedConditions { fact actual expected } } } }`;
    const big = await run(tokens.cityStaff, CALC, { c: BIG });
    expect(big.errors).toBeUndefined();
    expect(big.data).toEqual({
      exemptionCalculator: { facts: { annualRevenue: 2500 }, items: [{ eligible: true, failedConditions: [] }] },
    });
    const small = await run(tokens.cityStaff, CALC, { c: SMALL });
    expect(small.data).toEqual({
      exemptionCalculator: {
        facts: { annualRevenue: 1500 },
        items: [{ eligible: false, failedConditions: [{ fact: 'annualRevenue', actual: '1500', expected: '2000' }] }],
      },
    });

    await runMatching(conn, { now: new Date('2026-11-02T03:00:00Z'), trigger: 'SCHEDULE' });
    const found = await conn.select().from(entitlements);
    expect(found.map((e) => [e.enterpriseCode, e.itemId])).toEqual([[BIG, item.id]]);
  });
});
