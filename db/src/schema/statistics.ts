/** Tables of the `statistics` schema, owned by 市统计局 and 市工信局: the 四上 register and periodic data reports. */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  eventTable,
  jobRunsTable,
  outboxTable,
  personalDataAccessTable,
  scope,
  smsLogTable,
  timestamps,
} from './common.ts';

export const statisticsSchema = pgSchema('statistics');

/** The categories of the 四上企业 register (a closed list; the GraphQL enum `AboveScaleCategory` mirrors it). */
export const ABOVE_SCALE_CATEGORIES = [
  'INDUSTRY',
  'CONSTRUCTION',
  'WHOLESALE_RETAIL',
  'ACCOMMODATION_CATERING',
  'SERVICES',
  'REAL_ESTATE',
] as const;
export type AboveScaleCategory = (typeof ABOVE_SCALE_CATEGORIES)[number];

/** States of a report version (the workflow `statistical-report`). */
export const REPORT_STATUSES = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * The 四上企业 register (名录库): an enterprise above a statistical threshold in a category, from `since` to `until`
 * (both days included; `until` is null while the enterprise is in the register). The county is the enterprise's
 * (属地), copied from the registry when the record is made; the department is the one that supervises the category
 * (工信局 for industry, 统计局 otherwise).
 */
export const aboveScale = statisticsSchema.table(
  'above_scale',
  {
    enterpriseCode: text().notNull(),
    category: text().$type<AboveScaleCategory>().notNull(),
    since: date().notNull(),
    until: date(),
    /** Why it entered (入库原因): the derivation's figures and threshold, or the demo's history. */
    reason: text(),
    /** Why it left (退库原因), once `until` is set. */
    exitReason: text(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.enterpriseCode, t.category, t.since] }),
    index().on(t.countyCode, t.category),
    check('above_scale_category_check', sql`${t.category} in (${inList(ABOVE_SCALE_CATEGORIES)})`),
    check('above_scale_period_check', sql`${t.until} is null or ${t.until} >= ${t.since}`),
  ],
);

/**
 * A periodic statistical report (统计报表) of an enterprise: one row per version of one form for one period.
 * Corrections are new versions; exactly one version per (enterprise, form, period) is `current` (the partial unique
 * index also serialises concurrent submissions). The scope columns are those of the register record it was filed
 * under.
 */
export const reports = statisticsSchema.table(
  'reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    formCode: text().notNull(),
    /** The register category the report was filed under (a form such as E203 serves two categories). */
    category: text().$type<AboveScaleCategory>().notNull(),
    /** Reporting period, `YYYY-MM` (quarterly forms: the last month of the quarter). */
    period: text().notNull(),
    version: integer().notNull().default(1),
    current: boolean().notNull().default(true),
    status: text().$type<ReportStatus>().notNull(),
    /** 营业收入, 千元. */
    revenue: numeric({ precision: 16, scale: 2, mode: 'number' }),
    /** 主营业务收入 (part of 营业收入), 千元. */
    mainBusinessRevenue: numeric({ precision: 16, scale: 2, mode: 'number' }),
    /** 工业总产值 / 建筑业总产值, 千元. */
    outputValue: numeric({ precision: 16, scale: 2, mode: 'number' }),
    /** 从业人员 (期末人数). */
    employees: integer(),
    /** 填表人 and 联系电话: personal data, masked for analysts. */
    preparerName: text(),
    preparerPhone: text(),
    submittedAt: timestamp({ withTimezone: true }),
    /** When it was accepted (审核通过) or returned (退回). */
    acceptedAt: timestamp({ withTimezone: true }),
    returnedAt: timestamp({ withTimezone: true }),
    /** The reviewer's reasons for returning it, each optionally about one field. */
    returnReasons: jsonb().$type<ReturnReason[]>(),
    /** The warnings raised when it was submitted and the enterprise's explanation (说明) of them. */
    warnings: jsonb().$type<ReportWarning[]>(),
    explanation: text(),
    /** Why an accepted report was corrected (更正原因), on the correcting version. */
    correctionReason: text(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    unique().on(t.enterpriseCode, t.formCode, t.period, t.version),
    uniqueIndex('reports_current_unique')
      .on(t.enterpriseCode, t.formCode, t.period)
      .where(sql`${t.current}`),
    index().on(t.enterpriseCode, t.period, t.id),
    index().on(t.period, t.id),
    index().on(t.countyCode, t.period),
    check('reports_status_check', sql`${t.status} in (${inList(REPORT_STATUSES)})`),
    check('reports_category_check', sql`${t.category} in (${inList(ABOVE_SCALE_CATEGORIES)})`),
    check('reports_period_check', sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('reports_version_check', sql`${t.version} >= 1`),
    check(
      'reports_figures_check',
      sql`coalesce(${t.revenue}, 0) >= 0 and coalesce(${t.outputValue}, 0) >= 0 and coalesce(${t.employees}, 0) >= 0 and coalesce(${t.mainBusinessRevenue}, 0) >= 0`,
    ),
  ],
);

/**
 * The reporting calendar (报表日历) as 市统计局 sets it: one row per form and period whose opening day, deadline or
 * exemption differs from the default rule (the 18th of the next month, January exempt for monthly forms).
 */
export const reportingCalendar = statisticsSchema.table(
  'reporting_calendar',
  {
    formCode: text().notNull(),
    period: text().notNull(),
    opensOn: date().notNull(),
    dueOn: date().notNull(),
    exempt: boolean().notNull().default(false),
    /** Who set it. */
    setBy: text().notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.formCode, t.period] }),
    check('reporting_calendar_period_check', sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('reporting_calendar_days_check', sql`${t.dueOn} >= ${t.opensOn}`),
  ],
);

/** How a threshold measures an enterprise (统计标准的口径). */
export const THRESHOLD_MEASURES = ['MAIN_BUSINESS_REVENUE', 'REVENUE', 'QUALIFICATION', 'ALL'] as const;
export type ThresholdMeasure = (typeof THRESHOLD_MEASURES)[number];

/** Contracting qualifications of a construction enterprise (建筑业资质). */
export const QUALIFICATIONS = ['GENERAL', 'SPECIALISED'] as const;
export type Qualification = (typeof QUALIFICATIONS)[number];

/**
 * The statistical units (统计单位名录, 基本单位): the enterprises 统计局 classifies, with the industry class it assigned
 * (GB/T 4754-2017, section letter then the four-digit class, such as C3311) and, for construction, the contracting
 * qualification. The register is derived from these and the accepted reports.
 */
export const units = statisticsSchema.table(
  'units',
  {
    enterpriseCode: text().primaryKey(),
    /** Section letter and class digits, such as C3311 (门类 C, 大类 33, 中类 331, 小类 3311). */
    industryCode: text().notNull(),
    qualification: text().$type<Qualification>(),
    countyCode: text().notNull(),
    ...timestamps,
  },
  (t) => [
    index().on(t.countyCode),
    index().on(t.industryCode),
    check('units_industry_check', sql`${t.industryCode} ~ '^[A-T][0-9]{4}$'`),
    check(
      'units_qualification_check',
      sql`${t.qualification} is null or ${t.qualification} in (${inList(QUALIFICATIONS)})`,
    ),
  ],
);

/**
 * The thresholds of the 四上 register (统计标准) as dated versions: for the industries whose code starts with
 * `industryPrefix` (a section letter, or letter and digits down to the class), from `validFrom` until the next
 * version of the same prefix. The most specific prefix wins. A derivation for a year uses the versions in force on its
 * 31 December, so a past year keeps the threshold it had.
 */
export const scaleThresholds = statisticsSchema.table(
  'scale_thresholds',
  {
    id: uuid().primaryKey().defaultRandom(),
    category: text().$type<AboveScaleCategory>().notNull(),
    industryPrefix: text().notNull(),
    measure: text().$type<ThresholdMeasure>().notNull(),
    /** The annual figure at or above which an enterprise is in, 万元; null for QUALIFICATION and ALL. */
    minimum: numeric({ precision: 12, scale: 2, mode: 'number' }),
    validFrom: date().notNull(),
    /** The rule it follows (文件依据). */
    basis: text().notNull(),
    /** Who recorded it (`migration` for the national standard). */
    setBy: text().notNull(),
    ...timestamps,
  },
  (t) => [
    unique().on(t.industryPrefix, t.validFrom),
    check('scale_thresholds_category_check', sql`${t.category} in (${inList(ABOVE_SCALE_CATEGORIES)})`),
    check('scale_thresholds_measure_check', sql`${t.measure} in (${inList(THRESHOLD_MEASURES)})`),
    check('scale_thresholds_prefix_check', sql`${t.industryPrefix} ~ '^[A-T][0-9]{0,4}$'`),
    check(
      'scale_thresholds_minimum_check',
      sql`(${t.measure} in ('QUALIFICATION', 'ALL')) = (${t.minimum} is null) and coalesce(${t.minimum}, 0) >= 0`,
    ),
  ],
);

/** States of a proposed register change (workflow `register-change`). */
export const REGISTER_CHANGE_STATUSES = ['PROPOSED', 'CONFIRMED', 'OVERRIDDEN'] as const;
export type RegisterChangeStatus = (typeof REGISTER_CHANGE_STATUSES)[number];
export type RegisterDirection = 'ENTER' | 'EXIT';

/**
 * A change of the register proposed by the annual derivation (入库/退库候选) for one enterprise, category and year,
 * with the figures and the threshold it used; staff confirm it (the register changes) or override it with a reason
 * (the register stays). One per enterprise, category, year and direction, so a repeated run proposes nothing twice.
 */
export const registerChanges = statisticsSchema.table(
  'register_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    enterpriseCode: text().notNull(),
    category: text().$type<AboveScaleCategory>().notNull(),
    /** The year whose figures were used. */
    year: integer().notNull(),
    direction: text().$type<RegisterDirection>().notNull(),
    status: text().$type<RegisterChangeStatus>().notNull(),
    industryCode: text().notNull(),
    measure: text().$type<ThresholdMeasure>().notNull(),
    /** The annual figure, 千元 (sum of the year's accepted reports); null for QUALIFICATION and ALL. */
    figure: numeric({ precision: 16, scale: 2, mode: 'number' }),
    thresholdId: uuid().notNull(),
    /** The threshold used, 万元, and the day its version took effect. */
    minimum: numeric({ precision: 12, scale: 2, mode: 'number' }),
    thresholdValidFrom: date().notNull(),
    /** ENTER: the first day in the register (1 January after `year`); EXIT: the last day (31 December of `year`). */
    effectiveOn: date().notNull(),
    proposedAt: timestamp({ withTimezone: true }).notNull(),
    confirmedAt: timestamp({ withTimezone: true }),
    overriddenAt: timestamp({ withTimezone: true }),
    /**
     * Staff's reason for a change they proposed by hand (`proposeRegisterChange`), as it reads on the register record;
     * null for the derivation's, whose reason is read from the figure and the threshold.
     */
    proposalReason: text(),
    /** Who decided and why (the note of a confirmation, the reason of an override). */
    decidedBy: text(),
    decisionReason: text(),
    ...scope,
    ...timestamps,
  },
  (t) => [
    unique().on(t.enterpriseCode, t.category, t.year, t.direction),
    index().on(t.year, t.status, t.id),
    index().on(t.countyCode, t.year),
    check('register_changes_status_check', sql`${t.status} in (${inList(REGISTER_CHANGE_STATUSES)})`),
    check('register_changes_direction_check', sql`${t.direction} in ('ENTER', 'EXIT')`),
    check('register_changes_category_check', sql`${t.category} in (${inList(ABOVE_SCALE_CATEGORIES)})`),
  ],
);

export const registerChangeEvents = eventTable(statisticsSchema, 'register_change_events');
export const reportEvents = eventTable(statisticsSchema, 'report_events');
export const outbox = outboxTable(statisticsSchema);
export const smsLog = smsLogTable(statisticsSchema);
export const jobRuns = jobRunsTable(statisticsSchema);
export const personalDataAccesses = personalDataAccessTable(statisticsSchema);

/** Report frequencies (报告期别). */
export type ReportFrequency = 'MONTHLY' | 'QUARTERLY';
/** The figures a form may carry (one column each on `reports`). */
export const REPORT_FIGURES = ['revenue', 'mainBusinessRevenue', 'outputValue', 'employees'] as const;
export type ReportFigure = (typeof REPORT_FIGURES)[number];

/** A reviewer's reason for returning a report. */
export interface ReturnReason {
  /** The figure it is about, when it is about one. */
  field: ReportFigure | null;
  text: string;
}

/** A warning raised at submission (e.g. revenue far from the same period last year); it needs an explanation. */
export interface ReportWarning {
  code: 'YOY_DEVIATION';
  field: ReportFigure;
  message: string;
  /** The figure now and the one it was compared with. */
  value: number;
  reference: number;
}

/** A field of a form: its type, unit, whether it is required and its range. */
export interface FormFieldDefinition {
  name: ReportFigure;
  /** 指标名称, such as 营业收入. */
  label: string;
  /** AMOUNT: 千元 with at most two decimals; COUNT: a whole number. */
  type: 'AMOUNT' | 'COUNT';
  unit: string;
  required: boolean;
  min: number;
  max: number;
}

/** A rule across fields: `field` must not be above `total` (a part not above its whole). */
export interface FormRuleDefinition {
  kind: 'NOT_ABOVE';
  field: ReportFigure;
  total: ReportFigure;
  /** The rule as the enterprise reads it. */
  message: string;
}

/** A check that raises a warning instead of refusing: `field` more than `threshold` away from last year's figure. */
export interface FormWarningDefinition {
  kind: 'YOY_DEVIATION';
  field: ReportFigure;
  /** 0.5 = 50%. */
  threshold: number;
}

export interface StatisticalFormDefinition {
  /** 表号, such as B204-1. */
  code: string;
  /** 表名. */
  name: string;
  /** The register categories whose enterprises file it. */
  categories: readonly AboveScaleCategory[];
  frequency: ReportFrequency;
  /** Its fields; a figure the form does not list must be left out. Each figure is carried by one form per category. */
  fields: readonly FormFieldDefinition[];
  rules: readonly FormRuleDefinition[];
  warnings: readonly FormWarningDefinition[];
}

const AMOUNT_MAX = 1e13;
const field = {
  revenue: {
    name: 'revenue',
    label: '营业收入',
    type: 'AMOUNT',
    unit: '千元',
    required: true,
    min: 0,
    max: AMOUNT_MAX,
  },
  mainBusinessRevenue: {
    name: 'mainBusinessRevenue',
    label: '主营业务收入',
    type: 'AMOUNT',
    unit: '千元',
    required: true,
    min: 0,
    max: AMOUNT_MAX,
  },
  outputValue: {
    name: 'outputValue',
    label: '总产值',
    type: 'AMOUNT',
    unit: '千元',
    required: true,
    min: 0,
    max: AMOUNT_MAX,
  },
  employees: {
    name: 'employees',
    label: '从业人员期末人数',
    type: 'COUNT',
    unit: '人',
    required: true,
    min: 0,
    max: 10_000_000,
  },
} as const satisfies Record<ReportFigure, FormFieldDefinition>;
const optional = (f: FormFieldDefinition): FormFieldDefinition => ({ ...f, required: false });
const mainNotAboveRevenue: FormRuleDefinition = {
  kind: 'NOT_ABOVE',
  field: 'mainBusinessRevenue',
  total: 'revenue',
  message: '主营业务收入不能大于营业收入',
};
const revenueYoY: FormWarningDefinition = { kind: 'YOY_DEVIATION', field: 'revenue', threshold: 0.5 };

/**
 * The periodic forms (定期统计报表) of the 联网直报 system that the platform collects, as configuration: the subgraph
 * validates submissions against it and the seed files them. Each figure is carried by exactly one form per category,
 * so totals per category do not count a figure twice.
 */
export const STATISTICAL_FORMS: readonly StatisticalFormDefinition[] = [
  {
    code: 'B204-1',
    name: '工业产销总值及主要产品产量',
    categories: ['INDUSTRY'],
    frequency: 'MONTHLY',
    fields: [field.outputValue],
    rules: [],
    warnings: [{ kind: 'YOY_DEVIATION', field: 'outputValue', threshold: 0.5 }],
  },
  {
    code: 'B203-1',
    name: '工业企业财务状况',
    categories: ['INDUSTRY'],
    frequency: 'MONTHLY',
    fields: [field.revenue, field.mainBusinessRevenue, field.employees],
    rules: [mainNotAboveRevenue],
    warnings: [revenueYoY],
  },
  {
    code: 'C204-1',
    name: '建筑业企业生产经营情况',
    categories: ['CONSTRUCTION'],
    frequency: 'QUARTERLY',
    fields: [field.outputValue, field.revenue, field.employees],
    rules: [],
    warnings: [revenueYoY],
  },
  {
    code: 'E203',
    name: '批发和零售业、住宿和餐饮业财务状况',
    categories: ['WHOLESALE_RETAIL', 'ACCOMMODATION_CATERING'],
    frequency: 'MONTHLY',
    fields: [field.revenue, optional(field.mainBusinessRevenue), field.employees],
    rules: [mainNotAboveRevenue],
    warnings: [revenueYoY],
  },
  {
    code: 'F203',
    name: '服务业财务状况',
    categories: ['SERVICES'],
    frequency: 'MONTHLY',
    fields: [field.revenue, optional(field.mainBusinessRevenue), field.employees],
    rules: [mainNotAboveRevenue],
    warnings: [revenueYoY],
  },
  {
    code: 'X204-1',
    name: '房地产开发经营情况',
    categories: ['REAL_ESTATE'],
    frequency: 'MONTHLY',
    fields: [field.revenue, field.employees],
    rules: [],
    warnings: [revenueYoY],
  },
];

/** The figures a form carries. */
export function formFigures(form: StatisticalFormDefinition): ReportFigure[] {
  return form.fields.map((f) => f.name);
}

/** The department that supervises a category: 工信局 for industry, 统计局 for the others. */
export function supervisingDepartment(category: AboveScaleCategory): 'miit' | 'stats' {
  return category === 'INDUSTRY' ? 'miit' : 'stats';
}
