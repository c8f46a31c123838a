import { seedReference } from '@qq/db/seed/platform';
import { demoEnterprises } from '@qq/db/seed';
import { enterprises, personalDataAccesses } from '@qq/db/schema/platform';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let server: ReturnType<typeof createServer>;
const list = demoEnterprises(3).map((e, i) => ({ ...e, contactPhone: `1381234567${i}` }));
const a = list[0]!;

beforeAll(async () => {
  db = await createTestDatabase();
  const conn = db.connect();
  await seedReference(conn);
  await conn.insert(enterprises).values(list);
  server = createServer({ db: await db.connectAs('platform') });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('platform personal-data access log', () => {
  it("records a staff read of an enterprise's unmasked phone once, and an admin reads it", async () => {
    const staff = await tokenFor({ sub: 'bigdata-1', role: 'staff', dept: 'bigdata', county: a.countyCode });
    const res = await execute<{ enterprise: { contactPhone: string } }>(
      server,
      `query($c: String!) { enterprise(creditCode: $c) { contactPhone } }`,
      { variables: { c: a.creditCode }, token: staff },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.enterprise.contactPhone).toBe(a.contactPhone);
    const rows = await db.connect().select().from(personalDataAccesses).orderBy(asc(personalDataAccesses.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorSub: 'bigdata-1',
      actorRole: 'staff',
      actorDept: 'bigdata',
      entityType: 'Enterprise',
      entityKey: a.creditCode,
      field: 'contactPhone',
      countyCode: a.countyCode,
    });

    type Log = { platformPersonalDataAccesses: { totalCount: number; nodes: Array<Record<string, string>> } };
    const Q = `{ platformPersonalDataAccesses { totalCount nodes { subgraph actor entityType entityKey field } } }`;
    const admin = await execute<Log>(server, Q, {
      token: await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' }),
    });
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.platformPersonalDataAccesses.totalCount).toBe(1);
    expect(admin.data?.platformPersonalDataAccesses.nodes[0]).toEqual({
      subgraph: 'platform',
      actor: 'bigdata-1',
      entityType: 'Enterprise',
      entityKey: a.creditCode,
      field: 'contactPhone',
    });
    const denied = await execute(server, Q, { token: staff });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
