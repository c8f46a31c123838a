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
import { tokenFor } from '@qq/kit/testing';
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
  outputValue?: number | null;
  employees?: number | null;
  preparerName?: string | null;
  preparerPhone?: string | null;
}

/** A report version with its submit (and review) events. */
export async function report(db: Database, values: ReportValues) {
  const id = randomUUID();
  const submittedAt = values.status === 'DRAFT' ? null : new Date('2026-10-10T02:00:00Z');
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

/** Tokens for the roles of the permission matrix. */
export async function roleTokens(a: string, b: string) {
  return {
    anonymous: undefined,
    enterpriseA: await tokenFor({ sub: 'ent-a', role: 'enterprise', enterprise: a }),
    enterpriseB: await tokenFor({ sub: 'ent-b', role: 'enterprise', enterprise: b }),
    yexianClerk: await tokenFor({ sub: 'clerk-yx', role: 'staff', dept: 'stats', county: '410422' }),
    cityStaff: await tokenFor({ sub: 'miit-city', role: 'staff', dept: 'miit', county: '410400' }),
    otherStaff: await tokenFor({ sub: 'ndrc-city', role: 'staff', dept: 'ndrc', county: '410400' }),
    analyst: await tokenFor({ sub: 'analyst-1', role: 'analyst' }),
    admin: await tokenFor({ sub: 'admin-1', role: 'admin', county: '410400' }),
    person: await tokenFor({ sub: 'person-1', role: 'person' }),
  };
}
