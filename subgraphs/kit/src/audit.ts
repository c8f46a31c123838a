/**
 * The daily record of every hash chain's head (`db/src/audit.ts`): each subgraph's worker runs
 * `<subgraph>.audit-heads` once a day (at 00:20, and when it starts if the day has no record yet) and its ledger row
 * (`job_runs.result`) keeps the last place and hash of each of its chained tables. `pnpm audit:verify` checks that every recorded head is still in its chain, so a cut tail or a
 * chain rewritten from the start is found as well as a changed row. The run also logs the heads as one line, for a
 * copy kept outside the database.
 */
import { chainHeads, HEADS_JOB } from '@qq/db/audit';
import { daySlot, defineJob, type ScheduledJob } from './jobs.ts';

export function auditHeadsJob(subgraph: string): ScheduledJob {
  return defineJob({
    name: `${subgraph}.${HEADS_JOB}`,
    description: 'Records the head (last place and hash) of every hash-chained table of the subgraph, once a day.',
    cron: '20 0 * * *',
    slot: daySlot,
    run: async ({ db, now }) => {
      const heads = await chainHeads(db, subgraph);
      if (process.env.NODE_ENV !== 'test') {
        console.log(JSON.stringify({ audit: 'heads', subgraph, day: daySlot(now), heads }));
      }
      return { recordedAt: now.toISOString(), heads };
    },
  });
}
