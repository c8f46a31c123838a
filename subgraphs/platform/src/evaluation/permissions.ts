/**
 * Rules of the monthly evaluation: reports are for administrators, leaders (read-only, the whole city) and analysts;
 * the catalog and the measures in force also for staff (lead departments define their own measures, Art. 11). The
 * service checks again on its first line.
 */
import { allow, hasRole } from '@qq/kit';

const readers = hasRole('admin', 'leader', 'analyst');
const readersAndStaff = hasRole('admin', 'leader', 'analyst', 'staff');

export const evaluationPermissions = {
  Query: {
    evaluationCatalog: readersAndStaff,
    evaluationMeasureSets: readersAndStaff,
    evaluationPlan: readersAndStaff,
    evaluationReport: readers,
    evaluationReports: readers,
  },
  Mutation: {
    defineEvaluationMeasures: hasRole('admin', 'staff'),
    generateEvaluationReport: hasRole('admin'),
  },
  types: {
    EvaluationCatalogModule: allow,
    EvaluationCatalogFigure: allow,
    EvaluationMeasure: allow,
    EvaluationSettings: allow,
    EvaluationMeasureSet: allow,
    EvaluationPlan: allow,
    EvaluationMeasureScore: allow,
    EvaluationResult: allow,
    EvaluationFigureValue: allow,
    EvaluationMonthInputs: allow,
    EvaluationFile: allow,
    EvaluationReport: allow,
  },
};
