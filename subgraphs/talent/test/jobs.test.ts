/**
 * The scheduled checks, run with the kit's `runJobOnce` at a given instant: postings past their last day are expired
 * with an event and their enterprise told, once; a published posting not updated for 90 days is stale (visible per
 * county to 人社局, reminded once per version) until it is updated.
 */
import type { Database } from '@qq/db/client';
import { jobPostings, jobRuns, outbox } from '@qq/db/schema/talent';
import { addDays, chinaDay, runJobOnce } from '@qq/kit';
import { createTestDatabase, type TestDatabase } from '@qq/kit/testing';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../src/domain.ts';
import { createServer, expirePostings, remindStalePostings } from '../src/index.ts';
import { A, B, makePosting, tokens, type Tokens } from './fixtures.ts';
import { expectError, ok, runner } from './helpers.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;
let t: Tokens;
const run = runner(() => server);

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  t = await tokens();
  server = createServer({ db: await db.connectAs('talent') });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

async function messages(prefix: string) {
  return conn
    .select()
    .from(outbox)
    .where(like(outbox.idempotencyKey, `${prefix}%`))
    .orderBy(asc(outbox.id));
}

const COUNTS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on County { openPositionCount openJobPostingCount } } }`;

describe('talent.expirePostings', () => {
  it('expires what is past its last day, records the step, tells the enterprise, and does it once', async () => {
    const now = new Date();
    const today = chinaDay(now);
    const past = await makePosting(conn, {
      enterpriseCode: A.creditCode,
      countyCode: '410422',
      status: 'PUBLISHED',
      headcount: 3,
      expiresOn: addDays(today, -1),
    });
    const lastDay = await makePosting(conn, {
      enterpriseCode: A.creditCode,
      countyCode: '410422',
      status: 'PUBLISHED',
      headcount: 2,
      expiresOn: today,
    });
    const closed = await makePosting(conn, {
      enterpriseCode: A.creditCode,
      countyCode: '410422',
      status: 'CLOSED',
      expiresOn: addDays(today, -1),
    });
    // Past its day, a posting no longer counts as open even before the job runs.
    const r = [{ __typename: 'County', code: '410422' }];
    expect(ok(await run(undefined, COUNTS, { r }))._entities[0]).toEqual({
      openPositionCount: 2,
      openJobPostingCount: 1,
    });

    const outcome = await runJobOnce(conn, jobRuns, expirePostings, now);
    expect(outcome).toMatchObject({ ran: true, result: { jobPostings: 1 } });
    const q = `query($id: ID!) { jobPosting(id: $id) { status expiredAt availableActions events { action actorRole toStatus note } } }`;
    const expired = ok(await run(t.enterpriseA, q, { id: past.id })).jobPosting;
    expect(expired).toMatchObject({ status: 'EXPIRED', availableActions: ['UPDATE', 'REOPEN', 'WITHDRAW'] });
    expect(expired.expiredAt).toBe(now.toISOString());
    expect(expired.events.at(-1)).toEqual({
      action: 'EXPIRE',
      actorRole: 'system',
      toStatus: 'EXPIRED',
      note: `招聘截止${addDays(today, -1)}`,
    });
    for (const id of [lastDay.id, closed.id]) {
      const [row] = await conn.select().from(jobPostings).where(eq(jobPostings.id, id));
      expect(row!.status).not.toBe('EXPIRED');
    }
    const sent = await messages(`jobPosting.expired:inbox:${past.id}:`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({ to: { enterprise: A.creditCode } });

    // The same slot again does nothing; a forced rerun finds nothing to expire and sends nothing twice.
    expect((await runJobOnce(conn, jobRuns, expirePostings, now)).ran).toBe(false);
    expect((await runJobOnce(conn, jobRuns, expirePostings, now, { force: true })).result).toEqual({ jobPostings: 0 });
    expect(await messages(`jobPosting.expired:inbox:${past.id}:`)).toHaveLength(1);

    // The enterprise reopens it with a new last day (required: the old one has passed).
    const reopen = `mutation($id: ID!, $d: String) { reopenJobPosting(id: $id, expiresOn: $d) { status expiresOn version } }`;
    expectError(await run(t.enterpriseA, reopen, { id: past.id }), 'BAD_USER_INPUT', 'expiresOn');
    const again = ok(await run(t.enterpriseA, reopen, { id: past.id, d: addDays(today, 30) })).reopenJobPosting;
    expect(again).toEqual({ status: 'PUBLISHED', expiresOn: addDays(today, 30), version: 2 });
  });
});

describe('staleness', () => {
  it('shows each county what it has not updated for 90 days, reminds once per version, and clears on update', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 100 * DAY_MS);
    const stale = await makePosting(conn, {
      enterpriseCode: B.creditCode,
      countyCode: '410425',
      status: 'PUBLISHED',
      revisedAt: old,
      expiresOn: addDays(chinaDay(now), 60),
    });
    const fresh = await makePosting(conn, {
      enterpriseCode: B.creditCode,
      countyCode: '410425',
      status: 'PUBLISHED',
      revisedAt: now,
      expiresOn: addDays(chinaDay(now), 60),
    });
    const q = `query($c: String) { jobPostings(first: 100, filter: { stale: true, countyCode: $c }) { totalCount nodes { id stale revisedAt } } }`;
    const ids = async (token: string | undefined, c?: string) =>
      ok(await run(token, q, { c })).jobPostings.nodes.map((n: { id: string }) => n.id);
    expect(await ids(t.cityStaff, '410425')).toContain(stale.id);
    expect(await ids(t.cityStaff, '410425')).not.toContain(fresh.id);
    const one = ok(await run(t.cityStaff, `query($id: ID!) { jobPosting(id: $id) { stale } }`, { id: stale.id }));
    expect(one.jobPosting.stale).toBe(true);

    const outcome = await runJobOnce(conn, jobRuns, remindStalePostings, now);
    expect((outcome.result as { jobPostings: number }).jobPostings).toBeGreaterThanOrEqual(1);
    await runJobOnce(conn, jobRuns, remindStalePostings, new Date(now.getTime() + DAY_MS));
    const reminded = await messages(`jobPosting.stale:inbox:${stale.id}:`);
    expect(reminded.map((m) => m.idempotencyKey)).toEqual([`jobPosting.stale:inbox:${stale.id}:v1`]);
    expect(await messages(`jobPosting.stale:inbox:${fresh.id}:`)).toEqual([]);

    // 人社局's correction is a new version: no longer stale.
    ok(
      await run(t.cityStaff, `mutation($id: ID!) { updateJobPosting(id: $id, input: { headcount: 9 }) { stale } }`, {
        id: stale.id,
      }),
    );
    expect(await ids(t.cityStaff, '410425')).not.toContain(stale.id);
  });
});
