/**
 * The public, anonymised view of matters (the Open311 GeoReport v2 read view of the gateway is built on it). What is
 * published, for every matter: its reference number, kind and category, status, the unit handling it, its county, and
 * the instants of submission, last change and the resolve deadline. What is never published: the enterprise (name,
 * credit code), the contact person and phone, and every free text (title, content, replies, resolutions, notes),
 * since any of them may carry personal or business data and matters carry no consent to publication. The status note
 * and the summary are generated from the fields above.
 */
import { COUNTIES } from '@qq/db/reference';
import { CITY_CODE } from '@qq/kit';
import { CATEGORIES, KIND_LABEL, OPEN_STATUSES, unitLabel, type MatterCategory, type MatterKind } from './domain.ts';

/** Names of the categories (类别), as services of the public view. */
export const CATEGORY_NAME: Record<MatterCategory, string> = {
  GOVERNMENT_SERVICE: '政务服务',
  FACTOR_SUPPORT: '要素保障',
  FINANCING: '融资',
  EMPLOYMENT: '用工',
  ENTERPRISE_FEES: '涉企收费',
  LAW_ENFORCEMENT: '执法检查',
  POLICY_IMPLEMENTATION: '政策落实',
  PAYMENT_ARREARS: '拖欠账款',
  MARKET_ACCESS: '市场准入与公平竞争',
  OTHER: '其他',
};

const CATEGORY_DESCRIPTION: Record<MatterCategory, string> = {
  GOVERNMENT_SERVICE: '审批、证照、窗口服务等政务服务问题',
  FACTOR_SUPPORT: '用地、用水、用电、用气、物流等要素保障问题',
  FINANCING: '贷款、担保、融资成本等问题',
  EMPLOYMENT: '招工、培训、劳动关系等用工问题',
  ENTERPRISE_FEES: '乱收费、不合规收费等涉企收费问题',
  LAW_ENFORCEMENT: '重复检查、执法扰企、处罚等问题',
  POLICY_IMPLEMENTATION: '惠企政策承诺未兑现等问题',
  PAYMENT_ARREARS: '机关事业单位、国有企业或大型企业拖欠企业账款',
  MARKET_ACCESS: '市场准入壁垒与不公平竞争',
  OTHER: '其他营商环境诉求与投诉',
};

const STATUS_NOTE: Record<string, string> = {
  SUBMITTED: '已受理，待分派承办单位',
  DISPATCHED: '已分派，待承办单位签收',
  SIGNED: '承办单位已签收，正在办理',
  REPLIED: '承办单位已答复企业，正在办理',
  PARTLY_RESOLVED: '阶段性办结，其余事项正在办理',
  RESOLVED: '已办结，待企业确认',
  REOPENED: '企业申请重办，正在重新办理',
  CONFIRMED: '已办结，企业已确认',
  CLOSED: '已办结并结案',
};

/** The services of the public view: one per category. */
export function publicServices() {
  return CATEGORIES.map((code) => ({ code, name: CATEGORY_NAME[code], description: CATEGORY_DESCRIPTION[code] }));
}

/** The columns the public view reads: nothing personal, no free text. */
export interface PublicMatterRow {
  referenceNo: string;
  kind: string;
  category: string;
  status: string;
  departmentCode: string;
  countyCode: string;
  submittedAt: Date;
  updatedAt: Date;
  resolveDueAt: Date | null;
}

function address(countyCode: string): string {
  const county = COUNTIES.find((c) => c.code === countyCode);
  if (!county || countyCode === CITY_CODE) return '河南省平顶山市';
  return `河南省平顶山市${county.name}`;
}

/** A row as the public view shows it. */
export function publicView(r: PublicMatterRow) {
  const category = r.category as MatterCategory;
  return {
    referenceNo: r.referenceNo,
    kind: r.kind,
    category,
    categoryName: CATEGORY_NAME[category],
    summary: `${KIND_LABEL[r.kind as MatterKind]}：${CATEGORY_NAME[category]}（内容不公开）`,
    status: r.status,
    open: (OPEN_STATUSES as readonly string[]).includes(r.status),
    statusNote: STATUS_NOTE[r.status] ?? r.status,
    agency: unitLabel(r.departmentCode, r.countyCode),
    department: { code: r.departmentCode },
    county: { code: r.countyCode },
    address: address(r.countyCode),
    submittedAt: r.submittedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    expectedAt: r.resolveDueAt?.toISOString() ?? null,
  };
}
