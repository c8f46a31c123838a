/**
 * Demo rows of 企业便利化 (办业务): a service catalogue (事项清单) of about a hundred services as the city's and the
 * counties' government service centres list them, with their versions and events, in every publishing state; cases
 * (办件) of the demo enterprises in every state, and licences, some expiring soon.
 */
import type { Database } from '../client.ts';
import { COUNTIES } from '../reference.ts';
import { eq } from 'drizzle-orm';
import { workingDeadline } from '../calendar.ts';
import {
  caseEvents,
  cases,
  exchangeClients,
  licences,
  serviceEvents,
  services,
  serviceVersions,
  type ServiceCategory,
} from '../schema/platform.ts';
import { random } from './demo.ts';

type Dept = 'wrzwq' | 'ndrc' | 'miit' | 'mofcom' | 'hrss' | 'stats' | 'bigdata';

/** name, category, department, legal time limit (working days), fees, materials, conditions, issues a licence. */
type Entry = [string, ServiceCategory, Dept, number, string, string[], string, boolean?];

const FREE = '不收费';
const LICENCE_FORM = ['申请书', '营业执照', '法定代表人身份证明'];

/** Services of the city's departments (市本级), most handled at the windows of the city's service centre. */
export const CITY_SERVICES: Entry[] = [
  [
    '企业设立登记',
    'START_UP',
    'bigdata',
    3,
    FREE,
    [
      '公司登记（备案）申请书',
      '公司章程',
      '股东主体资格证明',
      '法定代表人、董事、监事和经理的任职文件',
      '住所使用证明',
    ],
    '依法设立的有限责任公司、股份有限公司及其分公司，名称经自主申报。',
  ],
  [
    '企业变更登记',
    'START_UP',
    'bigdata',
    3,
    FREE,
    ['公司登记（备案）申请书', '变更决议或决定', '营业执照正副本'],
    '已登记企业的名称、住所、法定代表人、注册资本、经营范围等事项发生变更。',
  ],
  [
    '企业注销登记',
    'START_UP',
    'bigdata',
    3,
    FREE,
    ['注销登记申请书', '清算报告', '清税证明'],
    '企业解散并清算完毕，无未结清税款和债务。',
  ],
  [
    '企业简易注销登记',
    'START_UP',
    'bigdata',
    3,
    FREE,
    ['简易注销登记申请书', '全体投资人承诺书'],
    '未发生债权债务或已将债权债务清偿完结，公示期满无异议。',
  ],
  [
    '企业开办一件事（营业执照、印章、发票、社保、公积金）',
    'START_UP',
    'bigdata',
    1,
    '首套印章免费刻制',
    ['企业开办一件事申请表', '公司章程', '住所使用证明', '经办人身份证明'],
    '新设企业一次申请、并联办理营业执照、公章刻制、涉税事项、社保登记和公积金缴存登记。',
  ],
  [
    '公章刻制备案',
    'START_UP',
    'bigdata',
    1,
    '首套免费',
    ['营业执照', '法定代表人身份证明', '印章样式'],
    '已取得营业执照的企业刻制公章、财务章、发票专用章。',
  ],
  [
    '食品经营许可证核发',
    'LICENCE',
    'bigdata',
    10,
    FREE,
    [...LICENCE_FORM, '经营场所平面图', '食品安全管理制度', '主要设备设施清单'],
    '有与经营的食品品种、数量相适应的经营场所和设施，有专职或兼职食品安全管理人员。',
    true,
  ],
  [
    '食品经营许可证延续',
    'LICENCE',
    'bigdata',
    10,
    FREE,
    ['延续申请书', '原食品经营许可证'],
    '许可证有效期届满30个工作日前提出申请，经营条件未发生变化。',
    true,
  ],
  [
    '食品生产许可证核发',
    'LICENCE',
    'bigdata',
    20,
    FREE,
    [...LICENCE_FORM, '食品生产加工场所平面图', '工艺流程图', '设备布局图', '食品安全管理制度'],
    '具有与生产的食品品种相适应的生产场所、设备和专业技术人员。',
    true,
  ],
  [
    '药品经营许可证（零售）核发',
    'LICENCE',
    'bigdata',
    15,
    FREE,
    [...LICENCE_FORM, '执业药师注册证', '经营场所证明', '质量管理文件'],
    '有依法经过资格认定的药师或其他药学技术人员，有与所经营药品相适应的营业场所。',
    true,
  ],
  [
    '第二类医疗器械经营备案',
    'LICENCE',
    'bigdata',
    5,
    FREE,
    ['备案表', '营业执照', '经营场所和库房证明', '质量管理制度'],
    '经营第二类医疗器械的企业，具备与经营规模相适应的经营场所和贮存条件。',
  ],
  [
    '公众聚集场所投入使用、营业前消防安全检查',
    'LICENCE',
    'bigdata',
    10,
    FREE,
    ['申请表', '营业执照', '消防安全制度', '场所平面布置图'],
    '公众聚集场所投入使用、营业前，建设单位或使用单位作出消防安全承诺。',
    true,
  ],
  [
    '建设工程消防验收',
    'CONSTRUCTION',
    'bigdata',
    15,
    FREE,
    ['消防验收申请表', '工程竣工验收报告', '消防设施检测报告'],
    '特殊建设工程竣工后，建设单位申请消防验收。',
  ],
  [
    '建设工程规划许可证核发',
    'CONSTRUCTION',
    'bigdata',
    20,
    FREE,
    ['申请表', '建设项目批准文件', '国有土地使用证明', '建设工程设计方案'],
    '在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设。',
    true,
  ],
  [
    '建设用地规划许可证核发',
    'CONSTRUCTION',
    'bigdata',
    20,
    FREE,
    ['申请表', '建设项目批准、核准或备案文件', '土地出让合同'],
    '以出让方式取得国有土地使用权的建设项目，签订出让合同后申请。',
    true,
  ],
  [
    '建筑工程施工许可证核发',
    'CONSTRUCTION',
    'bigdata',
    7,
    FREE,
    ['申请表', '建设工程规划许可证', '中标通知书及施工合同', '施工图设计文件审查合格书'],
    '工程投资额30万元以上或建筑面积300平方米以上的房屋建筑工程。',
    true,
  ],
  [
    '建筑业企业资质核准（施工总承包三级）',
    'LICENCE',
    'bigdata',
    20,
    FREE,
    [...LICENCE_FORM, '企业净资产证明', '技术负责人及注册人员证书'],
    '企业资产、人员、业绩符合《建筑业企业资质标准》三级资质条件。',
    true,
  ],
  [
    '商品房预售许可',
    'CONSTRUCTION',
    'bigdata',
    10,
    FREE,
    ['预售许可申请表', '土地使用权证明', '建设工程规划许可证', '施工许可证', '工程进度证明'],
    '已投入开发建设的资金达到工程建设总投资的25%以上，并已确定施工进度和竣工交付日期。',
    true,
  ],
  [
    '城镇污水排入排水管网许可',
    'UTILITIES',
    'bigdata',
    15,
    FREE,
    ['申请表', '排水户内部排水管网图', '水质检测报告'],
    '向城镇排水设施排放污水的工业、建筑、餐饮、医疗等排水户。',
    true,
  ],
  [
    '城市道路挖掘许可',
    'CONSTRUCTION',
    'bigdata',
    10,
    '按标准收取道路挖掘修复费',
    ['申请表', '施工方案', '交通组织方案'],
    '因工程建设确需挖掘城市道路，经市政和公安交通管理部门同意。',
  ],
  [
    '占用城市绿地审批',
    'CONSTRUCTION',
    'bigdata',
    10,
    '按标准收取绿地补偿费',
    ['申请表', '占用绿地位置图', '恢复方案'],
    '因建设或其他特殊需要临时占用城市绿地。',
  ],
  [
    '户外广告设施设置许可',
    'LICENCE',
    'bigdata',
    10,
    FREE,
    ['申请表', '设计效果图', '场地使用证明'],
    '在城市建成区内设置大型户外广告设施。',
    true,
  ],
  [
    '危险化学品经营许可证核发',
    'LICENCE',
    'bigdata',
    20,
    FREE,
    [...LICENCE_FORM, '经营场所产权证明', '安全管理制度', '从业人员培训合格证明'],
    '有符合国家标准的经营场所，储存设施符合安全要求，有健全的安全管理制度。',
    true,
  ],
  [
    '道路运输经营许可（货运）',
    'LICENCE',
    'bigdata',
    20,
    FREE,
    [...LICENCE_FORM, '车辆行驶证', '驾驶人从业资格证', '安全生产管理制度'],
    '有与经营业务相适应并经检测合格的车辆和符合条件的驾驶人员。',
    true,
  ],
  [
    '出版物零售经营许可',
    'LICENCE',
    'bigdata',
    20,
    FREE,
    [...LICENCE_FORM, '经营场所证明'],
    '有确定的名称、经营场所和与经营业务相适应的从业人员。',
    true,
  ],
  [
    '取水许可',
    'UTILITIES',
    'bigdata',
    20,
    '按规定缴纳水资源税',
    ['取水许可申请书', '建设项目水资源论证报告', '取水工程设计文件'],
    '直接从江河、湖泊或者地下取用水资源的单位。',
    true,
  ],
  [
    '排污许可证核发',
    'LICENCE',
    'bigdata',
    20,
    FREE,
    ['排污许可证申请表', '自行监测方案', '环境影响评价文件批复'],
    '纳入固定污染源排污许可分类管理名录的排污单位。',
    true,
  ],
  [
    '建设项目环境影响报告表审批',
    'CONSTRUCTION',
    'bigdata',
    15,
    FREE,
    ['审批申请', '环境影响报告表', '公众参与说明'],
    '依法应当编制环境影响报告表的建设项目，开工建设前报批。',
  ],
  [
    '用电报装（低压）',
    'UTILITIES',
    'bigdata',
    3,
    '低压小微企业用电报装零投资',
    ['用电申请表', '用电人身份证明', '用电地址产权证明'],
    '160千瓦及以下低压小微企业新装、增容用电（国网平顶山供电公司进驻窗口）。',
  ],
  [
    '用电报装（高压）',
    'UTILITIES',
    'bigdata',
    15,
    '按国家规定收费',
    ['用电申请表', '项目批复或备案文件', '用电设备清单'],
    '10千伏及以上高压用户新装、增容用电（国网平顶山供电公司进驻窗口）。',
  ],
  [
    '用水报装',
    'UTILITIES',
    'bigdata',
    5,
    '按工程量收费',
    ['用水申请表', '营业执照', '用水地址产权证明'],
    '城市公共供水管网覆盖范围内新装用水（市自来水公司进驻窗口）。',
  ],
  [
    '天然气报装',
    'UTILITIES',
    'bigdata',
    5,
    '按工程量收费',
    ['用气申请表', '营业执照', '用气场所产权证明'],
    '城市燃气管网覆盖范围内的工商业用户新装用气（燃气公司进驻窗口）。',
  ],
  [
    '集中供热报装',
    'UTILITIES',
    'bigdata',
    10,
    '按面积收取接网费',
    ['供热申请表', '营业执照', '房屋产权证明'],
    '集中供热管网覆盖范围内的非居民用户新装供热。',
  ],
  [
    '宽带和固定电话报装',
    'UTILITIES',
    'bigdata',
    3,
    '按资费标准',
    ['申请表', '营业执照'],
    '企业新装宽带、专线和固定电话（通信运营商进驻窗口）。',
  ],
  [
    '新办纳税人涉税事项套餐',
    'TAX',
    'bigdata',
    1,
    FREE,
    ['营业执照', '法定代表人身份证明', '财务负责人信息'],
    '新设立企业首次办理信息确认、税种认定、发票领用（市税务局进驻窗口）。',
  ],
  [
    '增值税一般纳税人登记',
    'TAX',
    'bigdata',
    1,
    FREE,
    ['增值税一般纳税人登记表'],
    '年应税销售额超过规定标准的纳税人，或会计核算健全的纳税人自愿登记。',
  ],
  [
    '发票领用和增版增量',
    'TAX',
    'bigdata',
    1,
    FREE,
    ['发票领用申请', '经办人身份证明'],
    '已办理税务登记的纳税人，根据经营需要领用或调整发票。',
  ],
  [
    '出口退（免）税备案',
    'TAX',
    'bigdata',
    2,
    FREE,
    ['出口退（免）税备案表', '对外贸易经营者备案登记'],
    '有出口货物劳务及跨境应税行为的纳税人首次申报出口退（免）税前备案。',
  ],
  ['清税证明开具', 'TAX', 'bigdata', 1, FREE, ['清税申报表'], '申请注销登记的纳税人结清应纳税款、滞纳金和罚款。'],
  [
    '单位参保登记',
    'SOCIAL_SECURITY',
    'hrss',
    1,
    FREE,
    ['社会保险登记表', '营业执照'],
    '新设立的用人单位自成立之日起30日内办理社会保险登记。',
  ],
  [
    '职工参保登记（增员）',
    'SOCIAL_SECURITY',
    'hrss',
    1,
    FREE,
    ['职工参保信息表', '劳动合同'],
    '用人单位自用工之日起30日内为职工办理参保登记。',
  ],
  [
    '职工减员',
    'SOCIAL_SECURITY',
    'hrss',
    1,
    FREE,
    ['职工减员信息表', '解除或终止劳动合同证明'],
    '职工与用人单位终止或解除劳动关系。',
  ],
  [
    '劳务派遣经营许可',
    'LICENCE',
    'hrss',
    20,
    FREE,
    [...LICENCE_FORM, '注册资本证明', '经营场所证明', '劳务派遣管理制度'],
    '注册资本不少于人民币200万元，有与开展业务相适应的固定经营场所和设施。',
    true,
  ],
  [
    '人力资源服务许可',
    'LICENCE',
    'hrss',
    20,
    FREE,
    [...LICENCE_FORM, '经营场所证明', '专职工作人员资格证明', '工作规章制度'],
    '从事职业中介活动，有明确的章程和管理制度及相应的场所和人员。',
    true,
  ],
  [
    '特殊工时制度审批',
    'SOCIAL_SECURITY',
    'hrss',
    20,
    FREE,
    ['申请书', '实行特殊工时的岗位和人数', '职工意见'],
    '因生产特点不能实行标准工时制的企业申请综合计算工时或不定时工作制。',
  ],
  [
    '失业保险稳岗返还',
    'SOCIAL_SECURITY',
    'hrss',
    15,
    FREE,
    ['稳岗返还申请表', '银行账户信息'],
    '依法参加失业保险并足额缴费，上年度未裁员或裁员率低于规定标准的企业。',
  ],
  [
    '职业技能等级认定机构备案',
    'SOCIAL_SECURITY',
    'hrss',
    20,
    FREE,
    ['备案申请表', '评价工作方案', '考评人员名单'],
    '具备开展职业技能等级认定条件的用人单位和社会培训评价组织。',
  ],
  [
    '企业投资项目备案',
    'CONSTRUCTION',
    'ndrc',
    2,
    FREE,
    ['项目备案信息表'],
    '不涉及国家安全、全国重大生产力布局、战略性资源开发和重大公共利益的企业投资项目。',
  ],
  [
    '企业投资项目核准',
    'CONSTRUCTION',
    'ndrc',
    20,
    FREE,
    ['项目申请报告', '城乡规划选址意见', '用地预审意见'],
    '列入政府核准的投资项目目录的企业投资项目。',
  ],
  [
    '固定资产投资项目节能审查',
    'CONSTRUCTION',
    'ndrc',
    15,
    FREE,
    ['节能审查申请', '节能报告'],
    '年综合能源消费量1000吨标准煤以上（改扩建项目按增量计算）的固定资产投资项目。',
  ],
  [
    '政府投资项目可行性研究报告审批',
    'CONSTRUCTION',
    'ndrc',
    20,
    FREE,
    ['请示文件', '可行性研究报告', '咨询评估报告'],
    '使用政府预算资金的固定资产投资项目。',
  ],
  [
    '企业技术改造项目备案',
    'CONSTRUCTION',
    'miit',
    3,
    FREE,
    ['技术改造项目备案表', '项目情况说明'],
    '在现有厂区内以技术改造为主、不新增用地的工业企业投资项目。',
  ],
  [
    '专精特新中小企业认定',
    'OTHER',
    'miit',
    20,
    FREE,
    ['认定申请书', '近两年财务报表', '知识产权证明'],
    '从事特定细分市场、创新能力强、成长性好的中小企业，符合省定认定标准。',
  ],
  [
    '工业企业技术中心认定',
    'OTHER',
    'miit',
    20,
    FREE,
    ['认定申请表', '技术中心工作报告', '研发投入证明'],
    '具有较强技术创新能力、研发投入占销售收入比例达到规定标准的工业企业。',
  ],
  [
    '对外贸易经营者备案登记',
    'TRADE',
    'mofcom',
    3,
    FREE,
    ['对外贸易经营者备案登记表', '营业执照'],
    '依法办理工商登记，需要从事货物进出口或技术进出口的经营者。',
  ],
  [
    '单用途商业预付卡发卡企业备案',
    'TRADE',
    'mofcom',
    5,
    FREE,
    ['备案登记表', '营业执照', '预付卡章程及协议样本'],
    '发行单用途商业预付卡的零售、住宿餐饮和居民服务业企业，自开展业务之日起30日内备案。',
  ],
  [
    '成品油零售经营资格审批（初审）',
    'LICENCE',
    'mofcom',
    20,
    FREE,
    [...LICENCE_FORM, '加油站规划确认文件', '安全评价报告'],
    '符合成品油零售网点发展规划，具备相应的储油设施和安全条件。',
    true,
  ],
  [
    '拍卖企业设立许可（初审）',
    'LICENCE',
    'mofcom',
    20,
    FREE,
    [...LICENCE_FORM, '拍卖师资格证书', '章程'],
    '有100万元人民币以上的注册资本和至少一名拍卖师。',
    true,
  ],
  [
    '报废机动车回收企业资质认定',
    'LICENCE',
    'mofcom',
    20,
    FREE,
    [...LICENCE_FORM, '场地证明', '环保设施证明'],
    '符合报废机动车回收拆解企业技术规范，场地面积和设施满足要求。',
    true,
  ],
  [
    '统计调查单位名录登记',
    'OTHER',
    'stats',
    5,
    FREE,
    ['单位基本情况表', '营业执照'],
    '新设立或变更的法人单位和产业活动单位纳入统计基本单位名录库。',
  ],
  [
    '规模以上企业入库申报（一套表）',
    'OTHER',
    'stats',
    10,
    FREE,
    ['入库申请表', '上年度财务报表'],
    '年主营业务收入2000万元及以上的工业企业等达到规模以上标准的企业。',
  ],
  [
    '惠企政策兑现申请受理',
    'OTHER',
    'wrzwq',
    10,
    FREE,
    ['兑现申请表', '政策要求的证明材料'],
    '符合已发布惠企政策兑现条件的企业，按政策指南申报。',
  ],
];

/** Local services each county keeps (县级事项), named after the county. */
const COUNTY_SERVICES: Array<(county: string) => Entry> = [
  (c) => [
    '个体工商户登记',
    'START_UP',
    'bigdata',
    1,
    FREE,
    ['个体工商户登记申请书', '经营者身份证明', '经营场所证明'],
    `在${c}范围内从事工商业经营的个体工商户。`,
  ],
  (c) => [
    '小餐饮登记',
    'LICENCE',
    'bigdata',
    5,
    FREE,
    ['小餐饮登记申请表', '从业人员健康证明', '经营场所证明'],
    `${c}范围内有固定门店、从业人员较少的小餐饮店。`,
    true,
  ],
  (c) => [
    '农村集体建设用地使用审批',
    'CONSTRUCTION',
    'bigdata',
    20,
    FREE,
    ['申请表', '村集体经济组织同意意见', '用地位置图'],
    `${c}乡镇企业、乡村公共设施和公益事业使用农村集体建设用地。`,
  ],
  (c) => [
    '临时占用道路经营审批',
    'OTHER',
    'bigdata',
    5,
    FREE,
    ['申请表', '占道位置示意图'],
    `${c}城区因经营活动确需临时占用道路。`,
  ],
];

const VENUES: Record<Dept, string> = {
  bigdata: '平顶山市市民服务中心一楼综合受理窗口',
  hrss: '平顶山市市民服务中心二楼人社服务区',
  ndrc: '平顶山市市民服务中心三楼投资项目审批服务区',
  miit: '平顶山市市民服务中心三楼工信服务窗口',
  mofcom: '平顶山市市民服务中心三楼商务服务窗口',
  stats: '平顶山市市民服务中心三楼统计服务窗口',
  wrzwq: '平顶山市市民服务中心一楼惠企政策兑现窗口',
};
const HOURS = '工作日 9:00–12:00，13:00–17:00（夏季 15:00–18:00）';
const ONLINE = 'https://pds.hnzwfw.gov.cn/';

/** The catalogue: the city's services and four local ones per county (about a hundred), mostly published. */
export async function seedServices(db: Database, now: Date = new Date()): Promise<number> {
  const r = random(20_260_601);
  const rows: Array<typeof services.$inferInsert & { id: string }> = [];
  const make = (e: Entry, countyCode: string, countyName: string | null, n: number) => {
    const [name, category, departmentCode, timeLimitDays, fees, materials, conditions, issuesLicence] = e;
    const id = `5e${n.toString(16).padStart(6, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    const roll = r.next();
    const status = roll < 0.9 ? 'PUBLISHED' : roll < 0.96 ? 'DRAFT' : 'WITHDRAWN';
    const created = new Date(now.getTime() - r.int(60, 400) * 86_400_000);
    rows.push({
      id,
      name: countyName ? `${countyName}${name}` : name,
      category,
      conditions,
      materials,
      timeLimitDays,
      fees,
      onlineUrl: countyName && r.chance(0.5) ? null : ONLINE,
      officeAddress: countyName ? `${countyName}政务服务中心综合受理窗口` : VENUES[departmentCode],
      officeHours: HOURS,
      issuesLicence: issuesLicence ?? false,
      status,
      version: 1,
      publishedAt: status === 'DRAFT' ? null : new Date(created.getTime() + 86_400_000),
      withdrawnAt: status === 'WITHDRAWN' ? new Date(created.getTime() + 30 * 86_400_000) : null,
      withdrawReason: status === 'WITHDRAWN' ? '事项已调整为告知承诺制，待更新办事指南后重新发布' : null,
      createdBy: `${departmentCode}-seed`,
      revisedAt: created,
      departmentCode,
      countyCode,
      createdAt: created,
      updatedAt: created,
    });
  };
  let n = 1;
  for (const e of CITY_SERVICES) make(e, '410400', null, n++);
  for (const county of COUNTIES.filter((c) => c.code !== '410400')) {
    for (const local of COUNTY_SERVICES) make(local(county.name), county.code, county.name, n++);
  }
  await db.insert(services).values(rows).onConflictDoNothing();
  const versions = rows.map((s) => ({
    subjectId: s.id,
    version: 1,
    content: {
      name: s.name,
      category: s.category,
      conditions: s.conditions,
      materials: s.materials,
      timeLimitDays: s.timeLimitDays,
      fees: s.fees,
      onlineUrl: s.onlineUrl,
      officeAddress: s.officeAddress,
      officeHours: s.officeHours,
      issuesLicence: s.issuesLicence,
    },
    actor: s.createdBy,
    actorRole: 'staff',
    at: s.createdAt!,
  }));
  await db.insert(serviceVersions).values(versions).onConflictDoNothing();
  const events = rows.flatMap((s) => {
    const base = { subjectId: s.id, actor: s.createdBy, actorRole: 'staff', data: { version: 1 } };
    const list: Array<typeof serviceEvents.$inferInsert> = [
      { ...base, action: 'CREATE', fromStatus: null, toStatus: 'DRAFT', at: s.createdAt! },
    ];
    if (s.publishedAt)
      list.push({ ...base, action: 'PUBLISH', fromStatus: 'DRAFT', toStatus: 'PUBLISHED', at: s.publishedAt });
    if (s.withdrawnAt) {
      list.push({
        ...base,
        action: 'WITHDRAW',
        fromStatus: 'PUBLISHED',
        toStatus: 'WITHDRAWN',
        at: s.withdrawnAt,
        note: s.withdrawReason,
      });
    }
    return list;
  });
  await db.insert(serviceEvents).values(events);
  return rows.length;
}

type CaseState = 'RECEIVED' | 'ACCEPTED' | 'PROCESSING' | 'CONCLUDED' | 'REJECTED' | 'RETURNED';
/** One case per state in turn; accepted ones alternate between on time and past their deadline. */
const CASE_STATES: CaseState[] = [
  'RECEIVED',
  'ACCEPTED',
  'PROCESSING',
  'CONCLUDED',
  'CONCLUDED',
  'REJECTED',
  'RETURNED',
];
const APPLICANTS = ['王建军', '李红梅', '张志强', '刘芳', '陈晓东', '杨丽', '赵国庆', '孙玉兰'];

/**
 * Demo cases (办件) of the demo enterprises for published services, in every state (some past their legal deadline),
 * each with its step events, and licences for the approved cases of services that issue one (some expiring within
 * 30 days, so the reminder job has work).
 */
export async function seedCases(
  db: Database,
  list: ReadonlyArray<{ creditCode: string }>,
  now: Date = new Date(),
): Promise<number> {
  if (list.length === 0) return 0;
  const r = random(20_261_130);
  const published = await db.select().from(services).where(eq(services.status, 'PUBLISHED')).orderBy(services.name);
  const day = 86_400_000;
  let n = 0;
  let made = 0;
  for (let i = 0; i < 70; i++) {
    const service = published[(i * 7) % published.length]!;
    const enterprise = list[(i * 13) % list.length]!;
    const state = CASE_STATES[i % CASE_STATES.length]!;
    const late = i % 2 === 1;
    const receivedAt = new Date(now.getTime() - r.int(late ? 40 : 2, late ? 90 : 20) * day - r.int(0, 8) * 3600_000);
    const acceptedAt = new Date(receivedAt.getTime() + day);
    const dueAt = workingDeadline(acceptedAt, service.timeLimitDays);
    const processingAt = new Date(acceptedAt.getTime() + day);
    const onTime = new Date(Math.min(dueAt.getTime() - 3600_000, processingAt.getTime() + day));
    const concludedAt = state === 'CONCLUDED' ? (late ? new Date(dueAt.getTime() + 2 * day) : onTime) : null;
    if (concludedAt && concludedAt > now) continue;
    const accepted = ['ACCEPTED', 'PROCESSING', 'CONCLUDED'].includes(state);
    const unit = service.countyCode === '410400' ? '市民服务中心综合受理窗口' : '政务服务中心综合受理窗口';
    const reason =
      state === 'REJECTED'
        ? '申请事项不属于本机关职权范围'
        : state === 'RETURNED'
          ? '申请材料不齐全，请补充营业执照副本'
          : null;
    const [row] = await db
      .insert(cases)
      .values({
        referenceNo: `BJ${receivedAt.toISOString().slice(0, 10).replaceAll('-', '')}${String(100_000 + i)}`,
        serviceId: service.id,
        serviceName: service.name,
        timeLimitDays: service.timeLimitDays,
        enterpriseCode: enterprise.creditCode,
        applicantName: APPLICANTS[i % APPLICANTS.length]!,
        applicantPhone: `139375${String(10_000 + i).slice(-5)}`,
        channel: i % 3 === 0 ? 'OFFICE' : 'ONLINE',
        status: state,
        handlingUnit: unit,
        appliedAt: receivedAt,
        receivedAt,
        acceptedAt: accepted ? acceptedAt : null,
        processingAt: state === 'PROCESSING' || state === 'CONCLUDED' ? processingAt : null,
        concludedAt,
        rejectedAt: state === 'REJECTED' ? acceptedAt : null,
        returnedAt: state === 'RETURNED' ? acceptedAt : null,
        dueAt: accepted ? dueAt : null,
        outcome: state === 'CONCLUDED' ? 'APPROVED' : null,
        reason,
        lastStepAt: concludedAt ?? (accepted ? acceptedAt : receivedAt),
        departmentCode: service.departmentCode,
        countyCode: service.countyCode,
        createdAt: receivedAt,
        updatedAt: concludedAt ?? receivedAt,
      })
      .returning();
    const c = row!;
    made++;
    const ev = (action: string, from: string | null, to: string, at: Date, note: string | null = null) => ({
      subjectId: c.id,
      action,
      fromStatus: from,
      toStatus: to,
      actor: action === 'RECEIVE' && c.channel === 'ONLINE' ? 'enterprise-demo' : `${c.departmentCode}-seed`,
      actorRole: action === 'RECEIVE' && c.channel === 'ONLINE' ? 'enterprise' : 'staff',
      note,
      data: { handlingUnit: unit },
      at,
    });
    const events = [ev('RECEIVE', null, 'RECEIVED', receivedAt)];
    if (state === 'REJECTED') events.push(ev('REJECT', 'RECEIVED', 'REJECTED', acceptedAt, reason));
    if (state === 'RETURNED') events.push(ev('RETURN', 'RECEIVED', 'RETURNED', acceptedAt, reason));
    if (accepted) events.push(ev('ACCEPT', 'RECEIVED', 'ACCEPTED', acceptedAt));
    if (c.processingAt) events.push(ev('PROCESS', 'ACCEPTED', 'PROCESSING', processingAt));
    if (concludedAt) events.push(ev('CONCLUDE', 'PROCESSING', 'CONCLUDED', concludedAt));
    await db.insert(caseEvents).values(events);
    if (concludedAt && service.issuesLicence) {
      // Every other licence expires within the month ahead.
      const expires = new Date(now.getTime() + (n % 2 === 0 ? r.int(5, 28) : r.int(200, 1500)) * day);
      await db.insert(licences).values({
        enterpriseCode: c.enterpriseCode,
        name: service.name,
        number: `豫平${String(2021_000 + i)}`,
        serviceId: service.id,
        caseId: c.id,
        issuedOn: concludedAt.toISOString().slice(0, 10),
        expiresOn: expires.toISOString().slice(0, 10),
        departmentCode: c.departmentCode,
        countyCode: c.countyCode,
      });
      n++;
    }
  }
  return made;
}

/**
 * Demo systems registered with the exchange (`pnpm push:case` signs in as `hnzwfw-bigdata`, `pnpm push:redemption` as
 * `miit-approval`).
 */
export async function seedExchangeClients(db: Database): Promise<void> {
  await db
    .insert(exchangeClients)
    .values([
      {
        clientId: 'hnzwfw-bigdata',
        name: '河南省一体化政务服务平台（平顶山）',
        departmentCode: 'bigdata',
        countyCode: '410400',
        registeredBy: 'seed',
      },
      {
        clientId: 'mofcom-approval',
        name: '市商务局行政审批系统',
        departmentCode: 'mofcom',
        countyCode: '410400',
        registeredBy: 'seed',
      },
      {
        clientId: 'miit-approval',
        name: '市工业和信息化局惠企政策兑现审批系统',
        departmentCode: 'miit',
        countyCode: '410400',
        registeredBy: 'seed',
      },
    ])
    .onConflictDoNothing();
}
