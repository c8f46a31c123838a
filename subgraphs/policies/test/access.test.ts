/**
 * Who sees and does what (issue 3): the role matrix over representative queries and both mutations, and the leak test
 * (a 叶县 clerk and enterprise A try to reach 郏县 records and enterprise B's records by every path).
 */
import type { Database } from '@qq/db/client';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import {
  A,
  B,
  C,
  factories,
  roleTokens,
  type ApplicationRow,
  type ItemRow,
  type PolicyRow,
  type Role,
} from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let miitYe: string;

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

// The world: published policies of the city (万人助万企办), of 叶县 (工信局) and of 郏县 (万人助万企办); drafts in 叶县,
// 郏县 and of the city's 人社局; a withdrawn policy; applications of A (叶县) and B (郏县), and one of C disclosed.
const p = {} as Record<'city' | 'ye' | 'jia' | 'draftYe' | 'draftJia' | 'draftHrss' | 'withdrawn', PolicyRow>;
const i = {} as Record<'city' | 'ye' | 'jia' | 'draftJia' | 'withdrawn', ItemRow>;
const app = {} as Record<'aYe' | 'aCity' | 'bJia' | 'bCity' | 'cDisclosed', ApplicationRow>;
/** Files uploaded for enterprises A and B (the matrix's applicants). */
const uploaded: Record<'A' | 'B', string[]> = { A: [], B: [] };
const fileOf = (role: Role, n: number) =>
  (role === 'enterpriseB' ? uploaded.B : uploaded.A)[n] ?? '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  tokens = await roleTokens();
  miitYe = await tokenFor({ sub: 'miit-ye', role: 'staff', dept: 'miit', county: '410422' });
  const make = factories(conn);
  for (let n = 0; n < 5; n++) {
    uploaded.A.push(await make.file(A));
    uploaded.B.push(await make.file(B));
  }
  p.city = await make.policy({ title: '市级惠企政策' });
  p.ye = await make.policy({ title: '叶县工业惠企政策', departmentCode: 'miit', countyCode: '410422' });
  p.jia = await make.policy({ title: '郏县惠企政策', countyCode: '410425' });
  p.draftYe = await make.policy({ title: '叶县政策草稿', status: 'DRAFT', countyCode: '410422' });
  p.draftJia = await make.policy({ title: '郏县政策草稿', status: 'DRAFT', countyCode: '410425' });
  p.draftHrss = await make.policy({ title: '人社政策草稿', status: 'PENDING_REVIEW', departmentCode: 'hrss' });
  p.withdrawn = await make.policy({ title: '已撤回政策', status: 'WITHDRAWN' });
  i.city = await make.item(p.city, { name: '市级兑现事项' });
  i.ye = await make.item(p.ye, { name: '叶县兑现事项' });
  i.jia = await make.item(p.jia, { name: '郏县兑现事项' });
  i.draftJia = await make.item(p.draftJia, { name: '郏县草稿事项' });
  i.withdrawn = await make.item(p.withdrawn, { name: '撤回事项' });
  app.aYe = await make.application(i.ye, A, {
    projectName: 'A叶县项目',
    contactName: '李建国',
    contactPhone: '13937561234',
  });
  app.aCity = await make.application(i.city, A, { projectName: 'A市级项目', status: 'RETURNED' });
  app.bJia = await make.application(i.jia, B, { projectName: 'B郏县项目', status: 'PROCESSING' });
  app.bCity = await make.application(i.city, B, { projectName: 'B市级项目' });
  app.cDisclosed = await make.application(i.city, C, { projectName: 'C公示项目', status: 'DISCLOSED' });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

type Outcome = string[] | 'UNAUTHENTICATED' | 'FORBIDDEN';

async function run(role: Role, query: string, variables?: Record<string, unknown>) {
  return execute(server, query, { token: tokens[role], variables });
}

function codeOf(res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) {
  return res.errors?.[0]?.extensions?.code;
}

describe('role matrix', () => {
  it('lists policies: published ones for everybody, drafts in scope', async () => {
    const pub = ['市级惠企政策', '叶县工业惠企政策', '郏县惠企政策'];
    const expected: Record<Role, string[]> = {
      anonymous: pub,
      enterpriseA: pub,
      enterpriseB: pub,
      countyClerk: [...pub, '叶县政策草稿'],
      cityStaff: [...pub, '叶县政策草稿', '郏县政策草稿', '人社政策草稿', '已撤回政策'],
      otherStaff: [...pub, '人社政策草稿'],
      analyst: [...pub, '叶县政策草稿', '郏县政策草稿', '人社政策草稿', '已撤回政策'],
      admin: [...pub, '叶县政策草稿', '郏县政策草稿', '人社政策草稿', '已撤回政策'],
    };
    for (const role of ROLES) {
      const res = await run(role, `{ policies(first: 50) { totalCount nodes { title } } }`);
      expect(res.errors, role).toBeUndefined();
      const data = res.data as { policies: { totalCount: number; nodes: Array<{ title: string }> } };
      expect(data.policies.nodes.map((n) => n.title).sort(), role).toEqual([...expected[role]].sort());
      expect(data.policies.totalCount, role).toBe(expected[role].length);
    }
  });

  it("lists redemption applications in each caller's scope, masked for analysts", async () => {
    const all = ['A叶县项目', 'A市级项目', 'B郏县项目', 'B市级项目', 'C公示项目'];
    const expected: Record<Role, Outcome> = {
      anonymous: 'UNAUTHENTICATED',
      enterpriseA: ['A叶县项目', 'A市级项目'],
      enterpriseB: ['B郏县项目', 'B市级项目'],
      // 万人助万企办 leads the module: its 叶县 clerk sees every department's applications in 叶县.
      countyClerk: ['A叶县项目'],
      cityStaff: all,
      otherStaff: [],
      analyst: all,
      admin: all,
    };
    for (const role of ROLES) {
      const res = await run(
        role,
        `{ redemptionApplications(first: 50) { totalCount nodes { projectName contactName contactPhone } } }`,
      );
      const want = expected[role];
      if (typeof want === 'string') {
        expect(codeOf(res), role).toBe(want);
        expect(res.data, role).toBeNull();
        continue;
      }
      expect(res.errors, role).toBeUndefined();
      const data = res.data as {
        redemptionApplications: {
          totalCount: number;
          nodes: Array<{ projectName: string; contactName: string; contactPhone: string }>;
        };
      };
      expect(data.redemptionApplications.nodes.map((n) => n.projectName).sort(), role).toEqual([...want].sort());
      expect(data.redemptionApplications.totalCount, role).toBe(want.length);
      const aYe = data.redemptionApplications.nodes.find((n) => n.projectName === 'A叶县项目');
      if (aYe) {
        expect(aYe, role).toEqual(
          role === 'analyst'
            ? { projectName: 'A叶县项目', contactName: '李**', contactPhone: '139****1234' }
            : { projectName: 'A叶县项目', contactName: '李建国', contactPhone: '13937561234' },
        );
      }
    }
  });

  it("lets the item's department see its items' applications in its county only", async () => {
    const res = await execute(server, `{ redemptionApplications { nodes { projectName } } }`, { token: miitYe });
    expect(res.data).toEqual({ redemptionApplications: { nodes: [{ projectName: 'A叶县项目' }] } });
  });

  it('reads one application by id with its steps, in scope only', async () => {
    const expected: Record<Role, 'visible' | 'null' | 'UNAUTHENTICATED'> = {
      anonymous: 'UNAUTHENTICATED',
      enterpriseA: 'visible',
      enterpriseB: 'null',
      countyClerk: 'null',
      cityStaff: 'visible',
      otherStaff: 'null',
      analyst: 'visible',
      admin: 'visible',
    };
    for (const role of ROLES) {
      const res = await run(
        role,
        `query($id: ID!) { redemptionApplication(id: $id) { projectName status returnReason item { name }
          enterprise { creditCode } events { action fromStatus toStatus note } } }`,
        { id: app.aCity.id },
      );
      const want = expected[role];
      if (want === 'UNAUTHENTICATED') {
        expect(codeOf(res), role).toBe(want);
        continue;
      }
      expect(res.errors, role).toBeUndefined();
      expect(res.data, role).toEqual({
        redemptionApplication:
          want === 'null'
            ? null
            : {
                projectName: 'A市级项目',
                status: 'RETURNED',
                returnReason: '申请表缺少法定代表人签字',
                item: { name: '市级兑现事项' },
                enterprise: { creditCode: A },
                events: [
                  { action: 'SUBMIT', fromStatus: null, toStatus: 'SUBMITTED', note: null },
                  { action: 'RECEIVE', fromStatus: 'SUBMITTED', toStatus: 'RECEIVED', note: null },
                  { action: 'RETURN', fromStatus: 'RECEIVED', toStatus: 'RETURNED', note: '申请表缺少法定代表人签字' },
                ],
              },
      });
    }
  });

  it("reads an enterprise's applications through the Enterprise entity in scope", async () => {
    const expected: Record<Role, Outcome> = {
      anonymous: 'UNAUTHENTICATED',
      enterpriseA: ['A叶县项目', 'A市级项目'],
      enterpriseB: 'FORBIDDEN',
      countyClerk: ['A叶县项目'],
      cityStaff: ['A叶县项目', 'A市级项目'],
      otherStaff: [],
      analyst: ['A叶县项目', 'A市级项目'],
      admin: ['A叶县项目', 'A市级项目'],
    };
    for (const role of ROLES) {
      const res = await run(
        role,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode
          redemptionApplications { totalCount nodes { projectName } } } } }`,
        { r: [{ __typename: 'Enterprise', creditCode: A }] },
      );
      const want = expected[role];
      if (typeof want === 'string') {
        expect(codeOf(res), role).toBe(want);
        expect(JSON.stringify(res.data), role).not.toContain('项目');
        continue;
      }
      expect(res.errors, role).toBeUndefined();
      const [entity] = (
        res.data as {
          _entities: Array<{ redemptionApplications: { totalCount: number; nodes: Array<{ projectName: string }> } }>;
        }
      )._entities;
      expect(entity!.redemptionApplications.nodes.map((n) => n.projectName).sort(), role).toEqual([...want].sort());
      expect(entity!.redemptionApplications.totalCount, role).toBe(want.length);
    }
  });

  it('shows disclosures to everybody', async () => {
    for (const role of ROLES) {
      const res = await run(
        role,
        `{ redemptionDisclosures(projectName: "公示项目") { nodes { projectName enterprise { creditCode } } } }`,
      );
      expect(res.data, role).toEqual({
        redemptionDisclosures: { nodes: [{ projectName: 'C公示项目', enterprise: { creditCode: C } }] },
      });
    }
  });

  it('lets only enterprise users apply, for their own enterprise', async () => {
    const expected: Record<Role, 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN'> = {
      anonymous: 'UNAUTHENTICATED',
      enterpriseA: 'ok',
      enterpriseB: 'ok',
      countyClerk: 'FORBIDDEN',
      cityStaff: 'FORBIDDEN',
      otherStaff: 'FORBIDDEN',
      analyst: 'FORBIDDEN',
      admin: 'FORBIDDEN',
    };
    for (const role of ROLES) {
      const res = await run(
        role,
        `mutation($input: ApplyForRedemptionInput!) { applyForRedemption(input: $input) { projectName status enterprise { creditCode } } }`,
        {
          input: {
            itemId: i.city.id,
            projectName: `矩阵测试项目-${role}`,
            amountRequested: 1000,
            materials: i.city.requiredMaterials.map((name, n) => ({ name, fileId: fileOf(role, n) })),
            contactName: '矩阵联系人',
            contactPhone: '13800000000',
          },
        },
      );
      const want = expected[role];
      if (want !== 'ok') {
        expect(codeOf(res), role).toBe(want);
        continue;
      }
      expect(res.errors, role).toBeUndefined();
      expect(res.data, role).toEqual({
        applyForRedemption: {
          projectName: `矩阵测试项目-${role}`,
          status: 'SUBMITTED',
          enterprise: { creditCode: role === 'enterpriseA' ? A : B },
        },
      });
    }
  });

  it('lets only staff draft policies, for their own department and county', async () => {
    const expected: Record<Role, [string, string] | 'UNAUTHENTICATED' | 'FORBIDDEN'> = {
      anonymous: 'UNAUTHENTICATED',
      enterpriseA: 'FORBIDDEN',
      enterpriseB: 'FORBIDDEN',
      countyClerk: ['wrzwq', '410422'],
      cityStaff: ['wrzwq', '410400'],
      otherStaff: ['hrss', '410400'],
      analyst: 'FORBIDDEN',
      admin: 'FORBIDDEN',
    };
    for (const role of ROLES) {
      const res = await run(
        role,
        `mutation($input: CreatePolicyDraftInput!) { createPolicyDraft(input: $input) { status department { code } county { code } } }`,
        {
          input: {
            title: `矩阵测试政策-${role}`,
            documentNumber: '平政〔2025〕99号',
            summary: '测试摘要',
            body: '测试正文',
            issuedAt: '2025-06-01T08:00:00+08:00',
          },
        },
      );
      const want = expected[role];
      if (typeof want === 'string') {
        expect(codeOf(res), role).toBe(want);
        continue;
      }
      expect(res.errors, role).toBeUndefined();
      expect(res.data, role).toEqual({
        createPolicyDraft: { status: 'DRAFT', department: { code: want[0] }, county: { code: want[1] } },
      });
    }
  });
});

describe('leaks', () => {
  const who = ['countyClerk', 'enterpriseA'] as const;

  it("gives a 叶县 clerk and enterprise A no 郏县 record and none of B's by list", async () => {
    for (const role of who) {
      for (const filter of ['{ countyCode: "410425" }', `{ enterpriseCode: "${B}" }`]) {
        const res = await run(role, `{ redemptionApplications(filter: ${filter}) { totalCount nodes { id } } }`);
        expect(res.data, `${role} ${filter}`).toEqual({ redemptionApplications: { totalCount: 0, nodes: [] } });
      }
      const drafts = await run(role, `{ policies(filter: { countyCode: "410425" }) { nodes { title status } } }`);
      // Only the published 郏县 policy, which is public.
      expect(drafts.data, role).toEqual({ policies: { nodes: [{ title: '郏县惠企政策', status: 'PUBLISHED' }] } });
    }
  });

  it('gives them nothing by id', async () => {
    for (const role of who) {
      for (const id of [app.bJia.id, app.bCity.id]) {
        const res = await run(role, `query($id: ID!) { redemptionApplication(id: $id) { projectName } }`, { id });
        expect(res.data, role).toEqual({ redemptionApplication: null });
      }
      const policy = await run(role, `query($id: ID!) { policy(id: $id) { title } }`, { id: p.draftJia.id });
      expect(policy.data, role).toEqual({ policy: null });
      const item = await run(role, `query($id: ID!) { redemptionItem(id: $id) { name } }`, { id: i.draftJia.id });
      expect(item.data, role).toEqual({ redemptionItem: null });
    }
  });

  it('gives them nothing through the Enterprise entity of B', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode
      redemptionApplications { totalCount nodes { projectName } } } } }`;
    const r = [{ __typename: 'Enterprise', creditCode: B }];
    const clerk = await run('countyClerk', query, { r });
    expect(clerk.data).toEqual({
      _entities: [{ creditCode: B, redemptionApplications: { totalCount: 0, nodes: [] } }],
    });
    const a = await run('enterpriseA', query, { r });
    expect(codeOf(a)).toBe('FORBIDDEN');
    expect(JSON.stringify(a.data)).not.toContain('B郏县项目');
    expect(JSON.stringify(a.data)).not.toContain('B市级项目');
  });

  it('lets published items reach anybody but not drafts; applying to an unpublished policy answers like a random id', async () => {
    const pub = await run('anonymous', `query($id: ID!) { redemptionItem(id: $id) { name policy { title } } }`, {
      id: i.jia.id,
    });
    expect(pub.data).toEqual({ redemptionItem: { name: '郏县兑现事项', policy: { title: '郏县惠企政策' } } });
    const apply = (itemId: string, names: string[]) =>
      run('enterpriseA', `mutation($input: ApplyForRedemptionInput!) { applyForRedemption(input: $input) { id } }`, {
        input: {
          itemId,
          projectName: '未发布政策的申报',
          materials: names.map((name, n) => ({ name, fileId: fileOf('enterpriseA', n) })),
          contactName: '李建国',
          contactPhone: '13937561234',
        },
      });
    const randomId = '3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a';
    const random = await apply(randomId, i.draftJia.requiredMaterials);
    for (const item of [i.draftJia, i.withdrawn]) {
      const res = await apply(item.id, item.requiredMaterials);
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toEqual(random.errors?.[0]?.extensions);
      expect(res.errors?.[0]?.message.replace(item.id, '<id>')).toBe(
        random.errors?.[0]?.message.replace(randomId, '<id>'),
      );
    }
    expect(codeOf(random)).toBe('NOT_FOUND');
  });
});
