/** Small factories for the statistics tables: each test makes the rows it needs. */
import type { Database } from '@qq/db/client';
import { demoCreditCode } from '@qq/db/seed';
import {
  aboveScale,
  reportEvents,
  reports,
  supervisingDepartment,
  type AboveScaleCategory,
  type ReportStatus,
} from '@qq/db/schema/statistics';
import { roleTokens as kitRoleTokens, type RoleTokens } from '@qq/kit/testing';
import { randomUUID } from 'node:crypto';

let serial = 9000;
/** A fresh valid credit code registered in `county`. */
export function creditCode(county: string): string {
  return demoCreditCode(county, ++serial);
}

export async function registerRecord(
  db: Database,
  values: { enterpriseCode: string; countyCode: string; category: AboveScaleCategory; since?: string; until?: string },
) {
  await db.insert(aboveScale).values({
    since: '2020-01-01',
    ...values,
    departmentCode: supervisingDepartment(values.category),
  });
}

export interface ReportValues {
  enterpriseCode: string;
  countyCode: string;
  category: AboveScaleCategory;
  formCode: string;
  period: string;
  status: ReportStatus;
  version?: number;
  current?: boolean;
  revenue?: number | null;
  mainBusinessRevenue?: number | null;
  outputValue?: number | null;
  employees?: number | null;
  preparerName?: string | null;
  preparerPhone?: string | null;
  submittedAt?: Date | null;
}

/** A report version with its submit (and review) events. */
export async function report(db: Database, values: ReportValues) {
  const id = randomUUID();
  const submittedAt = values.status === 'DRAFT' ? null : (values.submittedAt ?? new Date('2026-10-10T02:00:00Z'));
  const [row] = await db
    .insert(reports)
    .values({
      id,
      departmentCode: supervisingDepartment(values.category),
      submittedAt,
      ...values,
    })
    .returning();
  if (values.status !== 'DRAFT') {
    const base = { subjectId: id, data: null, note: null };
    await db.insert(reportEvents).values({
      ...base,
      action: 'submit',
      fromStatus: null,
      toStatus: 'SUBMITTED',
      actor: `ent-${values.enterpriseCode}`,
      actorRole: 'enterprise',
    });
    if (values.status === 'ACCEPTED' || values.status === 'RETURNED') {
      await db.insert(reportEvents).values({
        ...base,
        action: values.status === 'ACCEPTED' ? 'accept' : 'return',
        fromStatus: 'SUBMITTED',
        toStatus: values.status,
        actor: 'clerk-zhang',
        actorRole: 'staff',
      });
    }
  }
  return row!;
}

/** Tokens for the roles of the permission matrix: a 统计局 clerk, city staff of 工信局 (the other lead), 发改委. */
export function roleTokens(a: string, b: string): Promise<RoleTokens> {
  return kitRoleTokens({ dept: 'stats', cityDept: 'miit', otherDept: 'ndrc', enterpriseA: a, enterpriseB: b });
}
