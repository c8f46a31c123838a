/** What `pnpm audit:verify` prints and answers: one line per chain, and exit code 1 when any chain is broken. */
import { verifyAuditChains, type ChainReport } from '@qq/db/audit';
import type { DatabaseHandle } from '@qq/db/client';

export function describeReport(r: ChainReport): string {
  if (r.broken) {
    const where = [
      r.broken.id !== null ? `id ${r.broken.id}` : null,
      r.broken.seq !== null ? `place ${r.broken.seq}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    return `BROKEN ${r.table}${where ? ` at ${where}` : ''}: ${r.broken.reason}`;
  }
  return `ok     ${r.table}: ${r.rows} rows${r.head ? `, head ${r.head.seq} ${r.head.hash.slice(0, 16)}…` : ''}`;
}

/** Verifies every chain of the database and prints the outcome; returns the exit code. */
export async function auditVerify(
  handle: DatabaseHandle,
  options: { json?: boolean; print?: (line: string) => void } = {},
): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const reports = await verifyAuditChains(handle.connect({ max: 1 }));
  const broken = reports.filter((r) => r.broken).length;
  if (options.json) print(JSON.stringify(reports, null, 2));
  else {
    for (const r of reports) print(describeReport(r));
    print(
      broken
        ? `${broken} of ${reports.length} chains broken.`
        : `All ${reports.length} chains hold (${reports.reduce((n, r) => n + r.rows, 0)} rows).`,
    );
  }
  return broken ? 1 : 0;
}
