/**
 * Demo rows of the `commerce` schema: the industrial parks of Pingdingshan (real names; areas and descriptions are
 * plausible demo figures), investment promotion projects (招商项目), business opportunities (商机) with the
 * interests of other enterprises, financial institutions of the city with demo products (names of real institutions;
 * product terms are demo figures), financing needs and applications; every listing with its versions and events,
 * every workflow in every state. Deterministic: the same demo enterprises give the same rows. Dates count back from
 * the demo's "now", 27 November 2026 (only the expiry of a post approved in its last days may fall a day or two
 * after it); listings that are current stay valid until 2028 or later.
 */
import type { Database } from '../client.ts';
import {
  bankProductEvents,
  bankProducts,
  bankProductVersions,
  enterpriseIndustries,
  financialInstitutions,
  financingApplicationEvents,
  financingApplications,
  financingNeedEvents,
  financingNeeds,
  investmentProjectEvents,
  investmentProjects,
  investmentProjectVersions,
  opportunities,
  opportunityEvents,
  opportunityInterests,
  opportunityVersions,
  parkEvents,
  parks,
  parkVersions,
} from '../schema/commerce.ts';
import { demoCreditCode, mobile, personName, random, type DemoEnterprise, type Random } from './demo.ts';
import { demoEnterpriseIndustries } from './statistics.ts';

/** The demo's "now": rows are dated in the half year before it, the same on every run. */
const BASE = Date.parse('2026-11-27T10:00:00+08:00');
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

/** Stages of the demo projects, in the order of PROJECTS. */
const PROJECT_STAGES_BY_INDEX = ['NEGOTIATING', 'PLANNING', 'SIGNED', 'FEASIBILITY', 'APPROVED'] as const;

interface InstitutionSeed {
  serial: number;
  name: string;
  kind: 'BANK' | 'RURAL_BANK' | 'GUARANTEE' | 'MICROLOAN' | 'LEASING';
  countyCode: string;
  address: string;
  hotline: string;
}

/** Financial institutions of the city (real names; demo credit codes). */
const INSTITUTIONS: InstitutionSeed[] = [
  {
    serial: 990001,
    name: '中国工商银行股份有限公司平顶山分行',
    kind: 'BANK',
    countyCode: '410402',
    address: '河南省平顶山市新华区建设路中段',
    hotline: '95588',
  },
  {
    serial: 990002,
    name: '中国农业银行股份有限公司平顶山分行',
    kind: 'BANK',
    countyCode: '410402',
    address: '河南省平顶山市新华区光明路',
    hotline: '95599',
  },
  {
    serial: 990003,
    name: '中国银行股份有限公司平顶山分行',
    kind: 'BANK',
    countyCode: '410403',
    address: '河南省平顶山市卫东区建设路东段',
    hotline: '95566',
  },
  {
    serial: 990004,
    name: '中国建设银行股份有限公司平顶山分行',
    kind: 'BANK',
    countyCode: '410402',
    address: '河南省平顶山市新华区矿工路',
    hotline: '95533',
  },
  {
    serial: 990005,
    name: '平顶山银行股份有限公司',
    kind: 'BANK',
    countyCode: '410472',
    address: '河南省平顶山市新城区长安大道',
    hotline: '0375-2678888',
  },
  {
    serial: 990006,
    name: '河南叶县农村商业银行股份有限公司',
    kind: 'RURAL_BANK',
    countyCode: '410422',
    address: '河南省叶县昆阳大道',
    hotline: '0375-8688888',
  },
  {
    serial: 990007,
    name: '河南汝州农村商业银行股份有限公司',
    kind: 'RURAL_BANK',
    countyCode: '410482',
    address: '河南省汝州市丹阳路',
    hotline: '0375-6888888',
  },
  {
    serial: 990008,
    name: '平顶山市中小企业融资担保有限公司',
    kind: 'GUARANTEE',
    countyCode: '410472',
    address: '河南省平顶山市新城区光明路',
    hotline: '0375-2966666',
  },
];

/** The credit code of a demo institution (its staff sign in with it). */
export function demoInstitutionCode(serial: number): string {
  const inst = INSTITUTIONS.find((i) => i.serial === serial)!;
  return demoCreditCode(inst.countyCode, inst.serial);
}

type Scale = DemoEnterprise['scale'];
type Guarantee = (typeof GUARANTEES)[number];

interface ProductSeed {
  institution: number;
  name: string;
  description: string;
  rate: [number, number];
  term: [number, number];
  amount: [number, number];
  industries?: string[];
  scales?: Scale[];
  counties?: string[];
  guarantees?: Guarantee[];
  minYears?: number;
  /** Who entered it and where it stands. */
  by: 'institution' | 'mofcom';
  fate: 'PUBLISHED' | 'DRAFT' | 'PENDING' | 'REJECTED' | 'EXPIRED' | 'WITHDRAWN';
}

const PRODUCTS: ProductSeed[] = [
  {
    institution: 990001,
    name: '经营快贷',
    description: '面向小微企业的线上信用贷款，依据纳税、结算等数据自动审批，随借随还。',
    rate: [3.45, 4.35],
    term: [1, 12],
    amount: [10, 1000],
    scales: ['MICRO', 'SMALL'],
    guarantees: ['CREDIT'],
    minYears: 2,
    by: 'institution',
    fate: 'PUBLISHED',
  },
  {
    institution: 990001,
    name: '小微企业抵押贷',
    description: '以房产、厂房等抵押，额度高、期限长，满足企业扩大生产的中长期资金需求。',
    rate: [3.65, 4.9],
    term: [12, 60],
    amount: [100, 5000],
    guarantees: ['MORTGAGE'],
    by: 'institution',
    fate: 'PUBLISHED',
  },
  {
    institution: 990002,
    name: '纳税e贷',
    description: '依据企业纳税信用等级和纳税额核定额度的线上信用贷款。',
    rate: [3.6, 4.5],
    term: [1, 12],
    amount: [5, 300],
    scales: ['MICRO', 'SMALL'],
    guarantees: ['CREDIT'],
    minYears: 2,
    by: 'mofcom',
    fate: 'PUBLISHED',
  },
  {
    institution: 990002,
    name: '科创贷',
    description: '支持制造业、信息技术和科研服务企业研发投入和成果转化，可接受知识产权质押。',
    rate: [3.3, 4.2],
    term: [12, 36],
    amount: [100, 3000],
    industries: ['C', 'I', 'M'],
    guarantees: ['CREDIT', 'PLEDGE'],
    minYears: 1,
    by: 'institution',
    fate: 'PUBLISHED',
  },
  {
    institution: 990003,
    name: '中银企E贷·信用贷',
    description: '线上申请、快速审批的流动资金信用贷款。',
    rate: [3.5, 4.6],
    term: [1, 12],
    amount: [10, 500],
    guarantees: ['CREDIT'],
    by: 'institution',
    fate: 'PUBLISHED',
  },
  {
    institution: 990003,
    name: '复工复产专项贷',
    description: '阶段性支持企业复工复产的专项贷款，已到期。',
    rate: [3.0, 3.85],
    term: [6, 12],
    amount: [50, 1000],
    by: 'mofcom',
    fate: 'EXPIRED',
  },
  {
    institution: 990004,
    name: '惠懂你·信用快贷',
    description: '手机端申请的小微企业信用贷款，额度随用随还。',
    rate: [3.7, 4.6],
    term: [1, 12],
    amount: [5, 300],
    scales: ['MICRO', 'SMALL'],
    guarantees: ['CREDIT'],
    by: 'institution',
    fate: 'PUBLISHED',
  },
  {
    institution: 990004,
    name: '设备更新贷',
    description: '支持制造业和能源企业设备更新、技术改造的中长期贷款，可享贴息政策。',
    rate: [2.8, 3.6],
    term: [24, 84],
    amount: [500, 20000],
    industries: ['C', 'D'],
    scales: ['MEDIUM', 'LARGE'],
    guarantees: ['MORTGAGE', 'PLEDGE'],
    by: 'mofcom',
    fate: 'PUBLISHED',
  },
  {
    institution: 990005,
    name: '鹰城e贷',
    description: '本地法人银行面向全市中小企业的线上贷款，接受信用或担保公司保证。',
    rate: [4.2, 6.0],
    term: [1, 24],
    amount: [10, 500],
    guarantees: ['CREDIT', 'GUARANTEE'],
    by: 'institution',
    fate: 'PUBLISHED',
  },
  {
    institution: 990005,
    name: '尼龙产业链贷',
    description: '服务尼龙新材料产业链上下游企业，可凭应收账款、存货质押。',
    rate: [3.9, 5.2],
    term: [6, 36],
    amount: [200, 10000],
    industries: ['C'],
    guarantees: ['PLEDGE', 'MORTGAGE'],
    by: 'institution',
    fate: 'PUBLISHED',
  },
  {
    institution: 990006,
    name: '惠农贷',
    description: '面向叶县种养殖和农产品加工主体的小额贷款。',
    rate: [4.5, 6.5],
    term: [6, 36],
    amount: [1, 100],
    industries: ['A'],
    scales: ['MICRO', 'SMALL'],
    counties: ['410422'],
    by: 'institution',
    fate: 'PUBLISHED',
  },
  {
    institution: 990006,
    name: '农机购置贷',
    description: '支持购置农机具。',
    rate: [4.8, 6.8],
    term: [6, 36],
    amount: [1, 50],
    industries: ['A'],
    counties: ['410422'],
    by: 'institution',
    fate: 'REJECTED',
  },
  {
    institution: 990007,
    name: '汝瓷文旅贷',
    description: '支持汝州汝瓷烧制、文旅和餐饮住宿经营主体的流动资金贷款。',
    rate: [4.8, 6.2],
    term: [6, 24],
    amount: [10, 300],
    industries: ['R', 'H', 'C'],
    counties: ['410482'],
    by: 'institution',
    fate: 'PENDING',
  },
  {
    institution: 990008,
    name: '助企担保贷',
    description: '由融资担保公司提供保证、合作银行放款，解决轻资产企业缺少抵押物的难题。',
    rate: [4.0, 5.5],
    term: [6, 36],
    amount: [50, 2000],
    guarantees: ['GUARANTEE'],
    by: 'institution',
    fate: 'PUBLISHED',
  },
  {
    institution: 990008,
    name: '应急转贷',
    description: '为到期贷款续贷提供短期过桥资金（旧版，已由新产品替代）。',
    rate: [5.0, 8.0],
    term: [1, 3],
    amount: [50, 3000],
    by: 'mofcom',
    fate: 'WITHDRAWN',
  },
  {
    institution: 990001,
    name: '外贸贷',
    description: '面向进出口企业、以出口退税和订单为依据的贷款（草稿）。',
    rate: [3.4, 4.4],
    term: [3, 12],
    amount: [50, 2000],
    by: 'institution',
    fate: 'DRAFT',
  },
];

type EventInsert = typeof parkEvents.$inferInsert;
type VersionInsert = typeof parkVersions.$inferInsert;

/** Events and versions of one kind of subject, appended in order. */
class History {
  events: EventInsert[] = [];
  versions: VersionInsert[] = [];

  event(
    subjectId: string,
    action: string,
    fromStatus: string | null,
    toStatus: string,
    actor: string,
    actorRole: string,
    at: Date,
    version: number,
    note: string | null = null,
  ): void {
    this.events.push({ subjectId, action, fromStatus, toStatus, actor, actorRole, at, note, data: { version } });
  }

  version(
    subjectId: string,
    version: number,
    content: Record<string, unknown>,
    actor: string,
    actorRole: string,
    at: Date,
  ) {
    this.versions.push({ subjectId, version, content, actor, actorRole, at });
  }
}

/** The instant the expiry job takes a listing down: 00:10 CST the day after its last valid day. */
function expiryInstant(expiresOn: string): Date {
  return new Date(Date.parse(`${expiresOn}T00:10:00+08:00`) + DAY);
}

/**
 * An instant some days after `base`, never after the demo's "now": a step that would come later is taken at "now",
 * so the steps of a row keep their order and none lies in the demo's future.
 */
const at = (base: Date, days: number, r: Random) =>
  new Date(Math.min(base.getTime() + days * DAY + r.int(0, 28_800) * 1000, Math.max(BASE, base.getTime())));

/**
 * The last valid day of a listing the expiry job has taken down: some days after `last`, at the latest two days
 * before the demo's "now" (and never before `last`'s day), so that the job had run by then.
 */
const pastExpiry = (last: Date, days: number, r: Random) =>
  day(new Date(Math.max(last.getTime() + DAY, Math.min(at(last, days, r).getTime(), BASE - 2 * DAY))));

type ListingFate = 'DRAFT' | 'PUBLISHED' | 'EXPIRED' | 'WITHDRAWN';

/**
 * The life of a department's own listing (park, project): created as a draft, published, updated `updates` times,
 * then expired or withdrawn per its fate. Returns the row's life-cycle columns.
 */
function departmentLife(
  r: Random,
  h: History,
  id: string,
  content: (version: number) => Record<string, unknown>,
  actor: string,
  createdAt: Date,
  fate: ListingFate,
  updates: number,
  lastRevision: Date,
) {
  let version = 1;
  h.event(id, 'CREATE', null, 'DRAFT', actor, 'staff', createdAt, version);
  h.version(id, version, content(version), actor, 'staff', createdAt);
  if (fate === 'DRAFT') {
    return { status: 'DRAFT', version, publishedAt: null, revisedAt: createdAt, updatedAt: createdAt };
  }
  const publishedAt = at(createdAt, r.int(1, 5), r);
  h.event(id, 'PUBLISH', 'DRAFT', 'PUBLISHED', actor, 'staff', publishedAt, version);
  let revisedAt = createdAt;
  let last = publishedAt;
  for (let i = 1; i <= updates; i++) {
    // Updates spread between publication and the last revision.
    const when =
      i === updates
        ? lastRevision
        : new Date(publishedAt.getTime() + ((lastRevision.getTime() - publishedAt.getTime()) * i) / updates);
    version++;
    h.event(id, 'UPDATE', 'PUBLISHED', 'PUBLISHED', actor, 'staff', when, version);
    h.version(id, version, content(version), actor, 'staff', when);
    revisedAt = when;
    last = when;
  }
  if (fate === 'EXPIRED') {
    const expiresOn = pastExpiry(last, r.int(30, 90), r);
    const expiredAt = expiryInstant(expiresOn);
    h.event(
      id,
      'EXPIRE',
      'PUBLISHED',
      'EXPIRED',
      'commerce.expireListings',
      'system',
      expiredAt,
      version,
      `有效期至${expiresOn}`,
    );
    return { status: 'EXPIRED', version, publishedAt, revisedAt, expiresOn, expiredAt, updatedAt: expiredAt };
  }
  if (fate === 'WITHDRAWN') {
    const withdrawnAt = at(last, r.int(10, 40), r);
    const note = '信息已调整，暂停对外发布。';
    h.event(id, 'WITHDRAW', 'PUBLISHED', 'WITHDRAWN', actor, 'staff', withdrawnAt, version, note);
    return {
      status: 'WITHDRAWN',
      version,
      publishedAt,
      revisedAt,
      withdrawnAt,
      reviewNote: note,
      updatedAt: withdrawnAt,
    };
  }
  return { status: 'PUBLISHED', version, publishedAt, revisedAt, updatedAt: last };
}

/** A last valid day far enough after the demo's "now" that current demo listings stay current for a while. */
function currentExpiry(r: Random, min = 600, max = 1000): string {
  return day(new Date(BASE + r.int(min, max) * DAY));
}

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

const staffOf = (dept: string, county: string) => `demo-staff-${dept}-${county}`;
const userOf = (creditCode: string) => `demo-enterprise-${creditCode}`;

export async function seedCommerce(db: Database, enterprises: DemoEnterprise[]): Promise<void> {
  const r = random(0x0c0e_ce01);
  await insertChunks(demoEnterpriseIndustries(enterprises), (c) =>
    db.insert(enterpriseIndustries).values(c).onConflictDoNothing(),
  );

  // Parks: all published but one expired, one withdrawn and one draft; half revised within 90 days of the demo's now.
  const parkHistory = new History();
  const parkSeeds: Array<ParkSeed & { fate: ListingFate }> = [
    ...PARKS.map((p) => ({ ...p, fate: (p.name === '汝州市汝瓷文化产业园' ? 'EXPIRED' : 'PUBLISHED') as ListingFate })),
    {
      name: '宝丰县智能制造产业园（规划）',
      level: 'COUNTY',
      countyCode: '410421',
      areaHectares: 260,
      leadingIndustries: ['智能装备', '汽车零部件'],
      address: '河南省宝丰县城东新区',
      description: '规划建设中的县级智能制造产业园，重点承接装备制造和汽车零部件项目（草稿，待发布）。',
      fate: 'DRAFT',
    },
    {
      name: '鲁山县文旅康养园区',
      level: 'COUNTY',
      countyCode: '410423',
      areaHectares: 180,
      leadingIndustries: ['文旅康养', '温泉旅游'],
      address: '河南省鲁山县尧山镇',
      description: '依托尧山、温泉资源的文旅康养园区，园区范围调整中。',
      fate: 'WITHDRAWN',
    },
  ];
  const parkRows = parkSeeds.map(({ fate, ...p }, i) => {
    const id = demoUuid(r);
    const actor = staffOf('ndrc', p.countyCode);
    const createdAt = new Date(BASE - r.int(400, 700) * DAY);
    const lastRevision = new Date(BASE - (i % 2 === 0 ? r.int(5, 80) : r.int(100, 300)) * DAY);
    const updates = fate === 'DRAFT' ? 0 : r.int(0, 2);
    const content = (version: number) => ({
      ...p,
      countyCode: undefined,
      description: version === 1 ? p.description : `${p.description}已入驻企业${40 + version * 7}家。`,
      expiresOn: null as string | null,
    });
    const life = departmentLife(r, parkHistory, id, content, actor, createdAt, fate, updates, lastRevision);
    const finalContent = content(life.version);
    const expiresOn = 'expiresOn' in life ? (life.expiresOn as string) : currentExpiry(r);
    return {
      id,
      ...p,
      description: finalContent.description,
      createdBy: actor,
      departmentCode: 'ndrc',
      expiresOn,
      createdAt,
      ...life,
    };
  });
  // Versions record the last valid day the listing had.
  for (const v of parkHistory.versions) {
    const row = parkRows.find((p) => p.id === v.subjectId)!;
    const { countyCode: _c, ...content } = v.content as Record<string, unknown>;
    v.content = { ...content, expiresOn: row.expiresOn };
  }
  const parkByName = new Map(parkRows.map((p) => [p.name, p]));
  await db.insert(parks).values(parkRows).onConflictDoNothing();
  await insertChunks(parkHistory.events, (c) => db.insert(parkEvents).values(c));
  await insertChunks(parkHistory.versions, (c) => db.insert(parkVersions).values(c));

  // Investment projects (招商项目): stages move on with each update.
  const projectHistory = new History();
  const projectRows = PROJECTS.map((project, i) => {
    const park = parkByName.get(project.park)!;
    const id = demoUuid(r);
    const actor = staffOf(project.dept, park.countyCode);
    const fate: ListingFate =
      i === 3 || i === 17 ? 'DRAFT' : i === 8 ? 'EXPIRED' : i === 12 ? 'WITHDRAWN' : 'PUBLISHED';
    const createdAt = new Date(BASE - r.int(120, 400) * DAY - r.int(0, 86_399) * 1000);
    const lastRevision = new Date(BASE - (i % 3 === 0 ? r.int(100, 200) : r.int(3, 85)) * DAY);
    const updates = fate === 'DRAFT' ? 0 : r.int(0, 3);
    const stages = ['PLANNING', 'FEASIBILITY', 'APPROVED', 'NEGOTIATING', 'SIGNED'];
    const firstStage = Math.max(0, stages.indexOf(PROJECT_STAGES_BY_INDEX[i % 5]!) - updates);
    const content = (version: number) => ({
      title: project.title,
      industryCode: project.industryCode,
      countyCode: park.countyCode,
      parkId: park.id,
      address: `${park.address}（${park.name}内）`,
      investmentAmount: project.amount,
      stage: stages[Math.min(stages.length - 1, firstStage + version - 1)]!,
      description: `${project.title}拟落地${park.name}，计划总投资${(project.amount / 10_000).toFixed(1)}亿元，园区提供标准化厂房、要素保障和“万人助万企”专班服务，欢迎有意向的企业洽谈。`,
      expiresOn: null as string | null,
    });
    const life = departmentLife(r, projectHistory, id, content, actor, createdAt, fate, updates, lastRevision);
    const { countyCode, expiresOn: _e, ...fields } = content(life.version);
    const expiresOn = 'expiresOn' in life ? (life.expiresOn as string) : currentExpiry(r);
    return {
      id,
      ...fields,
      contactName: personName(r),
      contactPhone: landline(r),
      createdBy: actor,
      departmentCode: project.dept,
      countyCode,
      expiresOn,
      createdAt,
      ...life,
    };
  });
  for (const v of projectHistory.versions) {
    const row = projectRows.find((p) => p.id === v.subjectId)!;
    v.content = { ...(v.content as Record<string, unknown>), expiresOn: row.expiresOn };
  }
  await db.insert(investmentProjects).values(projectRows).onConflictDoNothing();
  await insertChunks(projectHistory.events, (c) => db.insert(investmentProjectEvents).values(c));
  await insertChunks(projectHistory.versions, (c) => db.insert(investmentProjectVersions).values(c));

  // Opportunities (我的商机), moderated by 商务局 of the poster's unit, in every state; the demo enterprise (the
  // first) has one of each of published, pending and rejected.
  const opportunityHistory = new History();
  const opportunityRows: Array<typeof opportunities.$inferInsert & { id: string; createdAt: Date }> = [];
  const kinds = ['SUPPLY', 'SUPPLY', 'DEMAND', 'DEMAND', 'COOPERATION'] as const;
  const count = Math.max(Math.min(160, enterprises.length), Math.round((enterprises.length * 160) / 300));
  const demo = enterprises[0]!;
  const REJECTION = '内容不完整，请补充产品规格和联系方式后重新提交。';
  for (let i = 0; i < count; i++) {
    const e = i < 3 ? demo : r.pick(enterprises);
    const kind = r.pick(kinds);
    const offers = OFFERS[e.industryCode] ?? GENERIC;
    const title = r.pick(offers[kind]);
    const createdAt = new Date(BASE - r.int(0, 180) * DAY - r.int(0, 86_399) * 1000);
    const roll = r.next();
    const fate =
      i === 0
        ? 'PUBLISHED'
        : i === 1
          ? 'PENDING'
          : i === 2
            ? 'REJECTED'
            : roll < 0.6
              ? 'PUBLISHED'
              : roll < 0.72
                ? 'PENDING'
                : roll < 0.82
                  ? 'REJECTED'
                  : roll < 0.9
                    ? 'EXPIRED'
                    : 'WITHDRAWN';
    const id = demoUuid(r);
    const owner = userOf(e.creditCode);
    const moderator = staffOf('mofcom', e.countyCode);
    const description = `${e.name}${title}。企业位于${e.address}，诚信经营，欢迎来电洽谈，可提供样品和现场考察。`;
    let expiresOn = currentExpiry(r, 550, 1000);
    const content = (version: number) => ({
      kind,
      title: version === 1 ? title : `${title}（更新）`,
      description: version === 1 ? description : `${description}价格和交期可议。`,
      industryCode: e.industryCode,
      countyCode: e.countyCode,
      expiresOn,
    });
    let version = 1;
    let status = 'PENDING';
    let submittedAt = createdAt;
    let reviewedAt: Date | null = null;
    let publishedAt: Date | null = null;
    let reviewNote: string | null = null;
    let expiredAt: Date | null = null;
    let withdrawnAt: Date | null = null;
    let revisedAt = createdAt;
    const h = opportunityHistory;
    h.event(id, 'SUBMIT', null, 'PENDING', owner, 'enterprise', createdAt, version);
    const versionAt: Array<[number, Date]> = [[1, createdAt]];
    let last = createdAt;
    if (fate !== 'PENDING') {
      // A tenth of the posts that go on were first rejected, then updated and posted again.
      if (fate === 'REJECTED' || (r.chance(0.1) && fate === 'PUBLISHED')) {
        reviewedAt = at(last, r.int(1, 3), r);
        h.event(id, 'REJECT', 'PENDING', 'REJECTED', moderator, 'staff', reviewedAt, version, REJECTION);
        status = 'REJECTED';
        reviewNote = REJECTION;
        last = reviewedAt;
        if (fate === 'PUBLISHED') {
          version++;
          submittedAt = revisedAt = at(last, r.int(1, 5), r);
          h.event(id, 'UPDATE', 'REJECTED', 'PENDING', owner, 'enterprise', submittedAt, version);
          versionAt.push([version, submittedAt]);
          status = 'PENDING';
          reviewNote = null;
          last = submittedAt;
        }
      }
      if (fate !== 'REJECTED') {
        reviewedAt = publishedAt = at(last, r.int(1, 3), r);
        h.event(id, 'APPROVE', 'PENDING', 'PUBLISHED', moderator, 'staff', reviewedAt, version);
        status = 'PUBLISHED';
        last = reviewedAt;
      }
      if (fate === 'EXPIRED') {
        expiresOn = pastExpiry(last, r.int(20, 60), r);
        expiredAt = expiryInstant(expiresOn);
        h.event(
          id,
          'EXPIRE',
          'PUBLISHED',
          'EXPIRED',
          'commerce.expireListings',
          'system',
          expiredAt,
          version,
          `有效期至${expiresOn}`,
        );
        status = 'EXPIRED';
        last = expiredAt;
      } else if (fate === 'WITHDRAWN') {
        withdrawnAt = at(last, r.int(5, 40), r);
        const byModerator = r.chance(0.3);
        reviewNote = byModerator ? '经核查，该信息与实际经营不符，予以撤下。' : null;
        h.event(
          id,
          'WITHDRAW',
          'PUBLISHED',
          'WITHDRAWN',
          byModerator ? moderator : owner,
          byModerator ? 'staff' : 'enterprise',
          withdrawnAt,
          version,
          reviewNote,
        );
        status = 'WITHDRAWN';
        last = withdrawnAt;
      }
    }
    for (const [v, when] of versionAt) h.version(id, v, content(v), owner, 'enterprise', when);
    const final = content(version);
    opportunityRows.push({
      id,
      kind,
      title: final.title,
      description: final.description,
      industryCode: e.industryCode,
      enterpriseCode: e.creditCode,
      contactName: personName(r),
      contactPhone: mobile(r),
      submittedBy: owner,
      submittedAt,
      reviewedAt,
      status,
      version,
      reviewNote,
      publishedAt,
      expiresOn,
      expiredAt,
      withdrawnAt,
      revisedAt,
      departmentCode: 'mofcom',
      countyCode: e.countyCode,
      createdAt,
      updatedAt: last,
    });
  }
  await insertChunks(opportunityRows, (c) => db.insert(opportunities).values(c).onConflictDoNothing());
  await insertChunks(opportunityHistory.events, (c) => db.insert(opportunityEvents).values(c));
  await insertChunks(opportunityHistory.versions, (c) => db.insert(opportunityVersions).values(c));

  // Interests in published posts: a third of them draw one to three other enterprises; the demo enterprise's post
  // draws two, and the demo enterprise is interested in another's post.
  const interestRows: Array<typeof opportunityInterests.$inferInsert> = [];
  const published = opportunityRows.filter((o) => o.status === 'PUBLISHED');
  const seen = new Set<string>();
  const interest = (o: (typeof opportunityRows)[number], e: DemoEnterprise) => {
    const key = `${o.id}:${e.creditCode}`;
    if (e.creditCode === o.enterpriseCode || seen.has(key)) return;
    seen.add(key);
    const createdAt = at(o.publishedAt!, r.int(1, 20), r);
    interestRows.push({
      id: demoUuid(r),
      opportunityId: o.id,
      ownerCode: o.enterpriseCode!,
      enterpriseCode: e.creditCode,
      message: `我司${e.name}对“${o.title}”很感兴趣，希望进一步沟通合作细节。`,
      contactName: personName(r),
      contactPhone: mobile(r),
      createdBy: userOf(e.creditCode),
      departmentCode: 'mofcom',
      countyCode: o.countyCode,
      createdAt,
      updatedAt: createdAt,
    });
  };
  for (const o of published) {
    if (o.enterpriseCode === demo.creditCode) {
      interest(o, enterprises[1] ?? demo);
      interest(o, enterprises[2] ?? demo);
    } else if (r.chance(0.33)) {
      for (let k = r.int(1, 3); k > 0; k--) interest(o, r.pick(enterprises));
    }
  }
  const other = published.find((o) => o.enterpriseCode !== demo.creditCode);
  if (other) interest(other, demo);
  await insertChunks(interestRows, (c) => db.insert(opportunityInterests).values(c).onConflictDoNothing());

  // Financial institutions and their products.
  await db
    .insert(financialInstitutions)
    .values(
      INSTITUTIONS.map(({ serial, ...i }) => ({
        ...i,
        creditCode: demoCreditCode(i.countyCode, serial),
        createdBy: staffOf('mofcom', '410400'),
        departmentCode: 'mofcom',
        createdAt: new Date(BASE - 500 * DAY),
        updatedAt: new Date(BASE - 500 * DAY),
      })),
    )
    .onConflictDoNothing();
  const productHistory = new History();
  const productRows = PRODUCTS.map((p, i) => {
    const inst = INSTITUTIONS.find((x) => x.serial === p.institution)!;
    const institutionCode = demoCreditCode(inst.countyCode, inst.serial);
    const id = demoUuid(r);
    const clerk = staffOf('mofcom', inst.countyCode);
    const actor = p.by === 'institution' ? `demo-bank-${institutionCode}` : clerk;
    const role = p.by === 'institution' ? 'enterprise' : 'staff';
    const createdAt = new Date(BASE - r.int(100, 360) * DAY - r.int(0, 86_399) * 1000);
    const revisedAt = new Date(BASE - (i % 2 === 0 ? r.int(3, 80) : r.int(95, 200)) * DAY);
    const eligibility = {
      eligibleIndustries: p.industries ?? [],
      eligibleScales: p.scales ?? [],
      eligibleCounties: p.counties ?? [],
      acceptedGuarantees: p.guarantees ?? [],
      minYearsInBusiness: p.minYears ?? null,
    };
    let expiresOn = currentExpiry(r);
    const content = (version: number) => ({
      name: p.name,
      description: p.description,
      rateMin: version === 1 ? p.rate[0] + 0.2 : p.rate[0],
      rateMax: p.rate[1],
      termMinMonths: p.term[0],
      termMaxMonths: p.term[1],
      amountMin: p.amount[0],
      amountMax: p.amount[1],
      ...eligibility,
      expiresOn,
    });
    const h = productHistory;
    let version = 1;
    let status = 'DRAFT';
    let publishedAt: Date | null = null;
    let submittedAt: Date | null = null;
    let reviewedAt: Date | null = null;
    let reviewNote: string | null = null;
    let expiredAt: Date | null = null;
    let withdrawnAt: Date | null = null;
    let last = createdAt;
    h.event(id, 'CREATE', null, 'DRAFT', actor, role, createdAt, version);
    const versionAt: Array<[number, Date]> = [[1, createdAt]];
    if (p.fate !== 'DRAFT') {
      if (p.by === 'institution') {
        submittedAt = at(last, r.int(1, 3), r);
        h.event(id, 'SUBMIT', 'DRAFT', 'PENDING', actor, role, submittedAt, version);
        status = 'PENDING';
        last = submittedAt;
        if (p.fate === 'REJECTED') {
          reviewedAt = at(last, r.int(1, 3), r);
          reviewNote = '利率区间和申请条件填写不完整，请补充后重新提交。';
          h.event(id, 'REJECT', 'PENDING', 'REJECTED', clerk, 'staff', reviewedAt, version, reviewNote);
          status = 'REJECTED';
          last = reviewedAt;
        } else if (p.fate !== 'PENDING') {
          reviewedAt = publishedAt = at(last, r.int(1, 3), r);
          h.event(id, 'APPROVE', 'PENDING', 'PUBLISHED', clerk, 'staff', reviewedAt, version);
          status = 'PUBLISHED';
          last = reviewedAt;
        }
      } else {
        publishedAt = at(last, r.int(1, 3), r);
        h.event(id, 'PUBLISH', 'DRAFT', 'PUBLISHED', clerk, 'staff', publishedAt, version);
        status = 'PUBLISHED';
        last = publishedAt;
      }
    }
    // Published products were updated once by 商务局 (a lower rate floor), the last revision.
    if (status === 'PUBLISHED' && revisedAt > last) {
      version++;
      h.event(id, 'UPDATE', 'PUBLISHED', 'PUBLISHED', clerk, 'staff', revisedAt, version);
      versionAt.push([version, revisedAt]);
      last = revisedAt;
    }
    if (p.fate === 'EXPIRED') {
      expiresOn = pastExpiry(last, r.int(20, 60), r);
      expiredAt = expiryInstant(expiresOn);
      h.event(
        id,
        'EXPIRE',
        'PUBLISHED',
        'EXPIRED',
        'commerce.expireListings',
        'system',
        expiredAt,
        version,
        `有效期至${expiresOn}`,
      );
      status = 'EXPIRED';
      last = expiredAt;
    } else if (p.fate === 'WITHDRAWN') {
      withdrawnAt = at(last, r.int(5, 30), r);
      reviewNote = '产品已停办，由新产品替代。';
      h.event(id, 'WITHDRAW', 'PUBLISHED', 'WITHDRAWN', clerk, 'staff', withdrawnAt, version, reviewNote);
      status = 'WITHDRAWN';
      last = withdrawnAt;
    }
    for (const [v, when] of versionAt)
      h.version(id, v, content(v), v === 1 ? actor : clerk, v === 1 ? role : 'staff', when);
    const { expiresOn: _e, ...final } = content(version);
    return {
      id,
      institutionCode,
      ...final,
      contactName: personName(r),
      contactPhone: mobile(r),
      createdBy: actor,
      status,
      version,
      publishedAt,
      submittedAt,
      reviewedAt,
      reviewNote,
      expiresOn,
      expiredAt,
      withdrawnAt,
      revisedAt: version > 1 ? revisedAt : createdAt,
      departmentCode: 'mofcom',
      countyCode: inst.countyCode,
      createdAt,
      updatedAt: last,
    };
  });
  await db.insert(bankProducts).values(productRows).onConflictDoNothing();
  await insertChunks(productHistory.events, (c) => db.insert(bankProductEvents).values(c));
  await insertChunks(productHistory.versions, (c) => db.insert(bankProductVersions).values(c));
  const offered = productRows.filter((p) => p.status === 'PUBLISHED');
  const fitting = (amount: number, term: number) =>
    offered.filter(
      (p) => p.amountMin <= amount && amount <= p.amountMax && p.termMinMonths <= term && term <= p.termMaxMonths,
    );

  // Financing needs (融资需求) and applications (融资申请): matched by 商务局's recommendation or by applying; funded
  // by an institution's payout or recorded by the enterprise. The demo enterprise has an open need that fits several
  // products and a matched one whose application waits for 中国工商银行's answer.
  const needRows: Array<typeof financingNeeds.$inferInsert> = [];
  const needHistory = new History();
  const applicationRows: Array<typeof financingApplications.$inferInsert> = [];
  const applicationHistory = new History();
  const needs = Math.max(Math.min(80, enterprises.length), Math.round((enterprises.length * 80) / 300));
  let applied = 0;
  for (let i = 0; i < needs + 2; i++) {
    const isDemo = i >= needs;
    const e = isDemo ? demo : r.pick(enterprises);
    const [min, max] = AMOUNTS[e.scale];
    const amount = isDemo ? 200 : Math.round(r.int(min, max) / 10) * 10 || min;
    const termMonths = isDemo ? 12 : r.pick(TERMS);
    const guarantee = isDemo ? 'CREDIT' : r.pick(GUARANTEES);
    const createdAt = new Date(BASE - (isDemo ? r.int(2, 10) : r.int(0, 150)) * DAY - r.int(0, 86_399) * 1000);
    const roll = r.next();
    const fate = isDemo
      ? i === needs
        ? 'OPEN'
        : 'APPLIED'
      : roll < 0.45
        ? 'OPEN'
        : roll < 0.75
          ? r.chance(0.5)
            ? 'RECOMMENDED'
            : 'APPLIED'
          : roll < 0.9
            ? 'FUNDED'
            : 'CLOSED';
    const id = demoUuid(r);
    const owner = userOf(e.creditCode);
    const clerk = staffOf('mofcom', e.countyCode);
    const contactPhone = mobile(r);
    const need: typeof financingNeeds.$inferInsert = {
      id,
      enterpriseCode: e.creditCode,
      amount,
      purpose: r.pick(PURPOSES),
      termMonths,
      guarantee,
      contactName: personName(r),
      contactPhone,
      status: 'OPEN',
      submittedBy: owner,
      departmentCode: 'mofcom',
      countyCode: e.countyCode,
      createdAt,
      updatedAt: createdAt,
    };
    needHistory.event(id, 'RAISE', null, 'OPEN', owner, 'enterprise', createdAt, 1);
    const products = fitting(amount, termMonths);
    const product = isDemo
      ? offered.find((p) => p.name === '经营快贷')
      : products.length
        ? r.pick(products)
        : undefined;
    const when = at(createdAt, r.int(1, 10), r);
    if (fate === 'RECOMMENDED' && product) {
      need.status = 'MATCHED';
      need.matchedProductId = product.id;
      need.matchedAt = need.updatedAt = when;
      needHistory.event(id, 'MATCH', 'OPEN', 'MATCHED', clerk, 'staff', when, 1, `推荐${product.name}`);
    } else if ((fate === 'APPLIED' || fate === 'FUNDED') && product) {
      const appId = demoUuid(r);
      const institution = `demo-bank-${product.institutionCode}`;
      // Applications in progress take each outcome in turn, so that every state is there.
      const outcomes = ['SUBMITTED', 'APPROVED', 'DECLINED', 'WITHDRAWN'] as const;
      const appStatus = fate === 'FUNDED' ? 'DISBURSED' : isDemo ? 'SUBMITTED' : outcomes[applied++ % outcomes.length]!;
      const app: typeof financingApplications.$inferInsert = {
        id: appId,
        needId: id,
        productId: product.id,
        institutionCode: product.institutionCode,
        enterpriseCode: e.creditCode,
        amount,
        termMonths,
        note: '企业经营稳定，纳税记录良好。',
        status: 'SUBMITTED',
        submittedBy: owner,
        submittedAt: when,
        departmentCode: 'mofcom',
        countyCode: e.countyCode,
        createdAt: when,
        updatedAt: when,
      };
      applicationHistory.event(appId, 'SUBMIT', null, 'SUBMITTED', owner, 'enterprise', when, 1);
      need.status = 'MATCHED';
      need.matchedAt = need.updatedAt = when;
      needHistory.event(id, 'MATCH', 'OPEN', 'MATCHED', owner, 'enterprise', when, 1, '企业在线申请金融产品');
      const answered = at(when, r.int(1, 7), r);
      if (appStatus === 'APPROVED' || appStatus === 'DISBURSED') {
        const rate = Math.round((product.rateMin + (product.rateMax - product.rateMin) / 2) * 100) / 100;
        Object.assign(app, {
          status: 'APPROVED',
          answeredAt: answered,
          answeredBy: institution,
          answerNote: '经审核同意授信。',
          approvedAmount: amount,
          approvedRate: rate,
          approvedTermMonths: termMonths,
          updatedAt: answered,
        });
        applicationHistory.event(
          appId,
          'APPROVE',
          'SUBMITTED',
          'APPROVED',
          institution,
          'enterprise',
          answered,
          1,
          '经审核同意授信。',
        );
      } else if (appStatus === 'DECLINED') {
        const note = '企业近两年经营数据不足，暂不符合授信条件。';
        Object.assign(app, {
          status: 'DECLINED',
          answeredAt: answered,
          answeredBy: institution,
          answerNote: note,
          updatedAt: answered,
        });
        applicationHistory.event(
          appId,
          'DECLINE',
          'SUBMITTED',
          'DECLINED',
          institution,
          'enterprise',
          answered,
          1,
          note,
        );
      } else if (appStatus === 'WITHDRAWN') {
        Object.assign(app, { status: 'WITHDRAWN', withdrawnAt: answered, updatedAt: answered });
        applicationHistory.event(appId, 'WITHDRAW', 'SUBMITTED', 'WITHDRAWN', owner, 'enterprise', answered, 1);
      }
      if (appStatus === 'DISBURSED') {
        const paid = at(answered, r.int(2, 10), r);
        Object.assign(app, { status: 'DISBURSED', disbursedAt: paid, disbursedAmount: amount, updatedAt: paid });
        applicationHistory.event(appId, 'DISBURSE', 'APPROVED', 'DISBURSED', institution, 'enterprise', paid, 1);
        need.status = 'FUNDED';
        need.fundedAt = need.updatedAt = paid;
        needHistory.event(id, 'FUND', 'MATCHED', 'FUNDED', institution, 'enterprise', paid, 1, '金融机构放款');
      }
      applicationRows.push(app);
    } else if (fate === 'FUNDED') {
      // Funded outside the platform, recorded by the enterprise.
      need.status = 'FUNDED';
      need.fundedAt = need.updatedAt = when;
      needHistory.event(id, 'FUND', 'OPEN', 'FUNDED', owner, 'enterprise', when, 1, '已通过其他渠道获得贷款');
    } else if (fate === 'CLOSED') {
      need.status = 'CLOSED';
      need.closedAt = need.updatedAt = when;
      needHistory.event(id, 'CLOSE', 'OPEN', 'CLOSED', owner, 'enterprise', when, 1, '资金需求已取消');
    }
    needRows.push(need);
  }
  await insertChunks(needRows, (c) => db.insert(financingNeeds).values(c).onConflictDoNothing());
  await insertChunks(needHistory.events, (c) => db.insert(financingNeedEvents).values(c));
  await insertChunks(applicationRows, (c) => db.insert(financingApplications).values(c).onConflictDoNothing());
  await insertChunks(applicationHistory.events, (c) => db.insert(financingApplicationEvents).values(c));
}
