/** The role matrix (issue 3) and the leak test: who sees which rows, masked how, and who may submit. */
import { createTestDatabase, execute, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import {
  enterpriseA,
  enterpriseB,
  insertFinancingNeed,
  insertOpportunity,
  JIAXIAN,
  roleTokens,
  YEXIAN,
  subgraphConnection,
  type Roles,
} from './factories.ts';

let db: TestDatabase;
let server: ReturnType<typeof createServer>;
let roles: Roles;
const rows = {} as Record<'aPub' | 'aPend' | 'bPub' | 'bPend' | 'aWithdrawn' | 'needA' | 'needB', { id: string }>;

/** The roles of the matrix; the person is checked on its own. */
type Role = Exclude<keyof Roles, 'person'>;
const ROLES: Role[] = [
  'anonymous',
  'enterpriseA',
  'enterpriseB',
  'countyClerk',
  'cityStaff',
  'otherStaff',
  'analyst',
  'admin',
];

function run<T = Record<string, unknown>>(role: Role, query: string, variables?: Record<string, unknown>) {
  return execute<T>(server, query, { token: roles[role], variables });
}

function idsOf(list: Array<{ id: string }>): string[] {
  return list.map((n) => n.id).sort();
}

function ids(...names: Array<keyof typeof rows>): string[] {
  return names.map((n) => rows[n].id).sort();
}

beforeAll(async () => {
  db = await createTestDatabase();
  const conn = await subgraphConnection(db);
  server = createServer({ db: await db.connectAs('commerce') });
  await server.start();
  roles = await roleTokens();
  const a = { enterpriseCode: enterpriseA.creditCode, countyCode: YEXIAN };
  const b = { enterpriseCode: enterpriseB.creditCode, countyCode: JIAXIAN };
  rows.aPub = await insertOpportunity(conn, { ...a, title: 'A已发布供应' });
  rows.aPend = await insertOpportunity(conn, { ...a, title: 'A待审核需求', kind: 'DEMAND', status: 'PENDING' });
  rows.bPub = await insertOpportunity(conn, { ...b, title: 'B已发布合作', kind: 'COOPERATION' });
  rows.bPend = await insertOpportunity(conn, { ...b, title: 'B待审核供应', status: 'PENDING' });
  rows.aWithdrawn = await insertOpportunity(conn, { ...a, title: 'A已撤回合作', status: 'WITHDRAWN' });
  rows.needA = await insertFinancingNeed(conn, { ...a, amount: 300, contactName: '李红梅' });
  rows.needB = await insertFinancingNeed(conn, { ...b, amount: 900, contactName: '赵志强' });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('role matrix', () => {
  it('lists the opportunities each role may see', async () => {
    const expected: Record<Role, string[]> = {
      anonymous: ids('aPub', 'bPub'),
      enterpriseA: ids('aPub', 'aPend', 'bPub', 'aWithdrawn'),
      enterpriseB: ids('aPub', 'bPub', 'bPend'),
      countyClerk: ids('aPub', 'aPend', 'bPub', 'aWithdrawn'),
      cityStaff: ids('aPub', 'aPend', 'bPub', 'bPend', 'aWithdrawn'),
      otherStaff: ids('aPub', 'bPub'),
      analyst: ids('aPub', 'aPend', 'bPub', 'bPend', 'aWithdrawn'),
      admin: ids('aPub', 'aPend', 'bPub', 'bPend', 'aWithdrawn'),
    };
    for (const role of ROLES) {
      const res = await run<{ opportunities: { totalCount: number; nodes: Array<{ id: string }> } }>(
        role,
        `{ opportunities { totalCount nodes { id } } }`,
      );
      expect(res.errors, role).toBeUndefined();
      expect(idsOf(res.data!.opportunities.nodes), role).toEqual(expected[role]);
      expect(res.data!.opportunities.totalCount, role).toBe(expected[role].length);
    }
  });

  it('shows the poster’s contact to the poster, staff and admins, masked to analysts, not to other enterprises', async () => {
    const query = `query($id: ID!) { opportunity(id: $id) { title contactName contactPhone } }`;
    for (const role of ROLES) {
      const res = await run<{
        opportunity: { title: string; contactName: string | null; contactPhone: string | null };
      }>(role, query, { id: rows.aPub.id });
      if (role === 'anonymous') {
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
        expect(res.data?.opportunity).toEqual({ title: 'A已发布供应', contactName: null, contactPhone: null });
        continue;
      }
      expect(res.errors, role).toBeUndefined();
      const expected =
        role === 'analyst'
          ? { contactName: '王**', contactPhone: '138****5678' }
          : role === 'enterpriseB'
            ? // Shared only once enterprise B expresses interest (opportunities.test.ts).
              { contactName: null, contactPhone: null }
            : { contactName: '王建国', contactPhone: '13812345678' };
      expect(res.data?.opportunity, role).toEqual({ title: 'A已发布供应', ...expected });
    }
  });

  it('lists financing needs in scope, masked for analysts, and refuses anonymous callers and persons', async () => {
    const expected: Record<Exclude<Role, 'anonymous'>, string[]> = {
      enterpriseA: ids('needA'),
      enterpriseB: ids('needB'),
      countyClerk: ids('needA'),
      cityStaff: ids('needA', 'needB'),
      otherStaff: [],
      analyst: ids('needA', 'needB'),
      admin: ids('needA', 'needB'),
    };
    const query = `{ financingNeeds { totalCount nodes { id amount contactName contactPhone } } }`;
    type Page = {
      financingNeeds: {
        totalCount: number;
        nodes: Array<{ id: string; amount: number; contactName: string; contactPhone: string }>;
      };
    };
    for (const role of ROLES) {
      const res: GraphQLResult<Page> = await run<Page>(role, query);
      if (role === 'anonymous') {
        expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(res.data).toBeNull();
        continue;
      }
      expect(res.errors, role).toBeUndefined();
      expect(idsOf(res.data!.financingNeeds.nodes), role).toEqual(expected[role]);
      expect(res.data!.financingNeeds.totalCount, role).toBe(expected[role].length);
      const a = res.data!.financingNeeds.nodes.find((n) => n.id === rows.needA.id);
      if (a) {
        expect(a.amount).toBe(300);
        expect(a.contactName).toBe(role === 'analyst' ? '李**' : '李红梅');
        expect(a.contactPhone).toBe(role === 'analyst' ? '139****4321' : '13987654321');
      }
    }
    const person = await execute(server, query, { token: roles.person });
    expect(person.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reaches an enterprise’s rows through the Enterprise entity within scope only', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise {
      opportunities { nodes { id } } financingNeeds { nodes { id } } } } }`;
    const expected: Record<Exclude<Role, 'anonymous'>, { opportunities: string[]; needs: string[] }> = {
      enterpriseA: { opportunities: ids('aPub', 'aPend', 'aWithdrawn'), needs: ids('needA') },
      enterpriseB: { opportunities: ids('aPub'), needs: [] },
      countyClerk: { opportunities: ids('aPub', 'aPend', 'aWithdrawn'), needs: ids('needA') },
      cityStaff: { opportunities: ids('aPub', 'aPend', 'aWithdrawn'), needs: ids('needA') },
      otherStaff: { opportunities: ids('aPub'), needs: [] },
      analyst: { opportunities: ids('aPub', 'aPend', 'aWithdrawn'), needs: ids('needA') },
      admin: { opportunities: ids('aPub', 'aPend', 'aWithdrawn'), needs: ids('needA') },
    };
    const r = [{ __typename: 'Enterprise', creditCode: enterpriseA.creditCode }];
    type Result = {
      _entities: Array<{
        opportunities: { nodes: Array<{ id: string }> };
        financingNeeds: { nodes: Array<{ id: string }> };
      }>;
    };
    for (const role of ROLES) {
      const res: GraphQLResult<Result> = await run<Result>(role, query, { r });
      if (role === 'anonymous') {
        expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        // Published opportunities stay public even though the private field was refused.
        const public_ = await run<Result>(role, query.replace('financingNeeds { nodes { id } }', ''), { r });
        expect(idsOf(public_.data!._entities[0]!.opportunities.nodes)).toEqual(ids('aPub'));
        continue;
      }
      expect(res.errors, role).toBeUndefined();
      const entity = res.data!._entities[0]!;
      expect(idsOf(entity.opportunities.nodes), role).toEqual(expected[role].opportunities);
      expect(idsOf(entity.financingNeeds.nodes), role).toEqual(expected[role].needs);
    }
  });
});

describe('leak test: 叶县 clerk and enterprise A reach no 郏县 or enterprise B records', () => {
  const leakers: Role[] = ['countyClerk', 'enterpriseA'];

  it('by list', async () => {
    for (const role of leakers) {
      const opp = await run<{ opportunities: { nodes: Array<{ id: string }> } }>(
        role,
        `{ opportunities(filter: { countyCode: "${JIAXIAN}" }) { nodes { id } } }`,
      );
      // Only what is public anyway.
      expect(idsOf(opp.data!.opportunities.nodes), role).toEqual(ids('bPub'));
      const pending = await run<{ opportunities: { nodes: Array<{ id: string }> } }>(
        role,
        `{ opportunities(filter: { status: PENDING }) { nodes { id } } }`,
      );
      expect(idsOf(pending.data!.opportunities.nodes), role).toEqual(ids('aPend'));
      const needs = await run<{ financingNeeds: { totalCount: number; nodes: unknown[] } }>(
        role,
        `{ financingNeeds(filter: { countyCode: "${JIAXIAN}" }) { totalCount nodes { id } } }`,
      );
      expect(needs.data!.financingNeeds, role).toEqual({ totalCount: 0, nodes: [] });
    }
  });

  it('by id', async () => {
    for (const role of leakers) {
      const res = await run(
        role,
        `query($o: ID!, $f: ID!) { opportunity(id: $o) { id } financingNeed(id: $f) { id } }`,
        { o: rows.bPend.id, f: rows.needB.id },
      );
      expect(res.errors, role).toBeUndefined();
      expect(res.data, role).toEqual({ opportunity: null, financingNeed: null });
    }
  });

  it('through entities', async () => {
    for (const role of leakers) {
      const res = await run(
        role,
        `query($r: [_Any!]!) { _entities(representations: $r) {
          ... on Opportunity { id } ... on FinancingNeed { id }
          ... on Enterprise { opportunities { totalCount nodes { id } } financingNeeds { totalCount nodes { id } } } } }`,
        {
          r: [
            { __typename: 'Opportunity', id: rows.bPend.id },
            { __typename: 'FinancingNeed', id: rows.needB.id },
            { __typename: 'Enterprise', creditCode: enterpriseB.creditCode },
          ],
        },
      );
      expect(res.errors, role).toBeUndefined();
      expect(res.data?._entities, role).toEqual([
        null,
        null,
        {
          opportunities: { totalCount: 1, nodes: [{ id: rows.bPub.id }] },
          financingNeeds: { totalCount: 0, nodes: [] },
        },
      ]);
    }
  });
});

// Last: the mutations add rows that the read assertions above do not expect.
describe('mutations by role', () => {
  it('lets enterprise users submit opportunities and raise financing needs, and nobody else', async () => {
    const submit = `mutation { submitOpportunity(input: { kind: SUPPLY, title: "供应工业盐", description: "长期供应井矿盐、工业盐，量大从优。",
      industryCode: "B", contactName: "张伟", contactPhone: "13912345678" }) { id status enterprise { creditCode } county { code } } }`;
    const raise = `mutation { raiseFinancingNeed(input: { amount: 200, purpose: "购买原材料", termMonths: 12, guarantee: CREDIT,
      contactName: "张伟", contactPhone: "13912345678" }) { id status enterprise { creditCode } county { code } } }`;
    for (const role of ROLES) {
      const s = await run<{
        submitOpportunity: { status: string; enterprise: { creditCode: string }; county: { code: string } };
      }>(role, submit);
      const f = await run<{
        raiseFinancingNeed: { status: string; enterprise: { creditCode: string }; county: { code: string } };
      }>(role, raise);
      if (role === 'enterpriseA' || role === 'enterpriseB') {
        const e = role === 'enterpriseA' ? enterpriseA : enterpriseB;
        expect(s.errors, role).toBeUndefined();
        expect(s.data!.submitOpportunity).toMatchObject({
          status: 'PENDING',
          enterprise: { creditCode: e.creditCode },
          county: { code: e.countyCode },
        });
        expect(f.errors, role).toBeUndefined();
        expect(f.data!.raiseFinancingNeed).toMatchObject({
          status: 'OPEN',
          enterprise: { creditCode: e.creditCode },
          county: { code: e.countyCode },
        });
      } else {
        const code = role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        expect(s.errors?.[0]?.extensions?.code, role).toBe(code);
        expect(f.errors?.[0]?.extensions?.code, role).toBe(code);
        expect(s.data, role).toBeNull();
      }
    }
  });
});
