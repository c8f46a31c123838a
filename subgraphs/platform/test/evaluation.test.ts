/**
 * The monthly evaluation through GraphQL: figures read over HTTP from the graph (here the platform subgraph itself,
 * which owns `serviceFigures`) as the Big Data Bureau's system client, exact scores of a hand-computed case, ranking,
 * the bottom group two months running, the rectification deadline, stored reports (CONFLICT on regenerate, further
 * versions), a past month recomputed after the weights change, the scheduled job, Art. 11 measures, roles, exports.
 */
import type { Database } from '@qq/db/client';
import { cases, evaluationMeasureSets, evaluationReports, jobRuns, outbox } from '@qq/db/schema/platform';
import { demoEnterprises } from '@qq/db/seed';
import { seedReference } from '@qq/db/seed/platform';
import { chinaDay, monthOf, runJobOnce, workdayCalendar, type Listening } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import ExcelJS from 'exceljs';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureOf } from '../src/evaluation/catalog.ts';
import { computeReport, type ReportInputs } from '../src/evaluation/engine.ts';
import { monthlyEvaluation } from '../src/evaluation/jobs.ts';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let listening: Listening;
const t = {} as Record<
  | 'admin'
  | 'leader'
  | 'analyst'
  | 'bigdataStaff'
  | 'statsCity'
  | 'statsYexian'
  | 'mofcomCity'
  | 'enterprise'
  | 'person',
  string
>;
const previousUrl = process.env.EVALUATION_GRAPH_URL;
let setV1 = '';

function run<T = Record<string, unknown>>(token: string | undefined, query: string, variables?: object) {
  return execute<T>(server, query, { token, variables: variables as Record<string, unknown> });
}
const codeOf = (res: GraphQLResult) => res.errors?.[0]?.extensions?.code;

let seq = 0;
/** A case of `dept` in `county`: received, due and (optionally) concluded at the given instants (China time). */
function aCase(dept: string, county: string, receivedAt: string, dueAt: string, concludedAt: string | null) {
  seq++;
  const at = (s: string) => new Date(`${s}T10:00:00+08:00`);
  return {
    referenceNo: `EV${String(seq).padStart(6, '0')}`,
    serviceId: '00000000-0000-4000-8000-000000000001',
    serviceName: '考核测试事项',
    timeLimitDays: 5,
    enterpriseCode: '91410400MA44ABCD1X',
    applicantName: '张三',
    channel: 'ONLINE',
    status: concludedAt ? ('CONCLUDED' as const) : ('PROCESSING' as const),
    handlingUnit: dept,
    appliedAt: at(receivedAt),
    receivedAt: at(receivedAt),
    dueAt: at(dueAt),
    concludedAt: concludedAt ? at(concludedAt) : null,
    outcome: concludedAt ? 'APPROVED' : null,
    lastStepAt: at(concludedAt ?? receivedAt),
    departmentCode: dept,
    countyCode: county,
  };
}

const MEASURES = [
  {
    key: 'service.onTimeRate',
    label: '办件按时办结率',
    figure: 'serviceFigures.concludedOnTime',
    per: ['serviceFigures.concludedOnTime', 'serviceFigures.concludedLate'],
    weight: 3,
  },
  { key: 'service.overdue', figure: 'serviceFigures.overdue', weight: 1 },
];
const SETTINGS = { bottomDepartments: 1, bottomCounties: 2, consecutiveMonths: 2, rectificationWorkingDays: 15 };

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  await seedReference(conn);
  server = createServer({ db: await db.connectAs('platform') });
  await server.start();
  listening = await server.listen(0, '127.0.0.1');
  process.env.EVALUATION_GRAPH_URL = listening.url;
  t.admin = await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' });
  t.leader = await tokenFor({ sub: 'leader-1', role: 'leader' });
  t.analyst = await tokenFor({ sub: 'analyst-1', role: 'analyst' });
  t.bigdataStaff = await tokenFor({ sub: 'bigdata-city', role: 'staff', dept: 'bigdata', county: '410400' });
  t.statsCity = await tokenFor({ sub: 'stats-city', role: 'staff', dept: 'stats', county: '410400' });
  t.statsYexian = await tokenFor({ sub: 'stats-yexian', role: 'staff', dept: 'stats', county: '410422' });
  t.mofcomCity = await tokenFor({ sub: 'mofcom-city', role: 'staff', dept: 'mofcom', county: '410400' });
  t.enterprise = await tokenFor({ sub: 'ent', role: 'enterprise', enterprise: demoEnterprises(1)[0]!.creditCode });
  t.person = await tokenFor({ sub: 'person-1', role: 'person' });
  // The general measures in force since January (defined then): only case handling, which this graph has.
  const [set] = await conn
    .insert(evaluationMeasureSets)
    .values({
      owner: 'general',
      validFrom: '2026-01',
      measures: MEASURES.map((m) => measureOf('general', m)),
      settings: SETTINGS,
      definedBy: 'admin-1',
      definedAt: new Date('2026-01-05T02:00:00Z'),
    })
    .returning();
  setV1 = set!.id;
  await conn.insert(cases).values([
    // August: 发改委 in 郏县 concluded one case late; 商务局 in 叶县 one on time.
    aCase('ndrc', '410425', '2026-08-03', '2026-08-10', '2026-08-12'),
    aCase('mofcom', '410422', '2026-08-03', '2026-08-10', '2026-08-07'),
    // September: 商务局 in 叶县 3 on time, 1 late; 人社局 in 叶县 1 on time; 发改委 in 郏县 1 on time, 1 late, 1 open.
    aCase('mofcom', '410422', '2026-09-01', '2026-09-08', '2026-09-04'),
    aCase('mofcom', '410422', '2026-09-01', '2026-09-08', '2026-09-05'),
    aCase('mofcom', '410422', '2026-09-02', '2026-09-09', '2026-09-08'),
    aCase('mofcom', '410422', '2026-09-03', '2026-09-10', '2026-09-15'),
    aCase('hrss', '410422', '2026-09-03', '2026-09-10', '2026-09-04'),
    aCase('ndrc', '410425', '2026-09-03', '2026-09-10', '2026-09-09'),
    aCase('ndrc', '410425', '2026-09-03', '2026-09-10', '2026-09-18'),
    aCase('ndrc', '410425', '2026-09-11', '2026-09-20', null),
  ]);
});
afterAll(async () => {
  if (previousUrl === undefined) delete process.env.EVALUATION_GRAPH_URL;
  else process.env.EVALUATION_GRAPH_URL = previousUrl;
  await listening?.close();
  await server?.stop();
  await db?.close();
});

const RESULT = 'code name score rank bottom bottomStreak supervised rectificationDueOn';
const REPORT = `id month version trigger reason generatedBy
  plan { sets { id owner validFrom } measures { owner key weight direction scale } settings { bottomDepartments bottomCounties consecutiveMonths rectificationWorkingDays } }
  departments { ${RESULT} measures { key value score } } counties { ${RESULT} } supervised { kind code }`;

type Unit = {
  code: string;
  name: string;
  score: number | null;
  rank: number | null;
  bottom: boolean;
  supervised: boolean;
  rectificationDueOn: string | null;
  bottomStreak: boolean[];
  measures?: Array<{ key: string; value: number | null; score: number | null }>;
};
type Report = {
  id: string;
  month: string;
  version: number;
  trigger: string;
  plan: {
    sets: Array<{ id: string | null; owner: string; validFrom: string }>;
    measures: Array<{ key: string; weight: number }>;
  };
  departments: Unit[];
  counties: Unit[];
  supervised: Array<{ kind: string; code: string }>;
};

const scores = (units: Unit[]) => Object.fromEntries(units.map((u) => [u.code, [u.score, u.rank]]));

// Rectification: 15 working days from 1 October 2026; 1–7 October are the National Day holidays and Saturday
// 10 October a make-up working day: 8, 9, 10, 12–16, 19–23, 26 and 27 October.
const DUE = '2026-10-27';

describe('the report of a month', () => {
  let september: Report;

  it('scores, ranks and flags the hand-computed case exactly', async () => {
    const res = await run<{ generateEvaluationReport: Report }>(
      t.admin,
      `mutation { generateEvaluationReport(month: "2026-09") { ${REPORT} } }`,
    );
    expect(res.errors).toBeUndefined();
    september = res.data!.generateEvaluationReport;
    expect(september).toMatchObject({
      month: '2026-09',
      version: 1,
      trigger: 'DEMAND',
      reason: null,
      generatedBy: 'admin-1',
    });
    expect(september.plan.sets).toEqual([{ id: setV1, owner: 'general', validFrom: '2026-01' }]);
    expect(september.plan.measures).toEqual([
      { owner: 'general', key: 'service.onTimeRate', weight: 3, direction: 'HIGHER', scale: 'RATE' },
      { owner: 'general', key: 'service.overdue', weight: 1, direction: 'LOWER', scale: 'RELATIVE' },
    ]);
    // Departments. On-time rate (weight 3, a rate): 商务局 3/4, 人社局 1/1, 发改委 1/2 → 75, 100, 50 (others: no base,
    // no data). Overdue (weight 1, a count, less is better): 商务局 1, 人社局 0, 发改委 2, others 0 → 50, 100, 0, 100.
    expect(scores(september.departments)).toEqual({
      bigdata: [100, 1],
      hrss: [100, 1],
      miit: [100, 1],
      stats: [100, 1],
      wrzwq: [100, 1],
      mofcom: [68.75, 6], // (3 × 75 + 1 × 50) / 4
      ndrc: [37.5, 7], // (3 × 50 + 1 × 0) / 4
    });
    const mofcom = september.departments.find((d) => d.code === 'mofcom')!;
    expect(mofcom.measures).toEqual([
      { key: 'service.onTimeRate', value: 0.75, score: 75 },
      { key: 'service.overdue', value: 1, score: 50 },
    ]);
    expect(september.departments.map((d) => d.code)).toEqual([
      'bigdata',
      'hrss',
      'miit',
      'stats',
      'wrzwq',
      'mofcom',
      'ndrc',
    ]);
    // Counties. 叶县: on time 4 of 5 → 80, overdue 1 → 50: (240 + 50) / 4 = 72.5. 郏县: 1 of 2 → 50, overdue 2 → 0.
    const counties = scores(september.counties);
    expect(counties['410422']).toEqual([72.5, 11]);
    expect(counties['410425']).toEqual([37.5, 12]);
    expect(Object.values(counties).filter(([s, r]) => s === 100 && r === 1)).toHaveLength(10);
    // Bottom group: one department, two counties. August: 发改委 (its one case late: 0) and 郏县 (0) were bottom too.
    const ndrc = september.departments.find((d) => d.code === 'ndrc')!;
    expect(ndrc).toMatchObject({ bottom: true, bottomStreak: [true, true], supervised: true, rectificationDueOn: DUE });
    expect(mofcom).toMatchObject({ bottom: false, supervised: false, rectificationDueOn: null });
    const yexian = september.counties.find((c) => c.code === '410422')!;
    expect(yexian).toMatchObject({ bottom: true, bottomStreak: [true, false], supervised: false });
    expect(september.counties.find((c) => c.code === '410425')).toMatchObject({
      supervised: true,
      rectificationDueOn: DUE,
    });
    expect(september.supervised).toEqual([
      { kind: 'DEPARTMENT', code: 'ndrc' },
      { kind: 'COUNTY', code: '410425' },
    ]);
    // Each key supervision target is told, in the report's transaction.
    const told = await conn
      .select()
      .from(outbox)
      .where(like(outbox.idempotencyKey, `evaluation.supervised:${september.id}:%`));
    expect(told.map((m) => m.payload).map((p) => (p as { to: unknown }).to)).toEqual(
      expect.arrayContaining([
        { dept: 'ndrc', county: '410400' },
        { dept: 'bigdata', county: '410425' },
      ]),
    );
    expect(told).toHaveLength(2);
  });

  it('is stored with its inputs and reproducible from them', async () => {
    const [row] = await conn.select().from(evaluationReports).where(eq(evaluationReports.id, september.id));
    const inputs = row!.inputs as unknown as ReportInputs;
    expect(inputs.months.map((m) => m.month)).toEqual(['2026-09', '2026-08']);
    expect(inputs.months[0]!.figures.DEPARTMENT.mofcom).toEqual({
      'serviceFigures.concludedLate': 1,
      'serviceFigures.concludedOnTime': 3,
      'serviceFigures.overdue': 1,
    });
    expect(computeReport(inputs)).toEqual(row!.results);
    const read = await run<{ evaluationReport: { id: string; inputs: Array<{ month: string; figures: unknown[] }> } }>(
      t.leader,
      `{ evaluationReport(month: "2026-09") { id inputs { month figures { kind unit path value } } } }`,
    );
    expect(read.data!.evaluationReport.id).toBe(september.id);
    expect(read.data!.evaluationReport.inputs[1]!.figures).toContainEqual({
      kind: 'COUNTY',
      unit: '410425',
      path: 'serviceFigures.concludedLate',
      value: 1,
    });
  });

  it('is never regenerated silently: CONFLICT, or a further version with a reason', async () => {
    const again = await run(t.admin, `mutation { generateEvaluationReport(month: "2026-09") { id } }`);
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors?.[0]?.extensions?.reportId).toBe(september.id);
    const noReason = await run(
      t.admin,
      `mutation { generateEvaluationReport(month: "2026-09", newVersion: true) { id } }`,
    );
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const current = monthOf(new Date());
    const notEnded = await run(t.admin, `mutation($m: String!) { generateEvaluationReport(month: $m) { id } }`, {
      m: current,
    });
    expect(notEnded.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    const bad = await run(t.admin, `mutation { generateEvaluationReport(month: "2026-9") { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
  });

  it('recomputes a past month with the weights it had after the weights change', async () => {
    const current = monthOf(new Date());
    const define = await run<{ defineEvaluationMeasures: { id: string; validFrom: string; settings: unknown } }>(
      t.admin,
      `mutation($input: DefineEvaluationMeasuresInput!) { defineEvaluationMeasures(input: $input) { id owner validFrom settings { consecutiveMonths } measures { key weight } } }`,
      {
        input: {
          owner: 'general',
          validFrom: current,
          measures: [
            { ...MEASURES[0], weight: 1 },
            { ...MEASURES[1], weight: 3 },
          ],
          note: '加大超期办件权重',
        },
      },
    );
    expect(define.errors).toBeUndefined();
    expect(define.data!.defineEvaluationMeasures).toMatchObject({
      validFrom: current,
      settings: { consecutiveMonths: 2 },
    });
    const v2 = await run<{ generateEvaluationReport: Report }>(
      t.admin,
      `mutation { generateEvaluationReport(month: "2026-09", newVersion: true, reason: "复核") { ${REPORT} } }`,
    );
    expect(v2.errors).toBeUndefined();
    const report = v2.data!.generateEvaluationReport;
    expect(report).toMatchObject({ version: 2, reason: '复核' });
    expect(report.plan.sets).toEqual([{ id: setV1, owner: 'general', validFrom: '2026-01' }]);
    expect(scores(report.departments)).toEqual(scores(september.departments));
    expect(scores(report.counties)).toEqual(scores(september.counties));
    // Version 1 is kept as it was; the latest is version 2.
    const versions = await run<{ v1: Report; latest: Report }>(
      t.analyst,
      `{ v1: evaluationReport(month: "2026-09", version: 1) { id version } latest: evaluationReport(month: "2026-09") { version } }`,
    );
    expect(versions.data).toEqual({ v1: { id: september.id, version: 1 }, latest: { version: 2 } });
    // The new weights apply from the current month on.
    const plan = await run<{ evaluationPlan: { measures: Array<{ key: string; weight: number }> } }>(
      t.leader,
      `query($m: String!) { evaluationPlan(month: $m) { measures { key weight } } }`,
      { m: current },
    );
    expect(plan.data!.evaluationPlan.measures).toEqual([
      { key: 'service.onTimeRate', weight: 1 },
      { key: 'service.overdue', weight: 3 },
    ]);
    const past = await run(
      t.admin,
      `mutation($i: DefineEvaluationMeasuresInput!) { defineEvaluationMeasures(input: $i) { id } }`,
      {
        i: { owner: 'general', validFrom: '2026-09', measures: [] },
      },
    );
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.validFrom' });
  });

  it('is generated by the job on the first working day of the next month, once, with the measures of its month', async () => {
    const current = monthOf(new Date());
    const calendar = workdayCalendar();
    const [y, m] = current.split('-').map(Number) as [number, number];
    const day = new Date(Date.UTC(y, m, 1));
    while (!calendar.isWorkingDay(day.toISOString().slice(0, 10))) day.setUTCDate(day.getUTCDate() + 1);
    const firstWorkingDay = new Date(`${day.toISOString().slice(0, 10)}T07:00:00+08:00`);
    const lastDay = new Date(Date.UTC(y, m, 0));
    const lastOfMonth = new Date(`${lastDay.toISOString().slice(0, 10)}T07:00:00+08:00`);
    const before = await runJobOnce(conn, jobRuns, monthlyEvaluation, lastOfMonth);
    expect(before.result).toEqual({ generated: false, reason: 'not a report day' });
    const first = await runJobOnce(conn, jobRuns, monthlyEvaluation, firstWorkingDay);
    expect(first.result).toMatchObject({ generated: true, month: current });
    expect(chinaDay(firstWorkingDay)).toBe(day.toISOString().slice(0, 10));
    const report = await run<{ evaluationReport: Report }>(
      t.admin,
      `query($m: String!) { evaluationReport(month: $m) { ${REPORT} } }`,
      { m: current },
    );
    expect(report.data!.evaluationReport).toMatchObject({
      version: 1,
      trigger: 'SCHEDULE',
      generatedBy: 'platform.evaluation-monthly',
    });
    expect(report.data!.evaluationReport.plan.measures.map((x) => x.weight)).toEqual([1, 3]);
    // The next working day finds it made.
    const next = new Date(firstWorkingDay.getTime() + 86_400_000);
    while (!calendar.isWorkingDay(chinaDay(next))) next.setTime(next.getTime() + 86_400_000);
    const again = await runJobOnce(conn, jobRuns, monthlyEvaluation, next);
    expect(again.result).toMatchObject({ generated: false, month: current, version: 1 });
  });
});

describe('measures of a lead department (Art. 11)', () => {
  const define = (token: string, input: object) =>
    run<{
      defineEvaluationMeasures: {
        owner: string;
        measures: Array<{ owner: string; key: string; direction: string; departments: string[] | null }>;
      };
    }>(
      token,
      `mutation($i: DefineEvaluationMeasuresInput!) { defineEvaluationMeasures(input: $i) { owner measures { owner key direction departments } } }`,
      { i: input },
    );
  const next = () => {
    const [y, m] = monthOf(new Date()).split('-').map(Number) as [number, number];
    return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
  };

  it('lets the lead department add measures over its own module only', async () => {
    const ok = await define(t.statsCity, {
      owner: 'stats',
      validFrom: next(),
      measures: [{ key: 'missing', label: '统计报表未报数', figure: 'statisticsFigures.missing', weight: 5 }],
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.defineEvaluationMeasures.measures).toEqual([
      { owner: 'stats', key: 'missing', direction: 'LOWER', departments: ['miit', 'stats'] },
    ]);
    const plan = await run<{ evaluationPlan: { measures: Array<{ owner: string; key: string }> } }>(
      t.statsCity,
      `query($m: String!) { evaluationPlan(month: $m) { measures { owner key } } }`,
      { m: next() },
    );
    expect(plan.data!.evaluationPlan.measures).toContainEqual({ owner: 'stats', key: 'missing' });
    const other = await define(t.statsCity, {
      owner: 'stats',
      validFrom: next(),
      measures: [{ key: 'overdue', figure: 'serviceFigures.overdue', weight: 1 }],
    });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.measures.0.figure' });
    const base = await define(t.statsCity, {
      owner: 'stats',
      validFrom: next(),
      measures: [{ key: 'due', figure: 'statisticsFigures.due', weight: 1 }],
    });
    expect(base.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.measures.0.figure' });
    expect(codeOf(await define(t.mofcomCity, { owner: 'stats', validFrom: next(), measures: [] }))).toBe('FORBIDDEN');
    expect(codeOf(await define(t.statsYexian, { owner: 'stats', validFrom: next(), measures: [] }))).toBe('FORBIDDEN');
    expect(codeOf(await define(t.statsCity, { owner: 'general', validFrom: next(), measures: [] }))).toBe('FORBIDDEN');
    const unknown = await define(t.admin, { owner: 'nobody', validFrom: next(), measures: [] });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.owner' });
    const weight = await define(t.admin, {
      owner: 'general',
      validFrom: next(),
      measures: [{ key: 'x', figure: 'serviceFigures.overdue', weight: 0 }],
    });
    expect(weight.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.measures.0.weight' });
  });
});

describe('who may read and generate', () => {
  it('lets administrators, leaders and analysts read the reports and refuses everyone else', async () => {
    const q = `{ evaluationReport(month: "2026-09") { month version } }`;
    for (const token of [t.admin, t.leader, t.analyst]) {
      const res = await run(token, q);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ evaluationReport: { month: '2026-09', version: 2 } });
    }
    for (const token of [t.bigdataStaff, t.statsCity, t.enterprise, t.person]) {
      const res = await run(token, q);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.data?.evaluationReport ?? null).toBeNull();
    }
    expect(codeOf(await run(undefined, q))).toBe('UNAUTHENTICATED');
    const none = await run(t.leader, `{ evaluationReport(month: "2025-01") { id } }`);
    expect(none.data).toEqual({ evaluationReport: null });
    const list = await run<{ evaluationReports: Array<{ month: string; version: number }> }>(
      t.leader,
      `{ evaluationReports(from: "2026-01", to: "2026-10") { month version } }`,
    );
    expect(list.data!.evaluationReports).toEqual([{ month: '2026-09', version: 2 }]);
  });

  it('lets administrators alone generate', async () => {
    for (const token of [t.leader, t.analyst, t.bigdataStaff]) {
      expect(codeOf(await run(token, `mutation { generateEvaluationReport(month: "2026-08") { id } }`))).toBe(
        'FORBIDDEN',
      );
    }
    expect(await conn.select().from(evaluationReports).where(eq(evaluationReports.month, '2026-08'))).toEqual([]);
  });
});

describe('exports for the 督查通报', () => {
  it('gives the report as CSV and XLSX that parse back, and an SVG chart per unit', async () => {
    const res = await run<{
      evaluationReport: Record<
        'csv' | 'xlsx' | 'chart',
        { fileName: string; mediaType: string; encoding: string; content: string }
      >;
    }>(
      t.analyst,
      `{ evaluationReport(month: "2026-09", version: 1) {
          csv: export(format: CSV) { fileName mediaType encoding content }
          xlsx: export(format: XLSX) { fileName mediaType encoding content }
          chart(unit: "ndrc") { fileName mediaType encoding content } } }`,
    );
    expect(res.errors).toBeUndefined();
    const { csv, xlsx, chart } = res.data!.evaluationReport;
    expect(csv).toMatchObject({ fileName: '月度考核通报-2026-09-v1.csv', encoding: 'utf8' });
    const lines = csv.content
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '月份,类别,代码,名称,得分,排名,末位,重点督查对象,整改期限,办件按时办结率（值）,办件按时办结率（得分）,超期办件数（值）,超期办件数（得分）',
    );
    expect(lines).toContain(`2026-09,部门,ndrc,市发改委,37.5,7,是,是,${DUE},0.5,50,2,0`);
    expect(lines).toHaveLength(1 + 7 + 12);

    expect(xlsx).toMatchObject({ fileName: '月度考核通报-2026-09-v1.xlsx', encoding: 'base64' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.content, 'base64') as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('考核结果')!;
    expect(sheet.rowCount).toBe(20);
    const mofcomRow = sheet.getRows(2, 19)!.find((r) => r.getCell(3).value === 'mofcom')!;
    expect([mofcomRow.getCell(4).value, mofcomRow.getCell(5).value, mofcomRow.getCell(6).value]).toEqual([
      '市商务局',
      68.75,
      6,
    ]);
    expect(book.getWorksheet('考核指标')!.getRow(2).getCell(2).value).toBe('service.onTimeRate');
    expect(book.getWorksheet('考核数据')!.rowCount).toBeGreaterThan(1);

    expect(chart).toMatchObject({ fileName: '考核趋势-ndrc-2026-09.svg', mediaType: 'image/svg+xml' });
    expect(chart.content.startsWith('<svg')).toBe(true);
    expect(chart.content).toContain('市发改委 月度考核得分与排名');
    expect(chart.content).toContain('2025-10');

    const unknown = await run(t.analyst, `{ evaluationReport(month: "2026-09") { chart(unit: "nope") { content } } }`);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unit' });
  });
});
