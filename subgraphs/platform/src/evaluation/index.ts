/** The monthly evaluation's entry for tools (demo history, command-line runs): generating a month's report. */
export { generateReport } from './evaluation.service.ts';
export { graphFigureSource, figureSourceFromEnv, type FigureSource } from './figures.ts';
export { isReportDay } from './jobs.ts';
export { computeReport, previousMonth, nextMonth } from './engine.ts';
export { resultTable } from './exports.ts';
