/**
 * A year of concluded demo cases (办件) before the current month, one per published service and month, so the monthly
 * evaluation (Art. 9–11) has twelve months of `serviceFigures` to score. Most cases conclude within their legal
 * deadline; 鲁山县 (410423) falls behind over the last four months and 人社局 over the last three, so the demo history
 * has laggards that end up as key supervision targets (重点督查对象).
 */
import { eq } from 'drizzle-orm';
import { workingDeadline } from '../calendar.ts';
import type { Database } from '../client.ts';
import { caseEvents, cases, services } from '../schema/platform.ts';
import { random } from './demo.ts';

const APPLICANTS = ['王建军', '李红梅', '张志强', '刘芳', '陈晓东', '杨丽', '赵国庆', '孙玉兰'];
const DAY = 86_400_000;

/** The first instant (China time) of the month `back` months before the one `now` falls in. */
function monthStart(now: Date, back: number): Date {
  const cst = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() - back, 1) - 8 * 3600_000);
}

/**
 * How likely a case of this unit is concluded late in the month `back` months ago (1: last month). Departments with
 * only a couple of services conclude on time: one late case would make their month.
 */
function lateness(departmentCode: string, countyCode: string, back: number, small: boolean): number {
  if (countyCode === '410423' && back <= 4) return 0.75;
  if (departmentCode === 'hrss' && back <= 3) return 0.75;
  return small ? 0 : 0.05;
}

export async function seedCaseHistory(
  db: Database,
  list: ReadonlyArray<{ creditCode: string }>,
  now: Date = new Date(),
): Promise<number> {
  if (list.length === 0) return 0;
  const r = random(20_251_201);
  const published = await db.select().from(services).where(eq(services.status, 'PUBLISHED')).orderBy(services.name);
  const perDepartment = new Map<string, number>();
  for (const s of published) perDepartment.set(s.departmentCode, (perDepartment.get(s.departmentCode) ?? 0) + 1);
  let made = 0;
  for (let back = 12; back >= 1; back--) {
    const start = monthStart(now, back);
    const end = monthStart(now, back - 1);
    const rows: Array<typeof cases.$inferInsert> = [];
    for (const [j, service] of published.entries()) {
      const receivedAt = new Date(start.getTime() + r.int(0, 12) * DAY + r.int(1, 8) * 3600_000);
      const acceptedAt = new Date(receivedAt.getTime() + 3600_000);
      const dueAt = workingDeadline(acceptedAt, Math.min(service.timeLimitDays, 10));
      const small = (perDepartment.get(service.departmentCode) ?? 0) < 5;
      const late = r.chance(lateness(service.departmentCode, service.countyCode, back, small));
      const concludedAt = late
        ? new Date(dueAt.getTime() + r.int(1, 4) * DAY)
        : new Date(Math.max(acceptedAt.getTime() + 3600_000, dueAt.getTime() - r.int(1, 3) * DAY));
      // Every case is concluded before the month after next, so each month's figures are settled.
      if (concludedAt >= new Date(end.getTime() + 20 * DAY) || concludedAt > now) continue;
      const stamp = new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 7).replace('-', '');
      rows.push({
        referenceNo: `BJH${stamp}${String(10_000 + j)}`,
        serviceId: service.id,
        serviceName: service.name,
        timeLimitDays: service.timeLimitDays,
        enterpriseCode: list[(j * 7 + back) % list.length]!.creditCode,
        applicantName: APPLICANTS[(j + back) % APPLICANTS.length]!,
        applicantPhone: `139375${String(20_000 + j * 13 + back).slice(-5)}`,
        channel: (j + back) % 3 === 0 ? 'OFFICE' : 'ONLINE',
        status: 'CONCLUDED',
        handlingUnit: service.countyCode === '410400' ? '市民服务中心综合受理窗口' : '政务服务中心综合受理窗口',
        appliedAt: receivedAt,
        receivedAt,
        acceptedAt,
        processingAt: acceptedAt,
        concludedAt,
        dueAt,
        outcome: 'APPROVED',
        lastStepAt: concludedAt,
        departmentCode: service.departmentCode,
        countyCode: service.countyCode,
        createdAt: receivedAt,
        updatedAt: concludedAt,
      });
    }
    if (rows.length === 0) continue;
    const inserted = await db.insert(cases).values(rows).returning();
    made += inserted.length;
    await db.insert(caseEvents).values(
      inserted.flatMap((c) => {
        const ev = (action: string, from: string | null, to: string, at: Date) => ({
          subjectId: c.id,
          action,
          fromStatus: from,
          toStatus: to,
          actor: action === 'RECEIVE' && c.channel === 'ONLINE' ? 'enterprise-demo' : `${c.departmentCode}-seed`,
          actorRole: action === 'RECEIVE' && c.channel === 'ONLINE' ? 'enterprise' : 'staff',
          note: null,
          data: { handlingUnit: c.handlingUnit },
          at,
        });
        return [
          ev('RECEIVE', null, 'RECEIVED', c.receivedAt),
          ev('ACCEPT', 'RECEIVED', 'ACCEPTED', c.acceptedAt!),
          ev('PROCESS', 'ACCEPTED', 'PROCESSING', c.processingAt!),
          ev('CONCLUDE', 'PROCESSING', 'CONCLUDED', c.concludedAt!),
        ];
      }),
    );
  }
  return made;
}
