/** Factories for the commerce tests: rows with sensible defaults, and tokens for every role of the matrix. */
import { randomUUID } from 'node:crypto';
import type { ConnectOptions, Database } from '@qq/db/client';
import { financingNeeds, opportunities, parks } from '@qq/db/schema/commerce';
import { demoEnterprises } from '@qq/db/seed';
import { roleTokens as kitRoleTokens, type RoleTokens, type TestDatabase } from '@qq/kit/testing';

export type ParkInsert = typeof parks.$inferInsert;
export type OpportunityInsert = typeof opportunities.$inferInsert;
export type FinancingInsert = typeof financingNeeds.$inferInsert;

let clock = Date.parse('2025-05-01T00:00:00Z');
/** Strictly increasing creation times (one second apart), so that "newest first" is predictable. */
export function nextTime(): Date {
  clock += 1000;
  return new Date(clock);
}

export async function insertPark(db: Database, values: Partial<ParkInsert> = {}) {
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
      countyCode: '410422',
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
      contactName: '王建国',
      contactPhone: '13812345678',
      status,
      submittedBy: 'factory',
      publishedAt: status === 'PUBLISHED' ? at : null,
      departmentCode: 'mofcom',
      countyCode: '410422',
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
      countyCode: '410422',
      createdAt: at,
      updatedAt: at,
      ...values,
    })
    .returning();
  return row!;
}

/** Demo enterprises: serial 5 is registered in 叶县 (410422), serial 7 in 郏县 (410425). */
const twelve = demoEnterprises(12);
export const enterpriseA = twelve[4]!;
export const enterpriseB = twelve[6]!;

export const YEXIAN = '410422';
export const JIAXIAN = '410425';

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

/**
 * A connection as production runs the subgraph: on PostgreSQL as the `qq_commerce` role that reaches only the
 * commerce schema (PGlite has one user, so there it is the plain connection).
 */
export async function subgraphConnection(db: TestDatabase, options: ConnectOptions = {}): Promise<Database> {
  return db.connectAs('commerce', options);
}
