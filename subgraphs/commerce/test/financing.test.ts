/**
 * Financing (筹资金): institutions registered by 商务局; products entered by the institution's staff and moderated by
 * 商务局 (or published by 商务局 directly); needs matched to products by amount, term, industry and eligibility;
 * applications answered by the institution; every step recorded and told to the enterprise; each refused actor.
 */
import type { Database } from '@qq/db/client';
import { outbox } from '@qq/db/schema/commerce';
import { makeCreditCode } from '@qq/kit';
import { createTestDatabase, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { asc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import {
  enterpriseA,
  enterpriseB,
  enterpriseToken,
  inDays,
  insertFinancingNeed,
  insertInstitution,
  insertProduct,
  institutionToken,
  JIAXIAN,
  staffToken,
  subgraphConnection,
  YEXIAN,
} from './factories.ts';
import { expectError, ok, runner, type Json } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
const run = runner(() => server);
const t = {} as Record<
  'a' | 'b' | 'mofcomYexian' | 'mofcomJiaxian' | 'mofcomCity' | 'ndrcCity' | 'analyst' | 'admin' | 'person',
  string
>;
let bank: { creditCode: string; countyCode: string; name: string };
let otherBank: { creditCode: string; countyCode: string };
let bankStaff: string;
let bankClerk: string;
let otherBankStaff: string;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = await subgraphConnection(db);
  server = createServer({ db: await db.connectAs('commerce') });
  await server.start();
  t.a = await enterpriseToken(enterpriseA.creditCode, 'user-a');
  t.b = await enterpriseToken(enterpriseB.creditCode, 'user-b');
  t.mofcomYexian = await staffToken('mofcom', YEXIAN);
  t.mofcomJiaxian = await staffToken('mofcom', JIAXIAN);
  t.mofcomCity = await staffToken('mofcom', '410400');
  t.ndrcCity = await staffToken('ndrc', '410400');
  t.analyst = await tokenFor({ sub: 'analyst', role: 'analyst' });
  t.admin = await tokenFor({ sub: 'admin', role: 'admin', county: '410400' });
  t.person = await tokenFor({ sub: 'person', role: 'person' });
  bank = await insertInstitution(conn, { name: '叶县测试农商银行', countyCode: YEXIAN });
  otherBank = await insertInstitution(conn, { name: '郏县测试银行', countyCode: JIAXIAN });
  bankStaff = await institutionToken(bank.creditCode, 'bank-officer');
  // A user of the bank's credit code without the permission acts for the bank as an enterprise only.
  bankClerk = await enterpriseToken(bank.creditCode, 'bank-clerk');
  otherBankStaff = await institutionToken(otherBank.creditCode, 'other-officer');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

async function messagesAbout(topic: string, id: string) {
  const rows = await conn
    .select()
    .from(outbox)
    .where(like(outbox.idempotencyKey, `${topic}:%`))
    .orderBy(asc(outbox.id));
  return rows.filter((m) => JSON.stringify(m.payload.data ?? {}).includes(id));
}

describe('financial institutions', () => {
  const REGISTER = `mutation($input: RegisterFinancialInstitutionInput!) { registerFinancialInstitution(input: $input) {
    creditCode name kind county { code } hotline } }`;
  const input = {
    creditCode: makeCreditCode('410481', 880901),
    name: '舞钢测试村镇银行',
    kind: 'RURAL_BANK',
    countyCode: '410481',
    address: '河南省舞钢市垭口街道',
    hotline: '0375-8108888',
  };

  it('are registered by 商务局 of the city only, and listed publicly', async () => {
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [t.a, 'FORBIDDEN'],
      [bankStaff, 'FORBIDDEN'],
      [t.mofcomYexian, 'FORBIDDEN'],
      [t.ndrcCity, 'FORBIDDEN'],
      [t.admin, 'FORBIDDEN'],
    ] as const) {
      expectError(await run(token, REGISTER, { input }), code);
    }
    expectError(
      await run(t.mofcomCity, REGISTER, { input: { ...input, hotline: '12' } }),
      'BAD_USER_INPUT',
      'input.hotline',
    );
    expect(ok(await run(t.mofcomCity, REGISTER, { input })).registerFinancialInstitution).toMatchObject({
      name: '舞钢测试村镇银行',
      kind: 'RURAL_BANK',
      county: { code: '410481' },
    });
    expectError(await run(t.mofcomCity, REGISTER, { input }), 'BAD_USER_INPUT', 'input.creditCode');
    const listed = ok(await run(undefined, `{ financialInstitutions { name } }`)).financialInstitutions;
    expect(listed.map((i: Json) => i.name)).toEqual(expect.arrayContaining(['舞钢测试村镇银行', '叶县测试农商银行']));
  });
});

describe('matching a need to products by amount, term, industry and eligibility', () => {
  // Amounts and terms of their own, so that the products of other tests do not match.
  const base = { amountMin: 70_000, amountMax: 80_000, termMinMonths: 70, termMaxMonths: 80 };

  it('selects the products an enterprise may apply for, lowest rate first', async () => {
    const p = async (name: string, values: Record<string, unknown>) =>
      (await insertProduct(conn, bank, { ...base, name, ...values })).id;
    const open = await p('都可以', { rateMin: 4 });
    const cheaper = await p('更便宜', { rateMin: 3, eligibleIndustries: ['C'], eligibleScales: ['SMALL'] });
    await p('只限农业', { eligibleIndustries: ['A'] });
    await p('只限大型', { eligibleScales: ['LARGE'] });
    await p('至少五年', { minYearsInBusiness: 5 });
    await p('只限郏县', { eligibleCounties: [JIAXIAN] });
    await p('只收抵押', { acceptedGuarantees: ['MORTGAGE'] });
    await p('额度更高', { amountMin: 90_000, amountMax: 100_000 });
    await p('期限更长', { termMinMonths: 90, termMaxMonths: 100 });
    await p('已过有效期', { expiresOn: '2025-01-01' });
    await p('草稿', { status: 'DRAFT' });
    const need = await insertFinancingNeed(conn, {
      enterpriseCode: enterpriseA.creditCode,
      amount: 75_000,
      termMonths: 75,
      guarantee: 'CREDIT',
      countyCode: YEXIAN,
    });
    const established = inDays(-3 * 366);
    const MATCHES = `query($r: [_Any!]!, $need: ID!) { _entities(representations: $r) {
      ... on Enterprise { bankProductMatches(needId: $need) { id name } } } }`;
    const particulars = {
      __typename: 'Enterprise',
      creditCode: enterpriseA.creditCode,
      industry: { code: 'C' },
      county: { code: YEXIAN },
      scale: 'SMALL',
      establishedOn: established,
    };
    const matched = ok(await run(t.a, MATCHES, { r: [particulars], need: need.id }))._entities[0].bankProductMatches;
    expect(matched.map((m: Json) => m.id)).toEqual([cheaper, open]);
    // 商务局 of the need's unit sees the same; enterprise B and 郏县 do not see the need: null.
    expect(
      ok(await run(t.mofcomYexian, MATCHES, { r: [particulars], need: need.id }))._entities[0].bankProductMatches,
    ).toHaveLength(2);
    expect(ok(await run(t.b, MATCHES, { r: [particulars], need: need.id }))._entities[0].bankProductMatches).toBeNull();
    expect(
      ok(await run(t.mofcomJiaxian, MATCHES, { r: [particulars], need: need.id }))._entities[0].bankProductMatches,
    ).toBeNull();
    // The need belongs to another enterprise than the one asked about: null.
    const asB = { ...particulars, creditCode: enterpriseB.creditCode };
    expect(
      ok(await run(t.mofcomCity, MATCHES, { r: [asB], need: need.id }))._entities[0].bankProductMatches,
    ).toBeNull();
    expectError(await run(undefined, MATCHES, { r: [particulars], need: need.id }), 'UNAUTHENTICATED');

    // The public list filters the same way, as a calculator.
    const LIST = `query($f: BankProductFilter) { bankProducts(filter: $f) { totalCount nodes { name } } }`;
    const f = {
      amount: 75_000,
      termMonths: 75,
      industryCode: 'C',
      scale: 'SMALL',
      yearsInBusiness: 3,
      countyCode: YEXIAN,
      guarantee: 'CREDIT',
    };
    const names = (res: Json) => res.bankProducts.nodes.map((n: Json) => n.name);
    // The list shows published products, lowest rate first, the one past its date among them until the expiry job
    // runs; matching leaves it out.
    expect(names(ok(await run(undefined, LIST, { f })))).toEqual(['更便宜', '已过有效期', '都可以']);
    expect(names(ok(await run(undefined, LIST, { f: { ...f, industryCode: 'A' } }))).sort()).toEqual(
      ['只限农业', '已过有效期', '都可以'].sort(),
    );
    expect(names(ok(await run(undefined, LIST, { f: { ...f, yearsInBusiness: 6 } })))).toContain('至少五年');
    expect(names(ok(await run(bankStaff, LIST, { f: { ...f, status: 'DRAFT' } })))).toEqual(['草稿']);
    expect(names(ok(await run(undefined, LIST, { f: { ...f, status: 'DRAFT' } })))).toEqual([]);
    expectError(await run(undefined, LIST, { f: { amount: -1 } }), 'BAD_USER_INPUT', 'filter.amount');
    expectError(await run(undefined, LIST, { f: { countyCode: '410400' } }), 'BAD_USER_INPUT', 'filter.countyCode');
  });
});

describe('a bank product from the institution’s draft to publication, moderated by 商务局', () => {
  const FIELDS = `id status version reason availableActions rateMin eligibility { scales guarantees minYearsInBusiness }`;
  const CREATE = `mutation($input: CreateBankProductInput!) { createBankProduct(input: $input) { ${FIELDS} } }`;
  const SUBMIT = `mutation($id: ID!) { submitBankProduct(id: $id) { ${FIELDS} } }`;
  const APPROVE = `mutation($id: ID!) { approveBankProduct(id: $id) { ${FIELDS} } }`;
  const REJECT = `mutation($id: ID!, $r: String!) { rejectBankProduct(id: $id, reason: $r) { ${FIELDS} } }`;
  const PUBLISH = `mutation($id: ID!) { publishBankProduct(id: $id) { ${FIELDS} } }`;
  const UPDATE = `mutation($id: ID!, $input: UpdateBankProductInput!) { updateBankProduct(id: $id, input: $input) { ${FIELDS} } }`;
  const WITHDRAW = `mutation($id: ID!, $r: String) { withdrawBankProduct(id: $id, reason: $r) { ${FIELDS} } }`;
  const input = () => ({
    institutionCode: bank.creditCode,
    name: '叶县小微快贷',
    description: '面向叶县小微企业的线上信用贷款。',
    rateMin: 3.8,
    rateMax: 5.2,
    termMinMonths: 3,
    termMaxMonths: 24,
    amountMin: 5,
    amountMax: 300,
    eligibility: { scales: ['MICRO', 'SMALL'], guarantees: ['CREDIT'], minYearsInBusiness: 1 },
    contactName: '钱经理',
    contactPhone: '13600001111',
  });
  let id: string;

  it('is drafted by the institution’s staff for their own institution only', async () => {
    expectError(await run(bankClerk, CREATE, { input: input() }), 'FORBIDDEN');
    expectError(await run(t.a, CREATE, { input: input() }), 'FORBIDDEN');
    expectError(await run(otherBankStaff, CREATE, { input: input() }), 'FORBIDDEN');
    expectError(await run(t.mofcomJiaxian, CREATE, { input: input() }), 'FORBIDDEN');
    expectError(await run(bankStaff, CREATE, { input: { ...input(), rateMax: 3 } }), 'BAD_USER_INPUT', 'input.rateMax');
    expectError(
      await run(bankStaff, CREATE, { input: { ...input(), institutionCode: makeCreditCode(YEXIAN, 880999) } }),
      'BAD_USER_INPUT',
      'input.institutionCode',
    );
    const created = ok(await run(bankStaff, CREATE, { input: input() })).createBankProduct;
    id = created.id;
    expect(created).toMatchObject({
      status: 'DRAFT',
      availableActions: ['SUBMIT', 'UPDATE', 'WITHDRAW'],
      eligibility: { scales: ['MICRO', 'SMALL'], guarantees: ['CREDIT'], minYearsInBusiness: 1 },
    });
    expect(ok(await run(undefined, `query($id: ID!) { bankProduct(id: $id) { id } }`, { id })).bankProduct).toBeNull();
    expect(
      ok(await run(t.mofcomYexian, `query($id: ID!) { bankProduct(id: $id) { availableActions } }`, { id }))
        .bankProduct,
    ).toEqual({
      availableActions: ['PUBLISH', 'UPDATE', 'WITHDRAW'],
    });
  });

  it('is posted for moderation by the institution and approved by 商务局 of its unit', async () => {
    expectError(await run(t.mofcomYexian, SUBMIT, { id }), 'FORBIDDEN');
    expect(ok(await run(bankStaff, SUBMIT, { id })).submitBankProduct.status).toBe('PENDING');
    const [told] = await messagesAbout('bankProduct.submitted', id);
    expect(told!.payload).toMatchObject({ to: { dept: 'mofcom', county: YEXIAN } });
    expectError(await run(bankStaff, APPROVE, { id }), 'FORBIDDEN');
    expectError(await run(t.mofcomJiaxian, APPROVE, { id }), 'NOT_FOUND');
    const approved = ok(await run(t.mofcomYexian, APPROVE, { id })).approveBankProduct;
    expect(approved).toMatchObject({ status: 'PUBLISHED', version: 1 });
    const [approval] = await messagesAbout('bankProduct.approved', id);
    expect(approval!.payload.to).toEqual({ enterprise: bank.creditCode });
    expect(ok(await run(undefined, `query($id: ID!) { bankProduct(id: $id) { name } }`, { id })).bankProduct).toEqual({
      name: '叶县小微快贷',
    });
  });

  it('goes back to moderation when the institution updates it; 商务局’s update keeps it published', async () => {
    const byBank = ok(await run(bankStaff, UPDATE, { id, input: { rateMin: 3.6 } })).updateBankProduct;
    expect(byBank).toMatchObject({ status: 'PENDING', version: 2, rateMin: 3.6 });
    expect(await messagesAbout('bankProduct.submitted', id)).toHaveLength(2);
    expectError(await run(bankStaff, UPDATE, { id, input: { amountMax: 1 } }), 'BAD_USER_INPUT', 'input.amountMax');
    const rejected = ok(await run(t.mofcomCity, REJECT, { id, r: '利率下限低于行内定价，请核实' })).rejectBankProduct;
    expect(rejected).toMatchObject({ status: 'REJECTED', reason: '利率下限低于行内定价，请核实' });
    expect((await messagesAbout('bankProduct.rejected', id))[0]!.payload.to).toEqual({ enterprise: bank.creditCode });
    ok(await run(bankStaff, UPDATE, { id, input: { rateMin: 3.9 } }));
    ok(await run(bankStaff, SUBMIT, { id }));
    ok(await run(t.mofcomYexian, APPROVE, { id }));
    const byMofcom = ok(
      await run(t.mofcomYexian, UPDATE, { id, input: { eligibility: { guarantees: ['CREDIT', 'GUARANTEE'] } } }),
    ).updateBankProduct;
    expect(byMofcom).toMatchObject({
      status: 'PUBLISHED',
      version: 4,
      eligibility: { scales: [], guarantees: ['CREDIT', 'GUARANTEE'], minYearsInBusiness: null },
    });
    const history = ok(
      await run(
        bankStaff,
        `query($id: ID!) { bankProduct(id: $id) { versions { version rateMin } events { step } } }`,
        { id },
      ),
    ).bankProduct;
    expect(history.versions.map((v: Json) => [v.version, v.rateMin])).toEqual([
      [1, 3.8],
      [2, 3.6],
      [3, 3.9],
      [4, 3.9],
    ]);
    expect(history.events.map((e: Json) => e.step)).toEqual([
      'CREATE',
      'SUBMIT',
      'APPROVE',
      'UPDATE',
      'REJECT',
      'UPDATE',
      'SUBMIT',
      'APPROVE',
      'UPDATE',
    ]);
    expectError(
      await run(otherBankStaff, `query($id: ID!) { bankProduct(id: $id) { events { step } } }`, { id }),
      'FORBIDDEN',
    );
  });

  it('is taken down by 商务局 with a reason the institution is told; 商务局 publishes its own entries directly', async () => {
    expectError(await run(t.mofcomYexian, WITHDRAW, { id }), 'BAD_USER_INPUT', 'reason');
    expect(ok(await run(t.mofcomYexian, WITHDRAW, { id, r: '产品已停办' })).withdrawBankProduct.status).toBe(
      'WITHDRAWN',
    );
    expect(await messagesAbout('bankProduct.withdrawn', id)).toHaveLength(1);
    const own = ok(
      await run(t.mofcomYexian, CREATE, { input: { ...input(), name: '商务局录入产品' } }),
    ).createBankProduct;
    expectError(await run(bankStaff, PUBLISH, { id: own.id }), 'FORBIDDEN');
    expect(ok(await run(t.mofcomYexian, PUBLISH, { id: own.id })).publishBankProduct.status).toBe('PUBLISHED');
  });
});

describe('applying for a product, answered by the institution', () => {
  const APP = `id status amount termMonths approvedAmount approvedRate answerNote availableActions contactPhone
    need { id status } product { name } institution { name }`;
  const SUBMIT = `mutation($input: SubmitFinancingApplicationInput!) { submitFinancingApplication(input: $input) { ${APP} } }`;
  const APPROVE = `mutation($id: ID!, $input: ApproveFinancingApplicationInput!) { approveFinancingApplication(id: $id, input: $input) { ${APP} } }`;
  const DECLINE = `mutation($id: ID!, $r: String!) { declineFinancingApplication(id: $id, reason: $r) { ${APP} } }`;
  const DISBURSE = `mutation($id: ID!, $input: DisburseFinancingApplicationInput!) { disburseFinancingApplication(id: $id, input: $input) { ${APP} } }`;
  const WITHDRAW = `mutation($id: ID!) { withdrawFinancingApplication(id: $id) { ${APP} } }`;
  const NEED = `query($id: ID!) { financingNeed(id: $id) { status fundedAt availableActions
    applications { status } events { action fromStatus toStatus actorRole note } } }`;
  let product: { id: string };
  let need: { id: string };
  let appId: string;

  it('is submitted by the enterprise within the product’s ranges; the need is matched; both sides are told', async () => {
    product = await insertProduct(conn, bank, {
      name: '叶县经营贷',
      rateMin: 3.5,
      rateMax: 4.5,
      amountMin: 10,
      amountMax: 1000,
    });
    const draft = await insertProduct(conn, bank, { name: '未发布', status: 'DRAFT' });
    need = await insertFinancingNeed(conn, {
      enterpriseCode: enterpriseA.creditCode,
      amount: 300,
      contactPhone: '13911112222',
    });
    const input = { needId: need.id, productId: product.id, note: '用于采购原材料' };
    expectError(await run(t.b, SUBMIT, { input }), 'NOT_FOUND');
    expectError(await run(t.mofcomYexian, SUBMIT, { input }), 'FORBIDDEN');
    expectError(await run(t.person, SUBMIT, { input }), 'FORBIDDEN');
    expectError(
      await run(t.a, SUBMIT, { input: { ...input, productId: draft.id } }),
      'BAD_USER_INPUT',
      'input.productId',
    );
    expectError(await run(t.a, SUBMIT, { input: { ...input, amount: 5000 } }), 'BAD_USER_INPUT', 'input.amount');
    expectError(await run(t.a, SUBMIT, { input: { ...input, termMonths: 48 } }), 'BAD_USER_INPUT', 'input.termMonths');
    const app = ok(await run(t.a, SUBMIT, { input })).submitFinancingApplication;
    appId = app.id;
    expect(app).toMatchObject({
      status: 'SUBMITTED',
      amount: 300,
      termMonths: 12,
      need: { id: need.id, status: 'MATCHED' },
      product: { name: '叶县经营贷' },
      institution: { name: '叶县测试农商银行' },
      availableActions: ['WITHDRAW'],
    });
    expectError(await run(t.a, SUBMIT, { input }), 'CONFLICT');
    const toEnterprise = await messagesAbout('financingApplication.submitted', appId);
    expect(toEnterprise.map((m) => [m.channel, m.payload.to ?? m.payload.phone]).sort()).toEqual([
      ['inbox', { enterprise: enterpriseA.creditCode }],
      ['sms', '13911112222'],
    ]);
    const [toBank] = await messagesAbout('financingApplication.received', appId);
    expect(toBank!.payload.to).toEqual({ enterprise: bank.creditCode });
    const events = ok(await run(t.a, NEED, { id: need.id })).financingNeed.events;
    expect(events.map((e: Json) => [e.action, e.toStatus, e.actorRole])).toEqual([['MATCH', 'MATCHED', 'enterprise']]);
  });

  it('is seen by the institution applied to, with the need and contact; not by another institution', async () => {
    const q = `query($id: ID!) { financingApplication(id: $id) { id contactPhone availableActions need { amount contactPhone } } }`;
    expect(ok(await run(bankStaff, q, { id: appId })).financingApplication).toEqual({
      id: appId,
      contactPhone: '13911112222',
      availableActions: ['APPROVE', 'DECLINE'],
      need: { amount: 300, contactPhone: '13911112222' },
    });
    for (const token of [otherBankStaff, bankClerk, t.b, t.mofcomJiaxian]) {
      expect(ok(await run(token, q, { id: appId })).financingApplication).toBeNull();
    }
    expect(ok(await run(t.analyst, q, { id: appId })).financingApplication.contactPhone).toBe('139****2222');
    const mine = ok(await run(bankStaff, `{ financingApplications { totalCount } financingNeeds { totalCount } }`));
    expect(mine).toEqual({ financingApplications: { totalCount: 1 }, financingNeeds: { totalCount: 1 } });
  });

  it('is approved by the institution only, within the product’s rates; the enterprise is told', async () => {
    const input = { amount: 250, rate: 3.9, termMonths: 12, note: '同意授信' };
    expectError(await run(otherBankStaff, APPROVE, { id: appId, input }), 'NOT_FOUND');
    expectError(await run(bankClerk, APPROVE, { id: appId, input }), 'FORBIDDEN');
    expectError(await run(t.mofcomYexian, APPROVE, { id: appId, input }), 'FORBIDDEN');
    expectError(await run(t.a, APPROVE, { id: appId, input }), 'FORBIDDEN');
    expectError(
      await run(bankStaff, APPROVE, { id: appId, input: { ...input, rate: 6 } }),
      'BAD_USER_INPUT',
      'input.rate',
    );
    expectError(
      await run(bankStaff, APPROVE, { id: appId, input: { ...input, amount: 301 } }),
      'BAD_USER_INPUT',
      'input.amount',
    );
    const approved = ok(await run(bankStaff, APPROVE, { id: appId, input })).approveFinancingApplication;
    expect(approved).toMatchObject({
      status: 'APPROVED',
      approvedAmount: 250,
      approvedRate: 3.9,
      answerNote: '同意授信',
    });
    expect(approved.availableActions).toEqual(['DISBURSE']);
    const told = await messagesAbout('financingApplication.approved', appId);
    expect(told.map((m) => m.channel).sort()).toEqual(['inbox', 'sms']);
    expect(String(told[0]!.payload.text)).toContain('授信250万元，年利率3.9%');
    expectError(await run(bankStaff, DECLINE, { id: appId, r: '改变主意' }), 'CONFLICT');
  });

  it('is paid out up to the amount approved; the need is funded and the enterprise told', async () => {
    expectError(
      await run(bankStaff, DISBURSE, { id: appId, input: { amount: 260 } }),
      'BAD_USER_INPUT',
      'input.amount',
    );
    const paid = ok(await run(bankStaff, DISBURSE, { id: appId, input: { amount: 250 } })).disburseFinancingApplication;
    expect(paid).toMatchObject({ status: 'DISBURSED', need: { status: 'FUNDED' }, availableActions: [] });
    expect(await messagesAbout('financingApplication.disbursed', appId)).toHaveLength(2);
    const needNow = ok(await run(t.a, NEED, { id: need.id })).financingNeed;
    expect(needNow.status).toBe('FUNDED');
    expect(needNow.fundedAt).not.toBeNull();
    expect(needNow.events.map((e: Json) => [e.action, e.actorRole])).toEqual([
      ['MATCH', 'enterprise'],
      ['FUND', 'enterprise'],
    ]);
    const appEvents = ok(
      await run(t.a, `query($id: ID!) { financingApplication(id: $id) { events { action toStatus actor } } }`, {
        id: appId,
      }),
    ).financingApplication.events;
    expect(appEvents.map((e: Json) => e.action)).toEqual(['SUBMIT', 'APPROVE', 'DISBURSE']);
    expect(appEvents.every((e: Json) => e.actor === null)).toBe(true);
    expectError(await run(t.a, SUBMIT, { input: { needId: need.id, productId: product.id } }), 'CONFLICT');
  });

  it('is declined with the reason the enterprise is told, or withdrawn by the enterprise with the institution told', async () => {
    const second = await insertFinancingNeed(conn, { enterpriseCode: enterpriseA.creditCode, amount: 100 });
    const a1 = ok(
      await run(t.a, SUBMIT, { input: { needId: second.id, productId: product.id } }),
    ).submitFinancingApplication;
    expectError(await run(bankStaff, DECLINE, { id: a1.id, r: '否' }), 'BAD_USER_INPUT', 'reason');
    const declined = ok(
      await run(bankStaff, DECLINE, { id: a1.id, r: '企业征信存在逾期记录' }),
    ).declineFinancingApplication;
    expect(declined).toMatchObject({
      status: 'DECLINED',
      answerNote: '企业征信存在逾期记录',
      need: { status: 'MATCHED' },
    });
    expect(String((await messagesAbout('financingApplication.declined', a1.id))[0]!.payload.text)).toContain(
      '逾期记录',
    );
    // The need stays matched: the enterprise applies again, and withdraws.
    const a2 = ok(
      await run(t.a, SUBMIT, { input: { needId: second.id, productId: product.id } }),
    ).submitFinancingApplication;
    expectError(await run(bankStaff, WITHDRAW, { id: a2.id }), 'FORBIDDEN');
    expect(ok(await run(t.a, WITHDRAW, { id: a2.id })).withdrawFinancingApplication.status).toBe('WITHDRAWN');
    expect((await messagesAbout('financingApplication.withdrawn', a2.id))[0]!.payload.to).toEqual({
      enterprise: bank.creditCode,
    });
    expectError(await run(t.a, WITHDRAW, { id: a2.id }), 'CONFLICT');
  });
});

describe('a need matched, funded or closed by 商务局 and the enterprise', () => {
  const MATCH = `mutation($id: ID!, $p: ID!, $n: String) { matchFinancingNeed(id: $id, productId: $p, note: $n) {
    status matchedAt matchedProduct { name } availableActions } }`;
  const FUND = `mutation($id: ID!) { fundFinancingNeed(id: $id) { status fundedAt } }`;
  const CLOSE = `mutation($id: ID!, $r: String) { closeFinancingNeed(id: $id, reason: $r) { status closedAt } }`;

  it('records 商务局’s recommendation and tells the enterprise', async () => {
    const product = await insertProduct(conn, bank, { name: '推荐产品' });
    const draft = await insertProduct(conn, bank, { name: '推荐草稿', status: 'DRAFT' });
    const need = await insertFinancingNeed(conn, { enterpriseCode: enterpriseA.creditCode });
    expect(
      ok(await run(t.a, `query($id: ID!) { financingNeed(id: $id) { availableActions } }`, { id: need.id })),
    ).toEqual({
      financingNeed: { availableActions: ['FUND', 'CLOSE'] },
    });
    expectError(await run(t.a, MATCH, { id: need.id, p: product.id }), 'FORBIDDEN');
    expectError(await run(t.mofcomJiaxian, MATCH, { id: need.id, p: product.id }), 'NOT_FOUND');
    expectError(await run(t.mofcomYexian, MATCH, { id: need.id, p: draft.id }), 'BAD_USER_INPUT', 'productId');
    const matched = ok(
      await run(t.mofcomYexian, MATCH, { id: need.id, p: product.id, n: '利率低、审批快' }),
    ).matchFinancingNeed;
    expect(matched).toMatchObject({ status: 'MATCHED', matchedProduct: { name: '推荐产品' } });
    expect(matched.availableActions).toEqual(['MATCH', 'FUND', 'CLOSE']);
    const told = await messagesAbout('financingNeed.matched', need.id);
    expect(told.map((m) => m.channel).sort()).toEqual(['inbox', 'sms']);
    expect(ok(await run(t.a, FUND, { id: need.id })).fundFinancingNeed.status).toBe('FUNDED');
    expectError(await run(t.a, CLOSE, { id: need.id }), 'CONFLICT');
  });

  it('is closed by the enterprise, or by 商务局 with a reason the enterprise is told', async () => {
    const mine = await insertFinancingNeed(conn, { enterpriseCode: enterpriseA.creditCode });
    expectError(await run(t.b, CLOSE, { id: mine.id }), 'NOT_FOUND');
    expect(ok(await run(t.a, CLOSE, { id: mine.id })).closeFinancingNeed.status).toBe('CLOSED');
    const other = await insertFinancingNeed(conn, { enterpriseCode: enterpriseA.creditCode });
    expectError(await run(t.mofcomYexian, CLOSE, { id: other.id }), 'BAD_USER_INPUT', 'reason');
    ok(await run(t.mofcomYexian, CLOSE, { id: other.id, r: '企业已注销' }));
    expect(await messagesAbout('financingNeed.closed', other.id)).toHaveLength(1);
    const events = ok(
      await run(t.mofcomYexian, `query($id: ID!) { financingNeed(id: $id) { events { action note actor } } }`, {
        id: other.id,
      }),
    ).financingNeed.events;
    expect(events).toEqual([{ action: 'CLOSE', note: '企业已注销', actor: 'mofcom-410422' }]);
  });
});
