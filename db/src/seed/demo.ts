/**
 * Deterministic demo data of Pingdingshan: the same seed gives the same enterprises, so every department's demo rows
 * refer to enterprises the registry has, without reading another department's schema.
 */
import { COUNTIES } from '../reference.ts';

/** mulberry32: a small, fast, seedable generator (demo data only, never for secrets). */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof random>;

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W32100 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const W11714 = [3, 7, 9, 10, 5, 8, 4, 2];

/** A valid unified social credit code (GB 32100 and GB 11714 check characters) for demo enterprise `serial`. */
export function demoCreditCode(division: string, serial: number): string {
  const body = `MA${String(serial).padStart(6, '0').slice(-6)}`;
  let s = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body[i]!;
    s += (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55) * W11714[i]!;
  }
  const c9 = 11 - (s % 11);
  const first17 = `91${division}${body}${c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9)}`;
  let t = 0;
  for (let i = 0; i < 17; i++) t += ALPHABET.indexOf(first17[i]!) * W32100[i]!;
  const c18 = 31 - (t % 31);
  return first17 + ALPHABET[c18 === 31 ? 0 : c18]!;
}

const BRANDS = [
  '鹰城',
  '尧山',
  '沙河',
  '白龟',
  '湛河',
  '墨子',
  '应国',
  '昆阳',
  '鲁阳',
  '汝瓷',
  '香山',
  '龙泉',
  '恒瑞',
  '华夏',
  '中原',
  '天瑞',
  '宏达',
  '鑫源',
  '金鼎',
  '瑞丰',
  '永兴',
  '东方',
  '建业',
  '安泰',
  '泰和',
  '嘉禾',
  '博远',
  '银河',
  '星辰',
  '锦程',
  '和顺',
  '宏图',
  '祥云',
  '聚力',
  '诚信',
  '新源',
  '华源',
  '远航',
  '兴业',
  '国鼎',
];
const INDUSTRY_WORDS: Record<string, readonly string[]> = {
  A: ['农业开发', '生态农业', '种植专业', '畜牧'],
  B: ['矿业', '煤业', '盐业'],
  C: ['机械制造', '新材料', '尼龙科技', '电气', '特种钢材', '陶瓷', '食品', '化工', '纺织', '装备制造'],
  D: ['新能源', '热力', '燃气', '光伏电力'],
  E: ['建设工程', '建筑安装', '路桥工程'],
  F: ['商贸', '供应链', '医药连锁', '超市'],
  G: ['物流', '运输', '仓储'],
  H: ['酒店管理', '餐饮管理'],
  I: ['信息技术', '软件', '数据科技', '网络科技'],
  L: ['企业管理咨询', '人力资源服务', '广告传媒'],
  M: ['检测技术', '工程设计', '科技研发'],
  R: ['文化传媒', '文旅发展'],
};
const INDUSTRY_WEIGHTS = 'CCCCCCCCFFFFFEEEIIIGGDDAABBHLLMMR';
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '建国',
  '海燕',
  '志强',
  '红梅',
];
const STREETS = ['建设路', '中兴路', '开源路', '光明路', '矿工路', '新华路', '湛河路', '体育路', '凌云路', '姚孟路'];

export function personName(r: Random): string {
  return r.pick(SURNAMES) + r.pick(GIVEN);
}

export function mobile(r: Random): string {
  return `1${r.pick(['38', '39', '50', '58', '77', '86', '89'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
}

export interface DemoEnterprise {
  creditCode: string;
  name: string;
  legalRepresentative: string;
  contactPhone: string;
  countyCode: string;
  industryCode: string;
  scale: 'MICRO' | 'SMALL' | 'MEDIUM' | 'LARGE';
  registeredCapital: number;
  establishedOn: string;
  address: string;
}

const UNITS = COUNTIES.filter((c) => c.kind !== 'CITY');

/** `count` demo enterprises spread over the twelve units and the industries, from serial `start`. */
export function demoEnterprises(count: number, start = 1, seed = 410400): DemoEnterprise[] {
  const r = random(seed + start);
  const out: DemoEnterprise[] = [];
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const serial = start + i;
    const county = UNITS[serial % UNITS.length]!;
    const industryCode = INDUSTRY_WEIGHTS[r.int(0, INDUSTRY_WEIGHTS.length - 1)]!;
    const prefix =
      county.name.length === 2 ? county.name : county.name.length === 3 ? county.name.slice(0, 2) : '平顶山';
    let name = `${prefix}${r.pick(BRANDS)}${r.pick(INDUSTRY_WORDS[industryCode] ?? ['实业'])}有限公司`;
    if (names.has(name)) name = name.replace('有限公司', `${serial}有限公司`);
    names.add(name);
    const scaleRoll = r.next();
    const scale = scaleRoll < 0.45 ? 'MICRO' : scaleRoll < 0.8 ? 'SMALL' : scaleRoll < 0.95 ? 'MEDIUM' : 'LARGE';
    const capital = { MICRO: [10, 200], SMALL: [100, 2000], MEDIUM: [1000, 20000], LARGE: [10000, 500000] }[scale];
    out.push({
      creditCode: demoCreditCode(county.code, serial),
      name,
      legalRepresentative: personName(r),
      contactPhone: mobile(r),
      countyCode: county.code,
      industryCode,
      scale,
      registeredCapital: r.int(capital[0]!, capital[1]!),
      establishedOn: `${r.int(1995, 2025)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      address: `河南省平顶山市${county.name}${r.pick(STREETS)}${r.int(1, 299)}号`,
    });
  }
  return out;
}
