/** Row factories for the policies subgraph's tests: small, explicit, each row distinct. */
import type { Database } from '@qq/db/client';
import { createHash, randomUUID } from 'node:crypto';
import {
  applicationEvents,
  materialFiles,
  policies,
  redemptionApplications,
  redemptionItems,
  type RedemptionStatus,
} from '@qq/db/schema/policies';
import { makeCreditCode } from '@qq/kit';
import { roleTokens as kitRoleTokens, type RoleTokens } from '@qq/kit/testing';

export type PolicyRow = typeof policies.$inferSelect;
export type ItemRow = typeof redemptionItems.$inferSelect;
export type ApplicationRow = typeof redemptionApplications.$inferSelect;

const HOUR = 3600_000;
/** The path an application takes to reach each state (RETURNED branches off RECEIVED). */
const PATH: Record<RedemptionStatus, RedemptionStatus[]> = {
  SUBMITTED: ['SUBMITTED'],
  RECEIVED: ['SUBMITTED', 'RECEIVED'],
  RETURNED: ['SUBMITTED', 'RECEIVED', 'RETURNED'],
  ACCEPTED: ['SUBMITTED', 'RECEIVED', 'ACCEPTED'],
  PROCESSING: ['SUBMITTED', 'RECEIVED', 'ACCEPTED', 'PROCESSING'],
  COMPLETED: ['SUBMITTED', 'RECEIVED', 'ACCEPTED', 'PROCESSING', 'COMPLETED'],
  DISCLOSED: ['SUBMITTED', 'RECEIVED', 'ACCEPTED', 'PROCESSING', 'COMPLETED', 'DISCLOSED'],
};
const ACTION: Record<RedemptionStatus, string> = {
  SUBMITTED: 'SUBMIT',
  RECEIVED: 'RECEIVE',
  ACCEPTED: 'ACCEPT',
  RETURNED: 'RETURN',
  PROCESSING: 'PROCESS',
  COMPLETED: 'COMPLETE',
  DISCLOSED: 'DISCLOSE',
};

export function factories(db: Database) {
  let n = 0;
  // Every row gets its own instant, one hour apart, so that orders are predictable.
  const clock = () => new Date(Date.UTC(2025, 2, 3, 1, 0, 0) + ++n * HOUR);
  return {
    async policy(over: Partial<typeof policies.$inferInsert> = {}): Promise<PolicyRow> {
      const issuedAt = over.issuedAt ?? clock();
      const status = over.status ?? 'PUBLISHED';
      const [row] = await db
        .insert(policies)
        .values({
          title: `平顶山市测试惠企政策第${++n}号`,
          documentNumber: `平政〔2025〕${n}号`,
          summary: '支持企业发展的若干措施摘要。',
          body: '第一条 为支持企业发展，制定本措施。',
          status,
          issuedAt,
          publishDeadlineAt: new Date(issuedAt.getTime() + 24 * HOUR),
          publishedAt:
            status === 'PUBLISHED' || status === 'WITHDRAWN' ? new Date(issuedAt.getTime() + 2 * HOUR) : null,
          createdBy: 'staff-author',
          departmentCode: 'wrzwq',
          countyCode: '410400',
          ...over,
        })
        .returning();
      return row!;
    },
    async item(policy: PolicyRow, over: Partial<typeof redemptionItems.$inferInsert> = {}): Promise<ItemRow> {
      const [row] = await db
        .insert(redemptionItems)
        .values({
          policyId: policy.id,
          name: `测试兑现事项${++n}`,
          guide: '申报条件、流程与咨询电话见办事指南。',
          requiredMaterials: ['营业执照副本', '兑现申请表'],
          timeLimitDays: 10,
          maxAmount: 500_000,
          departmentCode: policy.departmentCode,
          countyCode: policy.countyCode,
          ...over,
        })
        .returning();
      return row!;
    },
    /** A material file uploaded for an enterprise (metadata only: no bytes are stored). */
    async file(enterpriseCode: string, fileName = `材料${++n}.pdf`): Promise<string> {
      const id = randomUUID();
      await db.insert(materialFiles).values({
        id,
        enterpriseCode,
        fileName,
        contentType: 'application/pdf',
        sizeBytes: 1024,
        sha256: createHash('sha256').update(id).digest('hex'),
        storageKey: `${enterpriseCode}/${id}`,
        uploadedBy: 'factory',
        stored: false,
      });
      return id;
    },
    /** An application with one event per step of its path. */
    async application(
      item: ItemRow,
      enterpriseCode: string,
      over: Partial<typeof redemptionApplications.$inferInsert> = {},
    ): Promise<ApplicationRow> {
      const status = over.status ?? 'SUBMITTED';
      const submittedAt = over.submittedAt ?? clock();
      const done = status === 'COMPLETED' || status === 'DISCLOSED';
      const [row] = await db
        .insert(redemptionApplications)
        .values({
          itemId: item.id,
          projectName: `测试项目${++n}`,
          enterpriseCode,
          status,
          amountRequested: 100_000,
          amountGranted: done ? 80_000 : null,
          materials: item.requiredMaterials.map((name, i) => ({ name, fileId: `file-${n}-${i}` })),
          contactName: '张伟',
          contactPhone: '13812345678',
          submittedAt,
          dueAt: new Date(submittedAt.getTime() + 14 * 24 * HOUR),
          completedAt: done ? new Date(submittedAt.getTime() + 5 * 24 * HOUR) : null,
          disclosedAt: status === 'DISCLOSED' ? new Date(submittedAt.getTime() + 6 * 24 * HOUR) : null,
          returnReason: status === 'RETURNED' ? '申请表缺少法定代表人签字' : null,
          departmentCode: item.departmentCode,
          countyCode: item.countyCode,
          ...over,
        })
        .returning();
      const path = PATH[status];
      await db.insert(applicationEvents).values(
        path.map((to, i) => ({
          subjectId: row!.id,
          action: ACTION[to],
          fromStatus: i === 0 ? null : path[i - 1]!,
          toStatus: to,
          actor: i === 0 ? 'enterprise-user' : 'staff-handler',
          actorRole: i === 0 ? 'enterprise' : 'staff',
          note: to === 'RETURNED' ? '申请表缺少法定代表人签字' : null,
          at: new Date(submittedAt.getTime() + i * 24 * HOUR),
        })),
      );
      return row!;
    },
  };
}

/** Enterprises registered in 叶县 (A), 郏县 (B) and 新华区 (C). */
export const A = makeCreditCode('410422', 101);
export const B = makeCreditCode('410425', 202);
export const C = makeCreditCode('410402', 303);

/** Tokens of the role matrix: 万人助万企办 leads the module, 人社局 is the other department. */
export function roleTokens(): Promise<RoleTokens> {
  return kitRoleTokens({ dept: 'wrzwq', otherDept: 'hrss', enterpriseA: A, enterpriseB: B });
}
/** The roles of the matrix. */
export type Role = Exclude<keyof RoleTokens, 'person'>;
