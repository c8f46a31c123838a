/**
 * The demo matters as the clock's jobs leave them by the demo's anchor (2026-11-26 17:00 China time): overdue
 * matters escalated at every level, resolved ones closed after their quiet period, and the jobs themselves, run on
 * the anchor day, finding nothing left to do.
 */
import type { Database } from '@qq/db/client';
import { jobRuns, matterEscalations, matterEvents, matters } from '@qq/db/schema/complaints';
import { demoEnterprises } from '@qq/db/seed';
import { runJobOnce } from '@qq/kit';
import { createTestDatabase, execute, tokenFor, type TestDatabase } from '@qq/kit/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedComplaints } from '../../../db/src/seed/complaints.ts';
import { CLOCK_PROFILES, createServer } from '../src/index.ts';
import { clockConfigOf } from '../src/clock.ts';
import { closeQuietJob, escalateJob } from '../src/jobs.ts';

let db: TestDatabase;
let conn: Database;
let server: ReturnType<typeof createServer>;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = db.connect();
  await conn.transaction(async (tx) => seedComplaints(tx as unknown as Database, demoEnterprises(300, 8000)));
  server = createServer({ db: await db.connectAs('complaints') });
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('demo matters and the clock', () => {
  it('has overdue matters escalated at every level, each level an event, and matters closed by silence', async () => {
    const levels = await conn
      .select({ level: matterEscalations.level, n: sql<number>`count(*)::int` })
      .from(matterEscalations)
      .groupBy(matterEscalations.level)
      .orderBy(matterEscalations.level);
    expect(levels.map((l) => l.level)).toEqual([1, 2, 3]);
    expect(levels.every((l) => l.n > 0)).toBe(true);
    // Each level needs the one below it.
    expect(levels[0]!.n).toBeGreaterThanOrEqual(levels[1]!.n);
    expect(levels[1]!.n).toBeGreaterThanOrEqual(levels[2]!.n);
    const [escalateEvents] = await conn
      .select({ n: sql<number>`count(*)::int` })
      .from(matterEvents)
      .where(eq(matterEvents.action, 'ESCALATE'));
    expect(escalateEvents!.n).toBe(levels.reduce((s, l) => s + l.n, 0));
    const closed = await conn.select({ closedAt: matters.closedAt }).from(matters).where(eq(matters.status, 'CLOSED'));
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((m) => m.closedAt !== null)).toBe(true);

    // Staff of 发改委 of the city see them in the inbox: overdue ones, and the escalations of one.
    const token = await tokenFor({ sub: 'ndrc-city', role: 'staff', dept: 'ndrc', county: '410400' });
    const res = await execute<{
      matterInbox: { totalCount: number; nodes: Array<{ escalations: Array<{ level: string }> }> };
    }>(
      server,
      `{ matterInbox(filter: { overdue: true }, first: 100) { totalCount nodes { escalations { level } } } }`,
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.matterInbox.totalCount).toBeGreaterThan(0);
    const seen = new Set(res.data!.matterInbox.nodes.flatMap((n) => n.escalations.map((e) => e.level)));
    expect(seen).toEqual(new Set(['REMINDER', 'ASSIGNMENT_NOTICE', 'SUPERVISION_LETTER']));
  });

  it('leaves the jobs nothing to do on the anchor day: the replay is what they would have done', async () => {
    const clock = clockConfigOf(CLOCK_PROFILES['13710']);
    const close = await runJobOnce(conn, jobRuns, closeQuietJob(clock), new Date('2026-11-26T00:30:00+08:00'));
    expect(close.result).toEqual({ closed: 0 });
    const ladder = await runJobOnce(
      conn,
      jobRuns,
      escalateJob({ gaps: [2, 3] }),
      new Date('2026-11-26T09:00:00+08:00'),
    );
    expect(ladder.result).toEqual({ 1: 0, 2: 0, 3: 0 });
    // The next working day the ladder moves on.
    const next = await runJobOnce(conn, jobRuns, escalateJob({ gaps: [2, 3] }), new Date('2026-11-27T09:00:00+08:00'));
    const taken = next.result as Record<string, number>;
    expect(taken[1]! + taken[2]! + taken[3]!).toBeGreaterThan(0);
  });
});
