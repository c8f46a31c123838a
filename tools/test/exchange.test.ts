/**
 * The exchange's redemption steps across departments through the real gateway: a department's approval system pushes
 * 收件, 受理, 办理 and 办结 of a redemption application to the platform (`reportRedemptionStep`), which checks the
 * registered client, relays the step to policies through the gateway and logs the push; repeated, late, malformed and
 * out-of-scope pushes; the relay mutation refused to the systems themselves.
 */
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../src/platform.ts';

let db: TestDatabase;
let platform: RunningPlatform;
const t = {} as Record<'admin' | 'own' | 'other' | 'unregistered', string>;
let app: { id: string; department: string; maxAmount: number | null; enterprise: string };
let second: { id: string };

interface Answer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function gql<T = Record<string, unknown>>(token: string | undefined, query: string, variables: object = {}) {
  const res = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Answer<T>;
}

const PUSH = `mutation($input: RedemptionStepReport!) { reportRedemptionStep(input: $input) {
  eventId result application { id status receivedAt acceptedAt completedAt result amountGranted } } }`;
type Receipt = { eventId: string; result: string; application: Record<string, unknown> & { status: string } };
const push = (token: string, input: object) => gql<{ reportRedemptionStep: Receipt }>(token, PUSH, { input });
async function pushed(token: string, input: object): Promise<Receipt> {
  const res = await push(token, input);
  expect(res.errors).toBeUndefined();
  return res.data!.reportRedemptionStep;
}
const ext = (res: Answer<unknown>) => res.errors?.[0]?.extensions;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await startPlatform({ handle: db, port: 0, subgraphPorts: 'random', seed: { enterprises: 24 } });
  // The platform relays to policies through this gateway.
  process.env.EXCHANGE_GRAPH_URL = platform.url;
  t.admin = await tokenFor({ sub: 'admin-city', role: 'admin', county: '410400' });
  const list = await gql<{
    redemptionApplications: {
      nodes: Array<{
        id: string;
        department: { code: string };
        item: { maxAmount: number | null };
        enterprise: { creditCode: string };
      }>;
    };
  }>(
    t.admin,
    `{ redemptionApplications(first: 100, filter: { status: SUBMITTED }) {
        nodes { id department { code } item { maxAmount } enterprise { creditCode } } } }`,
  );
  expect(list.errors).toBeUndefined();
  const nodes = list.data!.redemptionApplications.nodes;
  // Two submitted applications of one department (the demo seed has some for every department).
  const dept = nodes.find((n) => nodes.filter((m) => m.department.code === n.department.code).length >= 2)!.department
    .code;
  const [first, next] = nodes.filter((n) => n.department.code === dept) as [(typeof nodes)[0], (typeof nodes)[0]];
  app = {
    id: first.id,
    department: dept,
    maxAmount: first.item.maxAmount,
    enterprise: first.enterprise.creditCode,
  };
  second = { id: next.id };
  const otherDept = ['ndrc', 'miit', 'hrss', 'mofcom'].find((d) => d !== app.department)!;
  const register = async (clientId: string, departmentCode: string) => {
    const res = await gql(
      t.admin,
      `mutation($i: RegisterExchangeClientInput!) { registerExchangeClient(input: $i) { clientId } }`,
      { i: { clientId, name: `${departmentCode} 审批系统`, departmentCode, countyCode: '410400' } },
    );
    expect(res.errors).toBeUndefined();
  };
  await register('approval-own', app.department);
  await register('approval-other', otherDept);
  t.own = await tokenFor({ sub: 'approval-own', role: 'system', dept: app.department as 'miit', county: '410400' });
  t.other = await tokenFor({ sub: 'approval-other', role: 'system', dept: otherDept as 'miit', county: '410400' });
  t.unregistered = await tokenFor({
    sub: 'approval-unknown',
    role: 'system',
    dept: app.department as 'miit',
    county: '410400',
  });
});
afterAll(async () => {
  delete process.env.EXCHANGE_GRAPH_URL;
  await platform?.stop();
  await db?.close();
});

describe('redemption steps through the exchange', () => {
  it('relays 收件, 受理, 办理 and 办结 to policies once each, in order, and logs every push', async () => {
    const received = { eventId: 'RP-1:received', occurredAt: hoursAgo(4), applicationId: app.id, step: 'RECEIVE' };
    expect(await pushed(t.own, received)).toMatchObject({
      eventId: 'RP-1:received',
      result: 'APPLIED',
      application: { id: app.id, status: 'RECEIVED', receivedAt: received.occurredAt },
    });
    // A repeat is answered from the exchange's receipt, with the application as it stands.
    expect(await pushed(t.own, received)).toMatchObject({ result: 'DUPLICATE', application: { status: 'RECEIVED' } });
    // 办理 before 受理 does not follow yet: refused, not recorded, applied after its predecessor.
    const processing = { eventId: 'RP-1:processing', occurredAt: hoursAgo(2), applicationId: app.id, step: 'PROCESS' };
    expect(ext(await push(t.own, processing))).toMatchObject({
      code: 'CONFLICT',
      reason: 'EXCHANGE_STEP_NOT_POSSIBLE',
    });
    const accepted = { eventId: 'RP-1:accepted', occurredAt: hoursAgo(3), applicationId: app.id, step: 'ACCEPT' };
    expect((await pushed(t.own, accepted)).application.status).toBe('ACCEPTED');
    expect((await pushed(t.own, processing)).application.status).toBe('PROCESSING');
    // A return dated before the latest step, reported late, never overwrites the newer state.
    const returned = {
      eventId: 'RP-1:returned',
      occurredAt: hoursAgo(3.5),
      applicationId: app.id,
      step: 'RETURN',
      reason: '缺少法定代表人签字',
    };
    expect(await pushed(t.own, returned)).toMatchObject({ result: 'STALE', application: { status: 'PROCESSING' } });
    expect((await pushed(t.own, returned)).result).toBe('DUPLICATE');
    const completedAt = hoursAgo(1);
    const completed = await pushed(t.own, {
      eventId: 'RP-1:completed',
      occurredAt: completedAt,
      applicationId: app.id,
      step: 'COMPLETE',
      outcome: 'APPROVED',
      ...(app.maxAmount !== null ? { amountGranted: Math.min(10_000, app.maxAmount) } : {}),
    });
    expect(completed.application).toMatchObject({ status: 'COMPLETED', result: 'APPROVED' });

    // The enterprise sees the steps on its application.
    const enterprise = await tokenFor({ sub: 'ent', role: 'enterprise', enterprise: app.enterprise });
    const seen = await gql<{
      redemptionApplication: { status: string; events: Array<{ action: string; at: string }> };
    }>(enterprise, `query($id: ID!) { redemptionApplication(id: $id) { status events { action at } } }`, {
      id: app.id,
    });
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.redemptionApplication.status).toBe('COMPLETED');
    // At the instants the system reported.
    expect(seen.data!.redemptionApplication.events.slice(-4)).toEqual([
      { action: 'RECEIVE', at: received.occurredAt },
      { action: 'ACCEPT', at: accepted.occurredAt },
      { action: 'PROCESS', at: processing.occurredAt },
      { action: 'COMPLETE', at: completedAt },
    ]);

    // Every push is in the log: who sent what and what became of it.
    const log = await gql<{
      exchangePushes: {
        nodes: Array<{
          eventId: string;
          operation: string;
          result: string;
          errorReason: string | null;
          applicationId: string | null;
        }>;
      };
    }>(t.own, `{ exchangePushes(first: 20) { nodes { eventId operation result errorReason applicationId } } }`);
    expect(log.errors).toBeUndefined();
    expect(
      log.data!.exchangePushes.nodes.reverse().map((n) => [n.eventId, n.result, n.errorReason, n.applicationId]),
    ).toEqual([
      ['RP-1:received', 'APPLIED', null, app.id],
      ['RP-1:received', 'DUPLICATE', null, app.id],
      ['RP-1:processing', 'REFUSED', 'EXCHANGE_STEP_NOT_POSSIBLE', null],
      ['RP-1:accepted', 'APPLIED', null, app.id],
      ['RP-1:processing', 'APPLIED', null, app.id],
      ['RP-1:returned', 'STALE', null, app.id],
      ['RP-1:returned', 'DUPLICATE', null, app.id],
      ['RP-1:completed', 'APPLIED', null, app.id],
    ]);
    expect(log.data!.exchangePushes.nodes.every((n) => n.operation === 'reportRedemptionStep')).toBe(true);
  });

  it('refuses malformed pushes, another department’s system, unregistered clients and direct calls to policies', async () => {
    const base = { eventId: 'RP-2:received', occurredAt: hoursAgo(2), applicationId: second.id, step: 'RECEIVE' };
    expect(ext(await push(t.own, { ...base, applicationId: 'RP-0002' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.applicationId',
      reason: 'EXCHANGE_INVALID',
    });
    expect(ext(await push(t.own, { ...base, occurredAt: '2026-11-31T09:00:00+08:00' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.occurredAt',
    });
    // Checked by policies, answered alike.
    expect(ext(await push(t.own, { ...base, step: 'RETURN' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.reason',
      reason: 'EXCHANGE_INVALID',
    });
    expect(ext(await push(t.other, base))).toMatchObject({ code: 'NOT_FOUND', reason: 'EXCHANGE_APPLICATION_UNKNOWN' });
    expect(ext(await push(t.unregistered, base))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'EXCHANGE_CLIENT_UNKNOWN',
    });
    // An event id already used for another application is not taken for this one.
    expect(ext(await push(t.own, { ...base, eventId: 'RP-1:accepted' }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'EXCHANGE_EVENT_ID_REUSED',
    });
    // The systems push to the exchange only: policies' relay mutation is the platform's.
    const direct = await gql(
      t.own,
      `mutation($c: RelayedExchangeClient!, $i: RelayedRedemptionStep!) { relayRedemptionStep(client: $c, input: $i) { result } }`,
      { c: { clientId: 'approval-own', departmentCode: app.department, countyCode: '410400' }, i: base },
    );
    expect(ext(direct)).toMatchObject({ code: 'FORBIDDEN', reason: 'EXCHANGE_RELAY_ONLY' });
    const still = await gql<{ redemptionApplication: { status: string } }>(
      t.admin,
      `query($id: ID!) { redemptionApplication(id: $id) { status } }`,
      { id: second.id },
    );
    expect(still.data!.redemptionApplication.status).toBe('SUBMITTED');
    // And then the well-formed push of the right system applies.
    expect((await pushed(t.own, base)).application.status).toBe('RECEIVED');
    const refusals = await gql<{ exchangePushes: { nodes: Array<{ clientId: string; errorCode: string }> } }>(
      t.admin,
      `{ exchangePushes(first: 50, result: REFUSED) { nodes { clientId errorCode errorReason } } }`,
    );
    expect(refusals.data!.exchangePushes.nodes.map((n) => n.clientId)).toEqual(
      expect.arrayContaining(['approval-other', 'approval-unknown']),
    );
  });
});

describe('cases through the exchange and the gateway', () => {
  it("lands a system's case in the enterprise's one list, and keeps other departments' systems off it", async () => {
    const bigdata = await tokenFor({ sub: 'hnzwfw-bigdata', role: 'system', dept: 'bigdata', county: '410400' });
    const mofcom = await tokenFor({ sub: 'mofcom-approval', role: 'system', dept: 'mofcom', county: '410400' });
    const services = await gql<{ services: { nodes: Array<{ id: string }> } }>(
      undefined,
      `{ services(first: 1, filter: { departmentCode: "bigdata", countyCode: "410400" }) { nodes { id } } }`,
    );
    const serviceId = services.data!.services.nodes[0]!.id;
    const RECEIPT = 'eventId result case { id referenceNo status receivedAt }';
    const report = await gql<{ reportCase: { result: string; case: { id: string; referenceNo: string } } }>(
      bigdata,
      `mutation($i: CaseReport!) { reportCase(input: $i) { ${RECEIPT} } }`,
      {
        i: {
          eventId: 'GW-1:received',
          occurredAt: hoursAgo(2),
          externalId: 'GW-1',
          serviceId,
          enterpriseCode: app.enterprise,
          applicantName: '王建军',
          applicantPhone: '13937500001',
          handlingUnit: '市民服务中心综合受理窗口',
        },
      },
    );
    expect(report.errors).toBeUndefined();
    expect(report.data!.reportCase.result).toBe('APPLIED');
    const { id, referenceNo } = report.data!.reportCase.case;
    const STEP = `mutation($i: CaseStepReport!) { reportCaseStep(input: $i) { ${RECEIPT} } }`;
    const accept = { eventId: 'GW-1:accepted', occurredAt: hoursAgo(1), referenceNo, step: 'ACCEPT' };
    // Another department's system cannot see the case: NOT_FOUND, as a missing one.
    expect(ext(await gql(mofcom, STEP, { i: { ...accept, eventId: 'MO-1' } }))).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'EXCHANGE_CASE_UNKNOWN',
    });
    const accepted = await gql<{ reportCaseStep: { result: string; case: { status: string } } }>(bigdata, STEP, {
      i: accept,
    });
    expect(accepted.data!.reportCaseStep).toMatchObject({ result: 'APPLIED', case: { status: 'ACCEPTED' } });

    const enterprise = await tokenFor({ sub: 'ent', role: 'enterprise', enterprise: app.enterprise });
    const list = await gql<{
      cases: { nodes: Array<{ id: string; status: string; channel: string }> };
      enterprise: { cases: { nodes: Array<{ id: string }> } };
    }>(
      enterprise,
      `query($c: String!) { cases(first: 100) { nodes { id status channel } }
         enterprise(creditCode: $c) { cases(first: 100) { nodes { id } } } }`,
      { c: app.enterprise },
    );
    expect(list.errors).toBeUndefined();
    expect(list.data!.cases.nodes).toContainEqual({ id, status: 'ACCEPTED', channel: 'EXCHANGE' });
    expect(list.data!.enterprise.cases.nodes.map((n) => n.id)).toEqual(list.data!.cases.nodes.map((n) => n.id));
  });
});
