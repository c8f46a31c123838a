/**
 * 首接责任制 and what surrounds the handling of a matter, through GraphQL: transfer requests decided once by the
 * dispatcher (and their 2-working-day window), co-handlers with their own replies, the enterprise's rating, and the
 * duplicate hint with following an open matter. Each step with its refusals: CONFLICT when the state or a condition
 * does not allow it, FORBIDDEN when the caller may not, NOT_FOUND when the caller may not see the matter.
 */
import type { Database } from '@qq/db/client';
import { matterCoHandlers, matterEvents, matters, outbox } from '@qq/db/schema/complaints';
import { demoCreditCode, demoEnterprises } from '@qq/db/seed';
import { seedComplaints } from '../../../db/src/seed/complaints.ts';
import { workingDeadline, type Claims } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { asc, eq, inArray, like } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer } from '../src/index.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;

/** Enterprise A in 叶县 (410422), B in 郏县 (410425), C in 叶县 (the duplicate hint only). */
const A = demoCreditCode('410422', 9201);
const B = demoCreditCode('410425', 9202);
const C = demoCreditCode('410422', 9203);

const ROLES = {
  anonymous: null,
  enterpriseA: { sub: 'ent-a', role: 'enterprise', enterprise: A },
  enterpriseB: { sub: 'ent-b', role: 'enterprise', enterprise: B },
  enterpriseC: { sub: 'ent-c', role: 'enterprise', enterprise: C },
  dispatcher: { sub: 'ndrc-yexian', role: 'staff', dept: 'ndrc', county: '410422' },
  cityDispatcher: { sub: 'ndrc-city', role: 'staff', dept: 'ndrc', county: '410400' },
  jiaDispatcher: { sub: 'ndrc-jiaxian', role: 'staff', dept: 'ndrc', county: '410425' },
  hrss: { sub: 'hrss-yexian', role: 'staff', dept: 'hrss', county: '410422' },
  miit: { sub: 'miit-yexian', role: 'staff', dept: 'miit', county: '410422' },
  mofcom: { sub: 'mofcom-yexian', role: 'staff', dept: 'mofcom', county: '410422' },
  stats: { sub: 'stats-yexian', role: 'staff', dept: 'stats', county: '410422' },
  analyst: { sub: 'analyst-1', role: 'analyst' },
  admin: { sub: 'admin-1', role: 'admin', county: '410400' },
} as const satisfies Record<string, Claims | null>;
type RoleName = keyof typeof ROLES;
const tokens = {} as Record<RoleName, string | undefined>;

function run<T = Record<string, unknown>>(role: RoleName, query: string, variables?: Record<string, unknown>) {
  return execute<T>(server, query, { variables, token: tokens[role] });
}
const codeOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions?.code;

const FIELDS = `id status availableActions department { code } county { code }
  firstAcceptorDepartment { code } firstAcceptorCounty { code } signedAt transferDueAt followCount lastFollowedAt
  transfers { fromDepartment { code } fromCounty { code } proposedDepartment { code } proposedCounty { code }
    reason requestedAt outcome toDepartment { code } toCounty { code } decidedAt decisionNote }
  coHandlers { department { code } county { code } addedAt reply repliedAt }
  satisfaction { score comment ratedAt }
  events { action fromStatus toStatus actorRole note department { code } county { code } }`;

const M = {
  submit: `mutation($input: SubmitMatterInput!) { submitMatter(input: $input) { ${FIELDS} } }`,
  dispatch: `mutation($id: ID!, $input: DispatchMatterInput!) { dispatchMatter(id: $id, input: $input) { ${FIELDS} } }`,
  sign: `mutation($id: ID!) { signMatter(id: $id) { ${FIELDS} } }`,
  reply: `mutation($id: ID!, $input: ReplyMatterInput!) { replyMatter(id: $id, input: $input) { ${FIELDS} } }`,
  resolve: `mutation($id: ID!, $input: ResolveMatterInput!) { resolveMatter(id: $id, input: $input) { ${FIELDS} } }`,
  confirm: `mutation($id: ID!, $input: ConfirmMatterInput) { confirmMatter(id: $id, input: $input) { ${FIELDS} } }`,
  request: `mutation($id: ID!, $input: RequestTransferOfMatterInput!) {
    requestTransferOfMatter(id: $id, input: $input) { ${FIELDS} } }`,
  decide: `mutation($id: ID!, $input: DecideTransferOfMatterInput!) {
    decideTransferOfMatter(id: $id, input: $input) { ${FIELDS} } }`,
  addCo: `mutation($id: ID!, $input: AddCoHandlerToMatterInput!) { addCoHandlerToMatter(id: $id, input: $input) { ${FIELDS} } }`,
  coReply: `mutation($id: ID!, $input: ReplyAsCoHandlerToMatterInput!) {
    replyAsCoHandlerToMatter(id: $id, input: $input) { ${FIELDS} } }`,
  rate: `mutation($id: ID!, $input: RateMatterInput!) { rateMatter(id: $id, input: $input) { ${FIELDS} } }`,
  follow: `mutation($id: ID!, $input: FollowMatterInput) { followMatter(id: $id, input: $input) { ${FIELDS} } }`,
};
const READ = `query($id: ID!) { matter(id: $id) { ${FIELDS} } }`;
const ACTIONS_OF = `query($id: ID!) { matter(id: $id) { availableActions } }`;
const SIMILAR = `query($category: MatterCategory!) { similarOpenMatters(category: $category) { id status category } }`;

type MatterView = Record<string, unknown> & {
  id: string;
  status: string;
  availableActions: string[];
  transfers: Array<Record<string, unknown>>;
  coHandlers: Array<Record<string, unknown>>;
  events: Array<{ action: string; note: string | null; department: { code: string } | null }>;
};

async function step(role: RoleName, name: keyof typeof M, variables: Record<string, unknown>): Promise<MatterView> {
  const res = await run<Record<string, MatterView>>(role, M[name], variables);
  expect(res.errors, `${role} ${name}`).toBeUndefined();
  return Object.values(res.data!)[0]!;
}
async function actionsOf(role: RoleName, id: string): Promise<string[] | null> {
  const res = await run<{ matter: { availableActions: string[] } | null }>(role, ACTIONS_OF, { id });
  return res.data?.matter?.availableActions ?? null;
}

const NEW = {
  kind: 'REQUEST',
  category: 'FACTOR_SUPPORT',
  title: '生产线扩建需电力增容',
  content: '新上两条生产线，现有变压器容量不足，申请增容至2000千伏安，请协调供电部门加快办理。',
  contactName: '王伟',
  contactPhone: '13812345678',
};

async function submitted(role: RoleName = 'enterpriseA', over: Record<string, unknown> = {}) {
  return step(role, 'submit', { input: { ...NEW, ...over } });
}
/** A matter of A dispatched to 人社局 of 叶县 and signed for by it (not its job: power supply is 工信局's). */
async function signed(role: RoleName = 'enterpriseA', over: Record<string, unknown> = {}): Promise<MatterView> {
  const m = await submitted(role, over);
  await step('dispatcher', 'dispatch', { id: m.id, input: { departmentCode: 'hrss' } });
  return step('hrss', 'sign', { id: m.id });
}
async function resolved(): Promise<MatterView> {
  const m = await signed();
  await step('hrss', 'reply', { id: m.id, input: { reply: '已联系供电公司。' } });
  return step('hrss', 'resolve', { id: m.id, input: { resolution: '增容已完成。' } });
}
const TRANSFER = { reason: '电力增容不属于人社局职责，应由工信局协调。', departmentCode: 'miit' };

async function sentFor(id: string) {
  const rows = await conn
    .select({ topic: outbox.topic, payload: outbox.payload })
    .from(outbox)
    .where(like(outbox.idempotencyKey, `%:${id}:%`))
    .orderBy(asc(outbox.id));
  return (topic: string) =>
    rows
      .filter((x) => x.topic === topic)
      .map((x) => `${String(x.payload.channel)}→${JSON.stringify(x.payload.to ?? x.payload.phone)}`);
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('complaints') });
  await server.start();
  for (const [name, claims] of Object.entries(ROLES)) {
    tokens[name as RoleName] = claims ? await tokenFor(claims) : undefined;
  }
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('transfers (首接责任制)', () => {
  it('lets the owner ask and the dispatcher approve once: the new unit signs and owns the matter', async () => {
    const m = await signed();
    expect(m.availableActions).toEqual(['REPLY', 'REQUEST_TRANSFER', 'ADD_CO_HANDLER']);
    expect(m.transfers).toEqual([]);

    const r = await step('hrss', 'request', { id: m.id, input: TRANSFER });
    expect(r).toMatchObject({ status: 'TRANSFER_REQUESTED', department: { code: 'hrss' }, availableActions: [] });
    expect(r.transfers).toEqual([
      {
        fromDepartment: { code: 'hrss' },
        fromCounty: { code: '410422' },
        proposedDepartment: { code: 'miit' },
        proposedCounty: { code: '410422' },
        reason: '电力增容不属于人社局职责，应由工信局协调。',
        requestedAt: expect.any(String),
        outcome: 'PENDING',
        toDepartment: null,
        toCounty: null,
        decidedAt: null,
        decisionNote: null,
      },
    ]);
    expect(r.events.at(-1)).toMatchObject({
      action: 'REQUEST_TRANSFER',
      note: '电力增容不属于人社局职责，应由工信局协调。',
      department: { code: 'hrss' },
    });
    // While it waits, the owner cannot reply, and only the dispatcher can act.
    expect(codeOf(await run('hrss', M.reply, { id: m.id, input: { reply: '已收到。' } }))).toBe('CONFLICT');
    expect(await actionsOf('dispatcher', m.id)).toEqual(['DECIDE_TRANSFER']);
    expect(await actionsOf('cityDispatcher', m.id)).toEqual(['DECIDE_TRANSFER']);

    const d = await step('dispatcher', 'decide', { id: m.id, input: { approve: true, note: '同意转工信局。' } });
    expect(d).toMatchObject({
      status: 'DISPATCHED',
      department: { code: 'miit' },
      county: { code: '410422' },
      firstAcceptorDepartment: null,
      availableActions: [],
    });
    expect(d.transfers[0]).toMatchObject({
      outcome: 'APPROVED',
      toDepartment: { code: 'miit' },
      toCounty: { code: '410422' },
      decisionNote: '同意转工信局。',
    });
    expect(Date.parse(d.transfers[0]!.decidedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(d.transfers[0]!.requestedAt as string),
    );
    // The decision is final: no second decision, and the unit that asked no longer sees the matter.
    expect(codeOf(await run('cityDispatcher', M.decide, { id: m.id, input: { approve: false } }))).toBe('CONFLICT');
    expect(codeOf(await run('hrss', READ, { id: m.id }))).toBeUndefined();
    expect((await run('hrss', READ, { id: m.id })).data).toEqual({ matter: null });
    expect(codeOf(await run('hrss', M.reply, { id: m.id, input: { reply: '已收到。' } }))).toBe('NOT_FOUND');

    expect(await actionsOf('miit', m.id)).toEqual(['SIGN']);
    const s = await step('miit', 'sign', { id: m.id });
    expect(s).toMatchObject({
      status: 'SIGNED',
      firstAcceptorDepartment: { code: 'miit' },
      firstAcceptorCounty: { code: '410422' },
      // The clock keeps the first signature; a matter is transferred at most once.
      signedAt: m.signedAt,
      availableActions: ['REPLY', 'ADD_CO_HANDLER'],
    });
    expect(codeOf(await run('miit', M.request, { id: m.id, input: { ...TRANSFER, departmentCode: 'hrss' } }))).toBe(
      'CONFLICT',
    );
    const [row] = await conn.select().from(matters).where(eq(matters.id, m.id));
    expect(row).toMatchObject({
      transferFromDepartmentCode: 'hrss',
      transferFromCountyCode: '410422',
      transferProposedDepartmentCode: 'miit',
      transferToDepartmentCode: 'miit',
      transferToCountyCode: '410422',
      transferApproved: true,
      transferDecisionNote: '同意转工信局。',
    });
    expect(row!.transferDecidedAt!.getTime()).toBeGreaterThanOrEqual(row!.transferRequestedAt!.getTime());

    // The enterprise sees who and when, not what the units wrote to each other.
    const own = await run<{ matter: MatterView }>('enterpriseA', READ, { id: m.id });
    expect(own.errors).toBeUndefined();
    expect(own.data!.matter.transfers[0]).toMatchObject({ outcome: 'APPROVED', reason: null, decisionNote: null });
    expect(own.data!.matter.events.filter((e) => e.action.endsWith('TRANSFER')).map((e) => e.note)).toEqual([
      null,
      null,
    ]);

    const sent = await sentFor(m.id);
    expect(sent('matter.transferRequested')).toEqual(['inbox→{"dept":"ndrc","county":"410422"}']);
    expect(sent('matter.transferApproved')).toEqual(['inbox→{"dept":"hrss","county":"410422"}']);
    expect(sent('matter.transferred')).toEqual(['inbox→{"dept":"miit","county":"410422"}']);
    expect(sent('matter.transferredToEnterprise')).toEqual([`inbox→{"enterprise":"${A}"}`]);
  });

  it('records a bounce (退回): the owner keeps the matter to the end and cannot ask again', async () => {
    const m = await signed();
    await step('hrss', 'request', { id: m.id, input: TRANSFER });
    const bad = await run('dispatcher', M.decide, { id: m.id, input: { approve: false, departmentCode: 'miit' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.departmentCode' });
    const d = await step('dispatcher', 'decide', {
      id: m.id,
      input: { approve: false, note: '属人社局职责，请继续办理。' },
    });
    expect(d).toMatchObject({
      status: 'SIGNED',
      department: { code: 'hrss' },
      firstAcceptorDepartment: { code: 'hrss' },
    });
    expect(d.transfers).toEqual([
      expect.objectContaining({ outcome: 'DECLINED', toDepartment: null, decisionNote: '属人社局职责，请继续办理。' }),
    ]);
    expect(d.events.at(-1)).toMatchObject({ action: 'DECIDE_TRANSFER', department: { code: 'ndrc' } });
    expect(await actionsOf('hrss', m.id)).toEqual(['REPLY', 'ADD_CO_HANDLER']);
    expect(codeOf(await run('hrss', M.request, { id: m.id, input: TRANSFER }))).toBe('CONFLICT');
    expect(codeOf(await run('dispatcher', M.decide, { id: m.id, input: { approve: true } }))).toBe('CONFLICT');
    expect((await sentFor(m.id))('matter.transferDeclined')).toEqual(['inbox→{"dept":"hrss","county":"410422"}']);
    await step('hrss', 'reply', { id: m.id, input: { reply: '已协调。' } });
  });

  it('lets the dispatcher give the matter to another unit than the proposed one, within its county', async () => {
    const m = await signed();
    await step('hrss', 'request', { id: m.id, input: TRANSFER });
    const outside = await run('dispatcher', M.decide, {
      id: m.id,
      input: { approve: true, departmentCode: 'miit', countyCode: '410425' },
    });
    expect(codeOf(outside)).toBe('FORBIDDEN');
    const back = await run('dispatcher', M.decide, { id: m.id, input: { approve: true, departmentCode: 'hrss' } });
    expect(back.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.departmentCode' });
    const d = await step('cityDispatcher', 'decide', {
      id: m.id,
      input: { approve: true, departmentCode: 'mofcom', countyCode: '410400' },
    });
    expect(d).toMatchObject({ status: 'DISPATCHED', department: { code: 'mofcom' }, county: { code: '410400' } });
    expect(d.transfers[0]).toMatchObject({ proposedDepartment: { code: 'miit' }, toDepartment: { code: 'mofcom' } });
  });

  it('refuses the wrong actors, the wrong states and bad input', async () => {
    const d = await submitted();
    await step('dispatcher', 'dispatch', { id: d.id, input: { departmentCode: 'hrss' } });
    // Not signed yet: nothing to transfer.
    expect(codeOf(await run('hrss', M.request, { id: d.id, input: TRANSFER }))).toBe('CONFLICT');

    const m = await signed();
    const refused: Array<[RoleName, string]> = [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['analyst', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      // 发改委 sees the matter but does not own it; 工信局 and 郏县 do not see it.
      ['dispatcher', 'FORBIDDEN'],
      ['miit', 'NOT_FOUND'],
      ['jiaDispatcher', 'NOT_FOUND'],
    ];
    for (const [role, code] of refused) {
      expect(codeOf(await run(role, M.request, { id: m.id, input: TRANSFER })), role).toBe(code);
    }
    const same = await run('hrss', M.request, { id: m.id, input: { ...TRANSFER, departmentCode: 'hrss' } });
    expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.departmentCode' });
    const unknown = await run('hrss', M.request, { id: m.id, input: { ...TRANSFER, departmentCode: 'police' } });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.departmentCode' });
    const blank = await run('hrss', M.request, { id: m.id, input: { ...TRANSFER, reason: ' ' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    // No request waiting: nothing to decide.
    expect(codeOf(await run('dispatcher', M.decide, { id: m.id, input: { approve: true } }))).toBe('CONFLICT');

    await step('hrss', 'request', { id: m.id, input: TRANSFER });
    expect(codeOf(await run('hrss', M.request, { id: m.id, input: TRANSFER }))).toBe('CONFLICT');
    const deciders: Array<[RoleName, string]> = [
      ['hrss', 'FORBIDDEN'],
      ['enterpriseA', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      ['jiaDispatcher', 'NOT_FOUND'],
      ['miit', 'NOT_FOUND'],
    ];
    for (const [role, code] of deciders) {
      expect(codeOf(await run(role, M.decide, { id: m.id, input: { approve: true } })), role).toBe(code);
    }
    // Once replied, the unit has taken the matter on: no transfer.
    const replied = await signed();
    await step('hrss', 'reply', { id: replied.id, input: { reply: '已收到。' } });
    expect(codeOf(await run('hrss', M.request, { id: replied.id, input: TRANSFER }))).toBe('CONFLICT');
    const [row] = await conn.select().from(matters).where(eq(matters.id, replied.id));
    expect(row).toMatchObject({ transferRequestedAt: null, transferFromDepartmentCode: null, status: 'REPLIED' });
  });

  it('lets only one of two racing decisions through', async () => {
    const m = await signed();
    await step('hrss', 'request', { id: m.id, input: TRANSFER });
    const results = await Promise.all([
      run('dispatcher', M.decide, { id: m.id, input: { approve: true } }),
      run('cityDispatcher', M.decide, { id: m.id, input: { approve: false } }),
    ]);
    expect(results.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    const events = await conn.select().from(matterEvents).where(eq(matterEvents.subjectId, m.id));
    expect(events.filter((e) => e.action === 'DECIDE_TRANSFER')).toHaveLength(1);
  });
});

describe('the transfer window: 2 working days after signing, on the working-day calendar', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A matter signed at `signedAt` (the whole flow runs at that instant). */
  async function signedAt(at: string): Promise<MatterView> {
    vi.useFakeTimers({ now: new Date(at), toFake: ['Date'] });
    const m = await signed();
    vi.useRealTimers();
    return m;
  }
  async function requestAt(at: string, id: string) {
    vi.useFakeTimers({ now: new Date(at), toFake: ['Date'] });
    const res = await run<{ requestTransferOfMatter: MatterView }>('hrss', M.request, { id, input: TRANSFER });
    vi.useRealTimers();
    return res;
  }

  it('runs over a weekend: signed on a Friday, it closes at the end of Tuesday', async () => {
    // Friday 6 November 2026, 10:00 China time.
    const inTime = await signedAt('2026-11-06T02:00:00Z');
    expect(inTime.transferDueAt).toBe('2026-11-10T15:59:59.999Z');
    vi.useFakeTimers({ now: new Date('2026-11-10T15:30:00Z'), toFake: ['Date'] });
    expect(await actionsOf('hrss', inTime.id)).toEqual(['REPLY', 'REQUEST_TRANSFER', 'ADD_CO_HANDLER']);
    vi.useRealTimers();
    const ok = await requestAt('2026-11-10T15:30:00Z', inTime.id);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.requestTransferOfMatter.status).toBe('TRANSFER_REQUESTED');

    const late = await signedAt('2026-11-06T02:00:00Z');
    const refused = await requestAt('2026-11-11T01:00:00Z', late.id);
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(/2 working days/);
    const [row] = await conn.select().from(matters).where(eq(matters.id, late.id));
    expect(row).toMatchObject({ status: 'SIGNED', transferRequestedAt: null });
  });

  it('skips the National Day holiday and counts the make-up Saturday as a working day', async () => {
    // Wednesday 30 September 2026: 1–7 October are off; 8 and 9 October are the two working days.
    const m = await signedAt('2026-09-30T02:00:00Z');
    expect(m.transferDueAt).toBe('2026-10-09T15:59:59.999Z');
    // On the make-up Saturday 10 October the window has closed.
    expect(codeOf(await requestAt('2026-10-10T01:00:00Z', m.id))).toBe('CONFLICT');
    vi.useFakeTimers({ now: new Date('2026-10-10T01:00:00Z'), toFake: ['Date'] });
    expect(await actionsOf('hrss', m.id)).toEqual(['REPLY', 'ADD_CO_HANDLER']);
    vi.useRealTimers();

    // Signed on Friday 18 September: Sunday 20 September is a make-up working day, so the window ends on Monday.
    const s = await signedAt('2026-09-18T02:00:00Z');
    expect(s.transferDueAt).toBe('2026-09-21T15:59:59.999Z');
    expect(codeOf(await requestAt('2026-09-22T01:00:00Z', s.id))).toBe('CONFLICT');
    expect((await requestAt('2026-09-21T09:00:00Z', s.id)).errors).toBeUndefined();
  });
});

describe('co-handlers (协办)', () => {
  it('lets the owner and the dispatcher add units, each replying once, while the owner stays responsible', async () => {
    const m = await signed();
    expect(codeOf(await run('miit', READ, { id: m.id }))).toBeUndefined();
    expect((await run('miit', READ, { id: m.id })).data).toEqual({ matter: null });

    const a = await step('hrss', 'addCo', {
      id: m.id,
      input: { departmentCode: 'miit', note: '请提供项目备案情况。' },
    });
    expect(a.status).toBe('SIGNED');
    expect(a.coHandlers).toEqual([
      {
        department: { code: 'miit' },
        county: { code: '410422' },
        addedAt: expect.any(String),
        reply: null,
        repliedAt: null,
      },
    ]);
    expect(a.events.at(-1)).toMatchObject({ action: 'ADD_CO_HANDLER', department: { code: 'hrss' } });
    const b = await step('dispatcher', 'addCo', { id: m.id, input: { departmentCode: 'mofcom' } });
    expect(b.coHandlers.map((c) => (c.department as { code: string }).code)).toEqual(['miit', 'mofcom']);

    // The co-handler sees the matter now and may only give its reply.
    expect(await actionsOf('miit', m.id)).toEqual(['REPLY_AS_CO_HANDLER']);
    expect(codeOf(await run('miit', M.reply, { id: m.id, input: { reply: '已办。' } }))).toBe('FORBIDDEN');
    expect(codeOf(await run('miit', M.addCo, { id: m.id, input: { departmentCode: 'bigdata' } }))).toBe('FORBIDDEN');
    const r = await step('miit', 'coReply', { id: m.id, input: { reply: '项目已于10月完成备案。' } });
    expect(r.coHandlers[0]).toMatchObject({ department: { code: 'miit' }, reply: '项目已于10月完成备案。' });
    expect(r.coHandlers[0]!.repliedAt).toEqual(expect.any(String));
    expect(r.coHandlers[1]).toMatchObject({ department: { code: 'mofcom' }, reply: null, repliedAt: null });
    expect(r.events.at(-1)).toMatchObject({ action: 'REPLY_AS_CO_HANDLER', department: { code: 'miit' } });
    expect(await actionsOf('miit', m.id)).toEqual([]);
    expect(codeOf(await run('miit', M.coReply, { id: m.id, input: { reply: '再答。' } }))).toBe('CONFLICT');

    // The owner still answers and resolves; the enterprise sees the units but not their replies.
    await step('hrss', 'reply', { id: m.id, input: { reply: '已会同工信局、商务局研究。' } });
    const own = await run<{ matter: MatterView }>('enterpriseA', READ, { id: m.id });
    expect(own.data!.matter.coHandlers.map((c) => [(c.department as { code: string }).code, c.reply])).toEqual([
      ['miit', null],
      ['mofcom', null],
    ]);
    expect(own.data!.matter.events.find((e) => e.action === 'REPLY_AS_CO_HANDLER')?.note).toBeNull();
    await step('hrss', 'resolve', { id: m.id, input: { resolution: '增容已完成。' } });
    // Resolved: too late for the co-handler that did not reply.
    expect(codeOf(await run('mofcom', M.coReply, { id: m.id, input: { reply: '同意。' } }))).toBe('CONFLICT');

    const sent = await sentFor(m.id);
    expect(sent('matter.coHandlerAdded')).toEqual([
      'inbox→{"dept":"miit","county":"410422"}',
      'inbox→{"dept":"mofcom","county":"410422"}',
    ]);
    expect(sent('matter.coHandlerReplied')).toEqual(['inbox→{"dept":"hrss","county":"410422"}']);
  });

  it('refuses the wrong actors, the wrong states and bad input', async () => {
    const d = await submitted();
    await step('dispatcher', 'dispatch', { id: d.id, input: { departmentCode: 'hrss' } });
    expect(codeOf(await run('dispatcher', M.addCo, { id: d.id, input: { departmentCode: 'miit' } }))).toBe('CONFLICT');

    const m = await signed();
    const vars = { id: m.id, input: { departmentCode: 'miit' } };
    const refused: Array<[RoleName, string]> = [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      ['miit', 'NOT_FOUND'],
      ['jiaDispatcher', 'NOT_FOUND'],
    ];
    for (const [role, code] of refused) expect(codeOf(await run(role, M.addCo, vars)), role).toBe(code);
    const owner = await run('hrss', M.addCo, { id: m.id, input: { departmentCode: 'hrss' } });
    expect(owner.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.departmentCode' });
    const county = await run('hrss', M.addCo, { id: m.id, input: { departmentCode: 'miit', countyCode: '1' } });
    expect(county.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.countyCode' });
    await step('hrss', 'addCo', vars);
    expect(codeOf(await run('dispatcher', M.addCo, vars))).toBe('CONFLICT');

    const reply = { id: m.id, input: { reply: '意见。' } };
    // The owner and the dispatcher are not co-handlers; a unit that is neither does not see the matter.
    expect(codeOf(await run('hrss', M.coReply, reply))).toBe('FORBIDDEN');
    expect(codeOf(await run('dispatcher', M.coReply, reply))).toBe('FORBIDDEN');
    expect(codeOf(await run('enterpriseA', M.coReply, reply))).toBe('FORBIDDEN');
    expect(codeOf(await run('stats', M.coReply, reply))).toBe('NOT_FOUND');
    const blank = await run('miit', M.coReply, { id: m.id, input: { reply: '' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reply' });
  });
});

describe('satisfaction (满意度评价)', () => {
  it('lets the enterprise rate a resolved matter once, 1–5 with a comment', async () => {
    const open = await signed();
    const rating = { score: 4, comment: '办理及时，沟通顺畅。' };
    expect(codeOf(await run('enterpriseA', M.rate, { id: open.id, input: rating }))).toBe('CONFLICT');
    const m = await resolved();
    expect(await actionsOf('enterpriseA', m.id)).toEqual(['SUPPLEMENT', 'CONFIRM', 'REOPEN', 'RATE']);
    expect(codeOf(await run('enterpriseB', M.rate, { id: m.id, input: rating }))).toBe('NOT_FOUND');
    expect(codeOf(await run('hrss', M.rate, { id: m.id, input: rating }))).toBe('FORBIDDEN');
    expect(codeOf(await run('anonymous', M.rate, { id: m.id, input: rating }))).toBe('UNAUTHENTICATED');
    for (const score of [0, 6]) {
      const bad = await run('enterpriseA', M.rate, { id: m.id, input: { score } });
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.score' });
    }

    const r = await step('enterpriseA', 'rate', { id: m.id, input: rating });
    expect(r).toMatchObject({ status: 'RESOLVED', satisfaction: { score: 4, comment: '办理及时，沟通顺畅。' } });
    expect((r.satisfaction as { ratedAt: string }).ratedAt).toEqual(expect.any(String));
    expect(r.events.at(-1)).toMatchObject({ action: 'RATE', note: '办理及时，沟通顺畅。' });
    expect(r.availableActions).toEqual(['SUPPLEMENT', 'CONFIRM', 'REOPEN']);
    expect(codeOf(await run('enterpriseA', M.rate, { id: m.id, input: { score: 1 } }))).toBe('CONFLICT');
    const [row] = await conn.select().from(matters).where(eq(matters.id, m.id));
    expect(row).toMatchObject({ satisfaction: 4, satisfactionComment: '办理及时，沟通顺畅。' });
    expect(row!.ratedAt).toBeInstanceOf(Date);
    expect((await sentFor(m.id))('matter.rated')).toEqual(['inbox→{"dept":"hrss","county":"410422"}']);

    // Confirming after rating, or rating after confirming: both work, once.
    const c = await step('enterpriseA', 'confirm', { id: m.id });
    expect(c).toMatchObject({ status: 'CONFIRMED', availableActions: [] });
    const other = await resolved();
    await step('enterpriseA', 'confirm', { id: other.id });
    const late = await step('enterpriseA', 'rate', { id: other.id, input: { score: 5 } });
    expect(late).toMatchObject({ status: 'CONFIRMED', satisfaction: { score: 5, comment: null } });
  });

  it('lets only one of two racing ratings through', async () => {
    const m = await resolved();
    const results = await Promise.all([
      run('enterpriseA', M.rate, { id: m.id, input: { score: 5 } }),
      run('enterpriseA', M.rate, { id: m.id, input: { score: 1 } }),
    ]);
    expect(results.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    const events = await conn.select().from(matterEvents).where(eq(matterEvents.subjectId, m.id));
    expect(events.filter((e) => e.action === 'RATE')).toHaveLength(1);
  });
});

describe('the duplicate hint and following a matter (重复反映)', () => {
  it('points out the open matters of the same enterprise and category, and lets the enterprise follow one', async () => {
    const land = await submitted('enterpriseC');
    const landSigned = await signed('enterpriseC');
    await submitted('enterpriseC', { category: 'FINANCING' });
    const done = await signed('enterpriseC');
    await step('hrss', 'reply', { id: done.id, input: { reply: '已协调。' } });
    await step('hrss', 'resolve', { id: done.id, input: { resolution: '已落实。' } });
    await submitted('enterpriseA');

    const hint = await run<{ similarOpenMatters: Array<{ id: string; status: string; category: string }> }>(
      'enterpriseC',
      SIMILAR,
      { category: 'FACTOR_SUPPORT' },
    );
    expect(hint.errors).toBeUndefined();
    // Newest first; the resolved one, the other category and enterprise A's are left out.
    expect(hint.data!.similarOpenMatters).toEqual([
      { id: landSigned.id, status: 'SIGNED', category: 'FACTOR_SUPPORT' },
      { id: land.id, status: 'SUBMITTED', category: 'FACTOR_SUPPORT' },
    ]);
    expect((await run('enterpriseC', SIMILAR, { category: 'EMPLOYMENT' })).data).toEqual({ similarOpenMatters: [] });
    expect(codeOf(await run('hrss', SIMILAR, { category: 'FACTOR_SUPPORT' }))).toBe('FORBIDDEN');
    expect(codeOf(await run('anonymous', SIMILAR, { category: 'FACTOR_SUPPORT' }))).toBe('UNAUTHENTICATED');

    expect(await actionsOf('enterpriseC', landSigned.id)).toEqual(['SUPPLEMENT', 'FOLLOW']);
    const f = await step('enterpriseC', 'follow', { id: landSigned.id, input: { note: '项目下月须开工，请加快。' } });
    expect(f).toMatchObject({ status: 'SIGNED', followCount: 1 });
    expect(f.lastFollowedAt).toEqual(expect.any(String));
    expect(f.events.at(-1)).toMatchObject({ action: 'FOLLOW', note: '项目下月须开工，请加快。' });
    const again = await step('enterpriseC', 'follow', { id: landSigned.id });
    expect(again.followCount).toBe(2);
    expect((await sentFor(landSigned.id))('matter.followed')).toEqual([
      'inbox→{"dept":"hrss","county":"410422"}',
      'inbox→{"dept":"hrss","county":"410422"}',
    ]);

    expect(codeOf(await run('enterpriseC', M.follow, { id: done.id }))).toBe('CONFLICT');
    expect(codeOf(await run('enterpriseA', M.follow, { id: land.id }))).toBe('NOT_FOUND');
    expect(codeOf(await run('dispatcher', M.follow, { id: land.id }))).toBe('FORBIDDEN');
    const long = await run('enterpriseC', M.follow, { id: land.id, input: { note: '长'.repeat(2001) } });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
  });
});

describe('demo rows', () => {
  it('seeds transfers approved and bounced, co-handled and rated matters, with steps in order', async () => {
    const list = demoEnterprises(160, 8000);
    await conn.transaction(async (tx) => seedComplaints(tx as unknown as Database, list));
    const rows = await conn
      .select()
      .from(matters)
      .where(
        inArray(
          matters.enterpriseCode,
          list.map((e) => e.creditCode),
        ),
      );
    const ids = rows.map((m) => m.id);
    const byId = new Map(rows.map((m) => [m.id, m]));
    const events = await conn
      .select()
      .from(matterEvents)
      .where(inArray(matterEvents.subjectId, ids))
      .orderBy(asc(matterEvents.id));
    const stepsOf = (id: string) => events.filter((e) => e.subjectId === id);
    // Every matter's steps are in time order and chain from one status to the next.
    for (const id of ids) {
      const steps = stepsOf(id);
      for (let i = 1; i < steps.length; i++) {
        expect(steps[i]!.at.getTime()).toBeGreaterThanOrEqual(steps[i - 1]!.at.getTime());
        expect(steps[i]!.fromStatus, `${id} ${steps[i]!.action}`).toBe(steps[i - 1]!.toStatus);
      }
      expect(steps.at(-1)!.toStatus).toBe(byId.get(id)!.status);
    }

    const transfers = rows.filter((m) => m.transferRequestedAt);
    expect(transfers.map((m) => m.transferApproved).sort()).toEqual([false, false, true, true, true]);
    for (const m of transfers) {
      // Asked within 2 working days of signing, decided before the reply.
      expect(m.transferRequestedAt!.getTime()).toBeGreaterThan(m.signedAt!.getTime());
      expect(m.transferRequestedAt!.getTime()).toBeLessThanOrEqual(workingDeadline(m.signedAt!, 2).getTime());
      expect(m.transferDecidedAt!.getTime()).toBeGreaterThan(m.transferRequestedAt!.getTime());
      expect(m.transferDecidedAt!.getTime()).toBeLessThan(m.repliedAt!.getTime());
      const actions = stepsOf(m.id).map((e) => e.action);
      if (m.transferApproved) {
        expect(m).toMatchObject({ transferToDepartmentCode: m.departmentCode, transferToCountyCode: m.countyCode });
        expect(m.firstAcceptorDepartmentCode).toBe(m.departmentCode);
        expect(m.transferFromDepartmentCode).not.toBe(m.departmentCode);
        expect(actions.slice(0, 7)).toEqual([
          'SUBMIT',
          'DISPATCH',
          'SIGN',
          'REQUEST_TRANSFER',
          'DECIDE_TRANSFER',
          'SIGN',
          'REPLY',
        ]);
      } else {
        expect(m.transferFromDepartmentCode).toBe(m.departmentCode);
        expect(m.transferToDepartmentCode).toBe(m.transferProposedDepartmentCode);
        expect(actions.slice(2, 6)).toEqual(['SIGN', 'REQUEST_TRANSFER', 'DECIDE_TRANSFER', 'REPLY']);
      }
    }

    const co = await conn.select().from(matterCoHandlers).where(inArray(matterCoHandlers.matterId, ids));
    expect(co).toHaveLength(4);
    for (const c of co) {
      const m = byId.get(c.matterId)!;
      expect(c.departmentCode).not.toBe(m.departmentCode);
      expect(c.reply).toEqual(expect.any(String));
      expect(c.repliedAt!.getTime()).toBeLessThan(m.resolvedAt!.getTime());
    }

    const rated = rows.filter((m) => m.ratedAt);
    expect(rated.length).toBeGreaterThan(10);
    for (const m of rated) {
      expect(m.satisfaction).toBeGreaterThanOrEqual(1);
      expect(m.satisfaction).toBeLessThanOrEqual(5);
      expect(['RESOLVED', 'CONFIRMED']).toContain(m.status);
      expect(m.ratedAt!.getTime()).toBeGreaterThan(m.lastResolvedAt!.getTime());
      expect(stepsOf(m.id).filter((e) => e.action === 'RATE')).toHaveLength(1);
    }
    expect(new Set(rated.map((m) => m.satisfaction)).size).toBeGreaterThanOrEqual(3);

    // Through the graph, the county's dispatcher reads an approved transfer.
    const sample = transfers.find((m) => m.transferApproved)!;
    const token = await tokenFor({ sub: 'ndrc-demo', role: 'staff', dept: 'ndrc', county: sample.countyCode });
    const res = await execute<{ matter: MatterView }>(server, READ, { variables: { id: sample.id }, token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.matter.transfers).toEqual([
      expect.objectContaining({
        outcome: 'APPROVED',
        fromDepartment: { code: sample.transferFromDepartmentCode },
        toDepartment: { code: sample.departmentCode },
        reason: sample.transferReason,
      }),
    ]);
  });
});
