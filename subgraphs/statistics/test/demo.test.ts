/**
 * The demo data (`seedStatistics`): 24 months of reports of the demo register, November 2024 to October 2026, some late,
 * some never filed, some returned and corrected, so that the lists, the monthly figures, the aggregates and the
 * register's derivation have history. Deterministic: the numbers below are the demo's.
 */
import type { Database } from '@qq/db/client';
import { demoEnterprises } from '@qq/db/seed';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERIODS, seedStatistics } from '../../../db/src/seed/statistics.ts';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let analyst: string;
let statsCity: string;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  await conn.transaction((tx) => seedStatistics(tx, demoEnterprises(300)));
  analyst = await tokenFor({ sub: 'analyst-1', role: 'analyst' });
  statsCity = await tokenFor({ sub: 'stats-city', role: 'staff', dept: 'stats', county: '410400' });
  server = createServer({ db: await db.connectAs('statistics') });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const run = <T>(token: string, query: string, variables?: Record<string, unknown>) =>
  execute<T>(server, query, { token, variables });

describe('demo statistics', () => {
  it('covers 24 months ending October 2026', () => {
    expect(DEMO_PERIODS).toHaveLength(24);
    expect([DEMO_PERIODS[0], DEMO_PERIODS.at(-1)]).toEqual(['2024-11', '2026-10']);
  });

  it("has the README's walk-through enterprise in the register, for industry in 叶县", async () => {
    const res = await run<{ aboveScaleEnterprises: { nodes: Array<Record<string, unknown>> } }>(
      analyst,
      `{ aboveScaleEnterprises(first: 100, filter: { countyCode: "410422", category: INDUSTRY }) {
          nodes { enterprise { creditCode } county { code } department { code } } } }`,
    );
    expect(res.data!.aboveScaleEnterprises.nodes).toContainEqual({
      enterprise: { creditCode: '91410422MA0000533Y' },
      county: { code: '410422' },
      department: { code: 'miit' },
    });
  });

  it('has late and missing reports in some months', async () => {
    const res = await run<{ reportingObligations: Array<{ status: string }> }>(
      analyst,
      `{ reportingObligations(formCode: "B203-1", period: "2025-06") { status } }`,
    );
    const counts: Record<string, number> = {};
    for (const o of res.data!.reportingObligations) counts[o.status] = (counts[o.status] ?? 0) + 1;
    expect(counts).toEqual(DEMO_JUNE_2025);
    const figures = await run<{ _entities: Array<{ statisticsFigures: Record<string, unknown> }> }>(
      analyst,
      `{ _entities(representations: [{ __typename: "County", code: "410400" }]) {
          ... on County { statisticsFigures(month: "2025-07") { due onTime late missing pending } } } }`,
    );
    expect(figures.data!._entities[0]!.statisticsFigures).toEqual(DEMO_FIGURES_2025_07);
  });

  it('gives the aggregates a year of history for growth rates', async () => {
    const res = await run<{
      reportAggregates: { nodes: Array<{ revenue: number; yearOnYear: { revenue: number | null } }> };
    }>(
      analyst,
      `{ reportAggregates(from: "2026-10", to: "2026-10", groupBy: [COUNTY], filter: { acceptedOnly: false }) { nodes { revenue yearOnYear { revenue } } } }`,
    );
    const nodes = res.data!.reportAggregates.nodes;
    expect(nodes).toHaveLength(12);
    expect(nodes.filter((n) => n.yearOnYear.revenue !== null)).toHaveLength(12);
  });

  it('derives 2025 register changes from the demo units and reports', async () => {
    const res = await run<{ deriveAboveScaleRegister: unknown }>(
      statsCity,
      `mutation { deriveAboveScaleRegister(year: 2025) { evaluated proposedEntries proposedExits incomplete } }`,
    );
    expect(res.data!.deriveAboveScaleRegister).toEqual({
      evaluated: 284,
      proposedEntries: 9,
      proposedExits: 2,
      incomplete: 182,
    });
  });
});

const DEMO_JUNE_2025 = { ON_TIME: 27, LATE: 5, MISSING: 3 };
const DEMO_FIGURES_2025_07 = { due: 129, onTime: 108, late: 10, missing: 11, pending: 0 };
