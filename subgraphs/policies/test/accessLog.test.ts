import { personalDataAccesses } from '@qq/db/schema/policies';
import { createTestDatabase, execute, type TestDatabase } from '@qq/kit/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, factories, roleTokens, type ApplicationRow } from './factories.ts';

let db: TestDatabase;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let application: ApplicationRow;

beforeAll(async () => {
  db = await createTestDatabase();
  const make = factories(db.connect());
  const item = await make.item(await make.policy());
  application = await make.application(item, A, { contactPhone: '13937560001' });
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  tokens = await roleTokens();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('policies personal-data access log', () => {
  it("records a staff read of an application's unmasked phone once, and an admin reads it", async () => {
    const res = await execute<{ redemptionApplication: { contactPhone: string } }>(
      server,
      `query($id: ID!) { redemptionApplication(id: $id) { contactPhone } }`,
      { variables: { id: application.id }, token: tokens.cityStaff },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.redemptionApplication.contactPhone).toBe('13937560001');
    const rows = await db.connect().select().from(personalDataAccesses).orderBy(asc(personalDataAccesses.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorSub: 'wrzwq-city',
      actorRole: 'staff',
      actorDept: 'wrzwq',
      entityType: 'RedemptionApplication',
      entityKey: application.id,
      field: 'contactPhone',
      countyCode: application.countyCode,
    });

    type Log = { policiesPersonalDataAccesses: { totalCount: number; nodes: Array<Record<string, string>> } };
    const Q = `{ policiesPersonalDataAccesses { totalCount nodes { subgraph actor entityType entityKey field } } }`;
    const admin = await execute<Log>(server, Q, { token: tokens.admin });
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.policiesPersonalDataAccesses.totalCount).toBe(1);
    expect(admin.data?.policiesPersonalDataAccesses.nodes[0]).toEqual({
      subgraph: 'policies',
      actor: 'wrzwq-city',
      entityType: 'RedemptionApplication',
      entityKey: application.id,
      field: 'contactPhone',
    });
    const denied = await execute(server, Q, { token: tokens.cityStaff });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
