/**
 * The figure catalog of the monthly evaluation (Art. 9–11): every module's `…Figures` field on `Department` and
 * `County` that a measure may read, with the direction of each figure (is more better or worse), the lead department
 * of the module (who may add measures of its own for it, Art. 11) and the units it concerns.
 *
 * Adding a module's figures to the evaluation is one entry in `FIGURE_CATALOG` (see the subgraph README). The built-in
 * general measure set (`DEFAULT_MEASURES`) is in force until administrators define one of their own.
 */
import type { DepartmentCode } from '@qq/kit';

export const UNIT_KINDS = ['DEPARTMENT', 'COUNTY'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** HIGHER: more is better; LOWER: less is better; null: a base only (a denominator), never a measure itself. */
export type Direction = 'HIGHER' | 'LOWER' | null;

export interface CatalogFigure {
  /** Chinese name, as in the 督查通报. */
  label: string;
  direction: Direction;
  /** A rate from 0 to 1 (a nullable `Float`), scored on its own scale rather than against the other units. */
  rate?: boolean;
}

export interface CatalogModule {
  /** The field on `Department` and `County`, such as `serviceFigures`. */
  field: string;
  /** What the module's figures are about (for the catalog and the exports). */
  label: string;
  /** The department leading the module: its city staff may add measures over these figures (Art. 11). */
  lead: DepartmentCode;
  /** Whether the field takes `month` (false: a current state, read as of the report's generation). */
  monthly: boolean;
  /** The departments the module's department figures concern (others always count zero); null: every department. */
  departments: readonly DepartmentCode[] | null;
  /** The figures of the type (`Int!` counts and nullable `Float` rates), by field name. */
  figures: Readonly<Record<string, CatalogFigure>>;
}

export const FIGURE_CATALOG: readonly CatalogModule[] = [
  {
    field: 'serviceFigures',
    label: '办件情况',
    lead: 'bigdata',
    monthly: true,
    departments: null,
    figures: {
      received: { label: '收件数', direction: 'HIGHER' },
      concludedOnTime: { label: '按时办结数', direction: 'HIGHER' },
      concludedLate: { label: '超时办结数', direction: 'LOWER' },
      overdue: { label: '超期办件数', direction: 'LOWER' },
    },
  },
  {
    field: 'statisticsFigures',
    label: '统计报送',
    lead: 'stats',
    monthly: true,
    departments: ['miit', 'stats'],
    figures: {
      due: { label: '应报数', direction: null },
      onTime: { label: '按时报送数', direction: 'HIGHER' },
      late: { label: '迟报数', direction: 'LOWER' },
      missing: { label: '未报数', direction: 'LOWER' },
      filingRate: { label: '报送率', direction: 'HIGHER', rate: true },
      onTimeRate: { label: '及时率', direction: 'HIGHER', rate: true },
    },
  },
  {
    field: 'listingFigures',
    label: '信息更新',
    lead: 'mofcom',
    monthly: false,
    departments: ['ndrc', 'mofcom'],
    figures: {
      currentParks: { label: '有效园区数', direction: 'HIGHER' },
      currentInvestmentProjects: { label: '有效招商项目数', direction: 'HIGHER' },
      currentBankProducts: { label: '有效金融产品数', direction: 'HIGHER' },
      staleParks: { label: '超90天未更新园区数', direction: 'LOWER' },
      staleInvestmentProjects: { label: '超90天未更新招商项目数', direction: 'LOWER' },
      staleBankProducts: { label: '超90天未更新金融产品数', direction: 'LOWER' },
    },
  },
  {
    field: 'complaintFigures',
    label: '诉求办理',
    lead: 'ndrc',
    monthly: true,
    departments: null,
    figures: {
      dispatched: { label: '分派数', direction: null },
      signed: { label: '签收数', direction: null },
      repliedOnTime: { label: '按时答复数', direction: 'HIGHER' },
      repliedLate: { label: '超时答复数', direction: 'LOWER' },
      resolvedOnTime: { label: '按时办结数', direction: 'HIGHER' },
      resolvedLate: { label: '超时办结数', direction: 'LOWER' },
      replyOnTimeRate: { label: '按时答复率', direction: 'HIGHER', rate: true },
      resolveOnTimeRate: { label: '按时办结率', direction: 'HIGHER', rate: true },
      reopened: { label: '重新办理数', direction: 'LOWER' },
      reminders: { label: '催办数', direction: 'LOWER' },
      assignmentNotices: { label: '交办单数', direction: 'LOWER' },
      supervisionLetters: { label: '督办函数', direction: 'LOWER' },
      rated: { label: '评价数', direction: null },
      averageSatisfaction: { label: '平均满意度', direction: 'HIGHER' },
      transfersIn: { label: '转入数', direction: null },
      transfersOut: { label: '转出数', direction: null },
      transfersRefused: { label: '转办退回数', direction: 'LOWER' },
    },
  },
  {
    field: 'policyFigures',
    label: '政策发布与兑现',
    lead: 'wrzwq',
    monthly: true,
    departments: null,
    figures: {
      published: { label: '发布政策数', direction: null },
      publishedWithin24Hours: { label: '24小时内发布数', direction: 'HIGHER' },
      publishedLate: { label: '超时发布数', direction: 'LOWER' },
      publishedWithin24HoursRate: { label: '24小时内发布率', direction: 'HIGHER', rate: true },
      draftsPastDeadline: { label: '超时未发布数', direction: 'LOWER' },
      redemptionStepsOnTime: { label: '兑现按时办理环节数', direction: 'HIGHER' },
      redemptionStepsOverdue: { label: '兑现超期办理环节数', direction: 'LOWER' },
      redemptionStepsOnTimeRate: { label: '兑现环节按时办理率', direction: 'HIGHER', rate: true },
    },
  },
  {
    field: 'exemptionFigures',
    label: '免申即享与万人助万企',
    lead: 'wrzwq',
    monthly: true,
    departments: null,
    figures: {
      entitlementsOffered: { label: '推送数', direction: null },
      entitlementsConfirmed: { label: '确认享受数', direction: 'HIGHER' },
      entitlementsDeclined: { label: '放弃数', direction: null },
      completedOnTime: { label: '按时办结数', direction: 'HIGHER' },
      completedLate: { label: '超时办结数', direction: 'LOWER' },
      completedOnTimeRate: { label: '免申即享按时办结率', direction: 'HIGHER', rate: true },
      visits: { label: '走访次数', direction: 'HIGHER' },
      enterprisesVisited: { label: '走访企业数', direction: 'HIGHER' },
      officialsVisiting: { label: '开展走访的干部数', direction: 'HIGHER' },
      problemsRaised: { label: '问题转诉求数', direction: null },
    },
  },
  {
    field: 'talentFigures',
    label: '人才信息',
    lead: 'hrss',
    monthly: true,
    departments: null,
    figures: {
      jobPostingsPublished: { label: '新发布岗位数', direction: 'HIGHER' },
      jobPostingsUpdated: { label: '更新岗位数', direction: 'HIGHER' },
      jobPostingsCurrent: { label: '保持更新的在招岗位数', direction: 'HIGHER' },
      jobPostingsStale: { label: '超90天未更新岗位数', direction: 'LOWER' },
      jobApplicationsReceived: { label: '收到应聘数', direction: null },
      jobApplicationsAnswered: { label: '答复应聘数', direction: 'HIGHER' },
      talentPoliciesPublished: { label: '新发布人才政策数', direction: null },
      talentPoliciesPublishedOnTime: { label: '人才政策按时发布数', direction: 'HIGHER' },
      talentPoliciesPublishedLate: { label: '人才政策超时发布数', direction: 'LOWER' },
      talentPoliciesUpdated: { label: '更新人才政策数', direction: 'HIGHER' },
      talentPoliciesCurrent: { label: '保持更新的人才政策数', direction: 'HIGHER' },
      talentPoliciesStale: { label: '超90天未更新人才政策数', direction: 'LOWER' },
      talentPoliciesOnTimeRate: { label: '人才政策按时发布率', direction: 'HIGHER', rate: true },
      currentRate: { label: '人才信息更新率', direction: 'HIGHER', rate: true },
    },
  },
];

/** A catalog figure by path (`serviceFigures.overdue`), with its module; undefined when unknown. */
export function catalogFigure(
  path: string,
): { module: CatalogModule; name: string; figure: CatalogFigure } | undefined {
  const [field, name, ...rest] = path.split('.');
  if (!field || !name || rest.length) return undefined;
  const module = FIGURE_CATALOG.find((m) => m.field === field);
  const figure = module?.figures[name];
  return module && figure ? { module, name, figure } : undefined;
}

/** One measure (考核指标) as stored: everything needed to recompute it without the catalog. */
export interface Measure {
  /** `general` or the code of the lead department that defined it (Art. 11). */
  owner: string;
  /** Unique within its set, such as `service.onTimeRate`. */
  key: string;
  label: string;
  /** The figure scored (`module.field`). */
  figure: string;
  /** Figures summed as the base of a rate (`figure / sum(per)`); null: the figure itself is scored. */
  per: string[] | null;
  direction: 'HIGHER' | 'LOWER';
  /**
   * RATE: a rate (a figure over its base, or a rate figure) scored on its own scale, 100 × rate (LOWER: 100 × (1 −
   * rate)); RELATIVE: a count scored between the month's worst and best unit.
   */
  scale: 'RATE' | 'RELATIVE';
  /** A positive weight; a unit's score is the weighted mean of its measures with data. */
  weight: number;
  unitKinds: UnitKind[];
  /** The departments the measure concerns (from the catalog); null: every department. */
  departments: string[] | null;
}

/** The settings of the bottom group and the supervision (general set only). */
export interface EvaluationSettings {
  /** How many departments form the bottom group of a month (末位). */
  bottomDepartments: number;
  /** How many counties form the bottom group of a month. */
  bottomCounties: number;
  /** Months in a row in the bottom group that make a unit a key supervision target (重点督查对象). */
  consecutiveMonths: number;
  /** Working days to rectify, counted from the first day of the month after the report's month (整改期限). */
  rectificationWorkingDays: number;
}

export const MAX_CONSECUTIVE_MONTHS = 6;

export const DEFAULT_SETTINGS: EvaluationSettings = {
  bottomDepartments: 1,
  bottomCounties: 2,
  consecutiveMonths: 2,
  rectificationWorkingDays: 15,
};

/** The measure as stored from a definition: direction and departments come from the catalog. */
export function measureOf(
  owner: string,
  def: {
    key: string;
    label?: string | null;
    figure: string;
    per?: string[] | null;
    weight: number;
    unitKinds?: UnitKind[] | null;
  },
): Measure {
  const found = catalogFigure(def.figure)!;
  return {
    owner,
    key: def.key,
    label: def.label ?? found.figure.label,
    figure: def.figure,
    per: def.per?.length ? def.per : null,
    direction: found.figure.direction!,
    scale: def.per?.length || found.figure.rate ? 'RATE' : 'RELATIVE',
    weight: def.weight,
    unitKinds: def.unitKinds?.length ? [...new Set(def.unitKinds)] : [...UNIT_KINDS],
    departments: found.module.departments ? [...found.module.departments] : null,
  };
}

/**
 * The general measures in force until administrators define theirs (version 0, from any month): rates only, so a unit
 * with few cases is not favoured over a busy one; a unit without the base of a measure in a month has no value for it
 * and its other weights count (weights total 100).
 */
export const DEFAULT_MEASURES: readonly Measure[] = [
  measureOf('general', {
    key: 'service.onTimeRate',
    label: '办件按时办结率',
    figure: 'serviceFigures.concludedOnTime',
    per: ['serviceFigures.concludedOnTime', 'serviceFigures.concludedLate'],
    weight: 20,
  }),
  measureOf('general', {
    key: 'service.overdueRate',
    label: '超期办件率',
    figure: 'serviceFigures.overdue',
    per: ['serviceFigures.received'],
    weight: 10,
  }),
  measureOf('general', {
    key: 'statistics.onTimeRate',
    label: '统计报表及时率',
    figure: 'statisticsFigures.onTimeRate',
    weight: 15,
  }),
  measureOf('general', {
    key: 'statistics.missingRate',
    label: '统计报表未报率',
    figure: 'statisticsFigures.missing',
    per: ['statisticsFigures.due'],
    weight: 5,
  }),
  measureOf('general', {
    key: 'complaints.replyOnTimeRate',
    label: '诉求按时答复率',
    figure: 'complaintFigures.replyOnTimeRate',
    weight: 10,
  }),
  measureOf('general', {
    key: 'complaints.resolveOnTimeRate',
    label: '诉求按时办结率',
    figure: 'complaintFigures.resolveOnTimeRate',
    weight: 15,
  }),
  measureOf('general', {
    key: 'policies.publishedWithin24HoursRate',
    label: '政策24小时内发布率',
    figure: 'policyFigures.publishedWithin24HoursRate',
    weight: 10,
  }),
  measureOf('general', {
    key: 'policies.redemptionOnTimeRate',
    label: '政策兑现环节按时办理率',
    figure: 'policyFigures.redemptionStepsOnTimeRate',
    weight: 5,
  }),
  measureOf('general', {
    key: 'exemption.completedOnTimeRate',
    label: '免申即享按时办结率',
    figure: 'exemptionFigures.completedOnTimeRate',
    weight: 5,
  }),
  measureOf('general', {
    key: 'talent.currentRate',
    label: '人才信息更新率',
    figure: 'talentFigures.currentRate',
    weight: 5,
  }),
];

/** The figure paths a set of measures reads. */
export function pathsOf(measures: readonly Measure[]): string[] {
  return [...new Set(measures.flatMap((m) => [m.figure, ...(m.per ?? [])]))].sort();
}
