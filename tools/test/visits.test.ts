/**
 * 万人助万企 across departments through the real gateway: an official's visit to an enterprise raises a problem as a
 * complaints matter (`submitMatter` through the gateway as 万人助万企办's system, source VISIT), and the visit shows
 * that matter's status as complaints publishes it, to the enterprise through the same gateway.
 */
import { demoEnterprises } from '@qq/db/seed';
import { graphMatterGateway, setMatterGateway } from '@qq/policies/officials';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';

let db: TestDatabase;
let platform: RunningPlatform;
const enterprise = demoEnterprises(24).find((e) => e.countyCode === '410422')!;

// Answers are read by shape in the test: the gateway's JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function gql(token: string, query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const res = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: Json; errors?: unknown };
  expect(json.errors).toBeUndefined();
  return json.data!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({ handle: db, port: 0, subgraphPorts: 'random', seed: { enterprises: 24 } });
  setMatterGateway(
    graphMatterGateway({
      url: platform.url,
      token: (county) => tokenFor({ sub: 'wrzwq-visits', role: 'system', dept: 'wrzwq', county }),
    }),
  );
});
afterAll(async () => {
  setMatterGateway(null);
  await platform?.stop();
  await db?.close();
});

describe('a visit raises a complaints matter through the graph', () => {
  it('submits the matter as 万人助万企办’s system and shows its status from complaints', async () => {
    const clerk = await tokenFor({ sub: 'wrzwq-ye', role: 'staff', dept: 'wrzwq', county: '410422' });
    const official = await tokenFor({ sub: 'official-gw', role: 'staff', dept: 'miit', county: '410422' });
    const ent = await tokenFor({ sub: 'ent-gw', role: 'enterprise', enterprise: enterprise.creditCode });
    const { registerServiceOfficial: o } = await gql(
      clerk,
      `mutation($i: RegisterServiceOfficialInput!) { registerServiceOfficial(input: $i) { id } }`,
      {
        i: {
          userId: 'official-gw',
          name: '赵敏',
          position: '叶县工信局科长',
          phone: '13937560001',
          departmentCode: 'miit',
        },
      },
    );
    const { createOfficialAssignment: a } = await gql(
      clerk,
      `mutation($i: CreateOfficialAssignmentInput!) { createOfficialAssignment(input: $i) { id } }`,
      { i: { officialId: o.id, enterpriseCreditCode: enterprise.creditCode } },
    );
    const { recordVisit: v } = await gql(
      official,
      `mutation($i: RecordVisitInput!) { recordVisit(input: $i) { id problems { id } } }`,
      {
        i: {
          assignmentId: a.id,
          visitedAt: new Date(Date.now() - 3600_000).toISOString(),
          metWith: '企业负责人',
          notes: '了解企业经营情况。',
          problems: ['园区道路破损影响货车通行'],
        },
      },
    );
    const { raiseProblemFromVisit: raised } = await gql(
      official,
      `mutation($id: ID!, $i: RaiseProblemFromVisitInput!) { raiseProblemFromVisit(id: $id, input: $i) {
        status problems { matterReference matter { id } } } }`,
      {
        id: v.id,
        i: {
          problemId: v.problems[0].id,
          kind: 'REQUEST',
          category: 'GOVERNMENT_SERVICE',
          contactName: '企业联系人',
          contactPhone: '13812345678',
        },
      },
    );
    expect(raised.status).toBe('FOLLOWING_UP');
    const problem = raised.problems[0];
    expect(problem.matter.id).toMatch(/^[0-9a-f-]{36}$/);
    // The matter's fields come from complaints with the caller's rights there: the enterprise reads its own matter.
    const seen = await gql(
      ent,
      `query($id: ID!) { visit(id: $id) { problems { matter { id referenceNo status source sourceReference
        enterprise { creditCode } } } } }`,
      { id: v.id },
    );
    expect(seen.visit.problems[0].matter).toEqual({
      id: problem.matter.id,
      referenceNo: problem.matterReference,
      status: 'SUBMITTED',
      source: 'VISIT',
      sourceReference: v.problems[0].id,
      enterprise: { creditCode: enterprise.creditCode },
    });
  });
});
