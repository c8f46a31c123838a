/**
 * Demo rows of the `complaints` schema (市发改委): requests (诉求) and complaints (投诉) of the demo enterprises over
 * the second half of 2026, in every status of the workflow, with their events and the reference-number counters, and
 * what the clock's jobs did by the anchor (`complaintsClock.ts`: escalations of missed stages, the quiet-period close).
 * Deterministic: a fixed seed and a fixed anchor day, never the current time. Deadlines follow the `13710` profile
 * (1/3/7/10 working days) on the same working-day calendar as the subgraph.
 */
import type { Database } from '../client.ts';
import { matterCoHandlers, matterEscalations, matterEvents, matters, referenceCounters } from '../schema/complaints.ts';
import { replayClockJobs } from './complaintsClock.ts';
// The calendar module is dependency-free; the seed counts deadlines exactly as the subgraph does.
import { chinaDay, workdayCalendar, workingDeadline } from '../calendar.ts';
import { mobile, personName, random, type DemoEnterprise, type Random } from './demo.ts';
import { addHandlingDemo } from './complaints-handling.ts';

type Kind = 'REQUEST' | 'COMPLAINT';
type Category =
  | 'GOVERNMENT_SERVICE'
  | 'FACTOR_SUPPORT'
  | 'FINANCING'
  | 'EMPLOYMENT'
  | 'ENTERPRISE_FEES'
  | 'LAW_ENFORCEMENT'
  | 'POLICY_IMPLEMENTATION'
  | 'PAYMENT_ARREARS'
  | 'MARKET_ACCESS'
  | 'OTHER';

interface Template {
  category: Category;
  kind: Kind;
  title: string;
  content: string;
}

/** `{c}` is the county name, `{e}` the enterprise name. */
const TEMPLATES: Template[] = [
  {
    category: 'GOVERNMENT_SERVICE',
    kind: 'REQUEST',
    title: '新建厂房施工许可办理进度咨询',
    content:
      '我公司在{c}新建的标准化厂房已完成施工图审查，施工许可申请提交已超过10个工作日仍未办结，窗口答复需补充材料但未一次性告知。请协调加快办理。',
  },
  {
    category: 'GOVERNMENT_SERVICE',
    kind: 'COMPLAINT',
    title: '不动产登记窗口多次要求重复提交材料',
    content:
      '{e}办理厂房不动产权首次登记，先后三次被要求补交同一份土地出让合同复印件，每次只告知一项，违反一次性告知制度，影响企业抵押融资。',
  },
  {
    category: 'GOVERNMENT_SERVICE',
    kind: 'REQUEST',
    title: '申请开通企业开办“一网通办”线上变更',
    content:
      '我公司需办理经营范围和法定代表人变更，线上系统提示“不支持本类型企业”，请明确线上办理路径或提供帮办代办服务。',
  },
  {
    category: 'FACTOR_SUPPORT',
    kind: 'REQUEST',
    title: '生产线扩建需电力增容',
    content:
      '{e}新上两条生产线，现有变压器容量不足，申请增容至2000千伏安。已向供电公司提交申请一个多月，现场勘查后无进展，请协调供电部门加快办理。',
  },
  {
    category: 'FACTOR_SUPPORT',
    kind: 'REQUEST',
    title: '园区天然气管道接入问题',
    content:
      '企业位于{c}产业集聚区，厂区周边尚无天然气管网，冬季生产用气依靠LNG槽车，成本较高，请求协调燃气公司延伸管网。',
  },
  {
    category: 'FACTOR_SUPPORT',
    kind: 'REQUEST',
    title: '项目用地指标落实',
    content:
      '我公司签约的年产5万吨新材料项目已完成备案和环评，用地指标迟迟未落实，项目无法开工，恳请协调自然资源部门保障用地。',
  },
  {
    category: 'FINANCING',
    kind: 'REQUEST',
    title: '流动资金贷款续贷困难',
    content:
      '{e}在本地银行的500万元流动资金贷款即将到期，银行要求先还后贷，企业短期内难以筹措过桥资金。请求协调开展无还本续贷或政府应急转贷支持。',
  },
  {
    category: 'FINANCING',
    kind: 'REQUEST',
    title: '申请政府性融资担保支持',
    content: '我公司为科技型中小企业，缺少抵押物，申请通过市融资担保公司获得300万元担保贷款，请告知办理条件和流程。',
  },
  {
    category: 'EMPLOYMENT',
    kind: 'REQUEST',
    title: '招聘熟练技术工人困难',
    content:
      '企业订单增加，急需数控机床操作工和焊工约40名，多次在本地招聘效果不佳。请求人社部门组织专场招聘会或校企合作定向培养。',
  },
  {
    category: 'EMPLOYMENT',
    kind: 'REQUEST',
    title: '以工代训补贴申领咨询',
    content: '我公司今年新招录员工26人并开展岗前培训，申请职业技能培训补贴时系统无法提交，请协助核实并指导申领。',
  },
  {
    category: 'ENTERPRISE_FEES',
    kind: 'COMPLAINT',
    title: '检测机构强制收取额外服务费',
    content:
      '{e}办理产品质量检验时，指定检测机构在收取检测费之外另收“加急服务费”3000元，且无收费依据，怀疑存在违规涉企收费，请予核查。',
  },
  {
    category: 'ENTERPRISE_FEES',
    kind: 'COMPLAINT',
    title: '行业协会摊派会费',
    content:
      '某行业协会要求我公司缴纳年度会费并购买培训资料，称不缴纳将影响年检，企业并未自愿入会，请查处违规摊派行为。',
  },
  {
    category: 'LAW_ENFORCEMENT',
    kind: 'COMPLAINT',
    title: '同一月内多次重复检查影响生产',
    content:
      '本月内先后有四批次检查人员到我公司检查安全生产和环保，检查内容大量重复，每次需停工配合半天以上。请落实“综合查一次”，减少对企业正常经营的干扰。',
  },
  {
    category: 'LAW_ENFORCEMENT',
    kind: 'COMPLAINT',
    title: '轻微违法行为被顶格处罚',
    content:
      '{e}因消防通道临时堆放货物被处以上限罚款，企业当场整改完毕且系首次违法，请求依照包容审慎监管和免罚清单予以复核。',
  },
  {
    category: 'POLICY_IMPLEMENTATION',
    kind: 'COMPLAINT',
    title: '招商引资承诺的奖补资金未兑现',
    content:
      '我公司2024年签约落户{c}，协议约定的设备购置补贴和租金减免至今未兑现，多次询问均称“正在走程序”，请督促落实政策承诺。',
  },
  {
    category: 'POLICY_IMPLEMENTATION',
    kind: 'REQUEST',
    title: '研发费用加计扣除政策咨询',
    content: '企业今年研发投入较大，希望了解研发费用加计扣除和高新技术企业认定的具体条件，请求安排专人上门辅导。',
  },
  {
    category: 'PAYMENT_ARREARS',
    kind: 'COMPLAINT',
    title: '政府投资项目工程款长期拖欠',
    content:
      '{e}承建的{c}市政道路改造工程已于去年竣工验收，尚有工程款约280万元未支付，企业资金链紧张、拖欠农民工工资风险大，请协调清偿。',
  },
  {
    category: 'PAYMENT_ARREARS',
    kind: 'COMPLAINT',
    title: '国有企业拖欠货款',
    content:
      '我公司向某国有企业供货，合同约定货到60日内付款，现已逾期半年，欠款150余万元，多次催要无果，请依法协调解决。',
  },
  {
    category: 'MARKET_ACCESS',
    kind: 'COMPLAINT',
    title: '招标文件设置排斥本地民营企业条款',
    content:
      '某采购项目招标文件要求投标人具有“省外同类项目业绩”，明显排斥本地中小企业，涉嫌违反公平竞争审查规定，请核查。',
  },
  {
    category: 'MARKET_ACCESS',
    kind: 'REQUEST',
    title: '新业态经营许可办理路径不明确',
    content: '我公司拟开展无人机植保服务，咨询多个部门均不清楚应办理何种许可，请明确主管部门和准入要求。',
  },
  {
    category: 'OTHER',
    kind: 'REQUEST',
    title: '厂区周边道路破损影响货车通行',
    content: '{e}厂区门前道路年久失修，坑洼严重，重型货车进出困难，雨天积水，请协调相关部门尽快维修。',
  },
  {
    category: 'OTHER',
    kind: 'REQUEST',
    title: '职工子女入学协调',
    content: '我公司引进的技术骨干子女需在{c}就近入学，请协助了解人才子女入学保障政策和办理流程。',
  },
];

/** Where the dispatcher (发改委) sends a matter, by category; ndrc keeps the rest. */
const DISPATCH_TO: Partial<Record<Category, string>> = {
  EMPLOYMENT: 'hrss',
  FACTOR_SUPPORT: 'miit',
  FINANCING: 'wrzwq',
  POLICY_IMPLEMENTATION: 'wrzwq',
  MARKET_ACCESS: 'mofcom',
};

const COUNTY_NAMES: Record<string, string> = {
  '410402': '新华区',
  '410403': '卫东区',
  '410404': '石龙区',
  '410411': '湛河区',
  '410421': '宝丰县',
  '410422': '叶县',
  '410423': '鲁山县',
  '410425': '郏县',
  '410471': '高新区',
  '410472': '城乡一体化示范区',
  '410481': '舞钢市',
  '410482': '汝州市',
};

const REPLIES = [
  '已联系企业核实情况，正协调相关部门研究解决方案。',
  '已转相关职能部门办理，并明确专人跟踪。',
  '经核实情况属实，已约谈责任单位并限期整改。',
  '已向企业解释相关政策并提供办理指引。',
];
const RESULTS = [
  '问题已解决，企业表示认可。',
  '已协调完成，相关款项已支付到位。',
  '已完成整改，后续纳入常态化监管。',
  '已为企业办结相关手续。',
];

/** 09:00 CST on 2026-05-06: the first demo submission day. */
const FIRST_DAY = Date.UTC(2026, 4, 6, 1, 0);
/** The anchor of the demo data (2026-11-26, CST): matters near it are still being handled. */
const ANCHOR = Date.UTC(2026, 10, 26, 9, 0);
const DAY = 86_400_000;
const HOUR = 3_600_000;

function uuid(r: Random): string {
  const hex = (n: number) => Array.from({ length: n }, () => r.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[r.int(0, 3)]}${hex(3)}-${hex(12)}`;
}

function chinaDayCompact(at: Date): string {
  return new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '');
}

/** An instant during office hours, `days` days after `from`, never past the anchor. */
function later(r: Random, from: Date, days: number): Date {
  return new Date(Math.min(from.getTime() + days * DAY + r.int(1, 7) * HOUR + r.int(0, 59) * 60_000, ANCHOR));
}

/** Limits of the profiles the demo matters use (as `clock.ts` of the subgraph defines them). */
const PROFILES = {
  '13710': { dispatch: 1, sign: 1, reply: 3, resolve: 7, report: 10 },
  extended: { dispatch: 1, sign: 1, reply: 5, resolve: 15, report: 20 },
} as const;

/**
 * How far a demo matter got: 0 submitted, 1 dispatched, 2 signed, 3 replied, 4 resolved, 5 confirmed, 6 reopened,
 * 7 partly resolved. Recent matters are in the early steps; a few older ones stall.
 */
function stageOf(r: Random, ageDays: number): number {
  const roll = r.next();
  if (ageDays < 2) return roll < 0.5 ? 0 : roll < 0.8 ? 1 : 2;
  if (ageDays < 6) return roll < 0.1 ? 0 : roll < 0.25 ? 1 : roll < 0.55 ? 2 : 3;
  if (ageDays < 15) return roll < 0.1 ? 2 : roll < 0.35 ? 3 : roll < 0.5 ? 7 : 4;
  if (roll < 0.03) return 1;
  if (roll < 0.07) return 2;
  if (roll < 0.12) return 3;
  if (roll < 0.17) return 7;
  if (roll < 0.25) return 4;
  if (roll < 0.31) return 6;
  if (roll < 0.45) return 4;
  return 5;
}

export async function seedComplaints(db: Database, enterprises: DemoEnterprise[]): Promise<void> {
  const r = random(7_410_400);
  const matterRows: Array<typeof matters.$inferInsert> = [];
  const eventRows: Array<typeof matterEvents.$inferInsert> = [];
  const escalationRows: Array<typeof matterEscalations.$inferInsert> = [];
  const counters = new Map<string, number>();
  const anchor = new Date(ANCHOR);

  for (const enterprise of enterprises) {
    if (!r.chance(0.45)) continue;
    const howMany = r.chance(0.25) ? 2 : 1;
    for (let i = 0; i < howMany; i++) {
      const t = r.pick(TEMPLATES);
      const county = enterprise.countyCode;
      // A fifth of the matters in the last two weeks, so that the inboxes have work in progress.
      const dayOffset = r.chance(0.2) ? r.int(190, 204) : r.int(0, 204);
      const submittedAt = new Date(FIRST_DAY + dayOffset * DAY + r.int(0, 9 * 60) * 60_000);
      if (submittedAt.getTime() > ANCHOR) continue;
      const id = uuid(r);
      const profileName = t.category === 'PAYMENT_ARREARS' ? 'extended' : '13710';
      const limits = PROFILES[profileName];
      const ageDays = (ANCHOR - submittedAt.getTime()) / DAY;
      const stage = stageOf(r, ageDays);
      const late = r.chance(0.15);
      const ndrcStaff = `staff-ndrc-${county}-${r.int(1, 3)}`;
      const enterpriseUser = `ent-${enterprise.creditCode}`;
      const dispatchTo = DISPATCH_TO[t.category];
      const handler = dispatchTo && r.chance(0.7) ? dispatchTo : 'ndrc';
      const handlerStaff = `staff-${handler}-${county}-${r.int(1, 3)}`;
      const viaVisit = r.chance(0.1);
      const row: typeof matters.$inferInsert = {
        id,
        referenceNo: '', // numbered below, in order of submission
        kind: t.kind,
        category: t.category,
        title: t.title,
        content: t.content.replaceAll('{c}', COUNTY_NAMES[county] ?? '本地').replaceAll('{e}', enterprise.name),
        enterpriseCode: enterprise.creditCode,
        contactName: personName(r),
        contactPhone: r.chance(0.85) ? mobile(r) : `0375-${r.int(2_000_000, 8_999_999)}`,
        status: 'SUBMITTED',
        source: viaVisit ? 'VISIT' : r.chance(0.4) ? 'MINI_PROGRAM' : 'PORTAL',
        sourceReference: viaVisit ? `visit-${chinaDayCompact(submittedAt)}-${r.int(100, 999)}` : null,
        raisedByDepartmentCode: viaVisit ? 'wrzwq' : null,
        raisedByCountyCode: viaVisit ? county : null,
        clockProfile: profileName,
        submittedAt,
        dispatchDueAt: workingDeadline(submittedAt, limits.dispatch),
        departmentCode: 'ndrc',
        countyCode: county,
        createdAt: submittedAt,
      };
      const events: Array<Omit<typeof matterEvents.$inferInsert, 'subjectId'>> = [
        {
          action: 'SUBMIT',
          fromStatus: null,
          toStatus: 'SUBMITTED',
          actor: viaVisit ? `staff-wrzwq-${county}-1` : enterpriseUser,
          actorRole: viaVisit ? 'staff' : 'enterprise',
          at: submittedAt,
          data: viaVisit
            ? { departmentCode: 'wrzwq', countyCode: county, source: 'VISIT', clockProfile: profileName }
            : { departmentCode: 'ndrc', countyCode: county, source: row.source, clockProfile: profileName },
        },
      ];
      const move = (
        action: string,
        to: string,
        at: Date,
        actor: string,
        role: string,
        note: string | null = null,
        data: Record<string, unknown> = {},
      ) => {
        events.push({ action, fromStatus: row.status!, toStatus: to, actor, actorRole: role, at, note, data });
        row.status = to;
      };
      const unit = (dept: string) => ({ departmentCode: dept, countyCode: county });

      if (stage >= 1) {
        const at = later(r, submittedAt, late ? r.int(2, 3) : 0);
        row.dispatchedAt = at;
        row.signDueAt = workingDeadline(at, limits.sign);
        row.replyDueAt = workingDeadline(at, limits.reply);
        row.resolveDueAt = workingDeadline(at, limits.resolve);
        row.reportDueAt = workingDeadline(at, limits.report);
        row.departmentCode = handler;
        move('DISPATCH', 'DISPATCHED', at, ndrcStaff, 'staff', '按职责分派', {
          ...unit('ndrc'),
          toDepartmentCode: handler,
          toCountyCode: county,
        });
      }
      if (stage >= 2) {
        const at = later(r, row.dispatchedAt!, late ? r.int(2, 4) : r.int(0, 1));
        row.signedAt = at;
        row.firstAcceptorDepartmentCode = handler;
        row.firstAcceptorCountyCode = county;
        move('SIGN', 'SIGNED', at, handlerStaff, 'staff', null, unit(handler));
      }
      if (stage >= 3) {
        const at = later(r, row.signedAt!, late ? r.int(3, 6) : r.int(1, 2));
        row.repliedAt = at;
        move('REPLY', 'REPLIED', at, handlerStaff, 'staff', r.pick(REPLIES), unit(handler));
      }
      if (stage === 7 && row.repliedAt) {
        const at = later(r, row.repliedAt, r.int(1, 3));
        row.resolvedAt = at;
        row.lastResolvedAt = at;
        row.resolution = r.pick(RESULTS);
        row.remaining = '剩余事项需协调上级部门，正在推进。';
        row.promisedOn = workdayCalendar().addWorkingDays(chinaDay(anchor), r.int(5, 15));
        move('RESOLVE', 'PARTLY_RESOLVED', at, handlerStaff, 'staff', row.resolution, {
          ...unit(handler),
          remaining: row.remaining,
          promisedOn: row.promisedOn,
        });
      }
      if ((stage === 4 || stage === 5 || stage === 6) && row.repliedAt) {
        const at = later(r, row.repliedAt, late ? r.int(5, 9) : r.int(1, 4));
        row.resolvedAt = at;
        row.reportedAt = at;
        row.lastResolvedAt = at;
        row.resolution = r.pick(RESULTS);
        move('RESOLVE', 'RESOLVED', at, handlerStaff, 'staff', row.resolution, unit(handler));
      }
      if (stage === 5 && row.resolvedAt) {
        const at = later(r, row.resolvedAt, r.int(1, 5));
        row.confirmedAt = at;
        row.closedAt = at;
        move('CONFIRM', 'CONFIRMED', at, enterpriseUser, 'enterprise');
      }
      if (stage === 6 && row.resolvedAt) {
        const at = later(r, row.resolvedAt, r.int(1, 3));
        row.reopenCount = 1;
        row.reopenedAt = at;
        move('REOPEN', 'REOPENED', at, enterpriseUser, 'enterprise', '问题未实际解决，申请重新办理。');
      }
      events.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
      // What the clock's jobs did by the anchor: escalations of missed stages, the quiet-period close.
      const withId = events.map((e) => ({ ...e, subjectId: id }));
      escalationRows.push(...replayClockJobs(row, withId, anchor));
      events.splice(0, events.length, ...withId);
      // An escalation leaves the matter unchanged: its last change is the last other step.
      row.updatedAt = (events.filter((e) => e.action !== 'ESCALATE').at(-1)?.at as Date | undefined) ?? submittedAt;
      matterRows.push(row);
      for (const e of events) eventRows.push({ ...e, subjectId: id });
    }
  }

  // Transfers, bounces, co-handlers, ratings and matters raised again, over the matters above.
  const handling = addHandlingDemo(matterRows, eventRows, anchor);

  // Reference numbers count per kind and China day, in order of submission, as `submitMatter` assigns them.
  matterRows.sort((a, b) => a.submittedAt!.getTime() - b.submittedAt!.getTime());
  for (const row of matterRows) {
    const key = `${row.kind === 'COMPLAINT' ? 'TS' : 'SQ'}-${chinaDayCompact(row.submittedAt!)}`;
    const seq = (counters.get(key) ?? 0) + 1;
    counters.set(key, seq);
    row.referenceNo = `${key}-${String(seq).padStart(4, '0')}`;
  }
  for (let i = 0; i < matterRows.length; i += 500) {
    await db
      .insert(matters)
      .values(matterRows.slice(i, i + 500))
      .onConflictDoNothing();
  }
  for (let i = 0; i < eventRows.length; i += 500) {
    await db.insert(matterEvents).values(eventRows.slice(i, i + 500));
  }
  if (handling.coHandlers.length > 0)
    await db.insert(matterCoHandlers).values(handling.coHandlers).onConflictDoNothing();
  for (let i = 0; i < escalationRows.length; i += 500) {
    await db
      .insert(matterEscalations)
      .values(escalationRows.slice(i, i + 500))
      .onConflictDoNothing();
  }
  if (counters.size > 0) {
    await db
      .insert(referenceCounters)
      .values([...counters].map(([key, last]) => ({ prefix: key.slice(0, 2), day: key.slice(3), last })))
      .onConflictDoNothing();
  }
}
