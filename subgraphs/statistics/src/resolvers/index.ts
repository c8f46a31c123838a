/** Resolvers of the statistics subgraph: thin, each parses its arguments and calls one service or loader. */
import { County, Enterprise } from './entities.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { DateScalar } from './scalars.ts';
import { AboveScaleRecord, ReportEvent, ReportTotalsType, StatisticalForm, StatisticalReport } from './types.ts';

export const resolvers = {
  Date: DateScalar,
  Query,
  Mutation,
  Enterprise,
  County,
  AboveScaleRecord,
  StatisticalForm,
  StatisticalReport,
  ReportEvent,
  ReportTotals: ReportTotalsType,
};
