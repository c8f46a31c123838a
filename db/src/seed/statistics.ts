/**
 * Demo rows of the `statistics` schema: the 四上企业 register of the demo enterprises and their statistical reports for
 * 2026-09 and 2026-10 (accepted, waiting for review, returned and corrected), with the events of each version.
 * Deterministic (fixed seed, fixed dates) and idempotent (existing rows are left alone); callable inside a transaction.
 */
import type { Database } from '../client.ts';
import {
  aboveScale,
  reportEvents,
  reports,
  STATISTICAL_FORMS,
  formFigures,
  supervisingDepartment,
  type AboveScaleCategory,
  type ReportStatus,
} from '../schema/statistics.ts';
import { mobile, personName, random, type DemoEnterprise, type Random } from './demo.ts';

/** The register category of an industry section (GB/T 4754), where there is one. */
const CATEGORY_OF_SECTION: Record<string, AboveScaleCategory> = {
  B: 'INDUSTRY',
  C: 'INDUSTRY',
  D: 'INDUSTRY',
  E: 'CONSTRUCTION',
  F: 'WHOLESALE_RETAIL',
  H: 'ACCOMMODATION_CATERING',
  G: 'SERVICES',
  I: 'SERVICES',
  L: 'SERVICES',
  M: 'SERVICES',
  R: 'SERVICES',
  K: 'REAL_ESTATE',
};

/** Share of enterprises of each size class above the thresholds. */
const ABOVE_SHARE = { LARGE: 1, MEDIUM: 0.9, SMALL: 0.45, MICRO: 0.04 } as const;
/** Monthly revenue (千元) and persons employed, by size class. */
const MONTHLY_REVENUE = {
  LARGE: [80_000, 600_000],
  MEDIUM: [8_000, 80_000],
  SMALL: [1_800, 9_000],
  MICRO: [1_700, 3_000],
};
const EMPLOYEES = { LARGE: [1_000, 6_000], MEDIUM: [150, 1_000], SMALL: [30, 300], MICRO: [10, 60] };

const PERIODS = ['2026-09', '2026-10'] as const;

const RETURN_REASONS = [
  '本期数据与上期相比波动较大，请核实后重新报送。',
  '从业人员数与社保参保人数差异较大，请说明原因或更正。',
  '营业收入与税务开票数据不一致，请核实。',
  '总产值明显偏离历史水平，请核实计量口径（千元）。',
];

/** A deterministic UUID version 7 for `ms`, the random bits drawn from the seed. */
function demoUuid(r: Random, ms: number): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const time = hex(ms, 12);
  const rand = Array.from({ length: 5 }, () => hex(r.int(0, 0xffff), 4)).join('');
  const variant = hex(0x8000 | (r.int(0, 0xffff) & 0x3fff), 4);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}-${rand.slice(3, 15)}`;
}

/** An instant `days` after the end of `period`, during office hours in China Standard Time. */
function afterPeriod(r: Random, period: string, days: number): Date {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const hour = r.int(9, 17) - 8; // CST → UTC
  return new Date(Date.UTC(year, month, days, hour, r.int(0, 59), r.int(0, 59)));
}

function vary(r: Random, base: number, spread: number): number {
  return Math.round(base * (1 - spread + 2 * spread * r.next()) * 10) / 10;
}

type ReportValues = typeof reports.$inferInsert;
type EventValues = typeof reportEvents.$inferInsert;

export async function seedStatistics(db: Database, enterprises: DemoEnterprise[]): Promise<void> {
  const r = random(4104_2026);
  const register: Array<typeof aboveScale.$inferInsert> = [];
  const reportRows: ReportValues[] = [];
  const events: EventValues[] = [];

  for (const e of enterprises) {
    const category = CATEGORY_OF_SECTION[e.industryCode];
    if (!category || !r.chance(ABOVE_SHARE[e.scale])) continue;
    const departmentCode = supervisingDepartment(category);
    const unit = { departmentCode, countyCode: e.countyCode };
    const sinceYear = r.int(2014, 2026);
    const since = sinceYear === 2026 ? `2026-${String(r.int(1, 6)).padStart(2, '0')}-01` : `${sinceYear}-01-01`;
    // About one in twelve left the register at a year end (退库) and files no more reports.
    const left = sinceYear <= 2024 && r.chance(0.08);
    register.push({
      enterpriseCode: e.creditCode,
      category,
      since,
      until: left ? `${r.int(sinceYear, 2025)}-12-31` : null,
      ...unit,
    });
    if (left) continue;

    const [revLo, revHi] = MONTHLY_REVENUE[e.scale];
    const [empLo, empHi] = EMPLOYEES[e.scale];
    const baseRevenue = r.int(revLo!, revHi!);
    const baseEmployees = r.int(empLo!, empHi!);
    const preparerName = personName(r);
    const preparerPhone = mobile(r);
    const staff = `staff-${departmentCode}-${e.countyCode}`;
    const enterpriseUser = `ent-${e.creditCode}`;

    for (const form of STATISTICAL_FORMS.filter((f) => f.categories.includes(category))) {
      for (const period of PERIODS) {
        if (form.frequency === 'QUARTERLY' && !period.endsWith('-09')) continue;
        const months = form.frequency === 'QUARTERLY' ? 3 : 1;
        const carries = formFigures(form);
        const figures = () => {
          const revenue = carries.includes('revenue') ? vary(r, baseRevenue * months, 0.12) : null;
          return {
            revenue,
            mainBusinessRevenue:
              revenue !== null && carries.includes('mainBusinessRevenue') ? Math.round(revenue * 92) / 100 : null,
            outputValue: carries.includes('outputValue') ? vary(r, baseRevenue * months * 1.04, 0.15) : null,
            employees: carries.includes('employees') ? Math.round(vary(r, baseEmployees, 0.03)) : null,
          };
        };
        // The older period is mostly reviewed; the newer one mostly waits for review.
        const roll = r.next();
        const older = period === PERIODS[0];
        const outcome: 'ACCEPTED' | 'SUBMITTED' | 'RETURNED' | 'CORRECTED' = older
          ? roll < 0.82
            ? 'ACCEPTED'
            : roll < 0.92
              ? 'CORRECTED'
              : 'RETURNED'
          : roll < 0.3
            ? 'ACCEPTED'
            : roll < 0.95
              ? 'SUBMITTED'
              : 'RETURNED';
        const base = { enterpriseCode: e.creditCode, formCode: form.code, category, period, ...unit };
        const submittedAt = afterPeriod(r, period, r.int(3, 12));
        const first: ReportValues = {
          ...base,
          id: demoUuid(r, submittedAt.getTime()),
          version: 1,
          current: outcome !== 'CORRECTED',
          status: (outcome === 'CORRECTED' ? 'RETURNED' : outcome) as ReportStatus,
          ...figures(),
          preparerName,
          preparerPhone,
          submittedAt,
          createdAt: submittedAt,
          updatedAt: submittedAt,
        };
        reportRows.push(first);
        const actor = { actor: enterpriseUser, actorRole: 'enterprise', data: { formCode: form.code, period } };
        events.push({
          subjectId: first.id!,
          action: 'submit',
          fromStatus: null,
          toStatus: 'SUBMITTED',
          ...actor,
          at: submittedAt,
        });
        if (outcome === 'SUBMITTED') continue;
        const reviewedAt = new Date(submittedAt.getTime() + r.int(1, 3) * 86_400_000);
        const reviewer = { actor: staff, actorRole: 'staff', at: reviewedAt };
        if (outcome === 'ACCEPTED') {
          events.push({
            subjectId: first.id!,
            action: 'accept',
            fromStatus: 'SUBMITTED',
            toStatus: 'ACCEPTED',
            ...reviewer,
          });
          continue;
        }
        events.push({
          subjectId: first.id!,
          action: 'return',
          fromStatus: 'SUBMITTED',
          toStatus: 'RETURNED',
          note: r.pick(RETURN_REASONS),
          ...reviewer,
        });
        if (outcome === 'RETURNED') continue;
        // Corrected: version 2 filed a day or two after the return, then accepted.
        const correctedAt = new Date(reviewedAt.getTime() + r.int(1, 2) * 86_400_000);
        const second: ReportValues = {
          ...first,
          id: demoUuid(r, correctedAt.getTime()),
          version: 2,
          current: true,
          status: 'ACCEPTED',
          ...figures(),
          submittedAt: correctedAt,
          createdAt: correctedAt,
          updatedAt: correctedAt,
        };
        reportRows.push(second);
        events.push(
          {
            subjectId: first.id!,
            action: 'correct',
            fromStatus: 'RETURNED',
            toStatus: 'RETURNED',
            note: '由第 2 版更正',
            ...actor,
            data: { supersededByVersion: 2 },
            at: correctedAt,
          },
          {
            subjectId: second.id!,
            action: 'submit',
            fromStatus: null,
            toStatus: 'SUBMITTED',
            ...actor,
            at: correctedAt,
          },
          {
            subjectId: second.id!,
            action: 'accept',
            fromStatus: 'SUBMITTED',
            toStatus: 'ACCEPTED',
            ...reviewer,
            at: new Date(correctedAt.getTime() + 86_400_000),
          },
        );
      }
    }
  }

  for (let i = 0; i < register.length; i += 500) {
    await db
      .insert(aboveScale)
      .values(register.slice(i, i + 500))
      .onConflictDoNothing();
  }
  // Events only for the versions inserted now, so that a second run adds nothing.
  const inserted = new Set<string>();
  for (let i = 0; i < reportRows.length; i += 500) {
    const rows = await db
      .insert(reports)
      .values(reportRows.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: reports.id });
    for (const row of rows) inserted.add(row.id);
  }
  const newEvents = events.filter((e) => inserted.has(e.subjectId));
  for (let i = 0; i < newEvents.length; i += 500) {
    await db.insert(reportEvents).values(newEvents.slice(i, i + 500));
  }
}
