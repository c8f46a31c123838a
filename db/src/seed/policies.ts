/**
 * Demo rows of the `policies` schema (万人助万企办): policies of the city and of every county-level unit with their
 * redemption items, the publishing events (some published past the 24-hour deadline), and redemption applications of
 * the demo enterprises at every step of 申报 → 收件 → 受理 / 退回 → 办理 → 办结 → 公示, and 免申即享 and 万人助万企
 * (`exemption.ts`). Deterministic: the same
 * enterprises give the same rows, ids included.
 */
import { workingDeadline } from '../calendar.ts';
import { eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { COUNTIES } from '../reference.ts';
import {
  applicationEvents,
  assignmentEvents,
  eligibilityRules,
  enterpriseFacts,
  entitlementEvents,
  entitlements,
  officialAssignments,
  serviceOfficials,
  visitEvents,
  visitProblems,
  visits,
  policies,
  policyEvents,
  policyVersions,
  redemptionApplications,
  redemptionItems,
  type PolicyStatus,
  type RedemptionStatus,
} from '../schema/policies.ts';
import { mobile, personName, random, type DemoEnterprise, type Random } from './demo.ts';
import { buildExemptionSeed } from './exemption.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const CST = 8 * HOUR;

interface ItemTemplate {
  name: string;
  guide: string;
  materials: string[];
  days: number;
  max: number | null;
}

interface PolicyTemplate {
  title: string;
  summary: string;
  dept: string;
  industries: string[];
  items: ItemTemplate[];
}

const LICENCE = '营业执照副本';
const FORM = '政策兑现申请表';

const CITY_POLICIES: PolicyTemplate[] = [
  {
    title: '平顶山市支持制造业高质量发展若干政策措施',
    summary: '对首次升规纳统、实施智能化改造的制造业企业给予奖励和补助，推动制造业高端化、智能化、绿色化发展。',
    dept: 'miit',
    industries: ['C'],
    items: [
      {
        name: '首次升规纳统企业奖励',
        guide:
          '对当年首次纳入规模以上工业统计的企业给予一次性奖励20万元。企业向属地工信部门提出申请，经统计部门核实后兑现。',
        materials: [LICENCE, '统计部门入库证明', FORM],
        days: 15,
        max: 200_000,
      },
      {
        name: '智能化改造项目补助',
        guide: '对设备投资500万元以上的智能化改造项目，按设备购置额的10%给予补助，最高200万元。',
        materials: [LICENCE, '项目备案证明', '设备购置发票', '第三方专项审计报告', FORM],
        days: 20,
        max: 2_000_000,
      },
    ],
  },
  {
    title: '平顶山市“万人助万企”活动惠企政策清单（2025年版）',
    summary: '汇集金融支持、降本减负、要素保障等惠企措施，由万人助万企办统一受理、限时兑现。',
    dept: 'wrzwq',
    industries: [],
    items: [
      {
        name: '中小微企业纾困贷款贴息',
        guide: '对中小微企业当年新增的流动资金贷款，按实际支付利息的50%给予贴息，单户最高50万元。',
        materials: [LICENCE, '借款合同', '利息支付凭证', FORM],
        days: 10,
        max: 500_000,
      },
      {
        name: '企业用电成本补贴',
        guide: '对年用电量500万千瓦时以上的工业企业，按当年新增用电量给予每千瓦时0.03元补贴。',
        materials: [LICENCE, '供电企业出具的用电量证明', FORM],
        days: 15,
        max: 300_000,
      },
    ],
  },
  {
    title: '平顶山市促进外贸稳规模优结构若干措施',
    summary: '支持外贸企业投保出口信用保险、参加境外展会，开拓国际市场。',
    dept: 'mofcom',
    industries: ['C', 'F'],
    items: [
      {
        name: '出口信用保险保费补贴',
        guide: '对企业投保短期出口信用保险的保费给予50%补贴，单户最高30万元。',
        materials: [LICENCE, '出口信用保险保单', '保费支付凭证', FORM],
        days: 15,
        max: 300_000,
      },
      {
        name: '境外展会参展补助',
        guide: '对企业参加市商务局公布的重点境外展会的展位费给予70%补助，每个展会最高5万元。',
        materials: [LICENCE, '参展合同', '展位费发票', FORM],
        days: 15,
        max: 50_000,
      },
    ],
  },
  {
    title: '平顶山市鹰城英才计划实施办法',
    summary: '面向重点产业引进高层次人才和青年人才，给予安家补贴、生活补贴和企业引才奖励。',
    dept: 'hrss',
    industries: [],
    items: [
      {
        name: '高层次人才安家补贴',
        guide: '对企业全职引进的A、B、C类高层次人才，分别给予100万元、50万元、30万元安家补贴，分三年拨付。',
        materials: ['人才认定证书', '劳动合同', '社会保险缴纳证明', FORM],
        days: 20,
        max: 1_000_000,
      },
      {
        name: '企业吸纳高校毕业生社保补贴',
        guide: '对企业招用离校两年内高校毕业生并缴纳社会保险的，按单位实际缴纳的社会保险费给予补贴。',
        materials: [LICENCE, '劳动合同', '社会保险缴纳明细', FORM],
        days: 15,
        max: 100_000,
      },
    ],
  },
  {
    title: '平顶山市加快数字经济发展若干政策',
    summary: '支持企业上云用云、建设数字化车间和智能工厂，培育数字经济核心产业。',
    dept: 'ndrc',
    industries: ['C', 'I', 'M'],
    items: [
      {
        name: '企业上云用云补助',
        guide: '对企业购买云服务的费用给予30%补助，单户每年最高10万元。',
        materials: [LICENCE, '云服务合同', '云服务费发票', FORM],
        days: 10,
        max: 100_000,
      },
      {
        name: '数字化转型示范项目奖励',
        guide: '对评定为市级数字化车间、智能工厂的项目，分别给予50万元、100万元一次性奖励。',
        materials: [LICENCE, '示范项目认定文件', FORM],
        days: 20,
        max: 1_000_000,
      },
    ],
  },
  {
    title: '平顶山市支持中小企业专精特新发展办法',
    summary: '对获评国家级专精特新“小巨人”和省级专精特新中小企业的给予奖励，并开展专精特新企业认定。',
    dept: 'miit',
    industries: ['C', 'I', 'M'],
    items: [
      {
        name: '专精特新“小巨人”企业奖励',
        guide: '对新获评国家级专精特新“小巨人”企业的给予一次性奖励50万元。',
        materials: [LICENCE, '工业和信息化部公布文件', FORM],
        days: 15,
        max: 500_000,
      },
      {
        name: '市级专精特新中小企业认定',
        guide: '符合专业化、精细化、特色化、新颖化条件的中小企业可申请认定，认定结果向社会公示。',
        materials: [LICENCE, '认定申请书', '上年度财务审计报告', '知识产权证明'],
        days: 30,
        max: null,
      },
    ],
  },
  {
    title: '平顶山市培育壮大“四上”企业若干措施',
    summary: '鼓励企业升规入库、依法统计，对新纳入“四上”统计的企业给予奖励。',
    dept: 'stats',
    industries: [],
    items: [
      {
        name: '新纳入“四上”企业奖励',
        guide: '对当年新纳入联网直报平台的限上商贸、规上服务业、资质内建筑业企业给予一次性奖励5万元。',
        materials: [LICENCE, '统计部门入库证明', FORM],
        days: 15,
        max: 50_000,
      },
    ],
  },
  {
    title: '平顶山市促进消费扩容提质若干措施',
    summary: '支持商贸、餐饮住宿企业做大做强，对新增限额以上企业和重点促消费活动给予奖励。',
    dept: 'mofcom',
    industries: ['F', 'H'],
    items: [
      {
        name: '限额以上商贸企业培育奖励',
        guide: '对首次达到限额以上标准并纳入统计的批发零售、住宿餐饮企业给予一次性奖励3万元。',
        materials: [LICENCE, '统计部门入库证明', FORM],
        days: 10,
        max: 30_000,
      },
    ],
  },
  {
    title: '平顶山市支持新能源产业发展若干措施',
    summary: '支持分布式光伏、储能和氢能项目建设，推动能源结构绿色转型。',
    dept: 'ndrc',
    industries: ['C', 'D'],
    items: [
      {
        name: '分布式光伏项目建设补贴',
        guide: '对工商业屋顶分布式光伏项目，按装机容量每千瓦给予100元一次性补贴，单个项目最高50万元。',
        materials: [LICENCE, '项目备案证明', '并网验收意见', FORM],
        days: 20,
        max: 500_000,
      },
    ],
  },
  {
    title: '平顶山市稳就业援企惠企若干措施',
    summary: '落实失业保险稳岗返还、以工代训补贴等援企稳岗政策，支持企业稳定就业岗位。',
    dept: 'hrss',
    industries: [],
    items: [
      {
        name: '失业保险稳岗返还',
        guide:
          '对上年度未裁员或裁员率不高于全国城镇调查失业率控制目标的参保企业，按上年度实际缴纳失业保险费的60%返还。',
        materials: [LICENCE, '失业保险缴费证明', FORM],
        days: 10,
        max: 200_000,
      },
    ],
  },
];

const UNIT_ABBREVIATIONS: Record<string, string> = {
  '410402': '新政',
  '410403': '卫政',
  '410404': '石政',
  '410411': '湛政',
  '410421': '宝政',
  '410422': '叶政',
  '410423': '鲁政',
  '410425': '郏政',
  '410481': '舞政',
  '410482': '汝政',
  '410471': '平高管',
  '410472': '平示范',
};

/** Each unit's own industry policy, after its leading industry. */
const UNIT_SPECIALTIES: Record<string, { industry: string; title: string; item: string; max: number }> = {
  '410402': { industry: 'F', title: '支持现代商贸服务业发展若干措施', item: '商贸企业扩大经营奖励', max: 50_000 },
  '410403': { industry: 'C', title: '支持老工业基地企业技术改造若干措施', item: '技术改造项目奖补', max: 300_000 },
  '410404': { industry: 'B', title: '推动煤炭企业转型发展若干措施', item: '煤炭企业转型项目补助', max: 500_000 },
  '410411': { industry: 'G', title: '支持现代物流业发展若干措施', item: '物流企业仓储设施建设补助', max: 200_000 },
  '410421': { industry: 'R', title: '支持汝瓷文化产业发展若干措施', item: '文化创意企业发展奖励', max: 100_000 },
  '410422': { industry: 'C', title: '支持尼龙新材料产业发展十条措施', item: '尼龙新材料项目技改奖补', max: 500_000 },
  '410423': { industry: 'H', title: '支持尧山文旅产业发展若干措施', item: '文旅企业提质升级奖励', max: 100_000 },
  '410425': { industry: 'C', title: '支持装备制造产业集群发展若干措施', item: '装备制造企业增产奖励', max: 200_000 },
  '410481': { industry: 'C', title: '支持特种钢材产业延链补链若干措施', item: '特钢企业延链项目补助', max: 500_000 },
  '410482': { industry: 'C', title: '支持机绣纺织产业发展若干措施', item: '纺织企业设备更新补助', max: 200_000 },
  '410471': { industry: 'I', title: '支持高新技术企业发展若干措施', item: '高新技术企业认定奖励', max: 200_000 },
  '410472': {
    industry: 'E',
    title: '支持城乡一体化示范区企业发展若干措施',
    item: '入驻企业建设投资奖励',
    max: 300_000,
  },
};

const RETURN_REASONS = [
  '申请表缺少法定代表人签字，请补充后重新申报。',
  '统计部门入库证明已过期，请提供当年度证明。',
  '设备购置发票金额与项目备案内容不一致，请核对后重新提交。',
  '社会保险缴纳证明月份不全，请补齐近六个月缴费记录。',
];

/** A deterministic UUID (version 4 layout) from the generator. */
export function uuidFrom(r: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r.next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** An instant on a 2025 working-hours clock (China time). */
function dateIn2025(r: Random, fromMonth = 1, toMonth = 10): Date {
  const month = r.int(fromMonth, toMonth);
  const day = r.int(1, 28);
  return new Date(Date.UTC(2025, month - 1, day, r.int(9, 17), r.int(0, 59)) - CST);
}

/** The end of the China working day `n` working days after `from`, on the holiday calendar, as live deadlines. */
function dueAfter(from: Date, n: number): Date {
  return workingDeadline(from, n);
}

const PATHS: Record<RedemptionStatus, RedemptionStatus[]> = {
  SUBMITTED: ['SUBMITTED'],
  RECEIVED: ['SUBMITTED', 'RECEIVED'],
  RETURNED: ['SUBMITTED', 'RECEIVED', 'RETURNED'],
  ACCEPTED: ['SUBMITTED', 'RECEIVED', 'ACCEPTED'],
  PROCESSING: ['SUBMITTED', 'RECEIVED', 'ACCEPTED', 'PROCESSING'],
  COMPLETED: ['SUBMITTED', 'RECEIVED', 'ACCEPTED', 'PROCESSING', 'COMPLETED'],
  DISCLOSED: ['SUBMITTED', 'RECEIVED', 'ACCEPTED', 'PROCESSING', 'COMPLETED', 'DISCLOSED'],
};
const ACTIONS: Record<RedemptionStatus, string> = {
  SUBMITTED: 'SUBMIT',
  RECEIVED: 'RECEIVE',
  ACCEPTED: 'ACCEPT',
  RETURNED: 'RETURN',
  PROCESSING: 'PROCESS',
  COMPLETED: 'COMPLETE',
  DISCLOSED: 'DISCLOSE',
};
const STATUS_WEIGHTS: Array<[RedemptionStatus, number]> = [
  ['SUBMITTED', 0.12],
  ['RECEIVED', 0.1],
  ['ACCEPTED', 0.1],
  ['RETURNED', 0.08],
  ['PROCESSING', 0.15],
  ['COMPLETED', 0.17],
  ['DISCLOSED', 0.28],
];

function pickStatus(r: Random): RedemptionStatus {
  let x = r.next();
  for (const [status, w] of STATUS_WEIGHTS) {
    if (x < w) return status;
    x -= w;
  }
  return 'DISCLOSED';
}

export interface PolicySeed {
  policies: Array<typeof policies.$inferInsert>;
  policyEvents: Array<typeof policyEvents.$inferInsert>;
  policyVersions: Array<typeof policyVersions.$inferInsert>;
  items: Array<typeof redemptionItems.$inferInsert>;
  applications: Array<typeof redemptionApplications.$inferInsert>;
  applicationEvents: Array<typeof applicationEvents.$inferInsert>;
}

/** The rows, computed without touching the database (deterministic). */
export function buildPolicySeed(enterprises: DemoEnterprise[]): PolicySeed {
  const r = random(4104_0501);
  const out: PolicySeed = {
    policies: [],
    policyEvents: [],
    policyVersions: [],
    items: [],
    applications: [],
    applicationEvents: [],
  };
  const templates: Array<PolicyTemplate & { county: string; docPrefix: string }> = CITY_POLICIES.map((t) => ({
    ...t,
    county: '410400',
    docPrefix: t.dept === 'wrzwq' ? '平万企办' : '平政',
  }));
  for (const unit of COUNTIES) {
    if (unit.kind === 'CITY') continue;
    const spec = UNIT_SPECIALTIES[unit.code]!;
    const prefix = UNIT_ABBREVIATIONS[unit.code]!;
    templates.push({
      title: `${unit.name}${spec.title}`,
      summary: `聚焦${unit.name}主导产业，对符合条件的企业给予奖励和补助，由县级万人助万企办限时兑现。`,
      dept: 'wrzwq',
      industries: [spec.industry],
      county: unit.code,
      docPrefix: prefix,
      items: [
        {
          name: spec.item,
          guide: `${unit.name}内登记注册、依法纳税的企业，符合本措施条件的可向${unit.name}万人助万企办申报。`,
          materials: [LICENCE, '项目情况说明', FORM],
          days: 15,
          max: spec.max,
        },
      ],
    });
    templates.push({
      title: `${unit.name}促进民营经济高质量发展若干措施`,
      summary: `降低${unit.name}民营企业融资成本，支持企业稳产增效。`,
      dept: r.pick(['ndrc', 'wrzwq', 'miit']),
      industries: [],
      county: unit.code,
      docPrefix: prefix,
      items: [
        {
          name: '民营企业稳产增效奖励',
          guide: '对年度营业收入增长20%以上的民营企业给予一次性奖励。',
          materials: [LICENCE, '年度财务报表', '纳税证明', FORM],
          days: 10,
          max: 100_000,
        },
      ],
    });
  }

  templates.forEach((t, index) => {
    const id = uuidFrom(r);
    const issuedAt = dateIn2025(r, 1, 9);
    // A few drafts and policies under review, one withdrawn, one expired; the rest published, some past the 24-hour
    // deadline. Index 9 was sent back once and revised (two versions).
    const status: PolicyStatus =
      index % 11 === 5
        ? 'DRAFT'
        : index % 13 === 7
          ? 'PENDING_REVIEW'
          : index === 17
            ? 'WITHDRAWN'
            : index === 23
              ? 'EXPIRED'
              : 'PUBLISHED';
    const revised = index === 9 || index === 16;
    const isLate = r.chance(0.15);
    const publishedAt =
      status === 'PUBLISHED' || status === 'WITHDRAWN' || status === 'EXPIRED'
        ? new Date(issuedAt.getTime() + (isLate ? r.int(25, 72) : r.int(1, 20)) * HOUR + r.int(0, 59) * 60_000)
        : null;
    const author = `staff-${t.dept}-${t.county}-01`;
    const reviewer = `staff-${t.dept}-${t.county}-02`;
    const body = `第一条 为${t.summary.replace(/。$/, '')}，结合本地实际，制定本措施。\n第二条 本措施适用于在平顶山市依法登记注册、具有独立法人资格的企业。\n第三条 政策兑现事项、申报材料和办理时限以办事指南为准，通过平顶山市亲清政商关系信息化平台统一受理。\n第四条 本措施自印发之日起施行，有效期三年。`;
    const validUntil = status === 'EXPIRED' && publishedAt ? new Date(publishedAt.getTime() + 60 * DAY) : null;
    const submittedAt = status === 'DRAFT' && !revised ? null : new Date(issuedAt.getTime() + 45 * 60_000);
    out.policies.push({
      id,
      title: t.title,
      documentNumber: `${t.docPrefix}〔2025〕${index + 3}号`,
      summary: t.summary,
      body,
      industries: t.industries,
      scales: index % 4 === 1 ? ['MICRO', 'SMALL'] : [],
      tags: [t.items[0]?.name.includes('人才') ? '人才' : t.industries.length ? '产业' : '普惠'],
      status,
      version: revised ? 2 : 1,
      issuedAt,
      publishDeadlineAt: new Date(issuedAt.getTime() + DAY),
      submittedAt,
      publishedAt,
      lateMinutes: publishedAt
        ? Math.max(0, Math.ceil((publishedAt.getTime() - issuedAt.getTime() - DAY) / 60_000))
        : null,
      validUntil,
      expiredAt: validUntil,
      withdrawnAt: status === 'WITHDRAWN' ? new Date(publishedAt!.getTime() + 30 * DAY) : null,
      withdrawReason: status === 'WITHDRAWN' ? '政策内容调整，撤回后重新发布。' : null,
      sendBackReason: revised && status === 'DRAFT' ? '请补充申报条件和咨询电话。' : null,
      createdBy: author,
      reviewedBy: publishedAt ? reviewer : null,
      departmentCode: t.dept,
      countyCode: t.county,
    });
    const minutes = (m: number) => new Date(issuedAt.getTime() + m * 60_000);
    const steps: Array<[string, PolicyStatus | null, PolicyStatus, string, Date]> = [
      ['CREATE', null, 'DRAFT', author, minutes(30)],
    ];
    if (revised) {
      steps.push(['SUBMIT', 'DRAFT', 'PENDING_REVIEW', author, minutes(35)]);
      steps.push(['REJECT', 'PENDING_REVIEW', 'DRAFT', reviewer, minutes(38)]);
      steps.push(['REVISE', 'DRAFT', 'DRAFT', author, minutes(42)]);
    }
    if (status !== 'DRAFT') steps.push(['SUBMIT', 'DRAFT', 'PENDING_REVIEW', author, minutes(45)]);
    if (publishedAt) steps.push(['PUBLISH', 'PENDING_REVIEW', 'PUBLISHED', reviewer, publishedAt]);
    if (status === 'WITHDRAWN') {
      steps.push(['WITHDRAW', 'PUBLISHED', 'WITHDRAWN', reviewer, new Date(publishedAt!.getTime() + 30 * DAY)]);
    }
    if (status === 'EXPIRED') steps.push(['EXPIRE', 'PUBLISHED', 'EXPIRED', 'system', validUntil!]);
    const snapshot = t.items.map((i) => ({
      name: i.name,
      guide: i.guide,
      requiredMaterials: i.materials,
      timeLimitDays: i.days,
      maxAmount: i.max,
    }));
    for (let v = 1; v <= (revised ? 2 : 1); v++) {
      out.policyVersions.push({
        id: uuidFrom(r),
        policyId: id,
        version: v,
        title: v === 1 && revised ? `${t.title}（征求意见稿）` : t.title,
        documentNumber: `${t.docPrefix}〔2025〕${index + 3}号`,
        summary: t.summary,
        body,
        industries: t.industries,
        scales: index % 4 === 1 ? ['MICRO', 'SMALL'] : [],
        tags: [],
        items: snapshot,
        note: v === 2 ? '按审核意见补充申报条件。' : null,
        createdBy: author,
        createdAt: minutes(v === 1 ? 30 : 42),
      });
    }
    for (const [action, fromStatus, toStatus, actor, at] of steps) {
      out.policyEvents.push({
        subjectId: id,
        action,
        fromStatus,
        toStatus,
        actor,
        actorRole: actor === 'system' ? 'system' : 'staff',
        note:
          action === 'WITHDRAW'
            ? '政策内容调整，撤回后重新发布。'
            : action === 'REJECT'
              ? '请补充申报条件和咨询电话。'
              : null,
        data: null,
        at,
      });
    }

    t.items.forEach((tpl, sortOrder) => {
      const itemId = uuidFrom(r);
      out.items.push({
        id: itemId,
        policyId: id,
        name: tpl.name,
        guide: `${tpl.guide}\n办理时限：${tpl.days}个工作日。咨询电话：0375-${r.int(2_000_000, 4_999_999)}。`,
        requiredMaterials: tpl.materials,
        timeLimitDays: tpl.days,
        maxAmount: tpl.max,
        sortOrder,
        departmentCode: t.dept,
        countyCode: t.county,
      });
      if (!publishedAt) return;
      // Applicants: enterprises of the unit (any unit for city items), preferring the policy's industries.
      const local = enterprises.filter((e) => t.county === '410400' || e.countyCode === t.county);
      const fitting = t.industries.length ? local.filter((e) => t.industries.includes(e.industryCode)) : local;
      const pool = fitting.length >= 3 ? fitting : local;
      // In proportion to the city: the demo's 300 enterprises get a few per item, city-scale data many more.
      const scale = Math.max(1, Math.round(enterprises.length / 300));
      const wanted = Math.min(pool.length, (t.county === '410400' ? r.int(6, 12) : r.int(2, 5)) * scale);
      const chosen = new Set<DemoEnterprise>();
      while (chosen.size < wanted) chosen.add(r.pick(pool));
      for (const enterprise of chosen) {
        const appId = uuidFrom(r);
        const appStatus = pickStatus(r);
        const path = PATHS[appStatus];
        // Applications to the withdrawn policy came in before it was withdrawn (30 days after publication).
        const within = status === 'WITHDRAWN' ? 28 : 90;
        const submittedAt = new Date(publishedAt.getTime() + r.int(2, within) * DAY + r.int(0, 8) * HOUR);
        const at = [submittedAt];
        for (let i = 1; i < path.length; i++) at.push(new Date(at[i - 1]!.getTime() + r.int(1, 4) * DAY));
        const requested = tpl.max === null ? null : Math.round((tpl.max * r.int(30, 100)) / 100 / 100) * 100;
        const done = appStatus === 'COMPLETED' || appStatus === 'DISCLOSED';
        const returnReason = appStatus === 'RETURNED' ? r.pick(RETURN_REASONS) : null;
        const refused = done && r.chance(0.15);
        const reached = (s: RedemptionStatus) => (path.includes(s) ? at[path.indexOf(s)]! : null);
        const acceptedAt = reached('ACCEPTED');
        const receivedAt = reached('RECEIVED');
        const stepDueAt =
          appStatus === 'SUBMITTED'
            ? dueAfter(submittedAt, 1)
            : appStatus === 'RECEIVED'
              ? dueAfter(receivedAt!, 3)
              : appStatus === 'ACCEPTED' || appStatus === 'PROCESSING'
                ? dueAfter(acceptedAt!, tpl.days)
                : null;
        const shortName = enterprise.name.replace(/有限公司$/, '');
        out.applications.push({
          id: appId,
          itemId,
          projectName: `${shortName}2025年度${tpl.name}`,
          enterpriseCode: enterprise.creditCode,
          status: appStatus,
          amountRequested: requested,
          amountGranted:
            done && !refused && requested !== null ? Math.round((requested * r.int(70, 100)) / 100 / 100) * 100 : null,
          result: done ? (refused ? 'REFUSED' : 'APPROVED') : null,
          refusalReason: refused ? '经核查，企业年度营业收入增幅未达到政策规定条件。' : null,
          receivedAt,
          acceptedAt,
          returnedAt: reached('RETURNED'),
          processingAt: reached('PROCESSING'),
          stepDueAt,
          // Steps still open in 2025 are long past their limits: the scheduled check flagged them.
          overdueAt:
            stepDueAt && stepDueAt < new Date(Date.UTC(2025, 10, 1)) ? new Date(stepDueAt.getTime() + 600_000) : null,
          disclosureEndsAt:
            appStatus === 'DISCLOSED' ? new Date(at[path.indexOf('DISCLOSED')]!.getTime() + 7 * DAY) : null,
          materials: tpl.materials.map((name) => ({ name, fileId: `seed-${uuidFrom(r).slice(0, 13)}` })),
          contactName: personName(r),
          contactPhone: mobile(r),
          returnReason,
          submittedAt,
          dueAt: dueAfter(submittedAt, tpl.days),
          completedAt: done ? at[path.indexOf('COMPLETED')]! : null,
          disclosedAt: appStatus === 'DISCLOSED' ? at[path.indexOf('DISCLOSED')]! : null,
          departmentCode: t.dept,
          countyCode: t.county,
        });
        path.forEach((to, i) => {
          out.applicationEvents.push({
            subjectId: appId,
            action: ACTIONS[to],
            fromStatus: i === 0 ? null : path[i - 1]!,
            toStatus: to,
            actor: i === 0 ? `enterprise-${enterprise.creditCode}` : `staff-${t.dept}-${t.county}-03`,
            actorRole: i === 0 ? 'enterprise' : 'staff',
            note:
              to === 'RETURNED'
                ? returnReason
                : to === 'COMPLETED'
                  ? refused
                    ? '经核查，企业年度营业收入增幅未达到政策规定条件。'
                    : '资金已拨付至企业基本账户。'
                  : null,
            data: { round: 1 },
            at: at[i]!,
          });
        });
      }
    });
  });
  return out;
}

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

/** Seeds the demo rows; callable inside a transaction. A database that already has them is left alone. */
export async function seedPolicies(db: Database, enterprises: DemoEnterprise[]): Promise<void> {
  const seed = buildPolicySeed(enterprises);
  const first = seed.policies[0]!.id!;
  const [existing] = await db.select({ id: policies.id }).from(policies).where(eq(policies.id, first)).limit(1);
  if (existing) return;
  await insertChunks(seed.policies, (c) => db.insert(policies).values(c).onConflictDoNothing());
  await insertChunks(seed.policyEvents, (c) => db.insert(policyEvents).values(c));
  await insertChunks(seed.policyVersions, (c) => db.insert(policyVersions).values(c).onConflictDoNothing());
  await insertChunks(seed.items, (c) => db.insert(redemptionItems).values(c).onConflictDoNothing());
  await insertChunks(seed.applications, (c) => db.insert(redemptionApplications).values(c).onConflictDoNothing());
  await insertChunks(seed.applicationEvents, (c) => db.insert(applicationEvents).values(c));
  const more = buildExemptionSeed(seed, enterprises);
  await insertChunks(more.facts, (c) => db.insert(enterpriseFacts).values(c).onConflictDoNothing());
  await insertChunks(more.rules, (c) => db.insert(eligibilityRules).values(c));
  await insertChunks(more.applications, (c) => db.insert(redemptionApplications).values(c));
  await insertChunks(more.applicationEvents, (c) => db.insert(applicationEvents).values(c));
  await insertChunks(more.entitlements, (c) => db.insert(entitlements).values(c));
  await insertChunks(more.entitlementEvents, (c) => db.insert(entitlementEvents).values(c));
  await insertChunks(more.officials, (c) => db.insert(serviceOfficials).values(c));
  await insertChunks(more.assignments, (c) => db.insert(officialAssignments).values(c));
  await insertChunks(more.assignmentEvents, (c) => db.insert(assignmentEvents).values(c));
  await insertChunks(more.visits, (c) => db.insert(visits).values(c));
  await insertChunks(more.visitEvents, (c) => db.insert(visitEvents).values(c));
  await insertChunks(more.problems, (c) => db.insert(visitProblems).values(c));
}
