/**
 * The graphql-shield rule tree of the statistics subgraph (deny by default). The register is public; reports are for
 * the enterprise itself, staff of the lead departments (统计局, 工信局), analysts and admins, and which rows each of
 * them sees is decided in the stores' SQL. Entity fields are covered too, because `_entities` reaches them directly.
 */
import { allow, hasRole, isOwnEnterprise, isStaffOf, or, permissionsOf } from '@qq/kit';

const leadStaff = isStaffOf('stats', 'miit');
const analystOrAdmin = hasRole('analyst', 'admin');
// Rules are named after their arguments: each is made once and shared.
const enterpriseUser = hasRole('enterprise');
/** May call the report queries at all (rows are scoped in SQL). */
const readsReports = or(enterpriseUser, leadStaff, analystOrAdmin);
/** May see this enterprise's reports, or this report: the parent carries `creditCode` or `enterpriseCode`. */
const seesReportsOf = or(isOwnEnterprise, leadStaff, analystOrAdmin);
const readsTotals = or(leadStaff, analystOrAdmin);
/** Sums only: also leaders (groups of fewer than three enterprises withheld from them). */
const readsAggregates = or(leadStaff, hasRole('analyst', 'admin', 'leader'));
/** Monthly counts for the evaluation: every government role (leaders read figures city-wide). */
const readsFigures = hasRole('staff', 'leader', 'analyst', 'admin', 'system');
/** The fact feed of 免申即享: also machine callers (`system`), such as the policies subgraph's matching job. */
const factReaders = hasRole('analyst', 'admin', 'system');
const readsFacts = or(isOwnEnterprise, leadStaff, factReaders);
/** The facts' own fields: reached only through `Enterprise.statisticalFacts`, which checked the enterprise. */
const readsFactFields = or(enterpriseUser, leadStaff, factReaders);

export const permissions = permissionsOf({
  Query: {
    aboveScaleEnterprises: allow,
    statisticalForms: allow,
    statisticalReports: readsReports,
    statisticalReport: readsReports,
    reportTotals: readsTotals,
    reportingCalendar: allow,
    reportingObligations: readsTotals,
    scaleThresholds: allow,
    reportAggregates: readsAggregates,
    registerChanges: readsTotals,
    registerChange: readsTotals,
  },
  Mutation: {
    // Analysts never mutate; staff review, they do not file for an enterprise.
    draftStatisticalReport: enterpriseUser,
    submitStatisticalReport: enterpriseUser,
    resubmitStatisticalReport: enterpriseUser,
    correctStatisticalReport: enterpriseUser,
    // Which report a clerk may review is the workflow's rule (county scope); the shield keeps out everyone else.
    acceptStatisticalReport: leadStaff,
    returnStatisticalReport: leadStaff,
    // The service admits 市统计局 city staff only.
    setReportingCalendarEntry: isStaffOf('stats'),
    // The services admit 市统计局 city staff (derivation, thresholds) and its staff of the unit's county (units).
    deriveAboveScaleRegister: isStaffOf('stats'),
    setScaleThreshold: isStaffOf('stats'),
    setStatisticalUnit: isStaffOf('stats'),
    // Which enterprise a clerk may propose for, and which change decide, is the workflow's rule (county scope).
    proposeRegisterChange: leadStaff,
    confirmRegisterChange: leadStaff,
    overrideRegisterChange: leadStaff,
  },
  Enterprise: {
    creditCode: allow,
    aboveScale: allow,
    statisticalReports: seesReportsOf,
    statisticalFacts: readsFacts,
    statisticalUnit: allow,
  },
  StatisticalUnit: allow,
  ScaleThreshold: allow,
  RegisterChange: readsTotals,
  RegisterChangeEvent: readsTotals,
  RegisterChangeConnection: readsTotals,
  RegisterChangeEdge: readsTotals,
  RegisterDerivation: isStaffOf('stats'),
  ReportAggregateConnection: readsAggregates,
  ReportAggregateEdge: readsAggregates,
  ReportAggregate: readsAggregates,
  GrowthRates: readsAggregates,
  EnterpriseStatisticalFacts: readsFactFields,
  County: { code: allow, aboveScaleEnterpriseCount: allow, statisticsFigures: readsFigures },
  Department: { code: allow, statisticsFigures: readsFigures },
  StatisticsFigures: readsFigures,
  ReportingCalendarEntry: allow,
  ReportingObligation: readsTotals,
  AboveScaleRecord: allow,
  AboveScaleRecordConnection: allow,
  AboveScaleRecordEdge: allow,
  StatisticalForm: allow,
  StatisticalReport: seesReportsOf,
  ReportFigures: readsReports,
  ReportEvent: readsReports,
  ReturnReason: readsReports,
  ReportWarning: readsReports,
  FormField: allow,
  FormRule: allow,
  FormWarningCheck: allow,
  StatisticalReportConnection: allow,
  StatisticalReportEdge: allow,
  ReportTotals: readsTotals,
  CategoryTotal: readsTotals,
  FormTotal: readsTotals,
  PageInfo: allow,
});
