/**
 * The monthly evaluation across departments through the real gateway: the demo's twelve months of reports generated
 * from the figures every department publishes (case handling from platform, statistical reporting from statistics,
 * requests and complaints, policies, 免申即享 and talent information from their subgraphs),
 * the laggards flagged, the leader's and analyst's reads, the refusals, `pnpm query`'s rows of a saved analyst
 * operation, and the analysts' saved aggregates (statistics, complaints, every module's monthly figures).
 */
import { readFileSync } from 'node:fs';
import { monthOf } from '@qq/kit';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { previousMonth } from '@qq/platform/evaluation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEvaluationHistory } from '../src/evaluation-history.ts';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';
import { rowsOfData, runQuery, toCsv } from '../src/query-run.ts';

let db: TestDatabase;
let platform: RunningPlatform;
let history: Awaited<ReturnType<typeof generateEvaluationHistory>>;
const last = previousMonth(monthOf(new Date()));

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({ handle: db, port: 0, subgraphPorts: 'random', seed: { enterprises: 40 } });
  history = await generateEvaluationHistory({ handle: db, url: platform.url });
}, 300_000);
afterAll(async () => {
  await platform?.stop();
  await db?.close();
});

async function gql(token: string | undefined, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
}

describe('the demo history', () => {
  it('has twelve monthly reports with the laggards flagged', async () => {
    expect(history.map((h) => h.generated)).toEqual(Array(12).fill(true));
    expect(history.at(-1)).toMatchObject({ month: last });
    expect(history.at(-1)!.supervised).toEqual(expect.arrayContaining(['市人社局', '鲁山县']));
    const leader = await tokenFor({ sub: 'leader-1', role: 'leader' });
    const months: string[] = [];
    for (let m = last; months.length < 12; m = previousMonth(m)) months.unshift(m);
    const res = await gql(
      leader,
      `query($from: String!, $to: String!) { evaluationReports(from: $from, to: $to) { month trigger
         plan { measures { key } } supervised { kind code rectificationDueOn } counties { code score rank }
         departments { code measures { key value } } } }`,
      { from: months[0], to: last },
    );
    expect(res.errors).toBeUndefined();
    const reports = res.data!.evaluationReports as Array<{
      month: string;
      trigger: string;
      plan: { measures: Array<{ key: string }> };
      supervised: Array<{ kind: string; code: string; rectificationDueOn: string }>;
      counties: Array<{ code: string; score: number | null; rank: number | null }>;
      departments: Array<{ code: string; measures: Array<{ key: string; value: number | null }> }>;
    }>;
    expect(reports.map((r) => r.month)).toEqual(months);
    expect(reports.every((r) => r.trigger === 'SCHEDULE')).toBe(true);
    // The built-in measures read every module's figures through the gateway.
    expect(reports[0]!.plan.measures.map((m) => m.key)).toEqual([
      'service.onTimeRate',
      'service.overdueRate',
      'statistics.onTimeRate',
      'statistics.missingRate',
      'complaints.replyOnTimeRate',
      'complaints.resolveOnTimeRate',
      'policies.publishedWithin24HoursRate',
      'policies.redemptionOnTimeRate',
      'exemption.completedOnTimeRate',
      'talent.currentRate',
    ]);
    // Every module's built-in measure found data in the demo for some department in the year, read as a rate.
    const values = reports.flatMap((r) => r.departments.flatMap((d) => d.measures)).filter((x) => x.value !== null);
    for (const module of ['complaints', 'policies', 'exemption', 'talent']) {
      const found = values.filter((x) => x.key.startsWith(`${module}.`));
      expect(found.length, module).toBeGreaterThan(0);
      expect(
        found.every((x) => x.value! >= 0 && x.value! <= 1),
        module,
      ).toBe(true);
    }
    const latest = reports.at(-1)!;
    expect(latest.supervised).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'DEPARTMENT', code: 'hrss' }),
        expect.objectContaining({ kind: 'COUNTY', code: '410423' }),
      ]),
    );
    expect(latest.supervised.every((s) => /^\d{4}-\d{2}-\d{2}$/.test(s.rectificationDueOn))).toBe(true);
    expect(latest.counties).toHaveLength(12);
    expect(latest.counties.at(-1)!.code === '410423' || latest.counties.at(-2)!.code === '410423').toBe(true);
  });

  it('answers admins, leaders and analysts, refuses staff, and never regenerates silently', async () => {
    const q = `query($m: String!) { evaluationReport(month: $m) { month version } }`;
    for (const claims of [
      { sub: 'a', role: 'admin', county: '410400' },
      { sub: 'l', role: 'leader' },
      { sub: 'n', role: 'analyst' },
    ] as const) {
      const res = await gql(await tokenFor(claims), q, { m: last });
      expect(res.data).toEqual({ evaluationReport: { month: last, version: 1 } });
    }
    const staff = await gql(await tokenFor({ sub: 's', role: 'staff', dept: 'bigdata', county: '410400' }), q, {
      m: last,
    });
    expect(staff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await tokenFor({ sub: 'a', role: 'admin', county: '410400' });
    const again = await gql(admin, `mutation($m: String!) { generateEvaluationReport(month: $m) { id } }`, { m: last });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('pnpm query', () => {
  it('runs a saved analyst operation through the gateway and flattens it into CSV rows', async () => {
    const document = readFileSync(
      new URL('../../schema/operations/analyst/EvaluationReport.graphql', import.meta.url),
      'utf8',
    );
    const result = await runQuery({
      url: platform.url,
      token: await tokenFor({ sub: 'n', role: 'analyst' }),
      document,
      variables: { month: last },
    });
    expect(result.errors).toEqual([]);
    const rows = rowsOfData(result.data!);
    expect(rows).toHaveLength(12);
    expect(Object.keys(rows[0]!)).toEqual([
      'month',
      'version',
      'counties.rank',
      'counties.code',
      'counties.name',
      'counties.score',
      'counties.bottom',
      'counties.supervised',
      'counties.rectificationDueOn',
    ]);
    const luShan = rows.find((r) => r['counties.code'] === '410423')!;
    expect(luShan).toMatchObject({ month: last, version: 1, 'counties.supervised': true });
    const csv = toCsv(rows).split('\r\n');
    expect(csv[0]).toBe(Object.keys(rows[0]!).join(','));
    expect(csv).toHaveLength(1 + 12 + 1);
  });

  it('joins nested lists into rows and multiplies lists side by side', () => {
    const data = {
      evaluationReports: [
        {
          month: '2026-09',
          departments: [
            { code: 'a', tags: ['x', 'y'] },
            { code: 'b', tags: [] },
          ],
        },
        { month: '2026-10', departments: [] },
      ],
    };
    expect(rowsOfData(data)).toEqual([
      { month: '2026-09', 'departments.code': 'a', 'departments.tags': 'x;y' },
      { month: '2026-09', 'departments.code': 'b' },
      { month: '2026-10' },
    ]);
    expect(toCsv(rowsOfData({ a: [{ x: 1 }, { x: 2 }], b: { nodes: [{ y: 'p,q' }] } }))).toBe(
      'a.x,b.y\r\n1,"p,q"\r\n2,"p,q"\r\n',
    );
  });

  it('follows a connection page by page with --all', async () => {
    const document = `query($first: Int, $after: String) { enterprises(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } edges { cursor node { creditCode county { code } } } } }`;
    const result = await runQuery({
      url: platform.url,
      token: await tokenFor({ sub: 'n', role: 'analyst' }),
      document,
      variables: { first: 15 },
      all: true,
    });
    const rows = rowsOfData(result.data!);
    expect(rows).toHaveLength(40);
    expect(Object.keys(rows[0]!)).toEqual(['creditCode', 'county.code']);
    expect(new Set(rows.map((r) => r.creditCode)).size).toBe(40);
  });
});

describe("the analysts' aggregates", () => {
  const saved = (name: string) =>
    readFileSync(new URL(`../../schema/operations/analyst/${name}.graphql`, import.meta.url), 'utf8');
  const analyst = () => tokenFor({ sub: 'n', role: 'analyst' });
  const ask = async (name: string, variables: Record<string, unknown>, all = false) => {
    const result = await runQuery({ url: platform.url, token: await analyst(), document: saved(name), variables, all });
    expect(result.errors).toEqual([]);
    return rowsOfData(result.data!);
  };
  const sum = (rows: Array<Record<string, unknown>>, column: string) =>
    rows.reduce((n, r) => n + Number(r[column] ?? 0), 0);

  it('groups matters by county, department, category and month, adding up to the totals', async () => {
    const [total] = await ask('MatterStatistics', { groupBy: [] });
    expect(Number(total!.matters)).toBeGreaterThan(0);
    for (const groupBy of [['COUNTY'], ['DEPARTMENT'], ['CATEGORY', 'MONTH']]) {
      const rows = await ask('MatterStatistics', { groupBy });
      for (const column of ['matters', 'overdue', 'replied', 'repliedOnTime', 'resolved', 'reopened']) {
        expect(sum(rows, column), `${groupBy.join('+')} ${column}`).toBe(total![column]);
      }
    }
    const byCounty = await ask('MatterStatistics', { groupBy: ['COUNTY'] });
    expect(byCounty.every((r) => /^4104\d\d$/.test(String(r['county.code'])) && r.department === null)).toBe(true);
  });

  it('sums reported figures by county and by industry at a GB/T 4754 level within the analyst budget', async () => {
    const [total] = await ask('ReportAggregates', { from: '2026-01', to: '2026-10', groupBy: [] });
    expect(Number(total!.reportCount)).toBeGreaterThan(0);
    const byDivision = await ask(
      'ReportAggregates',
      { from: '2026-01', to: '2026-10', groupBy: ['COUNTY', 'INDUSTRY'], industryLevel: 'DIVISION', first: 50 },
      true,
    );
    expect(sum(byDivision, 'reportCount')).toBe(total!.reportCount);
    expect(byDivision.every((r) => r.industryCode === null || /^[A-T]\d\d$/.test(String(r.industryCode)))).toBe(true);
    const byMonth = await ask('ReportAggregates', { from: '2026-01', to: '2026-10', groupBy: ['PERIOD'] }, true);
    expect(byMonth.map((r) => r.period)).toEqual(
      ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']
        .map((m) => `2026-${m}`)
        .filter((p) => byMonth.some((r) => r.period === p)),
    );
    expect(sum(byMonth, 'reportCount')).toBe(total!.reportCount);
  });

  it("reads every module's monthly figures per department and per county in one request each", async () => {
    const departments = await ask('DepartmentFigures', { month: last });
    expect(departments.map((r) => r.code).sort()).toEqual([
      'bigdata',
      'hrss',
      'miit',
      'mofcom',
      'ndrc',
      'stats',
      'wrzwq',
    ]);
    const counties = await ask('CountyFigures', { month: last });
    expect(counties.length).toBeGreaterThanOrEqual(12);
    for (const r of [...departments, ...counties]) {
      const onTime = Number(r['complaintFigures.repliedOnTime']);
      const late = Number(r['complaintFigures.repliedLate']);
      expect(r['complaintFigures.replyOnTimeRate']).toEqual(
        onTime + late === 0 ? null : expect.closeTo(onTime / (onTime + late), 5),
      );
    }
  });
});
