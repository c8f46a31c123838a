/**
 * Demo rows of the `talent` schema (人才服务, 市人社局): talent policies of the city and of the counties, and job
 * postings of the demo enterprises in every review state with their review history. The policies are illustrative
 * programmes in the style of the city's, not quotations of real documents. Deterministic: the same enterprises give
 * the same rows.
 */
import type { Database } from '../client.ts';
import {
  enterpriseIndustries,
  jobApplicationEvents,
  jobApplications,
  jobPostingEvents,
  jobPostings,
  jobPostingVersions,
  type JobApplicationStatus,
  talentPolicies,
  talentPolicyEvents,
  talentPolicyVersions,
  type EducationLevel,
  type JobCategory,
  type JobPostingStatus,
} from '../schema/talent.ts';
import { mobile, personName, random, type DemoEnterprise, type Random } from './demo.ts';
import { demoEnterpriseIndustries } from './statistics.ts';

const CITY = '410400';
const DAY = 86_400_000;
/** The demo's "now": every row is dated before it, the same on every run. */
const NOW = Date.parse('2026-11-27T02:00:00.000Z');
/** Postings are created from here on (about eight months before the demo's now). */
const BASE = NOW - 250 * 86_400_000;
/** Talent policies are issued from here on. */
const POLICY_BASE = Date.parse('2026-01-05T01:30:00.000Z');

/** A UUID (version 4 layout) drawn from the seeded generator, so the demo rows keep their ids between runs. */
function uuidFrom(r: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r.next() * 16).toString(16)).join('');
  const variant = (8 + (parseInt(hex[16]!, 16) & 3)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

interface PolicySeed {
  title: string;
  summary: string;
  body: string;
  departmentCode: string;
  countyCode: string;
  /** Days after POLICY_BASE. */
  day: number;
  /**
   * What happened to it after publication: kept current (updated within the last 90 days, the default), never updated
   * (stale), published late (more than 24 hours after its issue), withdrawn, expired, or still a draft.
   */
  fate?: 'stale' | 'late' | 'withdrawn' | 'expired' | 'draft';
}

const CLOSING = '具体申报条件、材料和办理流程以主管部门正式发布的文件为准，可在平台“找政策”栏目查询或拨打12345咨询。';

const POLICIES: PolicySeed[] = [
  {
    title: '鹰城英才引育计划实施办法',
    summary: '面向重点产业引进高层次人才和创新团队，给予安家补贴、科研经费和子女入学等支持。',
    body: `为加快建设中原城市群人才高地，支持尼龙新材料、特钢不锈钢、高端装备、新能源等重点产业引进高层次人才。对全职引进的顶尖人才、领军人才和拔尖人才分层次给予安家补贴和科研经费支持；对带技术、带项目来平创新创业的团队，经评审后给予项目资助。引进人才可享受子女入学、配偶就业、医疗保健等绿色通道服务。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: CITY,
    day: 3,
  },
  {
    title: '高校毕业生就业创业补贴政策指引',
    summary: '离校两年内高校毕业生到中小微企业就业、灵活就业或自主创业的，可申请社会保险补贴、一次性创业补贴等。',
    body: `离校两年内的高校毕业生到本市中小微企业就业并缴纳社会保险的，按规定给予社会保险补贴；灵活就业的，按规定给予灵活就业社会保险补贴。首次创办小微企业或从事个体经营并正常经营一定期限的，可申请一次性创业补贴和创业担保贷款贴息。企业吸纳离校未就业毕业生的，可申请一次性吸纳就业补贴。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: CITY,
    day: 10,
  },
  {
    title: '青年人才安居工程：人才公寓申请办法',
    summary: '在平工作的新引进青年人才可申请人才公寓，首期租金减免，符合条件的可申请购房补贴。',
    body: `在本市企事业单位全职工作、本人及配偶在本市无自有住房的新引进青年人才，可通过平台提交人才公寓申请。人才公寓按人才层次分类配租，入住首年租金减免，第二年起按市场租金一定比例收取。在本市首次购买商品住房的，符合条件的可申请一次性购房补贴。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: CITY,
    day: 17,
  },
  {
    title: '就业见习补贴和见习基地认定',
    summary: '企业吸纳青年参加就业见习的，按见习人数和期限给予见习补贴；留用率高的见习基地可提高补贴标准。',
    body: `企业、事业单位和社会组织可申请认定为就业见习基地，吸纳离校未就业高校毕业生和16—24岁失业青年参加3至12个月的就业见习。见习期间按月给予见习单位见习补贴，用于支付见习人员基本生活费、办理人身意外伤害保险和带教费用；见习期满留用率较高的，适当提高补贴标准。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: CITY,
    day: 31,
    fate: 'late',
  },
  {
    title: '职业技能提升补贴和技能人才评价',
    summary: '职工取得职业资格证书或职业技能等级证书的，可申请技能提升补贴；企业可自主开展技能人才评价。',
    body: `企业职工参加职业技能培训并取得职业资格证书、职业技能等级证书或专项职业能力证书的，按证书等级申请技能提升补贴。支持符合条件的企业备案开展职业技能等级认定，打通技能人才与专业技术人才职业发展通道。对新获评的首席技师、技能大师工作室给予资助。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: CITY,
    day: 45,
  },
  {
    title: '博士后科研工作站和创新实践基地建站资助',
    summary: '新设立博士后科研工作站、创新实践基地的企业，给予一次性建站资助和在站博士后生活补贴。',
    body: `鼓励重点企业和新型研发机构设立博士后科研工作站、博士后创新实践基地。新获批设站的单位给予一次性建站资助；进站博士后按月给予生活补贴，出站后留平工作的给予安家补贴。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: CITY,
    day: 62,
    fate: 'stale',
  },
  {
    title: '返乡入乡创业扶持措施',
    summary: '返乡入乡人员创办企业的，可享受创业担保贷款、场地租金补贴和创业孵化服务。',
    body: `对返乡入乡创业的农民工、高校毕业生和退役军人，符合条件的可申请创业担保贷款并享受财政贴息；入驻创业孵化基地、返乡创业园的，按规定减免场地租金。各县（市、区）人社部门提供政策咨询、项目推介、开业指导等一站式创业服务。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: CITY,
    day: 80,
    fate: 'withdrawn',
  },
  {
    title: '专精特新企业急需紧缺人才薪酬补贴',
    summary: '专精特新中小企业引进急需紧缺专业技术人才和经营管理人才的，按年薪给予一定比例补贴。',
    body: `对国家级、省级专精特新中小企业新引进的急需紧缺专业技术人才和高级经营管理人才，签订三年以上劳动合同并在本市缴纳社会保险的，按其年度工资薪金的一定比例给予企业补贴。${CLOSING}`,
    departmentCode: 'miit',
    countyCode: CITY,
    day: 95,
  },
  {
    title: '叶县“归雁计划”人才回引工作方案',
    summary: '面向在外叶县籍人才，提供返乡就业岗位对接、创业场地和住房保障。',
    body: `梳理在外叶县籍人才信息，定期发布县内重点企业岗位需求。返乡到县内企业就业的人才可申请过渡性住房；返乡创业的优先入驻县创业孵化园，并享受场地租金减免。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: '410422',
    day: 101,
  },
  {
    title: '舞钢市特钢产业技能人才培养补贴',
    summary: '支持特钢企业与职业院校开展订单式培养，对新型学徒制培训给予补贴。',
    body: `鼓励特钢及配套企业与职业院校合作开展订单班、冠名班，对企业开展的企业新型学徒制培训按人数给予培训补贴，对带徒师傅给予带徒津贴。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: '410481',
    day: 115,
  },
  {
    title: '汝州市青年人才驿站免费入住服务',
    summary: '来汝求职的高校毕业生可在青年人才驿站免费入住，并获得岗位推荐和就业指导。',
    body: `来汝州求职、实习的全日制高校毕业生，凭毕业证或学生证可在青年人才驿站免费入住一定天数，驿站同时提供岗位推荐、政策咨询和职业指导服务。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: '410482',
    day: 128,
    fate: 'late',
  },
  {
    title: '高新区创新创业团队引进资助办法',
    summary: '对落户高新区的创新创业团队按评审等级给予项目资助和办公场地支持。',
    body: `面向新材料、智能制造、电子信息等领域，引进具有核心技术和产业化前景的创新创业团队。经评审认定的团队，按等级给予项目资助，并在孵化器内提供一定期限的免租办公和研发场地。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: '410471',
    day: 140,
  },
  {
    title: '郏县乡村工匠和技能人才评选激励',
    summary: '开展乡村工匠评选，对获评人员给予一次性奖励并优先推荐参加技能大赛。',
    body: `围绕陶瓷、食品加工、建筑等传统优势行业，开展乡村工匠和优秀技能人才评选。获评人员给予一次性奖励，优先推荐参加省市职业技能竞赛和高技能人才评价。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: '410425',
    day: 152,
    fate: 'stale',
  },
  {
    title: '宝丰县企业用工服务专员制度',
    summary: '为重点企业配备用工服务专员，协助解决招工、培训和劳动关系问题。',
    body: `为县内重点企业配备用工服务专员，定期走访了解用工需求，组织专场招聘会和线上岗位发布，协调职业技能培训资源，指导企业规范劳动用工。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: '410421',
    day: 166,
    fate: 'expired',
  },
  {
    title: '鲁山县文旅服务人才培训计划',
    summary: '面向民宿、景区和餐饮从业人员开展免费技能培训，取得证书的给予培训补贴。',
    body: `围绕尧山、温泉等文旅资源，组织民宿管家、导游讲解、中式烹调等项目的免费技能培训，参训人员取得相应证书的，按规定给予培训补贴。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: '410423',
    day: 179,
  },
  {
    title: '电子商务人才培训和直播带货技能提升',
    summary: '面向企业和个体经营者开展电商运营、直播带货培训，助力本地产品拓展线上市场。',
    body: `组织电子商务运营、网络直播、短视频制作等培训，参训人员经考核合格的给予培训补贴；对带动就业成效明显的电商企业优先推荐参加各类展会。${CLOSING}`,
    departmentCode: 'mofcom',
    countyCode: CITY,
    day: 190,
    fate: 'stale',
  },
  {
    title: '2026年冬季高校毕业生就业服务月活动方案',
    summary: '11月至12月集中开展线上线下招聘会、政策宣讲和就业指导，帮助离校未就业毕业生尽早就业。',
    body: `活动期间，市、县两级人社部门每周举办专场招聘会，组织重点企业发布岗位；同步开展就业政策进校园、职业指导和技能培训报名服务。离校未就业高校毕业生可通过平台“招人才”栏目查看岗位并在线应聘。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: CITY,
    day: 309,
  },
  {
    title: '技能人才自主评价补贴实施细则（征求意见稿）',
    summary: '对开展职业技能等级自主评价的企业，按取证人数给予评价补贴；征求意见后发布。',
    body: `备案开展职业技能等级认定的企业，组织本企业职工参加评价并取得职业技能等级证书的，按取证人数和等级给予评价补贴，补贴资金从职业技能提升行动专账列支。${CLOSING}`,
    departmentCode: 'hrss',
    countyCode: CITY,
    day: 326,
    fate: 'draft',
  },
];

interface JobTemplate {
  title: string;
  category: JobCategory;
  education: EducationLevel;
  salary: [number, number];
  duties: string;
}

const GENERAL: JobTemplate[] = [
  {
    title: '会计',
    category: 'FINANCE',
    education: 'JUNIOR_COLLEGE',
    salary: [3500, 5500],
    duties: '负责日常账务处理、纳税申报和财务报表编制；持有初级会计职称优先。',
  },
  {
    title: '人力资源专员',
    category: 'MANAGEMENT',
    education: 'JUNIOR_COLLEGE',
    salary: [3500, 5000],
    duties: '负责招聘、入职、社保办理和员工关系维护；熟悉劳动法律法规。',
  },
  {
    title: '销售代表',
    category: 'SALES',
    education: 'HIGH_SCHOOL',
    salary: [3000, 8000],
    duties: '负责区域客户开发与维护，完成销售目标；底薪加提成，适应短期出差。',
  },
];

const BY_INDUSTRY: Record<string, JobTemplate[]> = {
  A: [
    {
      title: '农业技术员',
      category: 'RESEARCH',
      education: 'JUNIOR_COLLEGE',
      salary: [3500, 5000],
      duties: '负责种植基地的技术指导、病虫害防治和生产记录；农学相关专业优先。',
    },
  ],
  B: [
    {
      title: '井下采煤工',
      category: 'MANUFACTURING',
      education: 'ANY',
      salary: [7000, 11000],
      duties: '从事井下采掘作业，上岗前参加安全培训并取得相应资格；年龄18—45周岁，身体健康。',
    },
    {
      title: '机电技术员',
      category: 'RESEARCH',
      education: 'JUNIOR_COLLEGE',
      salary: [5000, 7500],
      duties: '负责矿井机电设备的安装、维护和故障排查；机电一体化相关专业。',
    },
  ],
  C: [
    {
      title: '数控车床操作工',
      category: 'MANUFACTURING',
      education: 'HIGH_SCHOOL',
      salary: [4500, 7000],
      duties: '按图纸操作数控车床完成零件加工，能看懂机械图纸；有相关工作经验优先，两班倒。',
    },
    {
      title: '焊工',
      category: 'MANUFACTURING',
      education: 'ANY',
      salary: [5000, 8000],
      duties: '从事二保焊、氩弧焊作业，持有特种作业操作证（焊接与热切割）；提供食宿。',
    },
    {
      title: '质检员',
      category: 'MANUFACTURING',
      education: 'JUNIOR_COLLEGE',
      salary: [3800, 5200],
      duties: '负责原材料、半成品和成品的检验与记录，会使用常用量具。',
    },
    {
      title: '机械设计工程师',
      category: 'RESEARCH',
      education: 'BACHELOR',
      salary: [6000, 10000],
      duties: '负责非标设备和零部件的结构设计，熟练使用SolidWorks或AutoCAD；机械类专业本科及以上。',
    },
    {
      title: '材料研发工程师',
      category: 'RESEARCH',
      education: 'MASTER',
      salary: [8000, 15000],
      duties: '从事尼龙、特种材料的配方与工艺研发，参与产学研项目；材料、化工类专业硕士及以上。',
    },
    {
      title: '设备维修电工',
      category: 'MANUFACTURING',
      education: 'HIGH_SCHOOL',
      salary: [4500, 6500],
      duties: '负责生产线设备的日常点检、电气维修和保养，持电工证。',
    },
  ],
  D: [
    {
      title: '光伏电站运维工程师',
      category: 'RESEARCH',
      education: 'JUNIOR_COLLEGE',
      salary: [5000, 8000],
      duties: '负责光伏电站巡检、数据监控和故障处理；电气类专业，持高压电工证优先。',
    },
  ],
  E: [
    {
      title: '施工员',
      category: 'CONSTRUCTION',
      education: 'JUNIOR_COLLEGE',
      salary: [5000, 8000],
      duties: '负责施工现场的技术交底、进度和质量管理；土木工程相关专业。',
    },
    {
      title: '造价员',
      category: 'CONSTRUCTION',
      education: 'JUNIOR_COLLEGE',
      salary: [4500, 7000],
      duties: '负责工程量计算、预结算编制，熟练使用广联达软件。',
    },
  ],
  F: [
    {
      title: '门店店长',
      category: 'SALES',
      education: 'JUNIOR_COLLEGE',
      salary: [5000, 8000],
      duties: '负责门店日常运营、人员排班和销售业绩管理；有零售管理经验优先。',
    },
    {
      title: '仓库管理员',
      category: 'LOGISTICS',
      education: 'HIGH_SCHOOL',
      salary: [3500, 4800],
      duties: '负责货物出入库、盘点和台账管理，会使用办公软件。',
    },
  ],
  G: [
    {
      title: '货车司机（A2）',
      category: 'LOGISTICS',
      education: 'ANY',
      salary: [7000, 10000],
      duties: '驾驶重型货车完成省内外运输任务，持A2驾驶证和道路运输从业资格证，三年以上驾龄。',
    },
    {
      title: '物流调度员',
      category: 'LOGISTICS',
      education: 'JUNIOR_COLLEGE',
      salary: [4000, 6000],
      duties: '负责车辆调度、运输线路安排和异常处理，熟悉本地路网。',
    },
  ],
  H: [
    {
      title: '中餐厨师',
      category: 'SERVICE',
      education: 'ANY',
      salary: [5000, 8000],
      duties: '负责热菜制作和后厨卫生管理，持健康证；持中式烹调师证书优先。',
    },
    {
      title: '前厅服务员',
      category: 'SERVICE',
      education: 'HIGH_SCHOOL',
      salary: [3000, 4000],
      duties: '负责接待、点单和客户服务，形象良好、服务意识强；提供食宿。',
    },
  ],
  I: [
    {
      title: 'Java开发工程师',
      category: 'INFORMATION_TECHNOLOGY',
      education: 'BACHELOR',
      salary: [7000, 13000],
      duties: '参与政务和企业信息化系统的后端开发，熟悉Spring Boot和关系型数据库。',
    },
    {
      title: '前端开发工程师',
      category: 'INFORMATION_TECHNOLOGY',
      education: 'JUNIOR_COLLEGE',
      salary: [6000, 11000],
      duties: '负责Web端和小程序页面开发，熟悉Vue或React。',
    },
    {
      title: '运维工程师',
      category: 'INFORMATION_TECHNOLOGY',
      education: 'JUNIOR_COLLEGE',
      salary: [5500, 9000],
      duties: '负责服务器、网络和数据库的日常运维与安全加固，熟悉Linux。',
    },
  ],
  L: [
    {
      title: '招聘顾问',
      category: 'SERVICE',
      education: 'JUNIOR_COLLEGE',
      salary: [3500, 7000],
      duties: '为合作企业提供招聘服务，完成岗位对接和候选人推荐。',
    },
  ],
  M: [
    {
      title: '检测员',
      category: 'RESEARCH',
      education: 'JUNIOR_COLLEGE',
      salary: [4000, 6000],
      duties: '按标准开展样品检测和原始记录整理，化学、材料相关专业。',
    },
    {
      title: '博士后研究人员',
      category: 'RESEARCH',
      education: 'DOCTORATE',
      salary: [12000, 20000],
      duties: '依托企业博士后创新实践基地开展应用研究，可享受人才公寓和博士后生活补贴。',
    },
  ],
  R: [
    {
      title: '新媒体运营',
      category: 'SALES',
      education: 'JUNIOR_COLLEGE',
      salary: [4000, 7000],
      duties: '负责公众号、短视频账号的内容策划与运营，有文旅行业经验优先。',
    },
  ],
};

const REJECTIONS = [
  '岗位描述中含有性别限制性表述，请修改后重新提交。',
  '薪酬范围填写不完整，请据实填写。',
  '联系电话无法接通，请核实联系方式。',
  '岗位信息与企业经营范围不符，请补充说明。',
];

const TAKEDOWNS = ['岗位已长期未更新且联系电话无法接通。', '岗位信息与实际招聘情况不符。'];

function pickStatus(r: Random): JobPostingStatus {
  const roll = r.next();
  if (roll < 0.06) return 'DRAFT';
  if (roll < 0.18) return 'PENDING_REVIEW';
  if (roll < 0.66) return 'PUBLISHED';
  if (roll < 0.74) return 'REJECTED';
  if (roll < 0.84) return 'CLOSED';
  if (roll < 0.92) return 'EXPIRED';
  return 'WITHDRAWN';
}

/** A calendar day (YYYY-MM-DD, China time) of an instant. */
function dayOf(at: number): string {
  return new Date(at + 8 * 3600_000).toISOString().slice(0, 10);
}

type EventSeed = typeof jobPostingEvents.$inferInsert;

/**
 * Talent policies with their versions and events: issued, published within 24 hours (two of them late), most checked
 * and updated within the demo's last 90 days, some stale on purpose, one withdrawn, one expired, one still a draft.
 */
async function seedPolicies(db: Database, ids: Random): Promise<void> {
  // The first sixteen keep the ids they had before policies had a life cycle; the rest of the draws come from their own
  // sequence, so the postings' ids do not move either.
  const r = random(4104_09);
  const rows: Array<typeof talentPolicies.$inferInsert> = [];
  const events: Array<typeof talentPolicyEvents.$inferInsert> = [];
  const versions: Array<typeof talentPolicyVersions.$inferInsert> = [];
  for (const [i, p] of POLICIES.entries()) {
    const id = uuidFrom(i < 16 ? ids : r);
    const clerk = `demo-hrss-${p.countyCode}`;
    const publishedAt = POLICY_BASE + p.day * DAY;
    const issuedAt = publishedAt - (p.fate === 'late' ? r.int(30, 48) : r.int(2, 20)) * 3600_000;
    const createdAt = Math.min(issuedAt + r.int(1, 3) * 1800_000, publishedAt - 60_000);
    const content = {
      title: p.title,
      summary: p.summary,
      body: p.body,
      countyCode: p.countyCode,
      issuedAt: new Date(issuedAt).toISOString(),
      expiresOn: p.fate === 'expired' ? '2026-10-31' : null,
      policyId: null,
    };
    const event = (e: Omit<typeof talentPolicyEvents.$inferInsert, 'subjectId' | 'actorRole'>) =>
      events.push({ subjectId: id, actorRole: e.actor.startsWith('talent.') ? 'system' : 'staff', ...e });
    const version = (v: number, at: number, c: typeof content) =>
      versions.push({ subjectId: id, version: v, content: c, actor: clerk, actorRole: 'staff', at: new Date(at) });
    event({
      action: 'CREATE',
      fromStatus: null,
      toStatus: 'DRAFT',
      actor: clerk,
      data: { version: 1 },
      at: new Date(createdAt),
    });
    version(1, createdAt, content);
    const row: typeof talentPolicies.$inferInsert = {
      id,
      title: p.title,
      summary: p.summary,
      body: p.body,
      status: 'DRAFT',
      issuedAt: new Date(issuedAt),
      expiresOn: content.expiresOn,
      version: 1,
      revisedAt: new Date(createdAt),
      createdBy: clerk,
      departmentCode: p.departmentCode,
      countyCode: p.countyCode,
      createdAt: new Date(createdAt),
      updatedAt: new Date(createdAt),
    };
    rows.push(row);
    if (p.fate === 'draft') continue;
    row.status = 'PUBLISHED';
    row.publishedAt = new Date(publishedAt);
    row.updatedAt = row.publishedAt;
    event({
      action: 'PUBLISH',
      fromStatus: 'DRAFT',
      toStatus: 'PUBLISHED',
      actor: clerk,
      data: { version: 1 },
      at: row.publishedAt,
    });
    // Kept current: checked and updated within the demo's last 90 days (those published since need no update yet).
    if (p.fate !== 'stale' && NOW - publishedAt > 60 * DAY) {
      // Before it was withdrawn or expired, for those that were.
      const latest =
        p.fate === 'withdrawn' ? NOW - 21 * DAY : p.fate === 'expired' ? Date.parse('2026-10-30T02:00:00.000Z') : NOW;
      const at = latest - r.int(3, 60) * DAY - r.int(0, 8 * 3600) * 1000;
      const checked = `${new Date(at + 8 * 3600_000).toISOString().slice(0, 10)}核实：本政策继续有效。`;
      const updated = { ...content, body: `${p.body}（${checked}）` };
      row.body = updated.body;
      row.version = 2;
      row.revisedAt = new Date(at);
      row.updatedAt = row.revisedAt;
      version(2, at, updated);
      event({
        action: 'UPDATE',
        fromStatus: 'PUBLISHED',
        toStatus: 'PUBLISHED',
        actor: clerk,
        data: { version: 2 },
        at: row.revisedAt,
      });
    }
    if (p.fate === 'withdrawn') {
      const at = NOW - 20 * DAY;
      const reason = '已被《鹰城英才引育计划实施办法》相关条款替代。';
      row.status = 'WITHDRAWN';
      row.withdrawnAt = new Date(at);
      row.withdrawalReason = reason;
      row.updatedAt = row.withdrawnAt;
      event({
        action: 'WITHDRAW',
        fromStatus: 'PUBLISHED',
        toStatus: 'WITHDRAWN',
        actor: clerk,
        note: reason,
        data: { version: row.version },
        at: row.withdrawnAt,
      });
    }
    if (p.fate === 'expired') {
      // The daily job at 00:20 China time on the day after the last valid day.
      const at = Date.parse('2026-10-31T16:20:00.000Z');
      row.status = 'EXPIRED';
      row.expiredAt = new Date(at);
      row.updatedAt = row.expiredAt;
      event({
        action: 'EXPIRE',
        fromStatus: 'PUBLISHED',
        toStatus: 'EXPIRED',
        actor: 'talent.expirePolicies',
        note: '有效期至2026-10-31',
        data: { version: row.version },
        at: row.expiredAt,
      });
    }
  }
  const inserted = await db
    .insert(talentPolicies)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: talentPolicies.id });
  const fresh = new Set(inserted.map((row) => row.id));
  const history = events.filter((e) => fresh.has(e.subjectId));
  if (history.length > 0) await db.insert(talentPolicyEvents).values(history);
  const saved = versions.filter((v) => fresh.has(v.subjectId));
  if (saved.length > 0) await db.insert(talentPolicyVersions).values(saved);
}

export async function seedTalent(db: Database, enterprises: DemoEnterprise[]): Promise<void> {
  const r = random(4104_08);
  const industries = demoEnterpriseIndustries(enterprises);
  for (let i = 0; i < industries.length; i += 500) {
    await db
      .insert(enterpriseIndustries)
      .values(industries.slice(i, i + 500))
      .onConflictDoNothing();
  }

  await seedPolicies(db, r);

  const postings: Array<typeof jobPostings.$inferInsert> = [];
  const events: EventSeed[] = [];
  const versions: Array<typeof jobPostingVersions.$inferInsert> = [];
  for (const enterprise of enterprises) {
    const templates = [...(BY_INDUSTRY[enterprise.industryCode] ?? []), ...GENERAL];
    const n = r.pick([0, 0, 1, 1, 1, 2, 2, 3]);
    const titles = new Set<string>();
    for (let i = 0; i < n; i++) {
      const t = r.pick(templates);
      if (titles.has(t.title)) continue;
      titles.add(t.title);
      const id = uuidFrom(r);
      const status = pickStatus(r);
      const createdAt = BASE + r.int(0, 235) * DAY + r.int(0, 9 * 3600) * 1000;
      const submittedAt = status === 'DRAFT' ? null : createdAt + r.int(1, 20) * 3600_000;
      const reviewed = !['DRAFT', 'PENDING_REVIEW'].includes(status) && !(status === 'WITHDRAWN' && r.next() < 0.3);
      const reviewedAt = reviewed && submittedAt ? submittedAt + r.int(2, 30) * 3600_000 : null;
      const approved = reviewed && status !== 'REJECTED';
      const rejectionReason = status === 'REJECTED' ? r.pick(REJECTIONS) : null;
      const enterpriseActor = `demo-enterprise-${enterprise.creditCode}`;
      const reviewer = `demo-hrss-${enterprise.countyCode}`;
      const content = {
        title: t.title,
        category: t.category,
        headcount: r.pick([1, 1, 2, 2, 3, 5, 8, 10, 20]),
        salaryMin: t.salary[0],
        salaryMax: t.salary[1] + r.int(0, 2) * 500,
        education: t.education,
        description: `${t.duties}工作地点：${enterprise.address.replace('河南省平顶山市', '')}。缴纳五险，法定节假日休息。`,
        countyCode: enterprise.countyCode,
        // Open postings stay open for weeks or months after the demo's now; expired ones ended before it.
        expiresOn:
          status === 'EXPIRED' && reviewedAt
            ? dayOf(Math.min(reviewedAt + r.int(10, 60) * DAY, NOW - 2 * DAY))
            : dayOf(NOW + r.int(30, 300) * DAY),
      };
      let version = 1;
      let revisedAt = createdAt;
      let at = reviewedAt ?? submittedAt ?? createdAt;
      const later = (minDays: number, maxDays: number) =>
        (at = Math.min(at + r.int(minDays, maxDays) * DAY, NOW - DAY));
      const event = (e: Omit<EventSeed, 'subjectId' | 'data'> & { version?: number }) => {
        const { version: v, ...rest } = e;
        events.push({ subjectId: id, data: { version: v ?? version }, ...rest });
      };
      event({
        action: 'CREATE',
        fromStatus: null,
        toStatus: 'DRAFT',
        actor: enterpriseActor,
        actorRole: 'enterprise',
        at: new Date(createdAt),
      });
      versions.push({
        subjectId: id,
        version: 1,
        content,
        actor: enterpriseActor,
        actorRole: 'enterprise',
        at: new Date(createdAt),
      });
      if (submittedAt) {
        event({
          action: 'SUBMIT',
          fromStatus: 'DRAFT',
          toStatus: 'PENDING_REVIEW',
          actor: enterpriseActor,
          actorRole: 'enterprise',
          at: new Date(submittedAt),
        });
      }
      if (reviewedAt) {
        event({
          action: approved ? 'APPROVE' : 'REJECT',
          fromStatus: 'PENDING_REVIEW',
          toStatus: approved ? 'PUBLISHED' : 'REJECTED',
          actor: reviewer,
          actorRole: 'staff',
          note: rejectionReason,
          at: new Date(reviewedAt),
        });
      }
      // Most published postings were updated later (a second version), most of them within the demo's last
      // 90 days; the others, and the postings never updated, published before then, are stale on purpose.
      if (approved && status !== 'EXPIRED' && r.next() < 0.85) {
        version = 2;
        revisedAt = r.next() < 0.85 ? (at = Math.max(at + DAY, NOW - r.int(5, 80) * DAY)) : later(10, 120);
        content.headcount += 1;
        versions.push({
          subjectId: id,
          version,
          content: { ...content },
          actor: reviewer,
          actorRole: 'staff',
          at: new Date(revisedAt),
        });
        event({
          action: 'UPDATE',
          fromStatus: 'PUBLISHED',
          toStatus: 'PUBLISHED',
          actor: reviewer,
          actorRole: 'staff',
          note: '更正招聘人数',
          at: new Date(revisedAt),
        });
      }
      let closedAt: number | null = null;
      let expiredAt: number | null = null;
      let withdrawnAt: number | null = null;
      let withdrawalReason: string | null = null;
      if (status === 'CLOSED') {
        closedAt = later(7, 40);
        event({
          action: 'CLOSE',
          fromStatus: 'PUBLISHED',
          toStatus: 'CLOSED',
          actor: enterpriseActor,
          actorRole: 'enterprise',
          note: '岗位已招满',
          at: new Date(closedAt),
        });
      }
      if (status === 'EXPIRED') {
        expiredAt = Date.parse(`${content.expiresOn}T16:15:00Z`);
        at = Math.max(at, expiredAt);
        event({
          action: 'EXPIRE',
          fromStatus: 'PUBLISHED',
          toStatus: 'EXPIRED',
          actor: 'talent.expirePostings',
          actorRole: 'system',
          note: `招聘截止${content.expiresOn}`,
          at: new Date(expiredAt),
        });
      }
      if (status === 'WITHDRAWN') {
        withdrawnAt = later(3, 30);
        const byHrss = approved && r.next() < 0.5;
        withdrawalReason = byHrss ? r.pick(TAKEDOWNS) : null;
        event({
          action: 'WITHDRAW',
          fromStatus: approved ? 'PUBLISHED' : submittedAt ? 'PENDING_REVIEW' : 'DRAFT',
          toStatus: 'WITHDRAWN',
          actor: byHrss ? reviewer : enterpriseActor,
          actorRole: byHrss ? 'staff' : 'enterprise',
          note: withdrawalReason,
          at: new Date(withdrawnAt),
        });
      }
      const { countyCode: _county, ...columns } = content;
      postings.push({
        id,
        enterpriseCode: enterprise.creditCode,
        ...columns,
        contactName: personName(r),
        contactPhone: mobile(r),
        status,
        submittedBy: enterpriseActor,
        submittedAt: submittedAt ? new Date(submittedAt) : null,
        reviewedBy: reviewedAt ? reviewer : null,
        reviewedAt: reviewedAt ? new Date(reviewedAt) : null,
        rejectionReason,
        publishedAt: approved && reviewedAt ? new Date(reviewedAt) : null,
        version,
        revisedAt: new Date(revisedAt),
        closedAt: closedAt ? new Date(closedAt) : null,
        expiredAt: expiredAt ? new Date(expiredAt) : null,
        withdrawnAt: withdrawnAt ? new Date(withdrawnAt) : null,
        withdrawalReason,
        departmentCode: 'hrss',
        countyCode: enterprise.countyCode,
        createdAt: new Date(createdAt),
        updatedAt: new Date(Math.max(at, revisedAt)),
      });
    }
  }
  // Events only for the postings this run inserted, so that running the seed again adds nothing.
  const inserted = new Set<string>();
  for (let i = 0; i < postings.length; i += 500) {
    const rows = await db
      .insert(jobPostings)
      .values(postings.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: jobPostings.id });
    for (const row of rows) inserted.add(row.id);
  }
  const fresh = events.filter((e) => inserted.has(e.subjectId));
  for (let i = 0; i < fresh.length; i += 1000) {
    await db.insert(jobPostingEvents).values(fresh.slice(i, i + 1000));
  }
  const saved = versions.filter((v) => inserted.has(v.subjectId));
  for (let i = 0; i < saved.length; i += 1000) {
    await db.insert(jobPostingVersions).values(saved.slice(i, i + 1000));
  }

  await seedApplications(db, postings, inserted, r);
}

const RESUMES = [
  '有三年相关岗位工作经验，能吃苦耐劳，服从安排，可接受倒班。',
  '应届毕业生，在校期间参加过企业实习，学习能力强，希望在本地长期发展。',
  '持相关职业资格证书，熟悉岗位操作规范和安全要求，有团队协作经验。',
  '曾在外地同类企业工作五年，现返乡求职，熟悉生产管理和质量控制。',
];
const DECLINES = ['岗位已招满，感谢您的关注。', '工作经验与岗位要求不符。', null];
const PLACES = ['公司人力资源部会议室', '厂区办公楼二楼', '县人才市场面试区'];

type ApplicationSeed = typeof jobApplications.$inferInsert;

/**
 * Applications of demo job seekers (`demo-person-<n>`) to the postings that were public, in every state, each with
 * its events; the enterprise's first answer a day or more after the application.
 */
async function seedApplications(
  db: Database,
  postings: Array<typeof jobPostings.$inferInsert>,
  inserted: Set<string>,
  r: Random,
): Promise<void> {
  const rows: ApplicationSeed[] = [];
  const events: EventSeed[] = [];
  const states: JobApplicationStatus[] = ['SUBMITTED', 'SHORTLISTED', 'INTERVIEW', 'REJECTED', 'HIRED', 'WITHDRAWN'];
  for (const posting of postings) {
    if (!posting.publishedAt || !inserted.has(posting.id!)) continue;
    const n = r.pick([0, 1, 1, 2, 3]);
    const people = new Set<number>();
    for (let i = 0; i < n; i++) {
      const person = r.int(1, 200);
      if (people.has(person)) continue;
      people.add(person);
      const id = uuidFrom(r);
      const sub = `demo-person-${person}`;
      // Only a posting still open has applications waiting for an answer.
      const status =
        posting.status === 'PUBLISHED' ? r.pick(states) : r.pick(['REJECTED', 'HIRED', 'WITHDRAWN'] as const);
      // Early enough that the enterprise's answers (three steps, at most four days apart) fall before the demo's now.
      const published = posting.publishedAt.getTime();
      const submittedAt = Math.max(
        published + 3600_000,
        Math.min(published + r.int(1, 20) * DAY + r.int(0, 8 * 3600) * 1000, NOW - 12 * DAY),
      );
      let at = submittedAt;
      const step = (
        action: string,
        from: JobApplicationStatus | null,
        to: JobApplicationStatus,
        actorRole: string,
        note: string | null = null,
      ) => {
        at += r.int(1, 4) * DAY;
        events.push({
          subjectId: id,
          action,
          fromStatus: from,
          toStatus: to,
          actor: actorRole === 'person' ? sub : `demo-enterprise-${posting.enterpriseCode}`,
          actorRole,
          note,
          at: new Date(at),
        });
        return new Date(at);
      };
      events.push({
        subjectId: id,
        action: 'SUBMIT',
        fromStatus: null,
        toStatus: 'SUBMITTED',
        actor: sub,
        actorRole: 'person',
        at: new Date(submittedAt),
      });
      const row: ApplicationSeed = {
        id,
        postingId: posting.id!,
        postingTitle: posting.title,
        enterpriseCode: posting.enterpriseCode,
        applicantSub: sub,
        name: personName(r),
        phone: mobile(r),
        education: posting.education,
        yearsOfExperience: r.int(0, 12),
        resume: r.pick(RESUMES),
        status,
        submittedAt: new Date(submittedAt),
        departmentCode: posting.departmentCode,
        countyCode: posting.countyCode,
        createdAt: new Date(submittedAt),
      };
      let current: JobApplicationStatus = 'SUBMITTED';
      if (status !== 'SUBMITTED' && status !== 'WITHDRAWN') {
        row.shortlistedAt = step('SHORTLIST', current, 'SHORTLISTED', 'enterprise');
        row.answeredAt = row.shortlistedAt;
        current = 'SHORTLISTED';
      }
      if (status === 'INTERVIEW' || status === 'HIRED' || (status === 'REJECTED' && r.next() < 0.5)) {
        const place = r.pick(PLACES);
        row.invitedAt = step('INVITE', current, 'INTERVIEW', 'enterprise', place);
        row.interviewAt = new Date(row.invitedAt.getTime() + 3 * DAY);
        row.interviewPlace = place;
        current = 'INTERVIEW';
      }
      if (status === 'REJECTED') {
        row.rejectionReason = r.pick(DECLINES);
        row.rejectedAt = step('REJECT', current, 'REJECTED', 'enterprise', row.rejectionReason);
      }
      if (status === 'HIRED') row.hiredAt = step('HIRE', current, 'HIRED', 'enterprise');
      if (status === 'WITHDRAWN') row.withdrawnAt = step('WITHDRAW', current, 'WITHDRAWN', 'person');
      row.updatedAt = new Date(at);
      rows.push(row);
    }
  }
  const fresh = new Set<string>();
  for (let i = 0; i < rows.length; i += 500) {
    const done = await db
      .insert(jobApplications)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: jobApplications.id });
    for (const row of done) fresh.add(row.id);
  }
  const history = events.filter((e) => fresh.has(e.subjectId));
  for (let i = 0; i < history.length; i += 1000) {
    await db.insert(jobApplicationEvents).values(history.slice(i, i + 1000));
  }
}
