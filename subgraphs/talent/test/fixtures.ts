/** Factories and tokens shared by the talent tests. */
import type { Database } from '@qq/db/client';
import { demoCreditCode, demoEnterprises } from '@qq/db/seed';
import { jobPostingEvents, jobPostings, talentPolicies, type JobPostingStatus } from '@qq/db/schema/talent';
import { tokenFor } from '@qq/kit/testing';

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
      submittedAt,
      publishedAt: over.status === 'PUBLISHED' ? submittedAt : null,
      rejectionReason: over.status === 'REJECTED' ? '岗位描述不完整' : null,
      departmentCode: 'hrss',
      ...over,
    })
    .returning();
  await db.insert(jobPostingEvents).values({
    subjectId: row!.id,
    action: 'submit',
    fromStatus: null,
    toStatus: 'PENDING_REVIEW',
    actor: 'fixture',
    actorRole: 'enterprise',
  });
  return row!;
}

export async function makePolicy(
  db: Database,
  over: Partial<typeof talentPolicies.$inferInsert> & { countyCode: string; departmentCode: string },
) {
  seq++;
  const [row] = await db
    .insert(talentPolicies)
    .values({
      title: `测试人才政策${seq}`,
      summary: '测试摘要',
      body: '测试正文',
      publishedAt: new Date(Date.parse('2026-03-01T00:00:00.000Z') + seq * 60_000),
      ...over,
    })
    .returning();
  return row!;
}

export async function tokens() {
  return {
    anonymous: undefined,
    person: await tokenFor({ sub: 'seeker-1', role: 'person' }),
    enterpriseA: await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: A.creditCode }),
    enterpriseB: await tokenFor({ sub: 'ent-b', role: 'enterprise', enterprise: B.creditCode }),
    clerk: await tokenFor({ sub: 'hrss-yexian', role: 'staff', dept: 'hrss', county: '410422' }),
    cityStaff: await tokenFor({ sub: 'hrss-city', role: 'staff', dept: 'hrss', county: '410400' }),
    otherStaff: await tokenFor({ sub: 'ndrc-city', role: 'staff', dept: 'ndrc', county: '410400' }),
    analyst: await tokenFor({ sub: 'analyst-1', role: 'analyst' }),
    admin: await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' }),
  };
}
export type Tokens = Awaited<ReturnType<typeof tokens>>;
export type RoleName = keyof Tokens;
