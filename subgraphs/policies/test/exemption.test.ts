/**
 * 免申即享 rules and the policy calculator through GraphQL: rules saved, validated (errors name the place in the rule)
 * and versioned with dates; who may save them; the calculator for an enterprise, for staff in scope and for anybody
 * with typed-in facts, naming every failing condition with the fact's value and threshold. Also: applying for an item
 * of an unpublished policy answers exactly as for a random id.
 */
import type { Database } from '@qq/db/client';
import { enterpriseFacts } from '@qq/db/schema/policies';
import { makeCreditCode } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.ts';
import { compileNative, compileRule, interpretRule, parseRule, explain } from '../src/service/eligibility.ts';
import { A, B, factories, roleTokens, type ItemRow, type PolicyRow } from './factories.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let tokens: Awaited<ReturnType<typeof roleTokens>>;
let miitYe: string;
let miitJia: string;
const p = {} as Record<'ye' | 'jia' | 'review', PolicyRow>;
const i = {} as Record<'upgrade' | 'rd' | 'jia' | 'review' | 'plain', ItemRow>;

const SAVE = `mutation($input: SaveEligibilityRuleInput!) { saveEligibilityRule(input: $input) {
  id version rule facts description effectiveFrom effectiveUntil inEffect item { id name } } }`;

const CALC = `query($c: String, $f: EnterpriseFactsInput) { exemptionCalculator(creditCode: $c, facts: $f) {
  creditCode eligibleCount facts { county industry industryCodes scale employees annualRevenue aboveScale }
  items { eligible item { name } rule { version }
    failedConditions { path fact operator actual expected description } } } }`;

type Calc = {
  exemptionCalculator: {
    creditCode: string | null;
    eligibleCount: number;
    facts: Record<string, unknown>;
    items: Array<{
      eligible: boolean;
      item: { name: string };
      rule: { version: number };
      failedConditions: Array<Record<string, string | null>>;
    }>;
  };
};

const run = (token: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
  execute(server, query, { token, variables });
const codeOf = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0]?.extensions?.code;
const fieldOf = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0]?.extensions?.field;

const UPGRADE_RULE = {
  and: [
    { '==': [{ var: 'aboveScale' }, true] },
    { '>=': [{ var: 'aboveScaleSince' }, '2025-01-01'] },
    { in: [{ var: 'county' }, ['410422', '410425']] },
    { '<=': [20, { var: 'employees' }, 1000] },
  ],
};
const RD_RULE = {
  and: [{ in: ['C', { var: 'industryCodes' }] }, { '>=': [{ var: 'annualRevenue' }, 2000] }],
};

async function facts(code: string, over: Partial<typeof enterpriseFacts.$inferInsert> = {}) {
  const at = new Date('2026-01-05T02:00:00Z');
  await conn
    .insert(enterpriseFacts)
    .values({
      creditCode: code,
      name: `企业${code.slice(-4)}`,
      countyCode: '410422',
      industryCode: 'C',
      scale: 'SMALL',
      registeredCapital: 500,
      establishedOn: '2018-04-01',
      registryRefreshedAt: at,
      fingerprint: 'test',
      changedAt: at,
      ...over,
    })
    .onConflictDoNothing();
}

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  server = createServer({ db: await db.connectAs('policies') });
  await server.start();
  tokens = await roleTokens();
  miitYe = await tokenFor({ sub: 'miit-ye', role: 'staff', dept: 'miit', county: '410422' });
  miitJia = await tokenFor({ sub: 'miit-jia', role: 'staff', dept: 'miit', county: '410425' });
  const make = factories(conn);
  p.ye = await make.policy({ title: '叶县工业企业升规奖励政策', departmentCode: 'miit', countyCode: '410422' });
  p.jia = await make.policy({ title: '郏县政策', departmentCode: 'wrzwq', countyCode: '410425' });
  p.review = await make.policy({
    title: '待审核政策',
    status: 'PENDING_REVIEW',
    departmentCode: 'miit',
    countyCode: '410422',
  });
  i.upgrade = await make.item(p.ye, { name: '首次升规奖励', sortOrder: 1 });
  i.rd = await make.item(p.ye, { name: '研发费用补助', sortOrder: 2 });
  i.plain = await make.item(p.ye, { name: '无规则事项', sortOrder: 3 });
  i.jia = await make.item(p.jia, { name: '郏县事项' });
  i.review = await make.item(p.review, { name: '待审核事项' });
  // A (叶县): above scale since 2025, 80 employees, manufacturing, revenue 1,500. B (郏县): no statistics yet.
  await facts(A, {
    aboveScale: true,
    aboveScaleSince: '2025-03-01',
    employees: 80,
    annualRevenue: 1500,
    statisticsPeriod: '2025',
    statisticsRefreshedAt: new Date('2026-01-05T02:00:00Z'),
  });
  await facts(B, { countyCode: '410425', industryCode: 'I', scale: 'MICRO' });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const save = (token: string | undefined, itemId: string, rule: unknown, over: Record<string, unknown> = {}) =>
  run(token, SAVE, {
    input: {
      itemId,
      rule: typeof rule === 'string' ? rule : JSON.stringify(rule),
      description: '测试规则',
      ...over,
    },
  });

describe('saving eligibility rules', () => {
  it('refuses malformed rules naming the place in the rule', async () => {
    const cases: Array<[unknown, string]> = [
      ['{"and": [', 'input.rule'],
      [{ and: [] }, 'input.rule.and'],
      [{ and: [{ '>=': [{ var: 'employees' }, 50] }, { like: [1, 2] }] }, 'input.rule.and.1.like'],
      [{ and: [{ '>=': [{ var: 'employees' }, 50] }, { '>=': [{ var: 'staff' }, 5] }] }, 'input.rule.and.1.>=.0.var'],
      [{ or: [{ '>=': [{ var: 'employees' }, '50'] }] }, 'input.rule.or.0.>=.1'],
      [{ '<': [{ var: 'scale' }, 'LARGE'] }, 'input.rule.<.1'],
      [{ in: [{ var: 'scale' }, ['SMALL', 'HUGE']] }, 'input.rule.in.1.1'],
      [{ '>=': [{ var: 'establishedOn' }, '2020/01/01'] }, 'input.rule.>=.1'],
      [{ '>=': [{ var: 'establishedOn' }, '2021-02-29'] }, 'input.rule.>=.1'],
      [{ '==': [{ var: 'employees' }, { var: 'annualRevenue' }] }, 'input.rule.=='],
      [{ '!': [{ '==': [{ var: 'aboveScale' }, 'yes'] }] }, 'input.rule.!.0.==.1'],
      [{ in: [{ var: 'industryCodes' }, ['C']] }, 'input.rule.in.0'],
    ];
    for (const [rule, field] of cases) {
      const res = await save(miitYe, i.upgrade.id, rule);
      expect(codeOf(res), JSON.stringify(rule)).toBe('BAD_USER_INPUT');
      expect(fieldOf(res), JSON.stringify(rule)).toBe(field);
    }
    const versions = await run(undefined, `query($id: ID!) { redemptionItem(id: $id) { eligibilityRules { id } } }`, {
      id: i.upgrade.id,
    });
    expect(versions.data).toEqual({ redemptionItem: { eligibilityRules: [] } });
  });

  it('saves versions with dates; the version in effect is the newest started one', async () => {
    // A day that does not exist is refused, not rolled over into March.
    expect(fieldOf(await save(miitYe, i.upgrade.id, UPGRADE_RULE, { effectiveFrom: '2025-02-30' }))).toBe(
      'input.effectiveFrom',
    );
    const v1 = await save(miitYe, i.upgrade.id, UPGRADE_RULE, { effectiveFrom: '2025-01-01' });
    expect(v1.errors).toBeUndefined();
    expect(v1.data?.saveEligibilityRule).toMatchObject({
      version: 1,
      facts: ['aboveScale', 'aboveScaleSince', 'county', 'employees'],
      effectiveFrom: '2024-12-31T16:00:00.000Z',
      effectiveUntil: null,
      inEffect: true,
      item: { id: i.upgrade.id, name: '首次升规奖励' },
    });
    expect(JSON.parse((v1.data?.saveEligibilityRule as { rule: string }).rule)).toEqual(UPGRADE_RULE);
    // A version dated in the future does not replace the one in effect until its day comes.
    const future = await save(
      tokens.cityStaff,
      i.upgrade.id,
      { '>=': [{ var: 'employees' }, 10] },
      {
        effectiveFrom: '2099-01-01',
      },
    );
    expect(future.data?.saveEligibilityRule).toMatchObject({ version: 2, inEffect: false });
    const item = await run(
      undefined,
      `query($id: ID!) { redemptionItem(id: $id) { eligibilityRule { version } eligibilityRules { version inEffect } } }`,
      { id: i.upgrade.id },
    );
    expect(item.data).toEqual({
      redemptionItem: {
        eligibilityRule: { version: 1 },
        eligibilityRules: [
          { version: 1, inEffect: true },
          { version: 2, inEffect: false },
        ],
      },
    });
    expect((await save(miitYe, i.rd.id, RD_RULE)).data?.saveEligibilityRule).toMatchObject({ version: 1 });
    const bad = await save(miitYe, i.rd.id, RD_RULE, { effectiveFrom: '2026-02-01', effectiveUntil: '2026-01-01' });
    expect(fieldOf(bad)).toBe('input.effectiveUntil');
  });

  it('lets only staff of the item’s department and county (or 万人助万企办 in scope) save, on published policies', async () => {
    const rule = { '>=': [{ var: 'employees' }, 1] };
    expect(codeOf(await save(undefined, i.jia.id, rule))).toBe('UNAUTHENTICATED');
    expect(codeOf(await save(tokens.enterpriseA, i.jia.id, rule))).toBe('FORBIDDEN');
    expect(codeOf(await save(tokens.analyst, i.jia.id, rule))).toBe('FORBIDDEN');
    // 叶县 clerks of 万人助万企办 and 工信局 do not cover 郏县; 人社局 is not the department.
    expect(codeOf(await save(tokens.countyClerk, i.jia.id, rule))).toBe('FORBIDDEN');
    expect(codeOf(await save(miitYe, i.jia.id, rule))).toBe('FORBIDDEN');
    expect(codeOf(await save(tokens.otherStaff, i.upgrade.id, rule))).toBe('FORBIDDEN');
    expect(codeOf(await save(miitJia, i.upgrade.id, rule))).toBe('FORBIDDEN');
    // An item of a policy under review: hidden from other units (NOT_FOUND as a random id), CONFLICT for its own.
    expect(codeOf(await save(miitJia, i.review.id, rule))).toBe('NOT_FOUND');
    expect(codeOf(await save(miitJia, '3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a', rule))).toBe('NOT_FOUND');
    expect(codeOf(await save(miitYe, i.review.id, rule))).toBe('CONFLICT');
    expect(codeOf(await save(miitYe, 'not-an-id', rule))).toBe('BAD_USER_INPUT');
    const ok = await save(tokens.cityStaff, i.jia.id, rule);
    expect(ok.data?.saveEligibilityRule).toMatchObject({ version: 1 });
  });
});

describe('the policy calculator', () => {
  it('tells an enterprise which items it qualifies for and names every failing condition', async () => {
    const res = await run(tokens.enterpriseA, CALC);
    expect(res.errors).toBeUndefined();
    const calc = (res.data as Calc).exemptionCalculator;
    expect(calc.creditCode).toBe(A);
    expect(calc.facts).toMatchObject({ county: '410422', industry: 'C', industryCodes: ['C'], employees: 80 });
    expect(calc.eligibleCount).toBe(2);
    expect(calc.items.map((x) => [x.item.name, x.eligible])).toEqual([
      ['郏县事项', true],
      ['首次升规奖励', true],
      ['研发费用补助', false],
    ]);
    expect(calc.items[2]!.failedConditions).toEqual([
      {
        path: 'rule.and.1.>=',
        fact: 'annualRevenue',
        operator: '>=',
        actual: '1500',
        expected: '2000',
        description: '年营业收入（万元）应不小于 2000，实际为 1500',
      },
    ]);
  });

  it('names unknown facts as unknown (statistics not yet published)', async () => {
    const res = await run(tokens.enterpriseB, CALC);
    const calc = (res.data as Calc).exemptionCalculator;
    const upgrade = calc.items.find((x) => x.item.name === '首次升规奖励')!;
    expect(upgrade.eligible).toBe(false);
    expect(upgrade.failedConditions.map((f) => [f.fact, f.operator, f.actual, f.expected])).toEqual([
      ['aboveScale', '==', null, 'true'],
      ['aboveScaleSince', '>=', null, '"2025-01-01"'],
      ['employees', '<=', null, '[20,1000]'],
    ]);
    expect(upgrade.failedConditions[2]!.description).toBe(
      '从业人员（人）应在 20 与 1000 之间，实际为 未知（数据尚未提供）',
    );
    const rd = calc.items.find((x) => x.item.name === '研发费用补助')!;
    expect(rd.failedConditions.map((f) => [f.fact, f.operator, f.actual, f.expected])).toEqual([
      ['industryCodes', 'contains', '["I"]', '"C"'],
      ['annualRevenue', '>=', null, '2000'],
    ]);
  });

  it('answers staff for enterprises of their county only, and anybody with typed-in facts', async () => {
    const clerkA = await run(tokens.countyClerk, CALC, { c: A });
    expect((clerkA.data as Calc).exemptionCalculator.eligibleCount).toBe(2);
    const otherDeptA = await run(miitYe, CALC, { c: A });
    expect((otherDeptA.data as Calc).exemptionCalculator.creditCode).toBe(A);
    const analyst = await run(tokens.analyst, CALC, { c: B });
    expect((analyst.data as Calc).exemptionCalculator.creditCode).toBe(B);
    // Out of scope answers as an enterprise without facts.
    const nobody = makeCreditCode('410422', 999);
    const unknown = await run(tokens.cityStaff, CALC, { c: nobody });
    for (const [token, code] of [
      [tokens.countyClerk, B],
      [tokens.enterpriseA, B],
      [undefined, A],
      [tokens.person, A],
      [tokens.enterpriseB, A],
    ] as const) {
      const res = await run(token, CALC, { c: code });
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
      expect(res.errors?.[0]?.message.replace(code, '<c>')).toBe(unknown.errors?.[0]?.message.replace(nobody, '<c>'));
    }
    const typed = await run(undefined, CALC, {
      f: { county: '410425', industry: 'C3911', aboveScale: true, aboveScaleSince: '2025-06-01', employees: 15 },
    });
    const calc = (typed.data as Calc).exemptionCalculator;
    expect(calc.creditCode).toBeNull();
    expect(calc.facts).toMatchObject({ industry: 'C', industryCodes: ['C', 'C39', 'C391', 'C3911'] });
    expect(calc.items.find((x) => x.item.name === '首次升规奖励')!.failedConditions).toEqual([
      expect.objectContaining({ fact: 'employees', actual: '15', expected: '[20,1000]' }),
    ]);
    expect(fieldOf(await run(undefined, CALC))).toBe('facts');
    expect(fieldOf(await run(undefined, CALC, { f: { county: '110000' } }))).toBe('facts.county');
    expect(fieldOf(await run(undefined, CALC, { f: { establishedOn: '2021-02-29' } }))).toBe('facts.establishedOn');
    expect(fieldOf(await run(tokens.enterpriseA, CALC, { c: A, f: {} }))).toBe('creditCode');
    expect(fieldOf(await run(tokens.cityStaff, CALC, { c: 'bad' }))).toBe('creditCode');
  });
});

describe('the eligibility language', () => {
  it('gives the same answer interpreted, compiled and explained, and a missing fact never passes a comparison', () => {
    const rule = parseRule(
      JSON.stringify({
        or: [
          { and: [{ '<': [{ var: 'employees' }, 50] }, { '!': { '==': [{ var: 'scale' }, 'LARGE'] } }] },
          { '>': [{ var: 'establishedOn' }, '2024-01-01'] },
        ],
      }),
    );
    const base = {
      county: '410422',
      industry: 'C',
      industryCodes: ['C'],
      scale: 'SMALL',
      registeredCapital: 100,
      establishedOn: '2020-01-01',
      aboveScale: null,
      aboveScaleSince: null,
      annualRevenue: null,
      employees: null,
    };
    const cases = [
      { ...base, employees: 10 },
      { ...base, employees: 10, scale: 'LARGE' },
      { ...base, employees: 100 },
      { ...base },
      { ...base, establishedOn: '2024-06-01' },
    ];
    const compiled = compileRule(rule.expression);
    const interpreted = interpretRule(rule.expression);
    const native = compileNative(rule);
    const answers = cases.map((f) => [compiled(f), interpreted(f), native(f), explain(rule, f).eligible]);
    expect(answers).toEqual([
      [true, true, true, true],
      [false, false, false, false],
      [false, false, false, false],
      [false, false, false, false],
      [true, true, true, true],
    ]);
    // Every form of the language, on generated facts, gives the same answer all four ways.
    const forms = [
      { '==': [{ var: 'aboveScale' }, false] },
      { '!=': [{ var: 'scale' }, 'MICRO'] },
      { '<': [100, { var: 'employees' }] },
      { '<': [10, { var: 'employees' }, 200] },
      { '>=': [{ var: 'establishedOn' }, '2019-01-01'] },
      { in: ['C39', { var: 'industryCodes' }] },
      { in: [{ var: 'county' }, ['410422', '410402']] },
      { '!': [{ or: [{ '>': [{ var: 'annualRevenue' }, 500] }, { '==': [{ var: 'industry' }, 'I'] }] }] },
    ].map((f) => parseRule(JSON.stringify(f)));
    let agreed = 0;
    for (let n = 0; n < 400; n++) {
      const f = {
        ...base,
        county: n % 3 === 0 ? '410402' : '410411',
        industry: n % 4 === 0 ? 'I' : 'C',
        industryCodes: n % 4 === 0 ? ['I'] : n % 2 ? ['C', 'C39'] : ['C', 'C31'],
        scale: ['MICRO', 'SMALL', 'MEDIUM', 'LARGE'][n % 4]!,
        establishedOn: n % 5 === 0 ? null : `20${10 + (n % 15)}-06-01`,
        aboveScale: n % 7 === 0 ? null : n % 2 === 0,
        annualRevenue: n % 6 === 0 ? null : n * 3,
        employees: n % 9 === 0 ? null : n,
      };
      for (const form of forms) {
        const all = [compileRule(form.expression)(f), interpretRule(form.expression)(f), compileNative(form)(f)];
        expect(new Set([...all, explain(form, f).eligible]).size, JSON.stringify([form.expression, f])).toBe(1);
        agreed++;
      }
    }
    expect(agreed).toBe(3200);
    expect(explain(rule, cases[1]!).failed.map((f) => [f.fact, f.operator])).toEqual([
      ['scale', 'not =='],
      ['establishedOn', '>'],
    ]);
  });
});

describe('applying for an item of an unpublished policy', () => {
  it('answers exactly as for a random id (NOT_FOUND), not CONFLICT', async () => {
    const make = factories(conn);
    const files = [await make.file(A), await make.file(A)];
    const apply = (itemId: string) =>
      run(
        tokens.enterpriseA,
        `mutation($input: ApplyForRedemptionInput!) { applyForRedemption(input: $input) { id } }`,
        {
          input: {
            itemId,
            projectName: '未发布政策的申报',
            materials: i.review.requiredMaterials.map((name, n) => ({ name, fileId: files[n] })),
            contactName: '李建国',
            contactPhone: '13937561234',
          },
        },
      );
    const randomId = '3f0c2a4e-8b1d-4c5e-9f6a-7b8c9d0e1f2a';
    const random = await apply(randomId);
    expect(codeOf(random)).toBe('NOT_FOUND');
    const draft = await make.policy({ status: 'DRAFT', departmentCode: 'miit', countyCode: '410422' });
    const withdrawn = await make.policy({ status: 'WITHDRAWN', departmentCode: 'miit', countyCode: '410422' });
    for (const policy of [p.review, draft, withdrawn]) {
      const item = policy === p.review ? i.review : await make.item(policy);
      const res = await apply(item.id);
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toEqual(random.errors?.[0]?.extensions);
      expect(res.errors?.[0]?.message.replace(item.id, '<id>')).toBe(
        random.errors?.[0]?.message.replace(randomId, '<id>'),
      );
    }
  });
});
