import type { Database } from '@qq/db/client';
import { personalDataAccesses } from '@qq/db/schema/statistics';
import { createTestDatabase, execute, type TestDatabase } from '@qq/kit/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { creditCode, report, roleTokens } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let reportId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('statistics') });
  await server.start();
  const a = creditCode('410422');
  tokens = await roleTokens(a, creditCode('410425'));
  const row = await report(conn, {
    enterpriseCode: a,
    countyCode: '410422',
    category: 'INDUSTRY',
    formCode: 'B203-1',
    period: '2026-10',
    status: 'SUBMITTED',
    revenue: 100,
    preparerName: '王伟',
    preparerPhone: '13812340001',
  });
  reportId = row.id;
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('statistics personal-data access log', () => {
  it("records a staff read of a report preparer's unmasked phone once, and an admin reads it", async () => {
    const res = await execute<{ statisticalReport: { preparerPhone: string } }>(
      server,
      `query($id: ID!) { statisticalReport(id: $id) { preparerPhone } }`,
      { variables: { id: reportId }, token: tokens.countyClerk },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.statisticalReport.preparerPhone).toBe('13812340001');
    const rows = await conn.select().from(personalDataAccesses).orderBy(asc(personalDataAccesses.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorSub: 'stats-yexian',
      actorRole: 'staff',
      actorDept: 'stats',
      entityType: 'StatisticalReport',
      entityKey: reportId,
      field: 'preparerPhone',
      countyCode: '410422',
    });

    type Log = { statisticsPersonalDataAccesses: { totalCount: number; nodes: Array<Record<string, string>> } };
    const Q = `{ statisticsPersonalDataAccesses { totalCount nodes { subgraph actor entityType entityKey field } } }`;
    const admin = await execute<Log>(server, Q, { token: tokens.admin });
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.statisticsPersonalDataAccesses.totalCount).toBe(1);
    expect(admin.data?.statisticsPersonalDataAccesses.nodes[0]).toEqual({
      subgraph: 'statistics',
      actor: 'stats-yexian',
      entityType: 'StatisticalReport',
      entityKey: reportId,
      field: 'preparerPhone',
    });
    const denied = await execute(server, Q, { token: tokens.countyClerk });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
