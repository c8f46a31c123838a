/**
 * Redemption steps from departments' own approval systems, as the platform's exchange relays them
 * (`relayRedemptionStep`): applied at the reported instants by the sending system, once per event id, in order per
 * application (late steps STALE), refused with coded reasons for bad input, for another department's or unit's
 * application, and for any caller but the relay.
 */
import type { Database } from '@qq/db/client';
import { applicationEvents, outbox, redemptionApplications } from '@qq/db/schema/policies';
import { workingDeadline } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { A, B, factories, type ApplicationRow, type ItemRow } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let make: ReturnType<typeof factories>;
let item: ItemRow;
let countyItem: ItemRow;
const t = {} as Record<'relay' | 'system' | 'staff' | 'enterprise' | 'admin' | 'otherSystem', string>;

const MIIT = { clientId: 'miit-approval', departmentCode: 'miit', countyCode: '410400' };
const HRSS = { clientId: 'hrss-approval', departmentCode: 'hrss', countyCode: '410400' };
const JIAXIAN = { clientId: 'miit-jiaxian', departmentCode: 'miit', countyCode: '410425' };
const YEXIAN = { clientId: 'miit-yexian', departmentCode: 'miit', countyCode: '410422' };

const RELAY = `mutation($client: RelayedExchangeClient!, $input: RelayedRedemptionStep!) {
  relayRedemptionStep(client: $client, input: $input) {
    eventId result
    application { id status receivedAt acceptedAt processingAt completedAt dueAt result amountGranted returnReason refusalReason }
  } }`;

type Outcome = {
  eventId: string;
  result: string;
  application: Record<string, unknown> & { id: string; status: string };
};

async function relay(input: Record<string, unknown>, client: object = MIIT, token = t.relay) {
  return execute<{ relayRedemptionStep: Outcome }>(server, RELAY, { token, variables: { client, input } });
}
async function applied(input: Record<string, unknown>, client: object = MIIT) {
  const res = await relay(input, client);
  expect(res.errors).toBeUndefined();
  return res.data!.relayRedemptionStep;
}
const ext = (res: GraphQLResult) => res.errors?.[0]?.extensions;

/** Instants of the reported steps: November 2026, China time, before now. */
const at = (day: number, hour: number) =>
  `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

async function events(id: string) {
  return conn
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.subjectId, id))
    .orderBy(asc(applicationEvents.id));
}
async function messagesOf(id: string) {
  return conn
    .select({ topic: outbox.topic, channel: outbox.channel })
    .from(outbox)
    .where(like(outbox.idempotencyKey, `%${id}%`))
    .orderBy(asc(outbox.id));
}
async function submitted(over: { item?: ItemRow; enterprise?: string } = {}): Promise<ApplicationRow> {
  return make.application(over.item ?? item, over.enterprise ?? A, {
    submittedAt: new Date('2026-11-02T01:00:00Z'),
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  make = factories(conn);
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  const policy = await make.policy({ departmentCode: 'miit', countyCode: '410400' });
  item = await make.item(policy, { timeLimitDays: 10, maxAmount: 500_000 });
  const countyPolicy = await make.policy({ departmentCode: 'miit', countyCode: '410422' });
  countyItem = await make.item(countyPolicy, { timeLimitDays: 5, maxAmount: null });
  t.relay = await tokenFor({ sub: 'platform-exchange', role: 'system', dept: 'bigdata', county: '410400' });
  t.system = await tokenFor({ sub: 'miit-approval', role: 'system', dept: 'miit', county: '410400' });
  t.otherSystem = await tokenFor({ sub: 'hrss-approval', role: 'system', dept: 'hrss', county: '410400' });
  t.staff = await tokenFor({ sub: 'miit-city', role: 'staff', dept: 'miit', county: '410400' });
  t.enterprise = await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: A });
  t.admin = await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('a redemption handled in the department’s approval system', () => {
  it('takes 收件, 受理, 办理 and 办结 at the reported instants, as the system, telling the enterprise each step', async () => {
    const app = await submitted();
    const received = await applied({
      eventId: 'SP-1:received',
      occurredAt: at(3, 9),
      applicationId: app.id,
      step: 'RECEIVE',
    });
    expect(received).toMatchObject({
      eventId: 'SP-1:received',
      result: 'APPLIED',
      application: { id: app.id, status: 'RECEIVED', receivedAt: '2026-11-03T01:00:00.000Z' },
    });
    const accepted = await applied({
      eventId: 'SP-1:accepted',
      occurredAt: at(4, 10),
      applicationId: app.id,
      step: 'ACCEPT',
      note: '材料齐全，予以受理',
    });
    const due = workingDeadline(new Date('2026-11-04T02:00:00Z'), 10);
    expect(accepted.application).toMatchObject({
      status: 'ACCEPTED',
      acceptedAt: '2026-11-04T02:00:00.000Z',
      dueAt: due.toISOString(),
    });
    await applied({ eventId: 'SP-1:processing', occurredAt: at(5, 9), applicationId: app.id, step: 'PROCESS' });
    const done = await applied({
      eventId: 'SP-1:completed',
      occurredAt: at(9, 16),
      applicationId: app.id,
      step: 'COMPLETE',
      outcome: 'APPROVED',
      amountGranted: 80000,
    });
    expect(done.application).toMatchObject({
      status: 'COMPLETED',
      processingAt: '2026-11-05T01:00:00.000Z',
      completedAt: '2026-11-09T08:00:00.000Z',
      result: 'APPROVED',
      amountGranted: 80000,
    });
    const steps = (await events(app.id)).slice(1);
    expect(steps.map((e) => [e.action, e.actor, e.actorRole, e.at.toISOString()])).toEqual([
      ['RECEIVE', 'miit-approval', 'system', '2026-11-03T01:00:00.000Z'],
      ['ACCEPT', 'miit-approval', 'system', '2026-11-04T02:00:00.000Z'],
      ['PROCESS', 'miit-approval', 'system', '2026-11-05T01:00:00.000Z'],
      ['COMPLETE', 'miit-approval', 'system', '2026-11-09T08:00:00.000Z'],
    ]);
    expect(steps[1]!.note).toBe('材料齐全，予以受理');
    expect(steps[1]!.data).toMatchObject({ exchange: { clientId: 'miit-approval', eventId: 'SP-1:accepted' } });
    expect(await messagesOf(app.id)).toEqual([
      { topic: 'redemption.received', channel: 'inbox' },
      { topic: 'redemption.accepted', channel: 'inbox' },
      { topic: 'redemption.processing', channel: 'inbox' },
      { topic: 'redemption.completed', channel: 'inbox' },
      { topic: 'redemption.completed', channel: 'sms' },
    ]);
  });

  it('answers a repeated event id DUPLICATE and changes nothing', async () => {
    const app = await submitted();
    const push = { eventId: 'SP-2:received', occurredAt: at(3, 9), applicationId: app.id, step: 'RECEIVE' };
    expect((await applied(push)).result).toBe('APPLIED');
    const before = { events: (await events(app.id)).length, messages: (await messagesOf(app.id)).length };
    for (let i = 0; i < 3; i++) {
      expect(await applied(push)).toMatchObject({ result: 'DUPLICATE', application: { status: 'RECEIVED' } });
    }
    // The same event id with other contents is the same event: still DUPLICATE.
    expect((await applied({ ...push, occurredAt: at(3, 11) })).result).toBe('DUPLICATE');
    expect({ events: (await events(app.id)).length, messages: (await messagesOf(app.id)).length }).toEqual(before);
  });

  it('applies steps in order: one that does not follow yet is CONFLICT, a late older one STALE', async () => {
    const app = await submitted();
    const early = await relay({
      eventId: 'SP-3:accepted',
      occurredAt: at(4, 9),
      applicationId: app.id,
      step: 'ACCEPT',
    });
    expect(ext(early)).toMatchObject({ code: 'CONFLICT', reason: 'EXCHANGE_STEP_NOT_POSSIBLE' });
    expect((await events(app.id)).length).toBe(1);
    await applied({ eventId: 'SP-3:received', occurredAt: at(3, 9), applicationId: app.id, step: 'RECEIVE' });
    // The refused push was not recorded: its retry applies.
    const retried = await applied({
      eventId: 'SP-3:accepted',
      occurredAt: at(4, 9),
      applicationId: app.id,
      step: 'ACCEPT',
    });
    expect(retried).toMatchObject({ result: 'APPLIED', application: { status: 'ACCEPTED' } });
    // A return reported late, dated before the acceptance, never overwrites it.
    const late = await applied({
      eventId: 'SP-3:returned',
      occurredAt: at(3, 15),
      applicationId: app.id,
      step: 'RETURN',
      reason: '缺少法定代表人签字',
    });
    expect(late).toMatchObject({ result: 'STALE', application: { status: 'ACCEPTED', returnReason: null } });
    const [row] = await conn.select().from(redemptionApplications).where(eq(redemptionApplications.id, app.id));
    expect(row).toMatchObject({ status: 'ACCEPTED', returnedAt: null });
    expect((await events(app.id)).map((e) => e.action)).toEqual(['SUBMIT', 'RECEIVE', 'ACCEPT']);
  });

  it('refuses malformed pushes naming the field, and changes nothing', async () => {
    const app = await submitted();
    await applied({ eventId: 'SP-4:received', occurredAt: at(3, 9), applicationId: app.id, step: 'RECEIVE' });
    await applied({ eventId: 'SP-4:accepted', occurredAt: at(3, 10), applicationId: app.id, step: 'ACCEPT' });
    await applied({ eventId: 'SP-4:processing', occurredAt: at(3, 11), applicationId: app.id, step: 'PROCESS' });
    const base = {
      eventId: 'SP-4:x',
      occurredAt: at(5, 9),
      applicationId: app.id,
      step: 'COMPLETE',
      outcome: 'APPROVED',
      amountGranted: 1000,
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, eventId: 'has spaces' }, 'input.eventId'],
      [{ ...base, eventId: '' }, 'input.eventId'],
      [{ ...base, occurredAt: '2026-11-05 09:00' }, 'input.occurredAt'],
      [{ ...base, occurredAt: '2026-02-30T09:00:00+08:00' }, 'input.occurredAt'],
      [{ ...base, occurredAt: new Date(Date.now() + 3600_000).toISOString() }, 'input.occurredAt'],
      [{ ...base, applicationId: 'SP-0004' }, 'input.applicationId'],
      [{ ...base, outcome: undefined, amountGranted: undefined }, 'input.outcome'],
      [{ ...base, outcome: 'REFUSED', amountGranted: undefined }, 'input.reason'],
      [{ ...base, outcome: 'REFUSED', reason: '不符合条件' }, 'input.amountGranted'],
      [{ ...base, amountGranted: 600_000 }, 'input.amountGranted'],
      [{ ...base, amountGranted: -5 }, 'input.amountGranted'],
      [{ ...base, step: 'RETURN', outcome: undefined, amountGranted: undefined }, 'input.reason'],
      [{ ...base, step: 'PROCESS', note: 'x'.repeat(501) }, 'input.note'],
    ];
    for (const [input, field] of cases) {
      const res = await relay(input);
      expect([input, ext(res)]).toEqual([
        input,
        expect.objectContaining({ code: 'BAD_USER_INPUT', field, reason: 'EXCHANGE_INVALID' }),
      ]);
    }
    const badClient = await relay(base, { ...MIIT, departmentCode: 'tax' });
    expect(ext(badClient)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'client.departmentCode' });
    expect((await events(app.id)).map((e) => e.action)).toEqual(['SUBMIT', 'RECEIVE', 'ACCEPT', 'PROCESS']);
    // Then the well-formed push applies.
    expect((await applied(base)).application).toMatchObject({ status: 'COMPLETED', amountGranted: 1000 });
  });
});

describe('who may push what', () => {
  it("keeps a system to its own department's applications in its unit: another's are NOT_FOUND, as a missing one", async () => {
    const app = await submitted();
    const push = { eventId: 'SP-5:received', occurredAt: at(3, 9), applicationId: app.id, step: 'RECEIVE' };
    for (const client of [HRSS, JIAXIAN, YEXIAN]) {
      expect(ext(await relay(push, client))).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'EXCHANGE_APPLICATION_UNKNOWN',
      });
    }
    const missing = await relay({ ...push, applicationId: '00000000-0000-4000-8000-000000000000' });
    expect(ext(missing)).toMatchObject({ code: 'NOT_FOUND', reason: 'EXCHANGE_APPLICATION_UNKNOWN' });
    expect((await events(app.id)).length).toBe(1);
    // A county's system handles its county's applications; the city's system every county's of its department.
    const local = await submitted({ item: countyItem, enterprise: B });
    const yexian = await applied({ ...push, eventId: 'SP-6:received', applicationId: local.id }, YEXIAN);
    expect(yexian).toMatchObject({ result: 'APPLIED', application: { status: 'RECEIVED' } });
    const city = await applied({
      ...push,
      eventId: 'SP-6:accepted',
      occurredAt: at(3, 10),
      applicationId: local.id,
      step: 'ACCEPT',
    });
    expect(city.application.status).toBe('ACCEPTED');
  });

  it('admits the platform’s relay only: the systems themselves, staff and everyone else are refused', async () => {
    const app = await submitted();
    const push = { eventId: 'SP-7:received', occurredAt: at(3, 9), applicationId: app.id, step: 'RECEIVE' };
    const systemItself = await relay(push, MIIT, t.system);
    expect(ext(systemItself)).toMatchObject({ code: 'FORBIDDEN', reason: 'EXCHANGE_RELAY_ONLY' });
    for (const token of [t.staff, t.enterprise, t.admin])
      expect(ext(await relay(push, MIIT, token))?.code).toBe('FORBIDDEN');
    const anonymous = await execute(server, RELAY, { variables: { client: MIIT, input: push } });
    expect(ext(anonymous)?.code).toBe('UNAUTHENTICATED');
    const forged = await tokenFor({ sub: 'platform-exchange', role: 'system', dept: 'miit', county: '410400' });
    expect(ext(await relay(push, MIIT, forged))).toMatchObject({ code: 'FORBIDDEN', reason: 'EXCHANGE_RELAY_ONLY' });
    expect((await events(app.id)).length).toBe(1);
  });

  it('resolves an application named by the exchange’s receipt in the caller’s scope', async () => {
    const app = await submitted();
    const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on RedemptionApplication { id status availableActions } } }`;
    const variables = { r: [{ __typename: 'RedemptionApplication', id: app.id }] };
    const own = await execute<{ _entities: unknown[] }>(server, ENTITIES, { token: t.system, variables });
    expect(own.errors).toBeUndefined();
    expect(own.data!._entities).toEqual([{ id: app.id, status: 'SUBMITTED', availableActions: ['RECEIVE'] }]);
    const other = await execute<{ _entities: unknown[] }>(server, ENTITIES, { token: t.otherSystem, variables });
    expect(other.data!._entities).toEqual([null]);
  });
});
