/**
 * The analysts' module aggregates through the real gateway over the demo data: each saved operation of
 * `schema/operations/analyst/` (policies, talent, commerce) run as `pnpm query` runs it, its totals checked against the
 * demo rows counted in SQL, its groups adding up to the totals at every dimension, its CSV; the gateway's analyst
 * budget applied to them; and the nightly copies of enterprises' county and industry refreshed through the gateway.
 */
import { readFileSync } from 'node:fs';
import { demoEnterprises, demoUnitClasses } from '@qq/db/seed';
import { enterpriseIndustries as commerceIndustries, jobRuns as commerceJobRuns } from '@qq/db/schema/commerce';
import { enterpriseIndustries as talentIndustries, jobRuns as talentJobRuns } from '@qq/db/schema/talent';
import { refreshEnterpriseIndustries as refreshCommerce } from '@qq/commerce';
import { DEFAULT_BUDGETS, monthRange, rowsOf, runJobOnce } from '@qq/kit';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { refreshEnterpriseIndustries as refreshTalent } from '@qq/talent';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';
import { rowsOfData, runQuery, toCsv, type Row } from '../src/query-run.ts';

let db: TestDatabase;
let platform: RunningPlatform;
const ENTERPRISES = 40;
/** The analyst's cost budget of this gateway: low enough that a handful of aggregates in one request exceed it. */
const ANALYST_COST = 1000;
const FROM = '2025-12';
const TO = '2026-11';

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({
    handle: db,
    port: 0,
    subgraphPorts: 'random',
    seed: { enterprises: ENTERPRISES },
    gateway: { budgets: { ...DEFAULT_BUDGETS, analyst: { ...DEFAULT_BUDGETS.analyst, cost: ANALYST_COST } } },
  });
}, 300_000);
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

const saved = (name: string) =>
  readFileSync(new URL(`../../schema/operations/analyst/${name}.graphql`, import.meta.url), 'utf8');
const analyst = () => tokenFor({ sub: 'analyst-1', role: 'analyst' });
async function ask(name: string, variables: Record<string, unknown>): Promise<Row[]> {
  const result = await runQuery({
    url: platform.url,
    token: await analyst(),
    document: saved(name),
    variables: { from: FROM, to: TO, first: 20, ...variables },
    all: true,
  });
  expect(result.errors).toEqual([]);
  return rowsOfData(result.data!);
}
const sum = (rows: Row[], column: string) => rows.reduce((n, r) => n + Number(r[column] ?? 0), 0);

/** A count of demo rows in SQL (the owner's connection), over the range's instants. */
async function countRows(table: string, column: string, extra = 'true'): Promise<number> {
  const { from } = monthRange(FROM);
  const { to } = monthRange(TO);
  const rows = rowsOf<{ n: number }>(
    await db.connect().execute(
      sql`select count(*)::int as n from ${sql.raw(table)} where ${sql.raw(column)} >= ${from.toISOString()}::timestamptz
        and ${sql.raw(column)} < ${to.toISOString()}::timestamptz and ${sql.raw(extra)}`,
    ),
  );
  return Number(rows[0]!.n);
}

const MODULES = [
  {
    name: 'PolicyAggregates',
    columns: ['applications', 'amountRequested', 'amountGranted', 'entitlementsOffered', 'visits'],
    counted: {
      applications: ['policies.redemption_applications', 'submitted_at'],
      entitlementsOffered: ['policies.entitlements', 'entitled_at'],
      visits: ['policies.visits', 'visited_at'],
    },
  },
  {
    name: 'TalentAggregates',
    columns: ['jobPostings', 'positions', 'applications', 'hires'],
    counted: {
      jobPostings: ['talent.job_postings', 'published_at'],
      applications: ['talent.job_applications', 'submitted_at'],
    },
  },
  {
    name: 'CommerceAggregates',
    columns: ['opportunities', 'investmentProjects', 'investmentAmount', 'financingNeeds', 'amountApplied'],
    counted: {
      opportunities: ['commerce.opportunities', 'published_at'],
      investmentProjects: ['commerce.investment_projects', 'published_at'],
      financingNeeds: ['commerce.financing_needs', 'created_at'],
    },
  },
] as const;

describe("the modules' aggregates through the gateway", () => {
  it.each(MODULES)('$name: the totals are the demo rows, and every grouping adds up to them', async (m) => {
    const [total] = await ask(m.name, { groupBy: [] });
    for (const [column, [table, at]] of Object.entries(m.counted)) {
      const counted = await countRows(table, at);
      expect(counted, `${m.name} ${column}: demo rows in the range`).toBeGreaterThan(0);
      expect(total![column], `${m.name} ${column}`).toBe(counted);
    }
    for (const groupBy of [['COUNTY'], ['DEPARTMENT', 'MONTH'], ['INDUSTRY']]) {
      const rows = await ask(m.name, { groupBy, industryLevel: 'DIVISION' });
      for (const column of m.columns) {
        expect(sum(rows, column), `${m.name} ${groupBy.join('+')} ${column}`).toBeCloseTo(Number(total![column]), 2);
      }
    }
    // Industry at the division level: a statistical unit's division (C33), or a code the registry gives coarser (C).
    const divisions = await ask(m.name, { groupBy: ['INDUSTRY'], industryLevel: 'DIVISION' });
    expect(divisions.every((r) => r.industryCode === null || /^[A-T](\d\d)?$/.test(String(r.industryCode)))).toBe(true);
    expect(divisions.some((r) => /^[A-T]\d\d$/.test(String(r.industryCode)))).toBe(true);
    const months = await ask(m.name, { groupBy: ['MONTH'] });
    expect(months.every((r) => String(r.month) >= FROM && String(r.month) <= TO)).toBe(true);
  });

  it('writes the CSV an analyst exports, with no personal data', async () => {
    const rows = await ask('TalentAggregates', { groupBy: ['COUNTY', 'INDUSTRY'] });
    const csv = toCsv(rows);
    const [header] = csv.split('\r\n');
    // Not grouped by department: its column stays empty.
    expect(header).toBe(
      'department,county.code,county.name,industryCode,month,jobPostings,positions,jobPostingsOpen,hiringEnterprises,' +
        'averageSalaryMin,averageSalaryMax,applications,applicants,applicationsAnswered,answerRate,interviews,hires,' +
        'applicationsWithdrawn',
    );
    expect(csv.trimEnd().split('\r\n')).toHaveLength(rows.length + 1);
    expect(rows.every((r) => /^4104\d\d$/.test(String(r['county.code'])) && r['county.name'])).toBe(true);
    // Phone numbers and names of persons are nowhere in it.
    expect(csv).not.toMatch(/1[3-9]\d{9}/);
  });

  it("bounds them by the analyst's request budget at the gateway", async () => {
    const token = await analyst();
    const post = async (query: string) => {
      const res = await fetch(platform.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return {
        status: res.status,
        body: (await res.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> },
      };
    };
    const fields = `nodes { county { code name } department { code shortName } industryCode month applications
      applyingEnterprises applicationsOpen applicationsOverdue applicationsCompleted completedOnTimeRate amountRequested
      amountGranted entitlementsOffered entitlementsConfirmed visits enterprisesVisited problemsRaised }`;
    const one = (alias: string) =>
      `${alias}: policyAggregates(from: "${FROM}", to: "${TO}", groupBy: [COUNTY, INDUSTRY, MONTH]) { ${fields} }`;
    const within = await post(`{ ${['a', 'b'].map(one).join(' ')} }`);
    expect(within.status).toBe(200);
    expect(within.body.errors).toBeUndefined();
    // Each aggregate costs the same whatever its page: enough of them in one request exceed the budget.
    const many = await post(`{ ${Array.from({ length: 40 }, (_, i) => one(`a${i}`)).join(' ')} }`);
    expect(many.status).toBe(400);
    expect(many.body.errors?.[0]?.extensions?.code).toBe('GATEWAY_BUDGET_EXCEEDED');
    expect(many.body.errors?.[0]?.message).toContain(`Query Cost limit of ${ANALYST_COST} exceeded`);
    // And more aggregates than the analyst's aliases allow.
    const aliases = await post(
      `{ ${Array.from({ length: DEFAULT_BUDGETS.analyst.aliases + 1 }, (_, i) => `a${i}: policyAggregates(from: "${FROM}", to: "${TO}", groupBy: []) { totalCount }`).join(' ')} }`,
    );
    expect(aliases.body.errors?.[0]?.extensions?.code).toBe('GATEWAY_BUDGET_EXCEEDED');
  });
});

describe("the departments' copies of enterprises' county and industry", () => {
  it('are refreshed through the gateway from the registry and the statistical units', async () => {
    process.env.REGISTRY_GRAPH_URL = platform.url;
    const enterprises = demoEnterprises(ENTERPRISES);
    const classes = demoUnitClasses(enterprises);
    const conn = db.connect();
    for (const [job, table, jobRuns] of [
      [refreshTalent, talentIndustries, talentJobRuns],
      [refreshCommerce, commerceIndustries, commerceJobRuns],
    ] as const) {
      await conn.delete(table);
      const now = new Date();
      const outcome = await runJobOnce(conn, jobRuns, job, now);
      expect(outcome).toMatchObject({ ran: true, result: { records: ENTERPRISES } });
      const rows = await conn.select().from(table);
      expect(rows).toHaveLength(ENTERPRISES);
      for (const e of enterprises) {
        expect(
          rows.find((r) => r.creditCode === e.creditCode),
          job.name,
        ).toMatchObject({
          countyCode: e.countyCode,
          industryCode: e.industryCode,
          unitIndustryCode: classes.get(e.creditCode) ?? null,
          refreshedAt: now,
        });
      }
    }
  });
});
