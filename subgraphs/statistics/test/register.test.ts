/**
 * The 四上 register derived from dated thresholds: the national versions (a past year keeps the threshold it had),
 * new versions recorded by 市统计局, the annual derivation from accepted reports (job and mutation, never twice),
 * confirmation and override by staff with events, instants and messages, and the fact feed following the register.
 */
import type { Database } from '@qq/db/client';
import { jobRuns, outbox, units } from '@qq/db/schema/statistics';
import { chinaDay, runJobOnce } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type GraphQLResult, type TestDatabase } from '@qq/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { deriveAboveScaleRegister } from '../src/jobs.ts';
import { creditCode, registerRecord, report, roleTokens } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let statsCity: string;
let jiaClerk: string;

const YE = '410422';
// Industry: I1 in the register, 2025 main business revenue 15,000 千元 (below 2,000 万元); I2 not in, 25,000 千元 filed
// voluntarily; I3 not in, December only submitted; I4 not in, 8,000 千元 in 2010 and in 2011.
const I1 = creditCode(YE);
const I2 = creditCode(YE);
const I3 = creditCode(YE);
const I4 = creditCode(YE);
// Retail R1 (600 万元 ≥ 500), wholesale W1 in the register (600 万元 < 2,000), real-estate developer K1, qualified
// builder E1, unqualified builder E2 in the register, software S1 in the register (3,000 万元 ≥ 2,000).
const R1 = creditCode(YE);
const W1 = creditCode(YE);
const K1 = creditCode(YE);
const E1 = creditCode(YE);
const E2 = creditCode(YE);
const S1 = creditCode(YE);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  const unit = (code: string, industryCode: string, qualification: 'GENERAL' | null = null) =>
    conn.insert(units).values({ enterpriseCode: code, industryCode, qualification, countyCode: YE });
  await unit(I1, 'C3311');
  await unit(I2, 'C1711');
  await unit(I3, 'C2611');
  await unit(I4, 'C3011');
  await unit(R1, 'F5212');
  await unit(W1, 'F5120');
  await unit(K1, 'K7010');
  await unit(E1, 'E4710', 'GENERAL');
  await unit(E2, 'E4811');
  await unit(S1, 'I6513');
  await registerRecord(conn, { enterpriseCode: I1, countyCode: YE, category: 'INDUSTRY', since: '2015-01-01' });
  await registerRecord(conn, { enterpriseCode: W1, countyCode: YE, category: 'WHOLESALE_RETAIL' });
  await registerRecord(conn, { enterpriseCode: E2, countyCode: YE, category: 'CONSTRUCTION' });
  await registerRecord(conn, { enterpriseCode: S1, countyCode: YE, category: 'SERVICES' });
  const ind = { countyCode: YE, category: 'INDUSTRY' as const, formCode: 'B203-1', employees: 50 };
  const twoMonths = async (code: string, year: number, june: number, december: number, decStatus = 'ACCEPTED') => {
    await report(conn, {
      ...ind,
      enterpriseCode: code,
      period: `${year}-06`,
      status: 'ACCEPTED',
      revenue: june + 1,
      mainBusinessRevenue: june,
    });
    await report(conn, {
      ...ind,
      enterpriseCode: code,
      period: `${year}-12`,
      status: decStatus as 'ACCEPTED',
      revenue: december + 1,
      mainBusinessRevenue: december,
    });
  };
  await twoMonths(I1, 2025, 7000, 8000);
  await twoMonths(I2, 2025, 12000, 13000);
  await twoMonths(I3, 2025, 30000, 30000, 'SUBMITTED');
  await twoMonths(I4, 2010, 4000, 4000);
  await twoMonths(I4, 2011, 4000, 4000);
  const trade = { countyCode: YE, category: 'WHOLESALE_RETAIL' as const, formCode: 'E203', employees: 10 };
  for (const code of [R1, W1]) {
    await report(conn, { ...trade, enterpriseCode: code, period: '2025-06', status: 'ACCEPTED', revenue: 2500 });
    await report(conn, { ...trade, enterpriseCode: code, period: '2025-12', status: 'ACCEPTED', revenue: 3500 });
  }
  await report(conn, {
    countyCode: YE,
    category: 'SERVICES',
    formCode: 'F203',
    enterpriseCode: S1,
    period: '2025-12',
    status: 'ACCEPTED',
    revenue: 30000,
    employees: 80,
  });
  tokens = await roleTokens(I1, I2);
  statsCity = await tokenFor({ sub: 'stats-city', role: 'staff', dept: 'stats', county: '410400' });
  jiaClerk = await tokenFor({ sub: 'stats-jiaxian', role: 'staff', dept: 'stats', county: '410425' });
  server = createServer({ db: await db.connectAs('statistics') });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const run = <T = Record<string, unknown>>(
  role: keyof typeof tokens | string,
  query: string,
  variables?: Record<string, unknown>,
) => execute<T>(server, query, { token: role in tokens ? tokens[role as keyof typeof tokens] : role, variables });
const codeOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions?.code;

const THRESHOLDS = `query($d: Date, $all: Boolean) {
  scaleThresholds(asOf: $d, allVersions: $all) { category industryPrefix measure minimum validFrom }
}`;
const DERIVE = `mutation($y: Int!) {
  deriveAboveScaleRegister(year: $y) { year asOf evaluated proposedEntries proposedExits alreadyProposed incomplete }
}`;
const CHANGES = `query($f: RegisterChangeFilter) {
  registerChanges(first: 50, filter: $f) {
    totalCount
    nodes {
      id enterprise { creditCode } category direction status industryCode measure figure effectiveOn reason
      threshold { minimum validFrom } availableActions
    }
  }
}`;
const CONFIRM = `mutation($id: ID!, $note: String) {
  confirmRegisterChange(id: $id, note: $note) {
    status confirmedAt decisionReason availableActions events { action fromStatus toStatus actor actorRole note }
  }
}`;
const OVERRIDE = `mutation($id: ID!, $r: String!) {
  overrideRegisterChange(id: $id, reason: $r) { status overriddenAt decisionReason }
}`;
const REGISTER = `query($c: AboveScaleCategory, $d: String) {
  aboveScaleEnterprises(first: 100, filter: { category: $c, asOf: $d }) {
    nodes { enterprise { creditCode } category since until reason exitReason }
  }
}`;

type Change = {
  id: string;
  enterprise: { creditCode: string };
  category: string;
  direction: string;
  status: string;
  figure: number | null;
  threshold: { minimum: number | null; validFrom: string };
  availableActions: string[];
  reason: string;
};
const changesOf = async (filter: Record<string, unknown>, role: string = 'countyClerk') => {
  const res = await run<{ registerChanges: { totalCount: number; nodes: Change[] } }>(role, CHANGES, { f: filter });
  expect(res.errors).toBeUndefined();
  return res.data!.registerChanges;
};
const changeOf = async (code: string, year: number) => (await changesOf({ year, creditCode: code })).nodes[0]!;

describe('thresholds', () => {
  it('keeps dated versions: a past year reads the version it had', async () => {
    const read = async (d: string) =>
      (await run<{ scaleThresholds: Array<Record<string, unknown>> }>('anonymous', THRESHOLDS, { d })).data!
        .scaleThresholds;
    const in2010 = await read('2010-12-31');
    expect(in2010.map((t) => t.industryPrefix)).toEqual(['B', 'C', 'D']);
    expect(in2010[1]).toEqual({
      category: 'INDUSTRY',
      industryPrefix: 'C',
      measure: 'MAIN_BUSINESS_REVENUE',
      minimum: 500,
      validFrom: '2007-01-01',
    });
    const in2025 = await read('2025-12-31');
    expect(in2025).toHaveLength(18);
    expect(in2025.find((t) => t.industryPrefix === 'C')).toMatchObject({ minimum: 2000, validFrom: '2011-01-01' });
    expect(in2025.find((t) => t.industryPrefix === 'F52')).toMatchObject({
      category: 'WHOLESALE_RETAIL',
      minimum: 500,
    });
    expect(in2025.find((t) => t.industryPrefix === 'K701')).toMatchObject({
      category: 'REAL_ESTATE',
      measure: 'ALL',
      minimum: null,
    });
    expect(in2025.find((t) => t.industryPrefix === 'E')).toMatchObject({ measure: 'QUALIFICATION' });
    const all = await run<{ scaleThresholds: unknown[] }>('anonymous', THRESHOLDS, { all: true });
    expect(all.data!.scaleThresholds).toHaveLength(21);
  });

  it('lets 市统计局 city staff record a new version, refusing bad input field by field', async () => {
    const SET = `mutation($i: ScaleThresholdInput!) { setScaleThreshold(input: $i) { category industryPrefix minimum validFrom basis } }`;
    const input = {
      category: 'WHOLESALE_RETAIL',
      industryPrefix: 'F52',
      measure: 'REVENUE',
      minimum: 700,
      validFrom: '2026-01-01',
      basis: '限额以上零售业：年主营业务收入700万元及以上（试行）',
    };
    for (const [role, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['countyClerk', 'FORBIDDEN'],
      ['cityStaff', 'FORBIDDEN'],
      ['analyst', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
    ] as const) {
      expect(codeOf(await run(role, SET, { i: input })), role).toBe(code);
    }
    for (const [change, field] of [
      [{ industryPrefix: 'F99' }, 'input.industryPrefix'],
      [{ minimum: null }, 'input.minimum'],
      [{ measure: 'ALL' }, 'input.minimum'],
      [{ basis: 'x' }, 'input.basis'],
    ] as const) {
      const res = await run(statsCity, SET, { i: { ...input, ...change } });
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const res = await run(statsCity, SET, { i: input });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      setScaleThreshold: {
        category: 'WHOLESALE_RETAIL',
        industryPrefix: 'F52',
        minimum: 700,
        validFrom: '2026-01-01',
        basis: input.basis,
      },
    });
    expect(codeOf(await run(statsCity, SET, { i: input }))).toBe('CONFLICT');
    const read = async (d: string) =>
      (
        await run<{ scaleThresholds: Array<{ industryPrefix: string; minimum: number }> }>('anonymous', THRESHOLDS, {
          d,
        })
      ).data!.scaleThresholds.find((t) => t.industryPrefix === 'F52')!.minimum;
    expect(await read('2025-12-31')).toBe(500);
    expect(await read('2026-01-01')).toBe(700);
  });
});

describe('derivation', () => {
  it('is refused to all but 市统计局 city staff, and only for a complete year', async () => {
    for (const [role, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['countyClerk', 'FORBIDDEN'],
      ['cityStaff', 'FORBIDDEN'],
      ['otherStaff', 'FORBIDDEN'],
      ['analyst', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
    ] as const) {
      expect(codeOf(await run(role, DERIVE, { y: 2025 })), role).toBe(code);
    }
    for (const y of [2006, 2099]) {
      const res = await run(statsCity, DERIVE, { y });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    }
    expect((await changesOf({})).totalCount).toBe(0);
  });

  it('runs yearly as a job on 1 March for the year just ended, once per year', async () => {
    const march = new Date('2026-02-28T22:00:00Z'); // 1 March 2026, 06:00 CST
    const first = await runJobOnce(conn, jobRuns, deriveAboveScaleRegister, march);
    expect(first).toMatchObject({ ran: true, slot: '2026' });
    expect(first.result).toEqual({
      year: 2025,
      asOf: '2025-12-31',
      evaluated: 10,
      proposedEntries: 4,
      proposedExits: 3,
      alreadyProposed: 0,
      incomplete: 2,
    });
    const again = await runJobOnce(conn, jobRuns, deriveAboveScaleRegister, new Date('2026-03-01T00:00:00Z'));
    expect(again.ran).toBe(false);
    // On demand the same year proposes nothing twice.
    const res = await run(statsCity, DERIVE, { y: 2025 });
    expect(res.data!.deriveAboveScaleRegister).toMatchObject({
      proposedEntries: 0,
      proposedExits: 0,
      alreadyProposed: 7,
    });
  });

  it('proposes each change with the figure and the threshold it used', async () => {
    const list = await changesOf({ year: 2025 });
    expect(list.totalCount).toBe(7);
    const by = new Map(list.nodes.map((n) => [n.enterprise.creditCode, n]));
    expect(by.get(I1)).toMatchObject({
      category: 'INDUSTRY',
      direction: 'EXIT',
      status: 'PROPOSED',
      figure: 15000,
      effectiveOn: '2025-12-31',
      threshold: { minimum: 2000, validFrom: '2011-01-01' },
      reason: '2025年主营业务收入1500万元，低于2000万元标准（2011-01-01起施行）',
      availableActions: ['CONFIRM', 'OVERRIDE'],
    });
    expect(by.get(I2)).toMatchObject({ direction: 'ENTER', figure: 25000, effectiveOn: '2026-01-01' });
    // Retail reads the 2025 version (500), not the 700 recorded from 2026.
    expect(by.get(R1)).toMatchObject({
      category: 'WHOLESALE_RETAIL',
      direction: 'ENTER',
      figure: 6000,
      threshold: { minimum: 500 },
    });
    expect(by.get(W1)).toMatchObject({ direction: 'EXIT', figure: 6000, threshold: { minimum: 2000 } });
    expect(by.get(K1)).toMatchObject({ category: 'REAL_ESTATE', direction: 'ENTER', figure: null, measure: 'ALL' });
    expect(by.get(E1)).toMatchObject({ category: 'CONSTRUCTION', direction: 'ENTER', measure: 'QUALIFICATION' });
    expect(by.get(E2)).toMatchObject({ category: 'CONSTRUCTION', direction: 'EXIT' });
    expect(by.has(I3) || by.has(I4) || by.has(S1)).toBe(false);
    // Out of scope: 郏县's clerk sees none of 叶县's; analysts read them but may not act.
    expect((await changesOf({ year: 2025 }, jiaClerk)).totalCount).toBe(0);
    const analyst = await changesOf({ year: 2025 }, 'analyst');
    expect(analyst.totalCount).toBe(7);
    expect(analyst.nodes.every((n) => n.availableActions.length === 0)).toBe(true);
    expect(codeOf(await run('enterpriseA', CHANGES, {}))).toBe('FORBIDDEN');
  });

  it('confirms a change: the register, the facts and the enterprise follow', async () => {
    const exit = await changeOf(I1, 2025);
    expect(codeOf(await run(jiaClerk, CONFIRM, { id: exit.id }))).toBe('NOT_FOUND');
    expect(codeOf(await run('analyst', CONFIRM, { id: exit.id }))).toBe('FORBIDDEN');
    const res = await run<{ confirmRegisterChange: Record<string, unknown> }>('countyClerk', CONFIRM, {
      id: exit.id,
      note: '核实无误',
    });
    expect(res.errors).toBeUndefined();
    const done = res.data!.confirmRegisterChange;
    expect(done).toMatchObject({ status: 'CONFIRMED', decisionReason: '核实无误', availableActions: [] });
    expect(Date.parse(done.confirmedAt as string)).not.toBeNaN();
    expect(done.events).toEqual([
      {
        action: 'propose',
        fromStatus: null,
        toStatus: 'PROPOSED',
        actor: 'statistics.deriveRegister',
        actorRole: 'system',
        note: '2025年主营业务收入1500万元，低于2000万元标准（2011-01-01起施行）',
      },
      {
        action: 'confirm',
        fromStatus: 'PROPOSED',
        toStatus: 'CONFIRMED',
        actor: 'stats-yexian',
        actorRole: 'staff',
        note: '核实无误',
      },
    ]);
    expect(codeOf(await run('countyClerk', CONFIRM, { id: exit.id }))).toBe('CONFLICT');
    const enter = await changeOf(I2, 2025);
    expect((await run('countyClerk', CONFIRM, { id: enter.id })).errors).toBeUndefined();

    type Reg = { aboveScaleEnterprises: { nodes: Array<Record<string, unknown>> } };
    const before = await run<Reg>('anonymous', REGISTER, { c: 'INDUSTRY', d: '2025-12-31' });
    expect(before.data!.aboveScaleEnterprises.nodes).toEqual([
      {
        enterprise: { creditCode: I1 },
        category: 'INDUSTRY',
        since: '2015-01-01',
        until: '2025-12-31',
        reason: null,
        exitReason: '2025年主营业务收入1500万元，低于2000万元标准（2011-01-01起施行）',
      },
    ]);
    const after = await run<Reg>('anonymous', REGISTER, { c: 'INDUSTRY', d: '2026-01-01' });
    expect(after.data!.aboveScaleEnterprises.nodes).toEqual([
      {
        enterprise: { creditCode: I2 },
        category: 'INDUSTRY',
        since: '2026-01-01',
        until: null,
        reason: '2025年主营业务收入2500万元，达到2000万元标准（2011-01-01起施行）',
        exitReason: null,
      },
    ]);
    const FACTS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode statisticalFacts { aboveScale aboveScaleSince } } } }`;
    const facts = await run<{ _entities: Array<{ statisticalFacts: unknown }> }>('analyst', FACTS, {
      r: [I1, I2].map((c) => ({ __typename: 'Enterprise', creditCode: c })),
    });
    expect(facts.data!._entities.map((e) => e.statisticalFacts)).toEqual([
      { aboveScale: false, aboveScaleSince: null },
      { aboveScale: true, aboveScaleSince: '2026-01-01' },
    ]);
    const messages = await conn.select().from(outbox).where(eq(outbox.topic, 'register.entered'));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.payload).toMatchObject({ to: { enterprise: I2 } });
    expect(await conn.select().from(outbox).where(eq(outbox.topic, 'register.exited'))).toHaveLength(1);
  });

  it('overrides a change with a reason: the register stays', async () => {
    const change = await changeOf(E2, 2025);
    const bad = await run('countyClerk', OVERRIDE, { id: change.id, r: ' ' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const res = await run<{ overrideRegisterChange: Record<string, unknown> }>('countyClerk', OVERRIDE, {
      id: change.id,
      r: '资质证书正在延续办理中',
    });
    expect(res.data!.overrideRegisterChange).toMatchObject({
      status: 'OVERRIDDEN',
      decisionReason: '资质证书正在延续办理中',
    });
    expect(codeOf(await run('countyClerk', CONFIRM, { id: change.id }))).toBe('CONFLICT');
    const reg = await run<{ aboveScaleEnterprises: { nodes: Array<{ until: string | null }> } }>(
      'anonymous',
      REGISTER,
      { c: 'CONSTRUCTION', d: '2026-06-01' },
    );
    expect(reg.data!.aboveScaleEnterprises.nodes).toEqual([expect.objectContaining({ until: null })]);
    expect((await changesOf({ year: 2025, status: 'PROPOSED' })).totalCount).toBe(4);
  });

  it('uses the threshold in force in the year derived: 500 万元 in 2010, 2,000 万元 from 2011', async () => {
    const y2010 = await run<{ deriveAboveScaleRegister: unknown }>(statsCity, DERIVE, { y: 2010 });
    expect(y2010.data!.deriveAboveScaleRegister).toEqual({
      year: 2010,
      asOf: '2010-12-31',
      evaluated: 4,
      proposedEntries: 1,
      proposedExits: 0,
      alreadyProposed: 0,
      incomplete: 3,
    });
    const enter = await changeOf(I4, 2010);
    expect(enter).toMatchObject({
      direction: 'ENTER',
      figure: 8000,
      threshold: { minimum: 500, validFrom: '2007-01-01' },
      reason: '2010年主营业务收入800万元，达到500万元标准（2007-01-01起施行）',
    });
    expect((await run('countyClerk', CONFIRM, { id: enter.id })).errors).toBeUndefined();
    const y2011 = await run<{ deriveAboveScaleRegister: unknown }>(statsCity, DERIVE, { y: 2011 });
    expect(y2011.data!.deriveAboveScaleRegister).toEqual({
      year: 2011,
      asOf: '2011-12-31',
      evaluated: 10,
      proposedEntries: 2,
      proposedExits: 1,
      alreadyProposed: 0,
      incomplete: 6,
    });
    expect(await changeOf(I4, 2011)).toMatchObject({
      direction: 'EXIT',
      figure: 8000,
      threshold: { minimum: 2000, validFrom: '2011-01-01' },
    });
  });
});

describe('proposals by hand', () => {
  const PROPOSE = `mutation($i: ProposeRegisterChangeInput!) {
    proposeRegisterChange(input: $i) {
      id enterprise { creditCode } county { code } department { code } category year direction status industryCode
      measure figure threshold { minimum validFrom } effectiveOn reason manual decisionReason availableActions
      events { action fromStatus toStatus actor actorRole note }
    }
  }`;
  type Proposed = { proposeRegisterChange: Record<string, unknown> & { id: string } };
  // P1: a manufacturer not in the register, 2025 main business revenue 25,000 千元; P2: a retailer in the register
  // with no reports; P3: a farm (agriculture has no threshold).
  const P1 = creditCode(YE);
  const P2 = creditCode(YE);
  const P3 = creditCode(YE);
  const miitCity = 'cityStaff';
  const extensionsOf = (res: GraphQLResult<unknown>) => res.errors?.[0]?.extensions;

  beforeAll(async () => {
    await conn.insert(units).values([
      { enterpriseCode: P1, industryCode: 'C3311', countyCode: YE },
      { enterpriseCode: P2, industryCode: 'F5212', countyCode: YE },
      { enterpriseCode: P3, industryCode: 'A0111', countyCode: YE },
    ]);
    await registerRecord(conn, { enterpriseCode: P2, countyCode: YE, category: 'WHOLESALE_RETAIL' });
    const ind = { enterpriseCode: P1, countyCode: YE, category: 'INDUSTRY' as const, formCode: 'B203-1' };
    await report(conn, { ...ind, period: '2025-06', status: 'ACCEPTED', revenue: 12001, mainBusinessRevenue: 12000 });
    await report(conn, { ...ind, period: '2025-12', status: 'ACCEPTED', revenue: 13001, mainBusinessRevenue: 13000 });
  });

  const enter = { creditCode: P1, direction: 'ENTER', year: 2025, reason: '新建生产线投产，经核实达到规模' };

  it('is refused to callers other than the lead staff covering the enterprise', async () => {
    for (const [role, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['enterpriseA', 'FORBIDDEN'],
      ['otherStaff', 'FORBIDDEN'],
      ['analyst', 'FORBIDDEN'],
      ['admin', 'FORBIDDEN'],
      ['person', 'FORBIDDEN'],
      [jiaClerk, 'FORBIDDEN'],
    ] as const) {
      expect(codeOf(await run(role, PROPOSE, { i: enter })), role).toBe(code);
    }
    // 工信局 decides industry only: a retailer is 统计局's.
    const retail = { creditCode: P2, direction: 'EXIT', reason: '企业已停业' };
    expect(codeOf(await run(miitCity, PROPOSE, { i: retail }))).toBe('FORBIDDEN');
    expect((await changesOf({ creditCode: P1 })).totalCount).toBe(0);
  });

  it('names the field of bad input, and an enterprise that is not a statistical unit is NOT_FOUND', async () => {
    for (const [change, field] of [
      [{ creditCode: 'X' }, 'input.creditCode'],
      [{ creditCode: '91410422MA0000001X' }, 'input.creditCode'],
      [{ year: 2006 }, 'input.year'],
      [{ year: 2099 }, 'input.year'],
      [{ reason: ' x ' }, 'input.reason'],
      [{ reason: '理'.repeat(501) }, 'input.reason'],
    ] as const) {
      const res = await run('countyClerk', PROPOSE, { i: { ...enter, ...change } });
      expect(extensionsOf(res), field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const unknown = await run('countyClerk', PROPOSE, { i: { ...enter, creditCode: creditCode(YE) } });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
  });

  it('is a CONFLICT when the register already is that way or the industry has no threshold', async () => {
    const cases = [
      [{ creditCode: P1, direction: 'EXIT' }, 'NOT_IN_REGISTER'],
      [{ creditCode: P2, direction: 'ENTER' }, 'ALREADY_IN_REGISTER'],
      [{ creditCode: P3, direction: 'ENTER' }, 'NO_THRESHOLD'],
    ] as const;
    for (const [change, reason] of cases) {
      expect(extensionsOf(await run('countyClerk', PROPOSE, { i: { ...enter, ...change } })), reason).toMatchObject({
        code: 'CONFLICT',
        reason,
      });
    }
  });

  it('proposes the change with its event and tells the deciding department, in one transaction', async () => {
    const res = await run<Proposed>(miitCity, PROPOSE, { i: enter });
    expect(res.errors).toBeUndefined();
    const change = res.data!.proposeRegisterChange;
    expect(change).toEqual({
      id: expect.any(String),
      enterprise: { creditCode: P1 },
      county: { code: YE },
      department: { code: 'miit' },
      category: 'INDUSTRY',
      year: 2025,
      direction: 'ENTER',
      status: 'PROPOSED',
      industryCode: 'C3311',
      measure: 'MAIN_BUSINESS_REVENUE',
      figure: 25000,
      threshold: { minimum: 2000, validFrom: '2011-01-01' },
      effectiveOn: '2026-01-01',
      reason: '新建生产线投产，经核实达到规模',
      manual: true,
      decisionReason: null,
      availableActions: ['CONFIRM', 'OVERRIDE'],
      events: [
        {
          action: 'propose',
          fromStatus: null,
          toStatus: 'PROPOSED',
          actor: 'miit-city',
          actorRole: 'staff',
          note: '新建生产线投产，经核实达到规模',
        },
      ],
    });
    const told = await conn.select().from(outbox).where(eq(outbox.topic, 'register.proposed'));
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({
      channel: 'inbox',
      to: { dept: 'miit', county: YE },
      title: '待确认名录调整：规模以上工业入库',
      text: '统计人员提出2025年度规模以上工业名录入库（新建生产线投产，经核实达到规模），请确认或不予调整。',
      data: { changeId: change.id },
    });
    // The derivation's changes are not manual; a second proposal while this one waits is a CONFLICT naming it.
    const MANUAL = `query($id: ID!) { registerChange(id: $id) { manual } }`;
    const derived = await changeOf(I2, 2025);
    expect((await run('countyClerk', MANUAL, { id: derived.id })).data).toEqual({ registerChange: { manual: false } });
    const again = await run('countyClerk', PROPOSE, { i: { ...enter, reason: '重复提出' } });
    expect(extensionsOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'PROPOSAL_OPEN', id: change.id });
    expect((await changesOf({ creditCode: P1 })).totalCount).toBe(1);
    expect(await conn.select().from(outbox).where(eq(outbox.topic, 'register.proposed'))).toHaveLength(1);
  });

  it('is confirmed like a derived change: the register record carries its reason, and the derivation counts it', async () => {
    const change = await changeOf(P1, 2025);
    expect(codeOf(await run(jiaClerk, CONFIRM, { id: change.id }))).toBe('NOT_FOUND');
    const res = await run<{ confirmRegisterChange: { status: string; events: unknown[] } }>('countyClerk', CONFIRM, {
      id: change.id,
      note: '同意入库',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.confirmRegisterChange.status).toBe('CONFIRMED');
    expect(res.data!.confirmRegisterChange.events).toHaveLength(2);
    type Reg = { aboveScaleEnterprises: { nodes: Array<{ enterprise: { creditCode: string } }> } };
    const reg = await run<Reg>('anonymous', REGISTER, { c: 'INDUSTRY', d: '2026-01-01' });
    expect(reg.data!.aboveScaleEnterprises.nodes.find((n) => n.enterprise.creditCode === P1)).toEqual({
      enterprise: { creditCode: P1 },
      category: 'INDUSTRY',
      since: '2026-01-01',
      until: null,
      reason: '新建生产线投产，经核实达到规模',
      exitReason: null,
    });
    const entered = await conn.select().from(outbox).where(eq(outbox.topic, 'register.entered'));
    expect(entered.map((m) => m.payload)).toContainEqual(expect.objectContaining({ to: { enterprise: P1 } }));
    // Decided, the same change is not proposed again, by hand or by the derivation.
    const again = await run('countyClerk', PROPOSE, { i: enter });
    expect(extensionsOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'CHANGE_EXISTS', id: change.id });
    const derived = await run(statsCity, DERIVE, { y: 2025 });
    expect(derived.data!.deriveAboveScaleRegister).toMatchObject({
      proposedEntries: 0,
      proposedExits: 0,
      alreadyProposed: 8,
    });
  });

  it('proposes an exit for last year by default, and an override keeps the register', async () => {
    const res = await run<Proposed>('countyClerk', PROPOSE, {
      i: { creditCode: P2, direction: 'EXIT', reason: '企业已于2025年11月停业' },
    });
    expect(res.errors).toBeUndefined();
    const lastYear = Number(chinaDay(new Date()).slice(0, 4)) - 1;
    expect(res.data!.proposeRegisterChange).toMatchObject({
      department: { code: 'stats' },
      category: 'WHOLESALE_RETAIL',
      year: lastYear,
      direction: 'EXIT',
      measure: 'REVENUE',
      figure: null,
      effectiveOn: `${lastYear}-12-31`,
      manual: true,
    });
    const id = res.data!.proposeRegisterChange.id;
    const told = await conn.select().from(outbox).where(eq(outbox.topic, 'register.proposed'));
    expect(told.map((m) => m.payload)).toContainEqual(
      expect.objectContaining({ to: { dept: 'stats', county: YE }, data: { changeId: id } }),
    );
    const over = await run<{ overrideRegisterChange: Record<string, unknown> }>('countyClerk', OVERRIDE, {
      id,
      r: '停业未满一年，暂不退库',
    });
    expect(over.data!.overrideRegisterChange).toMatchObject({ status: 'OVERRIDDEN' });
    const reg = await run<{ aboveScaleEnterprises: { nodes: Array<{ enterprise: { creditCode: string } }> } }>(
      'anonymous',
      REGISTER,
      { c: 'WHOLESALE_RETAIL', d: '2026-06-01' },
    );
    expect(reg.data!.aboveScaleEnterprises.nodes.map((n) => n.enterprise.creditCode)).toContain(P2);
    const again = await run('countyClerk', PROPOSE, {
      i: { creditCode: P2, direction: 'EXIT', reason: '再次提出退库' },
    });
    expect(extensionsOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'CHANGE_EXISTS', id });
  });
});

describe('statistical units', () => {
  const SET = `mutation($i: StatisticalUnitInput!) { setStatisticalUnit(input: $i) { industryCode qualification county { code } } }`;

  it('are classified by 市统计局 staff of the county, and a unit below the thresholds may file its form', async () => {
    const code = creditCode(YE);
    const input = { creditCode: code, industryCode: 'C3311', countyCode: YE };
    expect(codeOf(await run(jiaClerk, SET, { i: input }))).toBe('FORBIDDEN');
    expect(codeOf(await run('cityStaff', SET, { i: input }))).toBe('FORBIDDEN');
    for (const [change, field] of [
      [{ industryCode: 'C9911' }, 'input.industryCode'],
      [{ creditCode: 'X' }, 'input.creditCode'],
      [{ countyCode: '410400' }, 'input.countyCode'],
    ] as const) {
      const res = await run('countyClerk', SET, { i: { ...input, ...change } });
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const res = await run('countyClerk', SET, { i: input });
    expect(res.data).toEqual({
      setStatisticalUnit: { industryCode: 'C3311', qualification: null, county: { code: YE } },
    });
    const filer = await tokenFor({ sub: 'ent-new', role: 'enterprise', enterprise: code });
    const SUBMIT = `mutation($i: StatisticalReportInput!) { submitStatisticalReport(input: $i) { category county { code } department { code } status } }`;
    const report = {
      formCode: 'B203-1',
      period: '2026-10',
      revenue: 2000,
      mainBusinessRevenue: 1900,
      employees: 40,
      preparer: '王伟',
      preparerPhone: '13812345678',
    };
    const filed = await run(filer, SUBMIT, { i: report });
    expect(filed.errors).toBeUndefined();
    expect(filed.data).toEqual({
      submitStatisticalReport: {
        category: 'INDUSTRY',
        county: { code: YE },
        department: { code: 'miit' },
        status: 'SUBMITTED',
      },
    });
    // A form of another category stays refused.
    const other = await run(filer, SUBMIT, { i: { ...report, formCode: 'F203', outputValue: null } });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_IN_REGISTER' });
  });
});
