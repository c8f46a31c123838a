import type { Database } from '@qq/db/client';
import { personalDataAccesses } from '@qq/db/schema/commerce';
import { createTestDatabase, execute, type TestDatabase } from '@qq/kit/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { enterpriseA, insertFinancingNeed, roleTokens, staffToken, YEXIAN, type Roles } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Roles;
let clerk: string;
let needId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('commerce') });
  await server.start();
  t = await roleTokens();
  clerk = await staffToken('mofcom', YEXIAN);
  needId = (await insertFinancingNeed(conn, { enterpriseCode: enterpriseA.creditCode, contactPhone: '13987650001' }))
    .id;
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('commerce personal-data access log', () => {
  it("records a staff read of a financing need's unmasked phone once, and an admin reads it", async () => {
    const res = await execute<{ financingNeed: { contactPhone: string } }>(
      server,
      `query($id: ID!) { financingNeed(id: $id) { contactPhone } }`,
      { variables: { id: needId }, token: clerk },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.financingNeed.contactPhone).toBe('13987650001');
    const rows = await conn.select().from(personalDataAccesses).orderBy(asc(personalDataAccesses.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorSub: `mofcom-${YEXIAN}`,
      actorRole: 'staff',
      actorDept: 'mofcom',
      entityType: 'FinancingNeed',
      entityKey: needId,
      field: 'contactPhone',
      countyCode: YEXIAN,
    });

    type Log = { commercePersonalDataAccesses: { totalCount: number; nodes: Array<Record<string, string>> } };
    const Q = `{ commercePersonalDataAccesses { totalCount nodes { subgraph actor entityType entityKey field } } }`;
    const admin = await execute<Log>(server, Q, { token: t.admin });
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.commercePersonalDataAccesses.totalCount).toBe(1);
    expect(admin.data?.commercePersonalDataAccesses.nodes[0]).toEqual({
      subgraph: 'commerce',
      actor: `mofcom-${YEXIAN}`,
      entityType: 'FinancingNeed',
      entityKey: needId,
      field: 'contactPhone',
    });
    const denied = await execute(server, Q, { token: clerk });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
