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
  QUALIFICATIONS,
  units,
  type AboveScaleCategory,
  type ReportStatus,
} from '../schema/statistics.ts';
import { workdayCalendar } from '../calendar.ts';
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

/** GB/T 4754-2017 classes the demo enterprises of each section are given (统计单位的行业代码). */
const CLASSES_OF_SECTION: Record<string, readonly string[]> = {
  A: ['A0111', 'A0311'],
  B: ['B0610', 'B1019'],
  C: ['C3311', 'C2651', 'C3130', 'C3071', 'C1369', 'C1711', 'C3441', 'C3824'],
  D: ['D4411', 'D4416', 'D4430', 'D4511'],
  E: ['E4710', 'E4812', 'E4910'],
  F: ['F5139', 'F5171', 'F5211', 'F5212', 'F5251'],
  G: ['G5430', 'G5920'],
  H: ['H6110', 'H6210'],
  I: ['I6513', 'I6531'],
  K: ['K7010'],
  L: ['L7212', 'L7259'],
  M: ['M7452', 'M7483'],
  R: ['R8810', 'R9020'],
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

/**
 * The 24 reporting months of the demo, November 2024 to October 2026 (the demo's "now" is late November 2026: October's
 * reports are due on 18 November, November's open on 1 December).
 */
export const DEMO_PERIODS: readonly string[] = Array.from({ length: 24 }, (_, i) => {
  const month = 10 + i; // months after January 2024
  return `${2024 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
});
const LATEST = DEMO_PERIODS.at(-1)!;

/** Seasonal factor of a month's revenue (the February report covers January too; December closes the year). */
const SEASON: Record<string, number> = {
  '02': 1.85,
  '03': 1.0,
  '04': 0.98,
  '05': 1.0,
  '06': 1.08,
  '07': 0.95,
  '08': 0.96,
  '09': 1.03,
  '10': 1.0,
  '11': 1.02,
  '12': 1.18,
};

/** Deadline of a period: the 18th of the next month, or the next working day. */
const DUE_ON = new Map(
  DEMO_PERIODS.map((period) => {
    const [year, month] = period.split('-').map(Number) as [number, number];
    const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
    return [period, workdayCalendar().addWorkingDays(`${next}-18`, 0)];
  }),
);

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

function vary(r: Random, base: number, spread: number): number {
  return Math.round(base * (1 - spread + 2 * spread * r.next()) * 10) / 10;
}

type ReportValues = typeof reports.$inferInsert;
type EventValues = typeof reportEvents.$inferInsert;

export async function seedStatistics(db: Database, enterprises: DemoEnterprise[]): Promise<void> {
  await seedUnits(db, enterprises);
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

    // Each enterprise grows (or shrinks) steadily; about one in twelve fell sharply in 2025 (a register exit to derive).
    const growth = r.int(-6, 16) / 100;
    const slump = r.chance(0.08);
    const months = (period: string) => DEMO_PERIODS.indexOf(period);
    const recordFrom = register.at(-1)!.since;

    for (const form of STATISTICAL_FORMS.filter((f) => f.categories.includes(category))) {
      for (const period of DEMO_PERIODS) {
        if (form.frequency === 'QUARTERLY' && !['03', '06', '09', '12'].includes(period.slice(5))) continue;
        // January is exempt for monthly forms (the February report covers it); nothing before entering the register.
        if (form.frequency === 'MONTHLY' && period.endsWith('-01')) continue;
        if (`${period}-31` < recordFrom) continue;
        const span = form.frequency === 'QUARTERLY' ? 3 : 1;
        const season = form.frequency === 'QUARTERLY' ? 1 : (SEASON[period.slice(5)] ?? 1);
        const trend = (1 + growth) ** (months(period) / 12) * (slump && period.startsWith('2025') ? 0.2 : 1);
        const carries = formFigures(form);
        const figures = () => {
          const revenue = carries.includes('revenue') ? vary(r, baseRevenue * span * season * trend, 0.06) : null;
          return {
            revenue,
            mainBusinessRevenue:
              revenue !== null && carries.includes('mainBusinessRevenue') ? Math.round(revenue * 92) / 100 : null,
            outputValue: carries.includes('outputValue')
              ? vary(r, baseRevenue * span * season * trend * 1.04, 0.08)
              : null,
            employees: carries.includes('employees')
              ? Math.round(vary(r, baseEmployees * (1 + growth / 3), 0.03))
              : null,
          };
        };
        const latest = period === LATEST;
        // 漏报: about one in twenty-five reports was never filed (more in the latest month, not yet chased).
        if (r.chance(latest ? 0.07 : 0.04)) continue;
        // 迟报: about one in twelve came in after the deadline.
        const due = DUE_ON.get(period)!;
        const late = r.chance(0.08);
        const [dy, dm] = due.split('-').map(Number) as [number, number];
        const submittedAt = late
          ? new Date(Date.UTC(dy, dm - 1, Number(due.slice(8)) + r.int(1, 9), r.int(9, 17) - 8, r.int(0, 59)))
          : new Date(Date.UTC(dy, dm - 1, r.int(3, 17), r.int(9, 17) - 8, r.int(0, 59), r.int(0, 59)));
        // Older periods are reviewed; the latest mostly waits for review.
        const roll = r.next();
        const outcome: 'ACCEPTED' | 'SUBMITTED' | 'RETURNED' | 'CORRECTED' = latest
          ? roll < 0.3
            ? 'ACCEPTED'
            : roll < 0.95
              ? 'SUBMITTED'
              : 'RETURNED'
          : roll < 0.86
            ? 'ACCEPTED'
            : roll < 0.97 || months(period) < 20
              ? 'CORRECTED'
              : 'RETURNED';
        const base = { enterpriseCode: e.creditCode, formCode: form.code, category, period, ...unit };
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
          first.acceptedAt = reviewedAt;
          events.push({
            subjectId: first.id!,
            action: 'accept',
            fromStatus: 'SUBMITTED',
            toStatus: 'ACCEPTED',
            ...reviewer,
          });
          continue;
        }
        const reason = r.pick(RETURN_REASONS);
        first.returnedAt = reviewedAt;
        first.returnReasons = [{ field: null, text: reason }];
        events.push({
          subjectId: first.id!,
          action: 'return',
          fromStatus: 'SUBMITTED',
          toStatus: 'RETURNED',
          note: reason,
          ...reviewer,
        });
        if (outcome === 'RETURNED') continue;
        // Corrected: version 2 filed a day or two after the return, then accepted.
        const correctedAt = new Date(reviewedAt.getTime() + r.int(1, 2) * 86_400_000);
        const acceptedAt = new Date(correctedAt.getTime() + 86_400_000);
        const second: ReportValues = {
          ...first,
          id: demoUuid(r, correctedAt.getTime()),
          version: 2,
          current: true,
          status: 'ACCEPTED',
          ...figures(),
          submittedAt: correctedAt,
          acceptedAt,
          returnedAt: null,
          returnReasons: null,
          createdAt: correctedAt,
          updatedAt: correctedAt,
        };
        reportRows.push(second);
        events.push(
          {
            subjectId: first.id!,
            action: 'resubmit',
            fromStatus: 'RETURNED',
            toStatus: 'RETURNED',
            note: '由第 2 版重报',
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
            data: { formCode: form.code, period, replaces: first.id, as: 'resubmit' },
            at: correctedAt,
          },
          {
            subjectId: second.id!,
            action: 'accept',
            fromStatus: 'SUBMITTED',
            toStatus: 'ACCEPTED',
            ...reviewer,
            at: acceptedAt,
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

/**
 * Every demo enterprise as a statistical unit: an industry class of its section (its own generator, so the register
 * and the reports drawn above do not depend on it) and, for builders, a contracting qualification for most.
 * Deterministic: the other departments' demo copies of the classes (what their nightly feeds would read through the
 * graph) are made from the same list.
 */
export function demoUnits(enterprises: DemoEnterprise[]): Array<typeof units.$inferInsert> {
  const r = random(4754_2017);
  const rows: Array<typeof units.$inferInsert> = [];
  for (const e of enterprises) {
    const classes = CLASSES_OF_SECTION[e.industryCode];
    if (!classes) continue;
    const industryCode = r.pick(classes);
    const qualification = e.industryCode === 'E' && r.chance(0.8) ? r.pick(QUALIFICATIONS) : null;
    rows.push({ enterpriseCode: e.creditCode, industryCode, qualification, countyCode: e.countyCode });
  }
  return rows;
}

/** The statistical unit's class of each demo enterprise that has one, by credit code. */
export function demoUnitClasses(enterprises: DemoEnterprise[]): Map<string, string> {
  return new Map(demoUnits(enterprises).map((u) => [u.enterpriseCode, u.industryCode]));
}

/**
 * A department's copy of the demo enterprises' county and industry (`enterprise_industries`), as its nightly feed
 * would have read them through the graph: the registry's (platform) and the statistical unit's class (statistics).
 */
export function demoEnterpriseIndustries(enterprises: DemoEnterprise[]) {
  const classes = demoUnitClasses(enterprises);
  const refreshedAt = new Date('2026-11-27T01:40:00+08:00');
  return enterprises.map((e) => ({
    creditCode: e.creditCode,
    countyCode: e.countyCode,
    industryCode: e.industryCode,
    unitIndustryCode: classes.get(e.creditCode) ?? null,
    refreshedAt,
  }));
}

async function seedUnits(db: Database, enterprises: DemoEnterprise[]): Promise<void> {
  const rows = demoUnits(enterprises);
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(units)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing();
  }
}
