/**
 * Demo rows of the `commerce` schema: the industrial parks of Pingdingshan (real names; areas and descriptions are
 * plausible demo figures), business opportunities and investment projects (商机 / 招商项目), and financing needs
 * (融资需求), with their workflow events. Deterministic: the same demo enterprises give the same rows.
 */
import type { Database } from '../client.ts';
import { financingNeedEvents, financingNeeds, opportunities, opportunityEvents, parks } from '../schema/commerce.ts';
import { mobile, personName, random, type DemoEnterprise, type Random } from './demo.ts';

/** The demo's "now": rows are dated in the half year before it, the same on every run. */
const BASE = Date.parse('2025-06-30T10:00:00+08:00');
const DAY = 86_400_000;

/** A version-4-shaped UUID from the seeded generator, so that rows can refer to each other deterministically. */
function demoUuid(r: Random): string {
  const hex = Array.from({ length: 32 }, () => r.int(0, 15).toString(16)).join('');
  const variant = '89ab'[r.int(0, 3)]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function day(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function landline(r: Random): string {
  return `0375-${r.int(2, 8)}${String(r.int(0, 999_999)).padStart(6, '0')}`;
}

interface ParkSeed {
  name: string;
  level: 'NATIONAL' | 'PROVINCIAL' | 'CITY' | 'COUNTY';
  countyCode: string;
  areaHectares: number;
  leadingIndustries: string[];
  address: string;
  description: string;
}

const PARKS: ParkSeed[] = [
  {
    name: '平顶山高新技术产业开发区',
    level: 'NATIONAL',
    countyCode: '410471',
    areaHectares: 3620,
    leadingIndustries: ['智能电气装备', '新材料', '电子信息'],
    address: '河南省平顶山市高新区火炬路1号',
    description:
      '2015年经国务院批准升级为国家高新技术产业开发区，以高压开关、智能电网装备为龙头，集聚输配电装备、新材料和电子信息企业，建有国家级科技企业孵化器。',
  },
  {
    name: '平顶山尼龙新材料开发区',
    level: 'PROVINCIAL',
    countyCode: '410411',
    areaHectares: 2980,
    leadingIndustries: ['尼龙新材料', '煤盐化工', '精细化工'],
    address: '河南省平顶山市湛河区尼龙城大道88号',
    description:
      '原河南平顶山化工产业集聚区，依托煤、盐资源和尼龙66盐、工业丝、帘子布产业链建设“中国尼龙城”，重点发展尼龙切片、工程塑料、尼龙纤维及制品。',
  },
  {
    name: '平顶山市石龙区产业集聚区',
    level: 'PROVINCIAL',
    countyCode: '410404',
    areaHectares: 1120,
    leadingIndustries: ['碳素新材料', '煤基化工', '装备制造'],
    address: '河南省平顶山市石龙区人民路36号',
    description: '依托煤炭资源型城区转型，重点发展特种石墨、碳素制品和煤基新材料，推进老工业区循环化改造。',
  },
  {
    name: '舞钢市产业集聚区',
    level: 'PROVINCIAL',
    countyCode: '410481',
    areaHectares: 1860,
    leadingIndustries: ['特种钢材', '钢材深加工', '装备制造'],
    address: '河南省舞钢市垭口街道产业集聚区管委会',
    description: '以宽厚钢板生产为基础，延伸发展特钢精深加工、压力容器、风电装备和高端装备零部件。',
  },
  {
    name: '汝州市产业集聚区',
    level: 'PROVINCIAL',
    countyCode: '410482',
    areaHectares: 2240,
    leadingIndustries: ['装备制造', '新材料', '电子信息'],
    address: '河南省汝州市丹阳路中段产业集聚区管委会',
    description: '重点发展机械装备、汽车零部件、新型建材和电子信息，配套建设标准化厂房与物流园区。',
  },
  {
    name: '宝丰县产业集聚区',
    level: 'PROVINCIAL',
    countyCode: '410421',
    areaHectares: 1750,
    leadingIndustries: ['新材料', '装备制造', '食品酒业'],
    address: '河南省宝丰县城东产业集聚区管委会',
    description: '以不锈钢及特种材料、矿山装备和宝丰酒业为主导，发展循环经济和绿色食品加工。',
  },
  {
    name: '叶县产业集聚区',
    level: 'PROVINCIAL',
    countyCode: '410422',
    areaHectares: 2050,
    leadingIndustries: ['盐化工', '尼龙新材料', '装备制造'],
    address: '河南省叶县昆阳大道产业集聚区管委会',
    description: '依托叶县盐田资源发展井矿盐、两碱及盐化工下游产品，承接尼龙新材料产业链配套项目。',
  },
  {
    name: '郏县产业集聚区',
    level: 'PROVINCIAL',
    countyCode: '410425',
    areaHectares: 1380,
    leadingIndustries: ['装备制造', '铸造', '食品加工'],
    address: '河南省郏县广阔天地大道产业集聚区管委会',
    description: '以铸造及机械装备、郏县红牛等特色食品加工为主导，建设中小企业创业园。',
  },
  {
    name: '鲁山县产业集聚区',
    level: 'PROVINCIAL',
    countyCode: '410423',
    areaHectares: 1290,
    leadingIndustries: ['碳化硅新材料', '纺织服装', '食品加工'],
    address: '河南省鲁山县鲁阳大道产业集聚区管委会',
    description: '发展碳化硅及耐火材料、纺织服装（鲁山绸）和食用菌等农副产品精深加工。',
  },
  {
    name: '平顶山市商务中心区',
    level: 'PROVINCIAL',
    countyCode: '410472',
    areaHectares: 215,
    leadingIndustries: ['总部经济', '金融服务', '现代商务'],
    address: '河南省平顶山市新城区长安大道与光明路交叉口',
    description: '河南省确定的商务中心区之一，集聚金融机构、企业总部、会展和商务服务业态。',
  },
  {
    name: '平顶山市新华区特色商业区',
    level: 'PROVINCIAL',
    countyCode: '410402',
    areaHectares: 96,
    leadingIndustries: ['商贸物流', '电子商务', '文化消费'],
    address: '河南省平顶山市新华区中兴路与建设路交叉口',
    description: '以中兴路商圈为核心，发展商贸零售、电子商务和特色餐饮文化街区。',
  },
  {
    name: '卫东区东高皇循环经济产业园',
    level: 'CITY',
    countyCode: '410403',
    areaHectares: 640,
    leadingIndustries: ['循环经济', '煤矸石综合利用', '新型建材'],
    address: '河南省平顶山市卫东区东高皇街道',
    description: '利用煤矸石、粉煤灰等工业固废发展新型墙体材料和资源综合利用产业。',
  },
  {
    name: '湛河区现代物流园',
    level: 'CITY',
    countyCode: '410411',
    areaHectares: 310,
    leadingIndustries: ['现代物流', '冷链仓储', '商贸'],
    address: '河南省平顶山市湛河区南环路与开源路交叉口',
    description: '服务城区东部和尼龙城的公铁联运、冷链和仓储配送中心。',
  },
  {
    name: '汝州市汝瓷文化产业园',
    level: 'COUNTY',
    countyCode: '410482',
    areaHectares: 120,
    leadingIndustries: ['汝瓷', '文化创意', '文旅'],
    address: '河南省汝州市汝瓷小镇',
    description: '汇集汝瓷烧制企业、工作室和展销中心，发展汝瓷文化创意和研学旅游。',
  },
  {
    name: '宝丰县马街书会文化产业园',
    level: 'COUNTY',
    countyCode: '410421',
    areaHectares: 85,
    leadingIndustries: ['曲艺文化', '文旅', '演艺'],
    address: '河南省宝丰县杨庄镇马街村',
    description: '依托国家级非物质文化遗产马街书会，发展曲艺演艺、民俗文化和乡村旅游。',
  },
  {
    name: '郏县现代农业产业园',
    level: 'COUNTY',
    countyCode: '410425',
    areaHectares: 460,
    leadingIndustries: ['郏县红牛', '饲草种植', '肉制品加工'],
    address: '河南省郏县冢头镇',
    description: '围绕郏县红牛养殖、屠宰和肉制品加工建设全产业链，配套饲草种植基地。',
  },
];

/** Titles by kind and industry section: what the enterprises of Pingdingshan trade. */
const OFFERS: Record<string, { SUPPLY: string[]; DEMAND: string[]; COOPERATION: string[] }> = {
  C: {
    SUPPLY: [
      '供应尼龙66切片，月产能500吨',
      '供应特种中厚钢板，可按图加工',
      '供应高压开关柜及配套元件',
      '供应工业丝、帘子布，长期稳定',
      '供应矿用液压支架配件',
      '供应汝瓷茶具、礼品瓷定制',
    ],
    DEMAND: [
      '求购己二酸原料，年需求3000吨',
      '采购数控机床二手设备',
      '求购碳化硅耐火材料',
      '长期采购包装纸箱及托盘',
      '寻找精密铸件外协加工厂',
    ],
    COOPERATION: [
      '寻求尼龙工程塑料改性技术合作',
      '诚邀合作建设智能化生产线',
      '寻找高校共建新材料研发中心',
      '寻找海外渠道代理合作伙伴',
    ],
  },
  B: {
    SUPPLY: ['供应优质精煤、动力煤', '供应工业盐、食用盐批发'],
    DEMAND: ['采购矿用安全监测设备', '求购井下运输车辆'],
    COOPERATION: ['寻求煤矸石综合利用项目合作', '寻求盐穴储气库技术合作'],
  },
  F: {
    SUPPLY: ['批发供应日用百货', '供应鹰城特产礼盒', '医药器械区域配送'],
    DEMAND: ['招募社区团购供货商', '采购生鲜农产品'],
    COOPERATION: ['招商加盟便利店品牌', '寻找直播电商合作伙伴'],
  },
  E: {
    SUPPLY: ['承接厂房钢结构施工', '提供市政道路工程施工服务'],
    DEMAND: ['采购商品混凝土及预制构件', '招聘劳务分包队伍'],
    COOPERATION: ['寻求EPC总承包联合体合作', '寻求装配式建筑技术合作'],
  },
  I: {
    SUPPLY: ['提供企业上云与数字化改造服务', '提供工业互联网平台定制开发'],
    DEMAND: ['采购服务器及存储设备', '寻找软件外包开发团队'],
    COOPERATION: ['寻求智慧园区项目合作', '寻求数据中心共建合作'],
  },
  G: {
    SUPPLY: ['提供平顶山至郑州零担专线', '提供冷链仓储及配送服务'],
    DEMAND: ['寻找长期合作承运车队', '租赁标准化仓库5000平方米'],
    COOPERATION: ['寻求公铁联运项目合作', '寻求城乡物流共同配送合作'],
  },
  D: {
    SUPPLY: ['提供屋顶分布式光伏建设服务', '供应工业蒸汽和热力'],
    DEMAND: ['采购光伏组件及逆变器', '寻找储能电池供应商'],
    COOPERATION: ['寻求工商业储能项目合作', '寻求源网荷储一体化合作'],
  },
  A: {
    SUPPLY: ['供应郏县红牛活体及冷鲜肉', '供应香菇、木耳等食用菌', '供应优质小麦、玉米'],
    DEMAND: ['采购有机肥料', '寻找农产品收购商'],
    COOPERATION: ['寻求农产品深加工合作', '寻求订单农业合作伙伴'],
  },
};
const GENERIC = {
  SUPPLY: ['提供专业技术服务', '供应本企业主营产品'],
  DEMAND: ['采购办公及生产物资', '寻找专业服务供应商'],
  COOPERATION: ['寻求项目合作伙伴', '诚邀投资合作'],
};

const PROJECTS: Array<{ title: string; industryCode: string; park: string; amount: number; dept: 'mofcom' | 'ndrc' }> =
  [
    {
      title: '高新区智能电网装备产业园项目',
      industryCode: 'C',
      park: '平顶山高新技术产业开发区',
      amount: 350000,
      dept: 'ndrc',
    },
    {
      title: '高新区电子信息产业孵化基地招商',
      industryCode: 'I',
      park: '平顶山高新技术产业开发区',
      amount: 80000,
      dept: 'mofcom',
    },
    {
      title: '尼龙新材料开发区年产10万吨尼龙66切片项目',
      industryCode: 'C',
      park: '平顶山尼龙新材料开发区',
      amount: 280000,
      dept: 'ndrc',
    },
    {
      title: '尼龙工程塑料改性及制品项目',
      industryCode: 'C',
      park: '平顶山尼龙新材料开发区',
      amount: 120000,
      dept: 'mofcom',
    },
    {
      title: '石龙区特种石墨及碳材料项目',
      industryCode: 'C',
      park: '平顶山市石龙区产业集聚区',
      amount: 150000,
      dept: 'mofcom',
    },
    {
      title: '舞钢特钢精深加工产业园项目',
      industryCode: 'C',
      park: '舞钢市产业集聚区',
      amount: 200000,
      dept: 'ndrc',
    },
    { title: '舞钢风电装备零部件项目', industryCode: 'C', park: '舞钢市产业集聚区', amount: 60000, dept: 'mofcom' },
    { title: '汝州汽车零部件产业园项目', industryCode: 'C', park: '汝州市产业集聚区', amount: 90000, dept: 'mofcom' },
    {
      title: '汝瓷文化创意街区招商项目',
      industryCode: 'R',
      park: '汝州市汝瓷文化产业园',
      amount: 30000,
      dept: 'mofcom',
    },
    { title: '宝丰不锈钢精密制品项目', industryCode: 'C', park: '宝丰县产业集聚区', amount: 75000, dept: 'mofcom' },
    { title: '叶县盐穴综合利用储能项目', industryCode: 'D', park: '叶县产业集聚区', amount: 180000, dept: 'ndrc' },
    { title: '叶县尼龙纤维纺织配套项目', industryCode: 'C', park: '叶县产业集聚区', amount: 65000, dept: 'mofcom' },
    { title: '郏县红牛肉制品深加工项目', industryCode: 'C', park: '郏县现代农业产业园', amount: 40000, dept: 'mofcom' },
    { title: '郏县精密铸造产业园项目', industryCode: 'C', park: '郏县产业集聚区', amount: 55000, dept: 'mofcom' },
    { title: '鲁山碳化硅新材料项目', industryCode: 'C', park: '鲁山县产业集聚区', amount: 85000, dept: 'mofcom' },
    {
      title: '商务中心区企业总部大楼招商',
      industryCode: 'L',
      park: '平顶山市商务中心区',
      amount: 50000,
      dept: 'mofcom',
    },
    {
      title: '新华区中兴路商圈改造提升项目',
      industryCode: 'F',
      park: '平顶山市新华区特色商业区',
      amount: 25000,
      dept: 'mofcom',
    },
    {
      title: '东高皇煤矸石新型建材项目',
      industryCode: 'C',
      park: '卫东区东高皇循环经济产业园',
      amount: 35000,
      dept: 'ndrc',
    },
    { title: '湛河区冷链物流中心项目', industryCode: 'G', park: '湛河区现代物流园', amount: 45000, dept: 'mofcom' },
    {
      title: '马街书会曲艺文旅综合体项目',
      industryCode: 'R',
      park: '宝丰县马街书会文化产业园',
      amount: 28000,
      dept: 'mofcom',
    },
  ];

const PURPOSES = [
  '购买原材料，补充流动资金',
  '新建生产线设备购置',
  '厂房扩建及技术改造',
  '研发投入及专利产业化',
  '支付订单备货资金',
  '偿还到期贷款，优化债务结构',
  '数字化改造及信息系统建设',
  '节能减排设备更新',
];
const TERMS = [6, 12, 12, 12, 24, 36, 36, 60];
const GUARANTEES = ['CREDIT', 'CREDIT', 'MORTGAGE', 'MORTGAGE', 'PLEDGE', 'GUARANTEE'] as const;
const AMOUNTS: Record<DemoEnterprise['scale'], [number, number]> = {
  MICRO: [10, 300],
  SMALL: [100, 2_000],
  MEDIUM: [500, 10_000],
  LARGE: [5_000, 50_000],
};

type OpportunityInsert = typeof opportunities.$inferInsert;
type FinancingInsert = typeof financingNeeds.$inferInsert;
type EventInsert = typeof opportunityEvents.$inferInsert;

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

export async function seedCommerce(db: Database, enterprises: DemoEnterprise[]): Promise<void> {
  const r = random(0x0c0e_ce01);

  // Parks.
  const parkRows = PARKS.map((p) => ({ ...p, id: demoUuid(r), departmentCode: 'ndrc' }));
  const parkByName = new Map(parkRows.map((p) => [p.name, p]));
  await db.insert(parks).values(parkRows).onConflictDoNothing();

  const opportunityRows: OpportunityInsert[] = [];
  const opportunityEventRows: EventInsert[] = [];
  const staffOf = (dept: string, county: string) => `demo-staff-${dept}-${county}`;

  // Investment projects (招商项目), published by 商务局 or 发改委.
  for (const project of PROJECTS) {
    const park = parkByName.get(project.park)!;
    const createdAt = new Date(BASE - r.int(5, 200) * DAY - r.int(0, 86_399) * 1000);
    const id = demoUuid(r);
    const closed = r.chance(0.1);
    const publisher = staffOf(project.dept, park.countyCode);
    opportunityRows.push({
      id,
      kind: 'INVESTMENT',
      title: project.title,
      description: `${project.title}拟落地${park.name}，计划总投资${(project.amount / 10_000).toFixed(1)}亿元，园区提供标准化厂房、要素保障和“万人助万企”专班服务，欢迎有意向的企业洽谈。`,
      industryCode: project.industryCode,
      enterpriseCode: null,
      investmentAmount: project.amount,
      parkId: park.id,
      contactName: personName(r),
      contactPhone: landline(r),
      status: closed ? 'CLOSED' : 'PUBLISHED',
      submittedBy: publisher,
      publishedAt: createdAt,
      expiresOn: day(new Date(createdAt.getTime() + r.int(180, 365) * DAY)),
      departmentCode: project.dept,
      countyCode: park.countyCode,
      createdAt,
      updatedAt: createdAt,
    });
    const by = { actor: publisher, actorRole: 'staff', subjectId: id };
    opportunityEventRows.push({ ...by, action: 'publish', fromStatus: null, toStatus: 'PUBLISHED', at: createdAt });
    if (closed) {
      const at = new Date(createdAt.getTime() + r.int(20, 60) * DAY);
      opportunityEventRows.push({ ...by, action: 'close', fromStatus: 'PUBLISHED', toStatus: 'CLOSED', at });
    }
  }

  // Supply, demand and cooperation from enterprises, moderated by 商务局 of their unit.
  const kinds = ['SUPPLY', 'SUPPLY', 'DEMAND', 'DEMAND', 'COOPERATION'] as const;
  // In proportion to the city: about 160 for the demo's 300 enterprises.
  const count = Math.max(Math.min(160, enterprises.length), Math.round((enterprises.length * 160) / 300));
  for (let i = 0; i < count; i++) {
    const e = r.pick(enterprises);
    const kind = r.pick(kinds);
    const offers = OFFERS[e.industryCode] ?? GENERIC;
    const title = r.pick(offers[kind]);
    const createdAt = new Date(BASE - r.int(0, 180) * DAY - r.int(0, 86_399) * 1000);
    const roll = r.next();
    const status = roll < 0.65 ? 'PUBLISHED' : roll < 0.8 ? 'PENDING' : roll < 0.9 ? 'REJECTED' : 'CLOSED';
    const reviewedAt = new Date(createdAt.getTime() + r.int(1, 3) * DAY);
    const id = demoUuid(r);
    const moderator = staffOf('mofcom', e.countyCode);
    opportunityRows.push({
      id,
      kind,
      title,
      description: `${e.name}${title}。企业位于${e.address}，诚信经营，欢迎来电洽谈，可提供样品和现场考察。`,
      industryCode: e.industryCode,
      enterpriseCode: e.creditCode,
      contactName: personName(r),
      contactPhone: mobile(r),
      status,
      submittedBy: `demo-enterprise-${e.creditCode}`,
      reviewNote: status === 'REJECTED' ? '内容不完整，请补充产品规格和联系方式后重新提交。' : null,
      publishedAt: status === 'PUBLISHED' || status === 'CLOSED' ? reviewedAt : null,
      expiresOn: day(new Date(createdAt.getTime() + r.int(90, 365) * DAY)),
      departmentCode: 'mofcom',
      countyCode: e.countyCode,
      createdAt,
      updatedAt: status === 'PENDING' ? createdAt : reviewedAt,
    });
    const owner = { actor: `demo-enterprise-${e.creditCode}`, actorRole: 'enterprise', subjectId: id };
    const staff = { actor: moderator, actorRole: 'staff', subjectId: id };
    opportunityEventRows.push({ ...owner, action: 'submit', fromStatus: null, toStatus: 'PENDING', at: createdAt });
    if (status === 'REJECTED') {
      opportunityEventRows.push({
        ...staff,
        action: 'reject',
        fromStatus: 'PENDING',
        toStatus: 'REJECTED',
        note: '内容不完整，请补充产品规格和联系方式后重新提交。',
        at: reviewedAt,
      });
    } else if (status !== 'PENDING') {
      opportunityEventRows.push({
        ...staff,
        action: 'approve',
        fromStatus: 'PENDING',
        toStatus: 'PUBLISHED',
        at: reviewedAt,
      });
    }
    if (status === 'CLOSED') {
      opportunityEventRows.push({
        ...owner,
        action: 'close',
        fromStatus: 'PUBLISHED',
        toStatus: 'CLOSED',
        at: new Date(reviewedAt.getTime() + r.int(10, 40) * DAY),
      });
    }
  }

  // Financing needs (融资需求).
  const financingRows: FinancingInsert[] = [];
  const financingEventRows: EventInsert[] = [];
  const needs = Math.max(Math.min(80, enterprises.length), Math.round((enterprises.length * 80) / 300));
  for (let i = 0; i < needs; i++) {
    const e = r.pick(enterprises);
    const [min, max] = AMOUNTS[e.scale];
    const amount = Math.round(r.int(min, max) / 10) * 10 || min;
    const createdAt = new Date(BASE - r.int(0, 150) * DAY - r.int(0, 86_399) * 1000);
    const roll = r.next();
    const status = roll < 0.5 ? 'OPEN' : roll < 0.75 ? 'MATCHED' : roll < 0.9 ? 'FUNDED' : 'CLOSED';
    const id = demoUuid(r);
    financingRows.push({
      id,
      enterpriseCode: e.creditCode,
      amount,
      purpose: r.pick(PURPOSES),
      termMonths: r.pick(TERMS),
      guarantee: r.pick(GUARANTEES),
      contactName: personName(r),
      contactPhone: mobile(r),
      status,
      submittedBy: `demo-enterprise-${e.creditCode}`,
      departmentCode: 'mofcom',
      countyCode: e.countyCode,
      createdAt,
      updatedAt: createdAt,
    });
    const owner = { actor: `demo-enterprise-${e.creditCode}`, actorRole: 'enterprise', subjectId: id };
    const staff = { actor: staffOf('mofcom', e.countyCode), actorRole: 'staff', subjectId: id };
    financingEventRows.push({ ...owner, action: 'raise', fromStatus: null, toStatus: 'OPEN', at: createdAt });
    const matchedAt = new Date(createdAt.getTime() + r.int(2, 15) * DAY);
    if (status === 'MATCHED' || status === 'FUNDED') {
      financingEventRows.push({ ...staff, action: 'match', fromStatus: 'OPEN', toStatus: 'MATCHED', at: matchedAt });
    }
    if (status === 'FUNDED') {
      const at = new Date(matchedAt.getTime() + r.int(5, 30) * DAY);
      financingEventRows.push({ ...staff, action: 'fund', fromStatus: 'MATCHED', toStatus: 'FUNDED', at });
    }
    if (status === 'CLOSED') {
      financingEventRows.push({ ...owner, action: 'close', fromStatus: 'OPEN', toStatus: 'CLOSED', at: matchedAt });
    }
  }

  await insertChunks(opportunityRows, (chunk) => db.insert(opportunities).values(chunk).onConflictDoNothing());
  await insertChunks(opportunityEventRows, (chunk) => db.insert(opportunityEvents).values(chunk));
  await insertChunks(financingRows, (chunk) => db.insert(financingNeeds).values(chunk).onConflictDoNothing());
  await insertChunks(financingEventRows, (chunk) => db.insert(financingNeedEvents).values(chunk));
}
