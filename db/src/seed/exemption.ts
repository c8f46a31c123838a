/**
 * Demo rows of 免申即享 and 万人助万企 (`policies` schema): the facts snapshot of the demo enterprises, eligibility
 * rules on several city redemption items, entitlements in every state (entitled, confirmed — one application at 受理,
 * one already 办结 — and declined) with their events, service officials of three units assigned to enterprises of
 * their unit, and their visits of October and November 2026 in every state with follow-ups. Deterministic, consistent
 * with the rules (each entitled enterprise meets its rule on the seeded facts).
 */
import { workingDeadline } from '../calendar.ts';
import {
  applicationEvents,
  assignmentEvents,
  eligibilityRules,
  enterpriseFacts,
  entitlementEvents,
  entitlements,
  officialAssignments,
  redemptionApplications,
  serviceOfficials,
  visitEvents,
  visitProblems,
  visits,
} from '../schema/policies.ts';
import { random, type DemoEnterprise } from './demo.ts';
import { uuidFrom, type PolicySeed } from './policies.ts';
import { demoUnitClasses } from './statistics.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** An instant given in China time (UTC+8). */
const cst = (s: string) => new Date(`${s}+08:00`);

type Facts = typeof enterpriseFacts.$inferInsert;

interface RuleTemplate {
  item: string;
  description: string;
  expression: unknown;
  facts: string[];
  /** The same rule in JavaScript, to pick enterprises that meet it. */
  meets: (f: Facts) => boolean;
  values: (f: Facts) => Record<string, unknown>;
}

const RULES: RuleTemplate[] = [
  {
    item: '首次升规纳统企业奖励',
    description: '2025年以来首次纳入规模以上统计的企业',
    expression: {
      and: [{ '==': [{ var: 'aboveScale' }, true] }, { '>=': [{ var: 'aboveScaleSince' }, '2025-01-01'] }],
    },
    facts: ['aboveScale', 'aboveScaleSince'],
    meets: (f) => f.aboveScale === true && (f.aboveScaleSince ?? '') >= '2025-01-01',
    values: (f) => ({ aboveScale: f.aboveScale, aboveScaleSince: f.aboveScaleSince }),
  },
  {
    item: '中小微企业纾困贷款贴息',
    description: '小型、微型企业',
    expression: { in: [{ var: 'scale' }, ['MICRO', 'SMALL']] },
    facts: ['scale'],
    meets: (f) => f.scale === 'MICRO' || f.scale === 'SMALL',
    values: (f) => ({ scale: f.scale }),
  },
  {
    item: '失业保险稳岗返还',
    description: '从业人员20人以上、年营业收入500万元以上的企业',
    expression: { and: [{ '>=': [{ var: 'employees' }, 20] }, { '>=': [{ var: 'annualRevenue' }, 500] }] },
    facts: ['employees', 'annualRevenue'],
    meets: (f) => (f.employees ?? 0) >= 20 && (f.annualRevenue ?? 0) >= 500,
    values: (f) => ({ employees: f.employees, annualRevenue: f.annualRevenue }),
  },
];

const OFFICIALS = [
  {
    userId: 'official-ye-01',
    name: '李卫东',
    position: '叶县工信局副局长',
    phone: '0375-8123456',
    dept: 'miit',
    county: '410422',
  },
  {
    userId: 'official-ye-02',
    name: '王红梅',
    position: '叶县万人助万企办主任',
    phone: '13937561201',
    dept: 'wrzwq',
    county: '410422',
  },
  {
    userId: 'official-xh-01',
    name: '陈志强',
    position: '新华区发改委科长',
    phone: '13937561202',
    dept: 'ndrc',
    county: '410402',
  },
] as const;

const VISIT_NOTES = [
  '了解企业生产经营、订单和用工情况，宣传免申即享和纾困贷款贴息政策。',
  '走访生产车间，了解技改项目进度和融资需求。',
  '召开企业座谈会，听取企业对营商环境的意见建议。',
];
const PROBLEMS = [
  '新厂区用电增容审批进展缓慢',
  '一线技术工人招工困难',
  '流动资金贷款到期续贷有压力',
  '园区道路破损影响货车通行',
];

export interface ExemptionSeed {
  facts: Facts[];
  rules: Array<typeof eligibilityRules.$inferInsert>;
  entitlements: Array<typeof entitlements.$inferInsert>;
  entitlementEvents: Array<typeof entitlementEvents.$inferInsert>;
  applications: Array<typeof redemptionApplications.$inferInsert>;
  applicationEvents: Array<typeof applicationEvents.$inferInsert>;
  officials: Array<typeof serviceOfficials.$inferInsert>;
  assignments: Array<typeof officialAssignments.$inferInsert>;
  assignmentEvents: Array<typeof assignmentEvents.$inferInsert>;
  visits: Array<typeof visits.$inferInsert>;
  visitEvents: Array<typeof visitEvents.$inferInsert>;
  problems: Array<typeof visitProblems.$inferInsert>;
}

/** The rows, computed without touching the database (deterministic). */
export function buildExemptionSeed(policy: PolicySeed, enterprises: DemoEnterprise[]): ExemptionSeed {
  const r = random(4104_1301);
  const out: ExemptionSeed = {
    facts: [],
    rules: [],
    entitlements: [],
    entitlementEvents: [],
    applications: [],
    applicationEvents: [],
    officials: [],
    assignments: [],
    assignmentEvents: [],
    visits: [],
    visitEvents: [],
    problems: [],
  };
  const refreshed = cst('2026-11-01T01:30:00');
  const classes = demoUnitClasses(enterprises);
  for (const e of enterprises) {
    const big = e.scale === 'MEDIUM' || e.scale === 'LARGE';
    const aboveScale = big || r.chance(0.2);
    const employees = big ? r.int(80, 900) : r.int(5, 79);
    out.facts.push({
      creditCode: e.creditCode,
      name: e.name,
      countyCode: e.countyCode,
      industryCode: e.industryCode,
      unitIndustryCode: classes.get(e.creditCode) ?? null,
      scale: e.scale,
      registeredCapital: e.registeredCapital,
      establishedOn: e.establishedOn,
      aboveScale,
      aboveScaleSince: aboveScale ? `${r.pick(['2019', '2022', '2025', '2026'])}-0${r.int(1, 9)}-01` : null,
      annualRevenue: Math.round(employees * r.int(8, 40) * 100) / 100,
      employees,
      statisticsPeriod: '2025',
      registryRefreshedAt: refreshed,
      statisticsRefreshedAt: refreshed,
      fingerprint: 'demo',
      changedAt: refreshed,
    });
  }

  // Rules on city items of published policies, in effect since 2026-01-01.
  const published = new Set(policy.policies.filter((p) => p.status === 'PUBLISHED').map((p) => p.id));
  const runId = uuidFrom(r);
  let n = 0;
  for (const t of RULES) {
    const item = policy.items.find((i) => i.name === t.item && i.countyCode === '410400' && published.has(i.policyId));
    if (!item) continue;
    const ruleId = uuidFrom(r);
    out.rules.push({
      id: ruleId,
      itemId: item.id!,
      version: 1,
      expression: t.expression,
      facts: t.facts,
      description: t.description,
      effectiveFrom: cst('2026-01-01T00:00:00'),
      createdBy: `staff-${item.departmentCode}-410400-01`,
      createdAt: cst('2025-12-20T10:00:00'),
      departmentCode: item.departmentCode,
      countyCode: item.countyCode,
    });
    // Three enterprises that meet the rule: entitled; confirmed (the first rule's: already 办结); declined.
    const meeting = out.facts.filter(t.meets).slice(0, 3);
    meeting.forEach((f, k) => {
      const status = (['ENTITLED', 'CONFIRMED', 'DECLINED'] as const)[k]!;
      const id = uuidFrom(r);
      const entitledAt = new Date(cst('2026-11-03T02:00:00').getTime() + n++ * 60_000);
      const actedAt = new Date(entitledAt.getTime() + (k + 1) * DAY + 3 * HOUR);
      const enterprise = enterprises.find((e) => e.creditCode === f.creditCode)!;
      const values = t.values(f);
      const appId = status === 'CONFIRMED' ? uuidFrom(r) : null;
      out.entitlements.push({
        id,
        enterpriseCode: f.creditCode,
        enterpriseName: f.name,
        enterpriseCountyCode: f.countyCode,
        itemId: item.id!,
        ruleId,
        ruleVersion: 1,
        facts: values,
        reason: `${t.description}（资格规则第1版）：${Object.entries(values)
          .map(([k2, v]) => `${k2}：${String(v)}`)
          .join('；')}`,
        runId,
        status,
        entitledAt,
        confirmedAt: status === 'CONFIRMED' ? actedAt : null,
        declinedAt: status === 'DECLINED' ? actedAt : null,
        declineReason: status === 'DECLINED' ? '本年度已享受同类补贴' : null,
        applicationId: appId,
        departmentCode: item.departmentCode,
        countyCode: item.countyCode,
        createdAt: entitledAt,
        updatedAt: actedAt,
      });
      const event = (action: string, from: string | null, to: string, actor: string, role: string, at: Date) =>
        out.entitlementEvents.push({
          subjectId: id,
          action,
          fromStatus: from,
          toStatus: to,
          actor,
          actorRole: role,
          note: action === 'DECLINE' ? '本年度已享受同类补贴' : null,
          data: action === 'CONFIRM' ? { applicationId: appId } : null,
          at,
        });
      event('ENTITLE', null, 'ENTITLED', 'wrzwq-exemption', 'system', entitledAt);
      if (status === 'ENTITLED') return;
      const user = `enterprise-${f.creditCode.slice(-6)}`;
      event(status === 'CONFIRMED' ? 'CONFIRM' : 'DECLINE', 'ENTITLED', status, user, 'enterprise', actedAt);
      if (!appId) return;
      // Confirmation opened the application at 受理; the first rule's went on to 办结 on time.
      const due = workingDeadline(actedAt, item.timeLimitDays!);
      const completed = out.applications.length === 0;
      const processingAt = new Date(actedAt.getTime() + 2 * DAY);
      const completedAt = new Date(actedAt.getTime() + 6 * DAY);
      out.applications.push({
        id: appId,
        itemId: item.id!,
        projectName: `${item.name}（免申即享）`,
        enterpriseCode: f.creditCode,
        status: completed ? 'COMPLETED' : 'ACCEPTED',
        amountRequested: null,
        amountGranted: completed ? item.maxAmount : null,
        materials: [],
        contactName: enterprise.legalRepresentative,
        contactPhone: enterprise.contactPhone,
        origin: 'ENTITLEMENT',
        submittedAt: actedAt,
        acceptedAt: actedAt,
        processingAt: completed ? processingAt : null,
        dueAt: due,
        stepDueAt: completed ? null : due,
        completedAt: completed ? completedAt : null,
        result: completed ? 'APPROVED' : null,
        departmentCode: item.departmentCode,
        countyCode: item.countyCode,
        createdAt: actedAt,
        updatedAt: completed ? completedAt : actedAt,
      });
      const step = (action: string, from: string | null, to: string, at: Date, data: Record<string, unknown>) =>
        out.applicationEvents.push({
          subjectId: appId,
          action,
          fromStatus: from,
          toStatus: to,
          actor: action === 'SUBMIT' ? user : `staff-${item.departmentCode}-410400-01`,
          actorRole: action === 'SUBMIT' ? 'enterprise' : 'staff',
          note: null,
          data: { round: 1, ...data },
          at,
        });
      step('SUBMIT', null, 'ACCEPTED', actedAt, {
        origin: 'ENTITLEMENT',
        materials: [],
        amountRequested: null,
        entitlementId: id,
        ruleId,
        ruleVersion: 1,
      });
      if (!completed) return;
      step('PROCESS', 'ACCEPTED', 'PROCESSING', processingAt, {});
      step('COMPLETE', 'PROCESSING', 'COMPLETED', completedAt, {
        result: 'APPROVED',
        amountGranted: item.maxAmount,
        stepDueAt: due.toISOString(),
        onTime: completedAt.getTime() <= due.getTime(),
      });
    });
  }

  // 万人助万企: officials of three units, each assigned to up to three enterprises of the unit.
  for (const o of OFFICIALS) {
    const officialId = uuidFrom(r);
    const registeredAt = cst('2026-03-02T09:00:00');
    const coordinator = `staff-wrzwq-${o.county}-01`;
    out.officials.push({
      id: officialId,
      userId: o.userId,
      name: o.name,
      position: o.position,
      phone: o.phone,
      registeredBy: coordinator,
      registeredAt,
      departmentCode: o.dept,
      countyCode: o.county,
      updatedAt: registeredAt,
    });
    const served = enterprises.filter((e) => e.countyCode === o.county).slice(o.dept === 'wrzwq' ? 1 : 0, 4);
    served.forEach((e, k) => {
      const assignmentId = uuidFrom(r);
      const assignedAt = new Date(cst('2026-03-10T10:00:00').getTime() + k * DAY);
      // The last enterprise of the 新华区 official was handed over in September.
      const ended = o.county === '410402' && k === served.length - 1 && served.length > 1;
      const endedAt = ended ? cst('2026-09-30T10:00:00') : null;
      out.assignments.push({
        id: assignmentId,
        officialId,
        officialUserId: o.userId,
        enterpriseCode: e.creditCode,
        status: ended ? 'ENDED' : 'ACTIVE',
        assignedAt,
        assignedBy: coordinator,
        endedAt,
        endReason: ended ? '包联调整' : null,
        departmentCode: o.dept,
        countyCode: o.county,
        updatedAt: endedAt ?? assignedAt,
      });
      const ev = (action: string, from: string | null, to: string, at: Date, note: string | null = null) => ({
        action,
        fromStatus: from,
        toStatus: to,
        actor: coordinator,
        actorRole: 'staff',
        note,
        data: null,
        at,
      });
      out.assignmentEvents.push({ subjectId: assignmentId, ...ev('ASSIGN', null, 'ACTIVE', assignedAt) });
      if (ended)
        out.assignmentEvents.push({ subjectId: assignmentId, ...ev('END', 'ACTIVE', 'ENDED', endedAt!, '包联调整') });
      if (ended) return;
      // Visits: one in October (closed), one in November (recorded, or followed up).
      const plans: Array<{ at: Date; status: 'RECORDED' | 'FOLLOWING_UP' | 'CLOSED'; problems: number }> = [
        { at: cst(`2026-10-${String(12 + k * 3).padStart(2, '0')}T10:00:00`), status: 'CLOSED', problems: 1 },
        {
          at: cst(`2026-11-${String(5 + k * 4).padStart(2, '0')}T15:00:00`),
          status: k % 2 === 0 ? 'FOLLOWING_UP' : 'RECORDED',
          problems: k % 2 === 0 ? 2 : 0,
        },
      ];
      for (const plan of plans) {
        const visitId = uuidFrom(r);
        const recordedAt = new Date(plan.at.getTime() + 5 * HOUR);
        const followedUpAt = plan.status === 'RECORDED' ? null : new Date(plan.at.getTime() + 3 * DAY);
        const closedAt = plan.status === 'CLOSED' ? new Date(plan.at.getTime() + 10 * DAY) : null;
        out.visits.push({
          id: visitId,
          assignmentId,
          officialId,
          officialUserId: o.userId,
          enterpriseCode: e.creditCode,
          visitedAt: plan.at,
          metWith: `${e.legalRepresentative}（法定代表人）`,
          notes: r.pick(VISIT_NOTES),
          status: plan.status,
          recordedAt,
          recordedBy: o.userId,
          followedUpAt,
          closedAt,
          closeNote: closedAt ? '反映问题已协调解决，企业表示满意。' : null,
          departmentCode: o.dept,
          countyCode: o.county,
          updatedAt: closedAt ?? followedUpAt ?? recordedAt,
        });
        for (let p = 0; p < plan.problems; p++) {
          out.problems.push({
            id: uuidFrom(r),
            visitId,
            position: p,
            description: PROBLEMS[(k + p) % PROBLEMS.length]!,
          });
        }
        const vev = (action: string, from: string | null, to: string, at: Date, note: string | null = null) =>
          out.visitEvents.push({
            subjectId: visitId,
            action,
            fromStatus: from,
            toStatus: to,
            actor: o.userId,
            actorRole: 'staff',
            note,
            data: action === 'RECORD' ? { assignmentId, problems: plan.problems } : null,
            at,
          });
        vev('RECORD', null, 'RECORDED', recordedAt);
        if (followedUpAt) vev('FOLLOW_UP', 'RECORDED', 'FOLLOWING_UP', followedUpAt, '已联系相关部门协调办理');
        if (closedAt) vev('CLOSE', 'FOLLOWING_UP', 'CLOSED', closedAt, '反映问题已协调解决，企业表示满意。');
      }
    });
  }
  return out;
}
