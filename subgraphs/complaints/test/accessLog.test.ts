import type { Database } from '@qq/db/client';
import { matterEvents, matters, personalDataAccesses } from '@qq/db/schema/complaints';
import { demoCreditCode } from '@qq/db/seed';
import type { Claims } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLOCK_PROFILES, createServer } from '../src/index.ts';
import { deadlinesFor } from '../src/clock.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;

const A = demoCreditCode('410422', 9101);
const B = demoCreditCode('410425', 9102);

const ROLES = {
  enterpriseA: { sub: 'ent-a', role: 'enterprise', enterprise: A },
  clerk: { sub: 'ndrc-yexian', role: 'staff', dept: 'ndrc', county: '410422' },
  jiaClerk: { sub: 'ndrc-jiaxian', role: 'staff', dept: 'ndrc', county: '410425' },
  analyst: { sub: 'analyst-1', role: 'analyst' },
  leader: { sub: 'leader-1', role: 'leader' },
  admin: { sub: 'admin-1', role: 'admin', county: '410400' },
  yexianAdmin: { sub: 'admin-yexian', role: 'admin', county: '410422' },
} as const satisfies Record<string, Claims>;
type RoleName = keyof typeof ROLES;
const tokens = {} as Record<RoleName, string>;

const run = <T = Record<string, unknown>>(role: RoleName, query: string, variables?: Record<string, unknown>) =>
  execute<T>(server, query, { variables, token: tokens[role] });
const codeOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions?.code;

let a1: typeof matters.$inferSelect;
let b1: typeof matters.$inferSelect;

async function makeMatter(enterpriseCode: string, countyCode: string, n: number, phone: string) {
  const submittedAt = new Date(Date.UTC(2026, 10, 2, 1, 0) + n * 60_000);
  const [row] = await conn
    .insert(matters)
    .values({
      referenceNo: `TS-20261102-${String(7000 + n)}`,
      kind: 'COMPLAINT',
      category: 'LAW_ENFORCEMENT',
      title: `重复检查问题 ${n}`,
      content: '本月内多次重复检查，影响正常生产。',
      contactName: '王伟',
      contactPhone: phone,
      status: 'SUBMITTED',
      clockProfile: '13710',
      departmentCode: 'ndrc',
      enterpriseCode,
      countyCode,
      ...deadlinesFor(CLOCK_PROFILES['13710'], submittedAt),
      submittedAt,
    })
    .returning();
  await conn.insert(matterEvents).values({
    subjectId: row!.id,
    action: 'SUBMIT',
    toStatus: 'SUBMITTED',
    actor: 'ent',
    actorRole: 'enterprise',
    at: submittedAt,
  });
  return row!;
}

const logRows = () => conn.select().from(personalDataAccesses).orderBy(asc(personalDataAccesses.id));

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('complaints') });
  await server.start();
  for (const [name, claims] of Object.entries(ROLES)) tokens[name as RoleName] = await tokenFor(claims);
  a1 = await makeMatter(A, '410422', 1, '13812345678');
  b1 = await makeMatter(B, '410425', 2, '13987654321');
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

beforeEach(async () => {
  await conn.execute(sql`alter table complaints.personal_data_accesses disable trigger user`);
  await conn.delete(personalDataAccesses);
  await conn.execute(sql`alter table complaints.personal_data_accesses enable trigger user`);
  await conn.execute(sql`select setval(pg_get_serial_sequence('complaints.personal_data_accesses', 'id'), 1, false)`);
});

const MATTER = `query($id: ID!) { matter(id: $id) { id contactPhone } }`;

describe('personal-data access log', () => {
  it('records a staff read of an unmasked phone: actor, role, unit, record and field', async () => {
    const res = await run<{ matter: { contactPhone: string } }>('clerk', MATTER, { id: a1.id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.matter.contactPhone).toBe('13812345678');
    const rows = await logRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorSub: 'ndrc-yexian',
      actorRole: 'staff',
      actorDept: 'ndrc',
      actorCounty: '410422',
      entityType: 'Matter',
      entityKey: a1.id,
      field: 'contactPhone',
      countyCode: '410422',
    });
    expect(rows[0]!.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('records each record and field once per request, in one batch', async () => {
    const res = await run<{ matter: { contactName: string } }>(
      'clerk',
      `query($id: ID!) { matter(id: $id) { contactName contactPhone }
        again: matter(id: $id) { contactPhone } matters { nodes { id contactPhone } } }`,
      { id: a1.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.matter.contactName).toBe('王伟');
    const rows = await logRows();
    expect(rows.map((r) => r.field).sort()).toEqual(['contactName', 'contactPhone']);
    expect(new Set(rows.map((r) => r.requestId)).size).toBe(1);
  });

  it('records nothing for masked reads (analyst, leader)', async () => {
    const analyst = await run<{ matter: { contactPhone: string } | null }>('analyst', MATTER, { id: a1.id });
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data?.matter?.contactPhone).toBe('138****5678');
    expect(await logRows()).toHaveLength(0);
  });

  it('records nothing when an enterprise reads its own matter', async () => {
    const res = await run<{ matter: { contactPhone: string } }>('enterpriseA', MATTER, { id: a1.id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.matter.contactPhone).toBe('13812345678');
    expect(await logRows()).toHaveLength(0);
  });

  it('lets administrators read the log in their county scope, and nobody else', async () => {
    await run('clerk', MATTER, { id: a1.id });
    await run('jiaClerk', MATTER, { id: b1.id });
    const Q = `query($filter: PersonalDataAccessFilter) { complaintsPersonalDataAccesses(filter: $filter) {
      totalCount nodes { id subgraph actor actorRole actorDepartment entityType entityKey field countyCode at } } }`;
    type Log = {
      complaintsPersonalDataAccesses: { totalCount: number; nodes: Array<Record<string, string>> };
    };
    const city = await run<Log>('admin', Q);
    expect(city.errors).toBeUndefined();
    expect(city.data?.complaintsPersonalDataAccesses.totalCount).toBe(2);
    expect(city.data?.complaintsPersonalDataAccesses.nodes.map((n) => n.actor)).toEqual([
      'ndrc-jiaxian',
      'ndrc-yexian',
    ]);
    expect(city.data?.complaintsPersonalDataAccesses.nodes[1]).toMatchObject({
      subgraph: 'complaints',
      actorRole: 'staff',
      actorDepartment: 'ndrc',
      entityType: 'Matter',
      entityKey: a1.id,
      field: 'contactPhone',
      countyCode: '410422',
    });
    const yexian = await run<Log>('yexianAdmin', Q);
    expect(yexian.data?.complaintsPersonalDataAccesses.nodes.map((n) => n.entityKey)).toEqual([a1.id]);
    const byActor = await run<Log>('admin', Q, { filter: { actor: 'ndrc-jiaxian' } });
    expect(byActor.data?.complaintsPersonalDataAccesses.nodes.map((n) => n.entityKey)).toEqual([b1.id]);
    expect(codeOf(await run('admin', Q, { filter: { actor: '' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await run('clerk', Q))).toBe('FORBIDDEN');
    expect(codeOf(await run('analyst', Q))).toBe('FORBIDDEN');
    expect(codeOf(await run('enterpriseA', Q))).toBe('FORBIDDEN');
  });

  it('withholds the data when the read cannot be recorded', async () => {
    await conn.execute(sql`alter table complaints.personal_data_accesses rename to personal_data_accesses_off`);
    try {
      const res = await run('clerk', MATTER, { id: a1.id });
      expect(res.data ?? null).toBeNull();
      expect(codeOf(res)).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(res)).not.toContain('13812345678');
      // A read with nothing to record is served as usual.
      const masked = await run<{ matter: { contactPhone: string } }>('analyst', MATTER, { id: a1.id });
      expect(masked.data?.matter.contactPhone).toBe('138****5678');
    } finally {
      await conn.execute(sql`alter table complaints.personal_data_accesses_off rename to personal_data_accesses`);
    }
    expect(await logRows()).toHaveLength(0);
  });
});
