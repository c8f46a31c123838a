/** Resolvers of the statistics subgraph: thin, each parses its arguments and calls one service or loader. */
import { County, Department, Enterprise } from './entities.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import type { Obligation } from '../service/compliance.service.ts';
import { formByCode } from '../service/forms.ts';
import { DateScalar } from './scalars.ts';
import {
  AboveScaleRecord,
  RegisterChange,
  RegisterChangeEvent,
  ReportAggregate,
  ReportEvent,
  ReportTotalsType,
  StatisticalForm,
  StatisticalReport,
  StatisticalUnit,
} from './types.ts';

export const resolvers = {
  Date: DateScalar,
  Query,
  Mutation,
  Enterprise,
  County,
  Department,
  ReportingCalendarEntry: { form: (e: { formCode: string }) => formByCode(e.formCode) },
  ReportingObligation: {
    enterprise: (o: Obligation) => ({ creditCode: o.enterpriseCode }),
    county: (o: Obligation) => ({ code: o.countyCode }),
    department: (o: Obligation) => ({ code: o.departmentCode }),
    form: (o: Obligation) => formByCode(o.formCode),
    status: (o: Obligation) => o.filing,
    submittedAt: (o: Obligation) => o.firstSubmittedAt?.toISOString() ?? null,
    reportStatus: (o: Obligation) => o.status,
  },
  AboveScaleRecord,
  StatisticalForm,
  StatisticalReport,
  ReportEvent,
  ReportTotals: ReportTotalsType,
  StatisticalUnit,
  RegisterChange,
  RegisterChangeEvent,
  ReportAggregate,
};
