/** Factories for the commerce tests: rows with sensible defaults, and tokens for every role of the matrix. */
import { randomUUID } from 'node:crypto';
import type { ConnectOptions, Database } from '@qq/db/client';
import {
  bankProducts,
  financialInstitutions,
  financingApplications,
  financingNeeds,
  investmentProjects,
  opportunities,
  parks,
} from '@qq/db/schema/commerce';
import { demoEnterprises } from '@qq/db/seed';
import { makeCreditCode } from '@qq/kit';
import { roleTokens as kitRoleTokens, tokenFor, type RoleTokens, type TestDatabase } from '@qq/kit/testing';
import { INSTITUTION_PERM } from '../src/domain.ts';

export type ParkInsert = typeof parks.$inferInsert;
export type OpportunityInsert = typeof opportunities.$inferInsert;
export type FinancingInsert = typeof financingNeeds.$inferInsert;

let clock = Date.parse('2025-05-01T00:00:00Z');
/** Strictly increasing creation times (one second apart), so that "newest first" is predictable. */
export function nextTime(): Date {
  clock += 1000;
  return new Date(clock);
}

/** A day (YYYY-MM-DD) `n` days from today (UTC+8). */
export function inDays(n: number, from = new Date()): string {
  const d = new Date(from.getTime() + 8 * 3_600_000);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Demo enterprises: serial 5 is registered in 叶县 (410422), serial 7 in 郏县 (410425). */
const twelve = demoEnterprises(12);
export const enterpriseA = twelve[4]!;
export const enterpriseB = twelve[6]!;

export const YEXIAN = '410422';
export const JIAXIAN = '410425';

/** A published park by default, revised just now and valid for a year. */
export async function insertPark(db: Database, values: Partial<ParkInsert> = {}) {
  const at = nextTime();
  const [row] = await db
    .insert(parks)
    .values({
      name: `测试产业园区${randomUUID().slice(0, 8)}`,
      level: 'PROVINCIAL',
      areaHectares: 1200.5,
      leadingIndustries: ['装备制造', '新材料'],
      address: '河南省平顶山市叶县昆阳大道1号',
      description: '测试用产业园区。',
      departmentCode: 'ndrc',
      countyCode: YEXIAN,
      status: 'PUBLISHED',
      publishedAt: at,
      expiresOn: inDays(365),
      revisedAt: new Date(),
      ...values,
    })
    .returning();
  return row!;
}

export async function insertProject(db: Database, values: Partial<typeof investmentProjects.$inferInsert> = {}) {
  const at = nextTime();
  const status = values.status ?? 'PUBLISHED';
  const [row] = await db
    .insert(investmentProjects)
    .values({
      title: '叶县尼龙纤维纺织配套项目',
      industryCode: 'C',
      address: '河南省叶县昆阳大道',
      investmentAmount: 65000,
      stage: 'NEGOTIATING',
      description: '拟建设尼龙纤维纺织配套生产线，欢迎洽谈。',
      contactName: '张建国',
      contactPhone: '0375-8123456',
      createdBy: 'factory',
      status,
      publishedAt: status === 'PUBLISHED' ? at : null,
      expiresOn: inDays(365),
      revisedAt: new Date(),
      departmentCode: 'mofcom',
      countyCode: YEXIAN,
      createdAt: at,
      updatedAt: at,
      ...values,
    })
    .returning();
  return row!;
}

export async function insertOpportunity(db: Database, values: Partial<OpportunityInsert> = {}) {
  const at = nextTime();
  const status = values.status ?? 'PUBLISHED';
  const [row] = await db
    .insert(opportunities)
    .values({
      kind: 'SUPPLY',
      title: '供应尼龙66切片',
      description: '长期稳定供应尼龙66切片，欢迎洽谈。',
      industryCode: 'C',
      enterpriseCode: enterpriseA.creditCode,
      contactName: '王建国',
      contactPhone: '13812345678',
      status,
      submittedBy: 'factory',
      submittedAt: at,
      publishedAt: status === 'PUBLISHED' ? at : null,
      expiresOn: inDays(180),
      revisedAt: at,
      departmentCode: 'mofcom',
      countyCode: YEXIAN,
      createdAt: at,
      updatedAt: at,
      ...values,
    })
    .returning();
  return row!;
}

export async function insertFinancingNeed(db: Database, values: Partial<FinancingInsert> & { enterpriseCode: string }) {
  const at = nextTime();
  const [row] = await db
    .insert(financingNeeds)
    .values({
      amount: 500,
      purpose: '购买原材料，补充流动资金',
      termMonths: 12,
      guarantee: 'CREDIT',
      contactName: '李红梅',
      contactPhone: '13987654321',
      status: 'OPEN',
      submittedBy: 'factory',
      departmentCode: 'mofcom',
      countyCode: YEXIAN,
      createdAt: at,
      updatedAt: at,
      ...values,
    })
    .returning();
  return row!;
}

let institutionSerial = 880000;
/** A registered institution in 叶县 unless told otherwise. */
export async function insertInstitution(db: Database, values: Partial<typeof financialInstitutions.$inferInsert> = {}) {
  const county = values.countyCode ?? YEXIAN;
  const [row] = await db
    .insert(financialInstitutions)
    .values({
      creditCode: makeCreditCode(county, ++institutionSerial),
      name: `测试银行${randomUUID().slice(0, 8)}`,
      kind: 'BANK',
      address: '河南省平顶山市叶县昆阳大道',
      hotline: '95588',
      createdBy: 'factory',
      departmentCode: 'mofcom',
      countyCode: county,
      ...values,
    })
    .returning();
  return row!;
}

/** A published product of the institution: 3.5–4.5 %, 1–36 months, 10–1000 万元, open to all by default. */
export async function insertProduct(
  db: Database,
  institution: { creditCode: string; countyCode: string },
  values: Partial<typeof bankProducts.$inferInsert> = {},
) {
  const at = nextTime();
  const status = values.status ?? 'PUBLISHED';
  const [row] = await db
    .insert(bankProducts)
    .values({
      institutionCode: institution.creditCode,
      name: '测试信用贷',
      description: '测试用的线上信用贷款产品。',
      rateMin: 3.5,
      rateMax: 4.5,
      termMinMonths: 1,
      termMaxMonths: 36,
      amountMin: 10,
      amountMax: 1000,
      contactName: '赵客户',
      contactPhone: '13700001111',
      createdBy: 'factory',
      status,
      publishedAt: status === 'PUBLISHED' ? at : null,
      expiresOn: inDays(365),
      revisedAt: new Date(),
      departmentCode: 'mofcom',
      countyCode: institution.countyCode,
      createdAt: at,
      updatedAt: at,
      ...values,
    })
    .returning();
  return row!;
}

export async function insertApplication(
  db: Database,
  need: { id: string; enterpriseCode: string; countyCode: string; amount: number; termMonths: number },
  product: { id: string; institutionCode: string },
  values: Partial<typeof financingApplications.$inferInsert> = {},
) {
  const at = nextTime();
  const [row] = await db
    .insert(financingApplications)
    .values({
      needId: need.id,
      productId: product.id,
      institutionCode: product.institutionCode,
      enterpriseCode: need.enterpriseCode,
      amount: need.amount,
      termMonths: need.termMonths,
      status: 'SUBMITTED',
      submittedBy: 'factory',
      submittedAt: at,
      departmentCode: 'mofcom',
      countyCode: need.countyCode,
      createdAt: at,
      updatedAt: at,
      ...values,
    })
    .returning();
  return row!;
}

/** Tokens of the role matrix: 商务局 leads the module, 发改委 is the other department. */
export function roleTokens(): Promise<RoleTokens> {
  return kitRoleTokens({
    dept: 'mofcom',
    otherDept: 'ndrc',
    enterpriseA: enterpriseA.creditCode,
    enterpriseB: enterpriseB.creditCode,
  });
}
export type Roles = RoleTokens;

/** A staff member of a department in a unit. */
export function staffToken(dept: 'mofcom' | 'ndrc' | 'hrss', county: string, sub = `${dept}-${county}`) {
  return tokenFor({ sub, role: 'staff', dept, county });
}

/** An enterprise user. */
export function enterpriseToken(creditCode: string, sub = `user-${creditCode.slice(-6)}`) {
  return tokenFor({ sub, role: 'enterprise', enterprise: creditCode });
}

/** A financial institution's staff member: a user of its credit code with the institution permission. */
export function institutionToken(creditCode: string, sub = `bank-${creditCode.slice(-6)}`) {
  return tokenFor({ sub, role: 'enterprise', enterprise: creditCode, perms: [INSTITUTION_PERM] });
}

/**
 * A connection as production runs the subgraph: on PostgreSQL as the `qq_commerce` role that reaches only the
 * commerce schema (PGlite has one user, so there it is the plain connection).
 */
export async function subgraphConnection(db: TestDatabase, options: ConnectOptions = {}): Promise<Database> {
  return db.connectAs('commerce', options);
}
