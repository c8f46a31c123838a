/** Every SQL statement of the monthly evaluation. Reports are inserted and read, never updated. */
import type { Database } from '@qq/db/client';
import { evaluationMeasureSets, evaluationReports } from '@qq/db/schema/platform';
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import type { EvaluationSettings, Measure } from './catalog.ts';
import type { ReportInputs, ReportResults } from './engine.ts';

export interface MeasureSetRow {
  id: string;
  owner: string;
  validFrom: string;
  measures: Measure[];
  settings: EvaluationSettings | null;
  note: string | null;
  definedBy: string;
  definedAt: Date;
}

export interface ReportRow {
  id: string;
  month: string;
  version: number;
  trigger: 'SCHEDULE' | 'DEMAND';
  reason: string | null;
  generatedBy: string;
  generatedAt: Date;
  inputs: ReportInputs;
  results: ReportResults;
}

export class EvaluationStore {
  constructor(private readonly db: Database) {}

  /** listMeasureSets: every version, by owner and validity, oldest first. */
  async measureSets(): Promise<MeasureSetRow[]> {
    const rows = await this.db
      .select()
      .from(evaluationMeasureSets)
      .orderBy(
        asc(evaluationMeasureSets.owner),
        asc(evaluationMeasureSets.validFrom),
        asc(evaluationMeasureSets.definedAt),
      );
    return rows as MeasureSetRow[];
  }

  /** insertMeasureSet */
  async insertMeasureSet(values: Omit<MeasureSetRow, 'id'>): Promise<MeasureSetRow> {
    const [row] = await this.db
      .insert(evaluationMeasureSets)
      .values({ ...values, settings: values.settings as Record<string, number> | null })
      .returning();
    return row as MeasureSetRow;
  }

  /** latestReportOfMonth: its highest version, or a given one. */
  async report(month: string, version?: number): Promise<ReportRow | null> {
    const [row] = await this.db
      .select()
      .from(evaluationReports)
      .where(
        and(
          eq(evaluationReports.month, month),
          version === undefined ? undefined : eq(evaluationReports.version, version),
        ),
      )
      .orderBy(desc(evaluationReports.version))
      .limit(1);
    return (row as unknown as ReportRow | undefined) ?? null;
  }

  /** listReportsBetween: every version of the months from `from` to `to`, months ascending, versions descending. */
  async reports(from: string, to: string): Promise<ReportRow[]> {
    const rows = await this.db
      .select()
      .from(evaluationReports)
      .where(and(gte(evaluationReports.month, from), lte(evaluationReports.month, to)))
      .orderBy(asc(evaluationReports.month), desc(evaluationReports.version));
    return rows as unknown as ReportRow[];
  }

  /** The latest month reported at or after `month`, if any. */
  async reportedSince(month: string): Promise<string | null> {
    const [row] = await this.db
      .select({ month: evaluationReports.month })
      .from(evaluationReports)
      .where(gte(evaluationReports.month, month))
      .orderBy(desc(evaluationReports.month))
      .limit(1);
    return row?.month ?? null;
  }

  /** insertReport: null when that version of the month exists already (another run made it first). */
  async insertReport(values: Omit<ReportRow, 'id'>): Promise<ReportRow | null> {
    const rows = await this.db
      .insert(evaluationReports)
      .values({
        ...values,
        inputs: values.inputs as unknown as Record<string, unknown>,
        results: values.results as unknown as Record<string, unknown>,
      })
      .onConflictDoNothing()
      .returning();
    return (rows[0] as unknown as ReportRow | undefined) ?? null;
  }
}
