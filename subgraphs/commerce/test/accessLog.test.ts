import type { Database } from '@qq/db/client';
import { personalDataAccesses } from '@qq/db/schema/commerce';
import { createTestDatabase, execute, type TestDatabase } from '@qq/kit/testing';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import {
  enterpriseA,
  enterpriseToken,
  insertApplication,
  insertFinancingNeed,
  insertInstitution,
  insertProduct,
  institutionToken,
  roleTokens,
  staffToken,
  YEXIAN,
  type Roles,
} from './factories.ts';

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

  it("records reads of a financing application's contact (its need's) by staff and the bank, not the applicant's own", async () => {
    const need = await insertFinancingNeed(conn, {
      enterpriseCode: enterpriseA.creditCode,
      contactName: '周建军',
      contactPhone: '13987650002',
    });
    const bank = await insertInstitution(conn);
    const product = await insertProduct(conn, bank);
    const application = await insertApplication(conn, need, product);
    const logOf = () =>
      conn
        .select()
        .from(personalDataAccesses)
        .where(eq(personalDataAccesses.entityType, 'FinancingApplication'))
        .orderBy(asc(personalDataAccesses.id));
    type Read = { financingApplication: { contactName: string; contactPhone: string } | null };
    const Q = `query($id: ID!) { financingApplication(id: $id) { contactName contactPhone } }`;
    const read = (token: string) => execute<Read>(server, Q, { variables: { id: application.id }, token });

    // The applicant reads its own application: the contact in full, nothing logged.
    const own = await read(await enterpriseToken(enterpriseA.creditCode));
    expect(own.errors).toBeUndefined();
    expect(own.data?.financingApplication).toEqual({ contactName: '周建军', contactPhone: '13987650002' });
    expect(await logOf()).toEqual([]);

    // An analyst sees it masked: nothing logged either.
    const masked = await read(t.analyst);
    expect(masked.errors).toBeUndefined();
    expect(masked.data?.financingApplication).toEqual({ contactName: '周**', contactPhone: '139****0002' });
    expect(await logOf()).toEqual([]);

    // 商务局 staff of the county: both fields in full, one row each.
    const staff = await read(clerk);
    expect(staff.errors).toBeUndefined();
    expect(staff.data?.financingApplication).toEqual({ contactName: '周建军', contactPhone: '13987650002' });
    const afterStaff = await logOf();
    expect(afterStaff.map((r) => r.field).sort()).toEqual(['contactName', 'contactPhone']);
    for (const row of afterStaff) {
      expect(row).toMatchObject({
        actorSub: `mofcom-${YEXIAN}`,
        actorRole: 'staff',
        actorDept: 'mofcom',
        actorCounty: YEXIAN,
        entityType: 'FinancingApplication',
        entityKey: application.id,
        countyCode: YEXIAN,
      });
      expect(row.requestId).toBe(afterStaff[0]!.requestId);
    }

    // The bank the application went to is another enterprise: its read is logged too.
    const bankUser = await read(await institutionToken(bank.creditCode));
    expect(bankUser.errors).toBeUndefined();
    expect(bankUser.data?.financingApplication?.contactPhone).toBe('13987650002');
    const afterBank = await logOf();
    expect(afterBank).toHaveLength(4);
    expect(
      afterBank
        .slice(2)
        .map((r) => [r.actorSub, r.actorRole, r.field])
        .sort(),
    ).toEqual([
      [`bank-${bank.creditCode.slice(-6)}`, 'enterprise', 'contactName'],
      [`bank-${bank.creditCode.slice(-6)}`, 'enterprise', 'contactPhone'],
    ]);

    type Log = { commercePersonalDataAccesses: { totalCount: number; nodes: Array<Record<string, string>> } };
    const admin = await execute<Log>(
      server,
      `query($key: String!) { commercePersonalDataAccesses(filter: { entityType: "FinancingApplication", entityKey: $key }) {
        totalCount nodes { subgraph actor actorRole entityType entityKey field countyCode } } }`,
      { variables: { key: application.id }, token: t.admin },
    );
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.commercePersonalDataAccesses.totalCount).toBe(4);
    const staffNodes = admin
      .data!.commercePersonalDataAccesses.nodes.filter((n) => n.actor === `mofcom-${YEXIAN}`)
      .sort((x, y) => x.field!.localeCompare(y.field!));
    expect(staffNodes).toEqual(
      ['contactName', 'contactPhone'].map((field) => ({
        subgraph: 'commerce',
        actor: `mofcom-${YEXIAN}`,
        actorRole: 'staff',
        entityType: 'FinancingApplication',
        entityKey: application.id,
        field,
        countyCode: YEXIAN,
      })),
    );
  });
});
