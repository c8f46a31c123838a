/** Reference data of Pingdingshan: county-level units, departments, industry sections. Seeded into `platform`. */

export const COUNTIES = [
  { code: '410400', name: '平顶山市', kind: 'CITY' },
  { code: '410402', name: '新华区', kind: 'DISTRICT' },
  { code: '410403', name: '卫东区', kind: 'DISTRICT' },
  { code: '410404', name: '石龙区', kind: 'DISTRICT' },
  { code: '410411', name: '湛河区', kind: 'DISTRICT' },
  { code: '410421', name: '宝丰县', kind: 'COUNTY' },
  { code: '410422', name: '叶县', kind: 'COUNTY' },
  { code: '410423', name: '鲁山县', kind: 'COUNTY' },
  { code: '410425', name: '郏县', kind: 'COUNTY' },
  { code: '410481', name: '舞钢市', kind: 'COUNTY_CITY' },
  { code: '410482', name: '汝州市', kind: 'COUNTY_CITY' },
  { code: '410471', name: '平顶山高新技术产业开发区', kind: 'FUNCTIONAL_ZONE' },
  { code: '410472', name: '平顶山市城乡一体化示范区', kind: 'FUNCTIONAL_ZONE' },
] as const;

export const DEPARTMENT_LIST = [
  {
    code: 'wrzwq',
    name: '平顶山市万人助万企活动领导小组办公室',
    shortName: '市万人助万企办',
    description: '惠企政策、政策兑现、免申即享与万人助万企模块的牵头部门。',
  },
  {
    code: 'ndrc',
    name: '平顶山市发展和改革委员会',
    shortName: '市发改委',
    description: '营商环境投诉与产业园区模块的牵头部门。',
  },
  {
    code: 'miit',
    name: '平顶山市工业和信息化局',
    shortName: '市工信局',
    description: '四上企业模块的牵头部门之一（工业企业）。',
  },
  { code: 'mofcom', name: '平顶山市商务局', shortName: '市商务局', description: '我的商机与招商模块的牵头部门。' },
  {
    code: 'hrss',
    name: '平顶山市人力资源和社会保障局',
    shortName: '市人社局',
    description: '人才服务模块的牵头部门。',
  },
  { code: 'stats', name: '平顶山市统计局', shortName: '市统计局', description: '四上企业与统计报表模块的牵头部门。' },
  {
    code: 'bigdata',
    name: '平顶山市政务服务和大数据管理局',
    shortName: '市政务服务和大数据管理局',
    description: '平台建设管理部门：企业库、企业便利化、绩效评价与安全审计。',
  },
] as const;

/** Sections of GB/T 4754-2017 (国民经济行业分类). */
export const INDUSTRIES: Record<string, string> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
};
