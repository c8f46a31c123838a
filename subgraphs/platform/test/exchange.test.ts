/**
 * The exchange through GraphQL: departments' systems as machines push cases and steps; repeated, out-of-order, late
 * and malformed pushes; a system of one department cannot touch another's cases; every push is logged.
 */
import type { Database } from '@qq/db/client';
import { cases, enterprises, outbox, personalDataAccesses, services } from '@qq/db/schema/platform';
import { demoEnterprises } from '@qq/db/seed';
import { seedReference } from '@qq/db/seed/platform';
import { workingDeadline } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
const twelve = demoEnterprises(12);
const ent = twelve[4]!;
const t = {} as Record<
  'admin' | 'mofcomSystem' | 'yexianSystem' | 'hrssSystem' | 'rogue' | 'wrongUnit' | 'staff' | 'enterprise',
  string
>;
const svc = {} as Record<'mofcom' | 'yexian', string>;

const RECEIPT = `eventId result case { id referenceNo status channel externalId handlingUnit receivedAt acceptedAt
  processingAt concludedAt dueAt outcome reason licence { number expiresOn } events { action at handlingUnit actor actorRole } }`;

type Receipt = {
  eventId: string;
  result: string;
  case: Record<string, unknown> & {
    id: string;
    referenceNo: string;
    status: string;
    events: Array<Record<string, unknown>>;
  };
};

function run<T = Record<string, unknown>>(token: string | undefined, query: string, variables?: object) {
  return execute<T>(server, query, { token, variables: variables as Record<string, unknown> });
}
const ext = (res: GraphQLResult) => res.errors?.[0]?.extensions;

const reportCase = (token: string, input: object) =>
  run<{ reportCase: Receipt }>(token, `mutation($input: CaseReport!) { reportCase(input: $input) { ${RECEIPT} } }`, {
    input,
  });
const reportStep = (token: string, input: object) =>
  run<{ reportCaseStep: Receipt }>(
    token,
    `mutation($input: CaseStepReport!) { reportCaseStep(input: $input) { ${RECEIPT} } }`,
    { input },
  );

/** An instant `hours` after a fixed morning (in the past, so no push is in the future). */
const at = (hours: number) => new Date(Date.parse('2026-03-02T09:00:00+08:00') + hours * 3600_000).toISOString();

const caseInput = (over: object = {}) => ({
  eventId: 'evt-1',
  occurredAt: at(0),
  externalId: 'SP2026-0001',
  serviceId: svc.mofcom,
  enterpriseCode: ent.creditCode,
  applicantName: '王建军',
  applicantPhone: '13937500001',
  handlingUnit: '市商务局审批系统',
  ...over,
});

async function register(clientId: string, departmentCode: string, countyCode: string) {
  const res = await run(
    t.admin,
    `mutation($input: RegisterExchangeClientInput!) { registerExchangeClient(input: $input) { clientId active department { code } county { code } } }`,
    { input: { clientId, name: `${departmentCode} 审批系统`, departmentCode, countyCode } },
  );
  expect(res.errors).toBeUndefined();
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  await seedReference(conn);
  await conn.insert(enterprises).values(twelve);
  server = createServer({ db: await db.connectAs('platform') });
  await server.start();
  const base = {
    name: '成品油零售经营资格审批',
    category: 'LICENCE' as const,
    conditions: '符合成品油零售网点发展规划。',
    materials: ['申请书'],
    timeLimitDays: 20,
    fees: '不收费',
    officeAddress: '市民服务中心三楼',
    status: 'PUBLISHED' as const,
    createdBy: 'seed',
    departmentCode: 'mofcom',
  };
  const [a, b] = await conn
    .insert(services)
    .values([
      { ...base, countyCode: '410400' },
      { ...base, name: '叶县农产品电商备案', countyCode: '410422' },
    ])
    .returning();
  svc.mofcom = a!.id;
  svc.yexian = b!.id;
  t.admin = await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' });
  t.mofcomSystem = await tokenFor({ sub: 'mofcom-approval', role: 'system', dept: 'mofcom', county: '410400' });
  t.yexianSystem = await tokenFor({ sub: 'yexian-mofcom', role: 'system', dept: 'mofcom', county: '410422' });
  t.hrssSystem = await tokenFor({ sub: 'hrss-system', role: 'system', dept: 'hrss', county: '410400' });
  t.rogue = await tokenFor({ sub: 'rogue', role: 'system', dept: 'mofcom', county: '410400' });
  t.wrongUnit = await tokenFor({ sub: 'yexian-mofcom', role: 'system', dept: 'mofcom', county: '410400' });
  t.staff = await tokenFor({ sub: 'mofcom-city', role: 'staff', dept: 'mofcom', county: '410400' });
  t.enterprise = await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: ent.creditCode });
  await register('mofcom-approval', 'mofcom', '410400');
  await register('yexian-mofcom', 'mofcom', '410422');
  await register('hrss-system', 'hrss', '410400');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('pushing a case and its steps', () => {
  it('creates a case once per event id, applies steps at their own instants, and answers late ones STALE', async () => {
    const first = await reportCase(t.mofcomSystem, caseInput());
    expect(first.errors).toBeUndefined();
    const created = first.data!.reportCase;
    expect(created).toMatchObject({
      eventId: 'evt-1',
      result: 'APPLIED',
      case: { status: 'RECEIVED', channel: 'EXCHANGE', externalId: 'SP2026-0001', handlingUnit: '市商务局审批系统' },
    });
    expect(created.case.receivedAt).toBe(at(0));
    const again = await reportCase(t.mofcomSystem, caseInput());
    expect(again.data!.reportCase).toMatchObject({ result: 'DUPLICATE', case: { id: created.case.id } });
    expect(await conn.select().from(cases).where(eq(cases.externalId, 'SP2026-0001'))).toHaveLength(1);
    // The same case under another event id is a conflict, not a second case.
    const twice = await reportCase(t.mofcomSystem, caseInput({ eventId: 'evt-1b' }));
    expect(ext(twice)).toMatchObject({ code: 'CONFLICT', reason: 'EXCHANGE_CASE_EXISTS' });

    const step = (eventId: string, hours: number, over: object = {}) =>
      reportStep(t.mofcomSystem, { eventId, occurredAt: at(hours), externalId: 'SP2026-0001', ...over });
    expect((await step('evt-2', 2, { step: 'ACCEPT', handlingUnit: '市场运行科' })).data!.reportCaseStep).toMatchObject(
      {
        result: 'APPLIED',
        case: { status: 'ACCEPTED', acceptedAt: at(2), dueAt: workingDeadline(new Date(at(2)), 20).toISOString() },
      },
    );
    expect((await step('evt-3', 5, { step: 'PROCESS' })).data!.reportCaseStep.case.status).toBe('PROCESSING');
    // A return taken before the processing, reported late: recorded, not applied.
    const late = await step('evt-late', 3, { step: 'RETURN', reason: '材料不全' });
    expect(late.data!.reportCaseStep).toMatchObject({ result: 'STALE', case: { status: 'PROCESSING', reason: null } });
    const done = await step('evt-4', 30, {
      step: 'CONCLUDE',
      outcome: 'APPROVED',
      licence: { number: '豫成品油零售2026-018', expiresOn: '2031-03-31' },
    });
    expect(done.data!.reportCaseStep).toMatchObject({
      result: 'APPLIED',
      case: {
        status: 'CONCLUDED',
        concludedAt: at(30),
        outcome: 'APPROVED',
        licence: { number: '豫成品油零售2026-018' },
      },
    });
    expect((await step('evt-4', 30, { step: 'CONCLUDE', outcome: 'APPROVED' })).data!.reportCaseStep.result).toBe(
      'DUPLICATE',
    );
    expect((await step('evt-late', 3, { step: 'RETURN', reason: '材料不全' })).data!.reportCaseStep.result).toBe(
      'DUPLICATE',
    );
    const events = done.data!.reportCaseStep.case.events;
    expect(events.map((e) => [e.action, e.at, e.handlingUnit, e.actor, e.actorRole])).toEqual([
      ['RECEIVE', at(0), '市商务局审批系统', 'mofcom-approval', 'system'],
      ['ACCEPT', at(2), '市场运行科', 'mofcom-approval', 'system'],
      ['PROCESS', at(5), '市场运行科', 'mofcom-approval', 'system'],
      ['CONCLUDE', at(30), '市场运行科', 'mofcom-approval', 'system'],
    ]);
    // The enterprise sees the case in its one list and was told each step.
    const mine = await run<{ cases: { nodes: Array<{ id: string; channel: string }> } }>(
      t.enterprise,
      `{ cases { nodes { id channel } } }`,
    );
    expect(mine.data!.cases.nodes).toContainEqual({ id: created.case.id, channel: 'EXCHANGE' });
    const told = await conn
      .select()
      .from(outbox)
      .where(like(outbox.idempotencyKey, `case.%${created.case.id}%`));
    expect(
      told
        .filter((m) => m.channel === 'inbox')
        .map((m) => m.topic)
        .sort(),
    ).toEqual(['case.accepted', 'case.concluded', 'case.processing', 'case.received']);
  });

  it('refuses a step that does not follow yet, and applies it when its predecessor has arrived', async () => {
    await reportCase(t.mofcomSystem, caseInput({ eventId: 'o-1', externalId: 'SP2026-0002' }));
    const early = await reportStep(t.mofcomSystem, {
      eventId: 'o-3',
      occurredAt: at(5),
      externalId: 'SP2026-0002',
      step: 'PROCESS',
    });
    expect(ext(early)).toMatchObject({ code: 'CONFLICT', reason: 'EXCHANGE_STEP_NOT_POSSIBLE' });
    const accept = await reportStep(t.mofcomSystem, {
      eventId: 'o-2',
      occurredAt: at(2),
      externalId: 'SP2026-0002',
      step: 'ACCEPT',
    });
    expect(accept.data!.reportCaseStep.result).toBe('APPLIED');
    const retry = await reportStep(t.mofcomSystem, {
      eventId: 'o-3',
      occurredAt: at(5),
      externalId: 'SP2026-0002',
      step: 'PROCESS',
    });
    expect(retry.data!.reportCaseStep).toMatchObject({ result: 'APPLIED', case: { status: 'PROCESSING' } });
  });

  it('reports steps of a case the enterprise applied for on the platform, by its case number', async () => {
    const applied = await run<{ receiveCase: { referenceNo: string } }>(
      t.enterprise,
      `mutation($s: ID!) { receiveCase(input: { serviceId: $s, applicantName: "王建军" }) { referenceNo } }`,
      { s: svc.mofcom },
    );
    const referenceNo = applied.data!.receiveCase.referenceNo;
    const accepted = await reportStep(t.mofcomSystem, {
      eventId: 'p-1',
      occurredAt: new Date().toISOString(),
      referenceNo,
      step: 'ACCEPT',
    });
    expect(accepted.data!.reportCaseStep).toMatchObject({
      result: 'APPLIED',
      case: { referenceNo, status: 'ACCEPTED' },
    });
    // Another department's system does not find it.
    const other = await reportStep(t.hrssSystem, {
      eventId: 'p-2',
      occurredAt: new Date().toISOString(),
      referenceNo,
      step: 'PROCESS',
    });
    expect(ext(other)).toMatchObject({ code: 'NOT_FOUND', reason: 'EXCHANGE_CASE_UNKNOWN' });
  });
});

describe('refused pushes', () => {
  it('answers malformed pushes with the field and the reason', async () => {
    const bad = async (input: object, field: string, step = false) => {
      const res = step ? await reportStep(t.mofcomSystem, input) : await reportCase(t.mofcomSystem, input);
      expect(ext(res)).toMatchObject({ code: 'BAD_USER_INPUT', field, reason: 'EXCHANGE_INVALID' });
    };
    await bad(caseInput({ eventId: 'has space' }), 'input.eventId');
    await bad(caseInput({ eventId: 'm-1', occurredAt: '2026-03-02 09:00' }), 'input.occurredAt');
    await bad(caseInput({ eventId: 'm-2', occurredAt: '2099-01-01T00:00:00Z' }), 'input.occurredAt');
    await bad(caseInput({ eventId: 'm-3', enterpriseCode: '91410400MA000000XX' }), 'input.enterpriseCode');
    await bad(caseInput({ eventId: 'm-4', applicantName: '' }), 'input.applicantName');
    await bad(caseInput({ eventId: 'm-5', externalId: '' }), 'input.externalId');
    const step = { eventId: 's-1', occurredAt: at(1), externalId: 'SP2026-0001' };
    await bad({ ...step, step: 'REJECT' }, 'input.reason', true);
    await bad({ ...step, step: 'CONCLUDE' }, 'input.outcome', true);
    await bad({ ...step, step: 'CONCLUDE', outcome: 'DENIED' }, 'input.reason', true);
    await bad({ ...step, step: 'ACCEPT', referenceNo: 'BJ20260302000001' }, 'input.externalId', true);
    await bad({ ...step, step: 'ACCEPT', licence: { number: 'x', expiresOn: '2030-01-01' } }, 'input.licence', true);
    const unknownService = await reportCase(
      t.mofcomSystem,
      caseInput({ eventId: 'm-6', externalId: 'SP-X', serviceId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(ext(unknownService)).toMatchObject({ code: 'NOT_FOUND', reason: 'EXCHANGE_SERVICE_UNKNOWN' });
    const unknownCase = await reportStep(t.mofcomSystem, {
      ...step,
      eventId: 's-2',
      externalId: 'NOPE',
      step: 'ACCEPT',
    });
    expect(ext(unknownCase)).toMatchObject({ code: 'NOT_FOUND', reason: 'EXCHANGE_CASE_UNKNOWN' });
  });

  it('keeps every system to its own department and unit, and refuses unregistered or disabled clients', async () => {
    // 叶县's system may not report a case of the city's service, nor 人社局's of 商务局's.
    const yexian = await reportCase(t.yexianSystem, caseInput({ eventId: 'y-1', externalId: 'YX-1' }));
    expect(ext(yexian)).toMatchObject({ code: 'FORBIDDEN', reason: 'EXCHANGE_OUT_OF_SCOPE' });
    const local = await reportCase(
      t.yexianSystem,
      caseInput({ eventId: 'y-2', externalId: 'YX-2', serviceId: svc.yexian }),
    );
    expect(local.data!.reportCase.result).toBe('APPLIED');
    const hrss = await reportCase(t.hrssSystem, caseInput({ eventId: 'h-1', externalId: 'HR-1' }));
    expect(ext(hrss)).toMatchObject({ code: 'FORBIDDEN', reason: 'EXCHANGE_OUT_OF_SCOPE' });
    // Another client's case numbers are not this client's.
    const foreign = await reportStep(t.hrssSystem, {
      eventId: 'h-2',
      occurredAt: at(40),
      externalId: 'SP2026-0001',
      step: 'RETURN',
      reason: 'x',
    });
    expect(ext(foreign)).toMatchObject({ code: 'NOT_FOUND', reason: 'EXCHANGE_CASE_UNKNOWN' });
    for (const token of [t.rogue, t.wrongUnit]) {
      expect(ext(await reportCase(token, caseInput({ eventId: 'r-1', externalId: 'R-1' })))).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'EXCHANGE_CLIENT_UNKNOWN',
      });
    }
    for (const token of [t.staff, t.enterprise, t.admin]) {
      expect(ext(await reportCase(token, caseInput({ eventId: 'r-2' })))?.code).toBe('FORBIDDEN');
    }
    const disabled = await run(t.admin, `mutation { disableExchangeClient(clientId: "yexian-mofcom") { active } }`);
    expect(disabled.data).toEqual({ disableExchangeClient: { active: false } });
    const after = await reportCase(
      t.yexianSystem,
      caseInput({ eventId: 'y-3', externalId: 'YX-3', serviceId: svc.yexian }),
    );
    expect(ext(after)).toMatchObject({ code: 'FORBIDDEN', reason: 'EXCHANGE_CLIENT_UNKNOWN' });
  });

  it('logs who sent what, refusals included; a system reads its own pushes, administrators all', async () => {
    const log = await run<{ exchangePushes: { nodes: Array<Record<string, unknown>> } }>(
      t.admin,
      `{ exchangePushes(first: 100) { nodes { clientId eventId operation result errorCode errorReason errorField payload } } }`,
    );
    const nodes = log.data!.exchangePushes.nodes;
    expect(nodes).toContainEqual(
      expect.objectContaining({
        clientId: 'mofcom-approval',
        eventId: 'evt-1',
        operation: 'reportCase',
        result: 'APPLIED',
      }),
    );
    expect(nodes).toContainEqual(expect.objectContaining({ eventId: 'evt-1', result: 'DUPLICATE' }));
    expect(nodes).toContainEqual(expect.objectContaining({ eventId: 'evt-late', result: 'STALE' }));
    expect(nodes).toContainEqual(
      expect.objectContaining({
        clientId: 'rogue',
        result: 'REFUSED',
        errorCode: 'FORBIDDEN',
        errorReason: 'EXCHANGE_CLIENT_UNKNOWN',
      }),
    );
    const malformed = nodes.find((n) => n.eventId === 'm-3')!;
    expect(malformed).toMatchObject({
      result: 'REFUSED',
      errorCode: 'BAD_USER_INPUT',
      errorField: 'input.enterpriseCode',
    });
    expect(JSON.parse(malformed.payload as string)).toMatchObject({ enterpriseCode: '91410400MA000000XX' });
    const own = await run<{ exchangePushes: { nodes: Array<{ clientId: string }> } }>(
      t.hrssSystem,
      `{ exchangePushes(first: 100) { nodes { clientId } } }`,
    );
    expect(own.data!.exchangePushes.nodes.length).toBeGreaterThan(0);
    expect(own.data!.exchangePushes.nodes.every((n) => n.clientId === 'hrss-system')).toBe(true);
    expect(ext(await run(t.enterprise, `{ exchangePushes { nodes { id } } }`))?.code).toBe('FORBIDDEN');
    const clients = await run<{ exchangeClients: Array<{ clientId: string; active: boolean }> }>(
      t.admin,
      `{ exchangeClients { clientId active } }`,
    );
    expect(clients.data!.exchangeClients).toEqual([
      { clientId: 'hrss-system', active: true },
      { clientId: 'mofcom-approval', active: true },
      { clientId: 'yexian-mofcom', active: false },
    ]);
  });

  it("logs an administrator's read of a pushed case's applicant (its payload), not the sending system's own", async () => {
    const sent = await reportCase(t.mofcomSystem, caseInput({ eventId: 'pd-1', externalId: 'PD-1' }));
    expect(sent.data!.reportCase.result).toBe('APPLIED');
    const logOf = (key: string) =>
      conn
        .select()
        .from(personalDataAccesses)
        .where(and(eq(personalDataAccesses.entityType, 'ExchangePush'), eq(personalDataAccesses.entityKey, key)));
    type Pushes = { exchangePushes: { nodes: Array<{ id: string; eventId: string; payload: string }> } };
    const newest = `{ exchangePushes(clientId: "mofcom-approval", first: 1) { nodes { id eventId payload } } }`;

    const admin = await run<Pushes>(t.admin, newest);
    expect(admin.errors).toBeUndefined();
    const push = admin.data!.exchangePushes.nodes[0]!;
    expect(push.eventId).toBe('pd-1');
    expect(JSON.parse(push.payload)).toMatchObject({ applicantName: '王建军', applicantPhone: '13937500001' });
    const rows = await logOf(push.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorSub: 'admin-1',
      actorRole: 'admin',
      entityType: 'ExchangePush',
      entityKey: push.id,
      field: 'payload',
      countyCode: '410400',
    });

    // The system that sent it reads its own push: nothing more is logged.
    const own = await run<Pushes>(t.mofcomSystem, newest);
    expect(own.data!.exchangePushes.nodes[0]).toEqual(push);
    expect(await logOf(push.id)).toHaveLength(1);

    // A step carries no personal data: reading it is not logged.
    const step = await reportStep(t.mofcomSystem, {
      eventId: 'pd-2',
      occurredAt: at(1),
      externalId: 'PD-1',
      step: 'ACCEPT',
    });
    expect(step.data!.reportCaseStep.result).toBe('APPLIED');
    const stepPush = (await run<Pushes>(t.admin, newest)).data!.exchangePushes.nodes[0]!;
    expect(stepPush.eventId).toBe('pd-2');
    expect(await logOf(stepPush.id)).toEqual([]);

    const Q = `query($key: String!) { platformPersonalDataAccesses(filter: { entityType: "ExchangePush", entityKey: $key }) {
      totalCount nodes { actor actorRole entityType entityKey field countyCode } } }`;
    const log = await run<{ platformPersonalDataAccesses: { totalCount: number; nodes: unknown[] } }>(t.admin, Q, {
      key: push.id,
    });
    expect(log.data!.platformPersonalDataAccesses).toEqual({
      totalCount: 1,
      nodes: [
        {
          actor: 'admin-1',
          actorRole: 'admin',
          entityType: 'ExchangePush',
          entityKey: push.id,
          field: 'payload',
          countyCode: '410400',
        },
      ],
    });
  });
});

describe('redemption steps (relayed to policies)', () => {
  const PUSH = `mutation($input: RedemptionStepReport!) { reportRedemptionStep(input: $input) { eventId result application { id } } }`;
  const step = (over: object = {}) => ({
    eventId: 'rp-1',
    occurredAt: at(1),
    applicationId: '6f0c6a51-4d1e-4c1a-9a55-6f1e4a2b9c01',
    step: 'RECEIVE',
    ...over,
  });

  it('answers SERVICE_UNAVAILABLE when policies cannot be reached, records nothing as applied, and logs the refusal', async () => {
    const before = process.env.EXCHANGE_GRAPH_URL;
    process.env.EXCHANGE_GRAPH_URL = 'http://127.0.0.1:1/graphql';
    try {
      const res = await run(t.mofcomSystem, PUSH, { input: step() });
      expect(ext(res)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'EXCHANGE_UNAVAILABLE' });
      // Not recorded as applied: the sender's retry is relayed again.
      const retry = await run(t.mofcomSystem, PUSH, { input: step() });
      expect(ext(retry)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      if (before === undefined) delete process.env.EXCHANGE_GRAPH_URL;
      else process.env.EXCHANGE_GRAPH_URL = before;
    }
    const log = await run<{ exchangePushes: { nodes: Array<Record<string, unknown>> } }>(
      t.mofcomSystem,
      `{ exchangePushes(first: 2) { nodes { eventId operation result errorCode errorReason applicationId } } }`,
    );
    expect(log.data!.exchangePushes.nodes).toEqual([
      {
        eventId: 'rp-1',
        operation: 'reportRedemptionStep',
        result: 'REFUSED',
        errorCode: 'SERVICE_UNAVAILABLE',
        errorReason: 'EXCHANGE_UNAVAILABLE',
        applicationId: null,
      },
      expect.objectContaining({ eventId: 'rp-1', result: 'REFUSED' }),
    ]);
  });

  it('checks the client and the envelope before relaying, and keeps event ids apart from cases', async () => {
    expect(ext(await run(t.rogue, PUSH, { input: step() }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'EXCHANGE_CLIENT_UNKNOWN',
    });
    for (const [over, field] of [
      [{ applicationId: 'SP2026-0001' }, 'input.applicationId'],
      [{ occurredAt: '2026-02-29T09:00:00+08:00' }, 'input.occurredAt'],
      [{ occurredAt: new Date(Date.now() + 3600_000).toISOString() }, 'input.occurredAt'],
      [{ eventId: 'two words' }, 'input.eventId'],
    ] as const) {
      expect(ext(await run(t.mofcomSystem, PUSH, { input: step(over) }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
        reason: 'EXCHANGE_INVALID',
      });
    }
    // evt-1 created a case: the same event id is not taken for a redemption step.
    expect(ext(await run(t.mofcomSystem, PUSH, { input: step({ eventId: 'evt-1' }) }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'EXCHANGE_EVENT_ID_REUSED',
    });
    for (const token of [t.staff, t.enterprise, t.admin]) {
      expect(ext(await run(token, PUSH, { input: step() }))?.code).toBe('FORBIDDEN');
    }
  });
});
