/** Factories and tokens shared by the talent tests. */
import type { Database } from '@qq/db/client';
import { demoCreditCode, demoEnterprises } from '@qq/db/seed';
import { jobPostingEvents, jobPostings, type JobPostingStatus } from '@qq/db/schema/talent';
import { roleTokens, type RoleTokens } from '@qq/kit/testing';

/** Enterprise A (叶县 410422) and enterprise B (郏县 410425), outside the 60 seeded demo enterprises. */
const extra = demoEnterprises(12, 1200);
export const A = extra.find((e) => e.countyCode === '410422')!;
export const B = extra.find((e) => e.countyCode === '410425')!;
/** A valid credit code registered at the city level (characters 3–8 are 410400, not a county). */
export const CITY_LEVEL_CODE = demoCreditCode('410400', 4242);

let seq = 0;

export type PostingRow = typeof jobPostings.$inferSelect;

export async function makePosting(
  db: Database,
  over: Partial<typeof jobPostings.$inferInsert> & {
    enterpriseCode: string;
    countyCode: string;
    status: JobPostingStatus;
  },
): Promise<PostingRow> {
  seq++;
  // Later than every seeded posting, so fixtures come first in lists.
  const submittedAt = new Date(Date.parse('2026-03-02T01:00:00.000Z') + seq * 60_000);
  const [row] = await db
    .insert(jobPostings)
    .values({
      title: `测试岗位${seq}号`,
      category: 'MANUFACTURING',
      headcount: 2,
      salaryMin: 4000,
      salaryMax: 6000,
      education: 'HIGH_SCHOOL',
      description: '负责生产线设备操作和日常点检，能适应倒班。',
      contactName: '张伟',
      contactPhone: '13812345678',
      submittedBy: 'fixture',
      submittedAt: over.status === 'DRAFT' ? null : submittedAt,
      createdAt: submittedAt,
      revisedAt: submittedAt,
      publishedAt: over.status === 'PUBLISHED' ? submittedAt : null,
      rejectionReason: over.status === 'REJECTED' ? '岗位描述不完整' : null,
      departmentCode: 'hrss',
      ...over,
    })
    .returning();
  await db.insert(jobPostingEvents).values({
    subjectId: row!.id,
    action: 'SUBMIT',
    fromStatus: 'DRAFT',
    toStatus: 'PENDING_REVIEW',
    actor: 'fixture',
    actorRole: 'enterprise',
  });
  return row!;
}

/** Tokens of the role matrix: 人社局 leads the module (its 叶县 clerk signs as `hrss-yexian`), 发改委 is the other. */
export function tokens(): Promise<RoleTokens> {
  return roleTokens({ dept: 'hrss', otherDept: 'ndrc', enterpriseA: A.creditCode, enterpriseB: B.creditCode });
}
export type Tokens = RoleTokens;
export type RoleName = keyof Tokens;
